//! S004: a runbook ID that does not match the ID pattern.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "S004",
    name: "malformed-runbook-id",
    level: Level::Error,
    category: Category::Structure,
    summary: "A runbook ID does not match the configured pattern",
    doc: r#"## What it checks
Runbook IDs match `id_pattern` from `runbooks.yaml` (default `^RB-[0-9]{3,}$`:
`RB-` and at least three digits).

## Why it matters
IDs are how alerts, tickets and people refer to runbooks; `rb-7`, `RB7` and `RB-007`
for the same runbook break search, sorting and cross-references.

## Example
Bad:
```markdown
## Runbook: rb-7 - Full Cluster Outage
```

Good:
```markdown
## Runbook: RB-007 - Full Cluster Outage
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, rb) in ctx.corpus.runbooks() {
        let layout = ctx.settings.layout(&rb.layout);
        if !layout.id_pattern.is_match(&rb.id) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    rb.span.clone(),
                    format!(
                        "runbook ID `{}` does not match the pattern `{}`",
                        rb.id, layout.id_pattern_text
                    ),
                )
                .with_help(
                    "IDs look like `RB-001`; set `id_pattern` in runbooks.yaml to change that",
                ),
            );
        }
    }
}
