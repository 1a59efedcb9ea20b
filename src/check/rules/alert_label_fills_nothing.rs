//! A008: a label passed to a runbook that fills none of its placeholders.

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::rule::{Category, Level, Rule};

pub const RULE: Rule = Rule {
    code: "A008",
    name: "alert-label-fills-nothing",
    level: Level::Warning,
    category: Category::Alerts,
    summary: "A label passed to a runbook fills none of its placeholders",
    doc: r#"## What it checks
Alert labels reach a runbook's placeholders two ways: a `runbook_url` whose query
passes them (`?pod={{ $labels.pod }}`, which fills the page), and `alert_labels`
mappings (runbooks.yaml, or a runbook's front matter: `alert_labels: {pod-name: pod}`,
which the script's `--alert` uses). Each query parameter, and each mapping of a runbook's
front matter, names a placeholder of the runbook it is for (compared as options are:
`pod_name`, `Pod-Name` and `pod-name` alike).

## Why it matters
A parameter that names no placeholder fills nothing: the on-call opens the page from
the alert and still types the pod by hand, or the script asks for a value the alert
had. It usually means the placeholder was renamed (`<pod>` became `<pod-name>`).

## Example
Bad (the runbook's placeholder is `<pod-name>`):
```yaml
annotations:
  runbook_url: https://runbooks.example.com/KubePodCrashLooping.md?pod={{ $labels.pod }}
```

Good:
```yaml
annotations:
  runbook_url: https://runbooks.example.com/KubePodCrashLooping.md?pod-name={{ $labels.pod }}
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let norm = crate::alerts::normalise;
    for a in &ctx.corpus.alerts {
        let Some(id) = a.runbook() else { continue };
        let Some((_, rb)) = ctx.corpus.find(id) else {
            continue;
        };
        let names = &rb.placeholders;
        let url = a.runbook_url().unwrap_or_default();
        for (key, label) in crate::alerts::query_labels(url) {
            if names.iter().any(|n| norm(n) == norm(&key)) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    a.url_or_alert_span().clone(),
                    format!(
                        "`?{key}=` (label `{label}`) fills no placeholder of {}",
                        rb.id
                    ),
                )
                .with_label(rb.span.clone(), format!("the runbook {}", rb.id))
                .with_help(placeholders_help(names)),
            );
        }
    }
    // A runbook's own mappings (front matter `alert_labels`).
    for doc in &ctx.corpus.documents {
        for rb in &doc.runbooks {
            let Some(m) = rb.metadata.get("alert_labels") else {
                continue;
            };
            let names = &rb.placeholders;
            for (key, label) in m.split(',').filter_map(|p| p.split_once('=')) {
                let (key, label) = (key.trim(), label.trim());
                if names.iter().any(|n| norm(n) == norm(key)) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        &RULE,
                        rb.span.clone(),
                        format!(
                            "alert_labels maps `{label}` to `{key}`, which is no placeholder of {}",
                            rb.id
                        ),
                    )
                    .with_help(placeholders_help(names)),
                );
            }
        }
    }
}

fn placeholders_help(names: &[String]) -> String {
    if names.is_empty() {
        "the runbook's commands have no placeholders".to_string()
    } else {
        let list: Vec<String> = names.iter().map(|n| format!("`<{n}>`")).collect();
        format!("its placeholders are {}", list.join(", "))
    }
}
