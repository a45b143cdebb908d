//! The fast path's reader: deserialises a document straight into the
//! model's types and, in the same pass over the bytes, proves what the
//! schema demands that the types alone do not. Any doubt is an error, and
//! the document then takes the slow path, which explains it.
//!
//! What the pass proves, beyond what serde's derive already does (unknown
//! fields and repeated fields of a struct are errors there):
//! - no string value could break `text-not-nfc` or `text-control-char`
//!   ([`text_rules::has_problem`], asked of each string as it is read);
//! - no container nests deeper than the limit;
//! - no struct is read from an array (serde reads `"source": ["x"]` as a
//!   struct of its fields in order; the schema rejects it);
//! - every fact has its `kind` first, so no fact is buffered into a
//!   `serde_json::Value`, which would keep only the last of two equal keys
//!   and read structs from arrays ([`crate::model::canonical_only`]).
//!
//! It wraps serde_json's deserializer as `serde_ignored` and
//! `serde_path_to_error` do: every visitor, map, sequence and enum access
//! is wrapped in turn, so each nested value goes through the same checks.

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};

use super::text_rules;

/// Reads `T` from `text` under the checks above; `None` on any doubt.
pub fn from_str<T: DeserializeOwned>(text: &str, max_depth: usize) -> Option<T> {
    let watch = Watch {
        depth: Cell::new(0),
        max_depth,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let value = crate::model::canonical_only(|| {
        T::deserialize(Strict {
            inner: &mut de,
            watch: &watch,
        })
    })
    .ok()?;
    de.end().ok()?;
    Some(value)
}

/// The state of one pass: how deep the reader is.
struct Watch {
    depth: Cell<usize>,
    max_depth: usize,
}

impl Watch {
    fn enter<E: de::Error>(&self) -> Result<Level<'_>, E> {
        let depth = self.depth.get() + 1;
        if depth > self.max_depth {
            return Err(E::custom("nested deeper than the limit"));
        }
        self.depth.set(depth);
        Ok(Level(self))
    }
}

/// One open container; leaving it restores the depth.
struct Level<'w>(&'w Watch);

impl Drop for Level<'_> {
    fn drop(&mut self) {
        self.0.depth.set(self.0.depth.get() - 1);
    }
}

fn check_text<E: de::Error>(s: &str) -> Result<(), E> {
    if text_rules::has_problem(s) {
        Err(E::custom("a string breaks a text rule"))
    } else {
        Ok(())
    }
}

/// The wrapped deserializer.
struct Strict<'w, D> {
    inner: D,
    watch: &'w Watch,
}

impl<'w, D> Strict<'w, D> {
    fn wrap<V>(&self, visitor: V) -> Wrap<'w, V> {
        Wrap {
            visitor,
            watch: self.watch,
            is_struct: false,
        }
    }
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            let visitor = self.wrap(visitor);
            self.inner.$method($($arg,)* visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_ignored_any();
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let mut visitor = self.wrap(visitor);
        visitor.is_struct = true;
        self.inner.deserialize_struct(name, fields, visitor)
    }

    // A field name or a variant name: it must equal one the type knows,
    // so there is no text to check.
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_identifier(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A wrapped visitor: checks strings, counts depth, and wraps whatever it
/// hands on.
struct Wrap<'w, V> {
    visitor: V,
    watch: &'w Watch,
    /// Reading a struct, which must not come from an array.
    is_struct: bool,
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.visitor.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    forward_visit! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_bytes(&[u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        self.visitor.visit_borrowed_bytes(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        check_text(v)?;
        self.visitor.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        check_text(v)?;
        self.visitor.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        check_text(&v)?;
        self.visitor.visit_string(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(Strict {
            inner,
            watch: self.watch,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(Strict {
            inner,
            watch: self.watch,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        if self.is_struct {
            return Err(de::Error::invalid_type(Unexpected::Seq, &self));
        }
        let _level = self.watch.enter()?;
        self.visitor.visit_seq(Access {
            inner,
            watch: self.watch,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        let _level = self.watch.enter()?;
        self.visitor.visit_map(Access {
            inner,
            watch: self.watch,
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(Access {
            inner,
            watch: self.watch,
        })
    }
}

/// A wrapped sequence, map, enum or variant access.
struct Access<'w, A> {
    inner: A,
    watch: &'w Watch,
}

impl<'w, A> Access<'w, A> {
    fn seed<S>(&self, seed: S) -> Seed<'w, S> {
        Seed {
            seed,
            watch: self.watch,
        }
    }
}

/// A wrapped seed: whatever it reads goes through [`Strict`].
struct Seed<'w, S> {
    seed: S,
    watch: &'w Watch,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Strict {
            inner,
            watch: self.watch,
        })
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Access<'_, A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        let seed = self.seed(seed);
        self.inner.next_element_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Access<'_, A> {
    type Error = A::Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        let seed = self.seed(seed);
        self.inner.next_key_seed(seed)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let seed = self.seed(seed);
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, 'w, A: EnumAccess<'de>> EnumAccess<'de> for Access<'w, A> {
    type Error = A::Error;
    type Variant = Access<'w, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let seed = self.seed(seed);
        let (value, inner) = self.inner.variant_seed(seed)?;
        Ok((
            value,
            Access {
                inner,
                watch: self.watch,
            },
        ))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Access<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        let seed = self.seed(seed);
        self.inner.newtype_variant_seed(seed)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.inner.tuple_variant(
            len,
            Wrap {
                visitor,
                watch: self.watch,
                is_struct: false,
            },
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.inner.struct_variant(
            fields,
            Wrap {
                visitor,
                watch: self.watch,
                is_struct: true,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        a: String,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        inner: Inner,
        list: Vec<Option<String>>,
    }

    fn read(text: &str) -> Option<Outer> {
        from_str(text, 64)
    }

    #[test]
    fn reads_what_plain_serde_reads_when_nothing_is_in_doubt() {
        let text = r#"{"inner": {"a": "سوريا x"}, "list": ["b", null]}"#;
        assert_eq!(read(text), serde_json::from_str(text).ok());
        assert!(read(text).is_some());
    }

    #[test]
    fn refuses_a_struct_read_from_an_array_which_plain_serde_accepts() {
        let text = r#"{"inner": ["x"], "list": []}"#;
        assert!(serde_json::from_str::<Outer>(text).is_ok());
        assert_eq!(read(text), None);
    }

    #[test]
    fn refuses_any_string_that_breaks_a_text_rule_wherever_it_sits() {
        // Escaped and raw, in a struct, in a list, inside an option.
        for bad in ["\\u0007", "\\u202e", "\u{202E}", "e\\u0301", "\\u0000"] {
            for text in [
                format!(r#"{{"inner": {{"a": "x{bad}"}}, "list": []}}"#),
                format!(r#"{{"inner": {{"a": "x"}}, "list": ["{bad}"]}}"#),
                format!(r#"{{"inner": {{"a": "x"}}, "list": [null, "y{bad}y"]}}"#),
            ] {
                assert!(serde_json::from_str::<Outer>(&text).is_ok(), "{text}");
                assert_eq!(read(&text), None, "{text}");
            }
        }
    }

    #[test]
    fn refuses_nesting_over_the_limit_and_restores_depth_after_each_container() {
        let text = r#"{"inner": {"a": "x"}, "list": ["a", "b", "c"]}"#;
        assert!(from_str::<Outer>(text, 2).is_some());
        assert!(from_str::<Outer>(text, 1).is_none());
        // Many siblings at depth 2 never add up.
        let many: Vec<_> = (0..200).map(|_| "{\"a\": \"x\"}").collect();
        let list = format!("[{}]", many.join(","));
        assert_eq!(from_str::<Vec<Inner>>(&list, 2).map(|v| v.len()), Some(200));
    }

    #[test]
    fn refuses_repeated_fields_and_trailing_text() {
        assert_eq!(read(r#"{"inner": {"a": "x", "a": "y"}, "list": []}"#), None);
        assert_eq!(read(r#"{"inner": {"a": "x"}, "list": []} x"#), None);
    }
}
