//! `runbooks.yaml` as the editor has it: the open buffer of the workspace's
//! configuration is read as it is typed. Valid, the workspace reloads with it after
//! the debounce; invalid, the buffer gets a diagnostic at the line and the last good
//! settings stay in force. Closed, the file on disk is in force again.

use super::convert::{self, Encoding};
use super::workspace::{canonical, Workspace};
use super::Server;
use crate::config::{ConfigError, Settings, FILE_NAME};
use crate::source::SourceFile;
use lsp_server::Notification;
use lsp_types::notification::Notification as _;
use lsp_types::{self as lt, Uri};
use std::path::PathBuf;
use std::time::Instant;

/// Whether a URI names a `runbooks.yaml`.
pub fn is_config(uri: &Uri) -> bool {
    uri.as_str()
        .rsplit('/')
        .next()
        .is_some_and(|f| f == FILE_NAME)
}

impl Server<'_> {
    /// The path of a document when it is the workspace's `runbooks.yaml`.
    fn workspace_config(&self, uri: &Uri) -> Option<PathBuf> {
        if !is_config(uri) {
            return None;
        }
        let path = convert::uri_to_path(uri)?;
        let root = self.root.as_ref()?;
        (canonical(&path) == Workspace::config_path(root)).then_some(path)
    }

    /// The open buffer of the workspace's `runbooks.yaml` (path and text), when it is
    /// valid: the settings a workspace opens with.
    pub(super) fn config_buffer(&self) -> Option<(PathBuf, String)> {
        self.open.values().find_map(|d| {
            let path = self.workspace_config(&d.uri)?;
            Settings::parse(&path, &d.text).ok()?;
            Some((path, d.text.clone()))
        })
    }

    /// A `runbooks.yaml` buffer was opened or changed: its diagnostics now, the
    /// workspace reloaded at the end of the debounce when its settings changed.
    pub(super) fn config_edited(&mut self, uri: &Uri) {
        let Some(path) = self.workspace_config(uri) else {
            return;
        };
        let Some(doc) = self.open.get(uri.as_str()) else {
            return;
        };
        let diagnostics = match Settings::parse(&path, &doc.text) {
            Ok(_) => {
                if self.config_applied.as_deref() != Some(doc.text.as_str()) {
                    self.config_pending = true;
                    self.deadline = Some(Instant::now() + self.opts.debounce);
                }
                Vec::new()
            }
            Err(e) => vec![diagnostic(&doc.text, &e, self.enc)],
        };
        let params = lt::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: Some(doc.version),
        };
        self.send(Notification::new(
            lt::notification::PublishDiagnostics::METHOD.into(),
            params,
        ));
    }
}

impl Server<'_> {
    /// A `runbooks.yaml` buffer was closed: the file on disk is in force again.
    pub(super) fn config_closed(&mut self) {
        self.config_pending = false;
        let Some(root) = &self.root else {
            return;
        };
        let on_disk = std::fs::read_to_string(Workspace::config_path(root)).ok();
        if self.ws.is_some() && on_disk != self.config_applied {
            self.reload();
        }
    }
}

/// A configuration error as a diagnostic: from its column to the end of its line.
fn diagnostic(text: &str, e: &ConfigError, enc: Encoding) -> lt::Diagnostic {
    let src = SourceFile::new(FILE_NAME, text.to_string());
    let line = e.line.clamp(1, src.line_count().max(1));
    let start = src.line_start(line);
    let line_text = src.line_text(line);
    let from = line_text
        .char_indices()
        .nth(e.col.saturating_sub(1) as usize)
        .map_or(line_text.len(), |(i, _)| i);
    let end = start + line_text.len();
    let mut start = start + from;
    if start == end {
        // Nothing after the column: the whole line.
        start = src.line_start(line);
    }
    lt::Diagnostic {
        range: convert::range(&src, start, end, enc),
        severity: Some(lt::DiagnosticSeverity::ERROR),
        source: Some("rbc".into()),
        message: format!(
            "invalid configuration ({}), the last valid settings stay in force: {}",
            FILE_NAME, e.message
        ),
        ..Default::default()
    }
}
