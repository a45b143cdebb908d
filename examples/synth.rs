//! Generates a synthetic, valid corpus of the same shape as the real one,
//! for benchmarks and scale tests:
//!
//! ```text
//! cargo run --release --example synth -- --articles 20000 --seed 1 --out /tmp/synth [--corrupt 50]
//! ```
//!
//! Deterministic: the same arguments give the same bytes. Bodies are Arabic
//! text of 3–6 KB with 10–30 facts whose evidence offsets are right by
//! construction. Rounds come from one schedule per series (so no two
//! articles disagree on a round's date or venue) and rosters from one
//! membership timeline (so no observer is listed after it left).
//! `--corrupt K` then injects K known errors, one per article, cycling
//! through the rules, and prints each as `rule<TAB>file`. It never writes
//! into the crate's own data/ folder, and only into a new or empty `--out`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use astana_corpus::model::*;

/// SplitMix64: small, fast, and enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "المفاوضات",
    "الاجتماع",
    "الأطراف",
    "الدول",
    "الضامنة",
    "المراقبين",
    "الحكومة",
    "المعارضة",
    "سوريا",
    "التسوية",
    "السياسية",
    "الوفد",
    "الجولة",
    "المشاركون",
    "البيان",
    "الختامي",
    "الأمن",
    "الاستقرار",
    "المنطقة",
    "الحوار",
    "اللجنة",
    "الدستورية",
    "وقف",
    "إطلاق",
    "النار",
    "الإنسانية",
    "المساعدات",
    "اللاجئين",
    "العودة",
    "الطوعية",
    "وأكد",
    "وأشار",
    "وقال",
    "وأضاف",
    "في",
    "على",
    "من",
    "إلى",
    "مع",
    "بشأن",
    "خلال",
    "بعد",
    "كما",
    "أن",
];

const SYLLABLES: &[&str] = &[
    "كا", "را", "مي", "سو", "لا", "نو", "دي", "تا", "با", "زي", "فو", "هي",
];

struct Registry {
    entities: Vec<Entity>,
    series: Vec<String>,
    places: Vec<String>,
    states: Vec<String>,
    orgs: Vec<String>,
    groups: Vec<String>,
    outlets: Vec<String>,
    people: Vec<String>,
}

fn arabic_name(rng: &mut Rng) -> String {
    (0..rng.range(2, 4)).map(|_| *rng.pick(SYLLABLES)).collect()
}

fn registry(rng: &mut Rng) -> Registry {
    let mut entities = Vec::new();
    let mut add = |prefix: &str, n: usize, kind: EntityKind, rng: &mut Rng| -> Vec<String> {
        (1..=n)
            .map(|i| {
                let id = format!("{prefix}-{i:03}");
                entities.push(Entity {
                    id: EntityId::new(id.clone()),
                    kind,
                    name: Names {
                        en: format!("Synthetic {prefix} {i}"),
                        ar: arabic_name(rng),
                    },
                    other_names: Vec::new(),
                    part_of: None,
                    iso3166_1: None,
                    wikidata: None,
                    positions: Vec::new(),
                    note: None,
                });
                id
            })
            .collect()
    };
    let series = add("series", 3, EntityKind::Process, rng);
    let places = add("place", 8, EntityKind::Place, rng);
    let states = add("state", 40, EntityKind::State, rng);
    let orgs = add(
        "organization",
        6,
        EntityKind::InternationalOrganization,
        rng,
    );
    let groups = add("group", 6, EntityKind::PoliticalGroup, rng);
    let outlets = add("outlet", 10, EntityKind::Outlet, rng);
    let people = add("person", 30, EntityKind::Person, rng);
    entities.sort_by(|a, b| a.id.cmp(&b.id));
    Registry {
        entities,
        series,
        places,
        states,
        orgs,
        groups,
        outlets,
        people,
    }
}

/// One round of a series, fixed for the whole corpus.
struct Round {
    number: u32,
    start: chrono::NaiveDate,
    venue: String,
}

/// An observer's membership of a series: joined in a month, maybe left.
struct Membership {
    entity: String,
    joined: (i32, u32),
    left: Option<(i32, u32)>,
}

struct Series {
    id: String,
    rounds: Vec<Round>,
    guarantors: Vec<String>,
    parties: Vec<String>,
    observers: Vec<Membership>,
}

fn month_index(year: i32, month: u32) -> i32 {
    year * 12 + month as i32 - 1
}

fn schedule(reg: &Registry, rng: &mut Rng) -> Vec<Series> {
    use chrono::Datelike;
    reg.series
        .iter()
        .enumerate()
        .map(|(s, id)| {
            let mut date = chrono::NaiveDate::from_ymd_opt(2017, 1 + s as u32, 10).unwrap();
            let rounds = (1..=40)
                .map(|number| {
                    date += chrono::Duration::days(rng.range(45, 90) as i64);
                    Round {
                        number,
                        start: date,
                        venue: rng.pick(&reg.places).clone(),
                    }
                })
                .collect();
            let observers = (0..8)
                .map(|k| {
                    // States 0-8 guarantee, 10-12 are parties, 13-39 observe.
                    let entity = if k < 2 {
                        reg.orgs[(s + k) % reg.orgs.len()].clone()
                    } else {
                        reg.states[13 + (s * 8 + k) % 27].clone()
                    };
                    let joined = (2017 + rng.below(3) as i32, 1 + rng.below(12) as u32);
                    let left = (rng.below(3) == 0)
                        .then(|| (joined.0 + 2 + rng.below(2) as i32, 1 + rng.below(12) as u32));
                    Membership {
                        entity,
                        joined,
                        left,
                    }
                })
                .collect();
            let _ = date.year();
            Series {
                id: id.clone(),
                rounds,
                guarantors: reg.states[s * 3..s * 3 + 3].to_vec(),
                parties: vec![reg.states[10 + s].clone(), reg.groups[s].clone()],
                observers,
            }
        })
        .collect()
}

/// A body under construction: text, and code-point length so far.
struct Body {
    text: String,
    chars: usize,
}

impl Body {
    fn push(&mut self, s: &str) -> Evidence {
        let start = self.chars;
        self.text.push_str(s);
        self.chars += s.chars().count();
        Evidence::new(start as u32, self.chars as u32, s)
    }
    fn filler(&mut self, rng: &mut Rng, words: usize) {
        let mut s = String::new();
        for w in 0..words {
            if w > 0 {
                s.push(' ');
            }
            let word: &&str = rng.pick(WORDS);
            s.push_str(word);
        }
        s.push_str(". ");
        self.push(&s);
    }
}

fn day_date(d: chrono::NaiveDate) -> DateValue {
    DateValue {
        precision: DatePrecision::Day,
        start: Some(partial(d)),
        basis: Basis::Stated,
        ..DateValue::not_given()
    }
}

fn partial(d: chrono::NaiveDate) -> PartialDate {
    use chrono::Datelike;
    PartialDate::ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn article(n: usize, reg: &Registry, series: &[Series], rng: &mut Rng) -> (String, Article) {
    use chrono::Datelike;
    let outlet = rng.pick(&reg.outlets).clone();
    let id = format!("synth-{n:06}");
    let mut body = Body {
        text: String::new(),
        chars: 0,
    };
    let mut facts: Vec<Fact> = Vec::new();
    let s = rng.pick(series);
    // Published after the last round it mentions.
    let last_round = rng.range(5, s.rounds.len() - 1);
    let published = s.rounds[last_round].start + chrono::Duration::days(rng.range(3, 30) as i64);
    let fact_count = rng.range(10, 30);
    let target_bytes = rng.range(3_000, 6_000);
    body.filler(rng, 12);
    for f in 0..fact_count {
        let fid = FactId::new(format!("fact-{f:02}"));
        let ev = |body: &mut Body, rng: &mut Rng| {
            let mut sentence = String::new();
            for _ in 0..rng.range(8, 16) {
                let _ = write!(sentence, "{} ", rng.pick(WORDS));
            }
            // The fact number keeps each evidence sentence unique.
            let _ = write!(sentence, "({} {})", id, f);
            let evidence = body.push(&sentence);
            body.push(". ");
            vec![evidence]
        };
        let fact = match rng.below(10) {
            0..=2 => {
                let round = &s.rounds[rng.range(0, last_round)];
                let month = month_index(round.start.year(), round.start.month());
                let mut participants = Vec::new();
                for g in &s.guarantors {
                    participants.push(Participant {
                        entity: EntityId::new(g.clone()),
                        role: Role::Guarantor,
                    });
                }
                for p in &s.parties {
                    participants.push(Participant {
                        entity: EntityId::new(p.clone()),
                        role: Role::Party,
                    });
                }
                for m in &s.observers {
                    let joined = month_index(m.joined.0, m.joined.1);
                    let active =
                        joined < month && m.left.is_none_or(|(y, mo)| month < month_index(y, mo));
                    if active {
                        participants.push(Participant {
                            entity: EntityId::new(m.entity.clone()),
                            role: Role::Observer,
                        });
                    }
                }
                Fact::Meeting(Meeting {
                    id: fid,
                    modality: Modality::Asserted,
                    condition: None,
                    series: EntityId::new(s.id.clone()),
                    round: Some(round.number),
                    meeting_key: None,
                    date: day_date(round.start),
                    venue: Some(EntityId::new(round.venue.clone())),
                    participants,
                    summary_en: format!("Round {} of {} was held.", round.number, s.id),
                    according_to: None,
                    inferred: Vec::new(),
                    note: None,
                    entity_mentions: Vec::new(),
                    evidence: ev(&mut body, rng),
                })
            }
            3..=4
                if month_index(rng.pick(&s.observers).joined.0, 12)
                    < month_index(published.year(), published.month()) =>
            {
                let m = rng.pick(&s.observers);
                // Only changes the article can report: before its publication month.
                let before = |(y, mo): (i32, u32)| {
                    month_index(y, mo) < month_index(published.year(), published.month())
                };
                let (change, (y, mo)) = match m.left {
                    Some(left) if before(left) && rng.below(2) == 0 => {
                        (ParticipationChangeKind::Left, left)
                    }
                    _ if before(m.joined) => (ParticipationChangeKind::Joined, m.joined),
                    _ => (ParticipationChangeKind::Joined, (published.year() - 1, 1)),
                };
                Fact::ParticipationChange(ParticipationChange {
                    id: fid,
                    modality: Modality::Asserted,
                    condition: None,
                    series: EntityId::new(s.id.clone()),
                    entity: EntityId::new(m.entity.clone()),
                    role: Role::Observer,
                    change,
                    round: None,
                    date: DateValue {
                        precision: DatePrecision::Month,
                        start: Some(PartialDate::year_month(y as u16, mo as u8)),
                        basis: Basis::Stated,
                        ..DateValue::not_given()
                    },
                    summary_en: format!("{} changed its participation.", m.entity),
                    according_to: None,
                    inferred: Vec::new(),
                    note: None,
                    entity_mentions: Vec::new(),
                    evidence: ev(&mut body, rng),
                })
            }
            5..=7 => {
                // Drawn in the order the fields were always drawn, so that a
                // seed gives the same corpus.
                let speakers = vec![EntityId::new(rng.pick(&reg.people).clone())];
                let direct = rng.below(2) == 0;
                let date = if rng.below(2) == 0 {
                    DateValue::not_given()
                } else {
                    day_date(published - chrono::Duration::days(rng.range(0, 2) as i64))
                };
                let about_facts = if f > 0 {
                    vec![FactId::new(format!("fact-{:02}", rng.below(f)))]
                } else {
                    Vec::new()
                };
                // A quoted statement's words stand inside quotation marks.
                if direct {
                    body.push("“");
                }
                let mut evidence = ev(&mut body, rng);
                if direct {
                    body.push("” ");
                }
                let span_mode = if direct {
                    SpanMode::Direct
                } else {
                    SpanMode::Reported
                };
                for e in &mut evidence {
                    e.mode = Some(span_mode);
                }
                Fact::Statement(Statement {
                    id: fid,
                    modality: Modality::Asserted,
                    condition: None,
                    speakers,
                    mode: if direct {
                        StatementMode::Direct
                    } else {
                        StatementMode::Reported
                    },
                    date,
                    original: None,
                    summary_en: "A speaker commented on the talks.".into(),
                    about_entities: vec![EntityId::new(s.id.clone())],
                    about_facts,
                    according_to: None,
                    inferred: Vec::new(),
                    note: None,
                    entity_mentions: Vec::new(),
                    evidence,
                })
            }
            _ => Fact::Claim(Claim {
                id: fid,
                modality: Modality::Asserted,
                condition: None,
                summary_en: "The article states a claim about the talks.".into(),
                date: None,
                about_entities: vec![EntityId::new(rng.pick(&reg.states).clone())],
                about_facts: Vec::new(),
                according_to: None,
                inferred: Vec::new(),
                note: None,
                entity_mentions: Vec::new(),
                evidence: ev(&mut body, rng),
            }),
        };
        facts.push(fact);
        if rng.below(3) == 0 {
            let words = rng.range(10, 25);
            body.filler(rng, words);
        }
    }
    while body.text.len() < target_bytes {
        body.filler(rng, 20);
    }
    let article = Article {
        schema: "../../../schema/article.schema.json".into(),
        schema_version: SCHEMA_VERSION,
        id: ArticleId::new(id.clone()),
        source: Source {
            outlet: EntityId::new(outlet.clone()),
            url: None,
            retrieved: None,
            note: None,
        },
        language: "ar".into(),
        published: day_date(published),
        title: None,
        derived_from: Vec::new(),
        body: body.text,
        text_notes: Vec::new(),
        facts,
    };
    (format!("articles/{outlet}/{id}.json"), article)
}

fn canonical<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("serialises");
    text.push('\n');
    text
}

/// The known errors `--corrupt` injects: (rule it must trigger, edit).
/// A rule, and an edit of a file's text that must trigger it.
type Corruption = (&'static str, fn(&str) -> String);

const CORRUPTIONS: &[Corruption] = &[
    ("evidence-quote-mismatch", shift_first_offset),
    ("invalid-date", impossible_publication_date),
    ("schema", misspelt_field),
    ("json-syntax", double_comma),
    ("unknown-reference", unknown_speaker),
    ("text-control-char", bidi_override),
    ("duplicate-id", repeated_fact_id),
];

fn shift_first_offset(t: &str) -> String {
    // The first evidence offset (a number, not the publication date string), plus one.
    let Some((i, _)) = t
        .match_indices("\"start\": ")
        .find(|(i, _)| t.as_bytes()[i + 9].is_ascii_digit())
    else {
        return t.to_owned();
    };
    let digits = t[i + 9..].bytes().take_while(u8::is_ascii_digit).count();
    let n: u64 = t[i + 9..i + 9 + digits].parse().expect("digits");
    format!("{}\"start\": {}{}", &t[..i], n + 1, &t[i + 9 + digits..])
}

fn impossible_publication_date(t: &str) -> String {
    let at = t.find("\"published\"").expect("has a publication date");
    let start = at
        + t[at..]
            .find("\"start\": \"")
            .expect("published has a start")
        + "\"start\": \"".len();
    format!("{}2023-02-30{}", &t[..start], &t[start + 10..])
}

fn misspelt_field(t: &str) -> String {
    t.replacen(
        "\"language\": \"ar\",",
        "\"language\": \"ar\",\n  \"langauge\": \"ar\",",
        1,
    )
}

fn double_comma(t: &str) -> String {
    t.replacen("\"language\": \"ar\",", "\"language\": \"ar\",,", 1)
}

fn unknown_speaker(t: &str) -> String {
    t.replacen(
        "\"speakers\": [\n        \"person-",
        "\"speakers\": [\n        \"nobody-",
        1,
    )
}

fn bidi_override(t: &str) -> String {
    t.replacen("\"summary_en\": \"", "\"summary_en\": \"\u{202E}", 1)
}

fn repeated_fact_id(t: &str) -> String {
    t.replacen("\"id\": \"fact-01\"", "\"id\": \"fact-00\"", 1)
}

fn main() {
    let mut articles = 1000usize;
    let mut seed = 1u64;
    let mut out: Option<PathBuf> = None;
    let mut corrupt = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--articles" => {
                articles = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--articles takes a number"))
            }
            "--seed" => {
                seed = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--seed takes a number"))
            }
            "--corrupt" => {
                corrupt = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--corrupt takes a number"))
            }
            "--out" => out = Some(PathBuf::from(value())),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let out = out.unwrap_or_else(|| usage("--out DIR is required"));
    refuse_unsafe_target(&out);
    let mut rng = Rng(seed);
    let reg = registry(&mut rng);
    let series = schedule(&reg, &mut rng);
    write(
        &out,
        "manifest.json",
        &canonical(&Manifest {
            schema: "../schema/manifest.schema.json".into(),
            schema_version: SCHEMA_VERSION,
            name: "synthetic".into(),
            title: "A synthetic corpus for benchmarks".into(),
            version: "0.0.0".into(),
            released: None,
            description: format!("{articles} synthetic articles, seed {seed}."),
            licenses: Licenses {
                code: "MIT OR Apache-2.0".into(),
                annotations: "CC0-1.0".into(),
                article_texts: "Generated.".into(),
            },
        }),
    );
    let mut used = std::collections::HashSet::new();
    let mut paths = Vec::new();
    for n in 0..articles {
        let (path, mut article) = article(n, &reg, &series, &mut rng);
        if n == 0 {
            // One claim names every entity, so none is unused in any corpus size.
            article.facts.push(Fact::Claim(Claim {
                id: FactId::new("all-entities"),
                modality: Modality::Asserted,
                condition: None,
                summary_en: "Every entity of the registry.".into(),
                date: None,
                about_entities: reg.entities.iter().map(|e| e.id.clone()).collect(),
                about_facts: Vec::new(),
                according_to: None,
                inferred: Vec::new(),
                note: None,
                entity_mentions: Vec::new(),
                evidence: vec![Evidence::new(
                    0,
                    3,
                    article.body.chars().take(3).collect::<String>(),
                )],
            }));
        }
        used.insert(article.source.outlet.to_string());
        let mut text = canonical(&article);
        if n < corrupt {
            let (rule, edit) = CORRUPTIONS[n % CORRUPTIONS.len()];
            let edited = edit(&text);
            if edited != text {
                text = edited;
                println!("{rule}\t{path}");
            }
        }
        write(&out, &path, &text);
        paths.push(path);
    }
    write(
        &out,
        "entities.json",
        &canonical(&EntitiesFile {
            schema: "../schema/entities.schema.json".into(),
            schema_version: SCHEMA_VERSION,
            entities: reg.entities,
        }),
    );
    eprintln!("synth: {} articles in {}", paths.len(), out.display());
}

fn refuse_unsafe_target(out: &Path) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let resolved = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    if resolved(out).starts_with(resolved(&data)) {
        usage("refusing to write into the crate's own data/ folder");
    }
    if out.exists()
        && std::fs::read_dir(out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        usage(&format!("{} is not empty", out.display()));
    }
}

fn write(out: &Path, relative: &str, text: &str) {
    let path = out.join(relative);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("can create folders");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn usage(message: &str) -> ! {
    eprintln!("synth: {message}\nusage: synth --articles N --seed S --out DIR [--corrupt K]");
    std::process::exit(2);
}
