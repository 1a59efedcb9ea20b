//! What the client says at `initialize` (position encoding, root folder, progress
//! support) and what the server answers it can do.

use super::convert::{self, Encoding};
use lsp_types as lt;
use std::path::PathBuf;

/// Whether the client shows work-done progress the server starts.
pub fn work_done_progress(p: &lt::InitializeParams) -> bool {
    p.capabilities
        .window
        .as_ref()
        .and_then(|w| w.work_done_progress)
        .unwrap_or(false)
}

pub fn encoding_of(p: &lt::InitializeParams) -> Encoding {
    let offered = p
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(v) if v.contains(&lt::PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

#[allow(deprecated)] // root_uri: older clients send only that
pub fn root_of(p: &lt::InitializeParams) -> Option<PathBuf> {
    let uri = p
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri)
        .or(p.root_uri.as_ref())?;
    let path = convert::uri_to_path(uri)?;
    Some(std::fs::canonicalize(&path).unwrap_or(path))
}

pub fn capabilities(enc: Encoding) -> lt::ServerCapabilities {
    use lt::*;
    ServerCapabilities {
        position_encoding: Some(match enc {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(
                ["-", "<", "=", " ", "/"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
            ..Default::default()
        }),
        ..Default::default()
    }
}
