//! `evidence-out-of-bounds`: a span outside the body.

use super::ArticleContext;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Evidence offsets are half-open code-point offsets into the body. A
    /// span that ends past the body, or starts after it ends, quotes
    /// nothing; the hint says where the quote really is when it occurs.
    id: "evidence-out-of-bounds",
    severity: Error,
    summary: "An evidence span that lies outside the body, or ends before it starts.",
    hint: "Offsets count Unicode code points into `body` (Python: body[start:end]); run `astana-corpus fmt` after removing `start` and `end` to recompute them from the quote.",
    fixture: include_str!("evidence_out_of_bounds.fixture.json"),
}

/// Every span of the article.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    for span in ctx.spans() {
        if span.bytes.is_some() {
            continue;
        }
        let e = span.evidence;
        let (start, end) = (e.start, e.end);
        let what = if start > end {
            format!("`start` ({start}) is after `end` ({end})")
        } else {
            format!(
                "`end` ({end}) is past the end of the body ({} code points)",
                ctx.body_len()
            )
        };
        out.push(
            Draft::new(Rule::EvidenceOutOfBounds, span.site.pointer(), what)
                .hint(ctx.relocate_hint(&e.quote)),
        );
    }
}
