//! The JSON model: `json/corpus.json` and one `json/<ID>.json` per runbook.

use super::layout::Layout;
use super::OutputFile;
use crate::model::{Alert, Corpus, CorpusIndex, RunbookFile, RunbookRef, MODEL_VERSION};

pub fn to_json<T: serde::Serialize>(v: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(v).expect("the model always serialises");
    bytes.push(b'\n');
    bytes
}

/// `json/<ID>.json` for each runbook of `corpus.documents[range]`, which the site links
/// to (the site is the output folder itself). Returns their documents' entries of
/// `corpus.json` (see [`index_head`]), after a comma unless `first`.
pub fn write_part(
    corpus: &Corpus,
    layout: &Layout,
    range: std::ops::Range<usize>,
    first: bool,
    sink: &dyn super::Sink,
) -> std::io::Result<Vec<u8>> {
    use rayon::prelude::*;
    let mut index = Vec::new();
    for di in range.clone() {
        let doc = &corpus.documents[di];
        let refs: Vec<RunbookRef> = doc
            .runbooks
            .iter()
            .zip(layout.files_of(di))
            .map(|(rb, f)| RunbookRef {
                id: rb.id.clone(),
                title: rb.title.clone(),
                span: rb.span.clone(),
                json: f.json.trim_start_matches("json/").to_string(),
            })
            .collect();
        if !(first && di == range.start) {
            index.push(b',');
        }
        serde_json::to_writer(&mut index, &doc.with_runbooks(refs))
            .expect("the model always serialises");
    }
    layout
        .runbooks_in(corpus, range)
        .par_iter()
        .try_for_each(|(_, doc, rb, files)| {
            let file = RunbookFile {
                version: MODEL_VERSION,
                document: doc.path.clone(),
                runbook: (*rb).clone(),
                alerts: corpus.alerts_for(&rb.id).cloned().collect(),
            };
            // Compact, like corpus.json: 40 % smaller than pretty-printed, and the
            // site serves it (`jq .` prints it readably).
            let mut bytes = serde_json::to_vec(&file).expect("the model always serialises");
            bytes.push(b'\n');
            sink.put(OutputFile {
                path: files.json.clone().into(),
                bytes,
                executable: false,
            })
        })?;
    Ok(index)
}

/// `json/corpus.json` is a [`CorpusIndex`]: each document with its runbooks as
/// [`RunbookRef`]s to their own files (every runbook is written once), in the field
/// order of [`CorpusIndex`], compact (it is for programs, and large). It is written as
/// the build goes: this head, the documents' entries of each part ([`write_part`]),
/// then [`index_tail`].
pub fn index_head(w: &mut dyn std::io::Write) -> std::io::Result<()> {
    write!(w, "{{\"version\":{MODEL_VERSION},\"documents\":[")
}

/// The end of `corpus.json` (see [`index_head`]), with the corpus's alerts.
pub fn index_tail(alerts: &[Alert], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    w.write_all(b"]")?;
    if !alerts.is_empty() {
        w.write_all(b",\"alerts\":")?;
        serde_json::to_writer(&mut *w, alerts).map_err(std::io::Error::other)?;
    }
    w.write_all(b"}\n")
}

/// The JSON Schemas rbc publishes, by file name under `schema/`.
pub fn schemas() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "corpus.schema.json",
            to_json(&schemars::schema_for!(CorpusIndex)),
        ),
        (
            "runbook.schema.json",
            to_json(&schemars::schema_for!(RunbookFile)),
        ),
        (
            "findings.schema.json",
            to_json(&schemars::schema_for!(crate::report::FindingsReport)),
        ),
        (
            "config.schema.json",
            to_json(&schemars::schema_for!(crate::config::Config)),
        ),
    ]
}
