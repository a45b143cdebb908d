//! The corpus as a whole: loading the data files (embedded or from a
//! folder), indexing them by id, and the queries users ask of them.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use crate::meetings;
use crate::model::{
    Article, DateValue, EntitiesFile, Entity, EntityId, Fact, FactKind, Manifest, Meeting,
    Modality, Origin, OriginalPart, PartialDate, Participant, RetiredFile, Retirement, Statement,
    SCHEMA_VERSION,
};

/// The data files of the folder `dir` as (path relative to it, text), in
/// the order [`Corpus::from_files`] takes them, read one at a time as the
/// iterator is advanced: through the one safe reader (no links, no pipes or
/// devices, at most [`DEFAULT_MAX_FILE_BYTES`](crate::files::DEFAULT_MAX_FILE_BYTES)),
/// and only as UTF-8. A folder with links, pipes or stray files in it is
/// refused before anything is read, so a corpus is never loaded in part.
pub fn read_data_files<'a>(
    dir: &'a Path,
    progress: &'a dyn Progress,
) -> Result<impl Iterator<Item = Result<(String, String), LoadError>> + 'a, LoadError> {
    let listing = crate::files::list_data_files(dir)
        .map_err(|e| LoadError::at(&dir.join("articles").display().to_string(), e.to_string()))?;
    if let Some((entry, reason)) = listing.unexpected.first() {
        return Err(LoadError::at(
            entry,
            format!("{reason}; run `astana-corpus validate`"),
        ));
    }
    progress.found(listing.files.len());
    Ok(listing.files.into_iter().map(move |path| {
        let bytes = crate::files::read_in(dir, &path, crate::files::DEFAULT_MAX_FILE_BYTES)
            .map_err(|e| LoadError::at(&path, e.to_string()))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| LoadError::at(&path, format!("not UTF-8: {e}")))?;
        progress.checked(&path);
        Ok((path, text))
    }))
}

/// Told how far a long load or check has got, on the calling thread: how
/// many files were found, once, then each file as it is done, in file
/// order. For a progress bar; `()` ignores both.
pub trait Progress {
    /// The number of data files found, once, before any is read.
    fn found(&self, _files: usize) {}
    /// One more file done.
    fn checked(&self, _file: &str) {}
}

impl Progress for () {}

/// A corpus being built file by file: the registry first, then each
/// article or `retired.json` as it comes.
struct Loader {
    corpus: Corpus,
}

impl Loader {
    /// Starts from the manifest and the entity registry, each as (path, text).
    fn new(manifest: (&str, &str), entities: (&str, &str)) -> Result<Loader, LoadError> {
        let (manifest_path, manifest_text) = manifest;
        let manifest: Manifest = parse(manifest_path, manifest_text)?;
        check_version(manifest_path, manifest.schema_version)?;
        let (entities_path, entities_text) = entities;
        let registry: EntitiesFile = parse(entities_path, entities_text)?;
        check_version(entities_path, registry.schema_version)?;

        let mut corpus = Corpus {
            manifest,
            entities_schema: registry.schema,
            retired: None,
            entities: registry.entities,
            articles: Vec::new(),
            article_paths: Vec::new(),
            entity_index: HashMap::new(),
            article_index: HashMap::new(),
        };
        for (i, entity) in corpus.entities.iter().enumerate() {
            if corpus
                .entity_index
                .insert(entity.id.to_string(), i)
                .is_some()
            {
                return Err(LoadError::at(
                    entities_path,
                    format!("entity id `{}` is used twice", entity.id),
                ));
            }
        }
        Ok(Loader { corpus })
    }

    /// Adds one more file: `retired.json` or an article.
    fn add(&mut self, path: &str, text: &str) -> Result<(), LoadError> {
        let corpus = &mut self.corpus;
        if path == "retired.json" {
            let retired: RetiredFile = parse(path, text)?;
            check_version(path, retired.schema_version)?;
            corpus.retired = Some(retired);
            return Ok(());
        }
        let article: Article = parse(path, text)?;
        check_version(path, article.schema_version)?;
        let index = corpus.articles.len();
        if corpus
            .article_index
            .insert(article.id.to_string(), index)
            .is_some()
        {
            return Err(LoadError::at(
                path,
                format!("article id `{}` is used twice", article.id),
            ));
        }
        corpus.articles.push(article);
        corpus.article_paths.push(path.to_owned());
        Ok(())
    }
}

/// A loaded corpus: the manifest, the entity registry and every article,
/// indexed by id.
#[derive(Debug, Clone)]
pub struct Corpus {
    manifest: Manifest,
    /// The registry file's own `$schema`.
    entities_schema: String,
    /// `retired.json`, when the corpus has one.
    retired: Option<RetiredFile>,
    entities: Vec<Entity>,
    articles: Vec<Article>,
    /// Path of each article relative to the data folder, parallel to `articles`.
    article_paths: Vec<String>,
    entity_index: HashMap<String, usize>,
    article_index: HashMap<String, usize>,
}

/// Why a corpus could not be loaded: which file, where in it, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadError {
    /// Path of the file, relative to the data folder where possible.
    pub path: String,
    /// Where in the file, when the error has a position: 1-based line and
    /// column (serde_json's column, in bytes of the line).
    pub position: Option<crate::text::LineColumn>,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = self.position {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path, at.line, at.column, self.message
            )
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    fn at(path: &str, message: impl Into<String>) -> Self {
        LoadError {
            path: path.to_owned(),
            position: None,
            message: message.into(),
        }
    }

    fn json(path: &str, err: &serde_json::Error) -> Self {
        LoadError {
            path: path.to_owned(),
            position: (err.line() > 0).then(|| crate::text::LineColumn {
                line: err.line(),
                column: err.column(),
            }),
            message: err.to_string(),
        }
    }
}

/// A fact together with the article that states it.
#[derive(Debug, Clone, Copy)]
pub struct FactEntry<'a> {
    /// The article.
    pub article: &'a Article,
    /// The fact.
    pub fact: &'a Fact,
}

impl FactEntry<'_> {
    /// The corpus-wide id `<article id>#<fact id>`, as used in the exports.
    pub fn global_id(&self) -> String {
        format!("{}#{}", self.article.id, self.fact.id())
    }
}

/// A meeting together with the article that reports it.
#[derive(Debug, Clone, Copy)]
pub struct MeetingEntry<'a> {
    /// The article.
    pub article: &'a Article,
    /// The meeting.
    pub meeting: &'a Meeting,
}

impl MeetingEntry<'_> {
    /// The corpus-wide id of the meeting fact, `<article id>#<fact id>`.
    pub fn global_id(&self) -> String {
        format!("{}#{}", self.article.id, self.meeting.id)
    }
}

/// A statement together with the article that renders it.
#[derive(Debug, Clone, Copy)]
pub struct StatementEntry<'a> {
    /// The article.
    pub article: &'a Article,
    /// The statement.
    pub statement: &'a Statement,
}

impl<'a> StatementEntry<'a> {
    /// The corpus-wide id of the statement fact, `<article id>#<fact id>`.
    pub fn global_id(&self) -> String {
        format!("{}#{}", self.article.id, self.statement.id)
    }

    /// The original text the statement renders, as its article describes
    /// it.
    pub fn origin(&self) -> Option<&'a Origin> {
        let part = self.statement.original.as_ref()?;
        self.article
            .derived_from
            .iter()
            .find(|o| o.id == part.origin)
    }
}

/// One statement, merged from every statement fact that renders it: the
/// renderings of one part of one original text, in however many articles,
/// or a statement that names no original, alone.
#[derive(Debug, Clone)]
pub struct CorpusStatement<'a> {
    /// The part of the original it renders, if it names one.
    pub original: Option<&'a OriginalPart>,
    /// The original, as the first rendering's article describes it.
    pub origin: Option<&'a Origin>,
    /// Every statement fact that renders it, in article order.
    pub renderings: Vec<StatementEntry<'a>>,
}

impl CorpusStatement<'_> {
    /// A stable id for the statement: `<origin>#<part>` (see
    /// [`OriginalPart::statement_id`]), or for a statement that names no
    /// original, its fact's id (`<article>#<fact>`).
    pub fn id(&self) -> String {
        match self.original {
            Some(part) => part.statement_id(),
            None => self
                .renderings
                .first()
                .map_or_else(String::new, StatementEntry::global_id),
        }
    }

    /// How many articles render it.
    pub fn articles(&self) -> usize {
        let mut ids: Vec<&str> = self
            .renderings
            .iter()
            .map(|r| r.article.id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }
}

/// Where [`Corpus::resolve`] leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Resolved<'a> {
    /// The id is not retired.
    Live(&'a str),
    /// The id was retired and `by` replaces it (following every
    /// `replaced_by`); `last` is the last retirement on the way.
    Replaced {
        /// The id that replaces it now.
        by: &'a str,
        /// The retirement that named `by`.
        last: &'a Retirement,
    },
    /// The id was retired and nothing replaces it.
    Retired(&'a Retirement),
}

/// A value of a merged meeting with the mentions that attest it.
#[derive(Debug, Clone)]
pub struct Attested<'a, T> {
    /// The value.
    pub value: T,
    /// The meeting facts that give it.
    pub attested_by: Vec<MeetingEntry<'a>>,
}

/// One real meeting, merged from every meeting fact that mentions it.
#[derive(Debug, Clone)]
pub struct CorpusMeeting<'a> {
    /// The series.
    pub series: &'a EntityId,
    /// Which meeting of the series: its round, its `meeting_key`, or
    /// neither (a meeting only one mention identifies).
    pub identity: meetings::Identity,
    /// `asserted` when any mention says it took place, else `planned`.
    pub modality: Modality,
    /// How many articles mention it.
    pub articles: usize,
    /// The most precise date the mentions give, and the mentions whose
    /// dates agree with it, the mention that gives it first.
    pub date: Option<Attested<'a, &'a DateValue>>,
    /// The venue, and the mentions that name it.
    pub venue: Option<Attested<'a, &'a EntityId>>,
    /// Each participant once, with the mentions that list it in that role.
    pub participants: Vec<Attested<'a, Participant>>,
    /// Every meeting fact that mentions it, in article order.
    pub mentions: Vec<MeetingEntry<'a>>,
}

impl CorpusMeeting<'_> {
    /// A stable id for the meeting: `<series>#round-<n>`,
    /// `<series>#key-<meeting_key>`, or for a meeting only one mention
    /// identifies, that mention's fact id (`<article>#<fact>`).
    pub fn id(&self) -> String {
        self.identity
            .as_ref()
            .meeting_id(self.series.as_str())
            .unwrap_or_else(|| {
                self.mentions
                    .first()
                    .map_or_else(String::new, MeetingEntry::global_id)
            })
    }
}

impl Corpus {
    /// The corpus shipped with this crate, compiled in and parsed once on
    /// first use.
    ///
    /// # Panics
    ///
    /// Panics if the shipped data does not load, which the crate's own tests
    /// rule out before release. Use [`Corpus::try_embedded`] to handle it.
    pub fn embedded() -> &'static Corpus {
        match Corpus::try_embedded() {
            Ok(corpus) => corpus,
            Err(err) => panic!("the corpus shipped with astana-corpus does not load: {err}"),
        }
    }

    /// The corpus shipped with this crate, or why it does not load.
    pub fn try_embedded() -> Result<&'static Corpus, &'static LoadError> {
        static EMBEDDED: OnceLock<Result<Corpus, LoadError>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| Corpus::from_files(crate::embedded::files().iter().copied()))
            .as_ref()
    }

    /// Loads the corpus from a data folder laid out as `data/` is:
    /// `manifest.json`, `entities.json` and `articles/**/*.json`.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Corpus, LoadError> {
        Corpus::from_dir_with_progress(dir, &())
    }

    /// [`Corpus::from_dir`], telling `progress` how many data files it
    /// found and then each one as it is loaded. Files are read and parsed
    /// one at a time, so no more than one file's text is held at once.
    pub fn from_dir_with_progress(
        dir: impl AsRef<Path>,
        progress: &dyn Progress,
    ) -> Result<Corpus, LoadError> {
        let mut files = read_data_files(dir.as_ref(), progress)?;
        // The listing always starts with the two registry files.
        let mut next = |name: &str| {
            files
                .next()
                .unwrap_or_else(|| Err(LoadError::at(name, "missing")))
        };
        let (manifest_path, manifest) = next("manifest.json")?;
        let (entities_path, entities) = next("entities.json")?;
        let mut loader = Loader::new((&manifest_path, &manifest), (&entities_path, &entities))?;
        for file in files {
            let (path, text) = file?;
            loader.add(&path, &text)?;
        }
        Ok(loader.corpus)
    }

    /// Loads the corpus from (path, contents) pairs: first `manifest.json`,
    /// then `entities.json`, then the articles, with `retired.json`
    /// anywhere after the first two.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Corpus, LoadError> {
        let mut files = files.into_iter();
        let manifest = files
            .next()
            .ok_or_else(|| LoadError::at("manifest.json", "missing"))?;
        let entities = files
            .next()
            .ok_or_else(|| LoadError::at("entities.json", "missing"))?;
        let mut loader = Loader::new(manifest, entities)?;
        for (path, text) in files {
            loader.add(path, text)?;
        }
        Ok(loader.corpus)
    }

    /// The dataset manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The retired ids (`retired.json`), if the corpus has the file.
    pub fn retired(&self) -> Option<&RetiredFile> {
        self.retired.as_ref()
    }

    /// Where an id leads now: itself when it is live or unknown, or, for a
    /// retired id, the end of its chain of `replaced_by` (the live record
    /// that replaces it, or the last retirement when nothing does). Ids are
    /// written as the exports write them (`<article>#<fact>` for facts).
    /// Cycles in the chain stop at the first repeat.
    pub fn resolve<'a>(&'a self, id: &'a str) -> Resolved<'a> {
        let Some(retired) = &self.retired else {
            return Resolved::Live(id);
        };
        let find = |id: &str| retired.retired.iter().find(|r| r.id == id);
        let mut current = id;
        let mut last: Option<&Retirement> = None;
        let mut seen = std::collections::HashSet::new();
        while let Some(r) = find(current) {
            if !seen.insert(current) {
                break;
            }
            last = Some(r);
            match &r.replaced_by {
                Some(next) => current = next,
                None => return Resolved::Retired(r),
            }
        }
        match last {
            None => Resolved::Live(id),
            Some(r) if find(current).is_some() => Resolved::Retired(r),
            Some(r) => Resolved::Replaced {
                by: current,
                last: r,
            },
        }
    }

    /// The `$schema` that `entities.json` names (a relative path).
    pub fn entities_schema(&self) -> &str {
        &self.entities_schema
    }

    /// Every entity, in registry order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Every article, in path order.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// The article's file path relative to the data folder.
    pub fn article_path(&self, id: &str) -> Option<&str> {
        self.article_index
            .get(id)
            .map(|&i| self.article_paths[i].as_str())
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entity_index.get(id).map(|&i| &self.entities[i])
    }

    /// The article with this id.
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.article_index.get(id).map(|&i| &self.articles[i])
    }

    /// Every fact of every article, in article then document order.
    pub fn facts(&self) -> impl Iterator<Item = FactEntry<'_>> {
        self.articles.iter().flat_map(|article| {
            article
                .facts
                .iter()
                .map(move |fact| FactEntry { article, fact })
        })
    }

    /// Every fact of one kind.
    pub fn facts_of_kind(&self, kind: FactKind) -> impl Iterator<Item = FactEntry<'_>> {
        self.facts().filter(move |e| e.fact.kind() == kind)
    }

    /// Every fact that refers to the entity in any field.
    pub fn facts_mentioning<'a>(&'a self, entity: &'a str) -> impl Iterator<Item = FactEntry<'a>> {
        self.facts().filter(move |e| e.fact.mentions(entity))
    }

    /// The meetings of a series in date order: by the earliest day each can
    /// fall on, then the latest, then round; meetings of unknown date last.
    pub fn meetings_of_series(&self, series: &str) -> Vec<MeetingEntry<'_>> {
        let mut meetings: Vec<MeetingEntry<'_>> = self
            .facts()
            .filter_map(|e| match e.fact {
                Fact::Meeting(m) if m.series == series => Some(MeetingEntry {
                    article: e.article,
                    meeting: m,
                }),
                _ => None,
            })
            .collect();
        meetings.sort_by_key(|e| {
            let date = &e.meeting.date;
            (
                date.lower_bound().is_none(),
                date.lower_bound(),
                date.upper_bound(),
                e.meeting.round,
                e.article.id.clone(),
                e.meeting.id.clone(),
            )
        });
        meetings
    }

    /// Every real meeting, merged from the meeting facts that mention it
    /// across articles (see [`crate::meetings`] for what makes two mentions
    /// one meeting): by series, then round, then key; meetings that only one
    /// mention identifies come last, in article order. Mentions of meetings
    /// that are only conditional, intended or hypothetical are left out.
    ///
    /// Where mentions disagree (dates that cannot overlap, two venues, one
    /// participant in two roles), the first value is kept; `astana-corpus
    /// validate` reports the disagreement as `meeting-conflict`.
    pub fn meetings(&self) -> Vec<CorpusMeeting<'_>> {
        let entries: Vec<MeetingEntry<'_>> = self
            .facts()
            .filter(|e| e.fact.is_actual())
            .filter_map(|e| match e.fact {
                Fact::Meeting(m) => Some(MeetingEntry {
                    article: e.article,
                    meeting: m,
                }),
                _ => None,
            })
            .collect();
        let mentions: Vec<meetings::Mention<&EntityId>> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| meetings::Mention {
                series: &e.meeting.series,
                identity: meetings::Identity::of(e.meeting, i),
                lo: e.meeting.date.lower_bound(),
                hi: e.meeting.date.upper_bound(),
                venue: e.meeting.venue.as_ref(),
                participants: e
                    .meeting
                    .participants
                    .iter()
                    .map(|p| (&p.entity, p.role))
                    .collect(),
            })
            .collect();
        let (merged, _) = meetings::merge(&mentions);
        let pick = |indices: &[usize]| indices.iter().map(|&i| entries[i]).collect::<Vec<_>>();
        merged
            .into_iter()
            .map(|m| {
                let mut articles: Vec<&str> = m
                    .mentions
                    .iter()
                    .map(|&i| entries[i].article.id.as_str())
                    .collect();
                articles.sort_unstable();
                articles.dedup();
                let modality = if m
                    .mentions
                    .iter()
                    .any(|&i| entries[i].meeting.modality == Modality::Asserted)
                {
                    Modality::Asserted
                } else {
                    Modality::Planned
                };
                CorpusMeeting {
                    series: m.series,
                    identity: m.identity,
                    modality,
                    articles: articles.len(),
                    date: m.date.map(|d| Attested {
                        value: &entries[d.value].meeting.date,
                        attested_by: pick(&d.by),
                    }),
                    venue: m.venue.map(|v| Attested {
                        value: v.value,
                        attested_by: pick(&v.by),
                    }),
                    participants: m
                        .participants
                        .into_iter()
                        .map(|p| Attested {
                            value: Participant {
                                entity: p.value.0.clone(),
                                role: p.value.1,
                            },
                            attested_by: pick(&p.by),
                        })
                        .collect(),
                    mentions: pick(&m.mentions),
                }
            })
            .collect()
    }

    /// Every statement, its renderings in all articles merged: statement
    /// facts that name the same part of the same original text
    /// ([`Statement::original`]) are one statement. Merged statements come
    /// first, by id; statements that name no original follow, in article
    /// order.
    ///
    /// Where renderings disagree (other speakers, or articles that describe
    /// the original differently), every rendering is kept; `astana-corpus
    /// validate` reports the disagreement as `statement-conflict`.
    pub fn statements(&self) -> Vec<CorpusStatement<'_>> {
        let mut merged: BTreeMap<(&str, &str), CorpusStatement<'_>> = BTreeMap::new();
        let mut alone = Vec::new();
        for e in self.facts() {
            let Fact::Statement(statement) = e.fact else {
                continue;
            };
            let entry = StatementEntry {
                article: e.article,
                statement,
            };
            match &statement.original {
                Some(part) => merged
                    .entry((part.origin.as_str(), part.part.as_str()))
                    .or_insert_with(|| CorpusStatement {
                        original: Some(part),
                        origin: entry.origin(),
                        renderings: Vec::new(),
                    })
                    .renderings
                    .push(entry),
                None => alone.push(CorpusStatement {
                    original: None,
                    origin: None,
                    renderings: vec![entry],
                }),
            }
        }
        merged.into_values().chain(alone).collect()
    }

    /// The earliest and latest known dates (`start`/`end`, not the bounds of
    /// unknown dates) of the events and statements the facts describe,
    /// publication dates excluded, written at their own precision.
    pub fn date_span(&self) -> Option<(PartialDate, PartialDate)> {
        let dates: Vec<&DateValue> = self.facts().filter_map(|e| e.fact.date()).collect();
        let lows = dates.iter().filter_map(|d| d.start);
        let highs = dates.iter().filter_map(|d| d.end.or(d.start));
        let first = lows.min_by_key(|p| p.first_day())?;
        let last = highs.max_by_key(|p| p.last_day())?;
        Some((first, last))
    }

    /// How many facts there are of each kind.
    pub fn fact_counts(&self) -> BTreeMap<FactKind, usize> {
        let mut counts = BTreeMap::new();
        for entry in self.facts() {
            *counts.entry(entry.fact.kind()).or_default() += 1;
        }
        counts
    }

    /// How many entities there are of each kind.
    pub fn entity_counts(&self) -> BTreeMap<crate::model::EntityKind, usize> {
        let mut counts = BTreeMap::new();
        for entity in &self.entities {
            *counts.entry(entity.kind).or_default() += 1;
        }
        counts
    }
}

fn parse<T: serde::de::DeserializeOwned>(path: &str, text: &str) -> Result<T, LoadError> {
    serde_json::from_str(text).map_err(|e| LoadError::json(path, &e))
}

fn check_version(path: &str, version: u32) -> Result<(), LoadError> {
    if version == SCHEMA_VERSION {
        Ok(())
    } else {
        Err(LoadError::at(
            path,
            format!(
                "schema_version {version} is not supported: this version of astana-corpus reads schema_version {SCHEMA_VERSION}{}",
                if version < SCHEMA_VERSION {
                    "; run `astana-corpus migrate` on the data folder to upgrade it"
                } else {
                    ""
                }
            ),
        ))
    }
}
