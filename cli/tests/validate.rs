//! The validator against its fixtures: each rule's fixture (a patch of the
//! valid base corpus, beside the rule's file) produces exactly that rule,
//! each `tests/fixtures/valid/*` corpus and the shipped data produce
//! nothing, and the reports are snapshots.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use astana_corpus::validate::render::{self, DirSources, Paths, Sources};
use astana_corpus::validate::{validate_dir, Report, Rule};

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .join("tests/fixtures")
        .join(kind);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn report(dir: &Path) -> Report {
    let mut report = validate_dir(dir).unwrap();
    report.elapsed = Duration::ZERO;
    report
}

#[test]
fn every_rule_has_a_fixture_that_produces_exactly_it() {
    for rule in Rule::ALL {
        let name = rule.id();
        let dir = &common::copy_fixture(&format!("invalid/{name}"));
        if rule.compares_versions() {
            // OLD is the base corpus, NEW its patched copy.
            let base = common::repo().join(astana_corpus::validate::rules::fixture::BASE);
            let out = Command::new(env!("CARGO_BIN_EXE_astana-corpus"))
                .args(["diff", "--check"])
                .arg(&base)
                .arg(dir)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
            let fired: BTreeSet<&str> = Rule::ALL
                .iter()
                .map(|r| r.id())
                .filter(|id| stderr.contains(&format!("error[{id}]")))
                .collect();
            assert_eq!(fired, BTreeSet::from([name]), "{name}: {stderr}");
            assert!(stderr.contains("help: "), "{name}: no hint: {stderr}");
            continue;
        }
        let report = report(dir);
        let fired: BTreeSet<&str> = report.findings.iter().map(|f| f.rule.id()).collect();
        assert_eq!(
            fired,
            BTreeSet::from([rule.id()]),
            "{name}: {:#?}",
            report.findings
        );
        for f in &report.findings {
            // An entry that is not a readable file has no line to point at.
            if f.rule != Rule::UnexpectedEntry {
                assert!(
                    f.line() > 0 && f.column() > 0,
                    "{name}: finding without a position: {f:?}"
                );
            }
            assert!(!f.hint.is_empty() && !f.message.is_empty());
        }
        let paths = Paths { root: "" };
        insta::assert_snapshot!(
            format!("{name}.human"),
            render::human(&report, &paths, &DirSources::new(dir))
        );
        insta::assert_snapshot!(format!("{name}.json"), render::json(&report, &paths));
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn valid_fixtures_and_the_shipped_data_have_no_findings() {
    let mut dirs = fixtures("valid");
    assert!(dirs.len() >= 4);
    dirs.push(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("data"));
    for dir in dirs {
        let report = report(&dir);
        assert!(
            report.findings.is_empty(),
            "{}: {:#?}",
            dir.display(),
            report.findings
        );
        assert!(report.articles >= 1 && report.facts >= 3);
    }
}

#[test]
fn findings_point_at_the_value_they_name() {
    let dir = common::copy_fixture("invalid/evidence-quote-mismatch");
    let report = report(&dir);
    let f = &report.findings[0];
    assert_eq!(f.pointer, "/facts/1/evidence/0/quote");
    let text = std::fs::read_to_string(dir.join(&f.file)).unwrap();
    let line = text.lines().nth(f.line() - 1).unwrap();
    let at: String = line.chars().skip(f.column() - 1).take(7).collect();
    assert_eq!(at, "\"وانضمت");
}

/// The tool, run from the repository's root, where it finds the shipped
/// data folder when none is named.
fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_astana-corpus"));
    command.current_dir(common::repo());
    command
}

fn fixture(path: &str) -> common::TempPath {
    common::copy_fixture(path)
}

#[test]
fn exit_codes() {
    let code = |args: &[&str]| bin().args(args).output().unwrap().status.code();
    assert_eq!(code(&["validate"]), Some(0));
    let path = |dir: &common::TempPath| dir.to_str().unwrap().to_owned();
    assert_eq!(code(&["validate", &path(&fixture("valid/base"))]), Some(0));
    let conflict = fixture("invalid/role-conflict");
    assert_eq!(code(&["validate", &path(&conflict)]), Some(1));
    // Warnings alone pass.
    let unused = fixture("invalid/unused-entity");
    assert_eq!(code(&["validate", &path(&unused)]), Some(0));
    assert_eq!(code(&["validate", "/nonexistent/astana-corpus"]), Some(2));
    assert_eq!(code(&["validate", "--format", "xml"]), Some(2));
}

#[test]
fn the_summary_line_closes_human_output() {
    let out = bin().arg("validate").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with(
            "checked 4 files (1 article, 27 facts, 24 entities): 0 errors, 0 warnings in "
        ),
        "{last}"
    );
}

#[test]
fn json_sarif_and_github_formats() {
    let guard = fixture("invalid/schema");
    let dir = guard.to_str().unwrap().to_owned();
    let run = |format: &str| {
        let out = bin()
            .args(["validate", &dir, "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["summary"]["errors"], 2);
    assert!(json["findings"][0]["file"]
        .as_str()
        .unwrap()
        .ends_with("articles/test-outlet/test-article.json"));

    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(
        run0["tool"]["driver"]["rules"].as_array().unwrap().len(),
        Rule::ALL.len()
    );
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "schema");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        75
    );

    let github = run("github");
    let first = github.lines().next().unwrap();
    assert!(first.starts_with("::error file="), "{first}");
    assert!(
        first.contains(",line=75,col=5,title=astana-corpus schema::"),
        "{first}"
    );
    assert!(github.contains("::group::All findings"));
}

#[test]
fn github_annotations_are_capped_and_the_full_list_follows() {
    let findings = (0..13)
        .map(|i| {
            astana_corpus::validate::Finding::new(
                Rule::Schema,
                "a.json",
                format!("problem {i}: 100% wrong, see a,b"),
            )
            .at(i + 1, 1, format!("/{i}"))
            .with_hint("fix it")
        })
        .collect();
    let mut report = Report::default();
    report.findings = findings;
    report.files = 1;
    struct None_;
    impl Sources for None_ {
        fn text(&self, _: &str) -> Option<String> {
            None
        }
    }
    let text = render::github(&report, &Paths { root: "data/" }, &None_);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("::error ")).count(),
        10
    );
    assert!(text.contains("::notice::3 more errors are not annotated"));
    assert!(text.contains("problem 12"), "the full list is in the log");
    assert!(text.contains("::error file=data/a.json,line=1,col=1,title=astana-corpus schema::problem 0: 100%25 wrong, see a,b%0Ahint: fix it"));
}
