//! The JSON model: `json/corpus.json` and one `json/<ID>.json` per runbook.

use super::{safe_file_stem, OutputFile};
use crate::model::{Corpus, RunbookFile, MODEL_VERSION};
use std::collections::HashSet;

pub fn to_json<T: serde::Serialize>(v: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(v).expect("the model always serialises");
    bytes.push(b'\n');
    bytes
}

/// The file name each runbook's JSON (and script, page) gets: its ID, made safe,
/// with `-2`, `-3`… for IDs that collide.
pub fn runbook_stems(corpus: &Corpus) -> Vec<String> {
    let mut seen = HashSet::new();
    corpus
        .runbooks()
        .map(|(_, r)| {
            let base = safe_file_stem(&r.id);
            let mut stem = base.clone();
            let mut n = 1;
            while !seen.insert(stem.to_ascii_lowercase()) {
                n += 1;
                stem = format!("{base}-{n}");
            }
            stem
        })
        .collect()
}

/// `json/corpus.json` and `json/<ID>.json` per runbook, which the site also carries
/// (`site/json/`). Compact JSON: these are for programs, and large.
pub fn write(corpus: &Corpus, sink: &dyn super::Sink) -> std::io::Result<()> {
    use rayon::prelude::*;
    sink.put_stream(std::path::Path::new("json/corpus.json"), &mut |w| {
        serde_json::to_writer(&mut *w, corpus).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    let stems = runbook_stems(corpus);
    let runbooks: Vec<_> = corpus.runbooks().collect();
    runbooks
        .par_iter()
        .zip(stems.par_iter())
        .try_for_each(|((doc, rb), stem)| {
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
                path: format!("site/json/{stem}.json").into(),
                bytes: bytes.clone(),
                executable: false,
            })?;
            sink.put(OutputFile {
                path: format!("json/{stem}.json").into(),
                bytes,
                executable: false,
            })
        })
}

/// The JSON Schemas rbc publishes, by file name under `schema/`.
pub fn schemas() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "corpus.schema.json",
            to_json(&schemars::schema_for!(Corpus)),
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
