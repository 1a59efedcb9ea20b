//! B006: a shell variable a runbook's commands read that none of them sets.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "B006",
    name: "variable-never-set",
    level: Level::Warning,
    category: Category::Shell,
    summary: "A command reads a shell variable that no command of its runbook sets",
    doc: r#"## What it checks
Every `$NAME` and `${NAME}` a runbook's commands read (outside single quotes and quoted
here-documents), against the variables its commands set: `NAME=…`, `export NAME=…`,
`for NAME in …`, `read NAME`, `local`/`declare`. A variable no command sets, that has
no default (`${NAME:-default}`) and that the shell does not set itself (`$HOME`,
`$PWD`, `$RANDOM`, …), is reported once per runbook, at its first use. Common
environment variables of a terminal (`$USER`, `$KUBECONFIG`, `$EDITOR`, …) are left
out.

## Why it matters
Followed by hand, the engineer has to guess where `$POD` comes from. The generated
script checks every variable a command reads before running it: an unset one is
reported with its line and the command is not run (the rest of `diagnose` goes on), so
the step is missed at 3 a.m. A placeholder (`<pod>`) is asked for instead: it becomes an
option of the script.

## Example
Bad:
````markdown
```bash
kubectl logs $POD -n shop
```
````

Good:
````markdown
```bash
kubectl logs <pod> -n shop
```
````
"#,
};

/// Set in an engineer's terminal, not by the runbook.
const ENVIRONMENT: &[&str] = &[
    "USER", "LOGNAME", "SHELL", "TERM", "EDITOR", "VISUAL", "PAGER", "LANG", "TMPDIR",
    "KUBECONFIG", "KUBECTL_CONTEXT", "HOSTNAME", "DISPLAY", "XDG_RUNTIME_DIR", "SSH_AUTH_SOCK",
];

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for doc in &ctx.corpus.documents {
        for rb in &doc.runbooks {
            let commands: Vec<_> = rb.commands().collect();
            let set: std::collections::HashSet<String> = commands
                .iter()
                .flat_map(|c| crate::shellvars::assigned(&c.source))
                .collect();
            let mut seen = std::collections::HashSet::new();
            for c in &commands {
                for v in crate::shellvars::unset_candidates(&c.source) {
                    if set.contains(&v) || ENVIRONMENT.contains(&v.as_str()) || !seen.insert(v.clone()) {
                        continue;
                    }
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            c.span.clone(),
                            format!(
                                "`${v}` is read here, but no command of {} sets it; the script reports it unset and does not run this command",
                                rb.id
                            ),
                        )
                        .with_help("set it in an earlier command, or make it a placeholder (`<name>`) so the script asks for it"),
                    );
                }
            }
        }
    }
}
