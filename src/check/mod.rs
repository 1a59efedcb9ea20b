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

/// Every rule's check, in a fixed order.
pub const CHECKS: &[Check] = &[
    rules::bash_syntax_error::check, // the costly one first, so it starts first
    rules::broken_link::check,
    rules::broken_anchor::check,
    rules::unknown_runbook_reference::check,
    rules::missing_section::check,
    rules::empty_section::check,
    rules::duplicate_runbook_id::check,
    rules::malformed_runbook_id::check,
    rules::numbering_gap::check,
    rules::cause_without_case::check,
    rules::runbook_without_commands::check,
    rules::erlang_in_exec::check,
    rules::unknown_kubectl_command::check,
    rules::unknown_kubectl_flag::check,
    rules::bad_kubectl_flag_value::check,
    rules::kubectl_flag_needs_value::check,
    rules::unknown_resource_type::check,
    rules::deprecated_kubectl::check,
    rules::exec_without_dashdash::check,
    rules::mutating_in_diagnosis::check,
    rules::secret_values_printed::check,
    rules::mutating_without_namespace::check,
    rules::logs_without_target::check,
    rules::invalid_json_patch::check,
    rules::invalid_merge_patch::check,
    rules::invalid_jsonpath::check,
    rules::invalid_label_selector::check,
    rules::unexpected_namespace::check,
    rules::index_mismatch::check,
    rules::conflicting_runbook_title::check,
    rules::runbook_not_indexed::check,
    rules::unknown_severity::check,
];

/// Run every rule over the corpus. Rules run in parallel; their findings are merged
/// in the fixed order of [`CHECKS`] (and sorted later), so the result does not depend
/// on the number of threads.
pub fn run(ctx: &Context) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let found: Vec<Vec<Diagnostic>> = CHECKS
        .par_iter()
        .map(|check| {
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
