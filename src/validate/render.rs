//! Output formats for a [`Report`]: `human` (source line and marker),
//! `json` (one stable document), `github` (workflow commands) and `sarif`
//! (SARIF 2.1.0).

use std::fmt::Write as _;

use serde_json::json;

use super::rules::{Rule, Severity};
use super::{Finding, Report};

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

/// Source text of the files with findings, for the human format's excerpts.
pub trait Sources {
    /// The text of `file`, if it can be shown.
    fn text(&self, file: &str) -> Option<String>;
}

/// The files of a corpus folder, read for excerpts (lossily, so that even
/// a file that is not UTF-8 can be shown).
pub struct DirSources<'a>(pub &'a std::path::Path);

impl Sources for DirSources<'_> {
    fn text(&self, file: &str) -> Option<String> {
        std::fs::read(self.0.join(file))
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }
}

/// How many characters of a long line are shown around a finding.
const EXCERPT_BEFORE: usize = 30;
const EXCERPT_AFTER: usize = 40;

/// The human format: each finding with its source line, then a summary.
pub fn human(report: &Report, paths: &Paths<'_>, sources: &dyn Sources) -> String {
    let mut out = String::new();
    let mut cache: Option<(String, Option<String>)> = None;
    for f in &report.findings {
        if cache.as_ref().is_none_or(|(file, _)| file != &f.file) {
            cache = Some((f.file.clone(), sources.text(&f.file)));
        }
        let text = cache.as_ref().and_then(|(_, t)| t.as_deref());
        human_finding(&mut out, f, paths, text);
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// One finding in the human format.
pub fn human_finding(out: &mut String, f: &Finding, paths: &Paths<'_>, text: Option<&str>) {
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        f.severity.as_str(),
        f.rule.id(),
        f.message
    );
    let pointer = if f.pointer.is_empty() {
        "/"
    } else {
        &f.pointer
    };
    if f.line > 0 {
        let _ = writeln!(
            out,
            "  --> {}:{}:{} at {pointer}",
            paths.show(&f.file),
            f.line,
            f.column
        );
    } else {
        let _ = writeln!(out, "  --> {} at {pointer}", paths.show(&f.file));
    }
    if let (Some(text), true) = (text, f.line > 0) {
        let line = super::LineIndex::new(text).line_text(f.line).to_owned();
        let (excerpt, marker_at) = excerpt(&line, f.column);
        let gutter = f.line.to_string();
        let pad = " ".repeat(gutter.len());
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{gutter} | {excerpt}");
        if excerpt.chars().any(is_right_to_left) {
            // Terminals reorder right-to-left text; a marker under it would
            // point at the wrong character. Say the column instead.
            let _ = writeln!(
                out,
                "{pad} | (right-to-left text on this line: the value starts at column {})",
                f.column
            );
        } else {
            let _ = writeln!(out, "{pad} | {}^", " ".repeat(marker_at));
        }
    }
    let _ = writeln!(out, "  = hint: {}", f.hint);
    out.push('\n');
}

/// A window of a long line around a 1-based column, and where the column
/// falls in it (0-based, in characters).
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let from = at.saturating_sub(EXCERPT_BEFORE);
    let to = (at + EXCERPT_AFTER).min(chars.len());
    let mut shown = String::new();
    let mut marker = at - from;
    if from > 0 {
        shown.push('…');
        marker += 1;
    }
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    (shown, marker)
}

fn is_right_to_left(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}'
        | '\u{10800}'..='\u{10FFF}' | '\u{1E800}'..='\u{1EFFF}')
}

/// The closing summary line.
pub fn summary_line(report: &Report) -> String {
    format!(
        "checked {} ({}, {}, {}): {}, {} in {:.2}s",
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
fn count(n: usize, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "entity") => format!("{n} entities"),
        _ => format!("{n} {noun}s"),
    }
}

/// The version of the `json` format; it changes only when a field changes
/// meaning or disappears.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// The `json` format: `format_version`, `tool`, `summary` and `findings`
/// (each with `rule`, `severity`, `file`, `line`, `column`, `pointer`,
/// `message`, `hint`; line and column are 1-based, columns count code
/// points, and 0 means no position). Deterministic: no timings.
pub fn json(report: &Report, paths: &Paths<'_>) -> String {
    let findings: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule.id(),
                "severity": f.severity.as_str(),
                "file": paths.show(&f.file),
                "line": f.line,
                "column": f.column,
                "pointer": f.pointer,
                "message": f.message,
                "hint": f.hint,
            })
        })
        .collect();
    let doc = json!({
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
        "findings": findings,
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON values serialise");
    text.push('\n');
    text
}

/// GitHub shows at most this many annotations per severity and step.
pub const GITHUB_ANNOTATION_LIMIT: usize = 10;

/// The `github` format: workflow commands for the first annotations of each
/// severity (GitHub shows only 10), then every finding in the log, then the
/// summary.
pub fn github(report: &Report, paths: &Paths<'_>, sources: &dyn Sources) -> String {
    let mut out = String::new();
    for severity in [Severity::Error, Severity::Warning] {
        let of_severity: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        for f in of_severity.iter().take(GITHUB_ANNOTATION_LIMIT) {
            let command = match severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut props = format!("file={}", escape_property(&paths.show(&f.file)));
            if f.line > 0 {
                let _ = write!(props, ",line={},col={}", f.line, f.column);
            }
            let _ = write!(
                props,
                ",title={}",
                escape_property(&format!("astana-corpus {}", f.rule.id()))
            );
            let _ = writeln!(
                out,
                "::{command} {props}::{}",
                escape_data(&format!("{}\nhint: {}", f.message, f.hint))
            );
        }
        if of_severity.len() > GITHUB_ANNOTATION_LIMIT {
            let _ = writeln!(
                out,
                "::notice::{}",
                escape_data(&format!(
                    "{} more {}s are not annotated (GitHub shows {GITHUB_ANNOTATION_LIMIT}); every finding is in the log below",
                    of_severity.len() - GITHUB_ANNOTATION_LIMIT,
                    severity.as_str()
                ))
            );
        }
    }
    out.push_str("::group::All findings\n");
    out.push_str(&human(report, paths, sources));
    out.push_str("::endgroup::\n");
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// Escapes the message of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The `sarif` format: SARIF 2.1.0 with one run, every rule described, and
/// columns counted in Unicode code points.
pub fn sarif(report: &Report, paths: &Paths<'_>) -> String {
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
    let results: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            let mut region = serde_json::Map::new();
            if f.line > 0 {
                region.insert("startLine".into(), f.line.into());
                region.insert("startColumn".into(), f.column.into());
            }
            let mut physical = json!({ "artifactLocation": { "uri": paths.show(&f.file) } });
            if !region.is_empty() {
                physical["region"] = region.into();
            }
            json!({
                "ruleId": f.rule.id(),
                "ruleIndex": Rule::ALL.iter().position(|r| *r == f.rule),
                "level": f.severity.as_str(),
                "message": { "text": format!("{}\nhint: {}", f.message, f.hint) },
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{ "fullyQualifiedName": f.pointer, "kind": "element" }],
                }],
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "astana-corpus",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON values serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = "x".repeat(200);
        let (shown, at) = excerpt(&line, 100);
        assert_eq!(
            shown.chars().count(),
            1 + EXCERPT_BEFORE + EXCERPT_AFTER + 1
        );
        assert_eq!(shown.chars().nth(at), Some('x'));
        assert_eq!(excerpt("  \"a\": 1", 8), ("  \"a\": 1".to_owned(), 7));
    }
}
