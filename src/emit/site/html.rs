//! HTML fragments built from the model: blocks, lists, document sections and source
//! lines, every text escaped (by [`render`]); and the unique `id`s of a page.

use super::render::{self, escape, Links};
use crate::model::{Block, CodeBlock, DocSection};
use std::collections::BTreeSet;

/// The `id`s used on one page, so that every one is unique (label sections share the
/// runbook's anchor; procedures from two documents can share a title).
#[derive(Default)]
pub(crate) struct Ids(BTreeSet<String>);

impl Ids {
    pub(crate) fn unique(&mut self, base: &str) -> String {
        let mut b = render::anchor_id(base);
        if b.is_empty() {
            b = "section".into();
        }
        let mut id = b.clone();
        let mut n = 1;
        while !self.0.insert(id.clone()) {
            n += 1;
            id = format!("{b}-{n}");
        }
        id
    }

    pub(crate) fn section(&mut self, head: &crate::model::SectionHead) -> String {
        if head.label {
            self.unique(&crate::slug::github_anchor(&head.title))
        } else {
            self.unique(&head.anchor)
        }
    }
}

/// A list item's Markdown with its continuation lines moved left by their common
/// indentation (the item's content column), so that it reads on its own as it read in
/// the item: a fence indented under `1. ` is a fence again, not indented code.
fn dedent_continuation(md: &str) -> String {
    let mut lines = md.lines();
    let first = lines.next().unwrap_or("");
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = first.to_string();
    for l in rest {
        out.push('\n');
        out.push_str(l.get(indent..).unwrap_or(l.trim_start_matches(' ')));
    }
    out
}

pub(crate) fn blocks_html(blocks: &[Block], links: &Links) -> String {
    let mut out = String::new();
    let mut at = 0;
    while at < blocks.len() {
        let b = &blocks[at];
        at += 1;
        match b {
            Block::Code(c) => out.push_str(&render::code_block(c)),
            Block::Paragraph(p) | Block::Quote(p) | Block::Html(p) => {
                out.push_str(&render::markdown(&p.markdown, links, false))
            }
            Block::List(l) => {
                let tag = if l.ordered { "ol" } else { "ul" };
                let start = match l.start {
                    Some(n) if l.ordered && n != 1 => format!(" start=\"{n}\""),
                    _ => String::new(),
                };
                out.push_str(&format!("<{tag}{start}>"));
                // CommonMark puts a fence inside a list item (a numbered step and its
                // command); the model keeps it as a code block after the list. Each is
                // shown once, inside its item.
                let mut inner: Vec<Vec<&CodeBlock>> = vec![Vec::new(); l.items.len()];
                while let Some(Block::Code(c)) = blocks.get(at) {
                    let Some(k) = l.items.iter().position(|i| {
                        i.span.file == c.span.file
                            && i.span.start <= c.span.start
                            && c.span.end <= i.span.end
                    }) else {
                        break;
                    };
                    inner[k].push(c);
                    at += 1;
                }
                for (i, code) in l.items.iter().zip(&inner) {
                    out.push_str("<li>");
                    if let Some(c) = i.checked {
                        out.push_str(if c {
                            "<input type=\"checkbox\" checked disabled> "
                        } else {
                            "<input type=\"checkbox\" disabled> "
                        });
                    }
                    if code.is_empty() {
                        out.push_str(&render::markdown(&i.markdown, links, true));
                    } else {
                        out.push_str(&render::markdown_without_code(
                            &dedent_continuation(&i.markdown),
                            links,
                        ));
                        for c in code {
                            out.push_str(&render::code_block(c));
                        }
                    }
                    out.push_str("</li>");
                }
                out.push_str(&format!("</{tag}>"));
            }
            Block::Table(t) => {
                out.push_str("<div class=\"table\"><table><thead><tr>");
                for h in &t.header {
                    out.push_str(&format!("<th>{}</th>", render::markdown(h, links, true)));
                }
                out.push_str("</tr></thead><tbody>");
                for r in &t.rows {
                    out.push_str("<tr>");
                    for c in &r.cells {
                        out.push_str(&format!("<td>{}</td>", render::markdown(c, links, true)));
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table></div>");
            }
            Block::Rule { .. } => out.push_str("<hr>"),
        }
    }
    out
}

pub(crate) fn list_html(items: &[crate::model::ListEntry], links: &Links) -> String {
    let mut out = String::from("<ul>");
    for i in items {
        out.push_str(&format!(
            "<li>{}</li>",
            render::markdown(&i.markdown, links, true)
        ));
    }
    out.push_str("</ul>");
    out
}

pub(crate) fn doc_sections_html(sections: &[DocSection], links: &Links, out: &mut String) {
    for s in sections {
        let level = s.level.clamp(2, 6);
        out.push_str(&format!(
            "<h{level} id=\"{}\">{}</h{level}>",
            escape(&render::anchor_id(&s.anchor)),
            escape(&s.title)
        ));
        out.push_str(&blocks_html(&s.blocks, links));
        doc_sections_html(&s.children, links, out);
    }
}

pub(crate) fn all_sections(sections: &[DocSection]) -> Vec<&DocSection> {
    let mut v = Vec::new();
    for s in sections {
        v.push(s);
        v.extend(all_sections(&s.children));
    }
    v
}

/// The lines of a source page, each `<span id="L12">` (the target of `#L12` links);
/// the numbers are drawn by the style sheet (a CSS counter), not written per line,
/// which kept source pages at about a third of their former size.
pub(crate) fn source_lines(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, line) in text.lines().enumerate() {
        let _ = write!(out, "<span id=\"L{}\">{}\n</span>", i + 1, escape(line));
    }
    out
}
