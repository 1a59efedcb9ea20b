//! Property tests: slugs and file names are always safe and unique, and the model
//! survives JSON (parse → JSON → read back → JSON is stable), for generated input.

use proptest::prelude::*;
use rbc::config::Settings;
use rbc::source::SourceFile;

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Runbook-shaped Markdown with hostile pieces mixed in.
fn runbook_markdown() -> impl Strategy<Value = String> {
    let text = "[ -~]{0,24}|\\PC{0,12}";
    let id = "[A-Za-z]{1,3}-?[0-9][A-Za-z0-9_.-]{0,6}";
    let piece = prop_oneof![
        (id, text).prop_map(|(i, t)| format!("## Runbook: {i} - {t}\n\n")),
        Just("### Symptoms\n\n".to_string()),
        Just("### Diagnosis\n\n".to_string()),
        Just("### Common Causes\n\n".to_string()),
        Just("### Resolution\n\n".to_string()),
        text.prop_map(|t| format!("#### Case 1: {t}\n\n")),
        text.prop_map(|t| format!("#### Step 2: {t}\n\n")),
        text.prop_map(|t| format!("- {t}\n")),
        text.prop_map(|t| format!("1. **{t}**: {t}\n")),
        ("[a-z][a-z-]{0,10}", text).prop_map(|(p, t)| format!(
            "```bash\n# {t}\nkubectl logs -n prod <{p}> --tail=5\n```\n\n"
        )),
        text.prop_map(|t| format!("```bash\n{t}\n```\n\n")),
        text.prop_map(|t| format!("[{t}]({t}.md#{t})\n\n")),
        text.prop_map(|t| format!("**{t}**: {t}\n")),
        text.prop_map(|t| format!("> {t}\n")),
        text.prop_map(|t| format!("<!-- rbc-disable K002 {t} -->\n")),
        text.prop_map(|t| format!("{t}\n")),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn slugs_are_lowercase_ascii_words(s in "\\PC{0,40}|[ -~]{0,40}") {
        let slug = rbc::slug::slug(&s);
        prop_assert!(is_slug(&slug), "{s:?} -> {slug:?}");
    }

    #[test]
    fn file_stems_are_safe_and_unique(
        ids in prop::collection::vec("[A-Za-z]{1,3}-?[0-9][A-Za-z0-9_.-]{0,6}", 1..12)
    ) {
        let md: String = ids
            .iter()
            .map(|i| format!("## Runbook: {i} - T\n\n### Symptoms\n\n- s\n\n"))
            .collect();
        let p = rbc::Project::from_sources(Settings::default(), vec![SourceFile::new("a.md", md)]);
        let stems = rbc::emit::json::runbook_stems(&p.loaded.corpus);
        prop_assert_eq!(stems.len(), p.loaded.corpus.runbooks().count());
        let mut seen = std::collections::HashSet::new();
        for s in &stems {
            prop_assert!(seen.insert(s.to_ascii_lowercase()), "{s} twice in {stems:?}");
            prop_assert!(
                s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                    && !s.starts_with('-'),
                "{s}"
            );
        }
    }

    #[test]
    fn model_survives_json(md in runbook_markdown()) {
        let src = SourceFile::new("p.md", md);
        let (doc, _) = rbc::parse::document(&src, &Settings::default());
        let json = serde_json::to_string(&doc).unwrap();
        let back: rbc::model::Document = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
        // Parsing the same text again gives the same model.
        let (again, _) = rbc::parse::document(&src, &Settings::default());
        prop_assert_eq!(serde_json::to_string(&again).unwrap(), serde_json::to_string(&doc).unwrap());
    }

    #[test]
    fn every_page_id_is_unique(md in runbook_markdown()) {
        let p = rbc::Project::from_sources(Settings::default(), vec![SourceFile::new("p.md", md)]);
        let theme = rbc::emit::site::Theme::load(None).unwrap();
        let (files, _) = p.outputs_with(&[], &theme).unwrap();
        for f in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "html")) {
            let html = String::from_utf8_lossy(&f.bytes);
            let mut seen = std::collections::HashSet::new();
            for part in html.split(" id=\"").skip(1) {
                let id = &part[..part.find('"').unwrap()];
                prop_assert!(seen.insert(id.to_string()), "{} has id {id:?} twice", f.path.display());
            }
        }
    }
}
