//! S006: a common cause that no resolution case addresses.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::ResolutionForm;

pub const RULE: Rule = Rule {
    code: "S006",
    name: "cause-without-case",
    level: Level::Warning,
    category: Category::Structure,
    summary: "A common cause has no matching resolution case",
    doc: r#"## What it checks
When a runbook's Resolution is a set of `Case N: Title` alternatives, every numbered
Common Cause has a case whose title names it. Names match case-insensitively, ignoring
punctuation and generic words (issue, failure, problem, error), so `DNS Failure` matches
`Case 2: DNS Issues`.

## Why it matters
The engineer who diagnosed "Startup Timeout" looks for its case and finds none: the
runbook promised a cause it cannot resolve.

## Example
Bad:
```markdown
### Common Causes
1. **Out of Memory**: Container OOMKilled
2. **Startup Timeout**: Application not ready within probe timeout

### Resolution
#### Case 1: Out of Memory
```

Good: add `#### Case 2: Startup Timeout` with its commands, or drop the cause.
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, rb) in ctx.corpus.runbooks() {
        let (Some(causes), Some(res)) = (&rb.causes, &rb.resolution) else {
            continue;
        };
        if !matches!(res.form, ResolutionForm::Cases { .. }) {
            continue;
        }
        for c in &causes.causes {
            if c.case.is_none() {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        c.span.clone(),
                        format!(
                            "cause {} \"{}\" of {} has no resolution case",
                            c.number, c.name, rb.id
                        ),
                    )
                    .with_help(format!("add a `Case N: {}` under Resolution", c.name)),
                );
            }
        }
    }
}
