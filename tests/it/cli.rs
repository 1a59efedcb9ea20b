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
    assert_eq!(corpus["version"], 3);
    // corpus.json names each runbook and the file that holds it, once.
    let mut listed = 0;
    for doc in corpus["documents"].as_array().unwrap() {
        for r in doc["runbooks"].as_array().unwrap() {
            let file = out.join("json").join(r["json"].as_str().unwrap());
            let v: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
            assert_eq!(v["runbook"]["id"], r["id"]);
            assert_eq!(v["runbook"]["span"], r["span"]);
            assert_eq!(v["document"], doc["path"]);
            assert!(r.get("steps").is_none() && r.get("resolution").is_none());
            listed += 1;
        }
    }
    assert_eq!(listed, 12);
    // And it reads back as the type its schema is generated from.
    let typed: rbc::model::CorpusIndex =
        serde_json::from_slice(&std::fs::read(out.join("json/corpus.json")).unwrap()).unwrap();
    assert_eq!(
        typed.documents.len(),
        corpus["documents"].as_array().unwrap().len()
    );
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
    // A path on the command line that does not exist stops the build.
    let o = rbc(dir.path(), &["build", ".", "no-such-folder", "-o", "dist"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-folder"), "{}", stderr(&o));
    assert!(stderr(&o).contains("build stopped"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(dir.path().join("dist/json/corpus.json")).unwrap(),
        before
    );
}

/// `n` good one-runbook files, `RB-001.md` … in `dir`.
fn good_files(dir: &std::path::Path, n: usize) {
    for i in 1..=n {
        std::fs::write(
            dir.join(format!("RB-{i:03}.md")),
            GOOD_ONE.replace("RB-001: One", &format!("RB-{i:03}: Number {i}")),
        )
        .unwrap();
    }
}

#[test]
fn an_unclosed_fence_does_not_stop_the_build() {
    let dir = tempfile::tempdir().unwrap();
    good_files(dir.path(), 5);
    // Valid CommonMark: the fence runs to the end of the file.
    std::fs::write(
        dir.path().join("RB-003.md"),
        "# RB-003: Open fence\n\n## Symptoms\n\n- s\n\n## Diagnosis\n\n```bash\n# d\nkubectl get nodes\n```\n\n## Resolution\n\n```bash\n# r\nkubectl get nodes\n\n## Notes\n",
    )
    .unwrap();
    let o = rbc(dir.path(), &["build", ".", "-o", "dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("built 5 runbooks from 5 files"),
        "{}",
        stderr(&o)
    );
    let site = dir.path().join("dist");
    for (i, title) in [
        (1, "number-1"),
        (2, "number-2"),
        (3, "open-fence"),
        (4, "number-4"),
        (5, "number-5"),
    ] {
        let page = site.join(format!("RB-{i:03}-{title}.html"));
        assert!(page.is_file(), "no {}", page.display());
        assert!(dir
            .path()
            .join(format!("dist/json/RB-{i:03}.json"))
            .is_file());
    }
    // The open block holds what follows it, as CommonMark (and GitHub) read it.
    let rb3: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("dist/json/RB-003.json")).unwrap())
            .unwrap();
    assert!(rb3.to_string().contains("## Notes"), "{rb3}");
    let check = rbc(dir.path(), &["check", "--format", "short", "."]);
    assert!(
        stdout(&check).contains("RB-003.md:16:1: warning[F003]"),
        "{}",
        stdout(&check)
    );
}

#[test]
fn a_file_that_is_not_utf8_is_left_out_and_the_others_built() {
    let dir = tempfile::tempdir().unwrap();
    good_files(dir.path(), 3);
    std::fs::write(dir.path().join("bad.md"), b"# T\n\nok \xff\xfe").unwrap();
    let o = rbc(dir.path(), &["build", ".", "-o", "dist"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[F002]"), "{err}");
    assert!(err.contains("--> bad.md:3:4"), "{err}");
    assert!(err.contains("built 3 runbooks from 3 files"), "{err}");
    for i in 1..=3 {
        assert!(dir
            .path()
            .join(format!("dist/json/RB-{i:03}.json"))
            .is_file());
    }
    // A path given on the command line that does not exist still stops it.
    let before = std::fs::read(dir.path().join("dist/json/corpus.json")).unwrap();
    let o = rbc(dir.path(), &["build", "no-such-folder", "-o", "dist"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no-such-folder"), "{}", stderr(&o));
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

#[test]
fn a_path_without_markdown_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/notes.txt"), "not Markdown\n").unwrap();
    for cmd in [&["check", "docs"][..], &["build", "docs", "-o", "dist"]] {
        let o = rbc(dir.path(), cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", stderr(&o));
        assert!(
            stderr(&o)
                .contains("error: no Markdown files in 'docs' (pass --allow-empty to accept that)"),
            "{cmd:?}: {}",
            stderr(&o)
        );
        assert!(!dir.path().join("dist").exists(), "nothing is built");
        let mut allowed = cmd.to_vec();
        allowed.push("--allow-empty");
        let o = rbc(dir.path(), &allowed);
        assert_eq!(o.status.code(), Some(0), "{allowed:?}: {}", stderr(&o));
    }
    // One empty path among good ones is still an error: it names that path.
    std::fs::create_dir(dir.path().join("runbooks")).unwrap();
    std::fs::write(dir.path().join("runbooks/a.md"), GOOD_ONE).unwrap();
    let o = rbc(dir.path(), &["check", "runbooks", "docs"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("'docs'"), "{}", stderr(&o));
    assert_eq!(
        rbc(dir.path(), &["check", "runbooks"]).status.code(),
        Some(0)
    );
    // Files all left out by the configuration count as none, and the message says why.
    std::fs::write(
        dir.path().join("runbooks.yaml"),
        "exclude: [\"runbooks/**\"]\n",
    )
    .unwrap();
    let o = rbc(dir.path(), &["check", "runbooks"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("that the configuration's `include`/`exclude` keep (1 left out)"),
        "{}",
        stderr(&o)
    );
}

/// `rbc` with the debug-only panic trigger (`RBC_DEBUG_PANIC`, see `rbc::contain`).
fn rbc_panicking(dir: &std::path::Path, trigger: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rbc"))
        .args(args)
        .current_dir(dir)
        .env("RBC_DEBUG_PANIC", trigger)
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap()
}

#[test]
fn a_panic_on_one_file_is_an_internal_error_and_the_others_are_built() {
    if !cfg!(debug_assertions) {
        return; // the trigger exists only in debug builds
    }
    let dir = tempfile::tempdir().unwrap();
    good_files(dir.path(), 3);
    // One missing section (S001) besides, to see a file-scope rule keep its findings.
    std::fs::write(
        dir.path().join("RB-002.md"),
        "# RB-002: No resolution\n\n## Symptoms\n\n- s\n\n## Diagnosis\n\n```bash\n# d\nkubectl get nodes\n```\n\nSee RB-404.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("boom.md"),
        GOOD_ONE
            .replace("RB-001: One", "RB-009: Boom")
            .replace("## Resolution", "## Notes"),
    )
    .unwrap();

    // The parse of boom.md fails: it is left out, every other file is checked and built.
    let o = rbc_panicking(
        dir.path(),
        "parse:boom.md",
        &["check", "--format", "short", "."],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains(
            "boom.md:1:1: error[F006] rbc failed while parsing `boom.md` (panicked at src/"
        ),
        "{out}"
    );
    assert!(out.contains("please report it"), "{out}");
    assert!(out.contains("RB-002.md:1:1: error[S001]"), "{out}");
    assert!(out.contains("RB-002.md:14:5: error[L003]"), "{out}");
    assert!(!out.contains("boom.md:1:1: error[S001]"), "{out}");
    // Captured: the default panic message is not printed.
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let b = rbc_panicking(dir.path(), "parse:boom.md", &["build", ".", "-o", "dist"]);
    assert_eq!(b.status.code(), Some(2), "{}", stderr(&b));
    assert!(stderr(&b).contains("error[F006]"), "{}", stderr(&b));
    for i in 1..=3 {
        assert!(dir
            .path()
            .join(format!("dist/json/RB-{i:03}.json"))
            .is_file());
    }
    assert!(!dir.path().join("dist/json/RB-009.json").exists());

    // A file-scope rule fails on boom.md: its findings elsewhere are kept.
    let o = rbc_panicking(
        dir.path(),
        "rule:S001:boom.md",
        &["check", "--format", "short", "."],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains("boom.md:1:1: error[F006] rule S001 (missing-section) failed on `boom.md`"),
        "{out}"
    );
    assert!(out.contains("RB-002.md:1:1: error[S001]"), "{out}");
    assert!(!out.contains("boom.md:1:1: error[S001]"), "{out}");
    assert!(out.contains("RB-002.md:14:5: error[L003]"), "{out}");
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));

    // A cross-file rule fails: named, its findings left out, the other rules ran.
    let o = rbc_panicking(
        dir.path(),
        "rule:L003:boom.md",
        &["check", "--format", "short", "."],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains("error[F006] rule L003 (unknown-runbook-reference) failed on `boom.md`"),
        "{out}"
    );
    assert!(!out.contains("[L003]"), "{out}");
    assert!(out.contains("RB-002.md:1:1: error[S001]"), "{out}");

    // Neither a level nor a suppression hides it.
    std::fs::write(
        dir.path().join("runbooks.yaml"),
        "rules:\n  internal-error: off\n",
    )
    .unwrap();
    let o = rbc_panicking(dir.path(), "parse:boom.md", &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`internal-error` reports a bug in rbc"),
        "{}",
        stderr(&o)
    );
}

/// A build given an absolute path, as CI systems do, shows paths relative to the corpus
/// root: no byte of the output holds the absolute path, and the output is the same,
/// page names and all, as a build from the repository with a relative path. Findings
/// keep the path as the user gave it.
#[test]
fn an_absolute_input_path_leaves_no_trace_in_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let base = std::fs::canonicalize(tmp.path()).unwrap();
    let repo = base.join("build/repo");
    let input = repo.join("content/runbooks");
    copy_files(&root().join("runbooks-md"), &input);
    std::fs::create_dir_all(input.join("db")).unwrap();
    std::fs::write(
        input.join("db/Replica Lag.md"),
        GOOD_ONE.replace("RB-001: One", "RB-101: Replica lag"),
    )
    .unwrap();
    let abs = input.to_str().unwrap();
    let elsewhere = base.join("ci");
    std::fs::create_dir_all(&elsewhere).unwrap();

    let a = rbc(&elsewhere, &["build", abs, "-o", "dist"]);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    let r = rbc(&repo, &["build", "content/runbooks", "-o", "dist"]);
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));

    let built = files_of(&elsewhere.join("dist"));
    assert!(built.len() > 50, "{}", built.len());
    let needles = [abs.to_string(), base.to_str().unwrap().to_string()];
    for (name, bytes) in &built {
        for n in &needles {
            assert!(
                !bytes.windows(n.len()).any(|w| w == n.as_bytes()),
                "dist/{name} contains `{n}`"
            );
        }
    }
    // Same names, same bytes.
    let relative = files_of(&repo.join("dist"));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&built), names(&relative));
    for ((n, a), (_, b)) in built.iter().zip(&relative) {
        assert!(
            a == b,
            "dist/{n} differs between the absolute and the relative build"
        );
    }
    assert!(built.iter().any(|(n, _)| n == "doc/INCIDENT_RESPONSE.html"));
    assert!(built.iter().any(|(n, _)| n == "doc/db-Replica-Lag.html"));
    let page = String::from_utf8_lossy(
        &built
            .iter()
            .find(|(n, _)| n.starts_with("RB-001-"))
            .unwrap()
            .1,
    )
    .into_owned();
    assert!(page.contains("Source: INCIDENT_RESPONSE.md:36"), "{page}");
    let script = String::from_utf8_lossy(
        &built
            .iter()
            .find(|(n, _)| n.starts_with("scripts/RB-101-"))
            .unwrap()
            .1,
    )
    .into_owned();
    assert!(
        script.contains("# Generated by rbc from db/Replica Lag.md:1."),
        "{script}"
    );
    assert!(
        script.contains("RBC_SOURCE='db/Replica Lag.md:1'"),
        "{script}"
    );
    let json = String::from_utf8_lossy(
        &built
            .iter()
            .find(|(n, _)| n == "json/RB-101.json")
            .unwrap()
            .1,
    )
    .into_owned();
    assert!(
        json.contains("\"document\":\"db/Replica Lag.md\""),
        "{json}"
    );

    // Findings keep what the user typed.
    std::fs::write(
        input.join("db/broken.md"),
        "# RB-102: Broken\n\nSee RB-404.\n",
    )
    .unwrap();
    let o = rbc(&elsewhere, &["check", "--format", "short", abs]);
    assert!(
        stdout(&o).contains(&format!("{abs}/db/broken.md:1:1: error[S001]")),
        "{}",
        stdout(&o)
    );
    let o = rbc(&repo, &["check", "--format", "short", "content/runbooks"]);
    assert!(
        stdout(&o).contains("\ncontent/runbooks/db/broken.md:1:1: error[S001]")
            || stdout(&o).starts_with("content/runbooks/db/broken.md:1:1: error[S001]"),
        "{}",
        stdout(&o)
    );
    let o = rbc(&repo, &["show", "RB-101", "content/runbooks"]);
    assert!(
        stdout(&o).contains("source: content/runbooks/db/Replica Lag.md:1"),
        "{}",
        stdout(&o)
    );
}

/// `edit_url` turns the site's Source links into links to the repository host, with
/// the path from the repository root (the folder with `.git`), percent-encoded.
#[test]
fn edit_url_links_sources_to_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let input = repo.join("content/runbooks");
    std::fs::create_dir_all(input.join("db")).unwrap();
    std::fs::write(
        input.join("db/Replica Lag.md"),
        GOOD_ONE.replace("# RB-001: One", "Intro.\n\n# RB-101: Replica lag"),
    )
    .unwrap();
    std::fs::write(
        input.join("runbooks.yaml"),
        "edit_url: https://git.example/org/repo/blob/main/{path}#L{line}\n",
    )
    .unwrap();
    // (minijinja writes `/` in attributes and text as `&#x2f;`.)
    let page = |dist: &str, name: &str| {
        std::fs::read_to_string(repo.join(dist).join(name))
            .unwrap()
            .replace("&#x2f;", "/")
    };
    // No repository: the path from the corpus root.
    let o = rbc(&repo, &["build", "content/runbooks", "-o", "plain"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(page("plain", "RB-101-replica-lag.html").contains(
        "href=\"https://git.example/org/repo/blob/main/db/Replica%20Lag.md#L3\">Source: db/Replica Lag.md:3</a>"
    ));
    // In a repository: the path from its root.
    std::fs::create_dir(repo.join(".git")).unwrap();
    let o = rbc(&repo, &["build", "content/runbooks", "-o", "dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rb = page("dist", "RB-101-replica-lag.html");
    assert!(
        rb.contains("href=\"https://git.example/org/repo/blob/main/content/runbooks/db/Replica%20Lag.md#L3\">Source: db/Replica Lag.md:3</a>"),
        "{rb}"
    );
    let doc = page("dist", "doc/db-Replica-Lag.html");
    assert!(
        doc.contains("href=\"https://git.example/org/repo/blob/main/content/runbooks/db/Replica%20Lag.md#L1\">Source: db/Replica Lag.md</a>"),
        "{doc}"
    );
    // Without it, the site's own source pages.
    std::fs::write(input.join("runbooks.yaml"), "").unwrap();
    let o = rbc(&repo, &["build", "content/runbooks", "-o", "own"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(page("own", "RB-101-replica-lag.html")
        .contains("href=\"src/db-Replica-Lag.html#L3\">Source: db/Replica Lag.md:3</a>"));
    // Not an http(s) URL with {path}: a configuration error.
    std::fs::write(
        input.join("runbooks.yaml"),
        "edit_url: 'javascript:alert(1)'\n",
    )
    .unwrap();
    let o = rbc(&repo, &["build", "content/runbooks", "-o", "own"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("runbooks.yaml:1:1: `edit_url` must be"),
        "{}",
        stderr(&o)
    );
}

/// `rbc build` checks without holding the whole model, then parses each part of the
/// corpus again to write its outputs (`Project::emit_parts`): every file must be the
/// one the whole model writes, byte for byte, with parts down to one document, on the
/// layouts, the alert corpus (its `runbooks.yaml` reads rule files), the example
/// corpus, and every rule's fixture (command errors left out of the scripts).
#[test]
fn build_a_part_at_a_time_writes_what_the_whole_model_writes() {
    let theme = rbc::emit::site::Theme::load(None).unwrap();
    let mut compared = 0;
    for dir in [
        "runbooks-md",
        "tests/fixtures/shapes",
        "tests/fixtures/alerts",
        "tests/fixtures/rules",
    ] {
        let paths = [root().join(dir)];
        let config = root().join(dir).join("runbooks.yaml");
        let config = config.exists().then_some(config);
        let whole = rbc::Project::open(&paths, config.as_deref(), None).unwrap();
        let errors = whole.command_errors(&whole.check());
        let (expected, _) = whole.outputs_with(&errors, &theme).unwrap();
        for part_bytes in [1, 4096, usize::MAX] {
            let mut slim =
                rbc::Project::open_for_check(&paths, config.as_deref(), None, &[]).unwrap();
            let errors = slim.command_errors(&slim.check());
            let got = rbc::emit::Collect::default();
            slim.emit_parts_of(&errors, &theme, &got, part_bytes)
                .unwrap();
            let got = got.into_sorted();
            let names = |v: &[rbc::emit::OutputFile]| -> Vec<String> {
                v.iter().map(|f| f.path.display().to_string()).collect()
            };
            assert_eq!(
                names(&got),
                names(&expected),
                "{dir}, parts of {part_bytes}"
            );
            for (g, e) in got.iter().zip(&expected) {
                assert!(
                    g.bytes == e.bytes && g.executable == e.executable,
                    "{dir}, parts of {part_bytes}: {} differs",
                    g.path.display()
                );
            }
            compared += got.len();
        }
    }
    assert!(compared > 500, "only {compared} files compared");
}

/// A page that holds no runbook (a helper page of openshift/runbooks) yields no script:
/// its command errors are `rbc check`'s, and the build publishes the rest.
#[test]
fn a_command_error_on_a_page_without_runbooks_does_not_stop_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("rb");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(
        src.join("rb.md"),
        "# RB-901: Fine\n\n## Symptoms\n\n- x\n\n## Diagnosis\n\n```bash\nkubectl get pods -n shop\n```\n\n## Resolution\n\n```bash\nkubectl get pods -n shop\n```\n",
    )
    .unwrap();
    std::fs::write(
        src.join("helpers.md"),
        "# Helpers\n\n```bash\nkubectl get pods --bogus\n```\n",
    )
    .unwrap();
    let check = rbc(&src, &["check", "--format", "short", "."]);
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    assert!(
        stdout(&check).contains("helpers.md:4:18: error[K002]"),
        "{}",
        stdout(&check)
    );
    let out = dir.path().join("dist");
    // Published, and failed as `rbc check` fails (exit 1), as any error that does not
    // stop a build.
    let b = rbc(&src, &["build", "-o", out.to_str().unwrap(), "."]);
    assert_eq!(b.status.code(), Some(1), "{}", stderr(&b));
    assert!(!stderr(&b).contains("build stopped"), "{}", stderr(&b));
    assert!(out.join("index.html").is_file());
    assert!(out.join("scripts").read_dir().unwrap().count() >= 1);
    // An error on a runbook's command holds back that runbook's script only.
    std::fs::write(
        src.join("rb2.md"),
        "# RB-900: Bad\n\n## Symptoms\n\n- x\n\n## Diagnosis\n\n```bash\nkubectl get pods --bogus\n```\n\n## Resolution\n\n```bash\nkubectl get pods\n```\n",
    )
    .unwrap();
    let b = rbc(&src, &["build", "-o", out.to_str().unwrap(), "."]);
    assert_eq!(b.status.code(), Some(1), "{}", stderr(&b));
    assert!(
        stderr(&b).contains("no script for 1 runbook(s) whose commands have errors: RB-900"),
        "{}",
        stderr(&b)
    );
    assert!(out.join("RB-900-bad.html").is_file());
    assert!(!out.join("scripts/RB-900-bad.sh").exists());
}
