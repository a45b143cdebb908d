//! A finding: one problem, with its rule, where it is and how to fix it.

use super::rules::{Rule, Severity};
use crate::text::LineColumn;

/// One problem found in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// The rule that fired.
    pub rule: Rule,
    /// The rule's severity.
    pub severity: Severity,
    /// Path of the file relative to the corpus root, `/`-separated.
    pub file: String,
    /// Where the offending value is: 1-based line, and 1-based column in
    /// code points. `None` when the file has no position for it (a file
    /// that cannot be read, an entry that is not a file).
    pub position: Option<LineColumn>,
    /// Byte offset of the position in the file, when it has one: lets a
    /// renderer cut an excerpt from a long line without counting to it.
    pub offset: Option<usize>,
    /// Length in bytes of the value's first token at `offset` (a string
    /// with its quotes, a number, a bracket), for underlining it.
    pub len: Option<usize>,
    /// Other places the finding concerns ("first listed here").
    pub related: Vec<Related>,
    /// JSON Pointer to the offending value (`""` for the whole document).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Finding {
    /// The 1-based line, or 0 without a position (as the JSON report
    /// writes it).
    pub fn line(&self) -> usize {
        self.position.map_or(0, |p| p.line)
    }

    /// The 1-based column in code points, or 0 without a position.
    pub fn column(&self) -> usize {
        self.position.map_or(0, |p| p.column)
    }

    /// A finding of `rule` in `file` with no position, its message, and the
    /// rule's general hint; see [`Finding::at`] and [`Finding::with_hint`].
    pub fn new(rule: Rule, file: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: rule.severity(),
            file: file.into(),
            position: None,
            offset: None,
            len: None,
            related: Vec::new(),
            pointer: String::new(),
            message: message.into(),
            hint: rule.hint().to_owned(),
        }
    }

    /// The finding at a 1-based line and column, for the value at `pointer`.
    pub fn at(mut self, line: usize, column: usize, pointer: impl Into<String>) -> Self {
        self.position = Some(LineColumn { line, column });
        self.pointer = pointer.into();
        self
    }

    /// The finding with a specific hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }
}

/// Another place in the same file that a finding concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Related {
    /// JSON Pointer of the value.
    pub pointer: String,
    /// What it is to the finding, e.g. "first listed here".
    pub label: String,
    /// Where it is, when it has a position.
    pub position: Option<LineColumn>,
    /// Byte offset of the value.
    pub offset: Option<usize>,
    /// Length in bytes of the value's first token.
    pub len: Option<usize>,
}

/// A finding before it has a file and a position: rules produce these, and
/// the driver locates them all in one pass over the file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// The rule that fired.
    pub rule: Rule,
    /// JSON Pointer to the offending value.
    pub pointer: String,
    /// Point at the member's key rather than its value (unknown fields,
    /// duplicate ids).
    pub at_key: bool,
    /// A byte offset known without a pointer (syntax errors).
    pub offset: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// A specific hint; the rule's general hint when `None`.
    pub hint: Option<String>,
    /// Other places it concerns: (pointer, label).
    pub related: Vec<(String, String)>,
}

impl Draft {
    /// A finding of `rule` at the value `pointer`.
    pub fn new(rule: Rule, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Draft {
            rule,
            pointer: pointer.into(),
            at_key: false,
            offset: None,
            message: message.into(),
            hint: None,
            related: Vec::new(),
        }
    }

    /// A finding at a known byte offset.
    pub fn at_offset(rule: Rule, offset: usize, message: impl Into<String>) -> Self {
        Draft {
            offset: Some(offset),
            ..Draft::new(rule, "", message)
        }
    }

    /// Replaces the rule's general hint with a specific one.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Names another value this finding concerns, shown with `label`.
    pub fn related(mut self, pointer: impl Into<String>, label: impl Into<String>) -> Self {
        self.related.push((pointer.into(), label.into()));
        self
    }

    /// Points at the member's key instead of its value.
    pub fn on_key(mut self) -> Self {
        self.at_key = true;
        self
    }
}

/// `a, b, c`, or for a long list its first `shown` items and how many more
/// there are (`a, b, c and 1,199,997 more`): hints never grow with the input.
pub fn list_capped<I>(items: I, total: usize, shown: usize) -> String
where
    I: IntoIterator,
    I::Item: std::fmt::Display,
{
    use std::fmt::Write as _;
    let mut out = String::new();
    for (i, item) in items.into_iter().take(shown).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{item}");
    }
    if total > shown {
        let _ = write!(out, " and {} more", total - shown);
    }
    out
}

/// How many items a hint lists before it says "and N more".
pub const HINT_LIST_MAX: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_cut() {
        assert_eq!(list_capped([1, 2, 3], 3, 10), "1, 2, 3");
        assert_eq!(
            list_capped(0..1_200_000, 1_200_000, 2),
            "0, 1 and 1199998 more"
        );
    }
}
