//! `participation-timeline`: a roster against the series' participation
//! events and states.

use crate::model::ParticipationChangeKind as Change;
use crate::validate::cross::Index;
use crate::validate::{Draft, Rule};

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
    /// 2018-05-14 is undecidable and passes.
    id: "participation-timeline",
    severity: Error,
    summary: "A meeting roster that contradicts the series' participation events and states: a participant listed before it took part, after it left, or at a round it declined.",
    hint: "Check the meeting's date and roster against the participation_change and participation_state facts of the series; if the entity only declined some rounds, record `declined` rather than `left`, and add the fact for a return if the articles state one.",
    fixture: include_str!("participation_timeline.fixture.json"),
}

/// Every meeting's roster against the events and states of its series.
pub(crate) fn check(index: &Index, out: &mut Vec<(u32, Draft)>) {
    let no_events = Vec::new();
    let no_states = Vec::new();
    for (file, m) in &index.meetings {
        for &(entity, role, j) in index.roster(m) {
            let key = (m.series, entity, role);
            let events = index.changes.get(&key).unwrap_or(&no_events);
            let states = index.states.get(&key).unwrap_or(&no_states);
            if events.is_empty() && states.is_empty() {
                continue;
            }
            let pointer = || format!("/facts/{}/participants/{j}", m.fact);
            let name = index.name(entity);
            let cite = |f: u32, fact: u32| format!("{}#/facts/{fact}", index.files[f as usize]);
            // Formatted only for a message: most rosters have nothing to report.
            let when = || match (m.lo, m.hi) {
                (Some(lo), Some(hi)) => format!("dated {lo}..{hi}"),
                _ => "of unknown date".to_owned(),
            };
            let mut report = |message: String| {
                out.push((
                    *file,
                    Draft::new(Rule::ParticipationTimeline, pointer(), message),
                ));
            };

            // At a round it declined: decidable without dates.
            if let Some((f, d)) = events.iter().find(|(_, e)| {
                e.change == Change::Declined && e.round.is_some() && e.round == m.round
            }) {
                report(format!(
                    "`{name}` is listed as {role} at round {}, which it declined ({})",
                    d.round.unwrap_or_default(),
                    cite(*f, d.fact)
                ));
                continue;
            }
            let (Some(m_lo), Some(m_hi)) = (m.lo, m.hi) else {
                continue;
            };

            // Before it took part: every event and period begins certainly
            // after the meeting, and one of them is a beginning.
            let all_later = events.iter().all(|(_, e)| e.lo.is_some_and(|lo| lo > m_hi))
                && states.iter().all(|(_, s)| s.lo.is_some_and(|lo| lo > m_hi));
            if all_later {
                let joined = events
                    .iter()
                    .filter(|(_, e)| e.change == Change::Joined)
                    .map(|(f, e)| (e.lo, *f, e.fact, "joined"));
                let periods = states
                    .iter()
                    .map(|(f, s)| (s.lo, *f, s.fact, "held the role"));
                if let Some((_, f, fact, what)) = joined.chain(periods).min() {
                    report(format!(
                        "`{name}` is listed as {role} at a meeting {}, before it {what} ({})",
                        when(),
                        cite(f, fact)
                    ));
                    continue;
                }
            }

            // Certainly within a period it declined.
            if let Some((f, d)) = events.iter().find(|(_, e)| {
                e.change == Change::Declined
                    && e.round.is_none()
                    && e.dated
                    && e.lo.is_some_and(|lo| lo <= m_lo)
                    && e.hi.is_some_and(|hi| m_hi <= hi)
            }) {
                report(format!(
                    "`{name}` is listed as {role} at a meeting {}, within the period it declined ({})",
                    when(),
                    cite(*f, d.fact)
                ));
                continue;
            }

            // After it left or was suspended, with nothing that can bring
            // it back in between.
            for (f, end) in events
                .iter()
                .filter(|(_, e)| matches!(e.change, Change::Left | Change::Suspended))
            {
                let Some(end_hi) = end.hi else { continue };
                if end_hi >= m_lo {
                    continue;
                }
                let can_fall_between = |lo: Option<_>, hi: Option<_>| {
                    hi.is_none_or(|hi| end.lo.is_none_or(|l| hi >= l))
                        && lo.is_none_or(|lo| lo <= m_hi)
                };
                let back = events.iter().any(|(_, e)| {
                    matches!(e.change, Change::Joined | Change::Resumed)
                        && can_fall_between(e.lo, e.hi)
                }) || states.iter().any(|(_, s)| {
                    s.lo.is_none_or(|lo| lo <= m_hi) && s.hi.is_none_or(|hi| hi >= m_lo)
                });
                if !back {
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
                    break;
                }
            }
        }
    }
}
