//! `rbc check` output formats, suppressions, cross-file rules, fixes as a diff.

use super::common::*;

const SEED: &str = "tests/fixtures/seed";

fn all_formats(paths: &[&str]) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for f in [
        "human", "short", "json", "sarif", "github", "gitlab", "junit",
    ] {
        let mut args = vec!["check", "--color", "never", "--format", f];
        args.extend(paths);
        out.push((f, stdout(&rbc(&root(), &args))));
    }
    out
}

#[test]
fn every_format_of_the_seed() {
    for (f, text) in all_formats(&[SEED]) {
        insta::assert_snapshot!(format!("seed_{f}"), text);
    }
}

#[test]
fn every_format_with_one_finding_of_every_rule() {
    let mut by_format: Vec<(&str, String)> = Vec::new();
    for rule in rbc::check::registry::RULES {
        let dir = format!("tests/fixtures/rules/{}-{}", rule.code, rule.name);
        for (f, text) in all_formats(&[&dir]) {
            match by_format.iter_mut().find(|(g, _)| *g == f) {
                Some((_, acc)) => acc.push_str(&text),
                None => by_format.push((f, text)),
            }
        }
    }
    for (f, text) in by_format {
        insta::assert_snapshot!(format!("rules_{f}"), text);
    }
}

#[test]
fn sarif_and_json_validate_against_their_schemas() {
    let sarif = schema_validator("sarif-2.1.0.schema.json");
    let findings = schema_validator("findings.schema.json");
    for paths in [
        vec![SEED],
        vec!["tests/fixtures/rules/B002-erlang-in-exec"],
        vec!["runbooks-md"],
    ] {
        let mut a = vec!["check", "--format", "sarif"];
        a.extend(&paths);
        let v: serde_json::Value = serde_json::from_slice(&rbc(&root(), &a).stdout).unwrap();
        let errors: Vec<String> = sarif
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .take(5)
            .collect();
        assert!(errors.is_empty(), "{paths:?}: {errors:?}");
        assert_eq!(
            v["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .len(),
            rbc::check::registry::RULES.len()
        );
        let mut a = vec!["check", "--format", "json"];
        a.extend(&paths);
        let v: serde_json::Value = serde_json::from_slice(&rbc(&root(), &a).stdout).unwrap();
        let errors: Vec<String> = findings
            .iter_errors(&v)
            .map(|e| e.to_string())
            .take(5)
            .collect();
        assert!(errors.is_empty(), "{paths:?}: {errors:?}");
    }
    // The fix travels in both.
    let v: serde_json::Value = serde_json::from_slice(
        &rbc(
            &root(),
            &[
                "check",
                "--format",
                "json",
                "tests/fixtures/rules/B002-erlang-in-exec",
            ],
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(
        v["findings"][0]["fix"]["edits"][0]["replacement"],
        "/opt/erlmcp/bin/erlmcp eval 'erlang:memory().'"
    );
    assert_eq!(v["findings"][0]["end_column"], 58);
}

/// The book is published nowhere: SARIF carries no URI at all (the placeholder
/// `https://rbc.example.dev/` was one), and each rule's whole page travels in `help`.
#[test]
fn sarif_has_no_placeholder_uris_and_carries_the_rule_pages() {
    let text = rbc::report::sarif(&[], &Default::default());
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let driver = &v["runs"][0]["tool"]["driver"];
    assert!(driver.get("informationUri").is_none(), "{driver}");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), rbc::check::registry::RULES.len());
    for (rule, r) in rules.iter().zip(rbc::check::registry::RULES) {
        assert!(rule.get("helpUri").is_none(), "{rule}");
        assert_eq!(rule["help"]["markdown"], r.doc, "{}", r.code);
        assert_eq!(rule["help"]["text"], r.doc, "{}", r.code);
    }
    assert!(!text.contains("://rbc."), "a URI is left: {text}");
}

#[test]
fn github_commands_are_escaped() {
    let span = rbc::source::Span {
        file: "a,b:c%.md".into(),
        start: 0,
        end: 0,
        line: 3,
        col: 7,
    };
    let d = rbc::diagnostic::Diagnostic::new(
        &rbc::check::rules::broken_link::RULE,
        span,
        "50% of it: a, b\nsecond line",
    )
    .with_help("x");
    let text = rbc::report::github(&[d], &Default::default());
    assert_eq!(
        text,
        "::error file=a%2Cb%3Ac%25.md,line=3,col=7,endLine=3,endColumn=7,title=L001 broken-link::50%25 of it: a, b%0Asecond line%0Ahelp: x\n"
    );
}

#[test]
fn output_file_and_colour() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.sarif");
    let o = rbc(
        &root(),
        &[
            "check",
            "--format",
            "sarif",
            "--output",
            report.to_str().unwrap(),
            SEED,
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with("24 errors, 13 warnings in 1 file (report written to"),
        "{}",
        stdout(&o)
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let coloured = stdout(&rbc(&root(), &["check", "--color", "always", SEED]));
    assert!(
        coloured.contains("\x1b[1;31merror[L001]\x1b[0m"),
        "{coloured}"
    );
    // Not a terminal: plain by default.
    assert!(!stdout(&rbc(&root(), &["check", SEED])).contains('\x1b'));
}

#[test]
fn suppressions_drop_findings_and_unused_ones_are_reported() {
    let p = project(&["tests/fixtures/rules/X001-unused-suppression"]);
    let d = p.check();
    assert!(
        !d.iter().any(|d| d.code == "K009"),
        "the K009 finding is suppressed"
    );
    assert_eq!(codes(&d), ["X001", "X001", "X001"]);
    let doc = &p.loaded.corpus.documents[0];
    assert_eq!(doc.suppressions.len(), 4);
    assert!(doc.suppressions[0].file);
    assert_eq!(
        doc.suppressions[1].reason,
        "the migration needs the raw value; run it in a private terminal"
    );
}

#[test]
fn cross_file_fixture_gets_exactly_its_findings() {
    let p = project(&["tests/fixtures/crossfile"]);
    let found: Vec<String> = p
        .check()
        .iter()
        .map(rbc::diagnostic::render_short)
        .collect();
    assert_eq!(
        found,
        [
            "tests/fixtures/crossfile/README.md:6:1: error[X002] the index calls RB-002 \"Memory Pressure\", but its title is \"High Memory Usage\"",
            "tests/fixtures/crossfile/README.md:6:1: error[X002] the index gives RB-002 severity SEV-3, but the runbook declares SEV-2",
            "tests/fixtures/crossfile/runbooks.md:34:3: error[X003] this calls RB-002 \"Deployment\", but RB-002 is \"High Memory Usage\"",
        ]
    );
}

#[test]
fn the_corpus_index_lists_every_runbook() {
    let p = project(&["runbooks-md"]);
    let ctx = rbc::check::Context {
        corpus: &p.loaded.corpus,
        settings: &p.settings,
        sources: &p.loaded.sources,
        on_disk: None,
    };
    let rows = rbc::check::support::crossfile::index_rows(&ctx);
    assert_eq!(rows.len(), 12, "README.md's index table is recognised");
}

#[test]
fn diff_prints_fixes_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/seed/INCIDENT_RESPONSE.md"),
        dir.path().join("IR.md"),
    )
    .unwrap();
    let before = std::fs::read(dir.path().join("IR.md")).unwrap();
    let o = rbc(dir.path(), &["check", "--diff", "IR.md"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.starts_with("--- a/IR.md\n+++ b/IR.md\n@@ -121,"),
        "{out}"
    );
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count(),
        13
    );
    assert_eq!(
        std::fs::read(dir.path().join("IR.md")).unwrap(),
        before,
        "nothing written"
    );
}

#[test]
fn rules_and_explain() {
    let o = rbc(&root(), &["rules", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        rbc::check::registry::RULES.len()
    );
    let by_code = stdout(&rbc(&root(), &["explain", "K012"]));
    let by_name = stdout(&rbc(&root(), &["explain", "invalid-json-patch"]));
    assert_eq!(by_code, by_name);
    assert!(by_code.starts_with("# K012 invalid-json-patch\n"));
    assert_eq!(rbc(&root(), &["explain", "nope"]).status.code(), Some(2));
}

/// `xmllint --schema XSD` on a file: Ok, or the validator's complaint.
fn xmllint(xsd: &std::path::Path, xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.xml");
    std::fs::write(&file, xml).unwrap();
    let o = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(xsd)
        .arg(&file)
        .output()
        .expect("xmllint (Debian's libxml2-utils) is installed: run `bash tools/test.sh`");
    if o.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&o.stderr).into_owned())
    }
}

#[test]
fn gitlab_and_junit_validate_against_their_schemas() {
    let gitlab = schema_validator("gitlab-codequality.schema.json");
    let xsd = root().join("schema/junit-10.xsd");
    for paths in [
        vec![SEED],
        vec!["tests/fixtures/rules/B002-erlang-in-exec"],
        vec!["runbooks-md"],
        vec!["tests/fixtures/shapes/alert"],
        vec!["tests/fixtures/site/hostile"],
    ] {
        let mut a = vec!["check", "--format", "gitlab"];
        a.extend(&paths);
        let v: serde_json::Value = serde_json::from_slice(&rbc(&root(), &a).stdout).unwrap();
        let errors: Vec<String> = gitlab
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .take(5)
            .collect();
        assert!(errors.is_empty(), "{paths:?}: {errors:?}");
        let mut a = vec!["check", "--format", "junit"];
        a.extend(&paths);
        let xml = stdout(&rbc(&root(), &a));
        xmllint(&xsd, &xml).unwrap_or_else(|e| panic!("{paths:?}: {e}\n{xml}"));
    }
    // The validators can fail: broken copies are rejected.
    let good: serde_json::Value =
        serde_json::from_slice(&rbc(&root(), &["check", "--format", "gitlab", SEED]).stdout)
            .unwrap();
    assert!(gitlab.is_valid(&good));
    for (what, edit) in [
        ("no fingerprint", "/0/fingerprint"),
        ("a bad severity", "/0/severity"),
        ("an absolute path", "/0/location/path"),
    ] {
        let mut bad = good.clone();
        let (parent, key) = edit.rsplit_once('/').unwrap();
        let obj = bad.pointer_mut(parent).unwrap().as_object_mut().unwrap();
        match key {
            "fingerprint" => {
                obj.remove(key);
            }
            "severity" => {
                obj.insert(key.into(), "error".into());
            }
            _ => {
                obj.insert(key.into(), "/home/ci/repo/a.md".into());
            }
        }
        assert!(!gitlab.is_valid(&bad), "{what} passes the schema");
    }
    let xml = stdout(&rbc(&root(), &["check", "--format", "junit", SEED]));
    assert!(xmllint(&xsd, &xml).is_ok());
    let broken = xml.replacen("<testcase name=", "<testcase title=", 1);
    assert!(
        xmllint(&xsd, &broken).is_err(),
        "a test case without a name passes"
    );
}

/// GitLab keys findings by fingerprint: an edit elsewhere in the file (a line added
/// above, a new paragraph) must keep the fingerprints of the findings it does not
/// touch, and a run twice gives the same ones.
#[test]
fn gitlab_fingerprints_survive_unrelated_edits() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(SEED).join("INCIDENT_RESPONSE.md")).unwrap();
    let file = dir.path().join("IR.md");
    std::fs::write(&file, &text).unwrap();
    let run = || -> Vec<(String, String, u64)> {
        let v: serde_json::Value = serde_json::from_slice(
            &rbc(dir.path(), &["check", "--format", "gitlab", "IR.md"]).stdout,
        )
        .unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap().to_string(),
                    i["description"].as_str().unwrap().to_string(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let before = run();
    assert!(before.len() > 10, "{before:?}");
    assert_eq!(run(), before, "the same input gives the same fingerprints");
    let unique: std::collections::BTreeSet<&String> = before.iter().map(|(f, _, _)| f).collect();
    assert_eq!(unique.len(), before.len(), "fingerprints are unique");
    // An unrelated edit: a paragraph after the title moves every finding down 2 lines.
    let first_break = text.find("\n\n").unwrap();
    let edited = format!(
        "{}\n\nEdited: a note for the reader.{}",
        &text[..first_break],
        &text[first_break..]
    );
    std::fs::write(&file, edited).unwrap();
    let after = run();
    assert_eq!(after.len(), before.len());
    for ((fa, da, la), (fb, db, lb)) in after.iter().zip(&before) {
        assert_eq!(da, db);
        assert_eq!(*la, lb + 2, "{da}: the finding moved");
        assert_eq!(
            fa, fb,
            "{da}: the fingerprint changed with an unrelated edit"
        );
    }
    // A related edit (the line of a finding changes) gives that finding a new one.
    let first = &before[0];
    let line = text.lines().nth(first.2 as usize - 1).unwrap();
    std::fs::write(
        &file,
        text.replacen(line, &format!("{line} "), 1).replacen(
            &format!("{line} "),
            &format!("{line}  x"),
            1,
        ),
    )
    .unwrap();
    let changed = run();
    assert!(
        changed.iter().all(|(f, _, _)| f != &first.0),
        "the fingerprint of a finding whose line changed stays"
    );
}

#[test]
fn gitlab_paths_are_relative_to_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let sub = dir.path().join("docs/runbooks");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/rules/B002-erlang-in-exec/erlang.md"),
        sub.join("erlang.md"),
    )
    .unwrap();
    // From a sub-folder, and with an absolute path: the path is the repository's.
    for (cwd, arg) in [
        (sub.clone(), "erlang.md".to_string()),
        (
            dir.path().join("docs"),
            "./runbooks/../runbooks/erlang.md".to_string(),
        ),
        (
            dir.path().to_path_buf(),
            sub.join("erlang.md").display().to_string(),
        ),
    ] {
        let v: serde_json::Value =
            serde_json::from_slice(&rbc(&cwd, &["check", "--format", "gitlab", &arg]).stdout)
                .unwrap();
        assert_eq!(
            v[0]["location"]["path"],
            "docs/runbooks/erlang.md",
            "{arg} in {}",
            cwd.display()
        );
    }
    // No repository: relative to the current folder.
    std::fs::remove_dir(dir.path().join(".git")).unwrap();
    let file = sub.join("erlang.md");
    let v: serde_json::Value = serde_json::from_slice(
        &rbc(
            &dir.path().join("docs"),
            &["check", "--format", "gitlab", file.to_str().unwrap()],
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(v[0]["location"]["path"], "runbooks/erlang.md");
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_runbook() {
    let xml = stdout(&rbc(
        &root(),
        &["check", "--format", "junit", "runbooks-md"],
    ));
    let suites = xml.matches("<testsuite ").count();
    let files = project(&["runbooks-md"]).loaded.corpus.documents.len();
    assert_eq!(suites, files);
    for id in 1..=12 {
        assert!(
            xml.contains(&format!("<testcase name=\"RB-{id:03} ")),
            "RB-{id:03}"
        );
    }
    assert!(xml.contains("failures=\"0\""), "{xml}");
    // An alert runbook's ID is its title: named once.
    let xml = stdout(&rbc(
        &root(),
        &["check", "--format", "junit", "tests/fixtures/shapes/alert"],
    ));
    let names: Vec<&str> = xml
        .split("<testcase name=\"")
        .skip(1)
        .map(|r| &r[..r.find('"').unwrap()])
        .collect();
    assert!(!names.is_empty());
    for n in names {
        let words: Vec<&str> = n.split(' ').collect();
        assert!(words.len() < 2 || words[0] != words[1], "{n}");
    }
    // The seed's errors fail the runbooks they are in.
    let xml = stdout(&rbc(&root(), &["check", "--format", "junit", SEED]));
    let case = xml.split("<testcase name=\"RB-002 ").nth(1).unwrap();
    let case = &case[..case.find("</testcase>").unwrap()];
    assert!(case.contains("<failure type=\"rbc\""), "{case}");
    assert!(case.contains("error[B002]"), "{case}");
}
