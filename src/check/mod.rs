//! `rbc check`: rules over the model. Each rule is one file in `rules/` with its
//! code, name, level and doc; `registry` is the table of all of them.

pub mod registry;
pub mod rules;
pub mod suppress;

use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Corpus;
use crate::source::SourceFile;
use std::collections::HashMap;
use std::sync::Arc;

/// What every rule sees.
pub struct Context<'a> {
    pub corpus: &'a Corpus,
    pub settings: &'a Settings,
    pub sources: &'a HashMap<Arc<str>, SourceFile>,
}

/// A rule's check: reads the context, pushes its findings.
pub type Check = fn(&Context, &mut Vec<Diagnostic>);

/// What a rule's findings on a file depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Only that file (and the settings): an unchanged file keeps its findings.
    File,
    /// Other files too (links, IDs, the index): re-run over the whole corpus.
    Corpus,
}

/// Every rule's check, in a fixed order (the costly bash check first, so it starts first).
pub const CHECKS: &[(Check, Scope)] = &[
    (rules::bash_syntax_error::check, Scope::File),
    (rules::missing_section::check, Scope::File),
    (rules::empty_section::check, Scope::File),
    (rules::malformed_runbook_id::check, Scope::File),
    (rules::numbering_gap::check, Scope::File),
    (rules::cause_without_case::check, Scope::File),
    (rules::runbook_without_commands::check, Scope::File),
    (rules::erlang_in_exec::check, Scope::File),
    (rules::unknown_kubectl_command::check, Scope::File),
    (rules::unknown_kubectl_flag::check, Scope::File),
    (rules::bad_kubectl_flag_value::check, Scope::File),
    (rules::kubectl_flag_needs_value::check, Scope::File),
    (rules::unknown_resource_type::check, Scope::File),
    (rules::deprecated_kubectl::check, Scope::File),
    (rules::exec_without_dashdash::check, Scope::File),
    (rules::mutating_in_diagnosis::check, Scope::File),
    (rules::secret_values_printed::check, Scope::File),
    (rules::mutating_without_namespace::check, Scope::File),
    (rules::logs_without_target::check, Scope::File),
    (rules::invalid_json_patch::check, Scope::File),
    (rules::invalid_merge_patch::check, Scope::File),
    (rules::invalid_jsonpath::check, Scope::File),
    (rules::invalid_label_selector::check, Scope::File),
    (rules::unexpected_namespace::check, Scope::File),
    (rules::bad_kubectl_arguments::check, Scope::File),
    (rules::custom_resource_type::check, Scope::File),
    (rules::broken_link::check, Scope::Corpus),
    (rules::broken_anchor::check, Scope::Corpus),
    (rules::unknown_runbook_reference::check, Scope::Corpus),
    (rules::duplicate_runbook_id::check, Scope::Corpus),
    (rules::index_mismatch::check, Scope::Corpus),
    (rules::conflicting_runbook_title::check, Scope::Corpus),
    (rules::runbook_not_indexed::check, Scope::Corpus),
    (rules::unknown_severity::check, Scope::Corpus),
];

/// Run every rule over the corpus. Rules run in parallel; their findings are merged
/// in the fixed order of [`CHECKS`] (and sorted later), so the result does not depend
/// on the number of threads.
pub fn run(ctx: &Context) -> Vec<Diagnostic> {
    run_scoped(ctx, None)
}

/// Run the rules of one scope (all when `None`).
pub fn run_scoped(ctx: &Context, scope: Option<Scope>) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let found: Vec<Vec<Diagnostic>> = CHECKS
        .par_iter()
        .filter(|(_, s)| scope.is_none_or(|want| want == *s))
        .map(|(check, _)| {
            let mut v = Vec::new();
            check(ctx, &mut v);
            v
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// Apply configured levels (dropping rules set to `off`), then sort for output.
pub fn finish(mut diags: Vec<Diagnostic>, settings: &Settings) -> Vec<Diagnostic> {
    diags.retain_mut(|d| match settings.levels.get(d.code) {
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
