//! `astana-corpus review`: a static site on which a reviewer checks by eye
//! that each fact says what its quoted words say.
//!
//! One page per article and an index, with no external resource (no CDN,
//! no web font): it opens from `file://` and reads with JavaScript off; the
//! script only adds the clicking. The article text is shown exactly as
//! stored, right to left for Arabic, in `pre-wrap`. Evidence is marked by
//! background colour only (bold or a size change would break Arabic letter
//! joining). Overlapping spans are cut here, in Rust, into flat segments at
//! every span boundary, computed from the code-point offsets, so the page
//! never does offset arithmetic (JavaScript counts UTF-16 units). Each
//! segment names the first few facts that cite it and counts the rest, so
//! a page stays linear in the article however its spans nest. The validator's findings are
//! shown at the facts and spans they concern, and an article that does not
//! parse still gets a page with its findings and whatever text it has.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::escape::{html, visible, Untrusted};
use crate::model::{is_valid_id, Article, DateValue, EntitiesFile, Fact, Manifest};
use crate::validate::render::count;
use crate::validate::{Finding, Report};

mod entities;
mod picture;

/// One flat piece of the body: `[start, end)` in code points, and the
/// spans (indices into the list given to [`segments`]) that cover it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The spans that cover every code point of the segment.
    pub spans: Vec<usize>,
}

/// The spans' boundaries, sorted: (offset, whether a span opens there,
/// which span), and the cuts of `[0, len)` they make. Spans out of bounds
/// or reversed are left out.
fn boundaries(len: usize, spans: &[(usize, usize)]) -> (Vec<(usize, bool, usize)>, Vec<usize>) {
    let mut events: Vec<(usize, bool, usize)> = Vec::with_capacity(spans.len() * 2);
    for (i, &(start, end)) in spans.iter().enumerate() {
        if start < end && end <= len {
            events.push((start, true, i));
            events.push((end, false, i));
        }
    }
    events.sort_unstable();
    let mut cuts: Vec<usize> = events.iter().map(|e| e.0).collect();
    cuts.push(0);
    cuts.push(len);
    cuts.sort_unstable();
    cuts.dedup();
    (events, cuts)
}

/// Cuts `[0, len)` into segments at every boundary of `spans` (each a
/// half-open code-point range; ranges out of bounds or reversed are
/// ignored). Each segment lists every span over it, so the output grows
/// with how deeply the spans nest (n nested spans give n² entries); the
/// review page keeps a count and a few names per segment instead.
pub fn segments(len: usize, spans: &[(usize, usize)]) -> Vec<Segment> {
    let (events, cuts) = boundaries(len, spans);
    let mut open: std::collections::BTreeSet<usize> = Default::default();
    let mut next = 0;
    let mut out = Vec::with_capacity(cuts.len());
    for window in cuts.windows(2) {
        let (start, end) = (window[0], window[1]);
        while next < events.len() && events[next].0 <= start {
            let (_, opens, i) = events[next];
            if opens {
                open.insert(i);
            } else {
                open.remove(&i);
            }
            next += 1;
        }
        out.push(Segment {
            start,
            end,
            spans: open.iter().copied().collect(),
        });
    }
    out
}

/// How many facts a segment's tooltip names before it counts the rest.
const TITLE_FACTS: usize = 3;

/// A flat piece of the body for the page: how many facts cite it and the
/// first few of them (by position in the article).
struct Covered {
    start: usize,
    end: usize,
    facts: usize,
    first: Vec<usize>,
}

/// [`segments`] for the page, linear in the body and the spans whatever
/// they nest: each segment counts the facts (`owner` of each span) that
/// cite it and keeps the first `keep`, instead of listing them all.
fn cover(len: usize, spans: &[(usize, usize)], owner: &[usize], keep: usize) -> Vec<Covered> {
    let (events, cuts) = boundaries(len, spans);
    // Open spans per fact, and the facts with at least one open.
    let mut open_spans: BTreeMap<usize, usize> = BTreeMap::new();
    let mut next = 0;
    let mut out = Vec::with_capacity(cuts.len());
    for window in cuts.windows(2) {
        let (start, end) = (window[0], window[1]);
        while next < events.len() && events[next].0 <= start {
            let (_, opens, i) = events[next];
            let fact = owner[i];
            if opens {
                *open_spans.entry(fact).or_default() += 1;
            } else if let Some(n) = open_spans.get_mut(&fact) {
                *n -= 1;
                if *n == 0 {
                    open_spans.remove(&fact);
                }
            }
            next += 1;
        }
        out.push(Covered {
            start,
            end,
            facts: open_spans.len(),
            first: open_spans.keys().take(keep).copied().collect(),
        });
    }
    out
}

/// The site for the data folder `dir`: (relative path, contents) of every
/// file, given the validator's report on the same folder.
pub fn site(dir: &Path, report: &Report) -> Vec<(String, String)> {
    site_with_progress(dir, report, &())
}

/// [`site`], telling `progress` how many articles it found and then each
/// one as its page is made.
pub fn site_with_progress(
    dir: &Path,
    report: &Report,
    progress: &dyn crate::Progress,
) -> Vec<(String, String)> {
    let limit = crate::validate::Limits::default().max_file_bytes;
    let read = |rel: &str| crate::files::read_in(dir, rel, limit).ok();
    let manifest: Option<Manifest> =
        read("manifest.json").and_then(|b| serde_json::from_slice(&b).ok());
    let registry: Option<EntitiesFile> =
        read("entities.json").and_then(|b| serde_json::from_slice(&b).ok());
    let names: BTreeMap<String, String> = registry
        .iter()
        .flat_map(|r| r.entities.iter())
        .map(|e| (e.id.to_string(), e.name.en.clone()))
        .collect();
    let listing = crate::files::list_articles(dir)
        .map(|l| l.files)
        .unwrap_or_default();

    // Findings by file, in one pass: looking them up per file was
    // quadratic over many files.
    let mut by_file: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for f in &report.findings {
        by_file.entry(f.file.as_str()).or_default().push(f);
    }
    let articles: HashSet<&str> = listing.iter().map(String::as_str).collect();
    let mut pages = Vec::new();
    let mut rows = Vec::new();
    let mut parsed: Vec<(String, String)> = Vec::new();
    // Each article's page, by id, for the index's links to facts.
    let mut page_of: HashMap<String, String> = HashMap::new();
    progress.found(listing.len());
    for (n, rel) in listing.iter().enumerate() {
        progress.checked(rel);
        let findings = by_file.remove(rel.as_str()).unwrap_or_default();
        let bytes = read(rel);
        let typed: Option<Article> = bytes.as_ref().and_then(|b| serde_json::from_slice(b).ok());
        // Only a file that does not match the model is read loosely, to show what it can.
        let loose: Option<Value> = match typed {
            Some(_) => None,
            None => bytes.as_ref().and_then(|b| serde_json::from_slice(b).ok()),
        };
        let id = typed
            .as_ref()
            .map(|a| a.id.to_string())
            .or_else(|| {
                loose
                    .as_ref()
                    .and_then(|v| v.get("id")?.as_str().map(str::to_owned))
            })
            .unwrap_or_default();
        // File names come from the data: only a slug becomes one.
        let page = if is_valid_id(&id) {
            format!("articles/{id}.html")
        } else {
            format!("articles/article-{n}.html")
        };
        let errors = findings
            .iter()
            .filter(|f| f.severity == crate::validate::Severity::Error)
            .count();
        rows.push(format!(
            "<tr><td><a href=\"{page}\"><bdi>{}</bdi></a></td><td>{}</td><td>{}</td><td>{errors}</td><td>{}</td></tr>",
            html(&visible(if id.is_empty() { rel } else { &id })),
            typed.as_ref().map_or("–".to_owned(), |a| html(&visible(&a.source.outlet)).into_owned()),
            typed.as_ref().map_or("–".to_owned(), |a| a.facts.len().to_string()),
            findings.len() - errors,
        ));
        let body = match &typed {
            Some(article) => article_page(article, rel, &findings, &names),
            None => broken_page(rel, loose.as_ref(), &findings),
        };
        if typed.is_some() {
            page_of.entry(id.clone()).or_insert_with(|| page.clone());
        }
        pages.push((page, body));
        if typed.is_some() {
            if let Some(b) = bytes {
                parsed.push((rel.clone(), String::from_utf8_lossy(&b).into_owned()));
            }
        }
    }
    let (meetings, entity_pages) = meetings_table(&read, &parsed, &names, &page_of);
    pages.extend(entity_pages);
    let registry_findings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| !articles.contains(f.file.as_str()))
        .collect();
    let title = manifest
        .as_ref()
        .map_or("astana-corpus".to_owned(), |m| m.title.clone());
    let mut index = head(&format!("Review: {title}"), "");
    let _ = write!(
        index,
        "<header><h1>{}</h1><p>{}, {} and {} in all.</p></header><main>",
        html(&visible(&title)),
        count(listing.len(), "article"),
        count(report.errors(), "error"),
        count(report.warnings(), "warning")
    );
    if !registry_findings.is_empty() {
        index.push_str("<section aria-labelledby=\"other-findings\"><h2 id=\"other-findings\">Findings in other files</h2>");
        index.push_str(&findings_list(&registry_findings));
        index.push_str("</section>");
    }
    let _ = write!(
        index,
        "<section aria-labelledby=\"articles\"><h2 id=\"articles\">Articles</h2><div class=\"wide\" role=\"region\" aria-label=\"Table of articles (scrolls sideways)\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">article</th><th scope=\"col\">outlet</th><th scope=\"col\">facts</th><th scope=\"col\">errors</th><th scope=\"col\">warnings</th></tr></thead><tbody>{}</tbody></table></div></section>",
        rows.join("")
    );
    index.push_str(&meetings);
    index.push_str("</main></body></html>\n");
    pages.push(("index.html".into(), index));
    pages.push(("review.css".into(), format!("{CSS}{}", picture::CSS)));
    pages.push(("review.js".into(), JS.into()));
    pages
}

fn head(title: &str, up: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"{up}review.css\"></head><body>",
        html(&visible(title))
    )
}

fn findings_list(findings: &[&Finding]) -> String {
    let mut out = String::from("<ul class=\"findings\">");
    for f in findings {
        let _ = write!(
            out,
            "<li class=\"finding {}\"><strong>{}[{}]</strong> <code>{}:{}:{}</code> <code>{}</code>: {}<br><span class=\"hint\">{}</span></li>",
            f.severity.as_str(),
            f.severity.as_str(),
            f.rule.id(),
            html(&visible(&f.file)),
            f.line(),
            f.column(),
            html(&visible(&f.pointer)),
            html(&visible(&f.message)),
            html(&visible(&f.hint)),
        );
    }
    out.push_str("</ul>");
    out
}

fn date(d: &DateValue) -> String {
    let mut text = format!("{d} ({} precision, {}", d.precision, d.basis);
    if !d.inferred_parts.is_empty() {
        let parts: Vec<&str> = d.inferred_parts.iter().map(|p| p.as_str()).collect();
        let _ = write!(text, ": {} inferred", parts.join(", "));
    }
    text.push(')');
    let mut out = html(&visible(&text)).into_owned();
    if let Some(note) = &d.note {
        let _ = write!(out, " <span class=\"why\">{}</span>", html(&visible(note)));
    }
    out
}

/// `entity-id (English name)`.
fn entity(id: &str, names: &BTreeMap<String, String>) -> String {
    match names.get(id) {
        Some(name) => format!(
            "<bdi>{}</bdi> ({})",
            html(&visible(name)),
            html(&visible(id))
        ),
        None => format!("<code>{}</code>", html(&visible(id))),
    }
}

fn article_page(
    article: &Article,
    rel: &str,
    findings: &[&Finding],
    names: &BTreeMap<String, String>,
) -> String {
    let chars: Vec<char> = article.body.chars().collect();
    // Every span of a fact (its evidence and its entity mentions), with its owner.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut owner: Vec<usize> = Vec::new();
    for (i, fact) in article.facts.iter().enumerate() {
        for e in fact.evidence() {
            spans.push((e.start as usize, e.end as usize));
            owner.push(i);
        }
        for m in fact.entity_mentions() {
            spans.push((m.evidence.start as usize, m.evidence.end as usize));
            owner.push(i);
        }
    }
    let rtl = article.language.starts_with("ar");
    let mut text = String::new();
    for seg in cover(chars.len(), &spans, &owner, TITLE_FACTS) {
        let words: String = chars[seg.start..seg.end].iter().collect();
        if seg.facts == 0 {
            text.push_str(&html(&words));
            continue;
        }
        // A segment names a few of its facts and counts the rest: listing
        // every one made nested spans quadratic. The script finds them all
        // from the facts' own spans.
        let mut title: Vec<String> = seg
            .first
            .iter()
            .map(|&f| Untrusted::new(article.facts[f].id()).html())
            .collect();
        if seg.facts > seg.first.len() {
            title.push(format!("{} more", seg.facts - seg.first.len()));
        }
        let _ = write!(
            text,
            "<span class=\"seg\" data-start=\"{}\" data-end=\"{}\" title=\"cited by {}\">{}</span>",
            seg.start,
            seg.end,
            title.join(", "),
            html(&words)
        );
    }

    let mut out = head(&format!("{} – review", article.id), "../");
    let _ = write!(
        out,
        "<header><p><a href=\"../index.html\">All articles</a></p><h1>{}</h1><p>{} · published {} · {} facts · <code>{}</code></p></header>",
        html(&visible(&article.id)),
        entity(&article.source.outlet, names),
        date(&article.published),
        article.facts.len(),
        html(&visible(rel)),
    );
    let general: Vec<&Finding> = findings
        .iter()
        .copied()
        .filter(|f| fact_index(&f.pointer).is_none())
        .collect();
    // Shown by the script on narrow screens only: without it, both sides
    // stack as before.
    out.push_str("<main class=\"review\"><div class=\"flip\" role=\"group\" aria-label=\"Show\" hidden><button type=\"button\" data-side=\"text\" aria-pressed=\"false\">Text</button><button type=\"button\" data-side=\"facts\" aria-pressed=\"true\">Facts</button></div>");
    let _ = write!(
        out,
        "<section class=\"text\" aria-labelledby=\"text-h\"><h2 id=\"text-h\">Text</h2>{}<div class=\"body\" id=\"body\" lang=\"{}\" dir=\"{}\">{text}</div><div id=\"segment-facts\" aria-live=\"polite\"></div>",
        if general.is_empty() { String::new() } else { findings_list(&general) },
        html(&article.language),
        if rtl { "rtl" } else { "ltr" },
    );
    if !article.text_notes.is_empty() {
        out.push_str("<h3>Defects in the published text</h3><ul>");
        for note in &article.text_notes {
            let quotes: Vec<String> = note
                .evidence
                .iter()
                .map(|e| format!("«<bdi>{}</bdi>»", html(&e.quote)))
                .collect();
            let _ = write!(
                out,
                "<li>{}: {} — {}</li>",
                note.defect,
                quotes.join(", "),
                html(&visible(&note.note))
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</section><section class=\"facts\" dir=\"ltr\" aria-labelledby=\"facts-h\"><h2 id=\"facts-h\">Facts</h2>");
    out.push_str(&filter_form(article, names));
    let mut by_fact: HashMap<usize, Vec<&Finding>> = HashMap::new();
    for f in findings {
        if let Some(i) = fact_index(&f.pointer) {
            by_fact.entry(i).or_default().push(f);
        }
    }
    for (i, fact) in article.facts.iter().enumerate() {
        let own = by_fact.remove(&i).unwrap_or_default();
        out.push_str(&fact_card(fact, &own, names));
    }
    out.push_str("</section></main><script src=\"../review.js\"></script></body></html>\n");
    out
}

/// The fact a JSON Pointer is under, if any.
fn fact_index(pointer: &str) -> Option<usize> {
    pointer
        .strip_prefix("/facts/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

fn fact_card(fact: &Fact, findings: &[&Finding], names: &BTreeMap<String, String>) -> String {
    // In attributes (`id`, `data-fact`) and text alike.
    let id = Untrusted::new(fact.id()).html();
    let rows = card_rows(fact, names);
    // What the filter matches on: the kind, the modality and every entity
    // the fact refers to, space-separated with a space at each end.
    let mut refs: Vec<&str> = fact
        .entity_refs()
        .into_iter()
        .map(|(_, e)| e.as_str())
        .collect();
    refs.sort_unstable();
    refs.dedup();
    let mut out = format!(
        "<article class=\"fact\" id=\"fact-{id}\" aria-labelledby=\"h-{id}\" data-kind=\"{}\" data-modality=\"{}\" data-entities=\" {} \"><h3 id=\"h-{id}\"><button type=\"button\" class=\"pick\" aria-pressed=\"false\" data-fact=\"{id}\">{} · {id}</button></h3><p>{}</p><dl>",
        fact.kind(),
        fact.modality().as_str(),
        html(&refs.join(" ")),
        fact.kind(),
        html(&visible(fact.summary_en())),
    );
    for (k, v) in rows {
        let _ = write!(out, "<dt>{}</dt><dd>{v}</dd>", html(&k));
    }
    out.push_str("</dl>");
    if !fact.inferred().is_empty() {
        out.push_str("<p class=\"label\">Inferred, not stated:</p><ul class=\"inferred\">");
        for i in fact.inferred() {
            let _ = write!(
                out,
                "<li><code>{}</code>: {}</li>",
                html(&visible(&i.path)),
                html(&visible(&i.note))
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("<p class=\"label\">Evidence:</p><ol class=\"quotes\">");
    for e in fact.evidence() {
        let _ = write!(
            out,
            "<li data-start=\"{}\" data-end=\"{}\">«<bdi>{}</bdi>» <span class=\"offsets\">[{}, {})</span></li>",
            e.start,
            e.end,
            html(&e.quote),
            e.start,
            e.end
        );
    }
    out.push_str("</ol>");
    if let Some(note) = fact.note() {
        let _ = write!(
            out,
            "<p class=\"note\"><span class=\"label\">Note:</span> {}</p>",
            html(&visible(note))
        );
    }
    if !findings.is_empty() {
        out.push_str(&findings_list(findings));
    }
    out.push_str("</article>");
    out
}

/// The card's list of values: modality and condition, series, what only
/// the fact's kind has, its date, what it is about, its source and its
/// entity mentions; each value escaped.
fn card_rows(fact: &Fact, names: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> =
        vec![("modality".into(), fact.modality().as_str().into())];
    if let Some(c) = fact.condition() {
        let mut text = html(&visible(&c.text_en)).into_owned();
        if let Some(f) = &c.fact {
            let _ = write!(text, " (<a href=\"#fact-{0}\">{0}</a>)", html(&visible(f)));
        }
        rows.push(("condition".into(), text));
    }
    if let Some(series) = fact.series() {
        rows.push(("series".into(), entity(series, names)));
    }
    kind_rows(fact, names, &mut rows);
    if let Some(d) = fact.date() {
        rows.push(("date".into(), date(d)));
    }
    if !fact.about_entities().is_empty() {
        let list: Vec<String> = fact
            .about_entities()
            .iter()
            .map(|e| entity(e, names))
            .collect();
        rows.push(("about".into(), list.join(", ")));
    }
    if !fact.about_facts().is_empty() {
        let list: Vec<String> = fact
            .about_facts()
            .iter()
            .map(|f| format!("<a href=\"#fact-{0}\">{0}</a>", html(&visible(f))))
            .collect();
        rows.push(("about facts".into(), list.join(", ")));
    }
    if let Some(a) = fact.according_to() {
        rows.push((
            "according to".into(),
            format!("<a href=\"#fact-{0}\">{0}</a>", html(&visible(a))),
        ));
    }
    for m in fact.entity_mentions() {
        let mut text = format!(
            "<span class=\"mention\" data-start=\"{}\" data-end=\"{}\">«<bdi>{}</bdi>»</span> → {}",
            m.evidence.start,
            m.evidence.end,
            html(&m.evidence.quote),
            entity(&m.entity, names)
        );
        if let Some(note) = &m.note {
            let _ = write!(text, " <span class=\"why\">{}</span>", html(&visible(note)));
        }
        rows.push(("mention".into(), text));
    }
    rows
}

/// The values only the fact's kind has: a meeting's round, key, venue and
/// roster, a statement's speakers, a change's entity, and so on.
fn kind_rows(fact: &Fact, names: &BTreeMap<String, String>, rows: &mut Vec<(String, String)>) {
    match fact {
        Fact::Meeting(m) => {
            if let Some(r) = m.round {
                rows.push(("round".into(), r.to_string()));
            }
            if let Some(k) = &m.meeting_key {
                rows.push(("meeting key".into(), html(&visible(k)).into_owned()));
            }
            if let Some(v) = &m.venue {
                rows.push(("venue".into(), entity(v, names)));
            }
            for (role, ids) in m.roster() {
                let list: Vec<String> = ids.iter().map(|e| entity(e, names)).collect();
                rows.push((role.as_str().into(), list.join(", ")));
            }
        }
        Fact::Statement(s) => {
            let list: Vec<String> = s.speakers.iter().map(|e| entity(e, names)).collect();
            rows.push(("speakers".into(), list.join(", ")));
            rows.push(("mode".into(), s.mode.as_str().into()));
        }
        Fact::ParticipationChange(c) => {
            rows.push((
                "entity".into(),
                format!("{} as {}", entity(&c.entity, names), c.role),
            ));
            let mut change = c.change.as_str().to_owned();
            if let Some(r) = c.round {
                let _ = write!(change, " (round {r})");
            }
            rows.push(("change".into(), change));
        }
        Fact::ParticipationState(s) => {
            rows.push((
                "entity".into(),
                format!("{} as {}", entity(&s.entity, names), s.role),
            ));
            rows.push(("from".into(), date(&s.from)));
            rows.push(("until".into(), date(&s.until)));
        }
        Fact::MembershipChange(c) => {
            rows.push(("member".into(), entity(&c.member, names)));
            rows.push(("organization".into(), entity(&c.organization, names)));
            rows.push(("change".into(), c.change.as_str().into()));
        }
        Fact::PositionHeld(p) => {
            rows.push(("person".into(), entity(&p.person, names)));
            rows.push(("title".into(), html(&visible(&p.title)).into_owned()));
            if let Some(of) = &p.of {
                rows.push(("of".into(), entity(of, names)));
            }
        }
        _ => {}
    }
}

fn broken_page(rel: &str, loose: Option<&Value>, findings: &[&Finding]) -> String {
    let mut out = head(&format!("{rel} – review"), "../");
    let _ = write!(
        out,
        "<header><p><a href=\"../index.html\">All articles</a></p><h1><code>{}</code></h1><p>This file does not match the data model; the findings below say why. What can be read of it is shown.</p></header><main>",
        html(&visible(rel))
    );
    out.push_str(&findings_list(findings));
    if let Some(body) = loose.and_then(|v| v.get("body")).and_then(Value::as_str) {
        let language = loose
            .and_then(|v| v.get("language"))
            .and_then(Value::as_str)
            .filter(|l| is_valid_id(l))
            .unwrap_or("und");
        let _ = write!(
            out,
            "<section aria-labelledby=\"text-h\"><h2 id=\"text-h\">Text</h2><div class=\"body\" id=\"body\" lang=\"{language}\" dir=\"{}\">{}</div></section>",
            if language.starts_with("ar") { "rtl" } else { "auto" },
            html(body)
        );
    }
    out.push_str("</main></body></html>\n");
    out
}

/// The filter over an article's facts: by kind, modality and entity, each
/// listing only the values the article's facts have. The script shows it
/// and applies it; without the script it stays hidden and every fact shows.
fn filter_form(article: &Article, names: &BTreeMap<String, String>) -> String {
    let mut kinds: Vec<&str> = article.facts.iter().map(|f| f.kind().as_str()).collect();
    let mut modalities: Vec<&str> = article
        .facts
        .iter()
        .map(|f| f.modality().as_str())
        .collect();
    let mut entities: Vec<&str> = article
        .facts
        .iter()
        .flat_map(|f| f.entity_refs().into_iter().map(|(_, e)| e.as_str()))
        .collect();
    for values in [&mut kinds, &mut modalities] {
        values.sort_unstable();
        values.dedup();
    }
    let name = |id: &str| names.get(id).map_or_else(|| id.to_owned(), Clone::clone);
    entities.sort_by_key(|id| (name(id), id.to_string()));
    entities.dedup();
    let options = |values: &[&str], label: &dyn Fn(&str) -> String| -> String {
        values
            .iter()
            .map(|v| {
                format!(
                    "<option value=\"{}\">{}</option>",
                    html(&visible(v)),
                    html(&visible(&label(v)))
                )
            })
            .collect()
    };
    format!(
        "<form class=\"filter\" hidden aria-label=\"Filter the facts\"><label>kind <select name=\"kind\"><option value=\"\">any</option>{}</select></label> <label>modality <select name=\"modality\"><option value=\"\">any</option>{}</select></label> <label>entity <select name=\"entity\"><option value=\"\">any</option>{}</select></label><p class=\"shown\" aria-live=\"polite\">{} facts</p></form>",
        options(&kinds, &|v| v.to_owned()),
        options(&modalities, &|v| v.to_owned()),
        options(&entities, &|v| format!("{} ({v})", name(v))),
        article.facts.len(),
    )
}

/// The derived meetings of the articles that parse, for the index: a
/// picture of each series' rounds and roles, then a table with each
/// meeting's roster by role and links to the facts that attest it.
fn meetings_table(
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
    parsed: &[(String, String)],
    names: &BTreeMap<String, String>,
    page_of: &HashMap<String, String>,
) -> (String, Vec<(String, String)>) {
    let (Some(manifest), Some(entities)) = (read("manifest.json"), read("entities.json")) else {
        return (String::new(), Vec::new());
    };
    let manifest = String::from_utf8_lossy(&manifest).into_owned();
    let entities = String::from_utf8_lossy(&entities).into_owned();
    let files = [
        ("manifest.json", manifest.as_str()),
        ("entities.json", entities.as_str()),
    ]
    .into_iter()
    .chain(parsed.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let Ok(corpus) = crate::Corpus::from_files(files) else {
        return ("<section><h2>Meetings</h2><p>The meetings cannot be merged, nor the entities listed, until the manifest and registry load.</p></section>".into(), Vec::new());
    };
    let mut out =
        String::from("<section aria-labelledby=\"process\"><h2 id=\"process\">The process</h2>");
    // Merged once, for the picture, the table and the entity pages.
    let meetings = corpus.meetings();
    out.push_str(&picture::pictures(&corpus, &meetings, names));
    out.push_str("</section><section aria-labelledby=\"meetings\"><h2 id=\"meetings\">Meetings across articles</h2><p class=\"legend\">A date ending in <code>*</code> is inferred, not stated by the articles; <code>unknown (…)</code> gives the bounds the articles allow, not a date.</p><div class=\"wide\" role=\"region\" aria-label=\"Table of meetings (scrolls sideways)\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">meeting</th><th scope=\"col\">date</th><th scope=\"col\">venue</th><th scope=\"col\">roster by role</th><th scope=\"col\">attested by</th><th scope=\"col\">articles</th></tr></thead><tbody>");
    for m in &meetings {
        let round = match m.identity {
            crate::meetings::Identity::Round(r) => format!(" data-round=\"{r}\""),
            _ => String::new(),
        };
        let _ = write!(
            out,
            "<tr data-meeting=\"{}\" data-modality=\"{}\"{round}><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html(&visible(&m.id())),
            m.modality.as_str(),
            html(&visible(&m.id())),
            m.date.as_ref().map_or("–".into(), |d| html(&visible(&d.value.to_string())).into_owned()),
            m.venue.as_ref().map_or("–".into(), |v| entity(v.value, names)),
            roster(m, names),
            attested_by(m, page_of),
            m.articles
        );
    }
    out.push_str("</tbody></table></div></section>");
    let (section, pages) = entities::pages(&corpus, &meetings, names, page_of);
    out.push_str(&section);
    (out, pages)
}

/// A meeting's participants grouped by role, in the order of the roles.
fn roster(m: &crate::CorpusMeeting<'_>, names: &BTreeMap<String, String>) -> String {
    let mut by_role: BTreeMap<crate::model::Role, Vec<&str>> = BTreeMap::new();
    for p in &m.participants {
        by_role
            .entry(p.value.role)
            .or_default()
            .push(p.value.entity.as_str());
    }
    if by_role.is_empty() {
        return "–".into();
    }
    let mut out = String::from("<ul class=\"roster\">");
    for (role, ids) in by_role {
        let members: Vec<String> = ids
            .iter()
            .map(|id| {
                format!(
                    "<span data-entity=\"{}\" data-role=\"{}\"><bdi>{}</bdi></span>",
                    html(&visible(id)),
                    role.as_str(),
                    html(&visible(names.get(*id).map_or(*id, String::as_str)))
                )
            })
            .collect();
        let _ = write!(
            out,
            "<li>{} ({}): {}</li>",
            role.as_str(),
            ids.len(),
            members.join(", ")
        );
    }
    out.push_str("</ul>");
    out
}

/// Links to each meeting fact that mentions the meeting, on its article's
/// page.
fn attested_by(m: &crate::CorpusMeeting<'_>, page_of: &HashMap<String, String>) -> String {
    let links: Vec<String> = m
        .mentions
        .iter()
        .map(|e| fact_link("", e.article.id.as_str(), e.meeting.id.as_str(), page_of))
        .collect();
    links.join("<br>")
}

/// A fact's corpus-wide id, linked to its card on its article's page
/// (`up` leads from the linking page to the site's root), or unlinked
/// when the article has no page.
fn fact_link(up: &str, article: &str, fact: &str, page_of: &HashMap<String, String>) -> String {
    let global = html(&visible(&format!("{article}#{fact}"))).into_owned();
    match page_of.get(article) {
        Some(page) => format!(
            "<a href=\"{up}{page}#fact-{}\"><code>{global}</code></a>",
            Untrusted::new(fact).html()
        ),
        None => format!("<code>{global}</code>"),
    }
}

const CSS: &str = r#"/* astana-corpus review: no external resources. Evidence is marked by
   underline and background colour only: bold, size or font changes break
   Arabic joining. */
:root { color: #1b1b1b; background: #ffffff; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 90rem; padding: 1rem; }
a { color: #0b4f8a; }
.review { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; align-items: start; }
/* Wide: the text stays in view beside the facts and scrolls on its own. */
.flip { display: none; }
@media (min-width: 60.01rem) {
  .review > .text { position: sticky; top: 0; max-height: 100vh; overflow-y: auto; }
}
/* Narrow: one column; with the script, one side at a time, each scrolling
   on its own under the switch, so that each keeps its place. */
@media (max-width: 60rem) {
  .review { grid-template-columns: 1fr; }
  .js .review > section { height: calc(100vh - 3.5rem); overflow-y: auto; }
  .js .review[data-show="facts"] > .text, .js .review[data-show="text"] > .facts { display: none; }
  .js .flip { grid-column: 1 / -1; position: sticky; top: 0; z-index: 1; background: #ffffff; padding: 0.25rem 0; display: flex; gap: 0.5rem; }
}
form.filter { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin-bottom: 1rem; }
form.filter select { font: inherit; max-width: 16rem; }
form.filter .shown { margin: 0; color: #4a4a4a; }
form.filter[hidden] { display: none; }
.flip button { font: inherit; background: #eef3f8; color: #1b1b1b; border: 1px solid #0b4f8a; border-radius: 4px; padding: 0.25rem 0.75rem; cursor: pointer; }
.flip button[aria-pressed="true"] { background: #0b4f8a; color: #ffffff; }
.seg.hl:focus { outline: 2px solid #0b4f8a; outline-offset: 1px; }
.body { white-space: pre-wrap; font-size: 1.25rem; line-height: 2; border: 1px solid #8a8a8a; padding: 1rem; }
/* Cited words are underlined, not tinted: with most of a body cited, a
   tint everywhere left a selection only a stronger yellow. */
.seg { text-decoration: underline dotted #6a6a6a; text-underline-offset: 0.4em; cursor: pointer; }
.seg.hl { background: #f2c230; }
.fact { border: 1px solid #8a8a8a; border-radius: 4px; padding: 0.5rem 1rem; margin-bottom: 1rem; }
.fact h3 { margin: 0.25rem 0; font-size: 1rem; }
button.pick { font: inherit; text-align: start; background: #eef3f8; color: #1b1b1b; border: 1px solid #0b4f8a; border-radius: 4px; padding: 0.25rem 0.5rem; cursor: pointer; }
button.pick[aria-pressed="true"] { background: #f2c230; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.75rem; margin: 0.5rem 0; }
dt { font-weight: 600; }
dd { margin: 0; }
.why, .offsets, .hint { color: #4a4a4a; }
.label { font-weight: 600; margin: 0.5rem 0 0.25rem; }
.findings { padding-left: 1.25rem; }
.finding.error { border-left: 4px solid #b00020; padding-left: 0.5rem; list-style: none; }
.finding.warning { border-left: 4px solid #8a5a00; padding-left: 0.5rem; list-style: none; }
table { border-collapse: collapse; }
.wide { max-width: 100%; overflow-x: auto; }
ul.roster { margin: 0; padding-left: 1rem; }
th, td { border: 1px solid #8a8a8a; padding: 0.25rem 0.5rem; text-align: start; }
#segment-facts:not(:empty) { border: 1px solid #0b4f8a; padding: 0.5rem; margin-top: 0.5rem; }
"#;

const JS: &str = r##"// astana-corpus review: clicking and keys only. Offsets were cut into
// segments in Rust; nothing here counts characters. Selecting a fact scrolls
// the text, never the list of facts: on a wide screen the text stays in
// view beside the facts (sticky, scrolling on its own); on a narrow one
// either the text or the facts show, each keeping its place.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var main = document.querySelector("main.review");
  var text = document.querySelector("main.review > section.text");
  // A fact's spans are its evidence and mentions, each [data-start, data-end).
  function spansOf(card) {
    return Array.prototype.map.call(card.querySelectorAll("[data-start]"), function (e) {
      return [Number(e.getAttribute("data-start")), Number(e.getAttribute("data-end"))];
    });
  }
  function within(seg, spans) {
    var start = Number(seg.getAttribute("data-start")), end = Number(seg.getAttribute("data-end"));
    return spans.some(function (s) { return s[0] <= start && end <= s[1]; });
  }
  function segmentsOf(button) {
    var spans = spansOf(button.closest("article.fact"));
    return Array.prototype.filter.call(document.querySelectorAll(".seg"), function (s) {
      return within(s, spans);
    });
  }
  // Brings `seg` to the middle of the text's own scroll box, and moves
  // nothing else.
  function reveal(seg) {
    if (!text || !seg || text.offsetParent === null) { return; }
    var box = text.getBoundingClientRect(), at = seg.getBoundingClientRect();
    text.scrollTop += (at.top - box.top) - (text.clientHeight - at.height) / 2;
  }
  var pending = null;
  function clear() {
    document.querySelectorAll("button.pick[aria-pressed='true']").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    document.querySelectorAll(".seg.hl").forEach(function (s) {
      s.classList.remove("hl");
      s.removeAttribute("tabindex");
      s.removeAttribute("role");
    });
    pending = null;
  }
  function pick(button) {
    var was = button.getAttribute("aria-pressed") === "true";
    clear();
    if (was) { return; }
    button.setAttribute("aria-pressed", "true");
    var segs = segmentsOf(button);
    // The highlighted words join the tab order while they are highlighted:
    // Enter or Space on them lists their facts.
    segs.forEach(function (s) {
      s.classList.add("hl");
      s.setAttribute("tabindex", "0");
      s.setAttribute("role", "button");
    });
    pending = segs[0] || null;
    reveal(pending);
  }
  function list(seg) {
    var box = document.getElementById("segment-facts");
    box.textContent = "";
    var title = document.createElement("p");
    title.textContent = "Facts that cite these words:";
    box.appendChild(title);
    var ul = document.createElement("ul");
    document.querySelectorAll("article.fact").forEach(function (card) {
      if (!within(seg, spansOf(card))) { return; }
      var id = card.querySelector("button.pick").getAttribute("data-fact");
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#fact-" + id;
      a.textContent = id;
      li.appendChild(a);
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }
  // Narrow screens: one side at a time. Each side scrolls on its own, so
  // showing it again finds it where it was.
  var flip = document.querySelector(".flip");
  function show(side) {
    if (!main || !flip) { return; }
    main.setAttribute("data-show", side);
    flip.querySelectorAll("button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-side") === side ? "true" : "false");
    });
    if (side === "text" && pending) { reveal(pending); pending = null; }
  }
  if (flip) {
    flip.hidden = false;
    show("facts");
  }
  // The filter: a fact shows when it matches every choice.
  var filter = document.querySelector("form.filter");
  function applyFilter() {
    var kind = filter.elements.kind.value, modality = filter.elements.modality.value;
    var entity = filter.elements.entity.value, shown = 0, cards = document.querySelectorAll("article.fact");
    cards.forEach(function (card) {
      var match = (!kind || card.getAttribute("data-kind") === kind) &&
        (!modality || card.getAttribute("data-modality") === modality) &&
        (!entity || card.getAttribute("data-entities").indexOf(" " + entity + " ") >= 0);
      card.hidden = !match;
      if (match) { shown += 1; }
    });
    filter.querySelector(".shown").textContent = shown + " of " + cards.length + " facts shown";
  }
  if (filter) {
    filter.hidden = false;
    filter.addEventListener("change", applyFilter);
    filter.addEventListener("submit", function (event) { event.preventDefault(); });
  }
  document.addEventListener("click", function (event) {
    var side = event.target.closest(".flip button");
    if (side) { show(side.getAttribute("data-side")); return; }
    var button = event.target.closest("button.pick");
    if (button) { pick(button); return; }
    var seg = event.target.closest(".seg");
    if (seg) { list(seg); }
  });
  document.addEventListener("keydown", function (event) {
    var seg = event.target.closest && event.target.closest(".seg.hl");
    if (seg && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      list(seg);
    }
  });
})();
"##;
