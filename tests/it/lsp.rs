//! `rbc lsp` at the protocol level: a client on an in-memory connection drives the
//! server through initialize, document changes, every request it answers, a panic
//! and shutdown, on a copy of `tests/fixtures/lsp`.

use crate::common::{copy_files, copy_tree, root};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types as lt;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub(crate) struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<Result<bool, String>>>,
    next: i32,
    /// Notifications received while waiting for something else.
    notes: Vec<Notification>,
    /// Notifications other than diagnostics seen while waiting for diagnostics.
    pub(crate) others: Vec<Notification>,
    /// The requests of the server (each answered with success).
    pub(crate) requests: Vec<Request>,
    dir: tempfile::TempDir,
}

const WAIT: Duration = Duration::from_secs(60);

fn uri(p: &Path) -> String {
    rbc::lsp::convert::path_to_uri(p).as_str().to_string()
}

impl Client {
    /// A server on a copy of the fixture workspace, initialized.
    pub(crate) fn start(options: Value) -> Client {
        Client::start_in("tests/fixtures/lsp", options)
    }

    /// A server on a copy of another fixture folder, initialized.
    pub(crate) fn start_in(fixture: &str, options: Value) -> Client {
        let watch = json!({
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
        });
        Client::start_with(fixture, options, watch)
    }

    /// A server on a copy of a fixture folder, initialized by a client with these
    /// capabilities.
    pub(crate) fn start_with(fixture: &str, options: Value, capabilities: Value) -> Client {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&root().join(fixture), dir.path());
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || rbc::lsp::run(&server));
        let mut c = Client {
            conn: client,
            server: Some(handle),
            next: 0,
            notes: Vec::new(),
            others: Vec::new(),
            requests: Vec::new(),
            dir,
        };
        let root = std::fs::canonicalize(c.dir.path()).unwrap();
        let init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(&root),
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        let caps = &init.result.as_ref().expect("initialize succeeds")["capabilities"];
        assert_eq!(caps["positionEncoding"], "utf-16");
        assert_eq!(caps["hoverProvider"], true);
        c.notify("initialized", json!({}));
        c
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        std::fs::canonicalize(self.dir.path()).unwrap().join(rel)
    }

    pub(crate) fn uri(&self, rel: &str) -> String {
        uri(&self.path(rel))
    }

    pub(crate) fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.into(), params).into())
            .unwrap();
    }

    pub(crate) fn request(&mut self, method: &str, params: Value) -> Response {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.into(), params).into())
            .unwrap();
        let deadline = Instant::now() + WAIT;
        loop {
            match self
                .conn
                .receiver
                .recv_timeout(deadline - Instant::now())
                .unwrap_or_else(|_| panic!("no answer to {method}"))
            {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.notes.push(n),
                // The server asks to watch files or to show progress: say yes.
                Message::Request(r) => {
                    self.conn
                        .sender
                        .send(Response::new_ok(r.id.clone(), ()).into())
                        .unwrap();
                    self.requests.push(r);
                }
                Message::Response(_) => {}
            }
        }
    }

    pub(crate) fn result(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.error.is_none(), "{method}: {:?}", r.error);
        r.result.unwrap_or(Value::Null)
    }

    /// The next diagnostics published for `uri` that satisfy `ok` (earlier ones are
    /// skipped); with every publication for that URI seen on the way.
    pub(crate) fn diagnostics(
        &mut self,
        uri: &str,
        ok: impl Fn(&lt::PublishDiagnosticsParams) -> bool,
    ) -> (
        lt::PublishDiagnosticsParams,
        Vec<lt::PublishDiagnosticsParams>,
    ) {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        let mut pending: Vec<Notification> = std::mem::take(&mut self.notes);
        pending.reverse();
        loop {
            let n = match pending.pop() {
                Some(n) => n,
                None => match self
                    .conn
                    .receiver
                    .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                {
                    Ok(Message::Notification(n)) => n,
                    Ok(Message::Request(r)) => {
                        self.conn
                            .sender
                            .send(Response::new_ok(r.id.clone(), ()).into())
                            .unwrap();
                        self.requests.push(r);
                        continue;
                    }
                    Ok(_) => continue,
                    Err(_) => panic!("no diagnostics as expected for {uri}; got {seen:#?}"),
                },
            };
            if n.method != "textDocument/publishDiagnostics" {
                self.others.push(n);
                continue;
            }
            let p: lt::PublishDiagnosticsParams = serde_json::from_value(n.params).unwrap();
            if p.uri.as_str() != uri {
                continue;
            }
            seen.push(p.clone());
            if ok(&p) {
                // What came after stays for the next wait.
                pending.reverse();
                self.notes = pending;
                return (p, seen);
            }
        }
    }

    pub(crate) fn open(&self, rel: &str) -> String {
        let text = std::fs::read_to_string(self.path(rel)).unwrap();
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": self.uri(rel), "languageId": "markdown", "version": 1, "text": text
            }}),
        );
        text
    }

    pub(crate) fn change(&self, rel: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": self.uri(rel), "version": version },
                "contentChanges": [ { "text": text } ],
            }),
        );
    }

    pub(crate) fn shutdown(mut self) -> bool {
        let r = self.request("shutdown", Value::Null);
        assert!(r.error.is_none());
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap().unwrap()
    }
}

pub(crate) fn codes(p: &lt::PublishDiagnosticsParams) -> Vec<String> {
    p.diagnostics
        .iter()
        .map(|d| match &d.code {
            Some(lt::NumberOrString::String(s)) => s.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

/// Position (UTF-16; the fixtures are ASCII) of the first `needle` in `text`, plus
/// `delta` characters.
fn pos(text: &str, needle: &str, delta: u32) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("no `{needle}`"));
    let line = text[..at].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": col as u32 + delta })
}

/// The text with a workspace edit's changes for `uri` applied.
fn apply(text: &str, edit: &Value, uri: &str) -> String {
    let edits: Vec<lt::TextEdit> =
        serde_json::from_value(edit["changes"][uri].clone()).expect("edits for the file");
    let offset = |p: lt::Position| -> usize {
        let line_start: usize = text
            .split_inclusive('\n')
            .take(p.line as usize)
            .map(str::len)
            .sum();
        line_start + p.character as usize
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .into_iter()
        .map(|e| (offset(e.range.start), offset(e.range.end), e.new_text))
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

pub(crate) const PODS: &str = "runbooks/pods.md";
const NETWORK: &str = "runbooks/network.md";

#[test]
fn diagnostics_from_the_buffer_with_code_severity_and_rule_page() {
    let mut c = Client::start(json!({ "debounceMs": 20 }));
    let text = c.open(PODS);
    let (p, _) = c.diagnostics(&c.uri(PODS), |p| !p.diagnostics.is_empty());
    assert_eq!(codes(&p), ["K007"]);
    let d = &p.diagnostics[0];
    assert_eq!(d.severity, Some(lt::DiagnosticSeverity::ERROR));
    assert_eq!(d.source.as_deref(), Some("rbc"));
    let href = d.code_description.as_ref().unwrap().href.as_str();
    assert!(
        href.starts_with("file://") && href.ends_with("/K007.md"),
        "{href}"
    );
    let page = rbc::lsp::convert::uri_to_path(&d.code_description.as_ref().unwrap().href);
    let page = std::fs::read_to_string(page.unwrap()).unwrap();
    assert!(page.starts_with("# K007 exec-without-dashdash"), "{page}");
    assert!(d.message.contains("no `--`") && d.message.contains("help:"));
    assert_eq!(
        serde_json::to_value(d.range.start).unwrap(),
        pos(&text, "ls /data", 0)
    );
    assert_eq!(p.version, Some(1));

    // The buffer, not the disk: the fixed text in the editor clears the finding.
    let fixed = text.replace("<pod-name> ls", "<pod-name> -- ls");
    c.change(PODS, 2, &fixed);
    let (p, _) = c.diagnostics(&c.uri(PODS), |p| p.version == Some(2));
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(std::fs::read_to_string(c.path(PODS)).unwrap(), text);

    // A broken command typed in.
    let broken = fixed.replace("--previous", "--previus");
    c.change(PODS, 3, &broken);
    let (p, _) = c.diagnostics(&c.uri(PODS), |p| p.version == Some(3));
    assert_eq!(codes(&p), ["K002"]);
    assert!(p.diagnostics[0]
        .message
        .contains("did you mean `--previous`"));

    // Closing goes back to the disk's text and clears the editor's list.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": c.uri(PODS) } }),
    );
    let (p, _) = c.diagnostics(&c.uri(PODS), |p| p.version.is_none());
    assert!(p.diagnostics.is_empty());
    assert!(c.shutdown(), "a clean exit after shutdown");
}

#[test]
fn changes_in_a_burst_are_checked_once_at_the_last_version() {
    let mut c = Client::start(json!({ "debounceMs": 300 }));
    let text = c.open(PODS);
    c.diagnostics(&c.uri(PODS), |p| p.version == Some(1));
    for v in 2..=6 {
        c.change(PODS, v, &format!("{text}\n- edit {v}\n"));
    }
    let (p, seen) = c.diagnostics(&c.uri(PODS), |p| p.version == Some(6));
    assert_eq!(codes(&p), ["K007"]);
    // Findings unchanged since version 1: nothing to publish in between, and the
    // superseded versions were never checked on their own.
    assert_eq!(
        seen.iter().map(|p| p.version).collect::<Vec<_>>(),
        [Some(6)],
        "{seen:#?}"
    );
    assert!(c.shutdown());
}

#[test]
fn cross_file_findings_follow_the_other_buffer() {
    let mut c = Client::start(json!({ "debounceMs": 20 }));
    c.open(PODS);
    let net = c.open(NETWORK);
    c.diagnostics(&c.uri(PODS), |p| codes(p) == ["K007"]);
    // RB-002 renamed in the other (unsaved) buffer: the mention in pods.md is broken.
    c.change(NETWORK, 2, &net.replace("RB-002", "RB-020"));
    let (p, _) = c.diagnostics(&c.uri(PODS), |p| p.diagnostics.len() > 1);
    let cs = codes(&p);
    assert!(cs.contains(&"K007".to_string()), "{cs:?}");
    assert!(
        p.diagnostics.iter().any(|d| d.message.contains("RB-002")),
        "{:#?}",
        p.diagnostics
    );
    // And back.
    c.change(NETWORK, 3, &net);
    let (p, _) = c.diagnostics(&c.uri(PODS), |p| p.diagnostics.len() == 1);
    assert_eq!(codes(&p), ["K007"]);
    assert!(c.shutdown());
}

#[test]
fn quick_fix_disable_comments_and_fix_all() {
    let mut c = Client::start(json!({ "debounceMs": 20 }));
    let text = c.open(PODS);
    let uri = c.uri(PODS);
    let (p, _) = c.diagnostics(&uri, |p| !p.diagnostics.is_empty());
    let diag = serde_json::to_value(&p.diagnostics[0]).unwrap();
    let at = pos(&text, "ls /data", 0);
    let actions = c.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": at, "end": at },
            "context": { "diagnostics": [diag] },
        }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "insert `--` before the container's command (K007)",
            "Disable K007 (exec-without-dashdash) for this block",
            "Disable K007 (exec-without-dashdash) for this file",
            "Fix all rbc findings in this file (1)",
        ],
        "{actions:#}"
    );
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "K007");
    // Each action, applied, clears the finding.
    for (i, (action, must_contain)) in [
        (&actions[0], "<pod-name> -- ls /data"),
        (&actions[1], "<!-- rbc-disable K007 -->\n```bash"),
        (
            &actions[2],
            "<!-- rbc-disable-file K007 -->\n# Pod runbooks",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let new = apply(&text, &action["edit"], &uri);
        assert!(new.contains(must_contain), "{new}");
        let v = 10 + i as i32;
        c.change(PODS, v, &new);
        let (p, _) = c.diagnostics(&uri, |p| p.version == Some(v));
        assert!(
            p.diagnostics.is_empty(),
            "{}: {:?}",
            titles[i],
            p.diagnostics
        );
        c.change(PODS, v + 100, &text);
        c.diagnostics(&uri, |p| p.version == Some(v + 100));
    }
    // Only the source action when asked for it.
    let only = c.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": {"line":0,"character":0}, "end": {"line":0,"character":0} },
            "context": { "diagnostics": [], "only": ["source.fixAll"] },
        }),
    );
    assert_eq!(only.as_array().unwrap().len(), 1, "{only:#}");
    assert_eq!(only[0]["kind"], "source.fixAll");
    assert!(c.shutdown());
}

#[test]
fn hover_on_kubectl_words_runbook_ids_and_findings() {
    let mut c = Client::start(json!({ "debounceMs": 20 }));
    let text = c.open(PODS);
    let uri = c.uri(PODS);
    c.diagnostics(&uri, |p| !p.diagnostics.is_empty());
    let mut hover = |needle: &str, delta: u32| -> String {
        let h = c.result(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": pos(&text, needle, delta) }),
        );
        h["contents"]["value"].as_str().unwrap_or("").to_string()
    };
    let logs = hover("logs <pod-name>", 1);
    assert!(logs.contains("**kubectl logs**: Print the logs"), "{logs}");
    assert!(logs.contains("kubectl logs [-f] [-p]"), "{logs}");
    let prev = hover("--previous", 3);
    assert!(prev.contains("**--previous**, **-p** (bool)"), "{prev}");
    assert!(
        prev.contains("previous instance of the container"),
        "{prev}"
    );
    let ns = hover("-n prod --previous", 0);
    assert!(
        ns.contains("--namespace") && ns.contains("a global flag"),
        "{ns}"
    );
    let deploy = hover("deployment api", 2);
    assert!(
        deploy.contains("**deployments** (kind `Deployment`, `apps/v1`), namespaced"),
        "{deploy}"
    );
    let rb = hover("RB-002 first", 2);
    assert!(rb.contains("**RB-002: Service Unreachable**"), "{rb}");
    assert!(
        rb.contains("Severity: SEV-1") && rb.contains("- Requests to the service time out"),
        "{rb}"
    );
    let link = hover("[the network runbook]", 3);
    assert!(link.contains("**RB-002: Service Unreachable**"), "{link}");
    let finding = hover("ls /data", 0);
    assert!(
        finding.contains("**K007** `exec-without-dashdash`"),
        "{finding}"
    );
    assert_eq!(hover("# Pod runbooks", 3), "");
    assert!(c.shutdown());
}

#[test]
fn definition_references_and_symbols() {
    let mut c = Client::start(json!({ "debounceMs": 20 }));
    let text = c.open(PODS);
    let net = c.open(NETWORK);
    let uri = c.uri(PODS);
    let net_uri = c.uri(NETWORK);
    let heading = pos(&net, "## Runbook: RB-002", 0);
    for (needle, delta) in [("RB-002 first", 1), ("[the network runbook]", 2)] {
        let d = c.result(
            "textDocument/definition",
            json!({ "textDocument": { "uri": uri }, "position": pos(&text, needle, delta) }),
        );
        assert_eq!(d["uri"], net_uri.as_str(), "{needle}: {d:#}");
        if needle.starts_with("RB") {
            assert_eq!(d["range"]["start"], heading, "{d:#}");
        } else {
            assert_eq!(d["range"]["start"]["line"], 0, "the file: {d:#}");
        }
    }
    // An anchor in the same file: its heading.
    let d = c.result(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": pos(&text, "[the diagnosis]", 3) }),
    );
    assert_eq!(d["uri"], uri.as_str());
    assert_eq!(d["range"]["start"], pos(&text, "### Diagnosis", 0), "{d:#}");
    let refs = c.result(
        "textDocument/references",
        json!({
            "textDocument": { "uri": net_uri },
            "position": pos(&net, "RB-002", 1),
            "context": { "includeDeclaration": true },
        }),
    );
    let refs: Vec<(String, u64)> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["uri"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                l["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let line_of = |t: &str, n: &str| t[..t.find(n).unwrap()].matches('\n').count() as u64;
    assert_eq!(
        refs,
        [
            ("network.md".to_string(), 2),
            ("pods.md".to_string(), line_of(&text, "RB-002 first")),
            ("pods.md".to_string(), line_of(&text, "RB-002 first")),
        ],
        "the declaration, the ID, the link"
    );
    let syms = c.result(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let rb = &syms[0];
    assert_eq!(rb["name"], "RB-001: Pod CrashLoopBackOff");
    assert_eq!(rb["detail"], "SEV-2");
    let kids: Vec<&str> = rb["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(kids, ["Symptoms", "Diagnosis", "Resolution"]);
    let all = c.result("workspace/symbol", json!({ "query": "unreach" }));
    assert_eq!(all.as_array().unwrap().len(), 1, "{all:#}");
    assert_eq!(all[0]["name"], "RB-002: Service Unreachable");
    assert_eq!(all[0]["location"]["uri"], net_uri.as_str());
    assert!(c.shutdown());
}

#[test]
fn completion_in_shell_blocks_and_of_runbook_ids() {
    let mut c = Client::start(json!({ "debounceMs": 20 }));
    let text = c.open(PODS);
    let uri = c.uri(PODS);
    c.diagnostics(&uri, |p| !p.diagnostics.is_empty());
    // Type a line at the end of the restart block, then ask at its end.
    let mut v = 1;
    let mut complete = |c: &mut Client, line: &str| -> Vec<String> {
        v += 1;
        let anchor = "kubectl rollout restart deployment api -n prod\n";
        let new = text.replace(anchor, &format!("{anchor}{line}\n"));
        c.change(PODS, v, &new);
        let at = pos(&new, &format!("{line}\n"), line.len() as u32);
        let r = c.result(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": at }),
        );
        r.as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let sub = complete(&mut c, "kubectl rol");
    assert!(sub.contains(&"rollout".to_string()), "{sub:?}");
    let sub2 = complete(&mut c, "kubectl rollout ");
    assert!(
        sub2.contains(&"undo".to_string()) && sub2.contains(&"restart".to_string()),
        "{sub2:?}"
    );
    let flags = complete(&mut c, "kubectl logs api --prev");
    assert!(flags.contains(&"--previous".to_string()), "{flags:?}");
    assert!(
        flags.contains(&"--namespace".to_string()),
        "global flags too: {flags:?}"
    );
    let out = complete(&mut c, "kubectl get pods -o ");
    assert!(
        out.contains(&"json".to_string()) && out.contains(&"wide".to_string()),
        "{out:?}"
    );
    let eq = complete(&mut c, "kubectl delete pod x --cascade=");
    assert_eq!(eq, ["background", "foreground", "orphan"]);
    let types = complete(&mut c, "kubectl get ");
    assert!(
        types.contains(&"deployments".to_string()) && types.contains(&"pods".to_string()),
        "{types:?}"
    );
    let ph = complete(&mut c, "kubectl describe pod <po");
    assert_eq!(ph, ["<pod-name>"]);
    let ids = complete(&mut c, "echo see RB-0");
    assert_eq!(ids, ["RB-001", "RB-002"]);
    assert!(c.shutdown());
}

#[test]
fn runbooks_yaml_changes_reload_the_settings() {
    let mut c = Client::start(json!({ "debounceMs": 20 }));
    c.open(PODS);
    let uri = c.uri(PODS);
    c.diagnostics(&uri, |p| codes(p) == ["K007"]);
    let cfg = c.path("runbooks.yaml");
    let old = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("{old}rules:\n  K007: off\n")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": c.uri("runbooks.yaml"), "type": 2 } ] }),
    );
    let (p, _) = c.diagnostics(&uri, |p| p.diagnostics.is_empty());
    assert!(p.diagnostics.is_empty());
    // A broken configuration: said so, and the defaults apply.
    std::fs::write(&cfg, "rules: [\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": c.uri("runbooks.yaml"), "type": 2 } ] }),
    );
    c.diagnostics(&uri, |p| codes(p) == ["K007"]);
    assert!(
        c.others.iter().any(|n| n.method == "window/showMessage"
            && n.params["message"]
                .as_str()
                .unwrap()
                .contains("invalid configuration")),
        "{:#?}",
        c.others
    );
    assert!(c.shutdown());
}

#[test]
fn a_panic_or_a_bad_request_is_an_error_answer_and_the_server_goes_on() {
    let mut c = Client::start(json!({ "debounceMs": 20 }));
    let text = c.open(PODS);
    let uri = c.uri(PODS);
    let r = c.request("rbc/debugPanic", Value::Null);
    let e = r.error.expect("an error answer");
    assert_eq!(e.code, lsp_server::ErrorCode::InternalError as i32);
    assert!(
        e.message.contains("rbc/debugPanic asked to fail"),
        "{}",
        e.message
    );
    let r = c.request("textDocument/hover", json!({ "textDocument": 12 }));
    assert_eq!(
        r.error.unwrap().code,
        lsp_server::ErrorCode::InvalidParams as i32
    );
    let r = c.request("textDocument/rename", json!({}));
    assert_eq!(
        r.error.unwrap().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    // Still serving.
    let h = c.result(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": pos(&text, "--previous", 2) }),
    );
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("--previous"));
    // A request after shutdown is refused; exit then ends the server cleanly.
    assert!(c.request("shutdown", Value::Null).error.is_none());
    let late = c.request("textDocument/hover", json!({}));
    assert_eq!(
        late.error.unwrap().code,
        lsp_server::ErrorCode::InvalidRequest as i32
    );
    c.notify("exit", Value::Null);
    assert!(c.server.take().unwrap().join().unwrap().unwrap());
}

#[test]
fn exit_without_shutdown_is_not_clean() {
    let mut c = Client::start(json!({}));
    c.notify("exit", Value::Null);
    assert!(!c.server.take().unwrap().join().unwrap().unwrap());
}

/// A real client: headless Neovim (Debian's `neovim`, installed by `.ci/run`) with
/// the configuration the book shows (`tests/lsp/init.lua`) runs the `rbc lsp` binary,
/// receives the finding on a broken kubectl command, applies its quick fix and sees
/// the finding cleared (`tests/lsp/e2e.lua`).
#[test]
fn neovim_applies_the_quick_fix_and_the_finding_clears() {
    let nvim = std::process::Command::new("nvim").arg("--version").output();
    assert!(
        nvim.is_ok_and(|o| o.status.success()),
        "Neovim is needed for this test: apt-get install -y neovim (as .ci/run does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures/lsp");
    copy_files(&src, dir.path());
    copy_files(&src.join("runbooks"), &dir.path().join("runbooks"));
    let out = dir.path().join("e2e.out");
    let state = dir.path().join("nvim-state");
    let mut child = std::process::Command::new("nvim")
        .args(["--headless", "-i", "NONE", "-n", "-u"])
        .arg(root().join("tests/lsp/init.lua"))
        .arg("-c")
        .arg(format!(
            "luafile {}",
            root().join("tests/lsp/e2e.lua").display()
        ))
        .arg("runbooks/pods.md")
        .current_dir(dir.path())
        .env("RBC", env!("CARGO_BIN_EXE_rbc"))
        .env("RBC_E2E_OUT", &out)
        .env("XDG_STATE_HOME", &state)
        .env("XDG_DATA_HOME", &state)
        .env("XDG_CONFIG_HOME", &state)
        .env("XDG_CACHE_HOME", &state)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!(
                "Neovim did not finish; it saw:\n{}",
                std::fs::read_to_string(&out).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let saw = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(status.success(), "{status}: {saw}");
    let lines: Vec<&str> = saw.lines().collect();
    assert_eq!(
        lines,
        [
            "diagnostic K007 line 18 col 33: `ls` is meant for the container, but there is no `--` before it",
            "action insert `--` before the container's command (K007)",
            "action Disable K007 (exec-without-dashdash) for this block",
            "action Disable K007 (exec-without-dashdash) for this file",
            "action Fix all rbc findings in this file (1)",
            "applied insert `--` before the container's command (K007)",
            "line kubectl exec -n prod <pod-name> -- ls /data",
            "cleared",
        ]
    );
    // The fix went to the buffer; the file on disk is the user's to save.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("runbooks/pods.md")).unwrap(),
        std::fs::read_to_string(src.join("runbooks/pods.md")).unwrap()
    );
}

/// `schema/kubectl/help.json` is what `tools/gen-kubectl-help.py` makes of the real
/// kubectl v1.35.2 (fetched by `tools/fetch-kubectl.sh`, as for the differential test).
#[test]
fn the_kubectl_help_text_is_current() {
    let kubectl = crate::kubectl_diff::kubectl_binary("1.35");
    let out = std::process::Command::new("python3")
        .arg(root().join("tools/gen-kubectl-help.py"))
        .arg("--kubectl")
        .arg(&kubectl)
        .current_dir(root())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let committed = std::fs::read_to_string(root().join("schema/kubectl/help.json")).unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout) == committed,
        "schema/kubectl/help.json is stale: run python3 tools/gen-kubectl-help.py --kubectl {} -o schema/kubectl/help.json",
        kubectl.display()
    );
}

/// The binary over stdio: a body that is not JSON and one that is not a message get
/// protocol errors, then the session goes on to a clean shutdown (exit status 0).
#[test]
fn the_binary_answers_malformed_messages_and_goes_on() {
    use std::io::Write;
    let frame = |s: &str| format!("Content-Length: {}\r\n\r\n{s}", s.len());
    let dir = tempfile::tempdir().unwrap();
    let input = [
        frame("{oops"),
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}"#),
        frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        frame(r#"{"jsonrpc":"2.0","id":2,"method":7}"#),
        frame(r#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#),
        frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
    ]
    .concat();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rbc"))
        .arg("lsp")
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains(r#""code":-32700"#), "{text}");
    assert!(
        text.contains(r#""id":2"#) && text.contains(r#""code":-32600"#),
        "{text}"
    );
    assert!(text.contains(r#""serverInfo":{"name":"rbc""#), "{text}");
    assert!(text.contains(r#""id":3,"result":null"#), "{text}");
}

/// A file that is not open changes on disk (a `git checkout`): the editor's watcher
/// says so, and the findings of the open files that depend on it follow.
#[test]
fn files_changed_on_disk_are_read_again() {
    let mut c = Client::start(json!({ "debounceMs": 20 }));
    c.open(PODS);
    let uri = c.uri(PODS);
    c.diagnostics(&uri, |p| codes(p) == ["K007"]);
    let net = c.path(NETWORK);
    let text = std::fs::read_to_string(&net).unwrap();
    std::fs::write(&net, text.replace("RB-002", "RB-020")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": c.uri(NETWORK), "type": 2 } ] }),
    );
    let (p, _) = c.diagnostics(&uri, |p| p.diagnostics.len() > 1);
    assert!(
        p.diagnostics.iter().any(|d| d.message.contains("RB-002")),
        "{:#?}",
        p.diagnostics
    );
    std::fs::remove_file(&net).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": c.uri(NETWORK), "type": 3 } ] }),
    );
    // Still unknown, and now the link's file is gone too.
    let (p, _) = c.diagnostics(&uri, |p| p.diagnostics.len() > 2);
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.message.contains("network.md")),
        "{:#?}",
        p.diagnostics
    );
    assert!(c.shutdown());
}

/// The references of an alert runbook include the alerting rules that lead to it: the
/// `runbook_url` lines of the rule files (issue 14's alerts, in the editor).
#[test]
fn references_of_a_runbook_include_the_alerts_that_lead_to_it() {
    let mut c = Client::start_in("tests/fixtures/alerts", json!({}));
    let text = c.open("runbooks/EtcdNoLeader.md");
    let refs = c.result(
        "textDocument/references",
        json!({
            "textDocument": { "uri": c.uri("runbooks/EtcdNoLeader.md") },
            "position": pos(&text, "EtcdNoLeader", 1),
            "context": { "includeDeclaration": false },
        }),
    );
    let mut found: Vec<(String, u64)> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let uri = l["uri"].as_str().unwrap().to_string();
            let file = uri.rsplit('/').take(2).collect::<Vec<_>>();
            (
                format!("{}/{}", file[1], file[0]),
                l["range"]["start"]["line"].as_u64().unwrap() + 1,
            )
        })
        .collect();
    found.sort();
    // EtcdNoLeader's own rule (a PrometheusRule) and EtcdMembersDown's, which leads
    // to the same runbook (A005 says so).
    assert_eq!(
        found,
        [
            ("k8s/etcd-rules.yaml".to_string(), 25),
            ("rules/app.yaml".to_string(), 52),
        ]
    );
    assert!(c.shutdown());
}
