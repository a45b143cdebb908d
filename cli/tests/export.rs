//! Exports, the release bundle (with the `bundle` feature) and the version
//! diff.

mod common;

use std::collections::HashSet;
use std::path::Path;

#[cfg(feature = "bundle")]
use astana_corpus::bundle::{bundle_files, sha256, write_bundle};
use astana_corpus::export::tables;
use astana_corpus::{embedded, Corpus};
use common::temp_path as temp;

#[cfg(feature = "bundle")]
fn data_files() -> Vec<(String, Vec<u8>)> {
    embedded::files()
        .iter()
        .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
        .collect()
}

#[test]
fn tables_have_exactly_the_contracted_columns() {
    let expected = [
        ("files", "path,document,article_id,schema,schema_version"),
        ("manifest", "name,title,version,released,description,license_code,license_annotations,license_article_texts"),
        ("articles", "article_id,outlet_id,language,published_start,published_end,published_precision,published_first_day,published_last_day,title,url,retrieved,source_note,body_chars,fact_count"),
        ("facts", "fact_id,article_id,fact_index,kind,modality,condition_en,series,round,meeting_key,date_start,date_end,date_precision,date_basis,date_first_day,date_last_day,venue_id,change,mode,origin_id,origin_part,title,summary_en,note"),
        ("origins", "article_id,position,origin_id,issuer_id,kind,url,note"),
        ("dates", "owner_id,field,precision,start,end,earliest,latest,basis,inferred_parts,note"),
        ("participants", "fact_id,position,entity_id,role"),
        ("entities", "entity_id,kind,name_en,name_ar,wikidata,iso3166,part_of,note"),
        ("entity_names", "entity_id,position,lang,text,from,until,note"),
        ("entity_positions", "entity_id,position,title,of,stated_index,article_id,fact_id"),
        ("evidence", "fact_id,position,start,end,quote,prefix,suffix,mode"),
        ("mentions", "fact_id,position,entity_id,link"),
        ("entity_mentions", "fact_id,position,entity_id,start,end,quote,prefix,suffix,note"),
        ("fact_links", "fact_id,target_fact_id,link,position"),
        ("inferences", "fact_id,position,path,note"),
        ("text_notes", "article_id,note_index,span_index,defect,note,start,end,quote,prefix,suffix"),
        ("retired", "position,record,id,version,reason,replaced_by,note"),
        ("meetings", "meeting_id,series,round,meeting_key,modality,date_start,date_end,date_precision,date_first_day,date_last_day,date_fact_id,venue_id,mention_count,article_count"),
        ("meeting_attestations", "meeting_id,value,entity_id,role,fact_id,article_id"),
        ("statements", "statement_id,origin_id,origin_part,issuer_id,origin_kind,origin_first_day,origin_last_day,rendering_count,article_count"),
        ("statement_renderings", "statement_id,fact_id,article_id,mode"),
    ];
    let tables = tables(Corpus::embedded());
    assert_eq!(tables.len(), expected.len());
    for (table, (name, header)) in tables.iter().zip(expected) {
        assert_eq!(table.name, name);
        assert_eq!(table.to_csv().lines().next().unwrap(), header, "{name}");
    }
    // articles.jsonl also carries the text.
    let articles = &tables[2];
    let first: serde_json::Value =
        serde_json::from_str(articles.to_jsonl().lines().next().unwrap()).unwrap();
    assert_eq!(
        first["body"].as_str().unwrap().chars().count() as u64,
        first["body_chars"].as_u64().unwrap()
    );
    assert_eq!(first["published_start"], "2023-06-21");
    assert_eq!(first["published_end"], serde_json::Value::Null);
    assert_eq!(first["published_precision"], "unknown");
}

/// The fixture corpus in which two articles render one statement.
fn reprinted() -> Corpus {
    Corpus::from_dir(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/valid/reprinted-statement"),
    )
    .unwrap()
}

#[test]
fn primary_keys_are_unique_and_every_foreign_key_resolves() {
    keys_hold(&tables(Corpus::embedded()));
    keys_hold(&tables(&reprinted()));
}

fn keys_hold(tables: &[astana_corpus::export::Table]) {
    use astana_corpus::export::Cell;
    let key =
        |t: &astana_corpus::export::Table, columns: &[&str], row: &[Cell]| -> Option<Vec<Cell>> {
            let cells: Vec<Cell> = columns
                .iter()
                .map(|c| row[t.columns.iter().position(|x| x.name == *c).unwrap()].clone())
                .collect();
            (!cells.contains(&Cell::Null)).then_some(cells)
        };
    for table in tables {
        if !table.primary_key.is_empty() {
            let keys: Vec<_> = table
                .rows
                .iter()
                .filter_map(|r| key(table, table.primary_key, r))
                .collect();
            assert_eq!(
                keys.len(),
                table.rows.len(),
                "{}: a key cell is empty",
                table.name
            );
            let unique: HashSet<_> = keys.iter().map(|k| format!("{k:?}")).collect();
            assert_eq!(
                unique.len(),
                keys.len(),
                "{}: a primary key repeats",
                table.name
            );
        }
        for fk in table.foreign_keys {
            let target = tables.iter().find(|t| t.name == fk.table).unwrap();
            let known: HashSet<String> = target
                .rows
                .iter()
                .filter_map(|r| key(target, fk.reference, r))
                .map(|k| format!("{k:?}"))
                .collect();
            for row in &table.rows {
                if let Some(k) = key(table, fk.columns, row) {
                    assert!(
                        known.contains(&format!("{k:?}")),
                        "{}.{:?} = {k:?} is not in {}",
                        table.name,
                        fk.columns,
                        fk.table
                    );
                }
            }
        }
    }
}

/// One statement rendered by two articles is one row of `statements`, with
/// a row per rendering; each article's origin and each span's mode reach
/// their tables.
#[test]
fn a_reprinted_statement_is_one_row_with_its_renderings() {
    let tables = tables(&reprinted());
    let csv = |name: &str| {
        tables
            .iter()
            .find(|t| t.name == name)
            .unwrap()
            .to_csv()
            .lines()
            .skip(1)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        csv("statements"),
        ["test-spokesperson-2023-06-21#meeting-success,test-spokesperson-2023-06-21,meeting-success,test-spokesperson,statement,2023-06-21,2023-06-21,2,2"]
    );
    assert_eq!(
        csv("statement_renderings"),
        [
            "test-spokesperson-2023-06-21#meeting-success,test-article-2#spokesperson-success,test-article-2,direct",
            "test-spokesperson-2023-06-21#meeting-success,test-article#spokesperson-success,test-article,mixed",
        ]
    );
    let origins = csv("origins");
    assert_eq!(origins.len(), 2);
    assert!(
        origins[0].starts_with(
            "test-article,0,test-spokesperson-2023-06-21,test-spokesperson,statement,,"
        ),
        "{origins:?}"
    );
    let modes: Vec<String> = csv("evidence")
        .iter()
        .filter(|r| r.contains("#spokesperson-success,"))
        .map(|r| r.rsplit(',').next().unwrap().to_owned())
        .collect();
    // Articles by id: `test-article` (mixed), then `test-article-2`.
    assert_eq!(modes, ["reported", "direct", "direct"]);
    assert!(csv("dates")
        .iter()
        .any(|r| r.starts_with("test-article,derived_from/0,day,2023-06-21,")));
}

#[test]
fn participants_and_entities_snapshots() {
    for t in tables(Corpus::embedded()) {
        if t.name == "participants" || t.name == "entities" {
            insta::assert_snapshot!(format!("{}.csv", t.name), t.to_csv());
        }
    }
}

#[test]
#[cfg(feature = "bundle")]
fn bundles_are_reproducible_and_checksummed() {
    let corpus = Corpus::embedded();
    let a = bundle_files(corpus, &data_files()).unwrap();
    let b = bundle_files(corpus, &data_files()).unwrap();
    assert_eq!(a, b);
    let sums = &a.iter().find(|(p, _)| p == "SHA256SUMS").unwrap().1;
    let sums = String::from_utf8(sums.clone()).unwrap();
    let listed: Vec<&str> = sums
        .lines()
        .map(|l| l.split_once("  ").unwrap().1)
        .collect();
    assert_eq!(
        listed.len(),
        a.len() - 1,
        "every file but SHA256SUMS is listed"
    );
    for line in sums.lines() {
        let (hash, path) = line.split_once("  ").unwrap();
        let bytes = &a.iter().find(|(p, _)| p == path).unwrap().1;
        assert_eq!(hash, sha256(bytes), "{path}");
    }
    for required in [
        "datapackage.json",
        "croissant.json",
        "codebook.md",
        "CITATION.cff",
        "csv/facts.csv",
        "jsonl/articles.jsonl",
        "schema/article.schema.json",
        "data/manifest.json",
    ] {
        assert!(a.iter().any(|(p, _)| p == required), "{required} missing");
    }
}

#[test]
#[cfg(feature = "bundle")]
fn bundle_writes_only_into_a_new_or_empty_folder_and_only_below_it() {
    let out = temp("bundle");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "mine").unwrap();
    let files = bundle_files(Corpus::embedded(), &data_files()).unwrap();
    assert!(write_bundle(&out, &files).is_err());
    assert_eq!(
        std::fs::read_to_string(out.join("keep.txt")).unwrap(),
        "mine"
    );
    std::fs::remove_dir_all(&out).unwrap();

    let escaping = vec![("../escaped.json".to_owned(), b"{}".to_vec())];
    assert!(bundle_files(Corpus::embedded(), &escaping).is_err());
    let absolute = vec![("/tmp/escaped.json".to_owned(), b"{}".to_vec())];
    assert!(bundle_files(Corpus::embedded(), &absolute).is_err());
    let traversal = vec![("x/../../escaped".to_owned(), b"{}".to_vec())];
    assert!(write_bundle(&temp("bundle"), &traversal).is_err());
}

/// The tool, run from the repository's root (named, never assumed).
/// The tool in process.
fn bin() -> common::InProcess {
    common::tool()
}

/// The shipped data folder, named.
fn data() -> std::path::PathBuf {
    common::repo().join("data")
}

#[test]
#[cfg(feature = "bundle")]
fn cli_bundle_twice_gives_identical_trees() {
    let (a, b) = (temp("bundle-a"), temp("bundle-b"));
    for out in [&a, &b] {
        let status = bin()
            .args(["bundle", "--out", out.to_str().unwrap(), "--data"])
            .arg(data())
            .status()
            .unwrap();
        assert!(status.success());
    }
    let list = |root: &Path| {
        let mut files = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    files.push((
                        p.strip_prefix(root).unwrap().to_path_buf(),
                        std::fs::read(&p).unwrap(),
                    ));
                }
            }
        }
        files.sort();
        files
    };
    assert_eq!(list(&a), list(&b));
    // Refuses to write into a non-empty folder.
    assert_eq!(
        bin()
            .args(["bundle", "--out", a.to_str().unwrap(), "--data"])
            .arg(data())
            .status()
            .unwrap()
            .code(),
        Some(2)
    );
    // A bundle is a valid input to diff, and diffs to nothing against the data.
    let out = bin()
        .args([
            "diff",
            a.to_str().unwrap(),
            concat!(env!("CARGO_MANIFEST_DIR"), "/../data"),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("facts: 0 added, 0 removed, 0 changed"),
        "{text}"
    );
    std::fs::remove_dir_all(a).unwrap();
    std::fs::remove_dir_all(b).unwrap();
}

#[test]
fn cli_export_writes_every_table() {
    for format in ["csv", "jsonl"] {
        let out = temp("export");
        let status = bin()
            .args([
                "export",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
                "--data",
            ])
            .arg(data())
            .status()
            .unwrap();
        assert!(status.success());
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected: Vec<&str> = tables(Corpus::embedded()).iter().map(|t| t.name).collect();
        expected.sort_unstable();
        let expected: Vec<String> = expected.iter().map(|n| format!("{n}.{format}")).collect();
        assert_eq!(names, expected);
        std::fs::remove_dir_all(out).unwrap();
    }
}

#[test]
fn diff_of_the_shipped_data_against_an_edited_copy() {
    let old = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("data");
    let new = temp("diff");
    for (path, text) in embedded::files() {
        let target = new.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    let article_path = new.join("articles/realist-arabic/realist-arabic-7087a378d90ed0f8.json");
    let mut article: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&article_path).unwrap()).unwrap();
    let facts = article["facts"].as_array_mut().unwrap();
    let index = facts
        .iter()
        .position(|f| f["id"] == "united-states-declined-2018")
        .unwrap();
    facts[index]["date"]["start"] = "2018-06".into();
    // Text from the data that Markdown, HTML or a mention would act on.
    facts[index]["note"] = "`@maintainers` <img src=x> | ``tick``\u{202e}".into();
    let round_20 = facts
        .iter()
        .position(|f| f["id"] == "meeting-round-20")
        .unwrap();
    facts[round_20]["participants"]
        .as_array_mut()
        .unwrap()
        .pop();
    let removed = facts
        .iter()
        .position(|f| f["id"] == "turkey-intends-normalisation")
        .unwrap();
    facts.remove(removed);
    std::fs::write(
        &article_path,
        serde_json::to_string_pretty(&article).unwrap(),
    )
    .unwrap();
    let entities_path = new.join("entities.json");
    let mut entities: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&entities_path).unwrap()).unwrap();
    entities["entities"].as_array_mut().unwrap().push(serde_json::json!({"id": "egypt", "kind": "state", "name": {"en": "Egypt", "ar": "مصر"}, "iso3166_1": "EG"}));
    std::fs::write(
        &entities_path,
        serde_json::to_string_pretty(&entities).unwrap(),
    )
    .unwrap();

    let diff = astana_corpus::diff::diff_dirs(&old, &new).unwrap();
    assert_eq!(
        diff.facts.removed,
        ["realist-arabic-7087a378d90ed0f8#turkey-intends-normalisation"]
    );
    assert_eq!(diff.facts.changed.len(), 2);
    let us = diff
        .facts
        .changed
        .iter()
        .find(|c| c.id.ends_with("#united-states-declined-2018"))
        .unwrap();
    assert_eq!(us.fields[0].pointer, "/date/start");
    assert_eq!(
        diff.meetings
            .changed
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["astana-format#round-20"]
    );
    assert_eq!(diff.entities.added, ["egypt"]);
    assert!(diff.articles.is_empty());
    insta::assert_snapshot!("diff.human", astana_corpus::diff::human(&diff));
    let markdown = astana_corpus::diff::markdown(&diff);
    insta::assert_snapshot!("diff.markdown", markdown);
    // The untrusted note stays inside one code span, its bidi control visible.
    assert!(
        markdown.contains("```\"`@maintainers` <img src=x> | ``tick``\\u{202e}\"```"),
        "{markdown}"
    );
    let json: serde_json::Value = serde_json::from_str(&astana_corpus::diff::json(&diff)).unwrap();
    let us = json["facts"]["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["id"]
                .as_str()
                .unwrap()
                .ends_with("#united-states-declined-2018")
        })
        .unwrap();
    assert_eq!(us["fields"][0]["old"], "2018-05");
    assert_eq!(us["fields"][0]["new"], "2018-06");
    assert_eq!(
        json["meetings"]["changed"][0]["id"],
        "astana-format#round-20"
    );
    std::fs::remove_dir_all(new).unwrap();
}

/// The default build leaves Parquet and the bundle out: asking for either
/// exits 2 before reading or writing anything, and names the feature.
#[test]
#[cfg(not(all(feature = "parquet", feature = "bundle")))]
fn a_command_left_out_of_the_build_names_its_feature() {
    let mut cases: Vec<(&str, Vec<&str>)> = Vec::new();
    if cfg!(not(feature = "parquet")) {
        cases.push(("parquet", vec!["export", "--format", "parquet"]));
    }
    if cfg!(not(feature = "bundle")) {
        cases.push(("bundle", vec!["bundle", "--archive"]));
    }
    for (feature, args) in cases {
        let out = temp("left-out");
        let data = temp("no-such-data");
        let mut command = bin();
        command.args(&args).args([
            "--out",
            out.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ]);
        let output = command.output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("without the `{feature}` feature")),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("--features {feature}")),
            "{args:?}: {stderr}"
        );
        assert!(!out.exists(), "{args:?} wrote {}", out.display());
    }
}
