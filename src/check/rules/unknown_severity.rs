//! X005: a runbook severity that the severity table does not define.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::{DocSection, DocSectionKind, Document};

pub const RULE: Rule = Rule {
    code: "X005",
    name: "unknown-severity",
    level: Level::Error,
    category: Category::Corpus,
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

/// The severity levels a document's severity table defines.
pub fn levels_of(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    levels(&doc.sections, &mut out);
    out
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let known: Vec<String> = ctx.corpus.documents.iter().flat_map(levels_of).collect();
    let docs: Vec<&Document> = ctx.corpus.documents.iter().collect();
    check_docs(&known, &docs, out);
}

/// The findings on `docs`, `known` the levels of the corpus in corpus order.
pub fn check_docs(known: &[String], docs: &[&Document], out: &mut Vec<Diagnostic>) {
    if known.is_empty() {
        return;
    }
    for rb in docs.iter().flat_map(|d| &d.runbooks) {
        let Some(sev) = rb.severity() else { continue };
        if !known.iter().any(|k| k.eq_ignore_ascii_case(sev.trim())) {
            out.push(
                Diagnostic::new(
                    &RULE,
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
