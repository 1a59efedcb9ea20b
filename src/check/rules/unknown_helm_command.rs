//! H001: a helm command that does not exist.
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
    code: "H001",
    name: "unknown-helm-command",
    level: Level::Error,
    category: Category::Helm,
    summary: "A helm command that does not exist",
    doc: concat!(
        r#"## What it checks
Every helm command names a command of helm (`helm rollback`, `helm get values`, `helm repo update`), or a subcommand of a group that has it (`helm get` alone only prints its help). A word that is no command is refused by helm (`Error: unknown command`), or, after a group, makes helm print its help and do nothing. A helm plugin (`helm diff upgrade …`) is accepted when runbooks.yaml declares it under `programs:` as `helm-NAME`.

"#,
        helm_tree_why!(),
        r#"## Example
Bad:
```bash
helm get valeus web -n shop
```

Good:
```bash
helm get values web -n shop
```
"#
    ),
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    helm_problems(ctx, out, ProblemKind::UnknownCommand, &RULE);
}
