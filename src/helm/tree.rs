//! The helm command trees of every helm version rbc knows (`schema/helm/tree.json`,
//! generated from the real binaries by `tools/gen-helm-trees.sh`: one merged tree, each
//! command, variant and flag with the versions that have it).

use serde::Deserialize;
use std::sync::LazyLock;

/// The merged tree, as the generator writes it.
#[derive(Debug, Deserialize)]
pub struct Tree {
    pub versions: Vec<VersionInfo>,
    pub global_flags: Vec<Flag>,
    pub commands: Vec<Command>,
}

#[derive(Debug, Deserialize)]
pub struct VersionInfo {
    /// `3.17`
    pub minor: String,
    /// `v3.17.3`
    pub helm_version: String,
}

/// A command (`["get", "values"]`), with its variants over the versions.
#[derive(Debug, Deserialize)]
pub struct Command {
    pub path: Vec<String>,
    #[serde(rename = "in")]
    pub present: String,
    pub variants: Vec<Variant>,
    #[serde(default)]
    pub flags: Vec<Flag>,
}

/// What a command is on some of the versions.
#[derive(Debug, Deserialize)]
pub struct Variant {
    #[serde(rename = "in")]
    pub present: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub args_min: Option<usize>,
    #[serde(default)]
    pub args_max: Option<usize>,
    #[serde(default)]
    pub runnable: bool,
    #[serde(default)]
    pub has_subcommands: bool,
    #[serde(default)]
    pub subcommands: Vec<String>,
    /// helm's message for a wrong number of arguments.
    #[serde(default)]
    pub args_message: Option<String>,
}

/// A flag on some of the versions.
#[derive(Debug, Deserialize)]
pub struct Flag {
    pub name: String,
    #[serde(default)]
    pub shorthand: Option<String>,
    #[serde(rename = "in")]
    pub present: String,
    /// The type word helm prints (`int`, `duration`, `format`, `WaitStrategy`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// It reads the next word as its value (a flag with an optional value does not).
    #[serde(default)]
    pub takes_value: bool,
    #[serde(default)]
    pub optional_value: bool,
    #[serde(default)]
    pub hidden: bool,
    #[serde(default)]
    pub deprecated: Option<String>,
    #[serde(default, rename = "enum")]
    pub values: Option<Vec<String>>,
}

/// The tree rbc was built with.
pub fn tree() -> &'static Tree {
    static TREE: LazyLock<Tree> = LazyLock::new(|| {
        serde_json::from_str(include_str!("../../schema/helm/tree.json"))
            .expect("schema/helm/tree.json is valid (tested)")
    });
    &TREE
}

impl Tree {
    /// The index of version `minor` (`4.3`).
    pub fn version(&self, minor: &str) -> Option<usize> {
        let m = minor.trim().trim_start_matches('v');
        self.versions
            .iter()
            .position(|v| v.minor == m || v.helm_version.trim_start_matches('v') == m)
    }

    /// Whether a presence (`3.17-4.3`, `4.1`, `3.17,4.2-4.3`) holds version `v`.
    pub fn has(&self, present: &str, v: usize) -> bool {
        present.split(',').any(|part| {
            let (a, b) = part.split_once('-').unwrap_or((part, part));
            match (self.version(a), self.version(b)) {
                (Some(a), Some(b)) => a <= v && v <= b,
                _ => false,
            }
        })
    }

    /// The versions of a presence, as helm names them (`helm 3.17`, `helm 4.1–4.3`).
    pub fn describe(&self, vs: &[usize]) -> String {
        let names: Vec<&str> = vs
            .iter()
            .map(|&v| self.versions[v].minor.as_str())
            .collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => format!("helm {one}"),
            [first, .., last] if vs.windows(2).all(|w| w[1] == w[0] + 1) => {
                format!("helm {first}–{last}")
            }
            _ => format!("helm {}", names.join(", ")),
        }
    }

    /// The command at `path` on version `v`, and its variant there.
    pub fn command(&self, path: &[String], v: usize) -> Option<(&Command, &Variant)> {
        let c = self
            .commands
            .iter()
            .find(|c| c.path == path && self.has(&c.present, v))?;
        let var = c.variants.iter().find(|x| self.has(&x.present, v))?;
        Some((c, var))
    }

    /// The subcommand of `parent` that `word` names (by name or alias) on version `v`.
    pub fn child(&self, parent: &[String], word: &str, v: usize) -> Option<&Command> {
        self.commands.iter().find(|c| {
            c.path.len() == parent.len() + 1
                && c.path[..parent.len()] == *parent
                && self.has(&c.present, v)
                && (c.path[parent.len()] == word
                    || c.variants
                        .iter()
                        .any(|x| self.has(&x.present, v) && x.aliases.iter().any(|a| a == word)))
        })
    }

    /// The flag `name` (long) of command `c` or a global one, on version `v`.
    pub fn flag<'t>(&'t self, c: &'t Command, name: &str, v: usize) -> Option<&'t Flag> {
        c.flags
            .iter()
            .chain(&self.global_flags)
            .find(|f| f.name == name && self.has(&f.present, v))
    }

    /// The flag with shorthand `s` of command `c` or a global one, on version `v`.
    pub fn short<'t>(&'t self, c: &'t Command, s: char, v: usize) -> Option<&'t Flag> {
        let mut b = [0u8; 4];
        let s = &*s.encode_utf8(&mut b);
        c.flags
            .iter()
            .chain(&self.global_flags)
            .find(|f| f.shorthand.as_deref() == Some(s) && self.has(&f.present, v))
    }
}
