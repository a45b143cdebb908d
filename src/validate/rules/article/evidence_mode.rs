//! `evidence-mode`: how each span renders speech, against the quotation
//! marks of the body and the statement's mode.

use super::ArticleContext;
use crate::model::{Fact, SpanMode, StatementMode};
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// A statement renders a speaker's words in the article's own words,
    /// between quotation marks, or both: "the ministry noted that the
    /// situation is changing, “there is a desire to restore relations…”".
    /// Each evidence span of a statement says which it does (`mode`), so
    /// that a reader who wants the speaker's own words keeps the `direct`
    /// spans. A `direct` span lies inside quotation marks (a quotation that
    /// is never closed ends with its paragraph), and the statement's `mode`
    /// agrees with its spans: `direct` when every span is, `reported` when
    /// none is, `mixed` otherwise. (The spans of text notes and entity
    /// mentions render no speech: the schema refuses a mode on them.)
    ///
    /// ```json
    /// "mode": "mixed",
    /// "evidence": [
    ///   { "start": 1161, "end": 1234, "quote": "…", "mode": "reported" },
    ///   { "start": 1237, "end": 1450, "quote": "…", "mode": "direct" }
    /// ]
    /// ```
    id: "evidence-mode",
    severity: Error,
    summary: "A statement's span without a mode, a `direct` span outside quotation marks, or a statement whose mode disagrees with its spans.",
    hint: "Give each span of a statement `mode: direct` (inside quotation marks) or `mode: reported` (the article's own words), and set the statement's `mode` to `direct`, `reported` or `mixed` to match its spans.",
    fixture: include_str!("evidence_mode.fixture.json"),
}

/// Every span's mode.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    // The body's quotations are found only when some span claims to be in
    // one.
    let mut quotations = None;
    // Only the evidence of facts has a mode: the schema refuses one on the
    // spans of text notes and entity mentions.
    for (i, fact) in ctx.article.facts.iter().enumerate() {
        for (j, span) in fact.evidence().iter().enumerate() {
            if span.mode != Some(SpanMode::Direct) {
                continue;
            }
            let quotations =
                quotations.get_or_insert_with(|| crate::text::quotations(ctx.body_text()));
            if !crate::text::within_quotation(quotations, span.start as usize, span.end as usize)
            {
                out.push(
                    Draft::new(
                        Rule::EvidenceMode,
                        format!("/facts/{i}/evidence/{j}/mode"),
                        format!(
                            "`{}` is marked `direct` but does not lie inside quotation marks",
                            super::excerpt(&span.quote)
                        ),
                    )
                    .hint(format!(
                        "Mark it `reported`, or cut the span to the quoted words; the fact is `{}`.",
                        fact.id()
                    )),
                );
            }
        }
    }
    for (i, fact) in ctx.article.facts.iter().enumerate() {
        let Fact::Statement(s) = fact else { continue };
        let (mut direct, mut reported) = (0, 0);
        for (j, span) in s.evidence.iter().enumerate() {
            match span.mode {
                Some(SpanMode::Direct) => direct += 1,
                Some(_) => reported += 1,
                None => out.push(Draft::new(
                    Rule::EvidenceMode,
                    format!("/facts/{i}/evidence/{j}"),
                    format!(
                        "a span of statement `{}` does not say whether it quotes or reports (`mode`)",
                        s.id
                    ),
                )),
            }
        }
        let agrees = match s.mode {
            StatementMode::Direct => reported == 0,
            StatementMode::Reported => direct == 0,
            _ => direct > 0 && reported > 0,
        };
        if !agrees {
            out.push(Draft::new(
                Rule::EvidenceMode,
                format!("/facts/{i}/mode"),
                format!(
                    "statement `{}` is `{}`, but {direct} of its spans are direct and {reported} reported",
                    s.id, s.mode
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Evidence};

    const BASE: &str =
        include_str!("../../../../tests/fixtures/valid/base/articles/test-outlet/test-article.json");

    /// The base article with a quotation in its statement's sentence, and
    /// the statement citing only the reported words before it.
    fn article() -> Article {
        let mut a: Article = serde_json::from_str(BASE).unwrap();
        a.body = a
            .body
            .replace("إن الاجتماع كان ناجحاً", "“الاجتماع كان ناجحاً”");
        let reported = span(&a.body, "وقال المتحدث", SpanMode::Reported);
        statement(&mut a).evidence[0] = reported;
        a
    }

    fn span(body: &str, quote: &str, mode: SpanMode) -> Evidence {
        let start = crate::text::find_all(body, quote)[0];
        Evidence {
            mode: Some(mode),
            ..Evidence::new(start as u32, (start + quote.chars().count()) as u32, quote)
        }
    }

    fn statement(a: &mut Article) -> &mut crate::model::Statement {
        a.facts
            .iter_mut()
            .find_map(|f| match f {
                Fact::Statement(s) => Some(s),
                _ => None,
            })
            .unwrap()
    }

    fn messages(a: &Article) -> Vec<String> {
        let ctx = ArticleContext::new("a.json", a);
        let mut out = Vec::new();
        check(&ctx, &mut out);
        out.iter().map(|d| format!("{} {}", d.pointer, d.message)).collect()
    }

    #[test]
    fn a_mixed_statement_cites_each_part_in_its_mode() {
        let mut a = article();
        let body = a.body.clone();
        let s = statement(&mut a);
        s.mode = StatementMode::Mixed;
        s.evidence
            .push(span(&body, "الاجتماع كان ناجحاً", SpanMode::Direct));
        assert_eq!(messages(&a), Vec::<String>::new());
        // The same words with their quotation marks are still inside.
        statement(&mut a).evidence[1] = span(&body, "“الاجتماع كان ناجحاً”", SpanMode::Direct);
        assert_eq!(messages(&a), Vec::<String>::new());
    }

    #[test]
    fn each_disagreement_is_named() {
        let mut a = article();
        let s = statement(&mut a);
        s.mode = StatementMode::Direct;
        s.evidence[0].mode = Some(SpanMode::Direct);
        s.evidence.push(Evidence::new(0, 6, "أستانا"));
        let found = messages(&a);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("/facts/2/evidence/0/mode `وقال المتحدث` is marked `direct`"));
        assert!(found[1].starts_with("/facts/2/evidence/1 a span of statement"));
        // Mixed needs both kinds of span.
        let s = statement(&mut a);
        s.evidence.truncate(1);
        s.evidence[0].mode = Some(SpanMode::Reported);
        s.mode = StatementMode::Mixed;
        assert_eq!(
            messages(&a),
            ["/facts/2/mode statement `spokesperson-success` is `mixed`, but 0 of its spans are direct and 1 reported"]
        );
    }
}
