//! Blocks labelled as shell that hold something else: YAML, JSON, PromQL.

/// What a block labelled as shell really holds, when it is clearly not shell: `yaml`,
/// `json` or `promql`.
pub fn not_shell(code: &str) -> Option<&'static str> {
    let text = code.trim();
    if text.is_empty() || runs_a_known_program(text) {
        return None;
    }
    if text.starts_with(['{', '[']) && serde_json::from_str::<serde_json::Value>(text).is_ok() {
        return Some("json");
    }
    if is_yaml(text) {
        return Some("yaml");
    }
    if is_promql(text) {
        return Some("promql");
    }
    None
}

/// Whether a line of the block starts (after a prompt, assignments and `sudo`) with a
/// program rbc knows (kubectl, oc, helm, the programs of the classification tables):
/// then the block is shell, whatever else it holds.
fn runs_a_known_program(text: &str) -> bool {
    text.lines().any(|line| {
        let mut t = line.trim_start();
        if let Some(n) = super::shell::prompt_len(t) {
            t = &t[n.min(t.len())..];
        }
        let mut words = t.split_whitespace().skip_while(|w| {
            crate::words::is_assignment(w) || matches!(*w, "sudo" | "time" | "watch")
        });
        let Some(first) = words.next() else {
            return false;
        };
        let name = first.rsplit('/').next().unwrap_or(first);
        // A word alone (`rate`, `count`) is too little to call a line a command.
        words.next().is_some() && crate::programs::known(name)
    })
}

/// Every line a `key: value`, `- item` or an indented continuation, at least two keys,
/// and the whole a YAML mapping or sequence.
fn is_yaml(text: &str) -> bool {
    let mut keys = 0;
    for line in text.lines() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') || t == "---" {
            continue;
        }
        let t = t.strip_prefix("- ").unwrap_or(t);
        let key = t.split_once(':').is_some_and(|(k, v)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '"'))
                && (v.is_empty() || v.starts_with(' '))
        });
        if key {
            keys += 1;
        } else if !(line.starts_with([' ', '-']) || line.starts_with('\t')) {
            return false;
        }
    }
    keys >= 2
        && matches!(
            yaml_serde::from_str::<serde_json::Value>(text),
            Ok(serde_json::Value::Object(_) | serde_json::Value::Array(_))
        )
}

/// A query: a metric selector or PromQL functions and operators, and no shell program.
fn is_promql(text: &str) -> bool {
    const FUNCTIONS: &[&str] = &[
        "rate(",
        "irate(",
        "increase(",
        "sum(",
        "avg(",
        "max(",
        "min(",
        "count(",
        "histogram_quantile(",
        "topk(",
        "absent(",
        "avg_over_time(",
        "max_over_time(",
        "sum by",
        "sum without",
        ") by (",
        ") without (",
    ];
    let selector = text.contains('{') && (text.contains("=~") || text.contains("=\""));
    let range = text.contains("[5m]") || text.contains("[1m]") || {
        let b = text.as_bytes();
        text.match_indices('[').any(|(i, _)| {
            let d = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            d > 0 && matches!(b.get(i + 1 + d), Some(b's' | b'm' | b'h' | b'd'))
        })
    };
    let func = FUNCTIONS.iter().any(|f| text.contains(f));
    // Vector matching and comparisons of a selector: `} > 0.9`, `/ ignoring(type)`.
    const OPS: &[&str] = &[
        "ignoring(",
        "ignoring (",
        " on(",
        " on (",
        "group_left",
        "group_right",
        " offset ",
        "} >",
        "} <",
        "} ==",
        "} !=",
        "} /",
        "} *",
        "} +",
        "} -",
    ];
    let ops = OPS.iter().any(|o| text.contains(o));
    (selector && (func || range || ops)) || (func && range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_what_is_not_shell() {
        assert!(is_yaml("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n"));
        assert!(!is_yaml("kubectl get pods\nname: x\n"));
        assert!(is_promql(
            "sum(rate(http_requests_total{code=~\"5..\"}[5m])) by (pod)"
        ));
        assert!(is_promql(
            "kube_pod_container_status_restarts_total{namespace=\"x\"}[10m]"
        ));
        assert!(!is_promql("kubectl get pods -l 'app in (a,b)'"));
        assert!(!is_promql("for i in {1..3}; do echo $i; done"));
        assert!(is_promql("kube_resourcequota{type=\"used\"}\n  / ignoring(type) kube_resourcequota{type=\"hard\"} > 0.9"));
        assert!(!is_promql(
            "curl -s \"http://x/api?q={a=\\\"b\\\"}\" | jq ."
        ));
        assert_eq!(not_shell("{\"a\": 1}"), Some("json"));
        assert_eq!(not_shell("kubectl get pods\n"), None);
        // A block with a command of a known program is shell, whatever else it holds.
        assert_eq!(
            not_shell("kubectl get pods -n ${NS} -o wide\nkubectl get pods -l app=\"web\" -n ${NS} --selectr tier=db\n"),
            None
        );
        assert_eq!(
            not_shell("psql -c \"SELECT count(*) FROM t\"\nsum(rate(x{a=\"b\"}[5m]))\n"),
            None
        );
    }
}
