//! K010: a command that changes namespaced resources without naming the namespace.

use crate::check::support::kubectl_common::commands_to_run;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::tree::index;
use crate::model::CommandClass;

pub const RULE: Rule = Rule {
    code: "K010",
    name: "mutating-without-namespace",
    level: Level::Warning,
    category: Category::Kubectl,
    summary: "A mutating command on namespaced resources has no namespace",
    doc: r#"## What it checks
Mutating kubectl commands (see K008) on namespaced resources pass `-n`/`--namespace`
(or `-A`). Cluster-scoped resources (nodes, namespaces, cluster roles…) are exempt, and
so are commands that read their objects from files (`-f`, `-k`).

## Why it matters
Without `-n`, the command acts on whatever namespace the engineer's current context
points at: at 3 a.m., often not the one the runbook means.

## Example
Bad:
```bash
kubectl rollout restart statefulset erlmcp
```

Good:
```bash
kubectl rollout restart statefulset erlmcp -n erlmcp-prod
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let idx = index();
    for (_, _, c, k) in commands_to_run(ctx) {
        if k.class != CommandClass::Mutating || k.namespace.is_some() || k.all_namespaces {
            continue;
        }
        if k.flags
            .iter()
            .any(|f| matches!(&*f.name, "filename" | "kustomize"))
        {
            continue;
        }
        let namespaced = k.resources.is_empty()
            || k.resources
                .iter()
                .any(|r| idx.resource(r).is_none_or(|res| res.namespaced));
        if namespaced
            && !matches!(
                k.path.first().map(String::as_str),
                Some("cordon" | "uncordon" | "drain" | "taint" | "certificate")
            )
        {
            out.push(
                Diagnostic::new(
                    &RULE,
                    c.span.clone(),
                    format!("`{} {}` changes the cluster in whatever namespace the context points at", k.program_name(), k.path.join(" ")),
                )
                .with_help("add `-n NAMESPACE`"),
            );
        }
    }
}
