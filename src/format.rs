//! `astana-corpus fmt`: rewrites data files in canonical form (2-space
//! indent, field order of the types, trailing newline, no BOM, NFC) and
//! fills the offsets of evidence written as a quote only.
//!
//! A file that does not parse, or whose quotes cannot be placed exactly, is
//! reported and left untouched. Writes are atomic.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::model::{Article, EntitiesFile, Manifest};
use crate::schema::DocumentKind;
use crate::text;
use crate::validate::{locate, Draft, Finding, NotRead, Rule};

/// What `fmt` did, or would do, to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FmtOutcome {
    /// Already canonical.
    Unchanged,
    /// Rewritten (or, in check mode, would be).
    Reformatted {
        /// How many evidence spans had their offsets filled.
        filled: usize,
    },
    /// Not rewritten because of these findings.
    Failed(Vec<Finding>),
}

/// Whether to write files or only report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Rewrite files that are not canonical.
    Write,
    /// Only report files that are not canonical.
    Check,
}

/// The kind of data document at `path`, by its name and folder.
pub fn kind_of(path: &Path) -> Option<DocumentKind> {
    let name = path.file_name()?.to_str()?;
    match name {
        "manifest.json" => Some(DocumentKind::Manifest),
        "entities.json" => Some(DocumentKind::Entities),
        "retired.json" => Some(DocumentKind::Retired),
        n if n.ends_with(".json") && path.components().any(|c| c.as_os_str() == "articles") => {
            Some(DocumentKind::Article)
        }
        _ => None,
    }
}

/// The data files named by `paths`: files as given, folders expanded to
/// their data files.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, crate::validate::Fatal> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let relative = crate::validate::data_files(path)?;
            files.extend(relative.into_iter().map(|r| path.join(r)));
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Formats one file; `shown` is the path used in findings.
pub fn format_file(path: &Path, shown: &str, mode: Mode) -> Result<FmtOutcome, std::io::Error> {
    let Some(kind) = kind_of(path) else {
        return Ok(FmtOutcome::Failed(vec![Finding::new(
            Rule::UnexpectedEntry,
            shown,
            "not a data file: expected manifest.json, entities.json, retired.json or a .json file under articles/",
        )
        .with_hint("Name the files or the data folder to format.")]));
    };
    let bytes = match crate::validate::read_named(path, &crate::validate::Limits::default()) {
        Ok(bytes) => bytes,
        Err(NotRead::Finding(draft)) => {
            return Ok(FmtOutcome::Failed(locate(shown, &[], vec![draft])))
        }
        Err(NotRead::Fatal(fatal)) => return Err(std::io::Error::other(fatal)),
    };
    let (formatted, filled) = match canonical(kind, &bytes) {
        Ok(result) => result,
        Err(drafts) => return Ok(FmtOutcome::Failed(locate(shown, &bytes, drafts))),
    };
    if formatted.as_bytes() == bytes.as_slice() {
        return Ok(FmtOutcome::Unchanged);
    }
    if mode == Mode::Write {
        crate::files::write_atomic(path, formatted.as_bytes())?;
    }
    Ok(FmtOutcome::Reformatted { filled })
}

/// The canonical text of a document and the number of offsets filled, or
/// the findings that prevent formatting.
pub fn canonical(kind: DocumentKind, bytes: &[u8]) -> Result<(String, usize), Vec<Draft>> {
    let (_, mut value) = crate::validate::parse_json(bytes, &crate::validate::Limits::default())?;
    // A version this tool does not read is said as `validate` says it, with
    // its advice (`migrate` for an older one), before anything else.
    if let Some(draft) = crate::validate::rules::document::unsupported_version::check(&value) {
        return Err(vec![draft]);
    }
    normalize_strings(&mut value);
    let filled = if kind == DocumentKind::Article {
        fill_offsets(&mut value)?
    } else {
        0
    };
    let text = match kind {
        DocumentKind::Manifest => to_canonical::<Manifest>(&value),
        DocumentKind::Entities => to_canonical::<EntitiesFile>(&value),
        DocumentKind::Article => to_canonical::<Article>(&value),
        DocumentKind::Retired => to_canonical::<crate::model::RetiredFile>(&value),
    }
    .map_err(|_| match crate::validate::Schemas::shared() {
        // The validator's own explanation: the rule and the value at fault.
        Ok(schemas) => crate::validate::model_mismatch(kind, &value, schemas),
        Err(e) => vec![Draft::new(
            Rule::Schema,
            "",
            format!("the document does not match the data model, and the schemas to say where do not compile: {e}"),
        )],
    })?;
    within_file_limit(&text)?;
    Ok((text, filled))
}

/// The output budget of every command that rewrites a data file (`fmt`,
/// `migrate`): canonical JSON is indented, so it can be more than twice the
/// size of a minified file, and a rewrite must never produce what
/// `validate` would then refuse to read.
pub fn within_file_limit(text: &str) -> Result<(), Vec<Draft>> {
    let limit = crate::validate::Limits::default().max_file_bytes;
    if text.len() as u64 <= limit {
        return Ok(());
    }
    Err(vec![Draft::new(
        Rule::LimitExceeded,
        "",
        format!(
            "the canonical form would have {} bytes, more than the limit of {limit} bytes that `validate` reads; the file was not rewritten",
            text.len()
        ),
    )
    .hint("Split the article's text or facts into smaller files; a data file in canonical form must stay under the limit.")])
}

fn to_canonical<T: for<'de> Deserialize<'de> + serde::Serialize>(
    value: &Value,
) -> Result<String, serde_json::Error> {
    let typed = T::deserialize(value)?;
    let mut text = serde_json::to_string_pretty(&typed)?;
    text.push('\n');
    Ok(text)
}

/// NFC for every string value. Iterative, so depth does not matter.
fn normalize_strings(value: &mut Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) if !unicode_normalization::is_nfc(s) => *s = s.nfc().collect(),
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
}

/// Fills `start`/`end` of every evidence span that lacks either, from its
/// quote (and `prefix`/`suffix`). A missing or ambiguous quote is an error.
///
/// All quotes are searched for at once (Aho–Corasick over the distinct
/// `prefix + quote + suffix` strings), so the work is linear in the body
/// and the quotes however many spans there are.
fn fill_offsets(article: &mut Value) -> Result<usize, Vec<Draft>> {
    let Some(body) = article
        .get("body")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return Ok(0);
    };
    let mut errors = Vec::new();
    // (span pointer, pattern index, prefix length in code points, quote length)
    let mut wanted: Vec<(String, usize, usize, usize)> = Vec::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut pattern_ids: std::collections::HashMap<String, usize> = Default::default();
    for (pointer, span) in span_sites(article) {
        let Some(span) = span.as_object() else {
            continue;
        };
        if span.contains_key("start") && span.contains_key("end") {
            continue;
        }
        // Evidence without a quote is the schema's to report, with the rest
        // of what keeps the document from the model.
        let Some(quote) = span.get("quote").and_then(Value::as_str) else {
            continue;
        };
        if quote.is_empty() {
            let (message, hint) = EMPTY_QUOTE;
            errors.push(
                Draft::new(
                    Rule::EvidenceQuoteMismatch,
                    format!("{pointer}/quote"),
                    message,
                )
                .hint(hint),
            );
            continue;
        }
        let prefix = span.get("prefix").and_then(Value::as_str).unwrap_or("");
        let suffix = span.get("suffix").and_then(Value::as_str).unwrap_or("");
        let context = format!("{prefix}{quote}{suffix}");
        let next = patterns.len();
        let id = *pattern_ids.entry(context.clone()).or_insert(next);
        if id == next {
            patterns.push(context);
        }
        wanted.push((pointer, id, text::char_len(prefix), text::char_len(quote)));
    }
    if wanted.is_empty() {
        return if errors.is_empty() {
            Ok(0)
        } else {
            Err(errors)
        };
    }
    let found = find_patterns(&body, &patterns);
    let index = text::CharIndex::new(&body);
    let mut filled = 0;
    for (pointer, id, prefix_len, len) in wanted {
        let Some(span) = article.pointer_mut(&pointer) else {
            continue;
        };
        let has_context = span.get("prefix").is_some() || span.get("suffix").is_some();
        match placement(&found, id, &index, prefix_len, len, has_context) {
            Ok((start, end)) => {
                span["start"] = start.into();
                span["end"] = end.into();
                filled += 1;
            }
            Err((message, hint)) => errors.push(
                Draft::new(
                    Rule::EvidenceQuoteMismatch,
                    format!("{pointer}/quote"),
                    message,
                )
                .hint(hint),
            ),
        }
    }
    if errors.is_empty() {
        Ok(filled)
    } else {
        Err(errors)
    }
}

/// Every evidence span of an article document with its JSON Pointer: each
/// fact's `evidence` and `entity_mentions`, then the text notes' evidence.
fn span_sites(article: &Value) -> Vec<(String, &Value)> {
    let mut sites = Vec::new();
    for list in ["facts", "text_notes"] {
        let Some(items) = article.get(list).and_then(Value::as_array) else {
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            if let Some(spans) = item.get("evidence").and_then(Value::as_array) {
                for (j, span) in spans.iter().enumerate() {
                    sites.push((format!("/{list}/{i}/evidence/{j}"), span));
                }
            }
            if let Some(mentions) = item.get("entity_mentions").and_then(Value::as_array) {
                for (j, mention) in mentions.iter().enumerate() {
                    if let Some(span) = mention.get("evidence") {
                        sites.push((format!("/{list}/{i}/entity_mentions/{j}/evidence"), span));
                    }
                }
            }
        }
    }
    sites
}

/// What fmt says of an empty quote: (message, hint).
const EMPTY_QUOTE: (&str, &str) = (
    "the quote is empty",
    "Quote the words of the body that state the fact.",
);

/// The code-point span of pattern `id` (a prefix of `prefix_len` code
/// points, then a quote of `len`) when it occurs exactly once; otherwise
/// (message, hint) saying why it cannot be placed.
fn placement(
    found: &Found,
    id: usize,
    index: &text::CharIndex<'_>,
    prefix_len: usize,
    len: usize,
    has_context: bool,
) -> Result<(usize, usize), (String, String)> {
    let (count, starts) = &found.occurrences[id];
    let at = |byte: usize| index.char_offset_of_byte(byte) + prefix_len;
    match (*count, found.complete) {
        (1, _) => {
            let start = at(starts[0]);
            Ok((start, start + len))
        }
        (0, true) => Err((
            if has_context {
                "the quote does not occur in the body with this prefix/suffix".into()
            } else {
                "the quote does not occur in the body".into()
            },
            "Copy the quote from the body exactly: same letters, diacritics, spaces and punctuation.".into(),
        )),
        (0, false) => Err((
            "not placed: the quotes of this article occur too many times in all for fmt to search further".into(),
            "Add a `prefix` or `suffix` to the quotes that repeat, so that each occurs once.".into(),
        )),
        (many, _) => Err((
            format!(
                "the quote occurs {}{many} times in the body (at code points {})",
                if found.complete { "" } else { "at least " },
                crate::validate::list_capped(
                    starts.iter().map(|&b| at(b)),
                    many,
                    crate::validate::HINT_LIST_MAX
                )
            ),
            "Add a `prefix` (the words just before) or a `suffix` (just after) so that one occurrence matches.".into(),
        )),
    }
}

/// Where each pattern occurs in a text.
struct Found {
    /// Per pattern: how many occurrences, and the byte offsets of the first
    /// few (at most [`crate::validate::HINT_LIST_MAX`]).
    occurrences: Vec<(usize, Vec<usize>)>,
    /// Whether every occurrence was counted (the total is capped).
    complete: bool,
}

/// Every overlapping occurrence of every pattern, in one pass. The number
/// of occurrences counted is capped at a multiple of the text's length, so
/// that patterns nested in each other ("a", "aa", "aaa" in "aaaa…") cannot
/// make the work quadratic.
fn find_patterns(text: &str, patterns: &[String]) -> Found {
    let mut occurrences = vec![(0usize, Vec::new()); patterns.len()];
    let Ok(searcher) = aho_corasick::AhoCorasick::new(patterns) else {
        return Found {
            occurrences,
            complete: false,
        };
    };
    let budget = text.len().saturating_mul(4).max(1 << 20);
    let mut seen = 0usize;
    for m in searcher.find_overlapping_iter(text) {
        seen += 1;
        if seen > budget {
            return Found {
                occurrences,
                complete: false,
            };
        }
        let (count, starts) = &mut occurrences[m.pattern().as_usize()];
        *count += 1;
        if starts.len() < crate::validate::HINT_LIST_MAX {
            starts.push(m.start());
        }
    }
    Found {
        occurrences,
        complete: true,
    }
}

/// The code-point span of the one occurrence of `quote` in `body` that has
/// the given prefix and suffix; otherwise (message, hint).
pub fn place(
    body: &str,
    quote: &str,
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> Result<(usize, usize), (String, String)> {
    place_in(&text::CharIndex::new(body), quote, prefix, suffix)
}

/// [`place`] in a body indexed once for all of its spans.
pub fn place_in(
    index: &text::CharIndex<'_>,
    quote: &str,
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> Result<(usize, usize), (String, String)> {
    let body = index.slice(0, index.len()).unwrap_or_default();
    if quote.is_empty() {
        let (message, hint) = EMPTY_QUOTE;
        return Err((message.into(), hint.into()));
    }
    // Occurrences of prefix + quote + suffix are exactly the occurrences of
    // the quote with that context: the same search as for a whole article.
    let context = format!("{}{quote}{}", prefix.unwrap_or(""), suffix.unwrap_or(""));
    let found = find_patterns(body, &[context]);
    placement(
        &found,
        0,
        index,
        prefix.map_or(0, text::char_len),
        text::char_len(quote),
        prefix.is_some() || suffix.is_some(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_unique_and_disambiguated_quotes() {
        let body = "سوريا من سوريا، وسوريا";
        assert_eq!(place(body, "من", None, None), Ok((6, 8)));
        assert!(place(body, "سوريا", None, None)
            .unwrap_err()
            .0
            .contains("3 times"));
        assert_eq!(place(body, "سوريا", Some("من "), None), Ok((9, 14)));
        assert_eq!(place(body, "سوريا", None, Some(" من")), Ok((0, 5)));
        assert!(place(body, "دمشق", None, None).is_err());
        assert!(place(body, "", None, None).is_err());
    }
}
