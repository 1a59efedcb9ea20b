//! What a rule is, as plain data: its code, name, default level and documentation. A
//! leaf: a [`crate::diagnostic::Diagnostic`] is made from a [`Rule`] itself, so nothing
//! looks a code up to raise a finding.
//!
//! The rules raised while files are read (F001–F006) and the rule files' own (A001) are
//! defined here, below the readers that raise them; every other rule lives in
//! `check/rules/`, beside its check. The table of all rules is `check::rules::RULES`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub mod empty_file;
pub mod internal_error;
pub mod invalid_front_matter;
pub mod invalid_rule_file;
pub mod invalid_utf8;
pub mod unreadable_file;
pub mod unterminated_fence;

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct Rule {
    /// `L001`: never reused.
    pub code: &'static str,
    /// `broken-link`: kebab-case, also accepted wherever a code is.
    pub name: &'static str,
    /// The level when the configuration says nothing.
    pub level: Level,
    /// What the rule is about; its code's letter says the same.
    pub category: Category,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown: what it checks, why it matters, a bad and a good example.
    pub doc: &'static str,
}

/// What a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// F: reading files.
    Files,
    /// L: links and anchors.
    Links,
    /// S: a runbook's structure.
    Structure,
    /// B: shell code blocks and their commands.
    Shell,
    /// K: kubectl commands, against the command trees.
    Kubectl,
    /// H: helm commands, against the command trees.
    Helm,
    /// X: the corpus as a whole (the index, titles, severities, suppressions).
    Corpus,
    /// A: alerting rules and their runbooks.
    Alerts,
}

impl Category {
    /// The findings on commands (bash syntax, kubectl): a build stops on their errors
    /// unless they are allowed, and the scripts then leave those commands out.
    pub fn is_commands(self) -> bool {
        matches!(self, Category::Shell | Category::Kubectl | Category::Helm)
    }
}

// A rule's level: set per rule under `rules:` in `runbooks.yaml` (no doc comment: it
// would change the configuration schema).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}
