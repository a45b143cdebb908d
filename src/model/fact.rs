//! Facts: what an article states, as a tagged union on `kind`, each kind
//! with its evidence in the article's words.

use serde::{Deserialize, Serialize};

use super::{DateValue, EntityId, EntityKind, Evidence, FactId, OriginId};

/// Forwards a common field accessor to every variant.
macro_rules! each_variant {
    ($self:ident, $f:ident => $body:expr) => {
        match $self {
            Fact::Meeting($f) => $body,
            Fact::Statement($f) => $body,
            Fact::ParticipationChange($f) => $body,
            Fact::ParticipationState($f) => $body,
            Fact::MembershipChange($f) => $body,
            Fact::PositionHeld($f) => $body,
            Fact::Claim($f) => $body,
        }
    };
}

mod access;
mod read;
mod references;

pub(crate) use read::facts as read_facts;
#[cfg(feature = "validate")]
pub(crate) use read::{canonical_only, recycle as recycle_facts};
pub use references::{EntityField, FactRefSite, RefSite};

/// One thing an article states, tagged by `kind`.
///
/// Every fact has an `id` unique within its article, an English summary and
/// at least one evidence span. New kinds may be added in minor versions (the
/// enum is non-exhaustive, so a `match` needs a wildcard arm); a version of
/// this crate reads only the kinds it knows, and reports any other kind as
/// an unknown variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Fact {
    /// A meeting of a negotiation series: who took part in which role, when
    /// and where.
    Meeting(Meeting),
    /// Something a speaker said, directly quoted or reported.
    Statement(Statement),
    /// An event in an entity's taking part in a series: joining, leaving,
    /// declining, suspending or resuming.
    ParticipationChange(ParticipationChange),
    /// An entity taking part in a series in a role over a period.
    ParticipationState(ParticipationState),
    /// A state's membership of an organisation changing.
    MembershipChange(MembershipChange),
    /// A person holding a position, as the article describes them.
    PositionHeld(PositionHeld),
    /// Any other proposition the article states, in its own voice or a
    /// speaker's, that no structured kind fits.
    Claim(Claim),
}

vocabulary! {
    /// The kind of a fact, without its content.
    pub enum FactKind {
        /// See [`Fact::Meeting`].
        Meeting = "meeting",
        /// See [`Fact::Statement`].
        Statement = "statement",
        /// See [`Fact::ParticipationChange`].
        ParticipationChange = "participation_change",
        /// See [`Fact::ParticipationState`].
        ParticipationState = "participation_state",
        /// See [`Fact::MembershipChange`].
        MembershipChange = "membership_change",
        /// See [`Fact::PositionHeld`].
        PositionHeld = "position_held",
        /// See [`Fact::Claim`].
        Claim = "claim",
    }
}

/// A value of a fact that is not stated in the text but inferred by the
/// annotators, with the reasoning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Inference {
    /// JSON Pointer to the inferred value, relative to the fact, e.g.
    /// `/round` or `/participants/0`.
    pub path: String,
    /// What was inferred and from what.
    pub note: String,
}

/// A meeting of a negotiation series.
///
/// The series is not the venue: the Astana format held two of its rounds in
/// Sochi. Round, date and venue are kept apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// Unique within the article.
    pub id: FactId,
    /// Whether the article asserts the fact as having happened (or as
    /// holding), or only as conditional, intended, planned or hypothetical.
    pub modality: Modality,
    /// The condition of a `conditional` fact; absent for every other
    /// modality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The series the meeting belongs to (an entity of kind `process`).
    pub series: EntityId,
    /// The round number within the series, if the article gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(max = 4_294_967_295u32)))]
    pub round: Option<u32>,
    /// Names a meeting that has no round number (such as the two Astana-format
    /// meetings held in Sochi) so that mentions in many articles can be
    /// recognised as one meeting: a slug unique within the series, by
    /// convention `<venue>-<ordinal at that venue>`. Give it only when the
    /// article identifies the meeting that far; two mentions with the same
    /// series and key (or the same series and round) are one meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))
    )]
    pub meeting_key: Option<String>,
    /// When the meeting took place.
    pub date: DateValue,
    /// Where the meeting took place (an entity of kind `place`), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<EntityId>,
    /// Who took part, each entity once, in one role. Empty when the article
    /// does not say.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// One or two English sentences saying what the article states.
    pub summary_en: String,
    /// The statement fact this fact is reported in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub according_to: Option<FactId>,
    /// Values of this fact that are inferred rather than stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<Inference>,
    /// Any remark on the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Words of the article that refer to an entity of the fact without
    /// being one of its names (a metonym such as «دمشق», "Damascus", for
    /// the Syrian government).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity_mentions: Vec<EntityMention>,
    /// The words of the article that state the fact; at least one span.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub evidence: Vec<Evidence>,
}

/// An entity taking part in a meeting, in one role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Participant {
    /// The participating entity.
    pub entity: EntityId,
    /// The role it held at this meeting.
    pub role: Role,
}

vocabulary! {
    /// The role of a participant in a meeting or series.
    pub enum Role {
        /// The state (or its government) on whose territory the meeting is held.
        Host = "host",
        /// A state that guarantees the process (in the Astana format: Russia,
        /// Turkey, Iran).
        Guarantor = "guarantor",
        /// A side of the conflict negotiating (the Syrian government, the
        /// Syrian opposition).
        Party = "party",
        /// Present without negotiating (the UN, neighbouring states).
        Observer = "observer",
        /// Facilitates between the parties.
        Mediator = "mediator",
    }
}

/// Something a speaker said.
///
/// Its `date` is when the statement was made: a clock of its own, apart from
/// the date of any event it is about and from the article's publication.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Unique within the article.
    pub id: FactId,
    /// Whether the article asserts the fact as having happened (or as
    /// holding), or only as conditional, intended, planned or hypothetical.
    pub modality: Modality,
    /// The condition of a `conditional` fact; absent for every other
    /// modality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// Who made the statement; at least one entity.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub speakers: Vec<EntityId>,
    /// Whether the article quotes the words, reports them, or both; each
    /// evidence span says which it does.
    pub mode: StatementMode,
    /// When the statement was made.
    pub date: DateValue,
    /// The part of an original text (one of the article's `derived_from`)
    /// this statement renders. Statements of any articles that name the
    /// same origin and part are one statement with many renderings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<OriginalPart>,
    /// What was said, in English.
    pub summary_en: String,
    /// Entities the statement is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about_entities: Vec<EntityId>,
    /// Facts of the same article the statement is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about_facts: Vec<FactId>,
    /// The statement fact this statement is reported in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub according_to: Option<FactId>,
    /// Values of this fact that are inferred rather than stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<Inference>,
    /// Any remark on the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Words of the article that refer to an entity of the fact without
    /// being one of its names (a metonym such as «دمشق», "Damascus", for
    /// the Syrian government).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity_mentions: Vec<EntityMention>,
    /// The words of the article that state the fact; at least one span.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub evidence: Vec<Evidence>,
}

vocabulary! {
    /// How the article renders a statement, from the modes of its evidence
    /// spans.
    pub enum StatementMode {
        /// The article quotes the speaker's words (in quotation marks):
        /// every span is `direct`.
        Direct = "direct",
        /// The article reports what the speaker said in its own words:
        /// every span is `reported`.
        Reported = "reported",
        /// The article reports part of what was said and quotes the rest:
        /// some spans are `direct` and some `reported`.
        Mixed = "mixed",
    }
}

/// The part of an original text that a statement renders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OriginalPart {
    /// The original: the `id` of one of the article's `derived_from`.
    pub origin: OriginId,
    /// Which part of it: a slug unique within the original, the same in
    /// every article that renders that part (`ready-to-resume`).
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))
    )]
    pub part: String,
}

impl OriginalPart {
    /// The id of the statement this part is, in every article that
    /// renders it: `<origin>#<part>`. What makes two renderings one
    /// statement, for [`crate::Corpus::statements`], the exports and the
    /// validator.
    pub fn statement_id(&self) -> String {
        format!("{}#{}", self.origin, self.part)
    }
}

/// An event in an entity's taking part in a series: it joined, left for
/// good, declined one round or a period, suspended or resumed its part.
///
/// An event happens at a date; a role held over a period is a
/// [`ParticipationState`]. Declining is not leaving: an entity that declined
/// one round may be listed at a later one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ParticipationChange {
    /// Unique within the article.
    pub id: FactId,
    /// Whether the article asserts the fact as having happened (or as
    /// holding), or only as conditional, intended, planned or hypothetical.
    pub modality: Modality,
    /// The condition of a `conditional` fact; absent for every other
    /// modality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The series (an entity of kind `process`).
    pub series: EntityId,
    /// The entity that joined or left.
    pub entity: EntityId,
    /// The role it joined or left.
    pub role: Role,
    /// What happened.
    pub change: ParticipationChangeKind,
    /// The round declined, when the article names one round (only with
    /// `declined`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(max = 4_294_967_295u32)))]
    pub round: Option<u32>,
    /// When the change happened; for `declined` without a round, the
    /// period declined.
    pub date: DateValue,
    /// One or two English sentences saying what the article states.
    pub summary_en: String,
    /// The statement fact this fact is reported in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub according_to: Option<FactId>,
    /// Values of this fact that are inferred rather than stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<Inference>,
    /// Any remark on the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Words of the article that refer to an entity of the fact without
    /// being one of its names (a metonym such as «دمشق», "Damascus", for
    /// the Syrian government).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity_mentions: Vec<EntityMention>,
    /// The words of the article that state the fact; at least one span.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub evidence: Vec<Evidence>,
}

vocabulary! {
    /// What happened to an entity's part in a series.
    pub enum ParticipationChangeKind {
        /// The entity began taking part in the role.
        Joined = "joined",
        /// The entity stopped taking part in the role for good, as far as the
        /// article says: it is not listed later unless it joins or resumes again.
        Left = "left",
        /// The entity did not take part in one round (`round`) or over a
        /// period (`date`), without leaving the series.
        Declined = "declined",
        /// The entity's part was suspended until it resumes.
        Suspended = "suspended",
        /// The entity took up its part again after leaving or suspending it.
        Resumed = "resumed",
    }
}

/// An entity taking part in a series in a role over a period: "the UN
/// served as an observer throughout the process".
///
/// A state is not an event: it says nothing about a date of joining. Its
/// `from` and `until` say what the article implies about the ends of the
/// period, each with its own precision and basis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ParticipationState {
    /// Unique within the article.
    pub id: FactId,
    /// Whether the article asserts the fact as having happened (or as
    /// holding), or only as conditional, intended, planned or hypothetical.
    pub modality: Modality,
    /// The condition of a `conditional` fact; absent for every other
    /// modality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The series (an entity of kind `process`).
    pub series: EntityId,
    /// The entity taking part.
    pub entity: EntityId,
    /// The role it held over the period.
    pub role: Role,
    /// When the period began (often unknown or inferred).
    pub from: DateValue,
    /// When the period ended (often unknown, with the bounds the text implies).
    pub until: DateValue,
    /// One or two English sentences saying what the article states.
    pub summary_en: String,
    /// The statement fact this fact is reported in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub according_to: Option<FactId>,
    /// Values of this fact that are inferred rather than stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<Inference>,
    /// Any remark on the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Words of the article that refer to an entity of the fact without
    /// being one of its names (a metonym such as «دمشق», "Damascus", for
    /// the Syrian government).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity_mentions: Vec<EntityMention>,
    /// The words of the article that state the fact; at least one span.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub evidence: Vec<Evidence>,
}

vocabulary! {
    /// How the article asserts a fact: as having happened or holding, or as
    /// something weaker. Researchers who count events keep `asserted` (and,
    /// for meetings, `planned`).
    pub enum Modality {
        /// Stated as having happened, or as holding, at its date.
        Asserted = "asserted",
        /// Stated as happening or holding only if a condition is met (the
        /// fact's `condition`): "if the parties ask, Kazakhstan is ready…".
        Conditional = "conditional",
        /// Stated as what an actor intends or wishes, not as done.
        Intended = "intended",
        /// Stated as scheduled for the future: a meeting announced for a date.
        Planned = "planned",
        /// Stated as a possibility or supposition, with no condition named.
        Hypothetical = "hypothetical",
    }
}

/// The condition of a conditional fact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The condition in English: "if the participants express a collective
    /// request…".
    pub text_en: String,
    /// A fact of the same article that states the condition, when the
    /// article states it as a fact of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<FactId>,
}

/// Words of the article that refer to an entity without being one of its
/// names: «دمشق» ("Damascus") for the Syrian government. The registry keeps
/// names; a figure of speech stays with the fact whose words use it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EntityMention {
    /// The entity referred to.
    pub entity: EntityId,
    /// The words that refer to it (a span without `mode`: it renders no
    /// speech).
    #[cfg_attr(feature = "schema", schemars(with = "super::article::Span"))]
    pub evidence: Evidence,
    /// How the words refer to the entity ("metonym: the capital for the
    /// government").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A change in a state's membership of an organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MembershipChange {
    /// Unique within the article.
    pub id: FactId,
    /// Whether the article asserts the fact as having happened (or as
    /// holding), or only as conditional, intended, planned or hypothetical.
    pub modality: Modality,
    /// The condition of a `conditional` fact; absent for every other
    /// modality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The member whose membership changed.
    pub member: EntityId,
    /// The organisation.
    pub organization: EntityId,
    /// What changed.
    pub change: MembershipChangeKind,
    /// When the change happened.
    pub date: DateValue,
    /// One or two English sentences saying what the article states.
    pub summary_en: String,
    /// The statement fact this fact is reported in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub according_to: Option<FactId>,
    /// Values of this fact that are inferred rather than stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<Inference>,
    /// Any remark on the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Words of the article that refer to an entity of the fact without
    /// being one of its names (a metonym such as «دمشق», "Damascus", for
    /// the Syrian government).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity_mentions: Vec<EntityMention>,
    /// The words of the article that state the fact; at least one span.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub evidence: Vec<Evidence>,
}

vocabulary! {
    /// The kind of a membership change.
    pub enum MembershipChangeKind {
        /// Became a member.
        Joined = "joined",
        /// Ceased to be a member.
        Left = "left",
        /// Membership was suspended.
        Suspended = "suspended",
        /// A suspended membership was restored.
        Restored = "restored",
    }
}

/// A person holding a position, as the article describes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PositionHeld {
    /// Unique within the article.
    pub id: FactId,
    /// Whether the article asserts the fact as having happened (or as
    /// holding), or only as conditional, intended, planned or hypothetical.
    pub modality: Modality,
    /// The condition of a `conditional` fact; absent for every other
    /// modality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The person (an entity of kind `person`).
    pub person: EntityId,
    /// The title in English.
    pub title: String,
    /// The body or state the position belongs to, if the article says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<EntityId>,
    /// When the article says the person held the position. A title given
    /// to a speaker is stated at the time of speaking: it takes the date of
    /// the statement, with the same bounds, and its note says so.
    pub date: DateValue,
    /// One or two English sentences saying what the article states.
    pub summary_en: String,
    /// The statement fact this fact is reported in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub according_to: Option<FactId>,
    /// Values of this fact that are inferred rather than stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<Inference>,
    /// Any remark on the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Words of the article that refer to an entity of the fact without
    /// being one of its names (a metonym such as «دمشق», "Damascus", for
    /// the Syrian government).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity_mentions: Vec<EntityMention>,
    /// The words of the article that state the fact; at least one span.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub evidence: Vec<Evidence>,
}

/// A proposition that no structured kind fits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Unique within the article.
    pub id: FactId,
    /// Whether the article asserts the fact as having happened (or as
    /// holding), or only as conditional, intended, planned or hypothetical.
    pub modality: Modality,
    /// The condition of a `conditional` fact; absent for every other
    /// modality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The proposition, in English.
    pub summary_en: String,
    /// When what the claim describes happened, if the article says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateValue>,
    /// Entities the claim is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about_entities: Vec<EntityId>,
    /// Facts of the same article the claim is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about_facts: Vec<FactId>,
    /// The statement fact this claim is reported in; absent when the article
    /// makes the claim in its own voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub according_to: Option<FactId>,
    /// Values of this fact that are inferred rather than stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<Inference>,
    /// Any remark on the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Words of the article that refer to an entity of the fact without
    /// being one of its names (a metonym such as «دمشق», "Damascus", for
    /// the Syrian government).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity_mentions: Vec<EntityMention>,
    /// The words of the article that state the fact; at least one span.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub evidence: Vec<Evidence>,
}
