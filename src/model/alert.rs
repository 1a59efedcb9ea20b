//! Alerting rules read from Prometheus rule files, and where their `runbook_url` leads.

use crate::source::Span;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One alerting rule (`- alert: Name` in a rule group). Recording rules are not read.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Alert {
    /// The alert's name (`alert:`).
    pub name: String,
    /// The name of its rule group.
    pub group: String,
    /// The `alert:` line in the rule file; the file is named relative to the corpus
    /// root, as documents are.
    pub span: Span,
    /// The PromQL expression, as written.
    pub expr: String,
    /// How long the condition must hold (`for:`), as written.
    #[serde(rename = "for", default, skip_serializing_if = "Option::is_none")]
    pub for_: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// The `runbook_url` annotation's line, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_span: Option<Span>,
    /// Where the `runbook_url` leads.
    pub link: AlertLink,
}

impl Alert {
    /// The `runbook_url` annotation as written.
    pub fn runbook_url(&self) -> Option<&str> {
        self.annotations.get("runbook_url").map(String::as_str)
    }

    /// The `severity` label.
    pub fn severity(&self) -> Option<&str> {
        self.labels.get("severity").map(String::as_str)
    }

    /// The ID of the runbook the alert leads to, when it resolves to one.
    pub fn runbook(&self) -> Option<&str> {
        match &self.link {
            AlertLink::Runbook { runbook, .. } => Some(runbook),
            _ => None,
        }
    }

    /// Where a finding on the alert points: its `runbook_url` line, else its `alert:`
    /// line.
    pub fn url_or_alert_span(&self) -> &Span {
        self.url_span.as_ref().unwrap_or(&self.span)
    }
}

/// Where an alert's `runbook_url` leads, checked against the corpus without a network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AlertLink {
    /// The alert has no `runbook_url` annotation.
    Missing,
    /// To a runbook of the corpus (and its heading, when the URL has an anchor).
    Runbook {
        /// The URL with its templates expanded.
        url: String,
        /// The runbook's ID.
        runbook: String,
        /// The document that holds it.
        document: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        anchor: Option<String>,
    },
    /// To a file of the corpus that holds no runbook (a guide, an index).
    Document {
        url: String,
        document: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        anchor: Option<String>,
    },
    /// Into the corpus (a `runbook_urls` prefix, a relative URL or a repository URL),
    /// but to nothing there.
    NotFound {
        url: String,
        /// What was looked for: a path, or a name among a folder's runbooks.
        looked_for: String,
    },
    /// To a file of the corpus, but to a heading it does not have.
    BrokenAnchor {
        url: String,
        document: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        runbook: Option<String>,
        anchor: String,
    },
    /// Outside the corpus (no `runbook_urls` prefix matches): not checked.
    External { url: String },
    /// A template that cannot be expanded offline (`{{ $externalLabels.x }}`).
    Template { url: String },
}

impl AlertLink {
    /// `missing`, `runbook`, …: as in the JSON.
    pub fn status(&self) -> &'static str {
        match self {
            AlertLink::Missing => "missing",
            AlertLink::Runbook { .. } => "runbook",
            AlertLink::Document { .. } => "document",
            AlertLink::NotFound { .. } => "not_found",
            AlertLink::BrokenAnchor { .. } => "broken_anchor",
            AlertLink::External { .. } => "external",
            AlertLink::Template { .. } => "template",
        }
    }

    /// The URL with its templates expanded (none for a missing one).
    pub fn url(&self) -> Option<&str> {
        match self {
            AlertLink::Missing => None,
            AlertLink::Runbook { url, .. }
            | AlertLink::Document { url, .. }
            | AlertLink::NotFound { url, .. }
            | AlertLink::BrokenAnchor { url, .. }
            | AlertLink::External { url }
            | AlertLink::Template { url } => Some(url),
        }
    }
}
