//! The pinned kubectl v1.35 command tree (`schema/kubectl/tree.json`, generated from
//! the real binary by `tools/gen-kubectl-tree.py`), embedded and loaded once.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
pub struct Tree {
    pub kubectl_version: String,
    pub global_flags: Vec<Flag>,
    pub commands: Vec<CommandSpec>,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Deserialize)]
pub struct CommandSpec {
    pub path: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub deprecated: Option<String>,
    #[serde(default)]
    pub hidden: bool,
    #[serde(default)]
    pub runnable: bool,
    #[serde(default)]
    pub has_subcommands: bool,
    #[serde(default)]
    pub subcommands: Vec<String>,
    #[serde(default)]
    pub args_min: Option<u32>,
    #[serde(default)]
    pub args_max: Option<u32>,
    /// Takes a container command after `--` (`exec`, `run`, `create deployment`).
    #[serde(default)]
    pub dash_args: bool,
    #[serde(default)]
    pub flags: Vec<Flag>,
    /// Subcommand name or alias → index in `Tree::commands` (first match wins, in
    /// subcommand order). Filled by `Index::new`.
    #[serde(skip)]
    children: HashMap<String, usize>,
    /// Long name → index in `flags`; shorthand → index in `flags`.
    #[serde(skip)]
    by_name: HashMap<String, usize>,
    #[serde(skip)]
    by_short: HashMap<char, usize>,
}

fn flag_maps(flags: &[Flag]) -> (HashMap<String, usize>, HashMap<char, usize>) {
    let mut by_name = HashMap::new();
    let mut by_short = HashMap::new();
    for (i, f) in flags.iter().enumerate() {
        by_name.entry(f.name.clone()).or_insert(i);
        if let Some(c) = f.shorthand.as_deref().and_then(|s| s.chars().next()) {
            by_short.entry(c).or_insert(i);
        }
    }
    (by_name, by_short)
}

#[derive(Debug, Deserialize)]
pub struct Flag {
    pub name: String,
    #[serde(default)]
    pub shorthand: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub takes_value: bool,
    /// A value may follow after `=`, but a bare flag is accepted too (bools and a few others).
    #[serde(default)]
    pub optional_value: bool,
    #[serde(default, rename = "enum")]
    pub choices: Option<Vec<String>>,
    #[serde(default)]
    pub enum_case_insensitive: Option<bool>,
    #[serde(default)]
    pub deprecated: Option<String>,
    #[serde(default)]
    pub hidden: bool,
    /// cobra refuses to run the command without it.
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Deserialize)]
pub struct Resource {
    pub name: String,
    pub singular: String,
    #[serde(default)]
    pub short_names: Vec<String>,
    pub kind: String,
    pub group: String,
    pub version: String,
    pub namespaced: bool,
    #[serde(default)]
    pub deprecated: Option<String>,
}

/// The tree with its look-up tables.
pub struct Index {
    pub tree: Tree,
    by_path: HashMap<String, usize>,
    resources: HashMap<String, usize>,
    global_by_name: HashMap<String, usize>,
    global_by_short: HashMap<char, usize>,
    /// Cobra adds `-h, --help` to every command.
    help: Flag,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let tree: Tree = serde_json::from_str(include_str!("../../schema/kubectl/tree.json"))
        .expect("schema/kubectl/tree.json is valid (tested)");
    Index::new(tree)
});

pub fn index() -> &'static Index {
    &INDEX
}

impl Index {
    fn new(mut tree: Tree) -> Index {
        let by_path: HashMap<String, usize> = tree
            .commands
            .iter()
            .enumerate()
            .map(|(i, c)| (c.path.join(" "), i))
            .collect();
        for i in 0..tree.commands.len() {
            let mut children = HashMap::new();
            let c = &tree.commands[i];
            for s in &c.subcommands {
                let mut p = c.path.clone();
                p.push(s.clone());
                if let Some(&ci) = by_path.get(&p.join(" ")) {
                    children.entry(s.clone()).or_insert(ci);
                    for a in &tree.commands[ci].aliases {
                        children.entry(a.clone()).or_insert(ci);
                    }
                }
            }
            let (by_name, by_short) = flag_maps(&tree.commands[i].flags);
            let c = &mut tree.commands[i];
            c.children = children;
            c.by_name = by_name;
            c.by_short = by_short;
        }
        let (global_by_name, global_by_short) = flag_maps(&tree.global_flags);
        let mut resources = HashMap::new();
        for (i, r) in tree.resources.iter().enumerate() {
            let mut keys = vec![r.name.clone(), r.singular.clone(), r.kind.to_lowercase()];
            keys.extend(r.short_names.iter().cloned());
            if !r.group.is_empty() {
                keys.push(format!("{}.{}", r.name, r.group));
                keys.push(format!("{}.{}", r.singular, r.group));
                keys.push(format!("{}.{}.{}", r.name, r.version, r.group));
            }
            for k in keys {
                resources.entry(k.to_lowercase()).or_insert(i);
            }
        }
        let help = Flag {
            name: "help".into(),
            shorthand: Some("h".into()),
            kind: "bool".into(),
            takes_value: false,
            optional_value: true,
            choices: None,
            enum_case_insensitive: None,
            deprecated: None,
            hidden: false,
            required: false,
        };
        Index {
            tree,
            by_path,
            resources,
            global_by_name,
            global_by_short,
            help,
        }
    }

    pub fn root(&self) -> &CommandSpec {
        self.command(&[]).expect("the tree has a root")
    }

    pub fn command(&self, path: &[String]) -> Option<&CommandSpec> {
        self.by_path
            .get(&path.join(" "))
            .map(|i| &self.tree.commands[*i])
    }

    /// The child of `parent` named `name` (or one of its aliases).
    pub fn child(&self, parent: &CommandSpec, name: &str) -> Option<&CommandSpec> {
        parent.children.get(name).map(|i| &self.tree.commands[*i])
    }

    pub fn resource(&self, name: &str) -> Option<&Resource> {
        self.resources
            .get(&name.to_lowercase())
            .map(|i| &self.tree.resources[*i])
    }

    /// A flag of `cmd`, a global flag, or cobra's `--help`, by long name.
    pub fn flag<'a>(&'a self, cmd: &'a CommandSpec, name: &str) -> Option<&'a Flag> {
        if let Some(i) = cmd.by_name.get(name) {
            return Some(&cmd.flags[*i]);
        }
        if let Some(i) = self.global_by_name.get(name) {
            return Some(&self.tree.global_flags[*i]);
        }
        (name == "help").then_some(&self.help)
    }

    /// A flag of `cmd`, a global flag, or `-h`, by shorthand letter.
    pub fn short<'a>(&'a self, cmd: &'a CommandSpec, letter: char) -> Option<&'a Flag> {
        if let Some(i) = cmd.by_short.get(&letter) {
            return Some(&cmd.flags[*i]);
        }
        if let Some(i) = self.global_by_short.get(&letter) {
            return Some(&self.tree.global_flags[*i]);
        }
        (letter == 'h').then_some(&self.help)
    }

    /// Whether a flag is a global one (allowed before the subcommand).
    pub fn is_global(&self, f: &Flag) -> bool {
        std::ptr::eq(f, &self.help) || self.tree.global_flags.iter().any(|g| std::ptr::eq(g, f))
    }
}
