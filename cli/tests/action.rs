//! The GitHub Action's and the pre-commit hooks' shell steps, run locally
//! against a copy of the data with one injected error: the annotations they
//! print, the SARIF file they name, their exit codes.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn script(name: &str) -> std::path::PathBuf {
    common::repo().join("action").join(name)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The shipped data with one evidence quote that no longer matches.
fn data_with_one_error() -> common::TempPath {
    let dir = common::temp_path("action");
    common::copy_dir(&common::repo().join("data"), &dir);
    let path = dir.join("articles/realist-arabic/realist-arabic-7087a378d90ed0f8.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("\"quote\": \"وقال نائب", "\"quote\": \"قال نائب", 1);
    assert_ne!(text, broken);
    std::fs::write(&path, broken).unwrap();
    dir
}

fn run(script_name: &str, args: &[&str], env: &[(&str, &Path)], extra: &[(&str, &str)]) -> Output {
    let mut command = Command::new("bash");
    command
        .arg(script(script_name))
        .args(args)
        .env("ASTANA_CORPUS_BIN", env!("CARGO_BIN_EXE_astana-corpus"))
        .env_remove("GITHUB_ENV")
        .env_remove("GITHUB_OUTPUT");
    for (k, v) in env {
        command.env(k, v);
    }
    for (k, v) in extra {
        command.env(k, v);
    }
    command.output().unwrap()
}

#[test]
fn the_action_annotates_the_injected_error_and_names_its_sarif() {
    let data = data_with_one_error();
    let temp = common::temp_path("runner");
    std::fs::create_dir_all(&temp).unwrap();
    let outputs = temp.join("github-output");
    let out = run(
        "validate.sh",
        &[],
        &[
            ("ASTANA_DATA", &data),
            ("RUNNER_TEMP", &temp),
            ("GITHUB_OUTPUT", &outputs),
        ],
        &[("ASTANA_FORMAT", "github"), ("ASTANA_SARIF", "true")],
    );
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    let annotations: Vec<&str> = printed
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(annotations.len(), 1, "{printed}");
    let a = annotations[0];
    assert!(
        a.contains("articles/realist-arabic/realist-arabic-7087a378d90ed0f8.json,line=")
            && a.contains("title=astana-corpus evidence-quote-mismatch::"),
        "{a}"
    );
    // The step output names the SARIF file, which holds the one result.
    let recorded = std::fs::read_to_string(&outputs).unwrap();
    let sarif_path = recorded.trim().strip_prefix("sarif-file=").unwrap();
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sarif_path).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 1);

    // Clean data passes; a bad input is refused before anything runs.
    let clean = common::repo().join("data");
    let out = run(
        "validate.sh",
        &[],
        &[("ASTANA_DATA", &clean)],
        &[("ASTANA_FORMAT", "github")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = run(
        "validate.sh",
        &[],
        &[("ASTANA_DATA", &clean)],
        &[("ASTANA_FORMAT", "github; rm -rf /")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("::error title=astana-corpus::format must be"),
        "{}",
        text(&out)
    );
    std::fs::remove_dir_all(data).unwrap();
    std::fs::remove_dir_all(temp).unwrap();
}

#[test]
fn the_install_step_records_the_binary_for_the_next_steps() {
    let temp = common::temp_path("runner-env");
    std::fs::create_dir_all(&temp).unwrap();
    let env_file = temp.join("github-env");
    let out = run("install.sh", &[], &[("GITHUB_ENV", &env_file)], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("astana-corpus "), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(&env_file).unwrap().trim(),
        format!("ASTANA_CORPUS_BIN={}", env!("CARGO_BIN_EXE_astana-corpus"))
    );
    let out = run(
        "install.sh",
        &[],
        &[],
        &[("ASTANA_CORPUS_BIN", ""), ("ASTANA_VERSION", "1; echo x")],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    std::fs::remove_dir_all(temp).unwrap();
}

#[test]
fn the_pre_commit_hooks_check_the_folder_and_the_changed_files() {
    let data = data_with_one_error();
    let out = run(
        "pre-commit.sh",
        &["validate", data.to_str().unwrap()],
        &[],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("evidence-quote-mismatch"),
        "{}",
        text(&out)
    );
    let file = data.join("articles/realist-arabic/realist-arabic-7087a378d90ed0f8.json");
    let out = run("pre-commit.sh", &["fmt", file.to_str().unwrap()], &[], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    std::fs::write(
        &file,
        std::fs::read_to_string(&file)
            .unwrap()
            .replace("  \"", "\t\""),
    )
    .unwrap();
    let out = run("pre-commit.sh", &["fmt", file.to_str().unwrap()], &[], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // The hook manifest names these scripts.
    let hooks = std::fs::read_to_string(common::repo().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(hooks.contains("entry: action/pre-commit.sh validate"));
    assert!(hooks.contains("entry: action/pre-commit.sh fmt"));
    std::fs::remove_dir_all(data).unwrap();
}
