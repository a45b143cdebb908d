//! The rule registry: every rule id the validator reports, with its
//! severity, what it catches and how to fix it. Rule ids are part of the
//! public contract; the codebook is generated from this table.

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The data is wrong; validation fails (exit code 1).
    Error,
    /// Worth a look; validation still passes.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Defines [`Rule`] and its metadata from one table, so that an id, its
/// description and its hint cannot drift apart.
macro_rules! rules {
    ($($variant:ident = $id:literal, $severity:ident, $summary:literal, $hint:literal;)*) => {
        /// A validation rule. The id (`Rule::id`) is stable across versions.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in the order of the codebook.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable rule id, e.g. `evidence-quote-mismatch`.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The severity the rule reports at.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// One sentence: what the rule catches.
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $summary,)* }
            }

            /// The general advice on fixing a finding of this rule; findings
            /// carry a specific hint of their own where one is known.
            pub fn hint(self) -> &'static str {
                match self { $(Rule::$variant => $hint,)* }
            }

            /// The rule with this id.
            pub fn from_id(id: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|r| r.id() == id)
            }
        }
    };
}

rules! {
    LimitExceeded = "limit-exceeded", Error,
        "A file larger, or nested deeper, than the validator's limits allow (by default 16 MiB and depth 64); it is not parsed.",
        "Data files are small: check that the file is the one you meant. The limits are set with --max-file-size and --max-depth.";
    UnexpectedEntry = "unexpected-entry", Error,
        "An entry in the corpus that is not a regular data file: a symbolic link (never followed), a folder named `*.json`, or a file under articles/ whose name does not end in `.json`.",
        "Replace a link with the file itself, rename the folder, or move the stray file out of the corpus.";
    JsonSyntax = "json-syntax", Error,
        "The file is not valid JSON: a syntax error, invalid UTF-8, a byte order mark, a duplicate object key, or a number out of range.",
        "Fix the JSON at the position given. Save files as UTF-8 without a byte order mark; each key may appear once per object.";
    UnsupportedVersion = "unsupported-version", Error,
        "The file's `schema_version` is one this tool does not read.",
        "This tool reads schema_version 1. Use the astana-corpus release that matches the file, or migrate the file as CHANGELOG.md describes.";
    Schema = "schema", Error,
        "The generated JSON Schema rejects the document: a missing or unknown field, a wrong type, or a value of the wrong form.",
        "Compare the field with schema/ (or docs/codebook.md); editors that read `$schema` show the allowed fields as you type.";
    DuplicateId = "duplicate-id", Error,
        "An article, fact or entity id is used twice.",
        "Give each entity and article a unique id, and each fact an id unique within its article. Ids are never reused.";
    UnknownReference = "unknown-reference", Error,
        "A reference to an entity, fact, article or field that does not exist, or to a fact of the wrong kind.",
        "Use an id that exists (entities live in data/entities.json; facts are referred to by their id in the same article), or add the missing entity.";
    InvalidDate = "invalid-date", Error,
        "A date that is not a calendar date (2023-02-30, month 13), or whose form does not match its precision.",
        "Write `start`/`end` at exactly the stated precision (day: YYYY-MM-DD, month: YYYY-MM, year: YYYY); with precision `unknown`, use only `earliest`/`latest`.";
    DateOrder = "date-order", Error,
        "A date range that ends before it starts: `start` after `end`, or `earliest` after `latest`.",
        "Swap the two values, or correct the one that is wrong.";
    DateAfterPublication = "date-after-publication", Error,
        "An event or statement dated after the article that reports it was published (planned meetings excepted).",
        "Check the event's date and the article's `published` date; mark a meeting the article announces for the future with `\"planned\": true`.";
    ParticipantDuplicate = "participant-duplicate", Error,
        "The same entity is listed twice with the same role in one meeting.",
        "Remove the repeated participant.";
    RoleConflict = "role-conflict", Error,
        "One entity is listed with two different roles in one meeting.",
        "Keep the role the article states for this meeting; an entity holds one role per meeting.";
    RoleEntityKind = "role-entity-kind", Error,
        "An entity whose kind cannot hold the role or field it is used in (a person as guarantor, a state as venue).",
        "Refer to an entity of a kind the role allows (see the codebook), or correct the entity's kind.";
    ParticipationTimeline = "participation-timeline", Error,
        "A meeting roster that contradicts the series' joined/left facts: a participant listed after it left, or before it joined, in that role.",
        "Check the meeting's date and roster against the participation_change facts of the series; add the fact for a rejoining if the articles state one.";
    RoundConflict = "round-conflict", Error,
        "Two meetings of one series with the same round but different dates or venues, or rounds whose order contradicts their dates.",
        "Check the round numbers and dates of the meetings named; if they are one meeting, give them the same date and venue.";
    EvidenceMissing = "evidence-missing", Error,
        "A fact or text note without an evidence span.",
        "Add at least one evidence span quoting the article's words that state the fact; `astana-corpus fmt` fills the offsets from the quote.";
    EvidenceOutOfBounds = "evidence-out-of-bounds", Error,
        "An evidence span that lies outside the body, or ends before it starts.",
        "Offsets count Unicode code points into `body` (Python: body[start:end]); run `astana-corpus fmt` after removing `start` and `end` to recompute them from the quote.";
    EvidenceQuoteMismatch = "evidence-quote-mismatch", Error,
        "The body's text between `start` and `end` differs from `quote` (or from the given `prefix`/`suffix`).",
        "Offsets count Unicode code points, not UTF-8 bytes or UTF-16 units. Remove `start` and `end` and run `astana-corpus fmt` to recompute them from the quote.";
    EvidenceSplitsGrapheme = "evidence-splits-grapheme", Error,
        "An evidence span that starts on a combining mark (such as an Arabic haraka, U+064B–U+065F or U+0670) or ends just before one, cutting a letter from its marks.",
        "Move `start` back to the letter that carries the mark, or `end` past the marks that follow; quote whole letters.";
    TextNotNfc = "text-not-nfc", Error,
        "Text that is not in Unicode Normalization Form C.",
        "Normalise the text to NFC (`astana-corpus fmt` does), then recompute evidence offsets.";
    TextControlChar = "text-control-char", Error,
        "Text that contains a control character (other than line feed and tab) or a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069).",
        "Remove the character. Right-to-left text needs no directional controls in the data; they can make text display differently from what it is.";
    FileLayout = "file-layout", Error,
        "An article file that is not at `articles/<source.outlet>/<id>.json`.",
        "Move the file so that its folder is the outlet's entity id and its name is the article id.";
    UnusedEntity = "unused-entity", Warning,
        "An entity in the registry that nothing references.",
        "Remove the entity, or reference it from the facts that concern it.";
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for rule in Rule::ALL {
            assert!(seen.insert(rule.id()), "{} twice", rule.id());
            assert!(crate::model::is_valid_id(rule.id()), "{}", rule.id());
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
        }
    }
}
