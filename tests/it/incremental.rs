//! Incremental re-checking (`rbc::incremental::Session`) gives what a full check gives.

use crate::common::{in_root, root};
use rbc::check::{self, Scope};
use rbc::diagnostic::render_short;
use rbc::incremental::Session;
use rbc::Project;
use std::path::{Path, PathBuf};

fn short(diags: &[rbc::diagnostic::Diagnostic]) -> Vec<String> {
    diags.iter().map(render_short).collect()
}

fn open(dir: &Path) -> Project {
    Project::open(&[dir.to_path_buf()], None, None).unwrap()
}

/// A rule marked `Scope::File` must find on a file alone what it finds on that file
/// in the whole corpus; otherwise an incremental check would miss or keep findings.
#[test]
fn file_scope_rules_only_read_their_file() {
    in_root();
    let mut compared = 0;
    for dir in [
        "runbooks-md",
        "tests/fixtures/rules",
        "tests/fixtures/crossfile",
        "tests/fixtures/seed",
    ] {
        let p = Project::open(&[PathBuf::from(dir)], None, None).unwrap();
        let ctx = check::Context {
            corpus: &p.loaded.corpus,
            settings: &p.settings,
            sources: &p.loaded.sources,
            on_disk: None,
        };
        let whole = check::run_scoped(&ctx, Some(Scope::File));
        for doc in &p.loaded.corpus.documents {
            let single = rbc::model::Corpus::new(vec![doc.clone()]);
            let ctx1 = check::Context {
                corpus: &single,
                settings: &p.settings,
                sources: &p.loaded.sources,
                on_disk: None,
            };
            let mut alone = short(&check::run_scoped(&ctx1, Some(Scope::File)));
            let mut within: Vec<String> = short(
                &whole
                    .iter()
                    .filter(|d| &*d.span.file == doc.path.as_str())
                    .cloned()
                    .collect::<Vec<_>>(),
            );
            alone.sort();
            within.sort();
            assert_eq!(alone, within, "{}", doc.path);
            compared += 1;
        }
    }
    assert!(compared > 40, "only {compared} documents compared");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn session_matches_a_full_check_after_edits() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("rb");
    copy_dir(&root().join("runbooks-md"), &dir);
    let mut s = Session::new(open(&dir));
    assert_eq!(short(&s.check()), short(&open(&dir).check()));
    assert!(s.check().is_empty());

    let ir = dir.join("INCIDENT_RESPONSE.md");
    let text = std::fs::read_to_string(&ir).unwrap();
    // A file-scope finding (an unknown flag), and a corpus-scope one: the heading other
    // files link to is renamed.
    let edited = text
        .replacen(
            "kubectl get pods -n erlmcp-prod",
            "kubectl get pods --namespce erlmcp-prod",
            1,
        )
        .replacen(
            "## Runbook: RB-003 - High CPU Usage",
            "## Runbook: RB-003 - High CPU Load",
            1,
        );
    assert_ne!(edited, text);
    std::fs::write(&ir, &edited).unwrap();
    // A new file that duplicates an ID, and a removed file.
    std::fs::write(
        dir.join("NEW.md"),
        "## Runbook: RB-001 - Twice\n\n### Symptoms\n- x\n",
    )
    .unwrap();
    std::fs::remove_file(dir.join("SESSION_FAILOVER.md")).unwrap();

    let changed = s.refresh(std::slice::from_ref(&dir), None);
    assert_eq!(changed.len(), 3, "{changed:?}");
    let full = open(&dir).check();
    let codes: Vec<&str> = full.iter().map(|d| d.code).collect();
    for code in ["K002", "L002", "S003"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert_eq!(short(&s.check()), short(&full));

    // Back to the original: clean again.
    std::fs::write(&ir, &text).unwrap();
    std::fs::remove_file(dir.join("NEW.md")).unwrap();
    copy_dir(&root().join("runbooks-md"), &dir);
    s.refresh(std::slice::from_ref(&dir), None);
    assert_eq!(short(&s.check()), short(&open(&dir).check()));
    assert!(s.check().is_empty(), "{:?}", short(&s.check()));
}

/// Every finding with its labels, help and fix, as JSON: what the session must give
/// exactly as a full check does.
fn whole(diags: &[rbc::diagnostic::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| serde_json::to_string(d).unwrap())
        .collect()
}

/// Apply `edit` to a file on disk, let the session see it, and compare with a fresh
/// full check of the same files.
fn step(s: &mut Session, dir: &Path, what: &str) -> Vec<rbc::diagnostic::Diagnostic> {
    s.refresh(&[dir.to_path_buf()], None);
    let full = open(dir).check();
    assert_eq!(whole(&s.check()), whole(&full), "after: {what}");
    full
}

fn edit(path: &Path, f: impl FnOnce(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let new = f(&text);
    assert_ne!(new, text, "the edit of {} changed nothing", path.display());
    std::fs::write(path, new).unwrap();
}

/// The edits of the cross-file rules' inputs: an ID, a link, an anchor, a file's name,
/// the index, the severity table; each compared with a full check.
#[test]
fn session_keeps_cross_file_findings_exact() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("rb");
    copy_dir(&root().join("runbooks-md"), &dir);
    copy_dir(&root().join("tests/fixtures/crossfile"), &dir.join("sub"));
    // A page of links and no runbook IDs: only its links tie it to other files.
    std::fs::write(
        dir.join("links.md"),
        "# Links\n\n- [Levels](INCIDENT_RESPONSE.md#incident-severity-levels)\n- [Notes](NOTES.md)\n- ![Map](img/map.png)\n",
    )
    .unwrap();
    let mut s = Session::new(open(&dir));
    let has = |found: &[rbc::diagnostic::Diagnostic], code: &str, file: &str| {
        found
            .iter()
            .any(|d| d.code == code && d.span.file.ends_with(file))
    };
    step(&mut s, &dir, "nothing");
    let ir = dir.join("INCIDENT_RESPONSE.md");
    let cf = dir.join("CASCADING_FAILURES.md");
    let readme = dir.join("README.md");

    // A one-line edit: only the file's own findings may change.
    edit(&cf, |t| format!("{t}\n- one more line\n"));
    step(&mut s, &dir, "a line appended");
    // Lines above the runbooks: every span after them moves (labels elsewhere too).
    edit(&ir, |t| format!("Intro.\n\n{t}"));
    step(&mut s, &dir, "a line inserted at the top");

    // Change an ID: RB-011 becomes RB-009, a duplicate; the index's row disagrees.
    edit(&cf, |t| t.replacen("RB-011", "RB-009", 1));
    let found = step(&mut s, &dir, "an ID changed to a duplicate");
    assert!(
        has(&found, "S003", "CASCADING_FAILURES.md") || has(&found, "S003", "DATABASE_FAILOVER.md"),
        "{:?}",
        short(&found)
    );
    edit(&cf, |t| t.replacen("RB-009", "RB-011", 1));
    step(&mut s, &dir, "the ID changed back");
    // An ID that nothing defines any more: mentions of it are unknown.
    edit(&cf, |t| t.replace("RB-011", "RB-911"));
    let found = step(&mut s, &dir, "an ID renamed everywhere in its file");
    assert!(has(&found, "L003", "README.md") || has(&found, "X002", "README.md"));
    edit(&cf, |t| t.replace("RB-911", "RB-011"));
    step(&mut s, &dir, "the ID renamed back");

    // Break and fix a link.
    edit(&readme, |t| {
        t.replacen("(DATABASE_FAILOVER.md)", "(DATABASE_FAILOVR.md)", 1)
    });
    let found = step(&mut s, &dir, "a link broken");
    assert!(has(&found, "L001", "README.md"), "{:?}", short(&found));
    edit(&readme, |t| {
        t.replacen("(DATABASE_FAILOVR.md)", "(DATABASE_FAILOVER.md)", 1)
    });
    step(&mut s, &dir, "the link fixed");

    // Break and fix an anchor, from the other side: the heading is renamed.
    edit(&ir, |t| {
        t.replacen("RB-003 - High CPU Usage", "RB-003 - High CPU Load", 1)
    });
    let found = step(&mut s, &dir, "a heading renamed");
    assert!(has(&found, "L002", "README.md"), "{:?}", short(&found));
    edit(&ir, |t| {
        t.replacen("RB-003 - High CPU Load", "RB-003 - High CPU Usage", 1)
    });
    step(&mut s, &dir, "the heading renamed back");

    // A heading that is no runbook, and a file that appears: only links lead to them.
    let found = step(&mut s, &dir, "the links page");
    assert!(has(&found, "L001", "links.md"), "{:?}", short(&found));
    edit(&ir, |t| {
        t.replacen("## Incident Severity Levels", "## Severity Levels", 1)
    });
    let found = step(&mut s, &dir, "a heading renamed that a page links to");
    assert!(has(&found, "L002", "links.md"), "{:?}", short(&found));
    let broken = |found: &[rbc::diagnostic::Diagnostic], target: &str| {
        found
            .iter()
            .any(|d| d.code == "L001" && d.message.contains(target))
    };
    assert!(broken(&found, "NOTES.md"), "{:?}", short(&found));
    std::fs::write(dir.join("NOTES.md"), "# Notes\n").unwrap();
    let found = step(&mut s, &dir, "the file a link leads to created");
    assert!(!broken(&found, "NOTES.md"), "{:?}", short(&found));
    edit(&ir, |t| {
        t.replacen("## Severity Levels", "## Incident Severity Levels", 1)
    });
    step(&mut s, &dir, "the heading back");
    // A file outside the corpus appears: no Markdown changed, the link is fine now.
    let found = step(&mut s, &dir, "before the image");
    assert!(broken(&found, "map.png"), "{:?}", short(&found));
    std::fs::create_dir_all(dir.join("img")).unwrap();
    std::fs::write(dir.join("img/map.png"), "png").unwrap();
    let found = step(&mut s, &dir, "the image a link leads to created");
    assert!(!broken(&found, "map.png"), "{:?}", short(&found));

    // Rename a file: the links to it break; back, they are fine.
    let moved = dir.join("CASCADE.md");
    std::fs::rename(&cf, &moved).unwrap();
    let found = step(&mut s, &dir, "a file renamed");
    assert!(has(&found, "L001", "README.md"), "{:?}", short(&found));
    std::fs::rename(&moved, &cf).unwrap();
    step(&mut s, &dir, "the file renamed back");

    // The index: a row removed (a runbook not indexed), a row's severity changed.
    edit(&readme, |t| {
        t.lines()
            .filter(|l| !l.contains("[RB-010]"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let found = step(&mut s, &dir, "an index row removed");
    assert!(
        has(&found, "X004", "NETWORK_PARTITION.md"),
        "{:?}",
        short(&found)
    );
    // A row with two links lists the runbook of the first that leads to one: when
    // that file gets a second runbook, the row lists the other file's instead.
    edit(&readme, |t| {
        t.replacen(
            "SESSION_FAILOVER.md) |\n",
            "SESSION_FAILOVER.md) |\n| [RB-009](DATABASE_FAILOVER.md) [RB-010](NETWORK_PARTITION.md) | x | SEV-1 | x |\n",
            1,
        )
    });
    let found = step(&mut s, &dir, "a row with two links");
    assert!(
        has(&found, "X004", "NETWORK_PARTITION.md"),
        "{:?}",
        short(&found)
    );
    edit(&dir.join("DATABASE_FAILOVER.md"), |t| {
        format!("{t}\n# RB-098: Another\n\n## Symptoms\n- x\n")
    });
    let found = step(&mut s, &dir, "the row's first file gets a second runbook");
    assert!(
        !has(&found, "X004", "NETWORK_PARTITION.md"),
        "{:?}",
        short(&found)
    );
    // The severity table: a level the runbooks use is gone.
    edit(&ir, |t| {
        t.replacen("| SEV-3 | Medium", "| SEV-7 | Medium", 1)
    });
    let found = step(&mut s, &dir, "a severity level renamed");
    assert!(
        has(&found, "X005", "INCIDENT_RESPONSE.md"),
        "{:?}",
        short(&found)
    );

    // A file with one runbook gets a second one: links without an anchor lead nowhere.
    edit(&dir.join("SESSION_FAILOVER.md"), |t| {
        format!("{t}\n## Runbook: RB-099 - Another\n\n### Symptoms\n- x\n")
    });
    step(&mut s, &dir, "a second runbook in a file");
}

/// Random edits of random files (a fixed seed), each compared with a full check.
#[test]
fn session_matches_full_checks_through_random_edits() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("rb");
    copy_dir(&root().join("runbooks-md"), &dir);
    copy_dir(&root().join("tests/fixtures/crossfile"), &dir.join("sub"));
    let mut s = Session::new(open(&dir));
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rand = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    let originals: Vec<(PathBuf, String)> = ["", "sub"]
        .iter()
        .flat_map(|sub| std::fs::read_dir(dir.join(sub)).unwrap().flatten())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let t = std::fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .collect();
    let mut steps = 0;
    for i in 0..60 {
        let (path, original) = &originals[rand(originals.len())];
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let at = rand(lines.len());
        let (what, new) = match rand(9) {
            0 => ("an ID changed", {
                let id = format!("RB-{:03}", 1 + rand(14));
                match text.find("RB-0") {
                    Some(p) if p + 6 <= text.len() => {
                        format!("{}{id}{}", &text[..p], &text[p + 6..])
                    }
                    _ => continue,
                }
            }),
            1 => ("a line inserted", {
                let mut l = lines.clone();
                l.insert(at, "- inserted");
                l.join("\n")
            }),
            2 => ("a line removed", {
                let mut l = lines.clone();
                if !l.is_empty() {
                    l.remove(at);
                }
                l.join("\n")
            }),
            3 => ("a line doubled", {
                let mut l = lines.clone();
                if let Some(x) = l.get(at).copied() {
                    l.insert(at, x);
                }
                l.join("\n")
            }),
            4 => (
                "a heading changed",
                text.replacen("## ", "## Changed ", 1 + rand(2)),
            ),
            5 => ("a link target changed", {
                let from = [".md)", ".md#", "#runbook-", "](#"][rand(4)];
                text.replacen(from, &format!("x{from}"), 1)
            }),
            6 => ("the file removed", String::new()),
            7 => ("the file restored", original.clone()),
            _ => ("a severity changed", text.replacen("SEV-", "SEV-1", 1)),
        };
        if new.is_empty() {
            let _ = std::fs::remove_file(path);
        } else {
            std::fs::write(path, &new).unwrap();
        }
        step(
            &mut s,
            &dir,
            &format!("step {i}: {what} in {}", path.display()),
        );
        steps += 1;
    }
    assert!(steps > 40, "only {steps} steps");
}
