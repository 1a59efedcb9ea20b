//! The alerts page: every alert and where it leads, the gaps in plain sight; and an
//! alert as a runbook page shows it.

use super::Ctx;
use crate::emit::site::render::DocTargets;
use crate::emit::site::renderer::v;
use crate::emit::site::SiteError;
use crate::model::Corpus;
use serde::Serialize;
use std::collections::HashMap;

/// An alert, as the runbook page and the alerts page show it.
#[derive(Serialize, Clone)]
pub(crate) struct AlertView {
    pub(crate) name: String,
    pub(crate) group: String,
    pub(crate) severity: String,
    #[serde(rename = "for")]
    pub(crate) for_: String,
    pub(crate) expr: String,
    pub(crate) summary: String,
    pub(crate) description: String,
    /// `rules/app.yaml:12`
    pub(crate) rule: String,
    /// `runbook`, `missing`, … (see `AlertLink::status`).
    pub(crate) status: String,
    /// What the link leads to, in words.
    pub(crate) status_text: String,
    /// The page of its runbook, when it leads to one (or to a page of the corpus).
    pub(crate) page: String,
    pub(crate) runbook: String,
}

/// The most severe of alerts' `severity` labels, by the names Prometheus rule sets use
/// (`critical` before `warning` before `info`); unknown names after those, in order.
pub(crate) fn most_severe<'a>(labels: impl Iterator<Item = &'a str>) -> String {
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

pub(crate) fn alert_view(
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

/// The alerts page, when there are alerts.
pub(crate) fn write(cx: &Ctx, corpus: &Corpus) -> Result<(), SiteError> {
    if corpus.alerts.is_empty() {
        return Ok(());
    }
    let mut alerts: Vec<AlertView> = corpus
        .alerts
        .iter()
        .map(|a| alert_view(a, cx.ids, cx.docs))
        .collect();
    alerts.sort_by(|a, b| a.name.cmp(&b.name).then(a.rule.cmp(&b.rule)));
    let coverage = crate::alerts::Coverage::of(corpus);
    cx.put(cx.r.page(
        "alerts.html",
        "alerts.html",
        "Alerts",
        minijinja::context! {
            alerts => v(&alerts),
            coverage => v(&coverage),
            line => coverage.line().unwrap_or_default(),
        },
    )?)
}
