//! The tables read back into the data files: the proof that the tables are
//! a lossless view. `rebuild(tables(corpus))` gives the manifest, the
//! registry and every article exactly as loaded, so their canonical JSON is
//! the files' bytes. Derived tables and convenience columns are not read.

use std::collections::HashMap;

use super::{Cell, Table};
use crate::model::{
    Article, ArticleFactRef, Basis, Claim, Condition, DatePart, DatePrecision, DateValue,
    EntitiesFile, Entity, EntityId, EntityKind, EntityMention, Evidence, Fact, FactId, FactKind,
    Inference, Licenses, Manifest, Meeting, MembershipChange, MembershipChangeKind, Modality,
    Names, Origin, OriginKind, OriginalPart, OtherName, PartialDate, Participant,
    ParticipationChange, ParticipationChangeKind, ParticipationState, Position, PositionHeld,
    RecordKind, RetiredFile, Retirement, RetirementReason, Role, Source, SpanMode, Statement,
    StatementMode, TextDefect, TextNote,
};

/// The data files rebuilt from the tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    /// `manifest.json`.
    pub manifest: Manifest,
    /// `entities.json`.
    pub entities: EntitiesFile,
    /// Each article with its path in the data folder.
    pub articles: Vec<(String, Article)>,
    /// `retired.json`, when the data has one.
    pub retired: Option<RetiredFile>,
}

/// A table's rows, addressed by column name.
struct View<'a> {
    table: &'a Table,
    columns: HashMap<&'static str, usize>,
}

type Row = [Cell];

impl<'a> View<'a> {
    fn new(tables: &'a [Table], name: &str) -> Result<View<'a>, String> {
        let table = tables
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| format!("no table `{name}`"))?;
        let columns = table
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name, i))
            .collect();
        Ok(View { table, columns })
    }

    fn rows(&self) -> impl Iterator<Item = &'a Row> {
        self.table.rows.iter().map(Vec::as_slice)
    }

    fn cell<'r>(&self, row: &'r Row, column: &str) -> Result<&'r Cell, String> {
        let i = self
            .columns
            .get(column)
            .ok_or_else(|| format!("no column `{}.{column}`", self.table.name))?;
        row.get(*i)
            .ok_or_else(|| format!("a row of `{}` is short", self.table.name))
    }

    fn opt(&self, row: &Row, column: &str) -> Result<Option<String>, String> {
        match self.cell(row, column)? {
            Cell::Text(s) => Ok(Some(s.clone())),
            Cell::Null => Ok(None),
            Cell::Int(n) => Err(format!(
                "`{}.{column}` holds a number, {n}",
                self.table.name
            )),
        }
    }

    fn text(&self, row: &Row, column: &str) -> Result<String, String> {
        self.opt(row, column)?
            .ok_or_else(|| format!("`{}.{column}` is empty", self.table.name))
    }

    fn int(&self, row: &Row, column: &str) -> Result<Option<i64>, String> {
        match self.cell(row, column)? {
            Cell::Int(n) => Ok(Some(*n)),
            Cell::Null => Ok(None),
            Cell::Text(s) => Err(format!("`{}.{column}` holds text, {s:?}", self.table.name)),
        }
    }

    fn u32(&self, row: &Row, column: &str) -> Result<Option<u32>, String> {
        self.int(row, column)?
            .map(|n| {
                u32::try_from(n)
                    .map_err(|_| format!("`{}.{column}`: {n} is out of range", self.table.name))
            })
            .transpose()
    }

    fn index(&self, row: &Row, column: &str) -> Result<usize, String> {
        let n = self.int(row, column)?.unwrap_or(0);
        usize::try_from(n).map_err(|_| format!("`{}.{column}`: {n} is negative", self.table.name))
    }

    fn date(&self, row: &Row, column: &str) -> Result<Option<PartialDate>, String> {
        self.opt(row, column)?
            .map(|s| {
                s.parse()
                    .map_err(|e| format!("`{}.{column}`: {e}", self.table.name))
            })
            .transpose()
    }

    /// The rows grouped by the text of `key`, each group in table order.
    fn by(&self, key: &str) -> Result<HashMap<String, Vec<&'a Row>>, String> {
        let mut groups: HashMap<String, Vec<&'a Row>> = HashMap::new();
        for row in self.rows() {
            groups.entry(self.text(row, key)?).or_default().push(row);
        }
        Ok(groups)
    }
}

/// A value of a vocabulary by its name.
fn word<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str, s: &str) -> Result<T, String> {
    all.iter()
        .copied()
        .find(|v| name(*v) == s)
        .ok_or_else(|| format!("`{s}` is not a known value"))
}

/// Rebuilds the data files from [`super::tables`].
pub fn rebuild(tables: &[Table]) -> Result<Rebuilt, String> {
    let files = View::new(tables, "files")?;
    let mut schemas: HashMap<String, (String, u32)> = HashMap::new();
    let mut paths: HashMap<String, String> = HashMap::new();
    for row in files.rows() {
        let document = files.text(row, "document")?;
        let key = match files.opt(row, "article_id")? {
            Some(article) => {
                paths.insert(article.clone(), files.text(row, "path")?);
                article
            }
            None => document,
        };
        let version = files.u32(row, "schema_version")?.unwrap_or_default();
        schemas.insert(key, (files.text(row, "schema")?, version));
    }
    let schema = |key: &str| {
        schemas
            .get(key)
            .cloned()
            .ok_or_else(|| format!("`files` has no row for {key}"))
    };

    let m = View::new(tables, "manifest")?;
    let row = m.rows().next().ok_or("`manifest` has no row")?;
    let (manifest_schema, manifest_version) = schema("manifest")?;
    let manifest = Manifest {
        schema: manifest_schema,
        schema_version: manifest_version,
        name: m.text(row, "name")?,
        title: m.text(row, "title")?,
        version: m.text(row, "version")?,
        released: m.date(row, "released")?,
        description: m.text(row, "description")?,
        licenses: Licenses {
            code: m.text(row, "license_code")?,
            annotations: m.text(row, "license_annotations")?,
            article_texts: m.text(row, "license_article_texts")?,
        },
    };

    let (entities_schema, entities_version) = schema("entities")?;
    let entities = EntitiesFile {
        schema: entities_schema,
        schema_version: entities_version,
        entities: rebuild_entities(tables)?,
    };

    let cx = Context::new(tables)?;
    let a = View::new(tables, "articles")?;
    let text_notes = View::new(tables, "text_notes")?;
    let notes = text_notes.by("article_id")?;
    let facts = View::new(tables, "facts")?;
    let facts_of = facts.by("article_id")?;
    let origins = View::new(tables, "origins")?;
    let origins_of = origins.by("article_id")?;
    let mut articles = Vec::new();
    for row in a.rows() {
        let id = a.text(row, "article_id")?;
        let (article_schema, article_version) = schema(&id)?;
        let mut fact_rows = facts_of.get(&id).cloned().unwrap_or_default();
        fact_rows.sort_by_key(|r| facts.index(r, "fact_index").unwrap_or(0));
        let mut article_facts = Vec::new();
        for r in fact_rows {
            article_facts.push(cx.fact(&facts, r)?);
        }
        let mut text_notes_of: Vec<TextNote> = Vec::new();
        for r in notes.get(&id).map(Vec::as_slice).unwrap_or_default() {
            let i = text_notes.index(r, "note_index")?;
            if text_notes_of.len() <= i {
                text_notes_of.push(TextNote {
                    defect: word(
                        TextDefect::ALL,
                        TextDefect::as_str,
                        &text_notes.text(r, "defect")?,
                    )?,
                    note: text_notes.text(r, "note")?,
                    evidence: Vec::new(),
                });
            }
            text_notes_of[i].evidence.push(evidence(&text_notes, r)?);
        }
        let mut origin_rows = origins_of.get(&id).cloned().unwrap_or_default();
        origin_rows.sort_by_key(|r| origins.index(r, "position").unwrap_or(0));
        let mut derived_from = Vec::new();
        for r in origin_rows {
            let field = format!("derived_from/{}", origins.index(r, "position")?);
            derived_from.push(Origin {
                id: origins.text(r, "origin_id")?.into(),
                issuer: origins.text(r, "issuer_id")?.into(),
                kind: word(
                    OriginKind::ALL,
                    OriginKind::as_str,
                    &origins.text(r, "kind")?,
                )?,
                date: cx
                    .date_of(&id, &field)?
                    .ok_or_else(|| format!("{id} has no `{field}` in `dates`"))?,
                url: origins.opt(r, "url")?,
                note: origins.opt(r, "note")?,
            });
        }
        let article = Article {
            schema: article_schema,
            schema_version: article_version,
            id: id.as_str().into(),
            source: Source {
                outlet: a.text(row, "outlet_id")?.into(),
                url: a.opt(row, "url")?,
                retrieved: a.date(row, "retrieved")?,
                note: a.opt(row, "source_note")?,
            },
            language: a.text(row, "language")?,
            published: cx
                .date_of(&id, "published")?
                .ok_or("an article without `published`")?,
            title: a.opt(row, "title")?,
            derived_from,
            body: a.text(row, "body")?,
            text_notes: text_notes_of,
            facts: article_facts,
        };
        let path = paths
            .get(&id)
            .cloned()
            .ok_or_else(|| format!("`files` has no path for {id}"))?;
        articles.push((path, article));
    }
    articles.sort_by(|x, y| x.0.cmp(&y.0));
    let retired = match schemas.get("retired").cloned() {
        None => None,
        Some((schema, schema_version)) => {
            let r = View::new(tables, "retired")?;
            let mut rows: Vec<&Row> = r.rows().collect();
            rows.sort_by_key(|row| r.index(row, "position").unwrap_or(0));
            let mut retired = Vec::new();
            for row in rows {
                retired.push(Retirement {
                    record: word(RecordKind::ALL, RecordKind::as_str, &r.text(row, "record")?)?,
                    id: r.text(row, "id")?,
                    version: r.text(row, "version")?,
                    reason: word(
                        RetirementReason::ALL,
                        RetirementReason::as_str,
                        &r.text(row, "reason")?,
                    )?,
                    replaced_by: r.opt(row, "replaced_by")?,
                    note: r.opt(row, "note")?,
                });
            }
            Some(RetiredFile {
                schema,
                schema_version,
                retired,
            })
        }
    };
    Ok(Rebuilt {
        manifest,
        entities,
        articles,
        retired,
    })
}

fn rebuild_entities(tables: &[Table]) -> Result<Vec<Entity>, String> {
    let e = View::new(tables, "entities")?;
    let n = View::new(tables, "entity_names")?;
    let p = View::new(tables, "entity_positions")?;
    let names = n.by("entity_id")?;
    let positions = p.by("entity_id")?;
    let mut entities = Vec::new();
    for row in e.rows() {
        let id = e.text(row, "entity_id")?;
        let mut other_names = Vec::new();
        for r in names.get(&id).map(Vec::as_slice).unwrap_or_default() {
            other_names.push(OtherName {
                lang: n.text(r, "lang")?,
                text: n.text(r, "text")?,
                from: n.date(r, "from")?,
                until: n.date(r, "until")?,
                note: n.opt(r, "note")?,
            });
        }
        let mut held: Vec<Position> = Vec::new();
        for r in positions.get(&id).map(Vec::as_slice).unwrap_or_default() {
            let i = p.index(r, "position")?;
            if held.len() <= i {
                held.push(Position {
                    title: p.text(r, "title")?,
                    of: p.opt(r, "of")?.map(EntityId::from),
                    stated_in: Vec::new(),
                });
            }
            if let (Some(article), Some(fact)) = (p.opt(r, "article_id")?, p.opt(r, "fact_id")?) {
                let fact = fact
                    .strip_prefix(&format!("{article}#"))
                    .ok_or_else(|| format!("{fact} is not a fact of {article}"))?
                    .to_owned();
                held[i].stated_in.push(ArticleFactRef {
                    article: article.as_str().into(),
                    fact: fact.as_str().into(),
                });
            }
        }
        entities.push(Entity {
            id: id.as_str().into(),
            kind: word(EntityKind::ALL, EntityKind::as_str, &e.text(row, "kind")?)?,
            name: Names {
                en: e.text(row, "name_en")?,
                ar: e.text(row, "name_ar")?,
            },
            other_names,
            part_of: e.opt(row, "part_of")?.map(EntityId::from),
            iso3166_1: e.opt(row, "iso3166")?,
            wikidata: e.opt(row, "wikidata")?,
            positions: held,
            note: e.opt(row, "note")?,
        });
    }
    Ok(entities)
}

/// A span from a table of spans; only the facts' `evidence` table has a
/// `mode` column (text notes and entity mentions render no speech).
fn evidence(view: &View<'_>, row: &Row) -> Result<Evidence, String> {
    let mode = match view.columns.contains_key("mode") {
        true => view
            .opt(row, "mode")?
            .map(|m| word(SpanMode::ALL, SpanMode::as_str, &m))
            .transpose()?,
        false => None,
    };
    Ok(Evidence {
        start: view.u32(row, "start")?.unwrap_or_default(),
        end: view.u32(row, "end")?.unwrap_or_default(),
        quote: view.text(row, "quote")?,
        prefix: view.opt(row, "prefix")?,
        suffix: view.opt(row, "suffix")?,
        mode,
    })
}

/// The fields every kind of fact has.
struct Common {
    id: FactId,
    modality: Modality,
    condition: Option<Condition>,
    summary_en: String,
    according_to: Option<FactId>,
    inferred: Vec<Inference>,
    note: Option<String>,
    entity_mentions: Vec<EntityMention>,
    evidence: Vec<Evidence>,
}

/// The child tables of facts, grouped by fact id.
struct Context<'a> {
    dates: View<'a>,
    dates_by: HashMap<(String, String), &'a Row>,
    participants: View<'a>,
    participants_by: HashMap<String, Vec<&'a Row>>,
    mentions: View<'a>,
    mentions_by: HashMap<String, Vec<&'a Row>>,
    entity_mentions: View<'a>,
    entity_mentions_by: HashMap<String, Vec<&'a Row>>,
    links: View<'a>,
    links_by: HashMap<String, Vec<&'a Row>>,
    inferences: View<'a>,
    inferences_by: HashMap<String, Vec<&'a Row>>,
    evidence: View<'a>,
    evidence_by: HashMap<String, Vec<&'a Row>>,
}

impl<'a> Context<'a> {
    fn new(tables: &'a [Table]) -> Result<Context<'a>, String> {
        let dates = View::new(tables, "dates")?;
        let mut dates_by = HashMap::new();
        for row in dates.rows() {
            dates_by.insert(
                (dates.text(row, "owner_id")?, dates.text(row, "field")?),
                row,
            );
        }
        let grouped = |name: &str| -> Result<(View<'a>, HashMap<String, Vec<&'a Row>>), String> {
            let view = View::new(tables, name)?;
            let mut groups = view.by("fact_id")?;
            for rows in groups.values_mut() {
                rows.sort_by_key(|r| view.index(r, "position").unwrap_or(0));
            }
            Ok((view, groups))
        };
        let (participants, participants_by) = grouped("participants")?;
        let (mentions, mentions_by) = grouped("mentions")?;
        let (entity_mentions, entity_mentions_by) = grouped("entity_mentions")?;
        let (links, links_by) = grouped("fact_links")?;
        let (inferences, inferences_by) = grouped("inferences")?;
        let (evidence, evidence_by) = grouped("evidence")?;
        Ok(Context {
            dates,
            dates_by,
            participants,
            participants_by,
            mentions,
            mentions_by,
            entity_mentions,
            entity_mentions_by,
            links,
            links_by,
            inferences,
            inferences_by,
            evidence,
            evidence_by,
        })
    }

    fn date_of(&self, owner: &str, field: &str) -> Result<Option<DateValue>, String> {
        let Some(row) = self.dates_by.get(&(owner.to_owned(), field.to_owned())) else {
            return Ok(None);
        };
        let d = &self.dates;
        let inferred_parts = match d.opt(row, "inferred_parts")? {
            Some(parts) => parts
                .split(';')
                .map(|p| word(DatePart::ALL, DatePart::as_str, p))
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        Ok(Some(DateValue {
            precision: word(
                DatePrecision::ALL,
                DatePrecision::as_str,
                &d.text(row, "precision")?,
            )?,
            start: d.date(row, "start")?,
            end: d.date(row, "end")?,
            earliest: d.date(row, "earliest")?,
            latest: d.date(row, "latest")?,
            basis: word(Basis::ALL, Basis::as_str, &d.text(row, "basis")?)?,
            inferred_parts,
            note: d.opt(row, "note")?,
        }))
    }

    fn rows(map: &HashMap<String, Vec<&'a Row>>, fact: &str) -> Vec<&'a Row> {
        map.get(fact).cloned().unwrap_or_default()
    }

    /// (entity, role) of the fact's participants rows, in position order.
    fn roles(&self, fact: &str) -> Result<Vec<(EntityId, String)>, String> {
        Self::rows(&self.participants_by, fact)
            .into_iter()
            .map(|r| {
                Ok((
                    self.participants.text(r, "entity_id")?.into(),
                    self.participants.text(r, "role")?,
                ))
            })
            .collect()
    }

    fn with_role(&self, fact: &str, role: &str) -> Result<Vec<EntityId>, String> {
        Ok(self
            .roles(fact)?
            .into_iter()
            .filter(|(_, r)| r == role)
            .map(|(e, _)| e)
            .collect())
    }

    /// A participation change's or state's one (entity, role).
    fn subject(&self, fact: &str) -> Result<(EntityId, Role), String> {
        let (entity, role) = self
            .roles(fact)?
            .into_iter()
            .next()
            .ok_or_else(|| format!("{fact} has no participant row"))?;
        Ok((entity, word(Role::ALL, Role::as_str, &role)?))
    }

    fn links(&self, fact: &str, link: &str) -> Result<Vec<FactId>, String> {
        let mut out = Vec::new();
        for r in Self::rows(&self.links_by, fact) {
            if self.links.text(r, "link")? == link {
                let target = self.links.text(r, "target_fact_id")?;
                let local = target.split_once('#').map_or(target.as_str(), |(_, f)| f);
                out.push(FactId::from(local));
            }
        }
        Ok(out)
    }

    /// The fields every kind of fact has, read from its row and the tables
    /// that list its parts.
    fn common(&self, facts: &View<'_>, row: &Row, fact_id: &str) -> Result<Common, String> {
        let id: FactId = fact_id.split_once('#').map_or(fact_id, |(_, f)| f).into();
        let modality = word(
            Modality::ALL,
            Modality::as_str,
            &facts.text(row, "modality")?,
        )?;
        let condition = match facts.opt(row, "condition_en")? {
            Some(text_en) => Some(Condition {
                text_en,
                fact: self.links(fact_id, "condition")?.into_iter().next(),
            }),
            None => None,
        };
        let summary_en = facts.text(row, "summary_en")?;
        let according_to = self.links(fact_id, "according_to")?.into_iter().next();
        let inferred = Self::rows(&self.inferences_by, fact_id)
            .into_iter()
            .map(|r| {
                Ok(Inference {
                    path: self.inferences.text(r, "path")?,
                    note: self.inferences.text(r, "note")?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let note = facts.opt(row, "note")?;
        let entity_mentions = Self::rows(&self.entity_mentions_by, fact_id)
            .into_iter()
            .map(|r| {
                Ok(EntityMention {
                    entity: self.entity_mentions.text(r, "entity_id")?.into(),
                    evidence: evidence(&self.entity_mentions, r)?,
                    note: self.entity_mentions.opt(r, "note")?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let spans = Self::rows(&self.evidence_by, fact_id)
            .into_iter()
            .map(|r| evidence(&self.evidence, r))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Common {
            id,
            modality,
            condition,
            summary_en,
            according_to,
            inferred,
            note,
            entity_mentions,
            evidence: spans,
        })
    }

    fn fact(&self, facts: &View<'_>, row: &Row) -> Result<Fact, String> {
        let fact_id = facts.text(row, "fact_id")?;
        let kind = word(FactKind::ALL, FactKind::as_str, &facts.text(row, "kind")?)?;
        let common = self.common(facts, row, &fact_id)?;
        let about_entities = Self::rows(&self.mentions_by, &fact_id)
            .into_iter()
            .map(|r| self.mentions.text(r, "entity_id").map(EntityId::from))
            .collect::<Result<Vec<_>, String>>()?;
        let about_facts = self.links(&fact_id, "about")?;
        let series = || -> Result<EntityId, String> { Ok(facts.text(row, "series")?.into()) };
        let date = |field: &str| -> Result<DateValue, String> {
            self.date_of(&fact_id, field)?
                .ok_or_else(|| format!("{fact_id} has no `{field}` in `dates`"))
        };
        let change = || facts.text(row, "change");
        // The fields every kind has, written once.
        macro_rules! common {
            ($kind:ident { $($field:ident $(: $value:expr)?),* $(,)? }) => {
                Fact::$kind($kind {
                    id: common.id,
                    modality: common.modality,
                    condition: common.condition,
                    summary_en: common.summary_en,
                    according_to: common.according_to,
                    inferred: common.inferred,
                    note: common.note,
                    entity_mentions: common.entity_mentions,
                    evidence: common.evidence,
                    $($field $(: $value)?),*
                })
            };
        }
        Ok(match kind {
            FactKind::Meeting => common!(Meeting {
                series: series()?,
                round: facts.u32(row, "round")?,
                meeting_key: facts.opt(row, "meeting_key")?,
                date: date("date")?,
                venue: facts.opt(row, "venue_id")?.map(EntityId::from),
                participants: self
                    .roles(&fact_id)?
                    .into_iter()
                    .map(|(entity, role)| {
                        Ok(Participant {
                            entity,
                            role: word(Role::ALL, Role::as_str, &role)?,
                        })
                    })
                    .collect::<Result<Vec<_>, String>>()?,
            }),
            FactKind::Statement => common!(Statement {
                speakers: self.with_role(&fact_id, "speaker")?,
                mode: word(
                    StatementMode::ALL,
                    StatementMode::as_str,
                    &facts.text(row, "mode")?,
                )?,
                date: date("date")?,
                original: match facts.opt(row, "origin_id")? {
                    Some(origin) => Some(OriginalPart {
                        origin: origin.into(),
                        part: facts.text(row, "origin_part")?,
                    }),
                    None => None,
                },
                about_entities,
                about_facts,
            }),
            FactKind::ParticipationChange => {
                let (entity, role) = self.subject(&fact_id)?;
                common!(ParticipationChange {
                    series: series()?,
                    entity,
                    role,
                    change: word(
                        ParticipationChangeKind::ALL,
                        ParticipationChangeKind::as_str,
                        &change()?,
                    )?,
                    round: facts.u32(row, "round")?,
                    date: date("date")?,
                })
            }
            FactKind::ParticipationState => {
                let (entity, role) = self.subject(&fact_id)?;
                common!(ParticipationState {
                    series: series()?,
                    entity,
                    role,
                    from: date("from")?,
                    until: date("until")?,
                })
            }
            FactKind::MembershipChange => common!(MembershipChange {
                member: self
                    .with_role(&fact_id, "member")?
                    .into_iter()
                    .next()
                    .ok_or("no member")?,
                organization: self
                    .with_role(&fact_id, "organization")?
                    .into_iter()
                    .next()
                    .ok_or("no organization")?,
                change: word(
                    MembershipChangeKind::ALL,
                    MembershipChangeKind::as_str,
                    &change()?,
                )?,
                date: date("date")?,
            }),
            FactKind::PositionHeld => common!(PositionHeld {
                person: self
                    .with_role(&fact_id, "holder")?
                    .into_iter()
                    .next()
                    .ok_or("no holder")?,
                title: facts.text(row, "title")?,
                of: self.with_role(&fact_id, "office")?.into_iter().next(),
                date: date("date")?,
            }),
            FactKind::Claim => common!(Claim {
                date: self.date_of(&fact_id, "date")?,
                about_entities,
                about_facts,
            }),
        })
    }
}
