//! B005: a `console` block with commands in it but no prompt line: nothing in it runs.

use crate::rule::{Category, Rule};
use crate::check::support::kubectl_common::code_blocks;
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "B005",
    name: "console-without-prompt",
    level: Level::Warning,
    category: Category::Shell,
    summary: "A console block shows commands but has no prompt line, so none of them runs",
    doc: r#"## What it checks
A `console` (or `shell-session`) block is a terminal session: its commands are the
lines that start with a prompt (`$ `, `$> `, `user@host:~$ `, `[root@host ~]# `, and the
prompts runbooks.yaml declares under `prompts:`); every
other line is output or a comment. A console block with no prompt line has no commands
at all. rbc reports it once, at the first line that looks like a command (`kubectl …`,
`# oc delete …`), so a runbook that meant those lines to run can say so.

A bare `# ` is never read as a root prompt: a reader takes `# kubectl scale … --replicas=0`
for a comment, and a line rbc is unsure of is not a command.

## Why it matters
The generated script runs what the runbook's commands are; a block whose lines were
meant to run, but are written without a prompt, runs nothing, and the engineer following
the script misses a step. Reading `# ` as a prompt instead would run commented-out
commands nobody meant to run.

## Example
Bad:
````markdown
```console
kubectl get pods -n shop
# kubectl delete pod web-0 -n shop
```
````

Good: a `bash` block, or prompts:
````markdown
```console
$ kubectl get pods -n shop
```
````
"#,
};

/// Whether a line (a leading `# ` aside) starts with a program rbc knows.
fn looks_like_command(line: &str) -> bool {
    let t = line.trim_start();
    let t = t.strip_prefix("# ").unwrap_or(t).trim_start();
    let first = t.split_whitespace().next().unwrap_or("");
    let known = |n: &str| {
        matches!(n, "kubectl" | "oc" | "helm" | "sudo" | "ssh" | "curl" | "psql")
            || crate::programs::READ_ONLY_FORMS.iter().any(|(p, _)| *p == n)
    };
    known(first) && t.split_whitespace().count() > 1
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for cb in code_blocks(ctx) {
        if !matches!(cb.lang.as_deref(), Some("console" | "shell-session")) {
            continue;
        }
        let has_prompt = cb
            .text
            .lines()
            .any(|l| {
                crate::parse::shell::prompt_len_in(l.trim_end_matches('\r'), &ctx.settings.prompts)
                    .is_some()
            });
        if has_prompt {
            continue;
        }
        let Some(file) = ctx.sources.get(&cb.span.file) else {
            continue;
        };
        let mut off = 0;
        for l in cb.text.split_inclusive('\n') {
            if looks_like_command(l) {
                let start = cb.file_offset(&file.text, off);
                let end = cb.file_offset(&file.text, off + l.trim_end_matches(['\n', '\r']).len());
                out.push(
                    Diagnostic::new(
                        &RULE,
                        file.span(start, end),
                        "this console block has no prompt line, so nothing in it runs: its lines are read as output and comments".to_string(),
                    )
                    .with_help("write the commands after a `$ ` prompt, or label the block `bash`"),
                );
                break;
            }
            off += l.len();
        }
    }
}
