//! The tables are a lossless view of the data files.
//!
//! - The shipped corpus, exported as JSON Lines and read back, rebuilds every
//!   data file byte for byte (in canonical form), and the CSV cells are the
//!   JSONL cells once the formula escape is undone.
//! - A *maximal* corpus, in which every field of the generated JSON Schema
//!   holds a value (the test walks the schemas and fails on any field the
//!   maximal corpus leaves out), rebuilds exactly too: so every leaf field
//!   of the model reaches a column.
#![cfg(all(feature = "export", feature = "schema"))]

use std::collections::BTreeSet;

use astana_corpus::export::{rebuild, tables, Cell, ColumnType, Table};
use astana_corpus::Corpus;
use serde_json::{json, Value};

#[path = "support/maximal.rs"]
mod maximal;
use maximal::maximal;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema");

/// The tables written as JSONL and parsed back: what a reader of the files
/// gets.
fn through_jsonl(tables: Vec<Table>) -> Vec<Table> {
    tables
        .into_iter()
        .map(|mut t| {
            let text = t.to_jsonl();
            t.rows = text
                .lines()
                .map(|line| {
                    let object: serde_json::Map<String, Value> =
                        serde_json::from_str(line).unwrap();
                    t.columns
                        .iter()
                        .map(|c| match &object[c.name] {
                            Value::Null => Cell::Null,
                            Value::String(s) => Cell::Text(s.clone()),
                            Value::Number(n) => Cell::Int(n.as_i64().unwrap()),
                            other => panic!("{}.{}: {other}", t.name, c.name),
                        })
                        .collect()
                })
                .collect();
            t
        })
        .collect()
}

/// A minimal RFC 4180 reader: records of fields, quotes doubled inside
/// quoted fields, line breaks allowed in them.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut field, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    records
}

fn canonical<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap();
    text.push('\n');
    text
}

#[test]
fn the_shipped_corpus_comes_back_byte_for_byte_from_its_tables() {
    let corpus = comes_back_byte_for_byte(DATA);
    assert!(corpus.retired().is_some(), "the shipped data retires ids");
}

/// Every valid fixture too: each shows a shape of the data (a statement
/// reprinted in two articles, a month-precision date, a planned meeting…)
/// that the tables must carry.
#[test]
fn every_valid_fixture_comes_back_byte_for_byte_from_its_tables() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid");
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 6, "{dirs:?}");
    for dir in dirs {
        comes_back_byte_for_byte(dir.to_str().unwrap());
    }
}

/// Rebuilds the files of `dir` from its tables (through JSONL) and
/// compares them with the files, byte for byte.
fn comes_back_byte_for_byte(dir: &str) -> Corpus {
    let corpus = Corpus::from_dir(dir).unwrap();
    let rebuilt = rebuild(&through_jsonl(tables(&corpus))).unwrap();
    let read = |path: &str| std::fs::read_to_string(format!("{dir}/{path}")).unwrap();
    assert_eq!(canonical(&rebuilt.manifest), read("manifest.json"), "{dir}");
    assert_eq!(canonical(&rebuilt.entities), read("entities.json"), "{dir}");
    assert_eq!(rebuilt.articles.len(), corpus.articles().len(), "{dir}");
    for (path, article) in &rebuilt.articles {
        assert_eq!(&canonical(article), &read(path), "{dir}/{path}");
    }
    match &rebuilt.retired {
        Some(retired) => assert_eq!(canonical(retired), read("retired.json"), "{dir}"),
        None => assert!(corpus.retired().is_none(), "{dir}"),
    }
    corpus
}

#[test]
fn csv_cells_are_the_jsonl_cells() {
    let corpus = Corpus::from_dir(DATA).unwrap();
    for table in tables(&corpus) {
        let records = parse_csv(&table.to_csv());
        let in_csv: Vec<_> = table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.in_csv)
            .collect();
        let header: Vec<&str> = in_csv.iter().map(|(_, c)| c.name).collect();
        assert_eq!(records[0], header, "{}", table.name);
        assert_eq!(records.len() - 1, table.rows.len(), "{}", table.name);
        for (record, row) in records[1..].iter().zip(&table.rows) {
            for (field, (i, column)) in record.iter().zip(&in_csv) {
                let expected = match &row[*i] {
                    Cell::Null => String::new(),
                    Cell::Int(n) => n.to_string(),
                    Cell::Text(s) => s.clone(),
                };
                let got = match column.ty {
                    ColumnType::String => astana_corpus::escape::csv_cell_value(field),
                    _ => field.as_str(),
                };
                assert_eq!(got, expected, "{}.{}", table.name, column.name);
            }
        }
    }
}

/// Every leaf of a schema: `facts[].evidence[].prefix`, with the variant of
/// a tagged union in braces (`facts[]{meeting}.round`).
fn schema_leaves(schema: &Value, root: &Value, path: String, out: &mut BTreeSet<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/$defs/");
        return schema_leaves(&root["$defs"][name], root, path, out);
    }
    if let Some(alternatives) = schema
        .get("oneOf")
        .or(schema.get("anyOf"))
        .and_then(Value::as_array)
    {
        for alternative in alternatives {
            if alternative.get("type") == Some(&json!("null")) {
                continue;
            }
            let tag = alternative
                .pointer("/properties/kind/const")
                .and_then(Value::as_str)
                .map_or(String::new(), |k| format!("{{{k}}}"));
            schema_leaves(alternative, root, format!("{path}{tag}"), out);
        }
        return;
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            if name == "kind" && property.get("const").is_some() {
                continue;
            }
            let at = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            schema_leaves(property, root, at, out);
        }
        return;
    }
    if let Some(items) = schema.get("items") {
        return schema_leaves(items, root, format!("{path}[]"), out);
    }
    out.insert(path);
}

/// Every leaf a document holds, named as [`schema_leaves`] names them.
fn value_leaves(value: &Value, path: String, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            let tag = map
                .get("kind")
                .and_then(Value::as_str)
                .filter(|_| map.contains_key("evidence"))
                .map_or(String::new(), |k| format!("{{{k}}}"));
            for (name, v) in map {
                if !tag.is_empty() && name == "kind" {
                    continue;
                }
                let at = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}{tag}.{name}")
                };
                value_leaves(v, at, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                value_leaves(item, format!("{path}[]"), out);
            }
        }
        _ => {
            out.insert(path);
        }
    }
}

fn schema_of(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{SCHEMA}/{name}.schema.json")).unwrap())
        .unwrap()
}

#[test]
fn every_field_of_the_schema_reaches_a_column() {
    let (manifest, entities, article, retired) = maximal();
    for (name, document) in [
        ("manifest", &manifest),
        ("entities", &entities),
        ("article", &article),
        ("retired", &retired),
    ] {
        let schema = schema_of(name);
        let mut wanted = BTreeSet::new();
        schema_leaves(&schema, &schema, String::new(), &mut wanted);
        let mut held = BTreeSet::new();
        value_leaves(document, String::new(), &mut held);
        let missing: Vec<_> = wanted.difference(&held).collect();
        assert!(
            missing.is_empty(),
            "{name}: the maximal document of this test leaves out {missing:?}; give it a value here and a column in export.rs"
        );
    }
    let text = |v: &Value| serde_json::to_string_pretty(v).unwrap();
    let corpus = Corpus::from_files([
        ("manifest.json", text(&manifest).as_str()),
        ("entities.json", text(&entities).as_str()),
        ("retired.json", text(&retired).as_str()),
        ("articles/e/a.json", text(&article).as_str()),
    ])
    .unwrap();
    let rebuilt = rebuild(&through_jsonl(tables(&corpus))).unwrap();
    assert_eq!(&rebuilt.manifest, corpus.manifest());
    assert_eq!(rebuilt.entities.entities, corpus.entities());
    assert_eq!(rebuilt.articles.len(), 1);
    assert_eq!(rebuilt.articles[0].0, "articles/e/a.json");
    assert_eq!(&rebuilt.articles[0].1, &corpus.articles()[0]);
    assert_eq!(rebuilt.retired.as_ref(), corpus.retired());
}

/// Parquet read back with arrow-rs: every cell equals the table's cell (and
/// so the CSV's), with the declared types.
#[cfg(feature = "parquet")]
#[test]
fn parquet_rows_are_the_csv_rows_with_declared_types() {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Date32Type, Int32Type, Int64Type};
    use arrow_array::Array;
    use arrow_schema::DataType;
    use astana_corpus::export::parquet::{to_parquet, Codec};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let corpus = Corpus::from_dir(DATA).unwrap();
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    for table in tables(&corpus) {
        let bytes = to_parquet(&table, Codec::Snappy).unwrap();
        assert_eq!(
            bytes,
            to_parquet(&table, Codec::Snappy).unwrap(),
            "{}: not deterministic",
            table.name
        );
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
            .unwrap()
            .build()
            .unwrap();
        let mut row = 0;
        for batch in reader {
            let batch = batch.unwrap();
            for r in 0..batch.num_rows() {
                for (c, column) in table.columns.iter().enumerate() {
                    let array = batch.column(c);
                    let expected = &table.rows[row][c];
                    let got = if array.is_null(r) {
                        Cell::Null
                    } else {
                        match array.data_type() {
                            DataType::Int64 => {
                                Cell::Int(array.as_primitive::<Int64Type>().value(r))
                            }
                            DataType::Date32 => {
                                let days = array.as_primitive::<Date32Type>().value(r);
                                Cell::Text(
                                    (epoch + chrono::Duration::days(days.into()))
                                        .format("%Y-%m-%d")
                                        .to_string(),
                                )
                            }
                            DataType::Dictionary(..) => {
                                let dict = array.as_dictionary::<Int32Type>();
                                let values = dict.values().as_string::<i32>();
                                Cell::Text(values.value(dict.keys().value(r) as usize).to_owned())
                            }
                            DataType::Utf8 => {
                                Cell::Text(array.as_string::<i32>().value(r).to_owned())
                            }
                            other => panic!("{}.{}: {other}", table.name, column.name),
                        }
                    };
                    assert_eq!(&got, expected, "{}.{} row {row}", table.name, column.name);
                    let declared = match column.ty {
                        ColumnType::Integer => matches!(array.data_type(), DataType::Int64),
                        ColumnType::Date => matches!(array.data_type(), DataType::Date32),
                        _ if column.values.is_some() => {
                            matches!(array.data_type(), DataType::Dictionary(..))
                        }
                        _ => matches!(array.data_type(), DataType::Utf8),
                    };
                    assert!(
                        declared,
                        "{}.{}: {}",
                        table.name,
                        column.name,
                        array.data_type()
                    );
                }
                row += 1;
            }
            // Nullable exactly where a cell is empty.
            for (c, field) in batch.schema().fields().iter().enumerate() {
                let empty = table.rows.iter().any(|r| r[c] == Cell::Null);
                assert_eq!(
                    field.is_nullable(),
                    empty,
                    "{}.{}",
                    table.name,
                    field.name()
                );
            }
        }
        assert_eq!(row, table.rows.len(), "{}", table.name);
    }
}
