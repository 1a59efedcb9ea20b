//! X001: a suppression comment that suppresses nothing.

use crate::rule::{Category, Rule};
use crate::rule::Level;

pub const RULE: Rule = Rule {
    code: "X001",
    name: "unused-suppression",
    level: Level::Warning,
    category: Category::Corpus,
    summary: "A suppression comment suppresses nothing",
    doc: r#"## What it checks
`<!-- rbc-disable CODE reason -->` placed before a block (a code block, a list, a
paragraph, a heading) drops the findings of rule CODE (or its name) in that block;
`<!-- rbc-disable-file CODE reason -->` drops them in the whole file. Several rules can be
named, separated by commas. A suppression that drops nothing — the finding was fixed, or
the comment is in the wrong place, or the rule does not exist — is reported.

## Why it matters
Stale suppressions hide the next real finding in the same place, and a misplaced one
gives false confidence that a known problem is acknowledged.

## Example
Bad (the block below has no K009 finding):
````markdown
<!-- rbc-disable K009 values needed for the migration -->
```bash
kubectl describe secret erlmcp-secrets -n erlmcp-prod
```
````

Good: delete the comment, or keep it only where it suppresses a finding:
````markdown
<!-- rbc-disable K009 the migration needs the raw value; run in a private terminal -->
```bash
kubectl get secret erlmcp-secrets -n erlmcp-prod -o yaml
```
````
"#,
};
