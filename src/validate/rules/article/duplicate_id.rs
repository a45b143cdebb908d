//! `duplicate-id`: an article, fact or entity id used twice.

use super::ArticleContext;
use crate::model::EntitiesFile;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Ids are how everything else refers to a record: facts cite facts by
    /// id, the registry cites facts by `article#fact`, and the exports'
    /// keys are built from ids. A repeated id makes every reference to it
    /// ambiguous, so the second use is an error. Fact ids and the ids of
    /// the originals an article rewrites are unique within their article;
    /// article and entity ids across the corpus, for ever.
    id: "duplicate-id",
    severity: Error,
    summary: "An article, fact or entity id is used twice.",
    hint: "Give each entity and article a unique id, and each fact an id unique within its article. Ids are never reused.",
    fixture: include_str!("duplicate_id.fixture.json"),
}

/// What a second use of an id says when the first is in another file.
pub fn message(what: &str, id: &str, first: &str) -> String {
    format!("{what} id `{id}` is already used by {first}")
}

/// What a second use of an id says when the first is in the same file,
/// shown beside it.
pub fn message_here(what: &str, id: &str) -> String {
    format!("{what} id `{id}` is already used")
}

/// The label of the first use.
pub const FIRST_USE: &str = "first used here";

/// The hint for a repeated id of `what`.
pub fn hint(what: &str) -> &'static str {
    match what {
        "fact" => "Give each fact an id unique within its article.",
        "article" => "Article ids are never reused: choose a new id (and file name).",
        "origin" => "Describe each original once in `derived_from`; its statements name it by id.",
        _ => "Entity ids are never reused: choose a new id, and point the references meant for this entity at it.",
    }
}

/// Fact ids and origin ids within the article.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    repeats(
        "derived_from",
        "origin",
        ctx.article.derived_from.iter().map(|o| o.id.as_str()),
        out,
    );
    for (i, fact) in ctx.article.facts.iter().enumerate() {
        let first = ctx.fact_ids[fact.id().as_str()];
        if first != i {
            out.push(
                Draft::new(
                    Rule::DuplicateId,
                    format!("/facts/{i}/id"),
                    message_here("fact", fact.id()),
                )
                .related(format!("/facts/{first}/id"), FIRST_USE)
                .hint(hint("fact")),
            );
        }
    }
}

/// Entity ids within the registry.
pub fn check_entities(file: &EntitiesFile, out: &mut Vec<Draft>) {
    repeats(
        "entities",
        "entity",
        file.entities.iter().map(|e| e.id.as_str()),
        out,
    );
}

/// Every id of the list at `/<list>` that repeats an earlier one, beside
/// its first use.
fn repeats<'a>(list: &str, what: &str, ids: impl Iterator<Item = &'a str>, out: &mut Vec<Draft>) {
    let mut first_of = foldhash::HashMap::default();
    for (i, id) in ids.enumerate() {
        match first_of.get(id) {
            Some(&first) => out.push(
                Draft::new(
                    Rule::DuplicateId,
                    format!("/{list}/{i}/id"),
                    message_here(what, id),
                )
                .related(format!("/{list}/{first}/id"), FIRST_USE)
                .hint(hint(what)),
            ),
            None => {
                first_of.insert(id, i);
            }
        }
    }
}
