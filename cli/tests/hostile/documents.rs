//! Class 0, malformed documents: each case is the valid fixture corpus with
//! one hostile change to a document. Every case must give a finding with
//! the expected rule (located where a location exists), the documented
//! exit code, and no panic or hang; `fmt` must neither panic nor rewrite a
//! file it cannot read. The messages are a snapshot.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use astana_corpus::validate::{validate_dir, Rule};

use super::{article_text, edit, fresh_corpus, run, ARTICLE};

struct Case {
    name: &'static str,
    apply: fn(&Path),
    rules: &'static [Rule],
    exit: i32,
}

const CASES: &[Case] = &[
    Case {
        name: "byte order mark",
        apply: |d| {
            let mut bytes = vec![0xEF, 0xBB, 0xBF];
            bytes.extend(std::fs::read(d.join(ARTICLE)).unwrap());
            std::fs::write(d.join(ARTICLE), bytes).unwrap();
        },
        rules: &[Rule::JsonSyntax],
        exit: 1,
    },
    Case {
        name: "invalid UTF-8",
        apply: |d| {
            let mut bytes = std::fs::read(d.join(ARTICLE)).unwrap();
            let at = bytes.windows(7).position(|w| w == b"\"ar\",\n ").unwrap();
            bytes[at + 1] = 0xFF;
            std::fs::write(d.join(ARTICLE), bytes).unwrap();
        },
        rules: &[Rule::JsonSyntax],
        exit: 1,
    },
    Case {
        name: "lone surrogate escape",
        apply: |d| edit(d, "\"language\": \"ar\"", "\"language\": \"\\ud800\""),
        rules: &[Rule::JsonSyntax],
        exit: 1,
    },
    Case {
        name: "NaN literal",
        apply: |d| edit(d, "\"round\": 20", "\"round\": NaN"),
        rules: &[Rule::JsonSyntax],
        exit: 1,
    },
    Case {
        name: "Infinity literal",
        apply: |d| edit(d, "\"round\": 20", "\"round\": Infinity"),
        rules: &[Rule::JsonSyntax],
        exit: 1,
    },
    Case {
        name: "number 1e400",
        apply: |d| edit(d, "\"round\": 20", "\"round\": 1e400"),
        rules: &[Rule::JsonSyntax],
        exit: 1,
    },
    Case {
        name: "offset beyond u64",
        apply: |d| edit(d, "\"end\": 91", "\"end\": 18446744073709551616"),
        rules: &[Rule::Schema],
        exit: 1,
    },
    Case {
        name: "round beyond u64",
        apply: |d| edit(d, "\"round\": 20", "\"round\": 99999999999999999999"),
        rules: &[Rule::Schema],
        exit: 1,
    },
    Case {
        name: "nesting 100,000 deep",
        apply: |d| {
            std::fs::write(
                d.join(ARTICLE),
                format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
            )
            .unwrap();
        },
        rules: &[Rule::LimitExceeded],
        exit: 1,
    },
    Case {
        name: "duplicate keys",
        apply: |d| {
            edit(
                d,
                "\"language\": \"ar\",",
                "\"language\": \"ar\",\n  \"language\": \"en\",",
            )
        },
        rules: &[Rule::JsonSyntax],
        exit: 1,
    },
    Case {
        name: "a 60 MB string",
        apply: |d| {
            let text = article_text(d).replacen(
                "\"summary_en\": \"",
                &format!("\"summary_en\": \"{}", "x".repeat(60 * 1024 * 1024)),
                1,
            );
            std::fs::write(d.join(ARTICLE), text).unwrap();
        },
        rules: &[Rule::LimitExceeded],
        exit: 1,
    },
    Case {
        // serde reads a struct from an array of its fields; the schema does not.
        name: "an object written as an array of its fields",
        apply: |d| {
            edit(
                d,
                "\"source\": {\n    \"outlet\": \"test-outlet\"\n  }",
                "\"source\": [\"test-outlet\"]",
            )
        },
        rules: &[Rule::Schema],
        exit: 1,
    },
    Case {
        name: "a date written as an array",
        apply: |d| {
            edit(
                d,
                "\"published\": {",
                "\"published\": [\"day\", \"2023-06-22\"], \"x\": {",
            )
        },
        rules: &[Rule::Schema],
        exit: 1,
    },
    Case {
        name: "empty file",
        apply: |d| std::fs::write(d.join(ARTICLE), "").unwrap(),
        rules: &[Rule::JsonSyntax],
        exit: 1,
    },
    Case {
        name: "folder named .json",
        apply: |d| std::fs::create_dir_all(d.join("articles/test-outlet/folder.json")).unwrap(),
        rules: &[Rule::UnexpectedEntry],
        exit: 1,
    },
    Case {
        name: "symlink out of the corpus",
        apply: |d| {
            let outside = d.with_extension("outside.json");
            std::fs::write(&outside, "{\"secret\": true}").unwrap();
            std::os::unix::fs::symlink(&outside, d.join("articles/test-outlet/link.json")).unwrap();
        },
        rules: &[Rule::UnexpectedEntry],
        exit: 1,
    },
    Case {
        name: "manifest is a symlink",
        apply: |d| {
            let outside = d.with_extension("manifest-outside.json");
            std::fs::rename(d.join("manifest.json"), &outside).unwrap();
            std::os::unix::fs::symlink(&outside, d.join("manifest.json")).unwrap();
        },
        rules: &[Rule::UnexpectedEntry],
        exit: 1,
    },
    Case {
        name: "`..` in $schema",
        apply: |d| {
            edit(
                d,
                "\"../../../schema/article.schema.json\"",
                "\"../../../../../../../etc/passwd\"",
            )
        },
        rules: &[Rule::Schema],
        exit: 1,
    },
    Case {
        name: "non-NFC text",
        apply: |d| edit(d, "The spokesperson said", "The spokespe\u{0301}rson said"),
        rules: &[Rule::TextNotNfc],
        exit: 1,
    },
    Case {
        name: "bidi override in a summary",
        apply: |d| edit(d, "The spokesperson said", "The \u{202E}spokesperson said"),
        rules: &[Rule::TextControlChar],
        exit: 1,
    },
    Case {
        name: "bidi isolate in a quote",
        apply: |d| edit(d, "\"quote\": \"وقال", "\"quote\": \"\u{2067}وقال"),
        rules: &[Rule::EvidenceQuoteMismatch, Rule::TextControlChar],
        exit: 1,
    },
    Case {
        name: "span starts on a haraka",
        apply: |d| {
            // ناجحاً: the tanwin fatha (U+064B) belongs to the alif before it.
            let text = article_text(d);
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            let body = value["body"].as_str().unwrap();
            let at = body.chars().position(|c| c == '\u{064B}').unwrap();
            let fact = &value["facts"][2]["evidence"][0];
            let old = format!(
                "\"start\": {},\n          \"end\": {},",
                fact["start"], fact["end"]
            );
            let quote: String = body.chars().skip(at).take(2).collect();
            let new = format!("\"start\": {at},\n          \"end\": {},", at + 2);
            let text = text.replacen(&old, &new, 1).replacen(
                &format!("\"quote\": {}", fact["quote"]),
                &format!("\"quote\": {}", serde_json::Value::from(quote.as_str())),
                1,
            );
            std::fs::write(d.join(ARTICLE), text).unwrap();
        },
        rules: &[Rule::EvidenceSplitsGrapheme],
        exit: 1,
    },
    Case {
        name: "span ends before a haraka",
        apply: |d| {
            let text = article_text(d);
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            let body = value["body"].as_str().unwrap();
            let at = body.chars().position(|c| c == '\u{064B}').unwrap();
            let fact = &value["facts"][2]["evidence"][0];
            let start = fact["start"].as_u64().unwrap() as usize;
            let old = format!("\"end\": {},", fact["end"]);
            let quote: String = body.chars().skip(start).take(at - start).collect();
            let text = text.replacen(&old, &format!("\"end\": {at},"), 1).replacen(
                &format!("\"quote\": {}", fact["quote"]),
                &format!("\"quote\": {}", serde_json::Value::from(quote.as_str())),
                1,
            );
            std::fs::write(d.join(ARTICLE), text).unwrap();
        },
        rules: &[Rule::EvidenceSplitsGrapheme],
        exit: 1,
    },
];

#[test]
fn hostile_inputs_give_findings_exit_codes_and_no_panic() {
    let mut table = String::from("case | rule | where | message\n");
    for case in CASES {
        let dir = fresh_corpus();
        (case.apply)(&dir);
        let report = validate_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let rules: BTreeSet<&str> = report.findings.iter().map(|f| f.rule.id()).collect();
        assert_eq!(
            rules,
            case.rules.iter().map(|r| r.id()).collect::<BTreeSet<_>>(),
            "{}: {:#?}",
            case.name,
            report.findings
        );
        let f = &report.findings[0];
        if f.rule != Rule::UnexpectedEntry
            && !(f.rule == Rule::LimitExceeded && f.message.contains("bytes"))
        {
            assert!(f.line() > 0, "{}: no location: {f:?}", case.name);
        }
        let code = run(&["validate", dir.to_str().unwrap(), "--format", "json"]).code;
        assert_eq!(code, case.exit, "{}", case.name);
        // fmt never panics, and never rewrites what it cannot read.
        let before = std::fs::read(dir.join(ARTICLE)).ok();
        let fmt_code = run(&["fmt", "--check", dir.to_str().unwrap()]).code;
        assert!(
            fmt_code == 0 || fmt_code == 1,
            "{}: fmt exit {fmt_code}",
            case.name
        );
        assert_eq!(
            std::fs::read(dir.join(ARTICLE)).ok(),
            before,
            "{}: fmt --check wrote",
            case.name
        );
        let place = if f.line() > 0 {
            format!("{}:{}:{}", f.file, f.line(), f.column())
        } else {
            f.file.clone()
        };
        let _ = writeln!(
            table,
            "{} | {} | {place} {} | {}",
            case.name,
            f.rule.id(),
            f.pointer,
            f.message
        );
        let _ = std::fs::remove_dir_all(&dir);
        for leftover in ["outside.json", "manifest-outside.json"] {
            let _ = std::fs::remove_file(dir.with_extension(leftover));
        }
    }
    insta::assert_snapshot!(table);
}

#[test]
fn limits_are_configurable() {
    let dir = fresh_corpus();
    let r = run(&["validate", dir.to_str().unwrap(), "--max-file-size", "100"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("limit-exceeded"), "{}", r.stdout);
    let r = run(&["validate", dir.to_str().unwrap(), "--max-depth", "3"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("deeper than the limit of 3"),
        "{}",
        r.stdout
    );
    assert_eq!(
        run(&["validate", dir.to_str().unwrap(), "--max-depth", "8"]).code,
        0
    );
    std::fs::remove_dir_all(dir).unwrap();
}
