//! A runbook from its heading's subtree: metadata labels, sections by kind, the three
//! resolution forms, steps, and causes linked to cases.

use super::*;

pub(super) struct Part {
    pub(super) kind: Option<SectionKind>,
    pub(super) head: SectionHead,
    pub(super) blocks: Vec<Block>,
    pub(super) children: Vec<Node>,
}

impl Builder<'_> {
    pub(super) fn runbook(
        &mut self,
        id: String,
        title: String,
        n: Node,
        layout: &Layout,
    ) -> Runbook {
        let head = n.head.unwrap();
        let mut metadata = BTreeMap::new();
        let mut preamble = Vec::new();
        let mut parts: Vec<Part> = Vec::new();
        for blk in n.blocks {
            if let Block::Paragraph(p) = &blk {
                if let Some(labels) = bold_labels(&p.markdown) {
                    let starts_section =
                        labels.iter().any(|(k, _)| layout.section_kind(k).is_some());
                    if parts.is_empty() || starts_section {
                        let lines: Vec<(usize, &str)> = line_offsets(&p.markdown);
                        for ((label, value), (off, line)) in labels.into_iter().zip(lines) {
                            let lstart = p.span.start + off;
                            let lspan = self.src.span(lstart, lstart + line.len());
                            if let Some(kind) = layout.section_kind(&label) {
                                let mut blocks = Vec::new();
                                if !value.is_empty() {
                                    blocks.push(Block::Paragraph(Prose {
                                        span: lspan.clone(),
                                        text: value.clone(),
                                        markdown: value,
                                    }));
                                }
                                parts.push(Part {
                                    kind: Some(kind),
                                    head: SectionHead {
                                        slug: slug(&label),
                                        anchor: head.anchor.clone(),
                                        title: label,
                                        span: lspan,
                                        label: true,
                                    },
                                    blocks,
                                    children: Vec::new(),
                                });
                            } else if let Some(last) = parts.last_mut() {
                                last.blocks.push(Block::Paragraph(Prose {
                                    span: lspan,
                                    text: format!("{label}: {value}"),
                                    markdown: line.to_string(),
                                }));
                            } else {
                                metadata.insert(snake(&label), value);
                            }
                        }
                        continue;
                    }
                }
            }
            match parts.last_mut() {
                Some(p) => p.blocks.push(blk),
                None => preamble.push(blk),
            }
        }
        for c in n.children {
            let ch = c.head.as_ref().unwrap();
            let kind = layout.section_kind(&ch.text);
            if kind.is_none() && numbered(&ch.text).is_some() {
                if let Some(last) = parts.last_mut() {
                    last.children.push(c);
                    continue;
                }
            }
            let ch = c.head.unwrap();
            parts.push(Part {
                kind,
                head: SectionHead {
                    slug: slug(&ch.text),
                    title: ch.text,
                    anchor: ch.anchor,
                    span: ch.span,
                    label: false,
                },
                blocks: c.blocks,
                children: c.children,
            });
        }

        let mut rb = Runbook {
            slug: slug(if title.is_empty() { &id } else { &title }),
            id,
            title,
            anchor: head.anchor,
            span: head.span,
            level: head.level,
            layout: layout.name.clone(),
            metadata,
            preamble,
            meaning: None,
            impact: None,
            symptoms: None,
            diagnosis: None,
            causes: None,
            resolution: None,
            extra: Vec::new(),
            prevention: None,
            placeholders: Vec::new(),
            deprecated: false,
        };
        for p in parts {
            let taken = match p.kind {
                Some(SectionKind::Meaning) => rb.meaning.is_some(),
                Some(SectionKind::Impact) => rb.impact.is_some(),
                Some(SectionKind::Symptoms) => rb.symptoms.is_some(),
                Some(SectionKind::Diagnosis) => rb.diagnosis.is_some(),
                Some(SectionKind::Causes) => rb.causes.is_some(),
                Some(SectionKind::Resolution) => rb.resolution.is_some(),
                Some(SectionKind::Prevention) => rb.prevention.is_some(),
                None => true,
            };
            if taken {
                let steps = self.steps(p.blocks, p.children);
                rb.extra.push(StepsSection {
                    head: p.head,
                    steps,
                });
                continue;
            }
            match p.kind.unwrap() {
                SectionKind::Meaning => rb.meaning = Some(prose_section(p)),
                SectionKind::Impact => rb.impact = Some(prose_section(p)),
                SectionKind::Symptoms => rb.symptoms = Some(list_section(p)),
                SectionKind::Prevention => rb.prevention = Some(list_section(p)),
                SectionKind::Causes => rb.causes = Some(causes_section(p)),
                SectionKind::Diagnosis => {
                    let steps = self.steps(p.blocks, p.children);
                    rb.diagnosis = Some(StepsSection {
                        head: p.head,
                        steps,
                    });
                }
                SectionKind::Resolution => rb.resolution = Some(self.resolution(p)),
            }
        }
        link_causes(&mut rb);
        rb.placeholders = rb.placeholder_names();
        rb.deprecated = says_deprecated(&rb.title)
            || rb
                .metadata
                .get("deprecated")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        rb
    }

    pub(super) fn resolution(&mut self, p: Part) -> Resolution {
        let kinds: Vec<Option<bool>> = p
            .children
            .iter()
            .map(|c| numbered(c.title()).map(|(is_case, _, _)| is_case))
            .collect();
        if kinds.contains(&Some(true)) {
            let mut cases: Vec<Case> = Vec::new();
            let mut intro = p.blocks;
            for c in p.children {
                match numbered(c.title()) {
                    Some((true, number, title)) => {
                        let h = c.head.unwrap();
                        let steps = self.steps(c.blocks, c.children);
                        cases.push(Case {
                            span: h.span,
                            number,
                            slug: slug(if title.is_empty() { &h.text } else { &title }),
                            title: if title.is_empty() { h.text } else { title },
                            anchor: h.anchor,
                            cause: None,
                            steps,
                        });
                    }
                    _ => {
                        let step = self.titled_step(c);
                        match cases.last_mut() {
                            Some(last) => last.steps.push(step),
                            None => intro.extend(step.blocks),
                        }
                    }
                }
            }
            Resolution {
                head: p.head,
                intro,
                form: ResolutionForm::Cases { cases },
            }
        } else if kinds.contains(&Some(false)) {
            let steps = p
                .children
                .into_iter()
                .map(|c| self.titled_step(c))
                .collect();
            Resolution {
                head: p.head,
                intro: p.blocks,
                form: ResolutionForm::Procedure { steps },
            }
        } else {
            let steps = self.steps(p.blocks, p.children);
            Resolution {
                head: p.head,
                intro: Vec::new(),
                form: ResolutionForm::Steps { steps },
            }
        }
    }

    /// A sub-section as one step: `Step N: Title` or any heading.
    pub(super) fn titled_step(&mut self, c: Node) -> Step {
        let end = c.end();
        let h = c.head.as_ref().unwrap();
        let (number, title) = match numbered(&h.text) {
            Some((_, n, t)) if !t.is_empty() => (Some(n), t),
            Some((_, n, _)) => (Some(n), h.text.clone()),
            None => (None, h.text.clone()),
        };
        let span = self.src.span(h.span.start, end);
        let anchor = Some(h.anchor.clone());
        let mut blocks = Vec::new();
        c.flatten(&mut blocks);
        Step {
            span,
            number,
            title: Some(title),
            anchor,
            blocks,
        }
    }

    /// Direct content as steps: each code block closes a step with the prose before it.
    pub(super) fn steps(&mut self, blocks: Vec<Block>, children: Vec<Node>) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut cur: Vec<Block> = Vec::new();
        let close = |cur: &mut Vec<Block>, steps: &mut Vec<Step>, src: &SourceFile| {
            if cur.is_empty() {
                return;
            }
            let span = src.span(cur[0].span().start, cur.last().unwrap().span().end);
            let mut blocks = std::mem::take(cur);
            blocks.shrink_to_fit();
            steps.push(Step {
                span,
                number: None,
                title: None,
                anchor: None,
                blocks,
            });
        };
        for b in blocks {
            let is_code = matches!(b, Block::Code(_));
            cur.push(b);
            if is_code {
                close(&mut cur, &mut steps, self.src);
            }
        }
        close(&mut cur, &mut steps, self.src);
        for c in children {
            steps.push(self.titled_step(c));
        }
        steps.shrink_to_fit();
        steps
    }
}

fn prose_section(p: Part) -> ProseSection {
    let mut blocks = p.blocks;
    for c in p.children {
        c.flatten(&mut blocks);
    }
    blocks.shrink_to_fit();
    ProseSection {
        head: p.head,
        blocks,
    }
}

fn list_section(p: Part) -> ListSection {
    let mut blocks = p.blocks;
    for c in p.children {
        c.flatten(&mut blocks);
    }
    let mut items = Vec::new();
    let mut notes = Vec::new();
    let has_list = blocks.iter().any(|b| matches!(b, Block::List(_)));
    for b in blocks {
        match b {
            Block::List(l) => items.extend(l.items.into_iter().map(|i| ListEntry {
                span: i.span,
                text: i.text,
                markdown: i.markdown,
            })),
            // `**Symptoms**: browsers show ERR_CERT_DATE_INVALID` is one item.
            Block::Paragraph(p) if !has_list => items.push(ListEntry {
                span: p.span,
                text: p.text,
                markdown: p.markdown,
            }),
            other => notes.push(other),
        }
    }
    ListSection {
        head: p.head,
        items,
        notes,
    }
}

fn causes_section(p: Part) -> CausesSection {
    let mut blocks = p.blocks;
    for c in p.children {
        c.flatten(&mut blocks);
    }
    let mut causes = Vec::new();
    let mut notes = Vec::new();
    for b in blocks {
        match b {
            Block::List(l) => {
                let first = l.start.unwrap_or(1) as u32;
                for (i, it) in l.items.into_iter().enumerate() {
                    let (name, description) = match bold_lead(&it.markdown) {
                        Some((n, d)) => (n.trim().to_string(), d.trim().to_string()),
                        None => match it.text.split_once(": ") {
                            Some((n, d)) => (n.trim().to_string(), d.trim().to_string()),
                            None => (it.text.clone(), String::new()),
                        },
                    };
                    let number = if l.ordered {
                        first + i as u32
                    } else {
                        causes.len() as u32 + 1
                    };
                    causes.push(Cause {
                        span: it.span,
                        number,
                        name,
                        description,
                        case: None,
                    });
                }
            }
            other => notes.push(other),
        }
    }
    CausesSection {
        head: p.head,
        causes,
        notes,
    }
}

fn link_causes(rb: &mut Runbook) {
    let (Some(causes), Some(res)) = (&mut rb.causes, &mut rb.resolution) else {
        return;
    };
    let ResolutionForm::Cases { cases } = &mut res.form else {
        return;
    };
    for cause in &mut causes.causes {
        let key = name_key(&cause.name);
        if key.is_empty() {
            continue;
        }
        if let Some(case) = cases
            .iter_mut()
            .find(|c| c.cause.is_none() && name_key(&c.title) == key)
        {
            case.cause = Some(cause.number);
            cause.case = Some(case.number);
        }
    }
}

/// A title tagged deprecated: `KubeAPIDown [Deprecated]`, `Old alert (deprecated)`.
fn says_deprecated(title: &str) -> bool {
    let t = title.trim_end().to_ascii_lowercase();
    t.ends_with("[deprecated]") || t.ends_with("(deprecated)")
}
