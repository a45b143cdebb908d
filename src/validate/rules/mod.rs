//! The rule registry: one line per rule, in the order of the codebook.
//!
//! Each rule is one file under its scope, holding everything about it:
//! its id, severity, summary and hint, its documentation (a doc comment:
//! what it does, why it matters, an example), the messages it writes, its
//! check, and beside it its fixture (`<rule>.fixture.json`, a small patch of
//! `tests/fixtures/valid/base` that produces exactly this rule). The
//! codebook is generated from the same declarations.
//!
//! Scopes:
//! - `document`: a file's bytes and form, checked by the pipeline itself
//!   (reading, parsing, the JSON Schema, the text of every string);
//! - `article`: one typed article on its own, run by [`check_article`];
//! - `cross`: across files, over the compact index, run by the index;
//! - `diff`: between two versions of the data, run by `diff --check`.
//!
//! Adding an article rule is one file in `article/`, one line here and one
//! fixture.

mod fixture;
// TempDir serves the tests and the codebook's examples only.
#[cfg_attr(not(any(test, feature = "codebook")), allow(dead_code))]
mod folders;
#[cfg(feature = "codebook")]
pub(crate) use fixture::{materialize, materialize_rule, BASE};
#[cfg(all(test, feature = "codebook"))]
pub(crate) use folders::copy_dir;
#[cfg(feature = "codebook")]
pub(crate) use folders::TempDir;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
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

/// What a rule declares about itself, in its own file.
#[derive(Debug)]
pub struct RuleMeta {
    /// The stable id, e.g. `evidence-quote-mismatch`.
    pub id: &'static str,
    /// The severity the rule reports at.
    pub severity: Severity,
    /// One sentence: what the rule catches.
    pub summary: &'static str,
    /// The general advice on fixing a finding.
    pub hint: &'static str,
    /// The documentation: the doc comment of the declaration, Markdown.
    pub docs: &'static str,
    /// The fixture: a patch of `tests/fixtures/valid/base` (JSON).
    pub fixture: &'static str,
    /// The rule's file, relative to the crate (its fixture is beside it,
    /// named `<rule>.fixture.json`).
    pub source: &'static str,
}

/// Declares a rule in its file: `META`, from its doc comment and fields.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        id: $id:literal,
        severity: $severity:ident,
        summary: $summary:literal,
        hint: $hint:literal,
        fixture: $fixture:expr $(,)?
    ) => {
        /// The rule's declaration.
        pub const META: $crate::validate::rules::RuleMeta = $crate::validate::rules::RuleMeta {
            id: $id,
            severity: $crate::validate::rules::Severity::$severity,
            summary: $summary,
            hint: $hint,
            docs: concat!($($doc, "\n"),*),
            fixture: $fixture,
            source: file!(),
        };
    };
}
pub(crate) use declare_rule;

/// Defines everything from one line per rule, `Variant => scope::module`:
/// the module declarations of each scope (`<scope>/<module>.rs`, beside
/// the scope's `context.rs`), [`Rule`], the runners that dispatch each
/// scope's rules, and one test case per rule (`rule_cases::<module>`),
/// which checks the rule's fixture against the snapshots beside it.
///
/// The `@sort` arms sort the lines into their scopes, one line at a time,
/// keeping the whole list in order for the codebook.
macro_rules! registry {
    (@sort [$($d:tt)*] [$($a:tt)*] [$($c:tt)*] [$($f:tt)*] ($($all:tt)*)
        $variant:ident => document::$m:ident, $($rest:tt)*) => {
        registry!(@sort [$($d)* ($variant $m)] [$($a)*] [$($c)*] [$($f)*]
            ($($all)* $variant => document::$m,) $($rest)*);
    };
    (@sort [$($d:tt)*] [$($a:tt)*] [$($c:tt)*] [$($f:tt)*] ($($all:tt)*)
        $variant:ident => article::$m:ident, $($rest:tt)*) => {
        registry!(@sort [$($d)*] [$($a)* ($variant $m)] [$($c)*] [$($f)*]
            ($($all)* $variant => article::$m,) $($rest)*);
    };
    (@sort [$($d:tt)*] [$($a:tt)*] [$($c:tt)*] [$($f:tt)*] ($($all:tt)*)
        $variant:ident => cross::$m:ident, $($rest:tt)*) => {
        registry!(@sort [$($d)*] [$($a)*] [$($c)* ($variant $m)] [$($f)*]
            ($($all)* $variant => cross::$m,) $($rest)*);
    };
    (@sort [$($d:tt)*] [$($a:tt)*] [$($c:tt)*] [$($f:tt)*] ($($all:tt)*)
        $variant:ident => diff::$m:ident, $($rest:tt)*) => {
        registry!(@sort [$($d)*] [$($a)*] [$($c)*] [$($f)* ($variant $m)]
            ($($all)* $variant => diff::$m,) $($rest)*);
    };
    (@sort [$(($dv:ident $d:ident))*] [$(($av:ident $a:ident))*]
        [$(($cv:ident $c:ident))*] [$(($fv:ident $f:ident))*]
        ($($variant:ident => $scope:ident :: $module:ident,)*)) => {
        /// Rules on a file's bytes and form, checked by the pipeline every
        /// file goes through: reading it (`limit-exceeded`,
        /// `unexpected-entry`), parsing it (`json-syntax`), its version, the
        /// JSON Schema (`schema`, `evidence-missing`) and the text of every
        /// string (`text-not-nfc`, `text-control-char`). They are steps of
        /// the pipeline, not passes over a context: the fast path proves
        /// all of them while it reads a valid document, in one pass. Each
        /// file holds the rule's declaration, messages and the decisions
        /// that are its own.
        pub(crate) mod document {
            $(pub(crate) mod $d;)*
        }

        /// Rules on one typed article on its own, over its
        /// [`article::ArticleContext`].
        pub(crate) mod article {
            mod context;
            pub(crate) use context::*;
            $(pub(crate) mod $a;)*
        }

        /// Rules across files, over the compact index
        /// ([`cross::CrossContext`]).
        pub(crate) mod cross {
            mod context;
            pub(crate) use context::*;
            $(pub(crate) mod $c;)*
        }

        /// Rules between two versions of the data ([`diff::DiffContext`]).
        pub(crate) mod diff {
            mod context;
            pub(crate) use context::*;
            $(pub(crate) mod $f;)*
        }

        /// A validation rule. The id ([`Rule::id`]) is stable across versions.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $(
                #[doc = concat!("See the `", stringify!($module), "` rule.")]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in the order of the codebook.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// Everything the rule declares in its file.
            pub fn meta(self) -> &'static RuleMeta {
                match self {
                    $(Rule::$variant => &$scope::$module::META,)*
                }
            }
        }

        /// Runs every article rule on one article.
        pub(crate) fn check_article(
            ctx: &article::ArticleContext<'_>,
            out: &mut Vec<super::Draft>,
        ) {
            $(article::$a::check(ctx, out);)*
        }

        /// Runs every cross-file rule's check of the finished index.
        pub(crate) fn check_index(
            ctx: &cross::CrossContext,
            out: &mut Vec<(u32, super::Draft)>,
        ) {
            $(<cross::$c::Check as cross::CrossRule>::check(ctx, out);)*
        }

        /// Runs every rule between two versions.
        pub(crate) fn check_versions(ctx: &diff::DiffContext<'_>, out: &mut Vec<super::Finding>) {
            $(diff::$f::check(ctx, out);)*
        }

        /// One test case per rule: its fixture, checked against the
        /// snapshots beside the rule.
        #[cfg(test)]
        mod rule_cases {
            $(
                #[test]
                fn $d() {
                    super::fixture::check_rule(super::Rule::$dv);
                }
            )*
            $(
                #[test]
                fn $a() {
                    super::fixture::check_rule(super::Rule::$av);
                }
            )*
            $(
                #[test]
                fn $c() {
                    super::fixture::check_rule(super::Rule::$cv);
                }
            )*
            $(
                #[test]
                #[cfg_attr(
                    not(feature = "diff"),
                    ignore = "a rule that compares versions needs the `diff` feature"
                )]
                fn $f() {
                    super::fixture::check_rule(super::Rule::$fv);
                }
            )*
        }
    };
    ($($line:tt)*) => {
        registry!(@sort [] [] [] [] () $($line)*);
    };
}

registry! {
    LimitExceeded => document::limit_exceeded,
    UnexpectedEntry => document::unexpected_entry,
    JsonSyntax => document::json_syntax,
    UnsupportedVersion => document::unsupported_version,
    Schema => document::schema,
    DuplicateId => article::duplicate_id,
    UnknownReference => article::unknown_reference,
    InvalidDate => article::invalid_date,
    DateOrder => article::date_order,
    DateParts => article::date_parts,
    DateBasis => article::date_basis,
    DateAfterPublication => article::date_after_publication,
    ParticipantDuplicate => article::participant_duplicate,
    RoleConflict => article::role_conflict,
    ModalityCondition => article::modality_condition,
    DeclinedRound => article::declined_round,
    RoleEntityKind => cross::role_entity_kind,
    ParticipationTimeline => cross::participation_timeline,
    TimelineUncertain => cross::timeline_uncertain,
    MeetingConflict => cross::meeting_conflict,
    StatementConflict => cross::statement_conflict,
    IdReused => cross::id_reused,
    RetiredReference => cross::retired_reference,
    EvidenceMissing => document::evidence_missing,
    EvidenceOutOfBounds => article::evidence_out_of_bounds,
    EvidenceQuoteMismatch => article::evidence_quote_mismatch,
    EvidenceSplitsGrapheme => article::evidence_splits_grapheme,
    EvidenceMode => article::evidence_mode,
    TextNotNfc => document::text_not_nfc,
    TextControlChar => document::text_control_char,
    FileLayout => article::file_layout,
    UnusedEntity => cross::unused_entity,
    RemovedWithoutRetirement => diff::removed_without_retirement,
}

impl Rule {
    /// The stable rule id, e.g. `evidence-quote-mismatch`.
    pub fn id(self) -> &'static str {
        self.meta().id
    }

    /// The severity the rule reports at.
    pub fn severity(self) -> Severity {
        self.meta().severity
    }

    /// One sentence: what the rule catches.
    pub fn summary(self) -> &'static str {
        self.meta().summary
    }

    /// The general advice on fixing a finding of this rule; findings carry
    /// a specific hint of their own where one is known.
    pub fn hint(self) -> &'static str {
        self.meta().hint
    }

    /// The rule's documentation (Markdown), from its declaration.
    pub fn docs(self) -> String {
        self.meta()
            .docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    }

    /// The path of the rule's fixture, relative to the crate.
    pub fn fixture_path(self) -> String {
        let source = self.meta().source;
        format!(
            "{}.fixture.json",
            source.strip_suffix(".rs").unwrap_or(source)
        )
    }

    /// Writes the corpus that shows this rule to `to`, which must not
    /// exist: `base`, a valid corpus (`tests/fixtures/valid/base` in the
    /// source package), copied with the rule's fixture ([`RuleMeta::fixture`])
    /// applied. For tools that embed the validator and test against every
    /// rule. A rule that compares versions ([`Rule::compares_versions`])
    /// writes the new version; `base` is the old one.
    pub fn write_fixture(self, base: &std::path::Path, to: &std::path::Path) -> Result<(), String> {
        fixture::materialize(base, self.meta().fixture, to)
            .map_err(|e| format!("{}: {e}", self.fixture_path()))
    }

    /// Whether the rule compares two versions (`diff --check`) rather than
    /// checking one data folder (`validate`).
    pub fn compares_versions(self) -> bool {
        self.meta().source.contains("/rules/diff/")
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
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
            assert!(
                !rule.docs().is_empty(),
                "{} has no documentation",
                rule.id()
            );
        }
    }
}
