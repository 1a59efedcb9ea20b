//! A Markdown document: its metadata, its runbooks and its other sections.

use super::{Block, CodeBlock, Link, Mention, Placeholder, Runbook};
use crate::source::Span;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A document; its `runbooks` are [`Runbook`]s, or in `corpus.json`
/// [`super::RunbookRef`]s (each runbook in its own file).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Document<R = Runbook> {
    /// Path relative to the corpus root (the folder of `runbooks.yaml`, else the folder
    /// checked), with `/` separators: the same wherever rbc runs from.
    pub path: String,
    /// The whole file.
    pub span: Span,
    /// The first H1, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// YAML front matter and `**Label**: value` lines before the first section.
    /// Keys are lower-case snake case (`last_updated`).
    pub metadata: BTreeMap<String, serde_json::Value>,
    pub runbooks: Vec<R>,
    /// Sections that are not runbooks, in document order.
    pub sections: Vec<DocSection>,
    /// Blocks before the first heading that are not metadata.
    pub preamble: Vec<Block>,
    /// Every heading anchor (GitHub slug rules), in document order.
    pub anchors: Vec<String>,
    pub links: Vec<Link>,
    /// Runbook IDs mentioned in prose and links.
    pub mentions: Vec<Mention>,
    /// Inline code in prose that is a command (`kubectl -n $NS describe pod $POD`):
    /// validated like the commands of code blocks, never run by a script.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline_commands: Vec<super::Command>,
    /// `<!-- rbc-disable CODE reason -->` comments.
    #[serde(default)]
    pub suppressions: Vec<Suppression>,
}

impl Document {
    /// Every code block of the document, mutably: its preamble's, its sections' and
    /// its runbooks', in no particular order.
    pub fn code_blocks_mut(&mut self) -> Vec<&mut CodeBlock> {
        fn sections<'a>(all: &'a mut [DocSection], out: &mut Vec<&'a mut CodeBlock>) {
            for s in all {
                super::runbook::code_of(&mut s.blocks, out);
                sections(&mut s.children, out);
            }
        }
        let mut out = Vec::new();
        super::runbook::code_of(&mut self.preamble, &mut out);
        sections(&mut self.sections, &mut out);
        for r in &mut self.runbooks {
            r.code_blocks_into(&mut out);
        }
        out
    }

    /// Drop what only the file-scope rules read: every command (with its kubectl
    /// parse) and the text of every code block, most of a document's model. `rbc check`
    /// does this to each file once those rules have run on it; the corpus-wide rules
    /// (links, anchors, IDs, the index, alerts) never read code.
    pub fn forget_code(&mut self) {
        for c in self.code_blocks_mut() {
            c.commands = Vec::new();
            c.text = String::new();
            c.map = Default::default();
        }
        self.inline_commands = Vec::new();
    }

    /// The same document with `runbooks` in place of its runbooks (the rest cloned).
    pub fn with_runbooks<R>(&self, runbooks: Vec<R>) -> Document<R> {
        Document {
            path: self.path.clone(),
            span: self.span.clone(),
            title: self.title.clone(),
            metadata: self.metadata.clone(),
            runbooks,
            sections: self.sections.clone(),
            preamble: self.preamble.clone(),
            anchors: self.anchors.clone(),
            links: self.links.clone(),
            mentions: self.mentions.clone(),
            inline_commands: self.inline_commands.clone(),
            suppressions: self.suppressions.clone(),
        }
    }
}

/// `<!-- rbc-disable CODE reason -->` (the next block) or
/// `<!-- rbc-disable-file CODE reason -->` (the whole file).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Suppression {
    /// The comment.
    pub span: Span,
    /// Rule codes or names.
    pub rules: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    pub file: bool,
    /// Byte range it covers (the next block, or the whole file).
    pub start: usize,
    pub end: usize,
}

/// A non-runbook section. Recognised kinds are typed; the rest are generic.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DocSection {
    pub title: String,
    pub level: u8,
    pub anchor: String,
    pub span: Span,
    pub kind: DocSectionKind,
    pub blocks: Vec<Block>,
    pub children: Vec<DocSection>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DocSectionKind {
    /// The incident severity table.
    SeverityLevels {
        levels: Vec<SeverityLevel>,
    },
    /// Escalation procedures: one per sub-section, each an ordered list.
    Escalation {
        procedures: Vec<EscalationProcedure>,
    },
    /// Message templates with their placeholders.
    Templates {
        templates: Vec<Template>,
    },
    /// References or quick links: the links of the section and its sub-sections.
    Links {
        links: Vec<Link>,
    },
    Generic,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SeverityLevel {
    pub span: Span,
    pub level: String,
    pub name: String,
    pub response_time: String,
    pub escalation: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct EscalationProcedure {
    pub title: String,
    pub anchor: String,
    pub span: Span,
    pub entries: Vec<TimelineEntry>,
}

/// `1. **0-5 min**: Page on-call engineer`
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TimelineEntry {
    pub span: Span,
    pub number: u32,
    /// The bold label, when the entry has one (`0-5 min`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    pub action: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Template {
    pub title: String,
    pub anchor: String,
    pub span: Span,
    pub text: String,
    pub placeholders: Vec<Placeholder>,
}
