//! K001: A kubectl subcommand that does not exist

use super::kubectl_common::invocation_problems;
use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::parse::ProblemKind;

pub const RULE: Rule = Rule {
    code: "K001",
    name: "unknown-kubectl-command",
    level: Level::Error,
    summary: "A kubectl subcommand that does not exist",
    doc: r#"## What it checks
The subcommand path (`kubectl rollout undo`) exists in each targeted kubectl version, with "did you mean" for typos. `kubectl help TOPIC` must name a command too.

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
kubectl rollout undoo statefulset erlmcp -n erlmcp-prod
```

Good:
```bash
kubectl rollout undo statefulset erlmcp -n erlmcp-prod
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    invocation_problems(ctx, out, ProblemKind::UnknownCommand, RULE.code);
}
