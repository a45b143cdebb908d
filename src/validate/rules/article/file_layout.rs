//! `file-layout`: an article not at `articles/<outlet>/<id>.json`.

use super::ArticleContext;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Articles are filed by outlet and named by id, so that a path says
    /// what a file is, two files cannot claim one article unnoticed, and
    /// `new` and `fmt` know where an article belongs.
    id: "file-layout",
    severity: Error,
    summary: "An article file that is not at `articles/<source.outlet>/<id>.json`.",
    hint: "Move the file so that its folder is the outlet's entity id and its name is the article id.",
    fixture: include_str!("file_layout.fixture.json"),
}

/// The article's path against its outlet and id.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    let article = ctx.article;
    let expected = format!("articles/{}/{}.json", article.source.outlet, article.id);
    if ctx.file != expected {
        out.push(
            Draft::new(
                Rule::FileLayout,
                "/id",
                format!("the article `{}` is in {}", article.id, ctx.file),
            )
            .hint(format!(
                "Move the file to {expected}: articles are filed by outlet and named by id."
            )),
        );
    }
}
