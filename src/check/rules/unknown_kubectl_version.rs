//! K019: a file or runbook names a kubectl version rbc does not know.

use crate::check::support::kubectl_fleet::metadata_names;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "K019",
    name: "unknown-kubectl-version",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "A file or runbook names a kubectl version rbc does not know",
    doc: r#"## What it checks
The `kubectl_versions` a file's front matter or a runbook's `**Kubectl versions**:` label
names (the versions its commands must be valid on, instead of those of
`runbooks.yaml`) are minor versions rbc has the command tree of: v1.29 to v1.37.

## Why it matters
rbc cannot check a command against a kubectl it does not know; it then checks the file
against the configured versions instead, which is not what the file asked for.

## Example
Bad:
```markdown
---
kubectl_versions: ["1.20"]
---
```

Good:
```markdown
---
kubectl_versions: ["1.29"]
---
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for doc in &ctx.corpus.documents {
        let Some(src) = ctx.sources.get(&doc.span.file) else {
            continue;
        };
        let mut named: Vec<(usize, usize, Vec<String>)> = Vec::new();
        if let Some(v) = doc.metadata.get("kubectl_versions") {
            named.push((doc.span.start, doc.span.end, metadata_names(v)));
        }
        for rb in &doc.runbooks {
            if let Some(s) = rb.metadata.get("kubectl_versions") {
                let names = metadata_names(&serde_json::Value::String(s.clone()));
                // A file's front matter is copied to its runbook: reported once.
                if doc.metadata.get("kubectl_versions").map(metadata_names) != Some(names.clone()) {
                    // (The label is under the heading: looked for up to the file's end.)
                    named.push((rb.span.start, doc.span.end.max(rb.span.end), names));
                }
            }
        }
        for (start, end, names) in named {
            if let Err(why) = crate::kubectl::tree::named(&names) {
                // The key or label, else the whole file or runbook.
                let text = src.text.get(start..end).unwrap_or("").to_ascii_lowercase();
                let at = ["kubectl_versions", "kubectl versions"]
                    .iter()
                    .find_map(|k| text.find(k));
                let span = match at {
                    Some(i) => src.span(start + i, start + i + "kubectl_versions".len()),
                    None => src.span(start, end),
                };
                out.push(Diagnostic::new(&RULE, span, why));
            }
        }
    }
}
