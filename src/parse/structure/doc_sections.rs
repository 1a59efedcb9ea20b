//! Sections of a document that are not runbooks: severity tables, escalation
//! timelines, templates, reference links.

use super::*;

static TEMPLATE_PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<([A-Za-z0-9][^<>\n]{0,60})>").unwrap());

impl Builder<'_> {
    /// A heading that starts a runbook: `Runbook: RB-001 - …`, `RB-001: …`, or (in a
    /// playbook of several alerts) the name of an alert of the rule files, below the
    /// title (`### CortexIngesterUnhealthy`, `` ## `ThanosCompactHalted` ``).
    pub(super) fn runbook_head(&self, h: &Head, layout: &Layout) -> Option<(String, String)> {
        if let Some(r) = runbook_heading(&h.text) {
            return Some(r);
        }
        let name = h.text.trim().trim_matches('`').trim();
        let by_alert = h.level >= 2 && self.settings.alert_names.contains(name);
        // A layout's ID headings (`id_headings: 3`): the heading is the ID.
        let by_layout = layout.id_headings == Some(h.level) && layout.id_pattern.is_match(name);
        (by_alert || by_layout).then(|| (name.to_string(), String::new()))
    }

    pub(super) fn walk(
        &mut self,
        n: Node,
        links: &[Link],
        layout: &Layout,
        runbooks: &mut Vec<Runbook>,
        out: &mut Vec<DocSection>,
    ) {
        let h = n.head.as_ref().unwrap();
        if let Some((id, title)) = self.runbook_head(h, layout) {
            // An alert's section of a playbook reads as the built-in `playbook` layout,
            // a layout's ID heading as its layout.
            let layout = if title.is_empty() && layout.id_headings != Some(h.level) {
                self.settings.layout("playbook")
            } else {
                layout
            };
            let title = if title.is_empty() { id.clone() } else { title };
            let rb = self.runbook(id, title, n, layout);
            runbooks.push(rb);
            return;
        }
        let head = n.head.unwrap();
        let start = head.span.start;
        let end = n.children.last().map(Node::end).unwrap_or(0).max(
            n.blocks
                .last()
                .map(|b| b.span().end)
                .unwrap_or(head.span.end),
        );
        let mut children = Vec::new();
        let mut child_nodes_for_kind: Vec<(String, String, Span, Vec<Block>)> = Vec::new();
        for c in n.children {
            if c.head
                .as_ref()
                .is_some_and(|h| self.runbook_head(h, layout).is_none())
            {
                let ch = c.head.as_ref().unwrap();
                let mut blocks = Vec::new();
                blocks.extend(c.blocks.iter().cloned());
                child_nodes_for_kind.push((
                    ch.text.clone(),
                    ch.anchor.clone(),
                    ch.span.clone(),
                    blocks,
                ));
            }
            self.walk(c, links, layout, runbooks, &mut children);
        }
        let title = normalise_title(&head.text);
        let kind = if title.contains("severity") {
            let levels = severity_levels(
                n.blocks
                    .iter()
                    .chain(child_nodes_for_kind.iter().flat_map(|c| c.3.iter())),
            );
            if levels.is_empty() {
                DocSectionKind::Generic
            } else {
                DocSectionKind::SeverityLevels { levels }
            }
        } else if title.contains("escalation") {
            let mut procedures = Vec::new();
            let own = timeline(&n.blocks);
            if !own.is_empty() {
                procedures.push(EscalationProcedure {
                    title: head.text.clone(),
                    anchor: head.anchor.clone(),
                    span: head.span.clone(),
                    entries: own,
                });
            }
            for (t, a, s, blocks) in &child_nodes_for_kind {
                let entries = timeline(blocks);
                if !entries.is_empty() {
                    procedures.push(EscalationProcedure {
                        title: t.clone(),
                        anchor: a.clone(),
                        span: s.clone(),
                        entries,
                    });
                }
            }
            DocSectionKind::Escalation { procedures }
        } else if title.contains("template") {
            let mut templates = Vec::new();
            for (t, a, s, blocks) in &child_nodes_for_kind {
                for b in blocks {
                    if let Block::Code(c) = b {
                        templates.push(self.template(t, a, s, c));
                    }
                }
            }
            DocSectionKind::Templates { templates }
        } else if title.contains("reference") || title.contains("links") {
            DocSectionKind::Links {
                links: links
                    .iter()
                    .filter(|l| l.span.start >= start && l.span.end <= end)
                    .cloned()
                    .collect(),
            }
        } else {
            DocSectionKind::Generic
        };
        out.push(DocSection {
            title: head.text,
            level: head.level,
            anchor: head.anchor,
            span: head.span,
            kind,
            blocks: n.blocks,
            children,
        });
    }

    pub(super) fn template(
        &self,
        title: &str,
        anchor: &str,
        span: &Span,
        c: &CodeBlock,
    ) -> Template {
        let placeholders = TEMPLATE_PLACEHOLDER
            .captures_iter(&c.text)
            .map(|m| {
                let r = m.get(0).unwrap();
                Placeholder {
                    name: m[1].to_string(),
                    span: self.src.span(
                        c.file_offset(&self.src.text, r.start()),
                        c.file_offset(&self.src.text, r.end()),
                    ),
                }
            })
            .collect();
        Template {
            title: title.to_string(),
            anchor: anchor.to_string(),
            span: span.clone(),
            text: c.text.clone(),
            placeholders,
        }
    }
}

fn severity_levels<'a>(blocks: impl Iterator<Item = &'a Block>) -> Vec<SeverityLevel> {
    for b in blocks {
        let Block::Table(t) = b else { continue };
        let col = |names: &[&str]| {
            t.header.iter().position(|h| {
                let h = h.to_lowercase();
                names.iter().any(|n| h.contains(n))
            })
        };
        let Some(level) = col(&["level", "severity", "sev"]) else {
            continue;
        };
        let name = col(&["name", "label"]);
        let response = col(&["response", "time"]);
        let escalation = col(&["escalat", "owner", "contact"]);
        let cell = |r: &TableRow, i: Option<usize>| {
            i.and_then(|i| r.cells.get(i)).cloned().unwrap_or_default()
        };
        return t
            .rows
            .iter()
            .map(|r| SeverityLevel {
                span: r.span.clone(),
                level: cell(r, Some(level)),
                name: cell(r, name),
                response_time: cell(r, response),
                escalation: cell(r, escalation),
            })
            .collect();
    }
    Vec::new()
}

fn timeline(blocks: &[Block]) -> Vec<TimelineEntry> {
    let mut out = Vec::new();
    for b in blocks {
        let Block::List(l) = b else { continue };
        let first = l.start.unwrap_or(1) as u32;
        for (i, it) in l.items.iter().enumerate() {
            let (when, action) = match bold_lead(&it.markdown) {
                Some((w, a)) => (
                    Some(w.trim().trim_end_matches(':').to_string()),
                    a.trim().to_string(),
                ),
                _ => (None, it.text.clone()),
            };
            out.push(TimelineEntry {
                span: it.span.clone(),
                number: first + i as u32,
                when,
                action,
            });
        }
    }
    out
}
