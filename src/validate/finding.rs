//! A finding: one problem, with its rule, where it is and how to fix it.

use super::rules::{Rule, Severity};

/// One problem found in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule that fired.
    pub rule: Rule,
    /// The rule's severity.
    pub severity: Severity,
    /// Path of the file relative to the corpus root, `/`-separated.
    pub file: String,
    /// 1-based line of the offending value, or 0 when the file has no
    /// position for it (a file that cannot be read).
    pub line: usize,
    /// 1-based column in code points, or 0 with `line`.
    pub column: usize,
    /// JSON Pointer to the offending value (`""` for the whole document).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
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

    /// Points at the member's key instead of its value.
    pub fn on_key(mut self) -> Self {
        self.at_key = true;
        self
    }
}
