//! Class 3, time and memory grow linearly with the input: the worst cases
//! found by the attack, each within the 16 MiB file limit and sized so that
//! quadratic work would take minutes (they took 25 s to hours before).
//! Each must finish within a bound that only linear work meets, under the
//! memory limit of every run, with its findings capped and counted.
//!
//! These are hang detectors, not benchmarks: the bounds are generous for a
//! debug build on a loaded 2-core machine.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use super::{fresh_corpus, run_bounded, ARTICLE};

/// Only linear work finishes within this, in a debug build.
const BOUND: Duration = Duration::from_secs(45);

fn article(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join(ARTICLE)).unwrap()).unwrap()
}

fn write_compact(dir: &Path, value: &Value) {
    let text = serde_json::to_string(value).unwrap();
    assert!(
        text.len() < 16 << 20,
        "{} bytes: over the file limit",
        text.len()
    );
    std::fs::write(dir.join(ARTICLE), text).unwrap();
}

/// Runs `validate` (and the extra arguments), checks exit 1, the bound and
/// that `rule` was found and capped, and returns the human report.
fn validate_within_bound(name: &str, dir: &Path, rule: &str, extra: &[&str]) -> String {
    let mut args = vec!["validate", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let r = run_bounded(&args, BOUND);
    eprintln!("{name}: {:.2?}", r.elapsed);
    assert_eq!(r.code, 1, "{name}: {}", r.stderr);
    assert!(r.stdout.contains(rule), "{name}: no {rule} finding");
    // Capped: the report stays small whatever the input.
    assert!(
        r.stdout.len() < 2 << 20,
        "{name}: {} bytes of report",
        r.stdout.len()
    );
    r.stdout
}

#[test]
fn eighty_thousand_unknown_keys() {
    let dir = fresh_corpus();
    let mut a = article(&dir);
    for i in 0..80_000 {
        a[format!("k{i}")] = json!(1);
    }
    write_compact(&dir, &a);
    let out = validate_within_bound("80,000 unknown keys", &dir, "schema", &[]);
    assert!(out.contains("more `schema` errors"), "{out}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn three_hundred_twenty_thousand_duplicate_participants() {
    let dir = fresh_corpus();
    let mut a = article(&dir);
    a["facts"][0]["participants"] = Value::Array(vec![
        json!({"entity": "russia", "role": "guarantor"});
        320_000
    ]);
    write_compact(&dir, &a);
    let out = validate_within_bound(
        "320,000 duplicate participants",
        &dir,
        "participant-duplicate",
        &[],
    );
    assert!(
        out.contains("319899 more `participant-duplicate` errors"),
        "{out}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn twenty_thousand_facts_with_a_bad_reference() {
    let dir = fresh_corpus();
    let mut a = article(&dir);
    let meeting = a["facts"][0].clone();
    a["facts"] = (0..20_000)
        .map(|i| {
            let mut f = meeting.clone();
            f["id"] = json!(format!("m-{i}"));
            f["according_to"] = json!(format!("nope-{i}"));
            f["participants"] = json!([]);
            f
        })
        .collect();
    write_compact(&dir, &a);
    let out = validate_within_bound("20,000 bad according_to", &dir, "unknown-reference", &[]);
    // The hint names a few ids, not 20,000.
    assert!(out.contains("and 19990 more"), "{out}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_wrong_span_whose_quote_occurs_a_million_times() {
    let dir = fresh_corpus();
    let mut a = article(&dir);
    a["body"] = json!("ab ".repeat(1_200_000));
    a["facts"] = json!([a["facts"][0].clone()]);
    a["facts"][0]["evidence"] = json!([{"start": 0, "end": 3, "quote": "ab"}]);
    write_compact(&dir, &a);
    let out = validate_within_bound(
        "quote occurring 1.2 million times",
        &dir,
        "evidence-quote-mismatch",
        &[],
    );
    assert!(out.contains("occurs 1200000 times"), "{out}");
    assert!(out.contains("and 1199990 more"), "{out}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn two_thousand_findings_on_one_long_line() {
    let dir = fresh_corpus();
    let mut a = article(&dir);
    a["body"] = json!("x".repeat(8_000_000));
    a["facts"] = json!([a["facts"][0].clone()]);
    a["facts"][0]["evidence"] = (0..2_000)
        .map(|i| json!({"start": i, "end": i + 1, "quote": "y"}))
        .collect();
    write_compact(&dir, &a);
    for format in ["human", "github", "json", "sarif"] {
        validate_within_bound(
            &format!("2,000 findings on one 8 MB line ({format})"),
            &dir,
            "evidence-quote-mismatch",
            &["--format", format, "--max-findings-per-rule", "5000"],
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn fmt_places_eight_hundred_quotes_in_a_four_megabyte_body() {
    let dir = fresh_corpus();
    let mut a = article(&dir);
    let words: Vec<String> = (0..500_000).map(|i| format!("w{i:06}")).collect();
    a["body"] = json!(words.join(" "));
    a["facts"] = json!([a["facts"][0].clone()]);
    a["facts"][0]["evidence"] = (0..800).map(|i| json!({"quote": words[i * 600]})).collect();
    a["text_notes"] = json!([]);
    std::fs::write(dir.join(ARTICLE), serde_json::to_string_pretty(&a).unwrap()).unwrap();
    let r = run_bounded(&["fmt", dir.to_str().unwrap()], BOUND);
    eprintln!("fmt, 800 quotes in 4 MB: {:.2?}", r.elapsed);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("filled 800 evidence offsets"),
        "{}",
        r.stdout
    );
    let placed = article(&dir);
    let span = &placed["facts"][0]["evidence"][799];
    assert_eq!(span["start"], json!(479_400 * 8));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn twenty_thousand_tiny_files_in_every_format() {
    let dir = fresh_corpus();
    let outlet = dir.join("articles/o");
    std::fs::create_dir_all(&outlet).unwrap();
    for i in 0..20_000 {
        std::fs::write(outlet.join(format!("f{i:06}.json")), "{}").unwrap();
    }
    for format in ["sarif", "json"] {
        let mut args = vec!["validate", dir.to_str().unwrap(), "--format", format];
        args.push("--max-findings-per-rule");
        args.push("1");
        let r = run_bounded(&args, BOUND);
        eprintln!("20,000 two-byte files ({format}): {:.2?}", r.elapsed);
        assert_eq!(r.code, 1);
        let report: Value = serde_json::from_str(&r.stdout).unwrap();
        let count = match format {
            "sarif" => report["runs"][0]["results"].as_array().unwrap().len(),
            _ => report["findings"].as_array().unwrap().len(),
        };
        assert!(count >= 20_000, "{format}: {count} findings");
    }
    std::fs::remove_dir_all(dir).unwrap();
}
