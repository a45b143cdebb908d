//! Helpers shared by the integration tests.
#![allow(dead_code)]

#[path = "../../../src/validate/rules/folders.rs"]
mod folders;

use std::path::{Path, PathBuf};

/// A fresh, unique path under the temporary folder, not created, whose
/// enclosing folder is removed with everything in it when this is dropped,
/// a failing test's unwinding included: tests leave nothing behind.
#[derive(Debug)]
pub struct TempPath {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for TempPath {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for TempPath {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<std::ffi::OsStr> for TempPath {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.path.as_os_str()
    }
}

/// A fresh, unique path named after `name` under the temporary folder
/// (not created), removed when the returned guard is dropped.
pub fn temp_path(name: &str) -> TempPath {
    let dir = tempfile::Builder::new()
        .prefix("astana-test-")
        .tempdir()
        .expect("a temporary folder");
    TempPath {
        path: dir.path().join(name),
        _dir: dir,
    }
}

/// The repository's folder.
pub fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A fresh copy of `tests/fixtures/<name>` in a temporary folder; for
/// `invalid/<rule id>`, the rule's fixture (a patch beside the rule)
/// applied to the valid base corpus.
pub fn copy_fixture(name: &str) -> TempPath {
    let to = temp_path("fixture");
    if let Some(id) = name.strip_prefix("invalid/") {
        let rule =
            astana_corpus::validate::Rule::from_id(id).unwrap_or_else(|| panic!("no rule {id}"));
        rule.write_fixture(&repo().join("tests/fixtures/valid/base"), &to)
            .unwrap();
        return to;
    }
    copy_dir(&repo().join("tests/fixtures").join(name), &to);
    to
}

/// Copies a folder tree, as the fixtures are materialized.
pub fn copy_dir(from: &Path, to: &Path) {
    folders::copy_dir(from, to).unwrap();
}

/// Runs the tool in this process (`astana_corpus_cli::run`), for a test
/// that needs its output and exit code but nothing only a process has (a
/// working folder, a signal, the installed binary): the bytes and the code
/// the binary gives (`cli.rs` checks that they are the same), without
/// spawning one.
pub fn in_process<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> std::process::Output {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let argv = std::iter::once(std::ffi::OsString::from("astana-corpus"))
        .chain(args.iter().map(|a| a.as_ref().to_owned()));
    let exit = astana_corpus_cli::run(argv, &mut stdout, &mut stderr);
    let code = (0..=u8::MAX)
        .find(|&c| std::process::ExitCode::from(c) == exit)
        .expect("an exit code is a byte");
    std::process::Output {
        status: exit_status(code),
        stdout,
        stderr,
    }
}

#[cfg(unix)]
fn exit_status(code: u8) -> std::process::ExitStatus {
    std::os::unix::process::ExitStatusExt::from_raw(i32::from(code) << 8)
}

#[cfg(windows)]
fn exit_status(code: u8) -> std::process::ExitStatus {
    std::os::windows::process::ExitStatusExt::from_raw(u32::from(code))
}

/// An in-process run's arguments, built as a `Command`'s are, so that a
/// test reads the same either way.
#[derive(Debug, Default)]
pub struct InProcess(Vec<std::ffi::OsString>);

impl InProcess {
    pub fn arg(&mut self, arg: impl AsRef<std::ffi::OsStr>) -> &mut Self {
        self.0.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<S: AsRef<std::ffi::OsStr>>(
        &mut self,
        args: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        self.0
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Runs the tool in this process; never fails to start.
    pub fn output(&mut self) -> std::io::Result<std::process::Output> {
        Ok(in_process(&self.0))
    }

    /// Runs the tool in this process for its exit status alone.
    pub fn status(&mut self) -> std::io::Result<std::process::ExitStatus> {
        Ok(in_process(&self.0).status)
    }
}

/// The tool, to be run in this process ([`in_process`]).
pub fn tool() -> InProcess {
    InProcess::default()
}
