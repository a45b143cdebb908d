//! Embeds every data file under `data/` into the library, so that a program
//! depending on the crate reads the corpus without touching the disk, and a
//! contributor adds an article without editing code.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let data = root.join("data");
    println!("cargo:rerun-if-changed=data");

    let mut files = vec![data.join("manifest.json"), data.join("entities.json")];
    if data.join("retired.json").is_file() {
        files.push(data.join("retired.json"));
    }
    let mut articles = Vec::new();
    collect_json(&data.join("articles"), &mut articles);
    articles.sort();
    files.extend(articles);

    let mut out = String::from("/// Every data file, as (path relative to `data/`, contents).\n");
    out.push_str("pub(crate) static FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        let relative = file
            .strip_prefix(&data)
            .expect("under data/")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        writeln!(
            out,
            "    ({relative:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    let dest = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("embedded_files.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

fn collect_json(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect_json(&path, found);
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "json") {
            found.push(path);
        }
    }
}
