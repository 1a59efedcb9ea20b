//! B003: a block labelled as shell that holds YAML, JSON or PromQL.

use crate::check::support::kubectl_common::code_blocks;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::{Diagnostic, Edit, Fix};

pub const RULE: Rule = Rule {
    code: "B003",
    name: "not-shell",
    level: Level::Warning,
    category: Category::Shell,
    summary: "A block labelled `bash`/`sh` holds YAML, JSON or PromQL",
    doc: r#"## What it checks
A `bash`, `sh` or `shell` block whose text is clearly something else: a YAML
document, JSON, or a PromQL query. rbc reports it once, for the
block, with the label it should have, instead of one bash syntax error per line; the
fix (`rbc check --fix`) changes the label.

## Why it matters
The engineer who copies the block into a terminal gets a syntax error, the generated
script would try to run it, and the site highlights it as shell. Labelled for what it is,
it is shown as data and left out of the scripts.

## Example
Bad:
````markdown
```bash
sum(rate(http_requests_total{job="api", code=~"5.."}[5m])) by (pod)
```
````

Good:
````markdown
```promql
sum(rate(http_requests_total{job="api", code=~"5.."}[5m])) by (pod)
```
````
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for cb in code_blocks(ctx) {
        let Some(lang) = cb.not_shell.as_deref() else {
            continue;
        };
        let Some(src) = ctx.sources.get(&cb.span.file) else {
            continue;
        };
        let label = cb.lang.as_deref().unwrap_or("");
        let what = match lang {
            "yaml" => "YAML",
            "json" => "JSON",
            _ => "a PromQL query",
        };
        let mut d = Diagnostic::new(
            &RULE,
            src.span(cb.span.start, cb.span.start),
            format!("this `{label}` block holds {what}, not shell commands"),
        )
        .with_help(format!("label it ```{lang}"));
        // The label in the opening fence.
        let fence = src.text.get(cb.span.start..cb.span.end).unwrap_or("");
        let first = fence.lines().next().unwrap_or("");
        if let Some(i) = first.find(label).filter(|_| !label.is_empty()) {
            let start = cb.span.start + i;
            d = d.with_fix(Fix {
                description: format!("label the block `{lang}`"),
                edits: vec![Edit {
                    start,
                    end: start + label.len(),
                    replacement: lang.to_string(),
                }],
            });
        }
        out.push(d);
    }
}
