//! Alerts and runbooks checked together: rule files in the shapes teams keep them,
//! `runbook_url`s followed into the corpus, the A rules, `rbc alerts`, and the real
//! `promtool` as the judge of what a valid rule file is.

use super::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = "tests/fixtures/alerts";

#[test]
fn the_fixture_findings() {
    let o = rbc(&root(), &["check", "--format", "short", FIXTURE]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    insta::assert_snapshot!("alerts_check", stdout(&o));
}

#[test]
fn rbc_alerts_lists_every_alert_as_text_and_json() {
    let o = rbc(&root(), &["alerts", FIXTURE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("alerts_list", stdout(&o));
    let o = rbc(&root(), &["alerts", "--format", "json", FIXTURE]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let alerts = v["alerts"].as_array().unwrap();
    // Recording rules and the ConfigMap are not alerts.
    assert_eq!(alerts.len(), 10);
    let status = |name: &str, severity: &str| {
        alerts
            .iter()
            .find(|a| a["name"] == name && a["labels"]["severity"] == severity)
            .map(|a| a["link"]["status"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(status("QueueBacklog", "warning"), "runbook");
    assert_eq!(status("QueueBacklog", "critical"), "not_found");
    assert_eq!(status("DiskPressure", "warning"), "broken_anchor");
    assert_eq!(status("CertificateExpiring", "info"), "missing");
    assert_eq!(status("NodeDown", "critical"), "external");
    assert_eq!(status("EtcdDatabaseQuotaLow", "warning"), "document");
    assert_eq!(v["coverage"]["runbook"], 4);
    // The listing's alerts are the model's: they validate against its schema.
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("schema/corpus.schema.json")).unwrap())
            .unwrap();
    let corpus = serde_json::json!({"version": v["version"], "documents": [], "alerts": alerts});
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&corpus)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn alerts_flag_reads_rule_files_without_a_configuration() {
    let dir = tempfile::tempdir().unwrap();
    copy_files(&root().join("tests/fixtures/shapes/alert"), dir.path());
    let _ = std::fs::remove_file(dir.path().join("runbooks.yaml"));
    let rules = dir.path().join("rules.yml");
    std::fs::write(
        &rules,
        "groups:\n- name: k\n  rules:\n  - alert: KubeQuotaAlmostFull\n    expr: kube_resourcequota > 0.9\n    annotations:\n      runbook_url: KubeQuotaAlmostFull.md\n  - alert: NewAlert\n    expr: vector(1)\n",
    )
    .unwrap();
    let o = rbc(
        dir.path(),
        &["check", "--format", "short", ".", "--alerts", "rules.yml"],
    );
    let out = stdout(&o);
    assert!(
        out.contains("rules.yml:8:5: warning[A002] alert `NewAlert`"),
        "{out}"
    );
    assert!(
        out.contains("alerts: 1 of 2 lead to a runbook (1 without runbook_url)"),
        "{out}"
    );
    // Given by its absolute path, a rule file is still named relative to the corpus
    // root in everything rbc writes.
    let first_file = |rule_file: &Path| -> String {
        let o = rbc(
            dir.path(),
            &[
                "alerts",
                "--format",
                "json",
                ".",
                "--alerts",
                rule_file.to_str().unwrap(),
            ],
        );
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["alerts"][0]["span"]["file"].as_str().unwrap().to_string()
    };
    assert_eq!(first_file(&rules.canonicalize().unwrap()), "rules.yml");
    let outside = tempfile::tempdir().unwrap();
    let moved = outside.path().join("team-rules.yaml");
    std::fs::copy(&rules, &moved).unwrap();
    let name = first_file(&moved);
    assert!(
        name.starts_with("../") && name.ends_with("/team-rules.yaml"),
        "{name}"
    );
    // A folder of rule files, and a missing one (an I/O failure, exit status 2).
    let o = rbc(dir.path(), &["alerts", ".", "--alerts", "."]);
    assert!(
        stdout(&o).contains("KubeQuotaAlmostFull.md"),
        "{}",
        stdout(&o)
    );
    let o = rbc(dir.path(), &["check", ".", "--alerts", "nope.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("cannot read `nope.yaml`"),
        "{}",
        stdout(&o)
    );
    // Without rule files, `rbc alerts` says how to give them.
    let o = rbc(dir.path(), &["alerts", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--alerts"), "{}", stderr(&o));
}

/// Every rule file of the fixtures, as `promtool` reads it: a `PrometheusRule` object's
/// `spec` is what the Prometheus operator hands to Prometheus.
fn rule_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["tests/fixtures/alerts", "tests/fixtures/rules"] {
        for e in walk(&root().join(dir)) {
            if e.extension().is_some_and(|x| x == "yaml" || x == "yml")
                && e.file_name().is_some_and(|n| n != "runbooks.yaml")
            {
                out.push(e);
            }
        }
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The groups of a file as promtool reads them: plain rule files as they are, the
/// `spec` of each `PrometheusRule`, other kinds left out.
fn as_promtool_reads(path: &Path, into: &Path) -> PathBuf {
    use serde::Deserialize;
    let text = std::fs::read_to_string(path).unwrap();
    let mut groups = Vec::new();
    let mut plain = true;
    for doc in yaml_serde::Deserializer::from_str(&text) {
        let Ok(v) = yaml_serde::Value::deserialize(doc) else {
            // promtool gets the file as it is and reports the syntax error itself.
            return path.to_path_buf();
        };
        match v.get("kind").and_then(|k| k.as_str()) {
            Some("PrometheusRule") => {
                plain = false;
                if let Some(g) = v.get("spec").and_then(|s| s.get("groups")) {
                    groups.extend(g.as_sequence().cloned().unwrap_or_default());
                }
            }
            Some(_) => plain = false,
            None => {}
        }
    }
    if plain {
        return path.to_path_buf();
    }
    let out = into.join(path.file_name().unwrap());
    let mut m = yaml_serde::Mapping::new();
    m.insert("groups".into(), yaml_serde::Value::Sequence(groups));
    std::fs::write(&out, yaml_serde::to_string(&m).unwrap()).unwrap();
    out
}

#[test]
fn promtool_agrees_with_a001_on_every_fixture_rule_file() {
    let tmp = tempfile::tempdir().unwrap();
    let files = rule_files();
    assert!(files.len() >= 9, "{files:?}");
    let mut valid = 0;
    for f in &files {
        let checked = as_promtool_reads(f, tmp.path());
        let o = Command::new("promtool")
            .args(["check", "rules"])
            .arg(&checked)
            .output()
            .expect("promtool is installed (Debian's prometheus package; .ci/run installs it)");
        let promtool_ok = o.status.success();
        let src = rbc::files::read(f).unwrap();
        let (_, diags) = rbc::parse::alert_rules::rule_file(&src);
        assert_eq!(
            promtool_ok,
            diags.is_empty(),
            "{}: promtool says {}, rbc says {:?}",
            f.display(),
            String::from_utf8_lossy(&o.stdout),
            diags.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
        valid += usize::from(promtool_ok);
    }
    assert!(valid >= 8, "only {valid} valid rule files");
}

#[test]
fn renaming_a_runbook_is_seen_by_the_alerts_that_lead_to_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join(FIXTURE), dir.path());
    let project = rbc::Project::open(&[dir.path().to_path_buf()], None, None).unwrap();
    let before = project.check();
    assert!(!before
        .iter()
        .any(|d| d.message.contains("VolumeAlmostFull")));
    let mut session = rbc::incremental::Session::new(project);
    let old: std::sync::Arc<str> = "runbooks/VolumeAlmostFull.md".into();
    let text = std::fs::read_to_string(dir.path().join(&*old)).unwrap();
    let renamed = rbc::source::SourceFile::new(
        "runbooks/VolumeNearlyFull.md",
        text.replace("# VolumeAlmostFull", "# VolumeNearlyFull"),
    );
    session.update(vec![renamed], &[old]);
    let after: Vec<String> = session
        .check()
        .iter()
        .map(rbc::diagnostic::render_short)
        .collect();
    assert!(
        after
            .iter()
            .any(|d| d.contains("[A003]") && d.contains("`VolumeAlmostFull`")),
        "{after:#?}"
    );
    assert!(
        after
            .iter()
            .any(|d| d.contains("[A007]") && d.contains("`VolumeNearlyFull`")),
        "{after:#?}"
    );
}

/// The book's alerts page shows what `rbc alerts` prints on the fixture.
#[test]
fn the_book_page_shows_real_output() {
    const MARK: &str = "<!-- generated: rbc alerts tests/fixtures/alerts -->";
    let page = std::fs::read_to_string(root().join("book/src/alerts.md")).unwrap();
    let at = page.find(MARK).expect("book/src/alerts.md has the marker");
    let block = page[at + MARK.len()..]
        .trim_start()
        .strip_prefix("```text\n")
        .expect("a text block follows the marker");
    let documented = &block[..block.find("```\n").expect("the block ends")];
    let o = rbc(&root(), &["alerts", FIXTURE]);
    assert_eq!(
        documented,
        stdout(&o),
        "book/src/alerts.md is stale: paste the output of `cargo run -- alerts {FIXTURE}`"
    );
}

/// The scripts' dispatcher runs a runbook's script by the name of an alert that leads
/// to it; a name that is also a runbook ID stays that runbook's.
#[test]
fn the_dispatcher_takes_alert_names() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("dist");
    let o = rbc(
        &root(),
        &[
            "build",
            FIXTURE,
            "--allow-errors",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let run = |args: &[&str]| {
        Command::new(out.join("scripts/runbook"))
            .args(args)
            .output()
            .unwrap()
    };
    for name in ["EtcdMembersDown", "etcdmembersdown", "EtcdNoLeader"] {
        let o = run(&[name, "--help"]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert!(
            stdout(&o).starts_with("EtcdNoLeader - EtcdNoLeader"),
            "{name}: {}",
            stdout(&o)
        );
    }
    // An alert that leads to no runbook is not a command.
    let o = run(&["ApiLatencyHigh", "--help"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no runbook ApiLatencyHigh"),
        "{}",
        stderr(&o)
    );
}

/// The forms a `runbook_url` takes, and where each leads: only to the file the site or
/// forge would serve at that URL.
#[test]
fn runbook_url_forms_resolve_exactly() {
    let table: &[(&str, &str, &str)] = &[
        ("https://runbooks.example.com/kubernetes/kubepodcrashlooping", "runbook", "by ID, in its folder"),
        ("https://runbooks.example.com/kubernetes/KubePodCrashLooping.md", "runbook", "the file"),
        ("https://runbooks.example.com/node/kubepodcrashlooping", "not_found", "another folder"),
        ("https://github.com/acme/ops/blob/main/runbooks/kubernetes/KubePodCrashLooping.md", "runbook", "this repository's file"),
        ("https://github.com/acme/ops/blob/main/runbooks/kubernetes/kubepodcrashlooping.md", "not_found", "the forge's paths have a case"),
        ("https://github.com/acme/ops/blob/main/runbooks/kubernetes/KubePodCrashLooping", "not_found", "a blob URL without .md"),
        ("https://github.com/grafana/rollout-operator/blob/main/runbooks/kubernetes/KubePodCrashLooping.md", "external", "another repository"),
        ("https://github.com/acme/ops/tree/main/docs", "document", "a folder: its README"),
        ("https://hugo.example.com/runbooks/kubequotaalmostfull/", "runbook", "a Hugo page"),
        ("https://hugo.example.com/runbooks/KubeQuotaAlmostFull.md", "not_found", ".md on a Hugo site"),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let write = |p: &str, text: &str| {
        let p = d.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        ".git/config",
        "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = git@github.com:acme/ops.git\n",
    );
    let alert_md = |name: &str| {
        format!("# {name}\n\n## Meaning\n\nIt fires.\n\n## Impact\n\nSome.\n\n## Mitigation\n\n```bash\nkubectl get pods -n shop\n```\n")
    };
    write(
        "runbooks/kubernetes/KubePodCrashLooping.md",
        &alert_md("KubePodCrashLooping"),
    );
    write("docs/README.md", "# Docs\n\nGuides.\n");
    write("site/hugo.toml", "title = \"x\"\n");
    write(
        "site/content/runbooks/KubeQuotaAlmostFull.md",
        &alert_md("KubeQuotaAlmostFull"),
    );
    let mut rules = String::from("groups:\n  - name: forms\n    rules:\n");
    for (i, (url, _, _)) in table.iter().enumerate() {
        rules.push_str(&format!(
            "      - alert: Form{i}\n        expr: vector(1)\n        annotations:\n          runbook_url: {url}\n"
        ));
    }
    write("rules.yaml", &rules);
    write(
        "runbooks.yaml",
        "alerts: [rules.yaml]\nrunbook_urls:\n  \"https://runbooks.example.com/\": runbooks/\n  \"https://hugo.example.com/\": site/content/\n",
    );
    let p = rbc::Project::open(&[d.to_path_buf()], None, None).unwrap();
    let got: Vec<(&str, &str)> = p
        .loaded
        .corpus
        .alerts
        .iter()
        .map(|a| (a.runbook_url().unwrap_or(""), a.link.status()))
        .collect();
    let want: Vec<(&str, &str)> = table.iter().map(|(u, s, _)| (*u, *s)).collect();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{} ({})", table[i].0, table[i].2);
    }
    assert_eq!(got.len(), want.len());
}

/// Files the `alerts:` globs match that are not rule files — a promtool unit-test file,
/// a Kustomization beside the rules — are no A001 error: `rbc alerts` names them as
/// skipped, with what each is.
#[test]
fn files_that_are_not_rule_files_are_skipped_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    for f in ["KubePodCrashLooping.md", "rules.yaml"] {
        std::fs::copy(root().join("tests/fixtures/oncall").join(f), d.join(f)).unwrap();
    }
    std::fs::create_dir(d.join("rules")).unwrap();
    std::fs::rename(d.join("rules.yaml"), d.join("rules/alerts.yaml")).unwrap();
    std::fs::write(
        d.join("rules/tests.yaml"),
        "rule_files: [alerts.yaml]\ntests:\n  - interval: 1m\n    input_series: []\n",
    )
    .unwrap();
    std::fs::write(
        d.join("rules/kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [alerts.yaml]\n",
    )
    .unwrap();
    std::fs::write(
        d.join("runbooks.yaml"),
        "alerts: [\"rules/*.yaml\"]\nrunbook_urls:\n  \"https://runbooks.example.com/\": ./\n",
    )
    .unwrap();
    let check = rbc(d, &["check", "--format", "short", "."]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let o = rbc(d, &["alerts", "."]);
    let out = stdout(&o);
    assert!(out.contains("not rule files, skipped:"), "{out}");
    assert!(
        out.contains("rules/kustomization.yaml: a Kubernetes `Kustomization`"),
        "{out}"
    );
    assert!(
        out.contains("rules/tests.yaml: a promtool unit-test file"),
        "{out}"
    );
    assert!(out.contains("alerts: 1 of 1 lead to a runbook"), "{out}");
}
