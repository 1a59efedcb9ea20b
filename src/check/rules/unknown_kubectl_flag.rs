//! K002: A flag the kubectl subcommand does not have

use super::kubectl_common::invocation_problems;
use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::parse::ProblemKind;

pub const RULE: Rule = Rule {
    code: "K002",
    name: "unknown-kubectl-flag",
    level: Level::Error,
    summary: "A flag the kubectl subcommand does not have",
    doc: r#"## What it checks
Every flag (`--previous`, `-n`, combined shorthands like `-it`) belongs to the subcommand or is a global flag; only global flags may come before the subcommand. Removed flags (`--export`, `--delete-local-data`) are unknown too.

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
kubectl drain <node> --delete-local-data --ignore-daemonsets
```

Good:
```bash
kubectl drain <node> --delete-emptydir-data --ignore-daemonsets
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    invocation_problems(ctx, out, ProblemKind::UnknownFlag, RULE.code);
}
