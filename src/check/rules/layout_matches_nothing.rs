//! S009: a file given a heading layout in which no heading starts a runbook.

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::rule::{Category, Level, Rule};

pub const RULE: Rule = Rule {
    code: "S009",
    name: "layout-matches-nothing",
    level: Level::Warning,
    category: Category::Structure,
    summary: "A file given a heading layout has no heading that starts a runbook",
    doc: r#"## What it checks
A file that `layout_files` in runbooks.yaml gives a heading layout (one whose runbooks
start at headings, `runbook: heading`) has at least one heading that starts a runbook:
`Runbook: RB-042 - …`, `RB-042: …` (the layout's `id_pattern`), or, with rule files,
the name of an alert (a one-file playbook's `### CortexIngesterUnhealthy`).

## Why it matters
Without one the file builds no runbook, and nothing else says so: the glob was meant
to find runbooks, and a check that passes on zero runbooks hides it. Usually the IDs
look different from the layout's `id_pattern`, or the alerts' rule files are not in
`alerts:`.

## Example
Bad (`layout_files: [{glob: "playbooks.md", layout: sections}]`, and no rule files):
```markdown
### CortexIngesterUnhealthy
```

Good: add the rule files to `alerts:`, so that the headings named after their alerts are
their runbooks, or give the headings IDs (`### RB-101: Ingester unhealthy`).
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for doc in &ctx.corpus.documents {
        check_doc(ctx, doc, out);
    }
}

pub fn check_doc(ctx: &Context, doc: &crate::model::Document, out: &mut Vec<Diagnostic>) {
    if !doc.runbooks.is_empty() {
        return;
    }
    let Some(layout) = ctx.settings.layout_for(std::path::Path::new(&doc.path)) else {
        return;
    };
    if layout.per_file {
        return;
    }
    out.push(
        Diagnostic::file(
            &RULE,
            &doc.path,
            format!(
                "`layout_files` gives this file the layout `{}`, but no heading of it starts a runbook",
                layout.name
            ),
        )
        .with_help(format!(
            "a runbook starts at `Runbook: ID - title`, `ID: title` (IDs match `{}`), or, with rule files in `alerts:`, an alert's name",
            layout.id_pattern_text
        )),
    );
}
