//! The shipped corpus, read through the public API only: every fact the
//! first article states is there, with the roles, dates, precisions and
//! bases the text supports.

use astana_corpus::model::{
    Basis, DatePart, DatePrecision, EntityKind, Fact, FactKind, MembershipChangeKind, Modality,
    OriginKind, ParticipationChangeKind, Role, SpanMode, StatementMode,
};
use astana_corpus::Corpus;

const SEED: &str = "realist-arabic-7087a378d90ed0f8";

fn corpus() -> &'static Corpus {
    Corpus::embedded()
}

fn fact(id: &str) -> &'static Fact {
    corpus()
        .article(SEED)
        .and_then(|a| a.fact(id))
        .unwrap_or_else(|| panic!("fact {id} missing"))
}

fn ids<'a>(it: impl Iterator<Item = &'a astana_corpus::model::EntityId>) -> Vec<&'a str> {
    it.map(|id| id.as_str()).collect()
}

#[test]
fn twentieth_meeting_roster_date_and_venue() {
    let Fact::Meeting(m) = fact("meeting-round-20") else {
        panic!("not a meeting")
    };
    assert_eq!(m.series, "astana-format");
    assert_eq!(m.round, Some(20));
    assert_eq!(m.venue.as_deref(), Some("astana"));
    assert_eq!(m.modality, Modality::Asserted);
    assert_eq!(ids(m.with_role(Role::Host)), ["kazakhstan"]);
    assert_eq!(
        ids(m.with_role(Role::Guarantor)),
        ["russia", "turkey", "iran"]
    );
    assert_eq!(
        ids(m.with_role(Role::Party)),
        ["syrian-government", "syrian-opposition"]
    );
    assert_eq!(
        ids(m.with_role(Role::Observer)),
        ["united-nations", "jordan", "lebanon", "iraq"]
    );
    assert_eq!(m.with_role(Role::Mediator).count(), 0);
    assert!(!m.participants.iter().any(|p| p.entity == "united-states"));
    // 20–21 June, year not in the text: day precision, inferred, with a note.
    assert_eq!(m.date.precision, DatePrecision::Day);
    assert_eq!(m.date.start.unwrap().to_string(), "2023-06-20");
    assert_eq!(m.date.end.unwrap().to_string(), "2023-06-21");
    assert_eq!(m.date.basis, Basis::Inferred);
    assert!(m.date.note.as_deref().unwrap().contains("2023 is inferred"));
    // The host is inferred, and says so.
    assert!(m.inferred.iter().any(|i| i.path == "/participants/0"));
    assert_eq!(m.evidence.len(), 4);
}

#[test]
fn first_meeting_is_january_2017_to_the_month() {
    let Fact::Meeting(m) = fact("meeting-first-in-astana") else {
        panic!("not a meeting")
    };
    assert_eq!(m.round, Some(1));
    assert!(m.inferred.iter().any(|i| i.path == "/round"));
    assert_eq!(m.date.precision, DatePrecision::Month);
    assert_eq!(m.date.start.unwrap().to_string(), "2017-01");
    assert_eq!(m.date.end, None);
    assert_eq!(m.date.basis, Basis::Stated);
    assert_eq!(m.venue.as_deref(), Some("astana"));
}

#[test]
fn two_meetings_in_sochi_series_apart_from_venue() {
    let sochi: Vec<_> = corpus()
        .meetings_of_series("astana-format")
        .into_iter()
        .filter(|m| m.meeting.venue.as_deref() == Some("sochi"))
        .collect();
    assert_eq!(sochi.len(), 2);
    for m in sochi {
        assert_eq!(m.meeting.series, "astana-format");
        assert_eq!(m.meeting.round, None);
        assert!(m.meeting.date.is_unknown());
        assert_eq!(m.meeting.date.basis, Basis::Inferred);
        assert_eq!(m.meeting.date.earliest.unwrap().to_string(), "2017-01");
    }
}

#[test]
fn meetings_of_series_come_in_date_order_unknown_last() {
    let order: Vec<&str> = corpus()
        .meetings_of_series("astana-format")
        .iter()
        .map(|m| m.meeting.id.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "meeting-first-in-astana",
            "meeting-in-sochi-a",
            "meeting-in-sochi-b",
            "meeting-round-20"
        ]
    );
    assert!(corpus().meetings_of_series("geneva-process").is_empty());
}

#[test]
fn observers_throughout_are_states_and_the_us_declined_without_leaving() {
    // «عملت … كمراقبين على مدار عملية التفاوض»: a role held over the
    // process, not a joining in January 2017.
    for entity in ["united-nations", "jordan", "united-states"] {
        let Fact::ParticipationState(s) = fact(&format!("{entity}-observer-throughout")) else {
            panic!("not a participation state")
        };
        assert_eq!(s.entity, entity);
        assert_eq!(s.role, Role::Observer);
        assert_eq!(s.modality, Modality::Asserted);
        assert_eq!(s.from.start.unwrap().to_string(), "2017-01");
        assert_eq!(s.from.basis, Basis::Inferred);
        assert!(s.until.is_unknown());
        assert_eq!(s.until.basis, Basis::Inferred, "{entity}");
        let bounds = (
            s.until.earliest.map(|d| d.to_string()),
            s.until.latest.map(|d| d.to_string()),
        );
        let expected = match entity {
            // Listed at the 20th meeting: the period lasted until its last day.
            "united-nations" | "jordan" => (Some("2023-06-21".to_owned()), None),
            // Refused in May 2018 and missing from the 20th meeting's roster.
            _ => (Some("2018-05".to_owned()), Some("2023-06-20".to_owned())),
        };
        assert_eq!(bounds, expected, "{entity}");
    }
    // No query places the United States as an observer at the 20th meeting.
    let Fact::ParticipationState(us) = fact("united-states-observer-throughout") else {
        unreachable!()
    };
    assert!(us.until.upper_bound() <= chrono::NaiveDate::from_ymd_opt(2023, 6, 20));
    // «في مايو 2018، رفضت الولايات المتحدة المشاركة»: declining, not leaving.
    let Fact::ParticipationChange(us) = fact("united-states-declined-2018") else {
        panic!("not a participation change")
    };
    assert_eq!(us.entity, "united-states");
    assert_eq!(us.change, ParticipationChangeKind::Declined);
    assert_eq!(us.round, None);
    assert_eq!(us.date.precision, DatePrecision::Month);
    assert_eq!(us.date.start.unwrap().to_string(), "2018-05");
    assert_eq!(us.date.basis, Basis::Stated);
    assert!(corpus()
        .article(SEED)
        .unwrap()
        .facts
        .iter()
        .all(|f| !matches!(f, Fact::ParticipationChange(c) if c.change == ParticipationChangeKind::Left && c.entity == "united-states")));
    for entity in ["iraq", "lebanon"] {
        let Fact::ParticipationChange(c) = fact(&format!("{entity}-observer-joined-2019")) else {
            panic!("not a participation change")
        };
        assert_eq!(c.change, ParticipationChangeKind::Joined);
        assert_eq!(c.role, Role::Observer);
        assert_eq!(c.date.start.unwrap().to_string(), "2019-08");
        assert_eq!(c.date.basis, Basis::Stated);
    }
}

#[test]
fn statements_have_speakers_modes_and_their_own_clock() {
    let expect = [
        (
            "mfa-ready-to-resume",
            "kazakhstan-mfa",
            StatementMode::Reported,
        ),
        (
            "tumysh-twentieth-meeting-last",
            "kanat-tumysh",
            StatementMode::Reported,
        ),
        (
            "bogdanov-kazakhstan-initiative",
            "mikhail-bogdanov",
            StatementMode::Reported,
        ),
        (
            "mfa-decision-basis",
            "kazakhstan-mfa",
            StatementMode::Reported,
        ),
        (
            "mfa-regional-change",
            "kazakhstan-mfa",
            StatementMode::Reported,
        ),
        (
            "mfa-regional-change-quoted",
            "kazakhstan-mfa",
            StatementMode::Direct,
        ),
        (
            "mfa-syria-exit-success",
            "kazakhstan-mfa",
            StatementMode::Reported,
        ),
    ];
    for (id, speaker, mode) in expect {
        let Fact::Statement(s) = fact(id) else {
            panic!("{id} is not a statement")
        };
        assert_eq!(ids(s.speakers.iter()), [speaker], "{id}");
        assert_eq!(s.mode, mode, "{id}");
        // The article dates none of its statements; each is bounded below
        // by one rule (codebook, Conventions: dating what was said).
        assert!(s.date.is_unknown(), "{id}");
        assert_eq!(s.date.basis, Basis::Inferred, "{id}");
        let earliest = if id == "mfa-ready-to-resume" {
            // Ready to resume: hosting had ended, on the meeting's last day.
            "2023-06-21"
        } else {
            "2023-06-20"
        };
        assert_eq!(
            s.date.earliest.map(|d| d.to_string()).as_deref(),
            Some(earliest),
            "{id}"
        );
        assert_eq!(s.date.latest, None, "{id}");
    }
    // A direct statement's evidence lies inside the quotation marks: after
    // the opening «“» and before «وقالت الوزارة», where reporting resumes.
    let article = corpus().article(SEED).unwrap();
    let body: Vec<char> = article.body.chars().collect();
    let open = body.iter().position(|c| *c == '“').unwrap();
    let Fact::Statement(quoted) = fact("mfa-regional-change-quoted") else {
        unreachable!()
    };
    let reported_again = article.body.find("وقالت الوزارة").unwrap();
    let reported_again = article.body[..reported_again].chars().count();
    for e in &quoted.evidence {
        assert!(
            e.start as usize > open && (e.end as usize) < reported_again,
            "{e:?}"
        );
    }
    for id in ["mfa-regional-change", "mfa-syria-exit-success"] {
        let Fact::Statement(s) = fact(id) else {
            unreachable!()
        };
        for e in &s.evidence {
            let inside = e.start as usize > open && (e.end as usize) < reported_again;
            assert!(!inside, "{id}: a reported span inside the quotation: {e:?}");
        }
    }
    let Fact::Statement(s) = fact("tumysh-twentieth-meeting-last") else {
        unreachable!()
    };
    assert_eq!(s.about_facts, ["meeting-round-20"]);
    assert_eq!(corpus().facts_of_kind(FactKind::Statement).count(), 7);
}

#[test]
fn each_statement_span_says_whether_it_quotes_or_reports() {
    // A direct span lies inside quotation marks. The ministry's «“» is never
    // closed, so its quotation runs to the end of the paragraph, and the
    // words after «وقالت الوزارة إن» ("and the ministry said that"), where
    // the article reports again, are inside it yet `reported`.
    let article = corpus().article(SEED).unwrap();
    let quotations = astana_corpus::text::quotations(&article.body);
    let mut direct = Vec::new();
    for f in corpus().facts_of_kind(FactKind::Statement) {
        let Fact::Statement(s) = f.fact else {
            unreachable!()
        };
        for e in &s.evidence {
            match e.mode.expect("every statement span has a mode") {
                SpanMode::Direct => {
                    assert!(
                        astana_corpus::text::within_quotation(
                            &quotations,
                            e.start as usize,
                            e.end as usize
                        ),
                        "{}: {e:?}",
                        s.id
                    );
                    direct.push(s.id.as_str());
                }
                _ => assert_ne!(s.mode, StatementMode::Direct, "{}", s.id),
            }
        }
    }
    assert_eq!(direct, ["mfa-regional-change-quoted"]);
}

#[test]
fn nothing_given_is_not_stated() {
    // A date that writes no value and no bound says the text gives nothing.
    let Fact::MembershipChange(m) = fact("syria-arab-league-membership-restored") else {
        panic!("not a membership change")
    };
    assert_eq!(m.date.basis, Basis::NotGiven);
    for f in corpus().facts() {
        for (field, d) in f.fact.dates() {
            let writes =
                d.start.is_some() || d.end.is_some() || d.earliest.is_some() || d.latest.is_some();
            assert_eq!(
                d.basis == Basis::NotGiven,
                !writes,
                "{}: {field}",
                f.global_id()
            );
        }
    }
}

#[test]
fn the_ministry_statements_render_one_original() {
    let article = corpus().article(SEED).unwrap();
    let [origin] = article.derived_from.as_slice() else {
        panic!("one origin: {:?}", article.derived_from)
    };
    assert_eq!(origin.id, "kazakhstan-mfa-2023-06-22");
    assert_eq!(origin.issuer, "kazakhstan-mfa");
    assert_eq!(origin.kind, OriginKind::Statement);
    assert_eq!(
        origin.date.start.map(|d| d.to_string()).as_deref(),
        Some("2023-06-22")
    );
    // Not in the article: inferred from the other versions, every part.
    assert_eq!(origin.date.basis, Basis::Inferred);
    assert_eq!(
        origin.date.inferred_parts,
        [DatePart::Year, DatePart::Month, DatePart::Day]
    );
    assert_eq!(origin.url, None, "no address was verified");
    let statements = corpus().statements();
    assert_eq!(statements.len(), 7);
    let rendering: Vec<(String, &str)> = statements
        .iter()
        .map(|s| (s.id(), s.renderings[0].statement.id.as_str()))
        .collect();
    assert_eq!(
        rendering,
        [
            (
                "kazakhstan-mfa-2023-06-22#decision-basis".to_owned(),
                "mfa-decision-basis"
            ),
            (
                "kazakhstan-mfa-2023-06-22#ready-to-resume".to_owned(),
                "mfa-ready-to-resume"
            ),
            (
                "kazakhstan-mfa-2023-06-22#regional-developments".to_owned(),
                "mfa-regional-change-quoted"
            ),
            (
                "kazakhstan-mfa-2023-06-22#situation-changing".to_owned(),
                "mfa-regional-change"
            ),
            (
                "kazakhstan-mfa-2023-06-22#syria-exit-success".to_owned(),
                "mfa-syria-exit-success"
            ),
            // Nothing says Tumysh's and Bogdanov's words come from it.
            (
                format!("{SEED}#tumysh-twentieth-meeting-last"),
                "tumysh-twentieth-meeting-last"
            ),
            (
                format!("{SEED}#bogdanov-kazakhstan-initiative"),
                "bogdanov-kazakhstan-initiative"
            ),
        ]
    );
    for s in &statements[..5] {
        assert_eq!(s.origin, Some(origin));
        assert_eq!(s.renderings.len(), 1);
    }
}

/// Two articles that rewrite one statement: one statement, two renderings.
#[test]
fn renderings_of_one_original_are_one_statement() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/valid/reprinted-statement"
    );
    let corpus = Corpus::from_dir(dir).unwrap();
    let statements = corpus.statements();
    let [s] = statements.as_slice() else {
        panic!("{statements:?}")
    };
    assert_eq!(s.id(), "test-spokesperson-2023-06-21#meeting-success");
    assert_eq!(s.articles(), 2);
    let modes: Vec<(String, StatementMode)> = s
        .renderings
        .iter()
        .map(|r| (r.global_id(), r.statement.mode))
        .collect();
    assert_eq!(
        modes,
        [
            // In file order: `test-article-2.json` sorts first.
            (
                "test-article-2#spokesperson-success".to_owned(),
                StatementMode::Direct
            ),
            (
                "test-article#spokesperson-success".to_owned(),
                StatementMode::Mixed
            ),
        ]
    );
    assert_eq!(
        s.origin.map(|o| o.issuer.as_str()),
        Some("test-spokesperson")
    );
}

#[test]
fn reported_regional_facts_cite_the_ministry_statement() {
    let Fact::MembershipChange(m) = fact("syria-arab-league-membership-restored") else {
        panic!("not a membership change")
    };
    assert_eq!(m.member, "syria");
    assert_eq!(m.organization, "arab-league");
    assert_eq!(m.change, MembershipChangeKind::Restored);
    assert!(m.date.is_unknown());
    // Each claim cites the part of the ministry's words it comes from: the
    // reported clause, the quotation, or the words after «وقالت الوزارة».
    for (id, source) in [
        ("middle-east-situation-changing", "mfa-regional-change"),
        (
            "arab-states-wish-restored-relations",
            "mfa-regional-change-quoted",
        ),
        (
            "syria-arab-league-membership-restored",
            "mfa-regional-change-quoted",
        ),
        ("turkey-intends-normalisation", "mfa-regional-change-quoted"),
        ("syria-exit-from-isolation", "mfa-syria-exit-success"),
    ] {
        assert_eq!(
            fact(id).according_to().map(|f| f.as_str()),
            Some(source),
            "{id}"
        );
    }
    for id in ["format-complements-geneva", "format-initial-goals-achieved"] {
        assert_eq!(
            fact(id).according_to().map(|f| f.as_str()),
            Some("mfa-decision-basis")
        );
    }
    let Fact::Claim(geneva) = fact("format-complements-geneva") else {
        panic!("not a claim")
    };
    assert_eq!(
        ids(geneva.about_entities.iter()),
        ["astana-format", "geneva-process"]
    );
}

#[test]
fn positions_are_facts_and_registry_entries() {
    let Fact::PositionHeld(p) = fact("tumysh-deputy-foreign-minister") else {
        panic!("not a position")
    };
    assert_eq!(p.person, "kanat-tumysh");
    assert_eq!(p.of.as_deref(), Some("kazakhstan-mfa"));
    // Titles are given at the time of speaking, so each position takes its
    // speaker's statement's date.
    for (position, statement) in [
        (
            "tumysh-deputy-foreign-minister",
            "tumysh-twentieth-meeting-last",
        ),
        (
            "bogdanov-special-representative",
            "bogdanov-kazakhstan-initiative",
        ),
        (
            "bogdanov-deputy-foreign-minister",
            "bogdanov-kazakhstan-initiative",
        ),
    ] {
        let (Fact::PositionHeld(p), Fact::Statement(s)) = (fact(position), fact(statement)) else {
            panic!("{position} or {statement} of the wrong kind")
        };
        assert_eq!(p.date.earliest, s.date.earliest, "{position}");
        assert_eq!(p.date.basis, Basis::Inferred, "{position}");
        assert_eq!(p.date.inferred_parts, [DatePart::Earliest], "{position}");
        assert!(
            p.date
                .note
                .as_deref()
                .is_some_and(|n| n.contains(statement)),
            "{position}: the note names the statement"
        );
    }
    let bogdanov = corpus().entity("mikhail-bogdanov").unwrap();
    assert_eq!(bogdanov.kind, EntityKind::Person);
    assert_eq!(bogdanov.positions.len(), 2);
    for position in &bogdanov.positions {
        for r in &position.stated_in {
            let Some(Fact::PositionHeld(f)) =
                corpus().article(&r.article).and_then(|a| a.fact(&r.fact))
            else {
                panic!("{r:?} is not a position_held fact")
            };
            assert_eq!(f.person, "mikhail-bogdanov");
            assert_eq!(f.title, position.title);
            assert_eq!(f.of, position.of);
        }
    }
}

#[test]
fn a_condition_is_not_recorded_as_an_event() {
    // «وأعرب المشاركون … فإن كازاخستان مستعدة …»: the request is the
    // condition of Kazakhstan's readiness, not a request that was made.
    let article = corpus().article(SEED).unwrap();
    assert!(article
        .facts
        .iter()
        .all(|f| f.id().as_str() != "participants-request-continuation"));
    let Fact::ParticipationChange(again) = fact("kazakhstan-ready-to-host-again") else {
        panic!("not a participation change")
    };
    assert_eq!(again.modality, Modality::Conditional);
    assert!(again
        .condition
        .as_ref()
        .unwrap()
        .text_en
        .starts_with("if the participants"));
    assert_eq!(
        (again.entity.as_str(), again.role),
        ("kazakhstan", Role::Host)
    );
    assert_eq!(again.change, ParticipationChangeKind::Resumed);
    assert!(!fact("kazakhstan-ready-to-host-again").is_actual());
    // «استئناف العملية» is 'resuming the process': the role and the change
    // are inferred, and the fact restates the ministry's statement.
    let inferred: Vec<&str> = again.inferred.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(inferred, ["/role", "/change"]);
    assert_eq!(
        again.according_to.as_ref().map(|f| f.as_str()),
        Some("mfa-ready-to-resume")
    );
    assert!(
        !again.summary_en.contains("hosting"),
        "{}",
        again.summary_en
    );
    let quotes: Vec<&str> = again.evidence.iter().map(|e| e.quote.as_str()).collect();
    assert!(quotes[0].starts_with("وأعرب المشاركون"));
    assert!(quotes[1].starts_with("فإن كازاخستان مستعدة"));
    // Every other fact of the article is asserted.
    for f in &article.facts {
        if f.id().as_str() != "kazakhstan-ready-to-host-again" {
            assert_eq!(f.modality(), Modality::Asserted, "{}", f.id());
            assert!(f.condition().is_none(), "{}", f.id());
        }
    }
}

#[test]
fn kazakhstan_ends_its_role_as_host_after_the_twentieth_round() {
    let Fact::ParticipationChange(ends) = fact("kazakhstan-host-ends-after-round-20") else {
        panic!("not a participation change")
    };
    assert_eq!(ends.modality, Modality::Asserted);
    assert_eq!(
        (ends.entity.as_str(), ends.role),
        ("kazakhstan", Role::Host)
    );
    assert_eq!(ends.change, ParticipationChangeKind::Left);
    assert_eq!(ends.date.earliest.unwrap().to_string(), "2023-06-21");
    assert_eq!(ends.date.inferred_parts, [DatePart::Earliest]);
    assert_eq!(
        ends.according_to.as_deref(),
        Some("tumysh-twentieth-meeting-last")
    );
}

#[test]
fn dates_stated_in_part_keep_their_stated_parts() {
    let Fact::Meeting(m) = fact("meeting-round-20") else {
        panic!("not a meeting")
    };
    // «يومي 20 و21 حزيران / يونيو»: day and month stated, year inferred.
    assert_eq!(m.date.inferred_parts, [DatePart::Year]);
    assert!(!m.date.is_inferred(DatePart::Day));
    // Statements about the end of the meetings in Astana are bounded by
    // the 20th meeting: by its first day, or, when the words presuppose it
    // ended (ready to *resume*), by its last (statements_have_speakers…).
    for id in [
        "tumysh-twentieth-meeting-last",
        "bogdanov-kazakhstan-initiative",
        "mfa-decision-basis",
        "mfa-regional-change",
    ] {
        let Fact::Statement(s) = fact(id) else {
            panic!("{id} is not a statement")
        };
        assert_eq!(s.date.earliest.unwrap().to_string(), "2023-06-20", "{id}");
        assert_eq!(s.date.inferred_parts, [DatePart::Earliest], "{id}");
        let note = s.date.note.as_deref().unwrap_or("");
        assert!(note.contains("dating what was said"), "{id}: {note}");
        // The note gives the day the bound is.
        assert!(note.contains("first day, 20 June"), "{id}: {note}");
    }
}

#[test]
fn the_capital_of_the_republic_is_astana() {
    // «عاصمة الجمهورية» names Astana without naming it, twice.
    for (id, start) in [("mfa-ready-to-resume", 148), ("meeting-round-20", 320)] {
        let mentions = fact(id).entity_mentions();
        let m = mentions
            .iter()
            .find(|m| m.evidence.start == start)
            .unwrap_or_else(|| panic!("{id}: no mention at {start}"));
        assert_eq!(
            (m.entity.as_str(), m.evidence.quote.as_str()),
            ("astana", "عاصمة الجمهورية")
        );
    }
    assert_eq!(
        corpus().entity("astana").unwrap().wikidata.as_deref(),
        Some("Q1520")
    );
    // The title and the name: «…، نائب وزير الخارجية ميخائيل بوغدانوف».
    assert!(fact("bogdanov-special-representative").evidence()[0]
        .quote
        .ends_with("ميخائيل بوغدانوف"));
}

#[test]
fn damascus_is_a_mention_on_the_fact_not_a_name_of_the_government() {
    let government = corpus().entity("syrian-government").unwrap();
    assert!(government.other_names.iter().all(|n| n.text != "دمشق"));
    let f = fact("arab-states-wish-restored-relations");
    let mention = &f.entity_mentions()[0];
    assert_eq!(mention.entity, "syrian-government");
    assert_eq!(mention.evidence.quote, "دمشق");
    // Ministries are part of governments, governments of states.
    for (ministry, government, state) in [
        ("kazakhstan-mfa", "kazakhstan-government", "kazakhstan"),
        ("russia-mfa", "russia-government", "russia"),
    ] {
        let m = corpus().entity(ministry).unwrap();
        assert_eq!(m.part_of.as_deref(), Some(government));
        let g = corpus().entity(government).unwrap();
        assert_eq!(g.kind, EntityKind::Government);
        assert_eq!(g.part_of.as_deref(), Some(state));
    }
}

#[test]
fn one_record_per_real_meeting() {
    let meetings = corpus().meetings();
    let described: Vec<String> = meetings
        .iter()
        .map(|m| format!("{} {} {}", m.series, m.identity, m.mentions.len()))
        .collect();
    assert_eq!(
        described,
        [
            "astana-format round 1 1",
            "astana-format round 20 1",
            "astana-format meeting `sochi-1` 1",
            "astana-format meeting `sochi-2` 1",
        ]
    );
    let twentieth = &meetings[1];
    assert_eq!(twentieth.articles, 1);
    assert_eq!(twentieth.modality, Modality::Asserted);
    assert_eq!(twentieth.participants.len(), 10);
    assert_eq!(
        twentieth.date.as_ref().unwrap().attested_by[0].global_id(),
        format!("{SEED}#meeting-round-20")
    );
    assert_eq!(twentieth.venue.as_ref().unwrap().value.as_str(), "astana");
}

#[test]
fn text_defects_are_described_not_fixed() {
    let article = corpus().article(SEED).unwrap();
    assert!(article.body.contains("الانسحاب التدريجي لسوريا من سوريا"));
    let quotes: Vec<&str> = article
        .text_notes
        .iter()
        .flat_map(|n| n.evidence.iter().map(|e| e.quote.as_str()))
        .collect();
    assert!(quotes.contains(&"الانسحاب التدريجي لسوريا من سوريا"));
    assert!(quotes.contains(&"\u{201C}"));
    // The missing «إذا» before «فإن», and the verb displaced inside the
    // list of the format's goals.
    assert!(quotes.contains(&"فإن"));
    assert!(quotes.contains(&"وتم تحقيق"));
    assert_eq!(article.body.matches('\u{201C}').count(), 1);
    assert_eq!(article.body.matches('\u{201D}').count(), 0);
}

#[test]
fn publication_date_is_unknown_with_a_lower_bound() {
    let article = corpus().article(SEED).unwrap();
    assert_eq!(article.published.precision, DatePrecision::Unknown);
    assert_eq!(article.published.start, None);
    assert_eq!(
        article.published.earliest.unwrap().to_string(),
        "2023-06-21"
    );
    assert_eq!(article.published.latest, None);
    assert_eq!(article.published.basis, Basis::Inferred);
    assert_eq!(article.title, None);
    assert_eq!(article.language, "ar");
    assert_eq!(article.source.outlet, "realist-arabic");
}

#[test]
fn entities_have_names_and_only_certain_external_ids() {
    let c = corpus();
    for entity in c.entities() {
        assert!(
            !entity.name.en.is_empty() && !entity.name.ar.is_empty(),
            "{}",
            entity.id
        );
        // ISO 3166-1 codes belong to states only.
        if entity.iso3166_1.is_some() {
            assert_eq!(entity.kind, EntityKind::State, "{}", entity.id);
        }
    }
    let astana = c.entity("astana").unwrap();
    let nur_sultan = astana
        .other_names
        .iter()
        .find(|n| n.text == "Nur-Sultan")
        .unwrap();
    assert_eq!(nur_sultan.from.unwrap().to_string(), "2019-03");
    assert_eq!(nur_sultan.until.unwrap().to_string(), "2022-09");
    assert_eq!(c.entity("russia").unwrap().iso3166_1.as_deref(), Some("RU"));
    assert_eq!(
        c.entity("united-states").unwrap().wikidata.as_deref(),
        Some("Q30")
    );
}

#[test]
fn facts_mentioning_an_entity() {
    let ids: Vec<String> = corpus()
        .facts_mentioning("united-states")
        .map(|e| e.global_id())
        .collect();
    assert_eq!(
        ids,
        [
            format!("{SEED}#united-states-observer-throughout"),
            format!("{SEED}#united-states-declined-2018"),
        ]
    );
}

#[test]
fn dataset_version_is_the_crate_version() {
    assert_eq!(corpus().manifest().version, astana_corpus::DATA_VERSION);
    assert_eq!(
        corpus().manifest().schema_version,
        astana_corpus::model::SCHEMA_VERSION
    );
}
