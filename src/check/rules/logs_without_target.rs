//! K011: `kubectl logs` with neither a pod nor a selector.
//!
//! The check is kubectl's own, made where every command is parsed against the command
//! tree: `kubectl/args/containers.rs` (`logs`). This file reports the problems of its
//! kind, on every kubectl version targeted (`check/support/kubectl_common.rs`).

use crate::check::support::kubectl_common::invocation_problems;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::parse::ProblemKind;

pub const RULE: Rule = Rule {
    code: "K011",
    name: "logs-without-target",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "`kubectl logs` names neither a pod nor a selector",
    doc: r#"## What it checks
`kubectl logs` needs a pod (`<pod-name>`, `deployment/web`) or a label selector
(`-l app=erlmcp`).

## Why it matters
Without one, kubectl stops with a usage error instead of showing the logs the engineer
needs.

## Example
Bad:
```bash
kubectl logs -n erlmcp-prod --previous
```

Good:
```bash
kubectl logs -n erlmcp-prod <pod-name> --previous
kubectl logs -n erlmcp-prod -l app=erlmcp --tail=100
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    invocation_problems(ctx, out, ProblemKind::LogsWithoutTarget, &RULE);
}
