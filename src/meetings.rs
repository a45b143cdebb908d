//! Meetings across articles: a meeting fact is a *mention* of a meeting,
//! and many articles mention the same round. This module owns the one
//! definition of "the same meeting" and of how mentions merge and conflict;
//! [`crate::Corpus::meetings`] and the validator's `meeting-conflict` rule
//! both call [`merge`].
//!
//! Two mentions are one meeting when they name the same series and the same
//! round, or the same series and the same `meeting_key`. A mention with
//! neither is a meeting of its own: nothing says which other mention it
//! matches. Only mentions of meetings that happened or are planned take
//! part (see [`crate::model::Fact::is_actual`]).
//!
//! Generic over how an entity is named (`E`): the library passes entity
//! ids, the validator its registry indices. Linear in the number of
//! mentions and participants, after one sort of the mentions.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::NaiveDate;

use crate::model::{Meeting, Role};

/// What makes two mentions one meeting, within a series.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Identity {
    /// The round number.
    Round(u32),
    /// The `meeting_key` of an unnumbered meeting.
    Key(String),
    /// Neither: the mention (its index) stands alone.
    Alone(usize),
}

impl Identity {
    /// The identity of a meeting mention, `index` being its position in the
    /// list passed to [`merge`].
    pub fn of(meeting: &Meeting, index: usize) -> Identity {
        IdentityRef::new(meeting.round, meeting.meeting_key.as_deref(), index).to_owned()
    }

    /// The identity, borrowed.
    pub fn as_ref(&self) -> IdentityRef<'_> {
        match self {
            Identity::Round(r) => IdentityRef::Round(*r),
            Identity::Key(k) => IdentityRef::Key(k),
            Identity::Alone(i) => IdentityRef::Alone(*i),
        }
    }
}

/// [`Identity`] without a copy of the key: what the validator groups its
/// compact rows by. Ordered as `Identity` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdentityRef<'a> {
    /// The round number.
    Round(u32),
    /// The `meeting_key` of an unnumbered meeting.
    Key(&'a str),
    /// Neither: the mention (its index) stands alone.
    Alone(usize),
}

impl<'a> IdentityRef<'a> {
    /// Which meeting a mention names: its round if it has one, else its
    /// key, else none but itself (`index`).
    pub fn new(round: Option<u32>, key: Option<&'a str>, index: usize) -> IdentityRef<'a> {
        match (round, key) {
            (Some(round), _) => IdentityRef::Round(round),
            (None, Some(key)) => IdentityRef::Key(key),
            (None, None) => IdentityRef::Alone(index),
        }
    }

    /// The stable id of the meeting in `series`: `<series>#round-<n>` or
    /// `<series>#key-<meeting_key>`; `None` for a mention that stands
    /// alone (it has no id but its fact's). `Corpus::meetings` and the
    /// retired-id rules both name meetings by it.
    pub fn meeting_id(self, series: &str) -> Option<String> {
        match self {
            IdentityRef::Round(r) => Some(format!("{series}#round-{r}")),
            IdentityRef::Key(k) => Some(format!("{series}#key-{k}")),
            IdentityRef::Alone(_) => None,
        }
    }

    /// The owned identity.
    pub fn to_owned(self) -> Identity {
        match self {
            IdentityRef::Round(r) => Identity::Round(r),
            IdentityRef::Key(k) => Identity::Key(k.to_owned()),
            IdentityRef::Alone(i) => Identity::Alone(i),
        }
    }
}

impl std::fmt::Display for IdentityRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdentityRef::Round(r) => write!(f, "round {r}"),
            IdentityRef::Key(k) => write!(f, "meeting `{k}`"),
            IdentityRef::Alone(_) => f.write_str("the meeting"),
        }
    }
}

impl std::fmt::Display for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_ref().fmt(f)
    }
}

/// One mention, as [`merge`] needs it.
#[derive(Clone, Debug)]
pub struct Mention<E> {
    /// The series.
    pub series: E,
    /// Which meeting of the series.
    pub identity: Identity,
    /// The earliest and latest day the meeting can have been held.
    pub lo: Option<NaiveDate>,
    /// See `lo`.
    pub hi: Option<NaiveDate>,
    /// The venue, if the mention gives one.
    pub venue: Option<E>,
    /// The roster: (entity, role).
    pub participants: Vec<(E, Role)>,
}

/// A value of a merged meeting and the mentions (indices) that attest it;
/// [`crate::Attested`] is the same with the mentions resolved to facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedValue<T> {
    /// The value.
    pub value: T,
    /// The mentions that give it.
    pub by: Vec<usize>,
}

/// One real meeting, merged from its mentions.
#[derive(Clone, Debug)]
pub struct Merged<E> {
    /// The series.
    pub series: E,
    /// Which meeting of the series.
    pub identity: Identity,
    /// Every mention, in input order.
    pub mentions: Vec<usize>,
    /// The mention whose date is the narrowest (the most precise), and the
    /// mentions whose dates agree with it (can overlap it), that mention
    /// first.
    pub date: Option<MergedValue<usize>>,
    /// The venue the first mention that gives one names, and every mention
    /// that names the same venue.
    pub venue: Option<MergedValue<E>>,
    /// Each participant once, with the role its first mention gives and
    /// every mention that lists it in that role, in order of first mention.
    pub participants: Vec<MergedValue<(E, Role)>>,
}

/// What two mentions of one meeting disagree on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictKind {
    /// Their dates cannot overlap.
    Date,
    /// They name different venues.
    Venue,
    /// They list one participant in different roles (the index in the
    /// mention's roster).
    Role(usize),
}

/// Two mentions of one meeting that cannot both be right; `mention` is the
/// later of the two in input order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// What they disagree on.
    pub kind: ConflictKind,
    /// The mention that disagrees.
    pub mention: usize,
    /// The earlier mention it disagrees with.
    pub with: usize,
}

/// Groups mentions into meetings and merges each; returns the meetings
/// (ordered by series, then round, key, and lone mentions in input order)
/// and the conflicts between mentions.
pub fn merge<E: Clone + Eq + Hash + Ord>(
    mentions: &[Mention<E>],
) -> (Vec<Merged<E>>, Vec<Conflict>) {
    let mut merged = Vec::new();
    let mut conflicts = Vec::new();
    for_each_meeting(
        mentions.len(),
        |i| (&mentions[i].series, mentions[i].identity.as_ref()),
        |members| {
            let first = &mentions[members[0]];
            merged.push(merge_one(
                &first.series,
                &first.identity,
                members.to_vec(),
                mentions,
                &mut conflicts,
            ));
        },
    );
    (merged, conflicts)
}

/// Calls `each` with the mentions of each meeting: indices below
/// `mentions`, whose series and identity `key` gives, in input order within
/// a meeting, meetings ordered by series and identity. What "the same
/// meeting" means, in one place: the validator groups its compact rows with
/// this too, then merges one meeting at a time ([`merge_meeting`]), so
/// that it never holds more than one meeting's rosters and one index per
/// mention.
pub fn for_each_meeting<'a, S: Ord>(
    mentions: usize,
    key: impl Fn(usize) -> (S, IdentityRef<'a>),
    mut each: impl FnMut(&[usize]),
) {
    let mut order: Vec<usize> = (0..mentions).collect();
    // Stable: input order within a meeting.
    order.sort_by(|&a, &b| key(a).cmp(&key(b)));
    for members in order.chunk_by(|&a, &b| key(a) == key(b)) {
        each(members);
    }
}

/// Merges the mentions of one meeting (all of one series and identity, in
/// input order); the conflicts' indices are into `mentions`. `None` when
/// there is no mention.
pub fn merge_meeting<E: Clone + Eq + Hash>(
    mentions: &[Mention<E>],
) -> Option<(Merged<E>, Vec<Conflict>)> {
    let mut conflicts = Vec::new();
    let first = mentions.first()?;
    let merged = merge_one(
        &first.series,
        &first.identity,
        (0..mentions.len()).collect(),
        mentions,
        &mut conflicts,
    );
    Some((merged, conflicts))
}

fn merge_one<E: Clone + Eq + Hash>(
    series: &E,
    identity: &Identity,
    members: Vec<usize>,
    mentions: &[Mention<E>],
    conflicts: &mut Vec<Conflict>,
) -> Merged<E> {
    // The narrowest date; ties go to the first mention. A date that ends
    // before it starts is `date-order`'s to report, not a value to merge.
    let width = |m: &Mention<E>| match (m.lo, m.hi) {
        (Some(lo), Some(hi)) if lo <= hi => Some((hi - lo).num_days()),
        _ => None,
    };
    let narrowest = members
        .iter()
        .copied()
        .filter_map(|i| width(&mentions[i]).map(|w| (w, i)))
        .min();
    let date = narrowest.map(|(_, best)| {
        let (lo, hi) = (mentions[best].lo, mentions[best].hi);
        let mut by = Vec::new();
        for &i in &members {
            let m = &mentions[i];
            let ordered = width(m).is_some() || m.lo.is_none() || m.hi.is_none();
            let disjoint = ordered
                && matches!((m.lo, m.hi, lo, hi), (Some(m_lo), Some(m_hi), Some(lo), Some(hi)) if m_hi < lo || hi < m_lo);
            if disjoint {
                // Which of the two is wrong is unknown; the finding goes to
                // the later one, usually the one a contribution adds.
                conflicts.push(Conflict {
                    kind: ConflictKind::Date,
                    mention: i.max(best),
                    with: i.min(best),
                });
            } else if ordered && (m.lo.is_some() || m.hi.is_some()) {
                by.push(i);
            }
        }
        // The mention whose date it is comes first.
        if let Some(at) = by.iter().position(|&i| i == best) {
            by[..=at].rotate_right(1);
        }
        MergedValue { value: best, by }
    });

    let mut venue: Option<MergedValue<E>> = None;
    for &i in &members {
        let Some(v) = &mentions[i].venue else {
            continue;
        };
        match &mut venue {
            None => {
                venue = Some(MergedValue {
                    value: v.clone(),
                    by: vec![i],
                })
            }
            Some(kept) if &kept.value == v => kept.by.push(i),
            Some(kept) => conflicts.push(Conflict {
                kind: ConflictKind::Venue,
                mention: i,
                with: kept.by[0],
            }),
        }
    }

    let mut participants: Vec<MergedValue<(E, Role)>> = Vec::new();
    let mut seen: HashMap<&E, usize> = HashMap::new();
    for &i in &members {
        for (j, (entity, role)) in mentions[i].participants.iter().enumerate() {
            match seen.get(entity) {
                None => {
                    seen.insert(entity, participants.len());
                    participants.push(MergedValue {
                        value: (entity.clone(), *role),
                        by: vec![i],
                    });
                }
                Some(&at) => {
                    let kept = &mut participants[at];
                    if kept.value.1 == *role {
                        if kept.by.last() != Some(&i) {
                            kept.by.push(i);
                        }
                    } else if kept.by[0] != i {
                        // A role conflict within one roster is `role-conflict`.
                        conflicts.push(Conflict {
                            kind: ConflictKind::Role(j),
                            mention: i,
                            with: kept.by[0],
                        });
                    }
                }
            }
        }
    }

    Merged {
        series: series.clone(),
        identity: identity.clone(),
        mentions: members,
        date,
        venue,
        participants,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2023, 6, d)
    }

    fn mention(
        identity: Identity,
        lo: u32,
        hi: u32,
        venue: &'static str,
        roster: &[(&'static str, Role)],
    ) -> Mention<&'static str> {
        Mention {
            series: "astana-format",
            identity,
            lo: day(lo),
            hi: day(hi),
            venue: Some(venue),
            participants: roster.to_vec(),
        }
    }

    #[test]
    fn mentions_of_one_round_merge_with_their_attestations() {
        let mentions = [
            mention(
                Identity::Round(20),
                1,
                30,
                "astana",
                &[("russia", Role::Guarantor)],
            ),
            mention(
                Identity::Round(20),
                20,
                21,
                "astana",
                &[("russia", Role::Guarantor), ("iraq", Role::Observer)],
            ),
            mention(Identity::Key("sochi-1".into()), 1, 2, "sochi", &[]),
        ];
        let (merged, conflicts) = merge(&mentions);
        assert!(conflicts.is_empty(), "{conflicts:?}");
        assert_eq!(merged.len(), 2);
        let round = &merged[0];
        assert_eq!(round.identity, Identity::Round(20));
        assert_eq!(round.mentions, [0, 1]);
        // Mention 1's date is the narrowest; it comes first of those that agree.
        assert_eq!(
            round.date,
            Some(MergedValue {
                value: 1,
                by: vec![1, 0]
            })
        );
        assert_eq!(round.venue.as_ref().map(|v| v.by.clone()), Some(vec![0, 1]));
        assert_eq!(round.participants[0].by, [0, 1]);
        assert_eq!(round.participants[1].by, [1]);
    }

    #[test]
    fn disagreements_are_conflicts_and_lone_mentions_stay_apart() {
        let mentions = [
            mention(
                Identity::Round(20),
                20,
                21,
                "astana",
                &[("iraq", Role::Observer)],
            ),
            mention(
                Identity::Round(20),
                24,
                25,
                "sochi",
                &[("iraq", Role::Party)],
            ),
            mention(Identity::Alone(2), 1, 1, "sochi", &[]),
            mention(Identity::Alone(3), 1, 1, "sochi", &[]),
        ];
        let (merged, conflicts) = merge(&mentions);
        assert_eq!(merged.len(), 3);
        let kinds: Vec<_> = conflicts
            .iter()
            .map(|c| (c.kind, c.mention, c.with))
            .collect();
        assert_eq!(
            kinds,
            [
                (ConflictKind::Date, 1, 0),
                (ConflictKind::Venue, 1, 0),
                (ConflictKind::Role(0), 1, 0)
            ]
        );
    }
}
