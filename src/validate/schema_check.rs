//! The engine of the `schema` rule (and of `evidence-missing`, whose file
//! says which schema errors are its own): the
//! generated JSON Schemas, compiled once, offline, with formats asserted.
//!
//! A tagged union fails as one vague `oneOf` error that prints the whole
//! object; we report instead the errors of the variant whose `kind` matches,
//! each at its own path, and for an `Option` the errors of the non-null
//! branch.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use super::finding::Draft;
use super::rules::document::evidence_missing;
use super::rules::document::json_syntax::display_pointer;
use super::rules::Rule;
use super::scan::escape_token;
use crate::schema::DocumentKind;

/// The compiled schemas, one per document kind, and the article's `Fact`
/// definition on its own.
pub struct Schemas {
    validators: Vec<(DocumentKind, Validator, Value)>,
    /// Validates one fact, with the article schema's definitions.
    fact: (Validator, Value),
}

/// Names the compiled document kinds; the compiled validators and their
/// schema values are too large to print usefully.
impl std::fmt::Debug for Schemas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schemas")
            .field(
                "kinds",
                &self
                    .validators
                    .iter()
                    .map(|(kind, ..)| kind)
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl Schemas {
    /// Compiles every generated schema. Nothing is fetched or read from
    /// disk: references outside our own schemas fail to compile.
    pub fn compile() -> Result<Schemas, String> {
        let mut validators = Vec::new();
        for kind in DocumentKind::ALL {
            let schema = kind.schema().to_value();
            let validator =
                compile_offline(&schema).map_err(|e| format!("{}: {e}", kind.schema_file()))?;
            validators.push((kind, validator, schema));
        }
        let article = DocumentKind::Article.schema().to_value();
        let mut fact_schema = serde_json::Map::new();
        for key in ["$schema", "$defs"] {
            if let Some(v) = article.get(key) {
                fact_schema.insert(key.into(), v.clone());
            }
        }
        fact_schema.insert("$ref".into(), "#/$defs/Fact".into());
        let fact_schema = Value::Object(fact_schema);
        let fact = compile_offline(&fact_schema).map_err(|e| format!("Fact: {e}"))?;
        Ok(Schemas {
            validators,
            fact: (fact, fact_schema),
        })
    }

    /// The schemas compiled once per process, on first use: only a
    /// document outside the model needs them, so a folder whose files all
    /// take the one-pass path never compiles them, and a folder of
    /// thousands of such files compiles them once.
    pub fn shared() -> Result<&'static Schemas, &'static str> {
        static SHARED: std::sync::OnceLock<Result<Schemas, String>> = std::sync::OnceLock::new();
        SHARED
            .get_or_init(Schemas::compile)
            .as_ref()
            .map_err(String::as_str)
    }

    /// Whether the schema of `kind` accepts `document`.
    pub fn accepts(&self, kind: DocumentKind, document: &Value) -> bool {
        self.validators
            .iter()
            .any(|(k, validator, _)| *k == kind && validator.is_valid(document))
    }

    /// Every schema finding of `document`, as drafts.
    pub fn check(&self, kind: DocumentKind, document: &Value) -> Vec<Draft> {
        let (_, validator, schema) = self
            .validators
            .iter()
            .find(|(k, _, _)| *k == kind)
            .expect("every kind is compiled");
        let mut drafts = Vec::new();
        // An article's facts are checked one at a time: the schema
        // library keeps every branch's errors of a failing `oneOf`, about
        // 50 KB a fact, and would hold them all for the whole array.
        let facts = match document {
            Value::Object(map) if kind == DocumentKind::Article => map
                .get("facts")
                .and_then(Value::as_array)
                .map(|facts| (map, facts)),
            _ => None,
        };
        if let Some((map, facts)) = facts {
            let mut without: serde_json::Map<String, Value> = map
                .iter()
                .filter(|(k, _)| *k != "facts")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            without.insert("facts".into(), Value::Array(Vec::new()));
            let without = Value::Object(without);
            for error in validator.iter_errors(&without) {
                explain(&error, "", &without, schema, &mut drafts);
            }
            let (fact_validator, fact_schema) = &self.fact;
            for (i, fact) in facts.iter().enumerate() {
                let base = format!("/facts/{i}");
                for error in fact_validator.iter_errors(fact) {
                    explain(&error, &base, fact, fact_schema, &mut drafts);
                }
            }
        } else {
            for error in validator.iter_errors(document) {
                explain(&error, "", document, schema, &mut drafts);
            }
        }
        drafts.sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.message.cmp(&b.message)));
        drafts.dedup();
        drafts
    }
}

/// Compiles a schema with the draft pinned, formats asserted and every
/// external reference refused.
pub fn compile_offline(schema: &Value) -> Result<Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .offline()
        .build(schema)
        .map_err(|e| e.to_string())
}

/// Explains one error of validating `document`, which sits at `base` in
/// the file (`""` for the whole file).
fn explain(
    error: &ValidationError<'_>,
    base: &str,
    document: &Value,
    schema: &Value,
    out: &mut Vec<Draft>,
) {
    let relative = error.instance_path().as_str();
    let instance = document.pointer(relative);
    let pointer = format!("{base}{relative}");
    match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            match best_branch(context, relative) {
                Some(branch) => {
                    for e in branch {
                        explain(e, base, document, schema, out);
                    }
                }
                None => out.push(no_branch(&pointer, instance)),
            }
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed = allowed_properties(schema, error.schema_path().as_str());
            for key in unexpected {
                let hint = match closest(key, &allowed) {
                    Some(near) => format!(
                        "Did you mean `{near}`? Allowed fields here: {}.",
                        allowed.join(", ")
                    ),
                    None if !allowed.is_empty() => {
                        format!("Allowed fields here: {}.", allowed.join(", "))
                    }
                    None => Rule::Schema.hint().to_owned(),
                };
                out.push(
                    Draft::new(
                        Rule::Schema,
                        format!("{pointer}/{}", escape_token(key)),
                        format!("unknown field `{key}`"),
                    )
                    .on_key()
                    .hint(hint),
                );
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            if let Some(draft) = evidence_missing::from_schema_error(&pointer, Some(name), false) {
                out.push(draft);
            } else {
                out.push(Draft::new(
                    Rule::Schema,
                    pointer.clone(),
                    format!(
                        "missing required field `{name}` in the object at `{}`",
                        display_pointer(&pointer)
                    ),
                ));
            }
        }
        ValidationErrorKind::MinItems { .. }
            if evidence_missing::from_schema_error(&pointer, None, true).is_some() =>
        {
            out.extend(evidence_missing::from_schema_error(&pointer, None, true));
        }
        ValidationErrorKind::Pattern { pattern } => {
            let shown = instance.map_or_else(String::new, |v| v.to_string());
            out.push(Draft::new(
                Rule::Schema,
                pointer.clone(),
                format!("{shown} is not {}", describe_pattern(pattern)),
            ));
        }
        ValidationErrorKind::Enum { options } => {
            let shown = instance.map_or_else(String::new, |v| v.to_string());
            let options: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(|o| o.to_string()).collect())
                .unwrap_or_default();
            out.push(Draft::new(
                Rule::Schema,
                pointer.clone(),
                format!("{shown} is not one of {}", options.join(", ")),
            ));
        }
        ValidationErrorKind::Type { kind } => {
            let found = instance.map_or("nothing", json_type);
            out.push(Draft::new(
                Rule::Schema,
                pointer.clone(),
                format!("expected {}, found {found}", describe_type(kind)),
            ));
        }
        _ => out.push(Draft::new(Rule::Schema, pointer.clone(), error.to_string())),
    }
}

/// The branch of a `oneOf`/`anyOf` whose errors explain the failure: not a
/// branch that fails only on the tag (`kind`) or on the type of the value
/// itself (the `null` of an `Option`). `None` when every branch fails that
/// way.
fn best_branch<'a>(
    context: &'a [Vec<ValidationError<'static>>],
    pointer: &str,
) -> Option<&'a [ValidationError<'static>]> {
    let tag_pointer = format!("{pointer}/kind");
    context
        .iter()
        .filter(|branch| {
            !branch.iter().any(|e| {
                let at = e.instance_path().as_str();
                matches!(
                    e.kind(),
                    ValidationErrorKind::Constant { .. } | ValidationErrorKind::Enum { .. }
                ) && at == tag_pointer
                    || matches!(e.kind(), ValidationErrorKind::Type { .. }) && at == pointer
            })
        })
        .min_by_key(|branch| branch.len())
        .map(Vec::as_slice)
}

/// The finding when no branch matches: an unknown tag, or a value of a type
/// no branch accepts.
fn no_branch(pointer: &str, instance: Option<&Value>) -> Draft {
    match instance.and_then(|v| v.get("kind")) {
        Some(kind) => Draft::new(
            Rule::Schema,
            format!("{pointer}/kind"),
            format!("unknown fact kind {kind}"),
        )
        .hint(format!(
            "A fact's `kind` is one of: {}.",
            crate::model::FactKind::ALL
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => Draft::new(
            Rule::Schema,
            pointer,
            format!(
                "{} does not match any allowed form here",
                instance.map_or("nothing", json_type)
            ),
        ),
    }
}

/// The property names allowed by the schema object that holds the
/// `additionalProperties` keyword at `schema_path`, if it can be resolved.
fn allowed_properties(schema: &Value, schema_path: &str) -> Vec<String> {
    let Some(parent) = schema_path.strip_suffix("/additionalProperties") else {
        return Vec::new();
    };
    // The path runs through `$ref`s; resolve it segment by segment.
    let mut node = schema;
    for token in parent.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if token == "$ref" {
            let Some(target) = node.get("$ref").and_then(Value::as_str) else {
                return Vec::new();
            };
            let Some(resolved) = target.strip_prefix('#').and_then(|p| schema.pointer(p)) else {
                return Vec::new();
            };
            node = resolved;
            continue;
        }
        let next = match node {
            Value::Object(map) => map.get(&token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => return Vec::new(),
        }
    }
    node.get("properties")
        .and_then(Value::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

/// The allowed name closest to a misspelt one, if any is close.
fn closest<'a>(key: &str, allowed: &'a [String]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (edit_distance(key, a), a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4))
        .min()
        .map(|(_, a)| a.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

fn describe_pattern(pattern: &str) -> &'static str {
    if pattern == crate::model::ID_PATTERN {
        "a valid id (lowercase ASCII letters and digits in words joined by single hyphens)"
    } else if pattern.starts_with("^[0-9]{4}") {
        "a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
    } else if pattern == "^[A-Z]{2}$" {
        "an ISO 3166-1 alpha-2 code (two capital letters)"
    } else if pattern.starts_with("^Q") {
        "a Wikidata item id (Q followed by digits)"
    } else {
        "of the required form"
    }
}

fn describe_type(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => format!("{t:?}").to_lowercase(),
        TypeKind::Multiple(ts) => {
            let names: Vec<String> = ts.iter().map(|t| format!("{t:?}").to_lowercase()).collect();
            names.join(" or ")
        }
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_references_are_refused() {
        for reference in [
            "file:///etc/passwd",
            "http://127.0.0.1:9/schema.json",
            "https://json-schema.org/not-a-schema.json",
        ] {
            let schema = serde_json::json!({ "$ref": reference });
            assert!(
                compile_offline(&schema).is_err(),
                "{reference} was resolved"
            );
        }
    }

    #[test]
    fn formats_are_asserted() {
        let schema = serde_json::json!({ "type": "string", "format": "date" });
        let validator = compile_offline(&schema).unwrap();
        assert!(!validator.is_valid(&serde_json::json!("2024-02-30")));
        assert!(validator.is_valid(&serde_json::json!("2024-02-29")));
    }

    #[test]
    fn misspelt_fields_get_a_suggestion() {
        let allowed: Vec<String> = ["speakers", "mode", "date"].map(String::from).to_vec();
        assert_eq!(closest("speaker", &allowed), Some("speakers"));
        assert_eq!(closest("xyz", &allowed), None);
    }
}
