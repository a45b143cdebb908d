//! The tool in a real terminal: run under a pseudo-terminal (util-linux
//! `script`), the binary colours its diagnostics, and in a pipe it does
//! not, each setting (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`) deciding as
//! documented. Untrusted text is escaped before any colour: a sequence in
//! the data never reaches the terminal raw.

mod common;

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_astana-corpus");

/// Whether `script` is here. CI must have it (`.ci/run` installs
/// bsdutils): a run there that could not test the terminal fails.
fn have_script() -> bool {
    let here = Command::new("script").arg("--version").output().is_ok();
    if !here {
        assert!(
            std::env::var_os("CI").is_none(),
            "util-linux `script` is missing: the terminal tests cannot run"
        );
        eprintln!("no `script` here: skipped");
    }
    here
}

/// Runs the tool with `args` under a pseudo-terminal, with `env` set, and
/// returns everything the terminal received.
fn in_terminal(args: &[&str], env: &[(&str, &str)]) -> String {
    let command = std::iter::once(BIN)
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let mut script = Command::new("script");
    script.args(["-qec", &command, "/dev/null"]);
    for name in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
        script.env_remove(name);
    }
    script.env("TERM", "xterm-256color");
    for (k, v) in env {
        script.env(k, v);
    }
    let out = script.output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the tool with its output in a pipe.
fn in_pipe(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut tool = Command::new(BIN);
    tool.args(args);
    for name in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
        tool.env_remove(name);
    }
    for (k, v) in env {
        tool.env(k, v);
    }
    String::from_utf8_lossy(&tool.output().unwrap().stdout).into_owned()
}

/// A corpus with one error whose message carries an escape sequence from
/// the data: an evidence quote that changes the terminal's colours.
fn corpus_with_hostile_error() -> common::TempPath {
    let dir = common::copy_fixture("valid/base");
    let article = Path::new(&*dir).join("articles/test-outlet/test-article.json");
    let text = std::fs::read_to_string(&article).unwrap();
    // A raw ESC in the file: the validator shows the line it is on.
    let text = text.replacen("\"meeting-round-20\"\n", "\"meeting-\u{1b}[31mred\"\n", 1);
    std::fs::write(&article, text).unwrap();
    dir
}

#[test]
fn colour_follows_the_terminal_and_each_setting() {
    if !have_script() {
        return;
    }
    let dir = corpus_with_hostile_error();
    let dir = dir.to_str().unwrap();
    let validate = ["validate", dir];
    let coloured = |s: &str| s.contains("\u{1b}[");

    let tty = in_terminal(&validate, &[]);
    assert!(tty.contains("error["), "{tty}");
    assert!(coloured(&tty), "a terminal gets colour: {tty:?}");
    assert!(!coloured(&in_pipe(&validate, &[])), "a pipe gets none");
    assert!(!coloured(&in_terminal(&validate, &[("NO_COLOR", "1")])));
    assert!(!coloured(&in_terminal(
        &["--color", "never", "validate", dir],
        &[]
    )));
    assert!(coloured(&in_pipe(&validate, &[("CLICOLOR_FORCE", "1")])));
    assert!(coloured(&in_pipe(
        &["--color", "always", "validate", dir],
        &[]
    )));
    // Reports for machines never get colour, even forced.
    for format in ["json", "sarif", "github"] {
        let out = in_terminal(
            &["--color", "always", "validate", dir, "--format", format],
            &[],
        );
        assert!(!coloured(&out), "{format}: {out:?}");
    }
    // The data's own sequence is shown, not obeyed.
    let forced = in_pipe(&["--color", "always", "validate", dir], &[]);
    assert!(!forced.contains("\u{1b}[31mred"), "{forced:?}");
    assert!(forced.contains("\\u{1b}[31mred"), "{forced:?}");
}
