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
        let io = &mut *$io;
        let out = &mut io.out;
        io.progress.suspend(|| {
            let _ = writeln!(out, "{}", astana_corpus::escape::terminal_line(&line));
        });
    }};
}

/// Writes a line to stderr, escaped as [`out!`] does.
macro_rules! err {
    ($io:expr, $($arg:tt)*) => {{
        let line = format!($($arg)*);
        let io = &mut *$io;
        let err = &mut io.err;
        io.progress.suspend(|| {
            let _ = writeln!(err, "{}", astana_corpus::escape::terminal_line(&line));
        });
    }};
}

mod args;
mod author;
mod failure;
mod folders;
mod inspect;
mod manual;
mod progress;
mod publish;
mod rewrite;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use astana_corpus::validate;
use astana_corpus::validate::render;
use clap::Parser;

use args::{Cli, ColorWhen, Command, NewArgs, TableFormat};
use author::{new_command, review_command};
use failure::{Failure, Missing, Verdict};
use folders::{project_folder, source};
use inspect::{codebook_command, conformance_command, schema_command, stats, validate_command};
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
    /// How diagnostics are drawn on each stream.
    pub(crate) colour_out: render::Colour,
    pub(crate) colour_err: render::Colour,
    /// The progress bar of long work, on standard error.
    pub(crate) progress: progress::Bar,
}

pub use progress::clear_progress;

/// Which of the tool's streams are terminals: what `--color auto` decides
/// by. [`run`] writes to buffers, which are not; the binary asks the
/// process's own streams.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Terminal {
    /// Standard output is a terminal.
    pub stdout: bool,
    /// Standard error is a terminal.
    pub stderr: bool,
}

/// How diagnostics are drawn on a stream: `when` from `--color`, the
/// environment (`var`), and whether the stream is a terminal. Follows the
/// CLICOLOR convention and no-color.org: a non-empty `CLICOLOR_FORCE` other
/// than `0` forces colour; then a non-empty `NO_COLOR`, or `CLICOLOR=0`,
/// or `TERM=dumb` turns it off; otherwise a terminal gets colour. An
/// explicit `--color always` or `never` wins over all of them.
fn colour_for(
    when: ColorWhen,
    var: &dyn Fn(&str) -> Option<OsString>,
    terminal: bool,
) -> render::Colour {
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    let on = match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorWhen::Auto => {
            set("NO_COLOR").is_none()
                && set("CLICOLOR").is_none_or(|v| v != "0")
                && set("TERM").is_none_or(|v| v != "dumb")
                && terminal
        }
    };
    if on {
        render::Colour::Ansi
    } else {
        render::Colour::Plain
    }
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
    run_with(args, stdout, stderr, Terminal::default())
}

/// [`run`], told which of the streams are terminals (the binary passes
/// what its own streams are), so that `--color auto` can colour them.
pub fn run_with<I, T>(
    args: I,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    terminal: Terminal,
) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    ExitCode::from(exit_code(args, stdout, stderr, terminal))
}

/// [`run_with`], returning the exit code as a number, for a host that is
/// not a Rust `main` (the Python package's console script).
pub fn exit_code<I, T>(
    args: I,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    terminal: Terminal,
) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut io = Io {
        out: stdout,
        err: stderr,
        colour_out: render::Colour::Plain,
        colour_err: render::Colour::Plain,
        progress: progress::Bar::new(false),
    };
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` are not errors: standard output, exit 0.
            let text = e.render().to_string();
            let stream: &mut dyn Write = if e.use_stderr() { io.err } else { io.out };
            let _ = stream.write_all(text.as_bytes());
            return u8::try_from(e.exit_code()).unwrap_or(2);
        }
    };
    let var = |name: &str| std::env::var_os(name);
    io.colour_out = colour_for(cli.color, &var, terminal.stdout);
    io.colour_err = colour_for(cli.color, &var, terminal.stderr);
    // Progress only where a person watches: a terminal, not `--quiet`, not CI.
    let in_ci = var("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    io.progress = progress::Bar::new(terminal.stderr && !cli.quiet && !in_ci);
    let io = &mut io;
    let outcome = run_command(io, cli.command);
    io.progress.finish();
    let code = match outcome {
        Ok(Verdict::Clean) => 0,
        Ok(Verdict::Findings) => 1,
        Err(failure) => {
            err!(io, "error: {failure}");
            if let Some(hint) = failure.hint() {
                err!(io, "hint: {hint}");
            }
            2
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
        Command::Conformance { check } => conformance_command(io, check),
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
    let out = &mut io.out;
    io.progress.suspend(|| {
        let _ = out.write_all(text.as_bytes());
    });
}

#[cfg(test)]
mod tests {
    use super::{colour_for, ColorWhen};
    use astana_corpus::validate::render::Colour;
    use std::ffi::OsString;

    /// Every setting, against a terminal and a pipe.
    #[test]
    fn colour_follows_the_flag_the_environment_and_the_stream() {
        // (flag, environment, the stream is a terminal, what is drawn)
        type Case = (
            ColorWhen,
            &'static [(&'static str, &'static str)],
            bool,
            Colour,
        );
        let cases: &[Case] = &[
            (ColorWhen::Auto, &[], true, Colour::Ansi),
            (ColorWhen::Auto, &[], false, Colour::Plain),
            (ColorWhen::Auto, &[("NO_COLOR", "1")], true, Colour::Plain),
            // An empty NO_COLOR is unset.
            (ColorWhen::Auto, &[("NO_COLOR", "")], true, Colour::Ansi),
            (
                ColorWhen::Auto,
                &[("CLICOLOR_FORCE", "1")],
                false,
                Colour::Ansi,
            ),
            (
                ColorWhen::Auto,
                &[("CLICOLOR_FORCE", "0")],
                false,
                Colour::Plain,
            ),
            (
                ColorWhen::Auto,
                &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
                false,
                Colour::Ansi,
            ),
            (ColorWhen::Auto, &[("CLICOLOR", "0")], true, Colour::Plain),
            (ColorWhen::Auto, &[("TERM", "dumb")], true, Colour::Plain),
            (ColorWhen::Always, &[("NO_COLOR", "1")], false, Colour::Ansi),
            (
                ColorWhen::Never,
                &[("CLICOLOR_FORCE", "1")],
                true,
                Colour::Plain,
            ),
        ];
        for (when, vars, terminal, expected) in cases {
            let var = |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| OsString::from(v))
            };
            assert_eq!(
                colour_for(*when, &var, *terminal),
                *expected,
                "{when:?} {vars:?} terminal={terminal}"
            );
        }
    }
}
