//! Report formats for `rbc check`: the documented JSON findings, SARIF 2.1.0, GitHub
//! Actions workflow commands, GitLab Code Quality and JUnit XML. (Human and short live
//! in `diagnostic`.) All pure.

use crate::check::registry::RULES;
use crate::diagnostic::{Diagnostic, Severity, Sources, Summary};
use schemars::JsonSchema;
use serde::Serialize;

/// Version of the JSON findings format.
pub const FINDINGS_VERSION: u32 = 1;

/// The `--format json` document.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingsReport {
    pub version: u32,
    pub findings: Vec<Finding>,
    pub summary: ReportSummary,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ReportSummary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
}

/// One finding. Lines and columns are 1-based; columns count characters.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Finding {
    /// Rule code (`L001`).
    pub code: String,
    /// Rule name (`broken-link`).
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Present when the finding has a machine-applicable fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<FindingFix>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingFix {
    pub description: String,
    /// Byte ranges of the file and their replacements.
    pub edits: Vec<FindingEdit>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingEdit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// End line and column of a diagnostic (exclusive end, 1-based column).
pub fn end_of(d: &Diagnostic, sources: &Sources) -> (u32, u32) {
    match crate::diagnostic::source_of(sources, &d.span.file) {
        Some(src) if d.span.end > d.span.start => src.line_col(d.span.end),
        _ => (d.span.line, d.span.col),
    }
}

pub fn findings(diags: &[Diagnostic], sources: &Sources) -> Vec<Finding> {
    diags
        .iter()
        .map(|d| {
            let (end_line, end_column) = end_of(d, sources);
            Finding {
                code: d.code.to_string(),
                name: d.name.to_string(),
                severity: d.severity,
                message: d.message.clone(),
                file: d.span.file.to_string(),
                line: d.span.line,
                column: d.span.col,
                end_line,
                end_column,
                help: d.help.clone(),
                fix: d.fix.as_ref().map(|f| FindingFix {
                    description: f.description.clone(),
                    edits: f
                        .edits
                        .iter()
                        .map(|e| FindingEdit {
                            start: e.start,
                            end: e.end,
                            replacement: e.replacement.clone(),
                        })
                        .collect(),
                }),
            }
        })
        .collect()
}

pub fn json(diags: &[Diagnostic], sources: &Sources, summary: Summary) -> String {
    let report = FindingsReport {
        version: FINDINGS_VERSION,
        findings: findings(diags, sources),
        summary: ReportSummary {
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
            files: summary.files,
        },
    };
    let mut s = serde_json::to_string_pretty(&report).expect("findings serialise");
    s.push('\n');
    s
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF 2.1.0, with every rule's metadata and documentation (no URIs: the book is not
/// published anywhere rbc could point at).
pub fn sarif(diags: &[Diagnostic], sources: &Sources) -> String {
    use serde_json::json;
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.doc.split("## Why").next().unwrap_or(r.doc).trim_start_matches("## What it checks").trim() },
                // The book has no public address: no `helpUri`; the whole rule page
                // travels in `help` (GitHub code scanning shows its Markdown).
                "help": { "text": r.doc, "markdown": r.doc },
                "defaultConfiguration": { "level": match r.level {
                    crate::rule::Level::Error => "error",
                    crate::rule::Level::Warning => "warning",
                    crate::rule::Level::Info => "note",
                    crate::rule::Level::Off => "none",
                }},
            })
        })
        .collect();
    let results: Vec<_> = diags
        .iter()
        .map(|d| {
            let (end_line, end_column) = end_of(d, sources);
            let index = RULES.iter().position(|r| r.code == d.code).unwrap_or(0);
            let mut message = d.message.clone();
            if let Some(h) = &d.help {
                message.push_str(&format!("\nhelp: {h}"));
            }
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": sarif_level(d.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": d.span.file.to_string() },
                        "region": {
                            "startLine": d.span.line,
                            "startColumn": d.span.col,
                            "endLine": end_line,
                            "endColumn": end_column.max(if end_line == d.span.line { d.span.col } else { 1 }),
                        }
                    }
                }],
            });
            if let Some(f) = &d.fix {
                let replacements: Vec<_> = f
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": { "charOffset": e.start, "charLength": e.end - e.start },
                            "insertedContent": { "text": e.replacement },
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": { "text": f.description },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": d.span.file.to_string() },
                        "replacements": replacements,
                    }],
                }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "rbc",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).expect("sarif serialises");
    s.push('\n');
    s
}

/// Escape the data part of a workflow command.
pub fn github_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
pub fn github_escape_property(s: &str) -> String {
    github_escape_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(diags: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for d in diags {
        let (end_line, end_column) = end_of(d, sources);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str(&format!("\nhelp: {h}"));
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            github_escape_property(&d.span.file),
            d.span.line,
            d.span.col,
            end_line,
            end_column,
            github_escape_property(&format!("{} {}", d.code, d.name)),
            github_escape_data(&message)
        ));
    }
    out
}

/// GitLab's Code Quality severity of a finding.
fn gitlab_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The fingerprint of each finding, for GitLab: a hash of the file, the rule, the
/// message and the text of the line it is on (trimmed), and which occurrence of that
/// same quadruple it is, never its line number, so that an edit elsewhere in the file
/// (a line added above) keeps it, and GitLab does not report the finding as fixed and
/// new again.
pub fn fingerprints(
    diags: &[Diagnostic],
    sources: &Sources,
    path: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    diags
        .iter()
        .map(|d| {
            let line = crate::diagnostic::source_of(sources, &d.span.file)
                .map(|s| s.line_text(d.span.line).trim())
                .unwrap_or("");
            let key = format!(
                "{}\0{}\0{}\0{}",
                path(&d.span.file),
                d.code,
                d.message,
                line
            );
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            let mut h = sha1_smol::Sha1::new();
            h.update(key.as_bytes());
            h.update(format!("\0{n}").as_bytes());
            h.digest().to_string()
        })
        .collect()
}

/// GitLab Code Quality (a JSON array of Code Climate issues), for
/// `artifacts:reports:codequality`. `path` maps a finding's file to its path relative
/// to the repository root, which GitLab needs to place it in the merge request.
pub fn gitlab(diags: &[Diagnostic], sources: &Sources, path: &dyn Fn(&str) -> String) -> String {
    use serde_json::json;
    let issues: Vec<_> = diags
        .iter()
        .zip(fingerprints(diags, sources, path))
        .map(|(d, fingerprint)| {
            let (end_line, _) = end_of(d, sources);
            let name = d.name;
            let mut issue = json!({
                "type": "issue",
                "check_name": d.code,
                "description": format!("{} [{} {}]", d.message, d.code, name),
                "categories": ["Style"],
                "severity": gitlab_severity(d.severity),
                "fingerprint": fingerprint,
                "location": {
                    "path": path(&d.span.file),
                    "lines": { "begin": d.span.line.max(1), "end": end_line.max(d.span.line).max(1) },
                },
            });
            if let Some(h) = &d.help {
                issue["content"] = json!({ "body": format!("help: {h}") });
            }
            issue
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).expect("gitlab serialises");
    s.push('\n');
    s
}

/// One file checked, for the JUnit report: its path as shown, and its runbooks as
/// (name, start, end) byte ranges of the file.
#[derive(Debug, Clone)]
pub struct JunitFile {
    pub file: String,
    pub runbooks: Vec<(String, usize, usize)>,
}

/// The files a JUnit report is about: every document with the byte range of each of
/// its runbooks (from its heading to the next heading at its level or above), named as
/// the user gave them (`shown`).
pub fn junit_files(
    corpus: &crate::model::Corpus,
    shown: &dyn Fn(&str) -> String,
) -> Vec<JunitFile> {
    corpus
        .documents
        .iter()
        .map(|doc| {
            let mut heads: Vec<(usize, u8)> = doc
                .runbooks
                .iter()
                .map(|r| (r.span.start, r.level))
                .collect();
            fn walk(s: &[crate::model::DocSection], out: &mut Vec<(usize, u8)>) {
                for x in s {
                    out.push((x.span.start, x.level));
                    walk(&x.children, out);
                }
            }
            walk(&doc.sections, &mut heads);
            heads.sort();
            let runbooks = doc
                .runbooks
                .iter()
                .map(|rb| {
                    let end = heads
                        .iter()
                        .find(|(start, level)| *start > rb.span.start && *level <= rb.level)
                        .map_or(doc.span.end.max(rb.span.end), |(start, _)| *start);
                    let name = if rb.title.is_empty() || rb.title == rb.id {
                        rb.id.clone()
                    } else {
                        format!("{} {}", rb.id, rb.title)
                    };
                    (name, rb.span.start, end)
                })
                .collect();
            JunitFile {
                file: shown(&doc.path),
                runbooks,
            }
        })
        .collect()
}

/// Escaped for XML text; `attr` also escapes quotes and keeps line breaks and tabs
/// (which attribute values would otherwise turn into spaces).
fn xml_escape_as(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            '\r' => out.push_str("&#13;"),
            // Not allowed in XML 1.0 at all: shown as U+FFFD.
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    xml_escape_as(s, true)
}

fn xml_text(s: &str) -> String {
    xml_escape_as(s, false)
}

/// JUnit XML: one `<testsuite>` per file, one `<testcase>` per runbook, and one for
/// the file itself when it has no runbook or has findings outside its runbooks. A
/// test case with an error finding fails (one `<failure>` listing every finding of
/// it); warnings and infos of a passing case are in its `<system-out>`. Findings on a
/// file that is not in `files` (one that could not be read) get a suite of their own.
pub fn junit(files: &[JunitFile], diags: &[Diagnostic]) -> String {
    struct Case<'a> {
        name: String,
        diags: Vec<&'a Diagnostic>,
    }
    let mut suites: std::collections::BTreeMap<&str, (Vec<Case>, Case)> =
        std::collections::BTreeMap::new();
    for f in files {
        let cases = f
            .runbooks
            .iter()
            .map(|(name, _, _)| Case {
                name: name.clone(),
                diags: Vec::new(),
            })
            .collect();
        suites.insert(
            &f.file,
            (
                cases,
                Case {
                    name: f.file.clone(),
                    diags: Vec::new(),
                },
            ),
        );
    }
    for d in diags {
        let file: &str = &d.span.file;
        let runbook = files.iter().find(|f| f.file == file).and_then(|f| {
            f.runbooks
                .iter()
                .position(|(_, s, e)| d.span.start >= *s && d.span.start < *e)
        });
        let (cases, whole) = suites.entry(file).or_insert_with(|| {
            (
                Vec::new(),
                Case {
                    name: file.to_string(),
                    diags: Vec::new(),
                },
            )
        });
        match runbook {
            Some(i) => cases[i].diags.push(d),
            None => whole.diags.push(d),
        }
    }
    let failed = |c: &Case| c.diags.iter().any(|d| d.severity == Severity::Error);
    let listing = |c: &Case| {
        c.diags
            .iter()
            .map(|d| {
                let mut l = crate::diagnostic::render_short(d);
                if let Some(h) = &d.help {
                    l.push_str(&format!("\n  help: {h}"));
                }
                l.push('\n');
                l
            })
            .collect::<String>()
    };
    let (mut tests, mut failures) = (0, 0);
    let mut body = String::new();
    for (file, (cases, whole)) in suites {
        let mut all: Vec<Case> = cases;
        if all.is_empty() || !whole.diags.is_empty() {
            all.push(whole);
        }
        let n_failed = all.iter().filter(|c| failed(c)).count();
        tests += all.len();
        failures += n_failed;
        body.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{n_failed}\" errors=\"0\" skipped=\"0\" file=\"{}\">\n",
            xml_escape(file),
            all.len(),
            xml_escape(file)
        ));
        for c in &all {
            let head = format!(
                "    <testcase name=\"{}\" classname=\"{}\"",
                xml_escape(&c.name),
                xml_escape(file)
            );
            if c.diags.is_empty() {
                body.push_str(&head);
                body.push_str("/>\n");
                continue;
            }
            body.push_str(&head);
            body.push_str(">\n");
            let errors = c
                .diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            if errors > 0 {
                body.push_str(&format!(
                    "      <failure type=\"rbc\" message=\"{}\">{}</failure>\n",
                    xml_escape(&format!(
                        "{errors} error{}: {}",
                        if errors == 1 { "" } else { "s" },
                        c.diags
                            .iter()
                            .find(|d| d.severity == Severity::Error)
                            .map(|d| format!("{} {}", d.code, d.message))
                            .unwrap_or_default()
                    )),
                    xml_text(&listing(c))
                ));
            } else {
                body.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    xml_text(&listing(c))
                ));
            }
            body.push_str("    </testcase>\n");
        }
        body.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rbc check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n{body}</testsuites>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping() {
        assert_eq!(
            github_escape_data("50% done\nnext\r"),
            "50%25 done%0Anext%0D"
        );
        assert_eq!(github_escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
