//! H005: a helm command given the wrong arguments.
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
    code: "H005",
    name: "bad-helm-arguments",
    level: Level::Error,
    category: Category::Helm,
    summary: "A helm command given the wrong arguments",
    doc: concat!(
        r#"## What it checks
The number of arguments is the command's (`helm upgrade RELEASE CHART`, `helm status RELEASE`, `helm list` takes none), `helm install` has a release name or `--generate-name`, and `helm rollback`'s revision is a number.

"#,
        helm_tree_why!(),
        r#"## Example
Bad:
```bash
helm rollback web previous -n shop
```

Good:
```bash
helm rollback web 3 -n shop
```
"#
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    helm_problems(ctx, out, ProblemKind::BadArguments, &RULE);
}
