//! Completion: in shell blocks, kubectl subcommands, flags, flag values and resource
//! types, and the `<placeholders>` the document already uses; anywhere, runbook IDs.

use super::convert::{self, Encoding};
use super::{help, navigate, Workspace};
use crate::kubectl::tree::{index, CommandSpec};
use lsp_types as lt;

pub fn completion(
    ws: &Workspace,
    name: &str,
    pos: lt::Position,
    enc: Encoding,
) -> Option<lt::CompletionResponse> {
    let src = ws.src(name)?;
    let doc = ws.doc(name)?;
    let off = convert::offset(src, pos, enc);
    let (line, _) = src.line_col(off);
    let line_start = src.line_start(line);
    let before = &src.text[line_start..off];
    // The word being typed: back to the last blank.
    let word_start = before
        .rfind(|c: char| c.is_whitespace())
        .map_or(0, |i| i + 1);
    let typed = &before[word_start..];
    let replace = convert::range(src, line_start + word_start, off, enc);
    let mut items = Vec::new();
    let in_shell = navigate::code_blocks(doc)
        .into_iter()
        .any(|b| b.shell && b.text_start <= off && off < b.span.end);
    if in_shell {
        if let Some(lt_at) = typed.rfind('<') {
            let r = convert::range(src, line_start + word_start + lt_at, off, enc);
            items.extend(placeholders(doc, r));
        } else if let Some(k) = before[..word_start].rfind("kubectl ") {
            let argv: Vec<String> = crate::words::split(&before[k + "kubectl ".len()..word_start])
                .into_iter()
                .map(|w| w.value)
                .collect();
            items.extend(kubectl(
                &argv,
                typed,
                replace,
                src,
                line_start + word_start,
                enc,
            ));
        }
    }
    items.extend(runbook_ids(ws, typed, replace));
    Some(lt::CompletionResponse::Array(items))
}

fn item(
    label: String,
    kind: lt::CompletionItemKind,
    detail: Option<String>,
    doc: Option<String>,
    range: lt::Range,
) -> lt::CompletionItem {
    lt::CompletionItem {
        label: label.clone(),
        kind: Some(kind),
        detail,
        documentation: doc.filter(|d| !d.is_empty()).map(|d| {
            lt::Documentation::MarkupContent(lt::MarkupContent {
                kind: lt::MarkupKind::Markdown,
                value: d,
            })
        }),
        filter_text: Some(label.clone()),
        text_edit: Some(lt::CompletionTextEdit::Edit(lt::TextEdit {
            range,
            new_text: label,
        })),
        ..Default::default()
    }
}

fn placeholders(doc: &crate::model::Document, range: lt::Range) -> Vec<lt::CompletionItem> {
    let mut names: Vec<&str> = navigate::commands(doc)
        .into_iter()
        .flat_map(|c| c.placeholders.iter().map(|p| p.name.as_str()))
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|n| {
            item(
                format!("<{n}>"),
                lt::CompletionItemKind::VARIABLE,
                Some("placeholder used in this document".into()),
                None,
                range,
            )
        })
        .collect()
}

/// What may come next in `kubectl ARGV TYPED`.
fn kubectl(
    argv: &[String],
    typed: &str,
    range: lt::Range,
    src: &crate::source::SourceFile,
    typed_at: usize,
    enc: Encoding,
) -> Vec<lt::CompletionItem> {
    let idx = index();
    let inv = crate::kubectl::parse::parse(&argv.iter().map(String::as_str).collect::<Vec<_>>());
    let cmd: &CommandSpec = idx.command(inv.path).unwrap_or_else(|| idx.root());
    let path = &cmd.path;
    let mut out = Vec::new();
    // `--flag=VALUE`
    if let Some((flag, _)) = typed.strip_prefix("--").and_then(|t| t.split_once('=')) {
        if let Some(choices) = idx.flag(cmd, flag).map(|f| values(path, f)) {
            let eq = typed.find('=').unwrap_or(0) + 1;
            let r = convert::range(src, typed_at + eq, typed_at + typed.len(), enc);
            for c in choices {
                out.push(item(
                    c.clone(),
                    lt::CompletionItemKind::ENUM_MEMBER,
                    Some(format!("--{flag}")),
                    None,
                    r,
                ));
            }
        }
        return out;
    }
    // The value of the flag just before: `-o VALUE`.
    if let Some(prev) = argv.last() {
        let spec = if let Some(n) = prev.strip_prefix("--") {
            (!n.contains('=')).then(|| idx.flag(cmd, n)).flatten()
        } else if let Some(c) = prev.strip_prefix('-').filter(|c| c.chars().count() == 1) {
            c.chars().next().and_then(|l| idx.short(cmd, l))
        } else {
            None
        };
        if let Some(f) = spec.filter(|f| f.takes_value && !f.optional_value) {
            for c in values(path, f) {
                out.push(item(
                    c.clone(),
                    lt::CompletionItemKind::ENUM_MEMBER,
                    Some(format!("--{}", f.name)),
                    None,
                    range,
                ));
            }
            return out;
        }
    }
    if typed.starts_with('-') {
        let global = idx.tree.global_flags.iter();
        for f in cmd.flags.iter().chain(global).filter(|f| !f.hidden) {
            let h = help::flag(path, &f.name);
            let detail = match &f.shorthand {
                Some(s) => format!("-{s}, {}", f.kind),
                None => f.kind.clone(),
            };
            let mut it = item(
                format!("--{}", f.name),
                lt::CompletionItemKind::PROPERTY,
                Some(detail),
                h.map(|h| h.help.clone()),
                range,
            );
            if f.deprecated.is_some() {
                it.tags = Some(vec![lt::CompletionItemTag::DEPRECATED]);
            }
            out.push(it);
        }
        return out;
    }
    // Subcommands until the path is complete, then resource types.
    let positional = !inv.args.is_empty();
    if cmd.has_subcommands && !positional {
        for s in &cmd.subcommands {
            let mut p = path.clone();
            p.push(s.clone());
            let Some(sub) = idx.command(&p) else { continue };
            if sub.hidden {
                continue;
            }
            let mut it = item(
                s.clone(),
                lt::CompletionItemKind::FUNCTION,
                help::command(&p).map(|h| h.short.clone()),
                None,
                range,
            );
            if sub.deprecated.is_some() {
                it.tags = Some(vec![lt::CompletionItemTag::DEPRECATED]);
            }
            out.push(it);
        }
    }
    let takes_type =
        help::command(path).is_some_and(|h| h.usage.iter().any(|u| u.contains("TYPE")));
    if takes_type && !positional {
        for r in &idx.tree.resources {
            let detail = if r.group.is_empty() {
                format!("{} ({})", r.kind, r.version)
            } else {
                format!("{} ({}/{})", r.kind, r.group, r.version)
            };
            let mut it = item(
                r.name.clone(),
                lt::CompletionItemKind::CLASS,
                Some(detail),
                None,
                range,
            );
            if r.deprecated.is_some() {
                it.tags = Some(vec![lt::CompletionItemTag::DEPRECATED]);
            }
            out.push(it);
        }
    }
    out
}

/// The values a flag takes: its enum in the tree, else those its help lists.
fn values<'a>(path: &[String], f: &'a crate::kubectl::tree::Flag) -> &'a [String] {
    match &f.choices {
        Some(c) => c,
        None => help::flag(path, &f.name).map_or(&[], |h| &h.values[..]),
    }
}

/// Runbook IDs that start with what is typed (`RB-0` → `RB-001`, …).
fn runbook_ids(ws: &Workspace, typed: &str, range: lt::Range) -> Vec<lt::CompletionItem> {
    let word: String = typed
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.len() < 2 {
        return Vec::new();
    }
    let cut = typed.len() - word.len();
    let r = lt::Range {
        start: lt::Position {
            line: range.start.line,
            character: range.end.character - word.encode_utf16().count() as u32,
        },
        end: range.end,
    };
    let r = if cut == 0 { range } else { r };
    let w = word.to_ascii_uppercase();
    let mut out: Vec<lt::CompletionItem> = ws
        .session
        .corpus()
        .runbooks()
        .filter(|(_, rb)| rb.id.to_ascii_uppercase().starts_with(&w) && rb.id.len() > word.len())
        .map(|(_, rb)| {
            item(
                rb.id.clone(),
                lt::CompletionItemKind::REFERENCE,
                Some(rb.title.clone()),
                Some(super::hover::runbook_summary(rb)),
                r,
            )
        })
        .collect();
    out.sort_by(|a, b| a.label.cmp(&b.label));
    out.dedup_by(|a, b| a.label == b.label);
    out
}
