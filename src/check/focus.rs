//! The corpus-scope rules whose findings sit on documents, run over some documents
//! only, looking the rest of the corpus up in kept [`Tables`]: what an incremental
//! session re-checks after a change. Each rule's `check_docs` is the one its full
//! check runs too.

use super::rules::*;
use super::tables::{key, Tables};
use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Document;
use crate::rule::Rule;

/// A corpus-scope rule run over some documents, the rest of the corpus looked up in
/// the tables.
pub struct ByDocument {
    pub rule: &'static Rule,
    check: fn(&Context<'_>, &Tables, &[&Document], &mut Vec<Diagnostic>),
}

/// The rules run by document; the other corpus-scope rules (those on alerts) run whole.
pub const BY_DOCUMENT: &[ByDocument] = &[
    LINKS,
    ByDocument {
        rule: &broken_anchor::RULE,
        check: |ctx, t, docs, out| {
            broken_anchor::check_docs(ctx, &|p| t.doc(ctx.corpus, p), docs, out)
        },
    },
    ByDocument {
        rule: &unknown_runbook_reference::RULE,
        check: |ctx, t, docs, out| {
            unknown_runbook_reference::check_docs(ctx, &|id| t.is_defined(id), docs, out)
        },
    },
    ByDocument {
        rule: &duplicate_runbook_id::RULE,
        check: |ctx, t, docs, out| {
            let first = |id: &str| t.defs(ctx.corpus, id).first().copied();
            duplicate_runbook_id::check_docs(ctx, &first, docs, out)
        },
    },
    ByDocument {
        rule: &index_mismatch::RULE,
        check: |ctx, t, docs, out| index_mismatch::check_docs(&|p| t.doc(ctx.corpus, p), docs, out),
    },
    ByDocument {
        rule: &conflicting_runbook_title::RULE,
        check: |ctx, t, docs, out| {
            let last = |id: &str| t.defs(ctx.corpus, id).last().copied();
            conflicting_runbook_title::check_docs(&last, docs, out)
        },
    },
    ByDocument {
        rule: &runbook_not_indexed::RULE,
        check: |ctx, t, docs, out| {
            let corpus = ctx.corpus;
            let indexed =
                |rb: &crate::model::Runbook| t.is_indexed(corpus, &key(&rb.span.file), rb);
            runbook_not_indexed::check_docs(ctx, t.index_doc(corpus), &indexed, docs, out)
        },
    },
    ByDocument {
        rule: &unknown_severity::RULE,
        check: |_, t, docs, out| unknown_severity::check_docs(&t.levels(), docs, out),
    },
];

/// Broken links (L001), which an incremental session also runs on the documents that
/// link out of the corpus.
pub const LINKS: ByDocument = ByDocument {
    rule: &broken_link::RULE,
    check: |ctx, t, docs, out| {
        broken_link::check_docs(ctx, &|p| t.doc(ctx.corpus, p).is_some(), docs, out)
    },
};

/// Whether `rule` is run by document.
pub fn is_by_document(rule: &Rule) -> bool {
    BY_DOCUMENT.iter().any(|b| b.rule.code == rule.code)
}

/// The findings of one rule on `docs`. Err when the rule panicked.
pub fn run(
    ctx: &Context,
    t: &Tables,
    by: &ByDocument,
    docs: &[&Document],
) -> Result<Vec<Diagnostic>, String> {
    crate::contain::catch(|| {
        let mut out = Vec::new();
        (by.check)(ctx, t, docs, &mut out);
        out
    })
}
