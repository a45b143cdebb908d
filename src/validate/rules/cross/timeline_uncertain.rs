//! `timeline-uncertain`: a roster whose order against a departure the
//! dates cannot prove either way.

use foldhash::{HashMap, HashMapExt};

use super::participation_timeline::Reach;
use super::{CrossRule, Index};
use crate::model::{ParticipationChangeKind as Change, Role};
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// `participation-timeline` reports a roster that certainly contradicts
    /// a departure: an entity listed at a meeting after it `left` or was
    /// `suspended`. When the departure is dated only loosely (bounded below,
    /// as "after the 20th meeting"), a later meeting that lists the entity
    /// may fall before the departure or after it: no error can be proven,
    /// and none is reported. This warning names such cases, so that a
    /// reader building a timeline knows the order is open. Only asserted
    /// facts count; a departure that cannot fall before the meeting begins
    /// is no doubt at all.
    id: "timeline-uncertain",
    severity: Warning,
    summary: "A meeting roster that lists an entity at a date its departure may fall before or after: the order cannot be proven either way.",
    hint: "If the articles date the departure more closely, give it its `latest` bound; if the entity came back, add the fact that says so. Where the articles say no more, the warning stands as a caveat.",
    fixture: include_str!("timeline_uncertain.fixture.json"),
}

/// The rule's check of the finished index.
pub(crate) struct Check;

impl CrossRule for Check {
    /// Every roster entry against the departures of its (series, entity,
    /// role) that may fall on either side of the meeting.
    fn check(index: &Index, out: &mut Vec<(u32, Draft)>) {
        let mut departures: HashMap<(u32, u32, Role), Reach> = HashMap::new();
        for (file, m) in index.meetings.iter() {
            let (Some(m_lo), Some(m_hi)) = (m.lo, m.hi) else {
                continue;
            };
            for &(entity, role, j) in index.roster(&m) {
                let key = (m.series, entity, role);
                let Some(events) = index.changes.get(&key) else {
                    continue;
                };
                let reach = departures.entry(key).or_insert_with(|| {
                    Reach::new(
                        events
                            .iter()
                            .enumerate()
                            .filter(|(_, (_, e))| matches!(e.change, Change::Left | Change::Suspended))
                            .map(|(i, (_, e))| (e.lo, e.hi, i))
                            .collect(),
                    )
                });
                // Before the meeting begins, and not certainly before it.
                let Some(i) = m_lo
                    .pred_opt()
                    .and_then(|day_before| reach.reaching(day_before, Some(m_lo)))
                else {
                    continue;
                };
                let (f, e) = &events[i];
                let what = if e.change == Change::Left {
                    "left"
                } else {
                    "was suspended"
                };
                let bounds = match (e.lo, e.hi) {
                    (Some(lo), Some(hi)) => format!("between {lo} and {hi}"),
                    (Some(lo), None) => format!("not before {lo}"),
                    (None, Some(hi)) => format!("not after {hi}"),
                    (None, None) => "at an unknown date".to_owned(),
                };
                out.push((
                    file,
                    Draft::new(
                        Rule::TimelineUncertain,
                        format!("/facts/{}/participants/{j}", m.fact),
                        format!(
                            "`{}` is listed as {role} at a meeting dated {m_lo}..{m_hi}, and it {what} {bounds} ({}#/facts/{}): the order cannot be proven",
                            index.name(entity),
                            index.file(*f),
                            e.fact
                        ),
                    ),
                ));
            }
        }
    }
}
