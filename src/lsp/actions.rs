//! Code actions: each machine-applicable fix as a quick fix, all of a file's fixes at
//! once, and `rbc-disable` comments for the next block or the whole file.

use super::convert::{self, Encoding};
use super::Workspace;
use crate::diagnostic::{Diagnostic, Edit};
use crate::source::SourceFile;
use lsp_types as lt;
use std::collections::HashMap;

pub fn code_actions(
    ws: &Workspace,
    name: &str,
    found: &[Diagnostic],
    p: &lt::CodeActionParams,
    enc: Encoding,
) -> Vec<lt::CodeActionOrCommand> {
    let Some(src) = ws.src(name) else {
        return Vec::new();
    };
    let uri = &p.text_document.uri;
    let wanted = |kind: &lt::CodeActionKind| match &p.context.only {
        None => true,
        Some(only) => only.iter().any(|o| {
            kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
        }),
    };
    let mut out = Vec::new();
    let published = |d: &Diagnostic| super::publish::one(ws, d, enc);
    let touching: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| {
            let r = convert::range(src, d.span.start, d.span.end, enc);
            !(r.end < p.range.start || r.start > p.range.end)
        })
        .collect();
    if wanted(&lt::CodeActionKind::QUICKFIX) {
        for d in &touching {
            if let Some(fix) = &d.fix {
                out.push(action(
                    format!("{} ({})", fix.description, d.code),
                    lt::CodeActionKind::QUICKFIX,
                    published(d),
                    edit(uri, src, &fix.edits, enc),
                    true,
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for d in &touching {
            if d.code == crate::contain::CODE || !seen.insert(d.code) {
                continue; // a bug in rbc cannot be suppressed
            }
            if let Some(e) = disable_here(ws, src, d) {
                out.push(action(
                    format!("Disable {} ({}) for this block", d.code, d.name),
                    lt::CodeActionKind::QUICKFIX,
                    published(d),
                    edit(uri, src, &[e], enc),
                    false,
                ));
            }
            if let Some(e) = disable_file(ws, src, d) {
                out.push(action(
                    format!("Disable {} ({}) for this file", d.code, d.name),
                    lt::CodeActionKind::QUICKFIX,
                    published(d),
                    edit(uri, src, &[e], enc),
                    false,
                ));
            }
        }
    }
    let all: Vec<&Edit> = found
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| f.edits.iter())
        .collect();
    let fixable = found.iter().filter(|d| d.fix.is_some()).count();
    if fixable > 0 {
        let edits = without_overlaps(all);
        let kinds = [
            lt::CodeActionKind::SOURCE_FIX_ALL,
            // Also in the quick-fix menu, where most editors look.
            lt::CodeActionKind::QUICKFIX,
        ];
        for kind in kinds {
            // The source action only when asked for (on save, say): the menu has the other.
            let show = match kind == lt::CodeActionKind::QUICKFIX {
                true => !touching.is_empty(),
                false => p.context.only.is_some(),
            };
            if show && wanted(&kind) {
                out.push(action(
                    format!("Fix all rbc findings in this file ({fixable})"),
                    kind,
                    None,
                    edit(uri, src, &edits, enc),
                    false,
                ));
            }
        }
    }
    out
}

fn action(
    title: String,
    kind: lt::CodeActionKind,
    diag: Option<lt::Diagnostic>,
    edit: lt::WorkspaceEdit,
    preferred: bool,
) -> lt::CodeActionOrCommand {
    lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
        title,
        kind: Some(kind),
        diagnostics: diag.map(|d| vec![d]),
        edit: Some(edit),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

fn edit(uri: &lt::Uri, src: &SourceFile, edits: &[Edit], enc: Encoding) -> lt::WorkspaceEdit {
    let text_edits = edits
        .iter()
        .map(|e| lt::TextEdit {
            range: convert::range(src, e.start, e.end, enc),
            new_text: e.replacement.clone(),
        })
        .collect();
    lt::WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), text_edits)])),
        ..Default::default()
    }
}

/// Edits sorted, those overlapping an earlier one left out (as `rbc check --fix`).
fn without_overlaps(mut edits: Vec<&Edit>) -> Vec<Edit> {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out: Vec<Edit> = Vec::new();
    let mut at = 0;
    for e in edits {
        if e.start < at || e.start > e.end {
            continue;
        }
        at = e.end;
        out.push(e.clone());
    }
    out
}

/// `<!-- rbc-disable CODE -->` on its own line before the top-level block that holds
/// the finding; `None` when that would not suppress it (checked by parsing the result).
fn disable_here(ws: &Workspace, src: &SourceFile, d: &Diagnostic) -> Option<Edit> {
    let at = d.span.start;
    let blocks = crate::parse::markdown::parse(&src.text).blocks;
    let block = blocks
        .iter()
        .map(|b| b.range())
        .filter(|r| r.start <= at && at < r.end.max(r.start + 1))
        .min_by_key(|r| r.start)?;
    let (line, _) = src.line_col(block.start);
    let start = src.line_start(line);
    let e = Edit {
        start,
        end: start,
        replacement: format!("<!-- rbc-disable {} -->\n", d.code),
    };
    suppresses(ws, src, &e, d, false).then_some(e)
}

/// `<!-- rbc-disable-file CODE -->` at the top (after the front matter).
fn disable_file(ws: &Workspace, src: &SourceFile, d: &Diagnostic) -> Option<Edit> {
    let t = &src.text;
    let mut start = if t.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &t[start..];
    if body.starts_with("---\n") || body.starts_with("---\r\n") {
        let mut off = start + body.find('\n')? + 1;
        for line in t[off..].split_inclusive('\n') {
            off += line.len();
            let l = line.trim_end();
            if l == "---" || l == "..." {
                start = off;
                break;
            }
        }
    }
    let e = Edit {
        start,
        end: start,
        replacement: format!("<!-- rbc-disable-file {} -->\n", d.code),
    };
    suppresses(ws, src, &e, d, true).then_some(e)
}

/// Whether the text with `e` applied has a suppression of `d`'s rule covering it.
fn suppresses(ws: &Workspace, src: &SourceFile, e: &Edit, d: &Diagnostic, file: bool) -> bool {
    let mut text = src.text.clone();
    text.replace_range(e.start..e.end, &e.replacement);
    let shifted = if d.span.start >= e.start {
        d.span.start + e.replacement.len()
    } else {
        d.span.start
    };
    let edited = SourceFile::new(src.path.clone(), text);
    let (doc, _) = crate::parse::document(&edited, &ws.session.project.settings);
    doc.suppressions.iter().any(|s| {
        s.file == file
            && s.rules.iter().any(|r| r.eq_ignore_ascii_case(d.code))
            && s.start <= shifted
            && shifted <= s.end.max(s.start)
    })
}
