//! X004: a runbook that no index lists, when there is an index.

use crate::check::support::crossfile::index_rows;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::{Document, Runbook};
use std::collections::HashSet;

pub const RULE: Rule = Rule {
    code: "X004",
    name: "runbook-not-indexed",
    level: Level::Warning,
    category: Category::Corpus,
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
    let indexed: HashSet<*const Runbook> = rows.iter().map(|r| r.runbook as *const _).collect();
    let first = rows.first().map(|r| r.doc.path.as_str());
    let docs: Vec<&Document> = ctx.corpus.documents.iter().collect();
    check_docs(
        ctx,
        first,
        &|rb| indexed.contains(&(rb as *const _)),
        &docs,
        out,
    );
}

/// The findings on `docs`: `index` is the first file (in corpus order) with an index
/// row, `indexed` says whether a row of the corpus links to a runbook.
pub fn check_docs(
    ctx: &Context,
    index: Option<&str>,
    indexed: &dyn Fn(&Runbook) -> bool,
    docs: &[&Document],
    out: &mut Vec<Diagnostic>,
) {
    let Some(index) = index else {
        return;
    };
    for rb in docs.iter().flat_map(|d| &d.runbooks) {
        if !indexed(rb) {
            let index = ctx.shown(index);
            out.push(
                Diagnostic::new(
                    &RULE,
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
