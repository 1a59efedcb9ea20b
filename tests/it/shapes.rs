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
    assert_eq!(rb.extra[0].head.title, "Impact");
    assert!(p.check().is_empty(), "{:?}", p.check());
    insta::assert_json_snapshot!("shape_prometheus", p.loaded.corpus);
}

#[test]
fn without_the_config_the_aliases_do_not_apply() {
    std::env::set_current_dir(root()).unwrap();
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
