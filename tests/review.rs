//! The reviewer site's segments: for every evidence span of the shipped
//! data and of the valid fixtures, the text of the segments that carry it,
//! in order, is exactly its quote; and the cut is flat (segments tile the
//! body with no gap or overlap).
#![cfg(feature = "review")]

use std::path::{Path, PathBuf};

use astana_corpus::review::segments;
use astana_corpus::Corpus;

fn folders() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("data")];
    let mut valid: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures/valid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    valid.sort();
    dirs.extend(valid);
    dirs
}

#[test]
fn the_segments_of_every_span_spell_its_quote() {
    let mut checked = 0;
    for dir in folders() {
        let corpus = Corpus::from_dir(&dir).unwrap();
        for article in corpus.articles() {
            let chars: Vec<char> = article.body.chars().collect();
            let mut spans = Vec::new();
            let mut quotes = Vec::new();
            for fact in &article.facts {
                for e in fact.evidence() {
                    spans.push((e.start as usize, e.end as usize));
                    quotes.push(e.quote.as_str());
                }
                for m in fact.entity_mentions() {
                    spans.push((m.evidence.start as usize, m.evidence.end as usize));
                    quotes.push(m.evidence.quote.as_str());
                }
            }
            let cut = segments(chars.len(), &spans);
            // Flat: the segments tile the body.
            assert_eq!(cut.first().map(|s| s.start), Some(0));
            assert_eq!(cut.last().map(|s| s.end), Some(chars.len()));
            for pair in cut.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
                assert!(pair[0].start < pair[0].end);
            }
            for (i, quote) in quotes.iter().enumerate() {
                let text: String = cut
                    .iter()
                    .filter(|s| s.spans.contains(&i))
                    .flat_map(|s| chars[s.start..s.end].iter())
                    .collect();
                assert_eq!(&text, quote, "{}: span {i}", dir.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "{checked} spans");
}

#[test]
fn overlapping_and_nested_spans_cut_into_flat_segments() {
    let cut = segments(10, &[(0, 6), (3, 10), (4, 5), (7, 7), (8, 12)]);
    let view: Vec<(usize, usize, Vec<usize>)> =
        cut.into_iter().map(|s| (s.start, s.end, s.spans)).collect();
    assert_eq!(
        view,
        [
            (0, 3, vec![0]),
            (3, 4, vec![0, 1]),
            (4, 5, vec![0, 1, 2]),
            (5, 6, vec![0, 1]),
            (6, 10, vec![1]),
        ]
    );
    assert_eq!(segments(0, &[]), []);
}
