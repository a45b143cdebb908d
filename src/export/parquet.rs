//! The tables as Parquet (behind the `parquet` feature): the record batches
//! of [`super::arrow`], one row group per file. The file carries the
//! `pandas` metadata, so that pandas reads integers as nullable `Int64`.
//! The bytes are deterministic: the same tables always give the same file.

use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::Table;

/// How the Parquet pages are compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Codec {
    /// Snappy (the default of most Parquet writers).
    Snappy,
    /// No compression.
    None,
}

/// The table as one Parquet file, one row group.
pub fn to_parquet(table: &Table, codec: Codec) -> Result<Vec<u8>, String> {
    let batch = super::arrow::record_batch(table)?;
    let schema = batch.schema();
    let properties = WriterProperties::builder()
        .set_created_by(format!("astana-corpus {}", crate::DATA_VERSION))
        .set_compression(match codec {
            Codec::Snappy => Compression::SNAPPY,
            Codec::None => Compression::UNCOMPRESSED,
        })
        .build();
    let mut out = Vec::new();
    let mut writer =
        ArrowWriter::try_new(&mut out, schema, Some(properties)).map_err(|e| e.to_string())?;
    writer.write(&batch).map_err(|e| e.to_string())?;
    writer.close().map_err(|e| e.to_string())?;
    Ok(out)
}
