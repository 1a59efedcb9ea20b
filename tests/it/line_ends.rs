//! The same runbooks saved with CRLF line ends (a Windows editor) give the same
//! findings, at the same lines and columns, and the same scripts.

use super::common::*;
use rbc::source::SourceFile;
use rbc::Project;

/// Every fixture folder and the example corpus.
fn folders() -> Vec<String> {
    let mut v = vec![
        "runbooks-md".to_string(),
        "tests/fixtures/seed".into(),
        "tests/fixtures/scripts".into(),
        "tests/fixtures/crossfile".into(),
        "tests/fixtures/site/hostile".into(),
    ];
    for parent in ["tests/fixtures/shapes", "tests/fixtures/rules"] {
        let mut dirs: Vec<String> = std::fs::read_dir(root().join(parent))
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| format!("{parent}/{}", e.file_name().to_string_lossy()))
            .collect();
        dirs.sort();
        v.extend(dirs);
    }
    v
}

fn findings(p: &Project) -> Vec<String> {
    p.check()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d.span.file, d.span.line, d.span.col, d.code, d.message
            )
        })
        .collect()
}

fn scripts(p: &Project) -> Vec<(String, String)> {
    let (files, _) = p
        .outputs_with(&[], &rbc::emit::site::Theme::load(None).unwrap())
        .unwrap();
    files
        .into_iter()
        .filter(|f| f.path.starts_with("scripts"))
        .map(|f| {
            let text = String::from_utf8(f.bytes).unwrap();
            (f.path.display().to_string(), text)
        })
        .collect()
}

#[test]
fn crlf_files_give_the_same_findings_and_scripts() {
    let mut compared = 0;
    for dir in folders() {
        let p = project(&[&dir]);
        let mut files: Vec<SourceFile> = p.loaded.sources.values().cloned().collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        // Files that are not UTF-8 or hold CRs already are not this test's business.
        files.retain(|f| !f.text.contains('\r'));
        let crlf: Vec<SourceFile> = files
            .iter()
            .map(|f| SourceFile::new(f.path.clone(), f.text.replace('\n', "\r\n")))
            .collect();
        let mut lf = Project::from_sources(p.settings.clone(), files);
        let mut cr = Project::from_sources(p.settings.clone(), crlf);
        // The two differ on disk by construction; the stamp is not under test here.
        lf.source_commit = Some("c".into());
        cr.source_commit = Some("c".into());
        assert_eq!(findings(&lf), findings(&cr), "{dir}");
        for ((name, a), (_, b)) in scripts(&lf).iter().zip(&scripts(&cr)) {
            let diff: Vec<_> = a
                .lines()
                .zip(b.lines())
                .filter(|(x, y)| x != y)
                .take(3)
                .collect();
            assert!(a == b, "{dir}: {name}: {diff:?}");
        }
        compared += lf.loaded.corpus.runbooks().count();
    }
    assert!(compared > 40, "only {compared} runbooks compared");
}
