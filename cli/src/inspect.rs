//! The commands that read and report: `stats`, `schema`, `validate` and
//! `codebook`.

use std::io::Write;
use std::path::{Path, PathBuf};

use astana_corpus::model::{EntityKind, FactKind};
use astana_corpus::schema::{self, DocumentKind};
use astana_corpus::validate;
use astana_corpus::validate::render::{self, DirTexts, Paths};

use crate::args::Format;
use crate::failure::{Failure, Verdict};
use crate::folders::{data_folder, display_root, load_corpus, project_folder, DataSource};
use crate::{write_stdout, Io};

pub(crate) fn stats(io: &mut Io<'_>, source: &DataSource) -> Result<Verdict, Failure> {
    let (corpus, _) = load_corpus(source, &io.progress.stage("loading"))?;
    io.progress.finish();
    let manifest = corpus.manifest();
    out!(
        io,
        "{} {} (schema_version {})",
        manifest.name,
        manifest.version,
        manifest.schema_version
    );
    out!(io, "articles: {}", corpus.articles().len());
    let facts = corpus.fact_counts();
    out!(io, "facts: {}", facts.values().sum::<usize>());
    for kind in FactKind::ALL {
        out!(
            io,
            "  {:<28}{:>5}",
            kind.as_str(),
            facts.get(kind).copied().unwrap_or(0)
        );
    }
    let entities = corpus.entity_counts();
    out!(io, "entities: {}", corpus.entities().len());
    for kind in EntityKind::ALL {
        out!(
            io,
            "  {:<28}{:>5}",
            kind.as_str(),
            entities.get(kind).copied().unwrap_or(0)
        );
    }
    match corpus.date_span() {
        Some((first, last)) => out!(io, "dates of events and statements: {first} to {last}"),
        None => out!(io, "dates of events and statements: none known"),
    }
    Ok(Verdict::Clean)
}

pub(crate) fn schema_command(io: &mut Io<'_>, check: bool, dir: &Path) -> Result<Verdict, Failure> {
    if check {
        let stale = schema::check(dir);
        if stale.is_empty() {
            out!(io, "schema files in {} are current", dir.display());
            return Ok(Verdict::Clean);
        }
        for s in &stale {
            let what = if s.missing { "missing" } else { "out of date" };
            err!(io, "error: {}: {what}", dir.join(s.file).display());
        }
        err!(
            io,
            "hint: run `astana-corpus schema` to regenerate them from the Rust types"
        );
        return Ok(Verdict::Findings);
    }
    let changed = schema::write(dir).map_err(|source| Failure::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    for kind in DocumentKind::ALL {
        let file = kind.schema_file();
        let state = if changed.contains(&file) {
            "written"
        } else {
            "unchanged"
        };
        out!(io, "{}: {state}", dir.join(file).display());
    }
    Ok(Verdict::Clean)
}

pub(crate) fn validate_command(
    io: &mut Io<'_>,
    dir: Option<PathBuf>,
    format: Format,
    limits: &validate::Limits,
) -> Result<Verdict, Failure> {
    let dir = data_folder(io, dir)?;
    let report =
        validate::validate_dir_with_progress(&dir, limits, &io.progress.stage("checking"))?;
    io.progress.finish();
    let root = display_root(&dir);
    let paths = Paths { root: &root };
    let sources = DirTexts {
        dir: &dir,
        limit: limits.max_file_bytes,
    };
    match format {
        Format::Human => write_stdout(io, &render::human(&report, &paths, &sources, io.colour_out)),
        Format::Github => write_stdout(io, &render::github(&report, &paths, &sources)),
        // Streamed: a report of a million findings is never one tree.
        Format::Json | Format::Sarif => {
            let mut w = std::io::BufWriter::new(&mut *io.out);
            let _ = match format {
                Format::Json => render::write_json(&report, &paths, &mut w),
                _ => render::write_sarif(&report, &paths, &mut w),
            };
            let _ = w.flush();
        }
    }
    Ok(if report.errors() > 0 {
        Verdict::Findings
    } else {
        Verdict::Clean
    })
}

pub(crate) fn conformance_command(io: &mut Io<'_>, check: bool) -> Result<Verdict, Failure> {
    let root = &project_folder(io)?;
    // Like the codebook, the suite is the rules' fixtures applied to the
    // base corpus of the tests: it belongs to a checkout of astana-corpus.
    if !root.join("tests/fixtures/valid/base").is_dir() {
        return Err(Failure::Refused(format!(
            "{} is not a checkout of astana-corpus: the conformance suite is generated from the rules' fixtures in tests/fixtures/ (run the cases of the release's conformance/ folder instead)",
            root.display()
        )));
    }
    let dir = root.join(astana_corpus::conformance::CONFORMANCE_DIR);
    if check {
        // A generation that fails is a bug here, said as one.
        return match astana_corpus::conformance::is_stale(root) {
            Ok(false) => {
                out!(io, "{} is current", dir.display());
                Ok(Verdict::Clean)
            }
            Ok(true) => {
                err!(io, "error: {}: out of date", dir.display());
                err!(io, "hint: run `astana-corpus conformance` to regenerate it from the rules' fixtures");
                Ok(Verdict::Findings)
            }
            Err(e) => Err(Failure::Refused(format!(
                "cannot generate the conformance suite: {e}"
            ))),
        };
    }
    let changed = astana_corpus::conformance::write(root)
        .map_err(|e| Failure::Refused(format!("cannot write {}: {e}", dir.display())))?;
    out!(
        io,
        "{}: {}",
        dir.display(),
        if changed { "written" } else { "unchanged" }
    );
    Ok(Verdict::Clean)
}

pub(crate) fn codebook_command(io: &mut Io<'_>, check: bool) -> Result<Verdict, Failure> {
    let root = &project_folder(io)?;
    // The codebook's examples are the rules' fixtures applied to the base
    // corpus of the tests: it belongs to a checkout of astana-corpus.
    if !root.join("tests/fixtures/valid/base").is_dir() {
        return Err(Failure::Refused(format!(
            "{} is not a checkout of astana-corpus: the codebook is generated from the rules' fixtures in tests/fixtures/ (a corpus of your own needs no codebook of its own; docs/codebook.md of the release describes it)",
            root.display()
        )));
    }
    let path = root.join(astana_corpus::codebook::CODEBOOK_PATH);
    if check {
        if astana_corpus::codebook::is_stale(root) {
            err!(io, "error: {}: out of date", path.display());
            err!(io, "hint: run `astana-corpus codebook` to regenerate it from the doc comments and rules");
            return Ok(Verdict::Findings);
        }
        out!(io, "{} is current", path.display());
        return Ok(Verdict::Clean);
    }
    let changed = astana_corpus::codebook::write(root).map_err(|source| Failure::Write {
        path: path.clone(),
        source,
    })?;
    out!(
        io,
        "{}: {}",
        path.display(),
        if changed { "written" } else { "unchanged" }
    );
    Ok(Verdict::Clean)
}
