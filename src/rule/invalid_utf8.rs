//! F002: a file that is not UTF-8.

use super::{Category, Level, Rule};

pub const RULE: Rule = Rule {
    code: "F002",
    name: "invalid-utf8",
    level: Level::Error,
    category: Category::Files,
    summary: "A Markdown file is not valid UTF-8",
    doc: r#"## What it checks
Every Markdown file must be valid UTF-8. The diagnostic gives the byte offset (and line)
of the first invalid byte.

## Why it matters
Files saved in Latin-1 or with stray binary bytes render as garbage on GitHub and in the
site, and commands copied from them may contain bytes the shell does not expect.

## Example
Bad: a file saved as Windows-1252 containing `caf\xE9`.

Good: the same file re-encoded: `iconv -f WINDOWS-1252 -t UTF-8 in.md > out.md`.
"#,
};
