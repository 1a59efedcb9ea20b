//! B001: a shell block that bash cannot parse.

use crate::check::support::kubectl_common::code_blocks;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::parse::bash;

pub const RULE: Rule = Rule {
    code: "B001",
    name: "bash-syntax-error",
    level: Level::Error,
    category: Category::Shell,
    summary: "A shell code block is not valid bash",
    doc: r#"## What it checks
Every `bash`, `sh`, `shell` and `zsh` block (and `console` lines after `$ `) is parsed
as bash, in process, after `<placeholders>` are read as plain words (so
`kubectl logs <pod-name>` is not a redirection). Each syntax error is reported at its
line and column with the token bash would reject. A test keeps rbc's verdict equal to
`bash -n` on every block of the corpus and the fixtures.

## Why it matters
The engineer who pastes the block at 3 a.m. gets `syntax error near unexpected token`
and nothing runs; the script rbc generates would not run either.

## Example
Bad (in a runbook):
````markdown
```bash
kubectl exec -n erlmcp-prod <pod-name> -- erlang:memory()
```
````

Good:
```bash
kubectl exec -n erlmcp-prod <pod-name> -- /opt/erlmcp/bin/erlmcp eval 'erlang:memory().'
```
"#,
};

/// Syntax errors of one block, as offsets in `file_text` (the block's file):
/// `(start, end, message)`.
pub fn block_errors(
    cb: &crate::model::CodeBlock,
    file_text: &str,
    prompts: &[String],
) -> Vec<(usize, usize, String)> {
    let code = if cb.session {
        // Only the commands are bash; offsets kept by blanking everything else.
        crate::parse::shell::session_commands(&cb.text, prompts)
    } else {
        cb.text.clone()
    };
    bash::syntax_errors(&bash::mask_placeholders(&code))
        .into_iter()
        .map(|e| {
            (
                cb.file_offset(file_text, e.start),
                cb.file_offset(file_text, e.end),
                e.message,
            )
        })
        .collect()
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    let erlang = super::erlang_in_exec::flagged_lines(ctx);
    let blocks: Vec<_> = code_blocks(ctx).into_iter().filter(|cb| cb.shell).collect();
    // The one costly rule: blocks are parsed in parallel, results kept in block order.
    let found: Vec<Vec<Diagnostic>> = blocks
        .par_iter()
        .map(|cb| {
            let mut v = Vec::new();
            let Some(src) = ctx.sources.get(&cb.span.file) else {
                return v;
            };
            let mut last_line = 0;
            let errors = block_errors(cb, &src.text, &ctx.settings.prompts);
            for (start, end, message) in errors {
                let span = src.span(start, end);
                // One finding per line, and none where the Erlang rule explains it better.
                if span.line == last_line || erlang.contains(&(cb.span.file.clone(), span.line)) {
                    continue;
                }
                last_line = span.line;
                v.push(
                    Diagnostic::new(&RULE, span, format!("bash syntax error: {message}"))
                        .with_help("run the block through `bash -n` to see how bash reads it"),
                );
            }
            v
        })
        .collect();
    out.extend(found.into_iter().flatten());
}
