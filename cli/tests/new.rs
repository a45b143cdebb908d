//! `astana-corpus new`: from a received text to an article file, byte for
//! byte, never over an existing file.

mod common;

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use astana_corpus::model::Article;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_astana-corpus"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const FIRST: &str = "realist-arabic-7087a378d90ed0f8";

/// The shipped data without its first article.
fn data_without_first() -> common::TempPath {
    let dir = common::temp_path("new");
    common::copy_dir(&common::repo().join("data"), &dir);
    std::fs::remove_file(dir.join(format!("articles/realist-arabic/{FIRST}.json"))).unwrap();
    dir
}

#[test]
fn the_received_first_article_becomes_its_shipped_body_byte_for_byte() {
    let dir = data_without_first();
    let received = common::repo().join(format!("tests/fixtures/received/{FIRST}.txt"));
    let out = common::tool()
        .args(["new", "--outlet", "realist-arabic", "--id", FIRST, "--text"])
        .arg(&received)
        .arg("--data")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("no facts yet"), "{}", text(&out));
    assert!(!text(&out).contains("not an outlet"), "{}", text(&out));
    let written: Article = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("articles/realist-arabic/{FIRST}.json")))
            .unwrap(),
    )
    .unwrap();
    let shipped = astana_corpus::Corpus::embedded().article(FIRST).unwrap();
    assert_eq!(written.body.as_bytes(), shipped.body.as_bytes());
    assert_eq!(written.body.as_bytes(), std::fs::read(&received).unwrap());
    assert!(written.facts.is_empty() && written.text_notes.is_empty());
    assert_eq!(written.schema, shipped.schema);
    // fmt has nothing to change in the new file.
    let fmt = common::tool()
        .args(["fmt", "--check"])
        .arg(dir.join(format!("articles/realist-arabic/{FIRST}.json")))
        .output()
        .unwrap();
    assert_eq!(fmt.status.code(), Some(0), "{}", text(&fmt));

    // Never over an existing file.
    let again = common::tool()
        .args(["new", "--outlet", "realist-arabic", "--id", FIRST, "--text"])
        .arg(&received)
        .arg("--data")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again).contains("already exists"), "{}", text(&again));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_new_article_validates_as_it_is() {
    let dir = common::copy_fixture("valid/base");
    let received = common::repo().join(format!("tests/fixtures/received/{FIRST}.txt"));
    let out = common::tool()
        .args([
            "new",
            "--outlet",
            "test-outlet",
            "--id",
            "test-outlet-second",
            "--published",
            "2023-06-22",
            "--text",
        ])
        .arg(&received)
        .arg("--data")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let validate = common::tool().arg("validate").arg(&dir).output().unwrap();
    assert_eq!(validate.status.code(), Some(0), "{}", text(&validate));
    assert!(
        text(&validate).contains("2 articles"),
        "{}",
        text(&validate)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn standard_input_a_new_outlet_and_refusals() {
    let dir = data_without_first();
    let mut child = bin()
        .args([
            "new",
            "--outlet",
            "new-outlet",
            "--id",
            "new-outlet-first",
            "--published",
            "2024-02",
            "--text",
            "-",
            "--data",
        ])
        .arg(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("عقد الاجتماع \"العشرون\"\nفي أستانا.".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("`new-outlet` is not an outlet"),
        "{}",
        text(&out)
    );
    let written: Article = serde_json::from_str(
        &std::fs::read_to_string(dir.join("articles/new-outlet/new-outlet-first.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(written.body, "عقد الاجتماع \"العشرون\"\nفي أستانا.");
    assert_eq!(written.published.start.unwrap().to_string(), "2024-02");

    // An outlet folder that is a link is never written through.
    let outside = common::temp_path("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("articles/linked")).unwrap();
    let out = bin()
        .args([
            "new", "--outlet", "linked", "--id", "linked-x", "--text", "-", "--data",
        ])
        .arg(&dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("articles/linked is a symbolic link"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    std::fs::remove_file(dir.join("articles/linked")).unwrap();
    std::fs::remove_dir_all(outside).unwrap();

    for (args, says) in [
        (
            vec!["--outlet", "realist-arabic", "--id", "../../etc/passwd"],
            "is not an id",
        ),
        (
            vec!["--outlet", "realist-arabic", "--id", "other-x"],
            "must begin with its outlet",
        ),
        (
            vec![
                "--outlet",
                "realist-arabic",
                "--id",
                "realist-arabic-x",
                "--published",
                "2024-13",
            ],
            "not a calendar date",
        ),
        (
            vec!["--outlet", "other", "--id", "other-first"],
            "already exists",
        ),
    ] {
        let other = dir.join("articles/other");
        if says == "already exists" {
            // The same id under another outlet's folder is a duplicate too.
            std::fs::create_dir_all(&other).unwrap();
            std::fs::copy(
                dir.join("articles/new-outlet/new-outlet-first.json"),
                other.join("other-first.json"),
            )
            .unwrap();
            std::fs::rename(
                other.join("other-first.json"),
                dir.join("articles/new-outlet/other-first.json"),
            )
            .unwrap();
        }
        let out = bin()
            .arg("new")
            .args(&args)
            .args(["--text", "-", "--data"])
            .arg(&dir)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(says), "{args:?}: {}", text(&out));
    }
    std::fs::remove_dir_all(dir).unwrap();
}
