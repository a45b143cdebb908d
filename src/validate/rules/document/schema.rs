//! `schema`: what the generated JSON Schema rejects, and a `$schema` that
//! does not point at it.

use crate::schema::DocumentKind;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// The JSON Schema in `schema/` is generated from the Rust types, so it
    /// is the data contract: required fields, no unknown fields (a typo must
    /// not pass silently), types, enumerations and the forms of ids and
    /// codes. Valid documents take a fast path straight into the types; the
    /// schema validator only explains the documents that fail it, at the
    /// value that fails. `$schema` must be the relative path from the file
    /// to its schema, so that editors complete and check as you type.
    id: "schema",
    severity: Error,
    summary: "The generated JSON Schema rejects the document: a missing or unknown field, a wrong type, or a value of the wrong form.",
    hint: "Compare the field with schema/ (or docs/codebook.md); editors that read `$schema` show the allowed fields as you type.",
    fixture: include_str!("schema.fixture.json"),
}

/// `$schema` must point at the schema of the file's kind, relative to the
/// file, so that editors find it.
pub fn check_pointer(file: &str, kind: DocumentKind, actual: &str, out: &mut Vec<Draft>) {
    let depth = file.split('/').count();
    let expected = format!("{}schema/{}", "../".repeat(depth), kind.schema_file());
    if actual != expected {
        out.push(
            Draft::new(
                Rule::Schema,
                "/$schema",
                format!("`$schema` is \"{actual}\""),
            )
            .hint(format!(
                "Write \"$schema\": \"{expected}\", the path from this file to its schema."
            )),
        );
    }
}
