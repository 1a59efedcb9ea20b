//! The one table of rule codes. A code is never reused; a retired rule keeps its row.

use super::rules;
use crate::config::Level;

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct Rule {
    /// `L001`: never reused.
    pub code: &'static str,
    /// `broken-link`: kebab-case, also accepted wherever a code is.
    pub name: &'static str,
    /// The level when the configuration says nothing.
    pub level: Level,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown: what it checks, why it matters, a bad and a good example.
    pub doc: &'static str,
}

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &rules::unreadable_file::RULE,
    &rules::invalid_utf8::RULE,
    &rules::unterminated_fence::RULE,
    &rules::empty_file::RULE,
    &rules::invalid_front_matter::RULE,
    &rules::broken_link::RULE,
    &rules::broken_anchor::RULE,
    &rules::unknown_runbook_reference::RULE,
    &rules::missing_section::RULE,
    &rules::empty_section::RULE,
    &rules::duplicate_runbook_id::RULE,
    &rules::malformed_runbook_id::RULE,
    &rules::numbering_gap::RULE,
    &rules::cause_without_case::RULE,
    &rules::runbook_without_commands::RULE,
];

/// A rule by code (`L001`, any case) or name (`broken-link`).
pub fn find(key: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in RULES {
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert!(
                r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                r.name
            );
            for part in ["## What it checks", "## Why", "## Example"] {
                assert!(r.doc.contains(part), "{} doc lacks {part}", r.code);
            }
        }
    }
}
