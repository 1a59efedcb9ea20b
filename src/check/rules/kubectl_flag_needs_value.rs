//! K004: A kubectl flag that needs a value is given none
//!
//! The check is kubectl's own, made where every command is parsed against the command
//! tree: `kubectl/parse.rs` (reading the flags as pflag does). This file reports the
//! problems of its kind, on every kubectl version targeted
//! (`check/support/kubectl_common.rs`).

use crate::check::support::kubectl_common::invocation_problems;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::parse::ProblemKind;

pub const RULE: Rule = Rule {
    code: "K004",
    name: "kubectl-flag-needs-value",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "A kubectl flag that needs a value is given none",
    doc: concat!(
        r#"## What it checks
A flag that takes a value (`-n`, `--selector`, `-o`) is followed by one, as `--flag value` or `--flag=value`.

"#,
        kubectl_tree_why!(),
        r#"## Example
Bad:
```bash
kubectl get pods -l
```

Good:
```bash
kubectl get pods -l app=erlmcp
```
"#
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    invocation_problems(ctx, out, ProblemKind::FlagNeedsValue, &RULE);
}
