//! F003: a fenced code block that is never closed.

use super::{Category, Level, Rule};

pub const RULE: Rule = Rule {
    code: "F003",
    name: "unterminated-fence",
    level: Level::Warning,
    category: Category::Files,
    summary: "A code fence is never closed",
    doc: r#"## What it checks
Every fenced code block (```` ``` ```` or `~~~`) has a closing fence.

## Why it matters
An unclosed fence swallows the rest of the file: every later heading, section and
runbook becomes part of one code block, and silently disappears from the runbook.

It is valid CommonMark (the block runs to the end of the file), so GitHub shows the
file that way, and so does rbc: the file is read and built as CommonMark reads it, and
the other files are not affected. It is a warning, not an error; `--deny warnings` or
`rules: {F003: error}` in `runbooks.yaml` make it fail the check (and the build's exit
status, after the build was written).

## Example
Bad:
````markdown
```bash
kubectl get pods -n erlmcp-prod

### Prevention
````

Good:
````markdown
```bash
kubectl get pods -n erlmcp-prod
```

### Prevention
````
"#,
};
