//! The pages of the corpus's own reference sections: severity levels, escalation
//! procedures and communication templates, each gathered from every document.

use super::Ctx;
use crate::emit::site::html::{all_sections, Ids};
use crate::emit::site::render;
use crate::emit::site::renderer::v;
use crate::emit::site::SiteError;
use crate::model::{Corpus, DocSection, DocSectionKind};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Serialize)]
pub(crate) struct Located<T> {
    pub(crate) doc: String,
    pub(crate) doc_url: String,
    #[serde(flatten)]
    pub(crate) item: T,
}

#[derive(Serialize)]
pub(crate) struct SeverityRow {
    pub(crate) level: String,
    pub(crate) name: String,
    pub(crate) response_time: String,
    pub(crate) escalation: String,
}

#[derive(Serialize)]
pub(crate) struct Procedure {
    pub(crate) title: String,
    pub(crate) anchor: String,
    pub(crate) entries: Vec<(String, String)>,
}

#[derive(Serialize)]
pub(crate) struct TemplateView {
    pub(crate) title: String,
    pub(crate) anchor: String,
    pub(crate) html: String,
    pub(crate) placeholders: Vec<String>,
}

fn loc<T>(doc: &str, doc_url: &str, item: T) -> Located<T> {
    Located {
        doc: doc.to_string(),
        doc_url: doc_url.to_string(),
        item,
    }
}

/// The severity, escalation and templates pages, for those the corpus has.
pub(crate) fn write(cx: &Ctx, corpus: &Corpus) -> Result<(), SiteError> {
    let all_doc_sections: Vec<(usize, &DocSection)> = corpus
        .documents
        .iter()
        .enumerate()
        .flat_map(|(i, d)| all_sections(&d.sections).into_iter().map(move |s| (i, s)))
        .collect();
    let mut levels = Vec::new();
    // Procedures and templates each go on one page: their ids are made unique there.
    let mut page_ids = Ids::default();
    let mut procedures = Vec::new();
    let mut templates = Vec::new();
    for (di, s) in &all_doc_sections {
        let d = &corpus.documents[*di];
        let doc_url = cx.layout.documents[*di].page.clone();
        let links = cx.links(&d.path, "");
        let doc = d.title.clone().unwrap_or_else(|| d.path.clone());
        let doc_url = format!("{doc_url}#{}", render::anchor_id(&s.anchor));
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
            DocSectionKind::Escalation { procedures: p } => procedures.extend(p.iter().map(|p| {
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
            })),
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
    if cx.r.nav.severity {
        cx.put(cx.r.page(
            "severity.html",
            "severity-levels.html",
            "Severity levels",
            v(&levels),
        )?)?;
    }
    if cx.r.nav.escalation {
        cx.put(cx.r.page(
            "escalation.html",
            "escalation.html",
            "Escalation procedures",
            v(&procedures),
        )?)?;
    }
    if cx.r.nav.templates {
        let mut names_seen = BTreeSet::new();
        let all: Vec<String> = templates
            .iter()
            .flat_map(|t| t.item.placeholders.clone())
            .filter(|n| names_seen.insert(n.clone()))
            .collect();
        cx.put(cx.r.page(
            "templates.html",
            "templates.html",
            "Communication templates",
            minijinja::context! {
                templates => v(&templates),
                placeholders => v(&all),
            },
        )?)?;
    }
    Ok(())
}
