//! K005: a resource type that is a typo of a built-in one.

use crate::check::support::kubectl_common::{
    defined_resources,kubectl_commands, resource_type, resource_word, word_span, TypeKind};
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "K005",
    name: "unknown-resource-type",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "A resource type that is a typo of a built-in one",
    doc: r#"## What it checks
The resource types of kubectl commands (`statefulset`, `deployment/coredns`, `po,svc`,
the type of `kubectl explain statefulset.spec`) are compared with the built-in types of
Kubernetes v1.35: names, singulars, short names and kinds, with or without their API
group. A type that is not one of them but is one edit away from one (`deploymnet`,
`pdos`, `statefulsett`; two edits for names of eight letters or more; a swap of two
neighbouring letters counts as one edit) is reported here, with the type it was
probably meant to be.

Any other type is taken for a custom resource and reported by K018 (a warning);
types declared in `custom_resources` in `runbooks.yaml` are never reported.

## Why it matters
`kubectl get deploymnet` fails with "the server doesn't have a resource type" on every
cluster, at the moment someone needs the answer.

## Example
Bad:
```bash
kubectl get statefulsett erlmcp -n erlmcp-prod
```

Good:
```bash
kubectl get statefulset erlmcp -n erlmcp-prod
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let defined = defined_resources(ctx);
    for (_, _, c, k) in kubectl_commands(ctx) {
        for r in &k.resources {
            let TypeKind::Typo(meant) = resource_type(ctx, &defined, c, k, r) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    word_span(ctx, c, k, resource_word(k, r)),
                    format!("`{r}` is not a resource type of Kubernetes v1.35"),
                )
                .with_help(format!("did you mean `{meant}`?")),
            );
        }
    }
}
