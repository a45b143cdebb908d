//! `text-not-nfc`: text that is not in Unicode NFC.

use unicode_normalization::UnicodeNormalization;

use crate::validate::{Draft, Rule};

super::super::declare_rule! {
    /// The same Arabic word can be encoded in more than one sequence of
    /// code points (a letter with a haraka, or the two apart, in another
    /// order). Evidence offsets count code points, and searches compare
    /// them, so all text is kept in Normalization Form C: one encoding per
    /// word. `fmt` normalises; offsets must then be recomputed.
    id: "text-not-nfc",
    severity: Error,
    summary: "Text that is not in Unicode Normalization Form C.",
    hint: "Normalise the text to NFC (`astana-corpus fmt` does), then recompute evidence offsets.",
    fixture: include_str!("text_not_nfc.fixture.json"),
}

/// One string at `pointer`.
pub fn check(s: &str, pointer: &str, out: &mut Vec<Draft>) {
    if crate::validate::text_rules::is_nfc(s) {
        return;
    }
    let at = s
        .chars()
        .zip(s.nfc())
        .position(|(a, b)| a != b)
        .unwrap_or(0);
    out.push(Draft::new(
        Rule::TextNotNfc,
        pointer,
        format!("the text is not in Unicode NFC (first difference at code point {at})"),
    ));
}
