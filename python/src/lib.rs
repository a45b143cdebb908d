//! The native half of the Python package `astana_corpus`: the crate's
//! corpus, meetings and validator behind a small surface of functions
//! that hand JSON to the Python half (`astana_corpus/__init__.py`), which
//! turns it into typed, frozen records. JSON keeps the boundary one
//! format, the same the data files and `validate --format json` use, and
//! the records' shapes are the data contract's, not a second one.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use arrow_array::ffi::FFI_ArrowSchema;
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{Array, RecordBatch, RecordBatchIterator};

use astana_corpus::corpus::{Corpus, CorpusMeeting, Resolved};
use astana_corpus::escape;
use astana_corpus::export::{self, Cell};
use astana_corpus::meetings::Identity;
use astana_corpus::model::FactKind;
use astana_corpus::validate::distributed::{self, FileSummary, Head};
use astana_corpus::validate::{self, render, Finding, Limits, Suppressed};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use serde_json::{json, Value};

// See Cargo.toml: the same allocator as the binary, so that `validate()`
// runs at the binary's speed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A `ValueError` whose message is text from the library, which names
/// files and values from a data folder: one line, with every control,
/// line break and bidirectional character made visible, as the command
/// line prints its errors. A raw newline there could forge a line in a
/// CI log (`::error ...`).
fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(escape::terminal_line(&e.to_string()).into_owned())
}

/// An `OSError` from the library's safe reader, escaped as [`value_error`].
fn os_error(e: impl std::fmt::Display) -> PyErr {
    PyOSError::new_err(escape::terminal_line(&e.to_string()).into_owned())
}

/// A corpus: the one embedded in the package, or one read from a data
/// folder through the crate's safe reader.
#[pyclass(frozen, module = "astana_corpus._native", name = "NativeCorpus")]
struct NativeCorpus {
    held: Held,
    /// The tidy tables, made on the first `table` call and kept, so that
    /// every table handed out shares its buffers.
    tables: OnceLock<Vec<Arc<NativeTableData>>>,
}

enum Held {
    Embedded(&'static Corpus),
    Read(Box<Corpus>),
}

impl NativeCorpus {
    fn new(held: Held) -> NativeCorpus {
        NativeCorpus {
            held,
            tables: OnceLock::new(),
        }
    }

    fn corpus(&self) -> &Corpus {
        match &self.held {
            Held::Embedded(c) => c,
            Held::Read(c) => c,
        }
    }

    fn tables(&self) -> PyResult<&[Arc<NativeTableData>]> {
        if let Some(tables) = self.tables.get() {
            return Ok(tables);
        }
        let made = export::tables(self.corpus())
            .into_iter()
            .map(|table| {
                let batch = export::arrow::record_batch(&table)
                    .map_err(|e| value_error(format!("table {}: {e}", table.name)))?;
                Ok(Arc::new(NativeTableData { table, batch }))
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok(self.tables.get_or_init(|| made))
    }
}

/// One tidy table: its rows as the exports make them, and the same rows as
/// an Arrow record batch.
struct NativeTableData {
    table: export::Table,
    batch: RecordBatch,
}

/// A tidy table, handed to Arrow readers through the Arrow PyCapsule
/// interface without copying its buffers.
#[pyclass(frozen, module = "astana_corpus._native", name = "NativeTable")]
struct NativeTable {
    data: Arc<NativeTableData>,
}

#[pymethods]
impl NativeTable {
    /// The table's name (`facts`, `participants`, ...).
    #[getter]
    fn name(&self) -> &'static str {
        self.data.table.name
    }

    /// What one row is.
    #[getter]
    fn description(&self) -> &'static str {
        self.data.table.description
    }

    /// The column names, in order.
    #[getter]
    fn columns(&self) -> Vec<&'static str> {
        self.data.table.columns.iter().map(|c| c.name).collect()
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.data.batch.num_rows()
    }

    /// The Arrow schema, as an `arrow_schema` capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema =
            FFI_ArrowSchema::try_from(self.data.batch.schema().as_ref()).map_err(value_error)?;
        PyCapsule::new_with_value(py, schema, c"arrow_schema")
    }

    /// The rows as an Arrow stream of one record batch, as an
    /// `arrow_array_stream` capsule. The batch's buffers are shared, not
    /// copied; a requested schema is not applied (the interface allows
    /// that), so a reader that needs another one casts.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let batch = self.data.batch.clone();
        let schema = batch.schema();
        let reader = RecordBatchIterator::new([Ok(batch)], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// The address of every buffer of every column, dictionaries' values
    /// included, in order: what a reader that copies nothing points at.
    fn buffer_addresses(&self) -> Vec<usize> {
        fn walk_data(data: &arrow_data::ArrayData, out: &mut Vec<usize>) {
            if let Some(nulls) = data.nulls() {
                out.push(nulls.buffer().as_ptr() as usize);
            }
            out.extend(data.buffers().iter().map(|b| b.as_ptr() as usize));
            for child in data.child_data() {
                walk_data(child, out);
            }
        }
        let mut out = Vec::new();
        for column in self.data.batch.columns() {
            walk_data(&column.to_data(), &mut out);
        }
        out
    }

    /// The columns as JSON, for readers without Arrow:
    /// `{"columns": [{"name", "type"}], "data": [[values of a column]]}`,
    /// where a type is `integer`, `date`, `category` or `string` and an
    /// empty cell is `null`.
    fn columns_json(&self) -> PyResult<String> {
        let table = &self.data.table;
        let columns: Vec<Value> = table
            .columns
            .iter()
            .map(|c| json!({ "name": c.name, "type": c.storage().as_str() }))
            .collect();
        let data: Vec<Vec<Value>> = (0..table.columns.len())
            .map(|i| {
                table
                    .rows
                    .iter()
                    .map(|row| match &row[i] {
                        Cell::Text(s) => Value::from(s.as_str()),
                        Cell::Int(n) => Value::from(*n),
                        Cell::Null => Value::Null,
                    })
                    .collect()
            })
            .collect();
        to_json(&json!({ "columns": columns, "data": data }))
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(value_error)
}

#[pymethods]
impl NativeCorpus {
    /// The corpus embedded in the package.
    #[staticmethod]
    fn embedded() -> PyResult<NativeCorpus> {
        Corpus::try_embedded()
            .map(|c| NativeCorpus::new(Held::Embedded(c)))
            .map_err(value_error)
    }

    /// The corpus of the data folder `path`, read as the tool reads it.
    #[staticmethod]
    fn from_dir(path: PathBuf) -> PyResult<NativeCorpus> {
        Corpus::from_dir(&path)
            .map(|c| NativeCorpus::new(Held::Read(Box::new(c))))
            .map_err(value_error)
    }

    /// The names of the tidy tables, in the exports' order.
    fn table_names(&self) -> Vec<&'static str> {
        export::catalog().iter().map(|t| t.name).collect()
    }

    /// The tidy table `name`, as the exports make it.
    fn table(&self, name: &str) -> PyResult<NativeTable> {
        // An unknown name is told without building every table first.
        let names = self.table_names();
        let Some(position) = names.iter().position(|&known| known == name) else {
            return Err(value_error(format!(
                "unknown table {name:?}: one of {}",
                names.join(", ")
            )));
        };
        // The tables are made in the catalog's order.
        Ok(NativeTable {
            data: Arc::clone(&self.tables()?[position]),
        })
    }

    /// The manifest, as JSON.
    fn manifest_json(&self) -> PyResult<String> {
        to_json(self.corpus().manifest())
    }

    /// Every article, as a JSON array of the data files' documents.
    fn articles_json(&self) -> PyResult<String> {
        to_json(&self.corpus().articles())
    }

    /// Every entity of the registry, as a JSON array.
    fn entities_json(&self) -> PyResult<String> {
        to_json(&self.corpus().entities())
    }

    /// The meetings, each merged from every fact that mentions it, as a
    /// JSON array.
    fn meetings_json(&self) -> PyResult<String> {
        let meetings: Vec<Value> = self.corpus().meetings().iter().map(meeting).collect();
        to_json(&meetings)
    }

    /// The global ids (`<article>#<fact>`) of the facts that name the
    /// entity `id`, in corpus order.
    fn facts_mentioning(&self, id: &str) -> Vec<String> {
        self.corpus()
            .facts_mentioning(id)
            .map(|f| f.global_id())
            .collect()
    }

    /// What `id` is now: `{"status": "live"|"replaced"|"retired", "id", ...}`.
    fn resolve_json(&self, id: &str) -> PyResult<String> {
        let value = match self.corpus().resolve(id) {
            Resolved::Live(id) => json!({ "status": "live", "id": id }),
            Resolved::Replaced { by, last } => {
                json!({ "status": "replaced", "id": by, "retirement": last })
            }
            Resolved::Retired(last) => {
                json!({ "status": "retired", "id": id, "retirement": last })
            }
            _ => {
                return Err(value_error(format!(
                    "{id}: resolved to a state this version of the package does not know"
                )))
            }
        };
        to_json(&value)
    }
}

/// A merged meeting as the Python records read it.
fn meeting(m: &CorpusMeeting<'_>) -> Value {
    let ids = |entries: &[astana_corpus::corpus::MeetingEntry<'_>]| -> Vec<String> {
        entries.iter().map(|e| e.global_id()).collect()
    };
    json!({
        "id": m.id(),
        "series": m.series.as_str(),
        "round": match &m.identity { Identity::Round(r) => Some(*r), _ => None },
        "key": match &m.identity { Identity::Key(k) => Some(k.as_str()), _ => None },
        "modality": m.modality,
        "articles": m.articles,
        "date": m.date.as_ref().map(|d| json!({ "value": d.value, "attested_by": ids(&d.attested_by) })),
        "venue": m.venue.as_ref().map(|v| json!({ "value": v.value.as_str(), "attested_by": ids(&v.attested_by) })),
        "participants": m.participants.iter().map(|p| json!({
            "entity": p.value.entity.as_str(),
            "role": p.value.role,
            "attested_by": ids(&p.attested_by),
        })).collect::<Vec<_>>(),
        "mentions": ids(&m.mentions),
    })
}

/// The validator split for engines that spread files over machines
/// (`astana_corpus::validate::distributed`): a head read once, a check
/// per article file, and a merge of the articles' summaries.
#[pyclass(frozen, module = "astana_corpus._native", name = "NativeHead")]
struct NativeHead {
    /// Taken by the merge, which consumes the head.
    head: std::sync::Mutex<Option<Head>>,
    documents: Vec<(String, Vec<u8>)>,
    articles: Vec<String>,
    fingerprint: String,
}

impl NativeHead {
    fn of(head: Head) -> NativeHead {
        NativeHead {
            documents: head
                .documents()
                .map(|(name, bytes)| (name.to_owned(), bytes.to_vec()))
                .collect(),
            articles: head.articles().to_vec(),
            fingerprint: head.fingerprint().to_owned(),
            head: std::sync::Mutex::new(Some(head)),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&Head) -> PyResult<T>) -> PyResult<T> {
        let held = self
            .head
            .lock()
            .map_err(|_| PyValueError::new_err("the head is unusable after a failed call"))?;
        match held.as_ref() {
            Some(head) => f(head),
            None => Err(PyValueError::new_err("this head was merged; read it again")),
        }
    }
}

fn findings_json(findings: &[Finding], suppressed: &[Suppressed]) -> PyResult<String> {
    let paths = render::Paths { root: "" };
    to_json(&json!({
        "findings": findings.iter().map(|f| render::finding_json(f, &paths)).collect::<Vec<_>>(),
        "suppressed": suppressed
            .iter()
            .map(|s| json!({ "file": s.file, "rule": s.rule.id(), "count": s.count }))
            .collect::<Vec<_>>(),
    }))
}

#[pymethods]
impl NativeHead {
    /// Reads the head files of the data folder `path` and lists its articles.
    #[staticmethod]
    fn read(path: PathBuf) -> PyResult<NativeHead> {
        Head::read(&path, &Limits::default())
            .map(NativeHead::of)
            .map_err(os_error)
    }

    /// The same head from the bytes of its files, on a worker.
    #[staticmethod]
    fn from_documents(documents: Vec<(String, Vec<u8>)>) -> PyResult<NativeHead> {
        let borrowed: Vec<(&str, &[u8])> = documents
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
            .collect();
        Head::from_documents(&borrowed, &Limits::default())
            .map(NativeHead::of)
            .map_err(value_error)
    }

    /// The head files, as (file, bytes), to ship to the workers.
    fn documents(&self) -> Vec<(String, Vec<u8>)> {
        self.documents.clone()
    }

    /// The article files of the folder, relative to it, sorted.
    fn articles(&self) -> Vec<String> {
        self.articles.clone()
    }

    /// The head's fingerprint, which every summary carries.
    #[getter]
    fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    /// Checks the article file `file` of the data folder `path`:
    /// (`{"findings", "suppressed"}` as JSON, the summary as JSON).
    fn check_article_in(&self, path: PathBuf, file: &str) -> PyResult<(String, String)> {
        self.with(|head| {
            let check = head.check_article_in(&path, file).map_err(os_error)?;
            Ok((
                findings_json(&check.findings, &check.suppressed)?,
                to_json(&check.summary)?,
            ))
        })
    }

    /// Merges every article's summary (JSON, any order), locates the
    /// cross-file findings in the files of `path`, and returns
    /// `{"findings", "suppressed", "summary"}` as JSON. Consumes the head.
    fn merge(&self, path: PathBuf, summaries: Vec<String>) -> PyResult<String> {
        let summaries = summaries
            .iter()
            .map(|s| serde_json::from_str::<FileSummary>(s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| value_error(format!("a summary is not one: {e}")))?;
        let head = self
            .head
            .lock()
            .map_err(|_| PyValueError::new_err("the head is unusable after a failed call"))?
            .take()
            .ok_or_else(|| PyValueError::new_err("this head was merged; read it again"))?;
        let mut merged = head.merge(summaries).map_err(value_error)?;
        let limits = Limits::default();
        let mut located = Vec::new();
        for (file, unlocated) in std::mem::take(&mut merged.unlocated) {
            let bytes = validate::read_checked(&path, &file, &limits).unwrap_or_default();
            located.extend(distributed::locate(&file, &bytes, unlocated));
        }
        let report = merged.into_report(located, Vec::new());
        let mut out: Value =
            serde_json::from_str(&findings_json(&report.findings, &report.suppressed)?)
                .map_err(value_error)?;
        out["summary"] = json!({
            "files": report.files,
            "articles": report.articles,
            "facts": report.facts,
            "entities": report.entities,
        });
        to_json(&out)
    }
}

/// Each rule's id and severity (`error` or `warning`).
#[pyfunction]
fn rule_severities() -> Vec<(&'static str, &'static str)> {
    validate::Rule::ALL
        .iter()
        .map(|r| (r.id(), r.severity().as_str()))
        .collect()
}

/// The kinds of fact, by their names in the data.
#[pyfunction]
fn fact_kinds() -> Vec<&'static str> {
    FactKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// Validates the data folder `path` and returns the report in `format`:
/// `json` (what `validate --format json` prints, with files relative to
/// the folder) or `sarif`.
#[pyfunction]
#[pyo3(signature = (path, format = "json"))]
fn validate_report(path: PathBuf, format: &str) -> PyResult<String> {
    let report = validate::validate_dir(&path).map_err(os_error)?;
    rendered(&report, format)
}

/// The report in `format`, `json` or `sarif`, with files relative to the
/// data folder.
fn rendered(report: &validate::Report, format: &str) -> PyResult<String> {
    let paths = render::Paths { root: "" };
    match format {
        "json" => Ok(render::json(report, &paths)),
        "sarif" => Ok(render::sarif(report, &paths)),
        other => Err(PyValueError::new_err(format!(
            "unknown report format {other:?}: use \"json\" or \"sarif\""
        ))),
    }
}

/// A report as JSON (what `validate --format json` prints, or one
/// assembled from a distributed run) rendered again in `format`, `json`
/// or `sarif`, without validating again.
#[pyfunction]
fn render_report(report_json: &str, format: &str) -> PyResult<String> {
    let report =
        render::parse_json(report_json).map_err(|e| value_error(format!("not a report: {e}")))?;
    rendered(&report, format)
}

/// Runs the command-line tool on `argv` (the program name first), in this
/// process, and returns its exit code.
#[pyfunction]
fn main(argv: Vec<String>) -> u8 {
    use std::io::IsTerminal;
    let terminal = astana_corpus_cli::Terminal {
        stdout: std::io::stdout().is_terminal(),
        stderr: std::io::stderr().is_terminal(),
    };
    astana_corpus_cli::exit_code(
        argv,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr(),
        terminal,
    )
}

/// The module `astana_corpus._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeCorpus>()?;
    m.add_class::<NativeHead>()?;
    m.add_class::<NativeTable>()?;
    m.add_function(wrap_pyfunction!(fact_kinds, m)?)?;
    m.add_function(wrap_pyfunction!(rule_severities, m)?)?;
    m.add_function(wrap_pyfunction!(validate_report, m)?)?;
    m.add_function(wrap_pyfunction!(render_report, m)?)?;
    m.add_function(wrap_pyfunction!(main, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
