//! L003: a runbook ID mentioned that no runbook defines.

use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use std::collections::HashSet;

pub const RULE: Rule = Rule {
    code: "L003",
    name: "unknown-runbook-reference",
    level: Level::Error,
    summary: "A runbook ID is mentioned but no runbook defines it",
    doc: r#"## What it checks
Every runbook ID mentioned in prose, lists, tables or link text (`see RB-013`) must be
the ID of a runbook in the checked files.

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
    for doc in &ctx.corpus.documents {
        for m in &doc.mentions {
            if !known.contains(&m.id.to_ascii_uppercase()) {
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        m.span.clone(),
                        format!(
                            "`{}` is mentioned, but no checked runbook has this ID",
                            m.id
                        ),
                    )
                    .with_help(
                        "check the ID, or include the file that defines it in the checked paths",
                    ),
                );
            }
        }
    }
}
