//! The static site, at the top of the output folder (beside the `json/` and `scripts/`
//! it links to): an index, one page per runbook, document pages,
//! source pages, a command index, severity / escalation / template pages, a 404 page
//! and a search index. Works from any static host and from `file://`; makes no request
//! to another origin.
//!
//! Pages are rendered by minijinja templates embedded in the binary (any of which a
//! theme folder can replace) from view structs built here. Everything taken from a
//! runbook is escaped: by the template engine, or by [`render`] for HTML fragments.

//!
//! This module orchestrates: one file per kind of page under `pages/` builds its view
//! and writes it; `renderer.rs` renders a template; `html.rs` builds the HTML
//! fragments of Markdown blocks.

mod error;
mod html;
mod pages;
mod publish;
pub mod render;
mod renderer;
pub mod search;
mod theme;

pub use error::SiteError;
pub use publish::{EditLinks, Publish};
pub use theme::{Theme, ASSETS, TEMPLATES};

use super::OutputFile;
use crate::model::{Corpus, DocSection, DocSectionKind};
use html::all_sections;
use pages::index::RunbookRow;
use pages::Ctx;
use publish::sitemap;
use render::DocTargets;
use renderer::{Nav, Renderer};
use search::{IndexBuilder, SearchDoc};
use std::collections::HashMap;

/// What the build reports about the site.
#[derive(Debug, Default, Clone)]
pub struct SiteStats {
    pub pages: usize,
    /// Bytes of the search index (all `search/` files).
    pub index_bytes: usize,
    /// The runbooks whose scripts were held back (their commands have errors).
    pub scripts_held: Vec<String>,
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
    /// The pages' URLs on the generator the sources are written for (Hugo).
    urls: Option<crate::links::Urls>,
    rows: Vec<RunbookRow>,
    index: IndexBuilder,
    by_verb: pages::commands::ByVerb,
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
                for a in pages::runbook::runbook_anchors(rb) {
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
            urls: crate::links::Urls::new(corpus, &publish.generator),
            rows: Vec::new(),
            index: IndexBuilder::default(),
            by_verb: Default::default(),
        })
    }

    /// What the page builders read.
    fn ctx<'s>(&'s self, sink: &'s dyn super::Sink) -> Ctx<'s, 'a> {
        Ctx {
            r: &self.r,
            ids: &self.ids,
            docs: &self.docs,
            urls: self.urls.as_ref(),
            layout: self.layout,
            edit: self.edit,
            sink,
            pages: &self.pages,
        }
    }

    /// The runbook, document and source pages of `corpus.documents[range]`, whose code
    /// is there.
    pub fn part(
        &mut self,
        corpus: &Corpus,
        range: std::ops::Range<usize>,
        held: &std::collections::HashSet<String>,
        sink: &dyn super::Sink,
    ) -> Result<(), SiteError> {
        use rayon::prelude::*;
        let cx = self.ctx(sink);
        // Runbook pages, in parallel: each page goes to the sink as soon as it is
        // rendered; what the index, search and command pages need comes back, in order.
        let runbooks = self.layout.runbooks_in(corpus, range.clone());
        let results: Vec<Result<pages::runbook::Out, SiteError>> = runbooks
            .par_iter()
            .map(|&runbook| {
                pages::runbook::write(&cx, corpus, runbook, held.contains(&runbook.2.id))
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

        // Document and source pages, in parallel.
        let mut rows_of_doc: Vec<Vec<&RunbookRow>> = vec![Vec::new(); range.len()];
        for (&(di, ..), row) in runbooks.iter().zip(&self.rows[first_row..]) {
            rows_of_doc[di - range.start].push(row);
        }
        let cx = self.ctx(sink);
        corpus.documents[range.clone()]
            .par_iter()
            .enumerate()
            .try_for_each(|(i, d)| {
                pages::document::write(&cx, self.sources, (range.start + i, d), &rows_of_doc[i])
            })
    }

    /// The index, alert, command and document-level pages, the 404 page, the sitemap,
    /// the search index and the assets, once every part is written.
    pub fn finish(
        mut self,
        corpus: &Corpus,
        sink: &dyn super::Sink,
    ) -> Result<SiteStats, SiteError> {
        let by_verb = std::mem::take(&mut self.by_verb);
        let cx = self.ctx(sink);
        pages::index::write(&cx, corpus, &self.rows)?;
        pages::alerts::write(&cx, corpus)?;
        pages::commands::write(&cx, by_verb)?;
        pages::handbook::write(&cx, corpus)?;
        cx.put(cx.r.page(
            "404.html",
            "404.html",
            "Not found",
            minijinja::Value::from(()),
        )?)?;

        if let Some(url) = &self.r.publish.site_url {
            let mut written =
                std::mem::take(&mut *self.r.written.lock().unwrap_or_else(|e| e.into_inner()));
            sink.put(OutputFile {
                path: "sitemap.xml".into(),
                bytes: sitemap(url, &mut written).into_bytes(),
                executable: false,
            })
            .map_err(SiteError::io)?;
        }

        let pages = self.pages.load(std::sync::atomic::Ordering::Relaxed);
        let (search_files, index_bytes) = self.index.files();
        for f in search_files.into_iter() {
            sink.put(f).map_err(SiteError::io)?;
        }
        for (name, bytes) in &self.theme.assets {
            sink.put(OutputFile {
                path: name.into(),
                bytes: bytes.clone(),
                executable: false,
            })
            .map_err(SiteError::io)?;
        }
        Ok(SiteStats {
            pages,
            index_bytes,
            scripts_held: Vec::new(),
        })
    }
}
