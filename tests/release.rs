//! The release archive and the release metadata: the archive is the same
//! bytes every time, its entries are sorted, owned by 0:0, timed at the
//! manifest's release day and relative; CITATION.cff, .zenodo.json and
//! Croissant give the manifest's version and release day, and .zenodo.json
//! uses only fields Zenodo's deposit metadata defines, with valid values.
#![cfg(feature = "bundle")]

use std::io::Read as _;

use astana_corpus::bundle::{archive, bundle_files};
use astana_corpus::{embedded, Corpus};
use serde_json::Value;

fn files() -> Vec<(String, Vec<u8>)> {
    let data: Vec<(String, Vec<u8>)> = embedded::files()
        .iter()
        .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
        .collect();
    bundle_files(Corpus::embedded(), &data).unwrap()
}

fn released() -> chrono::NaiveDate {
    Corpus::embedded()
        .manifest()
        .released
        .unwrap()
        .first_day()
        .unwrap()
}

#[test]
fn the_archive_is_reproducible_sorted_and_relative() {
    let files = files();
    let manifest = Corpus::embedded().manifest();
    let a = archive(&files, &manifest.version, released()).unwrap();
    let b = archive(&files, &manifest.version, released()).unwrap();
    assert_eq!(a, b, "two archives of the same files differ");
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(a.as_slice()));
    let midnight = released()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp() as u64;
    let prefix = format!("astana-corpus-{}/", manifest.version);
    let mut names = Vec::new();
    let mut regular = 0;
    for entry in tar.entries().unwrap() {
        let mut entry = entry.unwrap();
        let header = entry.header().clone();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(&prefix) && !name.contains(".."), "{name}");
        assert_eq!(header.mtime().unwrap(), midnight, "{name}");
        assert_eq!(
            (header.uid().unwrap(), header.gid().unwrap()),
            (0, 0),
            "{name}"
        );
        if header.entry_type().is_file() {
            regular += 1;
            assert_eq!(header.mode().unwrap(), 0o644, "{name}");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            let rel = name.strip_prefix(&prefix).unwrap();
            let expected = &files.iter().find(|(p, _)| p == rel).unwrap().1;
            assert_eq!(&bytes, expected, "{name}");
        } else {
            assert_eq!(header.mode().unwrap(), 0o755, "{name}");
        }
        names.push(name);
    }
    assert_eq!(regular, files.len());
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries are not sorted");
}

#[test]
fn citation_zenodo_and_croissant_give_the_manifests_version_and_day() {
    let manifest = Corpus::embedded().manifest();
    let day = manifest.released.unwrap().to_string();
    let root = env!("CARGO_MANIFEST_DIR");
    let citation = std::fs::read_to_string(format!("{root}/CITATION.cff")).unwrap();
    assert!(citation.contains(&format!("\nversion: {}\n", manifest.version)));
    assert!(citation.contains(&format!("\ndate-released: {day}\n")));

    let zenodo: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{root}/.zenodo.json")).unwrap())
            .unwrap();
    assert_eq!(zenodo["version"], manifest.version.as_str());
    assert_eq!(zenodo["publication_date"], day.as_str());
    // Only fields of Zenodo's deposit metadata, with values it accepts.
    let allowed = [
        "upload_type",
        "publication_date",
        "title",
        "creators",
        "description",
        "access_right",
        "license",
        "keywords",
        "version",
        "language",
        "notes",
        "related_identifiers",
        "contributors",
        "references",
        "communities",
        "subjects",
    ];
    for key in zenodo.as_object().unwrap().keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "{key} is not a Zenodo metadata field"
        );
    }
    assert!([
        "publication",
        "poster",
        "presentation",
        "dataset",
        "image",
        "video",
        "software",
        "lesson",
        "physicalobject",
        "other"
    ]
    .contains(&zenodo["upload_type"].as_str().unwrap()));
    assert!(["open", "embargoed", "restricted", "closed"]
        .contains(&zenodo["access_right"].as_str().unwrap()));
    assert_eq!(
        zenodo["license"], "CC-BY-4.0",
        "the annotations' licence, as an SPDX id"
    );
    assert_eq!(manifest.licenses.annotations, "CC-BY-4.0");
    let language = zenodo["language"].as_str().unwrap();
    assert!(
        language.len() == 3 && language.bytes().all(|b| b.is_ascii_lowercase()),
        "ISO 639-3"
    );
    let creators = zenodo["creators"].as_array().unwrap();
    assert!(
        !creators.is_empty()
            && creators
                .iter()
                .all(|c| c["name"].as_str().is_some_and(|n| !n.is_empty()))
    );
    assert!(!zenodo["description"].as_str().unwrap().is_empty());

    let croissant: Value = serde_json::from_slice(
        &files()
            .into_iter()
            .find(|(p, _)| p == "croissant.json")
            .unwrap()
            .1,
    )
    .unwrap();
    assert_eq!(croissant["datePublished"], day.as_str());
}

/// Each table's Parquet file is alone in a folder named after the table
/// (Spark, pyarrow and DuckDB read a folder as one table), the folder's
/// README names every table, the dataset card points at files that exist,
/// and every file tells pandas to read its integers as nullable `Int64`.
#[cfg(feature = "parquet")]
#[test]
fn each_parquet_table_has_a_folder_of_its_own_and_pandas_metadata() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let files = files();
    let tables = astana_corpus::export::tables(Corpus::embedded());
    let parquet: Vec<&str> = files
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| p.starts_with("parquet/"))
        .collect();
    let mut expected: Vec<String> = tables
        .iter()
        .map(|t| format!("parquet/{0}/{0}.parquet", t.name))
        .collect();
    expected.push("parquet/README.md".to_owned());
    expected.sort();
    assert_eq!(parquet, expected);

    let readme = &files
        .iter()
        .find(|(p, _)| p == "parquet/README.md")
        .unwrap()
        .1;
    let readme = std::str::from_utf8(readme).unwrap();
    for t in &tables {
        let row = format!("| `{0}` | `{0}/{0}.parquet` | {1} |", t.name, t.rows.len());
        assert!(readme.contains(&row), "parquet/README.md lacks {row}");
    }

    let card = &files.iter().find(|(p, _)| p == "README.md").unwrap().1;
    let card = std::str::from_utf8(card).unwrap();
    let front = card.split("---\n").nth(1).unwrap();
    let data_files: Vec<&str> = front
        .lines()
        .filter_map(|l| l.trim().strip_prefix("data_files: "))
        .collect();
    assert_eq!(data_files.len(), tables.len());
    for path in data_files {
        assert!(
            files.iter().any(|(p, _)| p == path),
            "the card names {path}, which is not in the bundle"
        );
    }

    for t in &tables {
        let path = format!("parquet/{0}/{0}.parquet", t.name);
        let bytes = files.iter().find(|(p, _)| *p == path).unwrap().1.clone();
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes)).unwrap();
        let pandas: Value = serde_json::from_str(&reader.schema().metadata()["pandas"]).unwrap();
        let columns = pandas["columns"].as_array().unwrap();
        assert_eq!(columns.len(), t.columns.len(), "{path}");
        for (column, meta) in t.columns.iter().zip(columns) {
            assert_eq!(meta["name"], column.name, "{path}");
            let integer = column.ty == astana_corpus::export::ColumnType::Integer;
            assert_eq!(
                meta["numpy_type"] == "Int64",
                integer,
                "{path} {}",
                column.name
            );
        }
    }
}

/// Every link of every Markdown file in the bundle leads to a file of the
/// bundle (links to the web aside): the bundle is read on its own, far
/// from the repository.
#[test]
fn every_link_in_the_bundle_resolves_inside_it() {
    let files = files();
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".md")) {
        let text = std::str::from_utf8(bytes).unwrap();
        let folder = path.rsplit_once('/').map_or("", |(f, _)| f);
        for target in markdown_links(text) {
            if target.contains("://") || target.starts_with("mailto:") || target.starts_with('#') {
                continue;
            }
            let target = target.split('#').next().unwrap();
            let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
            for part in target.split('/') {
                match part {
                    "." | "" => {}
                    ".." => assert!(
                        parts.pop().is_some(),
                        "{path}: `{target}` leaves the bundle"
                    ),
                    part => parts.push(part),
                }
            }
            let resolved = parts.join("/");
            let found = paths
                .iter()
                .any(|p| *p == resolved || p.starts_with(&format!("{resolved}/")));
            assert!(
                found,
                "{path}: the link `{target}` leads to `{resolved}`, which is not in the bundle"
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} links checked");
}

/// The targets of `[text](target)` links and `[label]: target` definitions.
fn markdown_links(text: &str) -> Vec<&str> {
    let mut links = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            links.push(after[..end].split_whitespace().next().unwrap_or(""));
            rest = &after[end..];
        }
        if let Some(definition) = line.strip_prefix('[') {
            if let Some((_, target)) = definition.split_once("]: ") {
                links.push(target.split_whitespace().next().unwrap_or(""));
            }
        }
    }
    links
}
