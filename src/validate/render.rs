//! Output formats for a [`Report`]: `human` (source line and marker),
//! `json` (one stable document), `github` (workflow commands) and `sarif`
//! (SARIF 2.1.0).

use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::rules::{Rule, Severity};
use super::{Finding, LineColumn, LineIndex, Report};
use crate::escape;

/// How a finding's file is shown: the corpus root as the user named it,
/// joined to the file's path inside the corpus.
pub struct Paths<'a> {
    /// Prefix for file paths, e.g. `data/` (empty for none).
    pub root: &'a str,
}

impl Paths<'_> {
    fn show(&self, file: &str) -> String {
        format!("{}{file}", self.root)
    }
}

/// How the human format is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Colour {
    /// Plain text: for pipes, files, CI logs and `NO_COLOR`.
    #[default]
    Plain,
    /// With the colours rustc uses (ANSI escape sequences), for a
    /// terminal. Added after every untrusted part is escaped, so the data
    /// can neither add nor break a sequence.
    Ansi,
}

/// The text of the files with findings, for the human format's excerpts.
pub trait FileTexts {
    /// The text of `file`, if it can be shown.
    fn text(&self, file: &str) -> Option<String>;
}

/// The files of a corpus folder, read for excerpts through the crate's one
/// safe reader (no links, no pipes or devices, at most `limit` bytes), and
/// lossily, so that even a file that is not UTF-8 can be shown.
pub struct DirTexts<'a> {
    /// The data folder.
    pub dir: &'a std::path::Path,
    /// Largest file read, in bytes.
    pub limit: u64,
}

impl<'a> DirTexts<'a> {
    /// The files of `dir`, read within the default file-size limit.
    pub fn new(dir: &'a std::path::Path) -> Self {
        DirTexts {
            dir,
            limit: crate::files::DEFAULT_MAX_FILE_BYTES,
        }
    }
}

impl FileTexts for DirTexts<'_> {
    fn text(&self, file: &str) -> Option<String> {
        crate::files::read_in(self.dir, file, self.limit)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }
}

/// A file's text with its line index, built once per file however many
/// findings it has.
pub struct IndexedText<'a> {
    text: &'a str,
    lines: LineIndex<'a>,
}

impl<'a> IndexedText<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        IndexedText {
            text,
            lines: LineIndex::new(text),
        }
    }
}

/// How many characters of a long line are shown around a finding.
const EXCERPT_BEFORE: usize = 30;
const EXCERPT_AFTER: usize = 40;

/// The human format: each finding with its source line, then what was not
/// shown, then a summary. Untrusted text is escaped for a terminal
/// ([`escape::terminal`]).
///
/// The text is ready for a terminal ([`for_terminal`]): every untrusted
/// part is escaped before `colour` adds anything (see [`human_finding`]).
pub fn human(
    report: &Report,
    paths: &Paths<'_>,
    sources: &dyn FileTexts,
    colour: Colour,
) -> String {
    let mut out = String::new();
    // Findings are sorted by file: read and index each file once.
    for of_file in report.findings.chunk_by(|a, b| a.file == b.file) {
        let text = sources.text(&of_file[0].file);
        let source = text.as_deref().map(IndexedText::new);
        for f in of_file {
            human_finding(&mut out, f, paths, source.as_ref(), colour);
        }
    }
    for s in &report.suppressed {
        let _ = writeln!(
            out,
            "note: {} more `{}` {}s in {} are not shown (at most {} per rule and file; raise --max-findings-per-rule to see them)",
            s.count,
            s.rule.id(),
            s.rule.severity().as_str(),
            escape::visible(&paths.show(&s.file)),
            report.max_findings_per_rule,
        );
    }
    if !report.suppressed.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    for_terminal(&out, colour).into_owned()
}

/// One finding in the human format, rendered as rustc renders a
/// diagnostic (annotate-snippets): the rule and message, the location with
/// the JSON Pointer, the source line with the value underlined for its
/// length, other places it concerns with their labels, and the hint.
/// Each untrusted part is made [`escape::visible`] before it is drawn and
/// `colour` is added after; [`for_terminal`] then isolates right-to-left
/// runs for a terminal (a Markdown page keeps the text as it is). On a line with right-to-left text no marker is drawn (terminals
/// reorder such lines, so it would point at the wrong characters): a note
/// gives the column instead.
pub fn human_finding(
    out: &mut String,
    f: &Finding,
    paths: &Paths<'_>,
    source: Option<&IndexedText<'_>>,
    colour: Colour,
) {
    use annotate_snippets::{Level, Renderer, Snippet};
    let message = escape::visible(&f.message);
    let pointer = if f.pointer.is_empty() {
        "/"
    } else {
        &f.pointer
    };
    let pointer = escape::visible(pointer);
    let file = paths.show(&f.file);
    let file = escape::visible(&file);
    // The arrow in the colour annotate-snippets gives line numbers, as
    // rustc draws it.
    let arrow = match colour {
        Colour::Plain => "-->",
        Colour::Ansi => "\x1b[1m\x1b[94m-->\x1b[0m",
    };
    let location = match f.position {
        Some(at) => format!("  {arrow} {file}:{}:{} at {pointer}", at.line, at.column),
        None => format!("  {arrow} {file} at {pointer}"),
    };
    let level = match f.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let hint = escape::visible(&f.hint);
    let mut excerpts = Vec::new();
    let mut notes = Vec::new();
    if let (Some(source), Some(at)) = (source, f.position) {
        let main = excerpt(source, at, f.offset, f.len);
        if main.right_to_left {
            notes.push(format!(
                "right-to-left text on this line: the value starts at column {}",
                at.column
            ));
        }
        excerpts.push((main, at.line, level, String::new()));
        for r in &f.related {
            if let Some(r_at) = r.position {
                let other = excerpt(source, r_at, r.offset, r.len);
                if other.right_to_left {
                    notes.push(format!(
                        "right-to-left text on line {}: {} starts at column {}",
                        r_at.line,
                        escape::visible(&r.label),
                        r_at.column
                    ));
                }
                excerpts.push((
                    other,
                    r_at.line,
                    Level::Info,
                    escape::visible(&r.label).into_owned(),
                ));
            }
        }
    }
    for r in f
        .related
        .iter()
        .filter(|r| r.position.is_none() || source.is_none())
    {
        notes.push(format!(
            "{} at {}",
            escape::visible(&r.label),
            escape::visible(&r.pointer)
        ));
    }
    let title = message.into_owned();
    let mut diagnostic = level.title(&title).id(f.rule.id());
    for (e, line, annotation_level, label) in &excerpts {
        let mut snippet = Snippet::source(&e.shown).line_start(*line);
        if !e.right_to_left {
            snippet = snippet.annotation(annotation_level.span(e.start..e.end).label(label));
        }
        diagnostic = diagnostic.snippet(snippet);
    }
    for note in &notes {
        diagnostic = diagnostic.footer(Level::Note.title(note));
    }
    diagnostic = diagnostic.footer(Level::Help.title(&hint));
    let renderer = match colour {
        Colour::Plain => Renderer::plain(),
        Colour::Ansi => Renderer::styled(),
    };
    let rendered = renderer.render(diagnostic).to_string();
    // The location (with the JSON Pointer, which annotate-snippets does not
    // know) goes right under the title.
    let (first, rest) = rendered.split_once('\n').unwrap_or((&rendered, ""));
    let mut text = format!("{first}\n{location}\n");
    if !rest.is_empty() {
        text.push_str(rest.trim_end_matches('\n'));
        text.push('\n');
    }
    text.push('\n');
    out.push_str(&text);
}

/// Text from [`human_finding`] made ready for a terminal: right-to-left
/// runs isolated (annotate-snippets drops bidi isolates, so this comes
/// after drawing). Every untrusted part is visible already, so with
/// `Colour::Ansi` the only escape sequences are the renderer's colours,
/// which are kept.
pub fn for_terminal(text: &str, colour: Colour) -> std::borrow::Cow<'_, str> {
    match colour {
        Colour::Plain => escape::terminal(text),
        Colour::Ansi => escape::isolate_right_to_left(text),
    }
}

/// A window of one line around a value, made visible.
struct Excerpt {
    /// The text shown (with `…` where the line is cut).
    shown: String,
    /// Byte range of the value's first token in `shown`.
    start: usize,
    end: usize,
    /// Whether the window holds right-to-left text.
    right_to_left: bool,
}

/// A window of the line at `position` around the value at byte `offset`
/// (`len` bytes long): constant work per finding, however long the line.
fn excerpt(
    source: &IndexedText<'_>,
    position: LineColumn,
    offset: Option<usize>,
    len: Option<usize>,
) -> Excerpt {
    let text = source.text;
    let (line_start, line_end) = source.lines.line_bounds(position.line);
    let at = match offset {
        Some(offset) => floor_boundary(text, offset.clamp(line_start, line_end)),
        None => text[line_start..line_end]
            .char_indices()
            .nth(position.column.saturating_sub(1))
            .map_or(line_end, |(i, _)| line_start + i),
    };
    let from = text[line_start..at]
        .char_indices()
        .rev()
        .take(EXCERPT_BEFORE)
        .last()
        .map_or(at, |(i, _)| line_start + i);
    let to = text[at..line_end]
        .char_indices()
        .nth(EXCERPT_AFTER)
        .map_or(line_end, |(i, _)| at + i);
    let token_end = floor_boundary(text, at + len.unwrap_or(1)).clamp(at, to);
    let before = escape::visible(&text[from..at]);
    let token = escape::visible(&text[at..token_end]);
    let after = escape::visible(text[token_end..to].trim_end_matches('\r'));
    let mut shown = String::new();
    if from > line_start {
        shown.push('…');
    }
    shown.push_str(&before);
    let start = shown.len();
    shown.push_str(&token);
    let end = shown.len();
    shown.push_str(&after);
    if to < line_end && !text[to..line_end].trim_end_matches('\r').is_empty() {
        shown.push('…');
    }
    let right_to_left = shown.chars().any(escape::is_right_to_left);
    Excerpt {
        shown,
        start,
        end,
        right_to_left,
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The closing summary line.
pub fn summary_line(report: &Report) -> String {
    let hidden = report.suppressed_count();
    let hidden = if hidden > 0 {
        format!(" ({hidden} not shown)")
    } else {
        String::new()
    };
    format!(
        "checked {} ({}, {}, {}): {}, {}{hidden} in {:.2}s",
        count(report.files, "file"),
        count(report.articles, "article"),
        count(report.facts, "fact"),
        count(report.entities, "entity"),
        count(report.errors(), "error"),
        count(report.warnings(), "warning"),
        report.elapsed.as_secs_f64()
    )
}

/// `1 fact`, `2 facts`, `3 entities`.
/// "1 file", "3 files", "2 entities": the count and the noun in the
/// number it takes. The review site's pages say counts the same way.
pub(crate) fn count(n: usize, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "entity") => format!("{n} entities"),
        _ => format!("{n} {noun}s"),
    }
}

/// The version of the `json` format; it changes only when a field changes
/// meaning or disappears.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// Stands for the streamed array in a document template.
const STREAMED: &str = "\u{0}streamed\u{0}";

/// Writes `template` pretty-printed, with the one string value [`STREAMED`]
/// replaced by the array of `items`, each serialised as it is written, so
/// the whole report is never held as one tree. Hazards in strings are
/// escaped ([`escape::json_text`]).
fn write_streamed(
    w: &mut dyn Write,
    template: &Value,
    items: impl Iterator<Item = Value>,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(template).map_err(io::Error::other)?;
    let marker = serde_json::to_string(STREAMED).map_err(io::Error::other)?;
    let at = text
        .find(&marker)
        .ok_or_else(|| io::Error::other("no marker"))?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = text[line_start..].len() - text[line_start..].trim_start().len();
    let item_indent = " ".repeat(indent + 2);
    w.write_all(escape::json_text(&text[..at]).as_bytes())?;
    let mut first = true;
    for item in items {
        let pretty = serde_json::to_string_pretty(&item).map_err(io::Error::other)?;
        let mut chunk = String::with_capacity(pretty.len() + 64);
        chunk.push_str(if first { "[\n" } else { ",\n" });
        for (i, line) in pretty.lines().enumerate() {
            if i > 0 {
                chunk.push('\n');
            }
            chunk.push_str(&item_indent);
            chunk.push_str(line);
        }
        w.write_all(escape::json_text(&chunk).as_bytes())?;
        first = false;
    }
    if first {
        w.write_all(b"[]")?;
    } else {
        write!(w, "\n{}]", " ".repeat(indent))?;
    }
    w.write_all(escape::json_text(&text[at + marker.len()..]).as_bytes())?;
    w.write_all(b"\n")
}

/// The `json` format as a string; see [`write_json`].
pub fn json(report: &Report, paths: &Paths<'_>) -> String {
    let mut out = Vec::new();
    write_json(report, paths, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("JSON text is UTF-8")
}

/// The `json` format: `format_version`, `tool`, `summary`, `findings`
/// (each with `rule`, `severity`, `file`, `line`, `column`, `pointer`,
/// `message`, `hint`; line and column are 1-based, columns count code
/// points, and 0 means no position; `related`, when present, lists other
/// places the finding concerns with `pointer`, `line`, `column` and
/// `label`) and `suppressed` (findings over the
/// per-rule cap: `file`, `rule`, `count`). Deterministic: no timings.
/// Streamed: findings are serialised one at a time.
pub fn write_json(report: &Report, paths: &Paths<'_>, w: &mut dyn Write) -> io::Result<()> {
    let suppressed: Vec<_> = report
        .suppressed
        .iter()
        .map(|s| json!({ "file": paths.show(&s.file), "rule": s.rule.id(), "count": s.count }))
        .collect();
    let template = json!({
        "format_version": JSON_FORMAT_VERSION,
        "tool": { "name": "astana-corpus", "version": env!("CARGO_PKG_VERSION") },
        "summary": {
            "files": report.files,
            "articles": report.articles,
            "facts": report.facts,
            "entities": report.entities,
            "errors": report.errors(),
            "warnings": report.warnings(),
        },
        "findings": STREAMED,
        "suppressed": suppressed,
    });
    let findings = report.findings.iter().map(|f| finding_json(f, paths));
    write_streamed(w, &template, findings)
}

/// Reads back what [`write_json`] wrote (a report saved by
/// `validate --format json`, or one assembled from a distributed run), so
/// that it can be rendered in another format without validating again.
/// Byte offsets and the elapsed time are not in the format, so excerpts
/// cannot be cut from the result; every other field round-trips.
pub fn parse_json(text: &str) -> Result<Report, String> {
    fn field<'a>(v: &'a Value, key: &str, at: &str) -> Result<&'a Value, String> {
        v.get(key).ok_or_else(|| format!("{at}: no `{key}`"))
    }
    fn text_of(v: &Value, key: &str, at: &str) -> Result<String, String> {
        field(v, key, at)?
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("{at}.{key}: not a string"))
    }
    fn count(v: &Value, key: &str, at: &str) -> Result<usize, String> {
        field(v, key, at)?
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| format!("{at}.{key}: not a count"))
    }
    fn rule(v: &Value, at: &str) -> Result<Rule, String> {
        let id = text_of(v, "rule", at)?;
        Rule::from_id(&id).ok_or_else(|| format!("{at}.rule: unknown rule {id:?}"))
    }
    fn position(v: &Value, at: &str) -> Result<Option<LineColumn>, String> {
        let (line, column) = (count(v, "line", at)?, count(v, "column", at)?);
        Ok((line > 0).then_some(LineColumn { line, column }))
    }
    fn list<'a>(v: &'a Value, key: &str) -> Result<&'a [Value], String> {
        match v.get(key) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(format!("`{key}`: not an array")),
        }
    }
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    match doc.get("format_version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(JSON_FORMAT_VERSION) => {}
        other => {
            return Err(format!(
                "format_version {other:?}: this version reads {JSON_FORMAT_VERSION}"
            ))
        }
    }
    let summary = field(&doc, "summary", "report")?;
    let mut findings = Vec::new();
    for (i, f) in list(&doc, "findings")?.iter().enumerate() {
        let at = format!("findings[{i}]");
        let rule = rule(f, &at)?;
        let severity = match text_of(f, "severity", &at)?.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            other => return Err(format!("{at}.severity: {other:?} is not error or warning")),
        };
        let mut finding = Finding::new(rule, text_of(f, "file", &at)?, text_of(f, "message", &at)?)
            .with_hint(text_of(f, "hint", &at)?);
        finding.severity = severity;
        finding.position = position(f, &at)?;
        finding.pointer = text_of(f, "pointer", &at)?;
        for (j, r) in list(f, "related")?.iter().enumerate() {
            let at = format!("{at}.related[{j}]");
            finding.related.push(super::finding::Related {
                pointer: text_of(r, "pointer", &at)?,
                label: text_of(r, "label", &at)?,
                position: position(r, &at)?,
                offset: None,
                len: None,
            });
        }
        findings.push(finding);
    }
    let mut suppressed = Vec::new();
    for (i, s) in list(&doc, "suppressed")?.iter().enumerate() {
        let at = format!("suppressed[{i}]");
        suppressed.push(super::Suppressed {
            file: text_of(s, "file", &at)?,
            rule: rule(s, &at)?,
            count: count(s, "count", &at)?,
        });
    }
    Ok(Report {
        findings,
        files: count(summary, "files", "summary")?,
        articles: count(summary, "articles", "summary")?,
        facts: count(summary, "facts", "summary")?,
        entities: count(summary, "entities", "summary")?,
        suppressed,
        ..Report::default()
    })
}

/// One finding as the `json` format writes it (see [`write_json`]).
pub fn finding_json(f: &Finding, paths: &Paths<'_>) -> serde_json::Value {
    let mut finding = json!({
        "rule": f.rule.id(),
        "severity": f.severity.as_str(),
        "file": paths.show(&f.file),
        "line": f.line(),
        "column": f.column(),
        "pointer": f.pointer,
        "message": f.message,
        "hint": f.hint,
    });
    if !f.related.is_empty() {
        finding["related"] = f
            .related
            .iter()
            .map(|r| {
                json!({
                    "pointer": r.pointer,
                    "line": r.position.map_or(0, |p| p.line),
                    "column": r.position.map_or(0, |p| p.column),
                    "label": r.label,
                })
            })
            .collect();
    }
    finding
}

/// GitHub shows at most this many annotations per severity and step.
pub const GITHUB_ANNOTATION_LIMIT: usize = 10;

/// The `github` format: workflow commands for the first annotations of each
/// severity (GitHub shows only 10), then every finding in the log, then the
/// summary. Every value in a command is escaped for workflow commands, and
/// the log part is the human format, so no line of untrusted text can start
/// a command of its own.
pub fn github(report: &Report, paths: &Paths<'_>, sources: &dyn FileTexts) -> String {
    let mut out = String::new();
    for severity in [Severity::Error, Severity::Warning] {
        let of_severity: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        let hidden = report
            .suppressed
            .iter()
            .filter(|s| s.rule.severity() == severity)
            .map(|s| s.count)
            .sum::<usize>();
        for f in of_severity.iter().take(GITHUB_ANNOTATION_LIMIT) {
            let mut props = format!("file={}", escape::workflow_property(&paths.show(&f.file)));
            if let Some(at) = f.position {
                let _ = write!(props, ",line={},col={}", at.line, at.column);
            }
            let _ = write!(
                props,
                ",title={}",
                escape::workflow_property(&format!("astana-corpus {}", f.rule.id()))
            );
            let _ = writeln!(
                out,
                "::{} {props}::{}%0A{}",
                severity.as_str(),
                escape::workflow_data(&f.message),
                escape::workflow_data(&format!("hint: {}", f.hint))
            );
        }
        let unannotated = of_severity.len().saturating_sub(GITHUB_ANNOTATION_LIMIT) + hidden;
        if unannotated > 0 {
            let _ = writeln!(
                out,
                "::notice::{}",
                escape::workflow_data(&format!(
                    "{unannotated} more {}s are not annotated (GitHub shows {GITHUB_ANNOTATION_LIMIT}); every finding is in the log below",
                    severity.as_str()
                ))
            );
        }
    }
    out.push_str("::group::All findings\n");
    // A CI log: never colour.
    out.push_str(&human(report, paths, sources, Colour::Plain));
    out.push_str("::endgroup::\n");
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// The `sarif` format as a string; see [`write_sarif`].
pub fn sarif(report: &Report, paths: &Paths<'_>) -> String {
    let mut out = Vec::new();
    write_sarif(report, paths, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("JSON text is UTF-8")
}

/// The `sarif` format: SARIF 2.1.0 with one run, every rule described, and
/// columns counted in Unicode code points. Findings over the per-rule cap
/// are counted in the run's `properties.suppressed`. Streamed.
pub fn write_sarif(report: &Report, paths: &Paths<'_>, w: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<_> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "shortDescription": { "text": r.summary() },
                "help": { "text": r.hint() },
                "defaultConfiguration": { "level": r.severity().as_str() },
            })
        })
        .collect();
    let suppressed: Vec<_> = report
        .suppressed
        .iter()
        .map(|s| json!({ "file": paths.show(&s.file), "rule": s.rule.id(), "count": s.count }))
        .collect();
    let template = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "astana-corpus",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": STREAMED,
            "properties": { "suppressed": suppressed },
        }],
    });
    let results = report.findings.iter().map(|f| {
        let mut region = serde_json::Map::new();
        if let Some(at) = f.position {
            region.insert("startLine".into(), at.line.into());
            region.insert("startColumn".into(), at.column.into());
        }
        let mut physical = json!({ "artifactLocation": { "uri": crate::escape::uri_path(&paths.show(&f.file)) } });
        if !region.is_empty() {
            physical["region"] = region.into();
        }
        let mut result = json!({
            "ruleId": f.rule.id(),
            "ruleIndex": Rule::ALL.iter().position(|r| *r == f.rule),
            "level": f.severity.as_str(),
            "message": { "text": format!("{}\nhint: {}", f.message, f.hint) },
            "locations": [{
                "physicalLocation": physical,
                "logicalLocations": [{ "fullyQualifiedName": f.pointer, "kind": "element" }],
            }],
        });
        if !f.related.is_empty() {
            result["relatedLocations"] = f
                .related
                .iter()
                .enumerate()
                .map(|(id, r)| {
                    let mut location = json!({
                        "id": id,
                        "message": { "text": r.label },
                        "physicalLocation": { "artifactLocation": { "uri": crate::escape::uri_path(&paths.show(&f.file)) } },
                        "logicalLocations": [{ "fullyQualifiedName": r.pointer, "kind": "element" }],
                    });
                    if let Some(at) = r.position {
                        location["physicalLocation"]["region"] =
                            json!({ "startLine": at.line, "startColumn": at.column });
                    }
                    location
                })
                .collect();
        }
        result
    });
    write_streamed(w, &template, results)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Related;

    fn pos(text: &str, offset: usize) -> LineColumn {
        LineIndex::new(text).position(offset)
    }

    fn finding_at(text: &str, offset: usize) -> Finding {
        let lines = LineIndex::new(text);
        let p = lines.position(offset);
        let mut f = Finding::new(Rule::Schema, "a.json", "").with_hint("");
        f.position = Some(p);
        f.offset = Some(offset);
        f
    }

    #[test]
    fn long_lines_are_cut_around_the_value() {
        let line = "x".repeat(200);
        let e = excerpt(&IndexedText::new(&line), pos(&line, 99), Some(99), Some(1));
        assert_eq!(
            e.shown.chars().count(),
            1 + EXCERPT_BEFORE + EXCERPT_AFTER + 1
        );
        assert_eq!(&e.shown[e.start..e.end], "x");
        assert!(!e.right_to_left);
        let text = "{\n  \"a\": 1\n}";
        let e = excerpt(&IndexedText::new(text), pos(text, 9), Some(9), Some(1));
        assert_eq!(
            (e.shown.as_str(), &e.shown[e.start..e.end]),
            ("  \"a\": 1", "1")
        );
    }

    #[test]
    fn the_underline_covers_the_escaped_value() {
        let text = "\"k\": \"a\u{1b}b\", 1";
        let e = excerpt(&IndexedText::new(text), pos(text, 5), Some(5), Some(5));
        assert_eq!(e.shown, "\"k\": \"a\\u{1b}b\", 1");
        assert_eq!(&e.shown[e.start..e.end], "\"a\\u{1b}b\"");
    }

    #[test]
    fn a_json_report_reads_back_to_the_same_json_and_sarif() {
        let text = "{\n  \"id\": \"x\",\n  \"id2\": \"x\"\n}\n";
        let mut located = finding_at(text, 24);
        located.pointer = "/id2".into();
        located.message = "id `x` is already used: \u{1b}[31m".into();
        located.related.push(Related {
            pointer: "/id".into(),
            label: "first used here".into(),
            position: Some(pos(text, 10)),
            offset: Some(10),
            len: Some(3),
        });
        let mut unplaced = Finding::new(Rule::UnexpectedEntry, "articles/x\n::y", "a FIFO");
        unplaced.severity = Severity::Warning;
        let report = Report {
            findings: vec![located, unplaced],
            files: 3,
            articles: 1,
            facts: 4,
            entities: 5,
            suppressed: vec![crate::validate::Suppressed {
                file: "a.json".into(),
                rule: Rule::Schema,
                count: 7,
            }],
            ..Report::default()
        };
        let paths = Paths { root: "" };
        let written = json(&report, &paths);
        let read = parse_json(&written).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json(&read, &paths), written);
        assert_eq!(sarif(&read, &paths), sarif(&report, &paths));
        assert_eq!((read.errors(), read.warnings()), (8, 1));
    }

    #[test]
    fn a_report_that_is_not_one_is_refused_with_where() {
        let cases = [
            ("[]", "format_version None"),
            ("{\"format_version\": 9}", "format_version Some(9)"),
            ("{\"format_version\": 1}", "report: no `summary`"),
            (
                "{\"format_version\": 1, \"summary\": {}, \"findings\": [{\"rule\": \"no-such\"}]}",
                "findings[0].rule: unknown rule \"no-such\"",
            ),
            (
                "{\"format_version\": 1, \"summary\": {}, \"findings\": {}}",
                "`findings`: not an array",
            ),
            ("not json", "not JSON"),
        ];
        for (text, expected) in cases {
            let error = parse_json(text).err().unwrap_or_default();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn a_finding_renders_with_its_location_underline_and_related_place() {
        let text = "{\n  \"id\": \"x\",\n  \"id2\": \"x\"\n}\n";
        let mut f = finding_at(text, 24);
        f.len = Some(3);
        f.pointer = "/id2".into();
        f.message = "id `x` is already used".into();
        f.hint = "Choose another.".into();
        f.related.push(Related {
            pointer: "/id".into(),
            label: "first used here".into(),
            position: Some(pos(text, 10)),
            offset: Some(10),
            len: Some(3),
        });
        let mut out = String::new();
        human_finding(
            &mut out,
            &f,
            &Paths { root: "data/" },
            Some(&IndexedText::new(text)),
            Colour::Plain,
        );
        let expected = "error[schema]: id `x` is already used\n  --> data/a.json:3:10 at /id2\n  |\n3 |   \"id2\": \"x\"\n  |          ^^^\n  |\n2 |   \"id\": \"x\",\n  |         --- info: first used here\n  |\n  = help: Choose another.\n\n";
        assert_eq!(out, expected, "{out}");
    }

    /// Removes every ANSI escape sequence (`ESC [ … letter`).
    fn strip_ansi(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Colour is only added: without its sequences the text is the plain
    /// text, and a sequence in the data reaches the terminal escaped.
    #[test]
    fn colour_is_added_after_the_data_is_escaped() {
        let text = "{\n  \"id\": \"\u{1b}[31mEVIL\u{202e}\"\n}\n";
        let mut f = finding_at(text, 10);
        f.len = Some(12);
        f.message = "id `\u{1b}[2J` is \u{9b}31m bad, «دمشق» too".into();
        f.hint = "Do \u{1b}]8;;x\u{7}this\u{1b}]8;;\u{7}.".into();
        f.related.push(Related {
            pointer: "/\u{1b}[1m".into(),
            label: "label \u{1b}[5m".into(),
            position: None,
            offset: None,
            len: None,
        });
        let source = IndexedText::new(text);
        let render = |colour| {
            let mut out = String::new();
            human_finding(&mut out, &f, &Paths { root: "" }, Some(&source), colour);
            out
        };
        let plain = for_terminal(&render(Colour::Plain), Colour::Plain).into_owned();
        let ansi = for_terminal(&render(Colour::Ansi), Colour::Ansi).into_owned();
        assert!(
            !plain.contains('\x1b') && !plain.contains('\u{9b}'),
            "{plain}"
        );
        assert!(ansi.contains("\x1b["), "{ansi}");
        assert_eq!(strip_ansi(&ansi), plain);
        for data in [
            "\x1b[31mEVIL",
            "\x1b[2J",
            "\x1b]8",
            "\x1b[1m/",
            "\x1b[5m",
            "\u{202e}",
        ] {
            assert!(
                !ansi.contains(data),
                "{data:?} reached the terminal: {ansi}"
            );
        }
        assert!(plain.contains("\\u{1b}[31mEVIL"), "{plain}");
        // Right-to-left text is isolated in both.
        assert!(plain.contains("\u{2068}دمشق\u{2069}"), "{plain}");
    }

    #[test]
    fn streamed_json_is_the_pretty_document() {
        let template = json!({ "a": 1, "items": STREAMED, "z": [1] });
        for n in [0, 1, 3] {
            let items: Vec<Value> = (0..n).map(|i| json!({ "i": i, "s": "x\u{9b}" })).collect();
            let mut out = Vec::new();
            write_streamed(&mut out, &template, items.clone().into_iter()).unwrap();
            let text = String::from_utf8(out).unwrap();
            let mut whole = template.clone();
            whole["items"] = Value::Array(items);
            let expected = serde_json::to_string_pretty(&whole).unwrap();
            assert_eq!(text, format!("{}\n", escape::json_text(&expected)));
        }
    }
}
