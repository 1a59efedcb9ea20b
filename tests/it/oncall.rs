//! The on-call path: an alert's labels fill a script's placeholders (`--alert`), for
//! every value an Alertmanager payload can carry, in every JSON spelling of it.

use super::common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A `kubectl` that records its argv (one JSON array a line) and answers the
/// preflight's `auth can-i` with yes.
const STANDIN: &str = r#"#!/usr/bin/env python3
import json, os, sys
a = sys.argv[1:]
if any(a[i:i + 2] == ["auth", "can-i"] for i in range(len(a))):
    print("yes")
    sys.exit(0)
with open(os.environ["REC_LOG"], "a") as f:
    f.write(json.dumps(a) + "\n")
"#;

pub struct Built {
    pub dir: tempfile::TempDir,
    pub script: PathBuf,
}

/// `rbc build` of `src` into a temporary folder, with the recording kubectl.
pub fn build(src: &Path) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let o = Command::new(env!("CARGO_BIN_EXE_rbc"))
        .args(["build", "-o"])
        .arg(&out)
        .arg(src)
        .env("RBC_SOURCE_COMMIT", "test")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::fs::write(bin.join("kubectl"), STANDIN).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(bin.join("kubectl"), std::fs::Permissions::from_mode(0o755)).unwrap();
    Built {
        script: out.join("scripts/runbook"),
        dir,
    }
}

impl Built {
    /// Run `runbook ARGS…`; (exit code, stderr, recorded calls).
    pub fn run(
        &self,
        args: &[&str],
        stdin: Option<&str>,
    ) -> (Option<i32>, String, Vec<Vec<String>>) {
        let log = self.dir.path().join("rec.log");
        let _ = std::fs::remove_file(&log);
        let mut c = Command::new("bash");
        c.arg(&self.script)
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
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        if let Some(text) = stdin {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
        }
        let o = child.wait_with_output().unwrap();
        let calls = std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (o.status.code(), stderr(&o), calls)
    }
}

/// JSON text of a string with every non-ASCII character as `\uXXXX` (surrogate pairs
/// beyond the BMP) and `/` as `\/`: the other spelling a payload may use.
fn ascii_json(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{u:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A label value: anything a label can hold except NUL (which JSON text cannot bring
/// into a bash string; refused), weighted to what breaks shells.
fn value() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        4 => proptest::char::range('a', 'z'),
        2 => prop::sample::select(vec!['"', '\'', '\\', '$', '`', '(', ')', ';', '&', '|', '<', '>', '*', '?', '[', ']', '{', '}', ' ', '\t', '-', '/', '=', '#', '~', '!', '%']),
        1 => prop::sample::select(vec!['\n', '\r', '\u{1}', '\u{1f}', '\u{7f}']),
        1 => prop::sample::select(vec!['é', 'ß', '€', '中', '😀', '\u{2028}', '\u{feff}', '\u{10ffff}']),
    ];
    proptest::collection::vec(ch, 1..24).prop_map(|v| v.into_iter().collect())
}

#[derive(Debug, Clone)]
struct Payload {
    value: String,
    /// Alerts of other names before and after the runbook's.
    before: usize,
    after: usize,
    /// `\u` spelling, and whitespace between tokens.
    ascii: bool,
    spaced: bool,
    /// A webhook payload (`{"alerts": […]}`), else a list (`amtool --output json`).
    webhook: bool,
}

fn payload() -> impl Strategy<Value = Payload> {
    (
        value(),
        0..3usize,
        0..3usize,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(value, before, after, ascii, spaced, webhook)| Payload {
            value,
            before,
            after,
            ascii,
            spaced,
            webhook,
        })
}

impl Payload {
    fn text(&self) -> String {
        let s = |v: &str| {
            if self.ascii {
                ascii_json(v)
            } else {
                serde_json::to_string(v).unwrap()
            }
        };
        let sp = if self.spaced { " \n\t" } else { "" };
        let alert = |name: &str, pod: &str| {
            format!(
                "{{{sp}\"status\":{sp}\"firing\",{sp}\"labels\":{sp}{{\"severity\":\"page\",{sp}\"alertname\":{},\"namespace\":\"shop\",\"pod\":{}}},\"annotations\":{{\"n\":[1,-2.5e3,true,null,{{}},[]]}}}}",
                s(name),
                s(pod)
            )
        };
        let mut alerts = Vec::new();
        for i in 0..self.before {
            alerts.push(alert(&format!("Other{i}"), "other"));
        }
        alerts.push(alert("KubePodCrashLooping", &self.value));
        for i in 0..self.after {
            alerts.push(alert(&format!("Later{i}"), "later"));
        }
        let list = format!("[{sp}{}{sp}]", alerts.join(&format!(",{sp}")));
        if self.webhook {
            format!("{{\"version\":\"4\",\"status\":\"firing\",{sp}\"alerts\":{list},\"groupLabels\":{{}}}}")
        } else {
            list
        }
    }
}

/// The fixture built once per test (the script does not depend on the payload).
fn fixture() -> Built {
    build(&root().join("tests/fixtures/oncall"))
}

/// Each payload: the placeholder gets the label's value exactly, as one argument; or
/// the script refuses it (a newline; a leading `-` where a word starts) and runs
/// nothing with it.
fn check(b: &Built, p: &Payload) -> Result<(), String> {
    let file = b.dir.path().join("alert.json");
    std::fs::write(&file, p.text()).unwrap();
    let (code, err, calls) = b.run(
        &[
            "KubePodCrashLooping",
            "diagnose",
            "--alert",
            file.to_str().unwrap(),
        ],
        None,
    );
    let v = &p.value;
    let ctx = || format!("value {v:?}, payload {}\nstderr: {err}", p.text());
    if v.contains('\n') || v.contains('\r') {
        if code != Some(2) || !calls.is_empty() {
            return Err(format!(
                "a value with a newline was not refused (exit {code:?}, {calls:?}): {}",
                ctx()
            ));
        }
        return Ok(());
    }
    if v.starts_with('-') {
        if calls.iter().any(|c| c.contains(v)) {
            return Err(format!(
                "a value that reads as an option reached kubectl: {calls:?}: {}",
                ctx()
            ));
        }
        return Ok(());
    }
    let want = vec![vec![
        "logs".to_string(),
        v.clone(),
        "-n".to_string(),
        "shop".to_string(),
        "--previous".to_string(),
    ]];
    if calls != want || code != Some(0) {
        return Err(format!(
            "ran {calls:?} (exit {code:?}), not {want:?}: {}",
            ctx()
        ));
    }
    Ok(())
}

#[test]
fn alert_labels_arrive_literally() {
    let b = fixture();
    let cases = std::env::var("RBC_ALERT_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&payload(), |p| {
            check(&b, &p).map_err(proptest::test_runner::TestCaseError::fail)
        })
        .unwrap();
    // Fixed shapes: the same alert from stdin; a NUL refused; a file with no alert of
    // this runbook; several of them without --alert-index.
    let p = Payload {
        value: "web-7f9c".into(),
        before: 1,
        after: 0,
        ascii: false,
        spaced: false,
        webhook: true,
    };
    let (code, err, calls) = b.run(
        &["KubePodCrashLooping", "diagnose", "--alert", "-"],
        Some(&p.text()),
    );
    assert_eq!((code, calls.len()), (Some(0), 1), "{err}");
    assert!(err.contains("--pod from the label pod"), "{err}");
    let file = b.dir.path().join("a.json");
    std::fs::write(
        &file,
        r#"{"alerts":[{"labels":{"alertname":"KubePodCrashLooping","pod":"a\u0000b"}}]}"#,
    )
    .unwrap();
    let (code, err, calls) = b.run(
        &[
            "KubePodCrashLooping",
            "diagnose",
            "--alert",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!((code, calls.len()), (Some(2), 0), "{err}");
    assert!(err.contains("NUL"), "{err}");
    std::fs::write(&file, r#"[{"labels":{"alertname":"Other","pod":"x"}}]"#).unwrap();
    let (code, err, _) = b.run(
        &[
            "KubePodCrashLooping",
            "diagnose",
            "--alert",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no alert of"), "{err}");
    let two = r#"[{"labels":{"alertname":"KubePodCrashLooping","pod":"a","namespace":"shop"}},{"labels":{"alertname":"KubePodCrashLooping","pod":"b","namespace":"shop"}}]"#;
    std::fs::write(&file, two).unwrap();
    let (code, err, calls) = b.run(
        &[
            "KubePodCrashLooping",
            "diagnose",
            "--alert",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!((code, calls.len()), (Some(2), 0), "{err}");
    assert!(
        err.contains("2 alerts of") && err.contains("--alert-index"),
        "{err}"
    );
    let (code, err, calls) = b.run(
        &[
            "KubePodCrashLooping",
            "diagnose",
            "--alert",
            file.to_str().unwrap(),
            "--alert-index",
            "2",
        ],
        None,
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(calls[0][1], "b");
    // A value given as an option is not replaced by the alert's.
    let (_, _, calls) = b.run(
        &[
            "KubePodCrashLooping",
            "diagnose",
            "--alert",
            file.to_str().unwrap(),
            "--alert-index",
            "2",
            "--pod",
            "mine",
        ],
        None,
    );
    assert_eq!(calls[0][1], "mine");
    // Malformed JSON: a clear error, nothing run.
    for bad in [
        "",
        "{",
        r#"{"alerts":[}"#,
        r#"{"a":"\x"}"#,
        "[1,]",
        r#""open"#,
        "nul",
    ] {
        std::fs::write(&file, bad).unwrap();
        let (code, err, calls) = b.run(
            &[
                "KubePodCrashLooping",
                "diagnose",
                "--alert",
                file.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!((code, calls.len()), (Some(2), 0), "{bad:?}: {err}");
        assert!(err.contains("--alert"), "{bad:?}: {err}");
    }
}

#[test]
fn the_alert_checks_fail_when_their_mechanism_is_taken_out() {
    let mutate = |b: &Built, from: &str, to: &str| {
        let dir = b.script.parent().unwrap();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "sh") {
                let text = std::fs::read_to_string(&p).unwrap();
                assert!(text.contains(from), "{from:?} is not in the script");
                std::fs::write(&p, text.replace(from, to)).unwrap();
            }
        }
    };
    let p = |value: &str, ascii: bool| Payload {
        value: value.into(),
        before: 1,
        after: 1,
        ascii,
        spaced: true,
        webhook: true,
    };
    // \u escapes decoded: without it, `é` spelled `\u00E9` arrives wrong.
    let b = fixture();
    check(&b, &p("caf\u{e9}-\u{1f600}", true)).unwrap();
    mutate(&b, "out+=\"$RBC_JC\"", "out+=\"?\"");
    assert!(check(&b, &p("caf\u{e9}-\u{1f600}", true)).is_err());
    // Escaped quotes and backslashes kept.
    let b = fixture();
    check(&b, &p("a\"b\\c", false)).unwrap();
    mutate(
        &b,
        r#"'"' | \\ | /) out+="$c" ;;"#,
        r#"'"' | \\ | /) out+="\\$c" ;;"#,
    );
    assert!(check(&b, &p("a\"b\\c", false)).is_err());
    // A value with a newline refused.
    let b = fixture();
    check(&b, &p("a\nb", false)).unwrap();
    mutate(&b, "*$'\\n'* | *$'\\r'*) rb_die", "*$'\\x01'*) rb_die");
    assert!(check(&b, &p("a\nb", false)).is_err());
}

/// A process killed when dropped.
struct Daemon(std::process::Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The body of the first POST to `listener`, answered 200.
fn first_post(listener: std::net::TcpListener) -> std::sync::mpsc::Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::{BufRead, BufReader, Read, Write};
        for stream in listener.incoming().flatten() {
            let mut r = BufReader::new(stream.try_clone().unwrap());
            let mut len = 0usize;
            let mut line = String::new();
            let mut post = false;
            loop {
                line.clear();
                if r.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                post |= line.starts_with("POST ");
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; len];
            let _ = r.read_exact(&mut body);
            let _ = (&stream)
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            if post && tx.send(String::from_utf8_lossy(&body).to_string()).is_err() {
                return;
            }
        }
    });
    rx
}

#[test]
fn a_real_alertmanager_payload_fills_the_script() {
    // Prometheus evaluates the fixture's rule and fires it to Alertmanager, which posts
    // its webhook payload here; the runbook's script then takes that payload.
    let tmp = tempfile::tempdir().unwrap();
    let hook = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let hook_port = hook.local_addr().unwrap().port();
    let posts = first_post(hook);
    let (am_port, prom_port) = (free_port(), free_port());
    let am_cfg = tmp.path().join("alertmanager.yml");
    std::fs::write(
        &am_cfg,
        format!(
            "route:\n  receiver: hook\n  group_wait: 1s\n  group_interval: 1s\nreceivers:\n  - name: hook\n    webhook_configs:\n      - url: http://127.0.0.1:{hook_port}/\n"
        ),
    )
    .unwrap();
    let _am = Daemon(
        Command::new("prometheus-alertmanager")
            .arg(format!("--config.file={}", am_cfg.display()))
            .arg(format!("--storage.path={}", tmp.path().join("am").display()))
            .arg(format!("--web.listen-address=127.0.0.1:{am_port}"))
            .arg("--cluster.listen-address=")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prometheus-alertmanager is installed (Debian's package; tools/test.sh installs it)"),
    );
    let prom_cfg = tmp.path().join("prometheus.yml");
    std::fs::write(
        &prom_cfg,
        format!(
            "global:\n  evaluation_interval: 1s\nrule_files:\n  - {}\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:{am_port}']\n",
            root().join("tests/fixtures/oncall/rules.yaml").display()
        ),
    )
    .unwrap();
    let _prom = Daemon(
        Command::new("prometheus")
            .arg(format!("--config.file={}", prom_cfg.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                tmp.path().join("tsdb").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{prom_port}"))
            // A notification that failed (Alertmanager still starting) is sent again
            // after a second, not a minute.
            .arg("--rules.alert.resend-delay=1s")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prometheus is installed (Debian's package; tools/test.sh installs it)"),
    );
    let payload = posts
        .recv_timeout(std::time::Duration::from_secs(90))
        .expect("Alertmanager posted the firing alert within 90 s");
    let v: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(
        v["alerts"][0]["labels"]["alertname"], "KubePodCrashLooping",
        "{payload}"
    );

    let b = fixture();
    let file = b.dir.path().join("payload.json");
    std::fs::write(&file, &payload).unwrap();
    let (code, err, calls) = b.run(
        &[
            "KubePodCrashLooping",
            "diagnose",
            "--alert",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        calls,
        vec![vec![
            "logs",
            "web-7f9c \"x\" $(touch pwned)",
            "-n",
            "shop",
            "--previous"
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()],
        "{err}"
    );
    assert!(!b.dir.path().join("pwned").exists());
    // From standard input, as a receiver would pipe it.
    let (code, err, calls) = b.run(
        &["KubePodCrashLooping", "diagnose", "--alert", "-"],
        Some(&payload),
    );
    assert_eq!((code, calls.len()), (Some(0), 1), "{err}");
}

/// The book's On call and Runbook URLs pages, as written: each `$ ` command of their
/// `console` blocks runs (rbc itself, and the built scripts with a kubectl that answers
/// `auth can-i` with yes) and prints what the page shows; the On call page's `sh` lines
/// that run a script are run too.
#[test]
fn the_on_call_pages_run_as_written() {
    let urls = std::fs::read_to_string(root().join("book/src/runbook-urls.md")).unwrap();
    let page = std::fs::read_to_string(root().join("book/src/oncall.md")).unwrap();
    let b = fixture();
    let dist = b.script.parent().unwrap().parent().unwrap().to_path_buf();
    let run = |cmd: &str| -> String {
        let words: Vec<String> = rbc::words::split(cmd)
            .iter()
            .map(|w| w.value.clone())
            .collect();
        let (prog, args) = words.split_first().unwrap();
        let mut c = if prog == "rbc" {
            let mut c = Command::new(env!("CARGO_BIN_EXE_rbc"));
            c.current_dir(root());
            c
        } else {
            let path = prog
                .strip_prefix("dist/")
                .expect("a command of the built dist/");
            let mut c = Command::new(dist.join(path));
            c.current_dir(b.dir.path());
            c
        };
        let o = c
            .args(args)
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    b.dir.path().join("bin").display(),
                    std::env::var("PATH").unwrap()
                ),
            )
            .env("REC_LOG", b.dir.path().join("rec.log"))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        format!("{}{}", stdout(&o), stderr(&o))
    };
    let mut ran = 0;
    let mut in_console = false;
    let mut cmd: Option<String> = None;
    let mut want = String::new();
    let check = |cmd: &str, want: &str| {
        let got = run(cmd);
        assert_eq!(
            got.trim(),
            want.trim(),
            "book/src/oncall.md or runbook-urls.md: `{cmd}`"
        );
    };
    for line in page.lines().chain(urls.lines()) {
        if line == "```console" {
            in_console = true;
            continue;
        }
        if in_console && line == "```" {
            if let Some(c) = cmd.take() {
                check(&c, &want);
                ran += 1;
            }
            want.clear();
            in_console = false;
            continue;
        }
        if in_console {
            if let Some(c) = line.strip_prefix("$ ") {
                if let Some(prev) = cmd.replace(c.to_string()) {
                    check(&prev, &want);
                    ran += 1;
                }
                want.clear();
            } else {
                want.push_str(line);
                want.push('\n');
            }
        }
    }
    assert!(ran >= 4, "{ran} console commands");
    // The build line of the page, and its --alert line with a payload in place.
    let file = b.dir.path().join("payload.json");
    std::fs::write(
        &file,
        r#"{"alerts":[{"status":"firing","labels":{"alertname":"KubePodCrashLooping","pod":"web-7f9c","namespace":"shop"}}]}"#,
    )
    .unwrap();
    assert!(page.contains("rbc build tests/fixtures/oncall -o dist\n"));
    let line = "dist/scripts/runbook KubePodCrashLooping diagnose --alert payload.json";
    assert!(page.contains(line));
    let out = run(line);
    assert!(out.contains("--pod from the label pod"), "{out}");
    let calls = std::fs::read_to_string(b.dir.path().join("rec.log")).unwrap();
    assert!(
        calls.contains(r#"["logs", "web-7f9c", "-n", "shop", "--previous"]"#),
        "{calls}"
    );
}
