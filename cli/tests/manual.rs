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

/// Whatever stands where a page should be and is not a regular file of
/// reasonable size (a pipe, a link, a folder, a huge file) is reported as
/// out of date, never opened or followed; `man` replaces it with the page.
#[test]
fn a_page_that_is_not_a_regular_file_is_stale_and_never_opened() {
    let dir = temp_path("man-hostile");
    let dir_arg = dir.as_os_str();
    assert_eq!(
        in_process(&["man".as_ref(), "--dir".as_ref(), dir_arg])
            .status
            .code(),
        Some(0)
    );
    let outside = temp_path("man-outside");
    std::fs::create_dir_all(&outside).unwrap();
    let pages = ["validate", "fmt", "export", "stats"].map(|c| format!("astana-corpus-{c}.1"));
    // The link points at a copy of the current page: equal bytes behind a
    // link still do not count.
    std::fs::copy(dir.join(&pages[0]), outside.join("page")).unwrap();
    std::fs::remove_file(dir.join(&pages[0])).unwrap();
    std::os::unix::fs::symlink(outside.join("page"), dir.join(&pages[0])).unwrap();
    let target = std::fs::read(outside.join("page")).unwrap();
    std::fs::remove_file(dir.join(&pages[1])).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join(&pages[1]))
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::write(dir.join(&pages[2]), vec![b' '; 2 * 1024 * 1024]).unwrap();
    std::fs::remove_file(dir.join(&pages[3])).unwrap();
    std::fs::create_dir(dir.join(&pages[3])).unwrap();
    // A pipe with no writer would block a plain read forever; the check
    // runs on a thread so that a regression fails instead of hanging.
    let (done, finished) = std::sync::mpsc::channel();
    let checked = dir.to_path_buf();
    std::thread::spawn(move || {
        let _ = done.send(in_process(&[
            "man".as_ref(),
            "--check".as_ref(),
            "--dir".as_ref(),
            checked.as_os_str(),
        ]));
    });
    let out = finished
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("man --check opened the pipe and waited");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    for page in &pages {
        assert!(
            err.contains(&format!("{page}: out of date")),
            "{page}: {err}"
        );
    }
    // Regenerating replaces the pipe and the huge file. A folder or a link
    // is not replaced: the error names it, and the link's target is left
    // alone. Once they are removed, the pages are written.
    let regenerate = || {
        let out = in_process(&["man".as_ref(), "--dir".as_ref(), dir_arg]);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = regenerate();
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains(&pages[3]), "the folder is named: {err}");
    std::fs::remove_dir(dir.join(&pages[3])).unwrap();
    let (code, err) = regenerate();
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&pages[0]) && err.contains("symbolic link"),
        "the link is named: {err}"
    );
    assert_eq!(std::fs::read(outside.join("page")).unwrap(), target);
    std::fs::remove_file(dir.join(&pages[0])).unwrap();
    let (code, err) = regenerate();
    assert_eq!(code, Some(0), "{err}");
    for page in &pages {
        let kind = std::fs::symlink_metadata(dir.join(page))
            .unwrap()
            .file_type();
        assert!(kind.is_file(), "{page} is now a regular file");
    }
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
