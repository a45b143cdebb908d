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
use crate::validate::{locate, Draft, Finding, Rule};

/// What `fmt` did, or would do, to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
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
        n if n.ends_with(".json") && path.components().any(|c| c.as_os_str() == "articles") => {
            Some(DocumentKind::Article)
        }
        _ => None,
    }
}

/// The data files named by `paths`: files as given, folders expanded to
/// their data files.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let relative = crate::validate::data_files(path).map_err(|e| e.to_string())?;
            files.extend(relative.into_iter().map(|r| path.join(r)));
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Formats one file; `shown` is the path used in findings.
pub fn format_file(path: &Path, shown: &str, mode: Mode) -> Result<Outcome, std::io::Error> {
    let Some(kind) = kind_of(path) else {
        return Ok(Outcome::Failed(vec![Finding {
            rule: Rule::Schema,
            severity: Rule::Schema.severity(),
            file: shown.to_owned(),
            line: 0,
            column: 0,
            pointer: String::new(),
            message: "not a data file: expected manifest.json, entities.json or a .json file under articles/".into(),
            hint: "Name the files or the data folder to format.".into(),
        }]));
    };
    let bytes = match crate::validate::read_checked(path, &crate::validate::Limits::default()) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(draft)) => return Ok(Outcome::Failed(locate(shown, &[], vec![draft]))),
        Err(fatal) => return Err(std::io::Error::other(fatal.0)),
    };
    let (formatted, filled) = match canonical(kind, &bytes) {
        Ok(result) => result,
        Err(drafts) => return Ok(Outcome::Failed(locate(shown, &bytes, drafts))),
    };
    if formatted.as_bytes() == bytes.as_slice() {
        return Ok(Outcome::Unchanged);
    }
    if mode == Mode::Write {
        crate::files::write_atomic(path, formatted.as_bytes())?;
    }
    Ok(Outcome::Reformatted { filled })
}

/// The canonical text of a document and the number of offsets filled, or
/// the findings that prevent formatting.
pub fn canonical(kind: DocumentKind, bytes: &[u8]) -> Result<(String, usize), Vec<Draft>> {
    let (_, mut value) = crate::validate::parse_json(bytes, &crate::validate::Limits::default())?;
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
    }
    .map_err(|e| {
        vec![Draft::new(Rule::Schema, "", format!("the document does not match the data model: {e}"))
            .hint("Run `astana-corpus validate` for every problem with its position; fmt rewrites only documents that match the model.")]
    })?;
    Ok((text, filled))
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
fn fill_offsets(article: &mut Value) -> Result<usize, Vec<Draft>> {
    let Some(body) = article
        .get("body")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return Ok(0);
    };
    let mut errors = Vec::new();
    let mut filled = 0;
    for list in ["facts", "text_notes"] {
        let Some(items) = article.get_mut(list).and_then(Value::as_array_mut) else {
            continue;
        };
        for (i, item) in items.iter_mut().enumerate() {
            let Some(spans) = item.get_mut("evidence").and_then(Value::as_array_mut) else {
                continue;
            };
            for (j, span) in spans.iter_mut().enumerate() {
                let Some(span) = span.as_object_mut() else {
                    continue;
                };
                if span.contains_key("start") && span.contains_key("end") {
                    continue;
                }
                let pointer = format!("/{list}/{i}/evidence/{j}");
                let Some(quote) = span.get("quote").and_then(Value::as_str) else {
                    errors.push(Draft::new(
                        Rule::Schema,
                        pointer,
                        "evidence without a `quote`",
                    ));
                    continue;
                };
                let prefix = span.get("prefix").and_then(Value::as_str);
                let suffix = span.get("suffix").and_then(Value::as_str);
                match place(&body, quote, prefix, suffix) {
                    Ok((start, end)) => {
                        span.insert("start".into(), start.into());
                        span.insert("end".into(), end.into());
                        filled += 1;
                    }
                    Err(message) => errors.push(
                        Draft::new(
                            Rule::EvidenceQuoteMismatch,
                            format!("{pointer}/quote"),
                            message.0,
                        )
                        .hint(message.1),
                    ),
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(filled)
    } else {
        Err(errors)
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
    if quote.is_empty() {
        return Err((
            "the quote is empty".into(),
            "Quote the words of the body that state the fact.".into(),
        ));
    }
    let len = text::char_len(quote);
    let index = text::CharIndex::new(body);
    let candidates: Vec<usize> = text::find_all(body, quote)
        .into_iter()
        .filter(|&start| index.context_matches(start, start + len, prefix, suffix) == (true, true))
        .collect();
    match candidates.as_slice() {
        [start] => Ok((*start, start + len)),
        [] => Err((
            if prefix.is_some() || suffix.is_some() {
                "the quote does not occur in the body with this prefix/suffix".into()
            } else {
                "the quote does not occur in the body".into()
            },
            "Copy the quote from the body exactly: same letters, diacritics, spaces and punctuation.".into(),
        )),
        many => Err((
            format!(
                "the quote occurs {} times in the body (at code points {})",
                many.len(),
                many.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ),
            "Add a `prefix` (the words just before) or a `suffix` (just after) so that one occurrence matches.".into(),
        )),
    }
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
