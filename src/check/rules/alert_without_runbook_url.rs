//! A002: an alerting rule with no `runbook_url` annotation.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::AlertLink;

pub const RULE: Rule = Rule {
    code: "A002",
    name: "alert-without-runbook-url",
    level: Level::Warning,
    category: Category::Alerts,
    summary: "An alert has no `runbook_url` annotation",
    doc: r#"## What it checks
Every alerting rule of the rule files named by `alerts:` has a `runbook_url` annotation.

## Why it matters
Alertmanager puts the `runbook_url` in the page. Without it, the engineer paged at 3 a.m.
searches the wiki for the alert's name while the incident goes on.

It is a warning, not an error: a repository that adopts rbc often has many alerts
without one, and the coverage line of `rbc check` (and `rbc alerts`) shows how many.
Make it an error with `rules: {A002: error}` once every alert has its runbook.

## Example
Bad:
```yaml
- alert: VolumeAlmostFull
  expr: kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.1
```

Good:
```yaml
- alert: VolumeAlmostFull
  expr: kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.1
  annotations:
    runbook_url: https://runbooks.example.com/runbooks/volumealmostfull
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for a in &ctx.corpus.alerts {
        if a.link == AlertLink::Missing {
            out.push(
                Diagnostic::new(
                    &RULE,
                    a.span.clone(),
                    format!("alert `{}` has no `runbook_url` annotation", a.name),
                )
                .with_help("add `runbook_url` under `annotations:`, pointing at its runbook"),
            );
        }
    }
}
