//! Parsing: Markdown source to the typed model.
//!
//! `markdown` flattens pulldown-cmark's events, `structure` finds documents,
//! runbooks and their sections, `shell` splits code blocks into commands.

pub mod alert_rules;
pub mod bash;
pub mod markdown;
pub mod not_shell;
pub mod shell;
mod structure;

pub use structure::{document, runbook_heading};
