//! A007: a runbook of a per-alert layout that no alert leads to.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::AlertLink;
use std::collections::HashSet;

pub const RULE: Rule = Rule {
    code: "A007",
    name: "runbook-without-alert",
    level: Level::Warning,
    category: Category::Alerts,
    summary: "A runbook written for one alert is linked by no alert",
    doc: r#"## What it checks
When rule files are configured (`alerts:`) and at least one alert's `runbook_url` leads
into the corpus, every runbook of a layout of one runbook per alert (the built-in
`alert` layout, or `per_alert: true`) is the runbook of some alert.

## Why it matters
A runbook no alert opens has outlived its alert (renamed or deleted), or its alert
links elsewhere: either way it is not the page anyone reads during the incident, and
the one they read may be older.

It is a warning: the runbook may be kept on purpose (an alert of another system, a
retired alert kept for reference); delete it, link it, or suppress the finding in the
file with `<!-- rbc-disable-file A007 reason -->`. Nothing is reported while no alert
leads into the corpus: then the URL mapping (`runbook_urls`) is missing, not the alerts.

## Example
Bad: `runbooks/KubeletDown.md` exists, and no rule of the rule files has
`alert: KubeletDown` or a `runbook_url` that leads to it.

Good: the rule `KubeletDown` with
`runbook_url: https://runbooks.example.com/runbooks/kubeletdown`.
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut linked: HashSet<String> = HashSet::new();
    let mut any = false;
    for a in &ctx.corpus.alerts {
        match &a.link {
            AlertLink::Runbook { runbook, .. } => {
                any = true;
                linked.insert(runbook.to_ascii_uppercase());
            }
            AlertLink::Document { .. }
            | AlertLink::NotFound { .. }
            | AlertLink::BrokenAnchor { .. } => any = true,
            _ => {}
        }
    }
    if !any {
        return;
    }
    for (_, rb) in ctx.corpus.runbooks() {
        if ctx.settings.layout(&rb.layout).per_alert
            && !linked.contains(&rb.id.to_ascii_uppercase())
        {
            let same_name = ctx
                .corpus
                .alerts
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case(&rb.id));
            let mut d = Diagnostic::new(
                &RULE,
                rb.span.clone(),
                format!("no alert leads to the runbook of `{}`", rb.id),
            );
            d = match same_name {
                Some(a) => d
                    .with_label(
                        a.span.clone(),
                        format!("alert `{}` links elsewhere", a.name),
                    )
                    .with_help("point this alert's runbook_url at this runbook"),
                None => d.with_help(format!(
                    "no rule file rbc read has an alert `{}`: if its rules live in another repository or a mixin, add those rule files to `alerts:`; if the alert was renamed, rename the runbook; only if the alert is gone everywhere is the runbook obsolete",
                    rb.id
                )),
            };
            out.push(d);
        }
    }
}
