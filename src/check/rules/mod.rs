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

/// The "Why it matters" of the rules that read helm commands against helm's command
/// trees (H001–H005): one copy, in each of their pages.
macro_rules! helm_tree_why {
    () => {
        r#"## Why it matters
helm refuses the command before it does anything, at the moment someone needs it to
work. rbc reads every helm command against the command trees of the helm versions in
`helm_versions` (default: every helm rbc knows, 3.17 and 4.1 to 4.3; the trees are in
`schema/helm/tree.json`, generated from the real binaries), without a cluster and
without running helm; a differential test keeps rbc's verdicts equal to the real helm's.
A command only some of the versions refuse is a warning that names them.

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
    @rule unreadable_file, // F001
    @rule invalid_utf8, // F002
    @rule unterminated_fence, // F003
    @rule empty_file, // F004
    @rule invalid_front_matter, // F005
    @rule internal_error, // F006
    broken_link => Corpus, // L001
    broken_anchor => Corpus, // L002
    unknown_runbook_reference => Corpus, // L003
    missing_section => File, // S001
    empty_section => File, // S002
    duplicate_runbook_id => Corpus, // S003
    malformed_runbook_id => File, // S004
    numbering_gap => File, // S005
    cause_without_case => File, // S006
    runbook_without_commands => File, // S007
    runbook_heading_without_id => File, // S008
    layout_matches_nothing => File, // S009
    bash_syntax_error => File, // B001
    erlang_in_exec => File, // B002
    not_shell => File, // B003
    diagnosis_not_read_only => File, // B004
    console_without_prompt => File, // B005
    variable_never_set => File, // B006
    unknown_kubectl_command => File, // K001
    unknown_kubectl_flag => File, // K002
    bad_kubectl_flag_value => File, // K003
    kubectl_flag_needs_value => File, // K004
    unknown_resource_type => File, // K005
    deprecated_kubectl => File, // K006
    exec_without_dashdash => File, // K007
    mutating_in_diagnosis => File, // K008
    secret_values_printed => File, // K009
    mutating_without_namespace => File, // K010
    logs_without_target => File, // K011
    invalid_json_patch => File, // K012
    invalid_merge_patch => File, // K013
    invalid_jsonpath => File, // K014
    invalid_label_selector => File, // K015
    unexpected_namespace => File, // K016
    bad_kubectl_arguments => File, // K017
    custom_resource_type => File, // K018
    unknown_kubectl_version => File, // K019
    unknown_helm_command => File, // H001
    unknown_helm_flag => File, // H002
    helm_flag_needs_value => File, // H003
    bad_helm_flag_value => File, // H004
    bad_helm_arguments => File, // H005
    deprecated_helm_flag => File, // H006
    unused_suppression, // X001
    index_mismatch => Corpus, // X002
    conflicting_runbook_title => Corpus, // X003
    runbook_not_indexed => Corpus, // X004
    unknown_severity => Corpus, // X005
    @rule invalid_rule_file, // A001
    alert_without_runbook_url => Corpus, // A002
    unresolved_runbook_url => Corpus, // A003
    broken_runbook_url_anchor => Corpus, // A004
    alert_runbook_mismatch => Corpus, // A005
    conflicting_runbook_urls => Corpus, // A006
    runbook_without_alert => Corpus, // A007
    alert_label_fills_nothing => Corpus, // A008
}
