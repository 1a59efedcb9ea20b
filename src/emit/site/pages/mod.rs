//! One file per kind of page, each with its view and its builder; [`Ctx`] is what
//! every builder reads.

pub(crate) mod alerts;
pub(crate) mod commands;
pub(crate) mod document;
pub(crate) mod handbook;
pub(crate) mod index;
pub(crate) mod permissions;
pub(crate) mod runbook;

use super::publish::EditLinks;
use super::render::{DocTargets, Links};
use super::renderer::Renderer;
use super::SiteError;
use crate::emit::layout::Layout;
use crate::emit::{OutputFile, Sink};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What every page builder reads: the renderer, the link targets, the layout, and
/// where pages go (counted for the build's report).
pub(crate) struct Ctx<'a, 'e> {
    pub(crate) r: &'a Renderer<'e>,
    /// Runbook ID → its page; document path → its page and anchors.
    pub(crate) ids: &'a HashMap<String, String>,
    pub(crate) docs: &'a HashMap<String, DocTargets>,
    /// The pages' URLs on a Hugo site, when the sources are one.
    pub(crate) urls: Option<&'a crate::links::Urls>,
    pub(crate) layout: &'a Layout,
    pub(crate) edit: Option<&'a EditLinks>,
    pub(crate) sink: &'a dyn Sink,
    pub(crate) pages: &'a AtomicUsize,
}

impl Ctx<'_, '_> {
    /// Count a page written.
    pub(crate) fn count(&self) {
        self.pages.fetch_add(1, Ordering::Relaxed);
    }

    /// Count and write a page.
    pub(crate) fn put(&self, f: OutputFile) -> Result<(), SiteError> {
        self.count();
        self.sink.put(f).map_err(SiteError::io)
    }

    /// The links of a page of document `doc_path`, `root` being the way to the site's
    /// root from the page (`""`, `"../"`).
    pub(crate) fn links<'b>(&'b self, doc_path: &'b str, root: &'b str) -> Links<'b> {
        Links {
            ids: self.ids,
            docs: self.docs,
            urls: self.urls,
            doc_path,
            root,
        }
    }
}
