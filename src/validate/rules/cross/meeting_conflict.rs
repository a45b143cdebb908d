//! `meeting-conflict`: mentions of one meeting that disagree, or rounds out
//! of date order.

use crate::meetings::{self, Conflict, ConflictKind, Identity, IdentityRef, Mention};
use super::CrossRule;
use super::Index;
use crate::model::Role;
use foldhash::HashMap;
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
    /// Each disagreement of [`conflicts`] as a finding on the later
    /// mention, then the rounds out of date order.
    fn check(index: &Index, out: &mut Vec<(u32, Draft)>) {
        let all = &index.meetings;
        let key = |k: Option<u32>| index.meeting_key(k);
        let (conflicts, mut rounds) = conflicts(index);
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

/// Every meeting merged once, one meeting at a time, from the first
/// mention of each distinct set of values only: mentions with the same
/// values agree and disagree alike, so each finding on a first mention
/// is then given to every mention with its values. Nothing is built
/// per mention, and a million articles merge a few thousand mentions,
/// not seven million.
fn conflicts(index: &Index) -> (Vec<Conflict>, Vec<(u32, u32, usize)>) {
    let all = &index.meetings;
    let first = all.first_mentions();
    let key = |k: Option<u32>| index.meeting_key(k);
    let mut found: Vec<Found> = Vec::new();
    // (series, round, the mention whose date is the round's).
    let mut rounds: Vec<(u32, u32, usize)> = Vec::new();
    let mut meeting = 0u32;
    meetings::for_each_meeting(
        all.distinct(),
        |n| {
            let v = all.values(n as u32);
            // A mention standing alone is its values' only mention.
            (v.series, IdentityRef::new(v.round, key(v.key), first[n] as usize))
        },
        |sets| {
            // The first mentions, in file order, as the merge expects.
            let mut members: Vec<(usize, u32)> =
                sets.iter().map(|&n| (first[n] as usize, n as u32)).collect();
            members.sort_unstable();
            let mentions: Vec<Mention<u32>> = members
                .iter()
                .map(|&(i, _)| {
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
            let Some((merged, conflicts)) = meetings::merge_meeting(&mentions) else {
                return;
            };
            let best = merged.date.as_ref().map(|d| d.value);
            for c in conflicts {
                // Which of the two is the disagreeing set's, and which the
                // mention it disagrees with: a date disagrees with the
                // merged date's mention, whichever of the two is later.
                let (set_at, other_at) = match c.kind {
                    ConflictKind::Date if Some(c.with) != best => (c.with, c.mention),
                    _ => (c.mention, c.with),
                };
                found.push(Found {
                    meeting,
                    kind: c.kind,
                    values: members[set_at].1,
                    other: members[other_at].0,
                });
            }
            // A roster that lists one participant in two roles is
            // `role-conflict`'s, on the mention itself; but every later
            // mention with that roster disagrees with the first one
            // about the role, as any other mention would.
            let kept: HashMap<u32, (Role, usize)> = merged
                .participants
                .iter()
                .map(|p| (p.value.0, (p.value.1, p.by[0])))
                .collect();
            for (at, mention) in mentions.iter().enumerate() {
                for (j, (entity, role)) in mention.participants.iter().enumerate() {
                    if kept.get(entity).is_some_and(|&(r, by)| by == at && r != *role) {
                        found.push(Found {
                            meeting,
                            kind: ConflictKind::Role(j),
                            values: members[at].1,
                            other: members[at].0,
                        });
                    }
                }
            }
            if let (Identity::Round(r), Some(d)) = (&merged.identity, &merged.date) {
                rounds.push((merged.series, *r, members[d.value].0));
            }
            meeting += 1;
        },
    );
    (every_mention(all, found), rounds)
}

/// A disagreement found between the first mentions of two sets of values.
struct Found {
    /// The meeting's place in the order of meetings.
    meeting: u32,
    kind: ConflictKind,
    /// The set of values that disagrees: each of its mentions gets the
    /// finding.
    values: u32,
    /// The mention it disagrees with.
    other: usize,
}

/// Each disagreement given to every mention of its set of values, in the
/// order merging every mention would give: by meeting, then dates, venues
/// and roles, each in file order (roles also by place in the roster). One
/// pass over the mentions.
fn every_mention(all: &super::Mentions, mut found: Vec<Found>) -> Vec<Conflict> {
    if found.is_empty() {
        return Vec::new();
    }
    found.sort_by_key(|f| f.values);
    let mut conflicts: Vec<(u32, u8, usize, usize, Conflict)> = Vec::new();
    for (i, n) in all.values_numbers().enumerate() {
        let start = found.partition_point(|f| f.values < n);
        for f in found[start..].iter().take_while(|f| f.values == n) {
            let (rank, position, conflict) = match f.kind {
                // The finding sits on the later of the two.
                ConflictKind::Date => (0, 0, Conflict {
                    kind: f.kind,
                    mention: i.max(f.other),
                    with: i.min(f.other),
                }),
                ConflictKind::Venue => (1, 0, Conflict {
                    kind: f.kind,
                    mention: i,
                    with: f.other,
                }),
                // Two roles in one roster are `role-conflict`'s.
                ConflictKind::Role(_) if i == f.other => continue,
                ConflictKind::Role(j) => (2, j, Conflict {
                    kind: f.kind,
                    mention: i,
                    with: f.other,
                }),
            };
            conflicts.push((f.meeting, rank, i, position, conflict));
        }
    }
    conflicts.sort_unstable_by_key(|&(meeting, rank, i, position, _)| (meeting, rank, i, position));
    conflicts.into_iter().map(|c| c.4).collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::conflicts;
    use crate::meetings::{self, ConflictKind, Identity, IdentityRef, Mention};
    use crate::model::Role;
    use crate::validate::compact::Names;
    use crate::validate::rules::cross::{Index, MeetingRow};

    /// SplitMix64, for repeatable random mentions.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) % n
        }
    }

    /// Merging only the first mention of each set of values and handing
    /// its disagreements to the set's other mentions gives exactly what
    /// merging every mention gives, in the same order: random corpora with
    /// repeated values, lone mentions, keys, open dates, rosters that list
    /// one entity twice and rosters that disagree.
    #[test]
    fn first_mentions_give_what_every_mention_gives() {
        let day = |d: u64| chrono::NaiveDate::from_ymd_opt(2023, 6, 1 + d as u32);
        let rosters: Vec<Vec<(u32, Role, u32)>> = vec![
            vec![],
            vec![(1, Role::Guarantor, 0), (2, Role::Observer, 1)],
            vec![(1, Role::Guarantor, 0), (2, Role::Party, 1)],
            vec![(2, Role::Observer, 0), (2, Role::Party, 1), (3, Role::Host, 2)],
            vec![(1, Role::Party, 0)],
        ];
        // How many conflicts of each kind the seeds produced, so that the
        // test cannot pass by comparing nothing.
        let mut kinds = [0usize; 3];
        for seed in 0..400 {
            let mut rng = Rng(seed);
            let mut index = Index::new(Arc::new(Names::default()));
            for roster in &rosters {
                index.rosters.number(roster.clone().into_boxed_slice());
            }
            for key in ["a", "b"] {
                index.meeting_keys.number(Box::from(key));
            }
            // A few sets of values, each mentioned many times.
            let pool: Vec<MeetingRow> = (0..1 + rng.below(8))
                .map(|_| {
                    let (round, key) = match rng.below(6) {
                        0 => (None, None),
                        1 => (None, Some(rng.below(2) as u32)),
                        _ => (Some(1 + rng.below(3) as u32), None),
                    };
                    // Mostly ordered spans of a few days, some open ends,
                    // some reversed (`date-order`'s, never merged).
                    let start = rng.below(10);
                    let end = if rng.below(8) == 0 {
                        start.saturating_sub(2)
                    } else {
                        start + rng.below(3)
                    };
                    let lo = (rng.below(5) > 0).then(|| day(start)).flatten();
                    let hi = (rng.below(5) > 0).then(|| day(end)).flatten();
                    MeetingRow {
                        fact: 0,
                        series: rng.below(2) as u32,
                        round,
                        key,
                        lo,
                        hi,
                        venue: [None, Some(5), Some(6)][rng.below(3) as usize],
                        roster: rng.below(rosters.len() as u64) as u32,
                    }
                })
                .collect();
            let mut every: Vec<Mention<u32>> = Vec::new();
            for i in 0..rng.below(40) as usize {
                let m = MeetingRow {
                    fact: i as u32,
                    ..pool[rng.below(pool.len() as u64) as usize]
                };
                index.meetings.push(i as u32 / 3, &m);
                every.push(Mention {
                    series: m.series,
                    identity: IdentityRef::new(m.round, index.meeting_key(m.key), i).to_owned(),
                    lo: m.lo,
                    hi: m.hi,
                    venue: m.venue,
                    participants: index.roster(&m).iter().map(|&(e, r, _)| (e, r)).collect(),
                });
            }
            let (merged, expected) = meetings::merge(&every);
            let expected_rounds: Vec<(u32, u32, usize)> = merged
                .iter()
                .filter_map(|m| match (&m.identity, &m.date) {
                    (Identity::Round(r), Some(d)) => Some((m.series, *r, d.value)),
                    _ => None,
                })
                .collect();
            let (got, rounds) = conflicts(&index);
            assert_eq!(got, expected, "seed {seed}");
            assert_eq!(rounds, expected_rounds, "seed {seed}");
            for c in &expected {
                kinds[match c.kind {
                    ConflictKind::Date => 0,
                    ConflictKind::Venue => 1,
                    ConflictKind::Role(_) => 2,
                }] += 1;
            }
        }
        assert!(kinds.iter().all(|&n| n > 100), "conflicts by kind: {kinds:?}");
    }
}
