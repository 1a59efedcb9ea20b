//! K016: a namespace outside the allowed set, or not the runbook's own.

use crate::check::support::kubectl_common::{kubectl_commands, word_span};
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "K016",
    name: "unexpected-namespace",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "A command targets a namespace the runbook should not touch",
    doc: r#"## What it checks
With `allowed_namespaces` in `runbooks.yaml`, every `-n`/`--namespace` is one of them.
Without it, a runbook that declares its namespace (`**Namespace**: erlmcp-prod`) uses
that namespace or a system one (`kube-system`, `kube-public`, `kube-node-lease`,
`default`).

## Why it matters
A copy-pasted command with `-n erlmcp-staging` in the production runbook acts on the
wrong environment — or, worse, on the right one from the wrong runbook.

## Example
Bad (the runbook declares `erlmcp-prod`):
```bash
kubectl rollout restart statefulset erlmcp -n erlmcp-staging
```

Good:
```bash
kubectl rollout restart statefulset erlmcp -n erlmcp-prod
```
"#,
};

const SYSTEM: &[&str] = &["kube-system", "kube-public", "kube-node-lease", "default"];

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let allowed = &ctx.settings.allowed_namespaces;
    for (rb, _, c, k) in kubectl_commands(ctx) {
        let Some(ns) = k.namespace.as_deref() else {
            continue;
        };
        let inv = k.invocation();
        // `-n $NAMESPACE`, `-n <namespace>`: only known when the command runs.
        if crate::check::support::kubectl_common::has_placeholder(ns)
            || inv.flag("namespace").is_some_and(|f| f.unknown)
        {
            continue;
        }
        let declared = rb.and_then(|rb| rb.metadata.get("namespace"));
        let message = if !allowed.is_empty() {
            (!allowed.iter().any(|a| a == ns)).then(|| {
                format!(
                    "namespace `{ns}` is not among the allowed namespaces ({})",
                    allowed.join(", ")
                )
            })
        } else {
            declared
                .filter(|d| *d != ns && !SYSTEM.contains(&ns))
                .map(|d| {
                    format!(
                        "{} declares namespace `{d}`, but this command targets `{ns}`",
                        rb.map_or("", |rb| rb.id.as_str())
                    )
                })
        };
        let Some(message) = message else { continue };
        let word = inv
            .flag("namespace")
            .map(|f| f.value_word.unwrap_or(f.word))
            .unwrap_or(0);
        out.push(Diagnostic::new(
            &RULE,
            word_span(ctx, c, k, word),
            message,
        ));
    }
}
