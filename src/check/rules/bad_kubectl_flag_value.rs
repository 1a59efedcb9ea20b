//! K003: A kubectl flag value kubectl would reject

use super::kubectl_common::invocation_problems;
use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::parse::ProblemKind;

pub const RULE: Rule = Rule {
    code: "K003",
    name: "bad-kubectl-flag-value",
    level: Level::Error,
    summary: "A kubectl flag value kubectl would reject",
    doc: r#"## What it checks
Values are checked the way kubectl checks them: integers, booleans and durations as pflag parses them (`--replicas=abc`, `--timeout=5 minutes`), and kubectl's own checks: `-o` formats, `--dry-run`, `--cascade`, `patch --type` (json, merge, strategic), `wait --for` (`condition=…`, `delete`, `jsonpath=…`), image pull and restart policies, `key=value` flags. Values that are `<placeholders>` or hold shell expansions (`--replicas=$TARGET`) are left to the operator.

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
kubectl scale statefulset erlmcp -n erlmcp-prod --replicas=five
```

Good:
```bash
kubectl scale statefulset erlmcp -n erlmcp-prod --replicas=5
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    invocation_problems(ctx, out, ProblemKind::BadFlagValue, RULE.code);
}
