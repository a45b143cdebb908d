//! Benchmarks of the validator's hot paths, so that regressions show:
//! one article end to end, the JSON Pointer locator, the cross-file index,
//! and the first use of `Corpus::embedded()`. `cargo bench --bench
//! hot_paths`. Whole-corpus figures against the
//! floor and the peers come from `bench/run.sh`.

use astana_corpus::model::{Article, EntitiesFile};
use astana_corpus::validate::cross::{scan_article, Index};
use astana_corpus::validate::{locate, validate_document, Draft, Limits, Rule, Schemas};
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

/// Every per-file rule on the shipped article (27 facts, 4 KB of Arabic).
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

/// Locating 30 JSON Pointers in the article.
#[divan::bench]
fn locate_thirty_pointers(bencher: Bencher) {
    let text = article_text();
    let drafts: Vec<Draft> = (0..30)
        .map(|i| {
            Draft::new(
                Rule::Schema,
                format!("/facts/{}/evidence/0/quote", i % 27),
                "x",
            )
        })
        .collect();
    bencher.bench(|| locate(ARTICLE_PATH, black_box(text.as_bytes()), drafts.clone()));
}

/// Summarising 1,000 copies of the article and running the cross-file
/// rules over them.
#[divan::bench]
fn cross_file_index_of_a_thousand_articles(bencher: Bencher) {
    let registry_file: EntitiesFile =
        serde_json::from_str(astana_corpus::embedded::files()[1].1).expect("registry");
    let article: Article = serde_json::from_str(article_text()).expect("article");
    bencher.bench(|| {
        let mut index = Index::default();
        index.add_registry("entities.json", &registry_file);
        for n in 0..1000 {
            let mut drafts = Vec::new();
            let summary = scan_article(&article, index.registry(), &mut drafts);
            index.add_article(&format!("articles/x/{n}.json"), summary);
        }
        black_box(index.check().len())
    });
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
