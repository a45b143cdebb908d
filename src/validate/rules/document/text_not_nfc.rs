//! `text-not-nfc`: text that is not in Unicode NFC.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

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
    if is_nfc(s) {
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

/// NFC quick-check answer (Yes or not) and canonical combining class of
/// each code point of the Arabic block, U+0600–U+06FF.
pub(crate) fn arabic_table() -> &'static [(bool, u8); 256] {
    static ARABIC: std::sync::OnceLock<[(bool, u8); 256]> = std::sync::OnceLock::new();
    ARABIC.get_or_init(|| {
        let mut table = [(false, 0u8); 256];
        for (i, slot) in table.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(0x600 + i as u32) {
                let yes = matches!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes);
                *slot = (
                    yes,
                    unicode_normalization::char::canonical_combining_class(c),
                );
            }
        }
        table
    })
}

/// Whether `s` is in NFC. Latin and Arabic text is decided from a table of
/// the Arabic block; anything else goes to the library's quick check.
pub(crate) fn is_nfc(s: &str) -> bool {
    match quick_nfc(s) {
        Some(answer) => answer,
        None => match is_nfc_quick(s.chars()) {
            IsNormalized::Yes => true,
            _ => s.chars().eq(s.nfc()),
        },
    }
}

/// `Some(true)` when every character is below U+0300 or a letter or mark of
/// the Arabic block whose quick-check answer is Yes, in canonical order;
/// `None` when the library must decide.
fn quick_nfc(s: &str) -> Option<bool> {
    let table = arabic_table();
    let mut last_class = 0u8;
    for c in s.chars() {
        let code = u32::from(c);
        let (yes, class) = if code < 0x300 {
            (true, 0)
        } else if (0x600..0x700).contains(&code) {
            table[(code - 0x600) as usize]
        } else {
            return None;
        };
        if !yes || (class != 0 && last_class > class) {
            return None;
        }
        last_class = class;
    }
    Some(true)
}
