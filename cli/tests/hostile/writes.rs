//! Class 4, writes that cannot leave debris or exceed the limits: an
//! interrupted `fmt` removes its temporary file (SIGINT, SIGTERM), a
//! temporary file left by SIGKILL is reported by `validate` and removed by
//! `fmt`, `fmt` never writes a file that `validate` would refuse, and
//! `export`/`bundle` never write into the data or over `/`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

use super::{fresh_corpus, run, snapshot_tree, ARTICLE};

/// Every temporary file under `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    snapshot_tree(dir)
        .into_iter()
        .filter_map(|(p, _)| {
            let name = p.file_name()?.to_str()?.to_owned();
            name.ends_with(".astana-tmp").then_some(name)
        })
        .collect()
}

/// A corpus of `n` articles that `fmt` must rewrite (minified).
fn minified_corpus(n: usize) -> super::common::TempPath {
    let dir = fresh_corpus();
    let text = std::fs::read_to_string(dir.join(ARTICLE)).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let outlet = dir.join("articles/test-outlet");
    for i in 0..n {
        let mut v = value.clone();
        v["id"] = json!(format!("article-{i:04}"));
        std::fs::write(
            outlet.join(format!("article-{i:04}.json")),
            serde_json::to_string(&v).unwrap(),
        )
        .unwrap();
    }
    dir
}

#[test]
fn interrupted_fmt_leaves_no_temporary_file() {
    let dir = minified_corpus(400);
    let originals = snapshot_tree(&dir);
    let mut interrupted = 0;
    for (round, signal) in ["INT", "TERM"].iter().cycle().take(12).enumerate() {
        let child = Command::new(env!("CARGO_BIN_EXE_astana-corpus"))
            .args(["fmt", dir.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(5 + 7 * round as u64));
        let _ = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status();
        let output = child.wait_with_output().unwrap();
        if output.status.code() == Some(130) {
            interrupted += 1;
        }
        assert_eq!(
            temporaries(&dir),
            Vec::<String>::new(),
            "SIG{signal}, round {round}"
        );
        // Every file is either as it was or fully rewritten, and parses.
        for (path, bytes) in snapshot_tree(&dir) {
            let bytes = bytes.unwrap();
            serde_json::from_slice::<Value>(&bytes)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        // Start the next round from the minified corpus again.
        for (path, bytes) in &originals {
            std::fs::write(path, bytes.as_ref().unwrap()).unwrap();
        }
    }
    assert!(interrupted > 0, "no run was interrupted while writing");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_stale_temporary_file_is_reported_then_removed() {
    let dir = fresh_corpus();
    // As SIGKILL leaves one: no process has this id (above any pid_max).
    let stale = dir.join("articles/test-outlet/.test-article.json.999999999.astana-tmp");
    std::fs::write(&stale, "{\"half\": ").unwrap();
    let r = run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("unexpected-entry"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("temporary file left by an interrupted write"),
        "{}",
        r.stdout
    );
    let r = run(&["fmt", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("removed a stale temporary file"),
        "{}",
        r.stdout
    );
    assert!(!stale.exists());
    assert_eq!(run(&["validate", dir.to_str().unwrap()]).code, 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn fmt_refuses_to_write_a_file_over_the_limit() {
    let dir = fresh_corpus();
    let text = std::fs::read_to_string(dir.join(ARTICLE)).unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    // About 14 MB minified; indented, it would be about twice that.
    value["facts"][0]["participants"] = Value::Array(vec![
        json!({"entity": "russia", "role": "guarantor"});
        370_000
    ]);
    let minified = serde_json::to_string(&value).unwrap();
    assert!(minified.len() < 16 << 20);
    std::fs::write(dir.join(ARTICLE), &minified).unwrap();
    let r = run(&["fmt", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("limit-exceeded"), "{}", r.stdout);
    assert!(
        r.stdout.contains("the canonical form would have"),
        "{}",
        r.stdout
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(ARTICLE)).unwrap(),
        minified
    );
    assert_eq!(temporaries(&dir), Vec::<String>::new());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn export_and_bundle_never_write_into_the_data_or_the_root() {
    let dir = fresh_corpus();
    let before = snapshot_tree(&dir);
    let d = dir.to_str().unwrap();
    let inside = dir.join("articles/tables");
    for out in [d, inside.to_str().unwrap(), "/"] {
        let mut commands = vec![vec!["export", "--format", "csv", "--data", d, "--out", out]];
        if cfg!(feature = "bundle") {
            commands.push(vec!["bundle", "--data", d, "--out", out]);
        }
        for args in commands {
            let r = run(&args);
            assert_eq!(r.code, 2, "{args:?}: {}", r.stdout);
            assert!(r.stderr.contains("refusing to write into"), "{}", r.stderr);
            assert!(r.stderr.contains(out.trim_end_matches('/')), "{}", r.stderr);
        }
    }
    assert_eq!(snapshot_tree(&dir), before, "the data changed");
    std::fs::remove_dir_all(dir).unwrap();
}
