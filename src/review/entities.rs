//! One review page per entity of the registry: its names over time, its
//! role at each merged meeting, the positions the articles state, and
//! every fact that refers to it, each linked to its card. The index lists
//! the entities with links to their pages.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::escape::{html, visible};
use crate::meetings::Identity;
use crate::model::{is_valid_id, Entity, Fact, ParticipationChangeKind, RefSite};
use crate::Corpus;

/// The page of an entity, if its id can name a file.
pub(super) fn page_name(id: &str) -> Option<String> {
    is_valid_id(id).then(|| format!("entities/{id}.html"))
}

/// The entity pages, and the index's section that lists them.
pub(super) fn pages(
    corpus: &Corpus,
    meetings: &[crate::CorpusMeeting<'_>],
    names: &BTreeMap<String, String>,
    page_of: &HashMap<String, String>,
) -> (String, Vec<(String, String)>) {
    // Every reference to each entity, in article and fact order: (article,
    // fact, how it refers).
    let mut refs: HashMap<&str, Vec<(&crate::model::Article, &Fact, String)>> = HashMap::new();
    for entry in corpus.facts() {
        for (site, entity) in entry.fact.entity_refs() {
            let how = match (entry.fact, site) {
                (Fact::Meeting(m), RefSite::Participant(j)) => {
                    m.participants[j].role.as_str().to_owned()
                }
                (Fact::ParticipationChange(c), RefSite::Entity) => {
                    format!("{} {}", c.role.as_str(), c.change.as_str())
                }
                (Fact::ParticipationState(p), RefSite::Entity) => {
                    format!("{} from {} until {}", p.role.as_str(), p.from, p.until)
                }
                _ => site.field().to_owned(),
            };
            // One row per fact: a fact that refers to it twice (as venue
            // and as speaker, say) says both in one row.
            let rows = refs.entry(entity.as_str()).or_default();
            match rows.last_mut() {
                Some(last) if std::ptr::eq(last.1, entry.fact) => {
                    if !last.2.split(", ").any(|h| h == how) {
                        last.2 = format!("{}, {how}", last.2);
                    }
                }
                _ => rows.push((entry.article, entry.fact, how)),
            }
        }
    }
    // Each entity's role at each merged meeting, and the rounds it
    // declined: one pass over the meetings and one over the facts, not one
    // per entity.
    let mut roles_of: HashMap<&str, Vec<String>> = HashMap::new();
    for m in meetings {
        for p in &m.participants {
            let row = format!(
                "<tr data-meeting=\"{}\" data-role=\"{}\"><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                html(&visible(&m.id())),
                p.value.role.as_str(),
                html(&visible(&m.id())),
                m.date.as_ref().map_or("–".into(), |d| html(&visible(&d.value.to_string())).into_owned()),
                p.value.role.as_str(),
                m.modality.as_str(),
            );
            roles_of
                .entry(p.value.entity.as_str())
                .or_default()
                .push(row);
        }
    }
    for entry in corpus.facts() {
        let Fact::ParticipationChange(c) = entry.fact else {
            continue;
        };
        let (ParticipationChangeKind::Declined, Some(r)) = (c.change, c.round) else {
            continue;
        };
        let meeting = Identity::Round(r)
            .as_ref()
            .meeting_id(c.series.as_str())
            .unwrap_or_default();
        roles_of.entry(c.entity.as_str()).or_default().push(format!(
            "<tr data-meeting=\"{}\" data-role=\"declined\"><td><code>{}</code></td><td>{}</td><td>declined ({})</td><td>{}</td></tr>",
            html(&visible(&meeting)),
            html(&visible(&meeting)),
            html(&visible(&c.date.to_string())),
            c.role.as_str(),
            c.modality.as_str(),
        ));
    }
    let mut pages = Vec::new();
    let mut rows = String::new();
    for e in corpus.entities() {
        let Some(page) = page_name(e.id.as_str()) else {
            continue;
        };
        let own = refs.remove(e.id.as_str()).unwrap_or_default();
        let _ = write!(
            rows,
            "<tr><td><a href=\"{page}\"><bdi>{}</bdi></a> <code>{}</code></td><td>{}</td><td>{}</td></tr>",
            html(&visible(&e.name.en)),
            html(&visible(e.id.as_str())),
            e.kind.as_str(),
            own.len()
        );
        let roles = roles_of.remove(e.id.as_str()).unwrap_or_default();
        pages.push((page, entity_page(e, &own, &roles, names, page_of)));
    }
    let section = format!(
        "<section aria-labelledby=\"entities\"><h2 id=\"entities\">Entities</h2><div class=\"wide\" role=\"region\" aria-label=\"Table of entities (scrolls sideways)\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">entity</th><th scope=\"col\">kind</th><th scope=\"col\">facts</th></tr></thead><tbody>{rows}</tbody></table></div></section>"
    );
    (section, pages)
}

fn link_to_entity(id: &str, names: &BTreeMap<String, String>) -> String {
    let name = names.get(id).map_or(id, String::as_str);
    match page_name(id) {
        Some(page) => format!(
            "<a href=\"../{page}\"><bdi>{}</bdi></a>",
            html(&visible(name))
        ),
        None => format!("<code>{}</code>", html(&visible(id))),
    }
}

fn entity_page(
    e: &Entity,
    refs: &[(&crate::model::Article, &Fact, String)],
    roles: &[String],
    names: &BTreeMap<String, String>,
    page_of: &HashMap<String, String>,
) -> String {
    let mut out = super::head(&format!("{} – review", e.name.en), "../");
    let mut about = vec![
        e.kind.as_str().to_owned(),
        format!("<code>{}</code>", html(&visible(e.id.as_str()))),
    ];
    if let Some(parent) = &e.part_of {
        about.push(format!(
            "part of {}",
            link_to_entity(parent.as_str(), names)
        ));
    }
    if let Some(q) = &e.wikidata {
        about.push(format!("Wikidata <code>{}</code>", html(&visible(q))));
    }
    if let Some(iso) = &e.iso3166_1 {
        about.push(format!("ISO 3166-1 <code>{}</code>", html(&visible(iso))));
    }
    let _ = write!(
        out,
        "<header><p><a href=\"../index.html\">All articles</a></p><h1><bdi>{}</bdi> · <bdi lang=\"ar\" dir=\"rtl\">{}</bdi></h1><p>{}</p></header><main>",
        html(&visible(&e.name.en)),
        html(&visible(&e.name.ar)),
        about.join(" · ")
    );
    if let Some(note) = &e.note {
        let _ = write!(out, "<p>{}</p>", html(&visible(note)));
    }

    out.push_str("<section aria-labelledby=\"names\"><h2 id=\"names\">Names over time</h2><ul>");
    let _ = write!(
        out,
        "<li><bdi>{}</bdi> (en), <bdi lang=\"ar\" dir=\"rtl\">{}</bdi> (ar): the name the corpus uses</li>",
        html(&visible(&e.name.en)),
        html(&visible(&e.name.ar))
    );
    for n in &e.other_names {
        let when = match (&n.from, &n.until) {
            (Some(a), Some(b)) => format!("from {a} until {b}"),
            (Some(a), None) => format!("from {a}"),
            (None, Some(b)) => format!("until {b}"),
            (None, None) => "dates not given".to_owned(),
        };
        let _ = write!(
            out,
            "<li><bdi lang=\"{}\">{}</bdi> ({}), {when}{}</li>",
            html(&visible(&n.lang)),
            html(&visible(&n.text)),
            html(&visible(&n.lang)),
            n.note
                .as_ref()
                .map_or(String::new(), |note| format!(": {}", html(&visible(note))))
        );
    }
    out.push_str("</ul></section>");

    out.push_str("<section aria-labelledby=\"roles\"><h2 id=\"roles\">Roles at meetings</h2>");
    if roles.is_empty() {
        out.push_str("<p>No meeting lists it.</p>");
    } else {
        let _ = write!(
            out,
            "<div class=\"wide\" role=\"region\" aria-label=\"Table of roles (scrolls sideways)\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">meeting</th><th scope=\"col\">date</th><th scope=\"col\">role</th><th scope=\"col\">modality</th></tr></thead><tbody>{}</tbody></table></div>",
            roles.join("")
        );
    }
    out.push_str("</section>");

    if !e.positions.is_empty() {
        out.push_str(
            "<section aria-labelledby=\"positions\"><h2 id=\"positions\">Positions</h2><ul>",
        );
        for p in &e.positions {
            let _ = write!(
                out,
                "<li>{}{}</li>",
                html(&visible(&p.title)),
                p.of.as_ref().map_or(String::new(), |of| format!(
                    " of {}",
                    link_to_entity(of.as_str(), names)
                ))
            );
        }
        out.push_str("</ul></section>");
    }

    let _ = write!(
        out,
        "<section aria-labelledby=\"facts\"><h2 id=\"facts\">Facts that refer to it ({})</h2>",
        refs.len()
    );
    if refs.is_empty() {
        out.push_str("<p>None.</p>");
    } else {
        out.push_str("<div class=\"wide\" role=\"region\" aria-label=\"Table of facts (scrolls sideways)\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">fact</th><th scope=\"col\">kind</th><th scope=\"col\">modality</th><th scope=\"col\">as</th><th scope=\"col\">date</th><th scope=\"col\">summary</th></tr></thead><tbody>");
        for (article, fact, how) in refs {
            let _ = write!(
                out,
                "<tr class=\"ref\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                super::fact_link("../", article.id.as_str(), fact.id().as_str(), page_of),
                fact.kind(),
                fact.modality().as_str(),
                html(how),
                fact.date().map_or("–".into(), |d| html(&visible(&d.to_string())).into_owned()),
                html(&visible(fact.summary_en())),
            );
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("</section></main></body></html>\n");
    out
}
