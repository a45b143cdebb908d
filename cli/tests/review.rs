//! `astana-corpus review`: the site renders the shipped data, renders
//! articles with errors (showing their findings), escapes whatever the data
//! holds, and loads nothing from the network.

mod common;

use std::path::Path;

fn review(data: &Path) -> common::TempPath {
    let out = common::temp_path("site");
    let run = common::tool()
        .arg("review")
        .arg(data)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap()
}

#[test]
fn the_shipped_data_gets_an_index_and_one_page_per_article() {
    let site = review(&common::repo().join("data"));
    let page = read(&site, "articles/realist-arabic-7087a378d90ed0f8.html");
    assert!(page.contains("<div class=\"body\" id=\"body\" lang=\"ar\" dir=\"rtl\">"));
    // One button per fact, and the conditional fact shows its condition.
    let facts = astana_corpus::Corpus::embedded()
        .article("realist-arabic-7087a378d90ed0f8")
        .unwrap()
        .facts
        .len();
    assert_eq!(
        page.matches("<button type=\"button\" class=\"pick\"")
            .count(),
        facts
    );
    assert!(page.contains("<dt>modality</dt><dd>conditional</dd><dt>condition</dt>"));
    // The filter (shown by the script) and what it matches on.
    assert!(page.contains("<form class=\"filter\" hidden aria-label=\"Filter the facts\">"));
    assert!(page.contains("<option value=\"iraq\">Iraq (iraq)</option>"));
    assert!(page.contains("data-kind=\"meeting\" data-modality=\"asserted\" data-entities=\" "));
    assert_eq!(page.matches(" data-kind=\"").count(), facts);
    assert!(page.contains("year inferred"));
    let index = read(&site, "index.html");
    assert!(index.contains("<code>astana-format#round-20</code>"));
    for (name, text) in [("index", &index), ("article", &page)] {
        for external in [
            "src=\"http",
            "href=\"http",
            "src=\"//",
            "href=\"//",
            "@import",
            "url(",
        ] {
            assert!(!text.contains(external), "{name} loads {external}");
        }
    }
    assert!(!read(&site, "review.css").contains("url("));
    std::fs::remove_dir_all(site).unwrap();
}

#[test]
fn articles_with_errors_still_render_with_their_findings() {
    for rule in [
        "schema",
        "json-syntax",
        "evidence-out-of-bounds",
        "evidence-quote-mismatch",
    ] {
        let data = common::copy_fixture(&format!("invalid/{rule}"));
        let site = review(&data);
        let page = read(&site, "articles/test-article.html");
        assert!(page.contains(&format!("[{rule}]")), "{rule}: {page}");
        if rule != "json-syntax" {
            assert!(page.contains("dir=\"rtl\""), "{rule}: the text is shown");
        }
        std::fs::remove_dir_all(site).unwrap();
        std::fs::remove_dir_all(data).unwrap();
    }
}

#[test]
fn text_from_the_data_cannot_add_markup() {
    let data = common::copy_fixture("valid/base");
    let path = data.join("articles/test-outlet/test-article.json");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "The spokesperson said the meeting was a success.",
        "</p><script>alert(1)</script><img src=x onerror=alert(2)> \\\"quoted\\\"",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let site = review(&data);
    let page = read(&site, "articles/test-article.html");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img"), "{page}");
    assert!(page.contains("&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    std::fs::remove_dir_all(site).unwrap();
    std::fs::remove_dir_all(data).unwrap();
}

#[test]
fn the_index_draws_the_process_and_gives_each_meeting_its_roster_and_facts() {
    let site = review(&common::repo().join("data"));
    let index = read(&site, "index.html");
    assert!(
        index.contains("1 article, 0 errors and 0 warnings in all."),
        "{index}"
    );
    // One picture of the series, with a text alternative, and a mark for
    // each of round 20's ten participants in its role.
    assert_eq!(index.matches("<svg role=\"img\"").count(), 1);
    assert!(index.contains("<desc id=\"process-0-desc\">2 rounds of Astana format"));
    assert_eq!(index.matches("<g class=\"mark ").count(), 10);
    assert!(index.contains("data-round=\"20\" data-entity=\"iraq\" data-role=\"observer\""));
    // Round 20's date has an inferred year: drawn apart from a stated day.
    let round_20 = index
        .split("<g class=\"round\" data-round=\"20\"")
        .nth(1)
        .unwrap();
    assert!(round_20
        .split("</g>")
        .next()
        .unwrap()
        .contains("class=\"partial\""));
    // The table: the roster by role and a link to the fact that attests it.
    assert!(index.contains("<li>observer (4): "), "{index}");
    assert!(index.contains(
        "<a href=\"articles/realist-arabic-7087a378d90ed0f8.html#fact-meeting-round-20\">"
    ));
    assert!(index.contains("A date ending in <code>*</code> is inferred"));
    // A page per entity: Iraq's two facts and its role at round 20.
    assert!(index.contains("<a href=\"entities/iraq.html\"><bdi>Iraq</bdi></a>"));
    let iraq = read(&site, "entities/iraq.html");
    assert_eq!(iraq.matches("<tr class=\"ref\">").count(), 2, "{iraq}");
    assert!(iraq.contains("<tr data-meeting=\"astana-format#round-20\" data-role=\"observer\">"));
    assert!(iraq.contains(
        "href=\"../articles/realist-arabic-7087a378d90ed0f8.html#fact-iraq-observer-joined-2019\""
    ));
    let entities = std::fs::read_dir(site.join("entities")).unwrap().count();
    assert_eq!(entities, astana_corpus::Corpus::embedded().entities().len());
    std::fs::remove_dir_all(site).unwrap();
}

#[test]
fn names_from_the_registry_cannot_add_markup_to_the_picture_or_entity_pages() {
    let data = common::copy_fixture("valid/base");
    let path = data.join("entities.json");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "\"en\": \"",
        "\"en\": \"</text><script>alert(1)</script>\\\"' ",
    );
    std::fs::write(&path, text).unwrap();
    let site = review(&data);
    let index = read(&site, "index.html");
    assert!(index.contains("<svg role=\"img\""), "{index}");
    assert!(!index.contains("<script>"), "{index}");
    assert!(index.contains("&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    for page in std::fs::read_dir(site.join("entities")).unwrap() {
        let page = std::fs::read_to_string(page.unwrap().path()).unwrap();
        assert!(!page.contains("<script>"), "{page}");
    }
    std::fs::remove_dir_all(site).unwrap();
    std::fs::remove_dir_all(data).unwrap();
}
