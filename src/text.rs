//! Code-point offsets into text: the one place where evidence offsets
//! (Unicode scalar values) are converted to Rust's UTF-8 byte offsets.
//!
//! Arabic letters take two UTF-8 bytes and one code point; an emoji takes
//! four bytes, two UTF-16 units and one code point. Every other module goes
//! through these functions.

use std::ops::Range;

/// A position in a text: 1-based line, and 1-based column counted in
/// Unicode code points (what an editor shows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in code points.
    pub column: usize,
}

/// The number of code points in `text`.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// The UTF-8 byte range of the half-open code-point range `start..end`, or
/// `None` when `start > end` or `end` lies past the end of `text`.
pub fn byte_range(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    if start > end {
        return None;
    }
    let mut offsets = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()));
    let start_byte = offsets.nth(start)?;
    let end_byte = if end == start {
        start_byte
    } else {
        offsets.nth(end - start - 1)?
    };
    Some(start_byte..end_byte)
}

/// The byte ranges of many half-open code-point ranges of `text` (each as
/// [`byte_range`] gives it), in their order, from one pass over `text`:
/// the ends are sorted, and the pass counts characters eight bytes at a
/// time between them. For a validator that cuts every span of a long
/// body, this reads the body once and keeps no table.
pub fn byte_ranges(text: &str, ranges: &[(usize, usize)]) -> Vec<Option<Range<usize>>> {
    if text.is_ascii() {
        return ranges
            .iter()
            .map(|&(start, end)| (start <= end && end <= text.len()).then_some(start..end))
            .collect();
    }
    // Every end of every range, with where its byte offset goes.
    let mut wanted: Vec<(usize, usize)> = ranges
        .iter()
        .flat_map(|&(start, end)| [start, end])
        .enumerate()
        .map(|(slot, offset)| (offset, slot))
        .collect();
    wanted.sort_unstable();
    let bytes = text.as_bytes();
    let mut found: Vec<Option<usize>> = vec![None; wanted.len()];
    // Characters that start in bytes[..at].
    let (mut at, mut count) = (0usize, 0usize);
    for (offset, slot) in wanted {
        // Whole blocks, then whole words, whose characters all come before
        // the one wanted.
        while let Some(block) = bytes.get(at..).and_then(|b| b.first_chunk::<BLOCK>()) {
            let starts = block_starts(block);
            if count + starts > offset {
                break;
            }
            count += starts;
            at += BLOCK;
        }
        while let Some(word) = bytes.get(at..).and_then(|b| b.first_chunk::<8>()) {
            let starts = count_starts(start_bits(word));
            if count + starts > offset {
                break;
            }
            count += starts;
            at += 8;
        }
        while at < bytes.len() && !(starts_char(bytes[at]) && count == offset) {
            count += usize::from(starts_char(bytes[at]));
            at += 1;
        }
        if count == offset {
            found[slot] = Some(at);
        } else {
            // Past the end: so is every later offset.
            break;
        }
    }
    ranges
        .iter()
        .zip(found.chunks_exact(2))
        .map(|(&(start, end), ends)| match (ends[0], ends[1]) {
            (Some(a), Some(b)) if start <= end => Some(a..b),
            _ => None,
        })
        .collect()
}

/// The text of the half-open code-point range `start..end`, or `None` when
/// it is out of bounds.
pub fn slice(text: &str, start: usize, end: usize) -> Option<&str> {
    byte_range(text, start, end).map(|r| &text[r])
}

/// The code-point offset of a UTF-8 byte offset that lies on a character
/// boundary.
pub fn char_offset(text: &str, byte: usize) -> usize {
    char_len(&text[..byte])
}

/// Code-point start offsets of every occurrence of `needle` in `text`,
/// overlapping occurrences included.
///
/// Knuth–Morris–Pratt over the UTF-8 bytes (a valid UTF-8 needle can only
/// match at a character boundary), with code points counted forward from
/// one match to the next: linear in `text` plus `needle`, even for
/// a quote that occurs at every position of a periodic body.
pub fn find_all(text: &str, needle: &str) -> Vec<usize> {
    let (t, p) = (text.as_bytes(), needle.as_bytes());
    if p.is_empty() || p.len() > t.len() {
        return Vec::new();
    }
    // fail[i]: length of the longest proper border of p[..=i].
    let mut fail = vec![0u32; p.len()];
    let mut k = 0usize;
    for i in 1..p.len() {
        while k > 0 && p[i] != p[k] {
            k = fail[k - 1] as usize;
        }
        if p[i] == p[k] {
            k += 1;
        }
        fail[i] = k as u32;
    }
    let mut found = Vec::new();
    let (mut counted_byte, mut counted_chars) = (0usize, 0usize);
    k = 0;
    for (i, &b) in t.iter().enumerate() {
        while k > 0 && b != p[k] {
            k = fail[k - 1] as usize;
        }
        if b == p[k] {
            k += 1;
        }
        if k == p.len() {
            let start = i + 1 - p.len();
            counted_chars += t[counted_byte..start]
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count();
            counted_byte = start;
            found.push(counted_chars);
            k = fail[k - 1] as usize;
        }
    }
    found
}

/// The quotations of a text: half-open code-point ranges, each from an
/// opening quotation mark to one past its closing mark. Marks pair as
/// “…”, «…», „…“ (or „…”) and "…"; a quotation inside another belongs to
/// the outer one. A quotation never closed ends at the end of its
/// paragraph (the next line break), where news copy that quotes over
/// several paragraphs opens the next one again. One pass, linear in the
/// text. The `evidence-mode` rule and `migrate` both ask it whether a span
/// lies inside quotation marks.
pub fn quotations(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut quotes = Quotations::default();
    // Code points before byte `counted_to`: counted from one mark to the
    // next (std counts characters without decoding them).
    let (mut counted_to, mut at) = (0, 0);
    let mut marks = MarkBytes::new(bytes);
    while let Some(byte) = marks.next() {
        at += text[counted_to..byte].chars().count();
        counted_to = byte;
        // Each byte the search stops at starts a character.
        let Some(c) = text[byte..].chars().next() else {
            break;
        };
        marks.skip_to(byte + c.len_utf8());
        quotes.step(c, at);
    }
    quotes.end(at + text[counted_to..].chars().count())
}

/// The quotations found so far, fed one character at a time: only marks
/// and line breaks change anything, so [`quotations`] feeds only those.
#[derive(Default)]
struct Quotations {
    found: Vec<Range<usize>>,
    /// The closing marks awaited, innermost last.
    awaiting: Vec<&'static [char]>,
    /// Where the outermost open quotation opened.
    opened: usize,
}

impl Quotations {
    /// The character `c`, at code point `at`.
    fn step(&mut self, c: char, at: usize) {
        if c == '\n' {
            if !self.awaiting.is_empty() {
                self.found.push(self.opened..at);
                self.awaiting.clear();
            }
        } else if self
            .awaiting
            .last()
            .is_some_and(|closers| closers.contains(&c))
        {
            self.awaiting.pop();
            if self.awaiting.is_empty() {
                self.found.push(self.opened..at + 1);
            }
        } else if let Some(closers) = closing_marks(c) {
            if self.awaiting.is_empty() {
                self.opened = at;
            }
            self.awaiting.push(closers);
        }
    }

    /// The text ends after `len` code points: a quotation still open ends
    /// there.
    fn end(mut self, len: usize) -> Vec<Range<usize>> {
        if !self.awaiting.is_empty() {
            self.found.push(self.opened..len);
        }
        self.found
    }
}

/// The bytes of a text that may start a quotation mark or end a paragraph:
/// a line break, `"`, and the first bytes of « » (0xC2) and “ ” „ (0xE2).
/// Two vectorised searches (memchr takes at most three bytes at once), each
/// remembering where it found its next byte, so that the text is searched
/// once in all, however the two kinds of byte interleave.
struct MarkBytes<'a> {
    bytes: &'a [u8],
    from: usize,
    /// The next line break, `"` or 0xC2 at or after `from`, once searched.
    ascii_or_c2: Option<Option<usize>>,
    /// The next 0xE2 at or after `from`, once searched.
    e2: Option<Option<usize>>,
}

impl<'a> MarkBytes<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        MarkBytes {
            bytes,
            from: 0,
            ascii_or_c2: None,
            e2: None,
        }
    }

    /// The next such byte at or after where the search stands.
    fn next(&mut self) -> Option<usize> {
        let (bytes, from) = (self.bytes, self.from);
        let rest = bytes.get(from..)?;
        let a = *self
            .ascii_or_c2
            .get_or_insert_with(|| memchr::memchr3(b'\n', b'"', 0xC2, rest).map(|k| from + k));
        let e = *self
            .e2
            .get_or_insert_with(|| memchr::memchr(0xE2, rest).map(|k| from + k));
        match (a, e) {
            (Some(a), Some(e)) => Some(a.min(e)),
            (a, e) => a.or(e),
        }
    }

    /// Goes on from byte `from`; a search whose byte lies before it is
    /// done again from there.
    fn skip_to(&mut self, from: usize) {
        self.from = from;
        for found in [&mut self.ascii_or_c2, &mut self.e2] {
            if found.is_some_and(|at| at.is_some_and(|at| at < from)) {
                *found = None;
            }
        }
    }
}

/// The marks that close a quotation opened by `c`, if `c` opens one.
fn closing_marks(c: char) -> Option<&'static [char]> {
    match c {
        '\u{201C}' => Some(&['\u{201D}']),
        '\u{00AB}' => Some(&['\u{00BB}']),
        '\u{201E}' => Some(&['\u{201C}', '\u{201D}']),
        '"' => Some(&['"']),
        _ => None,
    }
}

/// Whether the code-point span `start..end` lies within one of
/// `quotations` (sorted, as [`quotations`] returns them).
pub fn within_quotation(quotations: &[Range<usize>], start: usize, end: usize) -> bool {
    let n = quotations.partition_point(|q| q.start <= start);
    n.checked_sub(1)
        .and_then(|k| quotations.get(k))
        .is_some_and(|q| end <= q.end && start < end)
}

/// A small deterministic generator (xorshift) for the tests' texts.
#[cfg(test)]
struct TestRng(u64);

#[cfg(test)]
impl TestRng {
    /// A number below `n`.
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    /// `n` pieces drawn from `pieces`, joined.
    fn text(&mut self, pieces: &[&str], n: usize) -> String {
        (0..n).map(|_| pieces[self.below(pieces.len())]).collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotations_pair_nest_and_end_with_their_paragraph() {
        let text = "a “b «c» d” e\nf “g h\ni \"j\" «k";
        let q = super::quotations(text);
        let spans: Vec<&str> = q
            .iter()
            .map(|r| super::slice(text, r.start, r.end).unwrap())
            .collect();
        assert_eq!(spans, ["“b «c» d”", "“g h", "\"j\"", "«k"]);
        assert!(super::within_quotation(&q, 3, 9));
        assert!(!super::within_quotation(&q, 0, 3));
        assert!(!super::within_quotation(&q, 3, 12), "past the closing mark");
        assert!(!super::within_quotation(&q, 5, 5), "empty");
    }

    /// Every character fed to the quotation state, as the first
    /// implementation did: the byte scan, which feeds only marks and line
    /// breaks at their offsets, must find the same quotations.
    fn quotations_by_char(text: &str) -> Vec<std::ops::Range<usize>> {
        let mut quotes = super::Quotations::default();
        for (at, c) in text.chars().enumerate() {
            quotes.step(c, at);
        }
        quotes.end(text.chars().count())
    }

    #[test]
    fn the_byte_scan_finds_what_decoding_every_character_finds() {
        // Every mark, and characters that share their first byte but are
        // not marks (U+00A0 and « share 0xC2; — and “ share 0xE2).
        let pieces = [
            "a", "س", "ُ", "😀", "\n", "\"", "“", "”", "„", "«", "»", "\u{a0}", "—", "…",
        ];
        let mut rng = super::TestRng(0x2545_f491);
        for length in 0..400 {
            let text = rng.text(&pieces, length);
            assert_eq!(
                super::quotations(&text),
                quotations_by_char(&text),
                "{text:?}"
            );
        }
    }

    use super::*;

    #[test]
    fn counts_code_points_not_bytes_or_utf16_units() {
        let text = "أستانا 😀 x";
        assert_eq!(char_len(text), 10);
        assert_eq!(slice(text, 0, 6), Some("أستانا"));
        assert_eq!(slice(text, 7, 8), Some("😀"));
        assert_eq!(slice(text, 9, 10), Some("x"));
        assert_eq!(slice(text, 10, 10), Some(""));
        assert_eq!(slice(text, 9, 11), None);
        assert_eq!(slice(text, 5, 4), None);
    }

    #[test]
    fn finds_every_occurrence_in_code_points() {
        assert_eq!(find_all("سوريا من سوريا", "سوريا"), vec![0, 9]);
        assert_eq!(find_all("aaa", "aa"), vec![0, 1]);
        assert_eq!(find_all("أب أب", "أب"), vec![0, 3]);
        assert!(find_all("abc", "").is_empty());
        assert_eq!(find_all("abababa", "aba"), vec![0, 2, 4]);
        assert_eq!(find_all("aab", "aab"), vec![0]);
        assert!(find_all("ab", "abc").is_empty());
    }
}

/// Where the code points of a text start, built once so that many spans
/// can be cut from one body. It keeps the byte offset of every
/// [`STRIDE`]th code point and steps over at most `STRIDE - 1` characters
/// from there: a body of 10,000 code points needs 625 offsets instead of
/// 10,001, and building them reads each byte once without decoding a
/// character. An ASCII text needs none: its code points are its bytes.
pub struct CharIndex<'a> {
    text: &'a str,
    /// The number of code points.
    len: usize,
    /// Byte offset of code point `k * STRIDE`, for each such code point;
    /// empty for an ASCII text.
    marks: Vec<usize>,
}

/// Code points between two kept offsets of a [`CharIndex`].
const STRIDE: usize = 16;

/// Whether `b` starts a character in UTF-8 (is not a continuation byte).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The bytes [`byte_ranges`] counts characters in at a time, before it
/// goes on eight at a time: spans sit hundreds of bytes apart in a body.
const BLOCK: usize = 64;

/// How many characters start in `block`: a fixed-size fold that compiles
/// to vector comparisons and sums. (Counting words alone, `byte_ranges`
/// took 33 M instructions on 2,000 synthetic articles; with blocks, 20 M.)
#[inline(always)]
fn block_starts(block: &[u8; BLOCK]) -> usize {
    usize::from(block.iter().fold(0u8, |n, &b| n + u8::from(starts_char(b))))
}

/// The high bit of each of eight bytes of UTF-8 that starts a character
/// (is not 10xxxxxx: bit 7 set and bit 6 clear).
fn start_bits(word: &[u8; 8]) -> u64 {
    let v = u64::from_le_bytes(*word);
    !(v & !(v << 1)) & 0x8080_8080_8080_8080
}

/// How many of the [`start_bits`] are set: one bit a byte, summed by one
/// multiplication (baseline x86-64 has no popcount instruction).
fn count_starts(bits: u64) -> usize {
    ((bits >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

impl<'a> CharIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        if text.is_ascii() {
            return CharIndex {
                text,
                len: text.len(),
                marks: Vec::new(),
            };
        }
        let bytes = text.as_bytes();
        let mut marks = Vec::with_capacity(bytes.len() / STRIDE + 1);
        let mut len = 0;
        // Eight bytes at a time: the high bit of each byte that starts a
        // character, counted without a branch per byte (a branch on Arabic
        // text, lead and continuation bytes in turn, is mispredicted often).
        // A word holds at most 8 characters and marks are 16 apart, so a
        // word holds at most one mark.
        let (words, tail) = bytes.as_chunks::<8>();
        for (w, word) in words.iter().enumerate() {
            let starts = start_bits(word);
            let count = count_starts(starts);
            let next = marks.len() * STRIDE;
            if next < len + count {
                let mut rest = starts;
                for _ in 0..next - len {
                    rest &= rest - 1;
                }
                marks.push(w * 8 + rest.trailing_zeros() as usize / 8);
            }
            len += count;
        }
        let tail_at = words.len() * 8;
        for (i, &b) in tail.iter().enumerate() {
            if starts_char(b) {
                if len == marks.len() * STRIDE {
                    marks.push(tail_at + i);
                }
                len += 1;
            }
        }
        CharIndex { text, len, marks }
    }

    /// The byte offset of code point `i`, for `i <= self.len`.
    fn byte_of(&self, i: usize) -> usize {
        if i == self.len {
            return self.text.len();
        }
        if self.marks.is_empty() {
            return i;
        }
        // The width of a character by its lead byte's high nibble, without
        // a branch (a continuation byte is never a lead here).
        const WIDTH: [u8; 16] = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4];
        let bytes = self.text.as_bytes();
        let mut at = self.marks[i / STRIDE];
        for _ in 0..i % STRIDE {
            at += usize::from(WIDTH[usize::from(bytes[at] >> 4)]);
        }
        at
    }

    /// The number of code points.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The text of the half-open code-point range, or `None` out of bounds.
    pub fn slice(&self, start: usize, end: usize) -> Option<&'a str> {
        self.byte_range(start, end).map(|r| &self.text[r])
    }

    /// The bytes of the half-open code-point range, or `None` out of bounds.
    pub fn byte_range(&self, start: usize, end: usize) -> Option<std::ops::Range<usize>> {
        if start > end || end > self.len {
            return None;
        }
        Some(self.byte_of(start)..self.byte_of(end))
    }

    /// Whether the text just before `start` ends with `prefix`, and the text
    /// just after `end` starts with `suffix` (each `true` when not given):
    /// how evidence tells repeated quotes apart, for both `fmt` and the
    /// validator.
    pub fn context_matches(
        &self,
        start: usize,
        end: usize,
        prefix: Option<&str>,
        suffix: Option<&str>,
    ) -> (bool, bool) {
        let before = self.slice(0, start).unwrap_or_default();
        let after = self.slice(end, self.len()).unwrap_or_default();
        (
            prefix.is_none_or(|p| before.ends_with(p)),
            suffix.is_none_or(|s| after.starts_with(s)),
        )
    }

    /// The code-point offset of a byte offset on a character boundary (a
    /// byte inside a character counts as that character).
    pub fn char_offset_of_byte(&self, byte: usize) -> usize {
        if self.marks.is_empty() {
            return byte.min(self.len);
        }
        // The last kept offset below `byte`, then the characters that start
        // between it and `byte`.
        let k = self.marks.partition_point(|&m| m < byte);
        if k == 0 {
            return 0;
        }
        let from = self.marks[k - 1];
        let to = byte.min(self.text.len());
        let between = self.text.as_bytes()[from..to]
            .iter()
            .filter(|&&b| starts_char(b))
            .count();
        ((k - 1) * STRIDE + between).min(self.len)
    }

    /// The code point at `i`, if any.
    pub fn char_at(&self, i: usize) -> Option<char> {
        self.slice(i, i + 1).and_then(|s| s.chars().next())
    }
}

#[cfg(test)]
mod char_index_tests {
    use super::*;

    #[test]
    fn agrees_with_slice() {
        let text = "أستانا 😀 x\nوعُقدت";
        let index = CharIndex::new(text);
        let n = char_len(text);
        assert_eq!(index.len(), n);
        for a in 0..=n + 1 {
            for b in 0..=n + 1 {
                assert_eq!(index.slice(a, b), slice(text, a, b), "{a}..{b}");
            }
        }
        assert_eq!(index.char_at(7), Some('😀'));
        for (i, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_offset_of_byte(byte), i);
        }
        assert_eq!(index.char_at(n), None);
    }

    #[test]
    fn agrees_with_char_indices_on_long_mixed_text() {
        // Every width of UTF-8, and ASCII alone (which keeps no offsets),
        // at lengths around the stride.
        let mixed: &[&str] = &["a", "س", "ُ", "“", "😀", "\n"];
        let ascii: &[&str] = &["a", "b", "\n", " "];
        for (pieces, n) in [mixed, ascii]
            .into_iter()
            .flat_map(|p| [0, 1, 63, 64, 65, 127, 128, 129, 300].map(|n| (p, n)))
        {
            let text: String = (0..n)
                .map(|i| pieces[(i * 7 + i / 5) % pieces.len()])
                .collect();
            let index = CharIndex::new(&text);
            let starts: Vec<usize> = text
                .char_indices()
                .map(|(b, _)| b)
                .chain([text.len()])
                .collect();
            assert_eq!(index.len(), n);
            for a in 0..=n + 1 {
                for b in [a, a + 1, a + 63, a + 64, a + 65, n, n + 1] {
                    let expected = (a <= b && b <= n).then(|| &text[starts[a]..starts[b]]);
                    assert_eq!(index.slice(a, b), expected, "{n}: {a}..{b}");
                }
            }
            for byte in 0..=text.len() + 1 {
                let expected = starts.partition_point(|&s| s < byte).min(n);
                assert_eq!(
                    index.char_offset_of_byte(byte),
                    expected,
                    "{n}: byte {byte}"
                );
            }
        }
    }

    #[test]
    fn agrees_with_char_indices_whatever_the_widths_at_each_word() {
        // The index counts characters eight bytes at a time: every mix of
        // widths must land each kept offset on its character, wherever
        // the character falls in a word (a simple generator, many seeds).
        let pieces = ["a", "\n", "س", "ُ", "«", "“", "ـ", "😀"];
        for seed in 0u64..400 {
            let mut rng = super::TestRng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let text = rng.text(&pieces, (seed % 97) as usize + 1);
            let index = CharIndex::new(&text);
            let starts: Vec<usize> = text
                .char_indices()
                .map(|(b, _)| b)
                .chain([text.len()])
                .collect();
            assert_eq!(index.len(), starts.len() - 1, "seed {seed}");
            for (i, &at) in starts.iter().enumerate() {
                assert_eq!(index.byte_of(i), at, "seed {seed}: code point {i}");
            }
        }
    }

    #[test]
    fn many_ranges_in_one_pass_agree_with_one_at_a_time() {
        // Texts of every width of UTF-8 (and ASCII alone), ranges in any
        // order, repeated, empty, reversed and past the end. Texts run to
        // over a thousand bytes, so that ends fall in and after several
        // of the pass's 64-byte blocks.
        let pieces = ["a", "\n", "س", "ُ", "«", "“", "😀"];
        for seed in 0u64..300 {
            let mut rng = super::TestRng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let n = rng.below(if seed % 2 == 0 { 90 } else { 500 });
            // Every fifth text is ASCII alone ("a" and line breaks).
            let text = rng.text(if seed % 5 == 0 { &pieces[..2] } else { &pieces }, n);
            let len = char_len(&text);
            let ranges: Vec<(usize, usize)> = (0..rng.below(12))
                .map(|_| (rng.below(len + 3), rng.below(len + 3)))
                .collect();
            let expected: Vec<_> = ranges
                .iter()
                .map(|&(a, b)| byte_range(&text, a, b))
                .collect();
            assert_eq!(
                byte_ranges(&text, &ranges),
                expected,
                "seed {seed}: {ranges:?}"
            );
        }
    }

    #[test]
    fn context_of_a_span() {
        // "سوريا من سوريا": the second سوريا (9..14) follows "من ".
        let index = CharIndex::new("سوريا من سوريا");
        assert_eq!(
            index.context_matches(9, 14, Some("من "), None),
            (true, true)
        );
        assert_eq!(
            index.context_matches(0, 5, Some("من "), Some(" من")),
            (false, true)
        );
        assert_eq!(index.context_matches(9, 14, None, Some("x")), (true, false));
        assert_eq!(index.context_matches(0, 5, None, None), (true, true));
    }
}
