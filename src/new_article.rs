//! `astana-corpus new`: an article file from a received text, so that a
//! contributor never pastes Arabic into a JSON string by hand.
//!
//! The body is the text file's own bytes (UTF-8; a byte order mark is an
//! encoding signature, not text, and is dropped). A text that is not in
//! Unicode NFC is normalised, and the article says so in a text note. The
//! file gets the relative `$schema`, the current `schema_version`, an
//! unknown publication date unless one is given, and no facts; it is
//! written atomically and never over an existing file.

use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::model::{
    is_valid_id, Article, Basis, DatePrecision, DateValue, EntitiesFile, EntityKind, Evidence,
    PartialDate, Source, TextDefect, TextNote, SCHEMA_VERSION,
};

/// What the new article is made of.
#[derive(Clone, Debug)]
pub struct NewArticle<'a> {
    /// The outlet's entity id (the folder under `articles/`).
    pub outlet: &'a str,
    /// The article id: `<outlet>-<slug>`.
    pub id: &'a str,
    /// The received text, as bytes.
    pub text: &'a [u8],
    /// The article's address, if known.
    pub url: Option<&'a str>,
    /// The publication date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), if known.
    pub published: Option<&'a str>,
    /// BCP 47 language tag of the text.
    pub language: &'a str,
}

/// What `new` wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    /// The file, relative to the data folder.
    pub path: String,
    /// Length of the body in code points.
    pub chars: usize,
    /// Whether the text was normalised to NFC (and a text note says so).
    pub normalized: bool,
    /// Whether a byte order mark was dropped.
    pub bom_removed: bool,
    /// Whether the outlet is in the registry as an outlet.
    pub outlet_known: bool,
}

/// Why `new` wrote nothing.
#[derive(Debug)]
#[non_exhaustive]
pub enum NewError {
    /// An id that is not a lowercase slug, or does not begin with the outlet.
    BadId(String),
    /// The text is not UTF-8.
    NotUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The text is empty.
    Empty,
    /// The publication date is not of the form YYYY, YYYY-MM or YYYY-MM-DD,
    /// or not a calendar date.
    BadDate(String),
    /// An article file with this id already exists.
    Exists(String),
    /// `articles/` or the outlet's folder is a link or not a folder: `new`
    /// never writes through a link.
    NotAFolder(String),
    /// The file could not be written.
    Io(std::io::Error),
}

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewError::BadId(message) => f.write_str(message),
            NewError::NotUtf8 { offset } => write!(
                f,
                "the text is not UTF-8 (invalid byte at offset {offset}); save it as UTF-8 and try again"
            ),
            NewError::Empty => f.write_str("the text is empty"),
            NewError::BadDate(message) => f.write_str(message),
            NewError::Exists(path) => write!(
                f,
                "{path} already exists; `new` never overwrites an article (choose another id, or edit the file)"
            ),
            NewError::NotAFolder(path) => write!(
                f,
                "{path} is a symbolic link or not a folder; `new` never writes through a link (replace it with a real folder)"
            ),
            NewError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for NewError {}

/// The relative `$schema` of an article file at `articles/<outlet>/`.
pub const ARTICLE_SCHEMA: &str = "../../../schema/article.schema.json";

/// Refuses ids that are not slugs or do not begin with the outlet, before
/// any path is built from them.
fn check_ids(new: &NewArticle<'_>) -> Result<(), NewError> {
    for (what, id) in [("outlet", new.outlet), ("article id", new.id)] {
        if !is_valid_id(id) {
            return Err(NewError::BadId(format!(
                "the {what} `{}` is not an id: use lowercase ASCII letters and digits in words joined by single hyphens",
                crate::escape::visible(id)
            )));
        }
    }
    if !new
        .id
        .strip_prefix(new.outlet)
        .is_some_and(|rest| rest.starts_with('-'))
    {
        return Err(NewError::BadId(format!(
            "the article id `{}` must begin with its outlet: `{}-<slug>`",
            new.id, new.outlet
        )));
    }
    Ok(())
}

/// The article `new` would write, whether the text was normalised to NFC,
/// and whether a byte order mark was dropped.
pub fn build(new: &NewArticle<'_>) -> Result<(Article, bool, bool), NewError> {
    check_ids(new)?;
    let published = match new.published {
        None => DateValue {
            note: Some("Not given when the article was added. Give the date, or the bounds the text implies (`earliest`, `latest`) with `basis: inferred` and `inferred_parts`.".into()),
            ..DateValue::not_given()
        },
        Some(text) => {
            let date: PartialDate = text
                .parse()
                .map_err(|e: crate::model::PartialDateFormError| NewError::BadDate(e.to_string()))?;
            if !date.is_calendar_valid() {
                return Err(NewError::BadDate(format!("`{text}` is not a calendar date")));
            }
            DateValue {
                precision: date.precision(),
                start: Some(date),
                basis: Basis::Stated,
                ..DateValue::not_given()
            }
        }
    };
    let (bytes, bom_removed) = match new.text.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (new.text, false),
    };
    let received = std::str::from_utf8(bytes).map_err(|e| NewError::NotUtf8 {
        offset: e.valid_up_to() + usize::from(bom_removed) * 3,
    })?;
    if received.trim().is_empty() {
        return Err(NewError::Empty);
    }
    let normalized = !unicode_normalization::is_nfc(received);
    let body: String = if normalized {
        received.nfc().collect()
    } else {
        received.to_owned()
    };
    debug_assert!(published.precision != DatePrecision::Unknown || published.start.is_none());
    let mut text_notes = Vec::new();
    if normalized {
        text_notes.push(TextNote {
            defect: TextDefect::Other,
            note: "The received text was not in Unicode NFC; `astana-corpus new` normalised it (the composed and decomposed forms look the same). Nothing else was changed. The span is the first word that changed.".into(),
            evidence: vec![first_changed_word(received, &body)],
        });
    }
    let article = Article {
        schema: ARTICLE_SCHEMA.into(),
        schema_version: SCHEMA_VERSION,
        id: new.id.into(),
        source: Source {
            outlet: new.outlet.into(),
            url: new.url.map(str::to_owned),
            retrieved: None,
            note: None,
        },
        language: new.language.to_owned(),
        published,
        title: None,
        derived_from: Vec::new(),
        body,
        text_notes,
        facts: Vec::new(),
    };
    Ok((article, normalized, bom_removed))
}

/// The word (between white space) of `body` that holds the first code point
/// where NFC changed `received`.
fn first_changed_word(received: &str, body: &str) -> Evidence {
    let chars: Vec<char> = body.chars().collect();
    let at = received
        .chars()
        .zip(body.chars())
        .position(|(a, b)| a != b)
        .unwrap_or(chars.len().saturating_sub(1));
    let start = chars[..at]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |i| i + 1);
    let end = chars[at..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |i| at + i);
    Evidence::new(
        start as u32,
        end as u32,
        chars[start..end].iter().collect::<String>(),
    )
}

/// Writes the new article under `data_dir`; refuses to overwrite any
/// article with the same id.
pub fn create(data_dir: &Path, new: &NewArticle<'_>) -> Result<Created, NewError> {
    check_ids(new)?;
    // Never write through a link: `articles/` and the outlet's folder are
    // real folders, or absent and created here.
    for folder in ["articles".to_owned(), format!("articles/{}", new.outlet)] {
        if std::fs::symlink_metadata(data_dir.join(&folder)).is_ok_and(|m| !m.is_dir()) {
            return Err(NewError::NotAFolder(folder));
        }
    }
    let relative = format!("articles/{}/{}.json", new.outlet, new.id);
    let path: PathBuf = data_dir.join(&relative);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(NewError::Exists(relative));
    }
    // An article id is unique across outlets too.
    if let Ok(listing) = crate::files::list_articles(data_dir) {
        let name = format!("/{}.json", new.id);
        if let Some(other) = listing.files.iter().find(|f| f.ends_with(&name)) {
            return Err(NewError::Exists(other.clone()));
        }
    }
    let (article, normalized, bom_removed) = build(new)?;
    let outlet_known = crate::files::read_in(data_dir, "entities.json", 64 << 20)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<EntitiesFile>(&bytes).ok())
        .is_some_and(|registry| {
            registry
                .entities
                .iter()
                .any(|e| e.id == new.outlet && e.kind == EntityKind::Outlet)
        });
    let mut text = serde_json::to_string_pretty(&article).map_err(|e| NewError::Io(e.into()))?;
    text.push('\n');
    // Through the data folder's handle: a link swapped in on the way since
    // the checks above is refused, not followed.
    crate::files::Root::open(data_dir)
        .and_then(|root| root.write_atomic(&relative, text.as_bytes()))
        .map_err(NewError::Io)?;
    Ok(Created {
        path: relative,
        chars: article.body_chars(),
        normalized,
        bom_removed,
        outlet_known,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(text: &[u8]) -> NewArticle<'_> {
        NewArticle {
            outlet: "realist-arabic",
            id: "realist-arabic-x",
            text,
            url: None,
            published: None,
            language: "ar",
        }
    }

    #[test]
    fn ids_must_be_slugs_that_begin_with_the_outlet() {
        for (outlet, id) in [
            ("realist-arabic", "../etc"),
            ("realist-arabic", "Realist-arabic-x"),
            ("realist-arabic", "other-x"),
            ("realist-arabic", "realist-arabic"),
            ("a/b", "a/b-x"),
            ("realist-arabic", "realist-arabic-x\u{202e}"),
        ] {
            let n = NewArticle {
                outlet,
                id,
                ..new(b"x")
            };
            assert!(
                matches!(build(&n), Err(NewError::BadId(_))),
                "{outlet} {id}"
            );
        }
    }

    #[test]
    fn the_body_is_the_text_and_decomposed_text_gets_a_note() {
        let (a, normalized, _) = build(&new("أستانا\nسوريا".as_bytes())).unwrap();
        assert_eq!(a.body, "أستانا\nسوريا");
        assert!(!normalized && a.text_notes.is_empty());
        // «آ» written as ALEF + MADDA ABOVE, which NFC composes.
        let (a, normalized, _) = build(&new("في \u{627}\u{653}سيا اليوم".as_bytes())).unwrap();
        assert!(normalized);
        assert_eq!(a.body, "في \u{622}سيا اليوم");
        let span = &a.text_notes[0].evidence[0];
        assert_eq!(span.quote, "\u{622}سيا");
        assert_eq!(a.span_text(span), Some(span.quote.as_str()));
    }

    #[test]
    fn bad_text_and_dates_are_refused() {
        assert!(matches!(
            build(&new(b"ab\xFFc")),
            Err(NewError::NotUtf8 { offset: 2 })
        ));
        assert!(matches!(build(&new(b"  \n")), Err(NewError::Empty)));
        for date in ["2023-13", "23-06", "2023-02-30"] {
            let n = NewArticle {
                published: Some(date),
                ..new(b"x")
            };
            assert!(matches!(build(&n), Err(NewError::BadDate(_))), "{date}");
        }
        let n = NewArticle {
            published: Some("2023-06"),
            ..new(b"\xEF\xBB\xBFx")
        };
        let (a, _, bom) = build(&n).unwrap();
        assert!(bom);
        assert_eq!(a.body, "x");
        assert_eq!(a.published.precision, DatePrecision::Month);
    }
}
