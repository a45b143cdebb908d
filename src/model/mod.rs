//! The typed data model: every document, record and field of the corpus.
//!
//! The doc comment on each type and field is its description in the
//! generated JSON Schema and in the codebook, so this module is the single
//! source of truth for what the data means.

/// Defines a closed vocabulary of the data (a role, a kind, a precision):
/// the enum, each value's name as written in the data (`as_str`, the serde
/// name and `Display`), the slice of all values (`ALL`) and each value's
/// description (`description`, from its doc comment, which is also its
/// description in the schema and the codebook). One place per vocabulary,
/// so names cannot drift between the data, the exports and the messages.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[doc = $doc])* #[serde(rename = $wire)] $variant, )*
        }

        impl $name {
            /// Every value, in declaration order. A slice, so that adding a
            /// value does not change its type.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The value as written in the data.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }

            /// What the value means: its doc comment, as one paragraph.
            pub fn description(self) -> String {
                let lines: &[&str] = match self {
                    $($name::$variant => &[$($doc),*],)*
                };
                lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

mod article;
mod date;
mod entity;
mod fact;
mod manifest;
mod retired;

pub use article::{Article, Evidence, Origin, OriginKind, Source, SpanMode, TextDefect, TextNote};
pub use date::{Basis, DatePart, DatePrecision, DateValue, PartialDate, PartialDateFormError};
pub use entity::{ArticleFactRef, EntitiesFile, Entity, EntityKind, Names, OtherName, Position};
#[cfg(feature = "validate")]
pub(crate) use fact::{canonical_only, recycle_facts};
pub use fact::{
    Claim, Condition, EntityField, EntityMention, Fact, FactKind, FactRefSite, Inference, Meeting,
    MembershipChange, MembershipChangeKind, Modality, OriginalPart, Participant,
    ParticipationChange, ParticipationChangeKind, ParticipationState, PositionHeld, RefSite, Role,
    Statement, StatementMode,
};
pub use manifest::{is_valid_version, Licenses, Manifest};
pub use retired::{RecordKind, RetiredFile, Retirement, RetirementReason};

/// The `schema_version` this crate reads and writes.
pub const SCHEMA_VERSION: u32 = 3;

/// The oldest format version that `astana-corpus migrate` upgrades to
/// [`SCHEMA_VERSION`]; it upgrades every version from this one on, one
/// step at a time. The model owns it, beside the current version, so that
/// the validator's advice and the migration read one constant.
pub const MIGRATES_FROM_VERSION: u32 = 1;

/// Defines a string identifier type with the slug pattern every id shares.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        // By hand, where the derive would not read in place: reading an
        // id into the one before it reuses its string.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map($name)
            }

            fn deserialize_in_place<D: serde::Deserializer<'de>>(
                deserializer: D,
                place: &mut Self,
            ) -> Result<(), D::Error> {
                <String as serde::Deserialize>::deserialize_in_place(deserializer, &mut place.0)
            }
        }

        impl $name {
            /// Wraps a string; the validator checks its form.
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }

            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "pattern": ID_PATTERN,
                    "description": concat!("The id of ", $what, ": lowercase ASCII letters and digits in words joined by single hyphens (kebab-case).")
                })
            }
        }
    };
}

/// The form of every id: kebab-case ASCII.
pub const ID_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// Whether `id` has the form of [`ID_PATTERN`].
pub fn is_valid_id(id: &str) -> bool {
    // Words of [a-z0-9], one hyphen between words: eight bytes at a time
    // (the validator checks every reference of every fact), then the rest
    // one by one. `after_hyphen` starts true: no hyphen may come first.
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    // The high bit of each byte at least `lo`, for bytes below 0x80 (no
    // sum carries into the next byte).
    const fn at_least(x: u64, lo: u8) -> u64 {
        x.wrapping_add(ONES * (0x80 - lo as u64)) & HIGH
    }
    let bytes = id.as_bytes();
    let mut after_hyphen = true;
    let (words, rest) = bytes.as_chunks::<8>();
    for word in words {
        let x = u64::from_le_bytes(*word);
        if x & HIGH != 0 {
            return false;
        }
        let letter = at_least(x, b'a') & !at_least(x, b'z' + 1);
        let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
        // The high bit of each byte that is a hyphen (XOR makes it zero).
        let hyphen = !(x ^ (ONES * u64::from(b'-'))).wrapping_add(ONES * 0x7F) & HIGH;
        let doubled = hyphen & ((hyphen << 8) | u64::from(after_hyphen) << 7);
        if letter | digit | hyphen != HIGH || doubled != 0 {
            return false;
        }
        after_hyphen = hyphen >> 63 != 0;
    }
    for &b in rest {
        match b {
            b'a'..=b'z' | b'0'..=b'9' => after_hyphen = false,
            b'-' if !after_hyphen => after_hyphen = true,
            _ => return false,
        }
    }
    !after_hyphen
}

id_type!(
    /// The stable id of an article: a slug that is never reused, even after
    /// the article is withdrawn.
    ArticleId,
    "an article"
);
id_type!(
    /// The id of an entity in the registry (`data/entities.json`): a
    /// kebab-case English slug such as `united-nations`.
    EntityId,
    "an entity in the registry"
);
id_type!(
    /// The id of a fact, unique within its article.
    FactId,
    "a fact, unique within its article"
);
id_type!(
    /// The id of an original text that articles rewrite (an article's
    /// `derived_from`): the same in every article that renders it.
    OriginId,
    "an original text that articles rewrite, the same in every article"
);

#[cfg(test)]
mod tests {
    #[test]
    fn id_form() {
        for ok in [
            "astana",
            "united-nations",
            "round-20",
            "q1",
            "abcdefgh-ijklmnop",
            "abcdefg-h",
            "a-b-c-d-e-f-g-h-i",
        ] {
            assert!(super::is_valid_id(ok), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "A",
            "a_b",
            "a b",
            "أستانا",
            "abcdefg--hi",
            "abcdefgh-",
            "abcdefg-",
            "abcdefgh-ijklmno-",
            "abcdefgA",
            "abc`efgh",
            "abc{efgh",
            "abc/efgh",
            "abc:efgh",
            "abcdéfgh",
        ] {
            assert!(!super::is_valid_id(bad), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        // Long enough for several eight-byte steps and a remainder, with
        // the bytes on either side of each range, a hyphen at every
        // place, and letters outside ASCII.
        fn id_form_agrees_with_its_pattern_read_word_by_word(
            id in "[a-z0-9\\-]{0,12}[`{/:_A\\-é0-9a-z]{0,3}[a-z0-9\\-]{0,24}"
        ) {
            let words = !id.is_empty()
                && id.split('-').all(|w| {
                    !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                });
            proptest::prop_assert_eq!(super::is_valid_id(&id), words, "{}", id);
        }
    }
}
