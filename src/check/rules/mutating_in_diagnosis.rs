//! K008: a command that changes the cluster in Symptoms or Diagnosis.

use crate::check::support::kubectl_common::{kubectl_commands, Place};
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::CommandClass;

pub const RULE: Rule = Rule {
    code: "K008",
    name: "mutating-in-diagnosis",
    level: Level::Warning,
    category: Category::Kubectl,
    summary: "A command that changes the cluster stands in Symptoms or Diagnosis",
    doc: r#"## What it checks
Commands in Symptoms and Diagnosis are read-only. A command is mutating when its
subcommand is in rbc's classification table (delete, patch, scale, apply, edit, label,
annotate, set, create, replace, rollout undo/restart/pause/resume, drain, cordon,
uncordon, taint, …; see `rbc explain K008` and the book's kubectl page).

## Why it matters
Diagnosis is what people run first and without thinking; the generated `diagnose`
command runs it all without asking. A `kubectl delete pod` there turns an
investigation into an action.

## Example
Bad:
````markdown
### Diagnosis
```bash
kubectl delete pod -n erlmcp-prod <pod-name>
```
````

Good: move it to a Resolution case, where it is confirmed before it runs.
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (rb, place, c, k) in kubectl_commands(ctx) {
        let Some(rb) = rb else { continue };
        if k.class == CommandClass::Mutating && place != Place::Other {
            let section = if place == Place::Symptoms {
                "Symptoms"
            } else {
                "Diagnosis"
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    c.span.clone(),
                    format!(
                        "`{} {}` changes the cluster, but stands in {section} of {}",
                        k.program_name(),
                        k.path.join(" "),
                        rb.id
                    ),
                )
                .with_help("move it to Resolution"),
            );
        }
    }
}
