//! X004: a runbook that no index lists, when there is an index.

use super::crossfile::index_rows;
use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "X004",
    name: "runbook-not-indexed",
    level: Level::Warning,
    summary: "A runbook is missing from the index",
    doc: r#"## What it checks
When the corpus has an index (a table whose rows link to runbooks, see X002), every
runbook is linked from some row of it.

## Why it matters
A runbook missing from the index is found only by those who already know it exists.

## Example
Bad: `README.md` lists RB-001 to RB-011, and `RB-012` exists in `SESSION_FAILOVER.md`.

Good: add the row
`| [RB-012](SESSION_FAILOVER.md) | Session Failover and State Recovery | SEV-2 | … |`.
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let rows = index_rows(ctx);
    if rows.is_empty() {
        return;
    }
    for (_, rb) in ctx.corpus.runbooks() {
        if !rows.iter().any(|r| std::ptr::eq(r.runbook, rb)) {
            let index = ctx.shown(&rows[0].doc.path);
            out.push(
                Diagnostic::new(
                    RULE.code,
                    rb.span.clone(),
                    format!(
                        "{} \"{}\" is not listed in the index ({index})",
                        rb.id, rb.title
                    ),
                )
                .with_help(format!("add a row for {} to the index table", rb.id)),
            );
        }
    }
}
