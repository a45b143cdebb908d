//! The shipped data files, compiled into the library by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/embedded_files.rs"));

/// Every shipped data file as (path relative to `data/`, contents):
/// `manifest.json`, `entities.json`, then the articles sorted by path.
pub fn files() -> &'static [(&'static str, &'static str)] {
    FILES
}
