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
    doc: concat!(
        r#"## What it checks
Every flag (`--namespace`, `-n`, `--revision`) belongs to the command or is one of helm's global flags, on the helm versions targeted. Flags helm 4 removed (`--recreate-pods`, `helm list --all`, `helm status --show-desc`) and flags it added (`--rollback-on-failure`, `--server-side`) are reported with the versions that lack them.

"#,
        helm_tree_why!(),
        r#"## Example
Bad:
```bash
helm upgrade web ./chart --recreate-pods -n shop
```

Good:
```bash
helm upgrade web ./chart -n shop
```
"#
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    helm_problems(ctx, out, ProblemKind::UnknownFlag, &RULE);
}
