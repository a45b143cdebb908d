//! Escaping untrusted text for the channel it is printed on. Every string
//! that comes from a data folder (file names, ids, keys, quotes, summaries,
//! source lines) reaches a person or a machine only through one of these:
//!
//! | channel | function | what it prevents |
//! |---|---|---|
//! | terminal, CI log | [`visible`], [`terminal`] | ESC sequences that clear the screen or retitle the window, CR that overwrites a line, LF that forges a line, bidi controls that reorder what is shown |
//! | GitHub workflow commands | [`workflow_data`], [`workflow_property`] | a forged `::error` or `::add-mask` command |
//! | JSON and SARIF text | [`json_text`] | raw C1 and bidi controls in a report someone `cat`s |
//! | CSV cells | [`csv_cell`] | formula injection in spreadsheets (OWASP CSV injection) |
//! | HTML (review site) | [`html`] | markup and script injection |
//! | URIs (SARIF `artifactLocation`) | [`uri_path`] | a name that decodes to another file (`%2e%2e%2f`), or whose `#`, `?` or space cuts the reference |
//!
//! Each escape is total (any input, no panic) and linear in its input.
//!
//! [`Untrusted`] carries a value from the data to the place it is shown:
//! it has no `Display`, so it cannot be formatted without naming one of the
//! channels above.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A value from a data folder (an id, a name, a file name, a field),
/// which reaches an output only through the escape of the channel it is
/// printed on. It deliberately has no `Display`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Untrusted<'a>(&'a str);

impl<'a> Untrusted<'a> {
    /// Marks `s` as coming from the data.
    pub fn new(s: &'a str) -> Self {
        Untrusted(s)
    }

    /// One line for a terminal or a CI log ([`terminal_line`]).
    pub fn terminal(self) -> Cow<'a, str> {
        terminal_line(self.0)
    }

    /// The message of a GitHub workflow command ([`workflow_data`]).
    pub fn workflow_data(self) -> String {
        workflow_data(self.0)
    }

    /// A property of a GitHub workflow command ([`workflow_property`]).
    pub fn workflow_property(self) -> String {
        workflow_property(self.0)
    }

    /// HTML text or a quoted attribute value: hazards made [`visible`],
    /// then markup escaped ([`html`]). For ids, names and notes; the
    /// article body keeps its bidi marks and goes through [`html`] alone.
    pub fn html(self) -> String {
        html(&visible(self.0)).into_owned()
    }

    /// A path in a URI reference ([`uri_path`]).
    pub fn uri_path(self) -> Cow<'a, str> {
        uri_path(self.0)
    }

    /// A CSV text cell ([`csv_cell`]).
    pub fn csv_cell(self) -> Cow<'a, str> {
        csv_cell(self.0)
    }

    /// A Markdown code span: hazards [`visible`], fenced by more backticks
    /// than any run inside, so no Markdown, link or @mention is formed.
    pub fn markdown_code(self) -> String {
        let text = visible(self.0);
        let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest + 1);
        let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
            " "
        } else {
            ""
        };
        format!("{fence}{pad}{text}{pad}{fence}")
    }
}

/// Whether `c` must never reach an output channel raw: C0 and C1 controls
/// and DEL, bidirectional formatting characters (embeddings, overrides,
/// isolates, marks), line and paragraph separators, and the byte order
/// mark. Tab and line feed are included: values are single-line.
pub fn is_hazard(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{061C}' | '\u{200E}' | '\u{200F}'
        | '\u{2028}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// `s` with every hazard written as a visible escape (`\u{1b}`), so that a
/// value shows what it holds and cannot act on the terminal. Text without
/// hazards is returned as it is.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hazard) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hazard(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `c` is a strong right-to-left letter (Hebrew, Arabic, Syriac,
/// Thaana, N'Ko and their presentation forms).
pub fn is_right_to_left(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}'
        | '\u{10800}'..='\u{10FFF}' | '\u{1E800}'..='\u{1EFFF}')
}

/// Text for a terminal or a CI log: line breaks kept, every other hazard
/// made [`visible`], and each run of right-to-left text wrapped in a
/// first-strong isolate (U+2068 … U+2069), so that it cannot reorder the
/// file names, numbers and punctuation around it.
pub fn terminal(s: &str) -> Cow<'_, str> {
    let needs = s
        .chars()
        .any(|c| (is_hazard(c) && c != '\n') || is_right_to_left(c));
    if !needs {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        isolate_runs(&visible(line), &mut out);
    }
    Cow::Owned(out)
}

/// [`terminal`] for text whose untrusted parts are already [`visible`] and
/// which carries escape sequences of its own (a diagnostic drawn in colour):
/// right-to-left runs isolated, nothing else touched, so the colours stay.
/// Never for text with raw untrusted parts.
pub fn isolate_right_to_left(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_right_to_left) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        isolate_runs(line, &mut out);
    }
    Cow::Owned(out)
}

/// One line for a terminal: every hazard, line breaks included, made
/// [`visible`], and right-to-left runs isolated as in [`terminal`]. For
/// lines built from untrusted values, which must stay one line.
pub fn terminal_line(s: &str) -> Cow<'_, str> {
    match visible(s) {
        Cow::Borrowed(b) => terminal(b),
        Cow::Owned(o) => Cow::Owned(terminal(&o).into_owned()),
    }
}

/// Appends `line` (free of hazards) with each right-to-left run isolated: a
/// run starts at a right-to-left letter and ends after the last
/// right-to-left letter before a left-to-right letter or the end.
fn isolate_runs(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(start) = rest.find(is_right_to_left) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let stop = tail
            .find(|c: char| c.is_alphabetic() && !is_right_to_left(c) && !is_mark(c))
            .unwrap_or(tail.len());
        let run = &tail[..stop];
        let end = run
            .char_indices()
            .rfind(|&(_, c)| is_right_to_left(c) || is_mark(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        out.push('\u{2068}');
        out.push_str(&run[..end]);
        out.push('\u{2069}');
        rest = &tail[end..];
    }
    out.push_str(rest);
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

/// The message part of a GitHub workflow command: [`visible`], then `%`,
/// CR and LF percent-encoded as the runner expects.
pub fn workflow_data(s: &str) -> String {
    let shown = visible(s);
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A property value of a GitHub workflow command (`file=`, `title=`):
/// [`workflow_data`], plus `:` and `,`, which end a property.
pub fn workflow_property(s: &str) -> String {
    workflow_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Serialised JSON text with every hazard that serde_json leaves raw (C1
/// controls, DEL, bidi formatting, separators) written as a `\uXXXX`
/// escape. Hazards can occur only inside strings, where the escape means
/// the same character, so the document's value is unchanged.
pub fn json_text(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_hazard_raw_in_json) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_hazard_raw_in_json(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Hazards except the whitespace that pretty-printed JSON itself contains
/// (serde_json already escapes every C0 control inside strings).
fn is_hazard_raw_in_json(c: char) -> bool {
    is_hazard(c) && !matches!(c, '\n' | '\t' | '\r' | '\u{0}'..='\u{1F}')
}

/// Text for an HTML element or a quoted attribute: `&`, `<`, `>`, `"` and
/// `'` as character references. Everything else, Arabic marks and
/// bidirectional characters included, is kept as it is; callers that show
/// untrusted text outside the article body pass it through [`visible`]
/// first.
pub fn html(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A `/`-separated file path as a URI reference (RFC 3986): every byte
/// but the unreserved characters (`A–Z a–z 0–9 - . _ ~`) and the `/`
/// between segments is percent-encoded, `%` itself included, so a file
/// named `%2e%2e%2fsrc%2flib.rs` stays that name and a `#`, `?` or space
/// cannot end the path. Non-ASCII text is encoded as its UTF-8 bytes.
pub fn uri_path(path: &str) -> Cow<'_, str> {
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/');
    if path.bytes().all(plain) {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() * 3);
    for b in path.bytes() {
        if plain(b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    Cow::Owned(out)
}

/// A CSV text cell, neutralised against formula injection as the OWASP CSV
/// injection guidance says: a cell that begins with `=`, `+`, `-`, `@`, a
/// tab or a carriage return gets a leading `'`, so spreadsheets show it as
/// text instead of evaluating it. A cell that already begins with `'` gets
/// one too, so the escape can be undone exactly ([`csv_cell_value`]). JSONL
/// keeps the value unchanged.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The value a [`csv_cell`] was made from: without the one leading `'` it
/// added, if any.
pub fn csv_cell_value(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hazards_become_visible() {
        assert_eq!(visible("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(
            visible("\r\n\u{202E}\u{9b}"),
            "\\u{d}\\u{a}\\u{202e}\\u{9b}"
        );
        assert!(matches!(visible("أستانا"), Cow::Borrowed(_)));
    }

    #[test]
    fn terminal_keeps_lines_and_isolates_right_to_left_runs() {
        assert_eq!(terminal("a\nb"), "a\nb");
        assert_eq!(terminal("x\u{1b}y"), "x\\u{1b}y");
        assert_eq!(
            terminal("quote \"أستانا 20\" at 5"),
            "quote \"\u{2068}أستانا\u{2069} 20\" at 5"
        );
        assert_eq!(
            terminal("سوريا من سوريا: 3"),
            "\u{2068}سوريا من سوريا\u{2069}: 3"
        );
    }

    #[test]
    fn a_terminal_line_stays_one_line() {
        assert_eq!(terminal_line("a\n::error::x"), "a\\u{a}::error::x");
    }

    #[test]
    fn workflow_commands_cannot_be_forged() {
        assert_eq!(workflow_data("50%\r\nnext"), "50%25\\u{d}\\u{a}next");
        assert_eq!(workflow_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn json_keeps_its_value() {
        let value = serde_json::json!({ "s": "a\u{9b}b\u{202E}c\u{1b}" });
        let text = serde_json::to_string_pretty(&value).unwrap();
        let escaped = json_text(&text);
        assert!(!escaped.chars().any(|c| is_hazard(c) && c != '\n'));
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn csv_formulas_are_neutralised() {
        for s in ["=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(s).starts_with('\''), "{s}");
        }
        assert_eq!(csv_cell("أستانا"), "أستانا");
        assert_eq!(csv_cell("a=b"), "a=b");
    }

    #[test]
    fn html_escapes_markup_and_keeps_arabic() {
        assert_eq!(
            html("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert!(matches!(html("مستعدةً\u{640}"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_csv_escape_is_undone_exactly() {
        for s in ["=1", "'=1", "''", "'", "plain", "", "-", "@x", "\u{1b}"] {
            assert_eq!(csv_cell_value(&csv_cell(s)), s, "{s:?}");
        }
    }
}
