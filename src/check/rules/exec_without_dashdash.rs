//! K007: `kubectl exec POD COMMAND` without `--`.

use super::kubectl_common::{kubectl_commands, word_span, Place};
use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::kubectl::parse::ProblemKind;

pub const RULE: Rule = Rule {
    code: "K007",
    name: "exec-without-dashdash",
    level: Level::Error,
    summary: "`kubectl exec` with a command but no `--`",
    doc: r#"## What it checks
`kubectl exec POD COMMAND…` must separate the container's command with `--`.

## Why it matters
kubectl refuses `exec [POD] [COMMAND]` ("is not supported anymore") since v1.31 (before,
it ran it with a deprecation warning); and without
`--`, the command's own flags (`ls -l`) would be read as kubectl flags.

## Example
Bad:
```bash
kubectl exec -n erlmcp-prod <pod-name> nc -zv database.default.svc 5432
```

Good:
```bash
kubectl exec -n erlmcp-prod <pod-name> -- nc -zv database.default.svc 5432
```

## Fix
`--` is inserted before the container's command, when no kubectl flag follows it (then
`--` would hand that flag to the container instead: `kubectl exec POD ls -n NS`).
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, place, c, k) in kubectl_commands(ctx) {
        // `… | xargs kubectl exec`: xargs appends words; prose need not be whole.
        if k.wrapper.as_deref() == Some("xargs") || place == Place::Inline {
            continue;
        }
        let inv = k.invocation();
        for p in inv
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::ExecWithoutDashDash)
        {
            let mut d = Diagnostic::new(RULE.code, word_span(ctx, c, k, p.word), p.message.clone());
            if let Some(h) = &p.help {
                d = d.with_help(h.clone());
            }
            let flag_after = inv.flags.iter().any(|f| f.word > p.word);
            if let (Some((start, _)), false, false) =
                (k.word_ranges.get(p.word), flag_after, k.quoted)
            {
                d = d.with_fix(Fix {
                    description: "insert `--` before the container's command".into(),
                    edits: vec![Edit {
                        start: *start,
                        end: *start,
                        replacement: "-- ".into(),
                    }],
                });
            }
            out.push(d);
        }
    }
}
