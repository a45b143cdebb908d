//! The release bundle for researchers: the data files, the schemas, the
//! CSV, JSONL and Parquet exports, the codebook, changelog, citation and
//! licences, a dataset card as its README ([`card`]), with Frictionless
//! (`datapackage.json`) and Croissant (`croissant.json`) metadata and
//! `SHA256SUMS`.
//!
//! The same data gives a byte-identical bundle: files are written in a
//! fixed order with no timestamps. Every path written is one of ours,
//! joined under the output folder; nothing is written anywhere else.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::export::{tables, ColumnType, Table};
use crate::Corpus;

pub mod card;

/// The repository documents that travel with the data.
const DOCUMENTS: &[(&str, &str)] = &[
    ("CHANGELOG.md", include_str!("../CHANGELOG.md")),
    ("CITATION.cff", include_str!("../CITATION.cff")),
    ("LICENSE-MIT", include_str!("../LICENSE-MIT")),
    ("LICENSE-APACHE", include_str!("../LICENSE-APACHE")),
    ("LICENSE-DATA.md", include_str!("../LICENSE-DATA.md")),
    ("codebook.md", include_str!("../docs/codebook.md")),
];

/// Every file of a bundle, as (relative path, contents), sorted by path.
/// `data_files` are the data folder's files as (path relative to `data/`,
/// contents).
pub fn bundle_files(
    corpus: &Corpus,
    data_files: &[(String, Vec<u8>)],
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (name, text) in DOCUMENTS {
        files.insert((*name).to_owned(), text.as_bytes().to_vec());
    }
    for (path, bytes) in data_files {
        files.insert(format!("data/{}", safe_relative(path)?), bytes.clone());
    }
    #[cfg(feature = "schema")]
    for kind in crate::schema::DocumentKind::ALL {
        files.insert(
            format!("schema/{}", kind.schema_file()),
            kind.schema_text().into_bytes(),
        );
    }
    let tables = tables(corpus);
    // The bundle's README is its dataset card, not the repository's.
    files.insert(
        "README.md".into(),
        card::dataset_card(corpus, &tables).into_bytes(),
    );
    for table in &tables {
        files.insert(
            format!("csv/{}.csv", table.name),
            table.to_csv().into_bytes(),
        );
        files.insert(
            format!("jsonl/{}.jsonl", table.name),
            table.to_jsonl().into_bytes(),
        );
    }
    #[cfg(feature = "parquet")]
    {
        for table in &tables {
            let bytes =
                crate::export::parquet::to_parquet(table, crate::export::parquet::Codec::Snappy)?;
            files.insert(parquet_path(table.name), bytes);
        }
        files.insert(
            "parquet/README.md".into(),
            parquet_readme(&tables).into_bytes(),
        );
    }
    let datapackage = datapackage(corpus, &tables, &files);
    files.insert("datapackage.json".into(), pretty(&datapackage));
    let croissant = croissant(corpus, &tables, &files);
    files.insert("croissant.json".into(), pretty(&croissant));
    let sums: String = files
        .iter()
        .map(|(path, bytes)| format!("{}  {path}\n", sha256(bytes)))
        .collect();
    files.insert("SHA256SUMS".into(), sums.into_bytes());
    Ok(files.into_iter().collect())
}

/// Where a table's Parquet file goes: a folder of its own, since Spark,
/// pyarrow and DuckDB read a folder of Parquet files as one table, and the
/// tables side by side in one folder read as one table of meaningless rows.
pub(crate) fn parquet_path(table: &str) -> String {
    format!("parquet/{table}/{table}.parquet")
}

/// `parquet/README.md`: how the folder is laid out and how each tool reads
/// one table. Its presence also makes reading `parquet/` as a whole fail
/// in pyarrow, pandas and Spark (it is not a Parquet file), instead of
/// silently merging every table into one.
#[cfg(feature = "parquet")]
fn parquet_readme(tables: &[Table]) -> String {
    let mut text = String::from(
        "# Parquet tables\n\n\
         Each table is a folder of its own: `parquet/<table>/<table>.parquet`.\n\
         Read one table's folder (or file), never `parquet/` as a whole: the\n\
         tables have different columns, and tools that read a folder as one\n\
         dataset would merge them into meaningless rows. This file is here so\n\
         that such a read fails instead.\n\n\
         ```python\n\
         import pandas as pd\n\
         facts = pd.read_parquet(\"parquet/facts\")  # integers as nullable Int64\n\
         import polars as pl\n\
         facts = pl.read_parquet(\"parquet/facts/*.parquet\")\n\
         import duckdb\n\
         duckdb.sql(\"SELECT count(*) FROM 'parquet/facts/*.parquet'\")\n\
         # PySpark\n\
         facts = spark.read.parquet(\"parquet/facts\")\n\
         ```\n\n\
         | table | file | rows |\n|---|---|---|\n",
    );
    for table in tables {
        text.push_str(&format!(
            "| `{0}` | `{0}/{0}.parquet` | {1} |\n",
            table.name,
            table.rows.len()
        ));
    }
    text.push_str("\nWhat every column means: `../codebook.md`.\n");
    text
}

/// The bundle's `README.md`: a dataset card for researchers (see
/// [`card`]), with YAML front matter that hubs and Hugging Face `datasets`
/// read (`load_dataset(folder, "facts")`).
pub fn dataset_card(corpus: &Corpus) -> String {
    card::dataset_card(corpus, &tables(corpus))
}

/// The bundle as one reproducible `.tar.gz`: every file under the folder
/// `astana-corpus-<version>/`, entries sorted (folders before their files),
/// every time set to `released` at midnight UTC, owner and group 0 with no
/// names, modes 0644 and 0755, and no absolute path. The same files and
/// date always give the same bytes.
pub fn archive(
    files: &[(String, Vec<u8>)],
    version: &str,
    released: chrono::NaiveDate,
) -> io::Result<Vec<u8>> {
    // The version names the archive and its folder: only a semantic
    // version, never a separator, a line feed or a workflow command.
    if !crate::model::is_valid_version(version) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "the manifest's version {} is not a semantic version (MAJOR.MINOR.PATCH); it names the archive, so nothing else is accepted",
                crate::escape::visible(version)
            ),
        ));
    }
    let prefix = format!("astana-corpus-{version}");
    safe_relative(&prefix).map_err(io::Error::other)?;
    let mtime = released
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
        .max(0) as u64;
    let mut entries: BTreeMap<String, Option<&[u8]>> = BTreeMap::new();
    entries.insert(format!("{prefix}/"), None);
    for (path, bytes) in files {
        let path = safe_relative(path).map_err(io::Error::other)?;
        let mut folder = String::new();
        for part in path.split('/').take(path.split('/').count() - 1) {
            folder.push_str(part);
            folder.push('/');
            entries.insert(format!("{prefix}/{folder}"), None);
        }
        entries.insert(format!("{prefix}/{path}"), Some(bytes));
    }
    let gzip = flate2::GzBuilder::new()
        .mtime(u32::try_from(mtime).unwrap_or(0))
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::best());
    let mut tar = tar::Builder::new(gzip);
    for (path, contents) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_mtime(mtime);
        header.set_uid(0);
        header.set_gid(0);
        header.set_username("")?;
        header.set_groupname("")?;
        match contents {
            None => {
                header.set_entry_type(tar::EntryType::Directory);
                header.set_mode(0o755);
                header.set_size(0);
                tar.append_data(&mut header, &path, io::empty())?;
            }
            Some(bytes) => {
                header.set_entry_type(tar::EntryType::Regular);
                header.set_mode(0o644);
                header.set_size(bytes.len() as u64);
                tar.append_data(&mut header, &path, bytes)?;
            }
        }
    }
    tar.into_inner()?.finish()
}

/// Writes a bundle into `out`, which must be absent or empty.
pub fn write_bundle(out: &Path, files: &[(String, Vec<u8>)]) -> io::Result<()> {
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is not empty: bundle writes only into a new or empty folder",
                out.display()
            ),
        ));
    }
    // Every file is written through the folder's handle: a link placed
    // anywhere below it is refused, not followed.
    let root = crate::files::Root::create(out)?;
    for (path, bytes) in files {
        safe_relative(path).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        root.write_atomic(path, bytes)?;
    }
    Ok(())
}

/// A relative path with only normal components, or an error: no `..`, no
/// root, no prefix, so joining it under a folder stays inside it.
pub fn safe_relative(path: &str) -> Result<&str, String> {
    // Checked on the text: `Path::components` silently drops `.` segments.
    let ok = !path.is_empty()
        && !path.contains('\\')
        && path
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(path)
    } else {
        Err(format!(
            "refusing the path `{path}`: only plain relative paths are written"
        ))
    }
}

/// Lowercase hexadecimal SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values serialise");
    text.push('\n');
    text.into_bytes()
}

const ANNOTATIONS_LICENSE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

/// Frictionless Tabular Data Package metadata for the CSV tables.
fn datapackage(corpus: &Corpus, tables: &[Table], files: &BTreeMap<String, Vec<u8>>) -> Value {
    let manifest = corpus.manifest();
    let resources: Vec<Value> = tables
        .iter()
        .map(|table| {
            let path = format!("csv/{}.csv", table.name);
            let bytes = &files[&path];
            let fields: Vec<Value> = table
                .columns
                .iter()
                .filter(|c| c.in_csv)
                .map(|c| {
                    let mut field = json!({
                        "name": c.name,
                        "type": match c.ty { ColumnType::String => "string", ColumnType::Integer => "integer", ColumnType::Date => "date" },
                        "description": c.full_description(),
                    });
                    if let Some(values) = c.values {
                        field["constraints"] = json!({ "enum": values() });
                    }
                    field
                })
                .collect();
            let mut schema = json!({ "fields": fields, "missingValues": [""] });
            if !table.primary_key.is_empty() {
                schema["primaryKey"] = json!(table.primary_key);
            }
            let foreign: Vec<Value> = table
                .foreign_keys
                .iter()
                .map(|fk| json!({ "fields": fk.columns, "reference": { "resource": fk.table, "fields": fk.reference } }))
                .collect();
            if !foreign.is_empty() {
                schema["foreignKeys"] = json!(foreign);
            }
            json!({
                "name": table.name,
                "path": path,
                "description": table.description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": bytes.len(),
                "hash": format!("sha256:{}", sha256(bytes)),
                "dialect": { "delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "header": true },
                "schema": schema,
            })
        })
        .collect();
    json!({
        "profile": "tabular-data-package",
        "name": manifest.name,
        "title": manifest.title,
        "description": manifest.description,
        "version": manifest.version,
        "licenses": [{
            "name": manifest.licenses.annotations,
            "path": ANNOTATIONS_LICENSE_URL,
            "title": "Annotations: Creative Commons Attribution 4.0. Article texts belong to their publishers (LICENSE-DATA.md).",
        }],
        "resources": resources,
    })
}

/// Croissant 1.0 metadata: a FileObject with sha256 per CSV, and a
/// RecordSet per table with typed fields read from its columns. Foreign
/// keys are stated in `datapackage.json` only: mlcroissant 1.1 fails to
/// iterate a record set whose fields carry `references`.
fn croissant(corpus: &Corpus, tables: &[Table], files: &BTreeMap<String, Vec<u8>>) -> Value {
    let manifest = corpus.manifest();
    let distribution: Vec<Value> = tables
        .iter()
        .map(|t| {
            let path = format!("csv/{}.csv", t.name);
            json!({
                "@type": "cr:FileObject",
                "@id": format!("{}.csv", t.name),
                "name": format!("{}.csv", t.name),
                "description": format!("The {} table as CSV.", t.name),
                "contentUrl": path,
                "encodingFormat": "text/csv",
                "sha256": sha256(&files[&path]),
            })
        })
        .collect();
    let record_sets: Vec<Value> = tables
        .iter()
        .map(|t| {
            let fields: Vec<Value> = t
                .columns
                .iter()
                .filter(|c| c.in_csv)
                .map(|c| {
                    json!({
                        "@type": "cr:Field",
                        "@id": format!("{}/{}", t.name, c.name),
                        "name": c.name,
                        "description": c.full_description(),
                        "dataType": match c.ty { ColumnType::String => "sc:Text", ColumnType::Integer => "sc:Integer", ColumnType::Date => "sc:Date" },
                        "source": { "fileObject": { "@id": format!("{}.csv", t.name) }, "extract": { "column": c.name } },
                    })
                })
                .collect();
            let mut set = json!({
                "@type": "cr:RecordSet",
                "@id": t.name,
                "name": t.name,
                "description": t.description,
                "field": fields,
            });
            if !t.primary_key.is_empty() {
                let key: Vec<Value> = t.primary_key.iter().map(|k| json!({ "@id": format!("{}/{k}", t.name) })).collect();
                set["key"] = if key.len() == 1 { key[0].clone() } else { Value::Array(key) };
            }
            set
        })
        .collect();
    let mut dataset = json!({
        "@context": croissant_context(),
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": manifest.name,
        "description": manifest.description,
        "version": manifest.version,
        "license": ANNOTATIONS_LICENSE_URL,
        "citeAs": format!("The astana-corpus developers. {} (version {}).", manifest.title, manifest.version),
        "inLanguage": ["ar", "en"],
        "keywords": ["Syria", "Astana format", "event data", "Arabic"],
        "distribution": distribution,
        "recordSet": record_sets,
    });
    // The release day from the manifest, never the clock.
    if let Some(released) = manifest.released {
        dataset["datePublished"] = json!(released.to_string());
    }
    dataset
}

/// The JSON-LD context of Croissant 1.0.
fn croissant_context() -> Value {
    json!({
        "@language": "en",
        "@vocab": "https://schema.org/",
        "citeAs": "cr:citeAs",
        "column": "cr:column",
        "conformsTo": "dct:conformsTo",
        "cr": "http://mlcommons.org/croissant/",
        "rai": "http://mlcommons.org/croissant/RAI/",
        "data": { "@id": "cr:data", "@type": "@json" },
        "dataType": { "@id": "cr:dataType", "@type": "@vocab" },
        "dct": "http://purl.org/dc/terms/",
        "equivalentProperty": "cr:equivalentProperty",
        "examples": { "@id": "cr:examples", "@type": "@json" },
        "extract": "cr:extract",
        "field": "cr:field",
        "fileProperty": "cr:fileProperty",
        "fileObject": "cr:fileObject",
        "fileSet": "cr:fileSet",
        "format": "cr:format",
        "includes": "cr:includes",
        "isLiveDataset": "cr:isLiveDataset",
        "jsonPath": "cr:jsonPath",
        "key": "cr:key",
        "md5": "cr:md5",
        "parentField": "cr:parentField",
        "path": "cr:path",
        "recordSet": "cr:recordSet",
        "references": "cr:references",
        "regex": "cr:regex",
        "repeated": "cr:repeated",
        "replace": "cr:replace",
        "samplingRate": "cr:samplingRate",
        "sc": "https://schema.org/",
        "separator": "cr:separator",
        "source": "cr:source",
        "subField": "cr:subField",
        "transform": "cr:transform",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_written() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a/./b",
            "a\\..\\b",
            "./a",
        ] {
            assert!(safe_relative(bad).is_err(), "{bad:?} accepted");
        }
        assert!(safe_relative("articles/realist-arabic/x.json").is_ok());
    }

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
