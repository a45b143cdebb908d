//! `unsupported-version`: a `schema_version` this tool does not read.

use crate::model::{MIGRATES_FROM_VERSION, SCHEMA_VERSION};
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Every data file says which version of the format it follows. A file
    /// of another version is not checked against this version's rules,
    /// which would only report noise; the finding says which version the
    /// tool reads and, for an older file, how to upgrade it: `astana-corpus
    /// migrate` rewrites files of formats 1 and 2 as format 3 and lists
    /// what it changed.
    id: "unsupported-version",
    severity: Error,
    summary: "The file's `schema_version` is one this tool does not read.",
    hint: "For schema_version 1 or 2, run `astana-corpus migrate` on the file or data folder to upgrade it in place; for a newer version, use the astana-corpus release that matches the file.",
    fixture: include_str!("unsupported_version.fixture.json"),
}

/// The document's version, when it is one this tool does not read.
pub fn check(document: &serde_json::Value) -> Option<Draft> {
    let version = document.get("schema_version")?;
    if version.as_u64() == Some(u64::from(SCHEMA_VERSION)) {
        return None;
    }
    let draft = Draft::new(
        Rule::UnsupportedVersion,
        "/schema_version",
        format!("schema_version {version} is not supported: this tool reads schema_version {SCHEMA_VERSION}"),
    );
    Some(
        if version
            .as_u64()
            .is_some_and(|v| (u64::from(MIGRATES_FROM_VERSION)..u64::from(SCHEMA_VERSION)).contains(&v))
        {
            draft.hint(format!("Run `astana-corpus migrate` on this file (or its data folder) to upgrade it to schema_version {SCHEMA_VERSION} in place; it says what it changed and what to review."))
        } else {
            draft.hint("Use the astana-corpus release that matches the file's schema_version.")
        },
    )
}
