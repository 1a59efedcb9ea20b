//! The book (`book/src`): rbc's own check finds nothing in it.

use super::common::*;

/// `rbc check book/src`, with the book's `runbooks.yaml` (the pages are a user guide:
/// the runbook IDs they mention are examples). Nested fences that turned the rest of a
/// page into code were F003 here.
#[test]
fn rbc_finds_nothing_in_the_book() {
    let p = project(&["book/src"]);
    assert_eq!(
        p.settings.path.as_deref(),
        Some(std::path::Path::new("book/runbooks.yaml"))
    );
    assert!(p.loaded.corpus.documents.len() > 50, "the book was read");
    let diags = p.check();
    let text: Vec<_> = diags.iter().map(rbc::diagnostic::render_short).collect();
    assert!(diags.is_empty(), "book/src:\n{}", text.join("\n"));
}
