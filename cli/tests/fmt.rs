//! `astana-corpus fmt`: canonical output, offsets filled from quotes,
//! idempotence, and files it cannot format left untouched.

mod common;

use std::path::Path;
use std::process::Command;

use astana_corpus::format::{format_file, FmtOutcome, Mode};
use astana_corpus::model::Article;
use astana_corpus::validate::Rule;
use common::copy_fixture;

const ARTICLE: &str = "articles/test-outlet/test-article.json";

fn fmt(path: &Path, mode: Mode) -> FmtOutcome {
    format_file(path, "test", mode).unwrap()
}

#[test]
fn fixtures_and_shipped_data_are_canonical() {
    let data = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("data");
    for file in astana_corpus::format::expand(&[data]).unwrap() {
        assert_eq!(
            fmt(&file, Mode::Check),
            FmtOutcome::Unchanged,
            "{}",
            file.display()
        );
    }
    let valid = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("tests/fixtures/valid");
    for dir in std::fs::read_dir(valid).unwrap() {
        for file in astana_corpus::format::expand(&[dir.unwrap().path()]).unwrap() {
            assert_eq!(
                fmt(&file, Mode::Check),
                FmtOutcome::Unchanged,
                "{}",
                file.display()
            );
        }
    }
}

#[test]
fn fills_offsets_from_quotes_and_is_idempotent() {
    let dir = copy_fixture("valid/base");
    let path = dir.join(ARTICLE);
    let original = std::fs::read_to_string(&path).unwrap();
    // A contributor writes quotes only, in any layout.
    let mut value: serde_json::Value = serde_json::from_str(&original).unwrap();
    let mut spans = 0;
    for fact in value["facts"].as_array_mut().unwrap() {
        for e in fact["evidence"].as_array_mut().unwrap() {
            let e = e.as_object_mut().unwrap();
            e.remove("start");
            e.remove("end");
            spans += 1;
        }
    }
    std::fs::write(&path, serde_json::to_string(&value).unwrap()).unwrap();
    assert_eq!(
        fmt(&path, Mode::Check),
        FmtOutcome::Reformatted { filled: spans }
    );
    assert_ne!(
        std::fs::read_to_string(&path).unwrap(),
        original,
        "check mode wrote"
    );
    assert_eq!(
        fmt(&path, Mode::Write),
        FmtOutcome::Reformatted { filled: spans }
    );
    let formatted = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        formatted, original,
        "fmt did not restore the canonical file with its offsets"
    );
    assert_eq!(fmt(&path, Mode::Write), FmtOutcome::Unchanged);
    let article: Article = serde_json::from_str(&formatted).unwrap();
    for fact in &article.facts {
        for e in fact.evidence() {
            assert_eq!(article.span_text(e), Some(e.quote.as_str()));
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn ambiguous_and_missing_quotes_are_errors_and_nothing_is_written() {
    let dir = copy_fixture("valid/base");
    let path = dir.join(ARTICLE);
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let spans = value["facts"][0]["evidence"].as_array_mut().unwrap();
    // "أستانا" occurs three times in the body; "دمشق" not at all.
    spans[0] = serde_json::json!({ "quote": "أستانا" });
    spans[1] = serde_json::json!({ "quote": "دمشق" });
    let text = serde_json::to_string_pretty(&value).unwrap();
    std::fs::write(&path, &text).unwrap();
    let FmtOutcome::Failed(findings) = fmt(&path, Mode::Write) else {
        panic!("formatted an ambiguous quote")
    };
    assert_eq!(findings.len(), 2);
    assert!(findings
        .iter()
        .all(|f| f.rule == Rule::EvidenceQuoteMismatch));
    assert!(
        findings[0].message.contains("occurs 3 times"),
        "{}",
        findings[0].message
    );
    assert!(
        findings[1].message.contains("does not occur"),
        "{}",
        findings[1].message
    );
    assert!(findings.iter().all(|f| f.line() > 0));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "a failed file was rewritten"
    );

    // A prefix picks one occurrence.
    value["facts"][0]["evidence"][0] = serde_json::json!({ "quote": "أستانا", "prefix": "بصيغة " });
    value["facts"][0]["evidence"][1] = serde_json::json!({ "quote": "روسيا" });
    std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    assert_eq!(
        fmt(&path, Mode::Write),
        FmtOutcome::Reformatted { filled: 2 }
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_that_does_not_parse_is_left_alone() {
    let dir = copy_fixture("invalid/json-syntax");
    for file in [dir.join(ARTICLE), dir.join("manifest.json")] {
        let before = std::fs::read(&file).unwrap();
        let FmtOutcome::Failed(findings) = fmt(&file, Mode::Write) else {
            panic!("formatted a file that does not parse")
        };
        assert_eq!(findings[0].rule, Rule::JsonSyntax);
        assert_eq!(std::fs::read(&file).unwrap(), before);
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("articles/test-outlet"))
        .unwrap()
        .collect();
    assert_eq!(leftovers.len(), 1, "a temporary file was left behind");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_document_outside_the_model_gets_the_validators_findings() {
    // A span without its quote, and a string where a number belongs: fmt
    // will not rewrite the article, and says why as `validate` does, each
    // at the value at fault.
    let dir = copy_fixture("valid/base");
    let path = dir.join(ARTICLE);
    let text = std::fs::read_to_string(&path).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut broken = value.clone();
    let span = &mut broken["facts"][0]["evidence"][0];
    span.as_object_mut().unwrap().remove("quote");
    broken["facts"][1]["evidence"][0]["start"] = "seven".into();
    let broken = serde_json::to_string_pretty(&broken).unwrap();
    std::fs::write(&path, &broken).unwrap();
    let FmtOutcome::Failed(findings) = fmt(&path, Mode::Write) else {
        panic!("formatted a document outside the model")
    };
    let pointers: Vec<(&str, Rule)> = findings
        .iter()
        .map(|f| (f.pointer.as_str(), f.rule))
        .collect();
    assert!(
        pointers.contains(&("/facts/0/evidence/0", Rule::Schema))
            && pointers.contains(&("/facts/1/evidence/0/start", Rule::Schema)),
        "{findings:#?}"
    );
    assert!(findings.iter().all(|f| f.line() > 0), "{findings:#?}");
    // What validate reports for the file, fmt reports too.
    let report = astana_corpus::validate::validate_dir(&dir).unwrap();
    for f in &findings {
        assert!(
            report
                .findings
                .iter()
                .any(|g| g.rule == f.rule && g.pointer == f.pointer && g.message == f.message),
            "{f:#?} is not among validate's findings: {:#?}",
            report.findings
        );
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn an_older_format_is_sent_to_migrate() {
    let dir = copy_fixture("format-1/base");
    for name in ["manifest.json", "entities.json", ARTICLE] {
        let path = dir.join(name);
        let before = std::fs::read(&path).unwrap();
        let FmtOutcome::Failed(findings) = fmt(&path, Mode::Write) else {
            panic!("formatted a schema_version 1 file: {name}")
        };
        assert_eq!(findings.len(), 1, "{name}: {findings:#?}");
        assert_eq!(findings[0].rule, Rule::UnsupportedVersion);
        assert!(
            findings[0].hint.contains("astana-corpus migrate"),
            "{findings:#?}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}

#[test]
fn normalises_text_to_nfc() {
    let dir = copy_fixture("invalid/text-not-nfc");
    let path = dir.join(ARTICLE);
    assert!(matches!(
        fmt(&path, Mode::Write),
        FmtOutcome::Reformatted { .. }
    ));
    let report = astana_corpus::validate::validate_dir(&dir).unwrap();
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn cli_check_mode_exit_codes() {
    let dir = copy_fixture("valid/base");
    let path = dir.join(ARTICLE);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_astana-corpus"))
            .args(args)
            .output()
            .unwrap()
    };
    let d = dir.to_str().unwrap();
    assert_eq!(run(&["fmt", "--check", d]).status.code(), Some(0));
    let compact = serde_json::to_string(
        &serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&path).unwrap())
            .unwrap(),
    )
    .unwrap();
    std::fs::write(&path, &compact).unwrap();
    let out = run(&["fmt", "--check", d]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("would reformat"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), compact);
    assert_eq!(run(&["fmt", path.to_str().unwrap()]).status.code(), Some(0));
    assert_eq!(run(&["fmt", "--check", d]).status.code(), Some(0));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn refuses_symlinks_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = copy_fixture("valid/base");
    let path = dir.join(ARTICLE);
    // A link inside the corpus pointing outside it is never written through.
    let outside = dir.with_extension("outside.json");
    std::fs::copy(&path, &outside).unwrap();
    let compact = serde_json::to_string(
        &serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&outside).unwrap())
            .unwrap(),
    )
    .unwrap();
    std::fs::write(&outside, &compact).unwrap();
    let link = dir.join("articles/test-outlet/link.json");
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    let FmtOutcome::Failed(findings) = fmt(&link, Mode::Write) else {
        panic!("fmt wrote through a symbolic link")
    };
    assert_eq!(findings[0].rule, Rule::UnexpectedEntry);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), compact);
    assert!(astana_corpus::files::write_atomic(&link, b"{}").is_err());
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), compact);

    // Permissions survive a rewrite.
    std::fs::write(&path, &compact).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert!(matches!(
        fmt(&path, Mode::Write),
        FmtOutcome::Reformatted { .. }
    ));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_file(outside).unwrap();
}

#[test]
fn a_fault_between_write_and_rename_leaves_the_original_and_no_temporary_file() {
    let dir = copy_fixture("valid/base");
    let path = dir.join(ARTICLE);
    let original = std::fs::read(&path).unwrap();
    let mut seen_tmp = None;
    let result = astana_corpus::files::write_atomic_with(&path, b"{\"half\": ", |tmp| {
        assert!(
            tmp.exists(),
            "the temporary file is written before the rename"
        );
        assert_eq!(
            tmp.parent(),
            path.parent(),
            "the temporary file is in the same folder"
        );
        seen_tmp = Some(tmp.to_path_buf());
        Err(std::io::Error::other("injected fault"))
    });
    assert!(result.is_err());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        original,
        "the original was damaged"
    );
    assert!(
        !seen_tmp.unwrap().exists(),
        "the temporary file was left behind"
    );
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn validate_never_writes() {
    let dir = copy_fixture("invalid/evidence-quote-mismatch");
    let snapshot = |d: &Path| {
        let mut files = Vec::new();
        let mut stack = vec![d.to_path_buf()];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(p).unwrap() {
                let e = e.unwrap();
                let meta = e.metadata().unwrap();
                if meta.is_dir() {
                    stack.push(e.path());
                } else {
                    files.push((
                        e.path(),
                        std::fs::read(e.path()).unwrap(),
                        meta.modified().unwrap(),
                    ));
                }
            }
        }
        files.sort();
        files
    };
    let before = snapshot(&dir);
    for format in ["human", "json", "github", "sarif"] {
        let out = common::in_process(&["validate", dir.to_str().unwrap(), "--format", format]);
        assert_eq!(out.status.code(), Some(1));
    }
    assert_eq!(snapshot(&dir), before);
    std::fs::remove_dir_all(dir).unwrap();
}

/// A file named to `fmt` or `migrate` that is not a data file is an
/// `unexpected-entry` (the rule that documents it), not a schema error,
/// and is left untouched.
#[test]
fn a_named_file_that_is_not_a_data_file_is_an_unexpected_entry() {
    let dir = common::temp_path("not-data");
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["notes.json", "README.md", "manifest.json.bak"] {
        let path = dir.join(name);
        std::fs::write(&path, "{}").unwrap();
        let FmtOutcome::Failed(findings) = fmt(&path, Mode::Write) else {
            panic!("fmt formatted {name}");
        };
        let astana_corpus::migrate::MigrateOutcome::Failed(migrated) =
            astana_corpus::migrate::migrate_file(&path, "test", Mode::Write).unwrap()
        else {
            panic!("migrate migrated {name}");
        };
        for f in findings.iter().chain(&migrated) {
            assert_eq!(f.rule, Rule::UnexpectedEntry, "{name}: {}", f.message);
            assert!(f.message.contains("retired.json"), "{}", f.message);
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}");
    }
}
