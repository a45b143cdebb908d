//! `evidence-splits-grapheme`: a span that cuts a letter from its marks.

use super::ArticleContext;
use std::ops::Range;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Arabic harakat (U+064B–U+065F, U+0670), other combining marks, the
    /// zero-width joiner and variation selectors belong to the character
    /// before them. A span that starts on one, or ends just before one,
    /// quotes half a letter: what a reader sees highlighted is not what the
    /// quote holds.
    id: "evidence-splits-grapheme",
    severity: Error,
    summary: "An evidence span that starts on a combining mark (such as an Arabic haraka, U+064B–U+065F or U+0670) or ends just before one, cutting a letter from its marks.",
    hint: "Move `start` back to the letter that carries the mark, or `end` past the marks that follow; quote whole letters.",
    fixture: include_str!("evidence_splits_grapheme.fixture.json"),
}

/// Every span whose quote matches the body.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    for span in ctx.spans() {
        let Some(bytes) = span.bytes.clone().filter(|_| span.quote_matches) else {
            continue;
        };
        if let Some(message) = splits_grapheme(ctx.body_text(), bytes) {
            out.push(Draft::new(
                Rule::EvidenceSplitsGrapheme,
                span.site.pointer(),
                message,
            ));
        }
    }
}

/// Why the span at `bytes` of `body` cuts a letter from its marks, if it
/// does: it starts on a combining mark or joiner, or the character after it
/// is one.
fn splits_grapheme(body: &str, bytes: Range<usize>) -> Option<String> {
    let joins = |c: char| {
        unicode_normalization::char::is_combining_mark(c)
            || c == '\u{200D}'
            || ('\u{FE00}'..='\u{FE0F}').contains(&c)
    };
    if bytes.start < bytes.end {
        if let Some(first) = body[bytes.start..].chars().next().filter(|c| joins(*c)) {
            return Some(format!(
                "the span starts on U+{:04X}, a mark that belongs to the letter before it",
                u32::from(first)
            ));
        }
    }
    if let Some(next) = body[bytes.end..].chars().next().filter(|c| joins(*c)) {
        return Some(format!(
            "the span ends just before U+{:04X}, a mark that belongs to its last letter",
            u32::from(next)
        ));
    }
    None
}
