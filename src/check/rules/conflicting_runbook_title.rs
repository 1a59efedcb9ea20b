//! X003: a reference that gives a runbook ID another runbook's title.

use crate::check::support::crossfile::{all_blocks, words};
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::{Block, Document, Runbook};
use crate::source::Span;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    code: "X003",
    name: "conflicting-runbook-title",
    level: Level::Error,
    category: Category::Corpus,
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

/// `RB-004 - Network Partition` → (`RB-004`, `Network Partition`): the regex
/// `^\s*([A-Za-z]+-[0-9]+)\s*[:\-–—]\s*(.+?)\s*$`, by hand (it runs on every link and
/// list item; regex-lite made it the slowest cross-file rule).
fn reference(text: &str) -> Option<(&str, &str)> {
    let ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r');
    let t = text.trim_start_matches(ws);
    let letters = t.len()
        - t.trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    let rest = t[letters..].strip_prefix('-')?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if letters == 0 || digits == 0 {
        return None;
    }
    let id = &t[..letters + 1 + digits];
    let rest = rest[digits..].trim_start_matches(ws);
    let sep = rest.chars().next()?;
    if !matches!(sep, ':' | '-' | '–' | '—') {
        return None;
    }
    let after = &rest[sep.len_utf8()..];
    let title = after.trim_start_matches(ws).trim_end_matches(ws);
    if title.is_empty() {
        // Only blanks: the regex still matches one of them (not a newline) as the title.
        return after
            .chars()
            .any(|c| ws(c) && c != '\n')
            .then_some((id, ""));
    }
    (!title.contains('\n')).then_some((id, title))
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let by_id: HashMap<String, &Runbook> = ctx
        .corpus
        .runbooks()
        .map(|(_, r)| (r.id.to_ascii_uppercase(), r))
        .collect();
    let docs: Vec<&Document> = ctx.corpus.documents.iter().collect();
    check_docs(&|id| by_id.get(id).copied(), &docs, out);
}

/// The findings on `docs`; `by_id` gives the runbook with an ID (upper-case): the last
/// one in corpus order, when several have it.
pub fn check_docs<'a>(
    by_id: &dyn Fn(&str) -> Option<&'a Runbook>,
    docs: &[&Document],
    out: &mut Vec<Diagnostic>,
) {
    for doc in docs {
        for (id, title, span) in references(doc) {
            let Some(rb) = by_id(&id.to_ascii_uppercase()) else {
                continue;
            };
            if words(title) != words(&rb.title) {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        span.clone(),
                        format!(
                            "this calls {} \"{title}\", but {} is \"{}\"",
                            id, rb.id, rb.title
                        ),
                    )
                    .with_label(rb.span.clone(), format!("{} is defined here", rb.id)),
                );
            }
        }
    }
}

/// The references to runbooks by ID and title in a document (`RB-004 - Network
/// Partition`): the text of links outside tables, the first line of list items
/// without a link.
pub fn references(doc: &Document) -> Vec<(&str, &str, &Span)> {
    let mut out = Vec::new();
    let blocks = all_blocks(doc);
    let tables: Vec<(usize, usize)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some((t.span.start, t.span.end)),
            _ => None,
        })
        .collect();
    let mut link_spans: Vec<(usize, usize)> = doc
        .links
        .iter()
        .map(|l| (l.span.start, l.span.end))
        .collect();
    link_spans.sort_unstable();
    let in_table = |s: &Span| tables.iter().any(|(a, b)| *a <= s.start && s.end <= *b);
    let mut found: Vec<(&str, &Span)> = Vec::new();
    for l in &doc.links {
        if !in_table(&l.span) {
            found.push((&l.text, &l.span));
        }
    }
    for b in &blocks {
        let Block::List(list) = b else { continue };
        for item in &list.items {
            // The first link starting in the item, if it ends in it too.
            let first = link_spans.partition_point(|(a, _)| *a < item.span.start);
            let has_link = link_spans
                .get(first)
                .is_some_and(|(_, b)| *b <= item.span.end);
            if !has_link {
                found.push((item.text.lines().next().unwrap_or(""), &item.span));
            }
        }
    }
    for (text, span) in found {
        if let Some((id, title)) = reference(text) {
            out.push((id, title.trim(), span));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// The hand parser agrees with the regex it replaces.
    #[test]
    fn reference_matches_the_regex() {
        let re = regex_lite::Regex::new(r"^\s*([A-Za-z]+-[0-9]+)\s*[:\-–—]\s*(.+?)\s*$").unwrap();
        for s in [
            "RB-004 - Network Partition",
            "  RB-4: x ",
            "RB-004—Title",
            "rb-12 – t",
            "RB-004",
            "RB-004 -",
            "RB-004 x",
            "RB-0a: t",
            "-1: t",
            "RB-1: a\nb",
            "RB-1:\n t",
            "RB-1 : t \n",
            "X-1 - é",
            "RB--1: t",
            "RB-1:: t",
            "",
            "RB-1:   ",
        ] {
            let want = re
                .captures(s)
                .map(|c| (c[1].to_string(), c[2].trim().to_string()));
            let got = super::reference(s).map(|(a, b)| (a.to_string(), b.to_string()));
            assert_eq!(got, want, "{s:?}");
        }
    }
}
