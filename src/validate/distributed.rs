//! Validation split for engines that spread files over machines (Spark,
//! Dask, Ray): the per-article checks are a map over files, and the
//! cross-file checks a merge of small per-article summaries.
//!
//! The shape, which [`validate_split`] runs on one machine as the
//! reference for other engines:
//!
//! 1. **Head.** On the driver, [`Head::read`] reads the files before
//!    `articles/` (the manifest, the entity registry, the retired ids) and
//!    lists the article files. Ship [`Head::documents`] to the workers,
//!    which rebuild the same head with [`Head::from_documents`].
//! 2. **Map.** On the workers, [`Head::check_article`] (or
//!    [`Head::check_article_in`], which reads the file through the crate's
//!    safe reader) checks one article's bytes and returns its findings,
//!    with positions, and a [`FileSummary`]: a few hundred bytes that
//!    serialise with serde (JSON, or any format serde writes).
//! 3. **Merge.** On the driver, [`Head::merge`] takes every summary, in any
//!    order, and runs the cross-file rules (duplicate ids, meeting
//!    conflicts, participation timelines, retired ids, unused entities).
//!    Its findings in article files have no position yet: read those few
//!    files and give them one with [`locate`].
//! 4. **Report.** [`Merged::into_report`] puts the map's findings and the
//!    located ones together, in the order and with the caps of
//!    [`validate_dir_with`](super::validate_dir_with), whose report it
//!    equals.
//!
//! A summary carries the fingerprint of the head and of the crate version
//! that made it; merging a summary made against another registry, other
//! limits or another version is an error, not a wrong answer.
//!
//! ```no_run
//! use astana_corpus::validate::distributed::{locate, FileSummary, Head};
//! use astana_corpus::validate::{read_checked, Limits};
//!
//! let dir = std::path::Path::new("data");
//! let limits = Limits::default();
//! let head = Head::read(dir, &limits)?;
//! let documents: Vec<(&str, &[u8])> = head.documents().collect();
//! // On each worker: the same head, then its share of the files.
//! let worker = Head::from_documents(&documents, &limits)?;
//! let (mut findings, mut suppressed, mut summaries) = (vec![], vec![], vec![]);
//! for file in head.articles() {
//!     let check = worker.check_article_in(dir, file)?;
//!     findings.extend(check.findings);
//!     suppressed.extend(check.suppressed);
//!     summaries.push(serde_json::to_string(&check.summary)?);
//! }
//! // On the driver.
//! let summaries: Vec<FileSummary> = summaries
//!     .iter()
//!     .map(|s| serde_json::from_str(s))
//!     .collect::<Result<_, _>>()?;
//! let mut merged = head.merge(summaries)?;
//! for (file, unlocated) in std::mem::take(&mut merged.unlocated) {
//!     let bytes = read_checked(dir, &file, &limits).unwrap_or_default();
//!     findings.extend(locate(&file, &bytes, unlocated));
//! }
//! let report = merged.into_report(findings, suppressed);
//! println!("{} findings", report.findings.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::compact::Names;
use super::{
    cap_drafts, cap_drafts_after, check_bytes, check_read, cross, listing, locate as locate_drafts,
    read_checked, sort_findings, Checked, Draft, Dropped, Fatal, Finding, Limits, Parsed, Report,
    Rule, Suppressed, Tally,
};

/// The files before `articles/`, in the order a data folder lists them.
const HEAD_FILES: [&str; 3] = ["manifest.json", "entities.json", "retired.json"];

/// What every article is checked against: the manifest, the entity
/// registry and the retired ids, read and checked once.
pub struct Head {
    limits: Limits,
    /// The head files present, in order, with their bytes when they could
    /// be read.
    documents: Vec<(String, Option<Vec<u8>>)>,
    /// The article files of the folder, when the head was read from one.
    articles: Vec<String>,
    /// The index of the head files, and their findings and those of
    /// entries that are not data files.
    tally: Tally,
    fingerprint: String,
}

/// Why [`Head::from_documents`] or [`Head::merge`] refused its input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SplitError {
    /// A document given as a head file is not one.
    NotAHeadFile(String),
    /// A file given as an article is not under `articles/` or not `.json`.
    NotAnArticle(String),
    /// Two summaries are of the same file.
    DuplicateFile(String),
    /// A summary names an entity the head's registry does not have: it was
    /// altered after it was made.
    Corrupt(String),
    /// A summary was made against another head (registry, retired ids or
    /// limits) or by another version of the crate.
    OtherHead {
        /// The summary's file.
        file: String,
        /// The fingerprint it carries.
        found: String,
        /// The fingerprint of the head merging it.
        expected: String,
    },
}

impl std::fmt::Display for SplitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SplitError::NotAHeadFile(name) => write!(
                f,
                "{name:?} is not a head file: give manifest.json, entities.json and retired.json"
            ),
            SplitError::NotAnArticle(name) => write!(
                f,
                "{name:?} is not an article file: give paths under articles/ ending in .json, relative to the data folder"
            ),
            SplitError::DuplicateFile(name) => {
                write!(f, "{name:?} has two summaries: check each file once")
            }
            SplitError::Corrupt(name) => write!(
                f,
                "the summary of {name:?} names entities its head does not have: check the file again"
            ),
            SplitError::OtherHead {
                file,
                found,
                expected,
            } => write!(
                f,
                "the summary of {file:?} was made against head {found}, not {expected}: check every article against the same head files, limits and version"
            ),
        }
    }
}

impl std::error::Error for SplitError {}

/// One article's outcome: its findings, with positions, and its summary for
/// the merge.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FileCheck {
    /// Findings of the per-file rules, and of the references checked
    /// against the registry, capped per rule.
    pub findings: Vec<Finding>,
    /// Findings over the cap, counted.
    pub suppressed: Vec<Suppressed>,
    /// What the cross-file rules need of the article.
    pub summary: FileSummary,
}

/// What the cross-file rules need of one article file: its id, meetings,
/// participation events, cited facts and the registry entries it uses,
/// with entities as numbers into the head's registry. Serialise it with
/// serde to move it between machines; its fields are not a stable format,
/// and only [`Head::merge`] of the same head and version reads it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileSummary {
    file: String,
    head: String,
    facts: usize,
    /// Findings kept in the file, by rule id, for the cap on the findings
    /// the merge adds to it.
    kept: BTreeMap<String, usize>,
    /// `None` when the file is not an article the rules could read.
    article: Option<cross::ArticleSummary>,
}

impl FileSummary {
    /// The file, relative to the data folder.
    pub fn file(&self) -> &str {
        &self.file
    }
}

/// What the merge found: findings in the head files, with positions, and
/// findings in article files, still without.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Merged {
    /// Findings in the head files and in entries that are not data files,
    /// located.
    pub findings: Vec<Finding>,
    /// The cross-file findings in article files, by file, without
    /// positions: read each file and pass it to [`locate`].
    pub unlocated: BTreeMap<String, Vec<Finding>>,
    /// Findings over the cap, counted.
    pub suppressed: Vec<Suppressed>,
    report: Report,
}

impl Head {
    /// Reads the head files of the data folder `dir` through the crate's
    /// safe reader and lists its article files ([`Head::articles`]).
    pub fn read(dir: &Path, limits: &Limits) -> Result<Head, Fatal> {
        let listing = listing(dir)?;
        let mut documents = Vec::new();
        let mut outcomes = Vec::new();
        let mut articles = Vec::new();
        for file in listing.files {
            if file.starts_with("articles/") {
                articles.push(file);
                continue;
            }
            let (bytes, outcome) = match read_checked(dir, &file, limits) {
                Ok(bytes) => {
                    let outcome = check_bytes(&file, &bytes, limits, None, &mut None);
                    (Some(bytes), outcome)
                }
                Err(not_read) => (
                    None,
                    check_read(&file, Err(not_read), limits, None, &mut None)?,
                ),
            };
            outcomes.push(outcome);
            documents.push((file, bytes));
        }
        let mut head = Head::build(documents, outcomes, limits);
        head.articles = articles;
        head.tally.add_unexpected(&listing.unexpected);
        Ok(head)
    }

    /// The head from the bytes of its files, as (file, bytes): what a
    /// worker rebuilds from the driver's [`Head::documents`].
    pub fn from_documents(
        documents: &[(&str, &[u8])],
        limits: &Limits,
    ) -> Result<Head, SplitError> {
        let mut given: Vec<(usize, &str, &[u8])> = Vec::new();
        for &(name, bytes) in documents {
            let Some(place) = HEAD_FILES.iter().position(|h| *h == name) else {
                return Err(SplitError::NotAHeadFile(name.to_owned()));
            };
            if given.iter().any(|g| g.0 == place) {
                return Err(SplitError::DuplicateFile(name.to_owned()));
            }
            given.push((place, name, bytes));
        }
        given.sort_by_key(|g| g.0);
        let outcomes = given
            .iter()
            .map(|&(_, name, bytes)| check_bytes(name, bytes, limits, None, &mut None))
            .collect();
        let documents = given
            .into_iter()
            .map(|(_, name, bytes)| (name.to_owned(), Some(bytes.to_vec())))
            .collect();
        Ok(Head::build(documents, outcomes, limits))
    }

    fn build(
        documents: Vec<(String, Option<Vec<u8>>)>,
        outcomes: Vec<Checked>,
        limits: &Limits,
    ) -> Head {
        let names: Names = documents.iter().map(|(name, _)| name.as_str()).collect();
        let mut tally = Tally::new(cross::Index::new(Arc::new(names)), Report::default());
        for (f, ((file, _), outcome)) in documents.iter().zip(outcomes).enumerate() {
            tally.merge_head(f as u32, file, outcome);
        }
        let fingerprint = fingerprint(&documents, limits);
        Head {
            limits: *limits,
            documents,
            articles: Vec::new(),
            tally,
            fingerprint,
        }
    }

    /// The head files that could be read, as (file, bytes), to ship to the
    /// workers.
    pub fn documents(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.documents
            .iter()
            .filter_map(|(name, bytes)| Some((name.as_str(), bytes.as_deref()?)))
    }

    /// The article files of the folder [`Head::read`] read, sorted; empty
    /// for a head made from documents.
    pub fn articles(&self) -> &[String] {
        &self.articles
    }

    /// Identifies the head files, the limits and the crate version: every
    /// summary carries it, and the merge accepts only its own.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Checks the article file `file` (relative to the data folder) from
    /// its bytes.
    pub fn check_article(&self, file: &str, bytes: &[u8]) -> Result<FileCheck, SplitError> {
        if !is_article_path(file) {
            return Err(SplitError::NotAnArticle(file.to_owned()));
        }
        let checked = check_bytes(
            file,
            bytes,
            &self.limits,
            self.tally.index.registry.as_ref(),
            &mut None,
        );
        Ok(self.file_check(file, bytes, checked))
    }

    /// Reads the article file `file` of the data folder `dir` through the
    /// crate's safe reader and checks it. A file that is refused (a link,
    /// a file over the size limit) is a finding; a failed read, or a path
    /// that is not an article's, is [`Fatal`].
    pub fn check_article_in(&self, dir: &Path, file: &str) -> Result<FileCheck, Fatal> {
        if !is_article_path(file) {
            return Err(Fatal::Io {
                path: dir.join(file),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    SplitError::NotAnArticle(file.to_owned()).to_string(),
                ),
            });
        }
        let registry = self.tally.index.registry.as_ref();
        Ok(match read_checked(dir, file, &self.limits) {
            Ok(bytes) => {
                let checked = check_bytes(file, &bytes, &self.limits, registry, &mut None);
                self.file_check(file, &bytes, checked)
            }
            Err(not_read) => {
                let checked = check_read(file, Err(not_read), &self.limits, registry, &mut None)?;
                self.file_check(file, b"", checked)
            }
        })
    }

    /// Locates a checked article's findings and summarises it.
    fn file_check(&self, file: &str, bytes: &[u8], (drafts, parsed, over): Checked) -> FileCheck {
        let mut kept = BTreeMap::new();
        for d in &drafts {
            *kept.entry(d.rule.id().to_owned()).or_insert(0) += 1;
        }
        let (facts, article) = match parsed {
            Parsed::Article { facts, summary } => (facts, Some(summary)),
            _ => (0, None),
        };
        FileCheck {
            findings: locate_drafts(file, bytes, drafts),
            suppressed: suppressed(
                over.into_iter()
                    .map(|(rule, n)| ((file.to_owned(), rule), n)),
            ),
            summary: FileSummary {
                file: file.to_owned(),
                head: self.fingerprint.clone(),
                facts,
                kept,
                article,
            },
        }
    }

    /// Runs the cross-file rules over the summaries of every article file
    /// of the corpus, given in any order.
    pub fn merge(
        self,
        summaries: impl IntoIterator<Item = FileSummary>,
    ) -> Result<Merged, SplitError> {
        let mut summaries: Vec<FileSummary> = summaries.into_iter().collect();
        for s in &summaries {
            if s.head != self.fingerprint {
                return Err(SplitError::OtherHead {
                    file: s.file.clone(),
                    found: s.head.clone(),
                    expected: self.fingerprint.clone(),
                });
            }
            if !is_article_path(&s.file) {
                return Err(SplitError::NotAnArticle(s.file.clone()));
            }
            let entities = self
                .tally
                .index
                .registry
                .as_ref()
                .map_or(0, |r| r.kinds.len());
            if s.article
                .as_ref()
                .is_some_and(|a| !a.entities_below(entities))
            {
                return Err(SplitError::Corrupt(s.file.clone()));
            }
        }
        // File order, as the folder lists them: of two articles with one
        // id, the first keeps it.
        summaries.sort_unstable_by(|a, b| a.file.cmp(&b.file));
        if let Some(pair) = summaries.windows(2).find(|w| w[0].file == w[1].file) {
            return Err(SplitError::DuplicateFile(pair[0].file.clone()));
        }
        let Head {
            limits,
            documents,
            tally:
                Tally {
                    mut index,
                    mut by_file,
                    mut dropped,
                    mut report,
                },
            ..
        } = self;
        let head_len = documents.len();
        let names: Names = documents
            .iter()
            .map(|(name, _)| name.as_str())
            .chain(summaries.iter().map(|s| s.file.as_str()))
            .collect();
        index.files = Arc::new(names);
        report.files = head_len + summaries.len();
        let mut kept: BTreeMap<String, BTreeMap<Rule, usize>> = BTreeMap::new();
        for (i, s) in summaries.into_iter().enumerate() {
            match s.article {
                Some(article) => {
                    report.articles += 1;
                    report.facts += s.facts;
                    index.add_article((head_len + i) as u32, article);
                }
                None => index.mark_incomplete(),
            }
            let counts: BTreeMap<Rule, usize> = s
                .kept
                .iter()
                .filter_map(|(id, n)| Some((Rule::from_id(id)?, *n)))
                .collect();
            kept.insert(s.file, counts);
        }
        let mut in_articles: BTreeMap<String, Vec<Draft>> = BTreeMap::new();
        for (file, draft) in index.check() {
            if kept.contains_key(&file) {
                in_articles.entry(file).or_default().push(draft);
            } else {
                by_file.entry(file).or_default().push(draft);
            }
        }
        // The caps of `finish`: a file's findings from the merge count
        // after those its own check kept.
        let max = limits.max_findings_per_rule;
        let mut over = Vec::new();
        for (file, drafts) in &mut by_file {
            over.extend(
                cap_drafts(drafts, max)
                    .into_iter()
                    .map(|(r, n)| ((file.clone(), r), n)),
            );
        }
        for (file, drafts) in &mut in_articles {
            let already = kept.remove(file).unwrap_or_default();
            over.extend(
                cap_drafts_after(drafts, max, already)
                    .into_iter()
                    .map(|(r, n)| ((file.clone(), r), n)),
            );
        }
        for ((file, rule), n) in over {
            *dropped.entry((file, rule)).or_default() += n;
        }
        let bytes_of = |file: &str| {
            documents
                .iter()
                .find(|(name, _)| name == file)
                .and_then(|(_, bytes)| bytes.as_deref())
                .unwrap_or_default()
        };
        let findings = by_file
            .into_iter()
            .filter(|(_, drafts)| !drafts.is_empty())
            .flat_map(|(file, drafts)| locate_drafts(&file, bytes_of(&file), drafts))
            .collect();
        let unlocated = in_articles
            .into_iter()
            .filter(|(_, drafts)| !drafts.is_empty())
            .map(|(file, drafts)| {
                let findings = locate_drafts(&file, b"", drafts);
                (file, findings)
            })
            .collect();
        report.max_findings_per_rule = max;
        Ok(Merged {
            findings,
            unlocated,
            suppressed: suppressed(dropped),
            report,
        })
    }
}

impl Merged {
    /// The report of the whole corpus: the merge's findings, `findings`
    /// (every [`FileCheck`]'s and the located [`Merged::unlocated`]) and
    /// `suppressed` (every [`FileCheck`]'s), sorted as
    /// [`validate_dir_with`](super::validate_dir_with) sorts them. Its
    /// `elapsed` is zero: the caller knows what it timed.
    pub fn into_report(
        self,
        findings: impl IntoIterator<Item = Finding>,
        suppressed_in_files: impl IntoIterator<Item = Suppressed>,
    ) -> Report {
        let mut report = self.report;
        report.findings = self.findings;
        report.findings.extend(findings);
        sort_findings(&mut report.findings);
        report.suppressed = suppressed(
            self.suppressed
                .into_iter()
                .chain(suppressed_in_files)
                .map(|s| ((s.file, s.rule), s.count)),
        );
        report
    }
}

/// Gives findings without positions (a [`Merged::unlocated`] entry) their
/// positions in the bytes of their file.
pub fn locate(file: &str, bytes: &[u8], findings: Vec<Finding>) -> Vec<Finding> {
    let drafts = findings
        .into_iter()
        .map(|f| Draft {
            rule: f.rule,
            pointer: f.pointer,
            at_key: false,
            offset: None,
            message: f.message,
            hint: Some(f.hint),
            related: f
                .related
                .into_iter()
                .map(|r| (r.pointer, r.label))
                .collect(),
        })
        .collect();
    locate_drafts(file, bytes, drafts)
}

/// Validates the data folder `dir` through the split API on this machine,
/// one file after another: the reference for an engine that runs the same
/// steps on many. Its report equals [`validate_dir_with`](super::validate_dir_with)'s.
pub fn validate_split(dir: &Path, limits: &Limits) -> Result<Report, Fatal> {
    let started = Instant::now();
    let head = Head::read(dir, limits)?;
    let mut findings = Vec::new();
    let mut suppressed_in_files = Vec::new();
    let mut summaries = Vec::new();
    for file in head.articles() {
        let check = head.check_article_in(dir, file)?;
        findings.extend(check.findings);
        suppressed_in_files.extend(check.suppressed);
        summaries.push(check.summary);
    }
    let mut merged = head.merge(summaries).map_err(|e| Fatal::Io {
        path: dir.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    for (file, unlocated) in std::mem::take(&mut merged.unlocated) {
        let bytes = read_checked(dir, &file, limits).unwrap_or_default();
        findings.extend(locate(&file, &bytes, unlocated));
    }
    let mut report = merged.into_report(findings, suppressed_in_files);
    report.elapsed = started.elapsed();
    Ok(report)
}

/// A path as a data folder lists its articles: under `articles/`, ending
/// in `.json`, `/`-separated, with no empty, `.` or `..` part.
fn is_article_path(file: &str) -> bool {
    file.starts_with("articles/")
        && file.ends_with(".json")
        && !file.contains('\\')
        && file.split('/').all(|part| !matches!(part, "" | "." | ".."))
}

/// Counts over the cap, summed by (file, rule), in that order.
fn suppressed(counts: impl IntoIterator<Item = ((String, Rule), usize)>) -> Vec<Suppressed> {
    let mut by: Dropped = BTreeMap::new();
    for (key, n) in counts {
        *by.entry(key).or_default() += n;
    }
    by.into_iter()
        .map(|((file, rule), count)| Suppressed { file, rule, count })
        .collect()
}

/// The crate version, the limits and every head file's name and bytes,
/// hashed (FNV-1a, 64 bits: stable across machines and runs, which the
/// standard library's hasher is not).
fn fingerprint(documents: &[(String, Option<Vec<u8>>)], limits: &Limits) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed(env!("CARGO_PKG_VERSION").as_bytes());
    feed(&limits.max_file_bytes.to_le_bytes());
    feed(&(limits.max_depth as u64).to_le_bytes());
    feed(&(limits.max_findings_per_rule as u64).to_le_bytes());
    for (name, bytes) in documents {
        if let Some(bytes) = bytes {
            feed(name.as_bytes());
            feed(bytes);
        }
    }
    format!("{}-{hash:016x}", env!("CARGO_PKG_VERSION"))
}
