//! H006: a helm flag the targeted helm versions deprecate.
//!
//! The deprecations are helm's own, in the command tree (`schema/helm/tree.json`); this
//! file reports them on the helm versions targeted (`check/support/helm_common.rs`).

use crate::check::support::helm_common::{helm_argv, helm_calls};
use crate::check::support::kubectl_common::code_blocks;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rule::{Category, Level, Rule};

pub const RULE: Rule = Rule {
    code: "H006",
    name: "deprecated-helm-flag",
    level: Level::Warning,
    category: Category::Helm,
    summary: "A helm flag the targeted helm versions deprecate",
    doc: r#"## What it checks
A flag helm still accepts but marks deprecated on the helm versions in `helm_versions`:
helm 4 renamed `--atomic` to `--rollback-on-failure` and `--force` to `--force-replace`,
and keeps the old names hidden. The message names the versions and helm's advice;
`rbc check --fix` renames the flag when every targeted version has the new name.

## Why it matters
A deprecated flag is the next release's unknown flag: the runbook that works today
stops at the worst moment after an upgrade. Renaming it while the old and the new name
both work costs nothing.

## Example
Reported when the targets are helm 4 (`helm_versions: ["4.3"]`):
```bash
helm upgrade web ./chart --atomic -n shop
```

Fixed:
```bash
helm upgrade web ./chart --rollback-on-failure -n shop
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let tree = crate::helm::tree::tree();
    let targets = &ctx.settings.helm_versions;
    let plugin = |name: &str| ctx.settings.programs.contains_key(&format!("helm-{name}"));
    for cb in code_blocks(ctx) {
        for c in &cb.commands {
            for words in helm_calls(c) {
                let argv = helm_argv(&words);
                // (word, flag name, advice) → the targets that deprecate it.
                let mut found: Vec<(usize, &str, &str, Vec<usize>)> = Vec::new();
                for &v in targets {
                    for (i, f) in crate::helm::deprecated(&argv, v, &plugin) {
                        let advice = f.deprecated.as_deref().unwrap_or("");
                        match found.iter_mut().find(|x| x.0 == i) {
                            Some(x) => x.3.push(v),
                            None => found.push((i, &f.name, advice, vec![v])),
                        }
                    }
                }
                for (i, name, advice, on) in found {
                    let w = &words[i];
                    let (start, end) = (c.span.start + w.start, c.span.start + w.end);
                    let Some(src) = ctx.sources.get(&c.span.file) else {
                        continue;
                    };
                    let mut d = Diagnostic::new(
                        &RULE,
                        src.span(start, end),
                        format!("`--{name}` is deprecated on {}: {advice}", tree.describe(&on)),
                    );
                    // `use --NEW instead`: renamed when every target has the new name.
                    let new = advice
                        .strip_prefix("use --")
                        .and_then(|r| r.strip_suffix(" instead"))
                        .filter(|n| n.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-'));
                    let old = format!("--{name}");
                    let every = |n: &str| {
                        targets.iter().all(|&v| {
                            crate::helm::check_flag_exists(&argv, v, &plugin, n)
                        })
                    };
                    if let Some(new) = new.filter(|n| every(n)) {
                        if src.text.get(start..start + old.len()) == Some(old.as_str()) {
                            d = d.with_fix(Fix {
                                description: format!("rename `{old}` to `--{new}`"),
                                edits: vec![Edit {
                                    start,
                                    end: start + old.len(),
                                    replacement: format!("--{new}"),
                                }],
                            });
                        }
                    }
                    out.push(d.with_help(format!("helm says: {advice}")));
                }
            }
        }
    }
}
