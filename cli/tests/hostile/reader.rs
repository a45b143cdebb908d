//! Class 1, what the tool opens: every command reads a data folder only
//! through the one safe reader. Links are never followed at any depth,
//! only regular files are opened, no file is read past the limit, and a
//! name that is not UTF-8 is a finding. Random trees mix all of these.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt as _;
use std::path::Path;
use std::time::Duration;

use proptest::prelude::*;

use super::{fresh_corpus, run, run_bounded, snapshot_tree, ARTICLE};

/// Text that must never appear in any output: it sits only in files
/// outside the corpus that links point at.
const SECRET: &str = "OUTSIDE-THE-CORPUS-SECRET";

/// A file outside the corpus holding [`SECRET`], shaped like an article.
fn outside_file(dir: &Path) -> std::path::PathBuf {
    let outside = dir.with_extension("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let file = outside.join("secret.json");
    let text = std::fs::read_to_string(dir.join(ARTICLE))
        .unwrap()
        .replacen(
            "\"summary_en\": \"",
            &format!("\"summary_en\": \"{SECRET} "),
            1,
        );
    std::fs::write(&file, text).unwrap();
    file
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// A character device, where the tests may make one (as root).
fn mknod_char(path: &Path) -> bool {
    std::process::Command::new("mknod")
        .arg(path)
        .args(["c", "1", "5"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

struct Case {
    name: &'static str,
    apply: fn(&Path) -> bool,
}

const CASES: &[Case] = &[
    Case {
        name: "FIFO named like an article",
        apply: |d| {
            mkfifo(&d.join("articles/test-outlet/x.json"));
            true
        },
    },
    Case {
        name: "FIFO as the manifest",
        apply: |d| {
            std::fs::remove_file(d.join("manifest.json")).unwrap();
            mkfifo(&d.join("manifest.json"));
            true
        },
    },
    Case {
        name: "link to /dev/zero among the articles",
        apply: |d| {
            std::os::unix::fs::symlink("/dev/zero", d.join("articles/test-outlet/z.json")).unwrap();
            true
        },
    },
    Case {
        name: "manifest.json a link to /dev/zero",
        apply: |d| {
            std::fs::remove_file(d.join("manifest.json")).unwrap();
            std::os::unix::fs::symlink("/dev/zero", d.join("manifest.json")).unwrap();
            true
        },
    },
    Case {
        name: "character device among the articles",
        apply: |d| mknod_char(&d.join("articles/test-outlet/c.json")),
    },
    Case {
        name: "sparse 3 GB file",
        apply: |d| {
            let f = std::fs::File::create(d.join("articles/test-outlet/big.json")).unwrap();
            f.set_len(3 << 30).unwrap();
            true
        },
    },
    Case {
        name: "articles/ a link to a folder outside",
        apply: |d| {
            let secret = outside_file(d);
            std::fs::remove_dir_all(d.join("articles")).unwrap();
            std::os::unix::fs::symlink(secret.parent().unwrap(), d.join("articles")).unwrap();
            true
        },
    },
    Case {
        name: "an outlet folder a link to a folder outside",
        apply: |d| {
            let secret = outside_file(d);
            std::os::unix::fs::symlink(secret.parent().unwrap(), d.join("articles/other")).unwrap();
            true
        },
    },
    Case {
        name: "an article a link to a file outside",
        apply: |d| {
            let secret = outside_file(d);
            std::os::unix::fs::symlink(&secret, d.join("articles/test-outlet/s.json")).unwrap();
            true
        },
    },
    Case {
        name: "two names that differ only in bytes that are not UTF-8",
        apply: |d| {
            let text = std::fs::read(d.join(ARTICLE)).unwrap();
            for name in [&b"a\xff.json"[..], &b"a\xfe.json"[..]] {
                std::fs::write(
                    d.join("articles/test-outlet").join(OsStr::from_bytes(name)),
                    &text,
                )
                .unwrap();
            }
            true
        },
    },
];

/// Every command that reads a data folder, on `dir`.
fn commands(dir: &str, out: &str) -> Vec<Vec<String>> {
    let v = |args: &[&str]| args.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut commands = vec![
        v(&["validate", dir]),
        v(&["validate", dir, "--format", "github"]),
        v(&["validate", dir, "--format", "json"]),
        v(&["validate", dir, "--format", "sarif"]),
        v(&["stats", "--data", dir]),
        v(&["diff", dir, dir]),
        v(&[
            "export",
            "--format",
            "csv",
            "--data",
            dir,
            "--out",
            &format!("{out}/csv"),
        ]),
        v(&["fmt", "--check", dir]),
        v(&["fmt", dir]),
    ];
    if cfg!(feature = "bundle") {
        commands.push(v(&[
            "bundle",
            "--data",
            dir,
            "--out",
            &format!("{out}/bundle"),
        ]));
    }
    commands
}

#[test]
fn every_command_refuses_what_is_not_a_regular_file_inside_the_corpus() {
    for case in CASES {
        let dir = fresh_corpus();
        if !(case.apply)(&dir) {
            eprintln!("skipped (needs root): {}", case.name);
            continue;
        }
        let outside = dir.with_extension("outside");
        let before = snapshot_tree(&outside);
        let out = dir.with_extension("out");
        let d = dir.to_str().unwrap();
        for args in commands(d, out.to_str().unwrap()) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = run_bounded(&args, Duration::from_secs(30));
            let what = format!("{}: {args:?}", case.name);
            assert!(
                [1, 2].contains(&r.code),
                "{what}: exit {} (expected a finding or a refusal)\n{}{}",
                r.code,
                r.stdout,
                r.stderr
            );
            if args[0] == "validate" {
                assert_eq!(r.code, 1, "{what}: a finding, not an I/O failure");
                assert!(
                    r.stdout.contains("unexpected-entry") || r.stdout.contains("limit-exceeded"),
                    "{what}: {}",
                    r.stdout
                );
            }
            assert!(
                !r.stdout.contains(SECRET) && !r.stderr.contains(SECRET),
                "{what}: printed a file outside the corpus"
            );
            assert!(
                r.elapsed < Duration::from_secs(10),
                "{what}: took {:?}",
                r.elapsed
            );
        }
        assert_eq!(
            snapshot_tree(&outside),
            before,
            "{}: a file outside the corpus changed",
            case.name
        );
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&outside);
        let _ = std::fs::remove_dir_all(&out);
    }
}

#[test]
fn names_that_print_the_same_are_each_reported() {
    let dir = fresh_corpus();
    (CASES.last().unwrap().apply)(&dir);
    let r = run(&["validate", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, 1);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let files: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unexpected-entry")
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with("a\\xFF.json")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with("a\\xFE.json")),
        "{files:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// One entry of a random tree.
#[derive(Clone, Debug)]
enum Entry {
    /// A copy of the valid article (so that it parses and is checked).
    Article,
    /// Bytes that are not JSON.
    Garbage(Vec<u8>),
    /// A link to the secret file outside.
    LinkToFile,
    /// A link to the folder outside.
    LinkToFolder,
    /// A link to /dev/zero.
    LinkToZero,
    /// A named pipe.
    Fifo,
    /// A character device (root only).
    Device,
    /// A sparse file far over the limit.
    Sparse,
    /// A folder holding more entries.
    Folder(Vec<(Name, Entry)>),
}

/// A name: plain, with control characters, or with bytes that are not UTF-8.
#[derive(Clone, Debug)]
struct Name(Vec<u8>);

fn name() -> impl Strategy<Value = Name> {
    prop_oneof![
        "[a-z]{1,8}".prop_map(|s| Name(format!("{s}.json").into_bytes())),
        "[a-z]{1,8}".prop_map(|s| Name(
            format!("{s}\n::error file=README.md::x\u{1b}[2J.json").into_bytes()
        )),
        prop::collection::vec(128u8..=255, 1..4).prop_map(|mut b| {
            b.extend_from_slice(b".json");
            Name(b)
        }),
        "[a-z]{1,8}".prop_map(|s| Name(s.into_bytes())),
    ]
}

fn entry() -> impl Strategy<Value = Entry> {
    let leaf = prop_oneof![
        Just(Entry::Article),
        prop::collection::vec(any::<u8>(), 0..64).prop_map(Entry::Garbage),
        Just(Entry::LinkToFile),
        Just(Entry::LinkToFolder),
        Just(Entry::LinkToZero),
        Just(Entry::Fifo),
        Just(Entry::Device),
        Just(Entry::Sparse),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop::collection::vec((name(), inner), 0..4).prop_map(Entry::Folder)
    })
}

fn build(at: &Path, entry: &Entry, article: &[u8], secret: &Path) {
    if std::fs::symlink_metadata(at).is_ok() {
        return; // a repeated random name
    }
    match entry {
        Entry::Article => std::fs::write(at, article).unwrap(),
        Entry::Garbage(bytes) => std::fs::write(at, bytes).unwrap(),
        Entry::LinkToFile => std::os::unix::fs::symlink(secret, at).unwrap(),
        Entry::LinkToFolder => std::os::unix::fs::symlink(secret.parent().unwrap(), at).unwrap(),
        Entry::LinkToZero => std::os::unix::fs::symlink("/dev/zero", at).unwrap(),
        Entry::Fifo => mkfifo(at),
        Entry::Device => {
            mknod_char(at);
        }
        Entry::Sparse => std::fs::File::create(at).unwrap().set_len(1 << 32).unwrap(),
        Entry::Folder(children) => {
            std::fs::create_dir(at).unwrap();
            for (name, child) in children {
                build(&at.join(OsStr::from_bytes(&name.0)), child, article, secret);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the tree, `validate` finishes within its bounds with a
    /// finding or a clean result, never prints what lies outside, and
    /// `fmt` never changes a file outside the corpus.
    #[test]
    fn random_trees_are_read_safely(children in prop::collection::vec((name(), entry()), 1..6)) {
        let dir = fresh_corpus();
        let secret = outside_file(&dir);
        let article = std::fs::read(dir.join(ARTICLE)).unwrap();
        for (name, child) in &children {
            build(&dir.join("articles").join(OsStr::from_bytes(&name.0)), child, &article, &secret);
        }
        let outside = secret.parent().unwrap().to_path_buf();
        let before = snapshot_tree(&outside);
        let d = dir.to_str().unwrap();
        for args in [vec!["validate", d], vec!["validate", d, "--format", "github"], vec!["fmt", d]] {
            let r = run_bounded(&args, Duration::from_secs(30));
            prop_assert!([0, 1].contains(&r.code), "{:?}: exit {}\n{}{}", args, r.code, r.stdout, r.stderr);
            prop_assert!(!r.stdout.contains(SECRET), "{:?} printed a file outside", args);
            if args[0] == "validate" {
                super::channels::assert_github_lines_are_ours(&r.stdout);
            }
        }
        prop_assert_eq!(snapshot_tree(&outside), before);
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&outside);
    }
}
