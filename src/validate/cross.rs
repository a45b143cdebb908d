//! Rules across files. The entity registry is read first; each article is
//! then checked against it on its own (in parallel), leaving behind only a
//! compact summary: its id, its meetings' series, rounds, dates and rosters
//! and its participation changes, with entities as registry indices. The
//! cross-file rules run over those summaries, never over whole documents,
//! so memory grows with the number of meetings, not the size of the text.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use super::finding::Draft;
use super::rules::Rule;
use crate::model::{
    Article, EntitiesFile, EntityField, EntityKind, Fact, FactKind, ParticipationChangeKind,
    RefSite, Role,
};

/// The entity registry as the rules need it: each id's index and kind, and
/// the facts its positions cite.
pub struct Registry {
    ids: HashMap<String, u32>,
    kinds: Vec<EntityKind>,
    names: Vec<String>,
    /// (pointer in entities.json, article id, fact id) of each `stated_in`.
    stated_in: Vec<(String, String, String)>,
    /// Article ids that `stated_in` names, to collect only those facts.
    cited_articles: HashSet<String>,
}

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

    /// The index of an entity id, if it is in the registry.
    fn index(&self, id: &str) -> Option<u32> {
        self.ids.get(id).copied()
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
            let hint = match closest_id(id, self.names.iter()) {
                Some(n) => {
                    format!("Did you mean `{n}`? Otherwise add the entity to entities.json.")
                }
                None => {
                    "Add the entity to entities.json, or use the id of an existing one.".to_owned()
                }
            };
            out.push(
                Draft::new(
                    Rule::UnknownReference,
                    pointer(),
                    format!("no entity `{id}` in the registry"),
                )
                .hint(hint),
            );
            return None;
        };
        used[index as usize] = true;
        let kind = self.kinds[index as usize];
        if let Some(allowed) = allowed {
            if !allowed.contains(&kind) {
                let names: Vec<&str> = allowed.iter().map(|k| k.as_str()).collect();
                out.push(
                    Draft::new(
                        Rule::RoleEntityKind,
                        pointer(),
                        format!("`{id}` is a {kind}, which cannot be {}", article_for(what)),
                    )
                    .hint(format!(
                        "{what} takes an entity of kind {}.",
                        names.join(", ")
                    )),
                );
            }
        }
        Some(index)
    }
}

/// A meeting as the cross-file rules see it.
#[derive(Clone, Debug)]
pub struct MeetingRow {
    fact: u32,
    series: u32,
    round: Option<u32>,
    lo: Option<NaiveDate>,
    hi: Option<NaiveDate>,
    venue: Option<u32>,
    /// (entity, role, position in `participants`).
    participants: Arc<[(u32, Role, u32)]>,
}

/// A participation change as the cross-file rules see it.
#[derive(Clone, Debug)]
pub struct ChangeRow {
    fact: u32,
    series: u32,
    entity: u32,
    role: Role,
    change: ParticipationChangeKind,
    lo: Option<NaiveDate>,
    hi: Option<NaiveDate>,
}

/// What one article leaves behind for the cross-file rules.
#[derive(Clone, Debug, Default)]
pub struct ArticleSummary {
    id: String,
    /// Kinds of the facts that the registry's positions cite.
    cited_facts: Vec<(String, FactKind)>,
    meetings: Vec<MeetingRow>,
    changes: Vec<ChangeRow>,
    /// Registry indices this article references.
    used: Vec<u32>,
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
    registry.check_ref(
        || "/source/outlet".to_owned(),
        &article.source.outlet,
        "source.outlet",
        Some(EntityField::SourceOutlet.kinds()),
        out,
        &mut used,
    );
    for (i, fact) in article.facts.iter().enumerate() {
        let refs = fact.entity_refs();
        // Keyed by site: a meeting with 300,000 participants looks each up once.
        let mut indices: HashMap<RefSite, Option<u32>> = HashMap::with_capacity(refs.len());
        for (site, entity) in refs {
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
            let index = registry.check_ref(pointer, entity, what, allowed, out, &mut used);
            indices.entry(site).or_insert(index);
        }
        let at = |site: RefSite| indices.get(&site).copied().flatten();
        match fact {
            Fact::Meeting(m) => {
                if let Some(series) = at(RefSite::Series) {
                    summary.meetings.push(MeetingRow {
                        fact: i as u32,
                        series,
                        round: m.round,
                        lo: m.date.lower_bound(),
                        hi: m.date.upper_bound(),
                        venue: at(RefSite::Venue),
                        participants: m
                            .participants
                            .iter()
                            .enumerate()
                            .filter_map(|(j, p)| {
                                at(RefSite::Participant(j)).map(|e| (e, p.role, j as u32))
                            })
                            .collect::<Vec<_>>()
                            .into(),
                    });
                }
            }
            Fact::ParticipationChange(c) => {
                if let (Some(series), Some(entity)) = (at(RefSite::Series), at(RefSite::Entity)) {
                    summary.changes.push(ChangeRow {
                        fact: i as u32,
                        series,
                        entity,
                        role: c.role,
                        change: c.change,
                        lo: c.date.lower_bound(),
                        hi: c.date.upper_bound(),
                    });
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

/// The compact index over every file, and the cross-file rules.
#[derive(Default)]
pub struct Index {
    files: Vec<String>,
    registry_file: Option<u32>,
    registry: Option<Registry>,
    used: Vec<bool>,
    articles: HashMap<String, u32>,
    duplicate_articles: Vec<(u32, String)>,
    cited_facts: HashMap<(String, String), FactKind>,
    meetings: Vec<(u32, MeetingRow)>,
    changes: HashMap<(u32, u32, Role), Vec<(u32, ChangeRow)>>,
    /// Each distinct roster once: articles about one round repeat it.
    rosters: HashSet<Arc<[(u32, Role, u32)]>>,
    /// Some article could not be read, so what it references is unknown:
    /// "unused" and "no such article" cannot be concluded.
    incomplete: bool,
}

impl Index {
    /// Records that an article could not be read into the index.
    pub fn mark_incomplete(&mut self) {
        self.incomplete = true;
    }

    /// Adds the entity registry; returns the drafts of its own references.
    pub fn add_registry(&mut self, file: &str, entities: &EntitiesFile) -> Vec<Draft> {
        let mut drafts = Vec::new();
        let registry = Registry::new(entities, &mut drafts, &mut self.used);
        self.files.push(file.to_owned());
        self.registry_file = Some(self.files.len() as u32 - 1);
        self.registry = Some(registry);
        drafts
    }

    /// The registry, once added.
    pub fn registry(&self) -> Option<&Registry> {
        self.registry.as_ref()
    }

    /// Adds an article's summary. Call in file order: the first of two
    /// articles with one id keeps it.
    pub fn add_article(&mut self, file: &str, summary: ArticleSummary) {
        self.files.push(file.to_owned());
        let f = self.files.len() as u32 - 1;
        for u in &summary.used {
            if let Some(slot) = self.used.get_mut(*u as usize) {
                *slot = true;
            }
        }
        if self.articles.contains_key(&summary.id) {
            self.duplicate_articles.push((f, summary.id));
            return;
        }
        for (fact, kind) in summary.cited_facts {
            self.cited_facts.insert((summary.id.clone(), fact), kind);
        }
        self.articles.insert(summary.id, f);
        for mut m in summary.meetings {
            match self.rosters.get(&m.participants[..]) {
                Some(shared) => m.participants = Arc::clone(shared),
                None => {
                    self.rosters.insert(Arc::clone(&m.participants));
                }
            }
            self.meetings.push((f, m));
        }
        for c in summary.changes {
            // Many articles report the same change: keep the first report of
            // each, so timelines stay linear in the number of meetings.
            let events = self
                .changes
                .entry((c.series, c.entity, c.role))
                .or_default();
            if !events
                .iter()
                .any(|(_, e)| e.change == c.change && e.lo == c.lo && e.hi == c.hi)
            {
                events.push((f, c));
            }
        }
    }

    /// Runs every cross-file rule, returning (file, draft) pairs.
    pub fn check(&self) -> Vec<(String, Draft)> {
        let mut out: Vec<(u32, Draft)> = Vec::new();
        self.check_articles(&mut out);
        self.check_unused(&mut out);
        self.check_timelines(&mut out);
        self.check_rounds(&mut out);
        out.into_iter()
            .map(|(f, d)| (self.files[f as usize].clone(), d))
            .collect()
    }

    fn check_articles(&self, out: &mut Vec<(u32, Draft)>) {
        for (file, id) in &self.duplicate_articles {
            let first = self.articles[id];
            out.push((
                *file,
                Draft::new(
                    Rule::DuplicateId,
                    "/id",
                    format!(
                        "article id `{id}` is already used by {}",
                        self.files[first as usize]
                    ),
                )
                .hint("Article ids are never reused: choose a new id (and file name)."),
            ));
        }
        let (Some(registry), Some(registry_file)) = (&self.registry, self.registry_file) else {
            return;
        };
        for (pointer, article, fact) in &registry.stated_in {
            let message = match (
                self.articles.contains_key(article),
                self.cited_facts.get(&(article.clone(), fact.clone())),
            ) {
                (false, _) if self.incomplete => continue,
                (false, _) => format!("no article `{article}`"),
                (true, None) => format!("article `{article}` has no fact `{fact}`"),
                (true, Some(FactKind::PositionHeld)) => continue,
                (true, Some(kind)) => {
                    format!("`{article}#{fact}` is a {kind} fact, not a position_held fact")
                }
            };
            out.push((
                registry_file,
                Draft::new(Rule::UnknownReference, pointer.clone(), message),
            ));
        }
    }

    fn check_unused(&self, out: &mut Vec<(u32, Draft)>) {
        let (Some(registry), Some(registry_file)) = (&self.registry, self.registry_file) else {
            return;
        };
        if self.incomplete {
            return;
        }
        for (i, used) in self.used.iter().enumerate() {
            // A repeated id is a duplicate-id error, not a second entity.
            let first_of_its_id = registry.index(&registry.names[i]) == Some(i as u32);
            if !used && first_of_its_id {
                out.push((
                    registry_file,
                    Draft::new(
                        Rule::UnusedEntity,
                        format!("/entities/{i}"),
                        format!("nothing references entity `{}`", registry.names[i]),
                    ),
                ));
            }
        }
    }

    fn name(&self, index: u32) -> &str {
        self.registry
            .as_ref()
            .map_or("?", |r| r.names[index as usize].as_str())
    }

    /// `participation-timeline`. With partial dates, only what is certain is
    /// an error: a `left` in 2018-05 against a meeting on 2018-05-14 is
    /// undecidable and passes.
    fn check_timelines(&self, out: &mut Vec<(u32, Draft)>) {
        for (file, m) in &self.meetings {
            let (Some(m_lo), Some(m_hi)) = (m.lo, m.hi) else {
                continue;
            };
            for &(entity, role, j) in m.participants.iter() {
                let Some(events) = self.changes.get(&(m.series, entity, role)) else {
                    continue;
                };
                let pointer = format!("/facts/{}/participants/{j}", m.fact);
                let name = self.name(entity);
                // Listed before it joined: its first recorded event is a
                // join, and every event is certainly after the meeting.
                if events.iter().all(|(_, e)| e.lo.is_some_and(|lo| lo > m_hi)) {
                    if let Some((f, first)) = events
                        .iter()
                        .filter(|(_, e)| e.change == ParticipationChangeKind::Joined)
                        .min_by_key(|(_, e)| e.lo)
                    {
                        out.push((*file, Draft::new(
                            Rule::ParticipationTimeline,
                            pointer,
                            format!("`{name}` is listed as {role} at a meeting dated {m_lo}..{m_hi}, before it joined ({}#/facts/{})", self.files[*f as usize], first.fact),
                        )));
                        continue;
                    }
                }
                // Listed after it left: a `left` certainly before the
                // meeting, with no `joined` that can fall between the two.
                for (f, left) in events
                    .iter()
                    .filter(|(_, e)| e.change == ParticipationChangeKind::Left)
                {
                    let Some(left_hi) = left.hi else { continue };
                    if left_hi >= m_lo {
                        continue;
                    }
                    let rejoined = events.iter().any(|(_, e)| {
                        e.change == ParticipationChangeKind::Joined
                            && e.hi.is_none_or(|hi| left.lo.is_none_or(|l| hi >= l))
                            && e.lo.is_none_or(|lo| lo <= m_hi)
                    });
                    if !rejoined {
                        out.push((*file, Draft::new(
                            Rule::ParticipationTimeline,
                            pointer.clone(),
                            format!("`{name}` is listed as {role} at a meeting dated {m_lo}..{m_hi}, after it left ({}#/facts/{})", self.files[*f as usize], left.fact),
                        )));
                        break;
                    }
                }
            }
        }
    }

    /// `round-conflict`: one round with two different dates or venues, and
    /// rounds whose order contradicts their dates. O(n log n) per series.
    fn check_rounds(&self, out: &mut Vec<(u32, Draft)>) {
        let mut by_series: HashMap<u32, Vec<&(u32, MeetingRow)>> = HashMap::new();
        for row in self.meetings.iter().filter(|(_, m)| m.round.is_some()) {
            by_series.entry(row.1.series).or_default().push(row);
        }
        let mut series: Vec<_> = by_series.into_iter().collect();
        series.sort_by_key(|(s, _)| *s);
        let describe =
            |f: u32, m: &MeetingRow| format!("{}#/facts/{}", self.files[f as usize], m.fact);
        for (_, mut meetings) in series {
            meetings.sort_by_key(|(f, m)| (m.round, *f, m.fact));
            // Same round: compare each meeting with the first of its round.
            for group in meetings.chunk_by(|a, b| a.1.round == b.1.round) {
                let (first_file, first) = group[0];
                for (file, m) in &group[1..] {
                    let round = m.round.unwrap_or_default();
                    let disjoint = matches!((first.lo, first.hi, m.lo, m.hi), (Some(a_lo), Some(a_hi), Some(b_lo), Some(b_hi)) if a_hi < b_lo || b_hi < a_lo);
                    if disjoint {
                        out.push((
                            *file,
                            Draft::new(
                                Rule::RoundConflict,
                                format!("/facts/{}/date", m.fact),
                                format!(
                                    "round {round} is dated differently here and at {}",
                                    describe(*first_file, first)
                                ),
                            ),
                        ));
                    }
                    if let (Some(a), Some(b)) = (first.venue, m.venue) {
                        if a != b {
                            out.push((
                                *file,
                                Draft::new(
                                    Rule::RoundConflict,
                                    format!("/facts/{}/venue", m.fact),
                                    format!(
                                        "round {round} is held in `{}` here and in `{}` at {}",
                                        self.name(b),
                                        self.name(a),
                                        describe(*first_file, first)
                                    ),
                                ),
                            ));
                        }
                    }
                }
            }
            // Order: a lower round certainly after a higher one. Scan rounds
            // downwards keeping the higher-round meeting that ends earliest.
            let mut earliest_end_above: Option<&(u32, MeetingRow)> = None;
            let mut i = meetings.len();
            while i > 0 {
                let round = meetings[i - 1].1.round;
                let start = meetings[..i].partition_point(|(_, m)| m.round < round);
                for (file, m) in meetings[start..i].iter().copied() {
                    if let (Some(lo), Some((later_file, later))) = (m.lo, earliest_end_above) {
                        if later.hi.is_some_and(|hi| lo > hi) {
                            out.push((
                                *file,
                                Draft::new(
                                    Rule::RoundConflict,
                                    format!("/facts/{}/round", m.fact),
                                    format!(
                                        "round {} is dated after round {} ({})",
                                        m.round.unwrap_or_default(),
                                        later.round.unwrap_or_default(),
                                        describe(*later_file, later)
                                    ),
                                ),
                            ));
                        }
                    }
                }
                for row in &meetings[start..i] {
                    if row.1.hi.is_some() && earliest_end_above.is_none_or(|e| row.1.hi < e.1.hi) {
                        earliest_end_above = Some(row);
                    }
                }
                i = start;
            }
        }
    }
}

fn article_for(what: &str) -> String {
    match what {
        "host" | "guarantor" | "party" | "observer" | "mediator" => format!("a {what}"),
        other => format!("the `{other}`"),
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
