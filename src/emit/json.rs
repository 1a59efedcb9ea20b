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

pub fn files(corpus: &Corpus) -> Vec<OutputFile> {
    let mut out = vec![OutputFile {
        path: "json/corpus.json".into(),
        bytes: to_json(corpus),
        executable: false,
    }];
    let stems = runbook_stems(corpus);
    for ((doc, rb), stem) in corpus.runbooks().zip(stems) {
        let file = RunbookFile {
            version: MODEL_VERSION,
            document: doc.path.clone(),
            runbook: rb.clone(),
        };
        out.push(OutputFile {
            path: format!("json/{stem}.json").into(),
            bytes: to_json(&file),
            executable: false,
        });
    }
    out
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
