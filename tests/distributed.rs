//! Validation split into a map over article files and a merge of their
//! summaries (`validate::distributed`) gives the report of one run over
//! the folder: on the shipped data, on every rule's fixture, and on a
//! synthetic corpus with injected errors, with summaries moved as JSON,
//! checked against heads rebuilt from bytes, merged in any order, and
//! with findings over a small cap.
#![cfg(all(feature = "validate", feature = "export"))]

use std::path::{Path, PathBuf};
use std::process::Command;

use astana_corpus::validate::distributed::{locate, validate_split, FileSummary, Head, SplitError};
use astana_corpus::validate::{read_checked, validate_dir_with, Finding, Limits, Report, Rule};

#[path = "../src/validate/rules/folders.rs"]
#[allow(dead_code)]
mod folders;
#[path = "support/synth_binary.rs"]
mod synth_binary;
use synth_binary::synth;

/// What a report says, without its timing.
fn essence(report: &Report) -> (Vec<Finding>, Vec<String>, [usize; 4]) {
    (
        report.findings.clone(),
        report
            .suppressed
            .iter()
            .map(|s| format!("{} {} {}", s.file, s.rule, s.count))
            .collect(),
        [report.files, report.articles, report.facts, report.entities],
    )
}

/// The split as an engine runs it: the driver reads the head and ships
/// its bytes; each worker rebuilds the head and checks its share of the
/// files; summaries travel as JSON and arrive in another order.
fn split_as_an_engine(dir: &Path, limits: &Limits) -> Report {
    let driver = Head::read(dir, limits).unwrap();
    let shipped: Vec<(String, Vec<u8>)> = driver
        .documents()
        .map(|(name, bytes)| (name.to_owned(), bytes.to_vec()))
        .collect();
    let borrowed: Vec<(&str, &[u8])> = shipped
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let mut findings = Vec::new();
    let mut suppressed = Vec::new();
    let mut summaries = Vec::new();
    // Two workers, each with its own head, taking alternate files.
    for worker in 0..2 {
        let head = Head::from_documents(&borrowed, limits).unwrap();
        assert_eq!(head.fingerprint(), driver.fingerprint());
        for file in driver.articles().iter().skip(worker).step_by(2) {
            let check = head.check_article_in(dir, file).unwrap();
            findings.extend(check.findings);
            suppressed.extend(check.suppressed);
            let json = serde_json::to_string(&check.summary).unwrap();
            summaries.push(serde_json::from_str::<FileSummary>(&json).unwrap());
        }
    }
    summaries.reverse();
    let mut merged = driver.merge(summaries).unwrap();
    for (file, unlocated) in std::mem::take(&mut merged.unlocated) {
        let bytes = read_checked(dir, &file, limits).unwrap_or_default();
        findings.extend(locate(&file, &bytes, unlocated));
    }
    merged.into_report(findings, suppressed)
}

fn assert_same(dir: &Path, limits: &Limits, what: &str) -> Report {
    let whole = validate_dir_with(dir, limits).unwrap();
    let split = validate_split(dir, limits).unwrap();
    assert_eq!(essence(&split), essence(&whole), "{what}: validate_split");
    let engine = split_as_an_engine(dir, limits);
    assert_eq!(essence(&engine), essence(&whole), "{what}: as an engine");
    whole
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_shipped_data_gives_one_report() {
    let report = assert_same(&crate_dir().join("data"), &Limits::default(), "data");
    assert!(report.articles > 0);
}

#[test]
fn every_rule_fixture_gives_one_report_whatever_the_cap() {
    let base = crate_dir().join("tests/fixtures/valid/base");
    let mut tight = Limits::default();
    tight.max_findings_per_rule = 1;
    let mut shown = 0;
    for &rule in Rule::ALL {
        if rule.compares_versions() {
            continue;
        }
        let dir = folders::TempDir::new(&format!("split-{}", rule.id()));
        rule.write_fixture(&base, &dir).unwrap();
        for limits in [Limits::default(), tight] {
            let report = assert_same(&dir, &limits, rule.id());
            if limits == Limits::default() && report.findings.iter().any(|f| f.rule == rule) {
                shown += 1;
            }
        }
    }
    // Not vacuous: the fixtures show their rules through both paths.
    assert!(shown >= Rule::ALL.len() / 2, "only {shown} rules shown");
}

#[test]
fn a_synthetic_corpus_with_errors_gives_one_report() {
    let dir = folders::TempDir::new("split-synth");
    let output = Command::new(synth())
        .args(["--articles", "300", "--seed", "11", "--corrupt", "40"])
        .arg("--out")
        .arg(&*dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // An article with a repeated fact id copied under another name: the
    // copy has `duplicate-id` from its own check and from the merge, which
    // a cap of one per rule and file must count once.
    let listed = String::from_utf8(output.stdout).unwrap();
    let repeated = listed
        .lines()
        .find_map(|line| line.strip_prefix("duplicate-id\t"))
        .expect("synth injects a repeated fact id");
    std::fs::copy(dir.join(repeated), dir.join("articles/zz-copy.json")).unwrap();
    let mut tight = Limits::default();
    tight.max_findings_per_rule = 1;
    let capped = assert_same(&dir, &tight, "synthetic, capped");
    assert!(capped
        .suppressed
        .iter()
        .any(|s| s.file == "articles/zz-copy.json" && s.rule.id() == "duplicate-id"));
    let report = assert_same(&dir, &Limits::default(), "synthetic");
    let rules: std::collections::BTreeSet<&str> =
        report.findings.iter().map(|f| f.rule.id()).collect();
    assert!(rules.len() >= 6, "only {rules:?}");
    assert!(rules.contains("duplicate-id"), "{rules:?}");
}

#[test]
fn a_summary_from_another_head_or_a_bad_path_is_refused() {
    let base = crate_dir().join("tests/fixtures/valid/base");
    let limits = Limits::default();
    let head = Head::read(&base, &limits).unwrap();
    let file = head.articles()[0].clone();
    let bytes = std::fs::read(base.join(&file)).unwrap();
    let mut other_limits = limits;
    other_limits.max_depth = 10;
    let other = Head::read(&base, &other_limits).unwrap();
    assert_ne!(head.fingerprint(), other.fingerprint());
    let foreign = other.check_article(&file, &bytes).unwrap().summary;
    match Head::read(&base, &limits).unwrap().merge([foreign]) {
        Err(SplitError::OtherHead { file: f, .. }) => assert_eq!(f, file),
        other => panic!("{other:?}"),
    }
    let own = head.check_article(&file, &bytes).unwrap().summary;
    match Head::read(&base, &limits)
        .unwrap()
        .merge([own.clone(), own])
    {
        Err(e @ SplitError::DuplicateFile(_)) => assert!(e.to_string().contains("once")),
        other => panic!("{other:?}"),
    }
    // Altered on its way: an entity number past the registry.
    let mut altered =
        serde_json::to_value(&head.check_article(&file, &bytes).unwrap().summary).unwrap();
    altered["article"]["used"] = serde_json::json!([u32::MAX]);
    let altered: FileSummary = serde_json::from_value(altered).unwrap();
    assert!(matches!(
        Head::read(&base, &limits).unwrap().merge([altered]),
        Err(SplitError::Corrupt(_))
    ));
    for bad in [
        "entities.json",
        "articles/x.txt",
        "../articles/x.json",
        "articles/../x.json",
        "articles//x.json",
        "articles/./x.json",
        "/articles/x.json",
        "articles\\x.json",
    ] {
        assert!(
            matches!(
                head.check_article(bad, &bytes),
                Err(SplitError::NotAnArticle(_))
            ),
            "{bad}"
        );
    }
    assert!(matches!(
        Head::from_documents(&[("articles/a.json", b"{}")], &limits),
        Err(SplitError::NotAHeadFile(_))
    ));
}
