//! One file per rule: its `RULE` (code, name, level, doc) and, for rules over the
//! model, its `check` function. File-level rules (`F…`) are raised while loading.

pub mod bad_kubectl_arguments;
pub mod bad_kubectl_flag_value;
pub mod bash_syntax_error;
pub mod broken_anchor;
pub mod broken_link;
pub mod cause_without_case;
pub mod conflicting_runbook_title;
pub mod crossfile;
pub mod custom_resource_type;
pub mod deprecated_kubectl;
pub mod duplicate_runbook_id;
pub mod empty_file;
pub mod empty_section;
pub mod erlang_in_exec;
pub mod exec_without_dashdash;
pub mod index_mismatch;
pub mod internal_error;
pub mod invalid_front_matter;
pub mod invalid_json_patch;
pub mod invalid_jsonpath;
pub mod invalid_label_selector;
pub mod invalid_merge_patch;
pub mod invalid_utf8;
pub mod kubectl_common;
pub mod kubectl_flag_needs_value;
pub mod logs_without_target;
pub mod malformed_runbook_id;
pub mod missing_section;
pub mod mutating_in_diagnosis;
pub mod mutating_without_namespace;
pub mod not_shell;
pub mod numbering_gap;
pub mod runbook_not_indexed;
pub mod runbook_without_commands;
pub mod secret_values_printed;
pub mod unexpected_namespace;
pub mod unknown_kubectl_command;
pub mod unknown_kubectl_flag;
pub mod unknown_resource_type;
pub mod unknown_runbook_reference;
pub mod unknown_severity;
pub mod unreadable_file;
pub mod unterminated_fence;
pub mod unused_suppression;

mod links;
