//! The project's own corpus, `runbooks-md/`, is clean and complete.

use super::common::*;

#[test]
fn runbooks_md_has_no_findings() {
    let p = project(&["runbooks-md"]);
    let diags = p.check();
    let text: Vec<_> = diags.iter().map(rbc::diagnostic::render_short).collect();
    assert!(
        diags.is_empty(),
        "runbooks-md must stay clean:\n{}",
        text.join("\n")
    );
}

#[test]
fn runbooks_md_has_rb001_to_rb012() {
    let p = project(&["runbooks-md"]);
    let mut ids: Vec<_> = p
        .loaded
        .corpus
        .runbooks()
        .map(|(_, r)| r.id.clone())
        .collect();
    ids.sort();
    let want: Vec<_> = (1..=12).map(|n| format!("RB-{n:03}")).collect();
    assert_eq!(ids, want);
    for (_, rb) in p.loaded.corpus.runbooks() {
        assert!(rb.severity().is_some(), "{} declares no severity", rb.id);
        for c in rb.commands() {
            assert!(
                !c.text.contains("-- erlang:") && !c.text.contains("-- recon:"),
                "{}: Erlang expression passed to kubectl exec: {}",
                rb.id,
                c.text
            );
        }
    }
}

/// The pre-commit hook passes only the changed files: each file of `runbooks-md/` checked
/// on its own is as clean as the whole folder (the runbook IDs it mentions are defined
/// in the other files, looked up on disk).
#[test]
fn each_file_of_runbooks_md_checked_alone_has_no_findings() {
    let mut files: Vec<_> = std::fs::read_dir(root().join("runbooks-md"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 7);
    for f in files {
        let rel = f
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let o = rbc(&root(), &["check", "--format", "short", &rel]);
        assert_eq!(
            (o.status.code(), stdout(&o).as_str()),
            (Some(0), "0 errors, 0 warnings in 1 file\n"),
            "{rel}: {}",
            stderr(&o)
        );
    }
}

/// Without a configuration, the IDs of files checked on their own are looked up under
/// the current folder; an ID defined nowhere is still L003, and the files read for
/// their IDs get no findings.
#[test]
fn ids_of_single_files_resolve_against_the_files_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("db")).unwrap();
    std::fs::create_dir_all(d.join("net")).unwrap();
    std::fs::write(
        d.join("db/one.md"),
        "# Notes\n\nEscalate to RB-002, then to RB-003; never to RB-077.\n",
    )
    .unwrap();
    // RB-002 is defined (with findings of its own: no sections); RB-003 only mentioned.
    std::fs::write(
        d.join("net/two.md"),
        "# RB-002: Two\n\n[broken](nope.md) See RB-003.\n",
    )
    .unwrap();
    let o = rbc(d, &["check", "--format", "short", "db/one.md"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("db/one.md:3:29: error[L003] `RB-003` is mentioned, but no runbook has this ID (looked in the checked files and the Markdown files under `.`)"), "{out}");
    assert!(
        lines[1].starts_with("db/one.md:3:46: error[L003] `RB-077`"),
        "{out}"
    );
    assert_eq!(lines[2], "2 errors, 0 warnings in 1 file");
    // With a configuration, its folder is the root, wherever rbc runs.
    std::fs::write(d.join("runbooks.yaml"), "").unwrap();
    let o = rbc(
        d.join("db").as_path(),
        &["check", "--format", "short", "one.md"],
    );
    let out = stdout(&o);
    assert!(
        out.contains("`RB-077`") && !out.contains("`RB-002`"),
        "{out}"
    );
    // A folder is its own corpus: no look-up beyond it.
    let o = rbc(d, &["check", "--format", "short", "db"]);
    assert!(
        stdout(&o).contains("`RB-002` is mentioned, but no checked runbook has this ID"),
        "{}",
        stdout(&o)
    );
}
