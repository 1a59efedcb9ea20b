//! Helpers for the cross-file rules: index tables and the runbooks their rows link to.

use crate::check::Context;
use crate::links;
use crate::model::{Block, DocSection, Document, Link, Runbook, TableRow};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Every block of a document, in document order (sections, runbook sections, steps).
pub fn all_blocks(doc: &Document) -> Vec<&Block> {
    fn sections<'a>(ss: &'a [DocSection], out: &mut Vec<&'a Block>) {
        for s in ss {
            out.extend(s.blocks.iter());
            sections(&s.children, out);
        }
    }
    let mut out: Vec<&Block> = doc.preamble.iter().collect();
    sections(&doc.sections, &mut out);
    for rb in &doc.runbooks {
        out.extend(rb.preamble.iter());
        for e in rb.extra.iter().chain(rb.diagnosis.iter()) {
            out.extend(e.steps.iter().flat_map(|s| s.blocks.iter()));
        }
        for l in rb.symptoms.iter().chain(rb.prevention.iter()) {
            out.extend(l.notes.iter());
        }
        if let Some(c) = &rb.causes {
            out.extend(c.notes.iter());
        }
        if let Some(r) = &rb.resolution {
            out.extend(r.intro.iter());
            out.extend(r.steps().iter().flat_map(|s| s.blocks.iter()));
            out.extend(
                r.cases()
                    .iter()
                    .flat_map(|c| c.steps.iter().flat_map(|s| s.blocks.iter())),
            );
        }
    }
    out.sort_by_key(|b| b.span().start);
    out
}

/// Finds a document of the corpus by its normalised path (see [`links::index`]).
pub type Find<'f, 'a> = &'f dyn Fn(&Path) -> Option<&'a Document>;

/// The runbook a link points at: `FILE#anchor`, or a file with exactly one runbook.
pub fn link_target<'a>(
    docs: &HashMap<PathBuf, &'a Document>,
    from: &'a Document,
    target: &str,
) -> Option<&'a Runbook> {
    link_target_in(&|p| docs.get(p).copied(), from, target)
}

/// [`link_target`], the documents found by `find`.
pub fn link_target_in<'a>(
    find: Find<'_, 'a>,
    from: &'a Document,
    target: &str,
) -> Option<&'a Runbook> {
    let rel = links::relative(target)?;
    let doc = if rel.path.is_empty() {
        from
    } else {
        find(&links::resolve(from, &rel.path))?
    };
    match rel.fragment.filter(|f| !f.is_empty()) {
        Some(f) => {
            let f = links::percent_decode(f).to_lowercase();
            doc.runbooks.iter().find(|r| r.anchor == f)
        }
        None if doc.runbooks.len() == 1 => doc.runbooks.first(),
        None => None,
    }
}

/// A row of an index table and the runbook it links to.
pub struct IndexRow<'a> {
    pub doc: &'a Document,
    pub row: &'a TableRow,
    pub header: &'a [String],
    pub runbook: &'a Runbook,
}

/// Rows of tables whose cells link to runbooks.
pub fn index_rows<'a>(ctx: &'a Context) -> Vec<IndexRow<'a>> {
    let docs = links::index(ctx.corpus);
    let find = |p: &Path| docs.get(p).copied();
    ctx.corpus
        .documents
        .iter()
        .flat_map(|doc| index_rows_of(&find, doc))
        .collect()
}

/// The rows of one document's tables that link to runbooks.
pub fn index_rows_of<'a>(find: Find<'_, 'a>, doc: &'a Document) -> Vec<IndexRow<'a>> {
    let mut out = Vec::new();
    for (t, row) in table_rows(doc) {
        let rb = row_links(doc, row).find_map(|l| link_target_in(find, doc, &l.target));
        if let Some(runbook) = rb {
            out.push(IndexRow {
                doc,
                row,
                header: &t.header,
                runbook,
            });
        }
    }
    out
}

/// Every row of every table of a document, with its table.
pub fn table_rows(doc: &Document) -> Vec<(&crate::model::Table, &TableRow)> {
    all_blocks(doc)
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .flat_map(|t| t.rows.iter().map(move |r| (t, r)))
        .collect()
}

/// The links of a document within a table row.
pub fn row_links<'a>(doc: &'a Document, row: &TableRow) -> impl Iterator<Item = &'a Link> {
    let (start, end) = (row.span.start, row.span.end);
    doc.links
        .iter()
        .filter(move |l| l.span.start >= start && l.span.end <= end)
}

/// Lower-case words, for comparing titles.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}
