//! What a cross-file rule sees: the compact index of the registry and the
//! articles' summaries (`crate::validate::cross`), never whole documents.

use std::sync::Arc;

use chrono::NaiveDate;
use foldhash::{HashMap, HashSet};

use crate::meetings::IdentityRef;
use crate::model::{EntityKind, FactKind, OriginKind, ParticipationChangeKind, RecordKind, Role};
use crate::validate::compact::{Chunked, IdMap, Names, Numbered};
use crate::validate::finding::Draft;

/// The context of the cross-file rules: the finished index.
pub(crate) type CrossContext = Index;

/// A cross-file rule, declared in its file as `pub(crate) struct Check`.
///
/// Its findings come from the finished index ([`CrossRule::check`], run
/// for every rule by the registry), or from the scan of each article's
/// references against the registry, where the reference is at hand (the
/// rule's own functions, called by `crate::validate::cross` as it
/// resolves each reference), or both.
pub(crate) trait CrossRule {
    /// Adds the findings over the finished index, as (file, draft); a rule
    /// that reports only while references are resolved adds nothing here.
    fn check(_index: &CrossContext, _out: &mut Vec<(u32, Draft)>) {}
}

/// The entity registry as the rules need it: each id's index and kind, and
/// the facts its positions cite.
pub struct Registry {
    pub(crate) ids: HashMap<String, u32>,
    pub(crate) kinds: Vec<EntityKind>,
    pub(crate) names: Vec<String>,
    /// (pointer in entities.json, article id, fact id) of each `stated_in`.
    pub(crate) stated_in: Vec<(String, String, String)>,
    /// Article ids that `stated_in` names, to collect only those facts.
    pub(crate) cited_articles: HashSet<String>,
    /// The retired ids, once `retired.json` is read.
    pub(crate) retired: Arc<Retired>,
    /// Fact ids that a retirement's `replaced_by` names: articles report
    /// which they hold, so that only those are collected.
    pub(crate) replacements: HashSet<String>,
}

/// One retirement as the rules need it: sort of record, version, reason,
/// `replaced_by`, position in the file.
type RetiredEntry = (RecordKind, String, &'static str, Option<String>, usize);

/// The retired ids as the rules need them.
#[derive(Debug, Default)]
pub struct Retired {
    /// Each retired id and its retirement.
    pub(crate) ids: HashMap<String, RetiredEntry>,
    /// Articles with a retired fact, or a fact a retirement's
    /// `replaced_by` names: only their facts are looked up, so that
    /// articles without either cost nothing per fact.
    pub(crate) fact_articles: HashSet<String>,
}

impl Retired {
    /// The retirement of `id` as a record of this sort, if any: (version,
    /// reason, replaced_by).
    pub(crate) fn get(
        &self,
        kind: RecordKind,
        id: &str,
    ) -> Option<(&str, &'static str, Option<&str>)> {
        self.ids
            .get(id)
            .filter(|r| r.0 == kind)
            .map(|r| (r.1.as_str(), r.2, r.3.as_deref()))
    }
}

/// A meeting mention as the cross-file rules see it: its fact and the
/// values it states (see [`Mentions`], which holds each distinct set of
/// values once).
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct MeetingRow {
    pub(crate) fact: u32,
    pub(crate) series: u32,
    pub(crate) round: Option<u32>,
    pub(crate) key: Option<u32>,
    pub(crate) lo: Option<NaiveDate>,
    pub(crate) hi: Option<NaiveDate>,
    pub(crate) venue: Option<u32>,
    pub(crate) roster: u32,
}

/// What a meeting mention states, apart from which fact it is: articles
/// about one round repeat these, so each distinct set is held once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct MeetingValues {
    pub(crate) series: u32,
    pub(crate) round: Option<u32>,
    pub(crate) key: Option<u32>,
    pub(crate) lo: Option<NaiveDate>,
    pub(crate) hi: Option<NaiveDate>,
    pub(crate) venue: Option<u32>,
    pub(crate) roster: u32,
    /// For a mention with neither round nor key, its number plus one:
    /// such a mention is a meeting of its own, never shared. Otherwise 0.
    pub(crate) alone: u32,
}

/// Every meeting mention of the corpus, in file order: eight bytes a
/// mention (its fact and the number of its values) plus each distinct set
/// of values once. At a million articles of seven mentions each this is
/// 56 MB where a row a mention was 336 MB.
#[derive(Default)]
pub(crate) struct Mentions {
    values: Numbered<MeetingValues>,
    /// (fact, number of its values) of each mention.
    mentions: Chunked<(u32, u32)>,
    /// (first mention, file) of each file that has a mention.
    files: Vec<(u32, u32)>,
}

impl Mentions {
    /// Adds a mention from `file` (files in order).
    pub(crate) fn push(&mut self, file: u32, m: &MeetingRow) {
        let number = self.mentions.len() as u32;
        if self.files.last().is_none_or(|&(_, f)| f != file) {
            self.files.push((number, file));
        }
        let alone = if m.round.is_none() && m.key.is_none() {
            number + 1
        } else {
            0
        };
        let values = self.values.number(MeetingValues {
            series: m.series,
            round: m.round,
            key: m.key,
            lo: m.lo,
            hi: m.hi,
            venue: m.venue,
            roster: m.roster,
            alone,
        });
        self.mentions.push((m.fact, values));
    }

    /// The number of distinct sets of values.
    pub(crate) fn distinct(&self) -> usize {
        self.values.len()
    }

    /// The values numbered `n`.
    pub(crate) fn values(&self, n: u32) -> &MeetingValues {
        self.values.get(n)
    }

    /// Mention `i`.
    pub(crate) fn row(&self, i: usize) -> MeetingRow {
        let (fact, n) = self.mentions.get(i);
        row(fact, self.values.get(n))
    }

    /// The file of mention `i`.
    pub(crate) fn file(&self, i: usize) -> u32 {
        let at = self.files.partition_point(|&(first, _)| first as usize <= i);
        self.files[at - 1].1
    }

    /// Every mention with its file, in file order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, MeetingRow)> + '_ {
        let mut next_file = 0;
        let mut file = 0;
        self.mentions.iter().enumerate().map(move |(i, (fact, n))| {
            while let Some(&(first, f)) = self.files.get(next_file) {
                if first as usize > i {
                    break;
                }
                file = f;
                next_file += 1;
            }
            (file, row(fact, self.values.get(n)))
        })
    }

    /// The number of the values of each mention, in file order.
    pub(crate) fn values_numbers(&self) -> impl Iterator<Item = u32> + '_ {
        self.mentions.iter().map(|(_, n)| n)
    }

    /// The first mention of each set of values, by values number.
    pub(crate) fn first_mentions(&self) -> Vec<u32> {
        let mut first = vec![u32::MAX; self.values.len()];
        for (i, n) in self.values_numbers().enumerate() {
            let slot = &mut first[n as usize];
            if *slot == u32::MAX {
                *slot = i as u32;
            }
        }
        first
    }
}

fn row(fact: u32, v: &MeetingValues) -> MeetingRow {
    MeetingRow {
        fact,
        series: v.series,
        round: v.round,
        key: v.key,
        lo: v.lo,
        hi: v.hi,
        venue: v.venue,
        roster: v.roster,
    }
}

/// A meeting's participants as the rules see them: (entity, role, position
/// in the fact's `participants`).
pub(crate) type Roster = [(u32, Role, u32)];

/// An asserted participation change as the cross-file rules see it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ChangeRow {
    pub(crate) fact: u32,
    pub(crate) series: u32,
    pub(crate) entity: u32,
    pub(crate) role: Role,
    pub(crate) change: ParticipationChangeKind,
    /// The round declined, if one.
    pub(crate) round: Option<u32>,
    pub(crate) lo: Option<NaiveDate>,
    pub(crate) hi: Option<NaiveDate>,
    /// Whether the date is written (`start`), not only bounded: only a
    /// written date is a period an entity can have declined.
    pub(crate) dated: bool,
}

/// An asserted participation state (a role held over a period): the
/// earliest its period can begin and the latest it can end.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct StateRow {
    pub(crate) fact: u32,
    pub(crate) lo: Option<NaiveDate>,
    pub(crate) hi: Option<NaiveDate>,
}

/// An original text an article rewrites (one of its `derived_from`), as
/// the cross-file rules see it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct OriginRow {
    /// Its position in `derived_from`.
    pub(crate) position: u32,
    /// The issuer, when it is in the registry.
    pub(crate) issuer: Option<u32>,
    pub(crate) kind: OriginKind,
    pub(crate) lo: Option<NaiveDate>,
    pub(crate) hi: Option<NaiveDate>,
}

/// A statement that renders a part of an original.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct RenderingRow {
    pub(crate) fact: u32,
    /// The speakers found in the registry, sorted, each once.
    pub(crate) speakers: Box<[u32]>,
}

/// One participation event or state of (series, entity, role), as far as
/// telling two reports of it apart goes: the change and round (`None` for
/// a state) and the bounds of its date.
pub(crate) type EventSignature = (
    (u32, u32, Role),
    Option<(ParticipationChangeKind, Option<u32>)>,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

/// The compact index over every file, and the cross-file rules.
pub struct Index {
    /// The name of every file the index numbers: shared with the workers
    /// that read them, never copied.
    pub(crate) files: Arc<Names>,
    pub(crate) registry_file: Option<u32>,
    pub(crate) registry: Option<Registry>,
    pub(crate) used: Vec<bool>,
    /// Each article id and the file that has it first.
    pub(crate) articles: IdMap,
    /// (file, id, file that has the id first) of each duplicate.
    pub(crate) duplicate_articles: Vec<(u32, String, u32)>,
    pub(crate) cited_facts: HashMap<(String, String), FactKind>,
    pub(crate) meetings: Mentions,
    pub(crate) changes: HashMap<(u32, u32, Role), Vec<(u32, ChangeRow)>>,
    pub(crate) states: HashMap<(u32, u32, Role), Vec<(u32, StateRow)>>,
    /// What `changes` and `states` already hold, so that keeping the first
    /// report of each is one lookup, not a scan of the entity's timeline.
    pub(crate) seen_events: HashSet<EventSignature>,
    /// Each distinct roster once, numbered: articles about one round
    /// repeat it.
    pub(crate) rosters: Numbered<Box<Roster>>,
    /// Every origin of every article: (file, origin id, row).
    pub(crate) origins: Vec<(u32, Box<str>, OriginRow)>,
    /// Every statement that renders a part of an original: (file, origin
    /// id, part, row).
    pub(crate) renderings: Vec<(u32, Box<str>, Box<str>, RenderingRow)>,
    /// Each distinct `meeting_key` once, numbered.
    pub(crate) meeting_keys: Numbered<Box<str>>,
    /// Some article could not be read, so what it references is unknown:
    /// "unused" and "no such article" cannot be concluded.
    pub(crate) incomplete: bool,
    /// `retired.json`: its file index and its entries.
    pub(crate) retired_file: Option<u32>,
    pub(crate) retired: Arc<Retired>,
    /// Fact ids named by `replaced_by` that some article holds.
    pub(crate) replacements_found: HashSet<String>,
    /// Drafts about entities.json found after it was read (reused ids).
    pub(crate) pending_registry_drafts: Vec<Draft>,
}

impl Registry {
    /// The index of an entity id, if it is in the registry.
    pub(crate) fn index(&self, id: &str) -> Option<u32> {
        self.ids.get(id).copied()
    }
}

impl Index {
    /// An index over the files named by `files`; every file number given to
    /// it is a number in `files`.
    pub(crate) fn new(files: Arc<Names>) -> Index {
        Index {
            files,
            registry_file: None,
            registry: None,
            used: Vec::new(),
            articles: IdMap::default(),
            duplicate_articles: Vec::new(),
            cited_facts: HashMap::default(),
            meetings: Mentions::default(),
            changes: HashMap::default(),
            states: HashMap::default(),
            seen_events: HashSet::default(),
            rosters: Numbered::default(),
            origins: Vec::new(),
            renderings: Vec::new(),
            meeting_keys: Numbered::default(),
            incomplete: false,
            retired_file: None,
            retired: Arc::default(),
            replacements_found: HashSet::default(),
            pending_registry_drafts: Vec::new(),
        }
    }

    /// The name of file `f`.
    pub(crate) fn file(&self, f: u32) -> &str {
        self.files.get(f)
    }

    /// The roster of a meeting: (entity, role, position in `participants`).
    pub(crate) fn roster(&self, m: &MeetingRow) -> &Roster {
        self.rosters.get(m.roster)
    }

    /// The `meeting_key` of a meeting, if it has one.
    pub(crate) fn meeting_key(&self, key: Option<u32>) -> Option<&str> {
        key.map(|k| &self.meeting_keys.get(k)[..])
    }

    /// The id of a meeting (as the exports write it) and the field its
    /// identity comes from, if it has one.
    pub(crate) fn meeting_id(&self, m: &MeetingRow) -> Option<(String, &'static str)> {
        self.meeting_id_of(m.series, m.round, m.key)
    }

    /// [`Index::meeting_id`] from a mention's series, round and key number.
    pub(crate) fn meeting_id_of(
        &self,
        series: u32,
        round: Option<u32>,
        key: Option<u32>,
    ) -> Option<(String, &'static str)> {
        let identity = IdentityRef::new(round, self.meeting_key(key), 0);
        let field = match identity {
            IdentityRef::Round(_) => "round",
            _ => "meeting_key",
        };
        identity
            .meeting_id(self.name(series))
            .map(|id| (id, field))
    }

    /// The id of the entity at a registry index.
    pub(crate) fn name(&self, index: u32) -> &str {
        self.registry
            .as_ref()
            .map_or("?", |r| r.names[index as usize].as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{MeetingRow, Mentions};

    fn mention(fact: u32, round: Option<u32>) -> MeetingRow {
        MeetingRow {
            fact,
            series: 1,
            round,
            key: None,
            lo: None,
            hi: None,
            venue: Some(2),
            roster: 0,
        }
    }

    #[test]
    fn mentions_share_values_but_keep_their_fact_and_file() {
        let mut all = Mentions::default();
        // (file, fact, round): files 3, 3, 5, 8, 8 with a file between
        // them that has no mention.
        let written = [
            (3, 0, Some(1)),
            (3, 4, Some(2)),
            (5, 1, Some(1)),
            (8, 2, None),
            (8, 3, None),
            (8, 6, Some(1)),
        ];
        for &(file, fact, round) in &written {
            all.push(file, &mention(fact, round));
        }
        // Round 1 thrice is one set of values; the two mentions without
        // round or key stand alone, each with its own.
        assert_eq!(all.distinct(), 4);
        let read: Vec<(u32, u32, Option<u32>)> =
            all.iter().map(|(f, m)| (f, m.fact, m.round)).collect();
        assert_eq!(read, written);
        for (i, &(file, fact, round)) in written.iter().enumerate() {
            assert_eq!(all.file(i), file);
            assert_eq!((all.row(i).fact, all.row(i).round), (fact, round));
        }
        let first = all.first_mentions();
        assert_eq!(first, [0, 1, 3, 4]);
        let numbers: Vec<u32> = all.values_numbers().collect();
        assert_eq!(numbers, [0, 1, 0, 2, 3, 0]);
    }
}
