//! The generated scripts, run for real with a recording `kubectl` stand-in first on
//! `PATH` (it appends its argv as one JSON array per call to `$KUBECTL_LOG`; the
//! preflight's `auth can-i` calls to `$KUBECTL_LOG.checks`, answered yes unless
//! `$KUBECTL_DENY` is part of the call; and there too the guard's `config
//! current-context`, answered `$KUBECTL_CURRENT` or kind-dev).

use super::common::*;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const STUB: &str = r#"#!/usr/bin/env python3
import json, os, sys
a = sys.argv[1:]
if a[:2] == ["config", "current-context"]:
    with open(os.environ["KUBECTL_LOG"] + ".checks", "a") as f:
        f.write(json.dumps(a) + "\n")
    print(os.environ.get("KUBECTL_CURRENT", "kind-dev"))
    sys.exit(0)
if any(a[i:i + 2] == ["auth", "can-i"] for i in range(len(a))):
    with open(os.environ["KUBECTL_LOG"] + ".checks", "a") as f:
        f.write(json.dumps(sys.argv[1:]) + "\n")
    deny = os.environ.get("KUBECTL_DENY", "")
    if deny and deny in " ".join(sys.argv[1:]):
        print("no")
        sys.exit(1)
    print("yes")
    sys.exit(0)
with open(os.environ["KUBECTL_LOG"], "a") as f:
    f.write(json.dumps(sys.argv[1:]) + "\n")
fail = os.environ.get("KUBECTL_FAIL", "")
if fail and fail in " ".join(sys.argv[1:]):
    print("stub: failing as asked", file=sys.stderr)
    sys.exit(1)
print("resources: stub output")
"#;

struct Env {
    dir: tempfile::TempDir,
    scripts: PathBuf,
}

fn build(paths: &[&str]) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let mut args = vec!["build", "-o", out.to_str().unwrap()];
    args.extend(paths);
    // A fixed stamp: the scripts' text must not change with this repository's commit.
    let o = Command::new(env!("CARGO_BIN_EXE_rbc"))
        .args(&args)
        .current_dir(root())
        .env("RBC_SOURCE_COMMIT", "test-commit")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::fs::write(bin.join("kubectl"), STUB).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(bin.join("kubectl"), std::fs::Permissions::from_mode(0o755)).unwrap();
    Env {
        scripts: out.join("scripts"),
        dir,
    }
}

impl Env {
    fn log(&self) -> PathBuf {
        self.dir.path().join("kubectl.log")
    }

    fn command(&self, args: &[&str]) -> Command {
        let _ = std::fs::remove_file(self.log());
        let _ = std::fs::remove_file(self.log().with_extension("log.checks"));
        let mut c = Command::new(self.scripts.join("runbook"));
        c.args(args)
            .current_dir(self.dir.path())
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    self.dir.path().join("bin").display(),
                    std::env::var("PATH").unwrap()
                ),
            )
            .env("KUBECTL_LOG", self.log())
            .env_remove("KUBECTL_FAIL")
            .env_remove("KUBECTL_DENY")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn calls(&self) -> Vec<Vec<String>> {
        std::fs::read_to_string(self.log())
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn argv(calls: &[&[&str]]) -> Vec<Vec<String>> {
    calls
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect()
}

fn corpus() -> Env {
    build(&["runbooks-md"])
}

#[test]
fn diagnose_runs_every_diagnosis_command_in_order() {
    let e = corpus();
    let o = e.run(&["RB-001", "diagnose", "--pod-name", "erlmcp-0"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        e.calls(),
        argv(&[
            &["get", "pods", "-n", "erlmcp-prod", "-l", "app=erlmcp"],
            &["logs", "-n", "erlmcp-prod", "erlmcp-0", "--previous"],
            &["describe", "pod", "-n", "erlmcp-prod", "erlmcp-0"],
            &[
                "get",
                "pod",
                "-n",
                "erlmcp-prod",
                "erlmcp-0",
                "-o",
                "jsonpath={.spec.containers[*].resources}"
            ],
        ])
    );
    assert!(
        stderr(&o).contains("==> Check pod logs"),
        "banners carry the descriptions"
    );
}

#[test]
fn a_failing_diagnosis_command_does_not_stop_the_others() {
    let e = corpus();
    let o = e
        .command(&["RB-001", "diagnose", "--pod-name", "erlmcp-0"])
        .env("KUBECTL_FAIL", "logs")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "exit status = number of failures");
    assert_eq!(e.calls().len(), 4);
    assert!(stderr(&o).contains("1 diagnosis command(s) failed"));
}

#[test]
fn resolve_by_number_and_by_slug() {
    let e = corpus();
    let expected = argv(&[
        &["get", "statefulset", "erlmcp", "-n", "erlmcp-prod", "-o", "yaml"],
        &["patch", "statefulset", "erlmcp", "-n", "erlmcp-prod", "--type=json", "-p=[{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/resources/limits/memory\", \"value\": \"4Gi\"}]"],
    ]);
    let o = e.run(&["RB-001", "resolve", "1", "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(e.calls(), expected);
    let o = e.run(&["RB-001", "resolve", "out-of-memory", "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(e.calls(), expected);
    let o = e.run(&["RB-001", "resolve"]);
    assert!(
        stderr(&o).contains("1 | out-of-memory: Out of Memory  (cause: Out of Memory)"),
        "{}",
        stderr(&o)
    );
    assert!(e.calls().is_empty());
}

impl Env {
    /// The preflight's `kubectl auth can-i` calls of the last run.
    fn checks(&self) -> Vec<Vec<String>> {
        std::fs::read_to_string(self.log().with_extension("log.checks"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

#[test]
fn resolve_checks_permissions_first_and_a_no_stops_it() {
    let e = corpus();
    let want = argv(&[
        &[
            "auth",
            "can-i",
            "get",
            "statefulsets.apps/erlmcp",
            "-n",
            "erlmcp-prod",
        ],
        &[
            "auth",
            "can-i",
            "patch",
            "statefulsets.apps/erlmcp",
            "-n",
            "erlmcp-prod",
        ],
    ]);
    // Allowed: checked, then run.
    let o = e.run(&["RB-001", "resolve", "1", "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(e.checks(), want);
    assert_eq!(e.calls().len(), 2);
    // A "no": nothing runs, the refused request is named.
    let o = e
        .command(&["RB-001", "resolve", "1", "--yes"])
        .env("KUBECTL_DENY", "patch")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(e.calls().is_empty(), "{:?}", e.calls());
    let err = stderr(&o);
    assert!(
        err.contains("NO   kubectl auth can-i patch statefulsets.apps/erlmcp -n erlmcp-prod"),
        "{err}"
    );
    assert!(err.contains("nothing was run"), "{err}");
    // --no-preflight: not checked, run.
    let o = e
        .command(&["RB-001", "resolve", "1", "--yes", "--no-preflight"])
        .env("KUBECTL_DENY", "patch")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(e.checks().is_empty());
    assert_eq!(e.calls().len(), 2);
    // `preflight CASE` alone: the table, its exit status, nothing run; with the
    // operator's --context and --namespace, as the commands get them.
    let o = e
        .command(&[
            "RB-001",
            "preflight",
            "1",
            "--context",
            "prod",
            "--namespace",
            "shop",
        ])
        .env("KUBECTL_DENY", "patch")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(e.calls().is_empty());
    assert_eq!(
        e.checks(),
        argv(&[
            &[
                "--context",
                "prod",
                "auth",
                "can-i",
                "get",
                "statefulsets.apps/erlmcp",
                "-n",
                "shop"
            ],
            &[
                "--context",
                "prod",
                "auth",
                "can-i",
                "patch",
                "statefulsets.apps/erlmcp",
                "-n",
                "shop"
            ],
        ])
    );
    // A value arrives in the check as it arrives in the command: literal.
    let o = e.run(&["RB-001", "preflight", "--pod-name", "web 1;$(x)"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        e.checks()
            .iter()
            .any(|c| c.contains(&"pods/web 1;$(x)".to_string())),
        "{:?}",
        e.checks()
    );
    // plan shows the checks and runs none.
    let o = e.run(&["RB-001", "plan", "1"]);
    assert!(
        stdout(&o)
            .contains("check: kubectl auth can-i patch statefulsets.apps/erlmcp -n erlmcp-prod"),
        "{}",
        stdout(&o)
    );
    assert!(e.checks().is_empty() && e.calls().is_empty());
}

#[test]
fn a_script_changes_only_the_contexts_its_runbook_allows() {
    let e = build(&["tests/fixtures/scripts/contexts.md"]);
    let restart = ["rollout", "restart", "deployment/web", "-n", "shop"];
    // The kubeconfig's context is not allowed: the change is refused, and said why.
    let o = e.run(&["RB-905", "resolve", "--yes"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(e.calls().is_empty(), "{:?}", e.calls());
    assert!(e
        .checks()
        .contains(&argv(&[&["config", "current-context"]])[0]));
    let err = stderr(&o);
    assert!(err.contains("context: kind-dev"), "{err}");
    assert!(
        err.contains(
            "refused: this runbook changes only the contexts prod-eu prod-us, and this is kind-dev"
        ),
        "{err}"
    );
    // An allowed one: printed, then the change runs.
    let o = e
        .command(&["RB-905", "resolve", "--yes"])
        .env("KUBECTL_CURRENT", "prod-eu")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("context: prod-eu"));
    assert_eq!(e.calls(), argv(&[&restart]));
    // --context decides, whatever the kubeconfig says.
    let o = e
        .command(&["RB-905", "resolve", "--yes", "--context", "staging"])
        .env("KUBECTL_CURRENT", "prod-eu")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(e.calls().is_empty(), "{:?}", e.calls());
    let o = e.run(&["RB-905", "resolve", "--yes", "--context", "prod-us"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut with_ctx = vec!["--context", "prod-us"];
    with_ctx.extend(restart);
    assert_eq!(e.calls(), argv(&[&with_ctx]));
    // Diagnosis (read-only) runs in any context.
    let o = e.run(&["RB-905", "diagnose"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(e.calls().len(), 1);
}

#[test]
fn a_critical_runbook_asks_for_the_context_name() {
    let e = build(&["tests/fixtures/scripts/contexts.md"]);
    // On a terminal (`script` gives one), without --yes: `y` is not enough, the name is.
    let run = |answer: &str| {
        let cmd = format!(
            "{} RB-905 resolve --context prod-eu --transcript t.log",
            e.scripts.join("runbook").display()
        );
        let c = e.command(&[]);
        let mut child = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .current_dir(e.dir.path())
            .envs(
                c.get_envs()
                    .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(answer.as_bytes()).unwrap();
            // The terminal stays open until the script is done.
            let o = child.wait_with_output().unwrap();
            drop(stdin);
            String::from_utf8_lossy(&o.stdout).to_string()
        }
    };
    let shown = run("y\n");
    assert!(
        shown.contains("This changes prod-eu. Type the context name to run it:"),
        "{shown}"
    );
    assert!(
        shown.contains("declined: not run (the name did not match)"),
        "{shown}"
    );
    assert!(e.calls().is_empty(), "{:?}", e.calls());
    let shown = run("prod-eu\n");
    assert_eq!(
        e.calls(),
        argv(&[&[
            "--context",
            "prod-eu",
            "rollout",
            "restart",
            "deployment/web",
            "-n",
            "shop"
        ]]),
        "{shown}"
    );
}

#[test]
fn a_failing_resolution_command_stops_the_rest() {
    let e = corpus();
    let o = e
        .command(&["RB-001", "resolve", "1", "--yes"])
        .env("KUBECTL_FAIL", "get statefulset")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(e.calls().len(), 1, "the patch is not run");
    let err = stderr(&o);
    assert!(
        err.contains("stopped: this command failed: kubectl get statefulset erlmcp"),
        "{err}"
    );
    assert!(
        err.contains("left undone:\n    $ kubectl patch statefulset erlmcp"),
        "{err}"
    );
}

#[test]
fn procedure_resumes_from_a_step() {
    let e = corpus();
    // Steps 3 and 4 need only <pod-name>; step 2's <node> is not asked for.
    let o = e.run(&[
        "RB-007",
        "resolve",
        "--from",
        "3",
        "--yes",
        "--pod-name",
        "erlmcp-0",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        e.calls(),
        argv(&[
            &[
                "scale",
                "statefulset",
                "erlmcp",
                "-n",
                "erlmcp-prod",
                "--replicas=0"
            ],
            &[
                "scale",
                "statefulset",
                "erlmcp",
                "-n",
                "erlmcp-prod",
                "--replicas=3"
            ],
            &[
                "wait",
                "--for=condition=ready",
                "pod",
                "-l",
                "app=erlmcp",
                "-n",
                "erlmcp-prod",
                "--timeout=5m"
            ],
            &[
                "exec",
                "-n",
                "erlmcp-prod",
                "erlmcp-0",
                "--",
                "curl",
                "-fsS",
                "http://localhost:8081/health"
            ],
        ])
    );
}

#[test]
fn plan_and_dry_run_call_nothing() {
    let e = corpus();
    let o = e.run(&["RB-001", "plan", "1", "--pod-name", "it's here"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(e.calls().is_empty());
    let out = stdout(&o);
    assert!(
        out.contains("$ kubectl patch statefulset erlmcp -n erlmcp-prod --type='json'"),
        "{out}"
    );
    let o = e.run(&["RB-001", "diagnose", "--dry-run", "--pod-name", "it's here"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(e.calls().is_empty());
    assert!(
        stdout(&o).contains(r"kubectl logs -n erlmcp-prod it\'s\ here --previous"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn context_and_namespace() {
    let e = corpus();
    // --context reaches every kubectl; other namespaces stay.
    let o = e.run(&[
        "RB-004",
        "resolve",
        "dns-failure",
        "--context",
        "prod-eu",
        "--pod-name",
        "p",
        "--yes",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let calls = e.calls();
    assert!(!calls.is_empty());
    for c in &calls {
        assert_eq!(&c[..2], ["--context", "prod-eu"], "{c:?}");
    }
    assert!(
        calls.iter().any(|c| c.contains(&"kube-system".to_string())),
        "other namespaces stay: {calls:?}"
    );
    // --namespace cannot reach `-n kube-system`: refused before anything runs.
    let o = e.run(&[
        "RB-004",
        "resolve",
        "dns-failure",
        "--context",
        "prod-eu",
        "--namespace",
        "erlmcp-blue",
        "--pod-name",
        "p",
        "--yes",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(e.calls().is_empty(), "{:?}", e.calls());
    assert!(stderr(&o).contains("kube-system"), "{}", stderr(&o));
    // The runbook's namespace is replaced.
    let o = e.run(&[
        "RB-006",
        "resolve",
        "--yes",
        "--namespace",
        "erlmcp-blue",
        "--pod-name",
        "erlmcp-0",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let calls = e.calls();
    assert!(!calls.is_empty());
    for c in &calls {
        assert!(c.contains(&"erlmcp-blue".to_string()), "{c:?}");
        assert!(!c.contains(&"erlmcp-prod".to_string()), "{c:?}");
    }
}

#[test]
fn mutating_commands_need_yes_or_a_terminal() {
    let e = corpus();
    // No terminal, no --yes: refused, nothing changed.
    let o = e.run(&["RB-006", "resolve", "--pod-name", "erlmcp-0"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(e.calls().is_empty(), "{:?}", e.calls());
    assert!(
        stderr(&o).contains("there is no terminal to confirm it; pass --yes"),
        "{}",
        stderr(&o)
    );
    // A terminal that answers no: nothing changed.
    let shown = run_with_terminal(&e, "RB-006 resolve --pod-name erlmcp-0", "n\n");
    assert!(shown.contains("Run this? [y/N]"), "{shown}");
    assert!(e.calls().is_empty(), "declined: {:?}", e.calls());
    // --yes: run.
    let o = e.run(&["RB-006", "resolve", "--yes", "--pod-name", "erlmcp-0"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        e.calls()[0],
        [
            "rollout",
            "undo",
            "statefulset",
            "erlmcp",
            "-n",
            "erlmcp-prod"
        ]
    );
}

#[test]
fn missing_placeholder_names_the_option() {
    let e = corpus();
    let o = e.run(&["RB-001", "diagnose"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("missing value for: --pod-name"),
        "{}",
        stderr(&o)
    );
    assert!(e.calls().is_empty());
    let o = e
        .command(&["RB-001", "diagnose"])
        .env("RB_POD_NAME", "from-env")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(e.calls()[1][3], "from-env");
}

const HOSTILE: &[&str] = &[
    "$(touch pwned)",
    "`touch pwned`",
    "a b",
    "a;touch pwned",
    "'",
    "\"",
    "\\",
    "$HOME",
    "*",
    "a|touch pwned",
    "&& touch pwned",
    "--all-namespaces",
    "-n kube-system",
    "x' ; touch pwned ; echo '",
    "${IFS}touch${IFS}pwned",
    "$((6*7))",
    "é ünïcode",
    "!!",
    "~",
    "%s%n",
];

#[test]
fn hostile_values_arrive_as_one_literal_argument() {
    let e = build(&["tests/fixtures/scripts"]);
    for v in HOSTILE {
        let o = e.run(&["RB-901", "diagnose", "--value", v]);
        if v.starts_with('-') {
            // Where a word starts, a value that starts with - would be an option.
            assert_eq!(o.status.code(), Some(1), "{v}: {}", stderr(&o));
            assert!(e.calls().is_empty(), "{v}: {:?}", e.calls());
            // (The command's own output, this error included, goes to the transcript
            // and stdout.)
            assert!(
                stdout(&o).contains("would read it as an option"),
                "{v}: {}",
                stdout(&o)
            );
            continue;
        }
        assert_eq!(o.status.code(), Some(0), "{v}: {}", stderr(&o));
        assert_eq!(
            e.calls(),
            vec![vec![
                "logs".to_string(),
                v.to_string(),
                "-n".into(),
                "erlmcp-prod".into()
            ]],
            "{v}"
        );
        let o = e.run(&["RB-901", "resolve", "--yes", &format!("--value={v}")]);
        assert_eq!(o.status.code(), Some(0), "{v}: {}", stderr(&o));
        let calls = e.calls();
        assert_eq!(calls.len(), 3, "{v}: {calls:?}");
        assert_eq!(
            calls[0][6],
            format!("-p=[{{\"op\": \"add\", \"path\": \"/data/X\", \"value\": \"{v}\"}}]"),
            "{v}"
        );
        assert_eq!(calls[1][5], format!("note={v}"), "{v}");
        assert_eq!(calls[2][5], format!("app={v}"), "{v}");
        assert!(!e.dir.path().join("pwned").exists(), "{v} ran a command");
    }
    let o = e.run(&["RB-901", "diagnose", "--value", "a\nb"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("values with a newline are refused"));
    assert!(e.calls().is_empty());
}

fn all_scripts() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in [
        &["runbooks-md"][..],
        &["tests/fixtures/scripts"],
        &["tests/fixtures/shapes/single"],
        &["tests/fixtures/shapes/labels"],
        &["tests/fixtures/shapes/prometheus"],
        &["tests/fixtures/shapes/frontmatter"],
    ] {
        let e = build(p);
        let kept = e.dir.keep();
        for f in std::fs::read_dir(kept.join("dist/scripts")).unwrap() {
            out.push(f.unwrap().path());
        }
    }
    out
}

#[test]
fn every_script_passes_bash_n_and_shellcheck() {
    let scripts = all_scripts();
    assert!(scripts.len() > 15);
    for s in &scripts {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(s).unwrap().permissions().mode() & 0o777,
            0o755,
            "{}",
            s.display()
        );
        let o = Command::new("bash").arg("-n").arg(s).output().unwrap();
        assert!(
            o.status.success(),
            "bash -n {}: {}",
            s.display(),
            stderr(&o)
        );
    }
    let o = Command::new("shellcheck")
        .args(&scripts)
        .output()
        .expect("shellcheck is installed (Debian's package; .ci/run installs it)");
    assert!(o.status.success(), "shellcheck:\n{}", stdout(&o));
}

fn script_text(e: &Env, prefix: &str) -> String {
    let f = std::fs::read_dir(&e.scripts)
        .unwrap()
        .map(|f| f.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap();
    std::fs::read_to_string(f).unwrap()
}

#[test]
fn script_snapshots() {
    let e = corpus();
    insta::assert_snapshot!("script_rb001", script_text(&e, "RB-001-"));
    insta::assert_snapshot!("script_rb006", script_text(&e, "RB-006-"));
    insta::assert_snapshot!("script_rb007", script_text(&e, "RB-007-"));
}

#[test]
fn dispatcher_lists_runbooks() {
    let e = corpus();
    let o = e.run(&["list"]);
    let out = stdout(&o);
    assert!(
        out.starts_with("RB-001     Pod CrashLoopBackOff  (RB-001-pod-crashloopbackoff.sh)\n"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 12);
    assert_eq!(e.run(&["RB-999"]).status.code(), Some(2));
}

#[test]
fn commands_with_errors_hold_back_their_scripts_or_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let o = rbc(
        &root(),
        &["build", "tests/fixtures/seed", "-o", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error[B002]"), "{err}");
    // Everything is written but the scripts of the runbooks with command errors, and
    // the build says which.
    assert!(
        err.contains("error: no script for 4 runbook(s) whose commands have errors: RB-002, RB-003, RB-004, RB-005"),
        "{err}"
    );
    assert!(out.join("index.html").is_file());
    assert!(out.join("scripts/RB-001-pod-crashloopbackoff.sh").is_file());
    assert!(!out.join("scripts/RB-002-high-memory-usage.sh").exists());
    let page = std::fs::read_to_string(out.join("RB-002-high-memory-usage.html")).unwrap();
    assert!(
        page.contains("No script: some of its commands have errors"),
        "{page}"
    );
    assert!(!page.contains("RB-002-high-memory-usage.sh"));
    let list = std::process::Command::new(out.join("scripts/runbook"))
        .arg("list")
        .output()
        .unwrap();
    assert!(!stdout(&list).contains("RB-002"), "{}", stdout(&list));
    let o = rbc(
        &root(),
        &[
            "build",
            "tests/fixtures/seed",
            "--allow-errors",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    // Written, the erroneous commands left out; the status is still check's.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("error(s) found"), "{}", stderr(&o));
    let rb002 = out.join("scripts/RB-002-high-memory-usage.sh");
    let text = std::fs::read_to_string(&rb002).unwrap();
    assert!(
        text.contains("# rbc: left out (rbc reported it as an error: B002:"),
        "{text}"
    );
    let b = Command::new("bash").arg("-n").arg(&rb002).output().unwrap();
    assert!(b.status.success());
    let e = Env {
        scripts: out.join("scripts"),
        dir,
    };
    std::fs::create_dir_all(e.dir.path().join("bin")).unwrap();
    std::fs::write(e.dir.path().join("bin/kubectl"), STUB).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        e.dir.path().join("bin/kubectl"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let o = e.run(&["RB-002", "diagnose", "--pod-name", "p"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: left out of this script: INCIDENT_RESPONSE.md:124"),
        "{}",
        stderr(&o)
    );
    assert_eq!(e.calls().len(), 1, "only the valid command ran");
}

/// The injection suite with generated values: shell metacharacters, quotes, command
/// substitutions, unicode, leading dashes — each arrives as one literal argument
/// through every quoting context of the fixture, and nothing runs.
#[test]
fn generated_values_arrive_as_one_literal_argument() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let e = build(&["tests/fixtures/scripts"]);
    let pieces = prop_oneof![
        "[ -~]{1,6}",
        Just("$(touch pwned)".to_string()),
        Just("`touch pwned`".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("${IFS}".to_string()),
        Just(";touch pwned;".to_string()),
        Just("--".to_string()),
        "\\PC{1,3}",
    ];
    let values = prop::collection::vec(pieces, 1..5).prop_map(|v| v.concat());
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&values, |v| {
            let o = e.run(&["RB-901", "resolve", "--yes", &format!("--value={v}")]);
            prop_assert_eq!(o.status.code(), Some(0), "{:?}: {}", v, stderr(&o));
            let calls = e.calls();
            prop_assert_eq!(calls.len(), 3, "{:?}: {:?}", v, calls);
            prop_assert_eq!(
                &calls[0][6],
                &format!("-p=[{{\"op\": \"add\", \"path\": \"/data/X\", \"value\": \"{v}\"}}]")
            );
            prop_assert_eq!(&calls[1][5], &format!("note={v}"));
            prop_assert_eq!(&calls[2][5], &format!("app={v}"));
            prop_assert!(
                !e.dir.path().join("pwned").exists(),
                "{:?} ran a command",
                v
            );
            Ok(())
        })
        .unwrap();
}

/// `set -o pipefail` holds in every pipeline: kubectl failing at the head of a
/// pipeline whose last command succeeds still counts as a failed command.
#[test]
fn a_failure_inside_a_pipeline_is_a_failure() {
    let e = build(&["tests/fixtures/scripts"]);
    let o = e.run(&["RB-902", "diagnose"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = e
        .command(&["RB-902", "diagnose"])
        .env("KUBECTL_FAIL", "get pods")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "one failed command: {}",
        stderr(&o)
    );
    // The diagnosis goes on after the failure.
    assert_eq!(e.calls().len(), 2);
}

/// Run a script under a terminal (util-linux `script`) that types `answer`.
fn run_with_terminal(e: &Env, args: &str, answer: &str) -> String {
    let script_cmd = format!("{} {args}", e.scripts.join("runbook").display());
    let c = e.command(&[]);
    let _ = std::fs::remove_file(e.log());
    let o = Command::new("script")
        .args(["-qec", &script_cmd, "/dev/null"])
        .current_dir(e.dir.path())
        .envs(
            c.get_envs()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(answer.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The transcripts a run left in the working folder, concatenated.
fn transcripts(e: &Env) -> String {
    let mut t = String::new();
    for f in std::fs::read_dir(e.dir.path()).unwrap().flatten() {
        if f.path().extension().is_some_and(|x| x == "log") && f.file_name() != "kubectl.log" {
            t.push_str(&std::fs::read_to_string(f.path()).unwrap());
            std::fs::remove_file(f.path()).unwrap();
        }
    }
    t
}

#[test]
fn a_mutating_command_later_in_a_pipeline_is_confirmed() {
    let e = build(&["tests/fixtures/scripts/multi.md"]);
    // No terminal: the whole line is refused before anything of it runs.
    let o = e.run(&["RB-903", "resolve"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(e.calls().is_empty(), "{:?}", e.calls());
    assert!(
        stderr(&o).contains("[changes things: `kubectl delete`"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("stopped: this command was refused"),
        "{}",
        stderr(&o)
    );
    let t = transcripts(&e);
    assert!(t.contains("# outcome: refused (no terminal"), "{t}");
    assert!(t.contains("# outcome: left undone"), "{t}");
    // A terminal that says no: declined, nothing ran, and it is not called a failure.
    let shown = run_with_terminal(&e, "RB-903 resolve", "n\n");
    assert!(shown.contains("Run this? [y/N]"), "{shown}");
    assert!(
        shown.contains("stopped: you declined this command"),
        "{shown}"
    );
    assert!(!shown.contains("this command failed"), "{shown}");
    assert!(e.calls().is_empty(), "{:?}", e.calls());
    assert!(transcripts(&e).contains("# outcome: declined"));
    // --yes with --namespace: `sh -c '… -n shop'` cannot follow it, so the run is
    // refused before anything of it starts, with the reason.
    let o = e.run(&["RB-903", "resolve", "--yes", "--namespace", "payments"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(e.calls().is_empty(), "{:?}", e.calls());
    assert!(
        stderr(&o).contains("inside a quoted string"),
        "{}",
        stderr(&o)
    );
    // Without --namespace/--context it runs.
    let o = e.run(&["RB-903", "resolve", "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(e.calls().last().unwrap(), &["get", "pods", "-n", "shop"]);
}

#[test]
fn context_reaches_kubectl_behind_xargs_and_timeout() {
    let e = build(&["tests/fixtures/scripts/multi.md"]);
    // (`grep web` finds nothing in the stand-in's output, so one command fails.)
    e.run(&["RB-903", "diagnose", "--context", "prod"]);
    let calls = e.calls();
    assert!(calls.len() >= 3, "{calls:?}");
    for c in &calls {
        assert_eq!(c[..2], ["--context", "prod"], "{calls:?}");
    }
    let o = e.run(&["RB-903", "resolve", "--yes", "--context", "prod"]);
    assert!(
        stderr(&o).contains("inside a quoted string"),
        "{}",
        stderr(&o)
    );
    for c in e.calls() {
        assert_eq!(c[..2], ["--context", "prod"]);
    }
    // Names, not code.
    let o = e.run(&["RB-903", "diagnose", "--context", "x;rm -rf /"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(e.calls().is_empty());
}

#[test]
fn a_crlf_runbook_runs_what_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let lf = "# RB-905: Line Ends\n\n**Namespace**: shop\n\n## Symptoms\n\n- s\n\n## Diagnosis\n\n```bash\n# Logs\nkubectl logs deploy/web -n shop --tail=5\n```\n\n## Resolution\n\n```bash\n# Restart\nkubectl rollout restart \\\n  deployment/web -n shop\n```\n";
    std::fs::create_dir(dir.path().join("lf")).unwrap();
    std::fs::create_dir(dir.path().join("crlf")).unwrap();
    std::fs::write(dir.path().join("lf/rb.md"), lf).unwrap();
    std::fs::write(dir.path().join("crlf/rb.md"), lf.replace('\n', "\r\n")).unwrap();
    let lf_env = build(&[dir.path().join("lf").to_str().unwrap()]);
    let crlf_env = build(&[dir.path().join("crlf").to_str().unwrap()]);
    let plan = |e: &Env| stdout(&e.run(&["RB-905", "plan", "--namespace", "payments"]));
    assert_eq!(plan(&lf_env), plan(&crlf_env));
    let o = crlf_env.run(&["RB-905", "resolve", "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        crlf_env.calls(),
        argv(&[&["rollout", "restart", "deployment/web", "-n", "shop"]])
    );
    let o = crlf_env.run(&["RB-905", "resolve", "--yes", "--namespace", "payments"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        crlf_env.calls(),
        argv(&[&["rollout", "restart", "deployment/web", "-n", "payments"]])
    );
    let o = crlf_env.run(&["RB-905", "plan", "--yes"]);
    assert!(
        stdout(&o).contains("[changes things: `kubectl rollout restart`"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn placeholders_named_like_options_get_their_own_values() {
    let e = build(&["tests/fixtures/scripts/options.md"]);
    let o = e.run(&["RB-904", "--help"]);
    let help = stdout(&o);
    for opt in [
        "--namespace VALUE",
        "--context VALUE",
        "--from VALUE",
        "--rb-namespace NS",
        "--rb-context CTX",
        "--rb-from N",
    ] {
        assert_eq!(help.matches(opt).count(), 1, "{opt}: {help}");
    }
    let o = e.run(&[
        "RB-904",
        "resolve",
        "--yes",
        "--namespace",
        "payments",
        "--context",
        "app-ctx",
        "--title",
        "shop-1",
        "--id",
        "web",
        "--from",
        "3",
        "--rb-context",
        "prod",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        e.calls(),
        argv(&[
            &[
                "--context",
                "prod",
                "delete",
                "pod",
                "shop-1",
                "-n",
                "payments"
            ],
            &[
                "--context",
                "prod",
                "rollout",
                "undo",
                "deployment/web",
                "-n",
                "ingress-nginx",
                "--to-revision=3"
            ],
        ])
    );
    // The runbook's own `-n <namespace>` and `--context <context>`: --rb-namespace
    // cannot reach them, so the run is refused before it starts …
    let o = e.run(&[
        "RB-904",
        "diagnose",
        "--namespace",
        "payments",
        "--context",
        "app-ctx",
        "--rb-namespace",
        "ing2",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(e.calls().is_empty(), "{:?}", e.calls());
    // … and without it both run, each with its own values.
    let o = e.run(&[
        "RB-904",
        "diagnose",
        "--namespace",
        "payments",
        "--context",
        "app-ctx",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        e.calls(),
        argv(&[
            &[
                "logs",
                "-n",
                "ingress-nginx",
                "deploy/ingress-nginx-controller",
                "--tail=50"
            ],
            &["get", "pods", "-n", "payments", "--context", "app-ctx"],
        ])
    );

    // The environment: RB_TITLE is the placeholder's, never the runbook's title.
    let o = e
        .command(&["RB-904", "plan", "1"])
        .env("RB_TITLE", "from-env")
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(out.contains("delete pod from-env"), "{out}");
}

#[test]
fn every_builtin_option_name_can_be_a_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "context",
        "namespace",
        "transcript",
        "from",
        "yes",
        "dry-run",
        "help",
    ];
    let mut md = String::from("# RB-906: Builtins\n\n**Namespace**: ops\n\n## Symptoms\n\n- s\n\n## Diagnosis\n\n```bash\n");
    for n in names {
        md.push_str(&format!("# {n}\nkubectl get configmap <{n}> -n ops\n"));
    }
    md.push_str("```\n\n## Resolution\n\n```bash\n# r\nkubectl get nodes\n```\n");
    std::fs::write(dir.path().join("rb.md"), md).unwrap();
    let e = build(&[dir.path().to_str().unwrap()]);
    let mut args = vec![
        "RB-906",
        "diagnose",
        "--rb-namespace",
        "other",
        "--rb-transcript",
        "t.log",
    ];
    let values: Vec<String> = names.iter().map(|n| format!("value-of-{n}")).collect();
    for (n, v) in names.iter().zip(&values) {
        args.push(Box::leak(format!("--{n}").into_boxed_str()));
        args.push(v);
    }
    let o = e.run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let expected: Vec<Vec<String>> = values
        .iter()
        .map(|v| {
            ["get", "configmap", v, "-n", "other"]
                .iter()
                .map(|s| s.to_string())
                .collect()
        })
        .collect();
    assert_eq!(e.calls(), expected);
    assert!(e.dir.path().join("t.log").exists());
    let sc = Command::new("shellcheck")
        .arg(e.scripts.join("RB-906-builtins.sh"))
        .output()
        .expect("shellcheck");
    assert!(sc.status.success(), "{}", stdout(&sc));
}

#[test]
fn a_duplicated_id_is_never_resolved_silently() {
    let dir = tempfile::tempdir().unwrap();
    let rb = |title: &str| {
        format!("# RB-083: {title}\n\n## Symptoms\n\n- s\n\n## Diagnosis\n\n```bash\n# d\nkubectl get nodes\n```\n\n## Resolution\n\n```bash\n# r\nkubectl get nodes\n```\n")
    };
    std::fs::write(dir.path().join("a.md"), rb("First")).unwrap();
    std::fs::write(dir.path().join("b.md"), rb("Second")).unwrap();
    let out = dir.path().join("dist");
    let o = rbc(
        &root(),
        &[
            "build",
            dir.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("error[S003]"), "{}", stderr(&o));
    let run = |args: &[&str]| {
        Command::new(out.join("scripts/runbook"))
            .args(args)
            .output()
            .unwrap()
    };
    let list = stdout(&run(&["list"]));
    assert_eq!(
        list.lines().filter(|l| l.starts_with("RB-083 ")).count(),
        2,
        "{list}"
    );
    let o = run(&["RB-083", "diagnose"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("is the ID of 2 runbooks"), "{err}");
    assert!(
        err.contains("RB-083-first.sh") && err.contains("RB-083-2-second.sh"),
        "{err}"
    );
}

#[test]
fn the_transcript_names_the_runbook_commit_and_every_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/scripts/pipeline.md"),
        repo.join("rb.md"),
    )
    .unwrap();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(args)
            .current_dir(&repo)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
            .output()
            .unwrap();
        assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
        stdout(&o).trim().to_string()
    };
    git(&["init", "-q"]);
    git(&["add", "rb.md"]);
    git(&["commit", "-qm", "runbook"]);
    let head = git(&["rev-parse", "HEAD"]);
    let out = dir.path().join("dist");
    let build = || {
        let o = Command::new(env!("CARGO_BIN_EXE_rbc"))
            .args(["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .env_remove("RBC_SOURCE_COMMIT")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        std::fs::read_to_string(out.join("scripts/RB-902-pipelines.sh")).unwrap()
    };
    let text = build();
    assert!(text.contains(&format!("RBC_COMMIT='{head}'\n")), "{head}");
    std::fs::write(
        repo.join("rb.md"),
        std::fs::read_to_string(repo.join("rb.md")).unwrap() + "\n",
    )
    .unwrap();
    let text = build();
    assert!(
        text.contains(&format!(
            "RBC_COMMIT='{head} with uncommitted changes to this file'"
        )),
        "{}",
        text.lines()
            .find(|l| l.starts_with("RBC_COMMIT"))
            .unwrap_or("")
    );
    // Run it elsewhere: the transcript names the runbook's commit, not the folder's.
    let e = Env {
        scripts: out.join("scripts"),
        dir: tempfile::tempdir().unwrap(),
    };
    std::fs::create_dir(e.dir.path().join("bin")).unwrap();
    std::fs::write(e.dir.path().join("bin/kubectl"), STUB).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        e.dir.path().join("bin/kubectl"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let o = e.run(&["RB-902", "resolve"]);
    assert_eq!(o.status.code(), Some(1));
    let t = transcripts(&e);
    assert!(
        t.contains(&format!("# runbook commit: {head} with uncommitted")),
        "{t}"
    );
    assert!(t.contains("# outcome: refused (no terminal"), "{t}");
    let o = e.run(&["RB-902", "diagnose"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = transcripts(&e);
    assert_eq!(t.matches("# outcome: ran, exit status 0").count(), 2, "{t}");
}

#[test]
fn an_interrupted_command_is_in_the_transcript() {
    let e = build(&["tests/fixtures/scripts/pipeline.md"]);
    // A kubectl that hangs until it is interrupted.
    std::fs::write(
        e.dir.path().join("bin/kubectl"),
        "#!/usr/bin/env bash\necho started >> \"$KUBECTL_LOG.hang\"\nsleep 30\n",
    )
    .unwrap();
    // Its own process group, as a terminal would make it, so the signal reaches
    // the script and the hanging kubectl at once, as Ctrl-C does.
    use std::os::unix::process::CommandExt;
    let child = e
        .command(&["RB-902", "diagnose", "--transcript", "t.log"])
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let hang = std::path::PathBuf::from(format!("{}.hang", e.log().display()));
    let start = std::time::Instant::now();
    while !hang.exists() && start.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(hang.exists(), "kubectl never started");
    let pgid = child.id() as i32;
    let killed = Command::new("kill")
        .args(["-INT", "--", &format!("-{pgid}")])
        .status()
        .unwrap();
    assert!(killed.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    let t = std::fs::read_to_string(e.dir.path().join("t.log")).unwrap();
    assert!(t.contains("# outcome: interrupted"), "{t}");
    assert!(
        start.elapsed().as_secs() < 20,
        "the script waited for the hung kubectl"
    );
}

#[test]
fn a_variable_one_command_sets_reaches_the_next() {
    let e = build(&["tests/fixtures/scripts/variables.md"]);
    let o = e.run(&["RB-907", "diagnose"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The stand-in prints `resources: stub output`; `head -n 1` keeps it whole.
    assert_eq!(
        e.calls(),
        argv(&[
            &["get", "deployment", "-A", "-o", "name"],
            &[
                "logs",
                "-n",
                "resources: stub output",
                "deployment/operator",
                "--tail=5"
            ],
        ])
    );
    let t = transcripts(&e);
    assert!(t.contains("resources: stub output"), "{t}");
}

#[test]
fn alert_runbook_scripts_run_the_sessions_commands_only() {
    let e = build(&["tests/fixtures/shapes/alert"]);
    let o = e.run(&["EtcdMembersDown", "diagnose"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        e.calls(),
        argv(&[
            &[
                "get",
                "pods",
                "-n",
                "kube-system",
                "-l",
                "component=etcd",
                "-o",
                "wide"
            ],
            &["logs", "-n", "kube-system", "etcd-master-1", "--tail=50"],
        ])
    );
    let o = e.run(&["EtcdMembersDown", "resolve", "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        e.calls(),
        argv(&[&["delete", "pod", "-n", "kube-system", "etcd-master-1"]])
    );
    // The PromQL block (B003) is not run; the session's output is not run.
    let o = e.run(&["KubeQuotaAlmostFull", "plan", "--namespace", "shop"]);
    let plan = stdout(&o);
    assert!(!plan.contains("kube_resourcequota"), "{plan}");
    assert!(
        !plan.contains("api-7d9f"),
        "the session's output is no command: {plan}"
    );
    assert!(plan.contains("kubectl -n shop get resourcequota"), "{plan}");
    let o = e.run(&["EtcdMembersDown", "symptoms"]);
    assert!(
        stdout(&o).contains("members of the etcd cluster"),
        "{}",
        stdout(&o)
    );
}

/// Ctrl-C at `Run this? [y/N]`: the transcript says so, and nothing runs.
#[test]
fn ctrl_c_at_the_prompt_is_in_the_transcript() {
    let e = build(&["tests/fixtures/scripts/multi.md"]);
    let script_cmd = format!(
        "{} RB-903 resolve --transcript t.log",
        e.scripts.join("runbook").display()
    );
    let c = e.command(&[]);
    let mut child = Command::new("script")
        .args(["-qec", &script_cmd, "/dev/null"])
        .current_dir(e.dir.path())
        .envs(
            c.get_envs()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // The command's entry is written before the question is asked.
    let t = e.dir.path().join("t.log");
    let start = std::time::Instant::now();
    while !std::fs::read_to_string(&t).is_ok_and(|s| s.contains("\n## "))
        && start.elapsed().as_secs() < 20
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    {
        use std::io::Write;
        // ^C on the terminal: the line discipline sends SIGINT to the script.
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"\x03").unwrap();
        let o = child.wait_with_output().unwrap();
        let shown = String::from_utf8_lossy(&o.stdout);
        let log = std::fs::read_to_string(&t).unwrap_or_default();
        assert!(
            log.contains("# outcome: interrupted at the prompt: not run"),
            "{log}\n{shown}"
        );
        drop(stdin);
    }
    assert!(e.calls().is_empty(), "{:?}", e.calls());
}
