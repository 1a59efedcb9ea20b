//! K014: a malformed jsonpath template (`-o jsonpath='{…}'`, `wait --for=jsonpath=…`).

use super::kubectl_common::{has_placeholder, kubectl_commands, word_span};
use crate::check::registry::Rule;
use crate::check::Context;
use crate::config::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "K014",
    name: "invalid-jsonpath",
    level: Level::Error,
    summary: "A jsonpath template is malformed",
    doc: r#"## What it checks
Templates of `-o jsonpath=…`, `-o jsonpath-as-json=…` and `kubectl wait
--for=jsonpath=…`: every `{` action is closed, brackets, parentheses and quotes inside
it are balanced, an action is not empty and starts like a jsonpath expression (`.`,
`[`, `@`, `$`, a quoted literal, `range`, `end`), and every `range` has its `end`.

## Why it matters
kubectl answers a malformed template with `unclosed action` or `unrecognized character`
and prints nothing — exactly when the value was needed.

## Example
Bad:
```bash
kubectl get pod -n erlmcp-prod <pod-name> -o jsonpath='{.spec.containers[*].resources'
```

Good:
```bash
kubectl get pod -n erlmcp-prod <pod-name> -o jsonpath='{.spec.containers[*].resources}'
```
"#,
};

/// What is wrong with a template, if anything.
pub fn problem(t: &str) -> Option<String> {
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    let mut ranges = 0i32;
    while i < chars.len() {
        if chars[i] != '{' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut j = start;
        let mut quote: Option<char> = None;
        let mut depth: Vec<char> = Vec::new();
        let mut closed = false;
        while j < chars.len() {
            let c = chars[j];
            match quote {
                Some(q) => {
                    if c == '\\' {
                        j += 1;
                    } else if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    '"' | '\'' => quote = Some(c),
                    '[' | '(' => depth.push(c),
                    ']' | ')' => {
                        let want = if c == ']' { '[' } else { '(' };
                        if depth.pop() != Some(want) {
                            return Some(format!(
                                "unbalanced `{c}` in `{{{}`",
                                chars[start..=j].iter().collect::<String>()
                            ));
                        }
                    }
                    '}' if depth.is_empty() => {
                        closed = true;
                        break;
                    }
                    _ => {}
                },
            }
            j += 1;
        }
        let action: String = chars[start..j.min(chars.len())].iter().collect();
        if !closed {
            return Some(format!("unclosed action `{{{action}`: a `}}` is missing"));
        }
        let a = action.trim();
        if a.is_empty() {
            return Some("empty action `{}`".into());
        }
        if a == "end" {
            ranges -= 1;
            if ranges < 0 {
                return Some("`{end}` without `{range …}`".into());
            }
        } else if let Some(rest) = a.strip_prefix("range") {
            ranges += 1;
            if rest.trim().is_empty() {
                return Some("`{range}` needs an expression".into());
            }
        } else if !a.starts_with(['.', '[', '@', '$', '"', '\''])
            && !a.chars().all(|c| c.is_ascii_digit())
        {
            return Some(format!(
                "unrecognised jsonpath `{a}`: expressions start with `.`, `[` or `@`"
            ));
        }
        i = j + 1;
    }
    if ranges > 0 {
        return Some("`{range …}` without `{end}`".into());
    }
    if !t.contains('{') {
        // kubectl accepts a bare path and wraps it in braces.
        let a = t.trim();
        if !a.is_empty() && !a.starts_with(['.', '[', '@', '$']) {
            return Some(format!("unrecognised jsonpath `{a}`"));
        }
    }
    None
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, _, c, k) in kubectl_commands(ctx) {
        let inv = k.invocation();
        for f in &inv.flags {
            let Some(v) = &f.value else { continue };
            let template = match f.name.as_str() {
                "output" => v
                    .strip_prefix("jsonpath=")
                    .or_else(|| v.strip_prefix("jsonpath-as-json="))
                    .map(str::to_string),
                "for" if k.path == ["wait"] => v.strip_prefix("jsonpath=").map(|t| {
                    // `jsonpath='{.status.phase}'=Running`: the value follows the template.
                    match t.rfind("}=") {
                        Some(e) => t[..=e].to_string(),
                        None => t.to_string(),
                    }
                }),
                _ => None,
            };
            let Some(t) = template else { continue };
            if has_placeholder(&t) {
                continue;
            }
            if let Some(why) = problem(&t) {
                out.push(Diagnostic::new(
                    RULE.code,
                    word_span(ctx, c, k, f.value_word.unwrap_or(f.word)),
                    format!("jsonpath template: {why}"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert_eq!(problem("{.spec.containers[*].resources}"), None);
        assert_eq!(
            problem(r#"{range .items[*]}{.metadata.name}{"\n"}{end}"#),
            None
        );
        assert_eq!(
            problem(r#"{.items[?(@.status.phase=="Running")].metadata.name}"#),
            None
        );
        assert_eq!(problem("{.data.password}"), None);
        assert!(problem("{.spec.containers[*].resources").is_some());
        assert!(problem("{.items[*}").is_some());
        assert!(problem("{range .items[*]}{.metadata.name}").is_some());
        assert!(problem("{}").is_some());
        assert!(problem("{spec.replicas}").is_some());
    }
}
