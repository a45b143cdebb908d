//! The benchmark floor: reads every `.json` file under a folder and parses
//! it to `serde::de::IgnoredAny`, on one thread. Nothing validates faster
//! than reading and tokenising the bytes, so the validator's time is
//! reported as a ratio of this program's.
//!
//! ```text
//! cargo run --release --example floor -- DIR
//! ```

use std::path::Path;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: floor DIR");
        std::process::exit(2);
    };
    let (mut files, mut bytes) = (0usize, 0usize);
    let mut stack = vec![Path::new(&dir).to_path_buf()];
    while let Some(path) = stack.pop() {
        for entry in std::fs::read_dir(&path).expect("readable folder") {
            let entry = entry.expect("readable entry");
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read(&path).expect("readable file");
                bytes += text.len();
                files += 1;
                if serde_json::from_slice::<serde::de::IgnoredAny>(&text).is_err() {
                    eprintln!("floor: {} is not JSON", path.display());
                    std::process::exit(1);
                }
            }
        }
    }
    println!("floor: {files} files, {bytes} bytes parsed");
}
