//! Facts: what an article states, as a tagged union on `kind`, each kind
//! with its evidence in the article's words.

use serde::{Deserialize, Serialize};

use super::{DateValue, EntityId, EntityKind, Evidence, FactId};

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
    /// Whether the article quotes the words or reports them.
    pub mode: StatementMode,
    /// When the statement was made.
    pub date: DateValue,
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
    /// How the article renders a statement.
    pub enum StatementMode {
        /// The article quotes the speaker's words (in quotation marks).
        Direct = "direct",
        /// The article reports what the speaker said in its own words.
        Reported = "reported",
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
    /// The words that refer to it.
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

// Reading a fact does not buffer it, as serde's derive for an internally
// tagged enum would: canonical files put `kind` first, so the variant reads
// the rest of the object itself. Only a fact whose `kind` comes later is
// buffered (into a `serde_json::Value`) first.
impl<'de> Deserialize<'de> for Fact {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FactVisitor)
    }
}

thread_local! {
    /// Set while the validator's fast path reads (see `canonical_only`).
    static CANONICAL_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` with buffering refused: a fact whose `kind` is not its first
/// key is then an error. The buffer, a `serde_json::Value`, keeps only the
/// last of two equal keys and lets a struct be read from an array, so the
/// validator's fast path must not rely on it; such a document takes the
/// slow path, which checks both.
#[cfg(feature = "validate")]
pub(crate) fn canonical_only<R>(read: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            CANONICAL_ONLY.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(CANONICAL_ONLY.with(|flag| flag.replace(true)));
    read()
}

/// The first key of a fact object: `kind`, or any other.
enum FirstKey {
    Kind,
    Other(String),
}

impl<'de> Deserialize<'de> for FirstKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl serde::de::Visitor<'_> for KeyVisitor {
            type Value = FirstKey;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<FirstKey, E> {
                Ok(if key == "kind" {
                    FirstKey::Kind
                } else {
                    FirstKey::Other(key.to_owned())
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct FactVisitor;

impl<'de> serde::de::Visitor<'de> for FactVisitor {
    type Value = Fact;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a fact: an object with a `kind`")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Fact, A::Error> {
        use serde::de::value::MapAccessDeserializer;
        use serde::de::Error as _;
        match map.next_key::<FirstKey>()? {
            None => Err(A::Error::missing_field("kind")),
            // The canonical order: the variant reads the rest of the object
            // itself, with its own unknown-field and duplicate checks.
            Some(FirstKey::Kind) => {
                let kind: FactKind = map.next_value()?;
                variant(kind, MapAccessDeserializer::new(map))
            }
            // Any other order: buffer the object, then read it.
            Some(FirstKey::Other(_)) if CANONICAL_ONLY.with(std::cell::Cell::get) => Err(
                A::Error::custom("`kind` is not the first key, and only canonical order is read"),
            ),
            Some(FirstKey::Other(first)) => {
                let mut object = serde_json::Map::new();
                object.insert(first, map.next_value()?);
                while let Some(key) = map.next_key::<String>()? {
                    if object.contains_key(&key) {
                        return Err(A::Error::custom(format_args!("duplicate field `{key}`")));
                    }
                    let value = map.next_value()?;
                    object.insert(key, value);
                }
                let kind = object
                    .remove("kind")
                    .ok_or_else(|| A::Error::missing_field("kind"))?;
                let kind = FactKind::deserialize(kind).map_err(A::Error::custom)?;
                variant(kind, serde_json::Value::Object(object)).map_err(A::Error::custom)
            }
        }
    }
}

/// The fact of `kind` read from the rest of its object.
fn variant<'de, D: serde::Deserializer<'de>>(kind: FactKind, rest: D) -> Result<Fact, D::Error> {
    Ok(match kind {
        FactKind::Meeting => Fact::Meeting(Meeting::deserialize(rest)?),
        FactKind::Statement => Fact::Statement(Statement::deserialize(rest)?),
        FactKind::ParticipationChange => {
            Fact::ParticipationChange(ParticipationChange::deserialize(rest)?)
        }
        FactKind::ParticipationState => {
            Fact::ParticipationState(ParticipationState::deserialize(rest)?)
        }
        FactKind::MembershipChange => Fact::MembershipChange(MembershipChange::deserialize(rest)?),
        FactKind::PositionHeld => Fact::PositionHeld(PositionHeld::deserialize(rest)?),
        FactKind::Claim => Fact::Claim(Claim::deserialize(rest)?),
    })
}

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
        match self {
            Fact::ParticipationState(f) => vec![("from", &f.from), ("until", &f.until)],
            other => other.date().map(|d| ("date", d)).into_iter().collect(),
        }
    }

    /// The date of the event or statement the fact describes, if the kind
    /// has one. (Position facts have none; a claim's date is optional; a
    /// participation state has a period, see [`Fact::dates`].)
    pub fn date(&self) -> Option<&DateValue> {
        match self {
            Fact::Meeting(f) => Some(&f.date),
            Fact::Statement(f) => Some(&f.date),
            Fact::ParticipationChange(f) => Some(&f.date),
            Fact::ParticipationState(_) => None,
            Fact::MembershipChange(f) => Some(&f.date),
            Fact::PositionHeld(_) => None,
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
        let mut refs: Vec<(RefSite, &EntityId)> = Vec::new();
        match self {
            Fact::Meeting(f) => {
                refs.push((RefSite::Series, &f.series));
                if let Some(v) = &f.venue {
                    refs.push((RefSite::Venue, v));
                }
                for (i, p) in f.participants.iter().enumerate() {
                    refs.push((RefSite::Participant(i), &p.entity));
                }
            }
            Fact::Statement(f) => {
                for (i, s) in f.speakers.iter().enumerate() {
                    refs.push((RefSite::Speaker(i), s));
                }
                for (i, e) in f.about_entities.iter().enumerate() {
                    refs.push((RefSite::AboutEntity(i), e));
                }
            }
            Fact::ParticipationChange(f) => {
                refs.push((RefSite::Series, &f.series));
                refs.push((RefSite::Entity, &f.entity));
            }
            Fact::ParticipationState(f) => {
                refs.push((RefSite::Series, &f.series));
                refs.push((RefSite::Entity, &f.entity));
            }
            Fact::MembershipChange(f) => {
                refs.push((RefSite::Member, &f.member));
                refs.push((RefSite::Organization, &f.organization));
            }
            Fact::PositionHeld(f) => {
                refs.push((RefSite::Person, &f.person));
                if let Some(of) = &f.of {
                    refs.push((RefSite::Of, of));
                }
            }
            Fact::Claim(f) => {
                for (i, e) in f.about_entities.iter().enumerate() {
                    refs.push((RefSite::AboutEntity(i), e));
                }
            }
        }
        for (i, m) in self.entity_mentions().iter().enumerate() {
            refs.push((RefSite::Mention(i), &m.entity));
        }
        refs
    }

    /// Every fact of the same article this fact refers to, with the JSON
    /// Pointer (relative to the fact) of the reference.
    pub fn fact_refs(&self) -> Vec<(String, &FactId)> {
        let mut refs = Vec::new();
        let about: &[FactId] = match self {
            Fact::Statement(f) => &f.about_facts,
            Fact::Claim(f) => &f.about_facts,
            _ => &[],
        };
        for (i, id) in about.iter().enumerate() {
            refs.push((format!("/about_facts/{i}"), id));
        }
        if let Some(id) = self.according_to() {
            refs.push(("/according_to".into(), id));
        }
        if let Some(id) = self.condition().and_then(|c| c.fact.as_ref()) {
            refs.push(("/condition/fact".into(), id));
        }
        refs
    }

    /// Whether the fact refers to the entity anywhere.
    pub fn mentions(&self, entity: &str) -> bool {
        self.entity_refs()
            .iter()
            .any(|(_, id)| id.as_str() == entity)
    }
}

/// Where in a fact an entity reference sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefSite {
    /// `series`.
    Series,
    /// `venue`.
    Venue,
    /// `participants/<i>/entity`.
    Participant(usize),
    /// `speakers/<i>`.
    Speaker(usize),
    /// `about_entities/<i>`.
    AboutEntity(usize),
    /// `entity` (participation changes).
    Entity,
    /// `member`.
    Member,
    /// `organization`.
    Organization,
    /// `person`.
    Person,
    /// `of`.
    Of,
    /// `entity_mentions/<i>/entity`.
    Mention(usize),
}

impl RefSite {
    /// The field's name, e.g. `participants`.
    pub fn field(self) -> &'static str {
        match self {
            RefSite::Series => "series",
            RefSite::Venue => "venue",
            RefSite::Participant(_) => "participants",
            RefSite::Speaker(_) => "speakers",
            RefSite::AboutEntity(_) => "about_entities",
            RefSite::Entity => "entity",
            RefSite::Member => "member",
            RefSite::Organization => "organization",
            RefSite::Person => "person",
            RefSite::Of => "of",
            RefSite::Mention(_) => "entity_mentions",
        }
    }

    /// The JSON Pointer of the reference, relative to the fact.
    pub fn pointer(self) -> String {
        match self {
            RefSite::Participant(i) => format!("/participants/{i}/entity"),
            RefSite::Speaker(i) => format!("/speakers/{i}"),
            RefSite::AboutEntity(i) => format!("/about_entities/{i}"),
            RefSite::Mention(i) => format!("/entity_mentions/{i}/entity"),
            other => format!("/{}", other.field()),
        }
    }
}

impl Role {
    /// The kinds of entity that can hold the role: one table, used by the
    /// validator (`role-entity-kind`) and printed in the codebook.
    pub fn holder_kinds(self) -> &'static [EntityKind] {
        use super::EntityKind::*;
        match self {
            Role::Host => &[State, Government, InternationalOrganization],
            Role::Guarantor => &[State, Government],
            Role::Party => &[State, Government, PoliticalGroup],
            Role::Observer => &[State, Government, InternationalOrganization],
            Role::Mediator => &[
                State,
                Government,
                InternationalOrganization,
                GovernmentBody,
                Person,
            ],
        }
    }
}

/// A field that names an entity of fixed kinds. Fields not listed take
/// any kind (`about_entities`, `part_of`) or the kinds of a role
/// (`participants`, a participation change's `entity`:
/// [`Role::holder_kinds`]), and an entity mention takes any kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EntityField {
    /// A meeting's or change's `series`.
    Series,
    /// A meeting's `venue`.
    Venue,
    /// An article's `source.outlet`.
    SourceOutlet,
    /// A statement's `speakers`.
    Speakers,
    /// A membership change's `member`.
    Member,
    /// A membership change's `organization`.
    Organization,
    /// A position's `person`.
    Person,
    /// A position's `of`.
    Of,
}

impl EntityField {
    /// Every field, in the order of the codebook.
    pub const ALL: &'static [EntityField] = &[
        EntityField::Series,
        EntityField::Venue,
        EntityField::SourceOutlet,
        EntityField::Speakers,
        EntityField::Member,
        EntityField::Organization,
        EntityField::Person,
        EntityField::Of,
    ];

    /// The field's name as written in the data, e.g. `source.outlet`.
    pub fn name(self) -> &'static str {
        match self {
            EntityField::Series => "series",
            EntityField::Venue => "venue",
            EntityField::SourceOutlet => "source.outlet",
            EntityField::Speakers => "speakers",
            EntityField::Member => "member",
            EntityField::Organization => "organization",
            EntityField::Person => "person",
            EntityField::Of => "of",
        }
    }

    /// The kinds of entity the field takes: one table, used by the
    /// validator (`role-entity-kind`) and printed in the codebook.
    pub fn kinds(self) -> &'static [EntityKind] {
        use super::EntityKind::*;
        match self {
            EntityField::Series => &[Process],
            EntityField::Venue => &[Place],
            EntityField::SourceOutlet => &[Outlet],
            EntityField::Speakers => &[
                State,
                Government,
                PoliticalGroup,
                InternationalOrganization,
                GovernmentBody,
                Person,
                Outlet,
            ],
            EntityField::Member => &[State, Government],
            EntityField::Organization => &[InternationalOrganization],
            EntityField::Person => &[Person],
            EntityField::Of => &[
                State,
                Government,
                GovernmentBody,
                InternationalOrganization,
                PoliticalGroup,
            ],
        }
    }
}

impl RefSite {
    /// The field of fixed kinds this reference sits in, if it is one.
    pub fn entity_field(self) -> Option<EntityField> {
        match self {
            RefSite::Series => Some(EntityField::Series),
            RefSite::Venue => Some(EntityField::Venue),
            RefSite::Speaker(_) => Some(EntityField::Speakers),
            RefSite::Member => Some(EntityField::Member),
            RefSite::Organization => Some(EntityField::Organization),
            RefSite::Person => Some(EntityField::Person),
            RefSite::Of => Some(EntityField::Of),
            RefSite::Participant(_)
            | RefSite::AboutEntity(_)
            | RefSite::Entity
            | RefSite::Mention(_) => None,
        }
    }
}

impl Meeting {
    /// The entities that held `role` at this meeting, in listed order.
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = &EntityId> {
        self.participants
            .iter()
            .filter(move |p| p.role == role)
            .map(|p| &p.entity)
    }

    /// The roster: participants grouped by role, roles in declaration order.
    pub fn roster(&self) -> std::collections::BTreeMap<Role, Vec<&EntityId>> {
        let mut roster: std::collections::BTreeMap<Role, Vec<&EntityId>> = Default::default();
        for p in &self.participants {
            roster.entry(p.role).or_default().push(&p.entity);
        }
        roster
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLAIM: &str = r#""id": "c", "modality": "asserted", "summary_en": "s", "evidence": [{"start": 0, "end": 1, "quote": "x"}]"#;

    #[test]
    fn kind_first_or_later_reads_the_same_fact() {
        let first: Fact =
            serde_json::from_str(&format!(r#"{{"kind": "claim", {CLAIM}}}"#)).unwrap();
        let later: Fact =
            serde_json::from_str(&format!(r#"{{{CLAIM}, "kind": "claim"}}"#)).unwrap();
        assert_eq!(first, later);
        assert_eq!(first.kind(), FactKind::Claim);
    }

    #[test]
    fn a_fact_without_a_known_kind_or_with_a_field_twice_is_refused() {
        for (text, says) in [
            (format!("{{{CLAIM}}}"), "missing field `kind`"),
            (
                format!(r#"{{"kind": "rumour", {CLAIM}}}"#),
                "unknown variant `rumour`",
            ),
            (
                format!(r#"{{{CLAIM}, "kind": "rumour"}}"#),
                "unknown variant `rumour`",
            ),
            (
                format!(r#"{{"kind": "claim", "kind": "claim", {CLAIM}}}"#),
                "unknown field `kind`",
            ),
            (
                format!(r#"{{{CLAIM}, "id": "d", "kind": "claim"}}"#),
                "duplicate field `id`",
            ),
            (
                format!(r#"{{"kind": "claim", {CLAIM}, "id": "d"}}"#),
                "duplicate field `id`",
            ),
            (
                format!(r#"{{"kind": "claim", {CLAIM}, "speakers": []}}"#),
                "unknown field `speakers`",
            ),
            ("[]".to_owned(), "a fact"),
        ] {
            let err = serde_json::from_str::<Fact>(&text).unwrap_err().to_string();
            assert!(err.contains(says), "{text}: {err}");
        }
    }
}
