//! S003: two runbooks with one ID.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::{Document, Runbook};
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    code: "S003",
    name: "duplicate-runbook-id",
    level: Level::Error,
    category: Category::Structure,
    summary: "Two runbooks share an ID",
    doc: r#"## What it checks
Runbook IDs are unique across every checked file. Both places are shown.

## Why it matters
Alerts, tickets and chat messages say "follow RB-004". When two runbooks are RB-004,
half of the people who follow the link read the wrong one; the scripts and pages
generated for them would collide too.

## Example
Bad: `## Runbook: RB-004 - Network Partition` in one file and
`# RB-004: Certificate Expiry` in another.

Good: give the newer runbook the next free ID (`RB-013`) and update links to it.
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<String, &Runbook> = HashMap::new();
    for (_, rb) in ctx.corpus.runbooks() {
        first.entry(rb.id.to_ascii_uppercase()).or_insert(rb);
    }
    let docs: Vec<&Document> = ctx.corpus.documents.iter().collect();
    check_docs(ctx, &|id| first.get(id).copied(), &docs, out);
}

/// The findings on `docs`; `first` gives the first runbook (in corpus order) with an
/// ID (upper-case).
pub fn check_docs<'a>(
    ctx: &Context,
    first: &dyn Fn(&str) -> Option<&'a Runbook>,
    docs: &[&'a Document],
    out: &mut Vec<Diagnostic>,
) {
    for rb in docs.iter().flat_map(|d| &d.runbooks) {
        match first(&rb.id.to_ascii_uppercase()) {
            Some(prev) if !std::ptr::eq(prev, rb) => out.push(
                Diagnostic::new(
                    &RULE,
                    rb.span.clone(),
                    format!(
                        "runbook ID {} is already used by \"{}\" ({}:{})",
                        rb.id,
                        prev.title,
                        ctx.shown(&prev.span.file),
                        prev.span.line
                    ),
                )
                .with_label(prev.span.clone(), format!("{} first defined here", prev.id))
                .with_help("give one of them a new, unused ID"),
            ),
            _ => {}
        }
    }
}
