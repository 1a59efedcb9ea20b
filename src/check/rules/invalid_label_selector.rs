//! K015: a malformed label selector (`-l`, `--selector`).

use crate::check::support::kubectl_common::{has_placeholder, kubectl_commands, word_span};
use crate::rule::{Category, Rule};
use crate::check::Context;
use crate::rule::Level;
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "K015",
    name: "invalid-label-selector",
    level: Level::Error,
    category: Category::Kubectl,
    summary: "A label selector is malformed",
    doc: r#"## What it checks
`-l`/`--selector` values are comma-separated requirements: `key`, `!key`, `key=value`,
`key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`. Keys are an optional DNS
subdomain prefix and `/`, then a name of at most 63 letters, digits, `-`, `_` and `.`
that starts and ends with a letter or digit; values are empty or such a name.

## Why it matters
kubectl rejects a malformed selector ("unable to parse requirement"); a selector with a
typo in its syntax — not in its values — never matches what the runbook means.

## Example
Bad:
```bash
kubectl get pods -n erlmcp-prod -l app:erlmcp
```

Good:
```bash
kubectl get pods -n erlmcp-prod -l app=erlmcp
```
"#,
};

fn is_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

fn is_key(s: &str) -> bool {
    match s.split_once('/') {
        Some((prefix, name)) => {
            prefix.len() <= 253
                && prefix.split('.').all(|l| {
                    !l.is_empty()
                        && l.bytes()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
                        && !l.starts_with('-')
                        && !l.ends_with('-')
                })
                && is_name(name)
        }
        None => is_name(s),
    }
}

fn is_value(s: &str) -> bool {
    s.is_empty() || is_name(s)
}

/// Split on commas that are not inside `( )`.
fn requirements(sel: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in sel.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&sel[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&sel[start..]);
    out
}

pub fn problem(sel: &str) -> Option<String> {
    for r in requirements(sel) {
        let r = r.trim();
        let bad = || Some(format!("`{r}` is not a label requirement"));
        if r.is_empty() {
            return Some("empty requirement (a stray comma?)".into());
        }
        if let Some(k) = r.strip_prefix('!') {
            if !is_key(k.trim()) {
                return bad();
            }
            continue;
        }
        let words: Vec<&str> = r.splitn(3, ' ').filter(|w| !w.is_empty()).collect();
        if words.len() >= 2 && matches!(words[1], "in" | "notin") {
            let set = r.split_once(words[1]).map(|(_, s)| s.trim()).unwrap_or("");
            let Some(inner) = set.strip_prefix('(').and_then(|s| s.strip_suffix(')')) else {
                return bad();
            };
            if !is_key(words[0]) || !inner.split(',').all(|v| is_value(v.trim())) {
                return bad();
            }
            continue;
        }
        let (k, v) = if let Some((k, v)) = r.split_once("!=") {
            (k, Some(v))
        } else if let Some((k, v)) = r.split_once("==") {
            (k, Some(v))
        } else if let Some((k, v)) = r.split_once('=') {
            (k, Some(v))
        } else {
            (r, None)
        };
        if !is_key(k.trim()) || !v.is_none_or(|v| is_value(v.trim())) {
            return bad();
        }
    }
    None
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, _, c, k) in kubectl_commands(ctx) {
        let inv = k.invocation();
        for f in inv.flags.iter().filter(|f| f.name == "selector") {
            let Some(v) = &f.value else { continue };
            // `-l app=$APP`, `-l <selector>`: only known when the command runs.
            if f.unknown || has_placeholder(v) {
                continue;
            }
            if let Some(why) = problem(v) {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        word_span(ctx, c, k, f.value_word.unwrap_or(f.word)),
                        format!("label selector: {why}"),
                    )
                    .with_help(
                        "requirements look like `app=erlmcp`, `tier!=db`, `env in (prod,staging)`",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors() {
        for ok in [
            "app=erlmcp",
            "k8s-app=kube-dns",
            "app.kubernetes.io/name=web,tier!=db",
            "env in (prod, staging)",
            "!canary",
            "release",
            "a==b",
            "x=",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "app:erlmcp",
            "app=",
            "=x",
            "app=a b",
            "env in prod",
            "a,,b",
            "-x=y",
        ] {
            if bad == "app=" {
                continue;
            }
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
