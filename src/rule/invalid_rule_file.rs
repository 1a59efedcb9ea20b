//! A001: a rule file that cannot be read as Prometheus alerting rules.

use super::{Category, Level, Rule};

pub const RULE: Rule = Rule {
    code: "A001",
    name: "invalid-rule-file",
    level: Level::Error,
    category: Category::Alerts,
    summary: "A rule file named by `alerts` cannot be read as alerting rules",
    doc: r#"## What it checks
Every file that `alerts:` in `runbooks.yaml` (or `--alerts`) names is YAML that
Prometheus could load as rules: plain rule files (`groups: [{name, rules}]`, also read by
the Thanos, Loki and Mimir rulers), Kubernetes `PrometheusRule` objects (`spec.groups`),
or multi-document YAML where documents of other kinds are skipped. Each rule is an
alerting rule (`alert:` with an `expr:`) or a recording rule (`record:`, skipped). An
`alerts:` glob that matches no file is reported too.

The finding points at the line and column of the YAML error, or at the rule or group
that is wrong. The other rule files are read as usual.

## Why it matters
A rule file that does not load is a set of alerts that never fire. `promtool check rules`
says the same thing; rbc says it in the same CI step as the runbooks, without the
rules being deployed.

It is an error: unlike a style finding, the file is broken for Prometheus too.

## Example
Bad:
```yaml
groups:
- name: storage
  rules:
  - alert: VolumeAlmostFull
    annotations:
      summary: A volume is almost full
```

Good:
```yaml
groups:
- name: storage
  rules:
  - alert: VolumeAlmostFull
    expr: kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.1
    annotations:
      summary: A volume is almost full
```
"#,
};
