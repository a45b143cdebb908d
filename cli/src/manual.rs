//! `completions` and `man`: shell completion scripts and manual pages,
//! generated from the clap definitions in [`crate::args`], the same ones
//! the parser and `--help` use, so none of the three can drift.

use std::path::Path;

use clap::CommandFactory;

use crate::args::Cli;
use crate::failure::{Failure, Verdict};
use crate::Io;

/// Where the manual pages live in a checkout, beside `data/`.
pub(crate) const MAN_DIR: &str = "docs/man";

/// Prints the completion script for `shell`.
pub(crate) fn completions_command(io: &mut Io<'_>, shell: clap_complete::Shell) -> Verdict {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "astana-corpus", &mut script);
    if shell == clap_complete::Shell::Bash {
        script = bash_subcommand_states(&script);
    }
    let _ = io.out.write_all(&script);
    Verdict::Clean
}

/// clap_complete's bash script spells a subcommand's state two ways when
/// the program's name has a hyphen (clap-rs/clap#6421): the loop that
/// walks the words reaches `astana__corpus__subcmd__validate`, but the case
/// arms are labelled `astana__subcmd__corpus__subcmd__validate`, so no
/// option of any command ever completes. The arms get the loop's spelling;
/// `bash_completes_commands_and_options` checks the result in bash.
fn bash_subcommand_states(script: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(script)
        .replace("astana__subcmd__corpus", "astana__corpus")
        .into_bytes()
}

/// Every manual page: (file name, roff), one for the tool and one for each
/// command (`astana-corpus-validate.1`), as git names its pages.
pub(crate) fn pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = Cli::command();
    // Gives each subcommand its display name, `astana-corpus-validate`.
    cmd.build();
    let mut pages = Vec::new();
    let mut stack = vec![cmd];
    while let Some(cmd) = stack.pop() {
        let name = cmd
            .get_display_name()
            .unwrap_or_else(|| cmd.get_name())
            .to_owned();
        let mut roff = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = clap_mangen::Man::new(cmd.clone())
            .source(format!("astana-corpus {}", env!("CARGO_PKG_VERSION")))
            .render(&mut roff);
        pages.push((format!("{name}.1"), roff));
        // clap's own `help` command needs no page: each page is the help.
        stack.extend(
            cmd.get_subcommands()
                .filter(|c| !c.is_hide_set() && c.get_name() != "help")
                .cloned(),
        );
    }
    pages.sort();
    pages
}

/// Largest page compared, in bytes: the generated pages are under 10 KiB.
const PAGE_LIMIT: u64 = 1024 * 1024;

/// Writes the pages to `dir`, or with `check` reports the ones that are
/// missing, stale or no longer generated.
pub(crate) fn man_command(io: &mut Io<'_>, check: bool, dir: &Path) -> Result<Verdict, Failure> {
    let pages = pages();
    let mut stale = Vec::new();
    let mut written = 0;
    for (name, roff) in &pages {
        let path = dir.join(name);
        // Through the safe reader: the folder is the user's, but what is in
        // it may be a pipe (a plain read would wait forever), a link or a
        // huge file. Anything it refuses is not the page, so it is stale.
        let current = astana_corpus::files::read_in(dir, name, PAGE_LIMIT).ok();
        if current.as_deref() == Some(roff.as_slice()) {
            continue;
        }
        if check {
            stale.push(path.display().to_string());
            continue;
        }
        std::fs::create_dir_all(dir).map_err(|source| Failure::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        astana_corpus::files::write_atomic(&path, roff).map_err(|source| Failure::Write {
            path: path.clone(),
            source,
        })?;
        out!(io, "{}: written", path.display());
        written += 1;
    }
    // A page of a command that no longer exists is stale too.
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut extra: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            // Only this tool's pages: the folder may hold others'.
            .filter(|n| {
                n.starts_with("astana-corpus")
                    && n.ends_with(".1")
                    && !pages.iter().any(|(p, _)| p == n)
            })
            .collect();
        extra.sort();
        for name in extra {
            let path = dir.join(&name);
            if check {
                stale.push(format!("{} (no such command)", path.display()));
            } else {
                std::fs::remove_file(&path).map_err(|source| Failure::Write {
                    path: path.clone(),
                    source,
                })?;
                out!(io, "{}: removed (no such command)", path.display());
            }
        }
    }
    if !stale.is_empty() {
        for path in &stale {
            err!(io, "error: {path}: out of date");
        }
        err!(
            io,
            "hint: run `astana-corpus man` to regenerate the pages from the command definitions"
        );
        return Ok(Verdict::Findings);
    }
    out!(
        io,
        "{}: {} pages, {written} written, {} current",
        dir.display(),
        pages.len(),
        pages.len() - written
    );
    Ok(Verdict::Clean)
}
