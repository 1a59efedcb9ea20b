//! S007: a runbook with no commands at all.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "S007",
    name: "runbook-without-commands",
    level: Level::Warning,
    category: Category::Structure,
    summary: "A runbook has no shell commands",
    doc: r#"## What it checks
A runbook has at least one command in a shell code block (`bash`, `sh`, `shell`,
`console`).

## Why it matters
A runbook that only says "check the database" makes every engineer work out the
commands again, under pressure. rbc also generates nothing runnable for it.

## Example
Bad:
```markdown
### Diagnosis
Check whether the pods are running.
```

Good:
````markdown
### Diagnosis
```bash
# Check whether the pods are running
kubectl get pods -n erlmcp-prod -l app=erlmcp
```
````
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, rb) in ctx.corpus.runbooks() {
        if rb.commands().next().is_none() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    rb.span.clone(),
                    format!("runbook {} has no shell commands", rb.id),
                )
                .with_help("put the commands in ```bash blocks so they can be checked and run"),
            );
        }
    }
}
