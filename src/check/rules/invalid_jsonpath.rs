//! K014: a malformed jsonpath template (`-o jsonpath='{…}'`, `wait --for=jsonpath=…`).
//!
//! The check is kubectl's own, made where every command is parsed against the command
//! tree: `kubectl/jsonpath.rs`, called from `kubectl/values.rs`. This file reports the
//! problems of its kind, on every kubectl version targeted
//! (`check/support/kubectl_common.rs`).

use crate::check::support::kubectl_common::invocation_problems;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::parse::ProblemKind;

pub const RULE: Rule = Rule {
    code: "K014",
    name: "invalid-jsonpath",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "A jsonpath template is malformed",
    doc: r#"## What it checks
Templates of `-o jsonpath=…` (and `-o jsonpath --template=…`, `-o jsonpath-as-json=…`)
are read the way kubectl's jsonpath parser reads them: every `{` action is closed,
array indexes are numbers, slices, `*`, quoted keys or unions, filters `[?(…)]` are
closed, quoted strings are valid, numbers parse. Two mistakes kubectl reports as soon
as it prints, whatever the objects hold, are errors too: a bare word that is not
`range` or `end` (`{spec.replicas}` instead of `{.spec.replicas}`) and an `{end}`
without an open `{range …}`. A `{range …}` without its `{end}` is fine: kubectl ranges
to the end of the template. `kubectl wait --for=jsonpath=PATH[=VALUE]` takes one path
(`.status.phase` or `{.status.phase}`) and, after `=`, a value.

A template that holds a shell expansion (`$FIELD`) or a `<placeholder>` is left alone.

## Why it matters
kubectl answers a malformed template with `error parsing jsonpath` and prints nothing,
exactly when the value was needed. The differential test runs every template of its
corpus through the real kubectl (`kubectl create service clusterip x --tcp=80:80
--dry-run=client -o jsonpath=…` prints without a cluster).

## Example
Bad:
```bash
kubectl get pod -n erlmcp-prod <pod-name> -o jsonpath='{.spec.containers[*].resources'
```

Good:
```bash
kubectl get pod -n erlmcp-prod <pod-name> -o jsonpath='{.spec.containers[*].resources}'
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    invocation_problems(ctx, out, ProblemKind::BadJsonPath, &RULE);
}
