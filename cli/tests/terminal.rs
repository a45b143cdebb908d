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
    // The settings under test start unset: CI itself runs with CI=true.
    for name in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "CI"] {
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
    for name in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "CI"] {
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

/// The base corpus with `n` copies of its article, each under its own id.
fn corpus_of(n: usize) -> common::TempPath {
    let dir = common::copy_fixture("valid/base");
    let folder = Path::new(&*dir).join("articles/test-outlet");
    let text = std::fs::read_to_string(folder.join("test-article.json")).unwrap();
    for i in 0..n {
        let id = format!("test-article-{i}");
        let copy = text.replacen("\"id\": \"test-article\"", &format!("\"id\": \"{id}\""), 1);
        std::fs::write(folder.join(format!("{id}.json")), copy).unwrap();
    }
    dir
}

/// Whether the text shows the progress bar's counter.
fn shows_bar(s: &str) -> bool {
    s.contains(" files, ") && s.contains(" files/s, ")
}

#[test]
fn progress_shows_on_a_terminal_only_and_is_cleared_before_the_report() {
    if !have_script() {
        return;
    }
    let dir = corpus_of(200);
    let dir = dir.to_str().unwrap();
    let now = [("ASTANA_CORPUS_PROGRESS_DELAY_MS", "0")];
    let tty = in_terminal(&["validate", dir], &now);
    assert!(shows_bar(&tty), "{tty:?}");
    // Cleared (erase line) before the summary, which stands alone.
    let summary = tty.find("checked 203 files").expect("the summary");
    let last_bar = tty.rfind(" files/s, ").unwrap();
    assert!(last_bar < summary);
    assert!(tty[last_bar..summary].contains("\u{1b}[2K"), "{tty:?}");
    // Not in a pipe, not with --quiet, not under CI.
    let mut piped = Command::new(BIN);
    piped
        .args(["validate", dir])
        .env("ASTANA_CORPUS_PROGRESS_DELAY_MS", "0");
    let piped = piped.output().unwrap();
    assert!(!shows_bar(&String::from_utf8_lossy(&piped.stderr)));
    assert!(!shows_bar(&in_terminal(
        &["--quiet", "validate", dir],
        &now
    )));
    assert!(!shows_bar(&in_terminal(
        &["validate", dir],
        &[("ASTANA_CORPUS_PROGRESS_DELAY_MS", "0"), ("CI", "true")]
    )));
    // A run shorter than the delay draws nothing.
    assert!(!shows_bar(&in_terminal(&["validate", dir], &[])));
}

/// Every command that reads a data folder shows what it is doing on a
/// terminal once the delay has passed, and nothing of it in a pipe; its
/// report on standard output is never mixed with the bar.
#[test]
fn every_command_that_reads_a_data_folder_reports_progress() {
    if !have_script() {
        return;
    }
    let corpus = corpus_of(200);
    let dir = corpus.to_str().unwrap();
    let out = common::temp_path("progress-out");
    let out = |name: &str| out.join(name).to_str().unwrap().to_owned();
    let (site, tables, bundle) = (out("site"), out("tables"), out("bundle"));
    let mut commands: Vec<(Vec<&str>, &[&str])> = vec![
        (vec!["validate", dir], &["checking"]),
        (vec!["fmt", "--check", dir], &["checking"]),
        (vec!["migrate", "--check", dir], &["checking"]),
        (
            vec!["review", dir, "--out", &site],
            &["checking", "rendering", "writing"],
        ),
        (
            vec!["export", "--data", dir, "--format", "csv", "--out", &tables],
            &["loading", "tabulating", "writing"],
        ),
        (vec!["diff", dir, dir], &["loading old", "loading new"]),
        (vec!["stats", "--data", dir], &["loading"]),
        (vec!["fmt", dir], &["formatting"]),
    ];
    if cfg!(feature = "bundle") {
        commands.push((
            vec!["bundle", "--data", dir, "--out", &bundle],
            &["checking", "loading"],
        ));
    }
    let now = [("ASTANA_CORPUS_PROGRESS_DELAY_MS", "0")];
    for (args, stages) in commands {
        let args = args.as_slice();
        let tty = in_terminal(args, &now);
        assert!(shows_bar(&tty), "{args:?}: {tty:?}");
        // The bar is drawn at most 8 times a second, so a quick stage may
        // never be drawn; the first always is, and every drawing names a
        // stage of this command.
        let drawn: Vec<&str> = tty
            .split(['\r', '\n'])
            .filter(|line| line.contains(" files/s, "))
            .map(|line| {
                let line = line.trim_start_matches("\u{1b}[2K");
                line[..line.find(['█', '░']).unwrap()].trim_end()
            })
            .collect();
        assert_eq!(drawn.first(), stages.first(), "{args:?}: {tty:?}");
        for stage in &drawn {
            assert!(stages.contains(stage), "{args:?}: `{stage}`: {tty:?}");
        }
        // The bar is erased after its last drawing, before the process ends.
        let last_bar = tty.rfind(" files/s, ").unwrap();
        assert!(tty[last_bar..].contains("\u{1b}[2K"), "{args:?}: {tty:?}");
        // In a pipe: the same report, and no bar on either stream. The
        // commands that write want a new folder again.
        for written in [&site, &tables, &bundle] {
            let _ = std::fs::remove_dir_all(written);
        }
        let mut piped = Command::new(BIN);
        piped.args(args).env_remove("CI").envs(now);
        let piped = piped.output().unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&piped.stdout),
            String::from_utf8_lossy(&piped.stderr),
        );
        assert!(piped.status.success(), "{args:?}: {stderr}");
        assert!(!shows_bar(&stdout) && !shows_bar(&stderr), "{args:?}");
        assert!(
            !stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'),
            "{args:?}"
        );
    }
}

/// Ctrl-C while the bar is drawn: the process exits 130, the bar is
/// erased, the cursor was never hidden, and the data is as it was.
#[test]
fn ctrl_c_mid_run_leaves_the_terminal_clean_and_the_data_untouched() {
    if !have_script() {
        return;
    }
    use std::io::Read;
    let dir = corpus_of(4000);
    let dir_str = dir.to_str().unwrap().to_owned();
    let before = std::fs::read_dir(Path::new(&dir_str).join("articles/test-outlet"))
        .unwrap()
        .count();
    let command = format!("'{BIN}' validate '{dir_str}'");
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("ASTANA_CORPUS_PROGRESS_DELAY_MS", "0")
        .env("TERM", "xterm-256color")
        .env_remove("CI")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    // Wait for the bar, then interrupt the tool (not `script`).
    while !shows_bar(&String::from_utf8_lossy(&seen)) {
        let n = stdout.read(&mut buf).unwrap();
        assert!(
            n > 0,
            "ended before the bar: {:?}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
    }
    let killed = Command::new("pkill")
        .args(["-INT", "-f", &format!("validate {dir_str}")])
        .status()
        .unwrap();
    assert!(killed.success(), "no process to interrupt");
    stdout.read_to_end(&mut seen).unwrap();
    let status = child.wait().unwrap();
    let text = String::from_utf8_lossy(&seen).into_owned();
    assert_eq!(status.code(), Some(130), "{text:?}");
    assert!(
        !text.contains("checked "),
        "interrupted before the report: {text:?}"
    );
    let last_bar = text.rfind(" files/s, ").unwrap();
    let after = &text[last_bar..];
    assert!(
        after.contains("\u{1b}[2K"),
        "the bar was not erased: {after:?}"
    );
    assert!(
        !text.contains("\u{1b}[?25l"),
        "the cursor was hidden: {text:?}"
    );
    let after_count = std::fs::read_dir(Path::new(&dir_str).join("articles/test-outlet"))
        .unwrap()
        .count();
    assert_eq!(before, after_count, "files appeared or vanished");
}
