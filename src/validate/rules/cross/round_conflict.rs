//! `round-conflict`: one round with two dates or venues, or rounds out of
//! date order.

use std::collections::HashMap;

use crate::validate::cross::{Index, MeetingRow};
use crate::validate::{Draft, Rule};

super::super::declare_rule! {
    /// Many articles report the same round of a series. Two reports of one
    /// round with dates that cannot overlap, or different venues, cannot
    /// both be right; nor can a lower round certainly dated after a higher
    /// one. O(n log n) per series.
    id: "round-conflict",
    severity: Error,
    summary: "Two meetings of one series with the same round but different dates or venues, or rounds whose order contradicts their dates.",
    hint: "Check the round numbers and dates of the meetings named; if they are one meeting, give them the same date and venue.",
    fixture: include_str!("round_conflict.fixture.json"),
}

/// Every series' numbered meetings.
pub(crate) fn check(index: &Index, out: &mut Vec<(u32, Draft)>) {
    let mut by_series: HashMap<u32, Vec<&(u32, MeetingRow)>> = HashMap::new();
    for row in index.meetings.iter().filter(|(_, m)| m.round.is_some()) {
        by_series.entry(row.1.series).or_default().push(row);
    }
    let mut series: Vec<_> = by_series.into_iter().collect();
    series.sort_by_key(|(s, _)| *s);
    let describe =
        |f: u32, m: &MeetingRow| format!("{}#/facts/{}", index.files[f as usize], m.fact);
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
                                    index.name(b),
                                    index.name(a),
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
