//! K012: a `--type=json` patch that is not a valid RFC 6902 JSON patch.

use crate::check::support::kubectl_common::{patches, word_span};
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "K012",
    name: "invalid-json-patch",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "A JSON patch is not valid JSON or not valid RFC 6902",
    doc: r#"## What it checks
`kubectl patch --type=json -p '…'` takes a JSON array of operations (RFC 6902): each an
object with `op` (add, remove, replace, move, copy, test), a `path` that starts with
`/`, a `value` for add, replace and test, and a `from` for move and copy.
`<placeholders>` inside the patch are read as values.

## Why it matters
The API server rejects a malformed patch, and a patch with a wrong `op` or `path`
applies nothing: the resolution step silently does not happen.

## Example
Bad:
```bash
kubectl patch statefulset erlmcp -n erlmcp-prod --type=json \
  -p='[{"op": "set", "path": "spec/replicas", "value": 5}]'
```

Good:
```bash
kubectl patch statefulset erlmcp -n erlmcp-prod --type=json \
  -p='[{"op": "replace", "path": "/spec/replicas", "value": 5}]'
```
"#,
};

/// Placeholders become JSON-neutral text: `x` inside a string, `0` outside.
pub fn neutralise(v: &str) -> String {
    let mut s = v.to_string();
    for (start, end, _) in crate::words::placeholder_ranges(v).into_iter().rev() {
        let quotes =
            v[..start].chars().filter(|c| *c == '"').count() - v[..start].matches("\\\"").count();
        s.replace_range(start..end, if quotes % 2 == 1 { "x" } else { "0" });
    }
    s
}

/// What is wrong with a JSON patch, if anything.
pub fn problem(patch: &str) -> Option<String> {
    let v: serde_json::Value = match serde_json::from_str(&neutralise(patch)) {
        Ok(v) => v,
        Err(e) => return Some(format!("the patch is not valid JSON: {e}")),
    };
    let Some(ops) = v.as_array() else {
        return Some("a JSON patch is an array of operations (`[{\"op\": …}]`)".into());
    };
    for (i, op) in ops.iter().enumerate() {
        let n = i + 1;
        let Some(obj) = op.as_object() else {
            return Some(format!("operation {n} is not an object"));
        };
        let name = obj.get("op").and_then(|o| o.as_str()).unwrap_or("");
        if !["add", "remove", "replace", "move", "copy", "test"].contains(&name) {
            return Some(format!("operation {n} has `op` `{name}`; RFC 6902 knows add, remove, replace, move, copy, test"));
        }
        match obj.get("path").and_then(|p| p.as_str()) {
            Some(p) if p.is_empty() || p.starts_with('/') => {}
            Some(p) => return Some(format!("operation {n}: path `{p}` must start with `/`")),
            None => return Some(format!("operation {n} has no `path`")),
        }
        if matches!(name, "add" | "replace" | "test") && !obj.contains_key("value") {
            return Some(format!("operation {n} (`{name}`) has no `value`"));
        }
        if matches!(name, "move" | "copy") && !obj.get("from").is_some_and(|f| f.is_string()) {
            return Some(format!("operation {n} (`{name}`) has no `from`"));
        }
    }
    None
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for p in patches(ctx)
        .iter()
        .filter(|p| p.kind.as_deref() == Some("json"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6902() {
        assert_eq!(
            problem(r#"[{"op": "add", "path": "/data/X", "value": "<v>"}]"#),
            None
        );
        assert_eq!(
            problem(r#"[{"op": "replace", "path": "/spec/replicas", "value": <n>}]"#),
            None
        );
        assert!(problem(r#"[{"op": "set", "path": "/a", "value": 1}]"#).is_some());
        assert!(problem(r#"[{"op": "add", "path": "a", "value": 1}]"#).is_some());
        assert!(problem(r#"[{"op": "add", "path": "/a"}]"#).is_some());
        assert!(problem(r#"{"op": "add"}"#).is_some());
        assert!(problem(r#"[{"op": "add", "path": "/a", "value": 1}"#).is_some());
    }
}
