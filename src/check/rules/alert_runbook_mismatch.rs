//! A005: an alert whose runbook is named for another alert.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "A005",
    name: "alert-runbook-mismatch",
    level: Level::Warning,
    category: Category::Alerts,
    summary: "An alert leads to the runbook of another alert",
    doc: r#"## What it checks
In layouts of one runbook per alert (the built-in `alert` layout, or a layout with
`per_alert: true`), a runbook's ID is the name of its alert. An alert whose
`runbook_url` leads to such a runbook must have that name (compared in any case).

## Why it matters
When alerts are split or renamed, their URLs are often copied from a neighbour: the
page for `EtcdMembersDown` then opens the runbook of `EtcdNoLeader`, whose diagnosis
and mitigation are for another failure.

It is a warning: sometimes one runbook deliberately serves a family of alerts. Say so
with a `runbook_url` to a shared page in a layout that is not per alert, or turn the
rule off for those rule files' alerts with `rules: {A005: off}`.

## Example
Bad:
```yaml
- alert: EtcdMembersDown
  annotations:
    runbook_url: https://runbooks.example.com/runbooks/etcdnoleader
```

Good:
```yaml
- alert: EtcdMembersDown
  annotations:
    runbook_url: https://runbooks.example.com/runbooks/etcdmembersdown
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for a in &ctx.corpus.alerts {
        let Some(id) = a.runbook() else { continue };
        let Some((_, rb)) = ctx.corpus.find(id) else {
            continue;
        };
        if !ctx.settings.layout(&rb.layout).per_alert || rb.id.eq_ignore_ascii_case(&a.name) {
            continue;
        }
        let own = ctx.corpus.find(&a.name);
        // The URL names the alert's own file, whose H1 says another name: a title
        // copied from a neighbour, not a wrong URL.
        let stem = std::path::Path::new(&*rb.span.file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        if own.is_none() && stem.eq_ignore_ascii_case(&a.name) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    rb.span.clone(),
                    format!(
                        "`{}` is alert `{}`'s runbook file, but its title says `{}`",
                        ctx.shown(&rb.span.file),
                        a.name,
                        rb.id
                    ),
                )
                .with_label(a.url_or_alert_span().clone(), "the alert leads here")
                .with_help(format!("make the title `# {}`", a.name)),
            );
            continue;
        }
        let mut d = Diagnostic::new(
            &RULE,
            a.url_or_alert_span().clone(),
            format!("alert `{}` leads to the runbook of `{}`", a.name, rb.id),
        )
        .with_label(rb.span.clone(), format!("the runbook of `{}`", rb.id));
        d = match own {
            Some((_, r)) => d
                .with_label(r.span.clone(), format!("the runbook of `{}`", a.name))
                .with_help(format!("point the runbook_url at {}'s own runbook", a.name)),
            None => d.with_help(format!(
                "write a runbook named `{}`, or point the URL at a shared page",
                a.name
            )),
        };
        out.push(d);
    }
}
