//! Incremental re-checking (`rbc::incremental::Session`) gives what a full check gives.

use crate::common::root;
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
    std::env::set_current_dir(root()).unwrap();
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
