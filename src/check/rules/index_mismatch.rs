//! X002: an index table row that disagrees with the runbook it links to.

use crate::check::support::crossfile::{index_rows_of, words, Find};
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::Document;

pub const RULE: Rule = Rule {
    code: "X002",
    name: "index-mismatch",
    level: Level::Error,
    category: Category::Corpus,
    summary: "An index table lists a runbook under another ID, title or severity",
    doc: r#"## What it checks
A Markdown table whose cells link to runbooks (a runbooks README, say) is an index.
For each row, the runbook the link leads to must have the ID the row mentions, the title
of the row's Title (or Runbook, Name) column, and the severity of its Severity column.

## Why it matters
The index is what people scan during an incident. A row that says SEV-3 for a SEV-1
runbook, or an old title after a rename, sends them to the wrong page or the wrong
urgency.

## Example
Bad (the runbook is `## Runbook: RB-002 - High Memory Usage`, `**Severity**: SEV-2`):
```markdown
| ID | Title | Severity |
|----|-------|----------|
| [RB-002](INCIDENT_RESPONSE.md#runbook-rb-002---high-memory-usage) | Memory Pressure | SEV-3 |
```

Good:
```markdown
| [RB-002](INCIDENT_RESPONSE.md#runbook-rb-002---high-memory-usage) | High Memory Usage | SEV-2 |
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let index = crate::links::index(ctx.corpus);
    let docs: Vec<&Document> = ctx.corpus.documents.iter().collect();
    check_docs(&|p| index.get(p).copied(), &docs, out);
}

/// The findings on `docs`, the files their rows link to found by `find`.
pub fn check_docs<'a>(find: Find<'_, 'a>, docs: &[&'a Document], out: &mut Vec<Diagnostic>) {
    let rows = docs.iter().flat_map(|d| index_rows_of(find, d));
    for r in rows {
        let rb = r.runbook;
        let col = |names: &[&str]| {
            r.header
                .iter()
                .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
        };
        let at = || r.row.span.clone();
        let label = || (rb.span.clone(), format!("{} is defined here", rb.id));
        for m in r
            .doc
            .mentions
            .iter()
            .filter(|m| m.span.start >= r.row.span.start && m.span.end <= r.row.span.end)
        {
            if !m.id.eq_ignore_ascii_case(&rb.id) {
                let (s, l) = label();
                out.push(
                    Diagnostic::new(
                        &RULE,
                        m.span.clone(),
                        format!(
                            "this row says {}, but its link leads to {} \"{}\"",
                            m.id, rb.id, rb.title
                        ),
                    )
                    .with_label(s, l),
                );
            }
        }
        if let Some(i) = col(&["title", "runbook", "name"]) {
            if let Some(cell) = r.row.cells.get(i) {
                let mut w = words(cell);
                let id = words(&rb.id);
                if w.starts_with(&id) {
                    w.drain(..id.len());
                }
                if !w.is_empty() && w != words(&rb.title) {
                    let (s, l) = label();
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            at(),
                            format!(
                                "the index calls {} \"{}\", but its title is \"{}\"",
                                rb.id, cell, rb.title
                            ),
                        )
                        .with_label(s, l),
                    );
                }
            }
        }
        if let (Some(i), Some(sev)) = (col(&["severity", "sev"]), rb.severity()) {
            if let Some(cell) = r.row.cells.get(i).filter(|c| !c.trim().is_empty()) {
                if !cell.trim().eq_ignore_ascii_case(sev.trim()) {
                    let (s, l) = label();
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            at(),
                            format!(
                                "the index gives {} severity {}, but the runbook declares {}",
                                rb.id,
                                cell.trim(),
                                sev
                            ),
                        )
                        .with_label(s, l),
                    );
                }
            }
        }
    }
}
