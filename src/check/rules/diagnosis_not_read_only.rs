//! B004: a command in Symptoms or Diagnosis that rbc cannot prove read-only.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::{Block, CodeBlock, CommandClass};
use crate::programs::Safety;

pub const RULE: Rule = Rule {
    code: "B004",
    name: "diagnosis-not-read-only",
    level: Level::Warning,
    category: Category::Shell,
    summary: "rbc cannot prove a command in Symptoms or Diagnosis read-only",
    doc: r#"## What it checks
Every command of Symptoms and Diagnosis, for every program: rbc proves a command
read-only from its tables (kubectl and `oc` verbs, `helm` commands, `systemctl status`,
`journalctl`, `curl` without data or output options, `psql -c` with only reading SQL,
`grep`, `jq`, … — the book's scripts page lists them), from what runs inside
`kubectl exec`, `ssh HOST CMD` and `sh -c`, and from the programs runbooks.yaml
declares under `programs:`. A command it cannot prove read-only (a program it does not
know, `sh` reading a script it cannot see, `psql -c 'SELECT pg_promote()'`, a
redirection to a file) is reported here, once. kubectl subcommands that change the
cluster are K008's, unknown kubectl commands K001's, `kubectl exec` without `--` K007's, an Erlang expression passed to `kubectl exec`
B002's.

## Why it matters
The generated `diagnose` runs Diagnosis without asking, but only what rbc can prove
read-only: every other command asks first (and is refused with no terminal and no
`--yes`). If the command only reads, declare the program so the script may run it:

```yaml
programs:
  erlmcpctl:
    read_only: [status, "cluster status"]
```

If it changes something, move it to Resolution.

## Example
Bad:
````markdown
### Diagnosis
```bash
kubectl exec -n db postgres-0 -- psql -c 'SELECT pg_promote();'
```
````

Good: move it to a Resolution case, where it is confirmed before it runs.
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // An Erlang expression passed to `kubectl exec` is B002's.
    let erlang = super::erlang_in_exec::flagged_lines(ctx);
    for doc in &ctx.corpus.documents {
        for rb in &doc.runbooks {
            let symptoms = rb
                .symptoms
                .iter()
                .flat_map(|s| s.notes.iter().filter_map(Block::as_code));
            let diagnosis = rb
                .diagnosis
                .iter()
                .flat_map(|d| d.steps.iter().flat_map(|s| s.code_blocks()));
            let blocks: Vec<&CodeBlock> = symptoms.chain(diagnosis).collect();
            for c in blocks.iter().flat_map(|b| b.commands.iter()) {
                // Defects other rules name are theirs: a kubectl subcommand that changes
                // the cluster (K008), one kubectl does not know (K001), `exec` without
                // `--` (K007).
                if c.kubectl.iter().any(|k| {
                    k.class == CommandClass::Mutating
                        || k.path.is_empty()
                        || (k.class == CommandClass::Exec && k.container_command.is_empty())
                }) || erlang.contains(&(c.span.file.clone(), c.span.line))
                {
                    continue;
                }
                let v = crate::programs::script(&c.source, &ctx.settings.programs);
                if v.safety == Safety::ReadOnly {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        &RULE,
                        c.span.clone(),
                        format!(
                            "rbc cannot prove this command of {} read-only: {}; `diagnose` asks before it runs",
                            rb.id, v.why
                        ),
                    )
                    .with_help("if it only reads, declare the program under `programs:` in runbooks.yaml; if it changes something, move it to Resolution"),
                );
            }
        }
    }
}
