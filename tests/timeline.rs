//! `participation-timeline` and `meeting-conflict` over the distinctions of
//! format 2, as a table of cases: each adds facts to the valid base corpus
//! and names exactly the rules it must produce (none for the valid ones).
//! The base lists Russia as a guarantor and the UN as an observer at round
//! 20 (20–21 June 2023), says the UN joined in January 2017, and was
//! published on 22 June 2023.
#![cfg(feature = "validate")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use astana_corpus::validate::{validate_dir, Rule};
use serde_json::{json, Value};

const BASE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/base");
const ARTICLE: &str = "articles/test-outlet/test-article.json";

/// A span of the base body that any added fact may cite.
fn evidence() -> Value {
    json!([{"start": 147, "end": 202, "quote": "وانضمت الأمم المتحدة إلى المحادثات كمراقب في يناير 2017"}])
}

fn date(value: &str) -> Value {
    let precision = match value.len() {
        4 => "year",
        7 => "month",
        _ => "day",
    };
    json!({"precision": precision, "start": value, "basis": "stated"})
}

fn unknown() -> Value {
    json!({"precision": "unknown", "basis": "not_given"})
}

/// A date known only to fall no earlier than `earliest`.
fn not_before(earliest: &str) -> Value {
    json!({"precision": "unknown", "earliest": earliest, "basis": "inferred",
           "inferred_parts": ["earliest"], "note": "bounded below only"})
}

/// A UN observer event: `change` at `date`, optionally one `round`.
fn un_event(id: &str, change: &str, date: Value, round: Option<u32>, modality: &str) -> Value {
    let mut fact = json!({
        "kind": "participation_change", "id": id, "modality": modality,
        "series": "astana-format", "entity": "united-nations", "role": "observer",
        "change": change, "date": date,
        "summary_en": "A participation event made up for the test.",
        "evidence": evidence(),
    });
    if let Some(round) = round {
        fact["round"] = round.into();
    }
    if modality == "conditional" {
        fact["condition"] = json!({"text_en": "if asked"});
    }
    fact
}

/// A period over which `entity` held `role`, from `from` to `until`.
fn state(id: &str, entity: &str, role: &str, from: Value, until: Value) -> Value {
    json!({
        "kind": "participation_state", "id": id, "modality": "asserted",
        "series": "astana-format", "entity": entity, "role": role,
        "from": from, "until": until,
        "summary_en": "A participation period made up for the test.",
        "evidence": evidence(),
    })
}

/// A further mention of a meeting of the series.
fn meeting(id: &str, round: Option<u32>, key: Option<&str>, date: Value, roster: Value) -> Value {
    let mut fact = json!({
        "kind": "meeting", "id": id, "modality": "asserted",
        "series": "astana-format", "date": date, "venue": "astana",
        "participants": roster,
        "summary_en": "A meeting made up for the test.",
        "evidence": [{"start": 25, "end": 91, "quote": "عقد الاجتماع العشرون بصيغة أستانا يومي 20 و21 يونيو 2023 في أستانا"}],
    });
    if let Some(round) = round {
        fact["round"] = round.into();
    }
    if let Some(key) = key {
        fact["meeting_key"] = key.into();
    }
    fact
}

fn un_observer() -> Value {
    json!([{"entity": "united-nations", "role": "observer"}])
}

#[path = "../src/validate/rules/folders.rs"]
#[allow(dead_code)]
mod folders;

/// The one folder copy the fixtures use.
fn copy(from: &Path, to: &Path) {
    folders::copy_dir(from, to).unwrap();
}

/// The rules the base corpus produces with `facts` added.
fn rules_with(name: &str, facts: Vec<Value>) -> BTreeSet<&'static str> {
    let temp = folders::TempDir::new(&format!("timeline-{name}"));
    let dir: PathBuf = temp.to_path_buf();
    copy(Path::new(BASE), &dir);
    let path = dir.join(ARTICLE);
    let mut article: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    article["facts"].as_array_mut().unwrap().extend(facts);
    std::fs::write(&path, serde_json::to_string_pretty(&article).unwrap()).unwrap();
    let report = validate_dir(&dir).unwrap();
    report.findings.iter().map(|f| f.rule.id()).collect()
}

#[test]
fn participation_over_time() {
    let timeline = BTreeSet::from([Rule::ParticipationTimeline.id()]);
    let uncertain = BTreeSet::from([Rule::TimelineUncertain.id()]);
    let none = BTreeSet::new();
    let cases: Vec<(&str, Vec<Value>, &BTreeSet<&str>)> = vec![
        (
            "declined an earlier round, listed at a later one",
            vec![un_event(
                "un-declined-19",
                "declined",
                unknown(),
                Some(19),
                "asserted",
            )],
            &none,
        ),
        (
            "declined the very round it is listed at",
            vec![un_event(
                "un-declined-20",
                "declined",
                unknown(),
                Some(20),
                "asserted",
            )],
            &timeline,
        ),
        (
            "declined a month before the meeting",
            vec![un_event(
                "un-declined-may",
                "declined",
                date("2023-05"),
                None,
                "asserted",
            )],
            &none,
        ),
        (
            "declined the month of the meeting",
            vec![un_event(
                "un-declined-june",
                "declined",
                date("2023-06"),
                None,
                "asserted",
            )],
            &timeline,
        ),
        (
            "left for good before the meeting",
            vec![un_event(
                "un-left",
                "left",
                date("2019-05"),
                None,
                "asserted",
            )],
            &timeline,
        ),
        (
            "left, then resumed before the meeting",
            vec![
                un_event("un-left", "left", date("2019-05"), None, "asserted"),
                un_event("un-back", "resumed", date("2020-01"), None, "asserted"),
            ],
            &none,
        ),
        (
            "left, and would resume only on a condition",
            vec![
                un_event("un-left", "left", date("2019-05"), None, "asserted"),
                un_event("un-back", "resumed", date("2020-01"), None, "conditional"),
            ],
            &timeline,
        ),
        (
            "suspended with no resumption",
            vec![un_event(
                "un-suspended",
                "suspended",
                date("2021"),
                None,
                "asserted",
            )],
            &timeline,
        ),
        (
            "left, but observer over a period that covers the meeting",
            vec![
                un_event("un-left", "left", date("2019-05"), None, "asserted"),
                state(
                    "un-observer",
                    "united-nations",
                    "observer",
                    date("2021-01"),
                    unknown(),
                ),
            ],
            &none,
        ),
        (
            "listed before the period that is its only record",
            vec![state(
                "russia-later",
                "russia",
                "guarantor",
                date("2023-06-22"),
                unknown(),
            )],
            &timeline,
        ),
        (
            "left at a date bounded only below, which may fall before the meeting",
            vec![un_event(
                "un-left",
                "left",
                not_before("2019-05"),
                None,
                "asserted",
            )],
            &uncertain,
        ),
        (
            "left in the month of the meeting",
            vec![un_event(
                "un-left",
                "left",
                date("2023-06"),
                None,
                "asserted",
            )],
            &uncertain,
        ),
        (
            "left no earlier than the meeting's first day: no doubt",
            vec![un_event(
                "un-left",
                "left",
                not_before("2023-06-20"),
                None,
                "asserted",
            )],
            &none,
        ),
        (
            "suspended at a date bounded only below",
            vec![un_event(
                "un-paused",
                "suspended",
                not_before("2020"),
                None,
                "asserted",
            )],
            &uncertain,
        ),
        (
            "a conditional leaving does not end anything",
            vec![un_event(
                "un-maybe-left",
                "left",
                date("2019-05"),
                None,
                "conditional",
            )],
            &none,
        ),
    ];
    let mut failures = Vec::new();
    for (i, (name, facts, expected)) in cases.into_iter().enumerate() {
        let fired = rules_with(&format!("t{i}"), facts);
        if &fired != expected {
            failures.push(format!("{name}: expected {expected:?}, got {fired:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn mentions_of_one_meeting() {
    let conflict = BTreeSet::from([Rule::MeetingConflict.id()]);
    let none = BTreeSet::new();
    let day = |d: &str| date(d);
    let cases: Vec<(&str, Vec<Value>, &BTreeSet<&str>)> = vec![
        (
            "a second mention of round 20 that agrees",
            vec![meeting(
                "again",
                Some(20),
                None,
                day("2023-06-21"),
                un_observer(),
            )],
            &none,
        ),
        (
            "a second mention of round 20 on another day",
            vec![meeting(
                "again",
                Some(20),
                None,
                day("2023-06-18"),
                un_observer(),
            )],
            &conflict,
        ),
        (
            "a second mention of round 20 with the UN as a mediator",
            vec![meeting(
                "again",
                Some(20),
                None,
                day("2023-06-21"),
                json!([{"entity": "united-nations", "role": "mediator"}]),
            )],
            &conflict,
        ),
        (
            "two unnumbered meetings without keys are two meetings",
            vec![
                meeting("one", None, None, day("2019-01-01"), json!([])),
                meeting("two", None, None, day("2020-01-01"), json!([])),
            ],
            &none,
        ),
        (
            "two mentions of one keyed meeting on different days",
            vec![
                meeting("one", None, Some("sochi-1"), day("2019-01-01"), json!([])),
                meeting("two", None, Some("sochi-1"), day("2020-01-01"), json!([])),
            ],
            &conflict,
        ),
        (
            "round 19 dated after round 20",
            vec![meeting(
                "nineteen",
                Some(19),
                None,
                day("2023-06-22"),
                json!([]),
            )],
            &conflict,
        ),
    ];
    let mut failures = Vec::new();
    for (i, (name, facts, expected)) in cases.into_iter().enumerate() {
        let fired = rules_with(&format!("m{i}"), facts);
        if &fired != expected {
            failures.push(format!("{name}: expected {expected:?}, got {fired:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
