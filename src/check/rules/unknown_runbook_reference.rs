//! L003: a runbook ID mentioned that no runbook defines.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::Document;
use std::collections::HashSet;

pub const RULE: Rule = Rule {
    code: "L003",
    name: "unknown-runbook-reference",
    level: Level::Error,
    category: Category::Links,
    summary: "A runbook ID is mentioned but no runbook defines it",
    doc: r#"## What it checks
Every runbook ID mentioned in prose, lists, tables or link text (`see RB-013`) must be
the ID of a runbook in the checked files. When files are checked one by one
(`rbc check INCIDENT_RESPONSE.md`, as the pre-commit hook runs), an ID may also be
defined by another Markdown file of the corpus on disk, as a link may point at one: the
folder of `runbooks.yaml`, else the current folder when the file is below it, else the
file's folder. Those files are read for their runbook IDs only; nothing is reported on
them.

## Why it matters
"Escalate to RB-013" is a dead end when RB-013 was renumbered or never written.

## Example
Bad:
```markdown
If replication lag persists, follow RB-013.
```

Good:
```markdown
If replication lag persists, follow RB-009 (Database Failover).
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let known: HashSet<String> = ctx
        .corpus
        .runbooks()
        .map(|(_, r)| r.id.to_ascii_uppercase())
        .collect();
    let docs: Vec<&Document> = ctx.corpus.documents.iter().collect();
    check_docs(ctx, &|id| known.contains(id), &docs, out);
}

/// The findings on `docs`; `known` says whether a runbook of the corpus has an ID
/// (upper-case).
pub fn check_docs(
    ctx: &Context,
    known: &dyn Fn(&str) -> bool,
    docs: &[&Document],
    out: &mut Vec<Diagnostic>,
) {
    let unknown: HashSet<String> = docs
        .iter()
        .flat_map(|d| &d.mentions)
        .map(|m| m.id.to_ascii_uppercase())
        .filter(|id| !known(id))
        .collect();
    // Files checked on their own (the pre-commit hook): the IDs they mention may be
    // defined in the rest of the corpus on disk, as the files they link to may be.
    let elsewhere = match ctx.on_disk {
        Some(on_disk) if !unknown.is_empty() => on_disk.defined_ids(&unknown, ctx.settings),
        _ => HashSet::new(),
    };
    for doc in docs {
        for m in &doc.mentions {
            let id = m.id.to_ascii_uppercase();
            if !unknown.contains(&id) || elsewhere.contains(&id) {
                continue;
            }
            let message = match ctx.on_disk {
                Some(on_disk) => format!(
                    "`{}` is mentioned, but no runbook has this ID (looked in the checked files and the Markdown files under {})",
                    m.id,
                    on_disk
                        .shown_roots()
                        .iter()
                        .map(|r| format!("`{r}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => format!(
                    "`{}` is mentioned, but no checked runbook has this ID",
                    m.id
                ),
            };
            out.push(
                Diagnostic::new(&RULE, m.span.clone(), message).with_help(
                    "check the ID, or include the file that defines it in the checked paths",
                ),
            );
        }
    }
}
