//! `text-control-char`: control or bidi-override characters in text.

use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Control characters (other than line feed and tab) and bidirectional
    /// embeddings, overrides and isolates make text display differently
    /// from what it is: a quote could look like words the body does not
    /// hold. Right-to-left text needs none of them in the data; renderers
    /// isolate it. One finding per string: the first such character and
    /// how many more.
    id: "text-control-char",
    severity: Error,
    summary: "Text that contains a control character (other than line feed and tab) or a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069).",
    hint: "Remove the character. Right-to-left text needs no directional controls in the data; they can make text display differently from what it is.",
    fixture: include_str!("text_control_char.fixture.json"),
}

/// One string at `pointer`.
pub fn check(s: &str, pointer: &str, out: &mut Vec<Draft>) {
    let mut bad = s.chars().enumerate().filter(|(_, c)| is_forbidden(*c));
    if let Some((at, c)) = bad.next() {
        let more = bad.count();
        let also = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        out.push(Draft::new(
            Rule::TextControlChar,
            pointer,
            format!(
                "U+{:04X} {} at code point {at}{also}",
                u32::from(c),
                char_name(c)
            ),
        ));
    }
}

/// Control characters other than line feed and tab, and the bidirectional
/// embeddings, overrides and isolates, which make text display differently
/// from what it is.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || c == '\u{FEFF}'
}

fn char_name(c: char) -> &'static str {
    match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
        '\r' => "CARRIAGE RETURN",
        '\0' => "NULL",
        _ => "control character",
    }
}
