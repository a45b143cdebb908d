//! Properties of the model and of `fmt`, over generated values: a document
//! survives serialise → parse unchanged, and the offsets `fmt` computes
//! always cut exactly the quote out of the body.
#![cfg(feature = "edit")]

use astana_corpus::format::place;
use astana_corpus::model::{Article, DateValue, Evidence, Fact};
use astana_corpus::text;
use proptest::prelude::*;

/// Characters that stress offsets: Arabic letters and harakat (2 UTF-8
/// bytes), ASCII, an emoji (4 bytes, 2 UTF-16 units), line breaks.
fn body_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec!['أ', 'س', 'ت', 'ا', 'ن', 'ي', 'ه', 'ر', ' ']),
        1 => prop::sample::select(vec!['\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{064B}']),
        2 => prop::sample::select(vec!['a', 'b', ' ', '.', ',', '"', '\\', '\n']),
        1 => prop::sample::select(vec!['😀', '“', '–']),
    ]
}

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(body_char(), 1..200).prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn placed_offsets_always_cut_the_quote(body in body(), a in 0usize..200, len in 1usize..40, context in 0usize..12) {
        let n = text::char_len(&body);
        let start = a % n;
        let end = (start + len).min(n);
        let quote = text::slice(&body, start, end).unwrap().to_owned();
        let prefix = text::slice(&body, start.saturating_sub(context), start).unwrap().to_owned();
        let prefix = (!prefix.is_empty()).then_some(prefix);
        match place(&body, &quote, prefix.as_deref(), None) {
            Ok((s, e)) => {
                prop_assert_eq!(text::slice(&body, s, e), Some(quote.as_str()));
                // A unique placement is the span the quote was cut from.
                let occurrences = text::find_all(&body, &quote).into_iter().filter(|&o| {
                    prefix.as_deref().is_none_or(|p| text::slice(&body, 0, o).unwrap().ends_with(p))
                }).count();
                prop_assert_eq!(occurrences, 1);
            }
            Err((message, _)) => prop_assert!(message.contains("times"), "{}", message),
        }
    }

    #[test]
    fn articles_round_trip_through_json(body in body(), spans in prop::collection::vec((0usize..200, 1usize..30), 1..5), title in prop::option::of("[a-zA-Zأ-ي ]{0,20}"), round in prop::option::of(0u32..=u32::MAX)) {
        let n = text::char_len(&body);
        let evidence: Vec<Evidence> = spans.iter().map(|&(a, len)| {
            let start = a % n;
            let end = (start + len).min(n);
            Evidence::new(start as u32, end as u32, text::slice(&body, start, end).unwrap())
        }).collect();
        let mut article: Article = serde_json::from_str(include_str!("fixtures/valid/base/articles/test-outlet/test-article.json")).unwrap();
        article.body = body;
        article.title = title;
        for fact in &mut article.facts {
            *fact.evidence_mut() = evidence.clone();
            if let Fact::Meeting(m) = fact {
                m.round = round;
                m.date = DateValue { note: Some("generated".into()), ..m.date.clone() };
            }
        }
        let text = serde_json::to_string_pretty(&article).unwrap();
        let again: Article = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&again, &article);
        prop_assert_eq!(serde_json::to_string_pretty(&again).unwrap(), text);
        for fact in &again.facts {
            for e in fact.evidence() {
                prop_assert_eq!(again.span_text(e), Some(e.quote.as_str()));
            }
        }
    }
}
