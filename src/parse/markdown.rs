//! Markdown events to a flat list of top-level blocks with byte ranges.
//!
//! pulldown-cmark does the CommonMark work; this pass keeps what the model needs:
//! headings, prose, lists, tables, code (also code nested in lists or quotes),
//! links, and the text runs in which runbook IDs may be mentioned.

use pulldown_cmark::{CodeBlockKind, Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use std::ops::Range;

#[derive(Debug, Clone)]
pub enum RawBlock {
    Heading {
        level: u8,
        text: String,
        range: Range<usize>,
    },
    Paragraph {
        text: String,
        range: Range<usize>,
    },
    Quote {
        text: String,
        range: Range<usize>,
    },
    List {
        ordered: bool,
        start: Option<u64>,
        items: Vec<RawItem>,
        range: Range<usize>,
    },
    Code(RawCode),
    Table {
        header: Vec<String>,
        rows: Vec<(Range<usize>, Vec<String>)>,
        range: Range<usize>,
    },
    Html {
        text: String,
        range: Range<usize>,
    },
    Rule {
        range: Range<usize>,
    },
}

impl RawBlock {
    pub fn range(&self) -> Range<usize> {
        match self {
            RawBlock::Heading { range, .. }
            | RawBlock::Paragraph { range, .. }
            | RawBlock::Quote { range, .. }
            | RawBlock::List { range, .. }
            | RawBlock::Table { range, .. }
            | RawBlock::Html { range, .. }
            | RawBlock::Rule { range } => range.clone(),
            RawBlock::Code(c) => c.range.clone(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct RawItem {
    pub text: String,
    pub range: Range<usize>,
    pub checked: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct RawCode {
    pub info: String,
    pub text: String,
    pub range: Range<usize>,
    /// Byte offset of the first byte of the code.
    pub text_start: usize,
    /// Where each piece of `text` is in the file.
    pub map: crate::source::OffsetMap,
    pub fenced: bool,
    /// `false` for a fence that runs to the end of the file (or container).
    pub closed: bool,
}

#[derive(Debug, Clone)]
pub struct RawLink {
    pub target: String,
    pub text: String,
    pub range: Range<usize>,
    pub image: bool,
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub blocks: Vec<RawBlock>,
    pub links: Vec<RawLink>,
    pub front_matter: Option<(String, Range<usize>)>,
    /// Prose text runs (not code blocks) with the range they came from.
    pub text_runs: Vec<(Range<usize>, String)>,
    /// Inline code spans (`` `kubectl get pods` ``): the range of the span, backticks
    /// included, and its text.
    pub inline_code: Vec<(Range<usize>, String)>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
}

enum EvKind {
    InlineCode,
    Other,
}

/// What the top-level block being collected is.
enum Top {
    Heading(u8),
    Paragraph,
    Quote,
    List {
        ordered: bool,
        start: Option<u64>,
        items: Vec<RawItem>,
    },
    Table {
        header: Vec<String>,
        rows: Vec<(Range<usize>, Vec<String>)>,
        in_head: bool,
        row: Vec<String>,
        row_range: Range<usize>,
    },
    Html,
    Metadata,
    Code,
}

pub fn parse(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut depth = 0usize;
    let mut top: Option<(Top, Range<usize>)> = None;
    let mut buf = String::new();
    let mut cell = String::new();
    let mut list_depth = 0usize;
    let mut code: Option<RawCode> = None;
    let mut deferred: Vec<RawBlock> = Vec::new();
    let mut links: Vec<(String, usize, String, bool)> = Vec::new();

    for (ev, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let ev_kind = if matches!(ev, Event::Code(_)) {
            EvKind::InlineCode
        } else {
            EvKind::Other
        };
        match ev {
            Event::Start(tag) => {
                if depth == 0 {
                    buf.clear();
                    top = Some((top_of(&tag), range.clone()));
                }
                depth += 1;
                match tag {
                    Tag::CodeBlock(kind) => {
                        let (info, fenced) = match kind {
                            CodeBlockKind::Fenced(info) => (info.to_string(), true),
                            CodeBlockKind::Indented => (String::new(), false),
                        };
                        code = Some(RawCode {
                            info,
                            text: String::new(),
                            range: range.clone(),
                            text_start: usize::MAX,
                            map: Default::default(),
                            fenced,
                            closed: true,
                        });
                    }
                    Tag::List(_) => list_depth += 1,
                    Tag::Item if list_depth == 1 => {
                        if let Some((Top::List { items, .. }, _)) = &mut top {
                            items.push(RawItem {
                                range: range.clone(),
                                ..RawItem::default()
                            });
                        }
                    }
                    Tag::Item => push_item_text(&mut top, "\n"),
                    Tag::TableHead => {
                        if let Some((Top::Table { in_head, row, .. }, _)) = &mut top {
                            *in_head = true;
                            row.clear();
                        }
                    }
                    Tag::TableRow => {
                        if let Some((Top::Table { row, row_range, .. }, _)) = &mut top {
                            row.clear();
                            *row_range = range.clone();
                        }
                    }
                    Tag::TableCell => cell.clear(),
                    Tag::Link { dest_url, .. } => {
                        links.push((dest_url.to_string(), range.start, String::new(), false))
                    }
                    Tag::Image { dest_url, .. } => {
                        links.push((dest_url.to_string(), range.start, String::new(), true))
                    }
                    _ => {}
                }
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                match tag {
                    TagEnd::CodeBlock => {
                        if let Some(mut c) = code.take() {
                            if c.text_start == usize::MAX {
                                c.text_start = after_first_line(text, c.range.start);
                                c.map = crate::source::OffsetMap::verbatim(c.text_start, 0);
                            }
                            c.closed = !c.fenced || fence_closed(&text[c.range.clone()]);
                            // Grown piece by piece; the model keeps it to the end.
                            c.text.shrink_to_fit();
                            if depth == 0 {
                                out.blocks.push(RawBlock::Code(c));
                                top = None;
                            } else {
                                deferred.push(RawBlock::Code(c));
                            }
                        }
                    }
                    TagEnd::List(_) => list_depth = list_depth.saturating_sub(1),
                    TagEnd::TableCell => {
                        if let Some((Top::Table { row, .. }, _)) = &mut top {
                            row.push(cell.trim().to_string());
                        }
                    }
                    TagEnd::TableHead => {
                        if let Some((
                            Top::Table {
                                in_head,
                                row,
                                header,
                                ..
                            },
                            _,
                        )) = &mut top
                        {
                            *in_head = false;
                            *header = std::mem::take(row);
                        }
                    }
                    TagEnd::TableRow => {
                        if let Some((
                            Top::Table {
                                row,
                                rows,
                                row_range,
                                ..
                            },
                            _,
                        )) = &mut top
                        {
                            rows.push((row_range.clone(), std::mem::take(row)));
                        }
                    }
                    TagEnd::Link | TagEnd::Image => {
                        out.links.extend(close_link(&mut links, range.end))
                    }
                    TagEnd::MetadataBlock(_) if depth == 0 => {
                        out.front_matter = Some((std::mem::take(&mut buf), range.clone()));
                        top = None;
                    }
                    _ => {}
                }
                if depth == 0 {
                    if let Some((t, r)) = top.take() {
                        out.blocks.extend(finish_top(t, r, &buf));
                        out.blocks.append(&mut deferred);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if matches!(ev_kind, EvKind::InlineCode) && code.is_none() {
                    out.inline_code.push((range.clone(), t.to_string()));
                }
                if let Some(c) = &mut code {
                    if c.text_start == usize::MAX {
                        c.text_start = range.start;
                    }
                    c.map.push(c.text.len(), range.clone());
                    c.text.push_str(&t);
                    continue;
                }
                if !matches!(&top, Some((Top::Metadata, _))) {
                    out.text_runs.push((range.clone(), t.to_string()));
                }
                append_text(&mut top, &mut buf, &mut cell, &t);
                for l in &mut links {
                    l.2.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => append_text(&mut top, &mut buf, &mut cell, "\n"),
            // Inline HTML is kept as the text it was written as (`<pod-name>` in
            // prose, `<b>` in a title): plain text never drops what the author typed.
            Event::InlineHtml(t) if code.is_none() && !t.starts_with("<!--") => {
                append_text(&mut top, &mut buf, &mut cell, &t);
                for l in &mut links {
                    l.2.push_str(&t);
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                if matches!(&top, Some((Top::Html, _))) {
                    buf.push_str(&t);
                }
            }
            Event::Rule if depth == 0 => out.blocks.push(RawBlock::Rule { range }),
            Event::TaskListMarker(checked) => {
                if let Some((Top::List { items, .. }, _)) = &mut top {
                    if let Some(it) = items.last_mut() {
                        it.checked = Some(checked);
                    }
                }
            }
            _ => {}
        }
    }
    // An unterminated construct at end of input still ends its events in
    // pulldown-cmark, so nothing is left open here; flush defensively anyway.
    out.blocks.append(&mut deferred);
    if let Some(c) = code.take() {
        out.blocks.push(RawBlock::Code(c));
    }
    out
}

/// The link (or image) that ends at `end`; its text is also the text of the link
/// around it.
fn close_link(links: &mut Vec<(String, usize, String, bool)>, end: usize) -> Option<RawLink> {
    let (target, start, t, image) = links.pop()?;
    if let Some(outer) = links.last_mut() {
        outer.2.push_str(&t);
    }
    Some(RawLink {
        target,
        text: t,
        range: start..end,
        image,
    })
}

/// The kind of top-level block a tag opens.
fn top_of(tag: &Tag) -> Top {
    match tag {
        Tag::Heading { level, .. } => Top::Heading(*level as u8),
        Tag::BlockQuote(_) => Top::Quote,
        Tag::List(start) => Top::List {
            ordered: start.is_some(),
            start: *start,
            items: Vec::new(),
        },
        Tag::Table(_) => Top::Table {
            header: Vec::new(),
            rows: Vec::new(),
            in_head: false,
            row: Vec::new(),
            row_range: 0..0,
        },
        Tag::HtmlBlock => Top::Html,
        Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => Top::Metadata,
        Tag::MetadataBlock(_) => Top::Metadata,
        Tag::CodeBlock(_) => Top::Code,
        _ => Top::Paragraph,
    }
}

/// The block a top-level construct makes once it ends (`buf`: its text), if any.
fn finish_top(t: Top, r: Range<usize>, buf: &str) -> Option<RawBlock> {
    let text_owned = buf.trim_end().to_string();
    match t {
        Top::Heading(level) => Some(RawBlock::Heading {
            level,
            text: text_owned.trim().to_string(),
            range: r,
        }),
        Top::Paragraph => Some(RawBlock::Paragraph {
            text: text_owned,
            range: r,
        }),
        Top::Quote => Some(RawBlock::Quote {
            text: text_owned,
            range: r,
        }),
        Top::List {
            ordered,
            start,
            mut items,
        } => {
            for it in &mut items {
                it.text = it.text.trim().to_string();
            }
            Some(RawBlock::List {
                ordered,
                start,
                items,
                range: r,
            })
        }
        Top::Table { header, rows, .. } => Some(RawBlock::Table {
            header,
            rows,
            range: r,
        }),
        Top::Html => Some(RawBlock::Html {
            text: text_owned,
            range: r,
        }),
        Top::Metadata | Top::Code => None,
    }
}

fn append_text(
    top: &mut Option<(Top, Range<usize>)>,
    buf: &mut String,
    cell: &mut String,
    t: &str,
) {
    match top {
        Some((Top::List { items, .. }, _)) => {
            if let Some(it) = items.last_mut() {
                it.text.push_str(t);
            }
        }
        Some((Top::Table { .. }, _)) => cell.push_str(t),
        _ => buf.push_str(t),
    }
}

fn push_item_text(top: &mut Option<(Top, Range<usize>)>, t: &str) {
    if let Some((Top::List { items, .. }, _)) = top {
        if let Some(it) = items.last_mut() {
            it.text.push_str(t);
        }
    }
}

fn after_first_line(text: &str, start: usize) -> usize {
    match text[start..].find('\n') {
        Some(i) => start + i + 1,
        None => text.len(),
    }
}

/// Whether a fenced block's source ends with a closing fence.
fn fence_closed(src: &str) -> bool {
    // Inside a block quote or a list, lines carry `>` markers and indentation.
    let strip = |l: &str| -> String { l.trim_start_matches(['>', ' ', '\t']).to_string() };
    let first = strip(src);
    let first = first.as_str();
    let ch = match first.chars().next() {
        Some(c @ ('`' | '~')) => c,
        _ => return true,
    };
    let open_len = first.chars().take_while(|c| *c == ch).count();
    let mut lines = src.trim_end_matches(['\n', '\r']).lines();
    lines.next();
    match lines.last() {
        Some(last) => {
            let l = strip(last);
            let l = l.trim();
            l.chars().take_while(|c| *c == ch).count() >= open_len && l.chars().all(|c| c == ch)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_blocks_links_and_nested_code() {
        let md = "# T\n\npara [a](b.md) x\n\n- one\n- two\n  ```bash\n  ls\n  ```\n\n```bash\nls\n";
        let p = parse(md);
        assert!(matches!(&p.blocks[0], RawBlock::Heading { level: 1, text, .. } if text == "T"));
        assert!(matches!(&p.blocks[1], RawBlock::Paragraph { text, .. } if text == "para a x"));
        match &p.blocks[2] {
            RawBlock::List { items, .. } => assert_eq!(items.len(), 2),
            b => panic!("{b:?}"),
        }
        match &p.blocks[3] {
            RawBlock::Code(c) => {
                assert_eq!(c.text, "ls\n");
                assert!(c.closed);
            }
            b => panic!("{b:?}"),
        }
        match &p.blocks[4] {
            RawBlock::Code(c) => assert!(!c.closed),
            b => panic!("{b:?}"),
        }
        assert_eq!(p.links[0].target, "b.md");
        assert_eq!(&md[p.links[0].range.clone()], "[a](b.md)");
    }
}
