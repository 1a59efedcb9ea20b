//! Raw blocks to a [`Document`]: the heading tree, runbooks and their sections,
//! and the typed document-level sections.

mod doc_sections;
mod labels;
mod layout;
mod mentions;
mod runbook;
mod suppressions;

use super::markdown::{self, RawBlock};
use super::shell;
use crate::diagnostic::Diagnostic;
use crate::model::*;
use crate::settings::{normalise_title, Layout, Settings, Unlabelled};
use crate::slug::{slug, Anchors};
use crate::source::{SourceFile, Span};
use labels::{bold_labels, bold_lead, is_space, line_offsets, snake};
use regex_lite::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;
use suppressions::suppressions;

static RUNBOOK_PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^runbook\s*:?\s+([a-z]+-?[0-9][\w.-]*)\s*(?:[-–—:|]\s*(.*)|\s+(.*))?$")
        .unwrap()
});
static RUNBOOK_BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(RB-[\w.-]*)\s*(?:[-–—:|]\s*(.*)|\s+(.*))?$").unwrap());

/// Split `Runbook: RB-001 - Title` / `RB-001: Title` into ID and title.
pub fn runbook_heading(text: &str) -> Option<(String, String)> {
    // Cheap test first: the regexes only match text starting with `runbook` or `RB-`.
    let head = text.get(..7).unwrap_or(text);
    if !head.eq_ignore_ascii_case("runbook") && !text.starts_with("RB-") {
        return None;
    }
    let c = RUNBOOK_PREFIXED
        .captures(text)
        .or_else(|| RUNBOOK_BARE.captures(text))?;
    let id = c.get(1)?.as_str().to_string();
    let title = c
        .get(2)
        .or_else(|| c.get(3))
        .map(|m| m.as_str().trim().to_string())
        .unwrap_or_default();
    Some((id, title))
}

/// `Case 2: Missing Configuration` → (`case`, 2, `Missing Configuration`).
fn numbered(text: &str) -> Option<(bool, u32, String)> {
    let text = text.trim();
    let word = text.split_whitespace().next()?.to_ascii_lowercase();
    if !matches!(
        word.as_str(),
        "case" | "option" | "scenario" | "step" | "phase"
    ) {
        return None;
    }
    // `(case|option|scenario|step|phase)\s+([0-9]+)\s*(?:[:.)\-–—]\s*(.*))?$`, by hand:
    // this runs on every heading and regex-lite's matcher was a tenth of `rbc check`.
    let rest = text[word.len()..].trim_start_matches(is_space);
    if rest.len() == text.len() - word.len() {
        return None; // no space after the word
    }
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let n = rest[..digits].parse().ok()?;
    let after = rest[digits..].trim_start_matches(is_space);
    let title = if after.is_empty() {
        ""
    } else {
        let sep = after.chars().next()?;
        if !matches!(sep, ':' | '.' | ')' | '-' | '–' | '—') {
            return None;
        }
        let t = after[sep.len_utf8()..].trim_start_matches(is_space);
        if t.contains('\n') {
            return None;
        }
        t
    };
    let is_case = matches!(word.as_str(), "case" | "option" | "scenario");
    Some((is_case, n, title.trim().to_string()))
}

struct Head {
    level: u8,
    text: String,
    anchor: String,
    span: Span,
}

struct Node {
    head: Option<Head>,
    blocks: Vec<Block>,
    children: Vec<Node>,
}

impl Node {
    fn title(&self) -> &str {
        self.head.as_ref().map(|h| h.text.as_str()).unwrap_or("")
    }

    /// All blocks of this node and its descendants, headings turned into paragraphs.
    fn flatten(self, out: &mut Vec<Block>) {
        out.extend(self.blocks);
        for c in self.children {
            if let Some(h) = &c.head {
                out.push(Block::Paragraph(Prose {
                    span: h.span.clone(),
                    text: h.text.clone(),
                    markdown: h.text.clone(),
                }));
            }
            c.flatten(out);
        }
    }

    fn end(&self) -> usize {
        let mut e = self.head.as_ref().map(|h| h.span.end).unwrap_or(0);
        if let Some(b) = self.blocks.last() {
            e = e.max(b.span().end);
        }
        if let Some(c) = self.children.last() {
            e = e.max(c.end());
        }
        e
    }
}

struct Builder<'a> {
    src: &'a SourceFile,
    settings: &'a Settings,
    diags: Vec<Diagnostic>,
}

/// Parse one file into a document. Diagnostics are problems found while parsing
/// (unterminated fences, bad front matter); rule checks come later.
pub fn document(src: &SourceFile, settings: &Settings) -> (Document, Vec<Diagnostic>) {
    let text = src.text.as_str();
    // A BOM would hide a heading on the first line; three spaces keep every offset.
    let bomless;
    let parse_text = if let Some(rest) = text.strip_prefix('\u{feff}') {
        bomless = format!("   {rest}");
        bomless.as_str()
    } else {
        text
    };
    let parsed = markdown::parse(parse_text);
    let mut b = Builder {
        src,
        settings,
        diags: Vec::new(),
    };

    let mut anchors = Anchors::default();
    let suppressions = suppressions(src, &parsed.blocks);
    let root = b.tree(parsed.blocks, &mut anchors);

    let mut metadata = BTreeMap::new();
    if let Some((fm, range)) = &parsed.front_matter {
        b.front_matter(fm, range.clone(), &mut metadata);
    }

    let links: Vec<Link> = parsed
        .links
        .iter()
        .map(|l| Link {
            span: src.span(l.range.start, l.range.end),
            text: l.text.clone(),
            target: l.target.clone(),
            image: l.image,
        })
        .collect();

    let mut title = None;
    let mut runbooks = Vec::new();
    let mut sections = Vec::new();
    let mut pre_blocks;
    match layout::choose(settings, &src.path, &root, &metadata) {
        layout::Choice::File {
            layout,
            id,
            title: rb_title,
        } => {
            // The whole file is the runbook: its H1 (with every other top-level section
            // under it), or the file itself when it has no H1.
            let mut children = root.children;
            let node = match children
                .iter()
                .position(|n| n.head.as_ref().is_some_and(|h| h.level == 1))
            {
                Some(i) => {
                    let mut n = children.remove(i);
                    title = n.head.as_ref().map(|h| h.text.clone());
                    n.children.extend(children);
                    pre_blocks = root.blocks;
                    n
                }
                None => {
                    pre_blocks = Vec::new();
                    Node {
                        head: Some(Head {
                            level: 1,
                            text: rb_title.clone(),
                            anchor: String::new(),
                            span: src.span(0, 0),
                        }),
                        blocks: root.blocks,
                        children,
                    }
                }
            };
            let mut rb = b.runbook(id, rb_title, node, layout);
            // Front matter scalars (`title`, `weight`, `severity`) and lists of them describe
            // the runbook.
            for (k, v) in &metadata {
                // Of maps, only the alert labels (Hugo's `params:` and such stay out).
                if v.is_object() && k != "alert_labels" {
                    continue;
                }
                if let Some(v) = front_matter_value(v) {
                    rb.metadata.entry(k.clone()).or_insert(v);
                }
            }
            rb.deprecated |= rb
                .metadata
                .get("deprecated")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"));
            runbooks.push(rb);
        }
        layout::Choice::Headings(layout) => {
            // The first H1 that is not a runbook is the title; its content is the
            // document's.
            let mut top: Vec<Node> = Vec::new();
            pre_blocks = root.blocks;
            for n in root.children {
                let h = n.head.as_ref().unwrap();
                if title.is_none() && h.level == 1 && runbook_heading(&h.text).is_none() {
                    title = Some(h.text.clone());
                    pre_blocks.extend(n.blocks);
                    top.extend(n.children);
                } else {
                    if title.is_none() && h.level == 1 {
                        title = Some(h.text.clone());
                    }
                    top.push(n);
                }
            }
            for n in top {
                b.walk(n, &links, layout, &mut runbooks, &mut sections);
            }
            // The contexts a file's front matter allows are every runbook's of it.
            if let Some(v) = metadata
                .get("allowed_contexts")
                .and_then(front_matter_value)
            {
                for rb in &mut runbooks {
                    rb.metadata
                        .entry("allowed_contexts".into())
                        .or_insert_with(|| v.clone());
                }
            }
        }
    }
    let mut preamble = Vec::new();
    for blk in pre_blocks {
        if let Block::Paragraph(p) = &blk {
            if let Some(labels) = bold_labels(&p.markdown) {
                for (k, v) in labels {
                    metadata.insert(snake(&k), serde_json::Value::String(v));
                }
                continue;
            }
        }
        preamble.push(blk);
    }

    let mentions = b.mentions(&parsed.text_runs, &runbooks);
    let mut inline_commands = inline_commands(src, &parsed.inline_code);
    // The model of every file is kept to the end of the run: no room to spare.
    runbooks.shrink_to_fit();
    sections.shrink_to_fit();
    preamble.shrink_to_fit();
    inline_commands.shrink_to_fit();
    let doc = Document {
        path: src.path.to_string(),
        span: src.span(0, text.len()),
        title,
        metadata,
        runbooks,
        sections,
        preamble,
        anchors: anchors.all,
        links,
        mentions,
        inline_commands,
        suppressions,
    };
    (doc, b.diags)
}

impl Builder<'_> {
    /// `blocks` as a tree of headings, each with its blocks and the headings under it;
    /// the root holds what comes before the first heading.
    fn tree(&mut self, blocks: Vec<RawBlock>, anchors: &mut Anchors) -> Node {
        let mut root = Node {
            head: None,
            blocks: Vec::new(),
            children: Vec::new(),
        };
        // Stack of open nodes by heading level; index 0 is the root.
        let mut stack: Vec<Node> = Vec::new();
        for raw in blocks {
            if let RawBlock::Heading {
                level,
                text,
                mut range,
            } = raw
            {
                // A site generator's `{#custom-id}` names the heading's anchor.
                let custom = if self.settings.site_generator.is_hugo_page(&self.src.path) {
                    crate::slug::heading_attribute_id(&text)
                } else {
                    None
                };
                let (text, anchor) = match custom {
                    Some((shown, id)) => (shown, anchors.custom(&id)),
                    None => {
                        let a = anchors.next(&text);
                        (text, a)
                    }
                };
                // A heading's span ends with its text, not its line break.
                while range.end > range.start
                    && matches!(self.src.text.as_bytes()[range.end - 1], b'\n' | b'\r')
                {
                    range.end -= 1;
                }
                while stack
                    .last()
                    .is_some_and(|n| n.head.as_ref().unwrap().level >= level)
                {
                    let n = stack.pop().unwrap();
                    attach(&mut stack, &mut root, n);
                }
                stack.push(Node {
                    head: Some(Head {
                        level,
                        text,
                        anchor,
                        span: self.src.span(range.start, range.end),
                    }),
                    blocks: Vec::new(),
                    children: Vec::new(),
                });
                continue;
            }
            let block = self.block(raw);
            match stack.last_mut() {
                Some(n) => n.blocks.push(block),
                None => root.blocks.push(block),
            }
        }
        while let Some(n) = stack.pop() {
            attach(&mut stack, &mut root, n);
        }
        root
    }
}

/// `kubectl …` in inline code is a command too: checked, never run.
fn inline_commands(
    src: &SourceFile,
    inline_code: &[(std::ops::Range<usize>, String)],
) -> Vec<crate::model::Command> {
    let mut out = Vec::new();
    for (range, code) in inline_code {
        if !is_inline_command(code) {
            continue;
        }
        // Only a span whose text stands in the file as is (one line): offsets exact.
        let Some(start) = src
            .text
            .get(range.clone())
            .and_then(|s| s.find(code.as_str()))
            .map(|k| range.start + k)
        else {
            continue;
        };
        let map = crate::source::OffsetMap::verbatim(start, code.len());
        out.extend(shell::commands(src, code, &map, shell::Mode::Script));
    }
    out
}

/// Inline code that is a whole command, not a mention of one: `kubectl` and at least two
/// words, none of them pseudo-syntax (`TYPE`, `COMMAND…`, `...`).
fn is_inline_command(code: &str) -> bool {
    let mut words = code.split_whitespace();
    if words.next() != Some("kubectl") {
        return false;
    }
    let rest: Vec<&str> = words.collect();
    rest.len() >= 2
        && !rest.iter().any(|w| {
            w.contains('…')
                || w.contains("...")
                || (w.len() > 1
                    && w.chars()
                        .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-')
                    && w.chars().any(|c| c.is_ascii_uppercase()))
        })
}

fn attach(stack: &mut [Node], root: &mut Node, n: Node) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(n),
        None => root.children.push(n),
    }
}

/// Words of a cause or case name for matching: lower-case, generic words dropped.
pub fn name_key(s: &str) -> Vec<String> {
    const GENERIC: &[&str] = &[
        "issue", "issues", "failure", "failures", "problem", "problems", "error", "errors", "the",
        "a", "an",
    ];
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !GENERIC.contains(&w.as_str()))
        .collect()
}

impl Builder<'_> {
    fn block(&mut self, raw: RawBlock) -> Block {
        let src = self.src;
        let prose = |text: String, r: std::ops::Range<usize>| Prose {
            span: src.span(r.start, r.end),
            markdown: src.text[r.clone()].trim_end().to_string(),
            text,
        };
        match raw {
            RawBlock::Heading { text, range, .. } | RawBlock::Paragraph { text, range } => {
                Block::Paragraph(prose(text, range))
            }
            RawBlock::Quote { text, range } => Block::Quote(prose(text, range)),
            RawBlock::Html { text, range } => Block::Html(Prose {
                span: src.span(range.start, range.end),
                markdown: text.clone(),
                text,
            }),
            RawBlock::Rule { range } => Block::Rule {
                span: src.span(range.start, range.end),
            },
            RawBlock::List {
                ordered,
                start,
                items,
                range,
            } => Block::List(List {
                span: src.span(range.start, range.end),
                ordered,
                start,
                items: items
                    .into_iter()
                    .map(|it| Item {
                        span: src.span(it.range.start, it.range.end),
                        markdown: strip_marker(&src.text[it.range.clone()]),
                        text: it.text,
                        checked: it.checked,
                    })
                    .collect(),
            }),
            RawBlock::Table {
                header,
                rows,
                range,
            } => Block::Table(Table {
                span: src.span(range.start, range.end),
                header,
                rows: rows
                    .into_iter()
                    .map(|(r, cells)| TableRow {
                        span: src.span(r.start, r.end),
                        cells,
                    })
                    .collect(),
            }),
            RawBlock::Code(c) => {
                let lang = c
                    .info
                    .split(|ch: char| ch.is_whitespace() || ch == ',' || ch == '{')
                    .next()
                    .filter(|s| !s.is_empty())
                    .map(str::to_ascii_lowercase);
                // `$ command` lines then output: a session, whatever the label says.
                let session = shell::is_session(&c.text, &self.settings.prompts);
                let labelled_shell = match &lang {
                    Some(l) => shell::SHELL_LANGS.contains(&l.as_str()),
                    None => match self.settings.unlabelled {
                        Unlabelled::Shell => true,
                        Unlabelled::NotShell => false,
                        Unlabelled::WhenCommands => {
                            shell::runs_a_known_program(&c.text, &self.settings.programs)
                        }
                    },
                };
                // YAML or PromQL under a shell label is data, not commands (B003).
                let not_shell = (labelled_shell && !session)
                    .then(|| super::not_shell::not_shell(&c.text))
                    .flatten();
                let is_shell = session || (labelled_shell && not_shell.is_none());
                if !c.closed {
                    self.diags.push(
                        Diagnostic::new(
                            &crate::rule::unterminated_fence::RULE,
                            src.span(c.range.start, after_line(&src.text, c.range.start)),
                            "code fence is never closed; it runs to the end of the file",
                        )
                        .with_help("close the block with a line of ``` after the code"),
                    );
                }
                let text_start = c.text_start.min(src.text.len());
                let is_session = is_shell
                    && (session || matches!(lang.as_deref(), Some("console" | "shell-session")));
                let commands = if is_shell {
                    // A `console` block is a session even with no prompt: then it has no
                    // commands (a comment is never read as a root prompt).
                    let console = matches!(lang.as_deref(), Some("console" | "shell-session"));
                    let mode = if session || console {
                        shell::Mode::Session {
                            prompts: &self.settings.prompts,
                        }
                    } else {
                        shell::Mode::Script
                    };
                    shell::commands(src, &c.text, &c.map, mode)
                } else {
                    Vec::new()
                };
                Block::Code(CodeBlock {
                    span: src.span(c.range.start, c.range.end),
                    lang,
                    info: c.info,
                    text_line: src.line_col(text_start).0,
                    text: c.text,
                    text_start,
                    shell: is_shell,
                    not_shell: not_shell.map(str::to_string),
                    session: is_session,
                    commands,
                    map: c.map,
                })
            }
        }
    }

    fn front_matter(
        &mut self,
        fm: &str,
        range: std::ops::Range<usize>,
        metadata: &mut BTreeMap<String, serde_json::Value>,
    ) {
        match yaml_serde::from_str::<serde_json::Value>(fm) {
            Ok(serde_json::Value::Object(map)) => {
                for (k, v) in map {
                    metadata.insert(snake(&k), v);
                }
            }
            Ok(serde_json::Value::Null) => {}
            Ok(_) => self.diags.push(Diagnostic::new(
                &crate::rule::invalid_front_matter::RULE,
                self.src.span(range.start, range.end),
                "front matter is not a mapping of keys to values",
            )),
            Err(e) => {
                // The front matter starts one line after the opening `---`.
                let (line, _) = self.src.line_col(range.start);
                let at = e.location().map(|l| l.line() as u32).unwrap_or(1);
                let start = self.src.line_start(line + at);
                self.diags.push(Diagnostic::new(
                    &crate::rule::invalid_front_matter::RULE,
                    self.src.span(start, after_line(&self.src.text, start)),
                    format!("invalid YAML front matter: {}", first_line(&e.to_string())),
                ));
            }
        }
    }
}

fn strip_marker(item_src: &str) -> String {
    let t = item_src.trim_start();
    let rest = if let Some(r) = t.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && t[digits..].starts_with(['.', ')']) {
            &t[digits + 1..]
        } else {
            t
        }
    };
    rest.trim().to_string()
}

fn after_line(text: &str, start: usize) -> usize {
    match text[start.min(text.len())..].find('\n') {
        Some(i) => start + i,
        None => text.len(),
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// A front matter value as runbook metadata: a scalar, a list of scalars joined
/// (`allowed_contexts: [prod-eu, prod-us]`), a map of scalars as `k=v, …`
/// (`alert_labels: {pod-name: pod}`); `None` for anything else.
fn front_matter_value(v: &serde_json::Value) -> Option<String> {
    let scalar = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(x) => Some(x.to_string()),
        _ => None,
    };
    match v {
        serde_json::Value::Array(a) => a
            .iter()
            .map(scalar)
            .collect::<Option<Vec<String>>>()
            .map(|items| items.join(", ")),
        serde_json::Value::Object(m) => m
            .iter()
            .map(|(k, v)| scalar(v).map(|v| format!("{k}={v}")))
            .collect::<Option<Vec<String>>>()
            .map(|items| items.join(", ")),
        v => scalar(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runbook_headings() {
        assert_eq!(
            runbook_heading("Runbook: RB-001 - Pod CrashLoopBackOff"),
            Some(("RB-001".into(), "Pod CrashLoopBackOff".into()))
        );
        assert_eq!(
            runbook_heading("RB-009: Database Failover"),
            Some(("RB-009".into(), "Database Failover".into()))
        );
        assert_eq!(runbook_heading("Runbooks Index"), None);
        assert_eq!(runbook_heading("SEV-1 Escalation"), None);
        assert_eq!(runbook_heading("Runbook: rb-1 - X").unwrap().0, "rb-1");
    }

    #[test]
    fn numbered_headings() {
        assert_eq!(
            numbered("Case 2: Missing Configuration"),
            Some((true, 2, "Missing Configuration".into()))
        );
        assert_eq!(
            numbered("Step 4: Verify Recovery"),
            Some((false, 4, "Verify Recovery".into()))
        );
        assert_eq!(numbered("If Rollback Fails"), None);
    }

    #[test]
    fn cause_names_match_after_normalisation() {
        assert_eq!(name_key("DNS Failure"), name_key("DNS Issues"));
        assert_ne!(name_key("High Load"), name_key("Insufficient Capacity"));
    }
}

#[cfg(test)]
mod hand_parsers {
    use super::labels::bold_label;
    use super::*;

    /// The hand parsers agree with the regexes they replace.
    #[test]
    fn agree_with_the_regexes() {
        let numbered_re = Regex::new(
            r"(?i)^(case|option|scenario|step|phase)\s+([0-9]+)\s*(?:[:.)\-–—]\s*(.*))?$",
        )
        .unwrap();
        let label_re = Regex::new(r"^\s*\*\*([^*]+?)(?::\*\*|\*\*\s*:)\s*(.*)$").unwrap();
        let lead_re = Regex::new(r"^\*\*(.+?)\*\*\s*(?:[:\-–—]\s*)?(.*)$").unwrap();
        let samples = [
            "Case 2: Missing Configuration",
            "case 2",
            "Step 10 - Roll back",
            "STEP 3)x",
            "Phase 1 — Drain",
            "Option 1 Foo",
            "Case two",
            "Casey 2",
            "Step  4 :  a: b",
            "Case 99999999999: x",
            "Step 1:\nx",
            "Scenario 3.",
            "step 1 –",
            "",
            "**Severity**: SEV-2",
            "**Severity:** SEV-2",
            "  **Owner** : me",
            "**a*b**: c",
            "**:**: x",
            "**Out of Memory**: Container OOMKilled",
            "**0-5 min**: Page",
            "**X** - y",
            "**X**—y",
            "**X**",
            "****x",
            "**é**: ü",
            "**x**\ny",
            "no bold",
            "**Severity**:",
            "** **: x",
            "**a:**b",
        ];
        for s in samples {
            let t = s.trim();
            let want = numbered_re.captures(t).and_then(|c| {
                let n: u32 = c[2].parse().ok()?;
                let title = c
                    .get(3)
                    .map(|m| m.as_str().trim().to_string())
                    .unwrap_or_default();
                Some((c[1].to_ascii_lowercase(), n, title))
            });
            let got = numbered(s).map(|(_, n, title)| {
                (
                    t.split_whitespace().next().unwrap().to_ascii_lowercase(),
                    n,
                    title,
                )
            });
            assert_eq!(got, want, "numbered {s:?}");
            let want = label_re
                .captures(s)
                .map(|c| (c[1].to_string(), c[2].to_string()));
            let got = bold_label(s).map(|(a, b)| (a.to_string(), b.to_string()));
            assert_eq!(got, want, "label {s:?}");
            let want = lead_re
                .captures(s)
                .map(|c| (c[1].to_string(), c[2].to_string()));
            let got = bold_lead(s).map(|(a, b)| (a.to_string(), b.to_string()));
            assert_eq!(got, want, "lead {s:?}");
        }
    }
}
