//! Incremental re-checking, for `rbc serve` and editors: the model and the findings of
//! each file are kept; when files change, only those are parsed and run through the
//! file-scope rules again. The cross-file rules (links, anchors, IDs, the index) keep
//! their tables ([`Tables`]), updated for the changed files, and re-check only the
//! files whose findings the change can affect; the rules on alerts re-run whole. The
//! result is the same as a full check (tested).

use crate::check::focus::{self, BY_DOCUMENT};
use crate::check::tables::{self, Tables};
use crate::check::{self, Scope};
use crate::diagnostic::Diagnostic;
use crate::files;
use crate::load::{self, Loaded};
use crate::model::Corpus;
use crate::source::SourceFile;
use crate::Project;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

pub struct Session {
    pub project: Project,
    /// Per file: its parse findings and its file-scope rule findings.
    local: HashMap<Arc<str>, Vec<Diagnostic>>,
    /// Per file: the findings of the cross-file rules run by document.
    cross: HashMap<Arc<str>, Vec<Diagnostic>>,
    tables: Tables,
}

/// Whether a rule is a cross-file rule run by document.
fn by_document(scope: Scope, rule: &check::registry::Rule) -> bool {
    scope == Scope::Corpus && focus::is_by_document(rule)
}

fn by_file(diags: Vec<Diagnostic>) -> HashMap<Arc<str>, Vec<Diagnostic>> {
    let mut m: HashMap<Arc<str>, Vec<Diagnostic>> = HashMap::new();
    for d in diags {
        m.entry(d.span.file.clone()).or_default().push(d);
    }
    m
}

impl Session {
    /// A session over a loaded project: runs the file-scope rules once.
    pub fn new(project: Project) -> Session {
        let ctx = check::Context {
            corpus: &project.loaded.corpus,
            settings: &project.settings,
            sources: &project.loaded.sources,
            on_disk: None,
        };
        let mut all = project.loaded.diagnostics.clone();
        all.extend(check::run_scoped(&ctx, Some(Scope::File)));
        let local = by_file(all);
        let cross = by_file(check::run_where(&ctx, &by_document));
        let tables = Tables::build(&project.loaded.corpus);
        Session {
            project,
            local,
            cross,
            tables,
        }
    }

    /// Replace (or add) files with new text and remove others; only these are parsed
    /// and checked again. Paths are names in the model (relative to the corpus root).
    pub fn update(&mut self, changed: Vec<SourceFile>, removed: &[Arc<str>]) {
        let loaded = &mut self.project.loaded;
        for path in removed {
            loaded
                .corpus
                .documents
                .retain(|d| d.path.as_str() != &**path);
            loaded.sources.remove(path);
            self.local.remove(path);
        }
        let mut names: Vec<Arc<str>> = removed.to_vec();
        if changed.is_empty() {
            crate::alerts::link(
                &mut loaded.corpus,
                &self.project.settings,
                loaded.root.as_deref(),
            );
            self.recheck(&names);
            return;
        }
        let paths: Vec<Arc<str>> = changed.iter().map(|s| s.path.clone()).collect();
        names.extend(paths.iter().cloned());
        // The changed files as a corpus of their own, for the file-scope rules.
        let Loaded {
            corpus,
            sources,
            diagnostics,
            ..
        } = load::parse_sources(changed, &self.project.settings);
        let ctx = check::Context {
            corpus: &corpus,
            settings: &self.project.settings,
            sources: &sources,
            on_disk: None,
        };
        let mut fresh = diagnostics;
        fresh.extend(check::run_scoped(&ctx, Some(Scope::File)));
        let mut fresh = by_file(fresh);
        for p in &paths {
            self.local
                .insert(p.clone(), fresh.remove(p).unwrap_or_default());
        }
        // A changed file whose parse failed (F006) has no model any more.
        loaded
            .corpus
            .documents
            .retain(|d| !paths.iter().any(|p| **p == *d.path));
        for doc in corpus.documents {
            let docs = &mut loaded.corpus.documents;
            // The order discovery gives (by path components), as a full load has it.
            let key = std::path::Path::new(&doc.path).to_path_buf();
            match docs.binary_search_by(|d| std::path::Path::new(&d.path).cmp(&key)) {
                Ok(i) => docs[i] = doc,
                Err(i) => docs.insert(i, doc),
            }
        }
        loaded.sources.extend(sources);
        // The alerts lead to the runbooks as they are now.
        crate::alerts::link(
            &mut loaded.corpus,
            &self.project.settings,
            loaded.root.as_deref(),
        );
        self.recheck(&names);
    }

    /// After the files `names` changed: the tables follow, and the cross-file rules
    /// run again on the documents whose findings may have changed.
    fn recheck(&mut self, names: &[Arc<str>]) {
        use rayon::prelude::*;
        let p = &self.project;
        let corpus = &p.loaded.corpus;
        let affected = self.tables.update(corpus, names);
        for n in names {
            if self.tables.doc(corpus, &tables::key(n)).is_none() {
                self.cross.remove(n);
            }
        }
        let ctx = check::Context {
            corpus,
            settings: &p.settings,
            sources: &p.loaded.sources,
            on_disk: p.loaded.on_disk.as_ref(),
        };
        let some: Vec<&crate::model::Document> = affected
            .docs
            .iter()
            .filter_map(|k| self.tables.doc(corpus, k))
            .collect();
        let all: Vec<&crate::model::Document> = corpus.documents.iter().collect();
        let t = &self.tables;
        let found: Vec<_> = BY_DOCUMENT
            .par_iter()
            .map(|by| {
                let code = by.rule.code;
                let docs = if affected.everywhere.contains(code) {
                    &all
                } else {
                    &some
                };
                (code, docs, focus::run(&ctx, t, by, docs))
            })
            .collect();
        if found.iter().any(|(_, _, r)| r.is_err()) {
            // A rule failed: the full run says where, as `rbc check` would.
            self.cross = by_file(check::run_where(&ctx, &by_document));
            return;
        }
        for (code, docs, new) in found {
            for d in docs {
                if let Some(v) = self.cross.get_mut(d.path.as_str()) {
                    v.retain(|f| f.code != code);
                }
            }
            for f in new.unwrap_or_default() {
                self.cross.entry(f.span.file.clone()).or_default().push(f);
            }
        }
    }

    /// Re-read every file under `paths` and update the ones whose text changed, were
    /// added or were removed. Returns the paths that changed.
    pub fn refresh(
        &mut self,
        paths: &[PathBuf],
        exclude: Option<&std::path::Path>,
    ) -> Vec<Arc<str>> {
        let (mut files, _) = load::discover(paths, exclude);
        files.retain(|f| self.project.settings.keeps(f));
        let mut changed = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for f in files {
            let read = match &self.project.loaded.root {
                Some(root) => files::read_as(&f, &files::name_in(root, &f)),
                None => files::read(&f),
            };
            let Ok(src) = read else { continue };
            seen.insert(src.path.clone());
            let same = self
                .project
                .loaded
                .sources
                .get(&src.path)
                .is_some_and(|old| old.text == src.text);
            if !same {
                changed.push(src);
            }
        }
        let removed: Vec<Arc<str>> = self
            .project
            .loaded
            .sources
            .keys()
            .filter(|k| !seen.contains(*k) && !self.project.loaded.rule_files.contains(*k))
            .cloned()
            .collect();
        let mut names: Vec<Arc<str>> = changed.iter().map(|s| s.path.clone()).collect();
        names.extend(removed.iter().cloned());
        self.update(changed, &removed);
        names.sort();
        names
    }

    /// Every finding, as [`Project::check`] gives it.
    pub fn check(&self) -> Vec<Diagnostic> {
        let p = &self.project;
        let ctx = check::Context {
            corpus: &p.loaded.corpus,
            settings: &p.settings,
            sources: &p.loaded.sources,
            on_disk: p.loaded.on_disk.as_ref(),
        };
        // Whether a link out of the corpus leads somewhere is asked of the file system
        // on every check, as a full check does: a file may have appeared or gone.
        let outside = self.tables.outside_readers();
        let docs: Vec<&crate::model::Document> = outside
            .iter()
            .filter_map(|k| self.tables.doc(&p.loaded.corpus, k))
            .collect();
        let links_out = focus::run(&ctx, &self.tables, &focus::LINKS, &docs);
        let stale = |name: &str, d: &Diagnostic| {
            links_out.is_ok()
                && d.code == focus::LINKS.rule.code
                && outside.contains(&tables::key(name))
        };
        let mut all: Vec<Diagnostic> = self.local.values().flatten().cloned().collect();
        for (name, found) in &self.cross {
            all.extend(found.iter().filter(|d| !stale(name, d)).cloned());
        }
        all.extend(links_out.unwrap_or_default());
        // The rules on alerts (few) run whole.
        all.extend(check::run_where(&ctx, &|s, r| {
            s == Scope::Corpus && !by_document(s, r)
        }));
        let kept = check::finish(all, &p.settings);
        let kept = check::suppress::apply(&p.loaded.corpus, kept);
        check::finish(p.loaded.present(kept), &p.settings)
    }

    pub fn corpus(&self) -> &Corpus {
        &self.project.loaded.corpus
    }
}
