//! Tidy tables for researchers, as CSV or JSONL: `articles`, `facts`,
//! `participants`, `entities` and `evidence`, the dates, lists and links
//! that complete them, and the meetings merged across articles. One
//! definition of each table (its columns, their types and meanings, its
//! keys) serves the CSV and JSONL writers and the Frictionless and
//! Croissant metadata.
//!
//! The tables are a lossless view of the data files: every field of the
//! model lands in a column ([`rebuild`] reads them back into the files, and
//! the tests walk the generated schema to prove no field is left out).

use std::fmt::Write as _;

use crate::Corpus;

#[cfg(feature = "arrow")]
pub mod arrow;
mod catalog;
#[cfg(feature = "parquet")]
pub mod parquet;
mod rebuild;
mod rows;
pub use rebuild::{rebuild, Rebuilt};

/// The type of a column; one type per column, whatever the row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ColumnType {
    /// Text (including partial dates such as `2017-01`).
    String,
    /// A whole number.
    Integer,
    /// A calendar day, `YYYY-MM-DD` in CSV and JSONL, a date in Parquet.
    Date,
}

/// One column of a table.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The header name.
    pub name: &'static str,
    /// The value type.
    pub ty: ColumnType,
    /// What the column means, without the list of its values.
    pub description: &'static str,
    /// The values the column takes, when they come from a vocabulary of the
    /// model: listed from the model's own `ALL`, never by hand.
    pub values: Option<fn() -> Vec<&'static str>>,
    /// Whether the column is in the CSV table (the article body is JSONL only).
    pub in_csv: bool,
}

impl Column {
    /// The description, with the values the column takes when it has a
    /// vocabulary ("One of: day, month, year, unknown.").
    pub fn full_description(&self) -> String {
        match self.values {
            Some(values) => format!("{} One of: {}.", self.description, values().join(", ")),
            None => self.description.to_owned(),
        }
    }
}

/// How a column is stored where tables are typed (Arrow, Parquet, pandas,
/// the Python package): decided once here from its type and whether it
/// has a vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Storage {
    /// 64-bit integers.
    Integer,
    /// Calendar days.
    Date,
    /// Text from a vocabulary: dictionary-encoded, a categorical.
    Category,
    /// Other text.
    Text,
}

impl Storage {
    /// Its name where a reader without Arrow is told (`columns_json`).
    pub fn as_str(self) -> &'static str {
        match self {
            Storage::Integer => "integer",
            Storage::Date => "date",
            Storage::Category => "category",
            Storage::Text => "string",
        }
    }
}

impl Column {
    /// How the column is stored in a typed table.
    pub fn storage(&self) -> Storage {
        match (self.ty, self.values.is_some()) {
            (ColumnType::Integer, _) => Storage::Integer,
            (ColumnType::Date, _) => Storage::Date,
            (ColumnType::String, true) => Storage::Category,
            (ColumnType::String, false) => Storage::Text,
        }
    }
}

/// A foreign key: these columns refer to the key of another table.
#[derive(Clone, Copy, Debug)]
pub struct ForeignKey {
    /// Columns of this table.
    pub columns: &'static [&'static str],
    /// The table referred to.
    pub table: &'static str,
    /// Its key columns.
    pub reference: &'static [&'static str],
}

/// A cell: text, a number, or absent (an empty CSV cell, a JSON `null`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// No value.
    Null,
}

/// A table with its rows, in a deterministic order.
#[derive(Clone, Debug)]
pub struct Table {
    /// The table name, which is also the file stem (`facts.csv`).
    pub name: &'static str,
    /// What one row is.
    pub description: &'static str,
    /// The columns, in file order.
    pub columns: &'static [Column],
    /// The columns that identify a row, if any.
    pub primary_key: &'static [&'static str],
    /// References to other tables.
    pub foreign_keys: &'static [ForeignKey],
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

/// The tables of the corpus, in file order: the files and manifest, the
/// five of the design card with the dates they refer to, the entity
/// registry's lists, the links, inferences and text notes, then the
/// meetings merged across articles.
///
/// Together the tables hold every value of every data file:
/// [`rebuild`] turns them back into the files, byte for byte
/// in canonical form. Only `meetings` and `meeting_attestations`, and the
/// convenience columns `published_*`, `date_*` and the counts, are derived.
pub fn tables(corpus: &Corpus) -> Vec<Table> {
    tables_with_progress(corpus, &())
}

/// The tables' definitions with no rows, in the order of [`tables`]:
/// their names, columns and keys, without reading a corpus.
pub fn catalog() -> Vec<Table> {
    catalog::assemble(rows::Rows::default())
}

/// [`tables`], telling `progress` how many articles there are and then
/// each one as its rows are made.
pub fn tables_with_progress(corpus: &Corpus, progress: &dyn crate::Progress) -> Vec<Table> {
    catalog::assemble(rows::fill(corpus, progress))
}

impl Table {
    /// The table as CSV: a header row, then one line per row, UTF-8, `\n`
    /// line ends, fields quoted only when they must be (RFC 4180), absent
    /// values as empty cells. Text that a spreadsheet would run as a formula
    /// gets a leading `'` ([`crate::escape::csv_cell`]).
    pub fn to_csv(&self) -> String {
        let keep: Vec<usize> = (0..self.columns.len())
            .filter(|&i| self.columns[i].in_csv)
            .collect();
        let mut out = String::new();
        let header: Vec<String> = keep
            .iter()
            .map(|&i| csv_field(self.columns[i].name))
            .collect();
        out.push_str(&header.join(","));
        out.push('\n');
        for row in &self.rows {
            let cells: Vec<String> = keep
                .iter()
                .map(|&i| match &row[i] {
                    Cell::Text(s) => csv_field(&crate::escape::csv_cell(s)),
                    Cell::Int(n) => n.to_string(),
                    Cell::Null => String::new(),
                })
                .collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }

    /// The table as JSON Lines: one object per row with every column,
    /// numbers as numbers and absent values as `null`.
    pub fn to_jsonl(&self) -> String {
        let mut out = String::new();
        for row in &self.rows {
            // Written by hand to keep keys in column order.
            out.push('{');
            for (i, (column, cell)) in self.columns.iter().zip(row).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let value = match cell {
                    Cell::Text(s) => serde_json::Value::String(s.clone()),
                    Cell::Int(n) => serde_json::Value::from(*n),
                    Cell::Null => serde_json::Value::Null,
                };
                let _ = write!(out, "{}:{value}", serde_json::Value::from(column.name));
            }
            out.push_str("}\n");
        }
        out
    }
}

/// A CSV field, quoted when it contains a comma, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_it_must() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("أستانا"), "أستانا");
    }

    #[test]
    fn the_catalog_is_the_tables_without_rows() {
        let made = tables(Corpus::embedded());
        let catalog = catalog();
        assert_eq!(catalog.len(), made.len());
        for (empty, full) in catalog.iter().zip(&made) {
            assert_eq!(empty.name, full.name);
            assert!(empty.rows.is_empty(), "{}", empty.name);
            let columns = |t: &Table| {
                t.columns
                    .iter()
                    .map(|c| (c.name, c.storage()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(columns(empty), columns(full), "{}", empty.name);
        }
        // Each storage follows from the type and the vocabulary alone.
        let facts = made.iter().find(|t| t.name == "facts").unwrap();
        let storage = |name: &str| {
            facts
                .columns
                .iter()
                .find(|c| c.name == name)
                .unwrap()
                .storage()
        };
        assert_eq!(storage("kind"), Storage::Category);
        assert_eq!(storage("fact_id"), Storage::Text);
        assert!(made
            .iter()
            .flat_map(|t| t.columns)
            .any(|c| c.storage() == Storage::Integer));
        assert!(made
            .iter()
            .flat_map(|t| t.columns)
            .any(|c| c.storage() == Storage::Date));
    }

    #[test]
    fn every_row_has_every_column_and_one_type_per_column() {
        for table in tables(Corpus::embedded()) {
            for row in &table.rows {
                assert_eq!(row.len(), table.columns.len(), "{}", table.name);
                for (column, cell) in table.columns.iter().zip(row) {
                    let ok = matches!(
                        (column.ty, cell),
                        (_, Cell::Null)
                            | (ColumnType::String | ColumnType::Date, Cell::Text(_))
                            | (ColumnType::Integer, Cell::Int(_))
                    );
                    assert!(ok, "{}.{}: {cell:?}", table.name, column.name);
                }
            }
        }
    }
}
