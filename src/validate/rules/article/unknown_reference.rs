//! `unknown-reference`: a reference to an entity, fact, article or field
//! that does not exist, or to a fact of the wrong kind.

use super::ArticleContext;
use crate::model::{Fact, FactKind, FactRefSite};
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Facts refer to entities of the registry, to other facts of their
    /// article (`about_facts`, `according_to`), to the originals the
    /// article rewrites (a statement's `original`, one of the article's
    /// `derived_from`) and, through `inferred`, to their own fields; the
    /// registry cites facts as `article#fact`. A reference that resolves
    /// to nothing, or to a fact of the wrong kind (an `according_to` that
    /// is not a statement), leaves the data saying something it cannot
    /// back. Within an article this rule runs on the
    /// typed article; references into the registry and across articles are
    /// checked against the compact index.
    id: "unknown-reference",
    severity: Error,
    summary: "A reference to an entity, fact, article or field that does not exist, or to a fact of the wrong kind.",
    hint: "Use an id that exists (entities live in data/entities.json; facts are referred to by their id in the same article), or add the missing entity.",
    fixture: include_str!("unknown_reference.fixture.json"),
}

/// A reference to an entity missing from the registry; `closest` is a
/// registry id that looks like the one written.
pub fn no_entity(pointer: String, id: &str, closest: Option<&str>) -> Draft {
    let hint = match closest {
        Some(n) => format!("Did you mean `{n}`? Otherwise add the entity to entities.json."),
        None => "Add the entity to entities.json, or use the id of an existing one.".to_owned(),
    };
    Draft::new(
        Rule::UnknownReference,
        pointer,
        format!("no entity `{id}` in the registry"),
    )
    .hint(hint)
}

/// A registry position citing `article#fact` that does not resolve to a
/// `position_held` fact, or `None` when it does (or cannot be known).
pub fn stated_in(
    pointer: String,
    article: &str,
    fact: &str,
    article_exists: bool,
    fact_kind: Option<FactKind>,
    incomplete: bool,
) -> Option<Draft> {
    let message = match (article_exists, fact_kind) {
        (false, _) if incomplete => return None,
        (false, _) => format!("no article `{article}`"),
        (true, None) => format!("article `{article}` has no fact `{fact}`"),
        (true, Some(FactKind::PositionHeld)) => return None,
        (true, Some(kind)) => {
            format!("`{article}#{fact}` is a {kind} fact, not a position_held fact")
        }
    };
    Some(Draft::new(Rule::UnknownReference, pointer, message))
}

/// Fact references, origins and inferred paths within the article.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    let article = ctx.article;
    let origins: foldhash::HashSet<&str> =
        article.derived_from.iter().map(|o| o.id.as_str()).collect();
    for (i, fact) in article.facts.iter().enumerate() {
        if let Fact::Statement(s) = fact {
            if let Some(part) = s.original.as_ref() {
                if !origins.contains(part.origin.as_str()) {
                    out.push(
                        Draft::new(
                            Rule::UnknownReference,
                            format!("/facts/{i}/original/origin"),
                            format!("no origin `{}` in this article's `derived_from`", part.origin),
                        )
                        .hint("Describe the original in the article's `derived_from` (id, issuer, kind, date), or name one that is there."),
                    );
                }
            }
        }
        // Pointers are formatted only for a finding.
        let pointer = |site: FactRefSite| format!("/facts/{i}{}", site.pointer());
        for (site, id) in fact.fact_refs() {
            match ctx.fact_ids.get(id.as_str()) {
                None => out.push(
                    Draft::new(
                        Rule::UnknownReference,
                        pointer(site),
                        format!("no fact `{id}` in this article"),
                    )
                    .hint(format!(
                        "Refer to a fact of the same article by its id; ids here: {}.",
                        crate::validate::finding::list_capped(
                            article.facts.iter().map(|f| f.id().as_str()),
                            article.facts.len(),
                            crate::validate::finding::HINT_LIST_MAX,
                        )
                    )),
                ),
                Some(&target)
                    if site == FactRefSite::AccordingTo
                        && article.facts[target].kind() != FactKind::Statement =>
                {
                    out.push(Draft::new(
                        Rule::UnknownReference,
                        pointer(site),
                        format!(
                            "`according_to` names `{id}`, a {} fact, not a statement",
                            article.facts[target].kind()
                        ),
                    ).hint("`according_to` names the statement fact in which the article reports this fact."));
                }
                Some(_) => {}
            }
        }
        check_inferred_paths(fact, i, out);
    }
}

fn check_inferred_paths(fact: &Fact, i: usize, out: &mut Vec<Draft>) {
    if fact.inferred().is_empty() {
        return;
    }
    // Only facts with inferences pay for the JSON form they are resolved in.
    let value = serde_json::to_value(fact).unwrap_or_default();
    for (j, inference) in fact.inferred().iter().enumerate() {
        let resolves = inference.path.starts_with('/') && value.pointer(&inference.path).is_some();
        if !resolves {
            out.push(
                Draft::new(
                    Rule::UnknownReference,
                    format!("/facts/{i}/inferred/{j}/path"),
                    format!("`{}` does not point at a field of this fact", inference.path),
                )
                .hint("Write a JSON Pointer relative to the fact, e.g. `/round`, `/participants/0` or `/date`."),
            );
        }
    }
}
