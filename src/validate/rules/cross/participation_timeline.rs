//! `participation-timeline`: a roster against the series' participation
//! events and states.

use foldhash::{HashMap, HashMapExt};

use chrono::NaiveDate;

use crate::model::{ParticipationChangeKind as Change, Role};
use super::CrossRule;
use super::{ChangeRow, Index, MeetingRow, StateRow};
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// A meeting lists who took part in which role; the series'
    /// `participation_change` facts say when entities joined, left,
    /// declined, suspended or resumed, and its `participation_state` facts
    /// say over which periods they held a role. A roster contradicts them
    /// when it lists an entity:
    ///
    /// - before it first took part (every event and period of the entity in
    ///   that role begins certainly after the meeting);
    /// - after it `left` or was `suspended`, with no `joined` or `resumed`
    ///   event and no period that can fall between the two;
    /// - at the round it `declined`, or certainly within the period it
    ///   declined.
    ///
    /// Declining is not leaving: an entity that declined one round may be
    /// listed at a later one. Only asserted facts count (a conditional
    /// resumption is not a resumption), and with partial dates only what is
    /// certain is an error: a `left` in 2018-05 against a meeting on
    /// 2018-05-14 is undecidable and passes (`timeline-uncertain` names
    /// it, as a warning).
    id: "participation-timeline",
    severity: Error,
    summary: "A meeting roster that contradicts the series' participation events and states: a participant listed before it took part, after it left, or at a round it declined.",
    hint: "Check the meeting's date and roster against the participation_change and participation_state facts of the series; if the entity only declined some rounds, record `declined` rather than `left`, and add the fact for a return if the articles state one.",
    fixture: include_str!("participation_timeline.fixture.json"),
}

/// A date bound: `None` below stands for "no earliest", above for "no latest".
type Day = Option<NaiveDate>;

/// Intervals `[lo, hi]` sorted by `lo` (an open `lo` first), with the
/// running maximum of `hi` (an open `hi` as the greatest) and whose it is,
/// so that "is there one with `lo <= x` and `hi >= y`" is a binary search.
/// `timeline-uncertain` asks it too.
pub(crate) struct Reach {
    /// (lo, running max of hi as (is open, date), the owner of that max).
    rows: Vec<(Day, (bool, Day), usize)>,
}

impl Reach {
    pub(crate) fn new(mut items: Vec<(Day, Day, usize)>) -> Self {
        // None sorts first: an open earliest bound is below every date.
        items.sort_by_key(|&(lo, _, owner)| (lo, owner));
        let mut rows = Vec::with_capacity(items.len());
        let mut best: Option<((bool, Day), usize)> = None;
        for (lo, hi, owner) in items {
            let high = (hi.is_none(), hi);
            if best.is_none_or(|(b, _)| high > b) {
                best = Some((high, owner));
            }
            if let Some((b, o)) = best {
                rows.push((lo, b, o));
            }
        }
        Reach { rows }
    }

    /// An owner of an interval with `lo <= x` (an open `lo` always) and
    /// `hi >= y` (an open `hi` always), where `x` and `y` are dates, or an
    /// open `y` that every `hi` reaches.
    pub(crate) fn reaching(&self, x: NaiveDate, y: Day) -> Option<usize> {
        let n = self
            .rows
            .partition_point(|(lo, _, _)| lo.is_none_or(|lo| lo <= x));
        let &(_, (open, hi), owner) = self.rows.get(n.checked_sub(1)?)?;
        let reaches = open || y.is_none_or(|y| hi.is_some_and(|hi| hi >= y));
        reaches.then_some(owner)
    }
}

/// One (series, entity, role)'s events and states, arranged so that each
/// roster entry is checked in logarithmic time, whatever the number of
/// events: alternating `left` and `joined` facts with many meetings after
/// them made the direct scan cubic.
struct Timeline {
    /// Rounds declined, with the first event that declined each.
    declined_rounds: HashMap<u32, usize>,
    /// The earliest any event or period can begin; `None` when one of them
    /// has no earliest bound (then nothing is certainly later).
    first_lo: Option<NaiveDate>,
    /// The earliest beginning (a `joined` or a period): (lo, file, fact, what).
    first_beginning: Option<(Day, u32, u32, &'static str)>,
    /// Periods declined, written with a date.
    declined_periods: Reach,
    /// `joined` and `resumed` events, by their bounds.
    returns: Reach,
    /// Periods the role was held.
    periods: Reach,
    /// `left` and `suspended` events with a latest bound, sorted by it,
    /// with the running maximum of their earliest bound and whose it is.
    ends: Vec<(NaiveDate, Day, usize)>,
}

impl Timeline {
    fn new(events: &[(u32, ChangeRow)], states: &[(u32, StateRow)]) -> Self {
        let mut declined_rounds = HashMap::new();
        let (mut declined, mut returns, mut ends) = (Vec::new(), Vec::new(), Vec::new());
        let mut first_beginning = None;
        let mut consider = |lo: Day, f: u32, fact: u32, what: &'static str| {
            let candidate = (lo, f, fact, what);
            if first_beginning.is_none_or(|b| candidate < b) {
                first_beginning = Some(candidate);
            }
        };
        for (i, (f, e)) in events.iter().enumerate() {
            match e.change {
                Change::Declined => {
                    if let Some(round) = e.round {
                        declined_rounds.entry(round).or_insert(i);
                    } else if e.dated {
                        if let (Some(lo), Some(hi)) = (e.lo, e.hi) {
                            declined.push((Some(lo), Some(hi), i));
                        }
                    }
                }
                Change::Joined | Change::Resumed => {
                    if e.change == Change::Joined {
                        consider(e.lo, *f, e.fact, "joined");
                    }
                    returns.push((e.lo, e.hi, i));
                }
                Change::Left | Change::Suspended => {
                    if let Some(hi) = e.hi {
                        ends.push((hi, e.lo, i));
                    }
                }
            }
        }
        for (f, s) in states {
            consider(s.lo, *f, s.fact, "held the role");
        }
        let first_lo = events
            .iter()
            .map(|(_, e)| e.lo)
            .chain(states.iter().map(|(_, s)| s.lo))
            .try_fold(None, |min: Option<NaiveDate>, lo| {
                lo.map(|lo| Some(min.map_or(lo, |m| m.min(lo))))
            })
            .flatten();
        ends.sort_by_key(|&(hi, _, i)| (hi, i));
        let mut best: Option<(Day, usize)> = None;
        for end in &mut ends {
            if best.is_none_or(|(lo, _)| end.1 > lo) {
                best = Some((end.1, end.2));
            }
            if let Some((lo, i)) = best {
                (end.1, end.2) = (lo, i);
            }
        }
        Timeline {
            declined_rounds,
            first_lo,
            first_beginning,
            declined_periods: Reach::new(declined),
            returns: Reach::new(returns),
            periods: Reach::new(
                states
                    .iter()
                    .enumerate()
                    .map(|(i, (_, s))| (s.lo, s.hi, i))
                    .collect(),
            ),
            ends,
        }
    }
}

/// The rule's check of the finished index.
pub(crate) struct Check;

impl CrossRule for Check {
    /// Every meeting's roster against the events and states of its series.
    fn check(index: &Index, out: &mut Vec<(u32, Draft)>) {
        let mut timelines: HashMap<(u32, u32, Role), Timeline> = HashMap::new();
        for (file, m) in index.meetings.iter() {
            for &(entity, role, j) in index.roster(&m) {
                let key = (m.series, entity, role);
                let events = index.changes.get(&key).map_or(&[][..], |e| &e[..]);
                let states = index.states.get(&key).map_or(&[][..], |s| &s[..]);
                if events.is_empty() && states.is_empty() {
                    continue;
                }
                let timeline = timelines
                    .entry(key)
                    .or_insert_with(|| Timeline::new(events, states));
                let entry = Entry {
                    file,
                    meeting: &m,
                    entity,
                    role,
                    position: j,
                };
                check_entry(index, timeline, events, &entry, out);
            }
        }
    }
}

/// One entity listed in one meeting's roster.
struct Entry<'a> {
    file: u32,
    meeting: &'a MeetingRow,
    entity: u32,
    role: Role,
    /// Its position in `participants`.
    position: u32,
}

/// One roster entry against its timeline.
fn check_entry(
    index: &Index,
    t: &Timeline,
    events: &[(u32, ChangeRow)],
    entry: &Entry<'_>,
    out: &mut Vec<(u32, Draft)>,
) {
    let (m, role) = (entry.meeting, entry.role);
    let name = index.name(entry.entity);
    let cite = |f: u32, fact: u32| format!("{}#/facts/{fact}", index.file(f));
    // Formatted only for a message: most rosters have nothing to report.
    let when = || match (m.lo, m.hi) {
        (Some(lo), Some(hi)) => format!("dated {lo}..{hi}"),
        _ => "of unknown date".to_owned(),
    };
    let mut report = |message: String| {
        out.push((
            entry.file,
            Draft::new(
                Rule::ParticipationTimeline,
                format!("/facts/{}/participants/{}", m.fact, entry.position),
                message,
            ),
        ));
    };

    // At a round it declined: decidable without dates.
    if let Some(&i) = m.round.and_then(|r| t.declined_rounds.get(&r)) {
        let (f, d) = &events[i];
        report(format!(
            "`{name}` is listed as {role} at round {}, which it declined ({})",
            d.round.unwrap_or_default(),
            cite(*f, d.fact)
        ));
        return;
    }
    let (Some(m_lo), Some(m_hi)) = (m.lo, m.hi) else {
        return;
    };

    // Before it took part: every event and period begins certainly after
    // the meeting, and one of them is a beginning.
    if t.first_lo.is_some_and(|lo| lo > m_hi) {
        if let Some((_, f, fact, what)) = t.first_beginning {
            report(format!(
                "`{name}` is listed as {role} at a meeting {}, before it {what} ({})",
                when(),
                cite(f, fact)
            ));
            return;
        }
    }

    // Certainly within a period it declined.
    if let Some(i) = t.declined_periods.reaching(m_lo, Some(m_hi)) {
        let (f, d) = &events[i];
        report(format!(
            "`{name}` is listed as {role} at a meeting {}, within the period it declined ({})",
            when(),
            cite(*f, d.fact)
        ));
        return;
    }

    // After it left or was suspended, with nothing that can bring it back
    // in between. Of the ends certainly before the meeting, the one that
    // can begin latest is the hardest to come back from: if a return or a
    // period falls after it, one falls after every other.
    let before = t.ends.partition_point(|&(hi, _, _)| hi < m_lo);
    let Some(&(_, latest_lo, i)) = before.checked_sub(1).and_then(|n| t.ends.get(n)) else {
        return;
    };
    let back = t.returns.reaching(m_hi, latest_lo).is_some()
        || t.periods.reaching(m_hi, Some(m_lo)).is_some();
    if !back {
        let (f, end) = &events[i];
        let what = if end.change == Change::Left {
            "left"
        } else {
            "was suspended"
        };
        report(format!(
            "`{name}` is listed as {role} at a meeting {}, after it {what} ({})",
            when(),
            cite(*f, end.fact)
        ));
    }
}
