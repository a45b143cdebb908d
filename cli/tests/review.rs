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
