//! rbc, the runbook compiler: Markdown incident runbooks in, a typed model in the
//! middle, diagnostics and artifacts (JSON, scripts, site) out.
//!
//! The library prints nothing; the `rbc` binary renders what it returns.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod emit;
pub mod fix;
pub mod kubectl;
pub mod load;
pub mod model;
pub mod parse;
pub mod slug;
pub mod source;

use config::{ConfigError, Settings};
use diagnostic::{Diagnostic, Severity};
use std::path::{Path, PathBuf};

/// A loaded corpus with its settings.
pub struct Project {
    pub settings: Settings,
    pub loaded: load::Loaded,
}

/// Settings from `--config`, else from `runbooks.yaml` found above the first path.
pub fn settings_for(paths: &[PathBuf], config: Option<&Path>) -> Result<Settings, ConfigError> {
    let found = match config {
        Some(c) => Some(c.to_path_buf()),
        None => paths.iter().find_map(|p| Settings::discover(p)),
    };
    match found {
        Some(p) => Settings::load(&p),
        None => Ok(Settings::default()),
    }
}

impl Project {
    pub fn open(
        paths: &[PathBuf],
        config: Option<&Path>,
        exclude: Option<&Path>,
    ) -> Result<Project, ConfigError> {
        let settings = settings_for(paths, config)?;
        let loaded = load::load(paths, &settings, exclude);
        Ok(Project { settings, loaded })
    }

    /// Every finding: load and parse problems, then the rules, levels applied, sorted.
    pub fn check(&self) -> Vec<Diagnostic> {
        let ctx = check::Context {
            corpus: &self.loaded.corpus,
            settings: &self.settings,
            sources: &self.loaded.sources,
        };
        let mut all = self.loaded.diagnostics.clone();
        all.extend(check::run(&ctx));
        check::finish(all, &self.settings)
    }

    /// Load problems that make the model incomplete (unreadable or non-UTF-8 files,
    /// unterminated fences): a build stops on these.
    pub fn blocking_load_errors(&self) -> Vec<Diagnostic> {
        check::finish(self.loaded.diagnostics.clone(), &self.settings)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    }

    /// Everything `rbc build` writes.
    pub fn outputs(&self) -> Vec<emit::OutputFile> {
        emit::json::files(&self.loaded.corpus)
    }
}
