//! S001: a required section is missing.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::{Runbook, SectionKind};

pub const RULE: Rule = Rule {
    code: "S001",
    name: "missing-section",
    level: Level::Error,
    category: Category::Structure,
    summary: "A runbook lacks a required section",
    doc: r#"## What it checks
Every runbook has the required sections: by default Symptoms, Diagnosis and Resolution
(`required_sections` in `runbooks.yaml` changes the list). A section is recognised by a
heading below the runbook's heading or by a bold label (`**Symptoms**:`), through the
alias table (`section_aliases` extends it).

## Why it matters
A runbook without Symptoms cannot be found from an alert; one without Diagnosis or
Resolution leaves the on-call engineer with nothing to do.

## Example
Bad:
```markdown
## Runbook: RB-002 - High Memory Usage

### Resolution
...
```

Good:
```markdown
## Runbook: RB-002 - High Memory Usage

### Symptoms
- Memory usage > 90%

### Diagnosis
...

### Resolution
...
```
"#,
};

pub fn present(rb: &Runbook, kind: SectionKind) -> bool {
    match kind {
        SectionKind::Meaning => rb.meaning.is_some(),
        SectionKind::Impact => rb.impact.is_some(),
        SectionKind::Symptoms => rb.symptoms.is_some(),
        SectionKind::Diagnosis => rb.diagnosis.is_some(),
        SectionKind::Causes => rb.causes.is_some(),
        SectionKind::Resolution => rb.resolution.is_some(),
        SectionKind::Prevention => rb.prevention.is_some(),
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, rb) in ctx.corpus.runbooks() {
        let layout = ctx.settings.layout(&rb.layout);
        for kind in &layout.required_sections {
            if !present(rb, *kind) {
                let hashes = "#".repeat((rb.level as usize + 1).min(6));
                let name = match (rb.layout.as_str(), kind) {
                    ("alert", SectionKind::Resolution) => "Mitigation",
                    _ => kind.name(),
                };
                let help = match near_miss(layout, rb, *kind) {
                    Some((title, line)) => format!(
                        "`{title}` (line {line}) looks like a misspelling of `{name}`"
                    ),
                    None => format!(
                        "add `{hashes} {name}` (or a `**{name}**:` label) below the runbook's heading"
                    ),
                };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        rb.span.clone(),
                        format!("runbook {} has no {name} section", rb.id),
                    )
                    .with_help(help),
                );
            }
        }
    }
}

/// A section of the runbook whose title is one or two edits from a name of `kind`
/// (`Symtoms`): its title and line.
fn near_miss(
    layout: &crate::settings::Layout,
    rb: &Runbook,
    kind: SectionKind,
) -> Option<(String, u32)> {
    let names: Vec<&str> = layout
        .aliases
        .iter()
        .filter(|(_, k)| **k == kind)
        .map(|(n, _)| n.as_str())
        .collect();
    rb.extra.iter().find_map(|e| {
        let t = crate::settings::normalise_title(&e.head.title);
        names
            .iter()
            .any(|n| t.len() > 3 && edits(&t, n) <= if n.len() > 6 { 2 } else { 1 })
            .then(|| (e.head.title.clone(), e.head.span.line))
    })
}

/// Levenshtein distance.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
