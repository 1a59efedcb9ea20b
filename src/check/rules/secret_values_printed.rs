//! K009: `kubectl get secret … -o yaml|json` prints secret values.

use crate::check::support::kubectl_common::commands_to_run;
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "K009",
    name: "secret-values-printed",
    level: Level::Warning,
    category: Category::Kubectl,
    summary: "A command prints the values of a Secret",
    doc: r#"## What it checks
`kubectl get secret` with `-o yaml` or `-o json`, or a jsonpath or go-template that
reads `.data` / `.stringData`.

## Why it matters
Runbook commands are run in shared terminals, screen shares and recorded transcripts;
printing a Secret puts its (only base64-encoded) values into all of them.

## Example
Bad:
```bash
kubectl get secret erlmcp-secrets -n erlmcp-prod -o yaml
```

Good (keys and sizes only):
```bash
kubectl describe secret erlmcp-secrets -n erlmcp-prod
```
"#,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, _, c, k) in commands_to_run(ctx) {
        let secret = k
            .resources
            .iter()
            .any(|r| matches!(r.to_ascii_lowercase().as_str(), "secret" | "secrets"));
        let output = k
            .flags
            .iter()
            .find(|f| f.name == "output")
            .and_then(|f| f.value.as_deref());
        let prints = output.is_some_and(|o| {
            let head = o.split('=').next().unwrap_or(o);
            match head {
                "yaml" | "json" | "kyaml" => true,
                // A template prints values only when it reaches into `.data`.
                "jsonpath" | "jsonpath-as-json" | "go-template" | "template" => {
                    o.contains(".data") || o.contains(".stringData")
                }
                _ => false,
            }
        });
        if *k.path == ["get"] && secret && prints {
            out.push(
                Diagnostic::new(
                    &RULE,
                    c.span.clone(),
                    format!("`-o {}` prints the Secret's values", output.unwrap_or("")),
                )
                .with_help("use `kubectl describe secret NAME` to see keys and sizes only"),
            );
        }
    }
}
