//! The configuration with its defaults applied, as the parser, the loader and the
//! checks read it: [`Settings`] and its [`Layout`]s. Reading and validating
//! `runbooks.yaml` into them is [`crate::config`]'s job.

use crate::model::SectionKind;
use crate::rule::Level;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How code blocks without an info string are read (`unlabelled_blocks_are_shell`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlabelled {
    /// Each one as shell commands.
    Shell,
    /// None as shell commands (a session with prompts still is one).
    NotShell,
    /// As shell commands when they look like commands: a prompt, or a first command
    /// line that runs a program rbc knows or `programs:` declares.
    WhenCommands,
}

/// The configuration file's name.
pub const FILE_NAME: &str = "runbooks.yaml";

/// Where a file runbook's ID comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdSource {
    FrontMatter(String),
    /// A `**Label**:` under the title, by its normalised name.
    Label(String),
    H1,
    Stem,
}

impl IdSource {
    /// `front_matter:KEY`, `label:NAME`, `h1` or `stem`.
    pub fn parse(s: &str) -> Option<IdSource> {
        let s = s.trim();
        if let Some(k) = s.strip_prefix("front_matter:") {
            return Some(IdSource::FrontMatter(k.trim().to_string()));
        }
        if let Some(k) = s.strip_prefix("label:") {
            return Some(IdSource::Label(normalise_title(k)));
        }
        match s {
            "h1" => Some(IdSource::H1),
            "stem" => Some(IdSource::Stem),
            _ => None,
        }
    }
}

/// A layout, resolved: see `LayoutConfig` (`config.rs`).
#[derive(Debug, Clone)]
pub struct Layout {
    pub name: String,
    /// One runbook per file (else: per ID heading).
    pub per_file: bool,
    pub id_from: Vec<IdSource>,
    pub id_pattern: regex_lite::Regex,
    pub id_pattern_text: String,
    pub required_sections: Vec<SectionKind>,
    /// Normalised title → kind: this layout's own, then the global ones.
    pub aliases: HashMap<String, SectionKind>,
    /// One runbook per alert, named like it (see `LayoutConfig::per_alert`).
    pub per_alert: bool,
    /// Headings of this level whose text matches `id_pattern` start a runbook (see
    /// `LayoutConfig::id_headings`).
    pub id_headings: Option<u8>,
}

impl Layout {
    pub fn section_kind(&self, title: &str) -> Option<SectionKind> {
        self.aliases.get(&normalise_title(title)).copied()
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
    /// How code blocks without an info string are read.
    pub unlabelled: Unlabelled,
    /// The declared custom resource types, every name of each.
    pub custom_resources: Vec<crate::kubectl::resources::CustomResource>,
    pub allowed_namespaces: Vec<String>,
    /// What the generated scripts guard: the contexts they may change, and when a
    /// change asks for the context's name.
    pub scripts: Scripts,
    /// The static-site generator that publishes the corpus (`site_generator:`, else
    /// detected when the project is opened): links and anchors resolve as it does.
    pub site_generator: SiteGenerator,
    /// `site_generator:` as runbooks.yaml gives it (`hugo`, `plain`); unset: detected.
    pub site_generator_setting: Option<String>,
    /// The names of the alerts of the rule files (`alerts:`), read when the project is
    /// opened: in a file of several runbooks (a one-file playbook), a heading that is an
    /// alert's name is that alert's runbook.
    pub alert_names: std::sync::Arc<std::collections::HashSet<String>>,
    /// The kubectl versions every command must be valid on (`kubectl_versions`).
    pub kubectl_versions: crate::kubectl::tree::Versions,
    /// The helm versions every helm command is read on (`helm_versions`), as indices
    /// into the helm tree's versions, oldest first.
    pub helm_versions: Vec<usize>,
    pub eval_command: Option<String>,
    pub include: Option<globset::GlobSet>,
    pub exclude: Option<globset::GlobSet>,
    /// The Source link template of the site (`{path}`, `{line}`).
    pub edit_url: Option<String>,
    /// Where the site is published (`https://ORG.github.io/REPO/`, ends with `/`).
    pub site_url: Option<String>,
    /// The path the site is served under (`/REPO/`): `site_url`'s path, or what
    /// `rbc serve --base` says.
    pub site_base: Option<String>,
    /// The config file, when one was found.
    pub path: Option<PathBuf>,
    /// Every layout: the built-in `heading`, `label`, `alert`, then the configured ones.
    pub layouts: Vec<Layout>,
    /// Globs choosing a layout (index into `layouts`), first match wins.
    pub layout_files: Vec<(globset::GlobMatcher, usize)>,
    /// `alerts:` globs, relative to the folder of the config file.
    pub alert_globs: Vec<String>,
    /// More rule files or folders (`--alerts`), relative to the current folder.
    pub alert_paths: Vec<PathBuf>,
    /// `runbook_urls`: URL prefix → folder relative to the config file's folder,
    /// longest prefix first.
    pub runbook_urls: Vec<(String, String)>,
    /// `programs:`: name → the read-only forms the team declares.
    pub programs: crate::programs::Declared,
    /// `prompts:`: the team's own shell prompts.
    pub prompts: Vec<String>,
}

/// Lower-case, inner whitespace folded, trailing `:` dropped.
pub fn normalise_title(s: &str) -> String {
    s.trim()
        .trim_end_matches(':')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Settings {
    pub fn section_kind(&self, title: &str) -> Option<SectionKind> {
        self.aliases.get(&normalise_title(title)).copied()
    }

    /// The folder paths in the configuration are relative to (the current folder when
    /// there is no configuration file).
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// Whether alerting rules are read at all.
    pub fn has_alerts(&self) -> bool {
        !self.alert_globs.is_empty() || !self.alert_paths.is_empty()
    }

    /// The layout named `name` (the built-in `heading` when there is none).
    pub fn layout(&self, name: &str) -> &Layout {
        self.layouts
            .iter()
            .find(|l| l.name == name)
            .unwrap_or(&self.layouts[0])
    }

    /// The layout `layout_files` chooses for a file, if any.
    pub fn layout_for(&self, path: &Path) -> Option<&Layout> {
        if self.layout_files.is_empty() {
            return None;
        }
        let rel = self.relative(path);
        self.layout_files
            .iter()
            .find(|(g, _)| g.is_match(&rel))
            .map(|(_, i)| &self.layouts[*i])
    }

    /// Whether `include`/`exclude` keep a file (`path` as discovered).
    pub fn keeps(&self, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let rel = self.relative(path);
        self.include.as_ref().is_none_or(|g| g.is_match(&rel))
            && !self.exclude.as_ref().is_some_and(|g| g.is_match(&rel))
    }

    /// A file's path relative to the folder of runbooks.yaml (the path itself when it
    /// is elsewhere).
    fn relative(&self, path: &Path) -> PathBuf {
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
        rel
    }
}

/// What the generated scripts guard beyond each command (see `allowed_contexts` and
/// `type_context_severities` in runbooks.yaml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scripts {
    /// The contexts a script may change; empty: any.
    pub allowed_contexts: Vec<String>,
    /// Severities (normalised: lower case, letters and digits) at which a change asks
    /// for the context's name.
    pub type_context_severities: Vec<String>,
    /// Placeholder → the alert label that fills it, when not the label of the same
    /// name (`pod-name: pod`).
    pub alert_labels: std::collections::BTreeMap<String, String>,
}

impl Scripts {
    pub fn default_severities() -> Vec<String> {
        ["critical", "sev0", "sev1", "p0", "p1"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// Whether a runbook of this severity asks for the context's name.
    pub fn types_context(&self, severity: &str) -> bool {
        let n = normalise_severity(severity);
        self.type_context_severities
            .iter()
            .any(|s| normalise_severity(s) == n)
    }
}

impl Default for Scripts {
    fn default() -> Scripts {
        Scripts {
            allowed_contexts: Vec::new(),
            type_context_severities: Scripts::default_severities(),
            alert_labels: Default::default(),
        }
    }
}

/// `SEV-1`, `sev 1` and `Sev1` alike.
fn normalise_severity(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The static-site generator that publishes a corpus, for what links mean on it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SiteGenerator {
    /// Links are files, anchors GitHub's heading slugs (GitHub, GitLab, mkdocs).
    #[default]
    Plain,
    /// Hugo sites: a page's URL is its path in the content folder as a folder
    /// (`/a/b/`), `_index.md` and `index.md` are their folder's page, links are
    /// relative to the page's URL, headings may carry `{#custom-id}`.
    Hugo {
        /// The content folders, relative to the corpus root (`content`,
        /// `site/content`); empty when the corpus root is one or inside one.
        content: Vec<String>,
        /// The corpus root's path inside its content folder (`docs/runbooks`), when
        /// the root is inside one; else empty.
        inside: String,
    },
}

/// Files that make a folder beside `content/` a Hugo site.
const HUGO_CONFIGS: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config/_default",
];

impl SiteGenerator {
    /// The generator of the site at `root` (the corpus root): `setting` when given
    /// (`hugo`, `plain`), else Hugo when a Hugo configuration (`hugo.toml`,
    /// `hugo.yaml`, `config.toml`, …) stands beside a `content/` folder at the root,
    /// above it with the root in that folder, or in folders below it (three levels).
    pub fn detect(root: &std::path::Path, setting: Option<&str>) -> SiteGenerator {
        if setting == Some("plain") {
            return SiteGenerator::Plain;
        }
        let told = setting == Some("hugo");
        let is_site = |d: &std::path::Path| {
            d.join("content").is_dir() && (told || HUGO_CONFIGS.iter().any(|c| d.join(c).exists()))
        };
        let cwd = std::env::current_dir().unwrap_or_default();
        let root = crate::files::absolute(&cwd, root);
        // The root inside a site's content folder.
        let mut dir = root.parent();
        while let Some(d) = dir {
            if is_site(d) {
                if let Ok(rel) = root.strip_prefix(d.join("content")) {
                    return SiteGenerator::Hugo {
                        content: Vec::new(),
                        inside: rel.to_string_lossy().replace('\\', "/"),
                    };
                }
            }
            dir = d.parent();
        }
        // Sites at the root or below it.
        let mut content = Vec::new();
        let mut todo = vec![(root.clone(), 0)];
        while let Some((d, depth)) = todo.pop() {
            if is_site(&d) {
                let rel = d.strip_prefix(&root).unwrap_or(&d).join("content");
                content.push(rel.to_string_lossy().replace('\\', "/"));
                continue;
            }
            if depth == 3 {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name();
                let name = name.to_string_lossy();
                let skip = name.starts_with('.') || matches!(&*name, "node_modules" | "target");
                if !skip && e.file_type().is_ok_and(|t| t.is_dir()) {
                    todo.push((e.path(), depth + 1));
                }
            }
        }
        content.sort();
        if !content.is_empty() {
            return SiteGenerator::Hugo {
                content,
                inside: String::new(),
            };
        }
        if told {
            // Told, with no content folder found: the root is the content.
            return SiteGenerator::Hugo {
                content: Vec::new(),
                inside: String::new(),
            };
        }
        SiteGenerator::Plain
    }

    pub fn is_plain(&self) -> bool {
        *self == SiteGenerator::Plain
    }

    /// Whether the file at `path` (relative to the corpus root) is a page of a Hugo
    /// site (its headings may carry `{#custom-id}`).
    pub fn is_hugo_page(&self, path: &str) -> bool {
        match self {
            SiteGenerator::Plain => false,
            SiteGenerator::Hugo { content, .. } => {
                content.is_empty() || content.iter().any(|c| path.starts_with(&format!("{c}/")))
            }
        }
    }
}
