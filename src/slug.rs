//! Slugs for file names and anchors.

use std::collections::HashMap;

/// A file-name-safe slug: lower-case ASCII letters, digits and single `-`.
/// Never empty (falls back to `x`).
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 80 {
            break;
        }
    }
    let t = out.trim_end_matches('-');
    if t.is_empty() {
        "x".to_string()
    } else {
        t.to_string()
    }
}

/// GitHub's heading anchor for a heading's text (without the `-N` suffix for repeats):
/// lower-case, drop everything but letters, digits, spaces, `-` and `_`, spaces to `-`.
pub fn github_anchor(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| {
            if c == ' ' {
                Some('-')
            } else if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c)
            } else {
                None
            }
        })
        .collect()
}

/// Hands out unique anchors in document order, as GitHub does (`x`, `x-1`, `x-2`).
#[derive(Default)]
pub struct Anchors {
    seen: HashMap<String, usize>,
    pub all: Vec<String>,
}

impl Anchors {
    /// A heading's own id (`{#custom-id}`), taken as it is.
    pub fn custom(&mut self, id: &str) -> String {
        self.seen.entry(id.to_string()).or_insert(0);
        self.all.push(id.to_string());
        id.to_string()
    }

    pub fn next(&mut self, text: &str) -> String {
        let base = github_anchor(text);
        let a = match self.seen.get(&base).copied() {
            None => {
                self.seen.insert(base.clone(), 0);
                base
            }
            Some(n) => {
                let mut k = n + 1;
                let mut cand = format!("{base}-{k}");
                while self.seen.contains_key(&cand) {
                    k += 1;
                    cand = format!("{base}-{k}");
                }
                self.seen.insert(base, k);
                self.seen.insert(cand.clone(), 0);
                cand
            }
        };
        self.all.push(a.clone());
        a
    }
}

/// A heading's trailing attribute block (`Install {#install .wide}`, as Hugo, mkdocs'
/// attr_list and Docusaurus read it): the heading's text without it, and its id.
pub fn heading_attribute_id(text: &str) -> Option<(String, String)> {
    let t = text.trim_end();
    let open = t.strip_suffix('}')?.rfind('{')?;
    let attrs = &t[open + 1..t.len() - 1];
    let id = attrs
        .split_whitespace()
        .find_map(|a| a.strip_prefix('#'))
        .filter(|id| !id.is_empty())?;
    Some((t[..open].trim_end().to_string(), id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_rules() {
        assert_eq!(
            github_anchor("Runbook: RB-007 - Full Cluster Outage"),
            "runbook-rb-007---full-cluster-outage"
        );
        assert_eq!(
            github_anchor("RB-009: Database Failover"),
            "rb-009-database-failover"
        );
        assert_eq!(github_anchor("Database & Data"), "database--data");
        let mut a = Anchors::default();
        assert_eq!(a.next("Symptoms"), "symptoms");
        assert_eq!(a.next("Symptoms"), "symptoms-1");
        assert_eq!(a.next("Symptoms"), "symptoms-2");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Pod CrashLoopBackOff"), "pod-crashloopbackoff");
        assert_eq!(slug("../etc/passwd"), "etc-passwd");
        assert_eq!(slug("!!!"), "x");
        assert_eq!(slug("Out of Memory"), "out-of-memory");
    }
}
