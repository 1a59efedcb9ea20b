//! The runbook layouts of a configuration: the built-in ones, then those it defines.

use super::*;

/// Every layout: the built-in `heading` (`base`), `label`, `alert` and `playbook`, then the
/// configured ones (which may replace a built-in one).
pub(super) fn layouts(cfg: &Config, base: &Layout, at: &At) -> Result<Vec<Layout>, ConfigError> {
    let with = |extra: &BTreeMap<SectionKind, Vec<String>>, builtin: &[(SectionKind, &[&str])]| {
        let mut a = base.aliases.clone();
        for (kind, names) in builtin {
            for n in *names {
                a.insert(n.to_string(), *kind);
            }
        }
        for (kind, names) in extra {
            for n in names {
                a.insert(normalise_title(n), *kind);
            }
        }
        a
    };
    let word = regex_lite::Regex::new(WORD_ID_PATTERN).expect("a valid pattern");
    let mut layouts = vec![
        Layout {
            aliases: with(&BTreeMap::new(), &[]),
            ..base.clone()
        },
        Layout {
            name: "label".into(),
            per_file: true,
            id_from: vec![
                IdSource::Label("runbook id".into()),
                IdSource::FrontMatter("id".into()),
            ],
            aliases: with(&BTreeMap::new(), &[]),
            ..base.clone()
        },
        Layout {
            name: "alert".into(),
            per_file: true,
            id_from: vec![
                IdSource::H1,
                IdSource::FrontMatter("title".into()),
                IdSource::Stem,
            ],
            id_pattern: word.clone(),
            id_pattern_text: WORD_ID_PATTERN.into(),
            // Some alerts need no diagnosis (the alert says it all): Meaning and
            // Mitigation are what every alert runbook has.
            required_sections: vec![SectionKind::Meaning, SectionKind::Resolution],
            aliases: with(&BTreeMap::new(), ALERT_ALIASES),
            per_alert: true,
            id_headings: None,
        },
        // A section of a one-file playbook named after an alert of the rule files
        // (`### CortexIngesterUnhealthy`): often prose only, so no section is required.
        Layout {
            name: "playbook".into(),
            per_file: false,
            id_from: vec![IdSource::H1],
            id_pattern: word.clone(),
            id_pattern_text: WORD_ID_PATTERN.into(),
            required_sections: Vec::new(),
            aliases: with(&BTreeMap::new(), ALERT_ALIASES),
            per_alert: true,
            id_headings: None,
        },
    ];
    for (name, lc) in &cfg.layouts {
        let per_file = lc.runbook != Some(RunbookStart::Heading);
        let mut id_from = Vec::new();
        for s in &lc.id_from {
            id_from.push(IdSource::parse(s).ok_or_else(|| {
                at.err(
                    "id_from",
                    format!("layout `{name}`: `{s}` is not one of front_matter:KEY, label:NAME, h1, stem"),
                )
            })?);
        }
        if id_from.is_empty() {
            id_from = vec![IdSource::H1, IdSource::Stem];
        }
        let (pattern, text) = match &lc.id_pattern {
            Some(p) => (
                regex_lite::Regex::new(p).map_err(|e| {
                    at.err(
                        "id_pattern",
                        format!("layout `{name}`: invalid `id_pattern`: {e}"),
                    )
                })?,
                p.clone(),
            ),
            None if per_file => (word.clone(), WORD_ID_PATTERN.to_string()),
            None => (base.id_pattern.clone(), base.id_pattern_text.clone()),
        };
        let builtin_alert = name == "alert";
        let layout = Layout {
            name: name.clone(),
            per_file,
            id_from,
            id_pattern: pattern,
            id_pattern_text: text,
            required_sections: lc
                .required_sections
                .clone()
                .unwrap_or_else(|| base.required_sections.clone()),
            aliases: with(
                &lc.section_aliases,
                if builtin_alert { ALERT_ALIASES } else { &[] },
            ),
            per_alert: lc.per_alert.unwrap_or(builtin_alert),
            id_headings: lc.id_headings,
        };
        match layouts.iter_mut().find(|l| l.name == *name) {
            Some(l) => *l = layout,
            None => layouts.push(layout),
        }
    }
    Ok(layouts)
}
