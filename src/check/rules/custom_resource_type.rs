//! K018: a resource type that is not built in: assumed to be a custom resource.

use crate::check::support::kubectl_common::{
    defined_resources,kubectl_commands, resource_type, resource_word, word_span, TypeKind};
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "K018",
    name: "custom-resource-type",
    level: Level::Warning,
    category: Category::Kubectl,
    summary: "A resource type that is not built in, assumed to be a custom resource",
    doc: r#"## What it checks
A resource type of a kubectl command (`kubectl get vmi -A`,
`kubectl describe certificates.cert-manager.io web-tls`) that is not a built-in type of
Kubernetes v1.35 and not a typo of one (K005) is assumed to be a custom resource, which
exists only on clusters where its CustomResourceDefinition is installed.

Declare the custom resources your runbooks rely on in `runbooks.yaml`; declared types
are not reported. One entry covers every name of its type: its plural, singular and
short names, with or without its API group:

```yaml
custom_resources:
  - certificates.cert-manager.io   # also certificate, cert, certs, certificates.v1.cert-manager.io
  - canary                         # also canaries, canaries.flagger.app
  - {name: kafkatopics, singular: kafkatopic, short: [kt], group: kafka.strimzi.io}
```

A name gives the plural or the singular (the other is derived) and, after the first
`.`, the group. rbc knows the short names of widely used operators' resources
(cert-manager, KubeVirt, Argo, Prometheus Operator, Istio, Flux, KEDA, Velero,
Karpenter, the CSI snapshotter): `virtualmachineinstances.kubevirt.io` also covers
`vmi`. For other types, state the short names with the `{name, singular, short, group}`
form.

## Why it matters
A runbook that needs KubeVirt or cert-manager fails on a cluster without them with
"the server doesn't have a resource type". Declaring them documents the dependency and
keeps real typos (K005) visible.

## Example
Reported (nothing declares it):
```bash
kubectl get vmi -A
```

Declared in `runbooks.yaml`: `custom_resources: [virtualmachineinstances.kubevirt.io]`.
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let defined = defined_resources(ctx);
    for (_, _, c, k) in kubectl_commands(ctx) {
        for r in &k.resources {
            let TypeKind::Custom(known) = resource_type(ctx, &defined, c, k, r) else {
                continue;
            };
            let (what, declare) = match &known {
                Some(k) => (
                    format!("{}'s custom resource `{}`", k.from, k.qualified()),
                    k.qualified(),
                ),
                None => ("a custom resource".to_string(), r.to_ascii_lowercase()),
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    word_span(ctx, c, k, resource_word(k, r)),
                    format!("`{r}` is not a built-in resource type: assumed to be {what}"),
                )
                .with_help(format!(
                    "declare it in runbooks.yaml: `custom_resources: [{declare}]`"
                )),
            );
        }
    }
}
