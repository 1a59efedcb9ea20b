//! The preflight's table (`kubectl::access`) against the real kubectl: for every command
//! of the differential set that reaches the API server, the (verb, resource,
//! subresource) rbc derives offline equal those of the requests kubectl v1.35 sent to a
//! recording server (`tests/kubectl/requests.json`, made by
//! `tools/kubectl-requests.py`; see `tests/kubectl/README.md`).

use super::common::*;
use std::collections::BTreeSet;

/// (verb, group, resource, subresource): one authorization check.
type Check = (String, String, String, String);

/// The resource a request's path names, and whether it names one object.
fn parse_path(path: &str) -> Option<(String, String, Option<String>, Option<String>)> {
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (group, rest) = match segs.as_slice() {
        ["api", "v1", rest @ ..] => (String::new(), rest),
        ["apis", g, _v, rest @ ..] => (g.to_string(), rest),
        _ => return None,
    };
    let rest: Vec<&str> = match rest {
        // `namespaces/NS/…` scopes what follows; `namespaces/NS` alone is a namespace.
        ["namespaces", _ns, more @ ..] if !more.is_empty() => more.to_vec(),
        r => r.to_vec(),
    };
    match rest.as_slice() {
        [res] => Some((group, res.to_string(), None, None)),
        [res, name] => Some((group, res.to_string(), Some(name.to_string()), None)),
        [res, name, sub] => Some((
            group,
            res.to_string(),
            Some(name.to_string()),
            Some(sub.to_string()),
        )),
        _ => None,
    }
}

/// What kubectl asked of the authorizer, request by request; `None` when a request is
/// not one a Role grants (a raw path, a review everyone may make).
fn checks_of(requests: &serde_json::Value) -> BTreeSet<Check> {
    let mut out = BTreeSet::new();
    let attached = requests
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["path"].as_str().is_some_and(|p| p.ends_with("/attach")));
    for r in requests.as_array().unwrap() {
        if r["discovery"].as_bool() == Some(true) {
            continue;
        }
        let (method, path, query) = (
            r["method"].as_str().unwrap(),
            r["path"].as_str().unwrap(),
            r["query"].as_str().unwrap_or(""),
        );
        let Some((group, res, name, sub)) = parse_path(path) else {
            continue;
        };
        // Reviews of one's own access: every user may make them.
        if res.starts_with("selfsubject") {
            continue;
        }
        let sub = sub.unwrap_or_default();
        // After the recording server refuses an attach, kubectl falls back to reading
        // the pod's log: an artefact of the recording, not what a cluster would see.
        if attached && sub == "log" {
            continue;
        }
        // A watch that sends the initial objects stands for a list then a watch (what
        // kubectl does on servers without it).
        if query.contains("sendInitialEvents=true") {
            out.insert(("list".to_string(), group.clone(), res.clone(), sub.clone()));
        }
        // Streams (exec, attach, port-forward) are authorized as `create`, whatever
        // the method of the upgrade (websocket GET or SPDY POST).
        let verb = if matches!(sub.as_str(), "exec" | "attach" | "portforward") {
            "create"
        } else {
            match (method, name.is_some()) {
                ("GET", _) if query.contains("watch=true") => "watch",
                ("GET", true) => "get",
                ("GET", false) => "list",
                ("POST", _) => "create",
                ("PUT", _) => "update",
                ("PATCH", _) => "patch",
                ("DELETE", true) => "delete",
                ("DELETE", false) => "deletecollection",
                _ => continue,
            }
        };
        out.insert((verb.to_string(), group, res, sub));
    }
    out
}

fn derived(line: &str) -> Option<BTreeSet<Check>> {
    let (k, _) = rbc::kubectl::build::build(&rbc::words::split(line), 0);
    let p = k.permissions();
    if p.unknown.is_some() {
        return None;
    }
    Some(
        p.needs
            .iter()
            .map(|a| {
                (
                    a.verb.clone(),
                    a.group.clone().unwrap_or_default(),
                    a.resource.clone(),
                    a.subresource.clone().unwrap_or_default(),
                )
            })
            .collect(),
    )
}

/// Lines where the recording server, not kubectl, decides what is left out: the
/// difference is what a real cluster would add.
const RECORDING_ARTEFACTS: &[(u64, &str)] = &[
    (
        441,
        "the server's secret has no key `a`: nothing changes, so kubectl sends no PATCH",
    ),
    (
        528,
        "the server refuses the attach, so kubectl never reaches --rm's delete",
    ),
];

#[test]
fn preflight_table_agrees_with_what_kubectl_requests() {
    let text = std::fs::read_to_string(root().join("tests/kubectl/requests.json")).unwrap();
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    let (mut compared, mut unknown, mut local) = (0, 0, 0);
    let mut bad = Vec::new();
    let mut failed = 0;
    for c in data["commands"].as_array().unwrap() {
        let line = c["command"].as_str().unwrap();
        // Commands kubectl ran to the end (or that were still watching when stopped):
        // one that failed stopped before some of its requests.
        if !(c["exit"].is_null() || c["exit"] == 0) {
            failed += 1;
            continue;
        }
        let actual = checks_of(&c["requests"]);
        let Some(want) = derived(line) else {
            unknown += 1;
            continue;
        };
        if actual.is_empty() {
            local += 1;
            continue;
        }
        compared += 1;
        let artefact = RECORDING_ARTEFACTS
            .iter()
            .any(|(l, _)| c["line"].as_u64() == Some(*l));
        // What a cluster would also see is only ever more than was recorded.
        if artefact && actual.is_subset(&want) {
            continue;
        }
        if actual != want {
            let missing: Vec<_> = actual.difference(&want).collect();
            let extra: Vec<_> = want.difference(&actual).collect();
            bad.push(format!("{}: {line}\n    kubectl also requested {missing:?}\n    rbc also derived {extra:?}", c["line"]));
        }
    }
    eprintln!("{compared} commands compared; {local} reach no resource, {unknown} rbc cannot derive (files, raw paths), {failed} kubectl stopped with an error");
    assert!(
        bad.is_empty(),
        "{} of {compared} disagree:\n{}",
        bad.len(),
        bad.join("\n")
    );
    assert!(compared >= 300, "{compared}");
}
