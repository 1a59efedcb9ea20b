//! `runbooks.yaml`: the optional configuration at the corpus root.

mod layouts;
use crate::model::SectionKind;
pub use crate::settings::{normalise_title, IdSource, Layout, Settings, SiteGenerator, Unlabelled};
use layouts::layouts;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub use crate::settings::FILE_NAME;

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
    /// The static-site generator that publishes the runbooks, whose link rules the
    /// link checks follow: `hugo` or `plain`; unset: Hugo when a Hugo configuration
    /// stands beside a `content/` folder that holds the runbooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_generator: Option<SiteGeneratorName>,
    /// The kubectl contexts the generated scripts may change (a runbook's front matter
    /// or `**Allowed contexts**` label narrows it); empty: any. A script refuses a change
    /// in any other context.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_contexts: Vec<String>,
    /// The severities at which a script's change asks the operator to type the context's
    /// name instead of `y`. Default: critical, SEV-0/SEV-1, P0/P1 (case, spaces and
    /// dashes aside).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_context_severities: Option<Vec<String>>,
    /// Which alert label fills a placeholder when the names differ (`pod-name: pod`);
    /// a label of the placeholder's own name (`pod_name`, `pod-name`) needs no entry.
    /// A runbook's front matter `alert_labels` adds to it.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub alert_labels: std::collections::BTreeMap<String, String>,
    /// The kubectl minor versions the runbooks run with (`["1.31", "1.35"]`): every
    /// command must be valid on each. Default: the newest rbc knows. A file or runbook
    /// may name its own with a `kubectl_versions` front matter key or label.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kubectl_versions: Vec<VersionName>,
    /// The helm minor versions the runbooks run with (`["3.17", "4.3"]`). A helm
    /// command every one of them rejects is an error; one only some reject is a
    /// warning that names them. Default: every helm rbc knows (3.17, 4.1, 4.2, 4.3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub helm_versions: Vec<VersionName>,
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
    /// Code blocks without an info string: `true` reads every one as shell commands,
    /// `false` none. Default: those that look like commands (a shell prompt, or a first
    /// command line that runs a program rbc knows or `programs:` declares).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlabelled_blocks_are_shell: Option<bool>,
    /// More runbook layouts, by name. The built-in ones are `heading` (`## Runbook:
    /// RB-001 - Title` headings), `label` (a file with an H1 and a `**Runbook ID**:`
    /// label) and `alert` (a file per alert: `# AlertName`, then Meaning, Impact,
    /// Diagnosis, Mitigation); a layout named like a built-in one replaces it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub layouts: BTreeMap<String, LayoutConfig>,
    /// The layout of the files that match a glob (relative to runbooks.yaml), first match
    /// wins. Files that match none are recognised automatically.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layout_files: Vec<LayoutFiles>,
    /// Where the site's Source links go: an `http(s)` URL with `{path}` (the file's path
    /// relative to the repository root, the folder holding `.git` above the corpus
    /// root; relative to the corpus root when there is none) and optionally `{line}`,
    /// for example `https://github.com/ORG/REPO/blob/main/{path}#L{line}`. Default: the
    /// site's own source pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit_url: Option<String>,
    /// Prometheus rule files whose alerts lead to these runbooks: globs relative to the
    /// folder of runbooks.yaml (`monitoring/rules/*.yaml`). Plain rule files,
    /// `PrometheusRule` objects and multi-document YAML are read; recording rules and
    /// other kinds are skipped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<String>,
    /// Where the alerts' `runbook_url`s lead: a URL prefix → a folder of the corpus
    /// (relative to runbooks.yaml), for example
    /// `"https://runbooks.example.com/runbooks/": content/runbooks/`. The URL's last
    /// path segment names a runbook of the folder by its ID or file name, in any case.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub runbook_urls: BTreeMap<String, String>,
    /// The address the site is published at, for example
    /// `https://ORG.github.io/REPO/`: the 404 page's links then work from any depth
    /// under its path (`/REPO/`), every page gets a canonical link, and the site a
    /// `sitemap.xml`. Default: none (every link relative; the 404 page works at the
    /// top of the site).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_url: Option<String>,
    /// The team's own programs, with the forms of each that only read (the words after
    /// the program, options left out): `erlmcpctl: {read_only: [status, "cluster
    /// status"]}`. A generated script runs those forms without asking; every other form
    /// of a declared program, and every program neither declared nor in rbc's tables,
    /// asks first. A declaration replaces rbc's own table for that program.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub programs: BTreeMap<String, ProgramConfig>,
    /// The team's own shell prompts, beside the built-in ones (`$ `, `$> `,
    /// `user@host:~$ `, `[root@host ~]# `, `sh-5.1# `): in a session (a `console`
    /// block, or one whose first line is a prompt) the lines that start with one are
    /// commands, for example `["mysql> ", "(venv) $ "]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prompts: Vec<String>,
}

/// One declared program (`programs:` in runbooks.yaml).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramConfig {
    /// The forms that only read: word sequences after the program (`status`,
    /// `"cluster status"`); the program with any arguments is `""`.
    #[serde(default)]
    pub read_only: Vec<String>,
}

/// `programs:` as the classification reads it: a program is one word with no path
/// and no shell syntax; a form is words.
fn programs(cfg: &BTreeMap<String, ProgramConfig>) -> Result<crate::programs::Declared, String> {
    let mut out = crate::programs::Declared::new();
    for (name, p) in cfg {
        let plain = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '+'))
        };
        if !plain(name) {
            return Err(format!(
                "`programs`: `{name}` is not a program name (one word, no path)"
            ));
        }
        for f in &p.read_only {
            if f.chars().any(|c| c.is_control()) {
                return Err(format!(
                    "`programs.{name}.read_only`: `{f}` holds a control character"
                ));
            }
        }
        out.insert(name.clone(), p.read_only.clone());
    }
    Ok(out)
}

/// A kubectl minor version, `"1.31"` (a YAML number such as `1.31` is read too).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum VersionName {
    Text(String),
    Number(f64),
}

impl VersionName {
    pub fn text(&self) -> String {
        match self {
            VersionName::Text(s) => s.clone(),
            VersionName::Number(n) => n.to_string(),
        }
    }
}

/// A runbook layout: how a runbook starts, where its ID comes from, its sections.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LayoutConfig {
    /// `file`: each file is one runbook; `heading`: a runbook starts at each heading that
    /// names an ID (`## Runbook: RB-001 - Title`). Default: `file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runbook: Option<RunbookStart>,
    /// For `file` layouts, where the ID comes from, the first found wins:
    /// `front_matter:KEY`, `label:NAME` (a `**NAME**: value` label under the title),
    /// `h1` (the title) or `stem` (the file name). Default: `[h1, stem]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub id_from: Vec<String>,
    /// Regular expression the IDs of this layout match (default: the top-level
    /// `id_pattern` for `heading` layouts, any single word for `file` layouts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_pattern: Option<String>,
    /// Sections every runbook of this layout must have (default: the top-level
    /// `required_sections`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_sections: Option<Vec<SectionKind>>,
    /// Headings that introduce a section in this layout, besides the global aliases.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub section_aliases: BTreeMap<SectionKind, Vec<String>>,
    /// One runbook per alert, its ID the alert's name: alerts are checked to lead to the
    /// runbook of their own name, and runbooks no alert leads to are reported. Default:
    /// true for the built-in `alert` layout, false for the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_alert: Option<bool>,
    /// For `heading` layouts: the headings of this level (2 to 6) whose text is a runbook
    /// ID (`id_pattern`, e.g. `^[A-Z][A-Za-z0-9]+$` for alert names) start a runbook
    /// whose ID is the heading: one-file playbooks without rule files
    /// (`### CortexIngesterUnhealthy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_headings: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RunbookStart {
    File,
    Heading,
}

/// `{glob: "alerts/**", layout: alert}`
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LayoutFiles {
    pub glob: String,
    pub layout: String,
}

/// The IDs of `file` layouts by default: one word, as alert names are.
pub const WORD_ID_PATTERN: &str = "^[A-Za-z][A-Za-z0-9_.:-]*$";

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

pub use crate::rule::Level;

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
    (SectionKind::Meaning, &["meaning", "summary", "description"]),
    (SectionKind::Impact, &["impact", "business impact"]),
];

/// Aliases of the `alert` layout only: its `Mitigation` is the resolution.
const ALERT_ALIASES: &[(SectionKind, &[&str])] = &[(
    SectionKind::Resolution,
    &["mitigation", "mitigations", "mitigation steps"],
)];

impl Default for Settings {
    fn default() -> Self {
        Settings::from_config(&Config::default(), None).expect("default settings are valid")
    }
}

/// Where a configuration error is: the line of its key in the file.
struct At<'a>(Option<(&'a Path, &'a str)>);

impl At<'_> {
    fn err(&self, key: &str, message: String) -> ConfigError {
        let (path, line, col) = match self.0 {
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
    }
}

impl Settings {
    /// Apply a parsed config. `text` (the file's source) locates errors.
    pub fn from_config(cfg: &Config, file: Option<(&Path, &str)>) -> Result<Settings, ConfigError> {
        let at = At(file);
        let err = |key: &str, message: String| at.err(key, message);
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
        let levels = levels(cfg, &at)?;
        if let Some(u) = &cfg.edit_url {
            if !(u.starts_with("https://") || u.starts_with("http://")) || !u.contains("{path}") {
                return Err(err(
                    "edit_url",
                    format!(
                        "`edit_url` must be an http(s) URL with `{{path}}` in it (and `{{line}}` if you like), not `{u}`"
                    ),
                ));
            }
        }
        let site_url = match &cfg.site_url {
            Some(u) => Some(site_url(u).map_err(|m| err("site_url", m))?),
            None => None,
        };
        let required_sections = cfg.required_sections.clone().unwrap_or_else(|| {
            vec![
                SectionKind::Symptoms,
                SectionKind::Diagnosis,
                SectionKind::Resolution,
            ]
        });
        let base = Layout {
            name: "heading".into(),
            per_file: false,
            id_from: Vec::new(),
            id_pattern: id_pattern.clone(),
            id_pattern_text: id_pattern_text.clone(),
            required_sections: required_sections.clone(),
            aliases: aliases.clone(),
            per_alert: false,
            id_headings: None,
        };
        let layouts = layouts(cfg, &base, &at)?;
        for g in &cfg.alerts {
            globset::GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .map_err(|e| err("alerts", format!("invalid glob `{g}` in `alerts`: {e}")))?;
        }
        let runbook_urls = runbook_urls(cfg, &at)?;
        let kubectl_versions = if cfg.kubectl_versions.is_empty() {
            crate::kubectl::tree::Versions::default().with(crate::kubectl::tree::default_version())
        } else {
            let names: Vec<String> = cfg.kubectl_versions.iter().map(VersionName::text).collect();
            crate::kubectl::tree::named(&names).map_err(|e| err("kubectl_versions", e))?
        };
        let helm_versions = helm_versions(cfg, &at)?;
        let layout_files = layout_files(cfg, &layouts, &at)?;
        Ok(Settings {
            required_sections,
            layout_files,
            layouts,
            aliases,
            id_pattern,
            id_pattern_text,
            levels,
            unlabelled: match cfg.unlabelled_blocks_are_shell {
                Some(true) => Unlabelled::Shell,
                Some(false) => Unlabelled::NotShell,
                None => Unlabelled::WhenCommands,
            },
            custom_resources: cfg
                .custom_resources
                .iter()
                .map(CustomResourceEntry::resource)
                .collect(),
            allowed_namespaces: cfg.allowed_namespaces.clone(),
            site_generator: crate::settings::SiteGenerator::Plain,
            alert_names: Default::default(),
            site_generator_setting: cfg.site_generator.map(|g| g.name().to_string()),
            scripts: crate::settings::Scripts {
                allowed_contexts: cfg.allowed_contexts.clone(),
                type_context_severities: cfg
                    .type_context_severities
                    .clone()
                    .unwrap_or_else(crate::settings::Scripts::default_severities),
                alert_labels: cfg.alert_labels.clone(),
            },
            kubectl_versions,
            helm_versions,
            eval_command: cfg.eval_command.clone(),
            include: globs(&cfg.include).map_err(|e| err("include", e))?,
            exclude: globs(&cfg.exclude).map_err(|e| err("exclude", e))?,
            edit_url: cfg.edit_url.clone(),
            site_base: site_url.as_deref().map(url_path),
            site_url,
            path: file.map(|(p, _)| p.to_path_buf()),
            alert_globs: cfg.alerts.clone(),
            alert_paths: Vec::new(),
            runbook_urls,
            programs: programs(&cfg.programs).map_err(|e| err("programs", e))?,
            prompts: prompts(cfg, &at)?,
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

/// The rule levels set under `rules:`, by code.
fn levels(cfg: &Config, at: &At) -> Result<HashMap<&'static str, Level>, ConfigError> {
    let mut levels = HashMap::new();
    for (key, level) in &cfg.rules {
        match crate::check::registry::find(key) {
            Some(rule) if rule.code == crate::rule::internal_error::RULE.code => {
                return Err(at.err(
                    key,
                    format!("`{key}` reports a bug in rbc; its level cannot be changed"),
                ))
            }
            Some(rule) => {
                levels.insert(rule.code, *level);
            }
            None => {
                return Err(at.err(
                    key,
                    format!("unknown rule `{key}` in `rules` (see `rbc rules`)"),
                ))
            }
        }
    }
    Ok(levels)
}

/// `runbook_urls`, the longest prefix first (the longest that matches wins).
fn runbook_urls(cfg: &Config, at: &At) -> Result<Vec<(String, String)>, ConfigError> {
    let mut runbook_urls: Vec<(String, String)> = Vec::new();
    for (prefix, folder) in &cfg.runbook_urls {
        if prefix.trim().is_empty() {
            return Err(at.err(
                "runbook_urls",
                "`runbook_urls`: a URL prefix is empty".to_string(),
            ));
        }
        runbook_urls.push((prefix.trim().to_string(), folder.trim().to_string()));
    }
    runbook_urls.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    Ok(runbook_urls)
}

/// `layout_files`: each glob with the index of its layout.
fn layout_files(
    cfg: &Config,
    layouts: &[Layout],
    at: &At,
) -> Result<Vec<(globset::GlobMatcher, usize)>, ConfigError> {
    let mut layout_files = Vec::new();
    for lf in &cfg.layout_files {
        let Some(i) = layouts.iter().position(|l| l.name == lf.layout) else {
            return Err(at.err(
                "layout",
                format!(
                    "`layout_files`: no layout `{}` (built-in: heading, label, alert)",
                    lf.layout
                ),
            ));
        };
        let g = globset::GlobBuilder::new(&lf.glob)
            .literal_separator(true)
            .build()
            .map_err(|e| at.err("glob", format!("invalid glob `{}`: {e}", lf.glob)))?;
        layout_files.push((g.compile_matcher(), i));
    }
    Ok(layout_files)
}

/// `helm_versions`, as indices into the helm tree's versions (all of them by default).
fn helm_versions(cfg: &Config, at: &At) -> Result<Vec<usize>, ConfigError> {
    let t = crate::helm::tree::tree();
    if cfg.helm_versions.is_empty() {
        return Ok((0..t.versions.len()).collect());
    }
    let mut out = Vec::new();
    for n in cfg.helm_versions.iter().map(VersionName::text) {
        match t.version(&n) {
            Some(v) if !out.contains(&v) => out.push(v),
            Some(_) => {}
            None => {
                let known: Vec<&str> = t.versions.iter().map(|v| v.minor.as_str()).collect();
                return Err(at.err(
                    "helm_versions",
                    format!(
                        "helm `{n}` is not a version rbc knows (it knows {})",
                        known.join(", ")
                    ),
                ));
            }
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// `prompts`: each one line, not blank.
fn prompts(cfg: &Config, at: &At) -> Result<Vec<String>, ConfigError> {
    if let Some(p) = cfg
        .prompts
        .iter()
        .find(|p| p.trim().is_empty() || p.contains('\n'))
    {
        return Err(at.err(
            "prompts",
            format!("`prompts`: {p:?} is not a prompt (empty, blank or several lines)"),
        ));
    }
    Ok(cfg.prompts.clone())
}

/// A valid `site_url`: `http(s)://HOST[/PATH]`, no query or fragment; given a final
/// `/` when it has none (`https://o.github.io/r` is the folder `r/`).
fn site_url(u: &str) -> Result<String, String> {
    let bad = |why: &str| {
        format!("`site_url` must be the http(s) address the site is published at, like `https://ORG.github.io/REPO/`, not `{u}` ({why})")
    };
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .ok_or_else(|| bad("no http:// or https://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(bad("no host"));
    }
    if u.contains(['?', '#'])
        || u.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    {
        return Err(bad("a query, fragment, space or quote"));
    }
    let mut u = u.to_string();
    if !rest.contains('/') || !u.ends_with('/') {
        u.push('/');
    }
    Ok(u)
}

/// The path of an http(s) URL, with its final `/` (`https://h/r/` → `/r/`).
pub fn url_path(u: &str) -> String {
    let rest = u.split_once("://").map_or(u, |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
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
    fn site_url_is_an_http_address_and_gives_the_base() {
        for (given, url, base) in [
            (
                "https://org.github.io/repo/",
                "https://org.github.io/repo/",
                "/repo/",
            ),
            (
                "https://org.github.io/repo",
                "https://org.github.io/repo/",
                "/repo/",
            ),
            ("http://docs.example", "http://docs.example/", "/"),
            ("https://h/a/b/", "https://h/a/b/", "/a/b/"),
        ] {
            let s = load_str(&format!("site_url: {given}\n")).unwrap();
            assert_eq!(s.site_url.as_deref(), Some(url), "{given}");
            assert_eq!(s.site_base.as_deref(), Some(base), "{given}");
        }
        for bad in [
            "org.github.io/repo/",
            "https:///x",
            "https://h/a b/",
            "https://h/?q",
            "ftp://h/",
        ] {
            let e = load_str(&format!("site_url: '{bad}'\n")).unwrap_err();
            assert!(e.message.contains("`site_url` must be"), "{bad}: {e}");
            assert_eq!(e.line, 1, "{bad}");
        }
        assert_eq!(Settings::default().site_base, None);
    }

    #[test]
    fn edit_url_is_an_http_url_with_the_path() {
        let s = load_str("edit_url: https://git.example/r/blob/main/{path}#L{line}\n").unwrap();
        assert_eq!(
            s.edit_url.as_deref(),
            Some("https://git.example/r/blob/main/{path}#L{line}")
        );
        for bad in [
            "javascript:alert(1)//{path}",
            "https://git.example/r/blob/main/",
        ] {
            let e = load_str(&format!("edit_url: '{bad}'\n")).unwrap_err();
            assert_eq!(e.line, 1, "{e}");
            assert!(e.message.contains("`edit_url` must be"), "{e}");
        }
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

    #[test]
    fn helm_versions_are_known_ones_all_by_default() {
        let all = load_str("").unwrap().helm_versions;
        assert_eq!(all.len(), crate::helm::tree::tree().versions.len());
        let two = load_str("helm_versions: [\"4.3\", 3.17]\n").unwrap();
        let t = crate::helm::tree::tree();
        assert_eq!(
            two.helm_versions,
            vec![t.version("3.17").unwrap(), t.version("4.3").unwrap()]
        );
        let e = load_str("# fleet\nhelm_versions: [\"2.16\"]\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.message.contains("helm `2.16` is not a version rbc knows"),
            "{}",
            e.message
        );
    }
}

/// `site_generator:` values.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum SiteGeneratorName {
    Hugo,
    Plain,
}

impl SiteGeneratorName {
    pub fn name(self) -> &'static str {
        match self {
            SiteGeneratorName::Hugo => "hugo",
            SiteGeneratorName::Plain => "plain",
        }
    }
}
