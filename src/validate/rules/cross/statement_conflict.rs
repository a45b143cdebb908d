//! `statement-conflict`: renderings of one original that disagree.

use foldhash::{HashMap, HashMapExt};

use super::{CrossRule, Index, OriginRow, RenderingRow};
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Many outlets rewrite one original text (a ministry's statement), each
    /// in its own words. An article names what it rewrites in
    /// `derived_from`, and each statement that renders part of the original
    /// names it in `original` (origin and part); the corpus merges the
    /// renderings of one part into one statement (`Corpus::statements`).
    /// Renderings cannot all be right when articles describe one original
    /// differently (another issuer, another kind of text, dates that cannot
    /// overlap), or when they give one part of it to different speakers.
    /// Each finding sits on the later of the two in file order and names the
    /// earlier. Linear in the origins and renderings.
    ///
    /// ```json
    /// "derived_from": [{ "id": "kazakhstan-mfa-2023-06-22", "issuer": "kazakhstan-mfa",
    ///   "kind": "statement", "date": { "precision": "day", "start": "2023-06-22",
    ///   "basis": "inferred", "inferred_parts": ["year", "month", "day"], "note": "…" } }]
    /// ```
    id: "statement-conflict",
    severity: Error,
    summary: "Articles that describe one original text differently (issuer, kind, date), or that give one part of it to different speakers.",
    hint: "Check both articles against the original: correct the description or the speakers that are wrong, or give the two texts different origin ids or parts if they are not the same.",
    fixture: include_str!("statement_conflict.fixture.json"),
}

/// The rule's check of the finished index.
pub(crate) struct Check;

impl CrossRule for Check {
    /// Each origin and rendering against the first with its id.
    fn check(index: &Index, out: &mut Vec<(u32, Draft)>) {
        let cite = |f: u32, at: String| format!("{}#{at}", index.file(f));
        let mut first: HashMap<&str, (u32, &OriginRow)> = HashMap::new();
        for (file, id, row) in &index.origins {
            let Some(&(f0, row0)) = first.get(&**id) else {
                first.insert(id, (*file, row));
                continue;
            };
            let what = if row.issuer != row0.issuer {
                let name = |i: Option<u32>| i.map_or("?", |i| index.name(i));
                Some(format!(
                    "issued by `{}` here but by `{}` at {}",
                    name(row.issuer),
                    name(row0.issuer),
                    cite(f0, format!("/derived_from/{}", row0.position))
                ))
            } else if row.kind != row0.kind {
                Some(format!(
                    "a {} here but a {} at {}",
                    row.kind,
                    row0.kind,
                    cite(f0, format!("/derived_from/{}", row0.position))
                ))
            } else if disjoint((row.lo, row.hi), (row0.lo, row0.hi)) {
                Some(format!(
                    "dated in a period that cannot overlap its date at {}",
                    cite(f0, format!("/derived_from/{}/date", row0.position))
                ))
            } else {
                None
            };
            if let Some(what) = what {
                out.push((
                    *file,
                    Draft::new(
                        Rule::StatementConflict,
                        format!("/derived_from/{}", row.position),
                        format!("origin `{id}` is {what}"),
                    ),
                ));
            }
        }
        let mut first: HashMap<(&str, &str), (u32, &RenderingRow)> = HashMap::new();
        for (file, origin, part, row) in &index.renderings {
            let key = (&**origin, &**part);
            let Some(&(f0, row0)) = first.get(&key) else {
                first.insert(key, (*file, row));
                continue;
            };
            if row.speakers != row0.speakers {
                let names = |s: &[u32]| {
                    s.iter()
                        .map(|&i| format!("`{}`", index.name(i)))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                out.push((
                    *file,
                    Draft::new(
                        Rule::StatementConflict,
                        format!("/facts/{}/speakers", row.fact),
                        format!(
                            "`{origin}#{part}` is said by {} here but by {} at {}",
                            names(&row.speakers),
                            names(&row0.speakers),
                            cite(f0, format!("/facts/{}", row0.fact))
                        ),
                    ),
                ));
            }
        }
    }
}

/// Whether two date ranges cannot overlap (an open end overlaps anything).
fn disjoint(
    a: (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
    b: (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
) -> bool {
    let before = |x: Option<chrono::NaiveDate>, y: Option<chrono::NaiveDate>| {
        x.zip(y).is_some_and(|(x, y)| x < y)
    };
    before(a.1, b.0) || before(b.1, a.0)
}
