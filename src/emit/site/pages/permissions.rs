//! A runbook's permissions: per part of it that runs (the diagnosis, each case, the
//! procedure), what its kubectl and oc commands request of the API server, as the
//! script's `preflight` checks them and a Role would grant them.

use crate::model::{Command, ResolutionForm, Runbook, Scope};
use serde::Serialize;

#[derive(Serialize, PartialEq)]
pub(crate) struct PermRow {
    pub(crate) verb: String,
    /// `deployments.apps/web` (the name as the runbook writes it), `pods`.
    pub(crate) resource: String,
    pub(crate) subresource: String,
    /// `namespace`, `every namespace` or `cluster`.
    pub(crate) scope: &'static str,
}

#[derive(Serialize)]
pub(crate) struct PermGroup {
    pub(crate) title: String,
    pub(crate) rows: Vec<PermRow>,
    /// Commands whose requests rbc cannot derive, with why.
    pub(crate) unchecked: Vec<(String, String)>,
}

fn group<'a>(title: String, commands: impl Iterator<Item = &'a Command>) -> Option<PermGroup> {
    let mut g = PermGroup {
        title,
        rows: Vec::new(),
        unchecked: Vec::new(),
    };
    for k in commands.flat_map(|c| c.kubectl.iter()) {
        let p = &k.permissions;
        if let Some(why) = &p.unknown {
            let shown = format!("{} {}", k.program_name(), k.argv.to_vec().join(" "));
            g.unchecked.push((shown, why.clone()));
        }
        for a in &p.needs {
            let mut resource = a.qualified();
            if let Some(n) = &a.name {
                resource = format!("{resource}/{n}");
            }
            let row = PermRow {
                verb: a.verb.clone(),
                resource,
                subresource: a.subresource.clone().unwrap_or_default(),
                scope: match a.scope {
                    Scope::Namespace => "namespace",
                    Scope::AllNamespaces => "every namespace",
                    Scope::Cluster => "cluster",
                },
            };
            if !g.rows.contains(&row) {
                g.rows.push(row);
            }
        }
    }
    (!g.rows.is_empty() || !g.unchecked.is_empty()).then_some(g)
}

/// The permission groups of a runbook, in the order its script runs them.
pub(crate) fn permissions_view(rb: &Runbook) -> Vec<PermGroup> {
    let mut out = Vec::new();
    if let Some(d) = &rb.diagnosis {
        out.extend(group(
            d.head.title.clone(),
            d.steps.iter().flat_map(|s| s.commands()),
        ));
    }
    if let Some(r) = &rb.resolution {
        match &r.form {
            ResolutionForm::Cases { cases } => {
                for c in cases {
                    let title = format!("Case {}: {}", c.number, c.title);
                    out.extend(group(title, c.commands()));
                }
            }
            _ => out.extend(group(
                r.head.title.clone(),
                r.steps().iter().flat_map(|s| s.commands()),
            )),
        }
    }
    for e in &rb.extra {
        out.extend(group(
            e.head.title.clone(),
            e.steps.iter().flat_map(|s| s.commands()),
        ));
    }
    out
}
