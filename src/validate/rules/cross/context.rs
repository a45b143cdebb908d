//! What a cross-file rule sees: the compact index of the registry and the
//! articles' summaries (`crate::validate::cross`), never whole documents.

use crate::validate::Draft;

/// The context of the cross-file rules: the finished index.
pub(crate) type CrossContext = crate::validate::cross::Index;

/// A cross-file rule, declared in its file as `pub(crate) struct Check`.
///
/// Its findings come from the finished index ([`CrossRule::check`], run
/// for every rule by the registry), or from the scan of each article's
/// references against the registry, where the reference is at hand (the
/// rule's own functions, called by `crate::validate::cross` as it
/// resolves each reference), or both.
pub(crate) trait CrossRule {
    /// Adds the findings over the finished index, as (file, draft); a rule
    /// that reports only while references are resolved adds nothing here.
    fn check(_index: &CrossContext, _out: &mut Vec<(u32, Draft)>) {}
}
