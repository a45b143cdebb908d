//! Properties every shipped file must keep: evidence spans equal their
//! quotes, the body is the received text unchanged, and files are in
//! canonical form (parse then serialise gives back the same bytes).

use astana_corpus::model::{Article, EntitiesFile, Manifest};
use astana_corpus::{embedded, text, Corpus};

#[test]
fn every_evidence_span_equals_its_quote() {
    let mut spans = 0;
    for article in Corpus::embedded().articles() {
        let evidence = article
            .facts
            .iter()
            .flat_map(|f| f.evidence().iter().map(move |e| (f.id().to_string(), e)))
            .chain(
                article
                    .text_notes
                    .iter()
                    .flat_map(|n| n.evidence.iter().map(|e| ("text note".to_owned(), e))),
            );
        for (owner, e) in evidence {
            let got = text::slice(&article.body, e.start as usize, e.end as usize);
            assert_eq!(got, Some(e.quote.as_str()), "{}: {owner}", article.id);
            // Cross-check with an independent count of code points.
            let chars: Vec<char> = article.body.chars().collect();
            let independent: String = chars[e.start as usize..e.end as usize].iter().collect();
            assert_eq!(independent, e.quote);
            spans += 1;
        }
        for fact in &article.facts {
            assert!(!fact.evidence().is_empty(), "{} has no evidence", fact.id());
        }
    }
    assert!(spans >= 30, "only {spans} spans checked");
}

#[test]
fn body_is_the_received_text_verbatim() {
    let received = include_str!("fixtures/received/realist-arabic-7087a378d90ed0f8.txt");
    let article = Corpus::embedded()
        .article("realist-arabic-7087a378d90ed0f8")
        .unwrap();
    assert_eq!(article.body, received);
    assert_eq!(article.body_chars(), 2146);
}

#[test]
fn files_are_canonical_and_round_trip() {
    for (path, source) in embedded::files() {
        let reserialised = match *path {
            "manifest.json" => reserialise::<Manifest>(source),
            "entities.json" => reserialise::<EntitiesFile>(source),
            "retired.json" => reserialise::<astana_corpus::model::RetiredFile>(source),
            _ => reserialise::<Article>(source),
        };
        assert!(
            reserialised == *source,
            "{path} is not in canonical form (2-space indent, field order of the types, trailing newline)"
        );
    }
}

fn reserialise<T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug>(
    source: &str,
) -> String {
    let value: T = serde_json::from_str(source).unwrap();
    let mut text = serde_json::to_string_pretty(&value).unwrap();
    text.push('\n');
    let again: T = serde_json::from_str(&text).unwrap();
    assert_eq!(again, value, "values differ after a round trip");
    text
}

#[test]
fn loading_from_the_folder_equals_the_embedded_corpus() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let from_disk = Corpus::from_dir(dir).unwrap();
    let embedded = Corpus::embedded();
    assert_eq!(from_disk.articles(), embedded.articles());
    assert_eq!(from_disk.entities(), embedded.entities());
    assert_eq!(from_disk.retired(), embedded.retired());
    assert!(embedded.retired().is_some());
    assert_eq!(from_disk.manifest(), embedded.manifest());
}

#[test]
fn load_errors_name_file_line_and_column() {
    let manifest = embedded::files()[0].1;
    let entities = "{\n  \"$schema\": \"x\",\n  \"schema_version\": 3,\n  \"entities\": [\n    {\"id\": 5}\n  ]\n}\n";
    let err =
        Corpus::from_files([("manifest.json", manifest), ("entities.json", entities)]).unwrap_err();
    assert_eq!(err.path, "entities.json");
    let at = err.position.expect("a position");
    assert_eq!(at.line, 5);
    assert!(at.column > 0);
    assert!(err.to_string().starts_with("entities.json:5:"), "{err}");

    let future = manifest.replace("\"schema_version\": 3", "\"schema_version\": 4");
    let err = Corpus::from_files([
        ("manifest.json", future.as_str()),
        ("entities.json", entities),
    ])
    .unwrap_err();
    assert!(
        err.message.contains("schema_version 4 is not supported"),
        "{err}"
    );
    assert!(!err.message.contains("migrate"), "{err}");

    // An older file is told how to upgrade.
    let past = manifest.replace("\"schema_version\": 3", "\"schema_version\": 2");
    let err = Corpus::from_files([
        ("manifest.json", past.as_str()),
        ("entities.json", entities),
    ])
    .unwrap_err();
    assert!(err.message.contains("run `astana-corpus migrate`"), "{err}");
}
