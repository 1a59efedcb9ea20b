//! The user's own runbook file: the model rbc must build from it.

use super::common::*;
use rbc::model::{Block, DocSectionKind, ResolutionForm};

const SEED: &str = "tests/fixtures/seed/INCIDENT_RESPONSE.md";

#[test]
fn seven_runbooks_in_file_order() {
    let p = project(&[SEED]);
    let ids: Vec<_> = p
        .loaded
        .corpus
        .runbooks()
        .map(|(_, r)| r.id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["RB-001", "RB-002", "RB-003", "RB-004", "RB-005", "RB-006", "RB-007"]
    );
}

#[test]
fn rb001_shape() {
    let p = project(&[SEED]);
    let (_, rb) = p.loaded.corpus.find("RB-001").unwrap();
    assert_eq!(rb.title, "Pod CrashLoopBackOff");
    assert_eq!(rb.slug, "pod-crashloopbackoff");
    assert_eq!(rb.span.line, 34);
    assert_eq!(rb.symptoms.as_ref().unwrap().items.len(), 3);
    let diag: Vec<_> = rb
        .diagnosis
        .as_ref()
        .unwrap()
        .steps
        .iter()
        .flat_map(|s| s.commands())
        .collect();
    assert_eq!(diag.len(), 4);
    assert_eq!(
        diag.iter().map(|c| c.span.line).collect::<Vec<_>>(),
        [46, 49, 52, 55]
    );
    assert_eq!(diag[1].description.as_deref(), Some("Check pod logs"));
    assert_eq!(diag[1].placeholders[0].name, "pod-name");
    let causes = &rb.causes.as_ref().unwrap().causes;
    assert_eq!(causes.len(), 4);
    assert_eq!(causes[0].name, "Out of Memory");
    assert_eq!(causes[0].description, "Container OOMKilled");
    assert_eq!(causes[3].case, None, "Startup Timeout has no case");
    let cases = rb.resolution.as_ref().unwrap().cases();
    let shape: Vec<_> = cases
        .iter()
        .map(|c| (c.number, c.title.as_str(), c.commands().count(), c.cause))
        .collect();
    assert_eq!(
        shape,
        [
            (1, "Out of Memory", 2, Some(1)),
            (2, "Missing Configuration", 3, Some(2)),
            (3, "Dependency Failure", 2, Some(3)),
        ]
    );
    // The continuation line is part of the patch command; both lines are kept.
    let patch = cases[0].commands().nth(1).unwrap();
    assert_eq!(patch.lines, [74, 75]);
    assert!(patch.text.contains("--type='json' -p='[{"));
    assert_eq!(rb.prevention.as_ref().unwrap().items.len(), 4);
}

#[test]
fn rb006_direct_steps_and_extra_section() {
    let p = project(&[SEED]);
    let (_, rb) = p.loaded.corpus.find("RB-006").unwrap();
    let r = rb.resolution.as_ref().unwrap();
    assert!(matches!(r.form, ResolutionForm::Steps { .. }));
    assert!(r.cases().is_empty());
    assert_eq!(r.commands().count(), 4);
    assert_eq!(rb.extra.len(), 1);
    assert_eq!(rb.extra[0].head.title, "If Rollback Fails");
    assert_eq!(rb.extra[0].head.slug, "if-rollback-fails");
    let n: usize = rb.extra[0].steps.iter().map(|s| s.commands().count()).sum();
    assert_eq!(n, 4);
    assert!(rb.causes.is_none());
}

#[test]
fn rb007_is_an_ordered_procedure() {
    let p = project(&[SEED]);
    let (_, rb) = p.loaded.corpus.find("RB-007").unwrap();
    let r = rb.resolution.as_ref().unwrap();
    let ResolutionForm::Procedure { steps } = &r.form else {
        panic!("RB-007 should be a procedure: {:?}", r.form)
    };
    let titles: Vec<_> = steps
        .iter()
        .map(|s| (s.number, s.title.as_deref()))
        .collect();
    assert_eq!(
        titles,
        [
            (Some(1), Some("Identify Scope")),
            (Some(2), Some("Check Control Plane")),
            (Some(3), Some("Restore Services")),
            (Some(4), Some("Verify Recovery")),
        ]
    );
    let smoke = steps[3].commands().last().unwrap();
    assert_eq!(smoke.program.as_deref(), Some("./scripts/smoke-tests.sh"));
    assert_eq!(smoke.span.line, 465);
}

#[test]
fn every_command_has_its_line() {
    let p = project(&[SEED]);
    let src = rbc::diagnostic::source_of(&p.loaded.sources, SEED).unwrap();
    let mut n = 0;
    for (_, rb) in p.loaded.corpus.runbooks() {
        for c in rb.commands() {
            n += 1;
            let first_line = c.text.split(' ').next().unwrap();
            assert!(
                src.line_text(c.span.line)
                    .trim_start()
                    .starts_with(first_line),
                "command `{}` is not at line {}",
                c.text,
                c.span.line
            );
        }
    }
    assert!(n > 60, "only {n} commands");
}

#[test]
fn document_sections_are_typed() {
    let p = project(&[SEED]);
    let doc = &p.loaded.corpus.documents[0];
    assert_eq!(
        doc.title.as_deref(),
        Some("erlmcp v3 Incident Response Runbooks")
    );
    assert_eq!(doc.metadata["version"], "3.0.0");
    assert_eq!(doc.metadata["last_updated"], "2026-02-02");
    let severity = doc
        .sections
        .iter()
        .find_map(|s| match &s.kind {
            DocSectionKind::SeverityLevels { levels } => Some(levels),
            _ => None,
        })
        .expect("a severity table");
    assert_eq!(severity.len(), 4);
    assert_eq!(severity[0].level, "SEV-1");
    assert_eq!(severity[0].name, "Critical");
    assert_eq!(severity[0].response_time, "< 15 minutes");
    assert_eq!(severity[3].escalation, "Developer");
    let templates = doc
        .sections
        .iter()
        .find_map(|s| match &s.kind {
            DocSectionKind::Templates { templates } => Some(templates),
            _ => None,
        })
        .expect("templates");
    assert_eq!(templates.len(), 2);
    assert_eq!(templates[0].title, "Initial Incident Announcement");
    let names: Vec<_> = templates[0]
        .placeholders
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Brief Description",
            "What is affected",
            "Time",
            "Investigating/Mitigating/Monitoring",
            "Time",
            "ticket-number"
        ]
    );
    let esc = doc
        .sections
        .iter()
        .find_map(|s| match &s.kind {
            DocSectionKind::Escalation { procedures } => Some(procedures),
            _ => None,
        })
        .expect("escalation");
    assert_eq!(esc.len(), 3);
    assert_eq!(esc[0].entries[0].when.as_deref(), Some("0-5 min"));
    assert_eq!(esc[0].entries[0].action, "Page on-call engineer");
    let quick = doc
        .sections
        .iter()
        .find(|s| s.title == "Quick Links to Runbooks")
        .unwrap();
    match &quick.kind {
        DocSectionKind::Links { links } => assert_eq!(links.len(), 5),
        k => panic!("{k:?}"),
    }
    // Nothing dropped: the overview's prose is kept.
    let overview = doc.sections.iter().find(|s| s.title == "Overview").unwrap();
    assert!(matches!(overview.blocks[0], Block::Paragraph(_)));
}

#[test]
fn check_reports_broken_links_and_causes() {
    let p = project(&[SEED]);
    let diags = p.check();
    let l001: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "L001")
        .map(|d| d.span.line)
        .collect();
    assert_eq!(l001, [10, 15, 16, 19, 20, 23]);
    let s006: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "S006")
        .map(|d| d.message.clone())
        .collect();
    assert!(
        s006.iter()
            .any(|m| m.contains("Startup Timeout") && m.contains("RB-001")),
        "{s006:?}"
    );
    // DNS Failure matches "Case 2: DNS Issues" after normalisation.
    assert!(!s006.iter().any(|m| m.contains("DNS")), "{s006:?}");
}

#[test]
fn json_snapshot() {
    let p = project(&[SEED]);
    insta::assert_json_snapshot!("seed_corpus", p.loaded.corpus);
}
