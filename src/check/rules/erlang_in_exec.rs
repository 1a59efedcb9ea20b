//! B002: an Erlang expression passed to `kubectl exec` as if it were a program.

use crate::check::support::kubectl_common::commands_to_run;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use regex_lite::Regex;
use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

pub const RULE: Rule = Rule {
    code: "B002",
    name: "erlang-in-exec",
    level: Level::Error,
    category: Category::Shell,
    summary: "`kubectl exec … -- Module:function(Args)` runs no program",
    doc: r#"## What it checks
A `kubectl exec` whose command after `--` is an Erlang expression
(`erlang:memory()`, `recon:proc_count(10)`) instead of a program.

## Why it matters
`kubectl exec` runs a program in the container; it has no Erlang shell. The line is also
a bash syntax error (`(` is an operator), so it fails before kubectl even starts. The
expression has to go through the release's eval command, which `eval_command` in
`runbooks.yaml` names (default: `bin/<release> eval`, with `<release>` left as a
placeholder for the operator).

The finding carries a machine-applicable fix: `rbc check --fix` rewrites the line and
leaves every other byte of the file as it was.

## Example
Bad (in a runbook):
````markdown
```bash
kubectl exec -n erlmcp-prod <pod-name> -- recon:proc_count(10)
```
````

Good (with `eval_command: /opt/erlmcp/bin/erlmcp eval`):
```bash
kubectl exec -n erlmcp-prod <pod-name> -- /opt/erlmcp/bin/erlmcp eval 'recon:proc_count(10).'
```
"#,
};

static ERLANG_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[a-z][A-Za-z0-9_@]*:[a-z][A-Za-z0-9_]*\s*\(.*\)\s*\.?$").unwrap()
});

/// Default when `eval_command` is not configured.
pub const DEFAULT_EVAL: &str = "bin/<release> eval";

/// `'…'` with embedded single quotes escaped for bash.
pub fn single_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

struct Found {
    start: usize,
    end: usize,
    expr: String,
}

fn find(c: &crate::model::Command, k: &crate::model::Kubectl) -> Option<Found> {
    if *k.path != ["exec"] {
        return None;
    }
    let dd = k.argv.iter().position(|a| a == "--")?;
    let (start, _) = k.word_range(dd + 1)?;
    let end = c.span.end;
    let offset = start.checked_sub(c.span.start)?;
    let expr = c.source.get(offset..)?.trim();
    ERLANG_CALL.is_match(expr).then(|| Found {
        start,
        end,
        expr: expr.trim_end_matches('.').to_string(),
    })
}

/// (file, line) of every flagged command, so B001 does not report them twice.
pub fn flagged_lines(ctx: &Context) -> HashSet<(Arc<str>, u32)> {
    commands_to_run(ctx)
        .filter(|(_, _, c, k)| find(c, k).is_some())
        .flat_map(|(_, _, c, _)| {
            c.lines
                .iter()
                .map(|l| (c.span.file.clone(), *l))
                .collect::<Vec<_>>()
        })
        .collect()
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let eval = ctx.settings.eval_command.as_deref().unwrap_or(DEFAULT_EVAL);
    for (_, _, c, k) in commands_to_run(ctx) {
        let Some(f) = find(c, k) else { continue };
        let Some(src) = ctx.sources.get(&c.span.file) else {
            continue;
        };
        let replacement = format!("{eval} {}", single_quote(&format!("{}.", f.expr)));
        out.push(
            Diagnostic::new(
                &RULE,
                src.span(f.start, f.end),
                format!(
                    "`kubectl exec` runs a program, but `{}` is an Erlang expression",
                    f.expr
                ),
            )
            .with_help(format!("evaluate it through the release: `{replacement}`"))
            .with_fix(Fix {
                description: format!("run the expression with `{eval}`"),
                edits: vec![Edit {
                    start: f.start,
                    end: f.end,
                    replacement,
                }],
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(single_quote("a('all')."), r"'a('\''all'\'').'");
        assert!(ERLANG_CALL.is_match("erlang:memory()"));
        assert!(ERLANG_CALL.is_match("recon:proc_window(10, reductions)"));
        assert!(!ERLANG_CALL.is_match("nc -zv database 5432"));
        assert!(!ERLANG_CALL.is_match("/opt/erlmcp/bin/erlmcp eval 'erlang:memory().'"));
    }
}
