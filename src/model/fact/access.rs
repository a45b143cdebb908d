//! What every fact has, whatever its kind: the accessors that forward to
//! each variant, and the entity references a fact makes.

use super::*;

impl Fact {
    /// The fact's id, unique within its article.
    pub fn id(&self) -> &FactId {
        each_variant!(self, f => &f.id)
    }

    /// The fact's kind.
    pub fn kind(&self) -> FactKind {
        match self {
            Fact::Meeting(_) => FactKind::Meeting,
            Fact::Statement(_) => FactKind::Statement,
            Fact::ParticipationChange(_) => FactKind::ParticipationChange,
            Fact::ParticipationState(_) => FactKind::ParticipationState,
            Fact::MembershipChange(_) => FactKind::MembershipChange,
            Fact::PositionHeld(_) => FactKind::PositionHeld,
            Fact::Claim(_) => FactKind::Claim,
        }
    }

    /// How the article asserts the fact.
    pub fn modality(&self) -> Modality {
        each_variant!(self, f => f.modality)
    }

    /// The condition of a conditional fact.
    pub fn condition(&self) -> Option<&Condition> {
        each_variant!(self, f => f.condition.as_ref())
    }

    /// Whether the article asserts the fact as having happened or holding
    /// (or, for meetings, as planned): the facts a timeline is built from.
    pub fn is_actual(&self) -> bool {
        matches!(self.modality(), Modality::Asserted)
            || (matches!(self, Fact::Meeting(_)) && self.modality() == Modality::Planned)
    }

    /// Words that refer to the fact's entities without naming them.
    pub fn entity_mentions(&self) -> &[EntityMention] {
        each_variant!(self, f => &f.entity_mentions)
    }

    /// Mutable entity mentions (for tools that fill offsets).
    pub fn entity_mentions_mut(&mut self) -> &mut Vec<EntityMention> {
        each_variant!(self, f => &mut f.entity_mentions)
    }

    /// The English summary.
    pub fn summary_en(&self) -> &str {
        each_variant!(self, f => &f.summary_en)
    }

    /// The evidence spans.
    pub fn evidence(&self) -> &[Evidence] {
        each_variant!(self, f => &f.evidence)
    }

    /// Mutable evidence spans (for tools that fill offsets).
    pub fn evidence_mut(&mut self) -> &mut Vec<Evidence> {
        each_variant!(self, f => &mut f.evidence)
    }

    /// Entities the fact is about (statements and claims).
    pub fn about_entities(&self) -> &[EntityId] {
        match self {
            Fact::Statement(f) => &f.about_entities,
            Fact::Claim(f) => &f.about_entities,
            _ => &[],
        }
    }

    /// Facts of the same article the fact is about (statements and claims).
    pub fn about_facts(&self) -> &[FactId] {
        match self {
            Fact::Statement(f) => &f.about_facts,
            Fact::Claim(f) => &f.about_facts,
            _ => &[],
        }
    }

    /// The statement fact this fact is reported in, if any.
    pub fn according_to(&self) -> Option<&FactId> {
        each_variant!(self, f => f.according_to.as_ref())
    }

    /// Values inferred rather than stated.
    pub fn inferred(&self) -> &[Inference] {
        each_variant!(self, f => &f.inferred)
    }

    /// The remark on the fact, if any.
    pub fn note(&self) -> Option<&str> {
        each_variant!(self, f => f.note.as_deref())
    }

    /// Every date of the fact with its field name: `date`, or a state's
    /// `from` and `until`.
    pub fn dates(&self) -> Vec<(&'static str, &DateValue)> {
        self.each_date().collect()
    }

    /// [`Fact::dates`] without a list: for rules that walk every date of
    /// every fact.
    pub(crate) fn each_date(&self) -> impl Iterator<Item = (&'static str, &DateValue)> {
        let (first, second) = match self {
            Fact::ParticipationState(f) => (Some(("from", &f.from)), Some(("until", &f.until))),
            other => (other.date().map(|d| ("date", d)), None),
        };
        first.into_iter().chain(second)
    }

    /// The date of the event or statement the fact describes, if the kind
    /// has one (for a position, when it was held; a claim's date is
    /// optional; a participation state has a period, see [`Fact::dates`]).
    pub fn date(&self) -> Option<&DateValue> {
        match self {
            Fact::Meeting(f) => Some(&f.date),
            Fact::Statement(f) => Some(&f.date),
            Fact::ParticipationChange(f) => Some(&f.date),
            Fact::ParticipationState(_) => None,
            Fact::MembershipChange(f) => Some(&f.date),
            Fact::PositionHeld(f) => Some(&f.date),
            Fact::Claim(f) => f.date.as_ref(),
        }
    }

    /// The series the fact belongs to (meetings, participation changes and
    /// states).
    pub fn series(&self) -> Option<&EntityId> {
        match self {
            Fact::Meeting(f) => Some(&f.series),
            Fact::ParticipationChange(f) => Some(&f.series),
            Fact::ParticipationState(f) => Some(&f.series),
            _ => None,
        }
    }

    /// Every entity the fact refers to, with where the reference sits, in
    /// document order.
    pub fn entity_refs(&self) -> Vec<(RefSite, &EntityId)> {
        self.entity_refs_iter().collect()
    }

    /// [`Fact::entity_refs`] without allocating: the validator asks this of
    /// every fact.
    pub fn entity_refs_iter(&self) -> impl Iterator<Item = (RefSite, &EntityId)> + '_ {
        let none: &[EntityId] = &[];
        // Up to two single references, then the listed ones.
        type Single<'f> = [Option<(RefSite, &'f EntityId)>; 2];
        let (single, participants, speakers, about): (Single<'_>, &[Participant], _, _) = match self
        {
            Fact::Meeting(f) => (
                [
                    Some((RefSite::Series, &f.series)),
                    f.venue.as_ref().map(|v| (RefSite::Venue, v)),
                ],
                &f.participants[..],
                none,
                none,
            ),
            Fact::Statement(f) => (
                [None, None],
                &[][..],
                &f.speakers[..],
                &f.about_entities[..],
            ),
            Fact::ParticipationChange(f) => (
                [
                    Some((RefSite::Series, &f.series)),
                    Some((RefSite::Entity, &f.entity)),
                ],
                &[][..],
                none,
                none,
            ),
            Fact::ParticipationState(f) => (
                [
                    Some((RefSite::Series, &f.series)),
                    Some((RefSite::Entity, &f.entity)),
                ],
                &[][..],
                none,
                none,
            ),
            Fact::MembershipChange(f) => (
                [
                    Some((RefSite::Member, &f.member)),
                    Some((RefSite::Organization, &f.organization)),
                ],
                &[][..],
                none,
                none,
            ),
            Fact::PositionHeld(f) => (
                [
                    Some((RefSite::Person, &f.person)),
                    f.of.as_ref().map(|of| (RefSite::Of, of)),
                ],
                &[][..],
                none,
                none,
            ),
            Fact::Claim(f) => ([None, None], &[][..], none, &f.about_entities[..]),
        };
        single
            .into_iter()
            .flatten()
            .chain(
                participants
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (RefSite::Participant(i), &p.entity)),
            )
            .chain(
                speakers
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (RefSite::Speaker(i), s)),
            )
            .chain(
                about
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (RefSite::AboutEntity(i), e)),
            )
            .chain(
                self.entity_mentions()
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (RefSite::Mention(i), &m.entity)),
            )
    }

    /// Every fact of the same article this fact refers to, with where the
    /// reference sits, in document order. Nothing is allocated: the
    /// validator asks this of every fact, and formats a site's pointer
    /// ([`FactRefSite::pointer`]) only for a finding.
    pub fn fact_refs(&self) -> impl Iterator<Item = (FactRefSite, &FactId)> + '_ {
        let about: &[FactId] = match self {
            Fact::Statement(f) => &f.about_facts,
            Fact::Claim(f) => &f.about_facts,
            _ => &[],
        };
        about
            .iter()
            .enumerate()
            .map(|(i, id)| (FactRefSite::AboutFact(i), id))
            .chain(self.according_to().map(|id| (FactRefSite::AccordingTo, id)))
            .chain(
                self.condition()
                    .and_then(|c| c.fact.as_ref())
                    .map(|id| (FactRefSite::ConditionFact, id)),
            )
    }

    /// Whether the fact refers to the entity anywhere.
    pub fn mentions(&self, entity: &str) -> bool {
        self.entity_refs()
            .iter()
            .any(|(_, id)| id.as_str() == entity)
    }
}
