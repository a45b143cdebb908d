//! A stranger's pull request cannot hurt the CI that validates it. The
//! suite is organised by class of attack, each tried against the built
//! tool the way a malicious contributor would try it:
//!
//! 0. `documents`: malformed JSON and data (syntax, limits, text rules);
//! 1. `reader`: what the tool opens (links at every depth, FIFOs, devices,
//!    sparse files, names that are not UTF-8), plus random trees;
//! 2. `channels`: untrusted text in every output (terminal, GitHub
//!    workflow commands, JSON, SARIF, diff, stats, CSV);
//! 3. `linear`: worst cases sized so that quadratic work would take minutes;
//! 4. `writes`: interrupted `fmt`, stale temporary files, output limits and
//!    output folders;
//! 5. `second_round`: the later commands (`review`, `migrate`, `diff
//!    --format markdown`, `bundle --archive`, `schema --check`) against
//!    links at every depth of their output, hostile schema folders,
//!    versions and file names, and outputs past their budget.
//!
//! Every run of the tool is bounded by the test itself: an address-space
//! limit on the child (`ulimit -v`) and a wall-clock timeout, never hope.
#![cfg(unix)]

mod common;

#[path = "hostile/channels.rs"]
mod channels;
#[path = "hostile/documents.rs"]
mod documents;
#[path = "hostile/linear.rs"]
mod linear;
#[path = "hostile/reader.rs"]
mod reader;
#[path = "hostile/second_round.rs"]
mod second_round;
#[path = "hostile/writes.rs"]
mod writes;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The valid fixture corpus, copied to a temporary folder.
pub fn fresh_corpus() -> common::TempPath {
    common::copy_fixture("valid/base")
}

/// The fixture's one article, relative to the corpus.
pub const ARTICLE: &str = "articles/test-outlet/test-article.json";

/// The article's text.
pub fn article_text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(ARTICLE)).unwrap()
}

/// Replaces the first occurrence of `from` in the article, which must exist.
pub fn edit(dir: &Path, from: &str, to: &str) {
    let text = article_text(dir);
    assert!(text.contains(from), "{from} not in the article");
    std::fs::write(dir.join(ARTICLE), text.replacen(from, to, 1)).unwrap();
}

/// What one bounded run of the tool did.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
    /// Wall time.
    pub elapsed: Duration,
}

/// Address space allowed to the tool in these tests: 2 GiB, far above what
/// any run needs (under 200 MB) and far below what the attacks took.
pub const MEMORY_LIMIT_KIB: u64 = 2 * 1024 * 1024;

/// Runs the tool with the default bounds (60 s, [`MEMORY_LIMIT_KIB`]).
pub fn run(args: &[&str]) -> Run {
    run_bounded(args, Duration::from_secs(60))
}

/// Runs the tool under an address-space limit and a timeout. A run that
/// hangs is killed and fails the test; so does a panic, or a kill by the
/// memory limit (an allocation failure aborts the process).
pub fn run_bounded(args: &[&str], timeout: Duration) -> Run {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KIB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_astana-corpus"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drain both pipes while waiting, so a large report cannot block the child.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = out_pipe.read_to_end(&mut bytes);
        bytes
    });
    let err_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = err_pipe.read_to_end(&mut bytes);
        bytes
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!("astana-corpus {args:?} did not finish within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    let code = status
        .code()
        .unwrap_or_else(|| panic!("{args:?} was killed (memory limit?): {status:?}\n{stderr}"));
    Run {
        code,
        stdout,
        stderr,
        elapsed,
    }
}

/// Every file under `dir` (links not followed) with its bytes, for
/// checking that a command changed nothing.
pub fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                out.push((entry.path(), std::fs::read(entry.path()).ok()));
            } else {
                out.push((entry.path(), None));
            }
        }
    }
    out.sort();
    out
}
