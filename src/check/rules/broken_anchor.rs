//! L002: a link to a heading anchor that does not exist.

use crate::check::support::crossfile::Find;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::links;
use crate::model::Document;

pub const RULE: Rule = Rule {
    code: "L002",
    name: "broken-anchor",
    level: Level::Error,
    category: Category::Links,
    summary: "A link points to a heading anchor that does not exist",
    doc: r#"## What it checks
Links with a fragment (`#symptoms`, `INCIDENT_RESPONSE.md#runbook-rb-007---full-cluster-outage`)
must name a heading of the target file. Anchors follow GitHub's rules: lower-case, every
character but letters, digits, spaces, `-` and `_` dropped, spaces turned into `-`, and
`-1`, `-2`… appended to repeated headings.

## Why it matters
A broken anchor lands the reader at the top of a long file instead of the runbook they
need; renaming a heading silently breaks every link to it.

## Example
Bad:
```markdown
[Full outage](INCIDENT_RESPONSE.md#rb-007-full-cluster-outage)
```

Good (the heading is `## Runbook: RB-007 - Full Cluster Outage`):
```markdown
[Full outage](INCIDENT_RESPONSE.md#runbook-rb-007---full-cluster-outage)
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let index = links::index(ctx.corpus);
    let docs: Vec<&Document> = ctx.corpus.documents.iter().collect();
    check_docs(ctx, &|p| index.get(p).copied(), &docs, out);
}

/// The findings on `docs`, the files they link to found by `find`.
pub fn check_docs<'a>(
    ctx: &Context,
    find: Find<'_, 'a>,
    docs: &[&'a Document],
    out: &mut Vec<Diagnostic>,
) {
    // On a Hugo site, a link is also a page URL relative to the page's own.
    let urls = links::Urls::new(ctx.corpus, &ctx.settings.site_generator);
    for doc in docs.iter().copied() {
        for link in &doc.links {
            let Some(rel) = links::relative(&link.target) else {
                continue;
            };
            let Some(fragment) = rel.fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            let target = if rel.path.is_empty() {
                Some(doc)
            } else {
                find(&links::resolve(doc, &rel.path)).or_else(|| {
                    let page = urls.as_ref()?.target(&doc.path, &rel.path)?;
                    find(std::path::Path::new(page))
                })
            };
            // Targets outside the corpus are not parsed; broken files are L001's.
            let Some(target) = target else { continue };
            let wanted = links::percent_decode(fragment).to_lowercase();
            if target.anchors.contains(&wanted) {
                continue;
            }
            let close = target
                .anchors
                .iter()
                .filter(|a| a.contains(&wanted) || wanted.contains(a.as_str()))
                .min_by_key(|a| a.len().abs_diff(wanted.len()));
            let mut d = Diagnostic::new(
                &RULE,
                link.span.clone(),
                format!(
                    "`{}` has no heading with anchor `#{fragment}`",
                    ctx.shown(&target.path)
                ),
            );
            d = match close {
                Some(a) => d.with_help(format!("did you mean `#{a}`?")),
                None => d.with_help("anchors follow GitHub's heading slug rules"),
            };
            out.push(d);
        }
    }
}
