//! `rbc lsp` and the workspace as a whole: progress while it loads, and an open
//! `runbooks.yaml` buffer read as it is typed.

use crate::lsp::{codes, Client, PODS};
use serde_json::{json, Value};
use std::path::Path;

fn progress_kinds(c: &Client, token: &Value) -> Vec<(String, Option<u64>)> {
    c.others
        .iter()
        .filter(|n| n.method == "$/progress" && &n.params["token"] == token)
        .map(|n| {
            let v = &n.params["value"];
            (
                v["kind"].as_str().unwrap_or("").to_string(),
                v["percentage"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn loading_the_workspace_reports_progress_when_the_client_shows_it() {
    let caps = json!({ "window": { "workDoneProgress": true } });
    let mut c = Client::start_with("tests/fixtures/lsp", json!({ "debounceMs": 20 }), caps);
    c.open(PODS);
    let pods = c.uri(PODS);
    c.diagnostics(&pods, |p| codes(p) == ["K007"]);
    let created: Vec<&Value> = c
        .requests
        .iter()
        .filter(|r| r.method == "window/workDoneProgress/create")
        .map(|r| &r.params["token"])
        .collect();
    assert_eq!(created.len(), 1, "{:?}", c.requests);
    let token = created[0].clone();
    let kinds = progress_kinds(&c, &token);
    let names: Vec<&str> = kinds.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names.first(), Some(&"begin"), "{kinds:?}");
    assert_eq!(names.last(), Some(&"end"), "{kinds:?}");
    let reports: Vec<u64> = kinds
        .iter()
        .filter(|(k, _)| k == "report")
        .map(|(_, p)| p.expect("a report has a percentage"))
        .collect();
    assert!(!reports.is_empty(), "{kinds:?}");
    assert!(reports.windows(2).all(|w| w[0] < w[1]), "{reports:?}");
    assert!(reports.iter().all(|p| *p <= 100), "{reports:?}");
    assert!(c.shutdown());

    // A client that does not show progress is not asked to.
    let mut c = Client::start(json!({ "debounceMs": 20 }));
    c.open(PODS);
    let pods = c.uri(PODS);
    c.diagnostics(&pods, |p| codes(p) == ["K007"]);
    assert!(
        !c.requests
            .iter()
            .any(|r| r.method == "window/workDoneProgress/create"),
        "{:?}",
        c.requests
    );
    assert!(!c.others.iter().any(|n| n.method == "$/progress"));
    assert!(c.shutdown());
}

#[test]
fn a_runbooks_yaml_buffer_is_read_as_it_is_typed() {
    let mut c = Client::start(json!({ "debounceMs": 20 }));
    c.open(PODS);
    let pods = c.uri(PODS);
    c.diagnostics(&pods, |p| codes(p) == ["K007"]);
    let cfg = c.uri("runbooks.yaml");
    let old = c.open("runbooks.yaml");
    let (p, _) = c.diagnostics(&cfg, |p| p.version == Some(1));
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);

    // Settings typed, not saved: they apply.
    c.change("runbooks.yaml", 2, &format!("{old}rules:\n  K007: off\n"));
    c.diagnostics(&pods, |p| p.diagnostics.is_empty());

    // An invalid buffer: a finding at the place, and the last good settings stay.
    let bad = format!("{old}rules:\n  K007: maybe\nid_pattern: '^RB-[0-9]+$'\n");
    c.change("runbooks.yaml", 3, &bad);
    let (p, _) = c.diagnostics(&cfg, |p| p.version == Some(3));
    let e = rbc::config::Settings::parse(Path::new("runbooks.yaml"), &bad).unwrap_err();
    assert!(e.line > 2, "{e}");
    assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
    let d = &p.diagnostics[0];
    assert_eq!(d.range.start.line, e.line - 1, "{d:?}");
    assert_eq!(d.range.start.character, e.col - 1, "{d:?}");
    assert!(d.message.contains("maybe"), "{}", d.message);
    let text = std::fs::read_to_string(c.path(PODS)).unwrap();
    c.change(PODS, 2, &format!("{text}\n"));
    let (p, _) = c.diagnostics(&pods, |p| p.version == Some(2));
    assert!(
        p.diagnostics.is_empty(),
        "K007 is still off: {:?}",
        codes(&p)
    );
    // Nothing was written to disk.
    assert_eq!(
        std::fs::read_to_string(c.path("runbooks.yaml")).unwrap(),
        old
    );

    // Back to what is on disk: the finding returns, the buffer is clean.
    c.change("runbooks.yaml", 4, &old);
    let (p, _) = c.diagnostics(&cfg, |p| p.version == Some(4));
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    c.diagnostics(&pods, |p| codes(p) == ["K007"]);

    // Typed again and closed unsaved: the file on disk is in force again.
    c.change("runbooks.yaml", 5, &format!("{old}rules:\n  K007: off\n"));
    c.diagnostics(&pods, |p| p.diagnostics.is_empty());
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": cfg } }),
    );
    c.diagnostics(&pods, |p| codes(p) == ["K007"]);
    assert!(c.shutdown());
}
