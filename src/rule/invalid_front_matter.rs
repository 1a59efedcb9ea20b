//! F005: YAML front matter that does not parse.

use super::{Category, Level, Rule};

pub const RULE: Rule = Rule {
    code: "F005",
    name: "invalid-front-matter",
    level: Level::Error,
    category: Category::Files,
    summary: "YAML front matter is not a valid mapping",
    doc: r#"## What it checks
A `---` block at the top of a file must be valid YAML whose top level is a mapping.

## Why it matters
Front matter carries metadata (owner, severity, tags) that the site and the JSON expose;
when it does not parse, that metadata is lost.

## Example
Bad:
```markdown
---
owner: [platform
---
```

Good:
```markdown
---
owner: platform
tags: [database, failover]
---
```
"#,
};
