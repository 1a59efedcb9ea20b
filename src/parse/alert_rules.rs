//! Prometheus rule files: the alerting rules of plain rule files (`groups:`, as
//! Prometheus and the Thanos, Loki and Mimir rulers read them), of Kubernetes
//! `PrometheusRule` objects (`spec.groups`), and of multi-document YAML holding either
//! among other kinds, which are skipped. Recording rules are skipped.
//!
//! YAML is read with `yaml_serde`, which keeps no positions: each alert is then found
//! in the text by its `alert:` line, in order, so findings point at the line a person
//! would look at.

use crate::diagnostic::Diagnostic;
use crate::model::{Alert, AlertLink};
use crate::source::{SourceFile, Span};
use serde::Deserialize;
use std::collections::BTreeMap;
use yaml_serde::Value;

/// The rule of a rule file that cannot be read as rules.
use crate::rule::invalid_rule_file::RULE as INVALID;

/// Why a file the rule globs match holds no rules, when it is another kind of file
/// every one of its YAML documents: a promtool unit-test file (`rule_files:` and
/// `tests:`), or other Kubernetes objects (`kind: Kustomization`). `None` for a file
/// with rules, or one that is not YAML (A001 reports those).
pub fn not_rules(text: &str) -> Option<String> {
    let mut why: Option<String> = None;
    for doc in yaml_serde::Deserializer::from_str(text) {
        let value = Value::deserialize(doc).ok()?;
        if value.is_null() {
            continue;
        }
        let map = value.as_mapping()?;
        let kind = map.get("kind").and_then(Value::as_str);
        let this = if map.get("groups").is_none()
            && map.get("rule_files").is_some()
            && map.get("tests").is_some()
        {
            "a promtool unit-test file".to_string()
        } else {
            match kind {
                Some("PrometheusRule") | None => return None,
                Some(k) => format!("a Kubernetes `{k}`"),
            }
        };
        why.get_or_insert(this);
    }
    why
}

/// The alerting rules of one file, and what is wrong with it.
pub fn rule_file(src: &SourceFile) -> (Vec<Alert>, Vec<Diagnostic>) {
    let mut alerts = Vec::new();
    let mut diags = Vec::new();
    let lines = Lines::new(src);
    let mut cursor = Cursor::default();
    for doc in yaml_serde::Deserializer::from_str(&src.text) {
        let value = match Value::deserialize(doc) {
            Ok(v) => v,
            Err(e) => {
                let at = e
                    .location()
                    .map(|l| l.index().min(src.text.len()))
                    .unwrap_or(0);
                diags.push(
                    Diagnostic::new(
                        &INVALID,
                        src.span(at, at),
                        format!(
                            "`{}` is not valid YAML: {}",
                            src.shown,
                            strip_location(&e.to_string())
                        ),
                    )
                    .with_help("`promtool check rules FILE` reports the same"),
                );
                break;
            }
        };
        if value.is_null() {
            continue;
        }
        let Some(map) = value.as_mapping() else {
            diags.push(invalid(
                src,
                &lines,
                cursor.at,
                "a rule file is a mapping with `groups:`",
            ));
            continue;
        };
        // A promtool unit-test file (`rule_files:` and `tests:`), often beside the rules
        // and matched by the same `*.yaml`: not rules.
        if map.get("groups").is_none()
            && map.get("rule_files").is_some()
            && map.get("tests").is_some()
        {
            continue;
        }
        let kind = map.get("kind").and_then(Value::as_str);
        let groups = match kind {
            Some("PrometheusRule") => map.get("spec").and_then(|s| s.get("groups")),
            // Another Kubernetes object: not rules.
            Some(_) => continue,
            None => map.get("groups"),
        };
        let Some(groups) = groups else {
            diags.push(invalid(
                src,
                &lines,
                cursor.at,
                match kind {
                    Some(_) => "a `PrometheusRule` has its rule groups under `spec.groups`",
                    None => "no `groups:`: a rule file holds its rules in groups (`groups: [{name, rules}]`)",
                },
            ));
            continue;
        };
        let Some(groups) = groups.as_sequence() else {
            diags.push(invalid(src, &lines, cursor.at, "`groups` must be a list"));
            continue;
        };
        for group in groups {
            let name = group.get("name").and_then(scalar).unwrap_or_default();
            if let Some(line) = lines.find_key_value("name", &name, cursor.at) {
                cursor.at = line + 1;
            }
            if name.is_empty() {
                diags.push(invalid(
                    src,
                    &lines,
                    cursor.at,
                    "a rule group has no `name`",
                ));
            }
            let Some(rules) = group.get("rules") else {
                continue;
            };
            let Some(rules) = rules.as_sequence() else {
                diags.push(invalid(
                    src,
                    &lines,
                    cursor.at,
                    &format!("the `rules` of group `{name}` must be a list"),
                ));
                continue;
            };
            for rule in rules {
                if let Some(record) = rule.get("record").and_then(scalar) {
                    if let Some(line) = lines.find_key_value("record", &record, cursor.at) {
                        cursor.at = line + 1;
                    }
                    continue;
                }
                let Some(alert) = rule.get("alert").and_then(scalar) else {
                    diags.push(invalid(
                        src,
                        &lines,
                        cursor.at,
                        &format!("a rule of group `{name}` has neither `alert` nor `record`"),
                    ));
                    continue;
                };
                let line = lines.find_key_value("alert", &alert, cursor.at);
                let here = line.unwrap_or(cursor.at);
                if let Some(l) = line {
                    cursor.at = l + 1;
                }
                let span = lines.span_of_line(src, here);
                let expr = rule.get("expr").and_then(scalar).unwrap_or_default();
                if expr.trim().is_empty() {
                    diags.push(
                        Diagnostic::new(
                            &INVALID,
                            span.clone(),
                            format!("alert `{alert}` has no `expr`"),
                        )
                        .with_help("every alerting rule needs a PromQL expression"),
                    );
                }
                let labels = string_map(rule.get("labels"));
                let annotations = string_map(rule.get("annotations"));
                let next = lines.next_rule_line(here);
                let url_span = annotations
                    .contains_key("runbook_url")
                    .then(|| lines.find_key(src, "runbook_url", here, next))
                    .flatten();
                alerts.push(Alert {
                    name: alert,
                    group: name.clone(),
                    span,
                    expr: expr.trim_end().to_string(),
                    for_: rule.get("for").and_then(scalar),
                    labels,
                    annotations,
                    url_span,
                    link: AlertLink::Missing,
                });
            }
        }
    }
    (alerts, diags)
}

fn invalid(src: &SourceFile, lines: &Lines, line: usize, message: &str) -> Diagnostic {
    Diagnostic::new(&INVALID, lines.span_of_line(src, line), message.to_string())
        .with_help("see https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/#rule_group")
}

/// A scalar as text (`for: 5m`, `severity: critical`, `expr: 1`).
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn string_map(v: Option<&Value>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Some(m) = v.and_then(Value::as_mapping) {
        for (k, v) in m {
            if let (Some(k), Some(v)) = (scalar(k), scalar(v)) {
                out.insert(k, v);
            }
        }
    }
    out
}

/// The message without its ` at line L column C` (the span says where).
fn strip_location(msg: &str) -> String {
    let re = regex_lite::Regex::new(r" at line \d+ column \d+").expect("a valid pattern");
    re.replace_all(msg, "").into_owned()
}

/// Where the scan of the text has got to (a line index).
#[derive(Default)]
struct Cursor {
    at: usize,
}

/// The lines of a rule file, for finding keys by their text.
struct Lines<'a> {
    /// (byte offset, text without the line end) of each line.
    lines: Vec<(usize, &'a str)>,
}

impl<'a> Lines<'a> {
    fn new(src: &'a SourceFile) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for l in src.text.split_inclusive('\n') {
            lines.push((start, l.trim_end_matches(['\n', '\r'])));
            start += l.len();
        }
        Lines { lines }
    }

    /// The key and value of a `key: value` line (`- alert: X`, `  name: "g"`), and the
    /// byte column of the key.
    fn key_value(line: &str) -> Option<(&str, &str, usize)> {
        let trimmed = line.trim_start();
        let mut col = line.len() - trimmed.len();
        let t = match trimmed.strip_prefix("- ") {
            Some(rest) => {
                let r = rest.trim_start();
                col += trimmed.len() - r.len();
                r
            }
            None => trimmed,
        };
        let (key, value) = t.split_once(':')?;
        let key = key.trim().trim_matches(['"', '\'']);
        if key.is_empty() || key.contains(' ') {
            return None;
        }
        let value = value.trim();
        // A trailing comment, outside quotes.
        let value = if value.starts_with(['"', '\'']) {
            let q = value.as_bytes()[0] as char;
            match value[1..].find(q) {
                Some(end) => &value[1..end + 1],
                None => value,
            }
        } else {
            value.split(" #").next().unwrap_or("").trim()
        };
        Some((key, value, col))
    }

    /// The first line at or after `from` that sets `key` to `value`.
    fn find_key_value(&self, key: &str, value: &str, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&i| {
            Self::key_value(self.lines[i].1).is_some_and(|(k, v, _)| k == key && v == value)
        })
    }

    /// The next line after `from` that starts a rule (`alert:` or `record:`).
    fn next_rule_line(&self, from: usize) -> usize {
        (from + 1..self.lines.len())
            .find(|&i| {
                Self::key_value(self.lines[i].1)
                    .is_some_and(|(k, _, _)| k == "alert" || k == "record")
            })
            .unwrap_or(self.lines.len())
    }

    /// The span of `key:` on a line in `from..to`.
    fn find_key(&self, src: &SourceFile, key: &str, from: usize, to: usize) -> Option<Span> {
        (from..to).find_map(|i| {
            let (k, _, col) = Self::key_value(self.lines[i].1)?;
            (k == key).then(|| {
                let start = self.lines[i].0 + col;
                src.span(start, self.lines[i].0 + self.lines[i].1.len())
            })
        })
    }

    /// A line's text, from its key (after the indentation and a list's `- `).
    fn span_of_line(&self, src: &SourceFile, line: usize) -> Span {
        match self.lines.get(line) {
            Some((start, text)) => {
                let indent = text.len() - text.trim_start().len();
                let t = text.trim_start();
                let skip = match t.strip_prefix("- ") {
                    Some(rest) => t.len() - rest.trim_start().len(),
                    None => 0,
                };
                src.span(start + indent + skip, start + text.len())
            }
            None => src.span(0, 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Alert>, Vec<Diagnostic>) {
        rule_file(&SourceFile::new("rules.yaml", text.to_string()))
    }

    #[test]
    fn plain_rule_file_with_a_recording_rule() {
        let (alerts, diags) = read(
            "groups:\n- name: app\n  rules:\n  - record: job:up:sum\n    expr: sum(up)\n  - alert: AppDown\n    expr: up == 0\n    for: 5m\n    labels:\n      severity: critical\n    annotations:\n      summary: App is down\n      runbook_url: https://r.example/appdown\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(alerts.len(), 1);
        let a = &alerts[0];
        assert_eq!((a.name.as_str(), a.group.as_str()), ("AppDown", "app"));
        assert_eq!(a.span.line, 6);
        assert_eq!(a.span.col, 5);
        assert_eq!(a.for_.as_deref(), Some("5m"));
        assert_eq!(a.severity(), Some("critical"));
        assert_eq!(a.url_span.as_ref().map(|s| s.line), Some(13));
    }

    #[test]
    fn prometheus_rule_among_other_kinds() {
        let (alerts, diags) = read(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  alert: Nope\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n  - name: g\n    rules:\n    - alert: \"Quoted\"\n      expr: vector(1)\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].name, "Quoted");
        assert_eq!(alerts[0].span.line, 15);
    }

    #[test]
    fn a_promtool_test_file_is_not_rules_and_a_file_without_groups_is() {
        let (alerts, diags) = read(
            "rule_files:\n  - rules.yaml\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series: []\n",
        );
        assert!(alerts.is_empty() && diags.is_empty(), "{diags:?}");
        let (_, diags) = read("rule_files:\n  - rules.yaml\n");
        assert_eq!(diags.len(), 1, "no `tests:`: not promtool's test format");
    }

    #[test]
    fn same_name_twice_points_at_each() {
        let (alerts, _) = read(
            "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: x > 1\n  - alert: A\n    expr: x > 2\n",
        );
        let lines: Vec<u32> = alerts.iter().map(|a| a.span.line).collect();
        assert_eq!(lines, [4, 6]);
    }

    #[test]
    fn broken_files_are_located() {
        let (_, d) = read("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: [\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, INVALID.code);
        assert!(d[0].span.line >= 5, "{:?}", d[0].span);
        let (_, d) = read("group:\n- name: g\n");
        assert!(d[0].message.contains("no `groups:`"), "{}", d[0].message);
        let (_, d) = read("groups:\n- name: g\n  rules:\n  - alert: A\n");
        assert!(d[0].message.contains("no `expr`"), "{}", d[0].message);
        assert_eq!(d[0].span.line, 4);
        let (a, d) = read("groups:\n- name: g\n  rules:\n  - expr: up\n");
        assert!(a.is_empty());
        assert!(d[0].message.contains("neither"), "{}", d[0].message);
    }
}
