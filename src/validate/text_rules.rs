//! The text of every string value of a document, wherever it sits
//! (bodies, names, summaries, quotes, notes), for the rules
//! `text-not-nfc` and `text-control-char`: one fast pass that asks whether
//! a string could break either, and the rules' own checks for the few
//! that could.

use super::finding::Draft;
use super::rules::document::text_control_char;
use super::rules::document::text_not_nfc::{self, arabic_table, is_nfc};
use super::scan;

/// Whether a string breaks either text rule (the quick question, asked of
/// every string; [`check_string`] then says how, for the few that do).
///
/// One pass over the bytes. Runs of bytes that can only belong to
/// characters in NFC with combining class 0 and no control (printable
/// ASCII, Arabic letters and digits) are skipped 16 at a time with
/// comparisons the compiler turns into SIMD; each other character is
/// decided on its own: the Arabic block from a table, Latin and general
/// punctuation (but U+2000 and U+2001) from the decoded character, anything
/// else by the library.
pub fn has_problem(s: &str) -> bool {
    !all_plain(s.as_bytes()) && has_problem_after(s, 0)
}

/// [`has_problem`] for a string whose first `plain` bytes are known to be
/// plain ([`is_plain_byte`]): the pass starts there.
pub(super) fn has_problem_after(s: &str, plain: usize) -> bool {
    let bytes = s.as_bytes();
    let table = arabic_table();
    // Canonical combining class of the character before `at`: the plain
    // bytes hold whole characters of class 0, or none.
    let mut last_class = 0u8;
    let mut at = plain.min(bytes.len());
    loop {
        let run_from = at;
        at = skip_runs(bytes, at, is_plain_byte);
        while bytes.get(at).is_some_and(|&b| is_plain_byte(b)) {
            at += 1;
        }
        if at >= bytes.len() {
            return false;
        }
        // Decide the character that holds byte `at` on its own. The run may
        // have ended inside it (a plain lead byte, a mark's continuation).
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        if at > run_from {
            // The run held whole characters, all of combining class 0.
            last_class = 0;
        }
        let Some(c) = s[at..].chars().next() else {
            return slow_problem(s);
        };
        let code = u32::from(c);
        let class = if (0x600..0x700).contains(&code) {
            let (yes, class) = table[(code - 0x600) as usize];
            if !yes || (class != 0 && last_class > class) {
                return slow_problem(s);
            }
            class
        } else if code < 0x300 || (0x2002..0x2070).contains(&code) {
            // NFC quick check Yes, combining class 0; controls aside. (En
            // quad and em quad, U+2000 and U+2001, decompose to U+2002 and
            // U+2003: the library decides them.)
            if text_control_char::is_forbidden(c) {
                return true;
            }
            0
        } else {
            return slow_problem(s);
        };
        last_class = class;
        at += c.len_utf8();
    }
}

/// Whether every byte of `bytes` is plain ([`is_plain_byte`]), sixteen at
/// a time, with no byte-by-byte tail: a shorter string is padded with
/// spaces, and a longer one's last sixteen bytes are checked again as one
/// run. Most strings, ids and quotes and bodies, pass here whole.
fn all_plain(bytes: &[u8]) -> bool {
    const RUN: usize = 16;
    let run_is_plain = |run: &[u8; RUN]| run_all(run, is_plain_byte);
    if let Some(last) = bytes.last_chunk::<RUN>() {
        let (runs, _) = bytes.as_chunks::<RUN>();
        runs.iter().all(run_is_plain) && run_is_plain(last)
    } else {
        let mut padded = [b' '; RUN];
        padded[..bytes.len()].copy_from_slice(bytes);
        run_is_plain(&padded)
    }
}

/// Whether `keep` holds for all sixteen bytes of `run`: a fixed-size run
/// compiles to vector comparisons and one sum.
#[inline(always)]
fn run_all(run: &[u8; 16], keep: impl Fn(u8) -> bool) -> bool {
    run.iter().fold(0u8, |n, &b| n + u8::from(keep(b))) == 16
}

/// Where the whole sixteen-byte runs from `at` on for which `keep` holds
/// end; the bytes after (a run with one that fails, or fewer than sixteen)
/// are the caller's to look at one by one.
#[inline(always)]
pub(super) fn skip_runs(bytes: &[u8], mut at: usize, keep: impl Fn(u8) -> bool + Copy) -> usize {
    while let Some(run) = bytes.get(at..).and_then(|b| b.first_chunk::<16>()) {
        if !run_all(run, keep) {
            break;
        }
        at += 16;
    }
    at
}

/// Whether a byte can only be part of a character that is in NFC, has
/// combining class 0 and breaks no text rule, whatever its neighbours:
/// printable ASCII, line feed, tab, the lead bytes of U+0600–U+067F and
/// the continuation bytes that never complete an Arabic mark there
/// (U+0610–U+061A, U+064B–U+065F and U+0670 are marks). A continuation
/// byte after any other lead byte is never reached here: that lead byte
/// is not plain, and its character is decided whole.
// Without branches (`|`, wrapping range tests), so that a run of bytes
// compiles to vector comparisons.
pub(super) const fn is_plain_byte(b: u8) -> bool {
    (b.wrapping_sub(0x20) < 0x5F)
        | (b == b'\n')
        | (b == b'\t')
        | (b & 0xFE == 0xD8)
        | (b.wrapping_sub(0x80) < 0x0B)
        | (b.wrapping_sub(0xA0) < 0x10)
        | (b.wrapping_sub(0xB1) < 0x0F)
}

/// [`has_problem`] by the library, for text outside the tables.
fn slow_problem(s: &str) -> bool {
    !is_nfc(s) || s.chars().any(text_control_char::is_forbidden)
}

/// Adds the findings of both text rules on one string at `pointer`.
pub fn check_string(s: &str, pointer: &str, out: &mut Vec<Draft>) {
    if !has_problem(s) {
        return;
    }
    text_not_nfc::check(s, pointer, out);
    text_control_char::check(s, pointer, out);
}

/// The findings of both text rules on every string value of `text`, which
/// must be valid JSON: one pass that only asks [`has_problem`], and a second
/// that builds pointers only when the first found something. The fast path
/// asks the same question as it deserialises (`strict`), so this runs only
/// for documents that took the slow path.
pub fn findings(text: &str) -> Vec<Draft> {
    struct Pass {
        pointers: bool,
        found: bool,
        drafts: Vec<Draft>,
    }
    impl scan::Visitor for Pass {
        fn value(&mut self, _: &str, _: scan::Spot) {}
        fn duplicate_key(&mut self, _: &str, _: &str, _: usize) {}
        fn wants_pointers(&self) -> bool {
            self.pointers
        }
        fn string(&mut self, pointer: &str, raw: &str) {
            let decoded = scan::decode_string_raw(raw);
            if self.pointers {
                check_string(&decoded, pointer, &mut self.drafts);
            } else if has_problem(&decoded) {
                self.found = true;
            }
        }
    }
    let mut pass = Pass {
        pointers: false,
        found: false,
        drafts: Vec::new(),
    };
    scan::walk(text, &mut pass);
    if pass.found {
        pass.pointers = true;
        scan::walk(text, &mut pass);
    }
    pass.drafts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Rule;
    use unicode_normalization::UnicodeNormalization;

    fn rules(value: serde_json::Value) -> Vec<(Rule, String)> {
        let text = value.to_string();
        super::findings(&text)
            .into_iter()
            .map(|d| (d.rule, d.pointer))
            .collect()
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
    fn escaped_controls_are_seen_decoded() {
        let found = super::findings(r#"{"a": "x\u202Ey"}"#);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, Rule::TextControlChar);
    }

    #[test]
    fn the_quick_question_agrees_with_the_slow_one() {
        let slow =
            |s: &str| !s.chars().eq(s.nfc()) || s.chars().any(text_control_char::is_forbidden);
        let pieces = [
            "a", "أ", "\u{064E}", "\u{0651}", "\u{0653}", "“", "\u{202E}", "\u{2066}", "\u{2000}",
            "e\u{301}", "é", "\u{85}", "\r", "😀", "\u{FEFF}", " ",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("ب{a}{b}{c}");
                    assert_eq!(has_problem(&s), slow(&s), "{s:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn the_byte_pass_agrees_with_the_library_on_any_text(
            s in "[a\\n\\t\\x00-\\x1f\\x7f\\u{80}-\\u{9f}é\\u{300}-\\u{36f}\\u{600}-\\u{6ff}\\u{2000}-\\u{206f}\\u{fb50}-\\u{fdff}\\u{1f600}]{0,40}"
        ) {
            let slow = !s.chars().eq(s.nfc()) || s.chars().any(text_control_char::is_forbidden);
            proptest::prop_assert_eq!(has_problem(&s), slow, "{:?}", s);
        }
    }

    #[test]
    fn marks_are_seen_wherever_a_plain_run_ends() {
        // Out of canonical order (shadda then fatha), a decomposed letter,
        // a bidi override: after plain runs of every length around the
        // 16-byte step, in Arabic (two bytes a letter) and ASCII.
        for bad in [
            "\u{651}\u{64E}",
            "e\u{301}",
            "\u{202E}",
            "\u{7}",
            "\u{627}\u{653}",
        ] {
            for n in 0..40 {
                for plain in ["ب", "a", "،"] {
                    let s = format!("{}{bad}{}", plain.repeat(n), plain.repeat(n % 7));
                    assert!(has_problem(&s), "{s:?}");
                }
            }
        }
        for n in 0..40 {
            let s = format!("{}\u{64E}\u{651}، ب؟", "ب".repeat(n));
            assert!(!has_problem(&s), "{s:?}");
        }
    }

    #[test]
    fn arabic_harakat_in_nfc_pass() {
        assert!(rules(serde_json::json!("وعُقدت")).is_empty());
    }

    #[test]
    fn the_arabic_table_agrees_with_the_library() {
        let library = |s: &str| s.chars().eq(s.nfc());
        for code in 0x600u32..0x700 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            for s in [
                c.to_string(),
                format!("ب{c}"),
                format!("ب{c}\u{064E}"),
                format!("ب\u{0651}{c}"),
                format!("{c}\u{0651}\u{064E}"),
            ] {
                assert_eq!(is_nfc(&s), library(&s), "{s:?}");
            }
        }
        // Shadda before fatha is out of canonical order.
        assert!(!is_nfc("ب\u{0651}\u{064E}"));
        assert!(is_nfc("ب\u{064E}\u{0651}"));
    }
}
