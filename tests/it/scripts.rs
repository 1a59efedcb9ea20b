//! The generated scripts, run for real with a recording `kubectl` stand-in first on
//! `PATH` (it appends its argv as one JSON array per call to `$KUBECTL_LOG`).

use super::common::*;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const STUB: &str = r#"#!/usr/bin/env python3
import json, os, sys
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
    let o = rbc(&root(), &args);
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
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let calls = e.calls();
    assert!(!calls.is_empty());
    for c in &calls {
        assert_eq!(&c[..2], ["--context", "prod-eu"], "{c:?}");
        assert!(
            !c.contains(&"erlmcp-prod".to_string()),
            "the runbook's namespace is replaced: {c:?}"
        );
    }
    assert!(
        calls.iter().any(|c| c.contains(&"kube-system".to_string())),
        "other namespaces stay: {calls:?}"
    );
    assert!(calls.iter().any(|c| c.contains(&"erlmcp-blue".to_string())));
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
    let script_cmd = format!(
        "{} RB-006 resolve --pod-name erlmcp-0",
        e.scripts.join("runbook").display()
    );
    let c = e.command(&[]);
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
            child.stdin.take().unwrap().write_all(b"n\n")?;
            child.wait_with_output()
        })
        .unwrap();
    let shown = String::from_utf8_lossy(&o.stdout);
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
        out.starts_with("RB-001     Pod CrashLoopBackOff\n"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 12);
    assert_eq!(e.run(&["RB-999"]).status.code(), Some(2));
}

#[test]
fn commands_with_errors_stop_the_build_or_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let o = rbc(
        &root(),
        &["build", "tests/fixtures/seed", "-o", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[B002]"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing written");
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
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rb002 = out.join("scripts/RB-002-high-memory-usage.sh");
    let text = std::fs::read_to_string(&rb002).unwrap();
    assert!(
        text.contains("# rbc: left out, rbc reported it as an error (B002:"),
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
        stderr(&o).contains(
            "warning: left out of this script: tests/fixtures/seed/INCIDENT_RESPONSE.md:124"
        ),
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
