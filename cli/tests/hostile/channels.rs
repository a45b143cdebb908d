//! Class 2, untrusted text in every output channel: the same nasty strings
//! go into file names, ids, `$schema`, the manifest name and summaries, and
//! no channel (human, github, json, sarif, diff, stats, CSV) lets one
//! through raw.

use std::path::Path;

use proptest::prelude::*;

use super::{edit, fresh_corpus, run, ARTICLE};

/// Strings that act on a terminal or a CI log when printed raw.
const NASTY: &[&str] = &[
    "\u{1b}]0;retitled\u{7}",
    "\u{1b}[2J",
    "\r",
    "\n::error file=README.md,line=1::forged",
    "\u{9b}31m",
    "\u{202e}",
    "\u{2066}",
    "\u{85}",
];

/// Characters that must never appear raw in any output, except the
/// tool's own isolates (U+2068 … U+2069) around right-to-left text: any
/// isolate in the data is escaped, so a raw one is the tool's, and must
/// wrap right-to-left letters.
fn assert_no_raw_hazard(channel: &str, text: &str) {
    use astana_corpus::escape::{is_hazard, is_right_to_left};
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let ours = match c {
            '\u{2068}' => chars.get(i + 1).is_some_and(|&n| is_right_to_left(n)),
            '\u{2069}' => i > 0 && !is_hazard(chars[i - 1]) && chars[i - 1] != ' ',
            '\n' => true,
            _ => !is_hazard(c),
        };
        assert!(
            ours,
            "{channel}: raw U+{:04X} in the output:\n{text}",
            u32::from(c)
        );
    }
}

/// Every line of `--format github` output that starts a workflow command is
/// one the tool wrote: an annotation with escaped properties, the notice,
/// or the group markers. The runner trims whitespace before looking for
/// `::`, and so does this check.
pub fn assert_github_lines_are_ours(output: &str) {
    for line in output.lines() {
        let trimmed = line.trim();
        let Some(rest) = trimmed.strip_prefix("::") else {
            continue;
        };
        let ours = rest == "group::All findings"
            || rest == "endgroup::"
            || rest.starts_with("notice::")
            || annotation(rest);
        assert!(ours, "a workflow command the tool did not write: {line:?}");
    }
}

/// `error file=…(,line=N,col=N),title=…::message`, properties free of raw
/// `:` and `,`.
fn annotation(rest: &str) -> bool {
    let Some((command, rest)) = rest.split_once(' ') else {
        return false;
    };
    if command != "error" && command != "warning" {
        return false;
    }
    let Some((props, _message)) = rest.split_once("::") else {
        return false;
    };
    let mut names = Vec::new();
    for prop in props.split(',') {
        let Some((name, value)) = prop.split_once('=') else {
            return false;
        };
        if value.contains(':') {
            return false;
        }
        names.push(name);
    }
    names == ["file", "title"] || names == ["file", "line", "col", "title"]
}

/// A JSON string literal's contents for `s` (escaped as JSON).
fn json_inner(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

/// The fixture corpus with every nasty string planted where a contributor
/// controls text: a file name, `$schema`, a fact id, a summary starting
/// with a formula, and the manifest's name.
fn planted() -> super::common::TempPath {
    let dir = fresh_corpus();
    let all: String = NASTY.concat();
    edit(
        &dir,
        "\"../../../schema/article.schema.json\"",
        &format!(
            "\"../../../schema/article.schema.json{}\"",
            json_inner(&all)
        ),
    );
    edit(
        &dir,
        "\"summary_en\": \"",
        &format!(
            "\"summary_en\": \"=HYPERLINK(\\\"http://example.invalid\\\") {}",
            json_inner(&all)
        ),
    );
    let text = std::fs::read_to_string(dir.join(ARTICLE)).unwrap();
    let name = format!("x{}.json", all.replace('/', ""));
    std::fs::write(dir.join("articles/test-outlet").join(name), &text).unwrap();
    dir
}

#[test]
fn validate_escapes_every_channel() {
    let dir = planted();
    let d = dir.to_str().unwrap();
    for format in ["human", "github", "json", "sarif"] {
        let r = run(&["validate", d, "--format", format]);
        assert_eq!(r.code, 1, "{format}");
        assert_no_raw_hazard(format, &r.stdout);
        assert_no_raw_hazard(format, &r.stderr);
        match format {
            "github" => assert_github_lines_are_ours(&r.stdout),
            "json" | "sarif" => {
                let value: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
                // The escapes keep the values: the planted text is there, decoded.
                assert!(value.to_string().contains("forged"), "{format}");
            }
            _ => {}
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn diff_stats_and_fmt_escape_what_they_print() {
    let old = fresh_corpus();
    let new = fresh_corpus();
    let all: String = NASTY.concat();
    edit(
        &new,
        "\"id\": \"meeting-round-20\"",
        &format!("\"id\": \"meeting{}\"", json_inner(&all)),
    );
    let manifest = std::fs::read_to_string(new.join("manifest.json")).unwrap();
    std::fs::write(
        new.join("manifest.json"),
        manifest.replacen(
            "\"fixture\"",
            &format!("\"fixture{}\"", json_inner(&all)),
            1,
        ),
    )
    .unwrap();
    for format in ["human", "json"] {
        let r = run(&[
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--format",
            format,
        ]);
        assert_eq!(r.code, 0, "diff {format}: {}", r.stderr);
        assert!(r.stdout.contains("meeting"), "{}", r.stdout);
        assert_no_raw_hazard("diff", &r.stdout);
    }
    let r = run(&["stats", "--data", new.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("fixture\\u{1b}"), "{}", r.stdout);
    assert_no_raw_hazard("stats", &r.stdout);
    let planted = planted();
    for args in [vec!["fmt", "--check"], vec!["fmt"]] {
        let mut args = args.clone();
        args.push(planted.to_str().unwrap());
        let r = run(&args);
        assert_no_raw_hazard("fmt", &r.stdout);
        assert_no_raw_hazard("fmt", &r.stderr);
    }
    for dir in [old, new, planted] {
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn csv_cells_cannot_be_formulas_and_jsonl_keeps_the_value() {
    let dir = fresh_corpus();
    edit(
        &dir,
        "\"summary_en\": \"",
        "\"summary_en\": \"=HYPERLINK(\\\"http://example.invalid\\\",\\\"x\\\") ",
    );
    let out = dir.with_extension("tables");
    let d = dir.to_str().unwrap();
    for format in ["csv", "jsonl"] {
        let r = run(&[
            "export",
            "--format",
            format,
            "--data",
            d,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let csv = std::fs::read_to_string(out.join("facts.csv")).unwrap();
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(
        !csv.contains(",=HYPERLINK(") && !csv.contains(",\"=HYPERLINK("),
        "{csv}"
    );
    let jsonl = std::fs::read_to_string(out.join("facts.jsonl")).unwrap();
    assert!(jsonl.contains("\"=HYPERLINK("), "{jsonl}");
    // The tables sit beside the corpus, in the folder the guard removes.
    std::fs::remove_dir_all(out).unwrap();
    drop(dir);
}

/// Text a contributor controls: printable, control and bidi characters.
fn untrusted() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z:,%=@ ]{0,6}",
        Just("::".to_owned()),
        Just("\n".to_owned()),
        Just("\r".to_owned()),
        Just("\u{1b}".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("أستانا".to_owned()),
    ];
    prop::collection::vec(piece, 1..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Whatever text lands in a summary, a `$schema` and a file name, no
    /// line of `--format github` output starts a command the tool did not
    /// write, and no channel prints a hazard raw.
    #[test]
    fn no_github_line_is_a_command_but_the_tools(summary in untrusted(), schema in untrusted(), file in untrusted()) {
        let dir = fresh_corpus();
        edit(&dir, "\"summary_en\": \"", &format!("\"summary_en\": \"{}", json_inner(&summary)));
        edit(&dir, "\"$schema\": \"", &format!("\"$schema\": \"{}", json_inner(&schema)));
        let text = std::fs::read_to_string(dir.join(ARTICLE)).unwrap();
        let name = format!("{}.json", file.replace('/', ""));
        let _ = std::fs::write(dir.join("articles/test-outlet").join(Path::new(&name)), &text);
        let r = run(&["validate", dir.to_str().unwrap(), "--format", "github"]);
        assert_github_lines_are_ours(&r.stdout);
        assert_no_raw_hazard("github", &r.stdout);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
