//! `evidence-quote-mismatch`: the body between the offsets is not the quote.

use super::{excerpt, ArticleContext};
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Every span carries its offsets and the exact words they cut from the
    /// body, and the two must agree: `body[start..end] == quote`, counted in
    /// code points (not UTF-8 bytes, not UTF-16 units). A `prefix` or
    /// `suffix`, which tells repeated quotes apart, must match the text
    /// around the span too. A mismatch usually means offsets computed in
    /// another unit, or a body edited after the spans were placed.
    id: "evidence-quote-mismatch",
    severity: Error,
    summary: "The body's text between `start` and `end` differs from `quote` (or from the given `prefix`/`suffix`).",
    hint: "Offsets count Unicode code points, not UTF-8 bytes or UTF-16 units. Remove `start` and `end` and run `astana-corpus fmt` to recompute them from the quote.",
    fixture: include_str!("evidence_quote_mismatch.fixture.json"),
}

/// Every span of the article that lies within the body.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    let body = ctx.body_text();
    for span in ctx.spans() {
        let Some(bytes) = span.bytes.clone() else {
            continue;
        };
        let (site, e) = (span.site, span.evidence);
        if !span.quote_matches {
            out.push(
                Draft::new(
                    Rule::EvidenceQuoteMismatch,
                    format!("{}/quote", site.pointer()),
                    format!(
                        "body[{}..{}] is \"{}\", not the quote",
                        e.start,
                        e.end,
                        excerpt(&body[bytes])
                    ),
                )
                .hint(ctx.relocate_hint(&e.quote)),
            );
            continue;
        }
        if e.prefix.as_deref().is_some_and(|p| !body[..bytes.start].ends_with(p)) {
            out.push(Draft::new(
                Rule::EvidenceQuoteMismatch,
                format!("{}/prefix", site.pointer()),
                "the text before the span does not end with `prefix`",
            ));
        }
        if e.suffix.as_deref().is_some_and(|s| !body[bytes.end..].starts_with(s)) {
            out.push(Draft::new(
                Rule::EvidenceQuoteMismatch,
                format!("{}/suffix", site.pointer()),
                "the text after the span does not start with `suffix`",
            ));
        }
    }
}
