//! Hover: what a kubectl subcommand, flag or resource type is; which runbook an ID
//! or a link names; what the rule of a finding checks.

use super::convert::{self, Encoding};
use super::navigate::{self, At};
use super::{help, Workspace};
use crate::diagnostic::Diagnostic;
use crate::kubectl::tree::index;
use crate::model::{Kubectl, Runbook};
use lsp_types as lt;
use std::fmt::Write;

pub fn hover(
    ws: &Workspace,
    name: &str,
    pos: lt::Position,
    found: &[Diagnostic],
    enc: Encoding,
) -> Option<lt::Hover> {
    let src = ws.src(name)?;
    let doc = ws.doc(name)?;
    let at = convert::offset(src, pos, enc);
    let mut parts: Vec<String> = Vec::new();
    let mut range = None;
    for d in found {
        if d.span.start <= at && at <= d.span.end.max(d.span.start + 1) {
            if let Some(r) = crate::check::registry::find(d.code) {
                parts.push(format!(
                    "**{}** `{}`: {}. Run `rbc explain {}` for the rule's page.",
                    r.code, r.name, r.summary, r.code
                ));
            }
        }
    }
    match navigate::at(ws, doc, at) {
        At::Kubectl { k, word, span } => {
            if let Some(t) = kubectl_word(k, word) {
                parts.insert(0, t);
                range = Some(convert::range(src, span.0, span.1, enc));
            }
        }
        At::Runbook { runbook, span } => {
            parts.insert(0, runbook_summary(runbook));
            range = Some(convert::range(src, span.0, span.1, enc));
        }
        At::Nothing => {}
    }
    if parts.is_empty() {
        return None;
    }
    Some(lt::Hover {
        contents: lt::HoverContents::Markup(lt::MarkupContent {
            kind: lt::MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range,
    })
}

/// A runbook as a hover shows it: ID and title, severity, symptoms, where it is.
pub fn runbook_summary(rb: &Runbook) -> String {
    let mut s = format!("**{}: {}**", rb.id, rb.title);
    if let Some(sev) = rb.severity() {
        let _ = write!(s, "\n\nSeverity: {sev}");
    }
    if let Some(sy) = &rb.symptoms {
        s.push_str("\n\nSymptoms:");
        for i in sy.items.iter().take(8) {
            let _ = write!(s, "\n- {}", i.text);
        }
        if sy.items.len() > 8 {
            let _ = write!(s, "\n- … ({} more)", sy.items.len() - 8);
        }
    }
    let _ = write!(s, "\n\n`{}:{}`", rb.span.file, rb.span.line);
    s
}

/// What word `i` of a kubectl command is, from the command tree and its help.
pub fn kubectl_word(k: &Kubectl, i: usize) -> Option<String> {
    let idx = index();
    let inv = k.invocation();
    let version = &help::help().kubectl_version;
    if let Some(n) = inv.path_words.iter().position(|w| *w == i) {
        let path: Vec<String> = inv.path.get(..=n)?.to_vec();
        let spec = idx.command(&path)?;
        let mut s = format!("**kubectl {}**", spec.path.join(" "));
        if let Some(h) = help::command(&spec.path) {
            let _ = write!(s, ": {}", h.short);
            if !h.usage.is_empty() {
                let _ = write!(s, "\n\n```text\n{}\n```", h.usage.join("\n"));
            }
        }
        if !spec.aliases.is_empty() {
            let _ = write!(s, "\n\nAliases: {}", spec.aliases.join(", "));
        }
        if let Some(d) = &spec.deprecated {
            let _ = write!(s, "\n\nDeprecated: {d}");
        }
        let _ = write!(s, "\n\n(kubectl {version})");
        return Some(s);
    }
    if let Some(f) = inv
        .flags
        .iter()
        .find(|f| f.word == i || f.value_word == Some(i))
    {
        let cmd = idx.command(inv.path).unwrap_or_else(|| idx.root());
        let spec = idx.flag(cmd, f.name)?;
        let mut s = format!("**--{}**", spec.name);
        if let Some(sh) = &spec.shorthand {
            let _ = write!(s, ", **-{sh}**");
        }
        let _ = write!(s, " ({})", spec.kind);
        if idx.is_global(spec) {
            s.push_str(", a global flag");
        }
        if let Some(h) = help::flag(inv.path, &spec.name) {
            if !h.help.is_empty() {
                let _ = write!(s, "\n\n{}", h.help);
            }
            if !h.default.is_empty() && h.default != "''" && h.default != "[]" {
                let _ = write!(s, "\n\nDefault: `{}`", h.default);
            }
        }
        if let Some(c) = &spec.choices {
            let _ = write!(s, "\n\nValues: {}", code_list(c));
        }
        if let Some(d) = &spec.deprecated {
            let _ = write!(s, "\n\nDeprecated: {d}");
        }
        return Some(s);
    }
    let word = k.argv.get(i)?;
    let ty = word.split('/').next().unwrap_or(word);
    if k.resources
        .iter()
        .any(|r| ty.split(',').any(|t| t.eq_ignore_ascii_case(r)))
    {
        let r = ty.split(',').find_map(|t| idx.resource(t))?;
        let gv = if r.group.is_empty() {
            r.version.clone()
        } else {
            format!("{}/{}", r.group, r.version)
        };
        let mut s = format!(
            "**{}** (kind `{}`, `{gv}`), {}",
            r.name,
            r.kind,
            if r.namespaced {
                "namespaced"
            } else {
                "cluster-wide"
            }
        );
        if !r.short_names.is_empty() {
            let _ = write!(s, "\n\nShort names: {}", code_list(&r.short_names));
        }
        if let Some(d) = &r.deprecated {
            let _ = write!(s, "\n\nDeprecated: {d}");
        }
        return Some(s);
    }
    None
}

fn code_list(v: &[String]) -> String {
    v.iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
