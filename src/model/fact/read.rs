//! Reading a fact: `kind` first reads straight into the variant; any
//! other order is buffered, unless the validator's fast path refuses it.
//! The validator reads each article into the one before it, and first
//! hands all of that article's facts, and the emptied list, to the
//! thread's spares ([`recycle`]): an article's list of facts ([`facts`])
//! then reads every fact into a spare of its own kind that it has already
//! put in its place in the list, so a fact is moved twice (into the spares
//! and back) instead of being passed up through every reader that returns
//! it.

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

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Fact, A::Error> {
        let mut read = None;
        read_object(
            map,
            &mut read,
            |read, kind, rest| {
                *read = Some(variant(kind, rest)?);
                Ok(())
            },
            |read, fact| *read = Some(fact),
        )?;
        Ok(read.expect("read_object hands over a fact or fails"))
    }
}

/// Reads a fact's object into `state`. In the canonical order, `kind`
/// first, `kind_first` reads the rest of the object itself, with the
/// variant's own unknown-field and duplicate checks; any other order is
/// read by [`not_kind_first`] and handed to `other_order`.
fn read_object<'de, A: serde::de::MapAccess<'de>, S>(
    mut map: A,
    state: &mut S,
    kind_first: impl FnOnce(
        &mut S,
        FactKind,
        serde::de::value::MapAccessDeserializer<A>,
    ) -> Result<(), A::Error>,
    other_order: impl FnOnce(&mut S, Fact),
) -> Result<(), A::Error> {
    let first = match map.next_key::<FirstKey>()? {
        Some(FirstKey::Kind) => {
            let kind: FactKind = map.next_value()?;
            return kind_first(
                state,
                kind,
                serde::de::value::MapAccessDeserializer::new(map),
            );
        }
        Some(FirstKey::Other(first)) => Some(first),
        None => None,
    };
    other_order(state, not_kind_first(first, map)?);
    Ok(())
}

/// How many facts of each kind a thread keeps for reuse: enough for the
/// kinds of one article to come in any order, and a bound on what a huge
/// article leaves behind.
#[cfg(feature = "validate")]
const SPARES_PER_KIND: usize = 64;

/// The longest emptied list of facts a thread keeps for the next article
/// (432 KB of `Fact`s): longer lists are freed.
#[cfg(feature = "validate")]
const KEPT_LIST_MAX: usize = 1024;

/// A thread's spare facts, by kind, and an emptied list of facts.
struct Spares {
    /// Facts that [`recycle`] handed over, by kind (`FactKind as usize`):
    /// the next new fact of that kind is read into one of them.
    by_kind: Vec<Vec<Fact>>,
    /// The list [`recycle`] emptied, which the next list of facts read
    /// ([`facts`]) fills, keeping its buffer.
    list: Vec<Fact>,
}

thread_local! {
    /// Empty on a thread that never reads in place.
    static SPARES: std::cell::RefCell<Spares> = std::cell::RefCell::new(Spares {
        by_kind: FactKind::ALL.iter().map(|_| Vec::new()).collect(),
        list: Vec::new(),
    });
}

/// Moves every fact of `facts` to the thread's spares (up to their bound),
/// and the emptied list to be read into next, leaving `facts` empty. An
/// article read into a place whose facts were all recycled reads each fact
/// into a spare of its own kind. (Read over facts kept in place instead, a
/// fact whose kind differs from the one at its index would be displaced,
/// and a shorter article would drop its last facts: a later, longer article
/// would read those fresh, allocating every string and list again, about a
/// sixth of the facts of a synthetic corpus.)
#[cfg(feature = "validate")]
pub(crate) fn recycle(facts: &mut Vec<Fact>) {
    SPARES.with(|spares| {
        let spares = &mut *spares.borrow_mut();
        for fact in facts.drain(..) {
            let of_kind = &mut spares.by_kind[fact.kind() as usize];
            if of_kind.len() < SPARES_PER_KIND {
                of_kind.push(fact);
            }
        }
        if facts.capacity() <= KEPT_LIST_MAX {
            spares.list = std::mem::take(facts);
        }
    });
}

/// A spare fact of `kind`, if the thread has one.
fn take_spare(kind: FactKind) -> Option<Fact> {
    SPARES.with(|spares| spares.borrow_mut().by_kind[kind as usize].pop())
}

/// Reads an article's list of facts (`Article::facts`), as a `Vec<Fact>`
/// reads, into the list [`recycle`] emptied when the thread has one. Each
/// fact whose `kind` comes first goes into its place in the list as a
/// spare of its kind and is read there; the derive's in-place reading of a
/// `Vec` would instead read it beside the list and move it in, through
/// each reader that returns it (about 1.5 KB copied a fact).
pub(crate) fn facts<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Fact>, D::Error> {
    struct ListVisitor;
    impl<'de> serde::de::Visitor<'de> for ListVisitor {
        type Value = Vec<Fact>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Vec<Fact>, A::Error> {
            let mut list = SPARES.with(|spares| std::mem::take(&mut spares.borrow_mut().list));
            // As serde's own `Vec` reader: no more than 1 MiB on a hint.
            let hint = seq.size_hint().unwrap_or(0);
            list.reserve(hint.min((1 << 20) / std::mem::size_of::<Fact>()));
            while seq.next_element_seed(PushFact(&mut list))?.is_some() {}
            Ok(list)
        }
    }
    deserializer.deserialize_seq(ListVisitor)
}

/// Reads one fact onto the end of `.0`.
struct PushFact<'l>(&'l mut Vec<Fact>);

impl<'de> serde::de::DeserializeSeed<'de> for PushFact<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for PushFact<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        FactVisitor.expecting(f)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        read_object(
            map,
            self.0,
            |list, kind, rest| {
                let Some(spare) = take_spare(kind) else {
                    list.push(fresh(kind, rest)?);
                    return Ok(());
                };
                list.push(spare);
                read_same_kind(rest, list.last_mut().expect("a fact was just pushed"))
            },
            Vec::push,
        )
    }
}

/// A fact of `kind` from the rest of its object: read into a spare of
/// that kind if the thread has one, as a new fact if not.
fn variant<'de, D: serde::Deserializer<'de>>(kind: FactKind, rest: D) -> Result<Fact, D::Error> {
    if let Some(mut spare) = take_spare(kind) {
        read_same_kind(rest, &mut spare)?;
        return Ok(spare);
    }
    fresh(kind, rest)
}

/// A new fact of `kind` from the rest of its object.
fn fresh<'de, D: serde::Deserializer<'de>>(kind: FactKind, rest: D) -> Result<Fact, D::Error> {
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
        let spares_of = |kind: FactKind| SPARES.with(|s| s.borrow().by_kind[kind as usize].len());
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

    /// A list of facts read after recycling: each fact equals the one read
    /// afresh, the recycled list's buffer is filled again, each fact whose
    /// `kind` comes first takes a spare of its kind, and a list too long
    /// to keep is freed.
    #[cfg(feature = "validate")]
    #[test]
    fn a_list_read_after_recycling_reuses_the_list_and_the_spares() {
        let statement = r#"{"kind": "statement", "id": "s", "modality": "asserted", "speakers": ["x"], "mode": "reported", "date": {"precision": "unknown", "basis": "not_given"}, "summary_en": "s", "evidence": [{"start": 0, "end": 1, "quote": "x"}]}"#;
        let claim = format!(r#"{{"kind": "claim", {CLAIM}}}"#);
        let claim_kind_last = format!(r#"{{{CLAIM}, "kind": "claim"}}"#);
        let text = format!("[{claim}, {statement}, {claim_kind_last}, {claim}]");
        let afresh: Vec<Fact> = serde_json::from_str(&text).unwrap();
        let read = |text: &str| facts(&mut serde_json::Deserializer::from_str(text)).unwrap();
        let spares_of = |kind: FactKind| SPARES.with(|s| s.borrow().by_kind[kind as usize].len());
        std::thread::spawn(move || {
            // Nothing recycled: the list reads as a `Vec<Fact>` reads.
            let mut list = read(&text);
            assert_eq!(list, afresh);
            // A buffer of its own size, which no list of four would take.
            list.reserve_exact(100);
            let (buffer, capacity) = (list.as_ptr(), list.capacity());
            recycle(&mut list);
            assert_eq!(spares_of(FactKind::Claim), 3);
            assert_eq!(spares_of(FactKind::Statement), 1);
            let again = read(&text);
            assert_eq!(again, afresh);
            assert_eq!(again.as_ptr(), buffer, "the recycled list is filled again");
            assert_eq!(again.capacity(), capacity);
            // Two claims with `kind` first took spares; the one with `kind`
            // last was read through `variant`, which took the third.
            assert_eq!(spares_of(FactKind::Claim), 0);
            assert_eq!(spares_of(FactKind::Statement), 0);
            // A list longer than the bound is not kept.
            let mut long = vec![afresh[0].clone(); KEPT_LIST_MAX + 1];
            recycle(&mut long);
            assert_eq!(SPARES.with(|s| s.borrow().list.capacity()), 0);
        })
        .join()
        .unwrap();
    }

    #[test]
    fn a_list_of_facts_refuses_what_a_vec_of_facts_refuses() {
        let claim = format!(r#"{{"kind": "claim", {CLAIM}}}"#);
        for text in [
            "{}".to_owned(),
            "\"facts\"".to_owned(),
            format!("[{claim}, 1]"),
            format!("[{claim}, {{}}]"),
            format!(r#"[{{"kind": "rumour", {CLAIM}}}]"#),
            format!("[{claim},]"),
        ] {
            let ours = facts(&mut serde_json::Deserializer::from_str(&text)).unwrap_err();
            let theirs = serde_json::from_str::<Vec<Fact>>(&text).unwrap_err();
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
        }
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
