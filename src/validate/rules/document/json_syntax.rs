//! `json-syntax`: bytes that are not a JSON document we can read (invalid
//! UTF-8, a byte order mark, a syntax error, a number out of range, a
//! duplicate key), each with its exact position. The check is the parse
//! every document goes through.

use crate::validate::scan;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// A data file must be UTF-8 JSON without a byte order mark, every key
    /// once per object. A duplicate key is an error although JSON parsers
    /// accept it: they keep one of the values silently, so the file would
    /// say two things and the data only one. Numbers must fit their type
    /// (`1e400`, `NaN` and integers beyond 64 bits are refused), and nothing
    /// else is checked until the file parses.
    id: "json-syntax",
    severity: Error,
    summary: "The file is not valid JSON: a syntax error, invalid UTF-8, a byte order mark, a duplicate object key, or a number out of range.",
    hint: "Fix the JSON at the position given. Save files as UTF-8 without a byte order mark; each key may appear once per object.",
    fixture: include_str!("json_syntax.fixture.json"),
}

/// The bytes as text when they are UTF-8 without a byte order mark.
pub fn plain_text(bytes: &[u8]) -> Option<&str> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return None;
    }
    simdutf8::basic::from_utf8(bytes).ok()
}

/// The parsed document, or the syntax findings that stop any further check.
/// Nesting deeper than `max_depth` is refused before parsing.
pub fn parse(bytes: &[u8], max_depth: usize) -> Result<(&str, serde_json::Value), Vec<Draft>> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(vec![Draft::at_offset(
            Rule::JsonSyntax,
            0,
            "the file starts with a UTF-8 byte order mark (U+FEFF)",
        )
        .hint("Save the file as UTF-8 without a byte order mark (`astana-corpus fmt` cannot fix a file that does not parse).")]);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            return Err(vec![Draft::at_offset(
                Rule::JsonSyntax,
                e.valid_up_to(),
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            )
            .hint("Data files must be UTF-8. Re-save the file as UTF-8; check the text around this position for characters pasted from another encoding.")]);
        }
    };
    if let Some(offset) = too_deep(bytes, max_depth) {
        return Err(vec![super::limit_exceeded::too_deep(offset, max_depth)]);
    }
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let offset = offset_of(text, e.line(), e.column());
            let message = e.to_string();
            // serde_json appends " at line L column C"; the finding has its own position.
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_owned(),
                None => message,
            };
            return Err(vec![Draft::at_offset(Rule::JsonSyntax, offset, message)]);
        }
    };
    let duplicates = scan::duplicate_keys(text);
    if !duplicates.is_empty() {
        return Err(duplicates
            .into_iter()
            .map(|d| {
                let mut draft = Draft::at_offset(
                    Rule::JsonSyntax,
                    d.offset,
                    format!("duplicate key `{}` in the object at `{}`", d.key, display_pointer(&d.object)),
                )
                .hint("Each key may appear once per object: JSON readers keep only one of the values, silently. Remove or rename the repetition.");
                draft.pointer = format!("{}/{}", d.object, scan::escape_token(&d.key));
                draft
            })
            .collect());
    }
    Ok((text, value))
}

/// The offset of the first bracket that nests deeper than `max_depth`,
/// scanning bytes (strings skipped) without parsing.
fn too_deep(bytes: &[u8], max_depth: usize) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max_depth {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The pointer as shown in messages: `/` for the whole document.
pub fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "/"
    } else {
        pointer
    }
}

/// The byte offset of serde_json's 1-based line and column (column counts
/// bytes; 0 means "before the first character of the line").
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    (line_start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_message(bytes: &[u8]) -> (usize, String) {
        let errs = parse(bytes, 64).unwrap_err();
        assert!(errs.iter().all(|d| d.rule == Rule::JsonSyntax));
        (errs[0].offset.unwrap(), errs[0].message.clone())
    }

    #[test]
    fn reports_each_kind_of_bad_input_with_its_offset() {
        assert_eq!(rule_message(b"\xEF\xBB\xBF{}").0, 0);
        assert_eq!(rule_message(b"{\"a\": \"\xFF\"}").0, 7);
        let (offset, message) = rule_message(b"{\n  \"a\": 1,\n}");
        assert_eq!(offset, 12, "{message}");
        assert!(message.contains("trailing comma"), "{message}");
        assert!(rule_message(b"{\"a\": 1e400}")
            .1
            .contains("number out of range"));
        assert!(rule_message(b"{\"a\": NaN}").1.contains("expected value"));
        assert!(rule_message(b"").1.contains("EOF"));
        let (offset, message) = rule_message(b"{\"a\": 1, \"a\": 2}");
        assert_eq!(offset, 9);
        assert!(message.contains("duplicate key `a`"));
    }

    #[test]
    fn accepts_plain_json() {
        assert!(parse(b"{\"a\": [1, 2]}", 64).is_ok());
    }

    #[test]
    fn refuses_deep_nesting_before_parsing() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let errs = parse(deep.as_bytes(), 64).unwrap_err();
        assert_eq!(errs[0].rule, Rule::LimitExceeded);
        assert_eq!(errs[0].offset, Some(64));
        // Brackets inside strings do not count.
        let quoted = format!("{{\"a\": \"{}\\\"{}\"}}", "[".repeat(100), "{".repeat(100));
        assert!(parse(quoted.as_bytes(), 2).is_ok(), "{quoted}");
    }
}
