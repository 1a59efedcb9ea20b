//! K007: `kubectl exec POD COMMAND` without `--`.

use super::kubectl_common::{commands_to_run, word_span};
use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "K007",
    name: "exec-without-dashdash",
    level: Level::Error,
    summary: "`kubectl exec` with a command but no `--`",
    doc: r#"## What it checks
`kubectl exec POD COMMAND…` must separate the container's command with `--`.

## Why it matters
kubectl v1.35 refuses `exec [POD] [COMMAND]` ("is not supported anymore"); and without
`--`, the command's own flags (`ls -l`) would be read as kubectl flags.

## Example
Bad:
```bash
kubectl exec -n erlmcp-prod <pod-name> nc -zv database.default.svc 5432
```

Good:
```bash
kubectl exec -n erlmcp-prod <pod-name> -- nc -zv database.default.svc 5432
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, _, c, k) in commands_to_run(ctx) {
        if k.path != ["exec"] || k.argv.iter().any(|a| a == "--") {
            continue;
        }
        let inv = k.invocation();
        if inv.args.len() > 1 {
            out.push(
                Diagnostic::new(
                    RULE.code,
                    word_span(ctx, c, k, inv.args[1].0),
                    format!(
                        "`{}` is meant for the container, but there is no `--` before it",
                        inv.args[1].1
                    ),
                )
                .with_help(format!(
                    "write `-- {}`",
                    inv.args[1..]
                        .iter()
                        .map(|a| a.1.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                )),
            );
        }
    }
}
