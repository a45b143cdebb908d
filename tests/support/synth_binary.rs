//! Where `cargo test` put the synthetic corpus generator (examples/synth.rs):
//! beside the test binaries, which it builds with the examples.

use std::path::PathBuf;

/// The example binary `synth`.
pub fn synth() -> PathBuf {
    let mut dir = std::env::current_exe().unwrap();
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let path = dir.join("examples").join("synth");
    assert!(
        path.exists(),
        "{} is missing: run `cargo test` (which builds the examples)",
        path.display()
    );
    path
}
