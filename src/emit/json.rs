//! The JSON model: `json/corpus.json` and one `json/<ID>.json` per runbook.

use super::layout::{Layout, RunbookFiles};
use super::OutputFile;
use crate::model::{Corpus, CorpusIndex, RunbookFile, RunbookRef, MODEL_VERSION};

pub fn to_json<T: serde::Serialize>(v: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(v).expect("the model always serialises");
    bytes.push(b'\n');
    bytes
}

/// `json/corpus.json` and `json/<ID>.json` per runbook, which the site links to (the
/// site is the output folder itself). `corpus.json` lists each document's runbooks as
/// [`RunbookRef`]s, whose whole model is in their own file: every runbook is written
/// once. Compact JSON: these are for programs, and large.
pub fn write(corpus: &Corpus, layout: &Layout, sink: &dyn super::Sink) -> std::io::Result<()> {
    use rayon::prelude::*;
    sink.put_stream(std::path::Path::new("json/corpus.json"), &mut |w| {
        write_index(corpus, &layout.runbooks, w)
    })?;
    let runbooks: Vec<_> = corpus.runbooks().collect();
    runbooks
        .par_iter()
        .zip(layout.runbooks.par_iter())
        .try_for_each(|((doc, rb), files)| {
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
        })
}

/// `corpus.json`, a [`CorpusIndex`]: each document with its runbooks as references to
/// their files (`files`, in [`Corpus::runbooks`] order), streamed a document at a time
/// (the field order is [`CorpusIndex`]'s).
fn write_index(
    corpus: &Corpus,
    files: &[RunbookFiles],
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let err = std::io::Error::other;
    write!(w, "{{\"version\":{MODEL_VERSION},\"documents\":[")?;
    let mut files = files.iter();
    for (i, doc) in corpus.documents.iter().enumerate() {
        let refs: Vec<RunbookRef> = doc
            .runbooks
            .iter()
            .zip(&mut files)
            .map(|(rb, f)| RunbookRef {
                id: rb.id.clone(),
                title: rb.title.clone(),
                span: rb.span.clone(),
                json: f.json.trim_start_matches("json/").to_string(),
            })
            .collect();
        if i > 0 {
            w.write_all(b",")?;
        }
        serde_json::to_writer(&mut *w, &doc.with_runbooks(refs)).map_err(err)?;
    }
    w.write_all(b"]")?;
    if !corpus.alerts.is_empty() {
        w.write_all(b",\"alerts\":")?;
        serde_json::to_writer(&mut *w, &corpus.alerts).map_err(err)?;
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
