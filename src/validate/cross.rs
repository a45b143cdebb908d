//! Rules across files. The entity registry is read first; each article is
//! then checked against it on its own (in parallel), leaving behind only a
//! compact summary: its id, its meetings' series, rounds, dates and rosters
//! and its participation changes, with entities as registry indices. The
//! cross-file rules run over those summaries, never over whole documents,
//! so memory grows with the number of meetings, not the size of the text.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::Arc;

use super::finding::Draft;
use super::rules::cross::{
    ChangeRow, MeetingRow, OriginRow, RenderingRow, Retired, Roster, StateRow,
};
pub(crate) use super::rules::cross::{Index, Registry};
use super::rules::{self, Rule};
use crate::model::{
    Article, EntitiesFile, EntityField, EntityKind, Fact, FactKind, RecordKind, RefSite,
    RetiredFile, Role,
};
use rules::article::{duplicate_id, unknown_reference};

impl Registry {
    /// Indexes the registry and checks the references it makes itself
    /// (`part_of`, positions' `of`); marks what those reference as used.
    pub fn new(file: &EntitiesFile, out: &mut Vec<Draft>, used: &mut Vec<bool>) -> Registry {
        let mut registry = Registry {
            ids: HashMap::new(),
            kinds: Vec::new(),
            names: Vec::new(),
            stated_in: Vec::new(),
            cited_articles: HashSet::new(),
            retired: Arc::default(),
            replacements: HashSet::new(),
        };
        for e in &file.entities {
            let index = registry.kinds.len() as u32;
            registry.ids.entry(e.id.to_string()).or_insert(index);
            registry.kinds.push(e.kind);
            registry.names.push(e.id.to_string());
        }
        used.clear();
        used.resize(registry.kinds.len(), false);
        for (i, e) in file.entities.iter().enumerate() {
            if let Some(parent) = &e.part_of {
                if parent != &e.id {
                    registry.check_ref(
                        || format!("/entities/{i}/part_of"),
                        parent,
                        "part_of",
                        None,
                        out,
                        used,
                    );
                }
            }
            for (j, p) in e.positions.iter().enumerate() {
                if let Some(of) = &p.of {
                    registry.check_ref(
                        || format!("/entities/{i}/positions/{j}/of"),
                        of,
                        "of",
                        Some(EntityField::Of.kinds()),
                        out,
                        used,
                    );
                }
                for (k, r) in p.stated_in.iter().enumerate() {
                    registry.cited_articles.insert(r.article.to_string());
                    registry.stated_in.push((
                        format!("/entities/{i}/positions/{j}/stated_in/{k}"),
                        r.article.to_string(),
                        r.fact.to_string(),
                    ));
                }
            }
        }
        registry
    }

    /// `unknown-reference` and `role-entity-kind` for one reference; marks
    /// the entity as used and returns its index.
    fn check_ref(
        &self,
        pointer: impl Fn() -> String,
        id: &str,
        what: &str,
        allowed: Option<&'static [EntityKind]>,
        out: &mut Vec<Draft>,
        used: &mut [bool],
    ) -> Option<u32> {
        let Some(index) = self.index(id) else {
            if let Some((version, reason, new)) = self.retired.get(RecordKind::Entity, id) {
                out.push(rules::cross::retired_reference::draft(
                    pointer(),
                    id,
                    version,
                    reason,
                    new,
                ));
            } else {
                out.push(rules::article::unknown_reference::no_entity(
                    pointer(),
                    id,
                    closest_id(id, self.names.iter()),
                ));
            }
            return None;
        };
        used[index as usize] = true;
        rules::cross::role_entity_kind::reference(
            &pointer,
            id,
            self.kinds[index as usize],
            what,
            allowed,
            out,
        );
        Some(index)
    }
}

/// A meeting as one article's summary holds it, before the index numbers
/// its key and roster.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct MeetingMention {
    pub(crate) row: MeetingRow,
    pub(crate) key: Option<Box<str>>,
    pub(crate) participants: Box<Roster>,
}

/// What one article leaves behind for the cross-file rules.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ArticleSummary {
    pub(crate) id: String,
    /// Kinds of the facts that the registry's positions cite.
    pub(crate) cited_facts: Vec<(String, FactKind)>,
    pub(crate) meetings: Vec<MeetingMention>,
    pub(crate) changes: Vec<ChangeRow>,
    /// (series, entity, role) and the state.
    pub(crate) states: Vec<((u32, u32, Role), StateRow)>,
    /// Registry indices this article references.
    pub(crate) used: Vec<u32>,
    /// Its fact ids that a retirement's `replaced_by` names.
    pub(crate) replacements: Vec<String>,
    /// The originals it rewrites: (origin id, row).
    pub(crate) origins: Vec<(Box<str>, OriginRow)>,
    /// Its statements that render a part of an original: (origin id, part,
    /// row).
    pub(crate) renderings: Vec<(Box<str>, Box<str>, RenderingRow)>,
}

impl ArticleSummary {
    /// Whether every entity it names is one of the registry's `entities`:
    /// a summary read back from elsewhere must not index past it.
    pub(crate) fn entities_below(&self, entities: usize) -> bool {
        let ok = |e: u32| (e as usize) < entities;
        self.used.iter().all(|&e| ok(e))
            && self.meetings.iter().all(|m| {
                ok(m.row.series)
                    && m.row.venue.is_none_or(ok)
                    && m.participants.iter().all(|&(e, _, _)| ok(e))
            })
            && self.changes.iter().all(|c| ok(c.series) && ok(c.entity))
            && self
                .states
                .iter()
                .all(|((series, e, _), _)| ok(*series) && ok(*e))
            && self.origins.iter().all(|(_, o)| o.issuer.is_none_or(ok))
            && self
                .renderings
                .iter()
                .all(|(_, _, r)| r.speakers.iter().all(|&e| ok(e)))
    }
}

/// Checks an article's entity references against the registry (when it
/// could be read), and summarises the article.
pub fn scan_article(
    article: &Article,
    registry: Option<&Registry>,
    out: &mut Vec<Draft>,
) -> ArticleSummary {
    let mut summary = ArticleSummary {
        id: article.id.to_string(),
        ..ArticleSummary::default()
    };
    let Some(registry) = registry else {
        return summary;
    };
    let mut used = vec![false; registry.kinds.len()];
    if let Some((version, reason, _)) = registry.retired.get(RecordKind::Article, &article.id) {
        out.push(rules::cross::id_reused::draft(
            "/id".into(),
            &article.id,
            version,
            reason,
        ));
    }
    if registry.retired.fact_articles.contains(article.id.as_str()) {
        for (i, fact) in article.facts.iter().enumerate() {
            let global = format!("{}#{}", article.id, fact.id());
            if let Some((version, reason, _)) = registry.retired.get(RecordKind::Fact, &global) {
                out.push(rules::cross::id_reused::draft(
                    format!("/facts/{i}/id"),
                    &global,
                    version,
                    reason,
                ));
            }
            if registry.replacements.contains(&global) {
                summary.replacements.push(global);
            }
        }
    }
    registry.check_ref(
        || "/source/outlet".to_owned(),
        &article.source.outlet,
        "source.outlet",
        Some(EntityField::SourceOutlet.kinds()),
        out,
        &mut used,
    );
    for (i, origin) in article.derived_from.iter().enumerate() {
        let issuer = registry.check_ref(
            || format!("/derived_from/{i}/issuer"),
            &origin.issuer,
            EntityField::OriginIssuer.name(),
            Some(EntityField::OriginIssuer.kinds()),
            out,
            &mut used,
        );
        summary.origins.push((
            Box::from(origin.id.as_str()),
            OriginRow {
                position: i as u32,
                issuer,
                kind: origin.kind,
                lo: origin.date.lower_bound(),
                hi: origin.date.upper_bound(),
            },
        ));
    }
    // What each listed reference (a participant, a speaker) resolved to, by
    // its position: one buffer for every fact, so a meeting with 300,000
    // participants looks each up once and a short fact allocates nothing.
    let mut listed: Vec<Option<u32>> = Vec::new();
    for (i, fact) in article.facts.iter().enumerate() {
        let (mut series, mut venue, mut entity) = (None, None, None);
        listed.clear();
        for (site, id) in fact.entity_refs_iter() {
            let (what, allowed) = match (fact, site) {
                (Fact::Meeting(m), RefSite::Participant(j)) => {
                    let role = m.participants[j].role;
                    (role.as_str(), Some(role.holder_kinds()))
                }
                (Fact::ParticipationChange(c), RefSite::Entity) => {
                    (c.role.as_str(), Some(c.role.holder_kinds()))
                }
                _ => (site.field(), site.entity_field().map(EntityField::kinds)),
            };
            // The pointer is formatted only when there is something to report.
            let pointer = || format!("/facts/{i}{}", site.pointer());
            let index = registry.check_ref(pointer, id, what, allowed, out, &mut used);
            match site {
                RefSite::Series => series = index,
                RefSite::Venue => venue = index,
                RefSite::Entity => entity = index,
                // In order: the j-th of its list is listed[j].
                RefSite::Participant(_) | RefSite::Speaker(_) => listed.push(index),
                _ => {}
            }
        }
        let listed_at = |j: usize| listed.get(j).copied().flatten();
        // Timelines are built from what happened, not from what might.
        let actual = fact.is_actual();
        match fact {
            Fact::Meeting(m) if actual => {
                if let Some(series) = series {
                    summary.meetings.push(MeetingMention {
                        row: MeetingRow {
                            fact: i as u32,
                            series,
                            round: m.round,
                            key: None,
                            lo: m.date.lower_bound(),
                            hi: m.date.upper_bound(),
                            venue,
                            roster: 0,
                        },
                        key: m.meeting_key.as_deref().map(Box::from),
                        participants: m
                            .participants
                            .iter()
                            .enumerate()
                            .filter_map(|(j, p)| listed_at(j).map(|e| (e, p.role, j as u32)))
                            .collect(),
                    });
                }
            }
            Fact::ParticipationChange(c) if actual => {
                if let (Some(series), Some(entity)) = (series, entity) {
                    summary.changes.push(ChangeRow {
                        fact: i as u32,
                        series,
                        entity,
                        role: c.role,
                        change: c.change,
                        round: c.round,
                        lo: c.date.lower_bound(),
                        hi: c.date.upper_bound(),
                        dated: c.date.start.is_some(),
                    });
                }
            }
            Fact::ParticipationState(p) if actual => {
                if let (Some(series), Some(entity)) = (series, entity) {
                    summary.states.push((
                        (series, entity, p.role),
                        StateRow {
                            fact: i as u32,
                            lo: p.from.lower_bound(),
                            hi: p.until.upper_bound(),
                        },
                    ));
                }
            }
            Fact::Statement(s) => {
                if let Some(part) = &s.original {
                    let mut speakers: Vec<u32> =
                        (0..s.speakers.len()).filter_map(listed_at).collect();
                    speakers.sort_unstable();
                    speakers.dedup();
                    summary.renderings.push((
                        Box::from(part.origin.as_str()),
                        Box::from(part.part.as_str()),
                        RenderingRow {
                            fact: i as u32,
                            speakers: speakers.into(),
                        },
                    ));
                }
            }
            _ => {}
        }
        if registry.cited_articles.contains(article.id.as_str()) {
            summary
                .cited_facts
                .push((fact.id().to_string(), fact.kind()));
        }
    }
    summary.used = used
        .iter()
        .enumerate()
        .filter(|(_, u)| **u)
        .map(|(i, _)| i as u32)
        .collect();
    summary
}

impl Index {
    /// Records that an article could not be read into the index.
    pub fn mark_incomplete(&mut self) {
        self.incomplete = true;
    }

    /// Adds the entity registry; returns the drafts of its own references.
    pub fn add_registry(&mut self, file: u32, entities: &EntitiesFile) -> Vec<Draft> {
        let mut drafts = Vec::new();
        let registry = Registry::new(entities, &mut drafts, &mut self.used);
        self.registry_file = Some(file);
        self.registry = Some(registry);
        drafts
    }

    /// Adds the retired ids (after the registry); returns the drafts about
    /// the list itself. Registry entities whose ids were retired are
    /// reported with the cross-file rules.
    pub fn add_retired(&mut self, file: u32, retired: &RetiredFile) -> Vec<Draft> {
        let mut drafts = Vec::new();
        self.retired_file = Some(file);
        let mut list = Retired::default();
        for (i, r) in retired.retired.iter().enumerate() {
            if let Some(first) = list.ids.get(&r.id) {
                drafts.push(
                    Draft::new(
                        Rule::DuplicateId,
                        format!("/retired/{i}/id"),
                        format!(
                            "`{}` is retired twice (first at /retired/{})",
                            r.id, first.4
                        ),
                    )
                    .hint("List each retired id once."),
                );
                continue;
            }
            list.ids.insert(
                r.id.clone(),
                (
                    r.record,
                    r.version.clone(),
                    r.reason.as_str(),
                    r.replaced_by.clone(),
                    i,
                ),
            );
        }
        list.fact_articles = retired
            .retired
            .iter()
            .filter(|r| r.record == RecordKind::Fact)
            .flat_map(|r| [Some(&r.id), r.replaced_by.as_ref()])
            .flatten()
            .filter_map(|id| id.split_once('#').map(|(article, _)| article.to_owned()))
            .collect();
        let list = Arc::new(list);
        if let Some(registry) = self.registry.as_mut() {
            registry.retired = Arc::clone(&list);
            registry.replacements = retired
                .retired
                .iter()
                .filter(|r| r.record == RecordKind::Fact)
                .filter_map(|r| r.replaced_by.clone())
                .collect();
            for (i, name) in registry.names.iter().enumerate() {
                if let Some((version, reason, _)) = list.get(RecordKind::Entity, name) {
                    self.pending_registry_drafts
                        .push(rules::cross::id_reused::draft(
                            format!("/entities/{i}/id"),
                            name,
                            version,
                            reason,
                        ));
                }
            }
        }
        self.retired = list;
        drafts
    }

    /// Adds the summary of the article in file `f`. Call in file order:
    /// the first of two articles with one id keeps it.
    pub fn add_article(&mut self, f: u32, summary: ArticleSummary) {
        for u in &summary.used {
            if let Some(slot) = self.used.get_mut(*u as usize) {
                *slot = true;
            }
        }
        if let Some(first) = self.articles.insert(&summary.id, f) {
            self.duplicate_articles.push((f, summary.id, first));
            return;
        }
        self.replacements_found.extend(summary.replacements);
        for (fact, kind) in summary.cited_facts {
            self.cited_facts.insert((summary.id.clone(), fact), kind);
        }
        for MeetingMention {
            mut row,
            key,
            participants,
        } in summary.meetings
        {
            row.roster = self.rosters.number(participants);
            row.key = key.map(|k| self.meeting_keys.number(k));
            self.meetings.push(f, &row);
        }
        for c in summary.changes {
            // Many articles report the same change: keep the first report of
            // each, so timelines stay linear in the number of meetings.
            let key = (c.series, c.entity, c.role);
            if self
                .seen_events
                .insert((key, Some((c.change, c.round)), c.lo, c.hi))
            {
                self.changes.entry(key).or_default().push((f, c));
            }
        }
        for (key, state) in summary.states {
            if self.seen_events.insert((key, None, state.lo, state.hi)) {
                self.states.entry(key).or_default().push((f, state));
            }
        }
        self.origins
            .extend(summary.origins.into_iter().map(|(id, row)| (f, id, row)));
        self.renderings.extend(
            summary
                .renderings
                .into_iter()
                .map(|(origin, part, row)| (f, origin, part, row)),
        );
    }

    /// Runs every cross-file rule, returning (file, draft) pairs.
    pub fn check(&self) -> Vec<(String, Draft)> {
        let mut out: Vec<(u32, Draft)> = Vec::new();
        self.check_articles(&mut out);
        rules::check_index(self, &mut out);
        out.into_iter()
            .map(|(f, d)| (self.file(f).to_owned(), d))
            .collect()
    }

    fn check_articles(&self, out: &mut Vec<(u32, Draft)>) {
        for (file, id, first) in &self.duplicate_articles {
            out.push((
                *file,
                Draft::new(
                    Rule::DuplicateId,
                    "/id",
                    duplicate_id::message("article", id, self.file(*first)),
                )
                .hint(duplicate_id::hint("article")),
            ));
        }
        let (Some(registry), Some(registry_file)) = (&self.registry, self.registry_file) else {
            return;
        };
        for (pointer, article, fact) in &registry.stated_in {
            let cited = self.cited_facts.get(&(article.clone(), fact.clone()));
            let global = format!("{article}#{fact}");
            if let (None, Some((version, reason, new))) =
                (cited, self.retired.get(RecordKind::Fact, &global))
            {
                out.push((
                    registry_file,
                    rules::cross::retired_reference::draft(
                        pointer.clone(),
                        &global,
                        version,
                        reason,
                        new,
                    ),
                ));
                continue;
            }
            let found = unknown_reference::stated_in(
                pointer.clone(),
                article,
                fact,
                self.articles.contains(article),
                self.cited_facts
                    .get(&(article.clone(), fact.clone()))
                    .copied(),
                self.incomplete,
            );
            out.extend(found.map(|draft| (registry_file, draft)));
        }
    }
}

fn closest_id<'a>(id: &str, known: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    known
        .filter(|k| k.contains(id) || id.contains(k.as_str()) || common_prefix(k, id) >= 4)
        .min_by_key(|k| k.len().abs_diff(id.len()))
        .map(String::as_str)
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}
