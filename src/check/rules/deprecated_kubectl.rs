//! K006: a deprecated kubectl command, flag or resource type.

use crate::check::support::kubectl_common::{kubectl_commands, resource_word, word_span};
use crate::check::support::kubectl_fleet::Targets;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::kubectl::tree::{index, index_for, Versions};

pub const RULE: Rule = Rule {
    code: "K006",
    name: "deprecated-kubectl",
    level: Level::Warning,
    category: Category::Kubectl,
    summary: "A deprecated kubectl command, flag or resource type",
    doc: r#"## What it checks
Commands, flags (`--record`) and resource types (`componentstatuses`, deprecated since
v1.19; `endpoints`, since v1.33) that a targeted kubectl version marks as deprecated,
with kubectl's own message (and the targets it is deprecated on, when not all).

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
    let targets = Targets::new(ctx);
    for (rb, _, c, k) in kubectl_commands(ctx) {
        if k.is_oc() {
            // kubectl's deprecations are not oc's to report.
            continue;
        }
        // (word, message) → the targets it is deprecated on; word `usize::MAX`: the
        // command itself.
        let mut found: Vec<(usize, String, Versions)> = Vec::new();
        let on = targets.of(rb, c);
        for v in on.iter() {
            let tree = index_for(v);
            let inv = k.invocation_for(v);
            let Some(spec) = tree.command(inv.path) else {
                continue;
            };
            let mut add = |word: usize, message: String| match found
                .iter_mut()
                .find(|(w, m, _)| *w == word && *m == message)
            {
                Some(f) => f.2 = f.2.with(v),
                None => found.push((word, message, Versions::default().with(v))),
            };
            if let Some(why) = &spec.deprecated {
                add(
                    usize::MAX,
                    format!("`kubectl {}` is deprecated: {why}", inv.path.join(" ")),
                );
            }
            // Before v1.31 (no limit on exec's arguments), kubectl ran `exec POD COMMAND`
            // and warned.
            if inv.path == ["exec"]
                && spec.args_max.is_none()
                && inv.dashdash.is_none()
                && inv.args.len() > 1
            {
                add(
                    inv.args[1],
                    "kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.".to_string(),
                );
            }
            for f in &inv.flags {
                if let Some(why) = tree
                    .flag(spec, f.name)
                    .and_then(|fl| fl.deprecated.as_ref())
                {
                    add(f.word, format!("flag `--{}` is deprecated: {why}", f.name));
                }
            }
        }
        for (word, message, vs) in found {
            let span = if word == usize::MAX {
                c.span.clone()
            } else {
                word_span(ctx, c, k, word)
            };
            let note = if vs == on {
                String::new()
            } else {
                format!(" (on kubectl {} of the targets)", vs.describe())
            };
            out.push(Diagnostic::new(&RULE, span, format!("{message}{note}")));
        }
        for r in &k.resources {
            if let Some(why) = idx.resource(r).and_then(|res| res.deprecated.as_ref()) {
                let word = resource_word(k, r);
                out.push(
                    Diagnostic::new(
                        &RULE,
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
