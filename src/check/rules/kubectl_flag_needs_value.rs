//! K004: A kubectl flag that needs a value is given none

use super::kubectl_common::invocation_problems;
use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::parse::ProblemKind;

pub const RULE: Rule = Rule {
    code: "K004",
    name: "kubectl-flag-needs-value",
    level: Level::Error,
    summary: "A kubectl flag that needs a value is given none",
    doc: r#"## What it checks
A flag that takes a value (`-n`, `--selector`, `-o`) is followed by one, as `--flag value` or `--flag=value`.

## Why it matters
The real kubectl rejects the command before it does anything, at the moment someone
needs it to work. rbc checks every kubectl command against the command tree of each
kubectl version in `kubectl_versions` (default: the newest rbc knows, v1.37; the trees of
v1.29 to v1.37 are in `schema/kubectl/tree.json`, generated from the real binaries),
without a cluster and without running kubectl; a differential test keeps rbc's verdicts
equal to the real kubectl's. A finding on only some of the targets names them, and one
about a flag or command other versions have says when it came or went.

## Example
Bad:
```bash
kubectl get pods -l
```

Good:
```bash
kubectl get pods -l app=erlmcp
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    invocation_problems(ctx, out, ProblemKind::FlagNeedsValue, RULE.code);
}
