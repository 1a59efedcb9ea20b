//! K003: A kubectl flag value kubectl would reject
//!
//! The check is kubectl's own, made where every command is parsed against the command
//! tree: `kubectl/values.rs` (each flag's values). This file reports the problems of
//! its kind, on every kubectl version targeted (`check/support/kubectl_common.rs`).

use crate::check::support::kubectl_common::invocation_problems;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::parse::ProblemKind;

pub const RULE: Rule = Rule {
    code: "K003",
    name: "bad-kubectl-flag-value",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "A kubectl flag value kubectl would reject",
    doc: concat!(
        r#"## What it checks
Values are checked the way kubectl checks them: integers, booleans and durations as pflag parses them (`--replicas=abc`, `--timeout=5 minutes`), and kubectl's own checks: `-o` formats, `--dry-run`, `--cascade`, `patch --type` (json, merge, strategic), `wait --for` (`condition=…`, `delete`, `jsonpath=…`), image pull and restart policies, `key=value` flags. Values that are `<placeholders>` or hold shell expansions (`--replicas=$TARGET`) are left to the operator.

"#,
        kubectl_tree_why!(),
        r#"## Example
Bad:
```bash
kubectl scale statefulset erlmcp -n erlmcp-prod --replicas=five
```

Good:
```bash
kubectl scale statefulset erlmcp -n erlmcp-prod --replicas=5
```
"#
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    invocation_problems(ctx, out, ProblemKind::BadFlagValue, &RULE);
}
