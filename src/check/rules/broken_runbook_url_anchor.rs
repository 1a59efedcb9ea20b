//! A004: a `runbook_url` whose `#anchor` is not a heading of its runbook.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::AlertLink;

pub const RULE: Rule = Rule {
    code: "A004",
    name: "broken-runbook-url-anchor",
    level: Level::Error,
    category: Category::Alerts,
    summary: "An alert's `runbook_url` names a heading its runbook does not have",
    doc: r#"## What it checks
When an alert's `runbook_url` leads into the corpus (see A003) and has a fragment
(`…/storage.md#volume-almost-full`), the fragment is the anchor of a heading of that
file (GitHub's slug rules, as for links between runbooks, see L002).

## Why it matters
A file of several runbooks is linked by anchor. When a heading is renamed, the alert
still opens the file, at the top: the reader scrolls through unrelated runbooks while
the page is open.

## Example
Bad (the heading is `## Volume almost full`):
```yaml
runbook_url: https://github.com/acme/ops/blob/main/runbooks/storage.md#volume-full
```

Good:
```yaml
runbook_url: https://github.com/acme/ops/blob/main/runbooks/storage.md#volume-almost-full
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let docs = crate::links::index(ctx.corpus);
    for a in &ctx.corpus.alerts {
        if let AlertLink::BrokenAnchor {
            document, anchor, ..
        } = &a.link
        {
            let mut d = Diagnostic::new(
                &RULE,
                a.url_or_alert_span().clone(),
                format!(
                    "the runbook_url of alert `{}` names `#{anchor}`, which is not a heading of `{}`",
                    a.name,
                    ctx.shown(document)
                ),
            );
            let close = docs
                .get(std::path::Path::new(document.as_str()))
                .and_then(|doc| {
                    doc.anchors
                        .iter()
                        .filter(|h| {
                            h.contains(anchor.as_str())
                                || anchor.contains(h.as_str())
                                || crate::kubectl::parse::typo_distance(h, anchor) <= 2
                        })
                        .min_by_key(|h| crate::kubectl::parse::typo_distance(h, anchor))
                });
            d = match close {
                Some(h) => d.with_help(format!("did you mean `#{h}`?")),
                None => d.with_help("anchors follow GitHub's heading slug rules"),
            };
            out.push(d);
        }
    }
}
