//! The kubectl versions a command must be valid on (`kubectl_versions` of runbooks.yaml,
//! of a file or of a runbook), the command's problems on each, and what the merged tree
//! knows of a flag or command that some of them lack: when it came or went, and what
//! replaced it.

use crate::check::Context;
use crate::diagnostic::{Edit, Fix};
use crate::kubectl::parse::{Problem, ProblemKind};
use crate::kubectl::tree::{history, index_for, Version, Versions};
use crate::model::{Command, Kubectl, Runbook};
use std::collections::HashMap;
use std::sync::Arc;

/// The `kubectl_versions` a file's front matter or labels name: `[1.31, "1.35"]` or
/// `1.31, 1.35`.
pub fn metadata_names(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::Array(a) => a.iter().flat_map(metadata_names).collect(),
        serde_json::Value::String(s) => s
            .split([',', ' ', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        serde_json::Value::Number(n) => vec![n.to_string()],
        _ => vec![String::new()],
    }
}

/// Targets of each file, by its path (files that name none use the configured ones).
pub struct Targets {
    files: HashMap<Arc<str>, Versions>,
    default: Versions,
}

impl Targets {
    pub fn new(ctx: &Context) -> Targets {
        let mut files = HashMap::new();
        for d in &ctx.corpus.documents {
            if let Some(v) = d.metadata.get("kubectl_versions") {
                if let Ok(vs) = crate::kubectl::tree::named(&metadata_names(v)) {
                    if !vs.is_empty() {
                        files.insert(d.span.file.clone(), vs);
                    }
                }
            }
        }
        Targets {
            files,
            default: ctx.settings.kubectl_versions,
        }
    }

    /// The versions a command must be valid on: its runbook's, else its file's, else
    /// the configured ones.
    pub fn of(&self, rb: Option<&Runbook>, c: &Command) -> Versions {
        if let Some(s) = rb.and_then(|r| r.metadata.get("kubectl_versions")) {
            let names = metadata_names(&serde_json::Value::String(s.clone()));
            if let Ok(vs) = crate::kubectl::tree::named(&names) {
                if !vs.is_empty() {
                    return vs;
                }
            }
        }
        self.files
            .get(&c.span.file)
            .copied()
            .unwrap_or(self.default)
    }
}

/// A problem of a command on some of its target versions.
pub struct FleetProblem {
    pub problem: Problem,
    /// The targets it is a problem on.
    pub on: Versions,
    pub targets: Versions,
}

/// The problems of `k` on each of `targets`, the same problem (kind and word) once.
pub fn problems(k: &Kubectl, targets: Versions) -> Vec<FleetProblem> {
    let mut out: Vec<FleetProblem> = Vec::new();
    // Newest first: its message is the one shown.
    let mut vs: Vec<Version> = targets.iter().collect();
    vs.reverse();
    for v in vs {
        let inv = k.invocation_for(v);
        for p in &inv.problems {
            match out
                .iter_mut()
                .find(|f| f.problem.kind == p.kind && f.problem.word == p.word)
            {
                Some(f) => f.on = f.on.with(v),
                None => out.push(FleetProblem {
                    problem: p.clone(),
                    on: Versions::default().with(v),
                    targets,
                }),
            }
        }
    }
    out
}

/// What the message of a problem found on only some targets, or about a flag or
/// command that exists in other versions, adds; and the replacement when kubectl's
/// deprecation text names one.
pub struct History {
    /// Appended to the message: ` on kubectl v1.35 of the targets; it was removed in
    /// kubectl v1.30 (it is in v1.29)`.
    pub note: String,
    pub help: Option<String>,
    /// `--delete-emptydir-data` for `--delete-local-data`: a flag of the same kind.
    pub replacement: Option<String>,
}

/// The history of the problem `fp` of command `k`.
pub fn history_of(k: &Kubectl, fp: &FleetProblem) -> History {
    let h = history();
    let mut parts = Vec::new();
    let mut help = None;
    let mut replacement = None;
    if fp.on != fp.targets {
        parts.push(format!(" on kubectl {} of the targets", fp.on.describe()));
    }
    let word = k.argv.get(fp.problem.word).unwrap_or("");
    // The newest target the problem is on: the one the facts are about.
    let at = fp.on.iter().last();
    let path = at.map(|v| k.invocation_for(v).path).unwrap_or_default();
    match fp.problem.kind {
        ProblemKind::UnknownFlag if word.starts_with("--") => {
            let name = word[2..].split('=').next().unwrap_or("");
            let exists = h.flag_versions(path, name);
            if let (Some(at), false) = (at, exists.is_empty()) {
                parts.push(format!("; {}", when(exists, at)));
                // kubectl's deprecation text, from the newest version that has one.
                let said = h
                    .flag_variants(path, name)
                    .into_iter()
                    .rev()
                    .find_map(|f| f.deprecated.clone().map(|d| (f, d)));
                if let Some((old, text)) = said {
                    help = Some(format!("kubectl said: \"{}\"", text.trim()));
                    if let Some(new) = named_flag(&text, name)
                        .filter(|n| same_kind_everywhere(path, old, n, fp.targets))
                    {
                        help = Some(format!("use `--{new}` (kubectl said: \"{}\")", text.trim()));
                        replacement = Some(new);
                    }
                }
            }
        }
        ProblemKind::UnknownCommand => {
            let mut p = path.to_vec();
            p.push(word.to_string());
            if let (Some(at), Some(c)) = (at, h.command(&p)) {
                let exists = h.parse_set(&c.versions);
                parts.push(format!("; {}", when(exists, at)));
            }
        }
        _ => {}
    }
    History {
        note: parts.concat(),
        help,
        replacement,
    }
}

/// `it was removed in kubectl v1.30 (it is in v1.29)`, `it was added in kubectl v1.33`,
/// `it is in kubectl v1.29–v1.31`: `exists` as seen from version `at`, which lacks it.
fn when(exists: Versions, at: Version) -> String {
    let h = history();
    let all: Vec<Version> = exists.iter().collect();
    let (first, last) = (all[0], all[all.len() - 1]);
    if last < at && exists == range(first, last) {
        let gone = Version(last.0 + 1);
        format!(
            "it was removed in kubectl v{} (it is in {})",
            h.minor(gone),
            exists.describe()
        )
    } else if first > at && exists == range(first, last) {
        format!("it was added in kubectl v{}", h.minor(first))
    } else {
        format!("it is in kubectl {}", exists.describe())
    }
}

fn range(a: Version, b: Version) -> Versions {
    (a.0..=b.0).fold(Versions::default(), |s, i| s.with(Version(i)))
}

/// The first `--flag` a deprecation text names, other than the deprecated one.
fn named_flag(text: &str, old: &str) -> Option<String> {
    let mut rest = text;
    while let Some(i) = rest.find("--") {
        let name: String = rest[i + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let name = name.trim_end_matches('-').to_string();
        if !name.is_empty() && name != old {
            return Some(name);
        }
        rest = &rest[i + 2..];
    }
    None
}

/// Whether `new` is a flag of the command on every target, of the same type as `old`:
/// then writing one for the other changes nothing else.
fn same_kind_everywhere(
    path: &[String],
    old: &crate::kubectl::tree::Flag,
    new: &str,
    targets: Versions,
) -> bool {
    targets.iter().all(|v| {
        let idx = index_for(v);
        idx.command(path)
            .and_then(|c| idx.flag(c, new))
            .is_some_and(|f| f.kind == old.kind && f.takes_value == old.takes_value)
    })
}

/// The fix that writes `--new` for `--old` in the word at `span` of `source`.
pub fn replace_flag(source: &str, span: &crate::source::Span, old: &str, new: &str) -> Option<Fix> {
    let text = source.get(span.start..span.end)?;
    let at = text.find(&format!("--{old}"))?;
    let start = span.start + at + 2;
    Some(Fix {
        description: format!("write `--{new}` for `--{old}`"),
        edits: vec![Edit {
            start,
            end: start + old.len(),
            replacement: new.to_string(),
        }],
    })
}

/// What `rbc explain` adds to the kubectl rules' pages: the history the merged tree
/// knows (K001: commands, K002: flags, K006: deprecations), one table each.
pub fn explain_section(code: &str) -> Option<String> {
    let h = history();
    let all = h.all().fold(Versions::default(), |s, v| s.with(v));
    let span = format!("v{}–v{}", h.minor(Version(0)), h.minor(h.newest()));
    let mut rows = Vec::new();
    match code {
        "K001" => {
            for c in &h.commands {
                let vs = h.parse_set(&c.versions);
                if vs != all {
                    rows.push(format!(
                        "| `kubectl {}` | {} |",
                        c.path.join(" "),
                        vs.describe()
                    ));
                }
            }
            if rows.is_empty() {
                return None;
            }
            Some(format!(
                "\n## kubectl versions\nThe commands that not every kubectl {span} has (from `schema/kubectl/tree.json`):\n\n| command | in |\n|---|---|\n{}\n",
                rows.join("\n")
            ))
        }
        "K002" => {
            for c in &h.commands {
                let cvs = h.parse_set(&c.versions);
                let mut names: Vec<&str> = c.flags.iter().map(|f| f.name.as_str()).collect();
                names.dedup();
                for n in names {
                    let vs = h.flag_versions(&c.path, n);
                    if vs.0 & cvs.0 != cvs.0 {
                        rows.push(format!(
                            "| `kubectl {}` | `--{n}` | {} |",
                            c.path.join(" "),
                            vs.describe()
                        ));
                    }
                }
            }
            Some(format!(
                "\n## kubectl versions\nThe flags that came or went between kubectl {span} (from `schema/kubectl/tree.json`); with `kubectl_versions` naming several versions, a flag must be in each:\n\n| command | flag | in |\n|---|---|---|\n{}\n",
                rows.join("\n")
            ))
        }
        "K006" => {
            let mut seen = std::collections::HashSet::new();
            for c in &h.commands {
                for f in c.flags.iter().filter(|f| f.deprecated.is_some()) {
                    let text = f.deprecated.as_deref().unwrap_or("").replace('|', "\\|");
                    if seen.insert((c.path.join(" "), f.name.clone(), text.clone())) {
                        rows.push(format!(
                            "| `kubectl {}` | `--{}` | {} | {} |",
                            c.path.join(" "),
                            f.name,
                            h.parse_set(&f.versions).describe(),
                            text.trim()
                        ));
                    }
                }
            }
            Some(format!(
                "\n## kubectl versions\nThe flags kubectl {span} deprecates, in the versions that do, with kubectl's message (from `schema/kubectl/tree.json`); global flags are not listed:\n\n| command | flag | deprecated in | kubectl says |\n|---|---|---|---|\n{}\n",
                rows.join("\n")
            ))
        }
        _ => None,
    }
}
