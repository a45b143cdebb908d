//! Rules across files, over a compact index that holds ids, kinds, dates
//! and rosters, never whole documents: references to entities and to other
//! articles' facts, the kinds of entity each role and field allows, unused
//! entities, duplicate article ids, participation timelines and rounds.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::finding::Draft;
use super::rules::Rule;
use crate::model::{
    Article, EntitiesFile, EntityKind, Fact, FactKind, ParticipationChangeKind, Role,
};

/// The kinds of entity that can hold a meeting role. One table, used by the
/// validator and printed in the codebook.
pub fn kinds_for_role(role: Role) -> &'static [EntityKind] {
    use EntityKind::*;
    match role {
        Role::Host => &[State, Government, InternationalOrganization],
        Role::Guarantor => &[State, Government],
        Role::Party => &[State, Government, PoliticalGroup],
        Role::Observer => &[State, Government, InternationalOrganization],
        Role::Mediator => &[
            State,
            Government,
            InternationalOrganization,
            GovernmentBody,
            Person,
        ],
    }
}

/// The kinds of entity each referring field allows, as (field, kinds).
/// Fields not listed (`about_entities`, `part_of`) take any kind.
pub const FIELD_KINDS: &[(&str, &[EntityKind])] = {
    use EntityKind::*;
    &[
        ("series", &[Process]),
        ("venue", &[Place]),
        ("source.outlet", &[Outlet]),
        (
            "speakers",
            &[
                State,
                Government,
                PoliticalGroup,
                InternationalOrganization,
                GovernmentBody,
                Person,
                Outlet,
            ],
        ),
        ("member", &[State, Government]),
        ("organization", &[InternationalOrganization]),
        ("person", &[Person]),
        (
            "of",
            &[
                State,
                Government,
                GovernmentBody,
                InternationalOrganization,
                PoliticalGroup,
            ],
        ),
    ]
};

fn kinds_for_field(field: &str) -> Option<&'static [EntityKind]> {
    FIELD_KINDS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, k)| *k)
}

/// A place in a file.
#[derive(Clone, Debug)]
struct At {
    file: usize,
    pointer: String,
}

struct EntityRef {
    at: At,
    id: String,
    /// What the reference is, for messages: `venue`, `observer`.
    what: String,
    allowed: Option<&'static [EntityKind]>,
    /// The entity that makes the reference, when it is an entity (its own
    /// `part_of` does not make it used).
    from_entity: Option<String>,
}

struct MeetingRow {
    at: At,
    series: String,
    round: Option<u32>,
    lo: Option<NaiveDate>,
    hi: Option<NaiveDate>,
    venue: Option<String>,
    participants: Vec<(String, Role, usize)>,
}

struct ChangeRow {
    at: At,
    lo: Option<NaiveDate>,
    hi: Option<NaiveDate>,
    change: ParticipationChangeKind,
}

/// The entity registry as the rules need it: the file it is in, and each
/// id's kind and position in the list.
struct Registry {
    file: usize,
    kinds: HashMap<String, (EntityKind, usize)>,
}

/// What the cross-file rules need from every file.
#[derive(Default)]
pub struct Index {
    files: Vec<String>,
    registry: Option<Registry>,
    refs: Vec<EntityRef>,
    articles: HashMap<String, At>,
    duplicate_articles: Vec<(At, String)>,
    facts: HashMap<String, HashMap<String, FactKind>>,
    fact_refs: Vec<(At, String, String)>,
    meetings: Vec<MeetingRow>,
    changes: HashMap<(String, String, Role), Vec<ChangeRow>>,
    /// Some article could not be read, so what it references is unknown:
    /// "unused" and "no such article" cannot be concluded.
    incomplete: bool,
}

impl Index {
    fn file_id(&mut self, file: &str) -> usize {
        self.files.push(file.to_owned());
        self.files.len() - 1
    }

    /// Records that an article could not be read into the index.
    pub fn mark_incomplete(&mut self) {
        self.incomplete = true;
    }

    /// Adds the entity registry.
    pub fn add_entities(&mut self, file: &str, registry: &EntitiesFile) {
        let f = self.file_id(file);
        let mut kinds = HashMap::new();
        for (i, e) in registry.entities.iter().enumerate() {
            kinds.entry(e.id.to_string()).or_insert((e.kind, i));
            let at = |p: String| At {
                file: f,
                pointer: format!("/entities/{i}{p}"),
            };
            if let Some(parent) = &e.part_of {
                self.refs.push(EntityRef {
                    at: at("/part_of".into()),
                    id: parent.to_string(),
                    what: "part_of".into(),
                    allowed: None,
                    from_entity: Some(e.id.to_string()),
                });
            }
            for (j, p) in e.positions.iter().enumerate() {
                if let Some(of) = &p.of {
                    self.refs.push(EntityRef {
                        at: at(format!("/positions/{j}/of")),
                        id: of.to_string(),
                        what: "of".into(),
                        allowed: kinds_for_field("of"),
                        from_entity: Some(e.id.to_string()),
                    });
                }
                for (k, r) in p.stated_in.iter().enumerate() {
                    self.fact_refs.push((
                        at(format!("/positions/{j}/stated_in/{k}")),
                        r.article.to_string(),
                        r.fact.to_string(),
                    ));
                }
            }
        }
        self.registry = Some(Registry { file: f, kinds });
    }

    /// Adds one article.
    pub fn add_article(&mut self, file: &str, article: &Article) {
        let f = self.file_id(file);
        let at = |pointer: String| At { file: f, pointer };
        let id = article.id.to_string();
        if self.articles.contains_key(&id) {
            self.duplicate_articles.push((at("/id".into()), id.clone()));
        } else {
            self.articles.insert(id.clone(), at("/id".into()));
            self.facts.insert(
                id,
                article
                    .facts
                    .iter()
                    .map(|fact| (fact.id().to_string(), fact.kind()))
                    .collect(),
            );
        }
        self.refs.push(EntityRef {
            at: at("/source/outlet".into()),
            id: article.source.outlet.to_string(),
            what: "source.outlet".into(),
            allowed: kinds_for_field("source.outlet"),
            from_entity: None,
        });
        for (i, fact) in article.facts.iter().enumerate() {
            let base = format!("/facts/{i}");
            let roles: Vec<Option<Role>> = match fact {
                Fact::Meeting(m) => m.participants.iter().map(|p| Some(p.role)).collect(),
                _ => Vec::new(),
            };
            for (path, entity) in fact.entity_refs() {
                let field = path
                    .trim_start_matches('/')
                    .split('/')
                    .next()
                    .unwrap_or_default();
                let (what, allowed) = match (fact, field) {
                    (Fact::Meeting(_), "participants") => {
                        let index: usize = path
                            .split('/')
                            .nth(2)
                            .and_then(|n| n.parse().ok())
                            .unwrap_or(0);
                        let role = roles[index].expect("participants have roles");
                        (role.as_str().to_owned(), Some(kinds_for_role(role)))
                    }
                    (Fact::ParticipationChange(c), "entity") => {
                        (c.role.as_str().to_owned(), Some(kinds_for_role(c.role)))
                    }
                    _ => (field.to_owned(), kinds_for_field(field)),
                };
                self.refs.push(EntityRef {
                    at: at(format!("{base}{path}")),
                    id: entity.to_string(),
                    what,
                    allowed,
                    from_entity: None,
                });
            }
            match fact {
                Fact::Meeting(m) => self.meetings.push(MeetingRow {
                    at: at(base.clone()),
                    series: m.series.to_string(),
                    round: m.round,
                    lo: m.date.lower_bound(),
                    hi: m.date.upper_bound(),
                    venue: m.venue.as_ref().map(ToString::to_string),
                    participants: m
                        .participants
                        .iter()
                        .enumerate()
                        .map(|(j, p)| (p.entity.to_string(), p.role, j))
                        .collect(),
                }),
                Fact::ParticipationChange(c) => self
                    .changes
                    .entry((c.series.to_string(), c.entity.to_string(), c.role))
                    .or_default()
                    .push(ChangeRow {
                        at: at(base.clone()),
                        lo: c.date.lower_bound(),
                        hi: c.date.upper_bound(),
                        change: c.change,
                    }),
                _ => {}
            }
        }
    }

    /// Runs every cross-file rule, returning (file, draft) pairs.
    pub fn check(&self) -> Vec<(String, Draft)> {
        let mut out: Vec<(usize, Draft)> = Vec::new();
        self.check_articles(&mut out);
        self.check_entity_refs(&mut out);
        self.check_timelines(&mut out);
        self.check_rounds(&mut out);
        out.into_iter()
            .map(|(f, d)| (self.files[f].clone(), d))
            .collect()
    }

    fn check_articles(&self, out: &mut Vec<(usize, Draft)>) {
        for (at, id) in &self.duplicate_articles {
            let first = &self.articles[id];
            out.push((
                at.file,
                Draft::new(
                    Rule::DuplicateId,
                    at.pointer.clone(),
                    format!(
                        "article id `{id}` is already used by {}",
                        self.files[first.file]
                    ),
                )
                .hint("Article ids are never reused: choose a new id (and file name)."),
            ));
        }
        for (at, article, fact) in &self.fact_refs {
            let message = match self.facts.get(article) {
                None if self.incomplete => continue,
                None => format!("no article `{article}`"),
                Some(facts) => match facts.get(fact) {
                    None => format!("article `{article}` has no fact `{fact}`"),
                    Some(FactKind::PositionHeld) => continue,
                    Some(kind) => {
                        format!("`{article}#{fact}` is a {kind} fact, not a position_held fact")
                    }
                },
            };
            out.push((
                at.file,
                Draft::new(Rule::UnknownReference, at.pointer.clone(), message),
            ));
        }
    }

    fn check_entity_refs(&self, out: &mut Vec<(usize, Draft)>) {
        // Without a readable registry every reference would look unknown;
        // the registry's own findings say what to fix first.
        let Some(Registry {
            file: registry_file,
            kinds,
        }) = &self.registry
        else {
            return;
        };
        let mut used: HashSet<&str> = HashSet::new();
        for r in &self.refs {
            if r.from_entity.as_deref() != Some(r.id.as_str()) {
                used.insert(&r.id);
            }
            match kinds.get(&r.id) {
                None => {
                    let near = closest_id(&r.id, kinds.keys());
                    let hint = match near {
                        Some(n) => format!(
                            "Did you mean `{n}`? Otherwise add the entity to entities.json."
                        ),
                        None => {
                            "Add the entity to entities.json, or use the id of an existing one."
                                .to_owned()
                        }
                    };
                    out.push((
                        r.at.file,
                        Draft::new(
                            Rule::UnknownReference,
                            r.at.pointer.clone(),
                            format!("no entity `{}` in the registry", r.id),
                        )
                        .hint(hint),
                    ));
                }
                Some((kind, _)) => {
                    if let Some(allowed) = r.allowed {
                        if !allowed.contains(kind) {
                            let names: Vec<&str> = allowed.iter().map(|k| k.as_str()).collect();
                            out.push((
                                r.at.file,
                                Draft::new(
                                    Rule::RoleEntityKind,
                                    r.at.pointer.clone(),
                                    format!(
                                        "`{}` is a {kind}, which cannot be {}",
                                        r.id,
                                        article_for(&r.what)
                                    ),
                                )
                                .hint(format!(
                                    "{} takes an entity of kind {}.",
                                    r.what,
                                    names.join(", ")
                                )),
                            ));
                        }
                    }
                }
            }
        }
        if self.incomplete {
            return;
        }
        let mut unused: Vec<(&String, usize)> = kinds
            .iter()
            .filter(|(id, _)| !used.contains(id.as_str()))
            .map(|(id, (_, i))| (id, *i))
            .collect();
        unused.sort_by_key(|(_, i)| *i);
        for (id, i) in unused {
            out.push((
                *registry_file,
                Draft::new(
                    Rule::UnusedEntity,
                    format!("/entities/{i}"),
                    format!("nothing references entity `{id}`"),
                ),
            ));
        }
    }

    /// `participation-timeline`. With partial dates, only what is certain is
    /// an error: a `left` in 2018-05 against a meeting on 2018-05-14 is
    /// undecidable and passes.
    fn check_timelines(&self, out: &mut Vec<(usize, Draft)>) {
        for m in &self.meetings {
            let (Some(m_lo), Some(m_hi)) = (m.lo, m.hi) else {
                continue;
            };
            for (entity, role, j) in &m.participants {
                let Some(events) = self.changes.get(&(m.series.clone(), entity.clone(), *role))
                else {
                    continue;
                };
                let pointer = format!("{}/participants/{j}", m.at.pointer);
                // Listed before it joined: its first recorded event is a
                // join, and every event is certainly after the meeting.
                let all_after = events.iter().all(|e| e.lo.is_some_and(|lo| lo > m_hi));
                if all_after {
                    if let Some(first) = events
                        .iter()
                        .filter(|e| e.change == ParticipationChangeKind::Joined)
                        .min_by_key(|e| e.lo)
                    {
                        out.push((m.at.file, Draft::new(
                            Rule::ParticipationTimeline,
                            pointer.clone(),
                            format!("`{entity}` is listed as {role} at a meeting dated {m_lo}..{m_hi}, before it joined ({})", self.describe(&first.at)),
                        )));
                        continue;
                    }
                }
                // Listed after it left: a `left` certainly before the
                // meeting, with no `joined` that can fall between the two.
                for left in events
                    .iter()
                    .filter(|e| e.change == ParticipationChangeKind::Left)
                {
                    let Some(left_hi) = left.hi else { continue };
                    if left_hi >= m_lo {
                        continue;
                    }
                    let rejoined = events.iter().any(|e| {
                        e.change == ParticipationChangeKind::Joined
                            && e.hi.is_none_or(|hi| left.lo.is_none_or(|l| hi >= l))
                            && e.lo.is_none_or(|lo| lo <= m_hi)
                    });
                    if !rejoined {
                        out.push((m.at.file, Draft::new(
                            Rule::ParticipationTimeline,
                            pointer.clone(),
                            format!("`{entity}` is listed as {role} at a meeting dated {m_lo}..{m_hi}, after it left ({})", self.describe(&left.at)),
                        )));
                        break;
                    }
                }
            }
        }
    }

    /// `round-conflict`: one round with two different dates or venues, and
    /// rounds whose order contradicts their dates.
    fn check_rounds(&self, out: &mut Vec<(usize, Draft)>) {
        let mut by_series: HashMap<&str, Vec<&MeetingRow>> = HashMap::new();
        for m in self.meetings.iter().filter(|m| m.round.is_some()) {
            by_series.entry(&m.series).or_default().push(m);
        }
        let mut series: Vec<_> = by_series.into_iter().collect();
        series.sort_by_key(|(s, _)| *s);
        for (_, mut meetings) in series {
            meetings.sort_by_key(|m| m.round);
            // Same round: compare each meeting with the first of its round.
            for group in meetings.chunk_by(|a, b| a.round == b.round) {
                let first = group[0];
                for m in &group[1..] {
                    let disjoint = matches!((first.lo, first.hi, m.lo, m.hi), (Some(a_lo), Some(a_hi), Some(b_lo), Some(b_hi)) if a_hi < b_lo || b_hi < a_lo);
                    let round = m.round.unwrap_or_default();
                    if disjoint {
                        out.push((
                            m.at.file,
                            Draft::new(
                                Rule::RoundConflict,
                                format!("{}/date", m.at.pointer),
                                format!(
                                    "round {round} is dated differently here and at {}",
                                    self.describe(&first.at)
                                ),
                            ),
                        ));
                    }
                    if let (Some(a), Some(b)) = (&first.venue, &m.venue) {
                        if a != b {
                            out.push((
                                m.at.file,
                                Draft::new(
                                    Rule::RoundConflict,
                                    format!("{}/venue", m.at.pointer),
                                    format!(
                                        "round {round} is held in `{b}` here and in `{a}` at {}",
                                        self.describe(&first.at)
                                    ),
                                ),
                            ));
                        }
                    }
                }
            }
            // Order: a lower round certainly after a higher one. Scan rounds
            // downwards keeping the higher-round meeting that ends earliest.
            let mut earliest_end_above: Option<&MeetingRow> = None;
            let mut i = meetings.len();
            while i > 0 {
                let round = meetings[i - 1].round;
                let start = meetings[..i].partition_point(|m| m.round < round);
                for m in &meetings[start..i] {
                    if let (Some(lo), Some(later)) = (m.lo, earliest_end_above) {
                        if later.hi.is_some_and(|hi| lo > hi) {
                            out.push((
                                m.at.file,
                                Draft::new(
                                    Rule::RoundConflict,
                                    format!("{}/round", m.at.pointer),
                                    format!(
                                        "round {} is dated after round {} ({})",
                                        m.round.unwrap_or_default(),
                                        later.round.unwrap_or_default(),
                                        self.describe(&later.at)
                                    ),
                                ),
                            ));
                        }
                    }
                }
                for m in &meetings[start..i] {
                    if m.hi.is_some() && earliest_end_above.is_none_or(|e| m.hi < e.hi) {
                        earliest_end_above = Some(m);
                    }
                }
                i = start;
            }
        }
    }

    fn describe(&self, at: &At) -> String {
        format!("{}#{}", self.files[at.file], at.pointer)
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
