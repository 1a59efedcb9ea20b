//! The command line: exit codes, formats, build output, show.

use super::common::*;

#[test]
fn check_exit_codes() {
    let r = root();
    assert_eq!(rbc(&r, &["check", "runbooks-md"]).status.code(), Some(0));
    assert_eq!(
        rbc(&r, &["check", "tests/fixtures/seed"]).status.code(),
        Some(1)
    );
    assert_eq!(rbc(&r, &["check", "no/such/dir"]).status.code(), Some(2));
    assert_eq!(rbc(&r, &["check", "--bogus"]).status.code(), Some(2));
    let warn_only = "tests/fixtures/rules/S007-runbook-without-commands";
    assert_eq!(rbc(&r, &["check", warn_only]).status.code(), Some(0));
    assert_eq!(
        rbc(&r, &["check", "--deny", "warnings", warn_only])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn human_output_of_the_seed() {
    let o = rbc(&root(), &["check", "tests/fixtures/seed"]);
    let out = stdout(&o);
    assert!(out.contains(
        "error[L001]: link target `README.md` does not exist (resolved to `tests/fixtures/seed/README.md`)\n  --> tests/fixtures/seed/INCIDENT_RESPONSE.md:10:48\n"
    ), "{out}");
    assert!(out.ends_with("24 errors, 13 warnings in 1 file\n"), "{out}");
}

#[test]
fn json_format_is_parseable() {
    let o = rbc(
        &root(),
        &["check", "--format", "json", "tests/fixtures/seed"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let first = &v["findings"][0];
    assert_eq!(first["code"], "L001");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["line"], 10);
    assert_eq!(v["summary"]["errors"], 24);
}

#[test]
fn config_errors_exit_2_with_location() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("runbooks.yaml"),
        "required_sections: [symptoms]\nbogus: 1\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), "# a\n").unwrap();
    let o = rbc(dir.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("runbooks.yaml:2:1: unknown field `bogus`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn build_writes_json_per_runbook() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let o = rbc(
        &root(),
        &["build", "runbooks-md", "-o", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let corpus: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("json/corpus.json")).unwrap()).unwrap();
    assert_eq!(corpus["version"], 2);
    for n in 1..=12 {
        let p = out.join(format!("json/RB-{n:03}.json"));
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        assert_eq!(v["runbook"]["id"], format!("RB-{n:03}"));
    }
    // A second build gives the same bytes.
    let first = std::fs::read(out.join("json/corpus.json")).unwrap();
    assert_eq!(
        rbc(
            &root(),
            &["build", "runbooks-md", "-o", out.to_str().unwrap()]
        )
        .status
        .code(),
        Some(0)
    );
    assert_eq!(std::fs::read(out.join("json/corpus.json")).unwrap(), first);
}

#[test]
fn failed_build_leaves_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), GOOD_ONE).unwrap();
    assert_eq!(
        rbc(dir.path(), &["build", ".", "-o", "dist"]).status.code(),
        Some(0)
    );
    let before = std::fs::read(dir.path().join("dist/json/corpus.json")).unwrap();
    std::fs::write(dir.path().join("b.md"), b"\xff").unwrap();
    let o = rbc(dir.path(), &["build", ".", "-o", "dist"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("b.md"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(dir.path().join("dist/json/corpus.json")).unwrap(),
        before
    );
}

#[test]
fn build_refuses_a_foreign_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), GOOD_ONE).unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/keep.txt"), "mine").unwrap();
    let o = rbc(dir.path(), &["build", "a.md", "-o", "docs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(dir.path().join("docs/keep.txt").exists());
}

const GOOD_ONE: &str = "# RB-001: One\n\n## Symptoms\n\n- s\n\n## Diagnosis\n\n```bash\n# d\nkubectl get nodes\n```\n\n## Resolution\n\n```bash\n# r\nkubectl get nodes\n```\n";

#[test]
fn show_prints_a_runbook() {
    let o = rbc(&root(), &["show", "RB-006", "tests/fixtures/seed"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("RB-006 - Deployment Rollback\n"), "{out}");
    assert!(out.contains("If Rollback Fails (4 commands)"), "{out}");
    let o = rbc(
        &root(),
        &["show", "RB-001", "tests/fixtures/seed", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["runbook"]["title"], "Pod CrashLoopBackOff");
    assert_eq!(
        rbc(&root(), &["show", "RB-999", "tests/fixtures/seed"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn include_and_exclude_globs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    std::fs::write(dir.path().join("a.md"), GOOD_ONE).unwrap();
    std::fs::write(
        dir.path().join("drafts/wip.md"),
        "# x\n\n[broken](nope.md)\n",
    )
    .unwrap();
    let status = |cfg: &str| {
        std::fs::write(dir.path().join("runbooks.yaml"), cfg).unwrap();
        let o = rbc(dir.path(), &["check", "--format", "short", "."]);
        (o.status.code(), stdout(&o))
    };
    assert_eq!(status("").0, Some(1), "drafts/wip.md has a broken link");
    let (code, out) = status("exclude: [\"drafts/**\"]\n");
    assert_eq!(code, Some(0), "{out}");
    assert!(out.ends_with("in 1 file\n"), "{out}");
    assert_eq!(status("include: [\"*.md\"]\n").0, Some(0));
    let o = {
        std::fs::write(dir.path().join("runbooks.yaml"), "exclude: [\"[bad\"]\n").unwrap();
        rbc(dir.path(), &["check", "."])
    };
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("runbooks.yaml:1:1: invalid glob `[bad`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let o = rbc(&root(), &["completions", shell]);
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("rbc"), "{shell}");
    }
    let bash = rbc(&root(), &["completions", "bash"]).stdout;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rbc.bash"), &bash).unwrap();
    let n = std::process::Command::new("bash")
        .arg("-n")
        .arg(dir.path().join("rbc.bash"))
        .output()
        .unwrap();
    assert!(n.status.success());
    let man = stdout(&rbc(&root(), &["man"]));
    assert!(man.contains(".TH rbc 1"), "{man}");
    assert!(man.contains("check"));
}

#[test]
fn configuration_page_documents_every_key() {
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("schema/config.schema.json")).unwrap())
            .unwrap();
    let page = std::fs::read_to_string(root().join("book/src/configuration.md")).unwrap();
    let keys: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    assert!(keys.len() >= 9);
    for k in keys {
        assert!(
            page.contains(&format!("| `{k}` |")),
            "book/src/configuration.md lacks a row for `{k}`"
        );
    }
}
