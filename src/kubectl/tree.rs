//! The kubectl command trees of every version rbc knows (`schema/kubectl/tree.json`:
//! the trees `tools/gen-kubectl-tree.py` generated from the real binaries, merged by
//! `tools/merge-kubectl-trees.py`), embedded; the tree of one version is built the first
//! time it is asked for.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

/// The tree of one kubectl version.
#[derive(Debug)]
pub struct Tree {
    pub kubectl_version: String,
    pub global_flags: Vec<Flag>,
    pub commands: Vec<CommandSpec>,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CommandSpec {
    #[serde(default)]
    pub path: Vec<String>,
    /// One line of help (`Display one or many resources`).
    #[serde(default)]
    pub short: String,
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

#[derive(Debug, Clone, Deserialize)]
pub struct Flag {
    pub name: String,
    /// The versions this variant of the flag is of (in the merged file).
    #[serde(default, rename = "in")]
    pub versions: String,
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

#[derive(Debug, Clone, Deserialize)]
pub struct Resource {
    pub name: String,
    /// The versions this variant of the resource is of (in the merged file).
    #[serde(default, rename = "in")]
    pub versions: String,
    #[serde(default)]
    pub singular: String,
    #[serde(default)]
    pub short_names: Vec<String>,
    pub kind: String,
    #[serde(default)]
    pub group: String,
    pub version: String,
    #[serde(default)]
    pub namespaced: bool,
    #[serde(default)]
    pub deprecated: Option<String>,
}

/// The tree with its look-up tables.
pub struct Index {
    pub tree: Tree,
    /// The version this is the tree of.
    pub version: Version,
    /// Its minor version number (35 for v1.35), for the few checks kubectl changed.
    pub minor: u32,
    by_path: HashMap<String, usize>,
    resources: HashMap<String, usize>,
    global_by_name: HashMap<String, usize>,
    global_by_short: HashMap<char, usize>,
    /// Cobra adds `-h, --help` to every command.
    help: Flag,
}

/// The merged file: every version's tree, each command, flag and resource as variants
/// that name the versions they are of.
#[derive(Debug, Deserialize)]
pub struct Merged {
    pub versions: Vec<VersionInfo>,
    pub global_flags: Vec<Flag>,
    pub commands: Vec<MergedCommand>,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Deserialize)]
pub struct VersionInfo {
    /// `1.35`.
    pub minor: String,
    /// `v1.35.2`.
    pub kubectl_version: String,
}

#[derive(Debug, Deserialize)]
pub struct MergedCommand {
    pub path: Vec<String>,
    /// The versions the command exists in.
    #[serde(rename = "in")]
    pub versions: String,
    /// The command's fields (but its path and flags), one variant per run of versions.
    pub variants: Vec<MergedVariant>,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Deserialize)]
pub struct MergedVariant {
    #[serde(rename = "in")]
    pub versions: String,
    #[serde(flatten)]
    pub command: CommandSpec,
}

/// A kubectl minor version rbc knows: an index into [`Merged::versions`], oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub u8);

/// A set of versions, one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Versions(pub u64);

impl Versions {
    pub fn contains(self, v: Version) -> bool {
        self.0 & (1 << v.0) != 0
    }
    pub fn with(self, v: Version) -> Versions {
        Versions(self.0 | (1 << v.0))
    }
    pub fn union(self, o: Versions) -> Versions {
        Versions(self.0 | o.0)
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Version> {
        (0..64u8)
            .filter(move |i| self.0 & (1 << i) != 0)
            .map(Version)
    }
    /// `v1.29–v1.31, v1.34`: runs of consecutive versions of the tree.
    pub fn describe(self) -> String {
        let h = history();
        let mut runs: Vec<(u8, u8)> = Vec::new();
        for v in self.iter() {
            match runs.last_mut() {
                Some((_, end)) if *end + 1 == v.0 => *end = v.0,
                _ => runs.push((v.0, v.0)),
            }
        }
        runs.iter()
            .map(|&(a, b)| {
                if a == b {
                    format!("v{}", h.minor(Version(a)))
                } else {
                    format!("v{}–v{}", h.minor(Version(a)), h.minor(Version(b)))
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

static MERGED: LazyLock<Merged> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../schema/kubectl/tree.json"))
        .expect("schema/kubectl/tree.json is valid (tested)")
});

static INDEXES: LazyLock<Vec<OnceLock<Index>>> =
    LazyLock::new(|| MERGED.versions.iter().map(|_| OnceLock::new()).collect());

/// The tree rbc checks against when nothing else is configured: the newest it knows.
pub fn default_version() -> Version {
    history().newest()
}

/// The tree of the default version.
pub fn index() -> &'static Index {
    index_for(default_version())
}

/// The tree of version `v`.
pub fn index_for(v: Version) -> &'static Index {
    INDEXES[usize::from(v.0)].get_or_init(|| Index::new(MERGED.tree(v), v))
}

/// Every version's tree, merged: what came and went when.
pub fn history() -> &'static Merged {
    &MERGED
}

/// The kubectl versions named by `names` (`1.31`, `v1.35`), or why one is not known.
pub fn named<S: AsRef<str>>(names: &[S]) -> Result<Versions, String> {
    let h = history();
    let mut out = Versions::default();
    for n in names {
        let n = n.as_ref().trim();
        match h.version(n) {
            Some(v) if n.trim_start_matches('v').split('.').count() >= 2 => out = out.with(v),
            _ => {
                let known: Vec<&str> = h.all().map(|v| h.minor(v)).collect();
                let mut why = format!(
                    "kubectl `{n}` is not a version rbc knows (it knows {})",
                    known.join(", ")
                );
                if n.ends_with(".3") || n.ends_with(".2") || n.ends_with(".4") {
                    why.push_str(&format!(
                        "; YAML reads 1.30 as the number 1.3: write `\"{n}0\"` in quotes"
                    ));
                }
                return Err(why);
            }
        }
    }
    Ok(out)
}

impl Merged {
    pub fn minor(&self, v: Version) -> &str {
        &self.versions[usize::from(v.0)].minor
    }

    pub fn all(&self) -> impl Iterator<Item = Version> {
        (0..self.versions.len()).map(|i| Version(i as u8))
    }

    pub fn newest(&self) -> Version {
        Version((self.versions.len() - 1) as u8)
    }

    /// The version named `1.31` (also `v1.31`, `1.31.4`).
    pub fn version(&self, name: &str) -> Option<Version> {
        let n = name.trim().trim_start_matches('v');
        let minor: String = n.split('.').take(2).collect::<Vec<_>>().join(".");
        self.versions
            .iter()
            .position(|v| v.minor == minor)
            .map(|i| Version(i as u8))
    }

    /// Parse a set as written in the file: `1.29-1.31 1.34`.
    pub fn parse_set(&self, s: &str) -> Versions {
        let mut out = Versions::default();
        for part in s.split_whitespace() {
            let (a, b) = part.split_once('-').unwrap_or((part, part));
            if let (Some(a), Some(b)) = (self.version(a), self.version(b)) {
                for i in a.0..=b.0 {
                    out = out.with(Version(i));
                }
            }
        }
        out
    }

    /// The command at `path` in every version it exists in.
    pub fn command(&self, path: &[String]) -> Option<&MergedCommand> {
        self.commands
            .binary_search_by(|c| c.path.as_slice().cmp(path))
            .ok()
            .map(|i| &self.commands[i])
    }

    /// The variants of a flag of the command at `path` (of a global flag, when the
    /// command has no such flag in any version), oldest first.
    pub fn flag_variants(&self, path: &[String], name: &str) -> Vec<&Flag> {
        let own: Vec<&Flag> = self
            .command(path)
            .map(|c| c.flags.iter().filter(|f| f.name == name).collect())
            .unwrap_or_default();
        if !own.is_empty() {
            return own;
        }
        self.global_flags
            .iter()
            .filter(|f| f.name == name)
            .collect()
    }

    /// The versions in which the command at `path` has the flag `name` (its own or a
    /// global one).
    pub fn flag_versions(&self, path: &[String], name: &str) -> Versions {
        let own = self.command(path).map_or(Versions::default(), |c| {
            c.flags
                .iter()
                .filter(|f| f.name == name)
                .fold(Versions::default(), |s, f| {
                    s.union(self.parse_set(&f.versions))
                })
        });
        self.global_flags
            .iter()
            .filter(|f| f.name == name)
            .fold(own, |s, f| s.union(self.parse_set(&f.versions)))
    }

    /// The tree of one version, as the generator wrote it.
    pub fn tree(&self, v: Version) -> Tree {
        let pick = |vs: &str| self.parse_set(vs).contains(v);
        let commands = self
            .commands
            .iter()
            .filter(|c| pick(&c.versions))
            .filter_map(|c| {
                let head = c.variants.iter().find(|h| pick(&h.versions))?;
                let mut cmd = head.command.clone();
                cmd.path = c.path.clone();
                cmd.flags = c
                    .flags
                    .iter()
                    .filter(|f| pick(&f.versions))
                    .cloned()
                    .collect();
                Some(cmd)
            })
            .collect();
        Tree {
            kubectl_version: self.versions[usize::from(v.0)].kubectl_version.clone(),
            global_flags: self
                .global_flags
                .iter()
                .filter(|f| pick(&f.versions))
                .cloned()
                .collect(),
            commands,
            resources: self
                .resources
                .iter()
                .filter(|r| pick(&r.versions))
                .cloned()
                .collect(),
        }
    }
}

impl Index {
    fn new(mut tree: Tree, version: Version) -> Index {
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
            versions: String::new(),
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
        let minor = tree
            .kubectl_version
            .trim_start_matches('v')
            .split('.')
            .nth(1)
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        Index {
            tree,
            version,
            minor,
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
            let g = &self.tree.global_flags[*i];
            // A flag of the command named like a global one hides it, shorthand and
            // all (`config set-context --namespace` of kubectl v1.29 has no `-n`).
            if !cmd.by_name.contains_key(&g.name) {
                return Some(g);
            }
            return None;
        }
        (letter == 'h').then_some(&self.help)
    }

    /// Whether a flag is a global one (allowed before the subcommand).
    pub fn is_global(&self, f: &Flag) -> bool {
        std::ptr::eq(f, &self.help) || self.tree.global_flags.iter().any(|g| std::ptr::eq(g, f))
    }
}
