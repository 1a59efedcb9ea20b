//! A runbook and its sections: symptoms, diagnosis, causes, resolution, prevention.

use super::{Block, CodeBlock, Command};
use crate::source::Span;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Runbook {
    /// `RB-001`
    pub id: String,
    pub title: String,
    /// `pod-crashloopbackoff`: lower-case, `[a-z0-9-]`.
    pub slug: String,
    /// The heading's anchor in its document (GitHub slug rules).
    pub anchor: String,
    /// The heading that starts the runbook.
    pub span: Span,
    pub level: u8,
    /// The layout it was recognised by (`heading`, `label`, `alert`, or one of
    /// `runbooks.yaml`'s `layouts`).
    pub layout: String,
    /// `**Severity**: SEV-2` and other labels before the first section.
    pub metadata: BTreeMap<String, String>,
    /// Content before the first section that is not metadata.
    pub preamble: Vec<Block>,
    /// What the alert or incident means (alert runbooks' `## Meaning`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meaning: Option<ProseSection>,
    /// Who or what is affected (`## Impact`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<ProseSection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symptoms: Option<ListSection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<StepsSection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub causes: Option<CausesSection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    /// Other sections, in document order (`If Rollback Fails`).
    pub extra: Vec<StepsSection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevention: Option<ListSection>,
    /// The placeholders of its commands (`pod-name` of `<pod-name>`), each once, in order
    /// of appearance: the options of its script, the fields of its page, what an
    /// alert's labels fill.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placeholders: Vec<String>,
    /// Its title marks it deprecated (`# KubeAPIDown [Deprecated]`, `(deprecated)`), or
    /// its front matter says `deprecated: true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

/// The section kinds rbc knows; headings and bold labels map to them through aliases.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Meaning,
    Impact,
    Symptoms,
    Diagnosis,
    Causes,
    Resolution,
    Prevention,
}

impl SectionKind {
    pub const ALL: [SectionKind; 7] = [
        SectionKind::Meaning,
        SectionKind::Impact,
        SectionKind::Symptoms,
        SectionKind::Diagnosis,
        SectionKind::Causes,
        SectionKind::Resolution,
        SectionKind::Prevention,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Meaning => "Meaning",
            SectionKind::Impact => "Impact",
            SectionKind::Symptoms => "Symptoms",
            SectionKind::Diagnosis => "Diagnosis",
            SectionKind::Causes => "Common Causes",
            SectionKind::Resolution => "Resolution",
            SectionKind::Prevention => "Prevention",
        }
    }
}

/// Where a section starts: its heading or bold label.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SectionHead {
    /// The title as written (`Symptoms`, `Mitigation`, `If Rollback Fails`).
    pub title: String,
    pub slug: String,
    pub anchor: String,
    pub span: Span,
    /// `true` when introduced by `**Label**:` rather than a heading.
    pub label: bool,
}

/// Meaning or Impact: prose (and whatever else the section holds).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ProseSection {
    pub head: SectionHead,
    pub blocks: Vec<Block>,
}

impl ProseSection {
    /// The section's text, paragraphs and list items joined by newlines.
    pub fn text(&self) -> String {
        let mut out = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Paragraph(p) | Block::Quote(p) => out.push(p.text.clone()),
                Block::List(l) => out.extend(l.items.iter().map(|i| i.text.clone())),
                _ => {}
            }
        }
        out.join("\n")
    }
}

/// Symptoms or Prevention: a checklist.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ListSection {
    pub head: SectionHead,
    pub items: Vec<ListEntry>,
    /// Content that is not a list item.
    pub notes: Vec<Block>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ListEntry {
    pub span: Span,
    pub text: String,
    pub markdown: String,
}

/// Diagnosis and extra sections: steps, each with prose and code.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct StepsSection {
    pub head: SectionHead,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Step {
    pub span: Span,
    /// `N` of a `Step N:` heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    pub blocks: Vec<Block>,
}

impl Step {
    pub fn code_blocks(&self) -> impl Iterator<Item = &CodeBlock> {
        self.blocks.iter().filter_map(Block::as_code)
    }

    pub fn commands(&self) -> impl Iterator<Item = &Command> {
        self.code_blocks().flat_map(|c| c.commands.iter())
    }

    /// A one-line description: the title, else the first line of prose.
    pub fn describe(&self) -> Option<String> {
        self.title.clone().or_else(|| {
            self.blocks.iter().find_map(|b| match b {
                Block::Paragraph(p) => p.text.lines().next().map(str::to_string),
                _ => None,
            })
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CausesSection {
    pub head: SectionHead,
    pub causes: Vec<Cause>,
    pub notes: Vec<Block>,
}

/// `1. **Out of Memory**: Container OOMKilled`
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Cause {
    pub span: Span,
    pub number: u32,
    pub name: String,
    pub description: String,
    /// The number of the resolution case for this cause, when names match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Resolution {
    pub head: SectionHead,
    /// Content before the first case or step heading (`steps` form: empty).
    pub intro: Vec<Block>,
    pub form: ResolutionForm,
}

/// The three shapes a resolution takes.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ResolutionForm {
    /// `#### Case N: Title` alternatives: run one.
    Cases { cases: Vec<Case> },
    /// `#### Step N: Title`: run all, in order.
    Procedure { steps: Vec<Step> },
    /// Prose and code directly under the heading: run all, in order.
    Steps { steps: Vec<Step> },
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Case {
    pub span: Span,
    pub number: u32,
    pub title: String,
    pub slug: String,
    pub anchor: String,
    /// The number of the cause this case resolves, when names match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<u32>,
    pub steps: Vec<Step>,
}

impl Case {
    pub fn commands(&self) -> impl Iterator<Item = &Command> {
        self.steps.iter().flat_map(Step::commands)
    }
}

impl Resolution {
    pub fn cases(&self) -> &[Case] {
        match &self.form {
            ResolutionForm::Cases { cases } => cases,
            _ => &[],
        }
    }

    /// Steps of a procedure or of the direct form.
    pub fn steps(&self) -> &[Step] {
        match &self.form {
            ResolutionForm::Procedure { steps } | ResolutionForm::Steps { steps } => steps,
            ResolutionForm::Cases { .. } => &[],
        }
    }

    pub fn commands(&self) -> Box<dyn Iterator<Item = &Command> + '_> {
        match &self.form {
            ResolutionForm::Cases { cases } => Box::new(cases.iter().flat_map(Case::commands)),
            _ => Box::new(self.steps().iter().flat_map(Step::commands)),
        }
    }
}

/// The code blocks of `blocks`, added to `out`.
pub(super) fn code_of<'a>(blocks: &'a mut [Block], out: &mut Vec<&'a mut CodeBlock>) {
    out.extend(blocks.iter_mut().filter_map(|b| match b {
        Block::Code(c) => Some(c),
        _ => None,
    }));
}

impl Runbook {
    /// Every code block of the runbook, mutably, added to `out` (in no particular
    /// order; the same blocks as [`Runbook::code_blocks`]).
    pub fn code_blocks_into<'a>(&'a mut self, out: &mut Vec<&'a mut CodeBlock>) {
        fn steps<'a>(all: &'a mut [Step], out: &mut Vec<&'a mut CodeBlock>) {
            for s in all {
                code_of(&mut s.blocks, out);
            }
        }
        code_of(&mut self.preamble, out);
        for s in [&mut self.meaning, &mut self.impact].into_iter().flatten() {
            code_of(&mut s.blocks, out);
        }
        if let Some(s) = &mut self.symptoms {
            code_of(&mut s.notes, out);
        }
        if let Some(s) = &mut self.diagnosis {
            steps(&mut s.steps, out);
        }
        if let Some(s) = &mut self.causes {
            code_of(&mut s.notes, out);
        }
        if let Some(r) = &mut self.resolution {
            code_of(&mut r.intro, out);
            match &mut r.form {
                ResolutionForm::Cases { cases } => {
                    for c in cases {
                        steps(&mut c.steps, out);
                    }
                }
                ResolutionForm::Procedure { steps: s } | ResolutionForm::Steps { steps: s } => {
                    steps(s, out)
                }
            }
        }
        for e in &mut self.extra {
            steps(&mut e.steps, out);
        }
        if let Some(s) = &mut self.prevention {
            code_of(&mut s.notes, out);
        }
    }

    /// Every code block of the runbook, in document order.
    pub fn code_blocks(&self) -> Vec<&CodeBlock> {
        let mut sections: Vec<(usize, Vec<&CodeBlock>)> = Vec::new();
        fn steps_blocks(steps: &[Step]) -> Vec<&CodeBlock> {
            steps.iter().flat_map(Step::code_blocks).collect()
        }
        sections.push((
            self.span.start,
            self.preamble.iter().filter_map(Block::as_code).collect(),
        ));
        for s in [&self.meaning, &self.impact].into_iter().flatten() {
            sections.push((
                s.head.span.start,
                s.blocks.iter().filter_map(Block::as_code).collect(),
            ));
        }
        if let Some(s) = &self.symptoms {
            sections.push((
                s.head.span.start,
                s.notes.iter().filter_map(Block::as_code).collect(),
            ));
        }
        if let Some(s) = &self.diagnosis {
            sections.push((s.head.span.start, steps_blocks(&s.steps)));
        }
        if let Some(s) = &self.causes {
            sections.push((
                s.head.span.start,
                s.notes.iter().filter_map(Block::as_code).collect(),
            ));
        }
        if let Some(r) = &self.resolution {
            let mut v: Vec<&CodeBlock> = r.intro.iter().filter_map(Block::as_code).collect();
            match &r.form {
                ResolutionForm::Cases { cases } => {
                    v.extend(cases.iter().flat_map(|c| steps_blocks(&c.steps)))
                }
                _ => v.extend(steps_blocks(r.steps())),
            }
            sections.push((r.head.span.start, v));
        }
        for e in &self.extra {
            sections.push((e.head.span.start, steps_blocks(&e.steps)));
        }
        if let Some(s) = &self.prevention {
            sections.push((
                s.head.span.start,
                s.notes.iter().filter_map(Block::as_code).collect(),
            ));
        }
        sections.sort_by_key(|(start, _)| *start);
        sections.into_iter().flat_map(|(_, v)| v).collect()
    }

    pub fn commands(&self) -> impl Iterator<Item = &Command> {
        self.code_blocks()
            .into_iter()
            .flat_map(|c| c.commands.iter())
    }

    /// The placeholders of the runbook's commands, each once, in order of appearance
    /// (what the model keeps in [`Runbook::placeholders`], which stays when the code
    /// is dropped).
    pub fn placeholder_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in self.commands().flat_map(|c| c.placeholders.iter()) {
            if !out.contains(&p.name) {
                out.push(p.name.clone());
            }
        }
        out
    }

    pub fn severity(&self) -> Option<&str> {
        self.metadata.get("severity").map(String::as_str)
    }
}
