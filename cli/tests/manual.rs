//! Completions and manual pages, generated from the clap definitions: the
//! committed pages are current, a page goes stale when the help changes,
//! and bash completes a command from the generated script.

mod common;

use common::{in_process, repo, temp_path};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn the_committed_manual_pages_are_current() {
    let dir = repo().join("docs/man");
    let out = in_process(&[
        "man".as_ref(),
        "--check".as_ref(),
        "--dir".as_ref(),
        dir.as_os_str(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("astana-corpus.1").is_file());
    assert!(dir.join("astana-corpus-validate.1").is_file());
}

#[test]
fn a_page_that_differs_or_is_missing_is_stale_and_man_rewrites_it() {
    let dir = temp_path("man");
    let dir_arg = dir.as_os_str();
    // Nothing there yet: every page is missing.
    let out = in_process(&[
        "man".as_ref(),
        "--check".as_ref(),
        "--dir".as_ref(),
        dir_arg,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("astana-corpus-validate.1: out of date"));
    let out = in_process(&["man".as_ref(), "--dir".as_ref(), dir_arg]);
    assert_eq!(out.status.code(), Some(0));
    let out = in_process(&[
        "man".as_ref(),
        "--check".as_ref(),
        "--dir".as_ref(),
        dir_arg,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // An edited page, and a page of a command that does not exist.
    std::fs::write(dir.join("astana-corpus-fmt.1"), "edited").unwrap();
    std::fs::write(dir.join("astana-corpus-gone.1"), "old").unwrap();
    std::fs::write(dir.join("other-tool.1"), "not ours").unwrap();
    let out = in_process(&[
        "man".as_ref(),
        "--check".as_ref(),
        "--dir".as_ref(),
        dir_arg,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("astana-corpus-fmt.1: out of date"), "{err}");
    assert!(
        err.contains("astana-corpus-gone.1 (no such command)"),
        "{err}"
    );
    assert!(!err.contains("other-tool"), "{err}");
    let out = in_process(&["man".as_ref(), "--dir".as_ref(), dir_arg]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!dir.join("astana-corpus-gone.1").exists());
    assert!(
        dir.join("other-tool.1").exists(),
        "another tool's page is left alone"
    );
    let page = std::fs::read_to_string(dir.join("astana-corpus-fmt.1")).unwrap();
    assert!(page.contains(".TH astana-corpus-fmt 1"), "{page}");
}

#[test]
fn completions_for_each_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = in_process(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        for command in ["validate", "fmt", "migrate", "export", "completions", "man"] {
            assert!(script.contains(command), "{shell}: {command}");
        }
    }
    assert_eq!(in_process(&["completions", "tcsh"]).status.code(), Some(2));
}

/// The bash script, sourced in bash, completes `astana-corpus val` to
/// `validate` and `validate --fo` to `--format`.
#[test]
fn bash_completes_commands_and_options() {
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("no bash here: skipped");
        return;
    }
    let script = stdout(&in_process(&["completions", "bash"]));
    let file = temp_path("completions");
    std::fs::create_dir_all(&file).unwrap();
    let path = file.join("astana-corpus.bash");
    std::fs::write(&path, script).unwrap();
    let complete = |words: &str| {
        let program = format!(
            "source '{}'\nCOMP_WORDS=({words})\nCOMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\nCOMP_LINE='{words}'\nCOMP_POINT=${{#COMP_LINE}}\n_astana__corpus astana-corpus \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
            path.display()
        );
        let out = std::process::Command::new("bash")
            .args(["--norc", "--noprofile", "-c", &program])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(complete("astana-corpus val").trim(), "validate");
    assert!(complete("astana-corpus validate --fo").contains("--format"));
}
