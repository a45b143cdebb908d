//! `role-entity-kind`: an entity whose kind cannot hold its role or field.

use crate::model::EntityKind;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Each meeting role and each referring field takes entities of certain
    /// kinds (the tables are in the model: `Role::holder_kinds`,
    /// `EntityField::kinds`, printed in the codebook). A person as a
    /// guarantor or a state as a venue is a wrong reference or a wrong
    /// kind in the registry.
    id: "role-entity-kind",
    severity: Error,
    summary: "An entity whose kind cannot hold the role or field it is used in (a person as guarantor, a state as venue).",
    hint: "Refer to an entity of a kind the role allows (see the codebook), or correct the entity's kind.",
    fixture: include_str!("role_entity_kind.fixture.json"),
}

/// Reported only while references are resolved (`reference`), where the
/// entity's kind and the role or field it is used in are at hand.
pub(crate) struct Check;

impl super::CrossRule for Check {}

/// A reference to entity `id` of `kind`, used as `what` (a role or a
/// field), which takes the `allowed` kinds when restricted.
pub(crate) fn reference(
    pointer: &dyn Fn() -> String,
    id: &str,
    kind: EntityKind,
    what: &str,
    allowed: Option<&'static [EntityKind]>,
    out: &mut Vec<Draft>,
) {
    let Some(allowed) = allowed else { return };
    if allowed.contains(&kind) {
        return;
    }
    let names: Vec<&str> = allowed.iter().map(|k| k.as_str()).collect();
    out.push(
        Draft::new(
            Rule::RoleEntityKind,
            pointer(),
            format!("`{id}` is a {kind}, which cannot be {}", article_for(what)),
        )
        .hint(format!(
            "{what} takes an entity of kind {}.",
            names.join(", ")
        )),
    );
}

fn article_for(what: &str) -> String {
    match what {
        "host" | "guarantor" | "party" | "observer" | "mediator" => format!("a {what}"),
        other => format!("the `{other}`"),
    }
}
