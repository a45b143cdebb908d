//! JSON Schema (draft 2020-12) generated from the model types, one file per
//! kind of document. The files under `schema/` are written by
//! `astana-corpus schema` and checked by `astana-corpus schema --check` and
//! by the test suite; they are never edited by hand.

use std::path::Path;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use crate::model::{Article, EntitiesFile, Manifest};

/// A kind of data document, with its schema file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// `data/manifest.json`.
    Manifest,
    /// `data/entities.json`.
    Entities,
    /// `data/articles/<outlet>/<id>.json`.
    Article,
    /// `data/retired.json`, the retired ids (optional).
    Retired,
}

impl DocumentKind {
    /// Every kind of document.
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::Article,
        DocumentKind::Entities,
        DocumentKind::Manifest,
        DocumentKind::Retired,
    ];

    /// The schema's file name under `schema/`.
    pub fn schema_file(self) -> &'static str {
        match self {
            DocumentKind::Manifest => "manifest.schema.json",
            DocumentKind::Entities => "entities.schema.json",
            DocumentKind::Article => "article.schema.json",
            DocumentKind::Retired => "retired.schema.json",
        }
    }

    /// The kind of the data file at `path` (relative to the data folder,
    /// `/`-separated), or `None` for a file that is not a data document.
    pub fn of_path(path: &str) -> Option<DocumentKind> {
        match path {
            "manifest.json" => Some(DocumentKind::Manifest),
            "entities.json" => Some(DocumentKind::Entities),
            "retired.json" => Some(DocumentKind::Retired),
            p if p.starts_with("articles/") && p.ends_with(".json") => Some(DocumentKind::Article),
            _ => None,
        }
    }

    /// The generated schema.
    pub fn schema(self) -> Schema {
        match self {
            DocumentKind::Manifest => root::<Manifest>(),
            DocumentKind::Entities => root::<EntitiesFile>(),
            DocumentKind::Article => root::<Article>(),
            DocumentKind::Retired => root::<crate::model::RetiredFile>(),
        }
    }

    /// The generated schema as the text written to `schema/`.
    pub fn schema_text(self) -> String {
        let mut text =
            serde_json::to_string_pretty(&self.schema()).expect("a schema serialises to JSON");
        text.push('\n');
        text
    }
}

fn root<T: JsonSchema>() -> Schema {
    // Pinned explicitly: schemars' default draft is documented as liable to change.
    let generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    generator.into_root_schema_for::<T>()
}

/// A schema file that differs from what the code generates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleSchema {
    /// The file name under the schema folder.
    pub file: &'static str,
    /// Whether the file is missing (rather than different).
    pub missing: bool,
}

/// The schema files under `dir` that are missing or differ from the
/// generated ones. Read through the safe reader: a link, a pipe, a device
/// or a file much larger than the schema counts as out of date, unread.
pub fn check(dir: &Path) -> Vec<StaleSchema> {
    let root = crate::files::Root::open(dir).ok();
    DocumentKind::ALL
        .iter()
        .filter_map(|kind| {
            let file = kind.schema_file();
            let expected = kind.schema_text();
            // One byte more than the schema is enough to know it differs.
            let limit = expected.len() as u64 + 1;
            let read = root.as_ref().map(|r| r.read(file, limit));
            let missing = match &read {
                None => true,
                Some(Err(crate::files::ReadError::Io(e))) => {
                    e.kind() == std::io::ErrorKind::NotFound
                }
                _ => false,
            };
            match read {
                Some(Ok(bytes)) if bytes == expected.as_bytes() => None,
                _ => Some(StaleSchema { file, missing }),
            }
        })
        .collect()
}

/// Writes every schema file under `dir` (atomically), returning the names
/// of the files that changed.
pub fn write(dir: &Path) -> std::io::Result<Vec<&'static str>> {
    let root = crate::files::Root::create(dir)?;
    let stale = check(dir);
    for s in &stale {
        let kind = DocumentKind::ALL
            .into_iter()
            .find(|k| k.schema_file() == s.file)
            .expect("check only names our files");
        root.write_atomic(s.file, kind.schema_text().as_bytes())?;
    }
    Ok(stale.into_iter().map(|s| s.file).collect())
}
