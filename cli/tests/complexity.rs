//! Every command grows at most linearly on every hostile shape.
//!
//! Each command of the tool is run on each shape of hostile corpus at n, 4n
//! and 16n, and the growth exponents of wall time and peak resident memory
//! between n and 16n are asserted: a quadratic command gives 2 where the
//! bound is [`MAX_EXPONENT`]. A command missing from [`COMMANDS`] fails
//! [`every_command_is_in_the_harness`], so a new command cannot skip it.
//!
//! `cargo test` runs the small sizes on this build's tool. `.ci/run` runs
//! the same test at sizes 4 times larger on the release build
//! (`ASTANA_COMPLEXITY_SCALE=4`, `ASTANA_COMPLEXITY_BIN`), once, and
//! prints the table of exponents (`ASTANA_COMPLEXITY_TABLE`). These are
//! growth detectors, not benchmarks: only ratios within one run are
//! compared.
#![cfg(target_os = "linux")]

mod common;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The largest exponent of growth accepted between n and 16n, for time and
/// for memory. Linear work measures under 1.1 here; quadratic work 1.7 to
/// 2 once it dominates the start-up. The margin is for a shared machine.
const MAX_EXPONENT: f64 = 1.4;

/// The tool's resident set once started (about 8 MiB: the embedded corpus
/// and the allocator's first arenas); the floor of memory growth.
const STARTUP_KIB: u64 = 8 * 1024;

/// A hostile shape of corpus, built at size `n` into a copy of the valid base.
struct Shape {
    name: &'static str,
    /// The n of the smallest run in `cargo test`.
    base_n: usize,
    build: fn(&Path, usize),
}

/// What a command reads, and so how the harness runs it on a shape.
type Args = fn(&Case) -> Vec<String>;

/// One run's folders: the shape's data folder, a second copy of the valid
/// base (for `diff`), a text file of the shape's size (for `new`), and a
/// folder for output.
struct Case {
    data: PathBuf,
    other: PathBuf,
    text: PathBuf,
    out: PathBuf,
}

fn s(p: &Path) -> String {
    p.to_str().unwrap().to_owned()
}

/// Every command of the tool, with the arguments that make it read (and
/// write) as much as it can of a shape.
const COMMANDS: &[(&str, Args)] = &[
    ("validate", |c| vec!["validate".into(), s(&c.data)]),
    ("fmt", |c| vec!["fmt".into(), "--check".into(), s(&c.data)]),
    ("migrate", |c| {
        vec!["migrate".into(), "--check".into(), s(&c.data)]
    }),
    ("review", |c| {
        vec!["review".into(), s(&c.data), "--out".into(), s(&c.out)]
    }),
    ("export", |c| {
        vec![
            "export".into(),
            "--format".into(),
            "csv".into(),
            "--data".into(),
            s(&c.data),
            "--out".into(),
            s(&c.out),
        ]
    }),
    ("bundle", |c| {
        vec![
            "bundle".into(),
            "--data".into(),
            s(&c.data),
            "--out".into(),
            s(&c.out.join("bundle")),
            "--archive".into(),
        ]
    }),
    ("diff", |c| {
        vec![
            "diff".into(),
            s(&c.other),
            s(&c.data),
            "--format".into(),
            "markdown".into(),
        ]
    }),
    ("stats", |c| {
        vec!["stats".into(), "--data".into(), s(&c.data)]
    }),
    ("new", |c| {
        vec![
            "new".into(),
            "--outlet".into(),
            "test-outlet".into(),
            "--id".into(),
            "test-outlet-harness".into(),
            "--text".into(),
            s(&c.text),
            "--data".into(),
            s(&c.data),
        ]
    }),
    // Reads the schema folder it is given: here, the data folder, whose
    // files are not schemas, so every one is read and compared.
    ("schema", |c| {
        vec![
            "schema".into(),
            "--check".into(),
            "--dir".into(),
            s(&c.data.join("articles/test-outlet")),
        ]
    }),
    // Reads only the tool's own source tree: its size does not depend on
    // the shape, which the harness confirms.
    ("codebook", |_| vec!["codebook".into(), "--check".into()]),
    // Likewise: the rules' fixtures and the base corpus of the tests.
    ("conformance", |_| {
        vec!["conformance".into(), "--check".into()]
    }),
    // Generated from the command definitions alone.
    ("completions", |_| vec!["completions".into(), "bash".into()]),
    // Lists the folder it is given for stale pages: here, the folder the
    // tiny-files shape fills with n entries.
    ("man", |c| {
        vec![
            "man".into(),
            "--check".into(),
            "--dir".into(),
            s(&c.data.join("articles/o")),
        ]
    }),
];

const SHAPES: &[Shape] = &[
    Shape {
        name: "alternating left/joined, rosters after",
        base_n: 150,
        build: timeline,
    },
    Shape {
        name: "facts without modality (slow path)",
        base_n: 250,
        build: unexplained,
    },
    Shape {
        name: "nested evidence spans",
        base_n: 250,
        build: nested,
    },
    Shape {
        name: "quoted reprints, departures bounded below",
        base_n: 150,
        build: reprints,
    },
    Shape {
        name: "tiny files",
        base_n: 250,
        build: tiny_files,
    },
    Shape {
        name: "many valid facts",
        base_n: 250,
        build: records,
    },
    Shape {
        name: "one round, a long roster",
        base_n: 250,
        build: roster,
    },
];

const ARTICLE: &str = "articles/test-outlet/test-article.json";

fn article(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join(ARTICLE)).unwrap()).unwrap()
}

fn write_article(dir: &Path, value: &Value) {
    std::fs::write(dir.join(ARTICLE), serde_json::to_string(value).unwrap()).unwrap();
}

/// The i-th of a run of distinct, increasing calendar days.
fn day(i: usize) -> String {
    format!(
        "{}-{:02}-{:02}",
        1800 + i / 336,
        i % 336 / 28 + 1,
        i % 28 + 1
    )
}

/// n/2 alternating `left` and `joined` events of the UN as observer, then
/// n/2 meetings listing it, each after every event.
fn timeline(dir: &Path, n: usize) {
    let mut a = article(dir);
    let meeting = a["facts"][0].clone();
    let joined = a["facts"][1].clone();
    let mut facts = Vec::new();
    for i in 0..n / 2 {
        let mut f = joined.clone();
        f["id"] = json!(format!("change-{i}"));
        f["change"] = json!(if i % 2 == 0 { "left" } else { "joined" });
        f["date"] = json!({"precision": "day", "start": day(i), "basis": "stated"});
        facts.push(f);
    }
    for i in 0..n / 2 {
        let mut f = meeting.clone();
        f["id"] = json!(format!("meeting-{i}"));
        f.as_object_mut().unwrap().remove("round");
        f["date"] = json!({"precision": "day", "start": day(n + i), "basis": "stated"});
        facts.push(f);
    }
    a["published"] = json!({"precision": "day", "start": day(3 * n), "basis": "stated"});
    a["facts"] = Value::Array(facts);
    write_article(dir, &a);
}

/// n meetings without `modality`: every one fails the schema, and the
/// validator explains each.
fn unexplained(dir: &Path, n: usize) {
    let mut a = article(dir);
    let meeting = a["facts"][0].clone();
    a["facts"] = (0..n)
        .map(|i| {
            let mut f = meeting.clone();
            f["id"] = json!(format!("m-{i}"));
            f.as_object_mut().unwrap().remove("modality");
            f
        })
        .collect();
    write_article(dir, &a);
}

/// n statements whose evidence spans nest: span i is [i, 2n + 2 - i).
fn nested(dir: &Path, n: usize) {
    let mut a = article(dir);
    let statement = a["facts"][2].clone();
    let len = 2 * n + 2;
    a["body"] = json!("ب".repeat(len));
    a["text_notes"] = json!([]);
    a["facts"] = (0..n)
        .map(|i| {
            let mut f = statement.clone();
            f["id"] = json!(format!("s-{i}"));
            f["about_facts"] = json!([]);
            f["evidence"] = json!([{"start": i, "end": len - i, "quote": "ب"}]);
            f
        })
        .collect();
    write_article(dir, &a);
}

/// n direct statements, each quoting its own quotation of a body of n
/// quotations, all rendering one part of one original with speakers that
/// alternate (so every rendering after the first conflicts); then n/2
/// departures of the UN bounded only below and n/2 meetings listing it,
/// each of which the departures may precede or follow.
fn reprints(dir: &Path, n: usize) {
    let mut a = article(dir);
    let statement = a["facts"][2].clone();
    let meeting = a["facts"][0].clone();
    let joined = a["facts"][1].clone();
    a["body"] = json!("“ب” ".repeat(n.max(1)));
    a["text_notes"] = json!([]);
    a["derived_from"] = json!([{"id": "o", "issuer": "test-spokesperson", "kind": "statement",
                                "date": {"precision": "unknown", "basis": "not_given"}}]);
    let span = |i: usize| json!({"start": 4 * i + 1, "end": 4 * i + 2, "quote": "ب"});
    let mut facts = Vec::new();
    for i in 0..n {
        let mut f = statement.clone();
        f["id"] = json!(format!("s-{i}"));
        f["about_facts"] = json!([]);
        f["mode"] = json!("direct");
        f["speakers"] = json!([if i % 2 == 0 {
            "test-spokesperson"
        } else {
            "kazakhstan"
        }]);
        f["original"] = json!({"origin": "o", "part": "p"});
        let mut e = span(i);
        e["mode"] = json!("direct");
        f["evidence"] = json!([e]);
        facts.push(f);
    }
    for i in 0..n / 2 {
        let mut f = joined.clone();
        f["id"] = json!(format!("left-{i}"));
        f["change"] = json!("left");
        f["date"] = json!({"precision": "unknown", "earliest": day(i), "basis": "inferred",
                           "inferred_parts": ["earliest"], "note": "n"});
        f["evidence"] = json!([span(0)]);
        facts.push(f);
    }
    for i in 0..n / 2 {
        let mut f = meeting.clone();
        f["id"] = json!(format!("meeting-{i}"));
        f.as_object_mut().unwrap().remove("round");
        f["date"] = json!({"precision": "day", "start": day(n + i), "basis": "stated"});
        f["evidence"] = json!([span(0)]);
        facts.push(f);
    }
    a["published"] = json!({"precision": "day", "start": day(3 * n), "basis": "stated"});
    a["facts"] = Value::Array(facts);
    write_article(dir, &a);
}

/// n two-byte files beside the article.
fn tiny_files(dir: &Path, n: usize) {
    let outlet = dir.join("articles/o");
    std::fs::create_dir_all(&outlet).unwrap();
    for i in 0..n {
        std::fs::write(outlet.join(format!("f{i:06}.json")), "{}").unwrap();
    }
}

/// n valid meetings with distinct ids: the most a valid corpus holds.
fn records(dir: &Path, n: usize) {
    let mut a = article(dir);
    let meeting = a["facts"][0].clone();
    let mut facts: Vec<Value> = a["facts"].as_array().unwrap().clone();
    for i in 0..n {
        let mut f = meeting.clone();
        f["id"] = json!(format!("meeting-copy-{i}"));
        f["summary_en"] = json!(format!("Copy {i} of the meeting, with a longer summary."));
        facts.push(f);
    }
    a["facts"] = Value::Array(facts);
    write_article(dir, &a);
}

/// One numbered meeting that lists n distinct entities (none in the
/// registry): the review's picture and pages place each once.
fn roster(dir: &Path, n: usize) {
    let mut a = article(dir);
    let roles = ["guarantor", "party", "observer"];
    a["facts"][0]["participants"] = (0..n)
        .map(|i| json!({"entity": format!("entity-{i}"), "role": roles[i % 3]}))
        .collect();
    write_article(dir, &a);
}

/// The tool measured: this build's, or the one `ASTANA_COMPLEXITY_BIN`
/// names (`.ci/run` measures the release build at the large sizes without
/// compiling the tests a second time in release). Not `ASTANA_CORPUS_BIN`,
/// which the Action's and the hooks' scripts read.
fn tool() -> PathBuf {
    std::env::var_os("ASTANA_COMPLEXITY_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_astana-corpus")),
        PathBuf::from,
    )
}

/// Wall time and peak resident memory of one run.
struct Measured {
    wall: Duration,
    peak_kib: u64,
}

impl Measured {
    /// The better of two runs, figure by figure: the least noise in each.
    fn best(self, other: Measured) -> Measured {
        Measured {
            wall: self.wall.min(other.wall),
            peak_kib: self.peak_kib.min(other.peak_kib),
        }
    }
}

/// Runs the tool, polling its peak resident memory (VmHWM, which only
/// grows) until it exits. The exit code is not judged: commands refuse
/// hostile data, and how fast they refuse is what is measured.
fn measure(args: &[String]) -> Measured {
    // From the repository's root, named: `codebook` reads its checkout.
    let mut child = Command::new(tool())
        .current_dir(common::repo())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let status = format!("/proc/{}/status", child.id());
    let started = Instant::now();
    let mut peak_kib = 0;
    let timeout = Duration::from_secs(300);
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            if let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            {
                peak_kib = peak_kib.max(kib);
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} ran past {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let wall = started.elapsed();
    out.join().unwrap();
    let stderr = err.join().unwrap();
    let stderr = String::from_utf8_lossy(&stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    Measured { wall, peak_kib }
}

/// The growth exponent between two sizes 16 times apart.
fn exponent(small: f64, large: f64) -> f64 {
    (large.max(1e-9) / small.max(1e-9)).ln() / 16f64.ln()
}

/// Builds the case of `shape` at `n` under a fresh temporary folder.
fn case(root: &Path, shape: &Shape, n: usize) -> Case {
    let data = root.join("data");
    common::copy_dir(&common::repo().join("tests/fixtures/valid/base"), &data);
    (shape.build)(&data, n);
    let other = root.join("other");
    common::copy_dir(&common::repo().join("tests/fixtures/valid/base"), &other);
    let text = root.join("text.txt");
    std::fs::write(&text, "نص ".repeat(n * 20)).unwrap();
    Case {
        data,
        other,
        text,
        out: root.join("out"),
    }
}

/// Runs the command `args` on `shape` at n, 4n and 16n, the best of
/// `tries` runs at each size.
fn measure_sizes(shape: &Shape, n: usize, args: &Args, tries: usize) -> Vec<Measured> {
    let mut runs = Vec::new();
    for size in [n, 4 * n, 16 * n] {
        let root = common::temp_path("complexity");
        let c = case(&root, shape, size);
        let mut best: Option<Measured> = None;
        for _ in 0..tries {
            let m = measure(&args(&c));
            let _ = std::fs::remove_dir_all(&c.out);
            let _ =
                std::fs::remove_file(c.data.join("articles/test-outlet/test-outlet-harness.json"));
            best = Some(match best {
                Some(b) => b.best(m),
                None => m,
            });
        }
        std::fs::remove_dir_all(&root).unwrap();
        runs.extend(best);
    }
    runs
}

/// Runs every command on every shape at n, 4n and 16n (times `scale`),
/// prints the exponents, and fails on any above [`MAX_EXPONENT`].
fn run_harness(scale: usize) {
    let mut failures = Vec::new();
    let mut table = String::from(
        "| command | shape | n | wall n / 4n / 16n (ms) | peak RSS n / 16n (MiB) | time exp. | memory exp. |\n|---|---|---|---|---|---|---|\n",
    );
    for shape in SHAPES {
        let n = shape.base_n * scale;
        for (name, args) in COMMANDS {
            // Left out of this build, it exits before reading anything.
            if *name == "bundle" && cfg!(not(feature = "bundle")) {
                continue;
            }
            let ms = |m: &Measured| m.wall.as_secs_f64() * 1000.0;
            // A command that exits within a few milliseconds can be seen
            // only before its start-up ended, at a resident set of 1 or
            // 2 MiB; growth is measured from no less than the start-up's.
            let floor = |kib: u64| kib.max(STARTUP_KIB) as f64;
            let exponents = |runs: &[Measured]| {
                (
                    exponent(ms(&runs[0]), ms(&runs[2])),
                    exponent(floor(runs[0].peak_kib), floor(runs[2].peak_kib)),
                )
            };
            let mut runs = measure_sizes(shape, n, args, 1);
            // A super-linear reading is confirmed before it is reported:
            // one slow run on a shared machine is not growth. The sizes
            // are measured twice more and each keeps its best of three.
            let (time_exp, mem_exp) = exponents(&runs);
            if time_exp > MAX_EXPONENT || mem_exp > MAX_EXPONENT {
                let again = measure_sizes(shape, n, args, 2);
                runs = runs
                    .into_iter()
                    .zip(again)
                    .map(|(a, b)| a.best(b))
                    .collect();
            }
            let (time_exp, mem_exp) = exponents(&runs);
            table.push_str(&format!(
                "| {name} | {} | {n} | {:.0} / {:.0} / {:.0} | {:.1} / {:.1} | {time_exp:.2} | {mem_exp:.2} |\n",
                shape.name,
                ms(&runs[0]),
                ms(&runs[1]),
                ms(&runs[2]),
                runs[0].peak_kib as f64 / 1024.0,
                runs[2].peak_kib as f64 / 1024.0,
            ));
            // Under 50 ms the start-up dominates and the ratio is noise.
            if time_exp > MAX_EXPONENT && ms(&runs[2]) > 50.0 {
                failures.push(format!(
                    "{name} on {}: time exponent {time_exp:.2}",
                    shape.name
                ));
            }
            if mem_exp > MAX_EXPONENT {
                failures.push(format!(
                    "{name} on {}: memory exponent {mem_exp:.2}",
                    shape.name
                ));
            }
        }
    }
    eprintln!("{table}");
    if let Some(path) = std::env::var_os("ASTANA_COMPLEXITY_TABLE") {
        std::fs::write(path, &table).unwrap();
    }
    assert!(
        failures.is_empty(),
        "super-linear growth:\n{}\n{table}",
        failures.join("\n")
    );
}

/// At the sizes times `ASTANA_COMPLEXITY_SCALE` (default 1).
#[test]
fn every_command_grows_linearly_on_every_shape() {
    let scale = std::env::var("ASTANA_COMPLEXITY_SCALE").map_or(1, |s| {
        s.parse()
            .ok()
            .filter(|&n: &usize| n >= 1)
            .unwrap_or_else(|| panic!("ASTANA_COMPLEXITY_SCALE={s:?}: a whole number, 1 or more"))
    });
    run_harness(scale);
}

#[test]
fn every_command_is_in_the_harness() {
    let help = Command::new(env!("CARGO_BIN_EXE_astana-corpus"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let listed: Vec<&str> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        // A command's line is indented by two spaces; a wrapped
        // description's continuation, by more.
        .filter(|l| l.starts_with("  ") && !l[2..].starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(listed.len() >= 10, "{help}");
    for command in &listed {
        assert!(
            COMMANDS.iter().any(|(name, _)| name == command),
            "`{command}` is not in the complexity harness: add it to COMMANDS in {}",
            file!()
        );
    }
    for (name, _) in COMMANDS {
        assert!(listed.contains(name), "`{name}` is no longer a command");
    }
}
