//! The command index: every kubectl command of the corpus, by verb and resource.

use super::Ctx;
use crate::emit::site::renderer::Lazy;
use crate::emit::site::SiteError;
use serde::Serialize;
use std::collections::BTreeMap;

/// A command of the index, by verb and by resource.
pub(crate) type ByVerb = BTreeMap<String, BTreeMap<String, Vec<CmdRef>>>;

#[derive(Serialize)]
pub(crate) struct CmdRef {
    pub(crate) code: String,
    pub(crate) runbook: String,
    pub(crate) url: String,
    pub(crate) mutating: bool,
    /// `kubectl v1.29–v1.34 only`.
    pub(crate) versions: Option<String>,
}

/// The command index: the largest page, one item per command of the corpus, so its
/// commands become template values one at a time, and it is written as rendered.
pub(crate) fn write(cx: &Ctx, by_verb: ByVerb) -> Result<(), SiteError> {
    let groups: Vec<minijinja::Value> = by_verb
        .into_iter()
        .map(|(verb, res)| {
            minijinja::context! {
                anchor => format!("verb-{}", crate::slug::slug(&verb)),
                count => res.values().map(Vec::len).sum::<usize>(),
                verb => verb,
                resources => res
                    .into_iter()
                    .map(|(resource, commands)| minijinja::context! {
                        resource => resource,
                        commands => minijinja::Value::from_object(Lazy(commands)),
                    })
                    .collect::<Vec<_>>(),
            }
        })
        .collect();
    cx.count();
    cx.r.put_page(
        cx.sink,
        "commands.html",
        "commands.html",
        "kubectl commands",
        minijinja::Value::from(groups),
    )
}
