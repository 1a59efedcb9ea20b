//! Findings as the protocol's diagnostics: code, severity, the rule's page, related
//! locations.

use super::convert::{self, Encoding};
use super::Workspace;
use crate::diagnostic::{Diagnostic, Severity};
use lsp_types as lt;

/// The diagnostics of one file's findings.
pub fn to_lsp(ws: &Workspace, found: &[Diagnostic], enc: Encoding) -> Vec<lt::Diagnostic> {
    found.iter().filter_map(|d| one(ws, d, enc)).collect()
}

pub fn one(ws: &Workspace, d: &Diagnostic, enc: Encoding) -> Option<lt::Diagnostic> {
    let src = crate::diagnostic::source_of(&ws.session.project.loaded.sources, &d.span.file);
    let range = match src {
        Some(src) => convert::range(src, d.span.start, d.span.end, enc),
        // A file that could not be read: its first line.
        None => lt::Range::default(),
    };
    let related: Vec<lt::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|l| {
            Some(lt::DiagnosticRelatedInformation {
                location: ws.finding_location(&l.span, enc)?,
                message: l.message.clone(),
            })
        })
        .collect();
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    Some(lt::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => lt::DiagnosticSeverity::ERROR,
            Severity::Warning => lt::DiagnosticSeverity::WARNING,
            Severity::Info => lt::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lt::NumberOrString::String(d.code.to_string())),
        code_description: ws
            .rule_link(d.code)
            .map(|href| lt::CodeDescription { href }),
        source: Some("rbc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({ "name": d.name, "fixable": d.fix.is_some() })),
    })
}
