//! K013: a merge or strategic patch that is not a JSON or YAML object.

use super::invalid_json_patch::neutralise;
use crate::check::support::kubectl_common::{patches, word_span};
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "K013",
    name: "invalid-merge-patch",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "A merge or strategic patch is not a JSON or YAML object",
    doc: r#"## What it checks
`kubectl patch` with `--type=merge`, `--type=strategic` or no `--type` (strategic is the
default) takes an object, in JSON or YAML: `-p '{"spec": {"replicas": 3}}'`.

## Why it matters
A malformed patch is rejected when it is needed; an array where an object belongs
(a JSON patch without `--type=json`) is rejected too.

## Example
Bad:
```bash
kubectl patch deployment web -n erlmcp-prod -p '{"spec": {"replicas": 3}'
```

Good:
```bash
kubectl patch deployment web -n erlmcp-prod -p '{"spec": {"replicas": 3}}'
```
"#,
};

pub fn problem(patch: &str) -> Option<String> {
    let text = neutralise(patch);
    match yaml_serde::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(_)) => None,
        Ok(serde_json::Value::Array(_)) => {
            Some("this patch is an array: a JSON patch needs `--type=json`".into())
        }
        Ok(_) => Some("a merge patch is an object (`{\"spec\": …}`)".into()),
        Err(e) => Some(format!(
            "the patch is neither JSON nor YAML: {}",
            e.to_string().lines().next().unwrap_or("")
        )),
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for p in patches(ctx)
        .iter()
        .filter(|p| matches!(p.kind.as_deref(), None | Some("merge" | "strategic")))
    {
        if let Some(why) = problem(&p.value) {
            out.push(Diagnostic::new(
                &RULE,
                word_span(ctx, p.command, p.kubectl, p.word),
                why,
            ));
        }
    }
}
