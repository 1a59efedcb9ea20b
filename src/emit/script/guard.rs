//! What a script guards beyond each command: the contexts it may change (and when a
//! change asks for the context's name), and the values an alert's labels give it.

use super::{option, sq, Gen};
use crate::model::Runbook;
use crate::programs::Declared;
use std::collections::BTreeMap;
use std::fmt::Write;

/// What runbooks.yaml says of the scripts.
#[derive(Debug, Clone, Copy)]
pub struct Config<'a> {
    /// The programs it declares (`programs:`).
    pub programs: &'a Declared,
    /// The contexts scripts may change, and when a change asks for the context's name.
    pub guard: &'a crate::settings::Scripts,
}

impl<'a> Config<'a> {
    pub fn of(settings: &'a crate::settings::Settings) -> Config<'a> {
        Config {
            programs: &settings.programs,
            guard: &settings.scripts,
        }
    }
}

/// The contexts this runbook's script may change: its own `allowed_contexts` (front
/// matter or label; commas or spaces between names), else runbooks.yaml's.
fn allowed_contexts(rb: &Runbook, guard: &crate::settings::Scripts) -> Vec<String> {
    match rb.metadata.get("allowed_contexts") {
        Some(v) => v
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        None => guard.allowed_contexts.clone(),
    }
}

/// The guard of a script's changes: the contexts it may change, and whether a change
/// asks for the context's name (the runbook's severity is among the highest). Only for
/// runbooks with cluster commands.
pub(super) fn guard(rb: &Runbook, guard: &crate::settings::Scripts) -> String {
    let cluster = rb.commands().any(|c| {
        !c.kubectl.is_empty()
            || crate::words::simple_commands(c.code()).iter().any(|sc| {
                sc.program_word()
                    .is_some_and(|w| w.value.rsplit('/').next() == Some("helm"))
            })
    });
    if !cluster {
        return String::new();
    }
    let allowed = allowed_contexts(rb, guard);
    let typed = rb.severity().is_some_and(|s| guard.types_context(s));
    if allowed.is_empty() && !typed {
        return String::new();
    }
    let list: Vec<String> = allowed.iter().map(|c| sq(c)).collect();
    format!(
        "RBC_GUARD=1\nRBC_ALLOWED_CONTEXTS=({})\nRBC_TYPE_CONTEXT={}\n\n",
        list.join(" "),
        u8::from(typed)
    )
}

/// Which alert label fills each placeholder, when not the label of the same name:
/// runbooks.yaml's `alert_labels`, then the runbook's own (`pod-name=pod, …`).
fn alert_labels(rb: &Runbook, guard: &crate::settings::Scripts) -> BTreeMap<String, String> {
    let mut m = guard.alert_labels.clone();
    if let Some(v) = rb.metadata.get("alert_labels") {
        for pair in v.split(',') {
            if let Some((p, l)) = pair.split_once('=') {
                m.insert(p.trim().to_string(), l.trim().to_string());
            }
        }
    }
    m
}

/// `rb_fill_from_alert`: each placeholder from the chosen alert's labels.
pub(super) fn fill_from_alert(rb: &Runbook, g: &Gen, guard: &crate::settings::Scripts) -> String {
    let labels = alert_labels(rb, guard);
    let mut s = String::from("rb_fill_from_alert() {\n  :\n");
    for (name, n) in &g.names.placeholders {
        let label = labels.get(name).map(|l| sq(l)).unwrap_or_default();
        let _ = writeln!(
            s,
            "  rb_from_alert {} {} {} {label}",
            n.var,
            sq(&n.option),
            sq(&option(name))
        );
    }
    s.push_str("}\n\n");
    s
}
