//! Articles: the published text, where it came from, its defects, and the
//! facts extracted from it.

use serde::{Deserialize, Serialize};

use super::{ArticleId, DateValue, EntityId, Fact, OriginId, PartialDate};

/// One news article and every fact it states.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Relative path from this file to its JSON Schema, for editors.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The version of the data contract this file follows.
    pub schema_version: u32,
    /// Stable slug, never reused. The file is named `<id>.json`.
    pub id: ArticleId,
    /// Where the article was published.
    pub source: Source,
    /// BCP 47 language tag of the body, e.g. `ar`.
    pub language: String,
    /// When the article was published: its own clock, apart from the dates
    /// of the events it reports. Unknown dates are recorded as unknown, with
    /// the bounds the text implies, never invented.
    pub published: DateValue,
    /// The headline, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The original texts this article rewrites or translates (a ministry's
    /// statement that several outlets carry, each in its own words). The
    /// origin is metadata: another outlet's version is cited here, never
    /// copied into the data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<Origin>,
    /// The text exactly as published, in Unicode NFC, defects included.
    /// Evidence offsets count Unicode scalar values (code points) into it.
    pub body: String,
    /// Defects in the published text itself (garbled phrases, unbalanced
    /// punctuation). The body is never corrected; its defects are described
    /// here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub text_notes: Vec<TextNote>,
    /// The facts the article states.
    #[serde(deserialize_with = "super::fact::read_facts")]
    pub facts: Vec<Fact>,
}

/// Where an article was published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The outlet (an entity of kind `outlet`).
    pub outlet: EntityId,
    /// The address of the article, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the text was retrieved, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<PartialDate>,
    /// How the text was obtained, or what is not known about its source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An original text that an article rewrites: who issued it, what kind of
/// text it is, and when. Articles that render one original name it by the
/// same `id`, so that their statements of it can be merged
/// (`Corpus::statements`), as mentions of one meeting are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// The same in every article that renders this original; by
    /// convention `<issuer>-<date>`, e.g. `kazakhstan-mfa-2023-06-22`.
    pub id: OriginId,
    /// Who issued the original (an entity of the registry).
    pub issuer: EntityId,
    /// What kind of text the original is.
    pub kind: OriginKind,
    /// When the original was issued: usually known from the original or
    /// other outlets' versions rather than from this article, so usually
    /// `inferred`, with a note saying from what.
    pub date: DateValue,
    /// The address of the original, or of a version that names it, when
    /// it is certain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// How the origin is known, and what differs between versions (a
    /// word another version has and this article lacks), described rather
    /// than quoted at length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

vocabulary! {
    /// The kind of an original text that articles rewrite.
    pub enum OriginKind {
        /// A statement issued by a government body, organisation or person.
        Statement = "statement",
        /// A press release.
        PressRelease = "press_release",
        /// A briefing given to journalists.
        Briefing = "briefing",
        /// An interview.
        Interview = "interview",
        /// Another outlet's news report.
        NewsReport = "news_report",
        /// Any other text.
        Other = "other",
    }
}

/// A defect in the published text, described rather than fixed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TextNote {
    /// What sort of defect it is.
    pub defect: TextDefect,
    /// What is wrong and, where it is clear, what was meant.
    pub note: String,
    /// The defective words; at least one span. They render no speech, so
    /// they take no `mode`.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Span>", length(min = 1)))]
    pub evidence: Vec<Evidence>,
}

vocabulary! {
    /// The sort of a defect in the published text.
    pub enum TextDefect {
        /// Words that do not make sense as written (a wrong or displaced word).
        Garbled = "garbled",
        /// A quotation mark or bracket opened and never closed, or the reverse.
        UnbalancedPunctuation = "unbalanced_punctuation",
        /// Any other defect.
        Other = "other",
    }
}

/// A span of an article's body: the exact words that support a fact.
///
/// `start` and `end` are half-open offsets in Unicode scalar values (code
/// points), as Python's `str` indexing and the W3C Web Annotation
/// TextPositionSelector count them: not UTF-8 bytes, not UTF-16 units.
/// `body[start..end]` must equal `quote`. A contributor may write only
/// `quote` (with `prefix` or `suffix` when it occurs more than once) and let
/// `astana-corpus fmt` fill the offsets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Offset of the first code point of the quote.
    #[cfg_attr(feature = "schema", schemars(range(max = 4_294_967_295u32)))]
    pub start: u32,
    /// Offset one past the last code point of the quote.
    #[cfg_attr(feature = "schema", schemars(range(max = 4_294_967_295u32)))]
    pub end: u32,
    /// The quoted text, exactly as in the body.
    pub quote: String,
    /// Text immediately before the quote, to tell repeated quotes apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Text immediately after the quote, to tell repeated quotes apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    /// How the span renders speech: `direct` when it lies inside quotation
    /// marks, `reported` when the article gives the words as its own.
    /// Required on the spans of a statement; on other spans, give it when
    /// they render a speaker's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<SpanMode>,
}

vocabulary! {
    /// How an evidence span renders a speaker's words.
    pub enum SpanMode {
        /// The span lies inside quotation marks: the speaker's words as
        /// quoted.
        Direct = "direct",
        /// The span gives what was said in the article's own words.
        Reported = "reported",
    }
}

/// A span of the body that renders no speech (a text note's or an entity
/// mention's): the fields of evidence, without `mode`.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
// Schema only: the model reads these spans into `Evidence` too, and the
// schema (so the validator) refuses a `mode` on them.
pub(crate) struct Span {
    /// Offset of the first code point of the quote.
    #[schemars(range(max = 4_294_967_295u32))]
    start: u32,
    /// Offset one past the last code point of the quote.
    #[schemars(range(max = 4_294_967_295u32))]
    end: u32,
    /// The quoted text, exactly as in the body.
    quote: String,
    /// Text immediately before the quote, to tell repeated quotes apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prefix: Option<String>,
    /// Text immediately after the quote, to tell repeated quotes apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    suffix: Option<String>,
}

impl Evidence {
    /// A span with no mode.
    pub fn new(start: u32, end: u32, quote: impl Into<String>) -> Self {
        Evidence {
            start,
            end,
            quote: quote.into(),
            prefix: None,
            suffix: None,
            mode: None,
        }
    }
}

impl Article {
    /// The fact with this id, if any.
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id().as_str() == id)
    }

    /// Length of the body in code points (the unit of evidence offsets).
    pub fn body_chars(&self) -> usize {
        self.body.chars().count()
    }

    /// The text an evidence span covers, or `None` when it is out of bounds.
    pub fn span_text(&self, evidence: &Evidence) -> Option<&str> {
        crate::text::slice(&self.body, evidence.start as usize, evidence.end as usize)
    }
}
