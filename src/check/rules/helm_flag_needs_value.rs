//! H003: a helm flag that needs a value is given none.
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
    code: "H003",
    name: "helm-flag-needs-value",
    level: Level::Error,
    category: Category::Helm,
    summary: "A helm flag that needs a value is given none",
    doc: concat!(
        r#"## What it checks
A flag that takes a value (`--namespace`, `--revision`, `--set`) is followed by one, in the same word (`--revision=3`) or the next.

"#,
        helm_tree_why!(),
        r#"## Example
Bad:
```bash
helm history web -n
```

Good:
```bash
helm history web -n shop
```
"#
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    helm_problems(ctx, out, ProblemKind::FlagNeedsValue, &RULE);
}
