//! A document's page (its text, with links to the runbooks it holds) and its source
//! page (the Markdown, line by line, the target of every `#L12` link).

use super::index::RunbookRow;
use super::Ctx;
use crate::emit::site::html::{blocks_html, doc_sections_html, source_lines};
use crate::emit::site::renderer::v;
use crate::emit::site::SiteError;
use crate::model::Document;
use crate::source::SourceFile;
use std::collections::HashMap;
use std::sync::Arc;

/// The pages of document `di`, `d`, whose runbooks are `rows`.
pub(crate) fn write(
    cx: &Ctx,
    sources: &HashMap<Arc<str>, SourceFile>,
    (di, d): (usize, &Document),
    rows: &[&RunbookRow],
) -> Result<(), SiteError> {
    let (doc_page, src_page) = (
        &cx.layout.documents[di].page,
        &cx.layout.documents[di].source,
    );
    let links = cx.links(&d.path, "../");
    let mut body = blocks_html(&d.preamble, &links);
    doc_sections_html(&d.sections, &links, &mut body);
    let title = d.title.clone().unwrap_or_else(|| d.path.clone());
    cx.put(cx.r.page(
        "document.html",
        doc_page,
        &title,
        minijinja::context! {
            title => title.clone(),
            path => d.path.clone(),
            source_url => src_page,
            edit_url => cx.edit.map_or(String::new(), |e| e.url(&d.path, 1)),
            runbooks => v(&rows),
            body => minijinja::Value::from_safe_string(body),
        },
    )?)?;
    let text = sources
        .get(d.path.as_str())
        .map(|s| s.text.as_str())
        .unwrap_or("");
    cx.put(cx.r.page(
        "source.html",
        src_page,
        &d.path,
        minijinja::context! {
            path => d.path.clone(),
            doc_url => doc_page,
            lines => minijinja::Value::from_safe_string(source_lines(text)),
        },
    )?)
}
