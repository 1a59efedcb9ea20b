//! `rbc check`: rules over the model. Each rule is one file in `rules/` with its
//! code, name, level and doc, and one line in the rule table of `rules/mod.rs`.

pub mod focus;
pub mod registry;
pub mod rules;
pub mod support;
pub mod suppress;
pub mod tables;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Corpus;
use crate::rule::Rule;
use crate::settings::Settings;
use crate::source::SourceFile;
use std::collections::HashMap;
use std::sync::Arc;

/// What every rule sees.
pub struct Context<'a> {
    pub corpus: &'a Corpus,
    pub settings: &'a Settings,
    pub sources: &'a HashMap<Arc<str>, SourceFile>,
    /// The rest of the corpus on disk, when files were checked on their own: runbook
    /// IDs are looked up there too (see [`crate::load::OnDisk`]).
    pub on_disk: Option<&'a crate::load::OnDisk>,
}

impl Context<'_> {
    /// The path as the user gave it of a file known by its name in the model: for
    /// messages that mention another file.
    pub fn shown<'a>(&'a self, name: &'a str) -> &'a str {
        self.sources.get(name).map_or(name, |s| &s.shown)
    }
}

/// A rule's check: reads the context, pushes its findings.
pub type Check = fn(&Context, &mut Vec<Diagnostic>);

/// What a rule's findings on a file depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Only that file (and the settings): an unchanged file keeps its findings.
    File,
    /// Other files too (links, IDs, the index): re-run over the whole corpus. Such a
    /// rule must not read code blocks or commands: `rbc check` runs it on a model
    /// whose code was dropped once the file-scope rules had run on each file (see
    /// [`crate::model::Document::forget_code`]; a test compares it with the whole model).
    Corpus,
}

pub use rules::CHECKS;

/// Run every rule over the corpus. Rules run in parallel; their findings are merged
/// in the fixed order of [`CHECKS`] (and sorted later), so the result does not depend
/// on the number of threads.
pub fn run(ctx: &Context) -> Vec<Diagnostic> {
    run_scoped(ctx, None)
}

/// Run the rules of one scope (all when `None`).
pub fn run_scoped(ctx: &Context, scope: Option<Scope>) -> Vec<Diagnostic> {
    run_where(ctx, &|s, _| scope.is_none_or(|want| want == s))
}

/// Run the rules `keep` keeps.
pub fn run_where(ctx: &Context, keep: &(dyn Fn(Scope, &Rule) -> bool + Sync)) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let found: Vec<Vec<Diagnostic>> = CHECKS
        .par_iter()
        .filter(|(_, s, rule)| keep(*s, rule))
        .map(|(check, s, rule)| run_contained(ctx, *check, *s, rule))
        .collect();
    found.into_iter().flatten().collect()
}

/// The file-scope rules on one file, as soon as it is parsed (see
/// [`crate::load::AfterParse`]): the rules one after the other, as files are checked in
/// parallel. The findings are those [`run_scoped`] gives on that file for
/// [`Scope::File`], in the same order per rule.
pub fn run_file(
    settings: &Settings,
    src: SourceFile,
    doc: crate::model::Document,
) -> (SourceFile, crate::model::Document, Vec<Diagnostic>) {
    let corpus = Corpus::new(vec![doc]);
    let sources = HashMap::from([(src.path.clone(), src)]);
    let ctx = Context {
        corpus: &corpus,
        settings,
        sources: &sources,
        on_disk: None,
    };
    let found = CHECKS
        .iter()
        .filter(|(_, s, _)| *s == Scope::File)
        .flat_map(|(check, s, rule)| run_contained(&ctx, *check, *s, rule))
        .collect();
    let src = sources.into_values().next().expect("the file given");
    let doc = corpus.documents.into_iter().next().expect("the file given");
    (src, doc, found)
}

/// One rule over the corpus. A panic does not stop the others: the rule is run again
/// on each file alone, and each file it fails on gets an internal-error finding
/// (F006) naming the rule; a file-scope rule keeps its findings on the other files.
fn run_contained(ctx: &Context, check: Check, scope: Scope, rule: &Rule) -> Vec<Diagnostic> {
    let once = |corpus: &Corpus| {
        crate::contain::catch(|| {
            crate::contain::trigger::rule(rule.code, corpus);
            let mut v = Vec::new();
            check(
                &Context {
                    corpus,
                    settings: ctx.settings,
                    sources: ctx.sources,
                    on_disk: ctx.on_disk,
                },
                &mut v,
            );
            v
        })
    };
    let what = match once(ctx.corpus) {
        Ok(v) => return v,
        Err(what) => what,
    };
    let mut out = Vec::new();
    let mut named = false;
    let everywhere = scope == Scope::Corpus;
    for doc in &ctx.corpus.documents {
        match once(&Corpus::new(vec![doc.clone()])) {
            // Findings of a cross-file rule on one file alone are not its findings.
            Ok(v) if !everywhere => out.extend(v),
            Ok(_) => {}
            Err(w) => {
                named = true;
                let file = (doc.path.as_str(), ctx.shown(&doc.path));
                out.push(crate::contain::rule_failed(rule, file, &w, everywhere));
            }
        }
    }
    if !named {
        // Only the files together make it fail: reported on the first one.
        let first = ctx
            .corpus
            .documents
            .first()
            .map_or(".", |d| d.path.as_str());
        let file = (first, ctx.shown(first));
        out.push(crate::contain::rule_failed(rule, file, &what, everywhere));
    }
    out
}

/// Apply configured levels (dropping rules set to `off`), then sort for output.
pub fn finish(mut diags: Vec<Diagnostic>, settings: &Settings) -> Vec<Diagnostic> {
    diags.retain_mut(|d| match settings.levels.get(d.code) {
        // A bug in rbc is never turned off or down.
        _ if d.code == crate::contain::CODE => true,
        Some(level) => match Severity::from_level(*level) {
            Some(sev) => {
                d.severity = sev;
                true
            }
            None => false,
        },
        None => true,
    });
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup_by(|a, b| a.sort_key() == b.sort_key());
    diags
}
