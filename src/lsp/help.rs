//! The one-line help of kubectl's commands and flags (`schema/kubectl/help.json`,
//! generated from the real binary by `tools/gen-kubectl-help.py`), for hover and
//! completion. Kept apart from the command tree the validator reads.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
pub struct Help {
    pub kubectl_version: String,
    pub global_flags: HashMap<String, FlagHelp>,
    pub commands: HashMap<String, CommandHelp>,
}

#[derive(Debug, Deserialize)]
pub struct CommandHelp {
    pub short: String,
    #[serde(default)]
    pub usage: Vec<String>,
    #[serde(default)]
    pub flags: HashMap<String, FlagHelp>,
}

#[derive(Debug, Deserialize)]
pub struct FlagHelp {
    /// As kubectl prints it (`''`, `false`, `[]`).
    pub default: String,
    pub help: String,
    /// The values its description lists (`-o`: `json`, `yaml`, …).
    #[serde(default)]
    pub values: Vec<String>,
}

static HELP: LazyLock<Help> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../schema/kubectl/help.json"))
        .expect("schema/kubectl/help.json is valid (tested)")
});

pub fn help() -> &'static Help {
    &HELP
}

pub fn command(path: &[String]) -> Option<&'static CommandHelp> {
    HELP.commands.get(&path.join(" "))
}

/// A flag's help on `path`, or as a global flag.
pub fn flag(path: &[String], name: &str) -> Option<&'static FlagHelp> {
    command(path)
        .and_then(|c| c.flags.get(name))
        .or_else(|| HELP.global_flags.get(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_every_command_of_the_tree() {
        // The help text comes from kubectl v1.35 (the pinned binary of the tests).
        let v = crate::kubectl::tree::history()
            .version("1.35")
            .expect("the tree knows v1.35");
        let idx = crate::kubectl::tree::index_for(v);
        assert_eq!(help().kubectl_version, idx.tree.kubectl_version);
        for c in &idx.tree.commands {
            let h = command(&c.path).unwrap_or_else(|| panic!("no help for {:?}", c.path));
            assert!(!h.short.is_empty(), "{:?}", c.path);
        }
        let logs = ["logs".to_string()];
        assert!(flag(&logs, "previous").unwrap().help.contains("previous"));
        assert!(flag(&logs, "namespace").is_some(), "a global flag");
    }
}
