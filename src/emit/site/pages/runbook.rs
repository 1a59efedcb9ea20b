//! A runbook's page: its sections, cases and steps, its alerts, its script and JSON;
//! and what it leaves for the index, the search index and the command index.

use super::alerts::{alert_view, most_severe, AlertView};
use super::commands::CmdRef;
use super::index::RunbookRow;
use super::Ctx;
use crate::emit::layout::{DocumentFiles, RunbookFiles};
use crate::emit::site::html::{blocks_html, list_html, Ids};
use crate::emit::site::publish::EditLinks;
use crate::emit::site::render::{self, escape, Links};
use crate::emit::site::renderer::v;
use crate::emit::site::search;
use crate::emit::site::SiteError;
use crate::model::{Block, Corpus, Document, ResolutionForm, Runbook, Step};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Serialize)]
pub(crate) struct TocEntry {
    pub(crate) title: String,
    pub(crate) anchor: String,
    pub(crate) depth: u8,
}

#[derive(Serialize)]
pub(crate) struct Part {
    pub(crate) kind: &'static str,
    pub(crate) number: Option<u32>,
    pub(crate) title: String,
    pub(crate) anchor: String,
    pub(crate) html: String,
    /// For a case: the cause it resolves.
    pub(crate) cause: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct SectionView {
    pub(crate) kind: &'static str,
    pub(crate) title: String,
    pub(crate) anchor: String,
    pub(crate) html: String,
    pub(crate) parts: Vec<Part>,
    pub(crate) start: usize,
}

#[derive(Serialize)]
pub(crate) struct RunbookView {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) severity: String,
    pub(crate) metadata: Vec<(String, String)>,
    pub(crate) preamble: String,
    pub(crate) placeholders: Vec<String>,
    pub(crate) sections: Vec<SectionView>,
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) source_url: String,
    pub(crate) source_label: String,
    /// The Source link on the repository host (`edit_url`), or empty.
    pub(crate) edit_url: String,
    pub(crate) script_url: String,
    pub(crate) script_name: String,
    pub(crate) json_url: String,
    pub(crate) doc_url: String,
    pub(crate) doc_label: String,
    pub(crate) mutating: usize,
    /// The alerts that lead to this runbook.
    pub(crate) alerts: Vec<AlertView>,
    /// What its kubectl/oc commands request, part by part.
    pub(crate) permissions: Vec<super::permissions::PermGroup>,
    pub(crate) deprecated: bool,
}

/// Every anchor inside a runbook (sections, cases, steps).
pub(crate) fn runbook_anchors(rb: &Runbook) -> Vec<String> {
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

pub(crate) fn steps_parts(
    steps: &[Step],
    links: &Links,
    kind: &'static str,
    ids: &mut Ids,
) -> (String, Vec<Part>) {
    let mut html = String::new();
    let mut parts: Vec<Part> = Vec::new();
    // Steps without a title are rendered together, so that a list's fences (a step
    // each, in the model) are shown inside their items.
    let mut untitled: Vec<Block> = Vec::new();
    let flush = |untitled: &mut Vec<Block>, html: &mut String, parts: &mut Vec<Part>| {
        if untitled.is_empty() {
            return;
        }
        let h = blocks_html(untitled, links);
        match parts.last_mut() {
            Some(p) => p.html.push_str(&h),
            None => html.push_str(&h),
        }
        untitled.clear();
    };
    for s in steps {
        match (&s.title, &s.anchor) {
            (Some(t), Some(a)) => {
                flush(&mut untitled, &mut html, &mut parts);
                parts.push(Part {
                    kind,
                    number: s.number,
                    title: t.clone(),
                    anchor: ids.unique(a),
                    html: blocks_html(&s.blocks, links),
                    cause: None,
                });
            }
            _ => untitled.extend(s.blocks.iter().cloned()),
        }
    }
    flush(&mut untitled, &mut html, &mut parts);
    (html, parts)
}

pub(crate) fn section_view(
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

pub(crate) fn placeholder_names(rb: &Runbook) -> Vec<String> {
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

pub(crate) fn runbook_view(
    doc: &Document,
    rb: &Runbook,
    files: &RunbookFiles,
    doc_pages: &DocumentFiles,
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
        permissions: super::permissions::permissions_view(rb),
        deprecated: rb.deprecated,
    }
}

pub(crate) fn tags(rb: &Runbook) -> Vec<String> {
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

/// What a runbook page leaves for the index, search and command pages.
pub(crate) struct Out {
    pub(crate) row: RunbookRow,
    pub(crate) severity: String,
    pub(crate) summary: String,
    pub(crate) texts: Vec<(String, u8)>,
    pub(crate) cmds: Vec<(String, String, CmdRef)>,
}

/// Write the page of runbook `rb` (of document `di`), and return what it leaves.
/// `held`: its script was held back (its commands have errors): the page says so.
pub(crate) fn write(
    cx: &Ctx,
    corpus: &Corpus,
    (di, doc, rb, files): (usize, &Document, &Runbook, &RunbookFiles),
    held: bool,
) -> Result<Out, SiteError> {
    let page = &files.page;
    let links = cx.links(&doc.path, "");
    let mut view = runbook_view(doc, rb, files, &cx.layout.documents[di], &links, cx.edit);
    if held {
        view.script_url = String::new();
    }
    view.alerts = corpus
        .alerts_for(&rb.id)
        .map(|a| alert_view(a, cx.ids, cx.docs))
        .collect();
    // A runbook that states no severity has its alerts' (the most severe).
    if view.severity.is_empty() {
        view.severity = most_severe(view.alerts.iter().map(|a| a.severity.as_str()));
    }
    let title = format!("{} {}", rb.id, rb.title);
    cx.put(cx.r.page("runbook.html", page, &title, v(&view))?)?;
    let symptoms = symptoms(rb);
    let texts = search_texts(rb, &view, &symptoms);
    let cmds = command_refs(rb, page);
    Ok(Out {
        row: RunbookRow {
            id: rb.id.clone(),
            title: rb.title.clone(),
            url: page.clone(),
            severity: view.severity.clone(),
            tags: tags(rb),
            symptoms: symptoms.iter().take(2).cloned().collect(),
            summary: first_sentence(symptoms.first().map_or("", String::as_str)),
            meaning: rb.symptoms.is_none() && rb.meaning.is_some(),
            deprecated: rb.deprecated,
            folder: doc.path.rsplit_once('/').map_or("", |x| x.0).to_string(),
            cases: rb.resolution.as_ref().map_or(0, |r| r.cases().len()),
            commands: rb.commands().count(),
            alerts: {
                let mut names: Vec<String> = view.alerts.iter().map(|a| a.name.clone()).collect();
                names.dedup();
                names
            },
        },
        severity: view.severity,
        summary: symptoms.into_iter().next().unwrap_or_default(),
        texts,
        cmds,
    })
}

/// The first sentence of a text (to its first `. `), or the text when it has one.
fn first_sentence(text: &str) -> String {
    let t = text.trim();
    match t.find(". ") {
        Some(i) => t[..=i].to_string(),
        None => t.to_string(),
    }
}

/// What an on-call engineer searches by: the symptoms, or for an alert runbook what
/// the alert means.
fn symptoms(rb: &Runbook) -> Vec<String> {
    match (&rb.symptoms, &rb.meaning) {
        (Some(s), _) => s.items.iter().map(|i| i.text.clone()).collect(),
        // A paragraph (or a list item) each, its hard-wrapped lines joined: a summary is
        // never cut at the source's line end.
        (None, Some(m)) => m
            .blocks
            .iter()
            .flat_map(|b| match b {
                Block::Paragraph(p) | Block::Quote(p) => vec![p.text.as_str()],
                Block::List(l) => l.items.iter().map(|i| i.text.as_str()).collect(),
                _ => Vec::new(),
            })
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty())
            .collect(),
        (None, None) => Vec::new(),
    }
}

/// The texts of a runbook the search index holds, each with its weight.
fn search_texts(rb: &Runbook, view: &RunbookView, symptoms: &[String]) -> Vec<(String, u8)> {
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
    for c in rb.commands() {
        texts.push((c.text.clone(), search::W_COMMAND));
        if let Some(desc) = &c.description {
            texts.push((desc.clone(), search::W_TEXT));
        }
    }
    if let Some(p) = &rb.prevention {
        texts.extend(p.items.iter().map(|i| (i.text.clone(), search::W_TEXT)));
    }
    // The prose of the steps (Diagnosis, Mitigation, cases), at the lowest weight: an
    // alert runbook's words are mostly there.
    let steps =
        rb.diagnosis
            .iter()
            .flat_map(|d| d.steps.iter())
            .chain(rb.resolution.iter().flat_map(|r| {
                r.steps()
                    .iter()
                    .chain(r.cases().iter().flat_map(|c| c.steps.iter()))
            }));
    for s in steps {
        for b in &s.blocks {
            match b {
                Block::Paragraph(p) => texts.push((p.text.clone(), search::W_TEXT)),
                Block::List(l) => {
                    texts.extend(l.items.iter().map(|i| (i.text.clone(), search::W_TEXT)))
                }
                _ => {}
            }
        }
    }
    texts
}

/// The runbook's kubectl commands for the command index: verb, first resource, entry.
fn command_refs(rb: &Runbook, page: &str) -> Vec<(String, String, CmdRef)> {
    let mut cmds = Vec::new();
    for c in rb.commands() {
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
    cmds
}
