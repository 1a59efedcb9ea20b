//! The committed JSON Schemas are current, and every emitted JSON file validates.

use super::common::*;

#[test]
fn committed_schemas_are_current() {
    for (name, bytes) in rbc::emit::json::schemas() {
        let committed = std::fs::read(root().join("schema").join(name)).unwrap_or_default();
        assert!(
            committed == bytes,
            "schema/{name} is stale; regenerate it with `cargo run -- schema --out-dir schema`"
        );
    }
}

#[test]
fn emitted_json_validates() {
    let corpus_v = schema_validator("corpus.schema.json");
    let runbook_v = schema_validator("runbook.schema.json");
    let mut checked = 0;
    for paths in [
        vec!["runbooks-md"],
        vec!["tests/fixtures/seed"],
        vec!["tests/fixtures/shapes/single"],
        vec!["tests/fixtures/shapes/labels"],
        vec!["tests/fixtures/shapes/prometheus"],
        vec!["tests/fixtures/shapes/frontmatter"],
    ] {
        let p = project(&paths);
        for f in p.outputs() {
            let Some(name) = f.path.to_str().filter(|n| n.starts_with("json/")) else {
                continue;
            };
            let v: serde_json::Value = serde_json::from_slice(&f.bytes).unwrap();
            let val = if name == "json/corpus.json" {
                &corpus_v
            } else {
                &runbook_v
            };
            let errors: Vec<String> = val
                .iter_errors(&v)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .take(5)
                .collect();
            assert!(errors.is_empty(), "{paths:?} {name}: {errors:?}");
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} files validated");
}

#[test]
fn json_round_trips() {
    let p = project(&["runbooks-md"]);
    let bytes = rbc::emit::json::to_json(&p.loaded.corpus);
    let back: rbc::model::Corpus = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(rbc::emit::json::to_json(&back), bytes);
}

#[test]
fn book_rule_pages_are_current() {
    for (name, text) in rbc::check::registry::book_pages() {
        let committed =
            std::fs::read_to_string(root().join("book/src/rules").join(&name)).unwrap_or_default();
        assert!(
            committed == text,
            "book/src/rules/{name} is stale; regenerate with `cargo run -- rules --book book/src/rules`"
        );
    }
}
