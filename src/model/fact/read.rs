//! Reading a fact: `kind` first reads straight into the variant; any
//! other order is buffered, unless the validator's fast path refuses it.
//! Read in place, a fact reuses the fact at its place when the kinds
//! agree, and otherwise a spare of its kind that the thread kept from an
//! earlier displacement. The validator reads each article into the one
//! before it, and first hands all of that article's facts to the spares
//! ([`recycle`]), so that every fact is read into a spare of its own kind.

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

    // A fact read into one of the same kind reuses its strings and lists
    // (the validator reads each article into the one before it).
    fn deserialize_in_place<D: serde::Deserializer<'de>>(
        deserializer: D,
        place: &mut Self,
    ) -> Result<(), D::Error> {
        deserializer.deserialize_map(FactInPlace(place))
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
        match map.next_key::<FirstKey>()? {
            // The canonical order: the variant reads the rest of the object
            // itself, with its own unknown-field and duplicate checks.
            Some(FirstKey::Kind) => {
                let kind: FactKind = map.next_value()?;
                variant(kind, MapAccessDeserializer::new(map))
            }
            Some(FirstKey::Other(first)) => not_kind_first(Some(first), map),
            None => not_kind_first(None, map),
        }
    }
}

/// Reads a fact into `.0`: in place when it is of the same kind and
/// `kind` comes first, as a new fact (or into a spare) otherwise.
struct FactInPlace<'p>(&'p mut Fact);

impl<'de> serde::de::Visitor<'de> for FactInPlace<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        FactVisitor.expecting(f)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        use serde::de::value::MapAccessDeserializer;
        let fact = match map.next_key::<FirstKey>()? {
            Some(FirstKey::Kind) => {
                let kind: FactKind = map.next_value()?;
                let rest = MapAccessDeserializer::new(map);
                if kind == self.0.kind() {
                    return read_same_kind(rest, self.0);
                }
                variant(kind, rest)?
            }
            Some(FirstKey::Other(first)) => not_kind_first(Some(first), map)?,
            None => not_kind_first(None, map)?,
        };
        keep_spare(std::mem::replace(self.0, fact));
        Ok(())
    }
}

/// How many facts of each kind a thread keeps for reuse: enough for the
/// kinds of one article to come in any order, and a bound on what a huge
/// article leaves behind.
const SPARES_PER_KIND: usize = 64;

thread_local! {
    /// Facts that reading in place displaced, by kind (`FactKind as
    /// usize`): the next new fact of that kind is read into one of them.
    /// Empty on a thread that never reads in place.
    static SPARES: std::cell::RefCell<Vec<Vec<Fact>>> =
        std::cell::RefCell::new(FactKind::ALL.iter().map(|_| Vec::new()).collect());
}

/// Moves every fact of `facts` to the thread's spares (up to their bound),
/// leaving it empty. An article read into a place whose facts were all
/// recycled reads each fact into a spare of its own kind. Read over facts
/// kept in place, a fact whose kind differs from the one at its index is
/// displaced, and a shorter article drops its last facts: a later, longer
/// article then reads those fresh, allocating every string and list again
/// (about a sixth of the facts of a synthetic corpus).
#[cfg(feature = "validate")]
pub(crate) fn recycle(facts: &mut Vec<Fact>) {
    SPARES.with(|spares| {
        let mut spares = spares.borrow_mut();
        for fact in facts.drain(..) {
            add_spare(&mut spares, fact);
        }
    });
}

fn keep_spare(fact: Fact) {
    SPARES.with(|spares| add_spare(&mut spares.borrow_mut(), fact));
}

/// Keeps `fact` among `spares` (the thread's, by kind) unless its kind
/// already has [`SPARES_PER_KIND`]: the one place that holds the bound.
fn add_spare(spares: &mut [Vec<Fact>], fact: Fact) {
    let of_kind = &mut spares[fact.kind() as usize];
    if of_kind.len() < SPARES_PER_KIND {
        of_kind.push(fact);
    }
}

/// A fact of `kind` from the rest of its object: read into a spare of
/// that kind if the thread has one, as a new fact if not.
fn variant<'de, D: serde::Deserializer<'de>>(kind: FactKind, rest: D) -> Result<Fact, D::Error> {
    if let Some(mut spare) = SPARES.with(|spares| spares.borrow_mut()[kind as usize].pop()) {
        read_same_kind(rest, &mut spare)?;
        return Ok(spare);
    }
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

/// A fact whose first key is `first`, not `kind` (`None`: it has no key).
fn not_kind_first<'de, A: serde::de::MapAccess<'de>>(
    first: Option<String>,
    mut map: A,
) -> Result<Fact, A::Error> {
    use serde::de::Error as _;
    let Some(first) = first else {
        return Err(A::Error::missing_field("kind"));
    };
    if CANONICAL_ONLY.with(std::cell::Cell::get) {
        return Err(A::Error::custom(
            "`kind` is not the first key, and only canonical order is read",
        ));
    }
    // Any other order: buffer the object, then read it.
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

/// Reads the rest of a fact's object into `place`, a fact of its kind,
/// reusing its strings and lists.
fn read_same_kind<'de, D: serde::Deserializer<'de>>(
    rest: D,
    place: &mut Fact,
) -> Result<(), D::Error> {
    match place {
        Fact::Meeting(f) => Meeting::deserialize_in_place(rest, f),
        Fact::Statement(f) => Statement::deserialize_in_place(rest, f),
        Fact::ParticipationChange(f) => ParticipationChange::deserialize_in_place(rest, f),
        Fact::ParticipationState(f) => ParticipationState::deserialize_in_place(rest, f),
        Fact::MembershipChange(f) => MembershipChange::deserialize_in_place(rest, f),
        Fact::PositionHeld(f) => PositionHeld::deserialize_in_place(rest, f),
        Fact::Claim(f) => Claim::deserialize_in_place(rest, f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLAIM: &str = r#""id": "c", "modality": "asserted", "summary_en": "s", "evidence": [{"start": 0, "end": 1, "quote": "x"}]"#;

    #[cfg(feature = "validate")]
    #[test]
    fn recycling_empties_the_list_and_keeps_a_bounded_number_of_each_kind() {
        let claim: Fact =
            serde_json::from_str(&format!(r#"{{"kind": "claim", {CLAIM}}}"#)).unwrap();
        let spares_of = |kind: FactKind| SPARES.with(|s| s.borrow()[kind as usize].len());
        // A thread of its own: the spares are per thread.
        std::thread::spawn(move || {
            let mut facts = vec![claim.clone(); SPARES_PER_KIND + 36];
            recycle(&mut facts);
            assert!(facts.is_empty());
            assert_eq!(spares_of(FactKind::Claim), SPARES_PER_KIND);
            assert_eq!(spares_of(FactKind::Meeting), 0);
            // The next claim read afresh is read into a spare.
            let read: Fact =
                serde_json::from_str(&format!(r#"{{"kind": "claim", {CLAIM}}}"#)).unwrap();
            assert_eq!(read, claim);
            assert_eq!(spares_of(FactKind::Claim), SPARES_PER_KIND - 1);
        })
        .join()
        .unwrap();
    }

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
