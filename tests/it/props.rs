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
        let stems: Vec<String> = rbc::emit::layout::Layout::of(&p.loaded.corpus)
            .runbooks
            .into_iter()
            .map(|f| f.stem)
            .collect();
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

/// Text with multi-byte characters, tabs and shell metacharacters, for any position.
fn tricky_text() -> impl Strategy<Value = String> {
    "[a-zé→日🙂\t <>$'\"(`\\\\-]{0,8}"
}

/// A line of code for a shell block.
fn code_line() -> impl Strategy<Value = String> {
    let t = tricky_text;
    prop_oneof![
        Just(String::new()),
        Just("\t".to_string()),
        t().prop_map(|t| format!("kubectl get pods -n {t}")),
        t().prop_map(|t| format!("a {t} b")),
        t().prop_map(|t| format!("# {t}")),
        t().prop_map(|t| format!("kubectl logs <pod-name> {t} \\")),
        t().prop_map(|t| format!("  --tail=5 {t}")),
        t().prop_map(|t| format!("echo \"{t}\" | xargs kubectl delete pod {t}")),
        t().prop_map(|t| format!("echo $(kubectl get {t}")),
        t().prop_map(|t| format!("sh -c 'kubectl delete {t}'")),
        t().prop_map(|t| format!("kubectl patch x -p '{{\"a\": \"{t}\"}}' --type=merge")),
        Just("cat <<EOF".to_string()),
        Just("EOF".to_string()),
        t(),
    ]
}

/// Markdown lines: headings, list items, fences indented under list items (by spaces
/// or a tab), blank lines inside fences, closed and unclosed fences, multi-byte text.
fn fenced_lines() -> impl Strategy<Value = Vec<String>> {
    let indent = prop_oneof![
        Just(""),
        Just("  "),
        Just("   "),
        Just("    "),
        Just("\t"),
        Just(" \t"),
        Just("> "),
        Just(">    "),
    ];
    let fence = (
        indent,
        prop_oneof![Just("```"), Just("~~~"), Just("````")],
        prop_oneof![
            Just("bash"),
            Just("sh"),
            Just("console"),
            Just(""),
            Just("bash é")
        ],
        prop::collection::vec(code_line(), 0..6),
        any::<bool>(),
    )
        .prop_map(|(ind, f, lang, code, closed)| {
            let mut v = vec![format!("{ind}{f}{lang}")];
            v.extend(code.into_iter().map(|c| format!("{ind}{c}")));
            if closed {
                v.push(format!("{ind}{f}"));
            }
            v
        });
    let t = tricky_text;
    let piece = prop_oneof![
        1 => t().prop_map(|t| vec![format!("# {t}")]),
        1 => t().prop_map(|t| vec![format!("## Runbook: RB-001 - {t}")]),
        1 => Just(vec!["### Diagnosis".to_string()]),
        1 => Just(vec!["### Resolution".to_string()]),
        1 => t().prop_map(|t| vec![format!("#### Case 1: {t}")]),
        2 => (prop_oneof![Just("1."), Just("-"), Just("10)"), Just("* 1.")], t())
            .prop_map(|(m, t)| vec![format!("{m} {t}")]),
        1 => Just(vec![String::new()]),
        1 => t().prop_map(|t| vec![t]),
        1 => (t(), t()).prop_map(|(a, b)| vec![format!("See [{a}](%{a}{b}.md#{b}) and RB-00{a}.")]),
        1 => t().prop_map(|t| vec![format!("| {t} | RB-001 |"), "|---|---|".into(), format!("| [{t}](x.md) | {t} |")]),
        1 => t().prop_map(|t| vec![format!("**Severity**: {t}")]),
        1 => t().prop_map(|t| vec![format!("<!-- rbc-disable K002 {t} -->")]),
        4 => fence,
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

/// The lines joined with `\n`, `\r\n` or (rarely) a lone `\r`, chosen line by line.
fn fenced_markdown() -> impl Strategy<Value = String> {
    (fenced_lines(), prop::collection::vec(0u8..8, 64)).prop_map(|(lines, ends)| {
        let mut s = String::new();
        for (i, l) in lines.iter().enumerate() {
            s.push_str(l);
            s.push_str(match ends[i % ends.len()] {
                0..=3 => "\n",
                4..=6 => "\r\n",
                _ => "\r",
            });
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Parse, every rule and every output on fences in lists, CRLF, tabs and
    /// multi-byte text: no panic, and every span of the model and of every finding
    /// starts and ends on a character boundary of the file.
    #[test]
    fn fences_in_lists_crlf_tabs_and_multibyte_text(md in fenced_markdown()) {
        rbc::fuzz::check(md.as_bytes());
        rbc::fuzz::markdown(md.as_bytes());
        // Every command's span is its own text in the file, without a line's `\r`.
        let src = SourceFile::new("p.md", md.clone());
        let (doc, _) = rbc::parse::document(&src, &Settings::default());
        let mut commands = Vec::new();
        commands_of(&serde_json::to_value(&doc).unwrap(), &mut commands);
        // (pulldown-cmark reads a lone `\r` inconsistently: not checked there.)
        let lone_cr = md.replace("\r\n", "").contains('\r');
        for (start, end, source) in commands {
            // (In a shell session, `> ` continuation prompts are blanked, same length.)
            let written = md.get(start..end).unwrap_or("\u{0}");
            prop_assert!(
                written == source || blank_continuation_prompts(written) == source,
                "{:?} is not {:?}",
                source,
                written
            );
            prop_assert!(lone_cr || !source.ends_with('\r'), "{:?}", source);
        }
    }
}

/// A command as written with the `> ` prompts of its continuation lines blanked.
fn blank_continuation_prompts(s: &str) -> String {
    let mut out = String::new();
    for (i, line) in s.split_inclusive('\n').enumerate() {
        match line.trim_start().strip_prefix("> ") {
            Some(rest) if i > 0 => {
                out.push_str(&" ".repeat(line.len() - rest.len()));
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// (start, end, source) of every command in a model's JSON.
fn commands_of(v: &serde_json::Value, out: &mut Vec<(usize, usize, String)>) {
    match v {
        serde_json::Value::Object(m) => {
            if let (Some(src), Some(span)) =
                (m.get("source").and_then(|s| s.as_str()), m.get("span"))
            {
                let n = |k: &str| span[k].as_u64().unwrap() as usize;
                out.push((n("start"), n("end"), src.to_string()));
            }
            m.values().for_each(|x| commands_of(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| commands_of(x, out)),
        _ => {}
    }
}

/// Shell text from pieces runbooks use and pieces that break bash.
fn shell_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "kubectl", "get", "pods", "-n", "shop", "-o", "wide", "x=1", "NS=a", "'a b'",
            "'it''s'", "\"$NS\"", "\"${POD}\"", "$1", "$?", "\"a\\\"b\"", "\\(", "{a,b}",
            "}x", "]]", "[", "*", "~", "2", "#x", "a#b", "é",
        ]),
        3 => prop::sample::select(vec![" ", " ", "\n", "\\\n", "\t"]),
        2 => prop::sample::select(vec!["|", "||", "&&", ";", "&", ";;", "|&"]),
        1 => prop::sample::select(vec![">", ">>", "<", "2>&1", "&>", ">&-", "<<", "<(", "> ", "2>"]),
        1 => prop::sample::select(vec![
            "if", "then", "fi", "done", "{", "}", "!", "in", "time", "(", ")", "`", "$(",
            "${x:-y}", "'", "\"", "# c\n", "\r",
        ]),
    ];
    prop::collection::vec(piece, 0..14).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    /// The quick scan that spares the parser (`rbc::parse::bash::plainly_valid`) never
    /// calls valid what the real `bash -n` rejects.
    #[test]
    fn the_quick_bash_scan_never_accepts_what_bash_rejects(code in shell_text()) {
        if rbc::parse::bash::plainly_valid(&code) {
            // The script on stdin: as a file, never mistaken for an option.
            use std::io::Write;
            let mut child = std::process::Command::new("bash")
                .arg("-n")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("bash runs");
            child.stdin.take().unwrap().write_all(code.as_bytes()).unwrap();
            let o = child.wait_with_output().unwrap();
            prop_assert!(
                o.status.success(),
                "scan accepts {:?}, bash -n says {}",
                code,
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
}
