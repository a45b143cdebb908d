//! Rule fixtures as small patches of the valid fixture corpus
//! (`tests/fixtures/valid/base`), so that each rule's fixture sits beside
//! the rule and says only what it changes. A patch is JSON:
//!
//! - `edits`: `{file, replace, with}`, each `replace` text occurring exactly
//!   once in the file when its edit is applied, in order;
//! - `files`: path → content, written (folders created);
//! - `moves`: `{from, to}`;
//! - `about`: what the fixture shows.

use std::path::Path;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Patch {
    #[allow(dead_code)]
    about: Option<String>,
    #[serde(default)]
    edits: Vec<Edit>,
    #[serde(default)]
    files: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    moves: Vec<Move>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    replace: String,
    with: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Move {
    from: String,
    to: String,
}

/// The valid corpus every rule fixture patches, under the crate's folder.
pub const BASE: &str = "tests/fixtures/valid/base";

/// Writes the fixture corpus of `rule` to `to` (which must not exist):
/// the base corpus under `source_dir` with the rule's patch applied.
pub fn materialize_rule(source_dir: &Path, rule: super::Rule, to: &Path) -> Result<(), String> {
    materialize(&source_dir.join(BASE), rule.meta().fixture, to)
        .map_err(|e| format!("{}: {e}", rule.fixture_path()))
}

/// Copies the corpus `base` to `to` (which must not exist) and applies the
/// patch `patch` (JSON text) to the copy.
pub fn materialize(base: &Path, patch: &str, to: &Path) -> Result<(), String> {
    let patch: Patch = serde_json::from_str(patch).map_err(|e| format!("bad patch: {e}"))?;
    copy_dir(base, to).map_err(|e| format!("cannot copy {}: {e}", base.display()))?;
    for edit in &patch.edits {
        let path = to.join(&edit.file);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", edit.file))?;
        match text.matches(edit.replace.as_str()).count() {
            1 => {}
            n => {
                return Err(format!(
                    "{}: the text to replace occurs {n} times, not once: {:?}",
                    edit.file, edit.replace
                ))
            }
        }
        std::fs::write(&path, text.replacen(&edit.replace, &edit.with, 1))
            .map_err(|e| format!("{}: {e}", edit.file))?;
    }
    for m in &patch.moves {
        let target = to.join(&m.to);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", m.to))?;
        }
        std::fs::rename(to.join(&m.from), &target).map_err(|e| format!("{}: {e}", m.from))?;
    }
    for (file, content) in &patch.files {
        let target = to.join(file);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{file}: {e}"))?;
        }
        std::fs::write(&target, content).map_err(|e| format!("{file}: {e}"))?;
    }
    Ok(())
}

/// Copies a folder tree (regular files and folders).
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
