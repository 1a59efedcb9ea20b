//! One file per rule: its `RULE` (code, name, level, doc) and, for rules over the
//! model, its `check` function. The rules raised while files are read (`F…`, and A001
//! by the rule-file reader) are defined below the readers, in [`crate::rule`].
//!
//! Adding a rule is one file here and one line in the table below: the table declares
//! the module, puts its `RULE` in [`RULES`] and, with a scope, its `check` in
//! [`CHECKS`].

use super::{Check, Scope};
use crate::rule::Rule;

/// The "Why it matters" of the rules that check kubectl commands against the command
/// tree (K001–K004): one copy, in each of their pages.
macro_rules! kubectl_tree_why {
    () => {
        r#"## Why it matters
The real kubectl rejects the command before it does anything, at the moment someone
needs it to work. rbc checks every kubectl command against the command tree of each
kubectl version in `kubectl_versions` (default: the newest rbc knows, v1.37; the trees of
v1.29 to v1.37 are in `schema/kubectl/tree.json`, generated from the real binaries),
without a cluster and without running kubectl; a differential test keeps rbc's verdicts
equal to the real kubectl's. A finding on only some of the targets names them, and one
about a flag or command other versions have says when it came or went.

"#
    };
}

/// The rule table: `module` for a rule raised outside the rules (by suppressions),
/// `module => Scope` for a rule over the model (see [`Scope`]), `@rule module` for a
/// rule defined in [`crate::rule`] (raised while reading files).
macro_rules! rules {
    (@declare $m:ident) => { pub mod $m; };
    (@declare $m:ident rule) => { pub use crate::rule::$m; };
    ($($(@$home:ident)? $m:ident $(=> $scope:ident)?,)*) => {
        $(rules!(@declare $m $($home)?);)*

        /// Every rule, in the order of the book's rule index and of SARIF's rule list.
        /// A code is never reused; a retired rule keeps its row.
        pub static RULES: &[&Rule] = &[$(&$m::RULE,)*];

        /// Every rule's check with its scope, in the order of [`RULES`]; their
        /// findings are sorted before they are reported, so the order is not seen.
        pub const CHECKS: &[(Check, Scope, &Rule)] = &[$($(($m::check, Scope::$scope, &$m::RULE),)?)*];
    };
}

rules! {
    @rule unreadable_file,
    @rule invalid_utf8,
    @rule unterminated_fence,
    @rule empty_file,
    @rule invalid_front_matter,
    @rule internal_error,
    broken_link => Corpus,
    broken_anchor => Corpus,
    unknown_runbook_reference => Corpus,
    missing_section => File,
    empty_section => File,
    duplicate_runbook_id => Corpus,
    malformed_runbook_id => File,
    numbering_gap => File,
    cause_without_case => File,
    runbook_without_commands => File,
    runbook_heading_without_id => File,
    bash_syntax_error => File,
    erlang_in_exec => File,
    not_shell => File,
    diagnosis_not_read_only => File,
    console_without_prompt => File,
    variable_never_set => File,
    unknown_kubectl_command => File,
    unknown_kubectl_flag => File,
    bad_kubectl_flag_value => File,
    kubectl_flag_needs_value => File,
    unknown_resource_type => File,
    deprecated_kubectl => File,
    exec_without_dashdash => File,
    mutating_in_diagnosis => File,
    secret_values_printed => File,
    mutating_without_namespace => File,
    logs_without_target => File,
    invalid_json_patch => File,
    invalid_merge_patch => File,
    invalid_jsonpath => File,
    invalid_label_selector => File,
    unexpected_namespace => File,
    bad_kubectl_arguments => File,
    custom_resource_type => File,
    unknown_kubectl_version => File,
    unused_suppression,
    index_mismatch => Corpus,
    conflicting_runbook_title => Corpus,
    runbook_not_indexed => Corpus,
    unknown_severity => Corpus,
    @rule invalid_rule_file,
    alert_without_runbook_url => Corpus,
    unresolved_runbook_url => Corpus,
    broken_runbook_url_anchor => Corpus,
    alert_runbook_mismatch => Corpus,
    conflicting_runbook_urls => Corpus,
    runbook_without_alert => Corpus,
}
