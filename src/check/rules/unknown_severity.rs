//! X005: a runbook severity that the severity table does not define.

use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::model::{DocSection, DocSectionKind};

pub const RULE: Rule = Rule {
    code: "X005",
    name: "unknown-severity",
    level: Level::Error,
    summary: "A runbook's severity is not a level of the severity table",
    doc: r#"## What it checks
When the corpus has a severity table (a section about severity levels with a Level
column, such as `| SEV-1 | Critical | < 15 minutes | CTO |`), every runbook's
`**Severity**` is one of its levels.

## Why it matters
Paging, response times and escalation hang off the severity; `P1` or `Sev 2` in a corpus
that defines `SEV-1`…`SEV-4` matches none of them.

## Example
Bad:
```markdown
**Severity**: P1
```

Good:
```markdown
**Severity**: SEV-1
```
"#,
};

fn levels(sections: &[DocSection], out: &mut Vec<String>) {
    for s in sections {
        if let DocSectionKind::SeverityLevels { levels } = &s.kind {
            out.extend(levels.iter().map(|l| l.level.trim().to_string()));
        }
        levels(&s.children, out);
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut known = Vec::new();
    for doc in &ctx.corpus.documents {
        levels(&doc.sections, &mut known);
    }
    if known.is_empty() {
        return;
    }
    for (_, rb) in ctx.corpus.runbooks() {
        let Some(sev) = rb.severity() else { continue };
        if !known.iter().any(|k| k.eq_ignore_ascii_case(sev.trim())) {
            out.push(
                Diagnostic::new(
                    RULE.code,
                    rb.span.clone(),
                    format!(
                        "{} has severity `{sev}`, which the severity table does not define",
                        rb.id
                    ),
                )
                .with_help(format!("use one of: {}", known.join(", "))),
            );
        }
    }
}
