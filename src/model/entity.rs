//! The entity registry, `data/entities.json`: states, organisations,
//! people, places, outlets and negotiation processes that facts refer to.

use serde::{Deserialize, Serialize};

use super::{ArticleId, EntityId, FactId, PartialDate};

/// The registry file: every entity that any article's facts refer to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EntitiesFile {
    /// Relative path from this file to its JSON Schema, for editors.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The version of the data contract this file follows.
    pub schema_version: u32,
    /// The entities, sorted by id.
    pub entities: Vec<Entity>,
}

/// One real-world thing that facts refer to by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// Stable kebab-case English slug, e.g. `united-nations`.
    pub id: EntityId,
    /// What sort of thing this is; it decides which roles it can hold.
    pub kind: EntityKind,
    /// The preferred current names in English and Arabic.
    pub name: Names,
    /// Former names, names valid only for a period, and names in other
    /// languages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_names: Vec<OtherName>,
    /// The entity this one belongs to: the state of a government, the
    /// government of a ministry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<EntityId>,
    /// ISO 3166-1 alpha-2 code; states only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[A-Z]{2}$")))]
    pub iso3166_1: Option<String>,
    /// Wikidata item id, only where the identification is certain: a wrong
    /// id is worse than none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^Q[1-9][0-9]*$")))]
    pub wikidata: Option<String>,
    /// Positions a person held, as stated in the articles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<Position>,
    /// Anything a user of this entity should know: how it was identified,
    /// what it does not include.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

vocabulary! {
    /// The kind of an entity.
    pub enum EntityKind {
        /// A sovereign state, e.g. Russia.
        State = "state",
        /// The government of a state, as a party to negotiations, e.g. the
        /// Syrian government.
        Government = "government",
        /// A political or armed group that is not a state, e.g. the Syrian
        /// opposition.
        PoliticalGroup = "political_group",
        /// An organisation of states, e.g. the United Nations.
        InternationalOrganization = "international_organization",
        /// A ministry or other body of a government.
        GovernmentBody = "government_body",
        /// A natural person.
        Person = "person",
        /// A city or other place.
        Place = "place",
        /// A news outlet.
        Outlet = "outlet",
        /// A negotiation process or series of meetings, e.g. the Astana format.
        Process = "process",
    }
}

/// The preferred names of an entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// The English name.
    pub en: String,
    /// The Arabic name, as Arabic-language outlets write it.
    pub ar: String,
}

/// A further name of an entity, possibly valid only for a period.
///
/// The capital of Kazakhstan was named Nur-Sultan from March 2019 to
/// September 2022 and Astana before and after: one place, two names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OtherName {
    /// BCP 47 language tag of the name, e.g. `en`, `ar`, `ru`.
    pub lang: String,
    /// The name.
    pub text: String,
    /// First date on which the name was in official use, if it is limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<PartialDate>,
    /// Last date on which the name was in official use, if it is limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<PartialDate>,
    /// Where the name comes from or how it is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A position a person held, summarised from `position_held` facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// The title in English, e.g. `Deputy Minister of Foreign Affairs`.
    pub title: String,
    /// The body or state the position belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<EntityId>,
    /// The `position_held` facts that state it.
    pub stated_in: Vec<ArticleFactRef>,
}

/// A reference to one fact of one article.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ArticleFactRef {
    /// The article.
    pub article: ArticleId,
    /// The fact, by its id within the article.
    pub fact: FactId,
}

impl Entity {
    /// Every name of the entity, preferred ones first.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        [self.name.en.as_str(), self.name.ar.as_str()]
            .into_iter()
            .chain(self.other_names.iter().map(|n| n.text.as_str()))
    }
}
