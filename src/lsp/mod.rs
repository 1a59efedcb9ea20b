//! `rbc lsp`: a Language Server over stdio. Diagnostics as you type, quick fixes and
//! suppressions, hover, navigation and completion, from the same session, rules and
//! kubectl command tree as `rbc check`.
//!
//! One thread runs the protocol: requests are answered in order from the model of
//! the latest buffers; a change is parsed when something needs it and checked after
//! a quiet moment (the debounce), through [`crate::incremental::Session`], which
//! re-checks only the changed files with the file-scope rules and re-runs the
//! cross-file rules over the kept model. A check whose buffers changed again while it
//! ran is not published (the newer one is). A panic while answering becomes an error
//! response; the server goes on.

mod actions;
mod complete;
mod config_buffer;
pub mod convert;
mod help;
mod hover;
mod init;
mod navigate;
mod progress;
mod publish;
pub mod transport;
mod workspace;

use config_buffer::is_config;
use convert::Encoding;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{self as lt, Uri};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
pub use workspace::Workspace;

/// What the editor may set in `initializationOptions`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Quiet time after a change before the check runs (`debounceMs`, default 100).
    pub debounce: Duration,
    /// Where a finding's code links to: a URL with `{code}` (`ruleDocsUrl`). Default:
    /// the rule's page written as Markdown into the cache folder.
    pub rule_docs: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            debounce: Duration::from_millis(100),
            rule_docs: None,
        }
    }
}

impl Options {
    fn from_json(v: Option<&serde_json::Value>) -> Options {
        let mut o = Options::default();
        if let Some(v) = v {
            if let Some(ms) = v.get("debounceMs").and_then(|m| m.as_u64()) {
                o.debounce = Duration::from_millis(ms.min(10_000));
            }
            if let Some(u) = v.get("ruleDocsUrl").and_then(|u| u.as_str()) {
                o.rule_docs = Some(u.to_string());
            }
        }
        o
    }
}

/// An open document.
struct OpenDoc {
    uri: Uri,
    version: i32,
    text: String,
    /// Its name in the model, when it is part of the workspace's corpus.
    name: Option<Arc<str>>,
}

/// Serve one client on `conn` until it says `exit`. `Ok(true)` when it asked to shut
/// down first (exit status 0), `Ok(false)` when it did not (1).
pub fn run(conn: &Connection) -> Result<bool, String> {
    let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
    let params: lt::InitializeParams = match serde_json::from_value(params) {
        Ok(p) => p,
        Err(e) => {
            let _ = conn.sender.send(
                Response::new_err(
                    id,
                    ErrorCode::InvalidParams as i32,
                    format!("bad initialize parameters: {e}"),
                )
                .into(),
            );
            return Err(format!("bad initialize parameters: {e}"));
        }
    };
    let enc = init::encoding_of(&params);
    let opts = Options::from_json(params.initialization_options.as_ref());
    let root = init::root_of(&params);
    let work_done = init::work_done_progress(&params);
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    let result = serde_json::json!({
        "capabilities": init::capabilities(enc),
        "serverInfo": { "name": "rbc", "version": env!("CARGO_PKG_VERSION") },
    });
    conn.initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let mut s = Server {
        conn,
        enc,
        opts,
        root,
        ws: None,
        open: HashMap::new(),
        dirty: BTreeMap::new(),
        removed: Vec::new(),
        deadline: None,
        findings: HashMap::new(),
        published: HashMap::new(),
        backlog: VecDeque::new(),
        shutdown: false,
        next_request: 0,
        work_done,
        config_pending: false,
        config_applied: None,
    };
    if watch {
        s.register_watchers();
    }
    Ok(s.main_loop())
}

struct Server<'c> {
    conn: &'c Connection,
    enc: Encoding,
    opts: Options,
    /// The workspace folder; else the folder of the first document opened.
    root: Option<PathBuf>,
    ws: Option<Workspace>,
    /// By URI.
    open: HashMap<String, OpenDoc>,
    /// Files whose text the session has not seen yet: name → path on disk.
    dirty: BTreeMap<Arc<str>, PathBuf>,
    removed: Vec<Arc<str>>,
    /// When to check (the end of the debounce).
    deadline: Option<Instant>,
    /// The latest check's findings by URI.
    findings: HashMap<String, Vec<crate::diagnostic::Diagnostic>>,
    /// What was last published, by URI, at which version (not sent again when both
    /// are unchanged: another file's change that leaves this one's findings alone).
    published: HashMap<String, (i32, Vec<lt::Diagnostic>)>,
    /// Messages read while a check ran.
    backlog: VecDeque<Message>,
    shutdown: bool,
    next_request: i32,
    /// The client shows work-done progress.
    work_done: bool,
    /// A `runbooks.yaml` buffer changed to valid settings not applied yet.
    config_pending: bool,
    /// The text of the `runbooks.yaml` the workspace was opened with.
    config_applied: Option<String>,
}

impl Server<'_> {
    fn main_loop(&mut self) -> bool {
        loop {
            let msg = match self.backlog.pop_front() {
                Some(m) => m,
                None => {
                    let got = match self.deadline {
                        Some(d) => self
                            .conn
                            .receiver
                            .recv_timeout(d.saturating_duration_since(Instant::now())),
                        None => self
                            .conn
                            .receiver
                            .recv()
                            .map_err(|_| crossbeam_channel::RecvTimeoutError::Disconnected),
                    };
                    match got {
                        Ok(m) => m,
                        Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                            if std::mem::take(&mut self.config_pending) {
                                self.reload();
                            }
                            self.deadline = None;
                            self.check_and_publish();
                            continue;
                        }
                        Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return false,
                    }
                }
            };
            match msg {
                Message::Request(r) => self.on_request(r),
                Message::Notification(n) if n.method == lt::notification::Exit::METHOD => {
                    return self.shutdown;
                }
                Message::Notification(n) => {
                    let method = n.method.clone();
                    if let Err(what) = crate::contain::catch(|| self.on_notification(n)) {
                        self.log(
                            lt::MessageType::ERROR,
                            &format!("rbc failed on {method}: {what}. This is a bug in rbc: please report it"),
                        );
                    }
                }
                Message::Response(_) => {} // answers to our registrations
            }
        }
    }

    fn send(&self, m: impl Into<Message>) {
        let _ = self.conn.sender.send(m.into());
    }

    fn log(&self, typ: lt::MessageType, message: &str) {
        self.send(Notification::new(
            lt::notification::LogMessage::METHOD.to_string(),
            lt::LogMessageParams {
                typ,
                message: message.to_string(),
            },
        ));
    }

    fn register_watchers(&mut self) {
        let watchers: Vec<lt::FileSystemWatcher> = ["**/*.md", "**/*.markdown", "**/runbooks.yaml"]
            .iter()
            .map(|g| lt::FileSystemWatcher {
                glob_pattern: lt::GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let params = lt::RegistrationParams {
            registrations: vec![lt::Registration {
                id: "rbc-watch".into(),
                method: lt::notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(
                    lt::DidChangeWatchedFilesRegistrationOptions { watchers },
                )
                .ok(),
            }],
        };
        self.next_request += 1;
        self.send(Request::new(
            format!("rbc-{}", self.next_request).into(),
            lt::request::RegisterCapability::METHOD.into(),
            params,
        ));
    }

    fn on_request(&mut self, r: Request) {
        use lt::request::Shutdown;
        let id = r.id.clone();
        if self.shutdown {
            self.send(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            ));
            return;
        }
        if r.method == Shutdown::METHOD {
            self.shutdown = true;
            self.send(Response::new_ok(id, ()));
            return;
        }
        let method = r.method.clone();
        let answer = crate::contain::catch(|| self.answer(r));
        let resp = match answer {
            Ok(Ok(v)) => Response::new_ok(id, v),
            Ok(Err((code, msg))) => Response::new_err(id, code as i32, msg),
            Err(what) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("rbc failed on {method}: {what}. This is a bug in rbc: please report it"),
            ),
        };
        self.send(resp);
    }

    /// The result of a request, or an error code and message.
    fn answer(&mut self, r: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        use lt::request::{
            CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest,
            References, WorkspaceSymbolRequest,
        };
        fn params<P: serde::de::DeserializeOwned>(r: Request) -> Result<P, (ErrorCode, String)> {
            serde_json::from_value(r.params).map_err(|e| {
                (
                    ErrorCode::InvalidParams,
                    format!("bad parameters for {}: {e}", r.method),
                )
            })
        }
        fn json<T: serde::Serialize>(v: T) -> Result<serde_json::Value, (ErrorCode, String)> {
            Ok(serde_json::to_value(v).unwrap_or(serde_json::Value::Null))
        }
        match r.method.as_str() {
            CodeActionRequest::METHOD => {
                // The findings are the server's own: a client's copies that do not
                // parse (Neovim 0.7 hands out partial ones) do not fail the request.
                let mut r = r;
                if let Some(c) = r.params.get_mut("context") {
                    if serde_json::from_value::<Vec<lt::Diagnostic>>(c["diagnostics"].clone())
                        .is_err()
                    {
                        c["diagnostics"] = serde_json::json!([]);
                    }
                }
                let p: lt::CodeActionParams = params(r)?;
                // Quick fixes are offered on the latest text, never on a stale check.
                if self.is_pending(&p.text_document.uri) {
                    self.check_and_publish();
                }
                let Some((ws, name)) = self.doc_of(&p.text_document.uri) else {
                    return json(Vec::<lt::CodeActionOrCommand>::new());
                };
                let found = self
                    .findings
                    .get(p.text_document.uri.as_str())
                    .map_or(&[][..], |v| v);
                json(actions::code_actions(ws, &name, found, &p, self.enc))
            }
            HoverRequest::METHOD => {
                let p: lt::HoverParams = params(r)?;
                let uri = p.text_document_position_params.text_document.uri.clone();
                self.flush();
                let Some((ws, name)) = self.doc_of(&uri) else {
                    return json(None::<lt::Hover>);
                };
                let found = self.findings.get(uri.as_str()).map_or(&[][..], |v| v);
                json(hover::hover(
                    ws,
                    &name,
                    p.text_document_position_params.position,
                    found,
                    self.enc,
                ))
            }
            GotoDefinition::METHOD => {
                let p: lt::GotoDefinitionParams = params(r)?;
                self.flush();
                let tdp = &p.text_document_position_params;
                let Some((ws, name)) = self.doc_of(&tdp.text_document.uri) else {
                    return json(None::<lt::Location>);
                };
                json(navigate::definition(ws, &name, tdp.position, self.enc))
            }
            References::METHOD => {
                let p: lt::ReferenceParams = params(r)?;
                self.flush();
                let tdp = &p.text_document_position;
                let Some((ws, name)) = self.doc_of(&tdp.text_document.uri) else {
                    return json(None::<Vec<lt::Location>>);
                };
                json(navigate::references(
                    ws,
                    &name,
                    tdp.position,
                    p.context.include_declaration,
                    self.enc,
                ))
            }
            DocumentSymbolRequest::METHOD => {
                let p: lt::DocumentSymbolParams = params(r)?;
                self.flush();
                let Some((ws, name)) = self.doc_of(&p.text_document.uri) else {
                    return json(None::<lt::DocumentSymbolResponse>);
                };
                json(navigate::document_symbols(ws, &name, self.enc))
            }
            WorkspaceSymbolRequest::METHOD => {
                let p: lt::WorkspaceSymbolParams = params(r)?;
                self.flush();
                let Some(ws) = &self.ws else {
                    return json(Vec::<lt::SymbolInformation>::new());
                };
                json(navigate::workspace_symbols(ws, &p.query, self.enc))
            }
            Completion::METHOD => {
                let p: lt::CompletionParams = params(r)?;
                self.flush();
                let tdp = &p.text_document_position;
                let Some((ws, name)) = self.doc_of(&tdp.text_document.uri) else {
                    return json(None::<lt::CompletionResponse>);
                };
                json(complete::completion(ws, &name, tdp.position, self.enc))
            }
            #[cfg(debug_assertions)]
            "rbc/debugPanic" => {
                // For the tests of panic containment; debug builds only.
                panic!("rbc/debugPanic asked to fail")
            }
            m => Err((
                ErrorCode::MethodNotFound,
                format!("rbc lsp does not handle `{m}`"),
            )),
        }
    }

    fn on_notification(&mut self, n: Notification) {
        use lt::notification::{
            DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
            DidOpenTextDocument, DidSaveTextDocument, Initialized,
        };
        fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Option<P> {
            serde_json::from_value(n.params).ok()
        }
        match n.method.as_str() {
            Initialized::METHOD => self.ensure_workspace(None),
            DidOpenTextDocument::METHOD => {
                let Some(p) = params::<lt::DidOpenTextDocumentParams>(n) else {
                    return;
                };
                let d = p.text_document;
                self.ensure_workspace(convert::uri_to_path(&d.uri).as_deref());
                let name = self.name_of(&d.uri);
                let key = d.uri.as_str().to_string();
                self.open.insert(
                    key,
                    OpenDoc {
                        uri: d.uri.clone(),
                        version: d.version,
                        text: d.text,
                        name: name.clone(),
                    },
                );
                if let Some(name) = name {
                    self.mark(name, &d.uri);
                    // The first findings of a file come at once.
                    self.deadline = Some(Instant::now());
                } else if is_config(&d.uri) {
                    self.config_edited(&d.uri);
                } else {
                    self.publish_empty(&d.uri);
                }
            }
            DidChangeTextDocument::METHOD => {
                let Some(p) = params::<lt::DidChangeTextDocumentParams>(n) else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                let Some(doc) = self.open.get_mut(&key) else {
                    return;
                };
                // Full sync: the last change holds the whole text.
                if let Some(c) = p.content_changes.into_iter().last() {
                    doc.text = c.text;
                }
                doc.version = p.text_document.version;
                let uri = doc.uri.clone();
                if let Some(name) = doc.name.clone() {
                    self.mark(name, &uri);
                    self.deadline = Some(Instant::now() + self.opts.debounce);
                } else if is_config(&uri) {
                    self.config_edited(&uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                let Some(p) = params::<lt::DidCloseTextDocumentParams>(n) else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                if let Some(doc) = self.open.remove(&key) {
                    // The file is what is on disk again (or gone, when it never was saved).
                    if let Some(name) = doc.name {
                        self.mark(name, &doc.uri);
                        self.deadline
                            .get_or_insert(Instant::now() + self.opts.debounce);
                    }
                }
                self.findings.remove(&key);
                self.publish_empty(&p.text_document.uri);
                if is_config(&p.text_document.uri) {
                    self.config_closed();
                }
            }
            DidSaveTextDocument::METHOD => {
                let Some(p) = params::<lt::DidSaveTextDocumentParams>(n) else {
                    return;
                };
                if is_config(&p.text_document.uri) {
                    self.reload();
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let Some(p) = params::<lt::DidChangeWatchedFilesParams>(n) else {
                    return;
                };
                if p.changes.iter().any(|c| is_config(&c.uri)) {
                    self.reload();
                    return;
                }
                for c in p.changes {
                    if self.open.contains_key(c.uri.as_str()) {
                        continue; // the buffer, not the disk, is the truth
                    }
                    if let Some(name) = self.name_of(&c.uri) {
                        self.mark(name, &c.uri);
                    }
                }
                self.deadline
                    .get_or_insert(Instant::now() + self.opts.debounce);
            }
            _ => {} // $/cancelRequest, $/setTrace, …: requests are answered in order
        }
    }

    /// Open the workspace on the root folder, else on the folder of `file`.
    fn ensure_workspace(&mut self, file: Option<&std::path::Path>) {
        if self.ws.is_some() {
            return;
        }
        if self.root.is_none() {
            self.root = file
                .and_then(|f| f.parent())
                .map(|p| std::fs::canonicalize(p).unwrap_or(p.to_path_buf()));
        }
        let Some(root) = self.root.clone() else {
            return;
        };
        // An open runbooks.yaml buffer that is valid wins over the file.
        let config = self.config_buffer();
        self.config_applied = match &config {
            Some((_, text)) => Some(text.clone()),
            None => std::fs::read_to_string(Workspace::config_path(&root)).ok(),
        };
        let progress = self.start_progress();
        if let Some(p) = &progress {
            p.begin("rbc", "loading the runbooks");
        }
        let (ws, problem) = Workspace::open(
            &root,
            self.opts.rule_docs.clone(),
            config.as_ref().map(|(p, t)| (p.as_path(), t.as_str())),
            &|pct, message| {
                if let Some(p) = &progress {
                    p.report(pct, message);
                }
            },
        );
        if let Some(p) = progress {
            p.end(format!(
                "{} files loaded",
                ws.session.corpus().documents.len()
            ));
        }
        if let Some(p) = problem {
            self.send(Notification::new(
                lt::notification::ShowMessage::METHOD.into(),
                lt::ShowMessageParams {
                    typ: lt::MessageType::ERROR,
                    message: p,
                },
            ));
        }
        self.ws = Some(ws);
    }

    /// A new session with the settings on disk; the open buffers applied over it.
    fn reload(&mut self) {
        self.ws = None;
        self.dirty.clear();
        self.removed.clear();
        self.ensure_workspace(None);
        let open: Vec<(String, Uri)> = self
            .open
            .iter()
            .map(|(k, d)| (k.clone(), d.uri.clone()))
            .collect();
        for (key, uri) in open {
            let name = self.name_of(&uri);
            if let Some(d) = self.open.get_mut(&key) {
                d.name = name.clone();
            }
            match name {
                Some(n) => self.mark(n, &uri),
                None if is_config(&uri) => self.config_edited(&uri),
                None => {
                    self.findings.remove(&key);
                    self.publish_empty(&uri);
                }
            }
        }
        self.deadline = Some(Instant::now());
    }

    /// The name in the model of a document, when the workspace's settings keep it.
    fn name_of(&self, uri: &Uri) -> Option<Arc<str>> {
        let ws = self.ws.as_ref()?;
        let path = convert::uri_to_path(uri)?;
        ws.name_of(&path)
    }

    fn mark(&mut self, name: Arc<str>, uri: &Uri) {
        if let Some(path) = convert::uri_to_path(uri) {
            self.dirty.insert(name, path);
        }
    }

    fn is_pending(&self, uri: &Uri) -> bool {
        self.open
            .get(uri.as_str())
            .and_then(|d| d.name.as_ref())
            .is_some_and(|n| self.dirty.contains_key(n))
    }

    /// Hand the changed texts to the session (parsing them; no rule runs yet).
    fn flush(&mut self) {
        let Some(ws) = self.ws.as_mut() else {
            return;
        };
        if self.dirty.is_empty() && self.removed.is_empty() {
            return;
        }
        let buffers: HashMap<&str, &str> = self
            .open
            .values()
            .filter_map(|d| Some((d.name.as_deref()?, d.text.as_str())))
            .collect();
        let mut changed = Vec::new();
        let mut removed = std::mem::take(&mut self.removed);
        for (name, path) in std::mem::take(&mut self.dirty) {
            match buffers.get(&*name) {
                Some(text) => changed.push(ws.source(&name, &path, text.to_string())),
                None => match std::fs::read_to_string(&path) {
                    Ok(text) => changed.push(ws.source(&name, &path, text)),
                    Err(_) => removed.push(name),
                },
            }
        }
        ws.session.update(changed, &removed);
    }

    /// Check now and publish the findings of the open documents that changed. Not
    /// published when the buffers changed again meanwhile: the next check will be.
    fn check_and_publish(&mut self) {
        self.flush();
        let Some(ws) = self.ws.as_ref() else {
            return;
        };
        let found = match crate::contain::catch(|| ws.session.check()) {
            Ok(f) => f,
            Err(what) => {
                self.log(
                    lt::MessageType::ERROR,
                    &format!(
                        "rbc failed while checking: {what}. This is a bug in rbc: please report it"
                    ),
                );
                return;
            }
        };
        // Cancelled: newer text arrived while this ran.
        self.backlog.extend(self.conn.receiver.try_iter());
        if self.backlog.iter().any(is_change) {
            return;
        }
        let mut by_uri: HashMap<String, Vec<crate::diagnostic::Diagnostic>> = HashMap::new();
        for d in found {
            let uri = ws.uri_of_shown(&d.span.file);
            by_uri.entry(uri.as_str().to_string()).or_default().push(d);
        }
        let mut out = Vec::new();
        for (key, doc) in &self.open {
            if doc.name.is_none() {
                continue;
            }
            let found = by_uri.remove(key).unwrap_or_default();
            let diags = publish::to_lsp(ws, &found, self.enc);
            let same = self
                .published
                .get(key)
                .is_some_and(|(v, d)| *v == doc.version && *d == diags);
            if !same {
                out.push((doc.uri.clone(), doc.version, diags));
            }
            self.findings.insert(key.clone(), found);
        }
        for (uri, version, diags) in out {
            self.published
                .insert(uri.as_str().to_string(), (version, diags.clone()));
            self.send(Notification::new(
                lt::notification::PublishDiagnostics::METHOD.into(),
                lt::PublishDiagnosticsParams {
                    uri,
                    diagnostics: diags,
                    version: Some(version),
                },
            ));
        }
    }

    fn publish_empty(&mut self, uri: &Uri) {
        self.published.remove(uri.as_str());
        self.send(Notification::new(
            lt::notification::PublishDiagnostics::METHOD.into(),
            lt::PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics: Vec::new(),
                version: None,
            },
        ));
    }

    fn doc_of(&self, uri: &Uri) -> Option<(&Workspace, Arc<str>)> {
        let ws = self.ws.as_ref()?;
        let name = match self.open.get(uri.as_str()) {
            Some(d) => d.name.clone()?,
            None => ws.name_of(&convert::uri_to_path(uri)?)?,
        };
        ws.session.project.loaded.sources.get(&name)?;
        Some((ws, name))
    }
}

fn is_change(m: &Message) -> bool {
    use lt::notification::{
        DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    };
    matches!(m, Message::Notification(n) if n.method == DidChangeTextDocument::METHOD
        || n.method == DidOpenTextDocument::METHOD
        || n.method == DidCloseTextDocument::METHOD
        || n.method == DidChangeWatchedFiles::METHOD)
}
