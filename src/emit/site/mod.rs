//! The static site, at the top of the output folder (beside the `json/` and `scripts/`
//! it links to): an index, one page per runbook, document pages,
//! source pages, a command index, severity / escalation / template pages, a 404 page
//! and a search index. Works from any static host and from `file://`; makes no request
//! to another origin.
//!
//! Pages are rendered by minijinja templates embedded in the binary (any of which a
//! theme folder can replace) from view structs built here. Everything taken from a
//! runbook is escaped: by the template engine, or by [`render`] for HTML fragments.

mod error;
mod publish;
pub mod render;
pub mod search;
mod theme;

pub use error::SiteError;
use publish::{page_url, sitemap};
pub use publish::{EditLinks, Publish};
pub use theme::{Theme, ASSETS, TEMPLATES};

use super::OutputFile;
use crate::model::{
    Block, Corpus, DocSection, DocSectionKind, Document, ResolutionForm, Runbook, Step,
};
use render::{escape, DocTargets, Links};
use search::{IndexBuilder, SearchDoc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the build reports about the site.
#[derive(Debug, Default, Clone)]
pub struct SiteStats {
    pub pages: usize,
    /// Bytes of the search index (all `search/` files).
    pub index_bytes: usize,
}

// ---------------------------------------------------------------- views

fn v<T: Serialize>(x: &T) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(x))
}

#[derive(Serialize)]
struct Nav {
    severity: bool,
    escalation: bool,
    templates: bool,
    alerts: bool,
}

#[derive(Serialize, Clone)]
struct RunbookRow {
    id: String,
    title: String,
    url: String,
    severity: String,
    tags: Vec<String>,
    symptoms: Vec<String>,
    cases: usize,
    commands: usize,
    /// The names of the alerts that lead to it.
    alerts: Vec<String>,
}

/// An alert, as the runbook page and the alerts page show it.
#[derive(Serialize, Clone)]
struct AlertView {
    name: String,
    group: String,
    severity: String,
    #[serde(rename = "for")]
    for_: String,
    expr: String,
    summary: String,
    description: String,
    /// `rules/app.yaml:12`
    rule: String,
    /// `runbook`, `missing`, … (see `AlertLink::status`).
    status: String,
    /// What the link leads to, in words.
    status_text: String,
    /// The page of its runbook, when it leads to one (or to a page of the corpus).
    page: String,
    runbook: String,
}

/// The most severe of alerts' `severity` labels, by the names Prometheus rule sets use
/// (`critical` before `warning` before `info`); unknown names after those, in order.
fn most_severe<'a>(labels: impl Iterator<Item = &'a str>) -> String {
    const ORDER: &[&str] = &[
        "critical", "high", "error", "major", "warning", "medium", "minor", "low", "info", "none",
    ];
    let rank = |l: &str| {
        ORDER
            .iter()
            .position(|o| o.eq_ignore_ascii_case(l))
            .unwrap_or(ORDER.len())
    };
    labels
        .filter(|l| !l.is_empty())
        .min_by_key(|l| rank(l))
        .unwrap_or_default()
        .to_string()
}

fn alert_view(
    a: &crate::model::Alert,
    pages: &HashMap<String, String>,
    docs: &HashMap<String, DocTargets>,
) -> AlertView {
    use crate::model::AlertLink;
    let ann = |k: &str| a.annotations.get(k).cloned().unwrap_or_default();
    let page = match &a.link {
        AlertLink::Runbook { runbook, .. } => pages.get(runbook).cloned().unwrap_or_default(),
        AlertLink::Document {
            document, anchor, ..
        } => docs
            .get(document)
            .map(|t| match anchor.as_ref().and_then(|x| t.anchors.get(x)) {
                Some(target) => target.clone(),
                None => t.page.clone(),
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    AlertView {
        name: a.name.clone(),
        group: a.group.clone(),
        severity: a.severity().unwrap_or_default().to_string(),
        for_: a.for_.clone().unwrap_or_default(),
        expr: a.expr.clone(),
        summary: ann("summary"),
        description: ann("description"),
        rule: format!("{}:{}", a.span.file, a.span.line),
        status: a.link.status().to_string(),
        status_text: crate::alerts::describe_link(&a.link, |f| f.to_string()),
        page,
        runbook: a.runbook().unwrap_or_default().to_string(),
    }
}

#[derive(Serialize)]
struct TocEntry {
    title: String,
    anchor: String,
    depth: u8,
}

#[derive(Serialize)]
struct Part {
    kind: &'static str,
    number: Option<u32>,
    title: String,
    anchor: String,
    html: String,
    /// For a case: the cause it resolves.
    cause: Option<String>,
}

#[derive(Serialize)]
struct SectionView {
    kind: &'static str,
    title: String,
    anchor: String,
    html: String,
    parts: Vec<Part>,
    start: usize,
}

#[derive(Serialize)]
struct RunbookView {
    id: String,
    title: String,
    severity: String,
    metadata: Vec<(String, String)>,
    preamble: String,
    placeholders: Vec<String>,
    sections: Vec<SectionView>,
    toc: Vec<TocEntry>,
    source_url: String,
    source_label: String,
    /// The Source link on the repository host (`edit_url`), or empty.
    edit_url: String,
    script_url: String,
    script_name: String,
    json_url: String,
    doc_url: String,
    doc_label: String,
    mutating: usize,
    /// The alerts that lead to this runbook.
    alerts: Vec<AlertView>,
}

#[derive(Serialize)]
struct CmdRef {
    code: String,
    runbook: String,
    url: String,
    mutating: bool,
    /// `kubectl v1.29–v1.34 only`.
    versions: Option<String>,
}

#[derive(Serialize)]
struct Located<T> {
    doc: String,
    doc_url: String,
    #[serde(flatten)]
    item: T,
}

#[derive(Serialize)]
struct SeverityRow {
    level: String,
    name: String,
    response_time: String,
    escalation: String,
}

#[derive(Serialize)]
struct Procedure {
    title: String,
    anchor: String,
    entries: Vec<(String, String)>,
}

#[derive(Serialize)]
struct TemplateView {
    title: String,
    anchor: String,
    html: String,
    placeholders: Vec<String>,
}

// ---------------------------------------------------------------- build

/// A sort key that orders digit runs by value: `RB-9` < `RB-10`.
fn natural_key(s: &str) -> Vec<(u8, u64, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            let n = rest[..digits].parse().unwrap_or(u64::MAX);
            out.push((0, n, String::new()));
            rest = &rest[digits..];
        } else {
            let text = rest.len() - rest.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
            out.push((1, 0, rest[..text].to_ascii_lowercase()));
            rest = &rest[text..];
        }
    }
    out
}

/// The `id`s used on one page, so that every one is unique (label sections share the
/// runbook's anchor; procedures from two documents can share a title).
#[derive(Default)]
struct Ids(BTreeSet<String>);

impl Ids {
    fn unique(&mut self, base: &str) -> String {
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

    fn section(&mut self, head: &crate::model::SectionHead) -> String {
        if head.label {
            self.unique(&crate::slug::github_anchor(&head.title))
        } else {
            self.unique(&head.anchor)
        }
    }
}

/// Every anchor inside a runbook (sections, cases, steps).
fn runbook_anchors(rb: &Runbook) -> Vec<String> {
    let mut v = vec![rb.anchor.clone()];
    let mut heads = Vec::new();
    for s in [&rb.meaning, &rb.impact].into_iter().flatten() {
        heads.push(s.head.anchor.clone());
    }
    if let Some(s) = &rb.symptoms {
        heads.push(s.head.anchor.clone());
    }
    if let Some(s) = &rb.diagnosis {
        heads.push(s.head.anchor.clone());
        heads.extend(s.steps.iter().filter_map(|s| s.anchor.clone()));
    }
    if let Some(s) = &rb.causes {
        heads.push(s.head.anchor.clone());
    }
    if let Some(r) = &rb.resolution {
        heads.push(r.head.anchor.clone());
        for c in r.cases() {
            heads.push(c.anchor.clone());
            heads.extend(c.steps.iter().filter_map(|s| s.anchor.clone()));
        }
        heads.extend(r.steps().iter().filter_map(|s| s.anchor.clone()));
    }
    for e in &rb.extra {
        heads.push(e.head.anchor.clone());
        heads.extend(e.steps.iter().filter_map(|s| s.anchor.clone()));
    }
    if let Some(s) = &rb.prevention {
        heads.push(s.head.anchor.clone());
    }
    v.extend(heads);
    v.retain(|a| !a.is_empty());
    v
}

fn blocks_html(blocks: &[Block], links: &Links) -> String {
    let mut out = String::new();
    for b in blocks {
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
                for i in &l.items {
                    out.push_str("<li>");
                    if let Some(c) = i.checked {
                        out.push_str(if c {
                            "<input type=\"checkbox\" checked disabled> "
                        } else {
                            "<input type=\"checkbox\" disabled> "
                        });
                    }
                    out.push_str(&render::markdown(&i.markdown, links, true));
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

fn steps_parts(
    steps: &[Step],
    links: &Links,
    kind: &'static str,
    ids: &mut Ids,
) -> (String, Vec<Part>) {
    let mut html = String::new();
    let mut parts = Vec::new();
    for s in steps {
        match (&s.title, &s.anchor) {
            (Some(t), Some(a)) => parts.push(Part {
                kind,
                number: s.number,
                title: t.clone(),
                anchor: ids.unique(a),
                html: blocks_html(&s.blocks, links),
                cause: None,
            }),
            _ if parts.is_empty() => html.push_str(&blocks_html(&s.blocks, links)),
            _ => {
                if let Some(p) = parts.last_mut() {
                    p.html.push_str(&blocks_html(&s.blocks, links));
                }
            }
        }
    }
    (html, parts)
}

fn section_view(
    kind: &'static str,
    head: &crate::model::SectionHead,
    ids: &mut Ids,
    html: String,
    parts: Vec<Part>,
) -> SectionView {
    SectionView {
        kind,
        title: head.title.clone(),
        anchor: ids.section(head),
        html,
        parts,
        start: head.span.start,
    }
}

fn list_html(items: &[crate::model::ListEntry], links: &Links) -> String {
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

fn placeholder_names(rb: &Runbook) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for b in rb.code_blocks() {
        let names: Vec<String> = if b.shell && !b.commands.is_empty() {
            b.commands
                .iter()
                .flat_map(|c| c.placeholders.iter().map(|p| p.name.clone()))
                .collect()
        } else {
            crate::words::placeholder_ranges(&b.text)
                .into_iter()
                .map(|(_, _, n)| n.to_string())
                .collect()
        };
        for n in names {
            if seen.insert(n.clone()) {
                out.push(n);
            }
        }
    }
    out
}

fn runbook_view(
    doc: &Document,
    rb: &Runbook,
    files: &super::layout::RunbookFiles,
    doc_pages: &super::layout::DocumentFiles,
    links: &Links,
    edit: Option<&EditLinks>,
) -> RunbookView {
    let (script, json) = (&files.script, &files.json);
    let mut ids = Ids::default();
    // Case ids first: the causes link to them.
    let case_ids: Vec<String> = rb
        .resolution
        .as_ref()
        .map(|r| r.cases().iter().map(|c| ids.unique(&c.anchor)).collect())
        .unwrap_or_default();
    let mut sections = Vec::new();
    for (kind, s) in [("meaning", &rb.meaning), ("impact", &rb.impact)] {
        if let Some(s) = s {
            sections.push(section_view(
                kind,
                &s.head,
                &mut ids,
                blocks_html(&s.blocks, links),
                vec![],
            ));
        }
    }
    if let Some(s) = &rb.symptoms {
        sections.push(section_view(
            "symptoms",
            &s.head,
            &mut ids,
            list_html(&s.items, links) + &blocks_html(&s.notes, links),
            vec![],
        ));
    }
    if let Some(s) = &rb.diagnosis {
        let (html, parts) = steps_parts(&s.steps, links, "step", &mut ids);
        sections.push(section_view("diagnosis", &s.head, &mut ids, html, parts));
    }
    let case_anchor = |n: u32| -> Option<String> {
        let r = rb.resolution.as_ref()?;
        let i = r.cases().iter().position(|c| c.number == n)?;
        case_ids.get(i).cloned()
    };
    if let Some(s) = &rb.causes {
        let mut html = String::from("<ol class=\"causes\">");
        for c in &s.causes {
            let name = escape(&c.name);
            let name = match c.case.and_then(case_anchor) {
                Some(a) => format!("<a href=\"#{}\">{name}</a>", escape(&a)),
                None => name,
            };
            html.push_str(&format!(
                "<li value=\"{}\"><strong>{name}</strong>{}{}</li>",
                c.number,
                if c.description.is_empty() { "" } else { ": " },
                render::markdown(&c.description, links, true)
            ));
        }
        html.push_str("</ol>");
        html.push_str(&blocks_html(&s.notes, links));
        sections.push(section_view("causes", &s.head, &mut ids, html, vec![]));
    }
    if let Some(r) = &rb.resolution {
        let mut html = blocks_html(&r.intro, links);
        let parts = match &r.form {
            ResolutionForm::Cases { cases } => cases
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let (h, sub) = steps_parts(&c.steps, links, "step", &mut ids);
                    let mut html = h;
                    for p in sub {
                        html.push_str(&format!(
                            "<h5 id=\"{}\">{}</h5>{}",
                            escape(&p.anchor),
                            escape(&p.title),
                            p.html
                        ));
                    }
                    Part {
                        kind: "case",
                        number: Some(c.number),
                        title: c.title.clone(),
                        anchor: case_ids.get(i).cloned().unwrap_or_default(),
                        html,
                        cause: c.cause.and_then(|n| {
                            rb.causes
                                .as_ref()
                                .and_then(|cs| cs.causes.iter().find(|x| x.number == n))
                                .map(|x| x.name.clone())
                        }),
                    }
                })
                .collect(),
            ResolutionForm::Procedure { steps } | ResolutionForm::Steps { steps } => {
                let (h, parts) = steps_parts(steps, links, "step", &mut ids);
                html.push_str(&h);
                parts
            }
        };
        sections.push(section_view("resolution", &r.head, &mut ids, html, parts));
    }
    for e in &rb.extra {
        let (html, parts) = steps_parts(&e.steps, links, "step", &mut ids);
        sections.push(section_view("extra", &e.head, &mut ids, html, parts));
    }
    if let Some(s) = &rb.prevention {
        sections.push(section_view(
            "prevention",
            &s.head,
            &mut ids,
            list_html(&s.items, links) + &blocks_html(&s.notes, links),
            vec![],
        ));
    }
    sections.sort_by_key(|s| s.start);
    let mut toc = Vec::new();
    for s in &sections {
        toc.push(TocEntry {
            title: s.title.clone(),
            anchor: s.anchor.clone(),
            depth: 0,
        });
        for p in &s.parts {
            toc.push(TocEntry {
                title: match p.number {
                    Some(n) if p.kind == "case" => format!("Case {n}: {}", p.title),
                    _ => p.title.clone(),
                },
                anchor: p.anchor.clone(),
                depth: 1,
            });
        }
    }
    RunbookView {
        id: rb.id.clone(),
        title: rb.title.clone(),
        severity: rb.severity().unwrap_or_default().to_string(),
        metadata: rb
            .metadata
            .iter()
            .filter(|(k, _)| k.as_str() != "severity")
            .map(|(k, v)| (k.replace('_', " "), v.clone()))
            .collect(),
        preamble: blocks_html(&rb.preamble, links),
        placeholders: placeholder_names(rb),
        sections,
        toc,
        source_url: format!("{}#L{}", doc_pages.source, rb.span.line),
        source_label: format!("{}:{}", doc.path, rb.span.line),
        edit_url: edit.map_or(String::new(), |e| e.url(&doc.path, rb.span.line)),
        script_url: script.to_string(),
        script_name: script.trim_start_matches("scripts/").to_string(),
        json_url: json.to_string(),
        doc_url: doc_pages.page.clone(),
        doc_label: doc.title.clone().unwrap_or_else(|| doc.path.clone()),
        mutating: rb
            .commands()
            .filter(|c| c.class() == Some(crate::model::CommandClass::Mutating))
            .count(),
        alerts: Vec::new(),
    }
}

fn tags(rb: &Runbook) -> Vec<String> {
    let mut t = BTreeSet::new();
    if let Some(v) = rb.metadata.get("tags") {
        for x in v.split([',', ' ']) {
            let x = x.trim().trim_matches('`');
            if !x.is_empty() {
                t.insert(x.to_string());
            }
        }
    }
    if let Some(ns) = rb.metadata.get("namespace") {
        t.insert(ns.trim_matches('`').to_string());
    }
    for c in rb.commands() {
        for ns in c.kubectl.iter().filter_map(|k| k.namespace.as_deref()) {
            if !ns.contains('<') && !ns.contains('$') {
                t.insert(ns.to_string());
            }
        }
    }
    t.into_iter().collect()
}

fn doc_sections_html(sections: &[DocSection], links: &Links, out: &mut String) {
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

fn all_sections(sections: &[DocSection]) -> Vec<&DocSection> {
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
fn source_lines(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, line) in text.lines().enumerate() {
        let _ = write!(out, "<span id=\"L{}\">{}\n</span>", i + 1, escape(line));
    }
    out
}

struct Renderer<'e> {
    env: minijinja::Environment<'e>,
    nav: Nav,
    publish: &'e Publish,
    /// Every page written, for the sitemap.
    written: std::sync::Mutex<Vec<String>>,
}

impl Renderer<'_> {
    /// The page at `path` from `template`, with `view`.
    fn page(
        &self,
        template: &str,
        path: &str,
        title: &str,
        view: minijinja::Value,
    ) -> Result<OutputFile, SiteError> {
        let (t, ctx) = self.prepare(template, path, title, view)?;
        let html = t
            .render(ctx)
            .map_err(|e| SiteError::msg(format!("template `{template}` ({path}): {e:#}")))?;
        Ok(OutputFile {
            path: path.into(),
            bytes: html.into_bytes(),
            executable: false,
        })
    }

    /// [`Renderer::page`], rendered straight into `sink` without holding the page: for
    /// the pages about the whole corpus (the index, the command index), which are large.
    fn put_page(
        &self,
        sink: &dyn super::Sink,
        template: &str,
        path: &str,
        title: &str,
        view: minijinja::Value,
    ) -> Result<(), SiteError> {
        let (t, ctx) = self.prepare(template, path, title, view)?;
        let mut failed = None;
        let written = sink.put_stream(std::path::Path::new(path), &mut |w| {
            t.render_captured_to(ctx.clone(), &mut *w)
                .map(|_| ())
                .map_err(|e| {
                    let io = std::io::Error::other(e.to_string());
                    failed = Some(e);
                    io
                })
        });
        match (failed, written) {
            (Some(e), _) => Err(SiteError::msg(format!(
                "template `{template}` ({path}): {e:#}"
            ))),
            (None, r) => r.map_err(SiteError::io),
        }
    }

    /// The template and its context for the page at `path` (which is recorded for the
    /// sitemap).
    fn prepare(
        &self,
        template: &str,
        path: &str,
        title: &str,
        view: minijinja::Value,
    ) -> Result<(minijinja::Template<'_, '_>, minijinja::Value), SiteError> {
        // A static host serves 404.html for a missing path at any depth: its links
        // cannot be relative to where it is, so they start from the site's base path.
        let root = match (&self.publish.base, path) {
            (Some(base), "404.html") => base.clone(),
            _ => "../".repeat(path.matches('/').count()),
        };
        let canonical = match &self.publish.site_url {
            Some(u) if path != "404.html" => page_url(u, path),
            _ => String::new(),
        };
        if path != "404.html" {
            self.written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.to_string());
        }
        let t = self
            .env
            .get_template(template)
            .map_err(|e| SiteError::msg(format!("template `{template}`: {e:#}")))?;
        let ctx = minijinja::context! {
            root => root,
            canonical => canonical,
            page_title => title,
            path => path,
            nav => v(&self.nav),
            view => view,
        };
        Ok((t, ctx))
    }
}

/// A list a template reads an item at a time: each item becomes a template value when
/// it is read, and is dropped after (the command index has one per command of the
/// corpus).
struct Lazy<T>(Vec<T>);

impl<T> std::fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{} items]", self.0.len())
    }
}

impl<T: Serialize + Send + Sync + 'static> minijinja::value::Object for Lazy<T> {
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }

    fn get_value(self: &std::sync::Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        self.0.get(key.as_usize()?).map(v)
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.0.len())
    }
}

/// The site, written a part of the corpus at a time, so that the whole model need not be
/// in memory (see [`crate::Project::emit`]): [`SiteWriter::begin`] reads the names,
/// anchors and runbook IDs of the whole corpus (its code may have been dropped);
/// [`SiteWriter::part`] writes the pages of a range of documents, whose code must be
/// there, and keeps what the index, search and command pages need of them; parts come
/// in document order; [`SiteWriter::finish`] writes the rest. Pages are rendered in
/// parallel. (The scripts and JSON the site links to are written by their emitters.)
pub struct SiteWriter<'a> {
    r: Renderer<'a>,
    sources: &'a HashMap<std::sync::Arc<str>, crate::source::SourceFile>,
    theme: &'a Theme,
    edit: Option<&'a EditLinks>,
    layout: &'a super::layout::Layout,
    pages: std::sync::atomic::AtomicUsize,
    /// Runbook ID → its page; document path → its page and anchors.
    ids: HashMap<String, String>,
    docs: HashMap<String, DocTargets>,
    rows: Vec<RunbookRow>,
    index: IndexBuilder,
    by_verb: BTreeMap<String, BTreeMap<String, Vec<CmdRef>>>,
}

/// What a runbook page leaves for the index, search and command pages.
struct Out {
    row: RunbookRow,
    severity: String,
    summary: String,
    texts: Vec<(String, u8)>,
    cmds: Vec<(String, String, CmdRef)>,
}

impl<'a> SiteWriter<'a> {
    pub fn begin(
        corpus: &Corpus,
        sources: &'a HashMap<std::sync::Arc<str>, crate::source::SourceFile>,
        theme: &'a Theme,
        edit: Option<&'a EditLinks>,
        publish: &'a Publish,
        layout: &'a super::layout::Layout,
    ) -> Result<SiteWriter<'a>, SiteError> {
        let env = theme.env()?;
        let all_doc_sections: Vec<&DocSection> = corpus
            .documents
            .iter()
            .flat_map(|d| all_sections(&d.sections))
            .collect();
        let has = |f: fn(&DocSectionKind) -> bool| all_doc_sections.iter().any(|s| f(&s.kind));
        let r = Renderer {
            env,
            nav: Nav {
                severity: has(|k| matches!(k, DocSectionKind::SeverityLevels { .. })),
                escalation: has(|k| matches!(k, DocSectionKind::Escalation { .. })),
                templates: has(|k| matches!(k, DocSectionKind::Templates { .. })),
                alerts: !corpus.alerts.is_empty(),
            },
            publish,
            written: Default::default(),
        };

        // Link targets.
        let mut ids = HashMap::new();
        let mut docs: HashMap<String, DocTargets> = HashMap::new();
        for (d, doc_page) in corpus
            .documents
            .iter()
            .zip(layout.documents.iter().map(|f| &f.page))
        {
            docs.insert(
                d.path.clone(),
                DocTargets {
                    page: doc_page.clone(),
                    anchors: d
                        .anchors
                        .iter()
                        .map(|a| (a.clone(), format!("{doc_page}#{}", render::anchor_id(a))))
                        .collect(),
                },
            );
        }
        for ((d, rb), page) in corpus
            .runbooks()
            .zip(layout.runbooks.iter().map(|f| &f.page))
        {
            ids.entry(rb.id.clone()).or_insert_with(|| page.clone());
            if let Some(t) = docs.get_mut(&d.path) {
                for a in runbook_anchors(rb) {
                    let target = if a == rb.anchor {
                        page.clone()
                    } else {
                        format!("{page}#{}", render::anchor_id(&a))
                    };
                    t.anchors.insert(a, target);
                }
            }
        }
        Ok(SiteWriter {
            r,
            sources,
            theme,
            edit,
            layout,
            pages: Default::default(),
            ids,
            docs,
            rows: Vec::new(),
            index: IndexBuilder::default(),
            by_verb: BTreeMap::new(),
        })
    }

    /// The runbook, document and source pages of `corpus.documents[range]`, whose code
    /// is there.
    pub fn part(
        &mut self,
        corpus: &Corpus,
        range: std::ops::Range<usize>,
        sink: &dyn super::Sink,
    ) -> Result<(), SiteError> {
        use rayon::prelude::*;
        let (r, layout, edit, pages) = (&self.r, self.layout, self.edit, &self.pages);
        let (ids, docs) = (&self.ids, &self.docs);
        // Runbook pages, in parallel: each page goes to the sink as soon as it is
        // rendered; what the index, search and command pages need comes back, in order.
        let runbooks = layout.runbooks_in(corpus, range.clone());
        let results: Vec<Result<Out, SiteError>> = runbooks
            .par_iter()
            .map(|&(di, doc, rb, files)| {
                let page = &files.page;
                let links = Links {
                    ids,
                    docs,
                    doc_path: &doc.path,
                    root: "",
                };
                let mut view = runbook_view(doc, rb, files, &layout.documents[di], &links, edit);
                view.alerts = corpus
                    .alerts_for(&rb.id)
                    .map(|a| alert_view(a, ids, docs))
                    .collect();
                // A runbook that states no severity has its alerts' (the most severe).
                if view.severity.is_empty() {
                    view.severity = most_severe(view.alerts.iter().map(|a| a.severity.as_str()));
                }
                let title = format!("{} {}", rb.id, rb.title);
                let file = r.page("runbook.html", page, &title, v(&view))?;
                pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                sink.put(file).map_err(SiteError::io)?;
                // What an on-call engineer searches by: the symptoms, or for an alert
                // runbook what the alert means.
                let symptoms: Vec<String> = match (&rb.symptoms, &rb.meaning) {
                    (Some(s), _) => s.items.iter().map(|i| i.text.clone()).collect(),
                    (None, Some(m)) => m
                        .text()
                        .split("\n")
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| l.replace('\n', " "))
                        .collect(),
                    (None, None) => Vec::new(),
                };
                let mut texts = vec![
                    (rb.id.clone(), search::W_TITLE),
                    (rb.title.clone(), search::W_TITLE),
                ];
                // An alert's name finds the runbook it leads to.
                texts.extend(
                    view.alerts
                        .iter()
                        .map(|a| (a.name.clone(), search::W_TITLE)),
                );
                texts.extend(symptoms.iter().map(|s| (s.clone(), search::W_SYMPTOM)));
                if rb.symptoms.is_some() {
                    if let Some(m) = &rb.meaning {
                        texts.push((m.text(), search::W_SYMPTOM));
                    }
                }
                if let Some(i) = &rb.impact {
                    texts.push((i.text(), search::W_TEXT));
                }
                if let Some(c) = &rb.causes {
                    for c in &c.causes {
                        texts.push((c.name.clone(), search::W_CAUSE));
                        texts.push((c.description.clone(), search::W_CAUSE));
                    }
                }
                texts.extend(
                    view.toc
                        .iter()
                        .map(|t| (t.title.clone(), search::W_HEADING)),
                );
                texts.extend(rb.metadata.values().map(|v| (v.clone(), search::W_HEADING)));
                let mut cmds = Vec::new();
                for c in rb.commands() {
                    texts.push((c.text.clone(), search::W_COMMAND));
                    if let Some(desc) = &c.description {
                        texts.push((desc.clone(), search::W_TEXT));
                    }
                    for k in &c.kubectl {
                        let verb = if k.path.is_empty() {
                            k.argv.first().unwrap_or("kubectl").to_string()
                        } else {
                            k.path.join(" ")
                        };
                        let res = k
                            .resources
                            .first()
                            .cloned()
                            .unwrap_or_else(|| "(no resource)".into());
                        cmds.push((
                            verb,
                            res,
                            CmdRef {
                                code: escape(&c.text),
                                runbook: rb.id.clone(),
                                url: format!("{page}#cmd-L{}", c.span.line),
                                mutating: c.class() == Some(crate::model::CommandClass::Mutating),
                                versions: render::valid_on(c),
                            },
                        ));
                    }
                }
                if let Some(p) = &rb.prevention {
                    texts.extend(p.items.iter().map(|i| (i.text.clone(), search::W_TEXT)));
                }
                Ok(Out {
                    row: RunbookRow {
                        id: rb.id.clone(),
                        title: rb.title.clone(),
                        url: page.clone(),
                        severity: view.severity.clone(),
                        tags: tags(rb),
                        symptoms: symptoms.iter().take(2).cloned().collect(),
                        cases: rb.resolution.as_ref().map_or(0, |r| r.cases().len()),
                        commands: rb.commands().count(),
                        alerts: {
                            let mut names: Vec<String> =
                                view.alerts.iter().map(|a| a.name.clone()).collect();
                            names.dedup();
                            names
                        },
                    },
                    severity: view.severity,
                    summary: symptoms.into_iter().next().unwrap_or_default(),
                    texts,
                    cmds,
                })
            })
            .collect();
        let first_row = self.rows.len();
        for res in results {
            let o = res?;
            let d = self.index.add_doc(SearchDoc {
                id: o.row.id.clone(),
                title: o.row.title.clone(),
                page: o.row.url.clone(),
                severity: o.severity,
                summary: o.summary,
            });
            for (t, w) in &o.texts {
                self.index.add_text(d, t, *w);
            }
            for (verb, res, c) in o.cmds {
                self.by_verb
                    .entry(verb)
                    .or_default()
                    .entry(res)
                    .or_default()
                    .push(c);
            }
            self.rows.push(o.row);
        }
        let put = |f: OutputFile| -> Result<(), SiteError> {
            pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            sink.put(f).map_err(SiteError::io)
        };

        // Document and source pages, in parallel.
        let mut rows_of_doc: Vec<Vec<&RunbookRow>> = vec![Vec::new(); range.len()];
        for (&(di, ..), row) in runbooks.iter().zip(&self.rows[first_row..]) {
            rows_of_doc[di - range.start].push(row);
        }
        let sources = self.sources;
        corpus.documents[range.clone()]
            .par_iter()
            .enumerate()
            .try_for_each(|(i, d)| -> Result<(), SiteError> {
                let di = range.start + i;
                let (doc_page, src_page) =
                    (&layout.documents[di].page, &layout.documents[di].source);
                let links = Links {
                    ids,
                    docs,
                    doc_path: &d.path,
                    root: "../",
                };
                let mut body = blocks_html(&d.preamble, &links);
                doc_sections_html(&d.sections, &links, &mut body);
                let title = d.title.clone().unwrap_or_else(|| d.path.clone());
                put(r.page(
                    "document.html",
                    doc_page,
                    &title,
                    minijinja::context! {
                        title => title.clone(),
                        path => d.path.clone(),
                        source_url => src_page,
                        edit_url => edit.map_or(String::new(), |e| e.url(&d.path, 1)),
                        runbooks => v(&rows_of_doc[i]),
                        body => minijinja::Value::from_safe_string(body),
                    },
                )?)?;
                let text = sources
                    .get(d.path.as_str())
                    .map(|s| s.text.as_str())
                    .unwrap_or("");
                put(r.page(
                    "source.html",
                    src_page,
                    &d.path,
                    minijinja::context! {
                        path => d.path.clone(),
                        doc_url => doc_page,
                        lines => minijinja::Value::from_safe_string(source_lines(text)),
                    },
                )?)
            })
    }

    /// The index, alert, command and document-level pages, the 404 page, the sitemap,
    /// the search index and the assets, once every part is written.
    pub fn finish(self, corpus: &Corpus, sink: &dyn super::Sink) -> Result<SiteStats, SiteError> {
        let SiteWriter {
            r,
            theme,
            layout,
            pages,
            ids,
            docs,
            rows,
            index,
            by_verb,
            ..
        } = self;
        let (ids, docs) = (&ids, &docs);
        let r = &r;
        let pages = &pages;
        let put = |f: OutputFile| -> Result<(), SiteError> {
            pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            sink.put(f).map_err(SiteError::io)
        };
        let all_doc_sections: Vec<(usize, &DocSection)> = corpus
            .documents
            .iter()
            .enumerate()
            .flat_map(|(i, d)| all_sections(&d.sections).into_iter().map(move |s| (i, s)))
            .collect();

        // Index page: in ID order (digit runs compared as numbers: RB-9 before RB-10).
        let mut index_rows = rows.clone();
        index_rows.sort_by(|a, b| {
            natural_key(&a.id)
                .cmp(&natural_key(&b.id))
                .then(a.url.cmp(&b.url))
        });
        let severities: BTreeSet<String> = rows
            .iter()
            .map(|r| r.severity.clone())
            .filter(|s| !s.is_empty())
            .collect();
        let all_tags: BTreeSet<String> = rows.iter().flat_map(|r| r.tags.clone()).collect();
        let all_alerts: BTreeSet<String> = rows.iter().flat_map(|r| r.alerts.clone()).collect();
        let doc_links: Vec<(String, String)> = corpus
            .documents
            .iter()
            .zip(&layout.documents)
            .map(|(d, f)| {
                (
                    d.title.clone().unwrap_or_else(|| d.path.clone()),
                    f.page.clone(),
                )
            })
            .collect();
        pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        r.put_page(
            sink,
            "index.html",
            "index.html",
            "Runbooks",
            minijinja::context! {
                runbooks => minijinja::Value::from_object(Lazy(index_rows)),
                severities => v(&severities),
                tags => v(&all_tags),
                alerts => v(&all_alerts),
                documents => v(&doc_links),
            },
        )?;

        // Every alert and where it leads: the gaps in plain sight.
        if !corpus.alerts.is_empty() {
            let mut alerts: Vec<AlertView> = corpus
                .alerts
                .iter()
                .map(|a| alert_view(a, ids, docs))
                .collect();
            alerts.sort_by(|a, b| a.name.cmp(&b.name).then(a.rule.cmp(&b.rule)));
            let coverage = crate::alerts::Coverage::of(corpus);
            put(r.page(
                "alerts.html",
                "alerts.html",
                "Alerts",
                minijinja::context! {
                    alerts => v(&alerts),
                    coverage => v(&coverage),
                    line => coverage.line().unwrap_or_default(),
                },
            )?)?;
        }

        // Command index: the largest page, one item per command of the corpus, so its
        // commands become template values one at a time, and it is written as rendered.
        let groups: Vec<minijinja::Value> = by_verb
            .into_iter()
            .map(|(verb, res)| {
                minijinja::context! {
                    anchor => format!("verb-{}", crate::slug::slug(&verb)),
                    count => res.values().map(Vec::len).sum::<usize>(),
                    verb => verb,
                    resources => res
                        .into_iter()
                        .map(|(resource, commands)| minijinja::context! {
                            resource => resource,
                            commands => minijinja::Value::from_object(Lazy(commands)),
                        })
                        .collect::<Vec<_>>(),
                }
            })
            .collect();
        pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        r.put_page(
            sink,
            "commands.html",
            "commands.html",
            "kubectl commands",
            minijinja::Value::from(groups),
        )?;

        // Document-level pages.
        let mut levels = Vec::new();
        // Procedures and templates each go on one page: their ids are made unique there.
        let mut page_ids = Ids::default();
        let mut procedures = Vec::new();
        let mut templates = Vec::new();
        for (di, s) in &all_doc_sections {
            let d = &corpus.documents[*di];
            let doc_url = layout.documents[*di].page.clone();
            let links = Links {
                ids,
                docs,
                doc_path: &d.path,
                root: "",
            };
            let doc = d.title.clone().unwrap_or_else(|| d.path.clone());
            let doc_url = format!("{doc_url}#{}", render::anchor_id(&s.anchor));
            fn loc<T>(doc: &str, doc_url: &str, item: T) -> Located<T> {
                Located {
                    doc: doc.to_string(),
                    doc_url: doc_url.to_string(),
                    item,
                }
            }
            match &s.kind {
                DocSectionKind::SeverityLevels { levels: l } => levels.extend(l.iter().map(|l| {
                    loc(
                        &doc,
                        &doc_url,
                        SeverityRow {
                            level: l.level.clone(),
                            name: l.name.clone(),
                            response_time: l.response_time.clone(),
                            escalation: l.escalation.clone(),
                        },
                    )
                })),
                DocSectionKind::Escalation { procedures: p } => {
                    procedures.extend(p.iter().map(|p| {
                        loc(
                            &doc,
                            &doc_url,
                            Procedure {
                                title: p.title.clone(),
                                anchor: page_ids.unique(&p.anchor),
                                entries: p
                                    .entries
                                    .iter()
                                    .map(|e| {
                                        (
                                            e.when.clone().unwrap_or_default(),
                                            render::markdown(&e.action, &links, true),
                                        )
                                    })
                                    .collect(),
                            },
                        )
                    }))
                }
                DocSectionKind::Templates { templates: t } => templates.extend(t.iter().map(|t| {
                    let mut seen = BTreeSet::new();
                    loc(
                        &doc,
                        &doc_url,
                        TemplateView {
                            title: t.title.clone(),
                            anchor: page_ids.unique(&t.anchor),
                            html: render::text_with_placeholders(&t.text),
                            placeholders: t
                                .placeholders
                                .iter()
                                .filter(|p| seen.insert(p.name.clone()))
                                .map(|p| p.name.clone())
                                .collect(),
                        },
                    )
                })),
                _ => {}
            }
        }
        if r.nav.severity {
            put(r.page(
                "severity.html",
                "severity-levels.html",
                "Severity levels",
                v(&levels),
            )?)?;
        }
        if r.nav.escalation {
            put(r.page(
                "escalation.html",
                "escalation.html",
                "Escalation procedures",
                v(&procedures),
            )?)?;
        }
        if r.nav.templates {
            let mut names_seen = BTreeSet::new();
            let all: Vec<String> = templates
                .iter()
                .flat_map(|t| t.item.placeholders.clone())
                .filter(|n| names_seen.insert(n.clone()))
                .collect();
            put(r.page(
                "templates.html",
                "templates.html",
                "Communication templates",
                minijinja::context! {
                    templates => v(&templates),
                    placeholders => v(&all),
                },
            )?)?;
        }

        put(r.page(
            "404.html",
            "404.html",
            "Not found",
            minijinja::Value::from(()),
        )?)?;

        if let Some(url) = &r.publish.site_url {
            let mut written =
                std::mem::take(&mut *r.written.lock().unwrap_or_else(|e| e.into_inner()));
            sink.put(OutputFile {
                path: "sitemap.xml".into(),
                bytes: sitemap(url, &mut written).into_bytes(),
                executable: false,
            })
            .map_err(SiteError::io)?;
        }

        let pages = pages.load(std::sync::atomic::Ordering::Relaxed);
        let (search_files, index_bytes) = index.files();
        for f in search_files.into_iter() {
            sink.put(f).map_err(SiteError::io)?;
        }
        for (name, bytes) in &theme.assets {
            sink.put(OutputFile {
                path: name.into(),
                bytes: bytes.clone(),
                executable: false,
            })
            .map_err(SiteError::io)?;
        }
        Ok(SiteStats { pages, index_bytes })
    }
}
