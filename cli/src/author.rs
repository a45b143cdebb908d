//! The commands for annotators: `new` starts an article, `review` builds
//! the site to read one against its facts.

use std::path::Path;

use astana_corpus::validate;

use crate::args::NewArgs;
use crate::failure::{Failure, Verdict};
use crate::folders::{check_out_dir, data_folder, display_root, out_root, write_in, Input};
use crate::Io;

pub(crate) fn new_command(io: &mut Io<'_>, args: NewArgs) -> Result<Verdict, Failure> {
    use astana_corpus::new_article::{create, NewArticle};
    let limit = validate::Limits::default().max_file_bytes;
    let text = if args.text.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin(), limit + 1),
            &mut bytes,
        )
        .map_err(|source| Failure::Write {
            path: args.text.clone(),
            source,
        })?;
        if bytes.len() as u64 > limit {
            return Err(Failure::Refused(format!(
                "the text on standard input is longer than {limit} bytes"
            )));
        }
        bytes
    } else {
        // The same safe reader as everywhere: no links, pipes or devices.
        astana_corpus::files::read_file(&args.text, limit).map_err(|source| Failure::Read {
            path: args.text.clone(),
            source,
        })?
    };
    let data = data_folder(io, args.data)?;
    let new = NewArticle {
        outlet: &args.outlet,
        id: &args.id,
        text: &text,
        url: args.url.as_deref(),
        published: args.published.as_deref(),
        language: &args.language,
    };
    let created = create(&data, &new).map_err(|e| Failure::Refused(e.to_string()))?;
    let shown = format!("{}{}", display_root(&data), created.path);
    out!(
        io,
        "created {shown} ({} code points, no facts yet)",
        created.chars
    );
    if created.bom_removed {
        out!(
            io,
            "note: the text began with a byte order mark, which is not text; it was dropped"
        );
    }
    if created.normalized {
        out!(
            io,
            "note: the text was not in Unicode NFC; it was normalised, and a text note says so"
        );
    }
    if !created.outlet_known {
        out!(
            io,
            "note: `{}` is not an outlet in {}entities.json; add it there:",
            args.outlet,
            display_root(&data)
        );
        out!(io,
            "  {{\"id\": \"{}\", \"kind\": \"outlet\", \"name\": {{\"en\": \"…\", \"ar\": \"…\"}}}}",
            args.outlet
        );
    }
    out!(
        io,
        "next: add facts with their evidence as quotes (CONTRIBUTING.md, step 5), then"
    );
    out!(io, "  astana-corpus fmt {shown}");
    out!(
        io,
        "  astana-corpus validate {}",
        display_root(&data).trim_end_matches('/')
    );
    out!(
        io,
        "  astana-corpus review {} --out review/",
        display_root(&data).trim_end_matches('/')
    );
    Ok(Verdict::Clean)
}

pub(crate) fn review_command(
    io: &mut Io<'_>,
    dir: Option<&Path>,
    out: &Path,
) -> Result<Verdict, Failure> {
    let dir = data_folder(io, dir.map(Path::to_path_buf))?;
    check_out_dir(out, Some(&dir))?;
    let report = validate::validate_dir_with_progress(
        &dir,
        &validate::Limits::default(),
        &io.progress.stage("checking"),
    )?;
    let files =
        astana_corpus::review::site_with_progress(&dir, &report, &io.progress.stage("rendering"));
    let site = out_root(out, Input::of_dir(&dir))?;
    io.progress.start("writing", files.len());
    for (relative, contents) in &files {
        io.progress.advance();
        write_in(&site, relative, contents.as_bytes())?;
    }
    io.progress.finish();
    out!(
        io,
        "review: {} files in {} ({} errors, {} warnings shown at their facts); open {}",
        files.len(),
        out.display(),
        report.errors(),
        report.warnings(),
        out.join("index.html").display()
    );
    Ok(Verdict::Clean)
}
