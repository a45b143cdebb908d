//! The validator: every rule of the data contract over a data folder, all
//! findings in one run, each located at file, line and column.
//!
//! Per file, through the one safe reader: a valid document is read into
//! the types in one pass that also proves the schema's and the text rules'
//! constraints (`strict`, `fast`). Any other document is explained: JSON
//! syntax, the schema version, the generated JSON Schema (`schema_check`),
//! the text of every string (`text_rules`). Then the article rules run on
//! the typed document. Across files: the compact index (`cross`) and the cross-file
//! rules. Every rule is one file under `rules/`. Positions are computed only
//! for files that have findings, and findings are capped per rule and file.

mod compact;
mod cross;
#[cfg(test)]
mod differential_tests;
pub mod distributed;
mod fast;
mod finding;
pub mod render;
pub(crate) mod rules;
mod scan;
mod schema_check;
mod strict;
mod text_rules;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;

pub(crate) use finding::Draft;
#[cfg(feature = "edit")]
pub(crate) use finding::{list_capped, HINT_LIST_MAX};
pub use finding::{Finding, Related};
pub use rules::{Rule, RuleMeta, Severity};
pub use scan::{LineColumn, LineIndex};
pub use schema_check::{compile_offline, Schemas};

use crate::model::{Article, EntitiesFile, Manifest};
use crate::schema::DocumentKind;
use compact::Names;

/// The findings of `diff --check`: one `removed-without-retirement` for
/// each record of the old version, as (its sort, its id), that the new
/// version neither has nor retires (`crate::diff::unretired_removals`
/// with the `export` feature lists them). `retired_file` names the new
/// version's `retired.json` in the findings.
pub fn removed_without_retirement(removed: &[(&str, String)], retired_file: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    rules::check_versions(
        &rules::diff::DiffContext {
            removed,
            retired_file,
        },
        &mut out,
    );
    out
}

/// The outcome of validating a data folder.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Report {
    /// Every finding, sorted by file, line, column and rule.
    pub findings: Vec<Finding>,
    /// Data files checked.
    pub files: usize,
    /// Articles that parsed.
    pub articles: usize,
    /// Facts in those articles.
    pub facts: usize,
    /// Entities in the registry.
    pub entities: usize,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Findings over the cap of [`Limits::max_findings_per_rule`], counted
    /// per file and rule but not kept, sorted by file and rule.
    pub suppressed: Vec<Suppressed>,
    /// The cap in force, for messages about suppressed findings.
    pub max_findings_per_rule: usize,
}

/// Findings of one rule in one file that were over the cap.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Suppressed {
    /// Path of the file relative to the corpus root.
    pub file: String,
    /// The rule.
    pub rule: Rule,
    /// How many findings were not kept.
    pub count: usize,
}

impl Report {
    /// Findings at error level, suppressed ones included.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Findings at warning level, suppressed ones included.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// Findings over the cap, counted but not shown.
    pub fn suppressed_count(&self) -> usize {
        self.suppressed.iter().map(|s| s.count).sum()
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
            + self
                .suppressed
                .iter()
                .filter(|s| s.rule.severity() == severity)
                .map(|s| s.count)
                .sum::<usize>()
    }
}

/// Why validation could not run at all (exit code 2): not a finding in the
/// data, but a folder that cannot be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum Fatal {
    /// The data folder is not a folder.
    NotAFolder(PathBuf),
    /// The operating system refused to read a path.
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fatal::NotAFolder(path) => write!(f, "{}: not a folder", path.display()),
            Fatal::Io { path, source } => write!(f, "{}: cannot read: {source}", path.display()),
        }
    }
}

impl std::error::Error for Fatal {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Fatal::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Limits on what the validator reads, checked before a file is parsed.
/// Start from `Limits::default()` and set the fields to change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest file read, in bytes (default 16 MiB). Larger files are
    /// reported without being read.
    pub max_file_bytes: u64,
    /// Deepest nesting of arrays and objects (default 64; the data needs 8).
    pub max_depth: usize,
    /// Most findings kept per rule and file (default 100); the rest are
    /// counted in [`Report::suppressed`]. Bounds the report, and the time
    /// spent writing it, whatever a file holds.
    pub max_findings_per_rule: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: crate::files::DEFAULT_MAX_FILE_BYTES,
            max_depth: 64,
            max_findings_per_rule: 100,
        }
    }
}

/// The data files of a folder, relative and `/`-separated: `manifest.json`,
/// `entities.json`, then `articles/**/*.json` sorted.
pub fn data_files(dir: &Path) -> Result<Vec<String>, Fatal> {
    Ok(listing(dir)?.files)
}

/// The data files of a folder (as [`data_files`]) and the entries that are
/// not data files, with the reason (links, pipes, devices, stray files).
pub fn listing(dir: &Path) -> Result<crate::files::Listing, Fatal> {
    if !dir.is_dir() {
        return Err(Fatal::NotAFolder(dir.to_path_buf()));
    }
    crate::files::list_data_files(dir).map_err(|source| Fatal::Io {
        path: dir.join("articles"),
        source,
    })
}

/// Why a data file was not read.
#[derive(Debug)]
#[non_exhaustive]
pub enum NotRead {
    /// The file itself is the problem (a link, a pipe, a device, a file
    /// over the limit): a finding about it, and validation goes on.
    Finding(Draft),
    /// Reading failed for another reason: validation cannot run.
    Fatal(Fatal),
}

/// Reads the data file `file` (relative to `dir`) through the crate's one
/// safe reader ([`crate::files::read_in`]): its bytes, or why not.
pub fn read_checked(dir: &Path, file: &str, limits: &Limits) -> Result<Vec<u8>, NotRead> {
    read_outcome(
        crate::files::read_in(dir, file, limits.max_file_bytes),
        &dir.join(file),
    )
}

/// [`read_checked`] through a reader of the data folder's root.
fn read_checked_by<'r>(
    reader: &'r mut crate::files::RootReader<'_>,
    dir: &Path,
    file: &str,
    limits: &Limits,
) -> Result<&'r [u8], NotRead> {
    read_outcome(
        reader.read_reused(file, limits.max_file_bytes),
        &dir.join(file),
    )
}

/// [`read_checked`] for a file the user named on the command line.
pub fn read_named(path: &Path, limits: &Limits) -> Result<Vec<u8>, NotRead> {
    read_outcome(crate::files::read_file(path, limits.max_file_bytes), path)
}

fn read_outcome<T>(read: Result<T, crate::files::ReadError>, path: &Path) -> Result<T, NotRead> {
    use crate::files::ReadError;
    use rules::document::{limit_exceeded, unexpected_entry};
    read.map_err(|e| match e {
        e @ ReadError::TooLarge { .. } => NotRead::Finding(limit_exceeded::too_large(e)),
        e @ (ReadError::Symlink { .. } | ReadError::NotRegular(_) | ReadError::OutsideRoot) => {
            NotRead::Finding(unexpected_entry::refused(e))
        }
        ReadError::Io(source) => NotRead::Fatal(Fatal::Io {
            path: path.to_path_buf(),
            source,
        }),
    })
}

/// Validates the data folder `dir` with the default limits.
pub fn validate_dir(dir: &Path) -> Result<Report, Fatal> {
    validate_dir_with(dir, &Limits::default())
}

/// Validates the data folder `dir`. Reads only regular files inside it,
/// never follows symbolic links, and never writes. The registry is read
/// first; articles are then checked in parallel, in batches of files, and
/// merged in file order, so the report does not depend on scheduling.
pub fn validate_dir_with(dir: &Path, limits: &Limits) -> Result<Report, Fatal> {
    validate_dir_with_progress(dir, limits, &())
}

/// Told how far [`validate_dir_with_progress`] has got: the corpus's
/// [`Progress`](crate::Progress), which loading reports to as well.
pub use crate::corpus::Progress;

/// [`validate_dir_with`], telling `progress` how far it has got.
pub fn validate_dir_with_progress(
    dir: &Path,
    limits: &Limits,
    progress: &dyn Progress,
) -> Result<Report, Fatal> {
    let started = Instant::now();
    let listing = listing(dir)?;
    // Opened once: every file is read through it.
    let root = crate::files::Root::open(dir).map_err(|source| Fatal::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    progress.found(listing.files.len());
    let report = Report {
        files: listing.files.len(),
        ..Report::default()
    };
    // Packed: a million names are 41 MB here, not the 72 MB of a `String`
    // each, and the index numbers files by their place in this list.
    let names: Arc<Names> = Arc::new(listing.files.into_iter().collect());
    let mut tally = Tally::new(cross::Index::new(Arc::clone(&names)), report);
    tally.add_unexpected(&listing.unexpected);
    let head_len = (0..names.len() as u32)
        .take_while(|&f| !names.get(f).starts_with("articles/"))
        .count();
    let mut reader = root.reader();
    for f in 0..head_len as u32 {
        let file = names.get(f);
        let outcome = read_and_check(&mut reader, dir, file, limits, None, &mut None)?;
        tally.merge_head(f, file, outcome);
        progress.checked(file);
    }
    // Workers check articles while this thread merges their outcomes in
    // file order; the registry is read-only meanwhile.
    let registry = tally.index.registry.take();
    let name = |i: usize| ((head_len + i) as u32, names.get((head_len + i) as u32));
    let merged = for_each_in_order(
        names.len() - head_len,
        || {
            let mut reader = root.reader();
            let registry = registry.as_ref();
            let mut scratch = None;
            move |i| read_and_check(&mut reader, dir, name(i).1, limits, registry, &mut scratch)
        },
        |i, outcome| {
            let (f, file) = name(i);
            progress.checked(file);
            tally.merge_article(f, file, outcome)
        },
    );
    tally.index.registry = registry;
    merged?;
    finish(dir, limits, tally, started)
}

/// Findings over the cap, by file and rule.
type Dropped = BTreeMap<(String, Rule), usize>;

fn add_dropped(dropped: &mut Dropped, file: &str, over: BTreeMap<Rule, usize>) {
    for (rule, n) in over {
        *dropped.entry((file.to_owned(), rule)).or_default() += n;
    }
}

/// What the merge of the files' outcomes builds up, in file order: the
/// cross-file index, each file's findings, the counts over the cap, and
/// the report's totals. One per run, whether the files are checked here
/// or on other machines ([`distributed`]).
struct Tally {
    index: cross::Index,
    by_file: BTreeMap<String, Vec<Draft>>,
    dropped: Dropped,
    report: Report,
}

impl Tally {
    fn new(index: cross::Index, report: Report) -> Tally {
        Tally {
            index,
            by_file: BTreeMap::new(),
            dropped: Dropped::new(),
            report,
        }
    }

    /// Adds a finding for each entry of the folder that is not a data file.
    fn add_unexpected(&mut self, unexpected: &[(String, String)]) {
        for (entry, reason) in unexpected {
            self.by_file
                .entry(entry.clone())
                .or_default()
                .push(rules::document::unexpected_entry::entry(entry, reason));
            if entry.ends_with(".json") {
                // It may have been meant as an article: do not conclude
                // from its absence.
                self.index.mark_incomplete();
            }
        }
    }

    /// Adds the outcome of file `f`, one before `articles/` (the manifest,
    /// the registry, the retired ids), to the index and the findings.
    fn merge_head(&mut self, f: u32, file: &str, (drafts, parsed, over): Checked) {
        add_dropped(&mut self.dropped, file, over);
        let drafts_here = self.by_file.entry(file.to_owned()).or_default();
        drafts_here.extend(drafts);
        match parsed {
            Parsed::Entities(entities) => {
                self.report.entities = entities.entities.len();
                drafts_here.extend(self.index.add_registry(f, &entities));
            }
            Parsed::Retired(retired) => drafts_here.extend(self.index.add_retired(f, &retired)),
            _ => {}
        }
    }

    /// Adds the outcome of the article in file `f` to the index and the
    /// findings.
    fn merge_article(
        &mut self,
        f: u32,
        file: &str,
        outcome: Result<Checked, Fatal>,
    ) -> Result<(), Fatal> {
        let (drafts, parsed, over) = outcome?;
        add_dropped(&mut self.dropped, file, over);
        if !drafts.is_empty() {
            self.by_file
                .entry(file.to_owned())
                .or_default()
                .extend(drafts);
        }
        match parsed {
            Parsed::Article { facts, summary } => {
                self.report.articles += 1;
                self.report.facts += facts;
                self.index.add_article(f, summary);
            }
            _ => self.index.mark_incomplete(),
        }
        Ok(())
    }
}

/// Runs `check` on every item (numbered `0..count`) on all available cores
/// and hands each outcome to `merge` on this thread, in order, while the workers go
/// on: the same workers for the whole run, and only the outcomes that
/// arrive ahead of their turn wait (a bounded channel stops the workers
/// when merging falls behind). The first error from `merge` stops the run.
///
/// Kept over simpler shapes because it measured better (20,000 synthetic
/// articles, 7 alternating runs on 2 cores): one item per message over a
/// plain channel took 19% more wall and CPU time; rayon's `par_iter`,
/// collected and then merged, took as long but held every outcome at
/// once, doubling peak memory (38 to 73 MiB) and growing with the corpus.
fn for_each_in_order<R: Send, E, C: FnMut(usize) -> R>(
    count: usize,
    checker: impl Fn() -> C + Sync,
    mut merge: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count);
    if threads <= 1 {
        let mut check = checker();
        return (0..count).try_for_each(|i| merge(i, check(i)));
    }
    // Items go out and come back in batches: one message, and at most one
    // wake-up of this thread, per batch rather than per item; small enough
    // that a few items still spread over every worker.
    let batch_len = (count / (threads * 8)).clamp(1, 32);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (sender, batches) = std::sync::mpsc::sync_channel::<(usize, Vec<R>)>(threads * 4);
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, stop, checker) = (&next, &stop, &checker);
            scope.spawn(move || {
                // Each worker's own checker (its own open folder).
                let mut check = checker();
                while !stop.load(Ordering::Relaxed) {
                    let first = next.fetch_add(batch_len, Ordering::Relaxed);
                    if first >= count {
                        break;
                    }
                    let outcomes = (first..(first + batch_len).min(count))
                        .map(&mut check)
                        .collect();
                    if sender.send((first, outcomes)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut early: BTreeMap<usize, Vec<R>> = BTreeMap::new();
        let mut turn = 0;
        let mut result = Ok(());
        'receive: for (first, outcomes) in batches.iter() {
            early.insert(first, outcomes);
            while let Some(outcomes) = early.remove(&turn) {
                for outcome in outcomes {
                    result = merge(turn, outcome);
                    turn += 1;
                    if result.is_err() {
                        stop.store(true, Ordering::Relaxed);
                        break 'receive;
                    }
                }
            }
        }
        // Dropping the receiver ends any worker blocked on sending.
        drop(batches);
        result
    })
}

/// Runs the cross-file rules and locates every finding.
fn finish(dir: &Path, limits: &Limits, tally: Tally, started: Instant) -> Result<Report, Fatal> {
    let Tally {
        index,
        mut by_file,
        mut dropped,
        mut report,
    } = tally;
    for (file, draft) in index.check() {
        by_file.entry(file).or_default().push(draft);
    }
    by_file.retain(|_, drafts| !drafts.is_empty());
    for (file, drafts) in &mut by_file {
        let over = cap_drafts(drafts, limits.max_findings_per_rule);
        add_dropped(&mut dropped, file, over);
    }
    report.max_findings_per_rule = limits.max_findings_per_rule;
    report.suppressed = dropped
        .into_iter()
        .map(|((file, rule), count)| Suppressed { file, rule, count })
        .collect();
    // Positions only for files with findings, through the same guarded read.
    let located = parallel_map(
        &by_file.into_iter().collect::<Vec<_>>(),
        |(file, drafts)| {
            let bytes = read_checked(dir, file, limits).unwrap_or_default();
            locate(file, &bytes, drafts.clone())
        },
    );
    report.findings = located.into_iter().flatten().collect();
    sort_findings(&mut report.findings);
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The report's order: by file, line, column, rule and pointer, each
/// finding once.
fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (&a.file, a.line(), a.column(), a.rule, &a.pointer).cmp(&(
            &b.file,
            b.line(),
            b.column(),
            b.rule,
            &b.pointer,
        ))
    });
    findings.dedup();
}

/// Maps `f` over `items` on all available cores, keeping the input order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let mut results = Vec::with_capacity(items.len());
    let done: Result<(), std::convert::Infallible> = for_each_in_order(
        items.len(),
        || |i| f(&items[i]),
        |_, r| {
            results.push(r);
            Ok(())
        },
    );
    match done {
        Ok(()) => results,
        Err(never) => match never {},
    }
}

/// What a file left behind once checked.
enum Parsed {
    /// Not read, or not valid enough for the typed rules.
    Nothing,
    /// The manifest.
    Manifest,
    /// The registry, kept whole (it is small) to index.
    Entities(EntitiesFile),
    /// An article: its fact count and compact summary.
    Article {
        facts: usize,
        summary: cross::ArticleSummary,
    },
    /// The retired ids.
    Retired(crate::model::RetiredFile),
}

/// A file's findings (capped per rule), what it left behind, and how many
/// findings of each rule were over the cap.
type Checked = (Vec<Draft>, Parsed, BTreeMap<Rule, usize>);

/// A worker's last article, which the next is read into, reusing its
/// strings and lists ([`fast::accept_article_into`]); `None` at first.
type Scratch = Option<Box<Article>>;

fn read_and_check(
    reader: &mut crate::files::RootReader<'_>,
    dir: &Path,
    file: &str,
    limits: &Limits,
    registry: Option<&cross::Registry>,
    scratch: &mut Scratch,
) -> Result<Checked, Fatal> {
    check_read(
        file,
        read_checked_by(reader, dir, file, limits),
        limits,
        registry,
        scratch,
    )
}

/// Checks what reading `file` gave: its bytes, or why it was not read.
fn check_read(
    file: &str,
    read: Result<&[u8], NotRead>,
    limits: &Limits,
    registry: Option<&cross::Registry>,
    scratch: &mut Scratch,
) -> Result<Checked, Fatal> {
    let (mut drafts, parsed) = match read {
        Ok(bytes) => return Ok(check_bytes(file, bytes, limits, registry, scratch)),
        Err(NotRead::Finding(draft)) => (vec![draft], Parsed::Nothing),
        Err(NotRead::Fatal(fatal)) => return Err(fatal),
    };
    let over = cap_drafts(&mut drafts, limits.max_findings_per_rule);
    Ok((drafts, parsed, over))
}

/// Checks the bytes of `file`, capping its findings.
fn check_bytes(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
    registry: Option<&cross::Registry>,
    scratch: &mut Scratch,
) -> Checked {
    let (mut drafts, parsed) = check_file(file, bytes, limits, None, registry, scratch);
    let over = cap_drafts(&mut drafts, limits.max_findings_per_rule);
    (drafts, parsed, over)
}

/// Keeps the first `max` drafts of each rule, in order, and counts the rest.
fn cap_drafts(drafts: &mut Vec<Draft>, max: usize) -> BTreeMap<Rule, usize> {
    cap_drafts_after(drafts, max, BTreeMap::new())
}

/// [`cap_drafts`] for drafts that come after `kept` of their file's
/// findings, counted by rule, were already kept.
fn cap_drafts_after(
    drafts: &mut Vec<Draft>,
    max: usize,
    mut kept: BTreeMap<Rule, usize>,
) -> BTreeMap<Rule, usize> {
    let mut dropped: BTreeMap<Rule, usize> = BTreeMap::new();
    drafts.retain(|d| {
        let n = kept.entry(d.rule).or_default();
        *n += 1;
        if *n > max {
            *dropped.entry(d.rule).or_default() += 1;
            false
        } else {
            true
        }
    });
    dropped
}

/// Validates one document's bytes on its own, as if it were the file
/// `file` of a corpus: every per-file rule, and the reference rules as far
/// as one document allows. For fuzzing and for tools that check a single
/// file; never panics on any input. To check many documents, a
/// [`DocumentValidator`] gives the same findings and reuses its memory.
pub fn validate_document(
    file: &str,
    bytes: &[u8],
    schemas: &Schemas,
    limits: &Limits,
) -> Vec<Finding> {
    DocumentValidator::new(schemas, limits).validate(file, bytes)
}

/// Validates documents one after another, each on its own as
/// [`validate_document`] does and with the same findings, for a tool that
/// checks many files (an editor, a pre-commit hook, another corpus's
/// checker). Each article is read into the one before it, reusing its
/// strings and lists, as `validate_dir`'s workers do: a long run of
/// articles allocates little. Never panics on any input.
///
/// ```
/// use astana_corpus::validate::{DocumentValidator, Limits, Schemas};
///
/// let schemas = Schemas::compile().unwrap();
/// let limits = Limits::default();
/// let mut validator = DocumentValidator::new(&schemas, &limits);
/// let findings = validator.validate("articles/x/a.json", b"{}");
/// assert!(!findings.is_empty());
/// ```
pub struct DocumentValidator<'a> {
    schemas: &'a Schemas,
    limits: &'a Limits,
    /// The last article read, which the next is read into.
    last: Scratch,
}

/// Shows the limits and whether an article is held to read the next into;
/// the schemas print as their kinds.
impl std::fmt::Debug for DocumentValidator<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentValidator")
            .field("schemas", self.schemas)
            .field("limits", self.limits)
            .field("holds_last_article", &self.last.is_some())
            .finish()
    }
}

impl<'a> DocumentValidator<'a> {
    /// A validator that explains documents with `schemas` and reads them
    /// within `limits`.
    pub fn new(schemas: &'a Schemas, limits: &'a Limits) -> Self {
        DocumentValidator {
            schemas,
            limits,
            last: None,
        }
    }

    /// The findings of one document's bytes, as if it were the file `file`
    /// of a corpus: exactly what [`validate_document`] gives, whatever
    /// this validator read before.
    pub fn validate(&mut self, file: &str, bytes: &[u8]) -> Vec<Finding> {
        let (mut drafts, parsed) = check_file(
            file,
            bytes,
            self.limits,
            Some(self.schemas),
            None,
            &mut self.last,
        );
        if let Parsed::Entities(entities) = parsed {
            let names: Arc<Names> = Arc::new([file].into_iter().collect());
            drafts.extend(cross::Index::new(names).add_registry(0, &entities));
        }
        locate(file, bytes, drafts)
    }
}

/// Every per-file rule on one file, and the references it makes checked
/// against the registry when one is given. A document outside the model is
/// explained by `schemas`, or by [`Schemas::shared`] when none are given.
fn check_file(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
    schemas: Option<&Schemas>,
    registry: Option<&cross::Registry>,
    scratch: &mut Scratch,
) -> (Vec<Draft>, Parsed) {
    let Some(kind) = DocumentKind::of_path(file) else {
        return (Vec::new(), Parsed::Nothing);
    };
    // The path every valid document takes: typed straight from the text in
    // one pass that also proves depth, keys and the text rules.
    if let Some(text) = rules::document::json_syntax::plain_text(bytes) {
        if kind == DocumentKind::Article {
            if let Some(article) = fast::accept_article_into(text, limits.max_depth, scratch) {
                let mut drafts = Vec::new();
                let parsed = article_rules(file, article, registry, &mut drafts);
                return (drafts, parsed);
            }
        } else if let Some(accepted) = fast::accept_text(kind, text, limits.max_depth) {
            let mut drafts = Vec::new();
            let parsed = typed_rules(file, accepted, registry, &mut drafts);
            return (drafts, parsed);
        }
    }
    // Anything else is explained: syntax, version, then the schema.
    let (text, value) = match rules::document::json_syntax::parse(bytes, limits.max_depth) {
        Ok(parsed) => parsed,
        Err(drafts) => return (drafts, Parsed::Nothing),
    };
    let mut drafts = Vec::new();
    if let Some(draft) = rules::document::unsupported_version::check(&value) {
        drafts.push(draft);
        return (drafts, Parsed::Nothing);
    }
    drafts.extend(text_rules::findings(text));
    let Some(accepted) = fast::accept(kind, &value) else {
        if let Some(schema) = value.get("$schema").and_then(|v| v.as_str()) {
            rules::document::schema::check_pointer(file, kind, schema, &mut drafts);
        }
        let schemas: Result<&Schemas, &str> = match schemas {
            Some(given) => Ok(given),
            None => Schemas::shared(),
        };
        match schemas {
            Ok(schemas) => drafts.extend(model_mismatch(kind, &value, schemas)),
            // Never in a release: a test compiles them. Said, not hidden.
            Err(e) => drafts.push(Draft::new(
                Rule::Schema,
                "",
                format!("the document does not match the data model, and the generated schemas that would say why do not compile ({e}): a bug in astana-corpus"),
            )),
        }
        return (drafts, Parsed::Nothing);
    };
    let parsed = typed_rules(file, accepted, registry, &mut drafts);
    (drafts, parsed)
}

/// The rules that need the typed document, and what it leaves behind.
fn typed_rules(
    file: &str,
    accepted: fast::Accepted,
    registry: Option<&cross::Registry>,
    drafts: &mut Vec<Draft>,
) -> Parsed {
    match accepted {
        fast::Accepted::Manifest(schema) => {
            rules::document::schema::check_pointer(file, DocumentKind::Manifest, &schema, drafts);
            Parsed::Manifest
        }
        fast::Accepted::Entities(registry_file) => {
            rules::document::schema::check_pointer(
                file,
                DocumentKind::Entities,
                &registry_file.schema,
                drafts,
            );
            rules::article::duplicate_id::check_entities(&registry_file, drafts);
            rules::article::invalid_date::check_entities(&registry_file, drafts);
            Parsed::Entities(registry_file)
        }
        fast::Accepted::Article(article) => article_rules(file, &article, registry, drafts),
        fast::Accepted::Retired(retired) => {
            rules::document::schema::check_pointer(
                file,
                DocumentKind::Retired,
                &retired.schema,
                drafts,
            );
            Parsed::Retired(retired)
        }
    }
}

/// The rules that need a typed article, and its summary for the index.
fn article_rules(
    file: &str,
    article: &Article,
    registry: Option<&cross::Registry>,
    drafts: &mut Vec<Draft>,
) -> Parsed {
    rules::document::schema::check_pointer(file, DocumentKind::Article, &article.schema, drafts);
    rules::check_article(&rules::article::ArticleContext::new(file, article), drafts);
    let summary = cross::scan_article(article, registry, drafts);
    Parsed::Article {
        facts: article.facts.len(),
        summary,
    }
}

/// Why a parsed document is not one of the data model's: what the JSON
/// Schema rejects, or, when the schema accepts what the types reject (3.0
/// for an integer), the types' own reason, still a `schema` finding for
/// the contributor. The validator's slow path and `fmt`'s refusal to
/// rewrite a document both explain it this way.
pub(crate) fn model_mismatch(
    kind: DocumentKind,
    value: &serde_json::Value,
    schemas: &Schemas,
) -> Vec<Draft> {
    let drafts = schemas.check(kind, value);
    if !drafts.is_empty() {
        return drafts;
    }
    vec![Draft::new(
        Rule::Schema,
        "",
        format!(
            "the document does not match the data model: {}",
            typed_error(kind, value)
        ),
    )]
}

/// Why the typed model rejects a document (for the rare case the schema
/// does not).
fn typed_error(kind: DocumentKind, value: &serde_json::Value) -> String {
    let result = match kind {
        DocumentKind::Manifest => Manifest::deserialize(value).map(|_| ()),
        DocumentKind::Entities => EntitiesFile::deserialize(value).map(|_| ()),
        DocumentKind::Article => Article::deserialize(value).map(|_| ()),
        DocumentKind::Retired => crate::model::RetiredFile::deserialize(value).map(|_| ()),
    };
    result.err().map_or_else(
        || "a constraint of the data model".to_owned(),
        |e| e.to_string(),
    )
}

/// Turns drafts into findings with positions, in one pass over the text.
pub(crate) fn locate(file: &str, bytes: &[u8], drafts: Vec<Draft>) -> Vec<Finding> {
    let text = String::from_utf8_lossy(bytes);
    let lines = LineIndex::new(&text);
    let wanted: HashSet<&str> = drafts
        .iter()
        .filter(|d| d.offset.is_none())
        .map(|d| d.pointer.as_str())
        .chain(
            drafts
                .iter()
                .flat_map(|d| d.related.iter().map(|(p, _)| p.as_str())),
        )
        .collect();
    // Pointers are only meaningful in text that parses.
    let spots = if serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok() {
        scan::locate_all(&text, &wanted)
    } else {
        Default::default()
    };
    let offset_of = |pointer: &str, at_key: bool| {
        spots.get(pointer).map(|s| {
            if at_key {
                s.key.unwrap_or(s.value)
            } else {
                s.value
            }
        })
    };
    let offsets: Vec<Option<usize>> = drafts
        .iter()
        .map(|d| d.offset.or_else(|| offset_of(&d.pointer, d.at_key)))
        .collect();
    let related: Vec<Vec<Option<usize>>> = drafts
        .iter()
        .map(|d| {
            d.related
                .iter()
                .map(|(p, _)| offset_of(p, d.at_key))
                .collect()
        })
        .collect();
    // One sweep for all positions: many findings on one long line must not
    // each count from the start of the line.
    let known: Vec<usize> = offsets
        .iter()
        .chain(related.iter().flatten())
        .flatten()
        .copied()
        .collect();
    let mut positions = lines.positions(&known).into_iter();
    let located: Vec<Option<LineColumn>> = offsets
        .iter()
        .map(|o| o.and_then(|_| positions.next()))
        .collect();
    let related_located: Vec<Vec<Option<LineColumn>>> = related
        .iter()
        .map(|r| r.iter().map(|o| o.and_then(|_| positions.next())).collect())
        .collect();
    drafts
        .into_iter()
        .zip(offsets)
        .zip(located)
        .zip(related.into_iter().zip(related_located))
        .map(|(((d, offset), position), (r_offsets, r_positions))| {
            let offset = offset.map(|o| o.min(text.len()));
            Finding {
                rule: d.rule,
                severity: d.rule.severity(),
                file: file.to_owned(),
                position,
                offset,
                len: offset.map(|o| scan::token_len(&text, o)),
                related: d
                    .related
                    .into_iter()
                    .zip(r_offsets.into_iter().zip(r_positions))
                    .map(|((pointer, label), (offset, position))| Related {
                        pointer,
                        label,
                        position,
                        offset,
                        len: offset.map(|o| scan::token_len(&text, o)),
                    })
                    .collect(),
                pointer: d.pointer,
                hint: d.hint.unwrap_or_else(|| d.rule.hint().to_owned()),
                message: d.message,
            }
        })
        .collect()
}

/// Parses a data file's bytes, or returns its `json-syntax` findings.
#[cfg(any(test, feature = "edit"))]
pub(crate) fn parse_json<'a>(
    bytes: &'a [u8],
    limits: &Limits,
) -> Result<(&'a str, serde_json::Value), Vec<Draft>> {
    rules::document::json_syntax::parse(bytes, limits.max_depth)
}
