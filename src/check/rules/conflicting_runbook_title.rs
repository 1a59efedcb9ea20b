//! X003: a reference that gives a runbook ID another runbook's title.

use super::crossfile::{all_blocks, words};
use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::model::{Block, Runbook};
use regex_lite::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

pub const RULE: Rule = Rule {
    code: "X003",
    name: "conflicting-runbook-title",
    level: Level::Error,
    summary: "A reference names a runbook ID with another title",
    doc: r#"## What it checks
Links and list items of the form `RB-002: Title` (or `RB-002 - Title`) anywhere in the
corpus must use the title of the runbook that has that ID.

## Why it matters
When one document says RB-002 is "Deployment" and RB-002 is "High Memory Usage", one of
them is wrong — usually because IDs were renumbered — and someone following the
reference lands on an unrelated runbook.

## Example
Bad:
```markdown
## Related Runbooks
- [RB-002: Deployment](INCIDENT_RESPONSE.md#runbook-rb-002---high-memory-usage)
```

Good:
```markdown
- [RB-002: High Memory Usage](INCIDENT_RESPONSE.md#runbook-rb-002---high-memory-usage)
```
"#,
};

static REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([A-Za-z]+-[0-9]+)\s*[:\-–—]\s*(.+?)\s*$").unwrap());

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let by_id: HashMap<String, &Runbook> = ctx
        .corpus
        .runbooks()
        .map(|(_, r)| (r.id.to_ascii_uppercase(), r))
        .collect();
    let mut report = |text: &str, span: &crate::source::Span| {
        // Cheap test first: `ID - title` starts with letters, a hyphen and a digit.
        let t = text.trim_start();
        let letters = t.len()
            - t.trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        if letters == 0
            || !t[letters..].starts_with('-')
            || !t[letters + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            return;
        }
        let Some(c) = REF.captures(text) else { return };
        let Some(rb) = by_id.get(&c[1].to_ascii_uppercase()) else {
            return;
        };
        let title = c[2].trim();
        if words(title) != words(&rb.title) {
            out.push(
                Diagnostic::new(
                    RULE.code,
                    span.clone(),
                    format!(
                        "this calls {} \"{title}\", but {} is \"{}\"",
                        &c[1], rb.id, rb.title
                    ),
                )
                .with_label(rb.span.clone(), format!("{} is defined here", rb.id)),
            );
        }
    };
    for doc in &ctx.corpus.documents {
        let blocks = all_blocks(doc);
        let in_table = |s: &crate::source::Span| {
            blocks.iter().any(
                |b| matches!(b, Block::Table(t) if t.span.start <= s.start && s.end <= t.span.end),
            )
        };
        for l in &doc.links {
            if !in_table(&l.span) {
                report(&l.text, &l.span);
            }
        }
        for b in &blocks {
            let Block::List(list) = b else { continue };
            for item in &list.items {
                let has_link = doc
                    .links
                    .iter()
                    .any(|l| l.span.start >= item.span.start && l.span.end <= item.span.end);
                if !has_link {
                    report(item.text.lines().next().unwrap_or(""), &item.span);
                }
            }
        }
    }
}
