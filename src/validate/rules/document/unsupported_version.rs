//! `unsupported-version`: a `schema_version` this tool does not read.

use crate::model::SCHEMA_VERSION;
use crate::validate::{Draft, Rule};

super::super::declare_rule! {
    /// Every data file says which version of the format it follows. A file
    /// of another version is not checked against this version's rules,
    /// which would only report noise; the finding says which versions the
    /// tool reads.
    id: "unsupported-version",
    severity: Error,
    summary: "The file's `schema_version` is one this tool does not read.",
    hint: "This tool reads schema_version 1. Use the astana-corpus release that matches the file, or migrate the file as CHANGELOG.md describes.",
    fixture: include_str!("unsupported_version.fixture.json"),
}

/// The document's version, when it is one this tool does not read.
pub fn check(document: &serde_json::Value) -> Option<Draft> {
    let version = document.get("schema_version")?;
    (version.as_u64() != Some(u64::from(SCHEMA_VERSION))).then(|| {
        Draft::new(
            Rule::UnsupportedVersion,
            "/schema_version",
            format!("schema_version {version} is not supported: this tool reads schema_version {SCHEMA_VERSION}"),
        )
    })
}
