//! rbc, the runbook compiler: Markdown incident runbooks in, a typed model in the
//! middle, diagnostics and artifacts (JSON, scripts, site) out.
//!
//! The library prints nothing; the `rbc` binary renders what it returns.
//!
//! The stages, each a module whose imports point only down this list:
//! - leaves: [`source`] (files and spans), [`words`] (shell words), [`slug`],
//!   [`rule`] (what a rule is, and the rules raised while reading), [`diagnostic`]
//!   (findings as data), [`programs`] (what a command does), [`shellvars`];
//! - [`model`]: the typed runbooks, as plain data; [`kubectl`]: the command trees,
//!   a kubectl argv read as kubectl reads it, and the model of a kubectl command;
//! - [`settings`]: the configuration as the stages read it; [`parse`]: Markdown to
//!   the model; [`files`] and [`load`]: finding and reading files into a corpus, with
//!   the alerting rules of [`alerts`];
//! - [`check`]: the rules over the model (one file per rule, `check/rules/`), with
//!   [`contain`] keeping one rule's or one file's failure from stopping the others;
//!   [`config`]: reading `runbooks.yaml` (it validates rule names against the table);
//! - [`emit`]: the JSON, the scripts and the site; [`report`]: findings as text,
//!   JSON, SARIF, JUnit; [`fix`]: applying fixes;
//! - on top: [`Project`] (this file), [`incremental`] and [`lsp`] for the editor.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod alerts;
pub mod check;
pub mod config;
pub mod contain;
pub mod diagnostic;
pub mod emit;
pub mod files;
pub mod fix;
#[doc(hidden)]
pub mod fuzz;
pub mod helm;
pub mod incremental;
pub mod kubectl;
pub mod links;
pub mod load;
pub mod lsp;
pub mod model;
pub mod parse;
pub mod programs;
pub mod report;
pub mod rule;
pub mod settings;
pub mod shellvars;
pub mod slug;
pub mod source;
pub mod words;

use config::{ConfigError, Settings};
use diagnostic::{Diagnostic, Severity};
use std::path::{Path, PathBuf};

/// [`load::AfterParse`], given the settings the project was opened with.
type AfterParseWith = dyn Fn(
        &config::Settings,
        source::SourceFile,
        model::Document,
    ) -> (source::SourceFile, model::Document, Vec<Diagnostic>)
    + Sync;

/// A loaded corpus with its settings.
pub struct Project {
    pub settings: Settings,
    pub loaded: load::Loaded,
    /// What the scripts say they were built from, instead of reading each runbook's git
    /// repository (the CLI takes it from `RBC_SOURCE_COMMIT`).
    pub source_commit: Option<String>,
    /// A build writes no script for a runbook with a command error (the rest of the
    /// output is written): what `rbc build` does without `--allow-errors`. Else the
    /// script is written without those commands.
    pub hold_scripts: bool,
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
        Project::open_with_alerts(paths, config, exclude, &[])
    }

    /// [`Project::open`], with more rule files or folders of them (`--alerts`) than
    /// the configuration's `alerts:`.
    pub fn open_with_alerts(
        paths: &[PathBuf],
        config: Option<&Path>,
        exclude: Option<&Path>,
        alerts: &[PathBuf],
    ) -> Result<Project, ConfigError> {
        Project::open_then(paths, config, exclude, alerts, None)
    }

    /// [`Project::open_with_alerts`] holding less: each file's file-scope rules run as
    /// soon as it is parsed, and its commands and code are then dropped (see
    /// [`model::Document::forget_code`]), so the corpus is never held whole. For
    /// [`Project::check`], which finds the same, and [`Project::build_parts_into`],
    /// which parses each file again for its outputs.
    pub fn open_for_check(
        paths: &[PathBuf],
        config: Option<&Path>,
        exclude: Option<&Path>,
        alerts: &[PathBuf],
    ) -> Result<Project, ConfigError> {
        let after = |settings: &config::Settings, src, doc| {
            let (src, mut doc, found) = check::run_file(settings, src, doc);
            doc.forget_code();
            (src, doc, found)
        };
        Project::open_then(paths, config, exclude, alerts, Some(&after))
    }

    /// Settings found for `paths` (and `--alerts`), then the files loaded, each given
    /// to `after` as soon as it is parsed (see [`load::AfterParse`]).
    fn open_then(
        paths: &[PathBuf],
        config: Option<&Path>,
        exclude: Option<&Path>,
        alerts: &[PathBuf],
        after: Option<&AfterParseWith>,
    ) -> Result<Project, ConfigError> {
        let mut settings = settings_for(paths, config)?;
        settings.alert_paths = alerts.to_vec();
        let root = load::corpus_root(paths, &settings);
        settings.site_generator =
            config::SiteGenerator::detect(&root, settings.site_generator_setting.as_deref());
        // The alerts' names, before the files are parsed: a playbook's sections named
        // after them are their runbooks.
        if settings.has_alerts() {
            let names = alerts::read(&settings, Some(&root))
                .alerts
                .into_iter()
                .map(|a| a.name)
                .collect();
            settings.alert_names = std::sync::Arc::new(names);
        }
        let loaded = match after {
            Some(after) => {
                let after = |src, doc| after(&settings, src, doc);
                load::load_then(paths, &settings, exclude, &|_, _| {}, Some(&after))
            }
            None => load::load(paths, &settings, exclude),
        };
        Ok(Project {
            settings,
            loaded,
            source_commit: None,
            hold_scripts: false,
        })
    }

    /// A project from files already in memory (no discovery, no file system): for
    /// editors, fuzzing and benchmarks. Parsed in parallel, kept in the given order.
    pub fn from_sources(settings: Settings, files: Vec<source::SourceFile>) -> Project {
        let loaded = load::parse_sources(files, &settings);
        Project {
            settings,
            loaded,
            source_commit: None,
            hold_scripts: false,
        }
    }

    /// Every finding: load and parse problems, then the rules, levels applied, sorted;
    /// their files are the paths the user gave (the model names files by their path
    /// relative to the corpus root).
    pub fn check(&self) -> Vec<Diagnostic> {
        let ctx = check::Context {
            corpus: &self.loaded.corpus,
            settings: &self.settings,
            sources: &self.loaded.sources,
            on_disk: self.loaded.on_disk.as_ref(),
        };
        let mut all = self.loaded.diagnostics.clone();
        match &self.loaded.after_parse {
            // The file-scope rules ran as each file was parsed (`open_for_check`).
            Some(found) => {
                all.extend(found.iter().cloned());
                all.extend(check::run_scoped(&ctx, Some(check::Scope::Corpus)));
            }
            None => all.extend(check::run(&ctx)),
        }
        let kept = check::finish(all, &self.settings);
        let kept = check::suppress::apply(&self.loaded.corpus, kept);
        check::finish(self.loaded.present(kept), &self.settings)
    }

    /// Error findings on commands (bash syntax, kubectl, helm) of the files that hold
    /// runbooks: a build stops on these unless they are allowed, and then the scripts
    /// leave those commands out. A page with no runbook (a helper page, a guide) yields
    /// no script: its errors are `rbc check`'s to report, and do not stop the build.
    pub fn command_errors(&self, diags: &[Diagnostic]) -> Vec<Diagnostic> {
        let scripted: std::collections::HashSet<&str> = self
            .loaded
            .corpus
            .documents
            .iter()
            .filter(|d| !d.runbooks.is_empty())
            .map(|d| d.path.as_str())
            .collect();
        diags
            .iter()
            .filter(|d| {
                d.severity == Severity::Error
                    && check::registry::find(d.code).is_some_and(|r| r.category.is_commands())
                    && scripted.contains(self.loaded.name_of_shown(&d.span.file))
            })
            .cloned()
            .collect()
    }

    /// Everything `rbc build` writes: JSON, scripts and the site. `errors` are the
    /// command errors to leave out of the scripts (see [`Project::command_errors`]).
    pub fn outputs_with(
        &self,
        errors: &[Diagnostic],
        theme: &emit::site::Theme,
    ) -> Result<(Vec<emit::OutputFile>, emit::site::SiteStats), emit::site::SiteError> {
        let by_command = self.errors_by_command(errors);
        let collect = emit::Collect::default();
        let stats = self.emit(&by_command, theme, &collect)?;
        Ok((collect.into_sorted(), stats))
    }

    /// Write everything `rbc build` writes into `sink`: JSON, scripts and the site,
    /// generated in parallel and streamed (nothing is held longer than it takes to
    /// write it). `errors` maps commands to leave out of the scripts to their reason.
    pub fn emit(
        &self,
        errors: &crate::emit::script::LeftOut,
        theme: &emit::site::Theme,
        sink: &dyn emit::Sink,
    ) -> Result<emit::site::SiteStats, emit::site::SiteError> {
        let corpus = &self.loaded.corpus;
        let layout = emit::layout::Layout::of(corpus);
        let provenance = emit::provenance::Provenance::new(self.source_commit.clone());
        let (edit, publish) = (self.edit_links(), self.publish());
        let mut e = emit::Emitter::begin(
            corpus,
            &self.loaded.sources,
            &provenance,
            theme,
            edit.as_ref(),
            &publish,
            &layout,
            emit::script::Config::of(&self.settings),
        )?;
        e.parts(&corpus.alerts, sink, &mut |e, index| {
            e.part(
                corpus,
                0..corpus.documents.len(),
                errors,
                &Default::default(),
                sink,
                index,
            )
        })?;
        e.finish(corpus, sink)
    }

    /// [`Project::build_into`] for a project opened with [`Project::open_for_check`],
    /// whose model holds no code: the documents are parsed again a part at a time
    /// (about 512 KB of Markdown each), their outputs written and their code dropped
    /// again, so that the whole model is never in memory. The output is the same.
    pub fn build_parts_into(
        &mut self,
        errors: &[Diagnostic],
        theme: &emit::site::Theme,
        out: &Path,
    ) -> Result<emit::site::SiteStats, emit::site::SiteError> {
        let w = emit::TreeWriter::begin(out).map_err(emit::site::SiteError::io)?;
        let stats = self.emit_parts(errors, theme, &w)?;
        w.commit().map_err(emit::site::SiteError::io)?;
        Ok(stats)
    }

    /// [`Project::emit`] a part at a time (see [`Project::build_parts_into`]).
    pub fn emit_parts(
        &mut self,
        errors: &[Diagnostic],
        theme: &emit::site::Theme,
        sink: &dyn emit::Sink,
    ) -> Result<emit::site::SiteStats, emit::site::SiteError> {
        /// Markdown parsed again per part: the model of a part is about 15 times that.
        const PART_BYTES: usize = 1 << 19;
        self.emit_parts_of(errors, theme, sink, PART_BYTES)
    }

    /// [`Project::emit_parts`] with parts of about `part_bytes` of Markdown (at least
    /// one document each): for tests.
    #[doc(hidden)]
    pub fn emit_parts_of(
        &mut self,
        errors: &[Diagnostic],
        theme: &emit::site::Theme,
        sink: &dyn emit::Sink,
        part_bytes: usize,
    ) -> Result<emit::site::SiteStats, emit::site::SiteError> {
        use rayon::prelude::*;
        let layout = emit::layout::Layout::of(&self.loaded.corpus);
        let provenance = emit::provenance::Provenance::new(self.source_commit.clone());
        let (edit, publish) = (self.edit_links(), self.publish());
        let named = self.named_errors(errors);
        let load::Loaded {
            corpus, sources, ..
        } = &mut self.loaded;
        let settings = &self.settings;
        let mut e = emit::Emitter::begin(
            corpus,
            sources,
            &provenance,
            theme,
            edit.as_ref(),
            &publish,
            &layout,
            emit::script::Config::of(settings),
        )?;
        let alerts = corpus.alerts.clone();
        e.parts(&alerts, sink, &mut |e, index| {
            let n = corpus.documents.len();
            let mut start = 0;
            while start < n {
                let mut end = start;
                let mut bytes = 0;
                while end < n && (end == start || bytes < part_bytes) {
                    bytes += sources
                        .get(corpus.documents[end].path.as_str())
                        .map_or(0, |s| s.text.len());
                    end += 1;
                }
                let full: Vec<Option<model::Document>> = corpus.documents[start..end]
                    .par_iter()
                    .map(|d| {
                        let src = sources.get(d.path.as_str())?;
                        contain::catch(|| parse::document(src, settings).0).ok()
                    })
                    .collect();
                for (d, full) in corpus.documents[start..end].iter_mut().zip(full) {
                    if let Some(full) = full {
                        *d = full;
                    }
                }
                let by_command = errors_by_command(&named, corpus, start..end);
                let held = if self.hold_scripts {
                    held_runbooks(corpus, start..end, &by_command)
                } else {
                    Default::default()
                };
                e.part(corpus, start..end, &by_command, &held, sink, index)?;
                for d in &mut corpus.documents[start..end] {
                    d.forget_code();
                }
                start = end;
            }
            Ok(())
        })?;
        e.finish(corpus, sink)
    }

    fn publish(&self) -> emit::site::Publish {
        emit::site::Publish {
            site_url: self.settings.site_url.clone(),
            base: self.settings.site_base.clone(),
            generator: self.settings.site_generator.clone(),
        }
    }

    /// Build into the folder `out`, atomically: written into a temporary folder beside
    /// it and swapped into place only when everything succeeded.
    pub fn build_into(
        &self,
        errors: &[Diagnostic],
        theme: &emit::site::Theme,
        out: &Path,
    ) -> Result<emit::site::SiteStats, emit::site::SiteError> {
        let by_command = self.errors_by_command(errors);
        let w = emit::TreeWriter::begin(out).map_err(emit::site::SiteError::io)?;
        let stats = self.emit(&by_command, theme, &w)?;
        w.commit().map_err(emit::site::SiteError::io)?;
        Ok(stats)
    }

    /// The site's Source links on the repository host, when `edit_url` is set: `{path}`
    /// is relative to the repository root (the nearest folder with `.git` at or above
    /// the corpus root), or to the corpus root when there is none.
    pub fn edit_links(&self) -> Option<emit::site::EditLinks> {
        let template = self.settings.edit_url.clone()?;
        let prefix = self
            .loaded
            .root
            .as_deref()
            .and_then(files::repository_prefix)
            .unwrap_or_default();
        Some(emit::site::EditLinks { template, prefix })
    }

    /// Command errors with the name in the model of their file (findings show the
    /// paths the user gave; commands are named as in the model).
    fn named_errors<'d>(&self, errors: &'d [Diagnostic]) -> Vec<(String, &'d Diagnostic)> {
        errors
            .iter()
            .map(|d| (self.loaded.name_of_shown(&d.span.file).to_string(), d))
            .collect()
    }

    /// Command errors keyed by the command they are on: (file, start) → reason.
    fn errors_by_command(&self, errors: &[Diagnostic]) -> crate::emit::script::LeftOut {
        let corpus = &self.loaded.corpus;
        errors_by_command(
            &self.named_errors(errors),
            corpus,
            0..corpus.documents.len(),
        )
    }

    /// Everything `rbc build` writes with the default theme, for a corpus without
    /// command errors.
    pub fn outputs(&self) -> Vec<emit::OutputFile> {
        let theme = emit::site::Theme::load(None).expect("the embedded theme loads");
        self.outputs_with(&[], &theme)
            .expect("the embedded templates render")
            .0
    }
}

/// The runbooks of `corpus.documents[range]` with a command in `errors`: the IDs whose
/// scripts a build without `--allow-errors` holds back.
fn held_runbooks(
    corpus: &model::Corpus,
    range: std::ops::Range<usize>,
    errors: &crate::emit::script::LeftOut,
) -> std::collections::HashSet<String> {
    corpus.documents[range]
        .iter()
        .flat_map(|d| &d.runbooks)
        .filter(|rb| {
            rb.commands()
                .any(|c| errors.contains_key(&(c.span.file.to_string(), c.span.start)))
        })
        .map(|rb| rb.id.clone())
        .collect()
}

/// The command errors `named` (see [`Project::named_errors`]) keyed by the command of
/// `corpus.documents[range]` they are on: (file, start) → reason.
fn errors_by_command(
    named: &[(String, &Diagnostic)],
    corpus: &model::Corpus,
    range: std::ops::Range<usize>,
) -> crate::emit::script::LeftOut {
    let mut by_command = std::collections::HashMap::new();
    for rb in corpus.documents[range].iter().flat_map(|d| &d.runbooks) {
        for c in rb.commands() {
            if let Some((_, d)) = named.iter().find(|(file, d)| {
                *file == *c.span.file && d.span.start >= c.span.start && d.span.start <= c.span.end
            }) {
                by_command.insert(
                    (c.span.file.to_string(), c.span.start),
                    format!("{}: {}", d.code, d.message),
                );
            }
        }
    }
    by_command
}
