//! K007: `kubectl exec POD COMMAND` without `--`.
//!
//! The check is kubectl's own, made where every command is parsed against the command
//! tree: `kubectl/args/containers.rs` (`exec`). This file reports the problems of its
//! kind, on every kubectl version targeted (`check/support/kubectl_common.rs`).

use crate::check::support::kubectl_common::invocation_problems;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::parse::ProblemKind;

pub const RULE: Rule = Rule {
    code: "K007",
    name: "exec-without-dashdash",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "`kubectl exec` with a command but no `--`",
    doc: r#"## What it checks
`kubectl exec POD COMMAND…` must separate the container's command with `--`.

## Why it matters
kubectl refuses `exec [POD] [COMMAND]` ("is not supported anymore") since v1.31 (before,
it ran it with a deprecation warning); and without
`--`, the command's own flags (`ls -l`) would be read as kubectl flags.

## Example
Bad:
```bash
kubectl exec -n erlmcp-prod <pod-name> nc -zv database.default.svc 5432
```

Good:
```bash
kubectl exec -n erlmcp-prod <pod-name> -- nc -zv database.default.svc 5432
```

## Fix
`--` is inserted before the container's command, when no kubectl flag follows it (then
`--` would hand that flag to the container instead: `kubectl exec POD ls -n NS`).
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // Version-aware (kubectl accepted `exec POD COMMAND` with a warning before v1.31),
    // with the fix that inserts `--` (see `kubectl_common::invocation_problems`).
    invocation_problems(ctx, out, ProblemKind::ExecWithoutDashDash, &RULE);
}
