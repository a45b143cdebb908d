//! Rules on a file's bytes and form, checked by the pipeline every file
//! goes through: reading it (`limit-exceeded`, `unexpected-entry`),
//! parsing it (`json-syntax`), its version, the JSON Schema (`schema`,
//! `evidence-missing`) and the text of every string (`text-not-nfc`,
//! `text-control-char`). Each file holds the rule's declaration, messages
//! and the decisions that are its own.

pub mod evidence_missing;
pub mod json_syntax;
pub mod limit_exceeded;
pub mod schema;
pub mod text_control_char;
pub mod text_not_nfc;
pub mod unexpected_entry;
pub mod unsupported_version;
