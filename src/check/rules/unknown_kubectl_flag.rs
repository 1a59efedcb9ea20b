//! K002: A flag the kubectl subcommand does not have
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
    code: "K002",
    name: "unknown-kubectl-flag",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "A flag the kubectl subcommand does not have",
    doc: concat!(
        r#"## What it checks
Every flag (`--previous`, `-n`, combined shorthands like `-it`) belongs to the subcommand or is a global flag; only global flags may come before the subcommand. Removed flags (`--export`, `--delete-local-data`) are unknown too.

"#,
        kubectl_tree_why!(),
        r#"## Example
Bad:
```bash
kubectl drain <node> --delete-local-data --ignore-daemonsets
```

Good:
```bash
kubectl drain <node> --delete-emptydir-data --ignore-daemonsets
```
"#
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    invocation_problems(ctx, out, ProblemKind::UnknownFlag, &RULE);
}
