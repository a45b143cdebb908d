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
    /// re-serialisation. A Semantic Versioning 2.0 version
    /// (`MAJOR.MINOR.PATCH`, with an optional `-pre-release` and
    /// `+build`): it becomes the name of the release archive and of its
    /// folder, so nothing else is accepted.
    #[cfg_attr(
        feature = "schema",
        schemars(regex(
            pattern = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$"
        ))
    )]
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

/// Whether `version` is a Semantic Versioning 2.0 version, as the
/// manifest's `version` must be: `MAJOR.MINOR.PATCH` without leading
/// zeros, then optional dot-separated `-pre-release` and `+build`
/// identifiers of ASCII letters, digits and `-`. Such a version is safe as
/// part of a file name: no separator, no control character, no `..`.
pub fn is_valid_version(version: &str) -> bool {
    let (rest, build) = match version.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (version, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let number = |n: &str| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (n == "0" || !n.starts_with('0'))
    };
    let identifiers = |s: &str| {
        s.split('.')
            .all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| number(p))
        && pre.is_none_or(identifiers)
        && build.is_none_or(identifiers)
}

#[cfg(test)]
mod tests {
    use super::is_valid_version;

    #[test]
    fn versions_are_semantic_versions_and_nothing_else() {
        for ok in ["0.3.0", "1.0.0-rc.1", "10.20.30+build.5", "1.0.0-x-y.z+a-b"] {
            assert!(is_valid_version(ok), "{ok}");
        }
        for bad in [
            "",
            "0.3",
            "0.3.0.1",
            "01.0.0",
            "0.3.0\n::error::x",
            "../0.3.0",
            "0.3.0/x",
            "0.3.0-",
            "0.3.0+",
            "0.3.0-a..b",
            "0.3.0 ",
            "٠.٣.٠",
            "0.3.0-é",
        ] {
            assert!(!is_valid_version(bad), "{bad:?}");
        }
    }
}
