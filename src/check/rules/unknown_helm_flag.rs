//! H002: a flag the helm command does not have.
//!
//! The check is helm's own, read against the command tree: `helm/mod.rs`. This file
//! reports its kind of problem on every helm version targeted
//! (`check/support/helm_common.rs`).

use crate::check::support::helm_common::helm_problems;
use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::helm::ProblemKind;
use crate::rule::{Category, Level, Rule};

pub const RULE: Rule = Rule {
    code: "H002",
    name: "unknown-helm-flag",
    level: Level::Error,
    category: Category::Helm,
    summary: "A flag the helm command does not have",
    doc: r#"## What it checks
Every flag (`--namespace`, `-n`, `--revision`) belongs to the command or is one of helm's global flags, on the helm versions targeted. Flags helm 4 removed (`--recreate-pods`, `helm list --all`, `helm status --show-desc`) and flags it added (`--rollback-on-failure`, `--server-side`) are reported with the versions that lack them.

## Why it matters
helm refuses the command before it does anything, at the moment someone needs it to
work. rbc reads every helm command against the command trees of the helm versions in
`helm_versions` (default: every helm rbc knows, 3.17 and 4.1 to 4.3; the trees are in
`schema/helm/tree.json`, generated from the real binaries), without a cluster and
without running helm; a differential test keeps rbc's verdicts equal to the real helm's.
A command only some of the versions refuse is a warning that names them.

## Example
Bad:
```bash
helm upgrade web ./chart --recreate-pods -n shop
```

Good:
```bash
helm upgrade web ./chart -n shop
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    helm_problems(ctx, out, ProblemKind::UnknownFlag, &RULE);
}
