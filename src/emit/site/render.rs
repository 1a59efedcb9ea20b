//! HTML fragments: Markdown prose with safe links, and commands with placeholder spans.
//!
//! Everything a runbook author wrote reaches the page escaped: raw HTML in prose is
//! shown as text, links can only go to pages of the site or to `http`, `https` and
//! `mailto` URLs, and code is text.

use crate::model::{CodeBlock, Command, CommandClass};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// Where Markdown links and runbook IDs point, for one document.
pub struct Links<'a> {
    /// Runbook ID → page (site-relative).
    pub ids: &'a HashMap<String, String>,
    /// Document path → its pages.
    pub docs: &'a HashMap<String, DocTargets>,
    /// The pages' URLs on a Hugo site, when the sources are one: a link may be one.
    pub urls: Option<&'a crate::links::Urls>,
    /// The document being rendered.
    pub doc_path: &'a str,
    /// `""` for pages at the site root, `"../"` one level down.
    pub root: &'a str,
}

/// The pages a document's links can land on.
#[derive(Debug, Default)]
pub struct DocTargets {
    /// The document's own page (site-relative).
    pub page: String,
    /// Heading anchor → `page#anchor` (site-relative), for anchors inside runbooks.
    pub anchors: HashMap<String, String>,
}

impl Links<'_> {
    /// The href for a link target written in the document, or `None` when it cannot be
    /// made safe or does not lead to a page of the site (the text is kept, unlinked).
    pub fn resolve(&self, dest: &str) -> Option<String> {
        let dest = dest.trim();
        if let Some(scheme) = scheme(dest) {
            let s = scheme.to_ascii_lowercase();
            return matches!(s.as_str(), "http" | "https" | "mailto").then(|| dest.to_string());
        }
        if dest.contains('\\') {
            return None;
        }
        // The link read as the checker reads it (`?query` dropped, `%20` decoded), so
        // the site links what `rbc check` says resolves.
        let rel = crate::links::relative(dest)?;
        let doc = if rel.path.is_empty() {
            self.doc_path.to_string()
        } else {
            join(self.doc_path, &rel.path)?
        };
        let targets = match self.docs.get(&doc) {
            Some(t) => t,
            None => {
                let page = self.urls?.target(self.doc_path, &rel.path)?;
                self.docs.get(page)?
            }
        };
        let site = match rel.fragment.filter(|f| !f.is_empty()) {
            Some(f) => match targets.anchors.get(f) {
                Some(t) => t.clone(),
                None => format!("{}#{}", targets.page, anchor_id(f)),
            },
            None => targets.page.clone(),
        };
        Some(format!("{}{}", self.root, site))
    }
}

/// `http` of `http://…`, if the string starts with a URL scheme.
fn scheme(s: &str) -> Option<&str> {
    let (head, _) = s.split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(head)
}

/// `dir/of/doc.md` + `../x.md` → `dir/x.md`; `None` if it climbs above the root.
fn join(doc: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = doc.split('/').collect();
    parts.pop();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// An anchor made safe for an `id` attribute and a URL fragment.
pub fn anchor_id(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Runbook IDs in plain text become links.
fn text_with_ids(out: &mut String, text: &str, links: &Links) {
    let mut last = 0;
    let b = text.as_bytes();
    let mut i = 0;
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
    while i < b.len() {
        if is_word(b[i]) && (i == 0 || !is_word(b[i - 1])) {
            let mut j = i;
            while j < b.len() && is_word(b[j]) {
                j += 1;
            }
            let word = &text[i..j];
            if let Some(page) = links.ids.get(word) {
                escape_into(out, &text[last..i]);
                out.push_str(&format!(
                    "<a class=\"rb-ref\" href=\"{}{}\">",
                    links.root,
                    escape(page)
                ));
                escape_into(out, word);
                out.push_str("</a>");
                last = j;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    escape_into(out, &text[last..]);
}

/// Markdown prose to HTML. `inline` drops the paragraph around a single paragraph.
/// [`markdown`] of a list item whose code blocks are shown on their own (with their
/// commands' anchors and copy buttons): the item's text, its code left out.
pub fn markdown_without_code(md: &str, links: &Links) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut kept = String::new();
    let mut in_code = false;
    let mut last = 0;
    for (ev, range) in Parser::new_ext(md, opts).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => {
                kept.push_str(&md[last..range.start]);
                in_code = true;
            }
            Event::End(TagEnd::CodeBlock) if in_code => {
                in_code = false;
                last = range.end;
            }
            _ => {}
        }
    }
    kept.push_str(&md[last..]);
    markdown(&kept, links, true)
}

pub fn markdown(md: &str, links: &Links, inline: bool) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut events: Vec<Event> = Vec::new();
    // For each open link or image: whether its tags were kept.
    let mut open: Vec<bool> = Vec::new();
    let mut in_link = 0usize;
    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Html(s) | Event::InlineHtml(s) => {
                if !s.trim_start().starts_with("<!--") {
                    events.push(Event::Text(s));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match links.resolve(&dest_url) {
                Some(href) => {
                    open.push(true);
                    in_link += 1;
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(href),
                        title,
                        id,
                    }));
                }
                None => open.push(false),
            },
            Event::End(TagEnd::Link) => {
                if open.pop() == Some(true) {
                    in_link -= 1;
                    events.push(Event::End(TagEnd::Link));
                }
            }
            // Images are not copied into the site: their alt text stays.
            Event::Start(Tag::Image { .. }) => open.push(false),
            Event::End(TagEnd::Image) => {
                open.pop();
            }
            Event::Text(t) if in_link == 0 => {
                let mut s = String::new();
                text_with_ids(&mut s, &t, links);
                events.push(Event::Html(CowStr::from(s)));
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(md.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if inline {
        let t = html.trim_end();
        if let Some(inner) = t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
            if !inner.contains("<p>") {
                return inner.to_string();
            }
        }
    }
    html
}

/// How a placeholder is quoted where it stands, so a filled value can be quoted to fit.
#[derive(Clone, Copy, PartialEq)]
enum Q {
    None,
    Single,
    Double,
}

/// A command's source as HTML: placeholders become `<span class="ph">` that the page's
/// fill-in rewrites, each marked with the quoting around it (`data-q`: n, s, d).
pub fn command_code(c: &Command) -> String {
    let src = c.source.as_str();
    let ranges = crate::words::placeholder_ranges(src);
    let mut out = String::with_capacity(src.len() + 64);
    let mut q = Q::None;
    let mut i = 0;
    let mut r = 0;
    let b = src.as_bytes();
    while i < src.len() {
        if r < ranges.len() && ranges[r].0 == i {
            let (_, e, name) = ranges[r];
            let qa = match q {
                Q::None => "n",
                Q::Single => "s",
                Q::Double => "d",
            };
            out.push_str(&format!(
                "<span class=\"ph\" data-ph=\"{}\" data-q=\"{qa}\">",
                escape(name)
            ));
            escape_into(&mut out, &src[i..e]);
            out.push_str("</span>");
            i = e;
            r += 1;
            continue;
        }
        if r < ranges.len() && ranges[r].0 < i {
            r += 1;
            continue;
        }
        let ch = src[i..].chars().next().unwrap_or('\0');
        let mut len = ch.len_utf8();
        match (q, ch) {
            (Q::None, '\'') => q = Q::Single,
            (Q::None, '"') => q = Q::Double,
            (Q::Single, '\'') | (Q::Double, '"') => q = Q::None,
            (Q::None | Q::Double, '\\') if i + 1 < b.len() => {
                len += src[i + 1..].chars().next().map_or(0, char::len_utf8);
            }
            _ => {}
        }
        escape_into(&mut out, &src[i..i + len]);
        i += len;
    }
    out
}

/// Text with `<placeholder>`s as fill-in spans (templates: no shell quoting).
pub fn text_with_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut last = 0;
    for (s, e, name) in crate::words::placeholder_ranges(text) {
        escape_into(&mut out, &text[last..s]);
        out.push_str(&format!(
            "<span class=\"ph\" data-ph=\"{}\" data-q=\"t\">",
            escape(name)
        ));
        escape_into(&mut out, &text[s..e]);
        out.push_str("</span>");
        last = e;
    }
    escape_into(&mut out, &text[last..]);
    out
}

/// `kubectl v1.29–v1.34 only` when a kubectl of the command is valid on some but not
/// all of the versions rbc knows.
pub fn valid_on(c: &Command) -> Option<String> {
    let h = crate::kubectl::tree::history();
    let sets: Vec<crate::kubectl::tree::Versions> = c
        .kubectl
        .iter()
        .filter_map(|k| k.valid_on())
        .map(|vs| h.parse_set(&vs.join(" ")))
        .collect();
    let first = *sets.first()?;
    let all = sets
        .iter()
        .fold(first, |a, s| crate::kubectl::tree::Versions(a.0 & s.0));
    Some(if all.is_empty() {
        "no single kubectl version accepts all of it".to_string()
    } else {
        format!("kubectl {} only", all.describe())
    })
}

/// One command block: the comment above it, the code, a copy button, its class.
pub fn command_block(c: &Command) -> String {
    let class = c.class();
    let mutating = class == Some(CommandClass::Mutating);
    let mut out = String::new();
    let line = c.span.line;
    out.push_str(&format!("<div class=\"cmd\" id=\"cmd-L{line}\""));
    if mutating {
        out.push_str(" data-mutating=\"true\"");
    }
    if class == Some(CommandClass::Exec) {
        out.push_str(" data-exec=\"true\"");
    }
    out.push('>');
    if let Some(d) = &c.description {
        out.push_str(&format!("<p class=\"cmd-desc\">{}</p>", escape(d)));
    }
    if mutating {
        out.push_str("<span class=\"badge mutating\" title=\"Changes the cluster\">changes the cluster</span>");
    } else if class == Some(CommandClass::Exec) {
        out.push_str(
            "<span class=\"badge exec\" title=\"Runs a program in a container\">runs in a container</span>",
        );
    }
    if let Some(v) = valid_on(c) {
        out.push_str(&format!(
            "<span class=\"badge versions\" title=\"The kubectl versions that accept this command\">{}</span>",
            escape(&v)
        ));
    }
    // A long command scrolls sideways: the block takes the keyboard focus so that it
    // can be scrolled without a mouse (WCAG 2.1.1), and says what it is.
    out.push_str(&format!(
        "<pre tabindex=\"0\" role=\"region\" aria-label=\"Command, line {line}\"><code>"
    ));
    out.push_str(&command_code(c));
    out.push_str("</code></pre><button class=\"copy\" type=\"button\" aria-label=\"Copy command\">Copy</button></div>");
    out
}

/// A code block: shell blocks as their commands, others as text with a copy button.
pub fn code_block(b: &CodeBlock) -> String {
    if b.shell && !b.commands.is_empty() {
        let mut out = String::from("<div class=\"cmds\">");
        for c in &b.commands {
            out.push_str(&command_block(c));
        }
        out.push_str("</div>");
        return out;
    }
    let lang = b.lang.as_deref().map(crate::slug::slug);
    format!(
        "<div class=\"code\"><pre tabindex=\"0\" role=\"region\" aria-label=\"Code, line {}\"><code{}>{}</code></pre><button class=\"copy\" type=\"button\" aria-label=\"Copy\">Copy</button></div>",
        b.span.line,
        lang.map(|l| format!(" class=\"language-{l}\"")).unwrap_or_default(),
        text_with_placeholders(&b.text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_links<T>(f: impl FnOnce(&Links) -> T) -> T {
        let mut ids = HashMap::new();
        ids.insert("RB-004".to_string(), "RB-004-x.html".to_string());
        let mut docs = HashMap::new();
        docs.insert(
            "rb/OTHER.md".to_string(),
            DocTargets {
                page: "doc/OTHER.html".into(),
                anchors: [("runbook-rb-004".to_string(), "RB-004-x.html".to_string())]
                    .into_iter()
                    .collect(),
            },
        );
        f(&Links {
            ids: &ids,
            docs: &docs,
            urls: None,
            doc_path: "rb/A.md",
            root: "",
        })
    }

    #[test]
    fn links_are_rewritten_or_dropped() {
        with_links(|l| {
            assert_eq!(l.resolve("OTHER.md").as_deref(), Some("doc/OTHER.html"));
            assert_eq!(
                l.resolve("./OTHER.md#runbook-rb-004").as_deref(),
                Some("RB-004-x.html")
            );
            assert_eq!(l.resolve("javascript:alert(1)"), None);
            assert_eq!(l.resolve(" JavaScript:alert(1)"), None);
            assert_eq!(l.resolve("data:text/html,x"), None);
            assert_eq!(l.resolve("missing.md"), None);
            assert_eq!(l.resolve("../../etc/passwd"), None);
            // As the checker reads them: a query dropped, escapes decoded.
            assert_eq!(
                l.resolve("OTHER.md?plain=1#runbook-rb-004").as_deref(),
                Some("RB-004-x.html")
            );
            assert_eq!(l.resolve("OT%48ER.md").as_deref(), Some("doc/OTHER.html"));
            assert_eq!(
                l.resolve("https://kubernetes.io/").as_deref(),
                Some("https://kubernetes.io/")
            );
        })
    }

    #[test]
    fn prose_is_escaped_and_ids_linked() {
        with_links(|l| {
            let h = markdown(
                "Text <script>alert(1)</script> see RB-004 and [x](javascript:alert(1))",
                l,
                true,
            );
            assert!(!h.contains("<script"), "{h}");
            assert!(h.contains("&lt;script&gt;"), "{h}");
            assert!(
                h.contains("<a class=\"rb-ref\" href=\"RB-004-x.html\">RB-004</a>"),
                "{h}"
            );
            assert!(!h.contains("javascript"), "{h}");
        })
    }
}
