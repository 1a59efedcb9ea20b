//! A003: a `runbook_url` that leads into the corpus, to no runbook.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::AlertLink;

pub const RULE: Rule = Rule {
    code: "A003",
    name: "unresolved-runbook-url",
    level: Level::Error,
    category: Category::Alerts,
    summary: "An alert's `runbook_url` leads to no runbook",
    doc: r#"## What it checks
An alert's `runbook_url` that leads into the corpus names a runbook or file that exists.
A URL leads into the corpus when it starts with a prefix of `runbook_urls` in
`runbooks.yaml` (its last path segment is then matched to a runbook's ID or file name
in the mapped folder, in any case, as alert URLs are often lower-cased), when it is
relative (to the rule file), or when it is a repository host's file URL
(`https://github.com/ORG/REPO/blob/main/runbooks/x.md`) of a file under the corpus.
`{{ $labels.alertname }}` and the rule's own labels are expanded first. URLs elsewhere
are not checked (`rbc alerts` lists them as external).

## Why it matters
This is the 404 at 3 a.m.: the alert was renamed, or its runbook was, and the link in
the page leads nowhere. A live link check needs the site deployed and a network; this
check needs neither, and runs with the runbooks' own checks.

It is an error: the link is broken for everyone who follows it.

## Example
Bad (`runbook_urls: {"https://runbooks.example.com/runbooks/": runbooks/}` and no
runbook `VolumeAlmostFull` in `runbooks/`):
```yaml
- alert: VolumeAlmostFull
  annotations:
    runbook_url: https://runbooks.example.com/runbooks/volumealmostfull
```

Good: write `runbooks/VolumeAlmostFull.md` (`# VolumeAlmostFull`), or fix the URL.
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for a in &ctx.corpus.alerts {
        if let AlertLink::NotFound { url, looked_for } = &a.link {
            out.push(
                Diagnostic::new(
                    &RULE,
                    a.url_or_alert_span().clone(),
                    format!(
                        "the runbook_url of alert `{}` leads to no runbook: `{url}`",
                        a.name
                    ),
                )
                .with_help(format!("looked for {looked_for}")),
            );
        }
    }
}
