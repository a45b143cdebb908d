//! Reading a fact: `kind` first reads straight into the variant; any
//! other order is buffered, unless the validator's fast path refuses it.

use serde::Deserialize;

use super::{
    Claim, Fact, FactKind, Meeting, MembershipChange, ParticipationChange, ParticipationState,
    PositionHeld, Statement,
};

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
