//! The index page: every runbook, in ID order, with the filters' values.

use super::Ctx;
use crate::emit::site::renderer::{v, Lazy};
use crate::emit::site::SiteError;
use crate::model::Corpus;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Serialize, Clone)]
pub(crate) struct RunbookRow {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) severity: String,
    pub(crate) tags: Vec<String>,
    pub(crate) symptoms: Vec<String>,
    pub(crate) cases: usize,
    pub(crate) commands: usize,
    /// What it is at a glance: an alert runbook's first sentence of Meaning, else its
    /// first symptom.
    pub(crate) summary: String,
    /// The summary is the alert's Meaning (it has no symptoms list).
    pub(crate) meaning: bool,
    pub(crate) deprecated: bool,
    /// The folder of its file (`alerts/machine-config-operator`), `""` at the root.
    pub(crate) folder: String,
    /// The names of the alerts that lead to it.
    pub(crate) alerts: Vec<String>,
}

/// A sort key that orders digit runs by value: `RB-9` < `RB-10`.
pub(crate) fn natural_key(s: &str) -> Vec<(u8, u64, String)> {
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

/// The index page, in ID order (digit runs compared as numbers: RB-9 before RB-10).
pub(crate) fn write(cx: &Ctx, corpus: &Corpus, rows: &[RunbookRow]) -> Result<(), SiteError> {
    let mut index_rows = rows.to_vec();
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
    // The folder column only when the runbooks are in more than one folder.
    let folders: BTreeSet<&str> = rows.iter().map(|r| r.folder.as_str()).collect();
    // A file that is one runbook is its row already: the other documents are listed.
    let doc_links: Vec<(String, String)> = corpus
        .documents
        .iter()
        .zip(&cx.layout.documents)
        .filter(|(d, _)| d.runbooks.len() != 1)
        .map(|(d, f)| {
            (
                d.title.clone().unwrap_or_else(|| d.path.clone()),
                f.page.clone(),
            )
        })
        .collect();
    cx.count();
    cx.r.put_page(
        cx.sink,
        "index.html",
        "index.html",
        "Runbooks",
        minijinja::context! {
            runbooks => minijinja::Value::from_object(Lazy(index_rows)),
            severities => v(&severities),
            tags => v(&all_tags),
            alerts => v(&all_alerts),
            documents => v(&doc_links),
            folders => folders.len() > 1,
            counts => rows.iter().any(|r| r.cases > 0 || !r.alerts.is_empty()),
        },
    )
}
