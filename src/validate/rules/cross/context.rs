//! What a cross-file rule sees: the compact index of the registry and the
//! articles' summaries (`crate::validate::cross`), never whole documents.

use std::sync::Arc;

use chrono::NaiveDate;
use foldhash::{HashMap, HashSet};

use crate::meetings::IdentityRef;
use crate::model::{EntityKind, FactKind, OriginKind, ParticipationChangeKind, RecordKind, Role};
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

/// A meeting as the cross-file rules see it: 48 bytes with its file, since
/// a large corpus holds hundreds of thousands. Its key and roster are
/// numbers: many mentions of one round share them (see
/// [`Index::meeting_key`] and [`Index::roster`]).
#[derive(Clone, Debug)]
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

/// A meeting's participants as the rules see them: (entity, role, position
/// in the fact's `participants`).
pub(crate) type Roster = [(u32, Role, u32)];

/// An asserted participation change as the cross-file rules see it.
#[derive(Clone, Debug)]
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
#[derive(Clone, Debug)]
pub struct StateRow {
    pub(crate) fact: u32,
    pub(crate) lo: Option<NaiveDate>,
    pub(crate) hi: Option<NaiveDate>,
}

/// An original text an article rewrites (one of its `derived_from`), as
/// the cross-file rules see it.
#[derive(Clone, Debug)]
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
#[derive(Clone, Debug)]
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
#[derive(Default)]
pub struct Index {
    pub(crate) files: Vec<String>,
    pub(crate) registry_file: Option<u32>,
    pub(crate) registry: Option<Registry>,
    pub(crate) used: Vec<bool>,
    pub(crate) articles: HashMap<String, u32>,
    pub(crate) duplicate_articles: Vec<(u32, String)>,
    pub(crate) cited_facts: HashMap<(String, String), FactKind>,
    pub(crate) meetings: Vec<(u32, MeetingRow)>,
    pub(crate) changes: HashMap<(u32, u32, Role), Vec<(u32, ChangeRow)>>,
    pub(crate) states: HashMap<(u32, u32, Role), Vec<(u32, StateRow)>>,
    /// What `changes` and `states` already hold, so that keeping the first
    /// report of each is one lookup, not a scan of the entity's timeline.
    pub(crate) seen_events: HashSet<EventSignature>,
    /// Each distinct roster once, numbered: articles about one round
    /// repeat it.
    pub(crate) rosters: Vec<Arc<Roster>>,
    pub(crate) roster_numbers: HashMap<Arc<Roster>, u32>,
    /// Every origin of every article: (file, origin id, row).
    pub(crate) origins: Vec<(u32, Box<str>, OriginRow)>,
    /// Every statement that renders a part of an original: (file, origin
    /// id, part, row).
    pub(crate) renderings: Vec<(u32, Box<str>, Box<str>, RenderingRow)>,
    /// Each distinct `meeting_key` once, numbered.
    pub(crate) meeting_keys: Vec<Arc<str>>,
    pub(crate) meeting_key_numbers: HashMap<Arc<str>, u32>,
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
    /// The roster of a meeting: (entity, role, position in `participants`).
    pub(crate) fn roster(&self, m: &MeetingRow) -> &Roster {
        self.rosters.get(m.roster as usize).map_or(&[], |r| &r[..])
    }

    /// The `meeting_key` of a meeting, if it has one.
    pub(crate) fn meeting_key(&self, m: &MeetingRow) -> Option<&str> {
        m.key
            .and_then(|k| self.meeting_keys.get(k as usize))
            .map(|k| &k[..])
    }

    /// The id of a meeting (as the exports write it) and the field its
    /// identity comes from, if it has one.
    pub(crate) fn meeting_id(&self, m: &MeetingRow) -> Option<(String, &'static str)> {
        let identity = IdentityRef::new(m.round, self.meeting_key(m), 0);
        let field = match identity {
            IdentityRef::Round(_) => "round",
            _ => "meeting_key",
        };
        identity
            .meeting_id(self.name(m.series))
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
    #[test]
    fn a_meeting_row_stays_small() {
        // Peak memory at 100,000 articles is mostly these rows (seven
        // meetings an article in the benchmark corpus): 72 bytes each with
        // the roster and key held by pointer, 48 with both numbered.
        assert!(std::mem::size_of::<(u32, super::MeetingRow)>() <= 48);
    }
}
