//! F004: an empty Markdown file.

use super::{Category, Level, Rule};

pub const RULE: Rule = Rule {
    code: "F004",
    name: "empty-file",
    level: Level::Warning,
    category: Category::Files,
    summary: "A Markdown file is empty",
    doc: r#"## What it checks
A Markdown file found in the corpus has no content (or only white space).

## Why it matters
An empty file is usually a placeholder that was never written, or a file truncated by a
bad merge. Links to it resolve, but there is nothing to read at 3 a.m.

## Example
Bad: `DATABASE_FAILOVER.md` with zero bytes.

Good: write the runbook, or delete the file and the links to it.
"#,
};
