//! The commands that publish the data: `export`, `bundle` and `diff`.

use std::path::Path;
#[cfg(feature = "bundle")]
use std::path::PathBuf;

use astana_corpus::validate;
use astana_corpus::validate::render::{self, Paths};

use crate::args::{DiffFormat, TableFormat};
#[cfg(not(feature = "parquet"))]
use crate::failure::Missing;
use crate::failure::{Failure, Verdict};
#[cfg(feature = "bundle")]
use crate::folders::{absolute_existing, load, output_budget, write_file, Input};
use crate::folders::{
    check_out_dir, display_root, load_corpus, load_dir, out_root, write_in, DataSource,
};
use crate::{write_stdout, Io};

pub(crate) fn export_command(
    io: &mut Io<'_>,
    format: TableFormat,
    out: &Path,
    source: &DataSource,
) -> Result<Verdict, Failure> {
    check_out_dir(out, source.folder())?;
    let (corpus, input) = load_corpus(source, &io.progress.stage("loading"))?;
    let tables = out_root(out, input)?;
    let built =
        astana_corpus::export::tables_with_progress(&corpus, &io.progress.stage("tabulating"));
    io.progress.start("writing", built.len());
    for table in built {
        io.progress.advance();
        let (name, bytes) = match format {
            TableFormat::Csv => (format!("{}.csv", table.name), table.to_csv().into_bytes()),
            TableFormat::Jsonl => (
                format!("{}.jsonl", table.name),
                table.to_jsonl().into_bytes(),
            ),
            #[cfg(feature = "parquet")]
            TableFormat::Parquet => (
                format!("{}.parquet", table.name),
                astana_corpus::export::parquet::to_parquet(
                    &table,
                    astana_corpus::export::parquet::Codec::Snappy,
                )
                .map_err(Failure::Refused)?,
            ),
            #[cfg(not(feature = "parquet"))]
            TableFormat::Parquet => return Err(Failure::NotBuilt(Missing::Parquet)),
        };
        write_in(&tables, &name, &bytes)?;
        out!(
            io,
            "{}: {} rows",
            tables.display(&name).display(),
            table.rows.len()
        );
    }
    Ok(Verdict::Clean)
}

#[cfg(feature = "bundle")]
pub(crate) fn bundle_command(
    io: &mut Io<'_>,
    out: &Path,
    source: &DataSource,
    archive: bool,
) -> Result<Verdict, Failure> {
    check_out_dir(out, source.folder())?;
    // A release never ships data that fails validation (the embedded
    // corpus was validated before it was compiled in).
    if let Some(dir) = source.folder() {
        let report = validate::validate_dir_with_progress(
            dir,
            &validate::Limits::default(),
            &io.progress.stage("checking"),
        )?;
        if report.errors() > 0 {
            io.progress.finish();
            err!(io,
                "error: {} has {} validation errors; run `astana-corpus validate {}` and fix them first",
                dir.display(),
                report.errors(),
                dir.display()
            );
            return Ok(Verdict::Findings);
        }
    }
    let (corpus, files) = load(source, &io.progress.stage("loading"))?;
    let input = Input::of(&files);
    let files = astana_corpus::bundle::bundle_files(&corpus, &files).map_err(Failure::Refused)?;
    let total = Input::of(&files).bytes;
    if total > output_budget(input) {
        return Err(Failure::Refused(format!(
            "the bundle would have {total} bytes, more than its output budget of {} bytes for {} bytes of data in {} files; nothing was written",
            output_budget(input),
            input.bytes,
            input.files
        )));
    }
    // The bundle's own error names the folder and why.
    astana_corpus::bundle::write_bundle(out, &files)
        .map_err(|e| Failure::Refused(e.to_string()))?;
    out!(
        io,
        "{}: {} files, dataset version {}",
        out.display(),
        files.len(),
        corpus.manifest().version
    );
    if archive {
        let manifest = corpus.manifest();
        let Some(released) = manifest
            .released
            .and_then(|d| d.first_day())
            .filter(|_| manifest.released.is_some_and(|d| d.day().is_some()))
        else {
            return Err(Failure::Refused(
                "the manifest has no `released` day (YYYY-MM-DD): set it in data/manifest.json for a release; the archive's times come from it, never from the clock".into(),
            ));
        };
        let bytes = astana_corpus::bundle::archive(&files, &manifest.version, released)
            .map_err(|e| Failure::Refused(e.to_string()))?;
        let name = format!("astana-corpus-{}.tar.gz", manifest.version);
        let path = absolute_existing(out)
            .parent()
            .map_or_else(|| PathBuf::from(&name), |p| p.join(&name));
        write_file(&path, &bytes)?;
        out!(
            io,
            "{}: {} bytes, sha256 {}",
            path.display(),
            bytes.len(),
            astana_corpus::bundle::sha256(&bytes)
        );
    }
    Ok(Verdict::Clean)
}

pub(crate) fn diff_command(
    io: &mut Io<'_>,
    old: &Path,
    new: &Path,
    format: DiffFormat,
    check: bool,
) -> Result<Verdict, Failure> {
    let new_dir = astana_corpus::diff::data_folder(new);
    let old = load_dir(
        &astana_corpus::diff::data_folder(old),
        &io.progress.stage("loading old"),
    )?;
    let new = load_dir(&new_dir, &io.progress.stage("loading new"))?;
    let diff = astana_corpus::diff::diff(&old, &new);
    io.progress.finish();
    let text = match format {
        DiffFormat::Human => {
            astana_corpus::escape::terminal(&astana_corpus::diff::human(&diff)).into_owned()
        }
        DiffFormat::Json => {
            astana_corpus::escape::json_text(&astana_corpus::diff::json(&diff)).into_owned()
        }
        // Every value from the data is already a code span with its control
        // characters made visible.
        DiffFormat::Markdown => astana_corpus::diff::markdown(&diff),
    };
    write_stdout(io, &text);
    if check {
        let removed = astana_corpus::diff::unretired_removals(&diff, &new);
        let retired_file = format!("{}retired.json", display_root(&new_dir));
        let findings = validate::removed_without_retirement(&removed, &retired_file);
        let mut report = String::new();
        for f in &findings {
            render::human_finding(&mut report, f, &Paths { root: "" }, None, io.colour_err);
        }
        let _ = write!(io.err, "{}", render::for_terminal(&report, io.colour_err));
        err!(
            io,
            "diff --check: {} records removed without retirement",
            findings.len()
        );
        if !findings.is_empty() {
            return Ok(Verdict::Findings);
        }
    }
    Ok(Verdict::Clean)
}
