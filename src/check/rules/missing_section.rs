//! S001: a required section is missing.

use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::model::{Runbook, SectionKind};

pub const RULE: Rule = Rule {
    code: "S001",
    name: "missing-section",
    level: Level::Error,
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
        for kind in &ctx.settings.required_sections {
            if !present(rb, *kind) {
                let hashes = "#".repeat((rb.level as usize + 1).min(6));
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        rb.span.clone(),
                        format!("runbook {} has no {} section", rb.id, kind.name()),
                    )
                    .with_help(format!(
                        "add `{hashes} {}` (or a `**{}**:` label) below the runbook's heading",
                        kind.name(),
                        kind.name()
                    )),
                );
            }
        }
    }
}
