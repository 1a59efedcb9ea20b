//! The invariants of the generated scripts, proven by running them: every program a
//! script can call is a stand-in that records its argv and stdin, and runbooks are
//! generated from a grammar of the shapes real repositories use (comments first,
//! sessions in several prompt styles, prompt-less console blocks, here-documents
//! quoted and not, loops, multi-line substitutions, `sh -c`, `ssh`, `exec`,
//! redirections, variables, fences in list items, CRLF), filled with hostile values.
//!
//! For every generated runbook:
//! 1. what runs is exactly what the runbook shows, argv and stdin, in order, and
//!    `plan` prints exactly those commands;
//! 2. nothing rbc cannot prove read-only runs without a yes;
//! 3. with `--context`/`--namespace`, every cluster command carries exactly those, or
//!    nothing of the run starts;
//! 4. every value arrives as one literal argument or exact here-document text (or the
//!    command is refused: a second shell would parse it, or it would be an option);
//! 5. every generated script and the dispatcher pass `bash -n` and `shellcheck`;
//! 6. `resolve` checks the permissions of its cluster commands (`kubectl auth can-i`)
//!    before any of them runs, and a "no" stops it before anything starts.
//!
//! `mechanisms_disabled_break_the_invariants` shows that each check fails when the
//! mechanism that upholds it is taken out of the generated scripts.

use super::common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The programs the generated runbooks call; each is a recording stand-in.
const STANDINS: &[&str] = &[
    "kubectl",
    "oc",
    "helm",
    "systemctl",
    "psql",
    "ssh",
    "curl",
    "frobctl",
    "grep",
    "wc",
    "cat",
    "touch",
    "rm",
    "journalctl",
    "ls",
];

const STANDIN: &str = r#"#!/usr/bin/env python3
import json, os, sys
data = "" if sys.stdin is None or sys.stdin.isatty() else sys.stdin.read()
line = json.dumps([os.path.basename(sys.argv[0])] + sys.argv[1:] + ["<stdin>", data]) + "\n"
fd = os.open(os.environ["REC_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
os.write(fd, line.encode())
os.close(fd)
a = sys.argv[1:]
if any(a[i:i + 2] == ["auth", "can-i"] for i in range(len(a))):
    print("no" if os.environ.get("REC_DENY") else "yes")
    sys.exit(1 if os.environ.get("REC_DENY") else 0)
print("stub")
"#;

/// One recorded call: argv (program first) and stdin.
type Rec = (Vec<String>, String);

#[derive(Clone, Copy, PartialEq, Debug)]
enum Safe {
    ReadOnly,
    Asks,
}

/// A command shape, as real runbooks write it. `<v>` is the placeholder.
struct Template {
    src: &'static str,
    /// What the stand-ins record when it runs with value `v` (a multiset: the parts
    /// of a pipeline run at once).
    rec: fn(&str) -> Vec<Rec>,
    safe: Safe,
    /// `--context` cannot reach it (refused when given).
    pin_ctx: bool,
    /// `--namespace` cannot reach it.
    pin_ns: bool,
    /// A second shell parses the value: only plain words are allowed.
    reparsed: bool,
    /// The value starts a word: a value starting with `-` is refused.
    word_start: bool,
    /// Reads `$NS` (set by `export NS=shop`).
    needs_ns: bool,
    /// Sets `$NS`.
    sets_ns: bool,
}

fn r(argv: &[&str], stdin: &str) -> Rec {
    (
        argv.iter().map(|s| s.to_string()).collect(),
        stdin.to_string(),
    )
}

const fn t(src: &'static str, rec: fn(&str) -> Vec<Rec>, safe: Safe) -> Template {
    Template {
        src,
        rec,
        safe,
        pin_ctx: false,
        pin_ns: false,
        reparsed: false,
        word_start: false,
        needs_ns: false,
        sets_ns: false,
    }
}

fn templates() -> Vec<Template> {
    use Safe::*;
    let pinned = |mut t: Template| {
        t.pin_ctx = true;
        t.pin_ns = true;
        t
    };
    let ws = |mut t: Template| {
        t.word_start = true;
        t
    };
    let reparsed = |mut t: Template| {
        t.reparsed = true;
        t
    };
    vec![
        t("kubectl get pods -n shop -l app=<v>", |v| vec![r(&["kubectl", "get", "pods", "-n", "shop", "-l", &format!("app={v}")], "")], ReadOnly),
        ws(t("kubectl delete pod <v> -n shop", |v| vec![r(&["kubectl", "delete", "pod", v, "-n", "shop"], "")], Asks)),
        ws(t("kubectl logs <v> -n shop --tail=5", |v| vec![r(&["kubectl", "logs", v, "-n", "shop", "--tail=5"], "")], ReadOnly)),
        t("kubectl apply -n shop -f - <<'EOF'\nmetadata:\n  name: <v>\n  note: \"$HOME and `x` stay\"\nEOF", |v| vec![r(&["kubectl", "apply", "-n", "shop", "-f", "-"], &format!("metadata:\n  name: {v}\n  note: \"$HOME and `x` stay\"\n"))], Asks),
        t("cat <<EOF | kubectl apply -n shop -f -\nname: <v>\nEOF", |v| vec![r(&["cat"], &format!("name: {v}\n")), r(&["kubectl", "apply", "-n", "shop", "-f", "-"], "stub\n")], Asks),
        t("for p in a b; do\n  kubectl get pod \"$p\" -n shop\ndone", |_| vec![r(&["kubectl", "get", "pod", "a", "-n", "shop"], ""), r(&["kubectl", "get", "pod", "b", "-n", "shop"], "")], ReadOnly),
        t("n=$(kubectl get pods -n shop \\\n  -o name | wc -l)", |_| vec![r(&["kubectl", "get", "pods", "-n", "shop", "-o", "name"], ""), r(&["wc", "-l"], "stub\n")], ReadOnly),
        pinned(reparsed(t("sh -c 'kubectl get pods -n shop -l app=<v>'", |v| vec![r(&["kubectl", "get", "pods", "-n", "shop", "-l", &format!("app={v}")], "")], ReadOnly))),
        pinned(reparsed(t("ssh core@node1 \"journalctl -u kubelet | grep <v>\"", |v| vec![r(&["ssh", "core@node1", &format!("journalctl -u kubelet | grep {v}")], "")], ReadOnly))),
        pinned(t("systemctl restart kubelet", |_| vec![r(&["systemctl", "restart", "kubelet"], "")], Asks)),
        pinned(t("systemctl status kubelet", |_| vec![r(&["systemctl", "status", "kubelet"], "")], ReadOnly)),
        t("helm rollback web 3 -n shop", |_| vec![r(&["helm", "rollback", "web", "3", "-n", "shop"], "")], Asks),
        t("helm list -n shop", |_| vec![r(&["helm", "list", "-n", "shop"], "")], ReadOnly),
        ws(t("oc delete pod <v> -n shop", |v| vec![r(&["oc", "delete", "pod", v, "-n", "shop"], "")], Asks)),
        t("oc get pods", |_| vec![r(&["oc", "get", "pods"], "")], ReadOnly),
        pinned(t("psql -c \"SELECT count(*) FROM t WHERE x = '<v>'\"", |v| vec![r(&["psql", "-c", &format!("SELECT count(*) FROM t WHERE x = '{v}'")], "")], ReadOnly)),
        pinned(t("psql -c 'SELECT pg_promote();'", |_| vec![r(&["psql", "-c", "SELECT pg_promote();"], "")], Asks)),
        t("kubectl exec -n shop web-0 -- ls /data/<v>", |v| vec![r(&["kubectl", "exec", "-n", "shop", "web-0", "--", "ls", &format!("/data/{v}")], "")], ReadOnly),
        pinned(t("frobctl status", |_| vec![r(&["frobctl", "status"], "")], Asks)),
        Template { pin_ctx: true, ..t("kubectl --context staging get pods -n shop", |_| vec![r(&["kubectl", "--context", "staging", "get", "pods", "-n", "shop"], "")], ReadOnly) },
        Template { pin_ns: true, needs_ns: true, ..t("kubectl get pods -n \"$NS\"", |_| vec![r(&["kubectl", "get", "pods", "-n", "shop"], "")], ReadOnly) },
        Template { sets_ns: true, ..t("export NS=shop", |_| vec![], ReadOnly) },
        t("kubectl get pods -n shop > pods.txt", |_| vec![r(&["kubectl", "get", "pods", "-n", "shop"], "")], Asks),
        t("exec kubectl get nodes", |_| vec![r(&["kubectl", "get", "nodes"], "")], ReadOnly),
        ws(t("kubectl get pods -n shop | grep <v>", |v| vec![r(&["kubectl", "get", "pods", "-n", "shop"], ""), r(&["grep", v], "stub\n")], ReadOnly)),
    ]
}

/// The templates that only talk to the cluster through kubectl, oc and helm (so a
/// run with `--context`/`--namespace` can start).
fn cluster_only(t: &Template) -> bool {
    !t.pin_ctx && !t.pin_ns
}

#[derive(Clone, Debug)]
enum Shape {
    /// A `bash` block; `comments`: a description and a commented-out command above each.
    Script { comments: bool },
    /// A session: a comment first, then prompt lines (this prompt) and output.
    Session { prompt: usize },
}

const PROMPTS: &[&str] = &["$ ", "user@bastion:~$ ", "[root@node ~]# ", "$> "];

#[derive(Clone, Debug)]
struct Block {
    shape: Shape,
    /// In a list item (indented three spaces).
    in_item: bool,
    commands: Vec<usize>,
}

#[derive(Clone, Debug)]
struct Case {
    diagnosis: Vec<Block>,
    resolution: Vec<Block>,
    crlf: bool,
    /// A prompt-less console block of commented-out commands in the diagnosis.
    decoy: bool,
    value: String,
}

impl Case {
    fn markdown(&self, ts: &[Template]) -> String {
        let mut md = String::from(
            "# RB-990: Generated\n\n**Namespace**: shop\n\n## Symptoms\n\n- generated\n\n## Diagnosis\n\n",
        );
        if self.decoy {
            md.push_str("```console\n# kubectl scale deployment web -n shop --replicas=0\n# rm -rf ./web-backup\nNAME    READY\nweb-0   1/1\n```\n\n");
        }
        for (i, b) in self.diagnosis.iter().enumerate() {
            md.push_str(&block(b, ts, i + 1));
        }
        md.push_str("## Resolution\n\n");
        for (i, b) in self.resolution.iter().enumerate() {
            md.push_str(&block(b, ts, i + 1));
        }
        if self.crlf {
            md = md.replace('\n', "\r\n");
        }
        md
    }
}

fn block(b: &Block, ts: &[Template], n: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    match &b.shape {
        Shape::Script { comments } => {
            lines.push("```bash".into());
            for &c in &b.commands {
                if *comments {
                    lines.push("# Check the state".into());
                    lines.push("# kubectl delete namespace shop".into());
                }
                lines.extend(ts[c].src.lines().map(String::from));
            }
        }
        Shape::Session { prompt } => {
            lines.push("```console".into());
            lines.push("# Look at the pods first".into());
            for &c in &b.commands {
                let src = ts[c].src;
                let heredoc = src.contains("<<");
                for (i, l) in src.lines().enumerate() {
                    lines.push(match (i, heredoc) {
                        (0, _) => format!("{}{l}", PROMPTS[*prompt]),
                        (_, true) => l.to_string(),
                        (_, false) => format!("> {l}"),
                    });
                }
                lines.push("NAME    READY".into());
                lines.push("web-0   1/1".into());
            }
        }
    }
    lines.push("```".into());
    if b.in_item {
        let mut s = format!("{n}. Run this:\n\n");
        for l in lines {
            if l.is_empty() {
                s.push('\n');
            } else {
                s.push_str(&format!("   {l}\n"));
            }
        }
        s.push('\n');
        s
    } else {
        format!("{}\n\n", lines.join("\n"))
    }
}

fn value() -> impl Strategy<Value = String> {
    let hostile = prop_oneof![
        Just("$(touch pwned)".to_string()),
        Just("`touch pwned`".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("${IFS}".to_string()),
        Just(";touch pwned;".to_string()),
        Just("--all".to_string()),
        Just("-x".to_string()),
        Just(" a b ".to_string()),
        Just("*".to_string()),
        Just("EOF".to_string()),
        "\\PC{1,3}",
    ];
    prop_oneof![
        3 => "[a-z][a-z0-9.-]{0,6}",
        2 => prop::collection::vec(hostile, 1..3).prop_map(|v| v.concat()),
    ]
    .prop_filter("no newline (refused at start, tested apart)", |v| {
        !v.contains('\n') && !v.contains('\r') && !v.is_empty()
    })
}

fn blocks(ts: usize, cluster: Vec<usize>) -> impl Strategy<Value = Vec<Block>> {
    let pick = prop_oneof![
        prop::collection::vec(0..ts, 1..4),
        prop::collection::vec(prop::sample::select(cluster), 1..4),
    ];
    let shape = prop_oneof![
        any::<bool>().prop_map(|comments| Shape::Script { comments }),
        (0..PROMPTS.len()).prop_map(|prompt| Shape::Session { prompt }),
    ];
    prop::collection::vec(
        (shape, any::<bool>(), pick).prop_map(|(shape, in_item, commands)| Block {
            shape,
            in_item,
            commands,
        }),
        1..3,
    )
}

fn case() -> impl Strategy<Value = Case> {
    let ts = templates();
    let cluster: Vec<usize> = (0..ts.len()).filter(|i| cluster_only(&ts[*i])).collect();
    (
        blocks(ts.len(), cluster.clone()),
        blocks(ts.len(), cluster),
        any::<bool>(),
        any::<bool>(),
        value(),
    )
        .prop_map(|(diagnosis, resolution, crlf, decoy, value)| Case {
            diagnosis,
            resolution,
            crlf,
            decoy,
            value,
        })
}

/// A generated runbook, built, with its stand-ins.
struct Built {
    dir: tempfile::TempDir,
    script: PathBuf,
}

fn build(md: &str) -> Result<Built, String> {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("RB-990.md"), md).unwrap();
    let out = dir.path().join("dist");
    let o = Command::new(env!("CARGO_BIN_EXE_rbc"))
        .args(["build", "-o"])
        .arg(&out)
        .arg(&src)
        .env("RBC_SOURCE_COMMIT", "test")
        .output()
        .unwrap();
    if o.status.code() != Some(0) {
        return Err(format!("rbc build failed: {}\n{md}", stderr(&o)));
    }
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    use std::os::unix::fs::PermissionsExt;
    for p in STANDINS {
        std::fs::write(bin.join(p), STANDIN).unwrap();
        std::fs::set_permissions(bin.join(p), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let script = std::fs::read_dir(out.join("scripts"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "sh"))
        .ok_or("no script was built")?;
    Ok(Built { dir, script })
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// The calls, the preflight's `auth can-i` left out.
    recs: Vec<Rec>,
    /// The preflight's `kubectl auth can-i` calls.
    checks: Vec<Rec>,
    /// Every call in order.
    all: Vec<Rec>,
}

fn is_check((argv, _): &Rec) -> bool {
    argv.windows(2).any(|w| w[0] == "auth" && w[1] == "can-i")
}

impl Built {
    fn run(&self, args: &[&str], value: &str) -> Run {
        self.run_with(args, value, &[])
    }

    fn run_with(&self, args: &[&str], value: &str, env: &[(&str, &str)]) -> Run {
        let log = self.dir.path().join("rec.log");
        let _ = std::fs::remove_file(&log);
        let o = Command::new("bash")
            .arg(&self.script)
            .args(args)
            .current_dir(self.dir.path())
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    self.dir.path().join("bin").display(),
                    std::env::var("PATH").unwrap()
                ),
            )
            .env("REC_LOG", &log)
            .env("RB_V", value)
            .env_remove("NS")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let all: Vec<Rec> = std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .map(|l| {
                let mut v: Vec<String> = serde_json::from_str(l).unwrap();
                let stdin = v.pop().unwrap();
                v.pop(); // "<stdin>"
                (v, stdin)
            })
            .collect();
        let (checks, recs) = all.iter().cloned().partition(is_check);
        Run {
            code: o.status.code(),
            stdout: stdout(&o),
            stderr: stderr(&o),
            recs,
            checks,
            all,
        }
    }
}

fn plain(v: &str) -> bool {
    v.chars()
        .all(|c| c.is_ascii_alphanumeric() || "._:/=@%+,-".contains(c))
}

/// What a section records when run: per command, the records expected (empty when it
/// must not run), and whether the command fails (resolve stops there).
fn expect(
    cmds: &[usize],
    ts: &[Template],
    v: &str,
    yes: bool,
    ns_set: &mut bool,
) -> Vec<(usize, Option<Vec<Rec>>)> {
    let mut out = Vec::new();
    for &c in cmds {
        let t = &ts[c];
        let runs = (yes || t.safe == Safe::ReadOnly)
            && (!t.needs_ns || *ns_set)
            && (!t.reparsed || plain(v))
            && (!t.word_start || !v.starts_with('-'));
        if runs && t.sets_ns {
            *ns_set = true;
        }
        out.push((c, runs.then(|| (t.rec)(v))));
    }
    out
}

fn sorted(mut v: Vec<Rec>) -> Vec<Rec> {
    v.sort();
    v
}

/// Match records to commands in order: each command's records as a multiset.
fn check_records(
    recs: &[Rec],
    want: &[(usize, Option<Vec<Rec>>)],
    stop_at_failure: bool,
) -> Result<(), String> {
    let mut at = 0;
    for (c, w) in want {
        match w {
            Some(w) => {
                let got = recs
                    .get(at..at + w.len())
                    .map(|s| s.to_vec())
                    .unwrap_or_default();
                if sorted(got.clone()) != sorted(w.clone()) {
                    return Err(format!(
                        "command {c}: expected {w:?}, recorded {got:?} (all: {recs:?})"
                    ));
                }
                at += w.len();
            }
            None if stop_at_failure => break,
            None => {}
        }
    }
    if at != recs.len() {
        return Err(format!("more ran than expected: {:?}", &recs[at..]));
    }
    Ok(())
}

/// The commands `plan` shows (the text after each banner's `$ `, tags removed).
fn plan_commands(out: &str) -> Vec<String> {
    let mut cmds: Vec<String> = Vec::new();
    let mut cur: Option<String> = None;
    for l in out.lines() {
        if l.starts_with("==> ") || l.starts_with("--- Step") || l.is_empty() {
            if let Some(c) = cur.take() {
                cmds.push(c);
            }
            continue;
        }
        if let Some(rest) = l.strip_prefix("    $ ") {
            if let Some(c) = cur.take() {
                cmds.push(c);
            }
            cur = Some(rest.to_string());
        } else if l.starts_with("    refused:") {
            continue;
        } else if let Some(c) = &mut cur {
            c.push('\n');
            c.push_str(l);
        }
    }
    cmds.extend(cur);
    cmds.into_iter()
        .map(|c| {
            let c = c.split("    [").next().unwrap_or(&c).to_string();
            c
        })
        .collect()
}

/// A template's text as `plan` shows it with a plain value.
fn shown(t: &Template, v: &str) -> String {
    t.src.replace("<v>", v).replace(" \\\n  ", " ")
}

/// Apply `mutate` to the built script (to take a mechanism out), then check every
/// invariant on the case.
fn check_case(case: &Case, mutate: &dyn Fn(&str) -> String) -> Result<(), String> {
    let ts = templates();
    let md = case.markdown(&ts);
    let b = build(&md)?;
    let text = std::fs::read_to_string(&b.script).unwrap();
    std::fs::write(&b.script, mutate(&text)).unwrap();
    let v = case.value.as_str();
    let diag: Vec<usize> = case
        .diagnosis
        .iter()
        .flat_map(|b| b.commands.clone())
        .collect();
    let res: Vec<usize> = case
        .resolution
        .iter()
        .flat_map(|b| b.commands.clone())
        .collect();
    let ctx = |e: String| format!("{e}\n--- runbook:\n{md}\n--- value: {v:?}");

    // (5) bash -n and shellcheck.
    for f in std::fs::read_dir(b.script.parent().unwrap())
        .unwrap()
        .flatten()
    {
        let o = Command::new("bash")
            .arg("-n")
            .arg(f.path())
            .output()
            .unwrap();
        if !o.status.success() {
            return Err(ctx(format!(
                "(5) bash -n rejects {}: {}",
                f.path().display(),
                stderr(&o)
            )));
        }
    }
    let o = Command::new("shellcheck")
        .args(["-S", "warning"])
        .arg(&b.script)
        .output();
    if let Ok(o) = o {
        if !o.status.success() {
            return Err(ctx(format!("(5) shellcheck: {}", stdout(&o))));
        }
    }

    // (1), (2), (4): diagnose without a terminal and without --yes.
    let run = b.run(&["diagnose"], v);
    let mut ns_set = false;
    let want = expect(&diag, &ts, v, false, &mut ns_set);
    check_records(&run.recs, &want, false)
        .map_err(|e| ctx(format!("(1/2/4) diagnose: {e}\nstderr: {}", run.stderr)))?;
    if b.dir.path().join("pwned").exists() {
        return Err(ctx("(4) a value ran as code".into()));
    }

    // (1), (4): resolve --yes runs every command in order, up to the first refusal.
    let run = b.run(&["resolve", "--yes"], v);
    let mut ns_set = false;
    let want = expect(&res, &ts, v, true, &mut ns_set);
    check_records(&run.recs, &want, true)
        .map_err(|e| ctx(format!("(1/4) resolve --yes: {e}\nstderr: {}", run.stderr)))?;
    // (6) The preflight runs before anything else, and a "no" stops the run before
    // anything of it starts.
    if let Some(first) = run.all.iter().position(|r| !is_check(r)) {
        if run.all[first..].iter().any(is_check) {
            return Err(ctx(format!(
                "(6) a permission was checked after a command ran: {:?}",
                run.all
            )));
        }
    }
    let denied = b.run_with(&["resolve", "--yes"], v, &[("REC_DENY", "1")]);
    if !denied.checks.is_empty() && (!denied.recs.is_empty() || denied.code == Some(0)) {
        return Err(ctx(format!(
            "(6) the cluster said no, yet the run went on (exit {:?}): {:?}",
            denied.code, denied.recs
        )));
    }
    if run.checks.is_empty() != denied.checks.is_empty() {
        return Err(ctx("(6) the preflight depends on the answers".into()));
    }

    // (1) plan prints exactly these commands (with a plain value, as written).
    if plain(v) && !v.starts_with('-') {
        let run = b.run(&["plan"], v);
        // `plan` with no case: the diagnosis, then the resolution's steps.
        let want: Vec<String> = diag.iter().chain(&res).map(|c| shown(&ts[*c], v)).collect();
        // (Indentation aside: a session's `> ` continuation prompts are blanked.)
        let trim = |v: Vec<String>| -> Vec<String> {
            v.iter()
                .map(|c| {
                    c.lines()
                        .map(str::trim_start)
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .collect()
        };
        let (got, want) = (trim(plan_commands(&run.stdout)), trim(want));
        if got != want {
            return Err(ctx(format!(
                "(1) plan shows {got:#?}, the runbook {want:#?}"
            )));
        }
        if !run.recs.is_empty() {
            return Err(ctx(format!("(1) plan ran {:?}", run.recs)));
        }
    }

    // (3) --context/--namespace: every cluster command carries exactly those, or
    // nothing starts.
    let run = b.run(
        &[
            "diagnose",
            "--yes",
            "--context",
            "prod",
            "--namespace",
            "canary",
        ],
        v,
    );
    let pinned = diag.iter().any(|c| ts[*c].pin_ctx || ts[*c].pin_ns);
    if pinned {
        if run.code != Some(2) || !run.recs.is_empty() {
            return Err(ctx(format!(
                "(3) a line --context/--namespace cannot reach, yet the run started (exit {:?}): {:?}",
                run.code, run.recs
            )));
        }
    } else {
        for (argv, _) in &run.recs {
            let prog = argv[0].as_str();
            if !matches!(prog, "kubectl" | "oc" | "helm") {
                continue;
            }
            let own = &argv[1..argv.iter().position(|a| a == "--").unwrap_or(argv.len())];
            let ctx_flag = if prog == "helm" {
                "--kube-context"
            } else {
                "--context"
            };
            let contexts: Vec<&String> = own
                .iter()
                .filter(|a| a.starts_with("--context") || a.starts_with("--kube-context"))
                .collect();
            let ok_ctx = contexts.len() == 1
                && contexts[0] == ctx_flag
                && own.windows(2).any(|w| w[0] == ctx_flag && w[1] == "prod");
            let nss: Vec<usize> = own
                .iter()
                .enumerate()
                .filter(|(_, a)| {
                    *a == "-n"
                        || a.starts_with("--namespace")
                        || (a.starts_with("-n") && a.len() > 2 && !a.starts_with("--"))
                })
                .map(|(i, _)| i)
                .collect();
            let ok_ns = nss.len() == 1
                && own[nss[0]] == "-n"
                && own.get(nss[0] + 1).is_some_and(|n| n == "canary");
            if !ok_ctx || !ok_ns {
                return Err(ctx(format!(
                    "(3) {argv:?} does not carry exactly --context prod and -n canary"
                )));
            }
        }
        let mut ns_set = false;
        let want = expect(&diag, &ts, v, true, &mut ns_set);
        let n: usize = want.iter().filter_map(|w| w.1.as_ref()).map(Vec::len).sum();
        if n != run.recs.len() {
            return Err(ctx(format!(
                "(3) {} calls, expected {n}: {:?}\n{}",
                run.recs.len(),
                run.recs,
                run.stderr
            )));
        }
    }
    Ok(())
}

#[test]
fn generated_runbooks_run_exactly_what_they_show() {
    // RBC_SAFETY_CASES=N runs more (the default keeps CI within its time).
    let cases = std::env::var("RBC_SAFETY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&case(), |c| {
            check_case(&c, &|s| s.to_string()).map_err(TestCaseError::fail)?;
            Ok(())
        })
        .unwrap();
}

fn fixed(diag: &[&str], res: &[&str], value: &str) -> Case {
    let ts = templates();
    let idx = |srcs: &[&str]| -> Vec<usize> {
        srcs.iter()
            .map(|s| {
                ts.iter()
                    .position(|t| t.src.starts_with(s))
                    .unwrap_or_else(|| panic!("no template {s}"))
            })
            .collect()
    };
    Case {
        diagnosis: vec![Block {
            shape: Shape::Script { comments: true },
            in_item: false,
            commands: idx(diag),
        }],
        resolution: vec![Block {
            shape: Shape::Script { comments: false },
            in_item: true,
            commands: idx(res),
        }],
        crlf: false,
        decoy: true,
        value: value.to_string(),
    }
}

/// Each invariant fails when the mechanism that upholds it is taken out of the
/// generated script: the checks above can fail.
#[test]
fn mechanisms_disabled_break_the_invariants() {
    let keep = |s: &str| s.to_string();
    // (2) classification: every command run as if proven read-only.
    let c = fixed(&["systemctl restart"], &["helm list"], "web");
    check_case(&c, &keep).unwrap();
    let all_read_only = |s: &str| {
        s.replace("rb_run changes ", "rb_run read_only ")
            .replace("rb_run unknown ", "rb_run read_only ")
    };
    let e = check_case(&c, &all_read_only).unwrap_err();
    assert!(e.contains("(1/2/4) diagnose"), "{e}");

    // (1) here-documents: a quoted delimiter left quoted (the value does not arrive).
    let c = fixed(
        &["kubectl get pods -n shop -l"],
        &["kubectl apply -n shop -f - <<'EOF'"],
        "acme",
    );
    check_case(&c, &keep).unwrap();
    let quoted = |s: &str| s.replace("-f - <<EOF", "-f - <<'EOF'");
    let e = check_case(&c, &quoted).unwrap_err();
    assert!(e.contains("resolve --yes"), "{e}");

    // (3) targeting: pinned lines not refused.
    let c = fixed(&["kubectl --context staging"], &["helm list"], "web");
    check_case(&c, &keep).unwrap();
    let unpinned = |s: &str| s.replace("rb_pinned() {\n", "rb_pinned() {\n  return 1\n");
    let e = check_case(&c, &unpinned).unwrap_err();
    assert!(e.contains("(3)"), "{e}");
    // … and the namespace not added to a command without one.
    let c = fixed(&["oc get pods"], &["helm list"], "web");
    check_case(&c, &keep).unwrap();
    let no_ns = |s: &str| s.replace(r#" ${RBC_NSARG[@]+"${RBC_NSARG[@]}"}"#, "");
    let e = check_case(&c, &no_ns).unwrap_err();
    assert!(e.contains("(3)"), "{e}");

    // (4) values: the guards taken out, a value reaches a second shell / becomes an option.
    let unguarded = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("rb_plain \"$") && !l.contains("rb_noflag \"$"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let c = fixed(&["sh -c"], &["helm list"], ";touch pwned;");
    check_case(&c, &keep).unwrap();
    assert!(check_case(&c, &unguarded).is_err());
    let c = fixed(&["kubectl logs"], &["kubectl delete pod"], "--all");
    check_case(&c, &keep).unwrap();
    let e = check_case(&c, &unguarded).unwrap_err();
    assert!(e.contains("--all"), "{e}");

    // (6) preflight: a "no" that does not stop the run.
    let c = fixed(&["kubectl logs"], &["kubectl delete pod"], "web");
    check_case(&c, &keep).unwrap();
    let ignored = |s: &str| {
        s.replace("|| return 1\n", "|| true\n")
            .replace("RBC_DENIED=$((RBC_DENIED + 1))", ":")
    };
    let e = check_case(&c, &ignored).unwrap_err();
    assert!(e.contains("(6)"), "{e}");
}

/// The reproducers of the issue "Safe scripts, proven", as fixtures
/// (`tests/fixtures/safety/`): each runs what it shows and nothing else.
#[test]
fn reproducers_run_what_they_show() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let o = rbc(
        &root(),
        &[
            "build",
            "-o",
            out.to_str().unwrap(),
            "tests/fixtures/safety",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    use std::os::unix::fs::PermissionsExt;
    for p in STANDINS {
        std::fs::write(bin.join(p), STANDIN).unwrap();
        std::fs::set_permissions(bin.join(p), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let run = |args: &[&str]| -> Run {
        let b = Built {
            dir: tempfile::tempdir_in(dir.path()).unwrap(),
            script: out.join("scripts/runbook"),
        };
        std::os::unix::fs::symlink(&bin, b.dir.path().join("bin")).unwrap();
        b.run(args, "")
    };
    let calls = |r: &Run| -> Vec<String> { r.recs.iter().map(|(a, _)| a.join(" ")).collect() };
    for f in std::fs::read_dir(out.join("scripts")).unwrap().flatten() {
        let o = Command::new("bash")
            .arg("-n")
            .arg(f.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}: {}", f.path().display(), stderr(&o));
    }

    // 1, 8: comments never run; sessions start after a comment, in every prompt style.
    let r = run(&["RB-951", "diagnose"]);
    assert_eq!(
        calls(&r),
        [
            "kubectl get pods -n shop",
            "kubectl get svc -n shop",
            "kubectl get nodes",
            "kubectl get events -n shop"
        ],
        "{}",
        r.stderr
    );

    // 2: a quoted here-document gets the value `plan` shows, the rest as written.
    let r = run(&[
        "RB-952",
        "resolve",
        "--yes",
        "--tenant",
        "acme",
        "--cm-name",
        "my-cm",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.recs[0].1,
        "rm -rf /data/cache/acme\necho \"$HOME and `date` stay as written\"\n"
    );
    assert_eq!(
        r.recs[1].1,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: my-cm\ndata:\n  note: \"it's $literal\"\n"
    );
    let plan = run(&["RB-952", "plan", "--tenant", "acme", "--cm-name", "my-cm"]);
    assert!(
        plan.stdout.contains("rm -rf /data/cache/acme\n"),
        "{}",
        plan.stdout
    );
    assert!(plan.stdout.contains("  name: my-cm\n"), "{}", plan.stdout);
    // … and a value that a shell reading the here-document would parse is refused.
    let r = run(&[
        "RB-952",
        "resolve",
        "--yes",
        "--tenant",
        "x; rm -rf /",
        "--cm-name",
        "c",
    ]);
    assert!(r.recs.is_empty(), "{:?}", r.recs);

    // 3, 6: every program is judged; what is not proven read-only asks (no terminal:
    // refused), in diagnose as in resolve.
    let r = run(&["RB-953", "diagnose"]);
    assert_eq!(
        calls(&r),
        [
            "systemctl status kubelet",
            "helm history web -n shop",
            "oc get pods -n shop"
        ],
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("pg_promote") && r.stderr.contains("no terminal"),
        "{}",
        r.stderr
    );
    let r = run(&["RB-953", "resolve"]);
    assert!(r.recs.is_empty(), "{:?}", r.recs);

    // 4: --context/--namespace reach oc and helm, and a command with no -n; a line they
    // cannot reach is refused before anything runs.
    let r = run(&[
        "RB-954",
        "diagnose",
        "--context",
        "prod",
        "--namespace",
        "canary",
    ]);
    assert_eq!(
        calls(&r),
        [
            "kubectl --context prod get pods -n canary",
            "kubectl --context prod -n canary get nodes",
            "helm --kube-context prod list -n canary",
            "oc --context prod -n canary get pods"
        ],
        "{}",
        r.stderr
    );
    for args in [&["--context", "prod"][..], &["--namespace", "canary"][..]] {
        let mut a = vec!["RB-954", "resolve", "--yes"];
        a.extend(args);
        let r = run(&a);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(r.recs.is_empty(), "{args:?}: {:?}", r.recs);
    }
    // (`--help` prints with `cat`, a stand-in above: run it as is.)
    let help = Command::new(out.join("scripts/runbook"))
        .args(["RB-954", "--help"])
        .output()
        .unwrap();
    assert!(
        stdout(&help).contains("RB-954-targets.md:21 (--context)"),
        "{}",
        stdout(&help)
    );

    // 5: values never reach a second shell, and never become options.
    let r = run(&[
        "RB-955",
        "diagnose",
        "--yes",
        "--dir",
        "x; touch /tmp/pwned",
        "--node",
        "n1",
    ]);
    assert!(r.recs.is_empty(), "{:?}", r.recs);
    let r = run(&["RB-955", "resolve", "--yes", "--pod-name=--all"]);
    assert!(r.recs.is_empty(), "{:?}", r.recs);
    let r = run(&[
        "RB-955", "diagnose", "--yes", "--dir", "cache", "--node", "n1",
    ]);
    assert_eq!(
        calls(&r),
        [
            "kubectl exec -n shop web-0 -- sh -c ls /data/cache",
            "ssh core@n1 ls /data/cache"
        ]
    );

    // 7, 9: loops and functions whole; an unset variable is reported and the rest runs;
    // `exec` does not end the script.
    let r = run(&["RB-956", "diagnose"]);
    let c = calls(&r);
    assert_eq!(c[0], "kubectl get pods -n shop -o name", "{c:?}");
    assert!(
        r.stdout.contains("line 34 uses $POD, which is not set"),
        "{}",
        r.stdout
    );
    assert_eq!(
        c[c.len() - 3..],
        [
            "kubectl get svc -n shop",
            "kubectl get events -n shop",
            "kubectl get pods -n shop"
        ],
        "{c:?}"
    );
    assert!(!c.iter().any(|c| c.starts_with("kubectl logs")), "{c:?}");

    // 9: nothing runs without a transcript that can be written.
    let r = run(&[
        "RB-951",
        "diagnose",
        "--transcript",
        "/nonexistent/dir/t.log",
    ]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.recs.is_empty(), "{:?}", r.recs);
    assert!(
        r.stderr.contains("cannot write the transcript"),
        "{}",
        r.stderr
    );
}

/// On runbooks this test did not generate — `runbooks-md/`, the fixtures, and the public
/// collections of `../shared/corpora/` when they are there — nothing rbc has not
/// proven read-only runs without a yes: `diagnose` and every `resolve` run with no
/// terminal and no `--yes`, every program but the runtime's own (`date`, `tee`, `cat`)
/// a stand-in that does nothing, and every transcript entry that ran is one rbc
/// classed read-only. Every script and dispatcher passes `bash -n`.
#[test]
fn nothing_unproven_runs_without_a_yes_on_real_runbooks() {
    let (runs, ran, violations) = unproven_runs(&real_runbooks(), &|s: &str| s.to_string());
    assert!(
        violations.is_empty(),
        "ran without a yes, not proven read-only:\n{}",
        violations.join("\n")
    );
    assert!(
        runs > 50 && ran > 100,
        "only {runs} runs, {ran} commands ran"
    );
    eprintln!("{runs} runs, {ran} commands ran, all proven read-only");
    // The check can fail: with every command classed read-only, some ran unproven.
    let dirs = [
        root().join("runbooks-md"),
        root().join("tests/fixtures/safety"),
    ];
    let all_read_only = |s: &str| {
        s.replace("rb_run changes ", "rb_run read_only ")
            .replace("rb_run unknown ", "rb_run read_only ")
    };
    let (_, _, violations) = unproven_runs(&dirs, &all_read_only);
    assert!(
        violations.is_empty(),
        "the transcript's class is the script's: {violations:?}"
    );
    let unclassed = |s: &str| {
        all_read_only(s).replace(
            "read_only) printf '# class: read-only\\n'",
            "read_only) printf '# class: changes things (disabled)\\n'",
        )
    };
    let (_, _, violations) = unproven_runs(&dirs, &unclassed);
    assert!(
        !violations.is_empty(),
        "a command classed otherwise that ran is found"
    );
}

/// `runbooks-md/`, the fixtures with runbooks, and `../shared/corpora/` when it is there.
fn real_runbooks() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = [
        "runbooks-md",
        "tests/fixtures/seed",
        "tests/fixtures/scripts",
        "tests/fixtures/safety",
        "tests/fixtures/shapes/alert",
        "tests/fixtures/shapes/prometheus",
        "tests/fixtures/shapes/single",
    ]
    .iter()
    .map(|d| root().join(d))
    .collect();
    let corpora = root().join("../shared/corpora");
    match std::fs::read_dir(&corpora) {
        Ok(rd) => {
            let mut c: Vec<PathBuf> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            c.sort();
            dirs.extend(c);
        }
        Err(_) => eprintln!(
            "skipped: {} is not there (only the repository's own runbooks were run)",
            corpora.display()
        ),
    }
    dirs
}

/// Build each folder (applying `mutate` to its scripts), run `diagnose` and every
/// `resolve` of every script with no terminal and no `--yes`: (runs, commands that ran,
/// transcript entries that ran without being classed read-only).
fn unproven_runs(dirs: &[PathBuf], mutate: &dyn Fn(&str) -> String) -> (usize, usize, Vec<String>) {
    // Stand-ins: every program the classification tables name, the cluster and remote
    // programs, and those of the public runbooks.
    let mut programs: Vec<String> = rbc::programs::READ_ONLY_PROGRAMS
        .iter()
        .map(|(p, _)| p.to_string())
        .chain(
            rbc::programs::READ_ONLY_FORMS
                .iter()
                .map(|(p, _)| p.to_string()),
        )
        .collect();
    programs.extend(
        [
            "kubectl", "oc", "helm", "ssh", "scp", "curl", "wget", "psql", "mysql", "sed", "awk",
            "find", "rm", "mv", "cp", "mkdir", "touch", "chmod", "chown", "kill", "pkill",
            "reboot", "shutdown", "ceph", "rbd", "rados", "virtctl", "odf", "sleep", "watch",
            "ping", "xargs", "sudo", "timeout", "nc", "uniq", "hostname", "tar", "openssl",
        ]
        .map(String::from),
    );
    programs.retain(|p| {
        !matches!(
            p.as_str(),
            "cat"
                | "date"
                | "tee"
                | ":"
                | "["
                | "[["
                | "cd"
                | "export"
                | "true"
                | "false"
                | "test"
                | "echo"
                | "printf"
                | "pwd"
                | "type"
        )
    });
    programs.sort();
    programs.dedup();
    let (mut runs, mut ran_count, mut violations) = (0, 0, Vec::new());
    for dir in dirs {
        let work = tempfile::tempdir().unwrap();
        let out = work.path().join("dist");
        let o = rbc(
            &root(),
            &[
                "build",
                "--allow-errors",
                "-o",
                out.to_str().unwrap(),
                dir.to_str().unwrap(),
            ],
        );
        assert!(
            o.status.code().is_some_and(|c| c <= 1),
            "{}: {}",
            dir.display(),
            stderr(&o)
        );
        let bin = work.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        for p in &programs {
            std::os::unix::fs::symlink("/bin/true", bin.join(p)).unwrap();
        }
        let scripts = out.join("scripts");
        let Ok(rd) = std::fs::read_dir(&scripts) else {
            continue;
        };
        let mut files: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in &files {
            let n = Command::new("bash").arg("-n").arg(f).output().unwrap();
            assert!(n.status.success(), "{}: {}", f.display(), stderr(&n));
            if f.extension().is_none_or(|e| e != "sh") {
                continue;
            }
            let text = mutate(&std::fs::read_to_string(f).unwrap());
            std::fs::write(f, &text).unwrap();
            // Every placeholder gets a plain value; every case and the procedure run.
            let env: Vec<(String, String)> = text
                .lines()
                .filter_map(|l| l.split("\"${RB_").nth(1)?.split('-').next())
                .map(|v| (format!("RB_{v}"), "value-1".to_string()))
                .collect();
            let mut actions: Vec<Vec<String>> = vec![vec!["diagnose".into()]];
            for l in text.lines() {
                if let Some(n) = l
                    .strip_prefix("rb_case_")
                    .and_then(|r| r.strip_suffix("() {"))
                {
                    actions.push(vec!["resolve".into(), n.to_string()]);
                }
                if l == "rb_resolve_steps() {" {
                    actions.push(vec!["resolve".into()]);
                }
            }
            for a in actions {
                let t = work.path().join("t.log");
                let _ = std::fs::remove_file(&t);
                // (Absolute: the child's PATH, stand-ins first, finds the program.)
                let o = Command::new("/usr/bin/timeout")
                    .arg("60")
                    .arg("bash")
                    .arg(f)
                    .args(&a)
                    .arg("--transcript")
                    .arg(&t)
                    .current_dir(work.path())
                    .env(
                        "PATH",
                        format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
                    )
                    .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    .stdin(Stdio::null())
                    .output()
                    .unwrap();
                assert_ne!(o.status.code(), Some(124), "{} {a:?} hung", f.display());
                runs += 1;
                let log = std::fs::read_to_string(&t).unwrap_or_default();
                for entry in log.split("\n## ").skip(1) {
                    let ran = entry.contains("\n# outcome: ran");
                    ran_count += usize::from(ran);
                    if ran && !entry.contains("\n# class: read-only") {
                        violations.push(format!("{} {a:?}:\n## {entry}", f.display()));
                    }
                }
            }
        }
    }
    (runs, ran_count, violations)
}
