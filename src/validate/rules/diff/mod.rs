//! Rules between two versions of the data, run by `astana-corpus diff
//! --check OLD NEW` (for CI on a pull request against the last release),
//! not by `validate`. Each rule's fixture patches the base corpus into the
//! NEW version; the base itself is OLD.

pub mod removed_without_retirement;
