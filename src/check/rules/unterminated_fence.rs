//! F003: a fenced code block that is never closed.

use crate::check::registry::Rule;
use crate::config::Level;

pub const RULE: Rule = Rule {
    code: "F003",
    name: "unterminated-fence",
    level: Level::Error,
    summary: "A code fence is never closed",
    doc: r#"## What it checks
Every fenced code block (```` ``` ```` or `~~~`) has a closing fence.

## Why it matters
An unclosed fence swallows the rest of the file: every later heading, section and
runbook becomes part of one code block, and silently disappears from the runbook.

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
