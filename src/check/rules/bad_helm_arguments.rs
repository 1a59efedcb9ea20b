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
    doc: r#"## What it checks
The number of arguments is the command's (`helm upgrade RELEASE CHART`, `helm status RELEASE`, `helm list` takes none), `helm install` has a release name or `--generate-name`, and `helm rollback`'s revision is a number.

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
helm rollback web previous -n shop
```

Good:
```bash
helm rollback web 3 -n shop
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    helm_problems(ctx, out, ProblemKind::BadArguments, &RULE);
}
