//! `meeting-conflict`: mentions of one meeting that disagree, or rounds out
//! of date order.

use crate::meetings::{self, Conflict, ConflictKind, Identity, IdentityRef, Mention};
use super::CrossRule;
use super::{Index, MeetingValues};
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// A meeting fact is a mention: many articles mention the same round,
    /// and the corpus merges them into one meeting (same series and round,
    /// or same series and `meeting_key`; see `Corpus::meetings`). Mentions
    /// of one meeting cannot both be right when their dates cannot overlap,
    /// when they name different venues, or when they list one participant
    /// in different roles. Nor can a lower round be certainly dated after a
    /// higher one. Each finding sits on the later of the two mentions in
    /// file order (usually the one a contribution adds) and names the
    /// earlier. Linear in the mentions, plus a sort of the rounds.
    id: "meeting-conflict",
    severity: Error,
    summary: "Mentions of one meeting (same series and round or key) with dates that cannot overlap, different venues or one participant in two roles, or rounds whose order contradicts their dates.",
    hint: "Check the round, key, date, venue and roster of both mentions against their articles; if they are different meetings, correct the round or `meeting_key`.",
    fixture: include_str!("meeting_conflict.fixture.json"),
}

/// The rule's check of the finished index.
pub(crate) struct Check;

impl CrossRule for Check {
    /// Every meeting's mentions, merged once, one meeting at a time: only one
    /// meeting's rosters are ever copied out of the index. Meetings are
    /// grouped over the distinct sets of values, not over every mention,
    /// so the only thing built for all mentions is four bytes each.
    fn check(index: &Index, out: &mut Vec<(u32, Draft)>) {
        let all = &index.meetings;
        let (starts, by_values) = all.by_values();
        let of_values = |n: usize| &by_values[starts[n] as usize..starts[n + 1] as usize];
        let key = |k: Option<u32>| index.meeting_key(k);
        // A mention standing alone is its values' only mention.
        let identity = |v: &MeetingValues, mention: usize| IdentityRef::new(v.round, key(v.key), mention);
        let mut conflicts: Vec<Conflict> = Vec::new();
        // (series, round, the mention whose date is the round's).
        let mut rounds: Vec<(u32, u32, usize)> = Vec::new();
        let mut members: Vec<usize> = Vec::new();
        meetings::for_each_meeting(
            all.distinct(),
            |n| {
                let v = all.values(n as u32);
                (v.series, identity(v, of_values(n)[0] as usize))
            },
            |sets| {
                members.clear();
                for &n in sets {
                    members.extend(of_values(n).iter().map(|&i| i as usize));
                }
                // File order within the meeting, as the merge expects.
                members.sort_unstable();
                let mentions: Vec<Mention<u32>> = members
                    .iter()
                    .map(|&i| {
                        let m = all.row(i);
                        Mention {
                            series: m.series,
                            identity: IdentityRef::new(m.round, key(m.key), i).to_owned(),
                            lo: m.lo,
                            hi: m.hi,
                            venue: m.venue,
                            participants: index.roster(&m).iter().map(|&(e, r, _)| (e, r)).collect(),
                        }
                    })
                    .collect();
                let Some((merged, found)) = meetings::merge_meeting(&mentions) else {
                    return;
                };
                conflicts.extend(found.into_iter().map(|c| Conflict {
                    mention: members[c.mention],
                    with: members[c.with],
                    ..c
                }));
                if let (Identity::Round(r), Some(d)) = (&merged.identity, &merged.date) {
                    rounds.push((merged.series, *r, members[d.value]));
                }
            },
        );
        let cite = |i: usize| format!("{}#/facts/{}", index.file(all.file(i)), all.row(i).fact);
        for c in conflicts {
            let (file, m, kept) = (all.file(c.mention), all.row(c.mention), all.row(c.with));
            let identity = IdentityRef::new(m.round, key(m.key), c.mention);
            let (pointer, message) = match c.kind {
                ConflictKind::Date => (
                    format!("/facts/{}/date", m.fact),
                    format!(
                        "{identity} is dated differently here and at {}",
                        cite(c.with)
                    ),
                ),
                ConflictKind::Venue => (
                    format!("/facts/{}/venue", m.fact),
                    format!(
                        "{identity} is held in `{}` here and in `{}` at {}",
                        m.venue.map_or("?", |v| index.name(v)),
                        kept.venue.map_or("?", |v| index.name(v)),
                        cite(c.with)
                    ),
                ),
                ConflictKind::Role(j) => {
                    let (entity, role, position) = index.roster(&m)[j];
                    let other = index
                        .roster(&kept)
                        .iter()
                        .find(|p| p.0 == entity)
                        .map_or("?", |p| p.1.as_str());
                    (
                        format!("/facts/{}/participants/{position}/role", m.fact),
                        format!(
                            "`{}` is listed as {role} at {identity} here and as {other} at {}",
                            index.name(entity),
                            cite(c.with)
                        ),
                    )
                }
            };
            out.push((file, Draft::new(Rule::MeetingConflict, pointer, message)));
        }

        // Order: a lower round certainly after a higher one, on each round's
        // merged (narrowest) date. Scan rounds downwards keeping the higher
        // round that ends earliest.
        rounds.sort_unstable();
        for series in rounds.chunk_by(|a, b| a.0 == b.0) {
            let mut earliest_end_above: Option<(u32, usize)> = None;
            for &(_, round, i) in series.iter().rev() {
                let m = all.row(i);
                if let (Some(lo), Some((later_round, later))) = (m.lo, earliest_end_above) {
                    if all.row(later).hi.is_some_and(|hi| lo > hi) {
                        out.push((
                            all.file(i),
                            Draft::new(
                                Rule::MeetingConflict,
                                format!("/facts/{}/round", m.fact),
                                format!(
                                    "round {round} is dated after round {later_round} ({})",
                                    cite(later)
                                ),
                            ),
                        ));
                    }
                }
                if m.hi.is_some() && earliest_end_above.is_none_or(|(_, e)| m.hi < all.row(e).hi) {
                    earliest_end_above = Some((round, i));
                }
            }
        }
    }
}
