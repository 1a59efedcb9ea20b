//! K001: A kubectl subcommand that does not exist
//!
//! The check is kubectl's own, made where every command is parsed against the command
//! tree: `kubectl/parse.rs` (finding the subcommand). This file reports the problems of
//! its kind, on every kubectl version targeted (`check/support/kubectl_common.rs`).

use crate::check::support::kubectl_common::invocation_problems;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::parse::ProblemKind;

pub const RULE: Rule = Rule {
    code: "K001",
    name: "unknown-kubectl-command",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "A kubectl subcommand that does not exist",
    doc: concat!(
        r#"## What it checks
The subcommand path (`kubectl rollout undo`) exists in each targeted kubectl version, with "did you mean" for typos. `kubectl help TOPIC` must name a command too.

A kubectl plugin (`kubectl rook-ceph ceph status`) is declared in runbooks.yaml under
`programs:` by its executable's name, with the forms that only read:
`programs: {kubectl-rook-ceph: {read_only: ["ceph status"]}}`. It is then not reported,
and a script runs those forms without asking.

"#,
        kubectl_tree_why!(),
        r#"## Example
Bad:
```bash
kubectl rollout undoo statefulset erlmcp -n erlmcp-prod
```

Good:
```bash
kubectl rollout undo statefulset erlmcp -n erlmcp-prod
```
"#
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    invocation_problems(ctx, out, ProblemKind::UnknownCommand, &RULE);
}
