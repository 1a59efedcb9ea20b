//! S002: a section with nothing in it.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::{ResolutionForm, SectionHead, Step};

pub const RULE: Rule = Rule {
    code: "S002",
    name: "empty-section",
    level: Level::Warning,
    category: Category::Structure,
    summary: "A runbook section has no content",
    doc: r#"## What it checks
Each section of a runbook (Symptoms, Diagnosis, Common Causes, Resolution, Prevention,
and extra sections) has some content: a list item, prose, a code block, a case or a step.

## Why it matters
An empty section looks complete in a table of contents and is useless in an incident.

## Example
Bad:
```markdown
### Diagnosis

### Resolution
```

Good:
````markdown
### Diagnosis

```bash
# Check pod status
kubectl get pods -n erlmcp-prod -l app=erlmcp
```
````
"#,
};

fn steps_empty(steps: &[Step]) -> bool {
    steps.iter().all(|s| s.blocks.is_empty())
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut report = |rb_id: &str, head: &SectionHead| {
        out.push(
            Diagnostic::new(
                &RULE,
                head.span.clone(),
                format!("section `{}` of {rb_id} is empty", head.title),
            )
            .with_help("write the section, or remove the heading"),
        );
    };
    for (_, rb) in ctx.corpus.runbooks() {
        for s in [&rb.symptoms, &rb.prevention].into_iter().flatten() {
            if s.items.is_empty() && s.notes.is_empty() {
                report(&rb.id, &s.head);
            }
        }
        if let Some(c) = &rb.causes {
            if c.causes.is_empty() && c.notes.is_empty() {
                report(&rb.id, &c.head);
            }
        }
        for s in rb.diagnosis.iter().chain(&rb.extra) {
            if steps_empty(&s.steps) {
                report(&rb.id, &s.head);
            }
        }
        if let Some(r) = &rb.resolution {
            let empty = r.intro.is_empty()
                && match &r.form {
                    ResolutionForm::Cases { cases } => cases.is_empty(),
                    ResolutionForm::Procedure { steps } | ResolutionForm::Steps { steps } => {
                        steps.is_empty()
                    }
                };
            if empty {
                report(&rb.id, &r.head);
            }
        }
    }
}
