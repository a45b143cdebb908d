//! The tool end to end: output, exit codes. In process
//! (`common::in_process`) where the arguments name every folder; as a
//! process where the working folder is the point.

mod common;

use std::process::{Command, Output};

use common::in_process;

/// The binary, run from the repository's root (named, never assumed),
/// where it finds the shipped data folder.
fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_astana-corpus"))
        .current_dir(common::repo())
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn stats_of_the_embedded_corpus() {
    let out = run(&["stats"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn stats_of_a_folder_equals_stats_of_the_embedded_corpus() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../data");
    assert_eq!(
        stdout(&in_process(&["stats", "--data", dir])),
        stdout(&run(&["stats"]))
    );
}

#[test]
fn stats_of_a_missing_folder_is_an_io_failure() {
    let out = in_process(&["stats", "--data", "/nonexistent/astana-corpus-data"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("manifest.json"));
}

#[test]
fn schema_check_passes_on_the_repository_and_fails_on_a_stale_copy() {
    let out = run(&["schema", "--check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let dir = common::temp_path("schema");
    std::fs::create_dir_all(&dir).unwrap();
    let dir_arg = dir.to_str().unwrap();
    // Missing files: stale.
    let out = in_process(&["schema", "--check", "--dir", dir_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run `astana-corpus schema`"));
    // Writing makes them current; editing one by hand makes it stale again.
    assert_eq!(
        in_process(&["schema", "--dir", dir_arg]).status.code(),
        Some(0)
    );
    assert_eq!(
        in_process(&["schema", "--check", "--dir", dir_arg])
            .status
            .code(),
        Some(0)
    );
    let file = dir.join("article.schema.json");
    let edited = std::fs::read_to_string(&file)
        .unwrap()
        .replace("Stable slug", "Slug");
    std::fs::write(&file, edited).unwrap();
    let out = in_process(&["schema", "--check", "--dir", dir_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("article.schema.json: out of date"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(in_process(&["no-such-command"]).status.code(), Some(2));
    assert_eq!(
        in_process(&["stats", "--no-such-flag"]).status.code(),
        Some(2)
    );
}

#[test]
fn migrate_upgrades_a_format_1_folder_says_what_it_changed_and_is_idempotent() {
    let dir = common::copy_fixture("format-1/planned-meeting");
    let dir_arg = dir.to_str().unwrap();

    // validate refuses it and points at migrate.
    let out = in_process(&["validate", dir_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("astana-corpus migrate"),
        "{}",
        stdout(&out)
    );

    // --check reports and writes nothing.
    let article = dir.join("articles/test-outlet/test-article.json");
    let before = std::fs::read(&article).unwrap();
    let out = in_process(&["migrate", "--check", dir_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("would migrate: "), "{}", stdout(&out));
    assert_eq!(std::fs::read(&article).unwrap(), before);

    let out = in_process(&["migrate", dir_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("changed /facts/3/modality: `planned: true` became `modality: planned`"),
        "{text}"
    );
    assert!(
        text.contains("migrate: 3 files, 3 migrated, 0 already schema_version 3, 0 not migrated"),
        "{text}"
    );
    assert_eq!(in_process(&["validate", dir_arg]).status.code(), Some(0));

    let out = in_process(&["migrate", dir_arg]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("0 migrated, 3 already schema_version 3"),
        "{}",
        stdout(&out)
    );
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("articles/test-outlet"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("astana-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn migrate_names_links_and_pipes_it_never_opens() {
    let dir = common::copy_fixture("format-1/base");
    std::os::unix::fs::symlink("/etc", dir.join("articles/linked")).unwrap();
    let status = Command::new("mkfifo")
        .arg(dir.join("articles/test-outlet/pipe.json"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = in_process(&["migrate", "--check", dir.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("not migrated: ") && text.contains("articles/linked: a symbolic link"),
        "{text}"
    );
    assert!(
        text.contains("articles/test-outlet/pipe.json: a FIFO"),
        "{text}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// The tool in process: `astana_corpus_cli::run` writes to the streams it is
/// given exactly what the binary prints, and returns the same exit code,
/// for a report, a failure with its hint, `--help` and a usage error.
#[test]
fn run_in_process_is_the_binary() {
    let data = common::repo().join("data");
    let data = data.to_str().unwrap();
    let cases: [(&[&str], i32); 5] = [
        (&["validate", data, "--format", "json"], 0),
        (&["stats", "--data", data], 0),
        (&["stats", "--data", "/nonexistent/astana-corpus-data"], 2),
        (&["--help"], 0),
        (&["validate", "--no-such-flag"], 2),
    ];
    for (args, code) in cases {
        let process = run(args);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let argv = std::iter::once("astana-corpus").chain(args.iter().copied());
        let exit = astana_corpus_cli::run(argv, &mut out, &mut err);
        assert_eq!(process.status.code(), Some(code), "{args:?}");
        assert_eq!(exit, std::process::ExitCode::from(code as u8), "{args:?}");
        // The validator's summary ends with its elapsed time.
        let timeless = |bytes: &[u8]| {
            let text = String::from_utf8(bytes.to_vec()).unwrap();
            text.split(" in ").next().unwrap().to_owned()
        };
        if args[0] == "validate" && code == 0 {
            let a: serde_json::Value = serde_json::from_slice(&out).unwrap();
            let b: serde_json::Value = serde_json::from_slice(&process.stdout).unwrap();
            assert_eq!(a["findings"], b["findings"], "{args:?}");
        } else {
            assert_eq!(timeless(&out), timeless(&process.stdout), "{args:?}");
            assert_eq!(timeless(&err), timeless(&process.stderr), "{args:?}");
        }
        assert!(
            !out.is_empty() || !err.is_empty(),
            "{args:?}: printed nothing"
        );
    }
}
