//! The `astana-corpus` command-line tool as a library: [`run`] parses the
//! arguments and runs one command in process, writing to the given
//! streams, as the `astana-corpus` binary does (a thin `main` around it).
//! Other programs, such as a Python package, run the tool through it with
//! no process of their own. Exit codes: 0 success, 1 findings at error
//! level (or stale generated files with `--check`), 2 usage or I/O
//! failure.

/// Writes a line to stdout, ignoring a closed pipe (`| head`), which is not
/// an error. The line may hold untrusted text (ids, names, paths): it is
/// escaped for a terminal, the one place every printed line goes through.
macro_rules! out {
    ($io:expr, $($arg:tt)*) => {{
        let line = format!($($arg)*);
        let _ = writeln!($io.out, "{}", astana_corpus::escape::terminal_line(&line));
    }};
}

/// Writes a line to stderr, escaped as [`out!`] does.
macro_rules! err {
    ($io:expr, $($arg:tt)*) => {{
        let line = format!($($arg)*);
        let _ = writeln!($io.err, "{}", astana_corpus::escape::terminal_line(&line));
    }};
}

mod args;
mod author;
mod failure;
mod folders;
mod inspect;
mod manual;
mod publish;
mod rewrite;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use astana_corpus::validate;
use clap::Parser;

use args::{Cli, Command, NewArgs, TableFormat};
use author::{new_command, review_command};
use failure::{Failure, Missing, Verdict};
use folders::{project_folder, source};
use inspect::{codebook_command, schema_command, stats, validate_command};
use manual::{completions_command, man_command};
#[cfg(feature = "bundle")]
use publish::bundle_command;
use publish::{diff_command, export_command};
use rewrite::{fmt_command, migrate_command};

/// Where a command writes: its standard output (reports) and standard
/// error (notes, errors and hints).
struct Io<'a> {
    pub(crate) out: &'a mut dyn Write,
    pub(crate) err: &'a mut dyn Write,
}

/// Runs the tool with `args` (the first is the program's name, as in
/// `std::env::args_os()`), writing what it prints to `stdout` and
/// `stderr`, and returns its exit code: 0 success, 1 findings at error
/// level, 2 usage or I/O failure. Everything it prints is escaped for a
/// terminal, or for the report's own format.
///
/// It does not install a signal handler: the binary removes in-flight
/// temporary files on Ctrl-C (`astana_corpus::files` has the function
/// for a host program that wants the same).
pub fn run<I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut io = Io {
        out: stdout,
        err: stderr,
    };
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` are not errors: standard output, exit 0.
            let text = e.render().to_string();
            let stream: &mut dyn Write = if e.use_stderr() { io.err } else { io.out };
            let _ = stream.write_all(text.as_bytes());
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let io = &mut io;
    let code = match run_command(io, cli.command) {
        Ok(Verdict::Clean) => ExitCode::SUCCESS,
        Ok(Verdict::Findings) => ExitCode::from(1),
        Err(failure) => {
            err!(io, "error: {failure}");
            if let Some(hint) = failure.hint() {
                err!(io, "hint: {hint}");
            }
            ExitCode::from(2)
        }
    };
    let _ = io.out.flush();
    let _ = io.err.flush();
    code
}

/// Runs one command.
fn run_command(io: &mut Io<'_>, command: Command) -> Result<Verdict, Failure> {
    match command {
        Command::Validate {
            dir,
            format,
            max_file_size,
            max_depth,
            max_findings_per_rule,
        } => {
            let mut limits = validate::Limits::default();
            limits.max_file_bytes = max_file_size;
            limits.max_depth = max_depth;
            limits.max_findings_per_rule = max_findings_per_rule;
            validate_command(io, dir, format, &limits)
        }
        Command::Fmt { check, paths } => fmt_command(io, check, paths),
        Command::Migrate { check, paths } => migrate_command(io, check, paths),
        Command::Review { dir, out } => review_command(io, dir.as_deref(), &out),
        Command::New {
            outlet,
            id,
            text,
            url,
            published,
            language,
            data,
        } => new_command(
            io,
            NewArgs {
                outlet,
                id,
                text,
                url,
                published,
                language,
                data,
            },
        ),
        Command::Stats { source: named } => {
            let source = source(io, named)?;
            stats(io, &source)
        }
        Command::Export {
            format,
            out,
            source: named,
        } => {
            // Refused before anything is read or written.
            if matches!(format, TableFormat::Parquet) && cfg!(not(feature = "parquet")) {
                return Err(Failure::NotBuilt(Missing::Parquet));
            }
            let source = source(io, named)?;
            export_command(io, format, &out, &source)
        }
        #[cfg(feature = "bundle")]
        Command::Bundle {
            out,
            source: named,
            archive,
        } => {
            let source = source(io, named)?;
            bundle_command(io, &out, &source, archive)
        }
        // Refused before anything is read or written.
        #[cfg(not(feature = "bundle"))]
        Command::Bundle { .. } => Err(Failure::NotBuilt(Missing::Bundle)),
        Command::Diff {
            old,
            new,
            format,
            check,
        } => diff_command(io, &old, &new, format, check),
        Command::Schema { check, dir } => {
            let dir = match dir {
                Some(dir) => dir,
                None => project_folder(io)?.join("schema"),
            };
            schema_command(io, check, &dir)
        }
        Command::Codebook { check } => codebook_command(io, check),
        Command::Completions { shell } => Ok(completions_command(io, shell)),
        Command::Man { check, dir } => {
            let dir = match dir {
                Some(dir) => dir,
                None => project_folder(io)?.join(manual::MAN_DIR),
            };
            man_command(io, check, &dir)
        }
    }
}

/// Writes report text that the renderer already escaped for its channel.
pub(crate) fn write_stdout(io: &mut Io<'_>, text: &str) {
    let _ = io.out.write_all(text.as_bytes());
}
