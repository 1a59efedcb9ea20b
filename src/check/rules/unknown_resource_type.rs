//! K005: a resource type kubectl does not know and the config does not declare.

use super::kubectl_common::{has_placeholder, kubectl_commands, resource_word, word_span};
use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::tree::index;

pub const RULE: Rule = Rule {
    code: "K005",
    name: "unknown-resource-type",
    level: Level::Error,
    summary: "A resource type that is neither built in nor declared",
    doc: r#"## What it checks
The resource types of kubectl commands (`statefulset`, `deployment/coredns`, `po,svc`)
are built-in types of Kubernetes v1.35 (names, singulars, short names, kinds, with or
without their API group), or custom resources declared in `runbooks.yaml`:

```yaml
custom_resources: [canary, canaries.flagger.app]
```

## Why it matters
`kubectl get canary` fails with "the server doesn't have a resource type" on a cluster
without Flagger, and a typo (`statefulsett`) fails everywhere. Declaring the custom
resources a runbook relies on documents that dependency.

## Example
Bad (nothing declares `canary`):
```bash
kubectl get canary erlmcp -n erlmcp-prod
```

Good: add `canary` to `custom_resources` in `runbooks.yaml`.
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let idx = index();
    let declared = |r: &str| {
        let r = r.to_ascii_lowercase();
        ctx.settings.custom_resources.iter().any(|c| {
            let c = c.to_ascii_lowercase();
            c == r
                || c.split('.').next() == Some(r.as_str())
                || r.split('.').next() == Some(c.as_str())
        })
    };
    for (_, _, c, k) in kubectl_commands(ctx) {
        for r in &k.resources {
            if r == "all" || has_placeholder(r) || idx.resource(r).is_some() || declared(r) {
                continue;
            }
            let word = resource_word(k, r);
            out.push(
                Diagnostic::new(
                    RULE.code,
                    word_span(ctx, c, k, word),
                    format!("`{r}` is not a built-in resource type of Kubernetes v1.35"),
                )
                .with_help(format!(
                    "if `{r}` is a custom resource, declare it in runbooks.yaml: `custom_resources: [{r}]`"
                )),
            );
        }
    }
}
