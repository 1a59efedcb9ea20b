//! Report formats for `rbc check`: the documented JSON findings, SARIF 2.1.0 and GitHub
//! Actions workflow commands. (Human and short live in `diagnostic`.) All pure.

use crate::check::registry::{self, RULES};
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
                    crate::config::Level::Error => "error",
                    crate::config::Level::Warning => "warning",
                    crate::config::Level::Info => "note",
                    crate::config::Level::Off => "none",
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
            github_escape_property(&format!(
                "{} {}",
                d.code,
                registry::find(d.code).map(|r| r.name).unwrap_or("")
            )),
            github_escape_data(&message)
        ));
    }
    out
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
