//! K006: a deprecated kubectl command, flag or resource type.

use super::kubectl_common::{kubectl_commands, resource_word, word_span};
use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::tree::index;

pub const RULE: Rule = Rule {
    code: "K006",
    name: "deprecated-kubectl",
    level: Level::Warning,
    summary: "A deprecated kubectl command, flag or resource type",
    doc: r#"## What it checks
Commands, flags (`--record`) and resource types (`componentstatuses`, deprecated since
v1.19; `endpoints`, since v1.33) that kubectl v1.35 marks as deprecated.

## Why it matters
Deprecated things are removed in a later release; the runbook then breaks during an
incident on a freshly upgraded cluster. `componentstatuses` already reports nothing
useful on most clusters.

## Example
Bad:
```bash
kubectl get componentstatuses
```

Good:
```bash
kubectl get --raw='/readyz?verbose'
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let idx = index();
    for (_, _, c, k) in kubectl_commands(ctx) {
        if let Some(spec) = idx.command(&k.path) {
            if let Some(why) = &spec.deprecated {
                out.push(Diagnostic::new(
                    RULE.code,
                    c.span.clone(),
                    format!("`kubectl {}` is deprecated: {why}", k.path.join(" ")),
                ));
            }
            let inv = k.invocation();
            for f in &inv.flags {
                if let Some(why) = idx
                    .flag(spec, &f.name)
                    .and_then(|fl| fl.deprecated.as_ref())
                {
                    out.push(Diagnostic::new(
                        RULE.code,
                        word_span(ctx, c, k, f.word),
                        format!("flag `--{}` is deprecated: {why}", f.name),
                    ));
                }
            }
        }
        for r in &k.resources {
            if let Some(why) = idx.resource(r).and_then(|res| res.deprecated.as_ref()) {
                let word = resource_word(k, r);
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        word_span(ctx, c, k, word),
                        format!("resource type `{r}` is deprecated: {why}"),
                    )
                    .with_help(
                        if r.starts_with("componentstatus") || r == "cs" {
                            "check the control plane with `kubectl get --raw='/readyz?verbose'`"
                                .to_string()
                        } else {
                            "use the replacement the message names".to_string()
                        },
                    ),
                );
            }
        }
    }
}
