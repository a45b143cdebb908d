//! `text-not-nfc` and `text-control-char`: every string value of a
//! document, wherever it sits (bodies, names, summaries, quotes, notes).

use serde_json::Value;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::finding::Draft;
use super::rules::Rule;
use super::scan::escape_token;

/// Checks every string in `document`. Iterative, so nesting depth does not
/// matter.
pub fn check(document: &Value, out: &mut Vec<Draft>) {
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), document)];
    while let Some((pointer, value)) = stack.pop() {
        match value {
            Value::String(s) => check_string(s, &pointer, out),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((format!("{pointer}/{i}"), item));
                }
            }
            Value::Object(map) => {
                let mut members: Vec<_> = map.iter().collect();
                members.reverse();
                for (key, item) in members {
                    stack.push((format!("{pointer}/{}", escape_token(key)), item));
                }
            }
            _ => {}
        }
    }
}

fn check_string(s: &str, pointer: &str, out: &mut Vec<Draft>) {
    let nfc = match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => true,
        _ => s.chars().eq(s.nfc()),
    };
    if !nfc {
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
    // One finding per string: the first offending character, and how many.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(value: Value) -> Vec<(Rule, String)> {
        let mut out = Vec::new();
        check(&value, &mut out);
        out.into_iter().map(|d| (d.rule, d.pointer)).collect()
    }

    #[test]
    fn flags_non_nfc_and_controls_at_their_pointer() {
        let decomposed = "e\u{301}";
        let found = rules(serde_json::json!({
            "ok": "أستانا\nسطر\tثان",
            "a": [decomposed],
            "b": {"c/d": "x\u{202E}y\u{2066}"},
        }));
        assert_eq!(
            found,
            [
                (Rule::TextNotNfc, "/a/0".to_owned()),
                (Rule::TextControlChar, "/b/c~1d".to_owned())
            ]
        );
    }

    #[test]
    fn arabic_harakat_in_nfc_pass() {
        assert!(rules(serde_json::json!("وعُقدت")).is_empty());
    }
}
