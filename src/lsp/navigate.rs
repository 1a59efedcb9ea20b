//! Navigation: what is at a place (a kubectl word, a runbook ID, a link), go to
//! definition, references of a runbook, document and workspace symbols.

use super::convert::{self, Encoding};
use super::Workspace;
use crate::check::support::crossfile;
use crate::links;
use crate::model::{Block, CodeBlock, Command, Document, Kubectl, Runbook};
use crate::source::Span;
use lsp_types as lt;

/// What is at a byte offset of a document.
pub enum At<'a> {
    /// Word `word` of a kubectl command's argv; `span` its bytes.
    Kubectl {
        k: &'a Kubectl,
        word: usize,
        span: (usize, usize),
    },
    /// A runbook named there: by its ID, by a link to it, or its own heading.
    Runbook {
        runbook: &'a Runbook,
        span: (usize, usize),
    },
    Nothing,
}

/// Every command of a document: code blocks of runbooks and of other sections, and
/// inline commands in prose.
pub fn commands(doc: &Document) -> Vec<&Command> {
    let mut out: Vec<&Command> = code_blocks(doc)
        .into_iter()
        .flat_map(|b| b.commands.iter())
        .collect();
    out.extend(doc.inline_commands.iter());
    out
}

/// Every code block of a document, in order.
pub fn code_blocks(doc: &Document) -> Vec<&CodeBlock> {
    let mut out: Vec<&CodeBlock> = crossfile::all_blocks(doc)
        .into_iter()
        .filter_map(Block::as_code)
        .collect();
    for rb in &doc.runbooks {
        out.extend(rb.code_blocks());
    }
    out.sort_by_key(|b| b.span.start);
    out.dedup_by_key(|b| b.span.start);
    out
}

pub fn at<'a>(ws: &'a Workspace, doc: &'a Document, off: usize) -> At<'a> {
    for c in commands(doc) {
        if off < c.span.start || off > c.span.end {
            continue;
        }
        for k in &c.kubectl {
            for (i, (s, e)) in k.word_ranges().enumerate() {
                if s <= off && off <= e {
                    return At::Kubectl {
                        k,
                        word: i,
                        span: (s, e),
                    };
                }
            }
        }
    }
    let corpus = ws.session.corpus();
    for m in &doc.mentions {
        if m.span.start <= off && off <= m.span.end {
            if let Some((_, rb)) = corpus.find(&m.id) {
                return At::Runbook {
                    runbook: rb,
                    span: (m.span.start, m.span.end),
                };
            }
        }
    }
    for l in &doc.links {
        if l.span.start <= off && off <= l.span.end {
            let docs = links::index(corpus);
            if let Some(rb) = crossfile::link_target(&docs, doc, &l.target) {
                return At::Runbook {
                    runbook: rb,
                    span: (l.span.start, l.span.end),
                };
            }
        }
    }
    for rb in &doc.runbooks {
        if rb.span.start <= off && off <= rb.span.end {
            return At::Runbook {
                runbook: rb,
                span: (rb.span.start, rb.span.end),
            };
        }
    }
    At::Nothing
}

pub fn definition(
    ws: &Workspace,
    name: &str,
    pos: lt::Position,
    enc: Encoding,
) -> Option<lt::Location> {
    let src = ws.src(name)?;
    let doc = ws.doc(name)?;
    let off = convert::offset(src, pos, enc);
    // A link: its file, at its anchor.
    if let Some(l) = doc
        .links
        .iter()
        .find(|l| l.span.start <= off && off <= l.span.end)
    {
        let rel = links::relative(&l.target)?;
        let target = if rel.path.is_empty() {
            doc
        } else {
            let docs = links::index(ws.session.corpus());
            *docs.get(&links::resolve(doc, &rel.path))?
        };
        let span = match rel.fragment.filter(|f| !f.is_empty()) {
            Some(f) => anchor_span(ws, target, &links::percent_decode(f).to_lowercase())
                .unwrap_or_else(|| start_of(target)),
            None => start_of(target),
        };
        return ws.location(&span, enc);
    }
    match at(ws, doc, off) {
        At::Runbook { runbook, .. } => ws.location(&runbook.span, enc),
        _ => None,
    }
}

fn start_of(doc: &Document) -> Span {
    Span {
        end: doc.span.start,
        ..doc.span.clone()
    }
}

/// The heading of an anchor: the n-th heading of the file has the n-th anchor.
pub fn anchor_span(ws: &Workspace, doc: &Document, anchor: &str) -> Option<Span> {
    let n = doc.anchors.iter().position(|a| a == anchor)?;
    let src = ws.src(&doc.path)?;
    let headings: Vec<std::ops::Range<usize>> = crate::parse::markdown::parse(&src.text)
        .blocks
        .iter()
        .filter(|b| matches!(b, crate::parse::markdown::RawBlock::Heading { .. }))
        .map(|b| b.range())
        .collect();
    if headings.len() == doc.anchors.len() {
        let r = &headings[n];
        return Some(src.span(r.start, r.end));
    }
    doc.runbooks
        .iter()
        .find(|r| r.anchor == anchor)
        .map(|r| r.span.clone())
}

/// How a place refers to a runbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referrer {
    /// Its ID in prose or in a link's text.
    Mention,
    /// A link to its file or anchor.
    Link,
    /// An alerting rule whose `runbook_url` leads to it (its `runbook_url` line).
    Alert,
}

/// Every place in the corpus that refers to `rb`, in file order.
pub fn referrers(ws: &Workspace, rb: &Runbook) -> Vec<(Span, Referrer)> {
    let corpus = ws.session.corpus();
    let docs = links::index(corpus);
    let mut out: Vec<(Span, Referrer)> = Vec::new();
    for doc in &corpus.documents {
        for m in &doc.mentions {
            if m.id.eq_ignore_ascii_case(&rb.id) {
                out.push((m.span.clone(), Referrer::Mention));
            }
        }
        for l in &doc.links {
            let hit = crossfile::link_target(&docs, doc, &l.target)
                .is_some_and(|t| t.id == rb.id && t.span.file == rb.span.file);
            let inside_mention = out.iter().any(|(s, _)| {
                s.file == l.span.file && s.start >= l.span.start && s.end <= l.span.end
            });
            if hit && !inside_mention {
                out.push((l.span.clone(), Referrer::Link));
            }
        }
    }
    for a in &corpus.alerts {
        if a.runbook().is_some_and(|id| id == rb.id) {
            out.push((a.url_or_alert_span().clone(), Referrer::Alert));
        }
    }
    out.sort_by(|a, b| (&a.0.file, a.0.start).cmp(&(&b.0.file, b.0.start)));
    out
}

pub fn references(
    ws: &Workspace,
    name: &str,
    pos: lt::Position,
    include_declaration: bool,
    enc: Encoding,
) -> Option<Vec<lt::Location>> {
    let src = ws.src(name)?;
    let doc = ws.doc(name)?;
    let off = convert::offset(src, pos, enc);
    let At::Runbook { runbook, .. } = at(ws, doc, off) else {
        return None;
    };
    let mut out = Vec::new();
    if include_declaration {
        out.extend(ws.location(&runbook.span, enc));
    }
    for (span, _) in referrers(ws, runbook) {
        out.extend(ws.location(&span, enc));
    }
    Some(out)
}

#[allow(deprecated)] // DocumentSymbol::deprecated must be given
fn symbol(
    name: String,
    detail: Option<String>,
    kind: lt::SymbolKind,
    range: lt::Range,
    selection: lt::Range,
    children: Vec<lt::DocumentSymbol>,
) -> lt::DocumentSymbol {
    lt::DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: (!children.is_empty()).then_some(children),
    }
}

/// A node of the outline before its extent is known: it runs to the next sibling.
struct Node {
    name: String,
    detail: Option<String>,
    kind: lt::SymbolKind,
    head: (usize, usize),
    children: Vec<Node>,
}

fn build(
    nodes: Vec<Node>,
    end: usize,
    src: &crate::source::SourceFile,
    enc: Encoding,
) -> Vec<lt::DocumentSymbol> {
    let mut nodes = nodes;
    nodes.sort_by_key(|n| n.head.0);
    let starts: Vec<usize> = nodes.iter().map(|n| n.head.0).collect();
    nodes
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            let stop = starts.get(i + 1).copied().unwrap_or(end).max(n.head.1);
            let stop = stop.min(end.max(n.head.1));
            let children = build(n.children, stop, src, enc);
            symbol(
                n.name,
                n.detail,
                n.kind,
                convert::range(src, n.head.0, stop, enc),
                convert::range(src, n.head.0, n.head.1, enc),
                children,
            )
        })
        .collect()
}

fn steps(steps: &[crate::model::Step]) -> Vec<Node> {
    steps
        .iter()
        .filter(|s| s.title.is_some())
        .map(|s| Node {
            name: match s.number {
                Some(n) => format!("Step {n}: {}", s.title.clone().unwrap_or_default()),
                None => s.title.clone().unwrap_or_default(),
            },
            detail: None,
            kind: lt::SymbolKind::EVENT,
            head: (s.span.start, s.span.start + 1),
            children: Vec::new(),
        })
        .collect()
}

fn runbook_node(rb: &Runbook) -> Node {
    let section = |title: &str, span: &Span, children: Vec<Node>| Node {
        name: title.to_string(),
        detail: None,
        kind: lt::SymbolKind::NAMESPACE,
        head: (span.start, span.end),
        children,
    };
    let mut children = Vec::new();
    for s in [&rb.meaning, &rb.impact].into_iter().flatten() {
        children.push(section(&s.head.title, &s.head.span, Vec::new()));
    }
    for s in [&rb.symptoms, &rb.prevention].into_iter().flatten() {
        children.push(section(&s.head.title, &s.head.span, Vec::new()));
    }
    if let Some(d) = &rb.diagnosis {
        children.push(section(&d.head.title, &d.head.span, steps(&d.steps)));
    }
    if let Some(c) = &rb.causes {
        children.push(section(&c.head.title, &c.head.span, Vec::new()));
    }
    if let Some(r) = &rb.resolution {
        let mut kids = steps(r.steps());
        kids.extend(r.cases().iter().map(|c| Node {
            name: format!("Case {}: {}", c.number, c.title),
            detail: None,
            kind: lt::SymbolKind::ENUM_MEMBER,
            head: (c.span.start, c.span.end),
            children: steps(&c.steps),
        }));
        children.push(section(&r.head.title, &r.head.span, kids));
    }
    for e in &rb.extra {
        children.push(section(&e.head.title, &e.head.span, steps(&e.steps)));
    }
    Node {
        name: label(rb),
        detail: rb.severity().map(str::to_string),
        kind: lt::SymbolKind::MODULE,
        head: (rb.span.start, rb.span.end),
        children,
    }
}

/// `RB-001: Pod CrashLoopBackOff`; an alert runbook's name once (its ID is its title).
fn label(rb: &Runbook) -> String {
    if rb.title == rb.id {
        rb.id.clone()
    } else {
        format!("{}: {}", rb.id, rb.title)
    }
}

fn section_nodes(ss: &[crate::model::DocSection]) -> Vec<Node> {
    ss.iter()
        .map(|s| Node {
            name: s.title.clone(),
            detail: None,
            kind: lt::SymbolKind::STRING,
            head: (s.span.start, s.span.start + 1),
            children: section_nodes(&s.children),
        })
        .collect()
}

pub fn document_symbols(
    ws: &Workspace,
    name: &str,
    enc: Encoding,
) -> Option<lt::DocumentSymbolResponse> {
    let src = ws.src(name)?;
    let doc = ws.doc(name)?;
    let mut nodes: Vec<Node> = doc.runbooks.iter().map(runbook_node).collect();
    nodes.extend(section_nodes(&doc.sections));
    Some(lt::DocumentSymbolResponse::Nested(build(
        nodes,
        src.text.len(),
        src,
        enc,
    )))
}

#[allow(deprecated)] // SymbolInformation::deprecated must be given
pub fn workspace_symbols(ws: &Workspace, query: &str, enc: Encoding) -> Vec<lt::SymbolInformation> {
    let q = query.to_lowercase();
    ws.session
        .corpus()
        .runbooks()
        .filter(|(_, rb)| {
            q.is_empty()
                || format!("{} {}", rb.id, rb.title)
                    .to_lowercase()
                    .contains(&q)
        })
        .filter_map(|(_, rb)| {
            Some(lt::SymbolInformation {
                name: label(rb),
                kind: lt::SymbolKind::MODULE,
                tags: None,
                deprecated: None,
                location: ws.location(&rb.span, enc)?,
                container_name: Some(rb.span.file.to_string()),
            })
        })
        .collect()
}
