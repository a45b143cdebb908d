//! Where a fact refers to an entity, and which kinds of entity each role
//! and referring field takes (one table, used by the validator and printed
//! in the codebook).

use super::*;

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

/// Where in a fact a reference to another fact of the same article sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FactRefSite {
    /// `about_facts/<i>`.
    AboutFact(usize),
    /// `according_to`.
    AccordingTo,
    /// `condition/fact`.
    ConditionFact,
}

impl FactRefSite {
    /// The JSON Pointer of the reference, relative to the fact.
    pub fn pointer(self) -> String {
        match self {
            FactRefSite::AboutFact(i) => format!("/about_facts/{i}"),
            FactRefSite::AccordingTo => "/according_to".to_owned(),
            FactRefSite::ConditionFact => "/condition/fact".to_owned(),
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
    /// The `issuer` of an article's `derived_from`.
    OriginIssuer,
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
        EntityField::OriginIssuer,
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
            EntityField::OriginIssuer => "derived_from.issuer",
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
            EntityField::OriginIssuer | EntityField::Speakers => &[
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
