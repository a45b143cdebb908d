//! Class 5, the second round: the commands added after the first round
//! (`review`, `migrate`, `diff --format markdown`, `bundle --archive`,
//! `schema --check`) keep the same promises, each tried as a class of
//! inputs: a link at every component of every output folder, every kind of
//! entry where a schema file should be, every hazard in a fact id and a
//! version, every reserved character in a file name, and outputs past
//! their budget.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};

use super::{fresh_corpus, run, run_bounded, snapshot_tree, ARTICLE};

/// A fresh corpus with the repository's manifest, as `bundle` needs.
fn corpus_with_manifest() -> super::common::TempPath {
    let dir = fresh_corpus();
    std::fs::copy(
        super::common::repo().join("data/manifest.json"),
        dir.join("manifest.json"),
    )
    .unwrap();
    dir
}

/// Every folder (relative, `/`-separated) under `dir`.
fn folders(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(dir.join(&rel)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                let child = rel.join(entry.file_name());
                out.push(child.to_str().unwrap().to_owned());
                stack.push(child);
            }
        }
    }
    out.sort();
    out
}

/// For each command that writes a folder, and for each folder it writes
/// inside it: that folder replaced by a link to an outside folder makes the
/// command fail (exit 2), and nothing is written through the link.
#[test]
fn no_command_writes_through_a_link_at_any_depth_of_its_output() {
    let data = corpus_with_manifest();
    let data_s = data.to_str().unwrap().to_owned();
    let mut commands: Vec<(&str, Vec<String>)> = vec![
        ("review", vec!["review".into(), data_s.clone()]),
        (
            "export",
            vec![
                "export".into(),
                "--format".into(),
                "csv".into(),
                "--data".into(),
                data_s.clone(),
            ],
        ),
    ];
    if cfg!(feature = "bundle") {
        commands.push((
            "bundle",
            vec!["bundle".into(), "--data".into(), data_s.clone()],
        ));
    }
    let mut tried = 0;
    for (name, args) in &commands {
        let clean = super::common::temp_path("clean-out");
        let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
        a.extend(["--out", clean.to_str().unwrap()]);
        let r = run(&a);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        // The output folder itself (""), and every folder written inside it.
        let mut layout = vec![String::new()];
        layout.extend(folders(&clean));
        std::fs::remove_dir_all(&clean).unwrap();
        for inside in &layout {
            let out = super::common::temp_path("linked-out");
            let outside = super::common::temp_path("outside");
            std::fs::create_dir_all(&outside).unwrap();
            let linked = if inside.is_empty() {
                // A link one level below the folder named on the command line.
                std::fs::create_dir_all(&out).unwrap();
                out.join("sub")
            } else {
                out.join(inside)
            };
            std::fs::create_dir_all(linked.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink(&outside, &linked).unwrap();
            let target = if inside.is_empty() {
                out.join("sub/site")
            } else {
                out.to_path_buf()
            };
            let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
            a.extend(["--out", target.to_str().unwrap()]);
            let r = run(&a);
            if !inside.is_empty() {
                assert_eq!(r.code, 2, "{name} with {inside} a link: {}", r.stdout);
                // `bundle` refuses any folder that is not empty before it
                // gets to the link; the others name the link.
                assert!(
                    r.stderr.contains("symbolic link") || r.stderr.contains("is not empty"),
                    "{name} with {inside} a link: {}",
                    r.stderr
                );
            }
            // A link in the path the user typed is theirs to follow; below
            // it, nothing may land outside.
            if !inside.is_empty() {
                assert!(
                    snapshot_tree(&outside).is_empty(),
                    "{name} wrote through a link at {inside}"
                );
            }
            tried += 1;
            let _ = std::fs::remove_dir_all(&out);
            let _ = std::fs::remove_dir_all(&outside);
        }
    }
    assert!(tried >= 6, "{tried} layouts tried");
    std::fs::remove_dir_all(data).unwrap();
}

/// `schema --check --dir` reads through the safe reader: a FIFO, a link to
/// an endless device, a folder or a huge file where a schema should be is
/// reported out of date at once, never read.
#[test]
fn schema_check_never_hangs_or_reads_past_the_schema() {
    let dir = super::common::temp_path("schema-dir");
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.join("article.schema.json"))
        .status()
        .unwrap();
    assert!(fifo.success());
    std::os::unix::fs::symlink("/dev/zero", dir.join("entities.schema.json")).unwrap();
    std::fs::create_dir(dir.join("manifest.schema.json")).unwrap();
    let huge = std::fs::File::create(dir.join("retired.schema.json")).unwrap();
    huge.set_len(8 << 30).unwrap();
    let r = run_bounded(
        &["schema", "--check", "--dir", dir.to_str().unwrap()],
        Duration::from_secs(20),
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    for file in [
        "article.schema.json",
        "entities.schema.json",
        "manifest.schema.json",
        "retired.schema.json",
    ] {
        assert!(
            r.stderr.contains(&format!("{file}: out of date")),
            "{file}: {}",
            r.stderr
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// Versions that are not semantic versions: each is a `schema` error in
/// `validate`, and `bundle --archive` never names a file after one.
#[test]
fn a_version_that_is_not_a_semantic_version_never_names_a_file() {
    let versions = [
        "0.3.0\n::error file=README.md::forged",
        "0.3.0\r",
        "../../escaped",
        "0.3.0/x",
        "0.3.0\u{202e}",
        "0.3.0 ",
        "..",
        "",
    ];
    for version in versions {
        let dir = corpus_with_manifest();
        let mut manifest: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap())
                .unwrap();
        manifest["version"] = json!(version);
        std::fs::write(
            dir.join("manifest.json"),
            serde_json::to_string_pretty(&manifest).unwrap(),
        )
        .unwrap();
        let r = run(&["validate", dir.to_str().unwrap(), "--format", "json"]);
        assert_eq!(r.code, 1, "{version:?}: {}", r.stdout);
        let report: Value = serde_json::from_str(&r.stdout).unwrap();
        assert!(
            report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == "schema" && f["pointer"] == "/version"),
            "{version:?}: {}",
            r.stdout
        );
        let parent = super::common::temp_path("release");
        let out = parent.join("bundle");
        let r = run(&[
            "bundle",
            "--data",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--archive",
        ]);
        assert_ne!(r.code, 0, "{version:?}: bundled");
        let names: Vec<String> = std::fs::read_dir(&parent)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            names.iter().all(|n| !n.ends_with(".tar.gz")),
            "{version:?}: {names:?}"
        );
        let _ = std::fs::remove_dir_all(parent);
        std::fs::remove_dir_all(dir).unwrap();
    }
}

/// Decodes a percent-encoded URI path.
fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// Every SARIF `uri` is a URI reference that decodes to exactly the file's
/// path, whatever characters its name holds.
#[test]
fn sarif_uris_decode_to_the_file_they_name() {
    let names = [
        "%2e%2e%2f%2e%2e%2fsrc%2flib.rs#x y?.json",
        "a#b.json",
        "q?x=1.json",
        "space name.json",
        "per%cent.json",
        "أستانا.json",
        "semi;colon&amp.json",
    ];
    let dir = fresh_corpus();
    let outlet = dir.join("articles/o");
    std::fs::create_dir_all(&outlet).unwrap();
    for name in names {
        std::fs::write(outlet.join(name), "{}").unwrap();
    }
    let r = run(&["validate", dir.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(r.code, 1);
    let sarif: Value = serde_json::from_str(&r.stdout).unwrap();
    let uris: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|res| {
            res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    for name in names {
        let wanted = format!("articles/o/{name}");
        let found = uris
            .iter()
            .find(|u| String::from_utf8(percent_decode(u)).is_ok_and(|d| d.ends_with(&wanted)));
        let uri = found.unwrap_or_else(|| panic!("no uri decodes to {wanted}: {uris:?}"));
        assert!(
            uri.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)),
            "{uri}"
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// Hazards in fact ids reach no attribute or text of a review page raw:
/// only the article body keeps its characters.
#[test]
fn review_escapes_fact_ids_in_attributes_and_text() {
    use astana_corpus::escape::is_hazard;
    let hazards = [
        "\u{1b}[2J",
        "\u{202e}",
        "\u{2066}",
        "\"><script>x</script>",
        "'",
        "\u{85}",
        "\r",
    ];
    for hazard in hazards {
        let dir = fresh_corpus();
        let mut a: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(ARTICLE)).unwrap()).unwrap();
        a["facts"][0]["id"] = json!(format!("m{hazard}x"));
        std::fs::write(dir.join(ARTICLE), serde_json::to_string(&a).unwrap()).unwrap();
        let out = super::common::temp_path("site");
        let r = run(&[
            "review",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        for entry in std::fs::read_dir(out.join("articles")).unwrap() {
            let page = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            // The body is the published text, shown as it is.
            let (before, rest) = page.split_once("<div class=\"body\"").unwrap();
            let after = rest.split_once("</div>").unwrap().1;
            for part in [before, after] {
                assert!(
                    !part.chars().any(|c| is_hazard(c) && c != '\n'),
                    "{hazard:?} raw in the page"
                );
                assert!(!part.contains("<script>x"), "{hazard:?}: markup injected");
            }
            // Segments' tooltips name fact ids escaped too.
            let body = rest.split_once("</div>").unwrap().0;
            for title in body.split("title=\"").skip(1) {
                let title = title.split('"').next().unwrap();
                assert!(!title.chars().any(is_hazard), "{hazard:?} in a tooltip");
            }
        }
        std::fs::remove_dir_all(out).unwrap();
        std::fs::remove_dir_all(dir).unwrap();
    }
}

/// `diff --format markdown` fits a pull-request comment whatever changed:
/// one record with 90,000 changed fields, and 5,000 changed records.
#[test]
fn markdown_diff_stays_within_its_budget() {
    let old = corpus_with_manifest();
    let new = corpus_with_manifest();
    let mut a: Value =
        serde_json::from_str(&std::fs::read_to_string(old.join(ARTICLE)).unwrap()).unwrap();
    let meeting = a["facts"][0].clone();
    let mut facts: Vec<Value> = (0..5_000)
        .map(|i| {
            let mut f = meeting.clone();
            f["id"] = json!(format!("m-{i}"));
            f
        })
        .collect();
    facts[0]["participants"] = json!([]);
    a["facts"] = Value::Array(facts.clone());
    std::fs::write(old.join(ARTICLE), serde_json::to_string(&a).unwrap()).unwrap();
    for (i, f) in facts.iter_mut().enumerate() {
        f["summary_en"] = json!(format!("Changed summary {i}."));
    }
    facts[0]["participants"] = Value::Array(
        (0..45_000)
            .map(|i| {
                json!({"entity": "russia", "role": if i % 2 == 0 { "guarantor" } else { "observer" }})
            })
            .collect(),
    );
    a["facts"] = Value::Array(facts);
    std::fs::write(new.join(ARTICLE), serde_json::to_string(&a).unwrap()).unwrap();
    let r = run(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let chars = r.stdout.chars().count();
    assert!(chars < 60_000, "{chars} characters of Markdown");
    assert!(r.stdout.contains("more fields"), "{}", r.stdout);
    assert!(
        r.stdout.contains("more (run `astana-corpus diff`"),
        "{}",
        r.stdout
    );
    std::fs::remove_dir_all(old).unwrap();
    std::fs::remove_dir_all(new).unwrap();
}

/// `migrate` never writes a file that `validate` would refuse to read: a
/// format-1 article whose canonical form passes the file limit is reported
/// and left as it was.
#[test]
fn migrate_refuses_to_write_past_the_file_limit() {
    let dir = super::common::temp_path("format-1");
    super::common::copy_dir(
        &super::common::repo().join("tests/fixtures/format-1/base"),
        &dir,
    );
    let path = dir.join(ARTICLE);
    let mut a: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let meeting = a["facts"][0].clone();
    // Compact, each fact takes about 550 bytes; indented about 1,100.
    a["facts"] = (0..20_000)
        .map(|i| {
            let mut f = meeting.clone();
            f["id"] = json!(format!("m-{i}"));
            f
        })
        .collect();
    let text = serde_json::to_string(&a).unwrap();
    assert!(text.len() < 16 << 20, "{} bytes", text.len());
    std::fs::write(&path, &text).unwrap();
    let r = run(&["migrate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("limit-exceeded"), "{}", r.stdout);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    std::fs::remove_dir_all(dir).unwrap();
}
