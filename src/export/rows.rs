//! The rows of every table, filled in one pass over the corpus: the files
//! and manifest, each article with its facts and text notes, the entity
//! registry, and the meetings merged across articles.

use super::Cell;
use crate::model::{Article, DateValue, Entity, Fact, PartialDate, SCHEMA_VERSION};
use crate::Corpus;

/// Rows of every table, filled in one pass over the corpus.
#[derive(Default)]
pub(super) struct Rows {
    pub(super) files: Vec<Vec<Cell>>,
    pub(super) manifest: Vec<Vec<Cell>>,
    pub(super) articles: Vec<Vec<Cell>>,
    pub(super) facts: Vec<Vec<Cell>>,
    pub(super) dates: Vec<Vec<Cell>>,
    pub(super) participants: Vec<Vec<Cell>>,
    pub(super) entities: Vec<Vec<Cell>>,
    pub(super) entity_names: Vec<Vec<Cell>>,
    pub(super) entity_positions: Vec<Vec<Cell>>,
    pub(super) evidence: Vec<Vec<Cell>>,
    pub(super) mentions: Vec<Vec<Cell>>,
    pub(super) entity_mentions: Vec<Vec<Cell>>,
    pub(super) fact_links: Vec<Vec<Cell>>,
    pub(super) inferences: Vec<Vec<Cell>>,
    pub(super) text_notes: Vec<Vec<Cell>>,
    pub(super) retired: Vec<Vec<Cell>>,
    pub(super) meetings: Vec<Vec<Cell>>,
    pub(super) meeting_attestations: Vec<Vec<Cell>>,
    pub(super) origins: Vec<Vec<Cell>>,
    pub(super) statements: Vec<Vec<Cell>>,
    pub(super) statement_renderings: Vec<Vec<Cell>>,
}

/// Every table's rows: articles sorted by id, entities by id.
pub(super) fn fill(corpus: &Corpus, progress: &dyn crate::Progress) -> Rows {
    let mut articles: Vec<(&str, &Article)> = corpus
        .articles()
        .iter()
        .map(|a| (corpus.article_path(&a.id).unwrap_or(""), a))
        .collect();
    articles.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    let mut entities: Vec<_> = corpus.entities().iter().collect();
    entities.sort_by(|a, b| a.id.cmp(&b.id));
    let mut rows = Rows::default();
    file_rows(&mut rows, corpus);
    // Each article, then the merged meetings and the statements, which
    // take a while of their own on a large corpus.
    progress.found(articles.len() + 2);
    for (path, article) in articles {
        article_rows(&mut rows, path, article);
        progress.checked(path);
    }
    for e in entities {
        entity_rows(&mut rows, e);
    }
    meeting_rows(&mut rows, corpus);
    progress.checked("meetings");
    statement_rows(&mut rows, corpus);
    progress.checked("statements");
    rows
}

/// The files, the manifest and the retired ids.
fn file_rows(rows: &mut Rows, corpus: &Corpus) {
    let manifest = corpus.manifest();
    rows.files.push(vec![
        text("manifest.json"),
        text("manifest"),
        Cell::Null,
        text(&manifest.schema),
        int(manifest.schema_version as usize),
    ]);
    rows.files.push(vec![
        text("entities.json"),
        text("entities"),
        Cell::Null,
        text(corpus.entities_schema()),
        int(SCHEMA_VERSION as usize),
    ]);
    if let Some(retired) = corpus.retired() {
        rows.files.push(vec![
            text("retired.json"),
            text("retired"),
            Cell::Null,
            text(&retired.schema),
            int(retired.schema_version as usize),
        ]);
        for (i, r) in retired.retired.iter().enumerate() {
            rows.retired.push(vec![
                int(i),
                text(r.record.as_str()),
                text(&r.id),
                text(&r.version),
                text(r.reason.as_str()),
                opt(r.replaced_by.as_deref()),
                opt(r.note.as_deref()),
            ]);
        }
    }
    rows.manifest.push(vec![
        text(&manifest.name),
        text(&manifest.title),
        text(&manifest.version),
        manifest
            .released
            .map_or(Cell::Null, |d| text(&d.to_string())),
        text(&manifest.description),
        text(&manifest.licenses.code),
        text(&manifest.licenses.annotations),
        text(&manifest.licenses.article_texts),
    ]);
}

/// An article's file, its row and publication date, its facts and its
/// text notes.
fn article_rows(rows: &mut Rows, path: &str, article: &Article) {
    rows.files.push(vec![
        text(path),
        text("article"),
        text(&article.id),
        text(&article.schema),
        int(article.schema_version as usize),
    ]);
    let (p_start, p_end) = date_range(&article.published);
    rows.articles.push(vec![
        text(&article.id),
        text(&article.source.outlet),
        text(&article.language),
        p_start,
        p_end,
        text(article.published.precision.as_str()),
        first_day(&article.published),
        last_day(&article.published),
        opt(article.title.as_deref()),
        opt(article.source.url.as_deref()),
        article
            .source
            .retrieved
            .map_or(Cell::Null, |d| text(&d.to_string())),
        opt(article.source.note.as_deref()),
        int(article.body_chars()),
        int(article.facts.len()),
        text(&article.body),
    ]);
    date_row(
        &mut rows.dates,
        &article.id,
        "published",
        &article.published,
    );
    for (i, origin) in article.derived_from.iter().enumerate() {
        rows.origins.push(vec![
            text(&article.id),
            int(i),
            text(&origin.id),
            text(&origin.issuer),
            text(origin.kind.as_str()),
            opt(origin.url.as_deref()),
            opt(origin.note.as_deref()),
        ]);
        date_row(
            &mut rows.dates,
            &article.id,
            &format!("derived_from/{i}"),
            &origin.date,
        );
    }
    for (index, fact) in article.facts.iter().enumerate() {
        fact_rows(rows, &article.id, index, fact);
    }
    for (i, note) in article.text_notes.iter().enumerate() {
        for (j, e) in note.evidence.iter().enumerate() {
            rows.text_notes.push(vec![
                text(&article.id),
                int(i),
                int(j),
                text(note.defect.as_str()),
                text(&note.note),
                int(e.start as usize),
                int(e.end as usize),
                text(&e.quote),
                opt(e.prefix.as_deref()),
                opt(e.suffix.as_deref()),
            ]);
        }
    }
}

/// An entity of the registry, its other names and its positions.
fn entity_rows(rows: &mut Rows, e: &Entity) {
    rows.entities.push(vec![
        text(&e.id),
        text(e.kind.as_str()),
        text(&e.name.en),
        text(&e.name.ar),
        opt(e.wikidata.as_deref()),
        opt(e.iso3166_1.as_deref()),
        opt(e.part_of.as_deref()),
        opt(e.note.as_deref()),
    ]);
    for (i, n) in e.other_names.iter().enumerate() {
        rows.entity_names.push(vec![
            text(&e.id),
            int(i),
            text(&n.lang),
            text(&n.text),
            n.from.map_or(Cell::Null, |d| text(&d.to_string())),
            n.until.map_or(Cell::Null, |d| text(&d.to_string())),
            opt(n.note.as_deref()),
        ]);
    }
    for (i, p) in e.positions.iter().enumerate() {
        let position = |k: Cell, article: Cell, fact: Cell| {
            vec![
                text(&e.id),
                int(i),
                text(&p.title),
                opt(p.of.as_deref()),
                k,
                article,
                fact,
            ]
        };
        if p.stated_in.is_empty() {
            rows.entity_positions
                .push(position(Cell::Null, Cell::Null, Cell::Null));
        }
        for (k, r) in p.stated_in.iter().enumerate() {
            rows.entity_positions.push(position(
                int(k),
                text(&r.article),
                text(&format!("{}#{}", r.article, r.fact)),
            ));
        }
    }
}

/// A fact's date columns: first and last as written, precision, basis,
/// first and last calendar day (a participation state's period).
fn date_cells(fact: &Fact) -> [Cell; 6] {
    match fact {
        Fact::ParticipationState(s) => [
            date_range(&s.from).0,
            date_range(&s.until).1,
            Cell::Null,
            Cell::Null,
            first_day(&s.from),
            last_day(&s.until),
        ],
        _ => match fact.date() {
            Some(d) => {
                let (start, end) = date_range(d);
                [
                    start,
                    end,
                    text(d.precision.as_str()),
                    text(d.basis.as_str()),
                    first_day(d),
                    last_day(d),
                ]
            }
            None => std::array::from_fn(|_| Cell::Null),
        },
    }
}

/// The columns only some kinds fill: round, meeting key, venue, change,
/// statement mode, a statement's origin and part, position title.
fn kind_cells(fact: &Fact) -> [Cell; 8] {
    let [mut round, mut key, mut venue, mut change, mut mode, mut origin, mut part, mut title] =
        std::array::from_fn(|_| Cell::Null);
    match fact {
        Fact::Meeting(m) => {
            round = m.round.map_or(Cell::Null, |r| Cell::Int(r.into()));
            key = opt(m.meeting_key.as_deref());
            venue = opt(m.venue.as_deref());
        }
        Fact::ParticipationChange(c) => {
            round = c.round.map_or(Cell::Null, |r| Cell::Int(r.into()));
            change = text(c.change.as_str());
        }
        Fact::MembershipChange(c) => change = text(c.change.as_str()),
        Fact::Statement(s) => {
            mode = text(s.mode.as_str());
            if let Some(o) = &s.original {
                origin = text(&o.origin);
                part = text(&o.part);
            }
        }
        Fact::PositionHeld(p) => title = text(&p.title),
        _ => {}
    }
    [round, key, venue, change, mode, origin, part, title]
}

/// The rows of one fact in every table it reaches.
fn fact_rows(rows: &mut Rows, article_id: &str, index: usize, fact: &Fact) {
    let fact_id = format!("{article_id}#{}", fact.id());
    let [d_start, d_end, d_precision, d_basis, d_first, d_last] = date_cells(fact);
    let [round, key, venue, change, mode, origin, part, title] = kind_cells(fact);
    rows.facts.push(vec![
        text(&fact_id),
        text(article_id),
        int(index),
        text(fact.kind().as_str()),
        text(fact.modality().as_str()),
        opt(fact.condition().map(|c| c.text_en.as_str())),
        opt(fact.series().map(|s| s.as_str())),
        round,
        key,
        d_start,
        d_end,
        d_precision,
        d_basis,
        d_first,
        d_last,
        venue,
        change,
        mode,
        origin,
        part,
        title,
        text(fact.summary_en()),
        opt(fact.note()),
    ]);
    for (field, date) in fact.dates() {
        date_row(&mut rows.dates, &fact_id, field, date);
    }
    for (position, entity, role) in roles(fact) {
        rows.participants.push(vec![
            text(&fact_id),
            int(position),
            text(entity),
            text(role),
        ]);
    }
    for (i, entity) in fact.about_entities().iter().enumerate() {
        rows.mentions
            .push(vec![text(&fact_id), int(i), text(entity), text("about")]);
    }
    let target = |id: &str| text(&format!("{article_id}#{id}"));
    for (i, id) in fact.about_facts().iter().enumerate() {
        rows.fact_links
            .push(vec![text(&fact_id), target(id), text("about"), int(i)]);
    }
    if let Some(id) = fact.according_to() {
        rows.fact_links.push(vec![
            text(&fact_id),
            target(id),
            text("according_to"),
            int(0),
        ]);
    }
    if let Some(id) = fact.condition().and_then(|c| c.fact.as_deref()) {
        rows.fact_links
            .push(vec![text(&fact_id), target(id), text("condition"), int(0)]);
    }
    for (i, inference) in fact.inferred().iter().enumerate() {
        rows.inferences.push(vec![
            text(&fact_id),
            int(i),
            text(&inference.path),
            text(&inference.note),
        ]);
    }
    for (i, e) in fact.evidence().iter().enumerate() {
        rows.evidence.push(vec![
            text(&fact_id),
            int(i),
            int(e.start as usize),
            int(e.end as usize),
            text(&e.quote),
            opt(e.prefix.as_deref()),
            opt(e.suffix.as_deref()),
            opt(e.mode.map(|m| m.as_str())),
        ]);
    }
    for (i, m) in fact.entity_mentions().iter().enumerate() {
        rows.entity_mentions.push(vec![
            text(&fact_id),
            int(i),
            text(&m.entity),
            int(m.evidence.start as usize),
            int(m.evidence.end as usize),
            text(&m.evidence.quote),
            opt(m.evidence.prefix.as_deref()),
            opt(m.evidence.suffix.as_deref()),
            opt(m.note.as_deref()),
        ]);
    }
}

fn date_row(out: &mut Vec<Vec<Cell>>, owner: &str, field: &str, d: &DateValue) {
    let partial = |p: Option<PartialDate>| p.map_or(Cell::Null, |p| text(&p.to_string()));
    let parts: Vec<&str> = d.inferred_parts.iter().map(|p| p.as_str()).collect();
    out.push(vec![
        text(owner),
        text(field),
        text(d.precision.as_str()),
        partial(d.start),
        partial(d.end),
        partial(d.earliest),
        partial(d.latest),
        text(d.basis.as_str()),
        if parts.is_empty() {
            Cell::Null
        } else {
            text(&parts.join(";"))
        },
        opt(d.note.as_deref()),
    ]);
}

/// The meetings merged across articles, and what attests each value.
fn meeting_rows(rows: &mut Rows, corpus: &Corpus) {
    for m in corpus.meetings() {
        let id = m.id();
        let (d_start, d_end, d_precision, d_first, d_last, d_fact) = match &m.date {
            Some(d) => {
                let (s, e) = date_range(d.value);
                let by = d.attested_by.first().map(|e| e.global_id());
                (
                    s,
                    e,
                    text(d.value.precision.as_str()),
                    first_day(d.value),
                    last_day(d.value),
                    opt(by.as_deref()),
                )
            }
            None => (
                Cell::Null,
                Cell::Null,
                Cell::Null,
                Cell::Null,
                Cell::Null,
                Cell::Null,
            ),
        };
        let (round, key) = match &m.identity {
            crate::meetings::Identity::Round(r) => (Cell::Int((*r).into()), Cell::Null),
            crate::meetings::Identity::Key(k) => (Cell::Null, text(k)),
            crate::meetings::Identity::Alone(_) => (Cell::Null, Cell::Null),
        };
        rows.meetings.push(vec![
            text(&id),
            text(m.series),
            round,
            key,
            text(m.modality.as_str()),
            d_start,
            d_end,
            d_precision,
            d_first,
            d_last,
            d_fact,
            opt(m.venue.as_ref().map(|v| v.value.as_str())),
            int(m.mentions.len()),
            int(m.articles),
        ]);
        let mut attest = |value: &str, entity: Cell, role: Cell, by: &crate::MeetingEntry<'_>| {
            rows.meeting_attestations.push(vec![
                text(&id),
                text(value),
                entity,
                role,
                text(&by.global_id()),
                text(&by.article.id),
            ]);
        };
        for e in &m.mentions {
            attest("mention", Cell::Null, Cell::Null, e);
        }
        if let Some(d) = &m.date {
            for e in &d.attested_by {
                attest("date", Cell::Null, Cell::Null, e);
            }
        }
        if let Some(v) = &m.venue {
            for e in &v.attested_by {
                attest("venue", text(v.value), Cell::Null, e);
            }
        }
        for p in &m.participants {
            for e in &p.attested_by {
                attest(
                    "participant",
                    text(&p.value.entity),
                    text(p.value.role.as_str()),
                    e,
                );
            }
        }
    }
}

/// The (position, entity, role) triples of a fact for the participants table.
fn roles(fact: &Fact) -> Vec<(usize, &str, &'static str)> {
    match fact {
        Fact::Meeting(m) => m
            .participants
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.entity.as_str(), p.role.as_str()))
            .collect(),
        Fact::Statement(s) => s
            .speakers
            .iter()
            .enumerate()
            .map(|(i, e)| (i, e.as_str(), "speaker"))
            .collect(),
        Fact::ParticipationChange(c) => vec![(0, c.entity.as_str(), c.role.as_str())],
        Fact::ParticipationState(s) => vec![(0, s.entity.as_str(), s.role.as_str())],
        Fact::MembershipChange(c) => vec![
            (0, c.member.as_str(), "member"),
            (0, c.organization.as_str(), "organization"),
        ],
        Fact::PositionHeld(p) => {
            let mut r = vec![(0, p.person.as_str(), "holder")];
            if let Some(of) = &p.of {
                r.push((0, of.as_str(), "office"));
            }
            r
        }
        _ => Vec::new(),
    }
}

/// The first and last dates a value covers, as written: start and end (or
/// start again for a single date), or the bounds of an unknown date.
/// The statements merged across articles, and which facts render each.
fn statement_rows(rows: &mut Rows, corpus: &Corpus) {
    for s in corpus.statements() {
        let id = s.id();
        let date = s.origin.map(|o| &o.date);
        rows.statements.push(vec![
            text(&id),
            opt(s.original.map(|o| o.origin.as_str())),
            opt(s.original.map(|o| o.part.as_str())),
            opt(s.origin.map(|o| o.issuer.as_str())),
            opt(s.origin.map(|o| o.kind.as_str())),
            date.map_or(Cell::Null, first_day),
            date.map_or(Cell::Null, last_day),
            int(s.renderings.len()),
            int(s.articles()),
        ]);
        for r in &s.renderings {
            rows.statement_renderings.push(vec![
                text(&id),
                text(&r.global_id()),
                text(&r.article.id),
                text(r.statement.mode.as_str()),
            ]);
        }
    }
}

fn date_range(d: &DateValue) -> (Cell, Cell) {
    let first = d.start.or(d.earliest);
    let last = d.end.or(d.start).or(d.latest);
    (
        first.map_or(Cell::Null, |p| Cell::Text(p.to_string())),
        last.map_or(Cell::Null, |p| Cell::Text(p.to_string())),
    )
}

/// The first calendar day a value can fall on, as `YYYY-MM-DD`.
fn first_day(d: &DateValue) -> Cell {
    d.lower_bound().map_or(Cell::Null, |day| {
        Cell::Text(day.format("%Y-%m-%d").to_string())
    })
}

/// The last calendar day a value can fall on, as `YYYY-MM-DD`.
fn last_day(d: &DateValue) -> Cell {
    d.upper_bound().map_or(Cell::Null, |day| {
        Cell::Text(day.format("%Y-%m-%d").to_string())
    })
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

fn opt(s: Option<&str>) -> Cell {
    s.map_or(Cell::Null, text)
}

fn int(n: usize) -> Cell {
    Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
}
