//! `runbooks.yaml`: the optional configuration at the corpus root.

use crate::model::SectionKind;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "runbooks.yaml";

/// The configuration file, as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Sections every runbook must have. Default: symptoms, diagnosis, resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_sections: Option<Vec<SectionKind>>,
    /// More headings or bold labels that introduce a section, matched case-insensitively
    /// (for example `resolution: [Mitigation]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub section_aliases: BTreeMap<SectionKind, Vec<String>>,
    /// Regular expression a runbook ID must match. Default: `^RB-[0-9]{3,}$`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_pattern: Option<String>,
    /// Rule levels by code or name: `off`, `info`, `warning`, `error`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, Level>,
    /// Custom resource types the runbooks use: a name (`certificates.cert-manager.io`,
    /// `canary`), which covers its plural, singular, short and group-qualified forms, or
    /// `{name, singular, short, group}` (see rule K018).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_resources: Vec<CustomResourceEntry>,
    /// Namespaces kubectl commands may target; empty: any (see rule K016).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_namespaces: Vec<String>,
    /// The release's eval command, for Erlang expressions (`/opt/erlmcp/bin/erlmcp eval`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eval_command: Option<String>,
    /// Only Markdown files matching one of these globs are read (relative to the folder
    /// of runbooks.yaml; default: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Markdown files matching one of these globs are skipped (`drafts/**`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Read code blocks without an info string as shell commands. Default: false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlabelled_blocks_are_shell: Option<bool>,
}

/// One entry of `custom_resources`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum CustomResourceEntry {
    /// `certificates.cert-manager.io`, `certificate`, `canary`: the word before the
    /// first `.` is the plural or the singular, the rest the API group.
    Name(String),
    /// Every name stated.
    Spec(CustomResourceSpec),
}

/// A custom resource type with its names stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomResourceSpec {
    /// Plural name (`certificates`).
    pub name: String,
    /// Singular name (`certificate`); default: derived from the plural.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub singular: Option<String>,
    /// Short names (`[cert, certs]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub short: Vec<String>,
    /// API group (`cert-manager.io`); default: any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

impl CustomResourceEntry {
    /// The type and every name it goes by.
    pub fn resource(&self) -> crate::kubectl::resources::CustomResource {
        match self {
            CustomResourceEntry::Name(n) => crate::kubectl::resources::CustomResource::from_word(n),
            CustomResourceEntry::Spec(s) => {
                let lower = |v: &str| v.trim().to_ascii_lowercase();
                let derived = crate::kubectl::resources::CustomResource::from_word(&s.name);
                crate::kubectl::resources::CustomResource {
                    name: lower(&s.name),
                    singular: s.singular.as_deref().map(lower).unwrap_or(derived.singular),
                    short: s.short.iter().map(|v| lower(v)).collect(),
                    group: s.group.as_deref().map(lower).unwrap_or_default(),
                    from: "",
                }
            }
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

/// A configuration error, located in the file.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.message
        )
    }
}

/// The configuration with defaults applied, ready for the parser and the checks.
#[derive(Debug, Clone)]
pub struct Settings {
    pub required_sections: Vec<SectionKind>,
    /// Normalised section title → kind.
    pub aliases: HashMap<String, SectionKind>,
    pub id_pattern: regex_lite::Regex,
    pub id_pattern_text: String,
    /// Rule code → level set in the config.
    pub levels: HashMap<&'static str, Level>,
    pub unlabelled_blocks_are_shell: bool,
    /// The declared custom resource types, every name of each.
    pub custom_resources: Vec<crate::kubectl::resources::CustomResource>,
    pub allowed_namespaces: Vec<String>,
    pub eval_command: Option<String>,
    pub include: Option<globset::GlobSet>,
    pub exclude: Option<globset::GlobSet>,
    /// The config file, when one was found.
    pub path: Option<PathBuf>,
}

pub const DEFAULT_ID_PATTERN: &str = "^RB-[0-9]{3,}$";

const DEFAULT_ALIASES: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::Symptoms,
        &[
            "symptoms",
            "symptom",
            "signs",
            "indicators",
            "alert symptoms",
        ],
    ),
    (
        SectionKind::Diagnosis,
        &[
            "diagnosis",
            "diagnostics",
            "diagnose",
            "investigation",
            "triage",
        ],
    ),
    (
        SectionKind::Causes,
        &[
            "common causes",
            "causes",
            "possible causes",
            "likely causes",
            "root causes",
        ],
    ),
    (
        SectionKind::Resolution,
        &[
            "resolution",
            "remediation",
            "resolution steps",
            "fix",
            "solution",
        ],
    ),
    (
        SectionKind::Prevention,
        &["prevention", "preventive measures", "prevent recurrence"],
    ),
];

/// Lower-case, inner whitespace folded, trailing `:` dropped.
pub fn normalise_title(s: &str) -> String {
    s.trim()
        .trim_end_matches(':')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Default for Settings {
    fn default() -> Self {
        Settings::from_config(&Config::default(), None).expect("default settings are valid")
    }
}

impl Settings {
    pub fn section_kind(&self, title: &str) -> Option<SectionKind> {
        self.aliases.get(&normalise_title(title)).copied()
    }

    /// Apply a parsed config. `text` (the file's source) locates errors.
    pub fn from_config(cfg: &Config, file: Option<(&Path, &str)>) -> Result<Settings, ConfigError> {
        let err = |key: &str, message: String| {
            let (path, line, col) = match file {
                Some((p, text)) => {
                    let (l, c) = locate_key(text, key);
                    (p.to_path_buf(), l, c)
                }
                None => (PathBuf::from(FILE_NAME), 1, 1),
            };
            ConfigError {
                path,
                line,
                col,
                message,
            }
        };
        let mut aliases = HashMap::new();
        for (kind, names) in DEFAULT_ALIASES {
            for n in *names {
                aliases.insert(n.to_string(), *kind);
            }
        }
        for (kind, names) in &cfg.section_aliases {
            for n in names {
                aliases.insert(normalise_title(n), *kind);
            }
        }
        let id_pattern_text = cfg
            .id_pattern
            .clone()
            .unwrap_or_else(|| DEFAULT_ID_PATTERN.to_string());
        let id_pattern = regex_lite::Regex::new(&id_pattern_text)
            .map_err(|e| err("id_pattern", format!("invalid `id_pattern`: {e}")))?;
        let mut levels = HashMap::new();
        for (key, level) in &cfg.rules {
            match crate::check::registry::find(key) {
                Some(rule) => {
                    levels.insert(rule.code, *level);
                }
                None => {
                    return Err(err(
                        key,
                        format!("unknown rule `{key}` in `rules` (see `rbc rules`)"),
                    ))
                }
            }
        }
        Ok(Settings {
            required_sections: cfg.required_sections.clone().unwrap_or_else(|| {
                vec![
                    SectionKind::Symptoms,
                    SectionKind::Diagnosis,
                    SectionKind::Resolution,
                ]
            }),
            aliases,
            id_pattern,
            id_pattern_text,
            levels,
            unlabelled_blocks_are_shell: cfg.unlabelled_blocks_are_shell.unwrap_or(false),
            custom_resources: cfg
                .custom_resources
                .iter()
                .map(CustomResourceEntry::resource)
                .collect(),
            allowed_namespaces: cfg.allowed_namespaces.clone(),
            eval_command: cfg.eval_command.clone(),
            include: globs(&cfg.include).map_err(|e| err("include", e))?,
            exclude: globs(&cfg.exclude).map_err(|e| err("exclude", e))?,
            path: file.map(|(p, _)| p.to_path_buf()),
        })
    }

    /// Read and validate a config file.
    pub fn load(path: &Path) -> Result<Settings, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            message: format!("cannot read the configuration: {e}"),
        })?;
        Settings::parse(path, &text)
    }

    /// Validate the text of a config file (`path` is for messages and relative globs).
    pub fn parse(path: &Path, text: &str) -> Result<Settings, ConfigError> {
        let cfg: Config = if text.trim().is_empty() {
            Config::default()
        } else {
            yaml_serde::from_str(text).map_err(|e| {
                let (line, col) = e
                    .location()
                    .map(|l| (l.line() as u32, l.column() as u32))
                    .unwrap_or((1, 1));
                ConfigError {
                    path: path.to_path_buf(),
                    line,
                    col,
                    message: strip_location(&e.to_string()),
                }
            })?
        };
        Settings::from_config(&cfg, Some((path, text)))
    }

    /// Find `runbooks.yaml` in `start` or the folders above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let abs = std::fs::canonicalize(start).ok()?;
        let mut dir = if abs.is_dir() {
            Some(abs.as_path())
        } else {
            abs.parent()
        };
        while let Some(d) = dir {
            let cand = d.join(FILE_NAME);
            if cand.is_file() {
                return Some(relative_to_cwd(&cand));
            }
            dir = d.parent();
        }
        None
    }
}

fn globs(patterns: &[String]) -> Result<Option<globset::GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        let g = globset::GlobBuilder::new(p)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("invalid glob `{p}`: {e}"))?;
        b.add(g);
    }
    b.build().map(Some).map_err(|e| e.to_string())
}

impl Settings {
    /// Whether `include`/`exclude` keep a file (`path` as discovered).
    pub fn keeps(&self, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let base = self
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(|p| p.to_path_buf())
            .unwrap_or_default();
        let abs = |p: &Path| std::fs::canonicalize(p).ok();
        let rel = match (
            abs(path),
            abs(if base.as_os_str().is_empty() {
                Path::new(".")
            } else {
                &base
            }),
        ) {
            (Some(f), Some(b)) => f.strip_prefix(&b).map(Path::to_path_buf).unwrap_or(f),
            _ => path.to_path_buf(),
        };
        self.include.as_ref().is_none_or(|g| g.is_match(&rel))
            && !self.exclude.as_ref().is_some_and(|g| g.is_match(&rel))
    }
}

fn relative_to_cwd(p: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| std::fs::canonicalize(cwd).ok())
        .and_then(|cwd| p.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf())
}

fn strip_location(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Line and column of the first line that sets `key:`.
fn locate_key(text: &str, key: &str) -> (u32, u32) {
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let t = t.strip_prefix("- ").unwrap_or(t);
        let t = t.trim_start_matches(['"', '\'']);
        if let Some(rest) = t.strip_prefix(key) {
            if rest
                .trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with(':')
            {
                let col = line.len() - line.trim_start().len() + 1;
                return (i as u32 + 1, col as u32);
            }
        }
    }
    (1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> Result<Settings, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        std::fs::write(&p, text).unwrap();
        Settings::load(&p)
    }

    #[test]
    fn unknown_key_is_located() {
        let e = load_str("id_pattern: '^X$'\nrequired_section: [symptoms]\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1), "{e}");
        assert!(
            e.message.contains("unknown field `required_section`"),
            "{e}"
        );
    }

    #[test]
    fn wrong_type_is_located() {
        let e = load_str("required_sections:\n  - symptoms\n  - 3\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn aliases_extend_defaults() {
        let s = load_str("section_aliases:\n  resolution: [Mitigation]\n").unwrap();
        assert_eq!(s.section_kind("Mitigation:"), Some(SectionKind::Resolution));
        assert_eq!(s.section_kind("SYMPTOMS"), Some(SectionKind::Symptoms));
        assert_eq!(s.section_kind("If Rollback Fails"), None);
    }

    #[test]
    fn custom_resources_by_name_or_with_every_name() {
        let s = load_str(
            "custom_resources:\n  - certificates.cert-manager.io\n  - {name: widgets, short: [wd], group: example.com}\n",
        )
        .unwrap();
        let covers = |w: &str| s.custom_resources.iter().any(|c| c.matches(w));
        for w in [
            "cert",
            "certificate",
            "certificates.cert-manager.io",
            "wd",
            "widget",
            "widgets.example.com",
        ] {
            assert!(covers(w), "{w}");
        }
        assert!(!covers("widgets.other.io"));
        let e = load_str("custom_resources:\n  - {name: widgets, shortnames: [wd]}\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn unknown_rule_is_an_error() {
        let e = load_str("rules:\n  nope: off\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
