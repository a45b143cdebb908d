//! The tables as Arrow record batches (behind the `arrow` feature), the one
//! typed, columnar form that Parquet files and the Python package's
//! `Corpus.table` share: integers as 64-bit integers, `Date` columns as
//! `date32`, columns whose values come from a vocabulary as
//! dictionary-encoded strings, other text as strings. A column is nullable
//! exactly when some row leaves it empty (the CSV's empty cells). The
//! schema carries the `pandas` metadata, so that pandas reads integers as
//! nullable `Int64`.

use std::sync::Arc;

use arrow_array::builder::StringDictionaryBuilder;
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, Date32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};

use super::{Cell, Storage, Table};

/// Days from 1970-01-01 to `YYYY-MM-DD`, as Arrow's `date32` counts them.
fn days(text: &str) -> Result<i32, String> {
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| format!("`{text}` is not a day: {e}"))?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    i32::try_from((day - epoch).num_days()).map_err(|_| format!("`{text}` is out of range"))
}

/// The Arrow schema of a table: one field per column, in order.
pub fn schema(table: &Table) -> Schema {
    let fields: Vec<Field> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let nullable = table.rows.iter().any(|r| r[i] == Cell::Null);
            let ty = match c.storage() {
                Storage::Integer => DataType::Int64,
                Storage::Date => DataType::Date32,
                Storage::Category => {
                    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
                }
                Storage::Text => DataType::Utf8,
            };
            Field::new(c.name, ty, nullable)
        })
        .collect();
    let metadata = [("pandas".to_owned(), pandas_metadata(table))];
    Schema::new(fields).with_metadata(std::collections::BTreeMap::from(metadata))
}

/// The `pandas` key that pandas itself writes, so that `pd.read_parquet`
/// gives every integer column the nullable `Int64` dtype (a `round` read
/// as float64 would print `20.0` and lose the difference between no round
/// and a round), dates as `datetime.date` and vocabularies as categoricals.
/// Readers other than pandas ignore it.
fn pandas_metadata(table: &Table) -> String {
    let columns: Vec<serde_json::Value> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (pandas_type, numpy_type, metadata) = match c.storage() {
                Storage::Integer => ("int64", "Int64", serde_json::Value::Null),
                Storage::Date => ("date", "object", serde_json::Value::Null),
                Storage::Category => {
                    let mut distinct: Vec<&str> = table
                        .rows
                        .iter()
                        .filter_map(|r| match &r[i] {
                            Cell::Text(s) => Some(s.as_str()),
                            _ => None,
                        })
                        .collect();
                    distinct.sort_unstable();
                    distinct.dedup();
                    (
                        "categorical",
                        "int32",
                        serde_json::json!({"num_categories": distinct.len(), "ordered": false}),
                    )
                }
                Storage::Text => ("unicode", "object", serde_json::Value::Null),
            };
            serde_json::json!({
                "name": c.name,
                "field_name": c.name,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": metadata,
            })
        })
        .collect();
    serde_json::json!({
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "creator": {"library": "astana-corpus", "version": crate::DATA_VERSION},
    })
    .to_string()
}

/// The table as one record batch: its rows, typed as [`schema`] says.
pub fn record_batch(table: &Table) -> Result<RecordBatch, String> {
    let schema = Arc::new(schema(table));
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(table.columns.len());
    for (i, field) in schema.fields().iter().enumerate() {
        let cells = table.rows.iter().map(|r| &r[i]);
        let text = |cell: &Cell| match cell {
            Cell::Text(s) => Ok(Some(s.clone())),
            Cell::Null => Ok(None),
            Cell::Int(n) => Err(format!("{}.{}: a number, {n}", table.name, field.name())),
        };
        let array: ArrayRef = match field.data_type() {
            DataType::Int64 => Arc::new(
                cells
                    .map(|c| match c {
                        Cell::Int(n) => Ok(Some(*n)),
                        Cell::Null => Ok(None),
                        Cell::Text(s) => {
                            Err(format!("{}.{}: text, {s:?}", table.name, field.name()))
                        }
                    })
                    .collect::<Result<Int64Array, String>>()?,
            ),
            DataType::Date32 => Arc::new(
                cells
                    .map(|c| text(c)?.map(|s| days(&s)).transpose())
                    .collect::<Result<Date32Array, String>>()?,
            ),
            DataType::Dictionary(..) => {
                let mut builder = StringDictionaryBuilder::<Int32Type>::new();
                for c in cells {
                    match text(c)? {
                        Some(s) => {
                            builder.append_value(s);
                        }
                        None => builder.append_null(),
                    }
                }
                Arc::new(builder.finish())
            }
            _ => Arc::new(cells.map(text).collect::<Result<StringArray, String>>()?),
        };
        arrays.push(array);
    }
    RecordBatch::try_new(schema, arrays).map_err(|e| e.to_string())
}
