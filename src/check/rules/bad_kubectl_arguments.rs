//! K017: arguments or a combination of flags kubectl refuses before it does anything.
//!
//! The check is kubectl's own, made where every command is parsed against the command
//! tree: `kubectl/args/` (one file per family of commands, in kubectl's order). This
//! file reports the problems of its kind, on every kubectl version targeted
//! (`check/support/kubectl_common.rs`).

use crate::check::support::kubectl_common::invocation_problems;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::parse::ProblemKind;

pub const RULE: Rule = Rule {
    code: "K017",
    name: "bad-kubectl-arguments",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "Arguments or flags kubectl refuses before contacting the cluster",
    doc: r#"## What it checks
Besides its commands, flags and flag values, kubectl checks a command's arguments
before it contacts a server. rbc makes the same checks, command by command, as the real
kubectl makes them without a cluster (v1.35.2 and, where they changed, each targeted
version):

* what must be named: `rollout undo` and the other `rollout` commands, `expose`,
  `scale`, `set …`, `edit`, `patch`, `delete`, `wait` need a resource (or `-f`); `get`,
  `describe` and `explain` a type; `drain`, `cordon` and `uncordon` a node (or `-l`);
  `port-forward` a target and ports; `attach` a pod; `cp` a source and a destination,
  one of them in a pod (`POD:/path`); `create deployment|namespace|secret …` exactly one
  NAME; `run` a NAME; `debug` a pod or node and `--image` (or `--copy-to`);
  `apply`, `create`, `replace`, `diff` `-f` or `-k`; `exec` a pod and a command after
  `--` (K007 covers a command without `--`); `label`, `annotate` and `taint` an update
  (`key=value`, `key-`, `key=value:NoSchedule`); a command group a subcommand;
* what must be given together or not at all: required flags (`scale --replicas`,
  `create deployment --image`, `autoscale --max`), `patch -p`, `create secret tls
  --cert --key`, `create rolebinding --role|--clusterrole`, `run --rm` with `-i`,
  `-t` with `-i`, `delete --now` without `--grace-period`, a name and `-l`, `--all` and
  `-l`, `apply --prune` with `-l` or `--all`, `apply --force-conflicts` with
  `--server-side`;
* the forms of arguments: `TYPE NAME…` or `TYPE/NAME…` (not mixed, one `/`), `kubectl
  logs POD [CONTAINER]`, `kubectl auth can-i VERB RESOURCE`, label values, taints, image
  references (`run --image`), `cp` paths, and no arguments where a command takes none
  (`kubectl apply deployment/web`, `kubectl version client`).

Words the shell fills in (`$POD`, `$(kubectl get pod -o name)`) and `<placeholders>`
count as one argument each whose text is unknown. A differential test keeps these
verdicts equal to the real kubectl's.

## Why it matters
kubectl stops with a usage error instead of doing what the step says, at the moment
someone is following the runbook.

## Example
Bad:
```bash
kubectl rollout undo -n erlmcp-prod
kubectl scale statefulset erlmcp -n erlmcp-prod
```

Good:
```bash
kubectl rollout undo statefulset/erlmcp -n erlmcp-prod
kubectl scale statefulset erlmcp -n erlmcp-prod --replicas=3
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    invocation_problems(ctx, out, ProblemKind::BadArguments, &RULE);
}
