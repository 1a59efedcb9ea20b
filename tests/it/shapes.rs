//! Every runbook shape rbc recognises, each a fixture with a JSON snapshot.

use super::common::*;
use rbc::model::ResolutionForm;

#[test]
fn single_runbook_per_file_with_h1() {
    let p = project(&["tests/fixtures/shapes/single"]);
    let (doc, rb) = p.loaded.corpus.find("RB-101").unwrap();
    assert_eq!(doc.title.as_deref(), Some("RB-101: Pod Pending"));
    assert_eq!(rb.title, "Pod Pending");
    assert_eq!(rb.metadata["severity"], "SEV-3");
    assert_eq!(rb.resolution.as_ref().unwrap().cases().len(), 2);
    assert!(p.check().is_empty(), "{:?}", p.check());
    insta::assert_json_snapshot!("shape_single", p.loaded.corpus);
}

#[test]
fn bold_label_sections_inside_troubleshooting_subsections() {
    let p = project(&["tests/fixtures/shapes/labels"]);
    let ids: Vec<_> = p
        .loaded
        .corpus
        .runbooks()
        .map(|(_, r)| r.id.as_str())
        .collect();
    assert_eq!(ids, ["RB-201", "RB-202"]);
    let (_, a) = p.loaded.corpus.find("RB-201").unwrap();
    assert!(a.symptoms.as_ref().unwrap().head.label);
    assert_eq!(a.symptoms.as_ref().unwrap().items.len(), 2);
    assert_eq!(a.metadata["severity"], "SEV-2");
    assert_eq!(a.resolution.as_ref().unwrap().commands().count(), 1);
    let (_, b) = p.loaded.corpus.find("RB-202").unwrap();
    assert_eq!(
        b.symptoms.as_ref().unwrap().items.len(),
        1,
        "inline label value is an item"
    );
    assert!(matches!(
        b.resolution.as_ref().unwrap().form,
        ResolutionForm::Procedure { .. }
    ));
    assert!(p.check().is_empty(), "{:?}", p.check());
    insta::assert_json_snapshot!("shape_labels", p.loaded.corpus);
}

#[test]
fn aliases_from_config_prometheus_layout() {
    let p = project(&["tests/fixtures/shapes/prometheus"]);
    let (_, rb) = p.loaded.corpus.find("RB-301").unwrap();
    assert_eq!(rb.symptoms.as_ref().unwrap().head.title, "Meaning");
    assert_eq!(rb.resolution.as_ref().unwrap().head.title, "Mitigation");
    assert_eq!(rb.impact.as_ref().unwrap().head.title, "Impact");
    assert!(p.check().is_empty(), "{:?}", p.check());
    insta::assert_json_snapshot!("shape_prometheus", p.loaded.corpus);
}

#[test]
fn without_the_config_the_aliases_do_not_apply() {
    in_root();
    let paths = vec![std::path::PathBuf::from(
        "tests/fixtures/shapes/prometheus/KubePodCrashLooping.md",
    )];
    let empty = tempfile::NamedTempFile::new().unwrap();
    let p = rbc::Project::open(&paths, Some(empty.path()), None).unwrap();
    let codes = codes(&p.check());
    assert_eq!(codes, ["S001", "S001"], "no Symptoms, no Resolution");
}

#[test]
fn front_matter_and_console_blocks() {
    let p = project(&["tests/fixtures/shapes/frontmatter"]);
    let doc = &p.loaded.corpus.documents[0];
    assert_eq!(doc.metadata["owner"], "messaging-team");
    assert_eq!(doc.metadata["tags"][1], "latency");
    let (_, rb) = p.loaded.corpus.find("RB-401").unwrap();
    let diag: Vec<_> = rb
        .diagnosis
        .as_ref()
        .unwrap()
        .steps
        .iter()
        .flat_map(|s| s.commands())
        .collect();
    assert_eq!(diag.len(), 1, "console output lines are not commands");
    assert_eq!(
        diag[0].text,
        "kubectl top pods -n erlmcp-prod -l app=erlmcp"
    );
    assert_eq!(diag[0].span.col, 3);
    insta::assert_json_snapshot!("shape_frontmatter", p.loaded.corpus);
}

#[test]
fn alert_runbooks_without_configuration() {
    let p = project(&["tests/fixtures/shapes/alert"]);
    let ids: Vec<_> = p
        .loaded
        .corpus
        .runbooks()
        .map(|(_, r)| r.id.as_str())
        .collect();
    // `_index.md` (a section index) is no runbook.
    assert_eq!(ids, ["EtcdMembersDown", "KubeQuotaAlmostFull"]);
    let (doc, rb) = p.loaded.corpus.find("KubeQuotaAlmostFull").unwrap();
    assert_eq!(rb.layout, "alert");
    assert_eq!(rb.title, "Kube Quota Almost Full", "from the front matter");
    assert_eq!(rb.metadata["weight"], "20");
    assert!(rb
        .meaning
        .as_ref()
        .unwrap()
        .text()
        .contains("resource quotas"));
    assert!(rb.impact.is_some());
    assert_eq!(rb.resolution.as_ref().unwrap().head.title, "Mitigation");
    // Sessions: the prompt lines are commands, the output is not.
    let diag: Vec<_> = rb
        .diagnosis
        .as_ref()
        .unwrap()
        .steps
        .iter()
        .flat_map(|s| s.commands())
        .collect();
    assert_eq!(diag.len(), 2, "{diag:?}");
    assert!(diag.iter().all(|c| c.program.as_deref() == Some("kubectl")));
    assert_eq!(
        diag[1].kubectl[0].argv.len(),
        6,
        "the `> ` continuation joins"
    );
    // Inline `kubectl …` in prose is a command too.
    assert_eq!(doc.inline_commands.len(), 2);
    let (_, etcd) = p.loaded.corpus.find("EtcdMembersDown").unwrap();
    assert_eq!(etcd.title, "EtcdMembersDown");
    assert_eq!(codes(&p.check()), ["B003"], "{:?}", p.check());
    insta::assert_json_snapshot!("shape_alert", p.loaded.corpus);
}

#[test]
fn h1_and_runbook_id_label_is_one_runbook() {
    let p = project(&["tests/fixtures/shapes/siblings"]);
    let (doc, rb) = p.loaded.corpus.find("RB-109").unwrap();
    assert_eq!(rb.layout, "label");
    assert_eq!(rb.title, "Database Failover Runbook");
    assert_eq!(doc.title.as_deref(), Some("Database Failover Runbook"));
    assert_eq!(rb.metadata["severity"], "SEV-1");
    assert_eq!(rb.diagnosis.as_ref().unwrap().steps.len(), 2);
    assert!(matches!(
        rb.resolution.as_ref().unwrap().form,
        ResolutionForm::Procedure { .. }
    ));
    assert!(p.check().is_empty(), "{:?}", p.check());
}

#[test]
fn commands_outside_runbooks_are_checked() {
    let p = project(&["tests/fixtures/shapes/guides"]);
    assert_eq!(p.loaded.corpus.runbooks().count(), 0);
    let found: Vec<String> = p
        .check()
        .iter()
        .map(|d| format!("{}:{}:{} {}", d.span.file, d.span.line, d.span.col, d.code))
        .collect();
    assert_eq!(
        found,
        [
            "tests/fixtures/shapes/guides/README.md:16:42 K002",
            "tests/fixtures/shapes/guides/troubleshooting.md:16:48 K002",
        ]
    );
}

#[test]
fn layouts_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("alerts")).unwrap();
    // Not recognisable by shape (a title of several words, a `Fix` section), but the
    // configuration says what it is.
    std::fs::write(
        dir.path().join("alerts/disk.md"),
        "---\nalert: NodeDiskFull\n---\n\n# Node disk is full\n\n## Summary\n\nThe disk is full.\n\n## Checks\n\n```bash\nkubectl get nodes\n```\n\n## Fix\n\n```bash\nkubectl drain node-1 --ignore-daemonsets\n```\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("runbooks.yaml"),
        "layouts:\n  ops-alert:\n    id_from: [front_matter:alert, stem]\n    required_sections: [meaning, diagnosis, resolution]\n    section_aliases:\n      diagnosis: [Checks]\n      resolution: [Fix]\nlayout_files:\n  - glob: \"alerts/**\"\n    layout: ops-alert\n",
    )
    .unwrap();
    let p = rbc::Project::open(&[dir.path().to_path_buf()], None, None).unwrap();
    let (_, rb) = p.loaded.corpus.find("NodeDiskFull").unwrap();
    assert_eq!(rb.layout, "ops-alert");
    assert_eq!(rb.title, "Node disk is full");
    assert!(rb.meaning.is_some() && rb.diagnosis.is_some() && rb.resolution.is_some());
    assert!(p.check().is_empty(), "{:?}", p.check());
    // An unknown layout name is a configuration error at its line.
    std::fs::write(
        dir.path().join("runbooks.yaml"),
        "layout_files:\n  - glob: \"alerts/**\"\n    layout: nope\n",
    )
    .unwrap();
    let e = rbc::Project::open(&[dir.path().to_path_buf()], None, None)
        .err()
        .unwrap();
    assert!(e.message.contains("no layout `nope`"), "{}", e.message);
}

#[test]
fn a_misspelt_section_is_named() {
    let md = "# RB-960: Typos\n\n## Symtoms\n\n- s\n\n## Diagnosis\n\n```bash\n# d\nkubectl get nodes\n```\n\n## Resolution\n\n```bash\n# r\nkubectl get nodes\n```\n";
    let p = rbc::Project::from_sources(
        rbc::config::Settings::default(),
        vec![rbc::source::SourceFile::new("t.md", md.to_string())],
    );
    let d = p.check();
    assert_eq!(codes(&d), ["S001"]);
    assert_eq!(
        d[0].help.as_deref(),
        Some("`Symtoms` (line 3) looks like a misspelling of `Symptoms`")
    );
}

/// Alert runbooks whose H1 is not the bare alert name: a trailing tag
/// (`KubePodCrashLooping [Deprecated]`, as in openshift/runbooks) or the name in words
/// in a file named by it (`# CPU Throttling High` in `CPUThrottlingHigh.md`); a page
/// whose title is words that name no file stays a document.
#[test]
fn alert_titles_with_a_tag_or_in_words_are_alert_runbooks() {
    let p = project(&["tests/fixtures/shapes/alert-titles"]);
    let mut ids: Vec<&str> = p
        .loaded
        .corpus
        .runbooks()
        .map(|(_, r)| r.id.as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "CPUThrottlingHigh",
            "KubeNodeNotReady",
            "KubePodCrashLooping"
        ]
    );
    let (_, rb) = p.loaded.corpus.find("KubePodCrashLooping").unwrap();
    assert_eq!(rb.title, "KubePodCrashLooping [Deprecated]");
    assert!(
        rb.deprecated,
        "marked deprecated in the model (and so the JSON and site)"
    );
    let (_, rb) = p.loaded.corpus.find("CPUThrottlingHigh").unwrap();
    assert_eq!(rb.title, "CPU Throttling High");
    assert!(!rb.deprecated);
}

/// A Hugo content tree (the shape of the Kubernetes docs and prometheus-operator's
/// runbooks): links are page URLs relative to the page's own (`../kubectl_logs/`,
/// `debug/` from an `_index.md`), aliases and `{#custom-id}` anchors count; only the
/// two links that lead nowhere on the site are reported. The same tree without its
/// Hugo configuration is plain Markdown, where those links are files that do not exist.
#[test]
fn hugo_content_tree_links_resolve_as_hugo_does() {
    let findings = |dir: &std::path::Path| -> Vec<String> {
        let o = rbc(dir, &["check", "--format", "short", "."]);
        stdout(&o)
            .lines()
            .filter(|l| l.contains(": error[") || l.contains(": warning["))
            .map(|l| {
                let (place, rest) = l.split_once(": ").unwrap();
                format!("{place} {}", &rest[..rest.find(']').unwrap() + 1])
            })
            .collect()
    };
    let hugo = root().join("tests/fixtures/shapes/hugo");
    assert_eq!(
        findings(&hugo),
        [
            "content/docs/kubectl/debug.md:10:29 error[L001]",
            "content/runbooks/_index.md:8:32 error[L002]",
        ]
    );
    // Checked from inside the content folder, the same.
    assert_eq!(
        findings(&hugo.join("content")),
        [
            "docs/kubectl/debug.md:10:29 error[L001]",
            "runbooks/_index.md:8:32 error[L002]",
        ]
    );
    // Without hugo.toml: plain Markdown, the page URLs are missing files.
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&hugo, tmp.path());
    std::fs::remove_file(tmp.path().join("hugo.toml")).unwrap();
    let plain = findings(tmp.path());
    assert!(plain.len() >= 6, "{plain:?}");
    assert!(
        plain
            .iter()
            .all(|f| f.ends_with("error[L001]") || f.ends_with("error[L002]")),
        "{plain:?}"
    );
    // … and told so, in runbooks.yaml, also plain.
    std::fs::copy(hugo.join("hugo.toml"), tmp.path().join("hugo.toml")).unwrap();
    std::fs::write(tmp.path().join("runbooks.yaml"), "site_generator: plain\n").unwrap();
    assert_eq!(findings(tmp.path()), plain);
}

/// A one-file playbook (cortex-jsonnet's `playbooks.md`, thanos' `runbook.md`): with
/// the rule files, each section named after an alert is that alert's runbook — its own
/// anchor, script and page, checked per section (A004 on the URL whose anchor is not a
/// heading, A007 on the section no alert leads to) — and the other sections stay prose.
/// Without the rule files the file is one document with no runbook.
#[test]
fn one_file_playbook_sections_are_the_alerts_runbooks() {
    let dir = root().join("tests/fixtures/shapes/playbook");
    let p = project(&[dir.to_str().unwrap()]);
    let ids: Vec<&str> = p
        .loaded
        .corpus
        .runbooks()
        .map(|(_, r)| r.id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["IngesterUnhealthy", "RequestErrors", "CompactorHalted"]
    );
    let anchors: Vec<&str> = p
        .loaded
        .corpus
        .runbooks()
        .map(|(_, r)| r.anchor.as_str())
        .collect();
    assert_eq!(
        anchors,
        ["ingesterunhealthy", "requesterrors", "compactorhalted"]
    );
    let found = p.check();
    let mut got: Vec<(&str, u32)> = found.iter().map(|d| (d.code, d.span.line)).collect();
    got.sort();
    assert_eq!(got, [("A004", 21), ("A007", 30)], "{found:#?}");
    let linked: Vec<&str> = p
        .loaded
        .corpus
        .alerts
        .iter()
        .filter_map(|a| a.runbook())
        .collect();
    assert_eq!(linked, ["IngesterUnhealthy", "RequestErrors"]);
    // Each section's script runs the commands under its heading as `playbook`, under
    // the usual guards (plan, preflight, a confirmation for a change).
    let out = tempfile::tempdir().unwrap();
    let dist = out.path().join("dist");
    rbc(
        &root(),
        &["build", dir.to_str().unwrap(), "-o", dist.to_str().unwrap()],
    );
    let script = dist.join("scripts/CompactorHalted-compactorhalted.sh");
    let help = std::process::Command::new("bash")
        .arg(&script)
        .arg("--help")
        .output()
        .unwrap();
    assert!(stdout(&help).contains("  playbook "), "{}", stdout(&help));
    let plan = std::process::Command::new("bash")
        .arg(&script)
        .args(["playbook", "--dry-run", "--namespace", "shop"])
        .output()
        .unwrap();
    assert!(
        stdout(&plan).contains("kubectl rollout restart statefulset/compactor -n shop"),
        "{}{}",
        stdout(&plan),
        stderr(&plan)
    );
    // The rule files make them runbooks: without them, none.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(dir.join("playbooks.md"), tmp.path().join("playbooks.md")).unwrap();
    let p = project(&[tmp.path().to_str().unwrap()]);
    assert_eq!(p.loaded.corpus.runbooks().count(), 0);
    // … unless a layout says which headings are runbooks: level 3, an alert-like name.
    std::fs::write(
        tmp.path().join("runbooks.yaml"),
        "layouts:\n  sections:\n    runbook: heading\n    id_pattern: '^[A-Z][A-Za-z0-9]+$'\n    id_headings: 3\n    required_sections: []\nlayout_files:\n  - {glob: playbooks.md, layout: sections}\n",
    )
    .unwrap();
    let p = project(&[tmp.path().to_str().unwrap()]);
    let ids: Vec<&str> = p
        .loaded
        .corpus
        .runbooks()
        .map(|(_, r)| r.id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["IngesterUnhealthy", "RequestErrors", "CompactorHalted"]
    );
    assert!(p.check().is_empty(), "{:#?}", p.check());
}
