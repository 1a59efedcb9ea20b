//! S008: a heading that says it is a runbook but names no ID rbc can read.

use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;
use crate::model::DocSection;

pub const RULE: Rule = Rule {
    code: "S008",
    name: "runbook-heading-without-id",
    level: Level::Warning,
    category: Category::Structure,
    summary: "A `Runbook:` heading names no runbook ID, so it is not read as a runbook",
    doc: r#"## What it checks
A heading that starts with `Runbook:` is read as a runbook when an ID follows
(`## Runbook: RB-042 - Disk full`). Without one (`## Runbook: Disk full`), or with an ID
rbc cannot read (`## Runbook: db-failover - …`: an ID is letters, an optional `-`, then a
digit, as in `RB-042` or `DB7`), the section is an ordinary part of the document.

## Why it matters
Nothing else would tell you: the runbook's sections are not checked as a runbook's, it
gets no script, no page of its own and no place in the index, and `rbc check` reports
nothing about it.

## Example
Bad:
```markdown
## Runbook: Disk full
```

Good:
```markdown
## Runbook: RB-042 - Disk full
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for doc in &ctx.corpus.documents {
        walk(&doc.sections, out);
    }
}

fn walk(sections: &[DocSection], out: &mut Vec<Diagnostic>) {
    for s in sections {
        if says_runbook(&s.title) && crate::parse::runbook_heading(&s.title).is_none() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    s.span.clone(),
                    format!(
                        "`{}` names no runbook ID, so it is not read as a runbook",
                        s.title
                    ),
                )
                .with_help(
                    "start the title with an ID: `Runbook: RB-042 - Disk full` (`id_pattern` in runbooks.yaml sets what IDs look like)",
                ),
            );
        }
        walk(&s.children, out);
    }
}

/// `Runbook: …` (any case), with something after the colon.
fn says_runbook(title: &str) -> bool {
    title
        .get(..7)
        .is_some_and(|w| w.eq_ignore_ascii_case("runbook"))
        && title[7..]
            .trim_start()
            .strip_prefix(':')
            .is_some_and(|rest| !rest.trim().is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn says_runbook() {
        assert!(super::says_runbook("Runbook: Disk full"));
        assert!(super::says_runbook("runbook : db-failover - x"));
        assert!(!super::says_runbook("Runbook"));
        assert!(!super::says_runbook("Runbook:"));
        assert!(!super::says_runbook("Runbooks: the index"));
        assert!(!super::says_runbook("Runbook steps"));
    }
}
