//! Retired ids, `data/retired.json`: every article, fact, entity and
//! meeting that was removed or replaced, so that a removal is explained and
//! an id is never used again for something else.

use serde::{Deserialize, Serialize};

/// The list of retired ids.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RetiredFile {
    /// Relative path from this file to its JSON Schema, for editors.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The version of the data contract this file follows.
    pub schema_version: u32,
    /// Each retired id once, oldest first.
    pub retired: Vec<Retirement>,
}

/// One record that was removed or replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Retirement {
    /// What sort of record it was.
    pub record: RecordKind,
    /// Its id as the exports write it: an article id, a fact's
    /// `<article id>#<fact id>`, an entity id, or a meeting's
    /// `<series>#round-<n>` / `<series>#key-<meeting_key>`.
    pub id: String,
    /// The dataset version in which it was retired (the first version
    /// without it).
    pub version: String,
    /// Why it was retired.
    pub reason: RetirementReason,
    /// The record that replaces it, if one does (same sort of record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// What happened, for a reader who finds the old id in older work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

vocabulary! {
    /// The sort of a retired record.
    pub enum RecordKind {
        /// An article (`id`: the article id).
        Article = "article",
        /// A fact (`id`: `<article id>#<fact id>`).
        Fact = "fact",
        /// An entity of the registry.
        Entity = "entity",
        /// A meeting merged across articles (`id`: its meeting id).
        Meeting = "meeting",
    }
}

vocabulary! {
    /// Why a record was retired.
    pub enum RetirementReason {
        /// The outlet withdrew the article.
        WithdrawnByOutlet = "withdrawn_by_outlet",
        /// The record was one thing recorded twice; `replaced_by` names the
        /// one kept.
        MergedInto = "merged_into",
        /// The record stated something the article does not state.
        AnnotationError = "annotation_error",
        /// A better record replaces it (a new format can say more);
        /// `replaced_by` names it when there is one.
        Superseded = "superseded",
    }
}
