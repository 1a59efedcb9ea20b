//! Which layout a file follows, and where a file runbook's ID comes from.
//!
//! Layouts are data (`config::Layout`): the built-in `heading` (a runbook per
//! `## Runbook: RB-001 - Title` heading), `label` (a file with an H1 and a
//! `**Runbook ID**:` label) and `alert` (a file per alert: `# AlertName`, then Meaning,
//! Impact, Diagnosis, Mitigation), and those of `runbooks.yaml`. `layout_files` picks one
//! by glob; otherwise a file is recognised by its shape, with no configuration.

use super::labels::bold_labels;
use super::{runbook_heading, Node};
use crate::model::SectionKind;
use crate::settings::{normalise_title, IdSource, Layout, Settings};
use std::collections::BTreeMap;

/// How a file's runbooks are found.
pub(super) enum Choice<'a> {
    /// Each ID heading starts a runbook (the file may hold none).
    Headings(&'a Layout),
    /// The file is one runbook, with this ID and title.
    File {
        layout: &'a Layout,
        id: String,
        title: String,
    },
}

/// The layout of a file: `layout_files` first, then its shape.
pub(super) fn choose<'a>(
    settings: &'a Settings,
    path: &str,
    root: &Node,
    front_matter: &BTreeMap<String, serde_json::Value>,
) -> Choice<'a> {
    let h1 = root
        .children
        .iter()
        .find(|n| n.head.as_ref().is_some_and(|h| h.level == 1));
    let file = |layout: &'a Layout| {
        let (id, title) = file_id(layout, path, h1, front_matter);
        Choice::File { layout, id, title }
    };
    if let Some(l) = settings.layout_for(std::path::Path::new(path)) {
        return if l.per_file {
            file(l)
        } else {
            Choice::Headings(l)
        };
    }
    let heading = settings.layout("heading");
    if has_id_heading(root) {
        return Choice::Headings(heading);
    }
    let label = settings.layout("label");
    if h1.is_some_and(|n| label_value(n, &label.id_from).is_some()) {
        return file(label);
    }
    let alert = settings.layout("alert");
    if looks_like_alert(alert, path, root, h1, front_matter) {
        return file(alert);
    }
    Choice::Headings(heading)
}

fn has_id_heading(n: &Node) -> bool {
    n.children.iter().any(|c| {
        c.head
            .as_ref()
            .is_some_and(|h| runbook_heading(&h.text).is_some())
            || has_id_heading(c)
    })
}

/// `# KubePodCrashLooping` (or a one-word front matter `title`) followed by at least two
/// of Meaning, Impact, Diagnosis, Mitigation.
fn looks_like_alert(
    alert: &Layout,
    path: &str,
    root: &Node,
    h1: Option<&Node>,
    front_matter: &BTreeMap<String, serde_json::Value>,
) -> bool {
    let (name, sections): (Option<String>, Vec<&Node>) = match h1 {
        Some(n) => (
            n.head.as_ref().map(|h| {
                alert_name(alert, &h.text, stem_of(path))
                    .unwrap_or_else(|| h.text.trim().to_string())
            }),
            n.children.iter().collect(),
        ),
        None => (
            front_matter
                .get("title")
                .and_then(|v| v.as_str())
                .map(|s| s.trim().to_string()),
            root.children.iter().collect(),
        ),
    };
    let Some(name) = name else { return false };
    if !alert.id_pattern.is_match(&name) {
        return false;
    }
    let mut kinds: Vec<SectionKind> = sections
        .iter()
        .filter_map(|n| n.head.as_ref())
        .filter_map(|h| alert.section_kind(&h.text))
        .filter(|k| {
            matches!(
                k,
                SectionKind::Meaning
                    | SectionKind::Impact
                    | SectionKind::Diagnosis
                    | SectionKind::Resolution
            )
        })
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds.len() >= 2
}

/// A file's name without its extension.
fn stem_of(path: &str) -> String {
    std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The alert an H1 names when it is not the bare name: `KubeAPIDown [Deprecated]` (a
/// trailing `[…]` or `(…)` tag), or `CPU Throttling High` in `CPUThrottlingHigh.md`
/// (the words, joined, are the file's name).
fn alert_name(layout: &Layout, h1: &str, stem: String) -> Option<String> {
    let mut t = h1.trim();
    while let Some(open) = t
        .strip_suffix(']')
        .and_then(|x| x.rfind('['))
        .or_else(|| t.strip_suffix(')').and_then(|x| x.rfind('(')))
    {
        t = t[..open].trim_end();
    }
    if !t.is_empty() && layout.id_pattern.is_match(t) {
        return Some(t.to_string());
    }
    let joined: String = t.split_whitespace().collect();
    (t.contains(' ') && joined.eq_ignore_ascii_case(&stem) && layout.id_pattern.is_match(&stem))
        .then_some(stem)
}

/// The value of the first `**Label**:` of `n`'s own content that a source names.
fn label_value(n: &Node, sources: &[IdSource]) -> Option<String> {
    for src in sources {
        let IdSource::Label(name) = src else { continue };
        for b in &n.blocks {
            let crate::model::Block::Paragraph(p) = b else {
                continue;
            };
            for (k, v) in bold_labels(&p.markdown).unwrap_or_default() {
                let v = v.trim().trim_matches('`').trim();
                if normalise_title(&k) == *name && !v.is_empty() {
                    return Some(v.to_string());
                }
            }
        }
    }
    None
}

/// A file runbook's ID (the first source that gives one matching the layout's pattern,
/// else the first that gives one at all) and title.
fn file_id(
    layout: &Layout,
    path: &str,
    h1: Option<&Node>,
    front_matter: &BTreeMap<String, serde_json::Value>,
) -> (String, String) {
    let h1_text = h1
        .and_then(|n| n.head.as_ref())
        .map(|h| h.text.trim().to_string());
    let stem = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fm = |k: &str| {
        front_matter.get(k).and_then(|v| match v {
            serde_json::Value::String(s) => Some(s.trim().to_string()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let mut candidates = Vec::new();
    for src in &layout.id_from {
        let v = match src {
            IdSource::H1 if layout.per_alert => h1_text
                .as_deref()
                .map(|h| alert_name(layout, h, stem.clone()).unwrap_or_else(|| h.to_string())),
            IdSource::H1 => h1_text.clone(),
            IdSource::Stem => Some(stem.clone()),
            IdSource::FrontMatter(k) => fm(k),
            IdSource::Label(_) => h1.and_then(|n| label_value(n, std::slice::from_ref(src))),
        };
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            candidates.push(v);
        }
    }
    let id = candidates
        .iter()
        .find(|c| layout.id_pattern.is_match(c))
        .or(candidates.first())
        .cloned()
        .unwrap_or(stem);
    // A human title: the H1 unless it is the ID itself, then a front matter title.
    let title = match (&h1_text, fm("title")) {
        (Some(h), Some(t)) if *h == id && t != id => t,
        (Some(h), _) => h.clone(),
        (None, Some(t)) => t,
        (None, None) => id.clone(),
    };
    (id, title)
}
