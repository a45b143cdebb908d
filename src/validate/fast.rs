//! The fast path: the schema is generated from the types, so a document
//! that deserialises into them (unknown fields denied) and meets the few
//! constraints serde does not enforce (the forms of ids, ISO 3166 and
//! Wikidata codes; non-empty evidence and speakers; no `mode` on the spans
//! of text notes and entity mentions) is schema-valid. Only
//! documents that fail here go through the JSON Schema validator, whose
//! errors then explain the failure.
//!
//! Soundness (accepted here ⇒ accepted by the schema) is what matters, and
//! `tests/differential.rs` and the `validate_bytes` fuzz target check it.

use serde::Deserialize;
use serde_json::Value;

use crate::model::{is_valid_id, is_valid_version, Article, EntitiesFile, Manifest};
use crate::schema::DocumentKind;

/// The typed document, when it is certainly schema-valid.
pub enum Accepted {
    /// The manifest, by its `$schema`.
    Manifest(String),
    /// The registry.
    Entities(EntitiesFile),
    /// An article.
    Article(Box<Article>),
    /// The retired ids.
    Retired(crate::model::RetiredFile),
}

/// [`accept`] straight from the text in one pass, without building a
/// `Value`: the path every valid document takes. Also requires the
/// supported `schema_version`, and everything [`super::strict`] proves
/// (no string that breaks a text rule, no nesting over `max_depth`, no
/// struct read from an array, no repeated key, facts with `kind` first).
/// A document accepted here has no finding of any per-file rule before
/// the typed rules.
pub fn accept_text(kind: DocumentKind, text: &str, max_depth: usize) -> Option<Accepted> {
    use super::strict::from_str;
    use crate::model::SCHEMA_VERSION;
    match kind {
        DocumentKind::Manifest => from_str::<Manifest>(text, max_depth)
            .filter(|m| m.schema_version == SCHEMA_VERSION && is_valid_version(&m.version))
            .map(|m| Accepted::Manifest(m.schema)),
        DocumentKind::Entities => from_str::<EntitiesFile>(text, max_depth)
            .filter(|f| f.schema_version == SCHEMA_VERSION && entities_ok(f))
            .map(Accepted::Entities),
        DocumentKind::Article => {
            let mut place = None;
            accept_article_into(text, max_depth, &mut place)?;
            place.map(Accepted::Article)
        }
        DocumentKind::Retired => from_str::<crate::model::RetiredFile>(text, max_depth)
            .filter(|r| r.schema_version == SCHEMA_VERSION)
            .map(Accepted::Retired),
    }
}

/// [`accept_text`] for an article, read into `place`: into the article
/// there, reusing its strings and lists, or into a new one when there is
/// none. `None` leaves `place` unusable until it is read into again.
pub fn accept_article_into<'p>(
    text: &str,
    max_depth: usize,
    place: &'p mut Option<Box<Article>>,
) -> Option<&'p Article> {
    use crate::model::SCHEMA_VERSION;
    let read = match place {
        Some(article) => {
            crate::model::recycle_facts(&mut article.facts);
            super::strict::from_str_in_place(text, max_depth, &mut **article)
        }
        None => {
            *place = super::strict::from_str(text, max_depth).map(Box::new);
            place.is_some()
        }
    };
    let article = place.as_deref().filter(|_| read)?;
    (article.schema_version == SCHEMA_VERSION && article_ok(article)).then_some(article)
}

/// The typed document if it deserialises and meets every constraint the
/// types alone do not carry; `None` sends it to the schema validator.
pub fn accept(kind: DocumentKind, value: &Value) -> Option<Accepted> {
    if !arrays_where_lists_are(value) {
        return None;
    }
    match kind {
        DocumentKind::Manifest => Manifest::deserialize(value)
            .ok()
            .filter(|m| is_valid_version(&m.version))
            .map(|m| Accepted::Manifest(m.schema)),
        DocumentKind::Entities => {
            let file = EntitiesFile::deserialize(value).ok()?;
            entities_ok(&file).then_some(Accepted::Entities(file))
        }
        DocumentKind::Article => {
            let article = Article::deserialize(value).ok()?;
            article_ok(&article).then(|| Accepted::Article(Box::new(article)))
        }
        DocumentKind::Retired => crate::model::RetiredFile::deserialize(value)
            .ok()
            .map(Accepted::Retired),
    }
}

fn article_ok(a: &Article) -> bool {
    is_valid_id(&a.id)
        && is_valid_id(&a.source.outlet)
        && a.text_notes
            .iter()
            .all(|n| !n.evidence.is_empty() && n.evidence.iter().all(|e| e.mode.is_none()))
        && a.derived_from
            .iter()
            .all(|o| is_valid_id(&o.id) && is_valid_id(&o.issuer))
        && a.facts.iter().all(|f| {
            is_valid_id(f.id())
                && !f.evidence().is_empty()
                && f.entity_refs_iter().all(|(_, id)| is_valid_id(id))
                && f.entity_mentions().iter().all(|m| m.evidence.mode.is_none())
                && f.fact_refs().all(|(_, id)| is_valid_id(id))
                && !matches!(f, crate::model::Fact::Statement(s) if s.speakers.is_empty())
                && !matches!(f, crate::model::Fact::Meeting(m) if m.meeting_key.as_deref().is_some_and(|k| !is_valid_id(k)))
                && !matches!(f, crate::model::Fact::Statement(s) if s.original.as_ref().is_some_and(|o| !is_valid_id(&o.origin) || !is_valid_id(&o.part)))
        })
}

fn entities_ok(file: &EntitiesFile) -> bool {
    file.entities.iter().all(|e| {
        is_valid_id(&e.id)
            && e.part_of.as_deref().is_none_or(is_valid_id)
            && e.iso3166_1
                .as_deref()
                .is_none_or(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
            && e.wikidata.as_deref().is_none_or(is_wikidata_id)
            && e.positions.iter().all(|p| {
                p.of.as_deref().is_none_or(is_valid_id)
                    && p.stated_in
                        .iter()
                        .all(|r| is_valid_id(&r.article) && is_valid_id(&r.fact))
            })
    })
}

/// `^Q[1-9][0-9]*$`.
fn is_wikidata_id(s: &str) -> bool {
    let digits = s.strip_prefix('Q').unwrap_or_default();
    digits.starts_with(|c: char| ('1'..='9').contains(&c))
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Every property name that holds an array somewhere in the generated
/// schemas: the only keys an array may sit under.
pub(crate) fn list_fields() -> &'static std::collections::HashSet<String> {
    static FIELDS: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    FIELDS.get_or_init(|| {
        let mut fields = std::collections::HashSet::new();
        for kind in crate::schema::DocumentKind::ALL {
            let schema = kind.schema();
            let mut stack = vec![schema.as_value().clone()];
            while let Some(value) = stack.pop() {
                match value {
                    serde_json::Value::Object(map) => {
                        if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                            for (name, prop) in props {
                                if mentions_array(prop) {
                                    fields.insert(name.clone());
                                }
                            }
                        }
                        stack.extend(map.into_iter().map(|(_, v)| v));
                    }
                    serde_json::Value::Array(items) => stack.extend(items),
                    _ => {}
                }
            }
        }
        fields
    })
}

/// Whether a property's schema allows an array (directly or in a union).
fn mentions_array(schema: &serde_json::Value) -> bool {
    match schema.get("type") {
        Some(serde_json::Value::String(t)) if t == "array" => true,
        Some(serde_json::Value::Array(ts)) if ts.iter().any(|t| t == "array") => true,
        _ => ["anyOf", "oneOf"].iter().any(|k| {
            schema
                .get(*k)
                .and_then(serde_json::Value::as_array)
                .is_some_and(|alts| alts.iter().any(mentions_array))
        }),
    }
}

/// Whether every array in `value` sits under a key that holds a list in
/// the model. serde reads a struct from an array of its fields in order
/// (`"source": ["x"]`), which the schema rejects; such a document is sent
/// to the schema validator.
fn arrays_where_lists_are(value: &Value) -> bool {
    let fields = list_fields();
    let mut stack: Vec<(Option<&str>, &Value)> = vec![(None, value)];
    while let Some((key, value)) = stack.pop() {
        match value {
            Value::Array(items) => {
                if !key.is_some_and(|k| fields.contains(k)) {
                    return false;
                }
                stack.extend(items.iter().map(|v| (None, v)));
            }
            Value::Object(map) => stack.extend(map.iter().map(|(k, v)| (Some(k.as_str()), v))),
            _ => {}
        }
    }
    true
}
