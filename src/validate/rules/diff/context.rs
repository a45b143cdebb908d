//! Rules between two versions of the data, run by `astana-corpus diff
//! --check OLD NEW` (for CI on a pull request against the last release),
//! not by `validate`. Each rule's fixture patches the base corpus into the
//! NEW version; the base itself is OLD.

/// What a rule between two versions sees.
pub(crate) struct DiffContext<'a> {
    /// Each record of the old version, as (its sort, its id), that the new
    /// version does not have.
    pub(crate) removed: &'a [(&'a str, String)],
    /// The new version's `retired.json`, as the findings name it.
    pub(crate) retired_file: &'a str,
}
