//! L001: a relative link to a file that does not exist.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::links;
use crate::model::Document;

pub const RULE: Rule = Rule {
    code: "L001",
    name: "broken-link",
    level: Level::Error,
    category: Category::Links,
    summary: "A relative link points to a file that does not exist",
    doc: r#"## What it checks
Every relative link and image (`[Runbooks Index](README.md)`, `![](img/arch.png)`) is
resolved against the folder of the file that contains it; the target must exist.
External links (`https:`, `mailto:`) are not fetched.

## Why it matters
A runbook that sends the on-call engineer to `DATABASE_FAILOVER.md` during an outage,
where that file does not exist, costs minutes nobody has.

## Example
Bad:
```markdown
- [RB-009: Database Failover](DATABASE_FAILOVER.md)   <!-- no such file -->
```

Good: create the file, or point the link at the file that exists:
```markdown
- [RB-009: Database Failover](runbooks/database-failover.md)
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<crate::diagnostic::Diagnostic>) {
    let known = links::index(ctx.corpus);
    let docs: Vec<&Document> = ctx.corpus.documents.iter().collect();
    check_docs(ctx, &|p| known.contains_key(p), &docs, out);
}

/// The findings on `docs`; `known` says whether a (normalised) path is a file of the
/// corpus.
pub fn check_docs(
    ctx: &Context,
    known: &dyn Fn(&std::path::Path) -> bool,
    docs: &[&Document],
    out: &mut Vec<Diagnostic>,
) {
    // Most links lead to files of the corpus: no need to ask the file system for
    // those; the others are asked once per target.
    let mut on_disk: std::collections::HashMap<std::path::PathBuf, bool> =
        std::collections::HashMap::new();
    // On a Hugo site, a link is also a page URL relative to the page's own.
    let urls = links::Urls::new(ctx.corpus, &ctx.settings.site_generator);
    for doc in docs {
        for link in &doc.links {
            let Some(rel) = links::relative(&link.target) else {
                continue;
            };
            if rel.path.is_empty() {
                continue;
            }
            let target = links::resolve(doc, &rel.path);
            // On disk, from where the file is (the model names it from the corpus root).
            let shown = links::resolve_from(ctx.shown(&doc.path), &rel.path);
            let exists = known(&target)
                || *on_disk
                    .entry(shown.clone())
                    .or_insert_with(|| shown.exists())
                || urls
                    .as_ref()
                    .is_some_and(|u| u.target(&doc.path, &rel.path).is_some());
            if !exists {
                let what = if link.image { "image" } else { "link" };
                let hugo = urls.as_ref().and_then(|u| u.url(&doc.path, &rel.path));
                out.push(
                    Diagnostic::new(
                        &RULE,
                        link.span.clone(),
                        match &hugo {
                            Some(url) => format!(
                                "{what} target `{}` is no page of the site (`{url}` from this page's URL) nor a file (`{}`)",
                                rel.path,
                                shown.display()
                            ),
                            None => format!(
                                "{what} target `{}` does not exist (resolved to `{}`)",
                                rel.path,
                                shown.display()
                            ),
                        },
                    )
                    .with_help(if hugo.is_some() {
                        "on a Hugo site a link is relative to the page's URL (`a/b.md` is served at `/a/b/`, `a/_index.md` at `/a/`)"
                    } else {
                        "relative links resolve from the folder of the file that contains them"
                    }),
                );
            }
        }
    }
}
