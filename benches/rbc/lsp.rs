//! `rbc lsp` on the benchmark corpus: the latency from a one-line `didChange` to the
//! `publishDiagnostics` for it, through an in-memory connection (no debounce).

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

fn wait_publish(c: &Connection, uri: &str, version: i32) {
    loop {
        match c.receiver.recv_timeout(Duration::from_secs(600)) {
            Ok(Message::Notification(n)) if n.method == "textDocument/publishDiagnostics" => {
                if n.params["uri"] == uri && n.params["version"] == version {
                    return;
                }
            }
            Ok(_) => {}
            Err(e) => panic!("no diagnostics from rbc lsp: {e}"),
        }
    }
}

/// (time to the first findings after opening the workspace, one latency per run).
pub fn latency(corpus: &Path, victim: &Path, runs: usize) -> (Duration, Vec<Duration>) {
    let (server, client) = Connection::memory();
    let t = std::thread::spawn(move || rbc::lsp::run(&server));
    let start = Instant::now();
    let root = std::fs::canonicalize(corpus).unwrap();
    let send = |m: Message| client.sender.send(m).unwrap();
    send(
        Request::new(
            RequestId::from(1),
            "initialize".into(),
            json!({
                "processId": null,
                "rootUri": rbc::lsp::convert::path_to_uri(&root).as_str(),
                "capabilities": {},
                "initializationOptions": { "debounceMs": 0 },
            }),
        )
        .into(),
    );
    while !matches!(client.receiver.recv().unwrap(), Message::Response(_)) {}
    let note = |m: &str, p: serde_json::Value| Message::from(Notification::new(m.into(), p));
    send(note("initialized", json!({})));
    let path = std::fs::canonicalize(victim).unwrap();
    let uri = rbc::lsp::convert::path_to_uri(&path).as_str().to_string();
    let text = std::fs::read_to_string(&path).unwrap();
    send(note(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    ));
    wait_publish(&client, &uri, 1);
    let first = start.elapsed();
    let mut out = Vec::new();
    for i in 0..runs {
        let version = i as i32 + 2;
        let edited = if i % 2 == 0 {
            format!("{text}\n- one more line\n")
        } else {
            text.clone()
        };
        let t0 = Instant::now();
        send(note(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [ { "text": edited } ],
            }),
        ));
        wait_publish(&client, &uri, version);
        out.push(t0.elapsed());
    }
    send(Request::new(RequestId::from(2), "shutdown".into(), json!(null)).into());
    send(note("exit", json!(null)));
    let _ = t.join();
    (first, out)
}
