//! The typed model of a runbook corpus. Every node carries the span it came from.
//!
//! This is the one structure that checks, scripts, JSON and the site all read.

mod block;
mod document;
mod kubectl;
mod runbook;

pub use block::*;
pub use document::*;
pub use kubectl::*;
pub use runbook::*;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the JSON model. Bump on any incompatible change.
pub const MODEL_VERSION: u32 = 2;

/// All documents found under the given paths, in a stable (path) order.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Corpus {
    /// Version of this JSON format ([`MODEL_VERSION`]).
    pub version: u32,
    pub documents: Vec<Document>,
}

impl Corpus {
    pub fn new(documents: Vec<Document>) -> Self {
        Corpus {
            version: MODEL_VERSION,
            documents,
        }
    }

    /// Every runbook in document order, then file order.
    pub fn runbooks(&self) -> impl Iterator<Item = (&Document, &Runbook)> {
        self.documents
            .iter()
            .flat_map(|d| d.runbooks.iter().map(move |r| (d, r)))
    }

    pub fn find(&self, id: &str) -> Option<(&Document, &Runbook)> {
        self.runbooks().find(|(_, r)| r.id.eq_ignore_ascii_case(id))
    }
}

/// The JSON written for one runbook (`json/<ID>.json`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RunbookFile {
    /// Version of this JSON format.
    pub version: u32,
    /// Path of the document the runbook comes from.
    pub document: String,
    pub runbook: Runbook,
}
