//! Content blocks: prose, lists, tables, code blocks and the commands inside them.

use crate::source::Span;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A block of Markdown content, kept in document order so nothing is dropped.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph(Prose),
    Quote(Prose),
    List(List),
    Code(CodeBlock),
    Table(Table),
    Html(Prose),
    Rule { span: Span },
}

impl Block {
    pub fn span(&self) -> &Span {
        match self {
            Block::Paragraph(p) | Block::Quote(p) | Block::Html(p) => &p.span,
            Block::List(l) => &l.span,
            Block::Code(c) => &c.span,
            Block::Table(t) => &t.span,
            Block::Rule { span } => span,
        }
    }

    pub fn as_code(&self) -> Option<&CodeBlock> {
        match self {
            Block::Code(c) => Some(c),
            _ => None,
        }
    }
}

/// Prose: its plain text and the Markdown source it came from.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Prose {
    pub span: Span,
    /// Plain text (inline markup removed).
    pub text: String,
    /// The Markdown source of the block.
    pub markdown: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct List {
    pub span: Span,
    pub ordered: bool,
    /// The number of the first item of an ordered list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    pub items: Vec<Item>,
}

/// One list item (its nested lists are folded into its text).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Item {
    pub span: Span,
    pub text: String,
    pub markdown: String,
    /// `- [x]` / `- [ ]` task items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    pub span: Span,
    pub header: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TableRow {
    pub span: Span,
    pub cells: Vec<String>,
}

/// A fenced or indented code block.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CodeBlock {
    pub span: Span,
    /// First word of the info string, lower-cased (`bash`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The whole info string.
    pub info: String,
    /// The code, without fences.
    pub text: String,
    /// Byte offset of the code's first byte in the file.
    pub text_start: usize,
    /// 1-based line of the code's first line.
    pub text_line: u32,
    /// Whether the block is read as shell commands.
    pub shell: bool,
    /// Labelled as shell, but clearly `yaml`, `json` or `promql` (then not read as shell).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_shell: Option<String>,
    /// A shell session (`$ command` lines followed by their output, or a `console`
    /// block): only the prompt lines and their continuations are commands.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub session: bool,
    /// The logical commands in the block (only for shell blocks).
    pub commands: Vec<Command>,
    /// Where each piece of `text` is in the file (see [`crate::source::OffsetMap`]).
    #[serde(skip)]
    #[schemars(skip)]
    pub map: crate::source::OffsetMap,
}

impl CodeBlock {
    /// The file offset of a byte offset in `text`.
    pub fn file_offset(&self, file_text: &str, text_offset: usize) -> usize {
        self.map.to_file(file_text, text_offset)
    }
}

/// One logical shell command: continuation lines joined.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Command {
    /// From the first byte of the command to the end of its last line.
    pub span: Span,
    /// The command with `\`-newline continuations joined by a space.
    pub text: String,
    /// The command exactly as written (continuations kept); in a shell session, the
    /// `> ` prompts of continuation lines are blanked (same length), so it runs.
    pub source: String,
    /// The command as the fence holds it, when that is not `source`: CommonMark takes
    /// a list item's indentation off a fence inside it (and CRLF line ends are LF).
    /// The scripts run this; `source` keeps the file's offsets.
    #[serde(skip)]
    #[schemars(skip)]
    pub code: Option<String>,
    /// 1-based file line of every physical line of the command.
    pub lines: Vec<u32>,
    /// The `#` comment directly above the command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The program run (`kubectl`, `curl`, `./scripts/smoke-tests.sh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    pub placeholders: Vec<Placeholder>,
    /// Every kubectl the command runs, in order: the parts of pipelines and lists,
    /// subshells, command substitutions, and the programs of wrappers (`xargs`,
    /// `watch`, `timeout`, `env`, `sudo`, `time`, `sh -c '…'`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kubectl: Vec<super::Kubectl>,
}

impl Command {
    /// The command as the fence holds it: what a script runs.
    pub fn code(&self) -> &str {
        self.code.as_deref().unwrap_or(&self.source)
    }

    /// What the command does to the cluster: the strongest class of its kubectl
    /// commands (a line that pipes into `xargs kubectl delete` changes the cluster).
    pub fn class(&self) -> Option<super::CommandClass> {
        self.kubectl.iter().map(|k| k.class).max()
    }
}

/// A `<placeholder>` the operator fills in.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Placeholder {
    /// The name between the angle brackets (`pod-name`).
    pub name: String,
    pub span: Span,
}

/// A Markdown link or image anywhere in a document.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Link {
    pub span: Span,
    pub text: String,
    pub target: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub image: bool,
}

/// A mention of a runbook ID (`RB-004`) in prose or a link.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Mention {
    pub id: String,
    pub span: Span,
}
