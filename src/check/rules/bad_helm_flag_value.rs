//! H004: a helm flag value helm would reject.
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
    code: "H004",
    name: "bad-helm-flag-value",
    level: Level::Error,
    category: Category::Helm,
    summary: "A helm flag value helm would reject",
    doc: concat!(
        r#"## What it checks
A flag's value has the type helm reads it as: a whole number (`--revision`, `--max`), a duration with its unit (`--timeout 5m`), true or false, one of a list (`-o json|table|yaml`, `--cascade background|foreground|orphan`, helm 4's `--dry-run none|client|server` and `--wait watcher|hookOnly|legacy`), `KEY=VALUE` pairs (`--labels`). Values the shell or the operator fill in (`$T`, `<timeout>`) are not judged.

"#,
        helm_tree_why!(),
        r#"## Example
Bad:
```bash
helm upgrade web ./chart --timeout 5 -n shop
```

Good:
```bash
helm upgrade web ./chart --timeout 5m -n shop
```
"#
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    helm_problems(ctx, out, ProblemKind::BadFlagValue, &RULE);
}
