//! `participation-timeline`: a roster against the series' joined and left
//! facts.

use crate::model::ParticipationChangeKind;
use crate::validate::cross::Index;
use crate::validate::{Draft, Rule};

super::super::declare_rule! {
    /// A meeting lists who took part in which role; the series'
    /// `participation_change` facts say when entities joined and left.
    /// A participant listed after it left (with no `joined` that can fall
    /// between), or before it first joined, contradicts them. With partial
    /// dates only what is certain is an error: a `left` in 2018-05 against a
    /// meeting on 2018-05-14 is undecidable and passes.
    id: "participation-timeline",
    severity: Error,
    summary: "A meeting roster that contradicts the series' joined/left facts: a participant listed after it left, or before it joined, in that role.",
    hint: "Check the meeting's date and roster against the participation_change facts of the series; add the fact for a rejoining if the articles state one.",
    fixture: include_str!("participation_timeline.fixture.json"),
}

/// Every meeting's roster against the changes of its series.
pub(crate) fn check(index: &Index, out: &mut Vec<(u32, Draft)>) {
    for (file, m) in &index.meetings {
        let (Some(m_lo), Some(m_hi)) = (m.lo, m.hi) else {
            continue;
        };
        for &(entity, role, j) in m.participants.iter() {
            let Some(events) = index.changes.get(&(m.series, entity, role)) else {
                continue;
            };
            let pointer = format!("/facts/{}/participants/{j}", m.fact);
            let name = index.name(entity);
            // Listed before it joined: its first recorded event is a
            // join, and every event is certainly after the meeting.
            if events.iter().all(|(_, e)| e.lo.is_some_and(|lo| lo > m_hi)) {
                if let Some((f, first)) = events
                    .iter()
                    .filter(|(_, e)| e.change == ParticipationChangeKind::Joined)
                    .min_by_key(|(_, e)| e.lo)
                {
                    out.push((*file, Draft::new(
                        Rule::ParticipationTimeline,
                        pointer,
                        format!("`{name}` is listed as {role} at a meeting dated {m_lo}..{m_hi}, before it joined ({}#/facts/{})", index.files[*f as usize], first.fact),
                    )));
                    continue;
                }
            }
            // Listed after it left: a `left` certainly before the
            // meeting, with no `joined` that can fall between the two.
            for (f, left) in events
                .iter()
                .filter(|(_, e)| e.change == ParticipationChangeKind::Left)
            {
                let Some(left_hi) = left.hi else { continue };
                if left_hi >= m_lo {
                    continue;
                }
                let rejoined = events.iter().any(|(_, e)| {
                    e.change == ParticipationChangeKind::Joined
                        && e.hi.is_none_or(|hi| left.lo.is_none_or(|l| hi >= l))
                        && e.lo.is_none_or(|lo| lo <= m_hi)
                });
                if !rejoined {
                    out.push((*file, Draft::new(
                        Rule::ParticipationTimeline,
                        pointer.clone(),
                        format!("`{name}` is listed as {role} at a meeting dated {m_lo}..{m_hi}, after it left ({}#/facts/{})", index.files[*f as usize], left.fact),
                    )));
                    break;
                }
            }
        }
    }
}
