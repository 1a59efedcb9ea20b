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

/// Run every rule over the corpus.
pub fn run(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    rules::broken_link::check(ctx, &mut out);
    rules::broken_anchor::check(ctx, &mut out);
    rules::unknown_runbook_reference::check(ctx, &mut out);
    rules::missing_section::check(ctx, &mut out);
    rules::empty_section::check(ctx, &mut out);
    rules::duplicate_runbook_id::check(ctx, &mut out);
    rules::malformed_runbook_id::check(ctx, &mut out);
    rules::numbering_gap::check(ctx, &mut out);
    rules::cause_without_case::check(ctx, &mut out);
    rules::runbook_without_commands::check(ctx, &mut out);
    rules::bash_syntax_error::check(ctx, &mut out);
    rules::erlang_in_exec::check(ctx, &mut out);
    rules::unknown_kubectl_command::check(ctx, &mut out);
    rules::unknown_kubectl_flag::check(ctx, &mut out);
    rules::bad_kubectl_flag_value::check(ctx, &mut out);
    rules::kubectl_flag_needs_value::check(ctx, &mut out);
    rules::unknown_resource_type::check(ctx, &mut out);
    rules::deprecated_kubectl::check(ctx, &mut out);
    rules::exec_without_dashdash::check(ctx, &mut out);
    rules::mutating_in_diagnosis::check(ctx, &mut out);
    rules::secret_values_printed::check(ctx, &mut out);
    rules::mutating_without_namespace::check(ctx, &mut out);
    rules::logs_without_target::check(ctx, &mut out);
    rules::invalid_json_patch::check(ctx, &mut out);
    rules::invalid_merge_patch::check(ctx, &mut out);
    rules::invalid_jsonpath::check(ctx, &mut out);
    rules::invalid_label_selector::check(ctx, &mut out);
    rules::unexpected_namespace::check(ctx, &mut out);
    rules::index_mismatch::check(ctx, &mut out);
    rules::conflicting_runbook_title::check(ctx, &mut out);
    rules::runbook_not_indexed::check(ctx, &mut out);
    rules::unknown_severity::check(ctx, &mut out);
    out
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
