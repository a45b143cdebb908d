//! The synthetic corpus generator (examples/synth.rs): what it generates
//! is valid, deterministic, and each corruption it reports is found.
#![cfg(all(feature = "validate", feature = "export"))]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

#[path = "../src/validate/rules/folders.rs"]
#[allow(dead_code)]
mod folders;
#[path = "support/synth_binary.rs"]
mod synth_binary;
use synth_binary::synth;

fn temp(name: &str) -> folders::TempDir {
    folders::TempDir::new(&format!("synth-{name}"))
}

fn generate(out: &Path, extra: &[&str]) -> String {
    let _ = std::fs::remove_dir_all(out);
    let output = Command::new(synth())
        .args([
            "--articles",
            "40",
            "--seed",
            "7",
            "--out",
            out.to_str().unwrap(),
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn generated_corpora_are_valid_and_deterministic() {
    let (a, b) = (temp("a"), temp("b"));
    generate(&a, &[]);
    generate(&b, &[]);
    let report = astana_corpus::validate::validate_dir(&a).unwrap();
    assert!(
        report.findings.is_empty(),
        "{:#?}",
        &report.findings[..report.findings.len().min(5)]
    );
    assert_eq!(report.articles, 40);
    assert!(report.facts >= 40 * 10);
    let files = astana_corpus::validate::data_files(&a).unwrap();
    for file in &files {
        assert_eq!(
            std::fs::read(a.join(file)).unwrap(),
            std::fs::read(b.join(file)).unwrap(),
            "{file} differs between runs"
        );
    }
}

#[test]
fn every_reported_corruption_is_found() {
    let out = temp("corrupt");
    let listed = generate(&out, &["--corrupt", "14"]);
    let report = astana_corpus::validate::validate_dir(&out).unwrap();
    let found: BTreeSet<(String, String)> = report
        .findings
        .iter()
        .map(|f| (f.rule.id().to_owned(), f.file.clone()))
        .collect();
    let mut rules = BTreeSet::new();
    for line in listed.lines() {
        let (rule, file) = line.split_once('\t').unwrap();
        assert!(
            found.contains(&(rule.to_owned(), file.to_owned())),
            "{rule} in {file} was not found"
        );
        rules.insert(rule.to_owned());
    }
    assert!(rules.len() >= 6, "only {rules:?} injected");
}

#[test]
fn refuses_the_crates_own_data_folder() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let output = Command::new(synth())
        .args(["--articles", "1", "--out", data])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("data/"));
}
