//! `unused-entity` (warning): an entity that nothing references.

use super::CrossRule;
use super::Index;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Every entity in the registry is there because some fact, article or
    /// other entity refers to it. One that nothing references is usually
    /// left over from an edit, or referenced under a misspelt id. Not
    /// concluded when some article could not be read, since what it
    /// references is unknown.
    id: "unused-entity",
    severity: Warning,
    summary: "An entity in the registry that nothing references.",
    hint: "Remove the entity, or reference it from the facts that concern it.",
    fixture: include_str!("unused_entity.fixture.json"),
}

/// The rule's check of the finished index.
pub(crate) struct Check;

impl CrossRule for Check {
    /// Entities of the registry that no file referenced.
    fn check(index: &Index, out: &mut Vec<(u32, Draft)>) {
        let (Some(registry), Some(registry_file)) = (&index.registry, index.registry_file) else {
            return;
        };
        if index.incomplete {
            return;
        }
        for (i, used) in index.used.iter().enumerate() {
            // A repeated id is a duplicate-id error, not a second entity.
            let first_of_its_id = registry.index(&registry.names[i]) == Some(i as u32);
            if !used && first_of_its_id {
                out.push((
                    registry_file,
                    Draft::new(
                        Rule::UnusedEntity,
                        format!("/entities/{i}"),
                        format!("nothing references entity `{}`", registry.names[i]),
                    ),
                ));
            }
        }
    }
}
