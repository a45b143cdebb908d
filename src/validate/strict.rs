//! The fast path's reader: a small JSON reader of its own that
//! deserialises a document straight into the model's types and, in the
//! same pass over the bytes, proves what the schema demands that the types
//! alone do not. Any doubt is an error, and the document then takes the
//! slow path, which explains it.
//!
//! What the pass proves, beyond what serde's derive already does (unknown
//! fields and repeated fields of a struct are errors there):
//! - the text is JSON, as `serde_json` reads it: the same grammar, escapes
//!   and surrogate pairs, nothing after the value but whitespace;
//! - no string value could break `text-not-nfc` or `text-control-char`
//!   ([`text_rules::has_problem`], asked of each string as it is read);
//! - no container nests deeper than the limit;
//! - no struct is read from an array (serde reads `"source": ["x"]` as a
//!   struct of its fields in order; the schema rejects it);
//! - every fact has its `kind` first, so no fact is buffered into a
//!   `serde_json::Value`, which would keep only the last of two equal keys
//!   and read structs from arrays ([`crate::model::canonical_only`]).
//!
//! It reads no number but an integer: the model has no other, and a
//! document with `3.0` or `1e2` is left to the slow path, as is anything
//! else it does not expect. Why a reader of its own rather than a wrapper
//! around `serde_json`'s: each string is scanned once for its end and for
//! the text rules together, ASCII eight bytes at a time and Arabic sixteen
//! (a string of plain bytes, [`text_rules::is_plain_byte`], which is
//! nearly every string, needs no second look; any other is decided from
//! its first byte that is not plain), and whitespace costs a loop over a
//! slice, where `serde_json` peeks byte by byte through its `Read` trait.
//! Measured on `examples/synth` corpora, this reader and the wrapper it
//! replaced differ by about 8% of validate's CPU time.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};

use super::text_rules;

/// Reads `T` from `text` under the checks above; `None` on any doubt.
pub fn from_str<T: DeserializeOwned>(text: &str, max_depth: usize) -> Option<T> {
    read_whole(text, max_depth, |reader| T::deserialize(reader))
}

/// [`from_str`] into `place`, reusing its strings and lists (through the
/// types' `deserialize_in_place`); `false` on any doubt, when `place` holds
/// a mix of the old and the new value and must be read into again before
/// it is used.
pub fn from_str_in_place<T: DeserializeOwned>(text: &str, max_depth: usize, place: &mut T) -> bool {
    read_whole(text, max_depth, |reader| {
        T::deserialize_in_place(reader, place)
    })
    .is_some()
}

/// Runs `read` over the whole of `text`, facts in canonical order only:
/// what it gives, if it succeeds and nothing but whitespace follows.
fn read_whole<'de, R>(
    text: &'de str,
    max_depth: usize,
    read: impl FnOnce(&mut Reader<'de>) -> Result<R, Doubt>,
) -> Option<R> {
    let mut reader = Reader {
        text,
        at: 0,
        depth: 0,
        max_depth,
    };
    let value = crate::model::canonical_only(|| read(&mut reader)).ok()?;
    reader.skip_whitespace();
    (reader.at == text.len()).then_some(value)
}

/// Why the reader gave up. The slow path says why in words, so this
/// carries none, and giving up costs no allocation.
#[derive(Debug)]
pub struct Doubt;

impl fmt::Display for Doubt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the one-pass reader leaves this document to the slow path")
    }
}

impl std::error::Error for Doubt {}

impl de::Error for Doubt {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Doubt
    }
}

/// The reader's state: the text, where it is, and how deep.
struct Reader<'de> {
    text: &'de str,
    at: usize,
    depth: usize,
    max_depth: usize,
}

/// A number the reader accepts: an integer that fits 64 bits.
enum Integer {
    Unsigned(u64),
    Negative(i64),
}

impl<'de> Reader<'de> {
    /// Skips whitespace; most calls find none and return at once.
    #[inline(always)]
    fn skip_whitespace(&mut self) {
        if let Some(b' ' | b'\n' | b'\t' | b'\r') = self.text.as_bytes().get(self.at) {
            self.at = skip_whitespace_from(self.text.as_bytes(), self.at);
        }
    }

    /// The next byte that is not whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.text.as_bytes().get(self.at).copied()
    }

    /// Consumes `byte`, after any whitespace.
    fn expect(&mut self, byte: u8) -> Result<(), Doubt> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(Doubt)
        }
    }

    /// Consumes `word` (`true`, `false`, `null`), after any whitespace.
    fn literal(&mut self, word: &str) -> Result<(), Doubt> {
        self.skip_whitespace();
        if self.text.as_bytes()[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(())
        } else {
            Err(Doubt)
        }
    }

    /// A container that opens with `open` and closes with `close`, one
    /// level deeper (refused past the limit), its contents read by `read`.
    fn container<T>(
        &mut self,
        open: u8,
        close: u8,
        read: impl FnOnce(&mut Self) -> Result<T, Doubt>,
    ) -> Result<T, Doubt> {
        if self.peek() != Some(open) {
            return Err(Doubt);
        }
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(Doubt);
        }
        self.at += 1;
        let value = read(self)?;
        self.expect(close)?;
        self.depth -= 1;
        Ok(value)
    }

    /// A string value, proved to break no text rule.
    fn text_value(&mut self) -> Result<Cow<'de, str>, Doubt> {
        let (s, plain) = self.string()?;
        if plain < s.len() && text_rules::has_problem_after(&s, plain) {
            return Err(Doubt);
        }
        Ok(s)
    }

    /// The string at the cursor (its opening quote, after any whitespace),
    /// decoded, and how many of its first bytes are plain
    /// ([`text_rules::is_plain_byte`]): when all are, it breaks no text rule.
    fn string(&mut self) -> Result<(Cow<'de, str>, usize), Doubt> {
        // Plain, and neither a quote, a backslash nor a control character:
        // a byte the string goes on past without a second look.
        const fn passes(b: u8) -> bool {
            text_rules::is_plain_byte(b) & (b >= 0x20) & (b != b'"') & (b != b'\\')
        }
        const PASSES: [bool; 256] = {
            let mut table = [false; 256];
            let mut b = 0;
            while b < 256 {
                table[b] = passes(b as u8);
                b += 1;
            }
            table
        };
        if self.peek() != Some(b'"') {
            return Err(Doubt);
        }
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        let mut at = skip_ascii(bytes, start);
        if bytes.get(at) == Some(&b'"') {
            self.at = at + 1;
            return Ok((Cow::Borrowed(&self.text[start..at]), at - start));
        }
        // Long strings (bodies, quotes) sixteen bytes at a time.
        at = text_rules::skip_runs(bytes, at, passes);
        // The rest, and short strings (keys, ids), a byte at a time.
        while bytes.get(at).is_some_and(|&b| PASSES[usize::from(b)]) {
            at += 1;
        }
        if bytes.get(at) == Some(&b'"') {
            self.at = at + 1;
            return Ok((Cow::Borrowed(&self.text[start..at]), at - start));
        }
        // Escapes, or characters to decide one by one: find the end.
        // No escape comes before `at`: the decoded string starts the same.
        let plain = at - start;
        let mut decoded: Option<String> = None;
        let mut from = start;
        loop {
            // Sixteen bytes at a time while none ends the string or starts
            // an escape, then a byte at a time.
            let ordinary = |b: u8| (b >= 0x20) & (b != b'"') & (b != b'\\');
            at = text_rules::skip_runs(bytes, at, ordinary);
            while bytes.get(at).copied().is_some_and(ordinary) {
                at += 1;
            }
            match bytes.get(at) {
                None => return Err(Doubt),
                Some(b'"') => {
                    // `from` and `at` sit next to ASCII bytes: boundaries.
                    let s = match decoded {
                        None => Cow::Borrowed(&self.text[start..at]),
                        Some(mut owned) => {
                            owned.push_str(&self.text[from..at]);
                            Cow::Owned(owned)
                        }
                    };
                    self.at = at + 1;
                    return Ok((s, plain));
                }
                Some(b'\\') => {
                    let owned = decoded.get_or_insert_with(String::new);
                    owned.push_str(&self.text[from..at]);
                    at = self.escape(at + 1, owned)?;
                    from = at;
                }
                // A raw control character: not JSON.
                Some(&b) if b < 0x20 => return Err(Doubt),
                Some(_) => at += 1,
            }
        }
    }

    /// Decodes the escape after a backslash at `at` into `out`; where the
    /// text goes on.
    fn escape(&self, at: usize, out: &mut String) -> Result<usize, Doubt> {
        let bytes = self.text.as_bytes();
        let simple = match bytes.get(at) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let unit = self.hex4(at + 1)?;
                let (code, next) = match unit {
                    0xD800..=0xDBFF => {
                        // A leading surrogate must have its trailing half.
                        if bytes.get(at + 5..at + 7) != Some(&b"\\u"[..]) {
                            return Err(Doubt);
                        }
                        let low = self.hex4(at + 7)?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(Doubt);
                        }
                        (
                            0x10000
                                + ((u32::from(unit) - 0xD800) << 10)
                                + (u32::from(low) - 0xDC00),
                            at + 11,
                        )
                    }
                    0xDC00..=0xDFFF => return Err(Doubt),
                    _ => (u32::from(unit), at + 5),
                };
                out.push(char::from_u32(code).ok_or(Doubt)?);
                return Ok(next);
            }
            _ => return Err(Doubt),
        };
        out.push(simple);
        Ok(at + 1)
    }

    /// The four hex digits at `at`.
    fn hex4(&self, at: usize) -> Result<u16, Doubt> {
        let digits = self.text.as_bytes().get(at..at + 4).ok_or(Doubt)?;
        digits.iter().try_fold(0u16, |n, &b| {
            let digit = (b as char).to_digit(16).ok_or(Doubt)?;
            Ok(n << 4 | digit as u16)
        })
    }

    /// An integer, in JSON's grammar; a fraction, an exponent, `-0` or a
    /// number past 64 bits is a doubt (`serde_json` reads each as a float).
    fn integer(&mut self) -> Result<Integer, Doubt> {
        self.skip_whitespace();
        let bytes = self.text.as_bytes();
        let negative = bytes.get(self.at) == Some(&b'-');
        let mut at = self.at + usize::from(negative);
        let first = at;
        let mut value: u64 = 0;
        while let Some(&b) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(b - b'0')))
                .ok_or(Doubt)?;
            at += 1;
        }
        let digits = at - first;
        let leading_zero = digits > 1 && bytes[first] == b'0';
        if digits == 0 || leading_zero || matches!(bytes.get(at), Some(b'.' | b'e' | b'E')) {
            return Err(Doubt);
        }
        self.at = at;
        if !negative {
            return Ok(Integer::Unsigned(value));
        }
        match i64::try_from(value) {
            Ok(0) => Err(Doubt),
            Ok(v) => Ok(Integer::Negative(-v)),
            Err(_) if value == 1 << 63 => Ok(Integer::Negative(i64::MIN)),
            Err(_) => Err(Doubt),
        }
    }
}

/// Where the whitespace that starts at `at` ends. Runs are short (a
/// space after a colon, a line break and its indentation), so a loop over
/// the bytes beats any wider step.
fn skip_whitespace_from(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\t' | b'\r') = bytes.get(at) {
        at += 1;
    }
    at
}

/// Where a string's run of printable ASCII that is neither a quote nor a
/// backslash ends, from `at`: eight bytes at a time, each word tested
/// with the bit tricks for a byte below a bound or equal to a value. The
/// lowest flagged byte is exact (a false flag only ever sits above a true
/// one), so its position is the first byte that stops the run. Keys, ids
/// and English text end here; Arabic text stops at its first byte.
#[inline(always)]
fn skip_ascii(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    fn zero_bytes(v: u64) -> u64 {
        v.wrapping_sub(ONES) & !v & HIGH
    }
    while let Some(word) = bytes.get(at..).and_then(|b| b.first_chunk::<8>()) {
        let x = u64::from_le_bytes(*word);
        let stops = (x.wrapping_sub(ONES * 0x20) & !x & HIGH)
            | zero_bytes(x ^ (ONES * u64::from(b'"')))
            | zero_bytes(x ^ (ONES * u64::from(b'\\')))
            | zero_bytes(x ^ (ONES * 0x7F))
            | (x & HIGH);
        if stops != 0 {
            return at + stops.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    at
}

/// Hands a decoded string to a visitor, borrowed when it can be.
fn visit_text<'de, V: Visitor<'de>>(s: Cow<'de, str>, visitor: V) -> Result<V::Value, Doubt> {
    match s {
        Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
        Cow::Owned(s) => visitor.visit_string(s),
    }
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = Doubt;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        match self.peek().ok_or(Doubt)? {
            b'{' => self.deserialize_map(visitor),
            b'[' => self.deserialize_seq(visitor),
            b'"' => self.deserialize_str(visitor),
            b't' | b'f' => self.deserialize_bool(visitor),
            b'n' => self.deserialize_unit(visitor),
            b'-' | b'0'..=b'9' => match self.integer()? {
                Integer::Unsigned(n) => visitor.visit_u64(n),
                Integer::Negative(n) => visitor.visit_i64(n),
            },
            _ => Err(Doubt),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        match self.peek() {
            Some(b't') => self.literal("true").and_then(|()| visitor.visit_bool(true)),
            Some(b'f') => self
                .literal("false")
                .and_then(|()| visitor.visit_bool(false)),
            _ => Err(Doubt),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        visit_text(self.text_value()?, visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        self.deserialize_str(visitor)
    }

    // A field name or a variant name: it must equal one the type knows, so
    // there is no text to check.
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        visit_text(self.string()?.0, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Doubt> {
        // The model's enums are unit variants written as strings.
        let name = self.string()?.0;
        visitor.visit_enum(de::value::CowStrDeserializer::new(name))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        self.literal("null")?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Doubt> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Doubt> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        self.container(b'[', b']', |reader| {
            visitor.visit_seq(Elements {
                reader,
                first: true,
            })
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Doubt> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Doubt> {
        self.deserialize_seq(visitor)
    }

    // A struct only from an object: never from an array of its fields.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        self.container(b'{', b'}', |reader| {
            visitor.visit_map(Entries {
                reader,
                first: true,
            })
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Doubt> {
        self.deserialize_map(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 bytes byte_buf
    }
}

/// The members of an object, read one key and one value at a time.
struct Entries<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Doubt;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Doubt> {
        match self.reader.peek() {
            Some(b'}') => return Ok(None),
            Some(b',') if !self.first => self.reader.at += 1,
            Some(b'"') if self.first => {}
            _ => return Err(Doubt),
        }
        self.first = false;
        seed.deserialize(Key(&mut *self.reader)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Doubt> {
        self.reader.expect(b':')?;
        seed.deserialize(&mut *self.reader)
    }
}

/// The elements of an array.
struct Elements<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Doubt;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Doubt> {
        match self.reader.peek() {
            Some(b']') => return Ok(None),
            Some(b',') if !self.first => {
                self.reader.at += 1;
                // `[1,]` is not JSON.
                if self.reader.peek() == Some(b']') {
                    return Err(Doubt);
                }
            }
            Some(_) if self.first => {}
            _ => return Err(Doubt),
        }
        self.first = false;
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

/// An object's key: a string, read as a field name or as text.
struct Key<'r, 'de>(&'r mut Reader<'de>);

impl<'de> Deserializer<'de> for Key<'_, 'de> {
    type Error = Doubt;

    // As text (a map's key): checked like any string value.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        visit_text(self.0.text_value()?, visitor)
    }

    // A field name: it must equal one the type knows.
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Doubt> {
        visit_text(self.0.string()?.0, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        a: String,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        inner: Inner,
        list: Vec<Option<String>>,
    }

    fn read(text: &str) -> Option<Outer> {
        from_str(text, 64)
    }

    #[test]
    fn reads_what_plain_serde_reads_when_nothing_is_in_doubt() {
        let text = r#"{"inner": {"a": "سوريا x"}, "list": ["b", null]}"#;
        assert_eq!(read(text), serde_json::from_str(text).ok());
        assert!(read(text).is_some());
    }

    #[test]
    fn refuses_a_struct_read_from_an_array_which_plain_serde_accepts() {
        let text = r#"{"inner": ["x"], "list": []}"#;
        assert!(serde_json::from_str::<Outer>(text).is_ok());
        assert_eq!(read(text), None);
    }

    #[test]
    fn refuses_any_string_that_breaks_a_text_rule_wherever_it_sits() {
        // Escaped and raw, in a struct, in a list, inside an option.
        for bad in ["\\u0007", "\\u202e", "\u{202E}", "e\\u0301", "\\u0000"] {
            for text in [
                format!(r#"{{"inner": {{"a": "x{bad}"}}, "list": []}}"#),
                format!(r#"{{"inner": {{"a": "x"}}, "list": ["{bad}"]}}"#),
                format!(r#"{{"inner": {{"a": "x"}}, "list": [null, "y{bad}y"]}}"#),
            ] {
                assert!(serde_json::from_str::<Outer>(&text).is_ok(), "{text}");
                assert_eq!(read(&text), None, "{text}");
            }
        }
    }

    #[test]
    fn refuses_nesting_over_the_limit_and_restores_depth_after_each_container() {
        let text = r#"{"inner": {"a": "x"}, "list": ["a", "b", "c"]}"#;
        assert!(from_str::<Outer>(text, 2).is_some());
        assert!(from_str::<Outer>(text, 1).is_none());
        // Many siblings at depth 2 never add up.
        let many: Vec<_> = (0..200).map(|_| "{\"a\": \"x\"}").collect();
        let list = format!("[{}]", many.join(","));
        assert_eq!(from_str::<Vec<Inner>>(&list, 2).map(|v| v.len()), Some(200));
    }

    /// Reads `text` as a `serde_json::Value` with this reader.
    fn value(text: &str) -> Option<serde_json::Value> {
        from_str(text, 64)
    }

    /// Strings whose ends fall before, on and after each step of the scans
    /// (8 and 16 bytes), in ASCII and in Arabic, with and without escapes.
    fn strings_at_every_boundary() -> Vec<String> {
        let mut out = Vec::new();
        for len in [0, 1, 7, 8, 9, 15, 16, 17, 23, 24, 31, 32, 33, 47, 48, 49] {
            let ascii = "a".repeat(len);
            let arabic = "س".repeat(len);
            out.push(ascii.clone());
            out.push(arabic.clone());
            out.push(format!("{ascii}\\n{arabic}"));
            out.push(format!("{arabic}\\u0041{ascii}"));
            out.push(format!("{ascii}\\\\"));
            out.push(format!("\\u201c{arabic}\\u201d{ascii}"));
            out.push(format!("\u{201C}{arabic}\u{201D}"));
        }
        out
    }

    #[test]
    fn reads_every_valid_json_value_as_serde_json_does() {
        let mut texts: Vec<String> = vec![
            "{}".into(),
            "[]".into(),
            " \t\r\n{ \"a\" :\t[ 1 ,-2,0, 18446744073709551615, -9223372036854775808 ] }\r\n"
                .into(),
            r#"{"a":{"b":{"c":[[],[{}],null,true,false]}}}"#.into(),
            r#"["\"\\\/\t", "\u0041\u00e9\u0645", "\ud83d\ude00", "a\u0661b"]"#.into(),
            r#"{"k\u0065y": "v", "": ""}"#.into(),
            "\"سوريا، أستانا؟\"".into(),
            "\"\u{201C}quoted\u{201D} \u{2014} and \u{00E9}\"".into(),
            "  7  ".into(),
        ];
        for s in strings_at_every_boundary() {
            texts.push(format!("\"{s}\""));
            texts.push(format!("{{\"{s}\": [\"{s}\", \"{s}\"]}}"));
        }
        for text in &texts {
            let expected: serde_json::Value = serde_json::from_str(text).expect(text);
            assert_eq!(value(text).as_ref(), Some(&expected), "{text}");
        }
    }

    #[test]
    fn refuses_everything_serde_json_refuses() {
        let texts = [
            "",
            " ",
            "{",
            "}",
            "[",
            "]",
            "[1,]",
            "{\"a\":1,}",
            "{,}",
            "[,1]",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":}",
            "{a:1}",
            "{\"a\":1 \"b\":2}",
            "{1:2}",
            "01",
            "-",
            "-a",
            "1.",
            "00",
            "\"abc",
            "\"a\\\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"\\ud800x\"",
            "\"a\nb\"",
            "\"a\tb\"",
            "\"\u{1}\"",
            "tru",
            "nul",
            "fals",
            "truex",
            "{} x",
            "[] []",
            "\"a\" \"b\"",
            "[1]]",
            "{\"a\":1}}",
            "'a'",
            "NaN",
            "+1",
        ];
        for text in texts {
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_err(),
                "{text}"
            );
            assert_eq!(value(text), None, "{text}");
        }
    }

    #[test]
    fn leaves_numbers_that_are_not_plain_integers_to_the_slow_path() {
        // serde_json reads each as a float; the model has none.
        for text in [
            "1.5",
            "1e3",
            "1E3",
            "-0",
            "1.0",
            "18446744073709551616",
            "-9223372036854775809",
        ] {
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_ok(),
                "{text}"
            );
            assert_eq!(value(text), None, "{text}");
        }
    }

    proptest::proptest! {
        /// Sound on any text made of JSON's pieces, well formed or not:
        /// whatever this reader accepts, serde_json reads to the same value.
        #[test]
        fn whatever_it_reads_serde_json_reads_the_same(
            pieces in proptest::collection::vec(0usize..PIECES.len(), 0..24)
        ) {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            if let Some(read) = value(&text) {
                let expected = serde_json::from_str::<serde_json::Value>(&text);
                proptest::prop_assert_eq!(Some(read), expected.ok(), "{}", text);
            }
        }
    }

    /// Any JSON value without floats, of short and long strings in ASCII
    /// and Arabic.
    fn any_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            "[a-z0-9 \"\\\\/\u{0621}-\u{064A}\u{201C}\u{201D}]{0,40}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map("[a-z_]{0,10}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Complete on JSON written compactly or pretty: every such value,
        /// with no float and no string that breaks a text rule, reads back
        /// the same.
        #[test]
        fn reads_back_every_value_however_it_is_written(
            value in any_value(),
            pretty in proptest::bool::ANY,
        ) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            let read = from_str::<serde_json::Value>(&text, 64);
            proptest::prop_assert_eq!(read, Some(value), "{}", text);
        }
    }

    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\t",
        "\"",
        "\"a\"",
        "\"\"",
        "\"k\":",
        "\\",
        "\\n",
        "\\u0041",
        "\\ud83d",
        "\\ude00",
        "\\u00",
        "1",
        "0",
        "-",
        "7.5",
        "e5",
        "true",
        "null",
        "fals",
        "س",
        "\u{201C}",
        "\u{0301}",
        "\u{7}",
        "aaaaaaaaaaaaaaaa",
    ];

    #[test]
    fn refuses_repeated_fields_and_trailing_text() {
        assert_eq!(read(r#"{"inner": {"a": "x", "a": "y"}, "list": []}"#), None);
        assert_eq!(read(r#"{"inner": {"a": "x"}, "list": []} x"#), None);
    }
}
