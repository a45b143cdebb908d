//! A small scanner over JSON text that has already parsed: it finds
//! duplicate object keys (which `serde_json::Value` silently drops, last one
//! winning) and maps JSON Pointers back to line and column. It knows JSON,
//! not the rules: callers give it a [`Visitor`].
//!
//! It walks bytes iteratively (no recursion), so deep nesting cannot
//! overflow the stack.

use std::collections::{HashMap, HashSet};

pub use crate::text::LineColumn;

/// Line starts of a text, for turning byte offsets into positions.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The position of a byte offset (clamped to the text, and moved back to
    /// a character boundary).
    pub fn position(&self, byte: usize) -> LineColumn {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= byte);
        let start = self.starts[line - 1];
        LineColumn {
            line,
            column: self.text[start..byte].chars().count() + 1,
        }
    }

    /// Positions of many byte offsets, in one forward sweep over the text:
    /// linear in the text, plus sorting the offsets. Each offset is clamped
    /// and moved back to a character boundary, as in [`LineIndex::position`].
    pub fn positions(&self, offsets: &[usize]) -> Vec<LineColumn> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![LineColumn { line: 1, column: 1 }; offsets.len()];
        let (mut at_line, mut at_byte, mut at_column) = (1, 0, 1);
        for i in order {
            let mut byte = offsets[i].min(self.text.len());
            while !self.text.is_char_boundary(byte) {
                byte -= 1;
            }
            let line = self.starts.partition_point(|&s| s <= byte);
            let start = self.starts[line - 1];
            if line != at_line || at_byte < start {
                (at_line, at_byte, at_column) = (line, start, 1);
            }
            at_column += self.text[at_byte..byte].chars().count();
            at_byte = byte;
            out[i] = LineColumn {
                line,
                column: at_column,
            };
        }
        out
    }

    /// Byte offsets of the start and end of a 1-based line, its line break
    /// excluded.
    pub fn line_bounds(&self, line: usize) -> (usize, usize) {
        let line = line.clamp(1, self.starts.len());
        let start = self.starts[line - 1];
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        (start, end)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.starts[line - 1];
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// Escapes one reference token for a JSON Pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Where a value sits in the text: the byte offset of its first character,
/// and of its key when it is an object member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spot {
    /// Byte offset of the member's key (its opening quote), if any.
    pub key: Option<usize>,
    /// Byte offset of the value's first character.
    pub value: usize,
}

/// The keys of one object: a short list (the data's objects have under a
/// dozen keys, where a scan beats hashing), turned into a set once it grows,
/// so that an object with 80,000 keys costs no 80,000² comparisons.
#[derive(Default)]
struct Keys<'t> {
    few: Vec<std::borrow::Cow<'t, str>>,
    many: Option<HashSet<std::borrow::Cow<'t, str>>>,
}

impl<'t> Keys<'t> {
    const FEW: usize = 16;

    fn contains(&self, key: &str) -> bool {
        match &self.many {
            Some(set) => set.contains(key),
            None => self.few.iter().any(|k| k == key),
        }
    }

    fn insert(&mut self, key: std::borrow::Cow<'t, str>) {
        match &mut self.many {
            Some(set) => {
                set.insert(key);
            }
            None if self.few.len() < Self::FEW => self.few.push(key),
            None => {
                let mut set: HashSet<_> = self.few.drain(..).collect();
                set.insert(key);
                self.many = Some(set);
            }
        }
    }
}

enum Frame<'t> {
    /// The keys seen so far (escapes decoded only where present).
    Object {
        keys: Keys<'t>,
        ptr_len: usize,
    },
    Array {
        index: usize,
        ptr_len: usize,
    },
}

/// Events the walker reports.
pub(super) trait Visitor {
    /// A value starts at `spot`, with JSON Pointer `pointer`.
    fn value(&mut self, pointer: &str, spot: Spot);
    /// A key repeats in the object at `object_pointer`.
    fn duplicate_key(&mut self, object_pointer: &str, key: &str, key_offset: usize);
    /// Whether pointers are needed (they cost an allocation per value).
    fn wants_pointers(&self) -> bool {
        true
    }
    /// A string value, as its raw text between the quotes.
    fn string(&mut self, _pointer: &str, _raw: &str) {}
}

/// Walks every value of `text` (which must be valid JSON), reporting each
/// with its pointer.
pub(super) fn walk<'t>(text: &'t str, visitor: &mut impl Visitor) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut pointer = String::new();
    let mut stack: Vec<Frame<'t>> = Vec::new();
    let mut pending_key: Option<usize> = None;
    loop {
        i = skip_ws(bytes, i);
        if i >= bytes.len() {
            return;
        }
        match bytes[i] {
            b'{' | b'[' => {
                visitor.value(
                    &pointer,
                    Spot {
                        key: pending_key.take(),
                        value: i,
                    },
                );
                let ptr_len = pointer.len();
                stack.push(if bytes[i] == b'{' {
                    Frame::Object {
                        keys: Keys::default(),
                        ptr_len,
                    }
                } else {
                    Frame::Array { index: 0, ptr_len }
                });
                i += 1;
                i = skip_ws(bytes, i);
                if i < bytes.len() && (bytes[i] == b'}' || bytes[i] == b']') {
                    i += 1;
                    stack.pop();
                    i = after_value(bytes, i, &mut stack, &mut pointer);
                    if stack.is_empty() {
                        return;
                    }
                    i = begin_member(text, i, &mut stack, &mut pointer, &mut pending_key, visitor);
                    continue;
                }
                i = begin_member(text, i, &mut stack, &mut pointer, &mut pending_key, visitor);
            }
            _ => {
                visitor.value(
                    &pointer,
                    Spot {
                        key: pending_key.take(),
                        value: i,
                    },
                );
                if bytes[i] == b'"' {
                    let end = skip_string(bytes, i);
                    visitor.string(&pointer, &text[i + 1..end.saturating_sub(1).max(i + 1)]);
                    i = end;
                } else {
                    i = skip_scalar(bytes, i);
                }
                i = after_value(bytes, i, &mut stack, &mut pointer);
                if stack.is_empty() {
                    return;
                }
                i = begin_member(text, i, &mut stack, &mut pointer, &mut pending_key, visitor);
            }
        }
    }
}

/// After a value: truncates the pointer to the enclosing container, then
/// consumes `,` (staying in the container) or closing brackets (leaving it).
fn after_value(
    bytes: &[u8],
    mut i: usize,
    stack: &mut Vec<Frame<'_>>,
    pointer: &mut String,
) -> usize {
    loop {
        let Some(frame) = stack.last_mut() else {
            return i;
        };
        let ptr_len = match frame {
            Frame::Object { ptr_len, .. } | Frame::Array { ptr_len, .. } => *ptr_len,
        };
        pointer.truncate(ptr_len);
        i = skip_ws(bytes, i);
        match bytes.get(i) {
            Some(b',') => {
                if let Frame::Array { index, .. } = frame {
                    *index += 1;
                }
                return i + 1;
            }
            Some(b'}') | Some(b']') => {
                stack.pop();
                i += 1;
            }
            _ => return i,
        }
    }
}

/// At the start of a container member: for an object reads the key and the
/// colon; extends the pointer with the key or index.
fn begin_member<'t>(
    text: &'t str,
    i: usize,
    stack: &mut [Frame<'t>],
    pointer: &mut String,
    pending_key: &mut Option<usize>,
    visitor: &mut impl Visitor,
) -> usize {
    let bytes = text.as_bytes();
    let i = skip_ws(bytes, i);
    match stack.last_mut() {
        Some(Frame::Object { keys, ptr_len }) => {
            let key_start = i;
            let key_end = skip_string(bytes, i);
            let key = decode_string(&text[key_start..key_end]);
            if keys.contains(&key) {
                visitor.duplicate_key(&pointer[..*ptr_len], &key, key_start);
            }
            if visitor.wants_pointers() {
                pointer.push('/');
                pointer.push_str(&escape_token(&key));
            }
            keys.insert(key);
            *pending_key = Some(key_start);
            let colon = skip_ws(bytes, key_end);
            colon + 1
        }
        Some(Frame::Array { index, .. }) => {
            if visitor.wants_pointers() {
                use std::fmt::Write as _;
                pointer.push('/');
                let _ = write!(pointer, "{index}");
            }
            i
        }
        None => i,
    }
}

/// Length in bytes of the JSON token that starts at byte `at`: a string
/// with its quotes, a scalar, or 1 for a bracket (containers are not
/// scanned: the cost stays constant per finding). At least 1 inside the
/// text, 0 at its end.
pub fn token_len(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let end = match bytes.get(at) {
        None => return 0,
        Some(b'{' | b'[' | b'}' | b']' | b',' | b':') => at + 1,
        Some(b'"') => skip_string(bytes, at),
        Some(_) => skip_scalar(bytes, at).max(at + 1),
    };
    let mut end = end.min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    end - at
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// From an opening quote to just past the closing quote.
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        // Bodies are long strings: jump to the next quote or backslash.
        match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
            Some(at) if bytes[i + at] == b'\\' => i += at + 2,
            Some(at) => return i + at + 1,
            None => return bytes.len(),
        }
    }
    i
}

fn skip_scalar(bytes: &[u8], i: usize) -> usize {
    if bytes.get(i) == Some(&b'"') {
        return skip_string(bytes, i);
    }
    let mut j = i;
    while j < bytes.len() && !matches!(bytes[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
    {
        j += 1;
    }
    j
}

fn decode_string(quoted: &str) -> std::borrow::Cow<'_, str> {
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(quoted);
    if inner.contains('\\') {
        std::borrow::Cow::Owned(serde_json::from_str(quoted).unwrap_or_else(|_| inner.to_owned()))
    } else {
        std::borrow::Cow::Borrowed(inner)
    }
}

/// The decoded text of a string's raw content (between its quotes).
pub(super) fn decode_string_raw(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('\\') {
        std::borrow::Cow::Owned(
            serde_json::from_str(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_owned()),
        )
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

/// A key that appears twice in one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    /// JSON Pointer of the object.
    pub object: String,
    /// The repeated key.
    pub key: String,
    /// Byte offset of the repetition.
    pub offset: usize,
}

/// Every repeated key in `text`, in document order.
pub fn duplicate_keys(text: &str) -> Vec<DuplicateKey> {
    struct Dups(Vec<DuplicateKey>);
    impl Visitor for Dups {
        fn value(&mut self, _: &str, _: Spot) {}
        fn duplicate_key(&mut self, object: &str, key: &str, offset: usize) {
            self.0.push(DuplicateKey {
                object: object.to_owned(),
                key: key.to_owned(),
                offset,
            });
        }
    }
    // A first pass without pointers; only a file with a duplicate pays for them.
    struct Any(bool);
    impl Visitor for Any {
        fn value(&mut self, _: &str, _: Spot) {}
        fn duplicate_key(&mut self, _: &str, _: &str, _: usize) {
            self.0 = true;
        }
        fn wants_pointers(&self) -> bool {
            false
        }
    }
    let mut any = Any(false);
    walk(text, &mut any);
    if !any.0 {
        return Vec::new();
    }
    let mut dups = Dups(Vec::new());
    walk(text, &mut dups);
    dups.0
}

/// The spots of the given JSON Pointers in `text`, in one pass. Pointers
/// that do not exist are absent from the result. With duplicate keys, the
/// last occurrence wins, as in `serde_json::Value`.
pub fn locate_all(text: &str, pointers: &HashSet<&str>) -> HashMap<String, Spot> {
    struct Find<'p> {
        wanted: &'p HashSet<&'p str>,
        found: HashMap<String, Spot>,
    }
    impl Visitor for Find<'_> {
        fn value(&mut self, pointer: &str, spot: Spot) {
            if self.wanted.contains(pointer) {
                self.found.insert(pointer.to_owned(), spot);
            }
        }
        fn duplicate_key(&mut self, _: &str, _: &str, _: usize) {}
    }
    let mut find = Find {
        wanted: pointers,
        found: HashMap::new(),
    };
    if !pointers.is_empty() {
        walk(text, &mut find);
    }
    find.found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate(text: &str, pointer: &str) -> Option<LineColumn> {
        let set: HashSet<&str> = [pointer].into_iter().collect();
        let spot = locate_all(text, &set).get(pointer).copied()?;
        Some(LineIndex::new(text).position(spot.value))
    }

    const DOC: &str = "{\n  \"a\": [1, {\"b~/c\": \"أستانا\", \"d\": null}],\n  \"e\": {},\n  \"f\": []  ,\n  \"g\": \"x\"\n}\n";

    #[test]
    fn locates_values_by_pointer() {
        assert_eq!(locate(DOC, ""), Some(LineColumn { line: 1, column: 1 }));
        assert_eq!(locate(DOC, "/a"), Some(LineColumn { line: 2, column: 8 }));
        assert_eq!(locate(DOC, "/a/0"), Some(LineColumn { line: 2, column: 9 }));
        assert_eq!(
            locate(DOC, "/a/1/b~0~1c"),
            Some(LineColumn {
                line: 2,
                column: 21
            })
        );
        // After Arabic text, columns count code points, not bytes.
        assert_eq!(
            locate(DOC, "/a/1/d"),
            Some(LineColumn {
                line: 2,
                column: 36
            })
        );
        assert_eq!(locate(DOC, "/e"), Some(LineColumn { line: 3, column: 8 }));
        assert_eq!(locate(DOC, "/g"), Some(LineColumn { line: 5, column: 8 }));
        assert_eq!(locate(DOC, "/zz"), None);
        assert_eq!(locate(DOC, "/a/2"), None);
    }

    #[test]
    fn agrees_with_serde_json_on_every_value() {
        for (_, text) in crate::embedded::files() {
            agrees_with_serde_json(text);
        }
        agrees_with_serde_json(DOC);
        agrees_with_serde_json(r#"{"a": [], "b": {}, "c": [[], {}, [1]], "d": {"e": []}, "f": 1}"#);
    }

    /// Every pointer the scanner reports resolves in serde_json's tree to a
    /// value whose text starts at the reported offset, and the scanner
    /// reports as many values as the tree holds.
    fn agrees_with_serde_json(text: &str) {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        fn count(v: &serde_json::Value) -> usize {
            1 + match v {
                serde_json::Value::Array(a) => a.iter().map(count).sum(),
                serde_json::Value::Object(o) => o.values().map(count).sum(),
                _ => 0,
            }
        }
        struct All(Vec<(String, Spot)>);
        impl Visitor for All {
            fn value(&mut self, p: &str, s: Spot) {
                self.0.push((p.to_owned(), s));
            }
            fn duplicate_key(&mut self, _: &str, _: &str, _: usize) {}
        }
        let mut all = All(Vec::new());
        walk(text, &mut all);
        assert_eq!(all.0.len(), count(&value));
        for (pointer, spot) in &all.0 {
            let expected = value
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{pointer}"));
            let mut stream = serde_json::Deserializer::from_str(&text[spot.value..])
                .into_iter::<serde_json::Value>();
            let parsed = stream.next().unwrap().unwrap();
            assert_eq!(&parsed, expected, "{pointer}");
        }
    }

    #[test]
    fn finds_duplicate_keys_with_their_object() {
        let text = r#"{"a": 1, "b": {"x": 1, "x": 2}, "a": 3, "c": [{"k": 1, "k": 1}]}"#;
        let dups = duplicate_keys(text);
        let summary: Vec<(&str, &str)> = dups
            .iter()
            .map(|d| (d.object.as_str(), d.key.as_str()))
            .collect();
        assert_eq!(summary, [("/b", "x"), ("", "a"), ("/c/0", "k")]);
        assert_eq!(&text[dups[0].offset..dups[0].offset + 3], "\"x\"");
        assert!(duplicate_keys(DOC).is_empty());
    }

    #[test]
    fn escaped_keys_are_compared_decoded() {
        assert_eq!(duplicate_keys(r#"{"a": 1, "\u0061": 2}"#).len(), 1);
    }

    #[test]
    fn positions_in_one_sweep_agree_with_one_at_a_time() {
        let text = "ab\r\nأب\n\nxyz أستانا\n";
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len() + 2).rev().chain([3, 0, 7]).collect();
        let batch = index.positions(&offsets);
        for (o, p) in offsets.iter().zip(batch) {
            assert_eq!(p, index.position(*o), "offset {o}");
        }
    }

    #[test]
    fn line_text_and_positions() {
        let index = LineIndex::new("ab\r\nأب\n");
        assert_eq!(index.line_text(1), "ab");
        assert_eq!(index.line_text(2), "أب");
        assert_eq!(index.position(4 + 2), LineColumn { line: 2, column: 2 });
    }
}
