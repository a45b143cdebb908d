//! The commands that rewrite data files in place: `fmt` and `migrate`.

use std::path::{Path, PathBuf};

use astana_corpus::format::{self, FmtOutcome, Mode};
use astana_corpus::validate;
use astana_corpus::validate::render::{self, Paths};

use crate::failure::{Failure, Verdict};
use crate::folders::{data_folder, display_root};
use crate::{write_stdout, Io};

/// What a rewriting command made of one file.
enum Rewritten {
    /// Nothing to change.
    Unchanged,
    /// Rewritten (or would be, with `--check`): what to add after the
    /// file's name, and lines that detail the change.
    Changed {
        suffix: String,
        details: Vec<String>,
    },
    /// Not rewritten because of these findings.
    Failed(Vec<validate::Finding>),
}

/// How a rewriting command speaks of its work.
struct Wording {
    /// `fmt` or `migrate`.
    command: &'static str,
    /// What the progress bar says it is doing (without `--check`).
    doing: &'static str,
    /// Before a changed file's name: written, and with `--check`.
    changed: [&'static str; 2],
    /// In the summary: written, and with `--check`.
    changed_count: [&'static str; 2],
    /// In the summary, of the files left as they were.
    unchanged: String,
    /// Of a file not rewritten.
    not_done: &'static str,
    /// The hint after `--check` found files to change.
    hint: &'static str,
}

/// Rewrites every data file named by `paths` (the data folder when none
/// is), or with `check` only says which it would: the one loop of `fmt`
/// and `migrate`. Temporary files an interrupted run left behind are
/// removed first, and entries that are not data files are named, never
/// opened.
fn rewrite_files(
    io: &mut Io<'_>,
    check: bool,
    paths: Vec<PathBuf>,
    wording: &Wording,
    rewrite: impl Fn(&Path, &str, Mode) -> std::io::Result<Rewritten>,
) -> Result<Verdict, Failure> {
    let paths = if paths.is_empty() {
        vec![data_folder(io, None)?]
    } else {
        paths
    };
    if !check {
        // Temporary files whose process is gone were left by an interrupted
        // run (a SIGKILL cannot be caught): remove them before writing.
        for folder in paths.iter().filter(|p| p.is_dir()) {
            let removed =
                astana_corpus::files::remove_stale_temporaries(folder).map_err(|source| {
                    Failure::Write {
                        path: folder.clone(),
                        source,
                    }
                })?;
            for file in removed {
                out!(
                    io,
                    "removed a stale temporary file: {}{file}",
                    display_root(folder)
                );
            }
        }
    }
    let files = format::expand(&paths)?;
    let mode = if check { Mode::Check } else { Mode::Write };
    let (mut changed, mut unchanged) = (0, 0);
    let mut failed = report_unexpected(io, &paths, wording.not_done);
    let doing = if check { "checking" } else { wording.doing };
    io.progress.start(doing, files.len());
    for file in &files {
        io.progress.advance();
        let shown = display_root(file);
        let shown = shown.trim_end_matches('/');
        match rewrite(file, shown, mode) {
            Ok(Rewritten::Unchanged) => unchanged += 1,
            Ok(Rewritten::Changed { suffix, details }) => {
                changed += 1;
                out!(
                    io,
                    "{}: {shown}{suffix}",
                    wording.changed[usize::from(check)]
                );
                for line in details {
                    out!(io, "  {line}");
                }
            }
            Ok(Rewritten::Failed(findings)) => {
                failed += 1;
                print_findings(io, file, &findings);
                out!(io, "{}: {shown} (fix the findings above)", wording.not_done);
            }
            Err(source) => {
                return Err(Failure::Write {
                    path: file.clone(),
                    source,
                })
            }
        }
    }
    out!(
        io,
        "{}: {} files, {changed} {}, {unchanged} {}, {failed} {}",
        wording.command,
        files.len(),
        wording.changed_count[usize::from(check)],
        wording.unchanged,
        wording.not_done
    );
    if failed > 0 || (check && changed > 0) {
        if check && changed > 0 {
            err!(io, "hint: {}", wording.hint);
        }
        Ok(Verdict::Findings)
    } else {
        Ok(Verdict::Clean)
    }
}

pub(crate) fn fmt_command(
    io: &mut Io<'_>,
    check: bool,
    paths: Vec<PathBuf>,
) -> Result<Verdict, Failure> {
    let wording = Wording {
        command: "fmt",
        doing: "formatting",
        changed: ["reformatted", "would reformat"],
        changed_count: ["reformatted", "would be reformatted"],
        unchanged: "unchanged".to_owned(),
        not_done: "not formatted",
        hint: "run `astana-corpus fmt` to rewrite them",
    };
    rewrite_files(io, check, paths, &wording, |file, shown, mode| {
        Ok(match format::format_file(file, shown, mode)? {
            FmtOutcome::Unchanged => Rewritten::Unchanged,
            FmtOutcome::Reformatted { filled } => Rewritten::Changed {
                suffix: if filled > 0 {
                    format!(" (filled {filled} evidence offsets)")
                } else {
                    String::new()
                },
                details: Vec::new(),
            },
            FmtOutcome::Failed(findings) => Rewritten::Failed(findings),
        })
    })
}

pub(crate) fn migrate_command(
    io: &mut Io<'_>,
    check: bool,
    paths: Vec<PathBuf>,
) -> Result<Verdict, Failure> {
    use astana_corpus::migrate::{self, MigrateOutcome};
    let wording = Wording {
        command: "migrate",
        doing: "migrating",
        changed: ["migrated", "would migrate"],
        changed_count: ["migrated", "would be migrated"],
        unchanged: format!(
            "already schema_version {}",
            astana_corpus::model::SCHEMA_VERSION
        ),
        not_done: "not migrated",
        hint: "run `astana-corpus migrate` to upgrade them",
    };
    rewrite_files(io, check, paths, &wording, |file, shown, mode| {
        Ok(match migrate::migrate_file(file, shown, mode)? {
            MigrateOutcome::Current => Rewritten::Unchanged,
            MigrateOutcome::Migrated(changes) => Rewritten::Changed {
                suffix: String::new(),
                details: changes
                    .iter()
                    .map(|change| {
                        let mark = if change.review { "review" } else { "changed" };
                        format!("{mark} {}: {}", change.pointer, change.message)
                    })
                    .collect(),
            },
            MigrateOutcome::Failed(findings) => Rewritten::Failed(findings),
        })
    })
}

/// Links, pipes, devices and stray files in the folders of `paths` are
/// never opened: says so for each, as `<verb>: <entry>: <reason>`, and
/// returns how many there are.
pub(crate) fn report_unexpected(io: &mut Io<'_>, paths: &[PathBuf], verb: &str) -> usize {
    let mut count = 0;
    for folder in paths.iter().filter(|p| p.is_dir()) {
        if let Ok(listing) = validate::listing(folder) {
            for (entry, reason) in &listing.unexpected {
                count += 1;
                out!(io, "{verb}: {}{entry}: {reason}", display_root(folder));
            }
        }
    }
    count
}

/// A file's findings with its source lines, as `validate` prints them.
pub(crate) fn print_findings(io: &mut Io<'_>, file: &Path, findings: &[validate::Finding]) {
    let mut text = String::new();
    // The same safe reader as everywhere: no links, pipes or devices.
    let source = validate::read_named(file, &validate::Limits::default())
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    let source = source.as_deref().map(render::IndexedText::new);
    for f in findings {
        render::human_finding(
            &mut text,
            f,
            &Paths { root: "" },
            source.as_ref(),
            io.colour_out,
        );
    }
    write_stdout(io, &render::for_terminal(&text, io.colour_out));
}
