//! The typed model of a runbook corpus. Every node carries the span it came from.
//!
//! This is the one structure that checks, scripts, JSON and the site all read.

mod alert;
mod block;
mod document;
mod kubectl;
mod runbook;

pub use alert::*;
pub use block::*;
pub use document::*;
pub use kubectl::*;
pub use runbook::*;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the JSON model. Bump on any incompatible change.
pub const MODEL_VERSION: u32 = 3;

/// All documents found under the given paths, in a stable (path) order.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Corpus {
    /// Version of this JSON format ([`MODEL_VERSION`]).
    pub version: u32,
    pub documents: Vec<Document>,
    /// The alerting rules read from the rule files (`alerts:` in runbooks.yaml,
    /// `--alerts`), in file order, each with where its `runbook_url` leads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<Alert>,
}

impl Corpus {
    pub fn new(documents: Vec<Document>) -> Self {
        Corpus {
            version: MODEL_VERSION,
            documents,
            alerts: Vec::new(),
        }
    }

    /// Every runbook in document order, then file order.
    pub fn runbooks(&self) -> impl Iterator<Item = (&Document, &Runbook)> {
        self.documents
            .iter()
            .flat_map(|d| d.runbooks.iter().map(move |r| (d, r)))
    }

    /// The alerts whose `runbook_url` leads to the runbook `id`.
    pub fn alerts_for<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Alert> + 'a {
        self.alerts
            .iter()
            .filter(move |a| a.runbook().is_some_and(|r| r.eq_ignore_ascii_case(id)))
    }

    pub fn find(&self, id: &str) -> Option<(&Document, &Runbook)> {
        self.runbooks().find(|(_, r)| r.id.eq_ignore_ascii_case(id))
    }
}

/// `json/corpus.json`: the [`Corpus`] with each runbook by reference, its whole model
/// being in its own file (a [`RunbookFile`]).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CorpusIndex {
    /// Version of this JSON format ([`MODEL_VERSION`]).
    pub version: u32,
    pub documents: Vec<Document<RunbookRef>>,
    /// The alerting rules read from the rule files (`alerts:` in runbooks.yaml,
    /// `--alerts`), in file order, each with where its `runbook_url` leads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<Alert>,
}

/// A runbook as `json/corpus.json` lists it: what it is, where, and the file beside
/// `corpus.json` that holds all of it (a [`RunbookFile`]).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RunbookRef {
    pub id: String,
    pub title: String,
    pub span: crate::source::Span,
    /// The runbook's file in the same folder (`RB-001.json`).
    pub json: String,
}

/// The JSON written for one runbook (`json/<ID>.json`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RunbookFile {
    /// Version of this JSON format.
    pub version: u32,
    /// Path of the document the runbook comes from.
    pub document: String,
    pub runbook: Runbook,
    /// The alerts whose `runbook_url` leads to this runbook.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<Alert>,
}
