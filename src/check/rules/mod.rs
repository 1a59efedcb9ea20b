//! One file per rule: its `RULE` (code, name, level, doc) and, for rules over the
//! model, its `check` function. File-level rules (`F…`) are raised while loading.

pub mod broken_anchor;
pub mod broken_link;
pub mod cause_without_case;
pub mod duplicate_runbook_id;
pub mod empty_file;
pub mod empty_section;
pub mod invalid_front_matter;
pub mod invalid_utf8;
pub mod malformed_runbook_id;
pub mod missing_section;
pub mod numbering_gap;
pub mod runbook_without_commands;
pub mod unknown_runbook_reference;
pub mod unreadable_file;
pub mod unterminated_fence;

mod links;
