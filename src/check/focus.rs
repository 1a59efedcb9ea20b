//! The corpus-scope rules whose findings sit on documents, run over some documents
//! only, looking the rest of the corpus up in kept [`Tables`]: what an incremental
//! session re-checks after a change. Each rule's `check_docs` is the one its full
//! check runs too.

use super::rules::*;
use super::tables::{key, Tables};
use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Document;
use std::path::Path;

/// The codes of the rules run by document; the other corpus-scope rules (those on
/// alerts) run whole.
pub const BY_DOCUMENT: &[&str] = &[
    "L001", "L002", "L003", "S003", "X002", "X003", "X004", "X005",
];

/// The findings of rule `code` on `docs`. Err when the rule panicked.
pub fn run(
    ctx: &Context,
    t: &Tables,
    code: &str,
    docs: &[&Document],
) -> Result<Vec<Diagnostic>, String> {
    crate::contain::catch(|| {
        let corpus = ctx.corpus;
        let find = |p: &Path| t.doc(corpus, p);
        let mut out = Vec::new();
        match code {
            "L001" => broken_link::check_docs(ctx, &|p| find(p).is_some(), docs, &mut out),
            "L002" => broken_anchor::check_docs(ctx, &find, docs, &mut out),
            "L003" => {
                unknown_runbook_reference::check_docs(ctx, &|id| t.is_defined(id), docs, &mut out)
            }
            "S003" => duplicate_runbook_id::check_docs(
                ctx,
                &|id| t.defs(corpus, id).first().copied(),
                docs,
                &mut out,
            ),
            "X002" => index_mismatch::check_docs(&find, docs, &mut out),
            "X003" => conflicting_runbook_title::check_docs(
                &|id| t.defs(corpus, id).last().copied(),
                docs,
                &mut out,
            ),
            "X004" => {
                let indexed =
                    |rb: &crate::model::Runbook| t.is_indexed(corpus, &key(&rb.span.file), rb);
                runbook_not_indexed::check_docs(ctx, t.index_doc(corpus), &indexed, docs, &mut out)
            }
            "X005" => unknown_severity::check_docs(&t.levels(), docs, &mut out),
            other => unreachable!("{other} is not a rule run by document"),
        }
        out
    })
}
