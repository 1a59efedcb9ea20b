//! A006: alerts of one name whose `runbook_url`s differ.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::Alert;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    code: "A006",
    name: "conflicting-runbook-urls",
    level: Level::Warning,
    category: Category::Alerts,
    summary: "Alerts of the same name lead to different runbooks",
    doc: r#"## What it checks
Alerting rules that share a name (a `warning` and a `critical` rule of one alert,
the same alert in two rule files) have the same `runbook_url`, after templates are
expanded. Rules without one are left to A002.

## Why it matters
Alertmanager groups and silences by name: the two rules are one alert to the people
who get paged, and should open one runbook. Different URLs mean one of them drifted
when the other was updated.

It is a warning: the second URL may work; the finding asks which one is meant.

## Example
Bad:
```yaml
- alert: QueueBacklog
  labels: {severity: warning}
  annotations: {runbook_url: https://runbooks.example.com/runbooks/queuebacklog}
- alert: QueueBacklog
  labels: {severity: critical}
  annotations: {runbook_url: https://runbooks.example.com/runbooks/queue-backlog-old}
```

Good: both rules carry `https://runbooks.example.com/runbooks/queuebacklog`.
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, &Alert> = HashMap::new();
    for a in &ctx.corpus.alerts {
        let Some(url) = a.link.url() else { continue };
        match first.get(a.name.as_str()) {
            Some(prev) => {
                let prev_url = prev.link.url().unwrap_or_default();
                if prev_url != url {
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            a.url_or_alert_span().clone(),
                            format!(
                                "alert `{}` leads to `{url}` here and to `{prev_url}` at {}:{}",
                                a.name,
                                ctx.shown(&prev.span.file),
                                prev.span.line
                            ),
                        )
                        .with_label(prev.url_or_alert_span().clone(), "the other URL")
                        .with_help("give every rule of the alert the same runbook_url"),
                    );
                }
            }
            None => {
                first.insert(&a.name, a);
            }
        }
    }
}
