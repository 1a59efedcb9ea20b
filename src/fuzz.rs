//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`), here so that the test
//! suite runs the same code on the committed seeds and crash reproducers
//! (`tests/it/fuzz_regressions.rs`). Each panics on a broken invariant.

use crate::config::Settings;
use crate::source::SourceFile;
use std::path::{Component, Path};

/// A fuzz target: panics on a broken invariant.
pub type Target = fn(&[u8]);

/// The targets by name.
pub const TARGETS: &[(&str, Target)] = &[
    ("markdown", markdown),
    ("bash", bash),
    ("kubectl", kubectl),
    ("config", config),
    ("check", check),
];

/// Markdown → model; the model serialises to JSON and reads back.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = SourceFile::new("fuzz.md", text.to_string());
    let (doc, _) = crate::parse::document(&src, &Settings::default());
    let json = serde_json::to_string(&doc).expect("a model always serialises");
    spans_on_char_boundaries(text, &serde_json::from_str(&json).expect("JSON"));
    let back: crate::model::Document = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back.runbooks.len(), doc.runbooks.len());
    assert_eq!(
        serde_json::to_string(&back).expect("serialises"),
        json,
        "parse → JSON → parse is stable"
    );
}

/// Bash syntax errors (tree-sitter-bash, placeholders masked); positions inside the code.
pub fn bash(data: &[u8]) {
    let Ok(code) = std::str::from_utf8(data) else {
        return;
    };
    for e in crate::parse::bash::syntax_errors(code) {
        assert!(e.start <= e.end && e.end <= code.len(), "{e:?}");
    }
}

/// A shell line → words → the kubectl argv parser and validator.
pub fn kubectl(data: &[u8]) {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let words = crate::words::split(line);
    for w in &words {
        assert!(w.start <= w.end && w.end <= line.len());
    }
    let (k, inv) = crate::kubectl::build::build(&words, 0);
    assert_eq!(k.argv.len(), k.word_ranges.len());
    if let Some(p) = inv.first_problem() {
        assert!(p.word <= k.argv.len(), "{p:?}");
    }
}

/// `runbooks.yaml`: settings, or an error with a position.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = Settings::parse(Path::new("runbooks.yaml"), text) {
        assert!(e.line >= 1 && e.col >= 1, "{e:?}");
    }
}

/// The whole pipeline on one file: parse, every rule, every output (JSON, scripts,
/// site), in memory. Spans stay inside the file; output paths stay inside the folder.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let project = crate::Project::from_sources(
        Settings::default(),
        vec![SourceFile::new("fuzz.md", text.to_string())],
    );
    let diags = project.check();
    for d in &diags {
        assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "{d:?}"
        );
        assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "a finding inside a character: {d:?}"
        );
    }
    let model = serde_json::to_value(&project.loaded.corpus).expect("serialises");
    spans_on_char_boundaries(text, &model);
    let errors = project.command_errors(&diags);
    let theme = crate::emit::site::Theme::load(None).expect("built-in theme");
    let (files, _) = project
        .outputs_with(&errors, &theme)
        .expect("built-in templates render");
    for f in files {
        assert!(f.path.is_relative(), "{}", f.path.display());
        assert!(
            f.path
                .components()
                .all(|c| matches!(c, Component::Normal(_))),
            "{}",
            f.path.display()
        );
    }
}

/// Every span of the model (an object with `file`, `start`, `end`, `line`, `col`)
/// lies inside the file and on character boundaries: an offset computed on another
/// string (trimmed, joined, de-indented) would not.
fn spans_on_char_boundaries(text: &str, v: &serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            if let (Some(s), Some(e), true, true) = (
                m.get("start").and_then(|x| x.as_u64()),
                m.get("end").and_then(|x| x.as_u64()),
                m.contains_key("file"),
                m.contains_key("line"),
            ) {
                let (s, e) = (s as usize, e as usize);
                assert!(s <= e && e <= text.len(), "span {s}..{e} outside the file");
                assert!(
                    text.is_char_boundary(s) && text.is_char_boundary(e),
                    "span {s}..{e} inside a character"
                );
            }
            m.values().for_each(|x| spans_on_char_boundaries(text, x));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| spans_on_char_boundaries(text, x)),
        _ => {}
    }
}
