//! Benchmarks of the validator's hot paths, through its public entry
//! points, so that regressions show: one article end to end, the JSON
//! Pointer locator (an article with many findings), a folder of a
//! thousand articles (the cross-file index), and the first use of
//! `Corpus::embedded()`. `cargo bench --bench hot_paths`. Whole-corpus
//! figures against the floor and the peers come from `bench/run.sh`.

use astana_corpus::validate::{validate_dir, validate_document, Limits, Schemas};
use divan::{black_box, Bencher};

const ARTICLE_PATH: &str = "articles/realist-arabic/realist-arabic-7087a378d90ed0f8.json";

fn article_text() -> &'static str {
    astana_corpus::embedded::files()
        .iter()
        .find(|(p, _)| *p == ARTICLE_PATH)
        .map(|(_, t)| *t)
        .expect("the shipped article")
}

fn main() {
    divan::main();
}

/// Every per-file rule on the shipped article (30 facts, 4 KB of Arabic).
#[divan::bench]
fn one_article_end_to_end(bencher: Bencher) {
    let schemas = Schemas::compile().expect("schemas compile");
    let bytes = article_text().as_bytes();
    bencher.bench(|| {
        validate_document(
            black_box(ARTICLE_PATH),
            black_box(bytes),
            &schemas,
            &Limits::default(),
        )
    });
}

/// The same article with one broken evidence span: the slow path that
/// explains the failure.
#[divan::bench]
fn one_invalid_article(bencher: Bencher) {
    let schemas = Schemas::compile().expect("schemas compile");
    let text = article_text().replacen("\"start\": ", "\"start\": -", 1);
    bencher.bench(|| {
        validate_document(
            ARTICLE_PATH,
            black_box(text.as_bytes()),
            &schemas,
            &Limits::default(),
        )
    });
}

/// The article with every evidence quote broken (dozens of findings): each
/// finding is located at its line and column (one pass over the text).
#[divan::bench]
fn article_with_many_findings(bencher: Bencher) {
    let schemas = Schemas::compile().expect("schemas compile");
    let text = article_text().replace("\"quote\": \"", "\"quote\": \"x");
    bencher.bench(|| {
        let findings = validate_document(
            ARTICLE_PATH,
            black_box(text.as_bytes()),
            &schemas,
            &Limits::default(),
        );
        assert!(findings.len() >= 27, "{}", findings.len());
        findings
    });
}

/// A folder of the shipped registry and 1,000 copies of the article (with
/// distinct ids): reading, the per-article rules and the cross-file index.
#[divan::bench(sample_count = 10)]
fn folder_of_a_thousand_articles(bencher: Bencher) {
    let dir = std::env::temp_dir().join(format!("astana-bench-{}", std::process::id()));
    let articles = dir.join("articles/x");
    std::fs::create_dir_all(&articles).expect("temporary folder");
    for (path, text) in astana_corpus::embedded::files() {
        if !path.starts_with("articles/") {
            std::fs::write(dir.join(path), text).expect("write");
        }
    }
    let id = "realist-arabic-7087a378d90ed0f8";
    for n in 0..1000 {
        let text = article_text().replacen(id, &format!("x-{n:04}"), 1);
        std::fs::write(articles.join(format!("x-{n:04}.json")), text).expect("write");
    }
    bencher.bench(|| black_box(validate_dir(&dir).expect("validates").files));
    std::fs::remove_dir_all(&dir).expect("remove the temporary folder");
}

/// What the first call to `Corpus::embedded()` costs: parsing and indexing
/// the shipped data (`try_embedded` runs exactly this once, then caches it).
#[divan::bench]
fn embedded_corpus_first_use() -> usize {
    let corpus = astana_corpus::Corpus::from_files(
        black_box(astana_corpus::embedded::files()).iter().copied(),
    )
    .expect("the shipped data loads");
    corpus.articles().len()
}

/// Every later call to `Corpus::embedded()`: the cached corpus.
#[divan::bench]
fn embedded_corpus_later_use() -> usize {
    astana_corpus::Corpus::embedded().articles().len()
}
