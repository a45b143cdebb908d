//! The dataset manifest, `data/manifest.json`.

use serde::{Deserialize, Serialize};

/// What the dataset is, which version it is, and under which terms it may be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Relative path from this file to its JSON Schema, for editors.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The version of the data contract this file follows.
    pub schema_version: u32,
    /// Machine name of the dataset.
    pub name: String,
    /// Human title of the dataset.
    pub title: String,
    /// The dataset version. It equals the crate version: MAJOR when records
    /// change meaning or disappear, MINOR for additions, PATCH for
    /// re-serialisation.
    pub version: String,
    /// The day this version was released, `YYYY-MM-DD`; absent between
    /// releases. The release archive's file times, Croissant's
    /// `datePublished` and CITATION.cff's `date-released` come from it,
    /// never from the clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<super::PartialDate>,
    /// What the dataset contains.
    pub description: String,
    /// The terms under which code, annotations and article texts may be used.
    pub licenses: Licenses,
}

/// Licences of the three parts of the dataset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Licenses {
    /// SPDX expression for the code.
    pub code: String,
    /// SPDX expression for the annotations: facts, entities, notes.
    pub annotations: String,
    /// The status of the article texts, which belong to their publishers.
    pub article_texts: String,
}
