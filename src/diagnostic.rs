//! Diagnostics as data: a rule code, a severity, a message, spans, help and fixes.
//! Rendering (human, short, JSON) is separate and pure: it returns strings.

use crate::rule::{Level, Rule};
use crate::source::{SourceFile, Span};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn from_level(l: Level) -> Option<Severity> {
        match l {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// A secondary place shown with a diagnostic (the other duplicate, say).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A machine-applicable replacement of bytes in one file.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Fix {
    pub description: String,
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Diagnostic {
    pub code: &'static str,
    /// The rule's kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A finding of `rule`, at the rule's default level.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code: rule.code,
            name: rule.name,
            severity: Severity::from_level(rule.level).unwrap_or(Severity::Warning),
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// A diagnostic about a whole file (no position inside it).
    pub fn file(rule: &'static Rule, path: &str, message: impl Into<String>) -> Self {
        let span = Span {
            file: Arc::from(path),
            start: 0,
            end: 0,
            line: 1,
            col: 1,
        };
        Diagnostic::new(rule, span, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Order for reports: file, position, code.
    pub fn sort_key(&self) -> (Arc<str>, usize, &'static str, String) {
        (
            self.span.file.clone(),
            self.span.start,
            self.code,
            self.message.clone(),
        )
    }
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
}

impl Summary {
    pub fn of(diags: &[Diagnostic], files: usize) -> Self {
        let mut s = Summary {
            files,
            ..Summary::default()
        };
        for d in diags {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    pub fn line(&self) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        let mut parts = vec![
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
        ];
        if self.infos > 0 {
            parts.push(plural(self.infos, "info"));
        }
        format!("{} in {}", parts.join(", "), plural(self.files, "file"))
    }
}

/// Sources by name (the path relative to the corpus root), to show the lines a
/// diagnostic points at.
pub type Sources = HashMap<Arc<str>, SourceFile>;

/// The source a finding's file is: by its name, or by the path the user gave
/// ([`SourceFile::shown`], which findings show). The name is usually the end of that
/// path, so those are tried first; then every file.
pub fn source_of<'a>(sources: &'a Sources, file: &str) -> Option<&'a SourceFile> {
    if let Some(s) = sources.get(file) {
        if *s.shown == *file || s.path == s.shown {
            return Some(s);
        }
    }
    let mut rest = file;
    while let Some(i) = rest.find('/') {
        rest = &rest[i + 1..];
        if let Some(s) = sources.get(rest).filter(|s| *s.shown == *file) {
            return Some(s);
        }
    }
    sources
        .get(file)
        .or_else(|| sources.values().find(|s| *s.shown == *file))
}

/// ANSI styles for the human format (all empty when colour is off).
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, sev: Severity) -> &'static str {
        match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        }
    }
}

/// rustc-style: header, location, the source line with a caret, labels, help.
pub fn render_human(d: &Diagnostic, sources: &Sources) -> String {
    render_human_styled(d, sources, Style::default())
}

/// [`render_human`], coloured when `style.color`.
pub fn render_human_styled(d: &Diagnostic, sources: &Sources, style: Style) -> String {
    let plain = render_plain(d, sources);
    if !style.color {
        return plain;
    }
    let sev = style.severity(d.severity);
    let mut out = String::with_capacity(plain.len() + 64);
    for (i, line) in plain.lines().enumerate() {
        if i == 0 {
            let (head, msg) = line.split_once(": ").unwrap_or((line, ""));
            out.push_str(&style.paint(sev, head));
            out.push_str(&style.paint("1", &format!(": {msg}")));
        } else if let Some((gutter, rest)) = line.split_once(" |") {
            out.push_str(&style.paint("1;34", &format!("{gutter} |")));
            if rest.trim_start().starts_with(['^', '-'])
                && rest
                    .trim()
                    .chars()
                    .next()
                    .is_some_and(|c| c == '^' || c == '-')
            {
                out.push_str(&style.paint(sev, rest));
            } else {
                out.push_str(rest);
            }
        } else if line.trim_start().starts_with("-->")
            || line.trim_start().starts_with(":::")
            || line.trim_start().starts_with('=')
        {
            out.push_str(&style.paint("1;34", line));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

fn render_plain(d: &Diagnostic, sources: &Sources) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
    let src = source_of(sources, &d.span.file);
    let width = src
        .map(|_| {
            let last = d
                .labels
                .iter()
                .map(|l| l.span.line)
                .chain([d.span.line])
                .max()
                .unwrap_or(1);
            last.to_string().len()
        })
        .unwrap_or(1);
    let pad = " ".repeat(width);
    let _ = writeln!(s, "{pad}--> {}:{}:{}", d.span.file, d.span.line, d.span.col);
    if let Some(f) = src {
        if !f.text.is_empty() {
            let _ = writeln!(s, "{pad} |");
            snippet(&mut s, f, &d.span, "", width, '^');
        }
    }
    for l in &d.labels {
        match source_of(sources, &l.span.file) {
            Some(f) if l.span.file == d.span.file => {
                snippet(&mut s, f, &l.span, &l.message, width, '-');
            }
            Some(f) => {
                let _ = writeln!(s, "{pad}::: {}:{}:{}", l.span.file, l.span.line, l.span.col);
                snippet(&mut s, f, &l.span, &l.message, width, '-');
            }
            None => {
                let _ = writeln!(
                    s,
                    "{pad} = note: {} ({}:{}:{})",
                    l.message, l.span.file, l.span.line, l.span.col
                );
            }
        }
    }
    if let Some(h) = &d.help {
        let _ = writeln!(s, "{pad} |");
        let _ = writeln!(s, "{pad} = help: {h}");
    }
    if let Some(fx) = &d.fix {
        let _ = writeln!(s, "{pad} = fix: {}", fx.description);
    }
    s
}

fn snippet(s: &mut String, f: &SourceFile, span: &Span, msg: &str, width: usize, mark: char) {
    let line = f.line_text(span.line);
    let shown: String = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let _ = writeln!(s, "{:>width$} | {}", span.line, shown);
    let line_start = f.line_start(span.line);
    let line_end = line_start + line.len();
    let end = span.end.clamp(span.start, line_end);
    let len = f
        .text
        .get(span.start.min(line_end)..end)
        .map(|t| t.chars().count())
        .unwrap_or(0);
    let carets: String = std::iter::repeat_n(mark, len.max(1)).collect();
    let lead = " ".repeat(span.col.saturating_sub(1) as usize);
    let tail = if msg.is_empty() {
        String::new()
    } else {
        format!(" {msg}")
    };
    let _ = writeln!(s, "{:width$} | {lead}{carets}{tail}", "");
}

/// One line per finding: `file:line:col: severity[CODE] message`.
pub fn render_short(d: &Diagnostic) -> String {
    format!(
        "{}:{}:{}: {}[{}] {}",
        d.span.file,
        d.span.line,
        d.span.col,
        d.severity.as_str(),
        d.code,
        d.message
    )
}
