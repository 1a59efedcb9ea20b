//! S005: case or step numbers with gaps or repeats.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::Runbook;
use crate::source::Span;

pub const RULE: Rule = Rule {
    code: "S005",
    name: "numbering-gap",
    level: Level::Error,
    category: Category::Structure,
    summary: "Case or step numbers skip or repeat",
    doc: r#"## What it checks
`Case N:` and `Step N:` headings of a section are numbered 1, 2, 3… in order, with no
number skipped or repeated.

## Why it matters
"Go to step 3" must mean one thing. A gap usually means a step was deleted and the
procedure no longer does what its numbering promises; a repeat means two people
following "step 2" do different things.

## Example
Bad:
```markdown
#### Step 1: Identify Scope
#### Step 2: Check Control Plane
#### Step 2: Restore Services
#### Step 4: Verify Recovery
```

Good:
```markdown
#### Step 1: Identify Scope
#### Step 2: Check Control Plane
#### Step 3: Restore Services
#### Step 4: Verify Recovery
```
"#,
};

fn sequence(rb: &Runbook, what: &str, items: Vec<(u32, &Span)>, out: &mut Vec<Diagnostic>) {
    let mut expected = 1;
    for (n, span) in items {
        if n != expected {
            let msg = if n < expected {
                format!(
                    "{what} {n} of {} repeats or goes back (expected {what} {expected})",
                    rb.id
                )
            } else {
                format!(
                    "{what} {n} of {} skips {}",
                    rb.id,
                    if n == expected + 1 {
                        format!("{what} {expected}")
                    } else {
                        format!("{what}s {expected}–{}", n - 1)
                    }
                )
            };
            out.push(
                Diagnostic::new(&RULE, span.clone(), msg)
                    .with_help(format!("number the {what}s 1, 2, 3… in order")),
            );
        }
        expected = expected.max(n + 1);
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, rb) in ctx.corpus.runbooks() {
        if let Some(r) = &rb.resolution {
            let cases: Vec<_> = r.cases().iter().map(|c| (c.number, &c.span)).collect();
            sequence(rb, "Case", cases, out);
            let steps: Vec<_> = r
                .steps()
                .iter()
                .filter_map(|s| s.number.map(|n| (n, &s.span)))
                .collect();
            sequence(rb, "Step", steps, out);
            for c in r.cases() {
                let steps: Vec<_> = c
                    .steps
                    .iter()
                    .filter_map(|s| s.number.map(|n| (n, &s.span)))
                    .collect();
                sequence(rb, "Step", steps, out);
            }
        }
        for s in rb.diagnosis.iter().chain(&rb.extra) {
            let steps: Vec<_> = s
                .steps
                .iter()
                .filter_map(|s| s.number.map(|n| (n, &s.span)))
                .collect();
            sequence(rb, "Step", steps, out);
        }
    }
}
