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
