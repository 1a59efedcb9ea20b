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
    doc: r#"## What it checks
Every helm command names a command of helm (`helm rollback`, `helm get values`, `helm repo update`), or a subcommand of a group that has it (`helm get` alone only prints its help). A word that is no command is refused by helm (`Error: unknown command`), or, after a group, makes helm print its help and do nothing. A helm plugin (`helm diff upgrade …`) is accepted when runbooks.yaml declares it under `programs:` as `helm-NAME`.

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
helm get valeus web -n shop
```

Good:
```bash
helm get values web -n shop
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    helm_problems(ctx, out, ProblemKind::UnknownCommand, &RULE);
}
