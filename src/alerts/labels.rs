//! What an alert's labels fill: the placeholders of its runbook each label reaches (by
//! name, by an `alert_labels` mapping, through the `runbook_url`'s query), and the
//! templated URL that passes them.

use crate::model::{Alert, Corpus};

/// A label or placeholder name as the scripts' options and the pages compare them:
/// `pod_name`, `Pod-Name` and `pod-name` alike.
pub fn normalise(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The query parameters of a `runbook_url` that pass a label (`pod={{ $labels.pod }}`,
/// `ns={{ .Labels.namespace }}`): (parameter, label).
pub fn query_labels(url: &str) -> Vec<(String, String)> {
    let Some((_, rest)) = url.split_once('?') else {
        return Vec::new();
    };
    let query = rest.split('#').next().unwrap_or("");
    query
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            let inner = v.trim().strip_prefix("{{")?.split("}}").next()?;
            let head = inner.trim_matches(['-', ' ']).split('|').next()?.trim();
            let label = head
                .strip_prefix("$labels.")
                .or_else(|| head.strip_prefix(".Labels."))?;
            Some((crate::links::percent_decode(k), label.to_string()))
        })
        .collect()
}

/// The labels an alert will likely carry when it fires: its rule's own, those its
/// expression aggregates `by (…)`, and those its annotations and URL name
/// (`$labels.pod`).
pub fn likely_labels(alert: &Alert) -> std::collections::BTreeSet<String> {
    let mut out: std::collections::BTreeSet<String> = alert.labels.keys().cloned().collect();
    let e = &alert.expr;
    let mut at = 0;
    while let Some(i) = e[at..].find("by") {
        let start = at + i;
        at = start + 2;
        let before_ok = start == 0 || !e.as_bytes()[start - 1].is_ascii_alphanumeric();
        let rest = e[at..].trim_start();
        if !before_ok || !rest.starts_with('(') {
            continue;
        }
        if let Some(close) = rest.find(')') {
            out.extend(
                rest[1..close]
                    .split(',')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
            );
        }
    }
    for text in alert.annotations.values() {
        for marker in ["$labels.", ".Labels."] {
            for (i, _) in text.match_indices(marker) {
                let name: String = text[i + marker.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

/// A placeholder an alert fills: from which label, and how rbc knows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Fill {
    pub placeholder: String,
    pub label: String,
    /// `mapping` (`alert_labels`), `url` (the runbook_url's query) or `name` (a label
    /// of the placeholder's name the alert likely carries).
    pub by: String,
}

/// Which of `placeholders` an alert fills, and from which label: an `alert_labels`
/// mapping first, then the runbook_url's query, then a likely label of the same name.
pub fn fills(
    alert: &Alert,
    placeholders: &[String],
    mapping: &std::collections::BTreeMap<String, String>,
) -> Vec<Fill> {
    let query = alert.runbook_url().map(query_labels).unwrap_or_default();
    let likely = likely_labels(alert);
    let mut out = Vec::new();
    for p in placeholders {
        let n = normalise(p);
        let found = mapping
            .iter()
            .find(|(k, _)| normalise(k) == n)
            .map(|(_, l)| (l.clone(), "mapping"))
            .or_else(|| {
                query
                    .iter()
                    .find(|(k, _)| normalise(k) == n)
                    .map(|(_, l)| (l.clone(), "url"))
            })
            .or_else(|| {
                likely
                    .iter()
                    .find(|l| normalise(l) == n)
                    .map(|l| (l.clone(), "name"))
            });
        if let Some((label, by)) = found {
            out.push(Fill {
                placeholder: p.clone(),
                label,
                by: by.into(),
            });
        }
    }
    out
}

/// The placeholders of an alert's runbook that its labels fill, and the others.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct AlertFills {
    pub alert: String,
    pub runbook: String,
    pub fills: Vec<Fill>,
    /// Placeholders no label of the alert fills (the on-call types them).
    pub unfilled: Vec<String>,
    /// The alert's `runbook_url` with a query that passes each label that fills a
    /// placeholder (`?pod={{ $labels.pod }}`), for rule authors to paste.
    pub runbook_url: Option<String>,
}

/// [`AlertFills`] of every alert that leads to a runbook with placeholders; `mapping`
/// is runbooks.yaml's `alert_labels` (a runbook's own front matter adds to it).
pub fn alert_fills(
    corpus: &Corpus,
    mapping: &std::collections::BTreeMap<String, String>,
) -> Vec<AlertFills> {
    let mut out = Vec::new();
    for a in &corpus.alerts {
        let Some((_, rb)) = a.runbook().and_then(|id| corpus.find(id)) else {
            continue;
        };
        if rb.placeholders.is_empty() {
            continue;
        }
        let mut m = mapping.clone();
        if let Some(v) = rb.metadata.get("alert_labels") {
            for (k, l) in v.split(',').filter_map(|p| p.split_once('=')) {
                m.insert(k.trim().to_string(), l.trim().to_string());
            }
        }
        let fills = fills(a, &rb.placeholders, &m);
        let unfilled = rb
            .placeholders
            .iter()
            .filter(|p| !fills.iter().any(|f| &f.placeholder == *p))
            .cloned()
            .collect();
        let runbook_url = a.runbook_url().map(|u| templated_url(u, &fills));
        out.push(AlertFills {
            alert: a.name.clone(),
            runbook: rb.id.clone(),
            fills,
            unfilled,
            runbook_url,
        });
    }
    out
}

/// `url` with a query parameter per fill the query does not pass yet:
/// `PLACEHOLDER={{ $labels.LABEL }}`.
fn templated_url(url: &str, fills: &[Fill]) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let present = query_labels(url);
    let mut out = base.to_string();
    for f in fills {
        let n = normalise(&f.placeholder);
        if present.iter().any(|(k, _)| normalise(k) == n) {
            continue;
        }
        out.push(if out.contains('?') { '&' } else { '?' });
        out.push_str(&format!("{}={{{{ $labels.{} }}}}", f.placeholder, f.label));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}
