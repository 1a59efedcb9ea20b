//! Alerts and runbooks together: finding the rule files (`alerts:` in runbooks.yaml,
//! `--alerts`), reading their alerting rules, and following each alert's
//! `runbook_url` into the corpus without a network.
//!
//! A URL leads into the corpus when it starts with a `runbook_urls` prefix (its last
//! path segment names a runbook of the mapped folder by ID or file name, in any case,
//! or the rest is a file's path there), when it is relative (to the rule file), or when
//! it is a repository host's file URL (`…/blob/main/runbooks/x.md`) of a file under
//! the corpus. Anything else is outside the corpus and not checked.

use crate::diagnostic::Diagnostic;
use crate::files;
use crate::model::{Alert, AlertLink, Corpus, Document};
use crate::settings::Settings;
use crate::source::SourceFile;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod labels;
pub use labels::{alert_fills, fills, likely_labels, normalise, query_labels, AlertFills, Fill};

/// YAML file extensions, for `--alerts FOLDER`.
pub const EXTENSIONS: &[&str] = &["yaml", "yml"];

/// The rule files the settings name, sorted, each once. Globs that match nothing and
/// paths that do not exist are findings.
pub fn rule_files(settings: &Settings) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = BTreeSet::new();
    let mut diags = Vec::new();
    let base = settings.base_dir();
    let config_name = settings
        .path
        .as_deref()
        .map(files::display_path)
        .unwrap_or_else(|| crate::settings::FILE_NAME.to_string());
    if !settings.alert_globs.is_empty() {
        let mut set = globset::GlobSetBuilder::new();
        for g in &settings.alert_globs {
            if let Ok(glob) = globset::GlobBuilder::new(g).literal_separator(true).build() {
                set.add(glob);
            }
        }
        let set = set.build().unwrap_or_else(|_| globset::GlobSet::empty());
        let mut matched = vec![false; settings.alert_globs.len()];
        let walk_root = if base.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            base.clone()
        };
        let walker = ignore::WalkBuilder::new(&walk_root)
            .standard_filters(false)
            .hidden(true)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker.flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&walk_root) else {
                continue;
            };
            let hits = set.matches(rel);
            if hits.is_empty() {
                continue;
            }
            for h in hits {
                matched[h] = true;
            }
            files.insert(clean(entry.path()));
        }
        for (g, hit) in settings.alert_globs.iter().zip(matched) {
            if !hit {
                diags.push(Diagnostic::file(
                    &crate::rule::invalid_rule_file::RULE,
                    &config_name,
                    format!("`alerts`: no rule file matches `{g}` (relative to `{config_name}`)"),
                ));
            }
        }
    }
    for p in &settings.alert_paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let walker = ignore::WalkBuilder::new(p)
                    .sort_by_file_path(|a, b| a.cmp(b))
                    .build();
                for entry in walker.flatten() {
                    let path = entry.path();
                    if entry.file_type().is_some_and(|t| t.is_file())
                        && path
                            .extension()
                            .and_then(|e| e.to_str())
                            .is_some_and(|e| EXTENSIONS.contains(&e))
                    {
                        files.insert(clean(path));
                    }
                }
            }
            Ok(_) => {
                files.insert(clean(p));
            }
            Err(e) => diags.push(Diagnostic::file(
                &crate::rule::unreadable_file::RULE,
                &files::display_path(p),
                format!("cannot read `{}`: {e}", files::display_path(p)),
            )),
        }
    }
    (files.into_iter().collect(), diags)
}

/// A rule file's name: its path relative to the corpus root, with `..` when it is
/// outside (`../monitoring/rules/app.yaml`), so that no absolute path of the machine
/// reaches the outputs, however the file was given.
fn name_from(root: &Path, file: &Path) -> String {
    let abs = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let a: Vec<_> = abs.components().collect();
    let r: Vec<_> = root.components().collect();
    let common = a.iter().zip(&r).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return files::name_in(&root, file);
    }
    let mut rel = PathBuf::new();
    for _ in common..r.len() {
        rel.push("..");
    }
    for c in &a[common..] {
        rel.push(c.as_os_str());
    }
    files::display_path(&rel)
}

fn clean(p: &Path) -> PathBuf {
    p.strip_prefix(".").unwrap_or(p).to_path_buf()
}

/// What reading the rule files gives.
#[derive(Default)]
pub struct Read {
    pub alerts: Vec<Alert>,
    /// Files the globs match that are not rule files: (file, what it is).
    pub skipped: Vec<(String, String)>,
    pub sources: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// A rule file could not be read.
    pub io_failure: bool,
}

/// Read the rule files the settings name; each is named relative to `root` as the
/// Markdown files are. One bad file never stops the others.
pub fn read(settings: &Settings, root: Option<&Path>) -> Read {
    let mut out = Read::default();
    if !settings.has_alerts() {
        return out;
    }
    let (files, diags) = rule_files(settings);
    out.io_failure = diags.iter().any(|d| d.code == "F001");
    out.diagnostics = diags;
    for f in files {
        let name = match root {
            Some(r) => name_from(r, &f),
            None => files::display_path(&f),
        };
        match files::read_as(&f, &name) {
            Ok(src) => {
                let (alerts, diags) =
                    crate::contain::catch(|| crate::parse::alert_rules::rule_file(&src))
                        .unwrap_or_else(|what| {
                            (
                                Vec::new(),
                                vec![crate::contain::parse_failed(&src.path, &src.shown, &what)],
                            )
                        });
                if alerts.is_empty() && diags.is_empty() {
                    if let Some(why) = crate::parse::alert_rules::not_rules(&src.text) {
                        out.skipped.push((src.shown.to_string(), why));
                    }
                }
                out.alerts.extend(alerts);
                out.diagnostics.extend(diags);
                out.sources.push(src);
            }
            Err(e) => {
                out.io_failure |= e.io;
                out.diagnostics.push(e.diagnostic);
            }
        }
    }
    out
}

/// Follow every alert's `runbook_url` into the corpus (see the module's doc). `root`
/// is the corpus root on disk, when there is one.
pub fn link(corpus: &mut Corpus, settings: &Settings, root: Option<&Path>) {
    if corpus.alerts.is_empty() {
        return;
    }
    let resolver = Resolver::new(corpus, settings, root);
    let links: Vec<AlertLink> = corpus.alerts.iter().map(|a| resolver.resolve(a)).collect();
    for (a, l) in corpus.alerts.iter_mut().zip(links) {
        a.link = l;
    }
}

struct Resolver<'a> {
    /// Documents by lower-case path.
    docs: BTreeMap<String, &'a Document>,
    /// `runbook_urls`, longest prefix first: (prefix, folder name in the model).
    prefixes: Vec<(String, String)>,
    /// The corpus root's path in its repository (`docs/runbooks`), `""` at the top.
    repo_prefix: String,
    /// The repository's `owner/name` on its forge, lower case, from its `origin`
    /// remote: a forge URL into another repository is external.
    repo_name: Option<String>,
    /// Hugo content folders: a `.md` URL into one is not what the site serves.
    hugo_content: Option<Vec<String>>,
}

impl<'a> Resolver<'a> {
    fn new(corpus: &'a Corpus, settings: &Settings, root: Option<&Path>) -> Self {
        let docs = corpus
            .documents
            .iter()
            .map(|d| (d.path.to_lowercase(), d))
            .collect();
        let base = settings.base_dir();
        let prefixes = settings
            .runbook_urls
            .iter()
            .map(|(prefix, folder)| {
                let folder = root
                    .and_then(|r| files::relative_name(r, &base.join(folder)))
                    .unwrap_or_else(|| norm(folder));
                (prefix.clone(), folder.trim_matches('/').to_string())
            })
            .collect();
        let repo_prefix = root.and_then(files::repository_prefix).unwrap_or_default();
        let hugo_content = match &settings.site_generator {
            crate::settings::SiteGenerator::Hugo { content, .. } => Some(content.clone()),
            crate::settings::SiteGenerator::Plain => None,
        };
        Resolver {
            docs,
            prefixes,
            repo_prefix,
            repo_name: root.and_then(origin_repository),
            hugo_content,
        }
    }

    fn resolve(&self, alert: &Alert) -> AlertLink {
        let Some(raw) = alert.runbook_url() else {
            return AlertLink::Missing;
        };
        let url = match expand_beside_query(raw, alert) {
            Ok(u) => u,
            Err(u) => return AlertLink::Template { url: u },
        };
        let (base, anchor) = match url.split_once('#') {
            Some((b, a)) => (b, Some(a)),
            None => (url.as_str(), None),
        };
        let base = base.split('?').next().unwrap_or("");
        for (prefix, folder) in &self.prefixes {
            if let Some(rest) = base.strip_prefix(prefix.as_str()) {
                return self.in_folder(&url, folder, rest, anchor);
            }
        }
        if !has_scheme(base) && !base.starts_with('/') {
            let from = alert.span.file.to_string();
            let path = crate::links::resolve_from(&from, &crate::links::percent_decode(base));
            let path = files::display_path(&path);
            return match self.document(&path) {
                Some(d) => self.at_anchor(&url, d, None, anchor),
                None => AlertLink::NotFound {
                    url: url.clone(),
                    looked_for: format!("the file `{path}`"),
                },
            };
        }
        if let Some(path) = repository_path(base) {
            // Another repository's file is not this one's, whatever its path.
            let other = match (&self.repo_name, forge_repository(base)) {
                (Some(mine), Some(theirs)) => *mine != theirs,
                _ => false,
            };
            let inside = if other {
                None
            } else if self.repo_prefix.is_empty() {
                Some(path.as_str())
            } else {
                path.strip_prefix(&format!("{}/", self.repo_prefix))
            };
            if let Some(rel) = inside {
                return match self.forge_file(rel, base.contains("/tree/")) {
                    Some(d) => self.at_anchor(&url, d, None, anchor),
                    None => AlertLink::NotFound {
                        url: url.clone(),
                        looked_for: format!(
                            "the file `{rel}` (exactly: the forge serves paths in their case, with their extension)"
                        ),
                    },
                };
            }
        }
        AlertLink::External { url }
    }

    /// Whether the corpus path `p` is in a Hugo content folder.
    fn in_hugo_content(&self, p: &str) -> bool {
        match &self.hugo_content {
            None => false,
            Some(content) => {
                content.is_empty() || content.iter().any(|c| p.starts_with(&format!("{c}/")))
            }
        }
    }

    /// The document a forge serves at `path`: the exact file (case and extension as
    /// written); for a folder (`/tree/`), its README.
    fn forge_file(&self, path: &str, folder: bool) -> Option<&'a Document> {
        let path = path.trim_matches('/');
        let exact = |p: &str| {
            self.docs
                .get(&p.to_lowercase())
                .copied()
                .filter(|d| d.path == p)
        };
        if folder {
            return ["README.md", "readme.md", "README.markdown"]
                .iter()
                .find_map(|r| exact(&format!("{path}/{r}")));
        }
        exact(path)
    }

    /// A document by its path in the model (exact, then in any case; `.html` read as
    /// `.md`; a folder's README, index or _index).
    fn document(&self, path: &str) -> Option<&'a Document> {
        let path = path.trim_matches('/');
        let stem = path
            .strip_suffix(".html")
            .or_else(|| path.strip_suffix(".htm"))
            .unwrap_or(path);
        let mut candidates = vec![
            path.to_string(),
            format!("{stem}.md"),
            format!("{stem}.markdown"),
        ];
        for index in ["README.md", "index.md", "_index.md"] {
            candidates.push(if stem.is_empty() {
                index.to_string()
            } else {
                format!("{stem}/{index}")
            });
        }
        candidates
            .iter()
            .find_map(|c| self.docs.get(&c.to_lowercase()).copied())
    }

    fn in_folder(&self, url: &str, folder: &str, rest: &str, anchor: Option<&str>) -> AlertLink {
        let rest = crate::links::percent_decode(rest.trim_matches('/'));
        let joined = if folder.is_empty() {
            rest.clone()
        } else if rest.is_empty() {
            folder.to_string()
        } else {
            format!("{folder}/{rest}")
        };
        let hugo_md = last_is_md(&rest) && self.in_hugo_content(&joined);
        if !hugo_md {
            if let Some(d) = self.document(&joined) {
                return self.at_anchor(url, d, None, anchor);
            }
        }
        let last = rest.rsplit('/').next().unwrap_or("");
        let name = last
            .strip_suffix(".html")
            .or_else(|| last.strip_suffix(".md"))
            .unwrap_or(last);
        // The URL's folders are the corpus's: a runbook is looked for where the URL
        // says (`runbooks/node/x` is not `runbooks/kubernetes/x`).
        let dir = rest.rsplit_once('/').map_or("", |x| x.0);
        let within = match (folder.is_empty(), dir.is_empty()) {
            (true, _) => dir.to_string(),
            (false, true) => folder.to_string(),
            (false, false) => format!("{folder}/{dir}"),
        };
        let under = |d: &Document| {
            let parent = d.path.rsplit_once('/').map_or("", |x| x.0);
            // A runbook in the folder itself, or in a folder of its own there
            // (`x/index.md`, `x/_index.md`, `x/README.md`).
            parent.eq_ignore_ascii_case(&within)
                || parent
                    .rsplit_once('/')
                    .map_or(within.is_empty(), |x| x.0.eq_ignore_ascii_case(&within))
        };
        // A `.md` URL into a Hugo site is not what the site serves (`/a/b/`).
        if last_is_md(&rest) && self.in_hugo_content(&joined) {
            return AlertLink::NotFound {
                url: url.to_string(),
                looked_for: format!(
                    "`{rest}` on the Hugo site, which serves its pages as folders (`{}/`), not `.md` files",
                    rest.trim_end_matches(".md")
                ),
            };
        }
        if !name.is_empty() {
            // A runbook of the folder by its ID, then a document by its file stem, then a
            // runbook by its slug.
            for doc in self.docs.values().filter(|d| under(d)) {
                if let Some(rb) = doc
                    .runbooks
                    .iter()
                    .find(|r| r.id.eq_ignore_ascii_case(name))
                {
                    return self.at_anchor(url, doc, Some(&rb.id), anchor);
                }
            }
            for doc in self.docs.values().filter(|d| under(d)) {
                let stem = Path::new(&doc.path)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("");
                if stem.eq_ignore_ascii_case(name) {
                    return self.at_anchor(url, doc, None, anchor);
                }
            }
            for doc in self.docs.values().filter(|d| under(d)) {
                if let Some(rb) = doc
                    .runbooks
                    .iter()
                    .find(|r| r.slug.eq_ignore_ascii_case(name))
                {
                    return self.at_anchor(url, doc, Some(&rb.id), anchor);
                }
            }
            // The runbook's page on the site rbc builds (`ID-title-slug.html`), where
            // a query fills its placeholders.
            for doc in self.docs.values().filter(|d| under(d)) {
                if let Some(rb) = doc.runbooks.iter().find(|r| {
                    let page = format!("{}-{}", r.id, crate::slug::slug(&r.title));
                    page.eq_ignore_ascii_case(name)
                }) {
                    return self.at_anchor(url, doc, Some(&rb.id), anchor);
                }
            }
        }
        let shown = if folder.is_empty() { "." } else { folder };
        AlertLink::NotFound {
            url: url.to_string(),
            looked_for: if name.is_empty() {
                format!("an index page in `{shown}/`")
            } else {
                format!("a runbook or file named `{name}` in `{shown}/`")
            },
        }
    }

    /// The link to `doc` (and the runbook `id` in it, or the one its anchor names, or
    /// its only one), its anchor checked against the document's headings.
    fn at_anchor(
        &self,
        url: &str,
        doc: &Document,
        id: Option<&str>,
        anchor: Option<&str>,
    ) -> AlertLink {
        let anchor = anchor
            .filter(|a| !a.is_empty())
            .map(|a| crate::links::percent_decode(a).to_lowercase());
        let by_anchor = anchor
            .as_deref()
            .and_then(|a| doc.runbooks.iter().find(|r| r.anchor == a));
        let runbook = match (id, by_anchor) {
            (Some(id), _) => doc.runbooks.iter().find(|r| r.id == id),
            (None, Some(r)) => Some(r),
            (None, None) if doc.runbooks.len() == 1 => doc.runbooks.first(),
            // A heading inside one of several runbooks: the one it is in.
            (None, None) => anchor.as_deref().and_then(|a| runbook_holding(doc, a)),
        };
        if let Some(a) = &anchor {
            if !doc.anchors.iter().any(|h| h == a) {
                return AlertLink::BrokenAnchor {
                    url: url.to_string(),
                    document: doc.path.clone(),
                    runbook: runbook.map(|r| r.id.clone()),
                    anchor: a.clone(),
                };
            }
        }
        match runbook {
            Some(r) => AlertLink::Runbook {
                url: url.to_string(),
                runbook: r.id.clone(),
                document: doc.path.clone(),
                anchor,
            },
            None => AlertLink::Document {
                url: url.to_string(),
                document: doc.path.clone(),
                anchor,
            },
        }
    }
}

/// The runbook of `doc` whose text holds the heading `anchor`: the last one that
/// starts before the heading, by the order of the document's anchors.
fn runbook_holding<'d>(doc: &'d Document, anchor: &str) -> Option<&'d crate::model::Runbook> {
    let at = doc.anchors.iter().position(|a| a == anchor)?;
    doc.runbooks.iter().rfind(|r| {
        doc.anchors
            .iter()
            .position(|a| *a == r.anchor)
            .is_some_and(|p| p <= at)
    })
}

fn norm(folder: &str) -> String {
    files::display_path(&crate::links::normalise(Path::new(folder)))
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The file path of a repository host's file URL: GitHub and Gitea `…/blob/REF/PATH`,
/// `…/tree/REF/PATH`, `…/src/branch/REF/PATH`; GitLab `…/-/blob/REF/PATH`; Bitbucket
/// `…/src/REF/PATH`. The ref is taken to be one path segment.
/// Whether a URL path's last segment names a Markdown file.
fn last_is_md(rest: &str) -> bool {
    let last = rest.rsplit('/').next().unwrap_or("");
    last.ends_with(".md") || last.ends_with(".markdown")
}

/// `owner/name` (lower case) of a forge URL (`https://github.com/ORG/REPO/blob/…`).
pub fn forge_repository(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let mut segs = rest.split('/');
    let _host = segs.next()?;
    let (owner, name) = (segs.next()?, segs.next()?);
    (!owner.is_empty() && !name.is_empty())
        .then(|| format!("{owner}/{}", name.trim_end_matches(".git")).to_lowercase())
}

/// `owner/name` (lower case) of the repository `root` is in, from its `origin` remote
/// (`git@github.com:ORG/REPO.git`, `https://gitlab.example.com/ORG/REPO`).
fn origin_repository(root: &Path) -> Option<String> {
    let repo = root.ancestors().find(|a| a.join(".git").exists())?;
    let config = std::fs::read_to_string(repo.join(".git/config")).ok()?;
    let mut in_origin = false;
    for line in config.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            in_origin = l == r#"[remote "origin"]"#;
            continue;
        }
        if let Some(url) = l
            .strip_prefix("url")
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix('='))
        {
            if !in_origin {
                continue;
            }
            let url = url.trim();
            let path = match url.split_once("://") {
                Some((_, r)) => r.split_once('/').map(|x| x.1)?,
                None => url.split_once(':').map(|x| x.1)?,
            };
            let mut segs = path.trim_matches('/').rsplitn(3, '/');
            let name = segs.next()?;
            let owner = segs.next()?;
            return Some(format!("{owner}/{}", name.trim_end_matches(".git")).to_lowercase());
        }
    }
    None
}

pub fn repository_path(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let segments: Vec<&str> = rest.split('/').collect();
    for (i, s) in segments.iter().enumerate() {
        let skip = match *s {
            "blob" | "tree" | "raw" => 2,
            "src" if segments.get(i + 1) == Some(&"branch") => 3,
            "src" if i >= 3 => 2,
            _ => continue,
        };
        // host/org/repo before the marker at least.
        if i < 3 {
            continue;
        }
        let path = segments.get(i + skip..)?.join("/");
        if path.is_empty() {
            return None;
        }
        return Some(crate::links::percent_decode(&path));
    }
    None
}

/// Expand the templates of a `runbook_url` that are known offline: `$labels.alertname`
/// and the rule's own labels (`{{ $labels.alertname }}`, `{{ .Labels.team }}`), with
/// `| toLower`, `| toUpper` or `| title`. `Err` (the URL as far as it goes) when one
/// cannot be expanded.
pub fn expand(url: &str, alert: &Alert) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = url;
    let mut ok = true;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find("}}") else {
            out.push_str(&rest[open..]);
            rest = "";
            ok = false;
            break;
        };
        let inner = rest[open + 2..open + close].trim_matches(['-', ' ']);
        match expand_one(inner, alert) {
            Some(v) => out.push_str(&v),
            None => {
                out.push_str(&rest[open..open + close + 2]);
                ok = false;
            }
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    if ok {
        Ok(out)
    } else {
        Err(out)
    }
}

/// [`expand`] on the path and the fragment of a URL; its query is left as written (it
/// carries values to the page, `?pod={{ $labels.pod }}`, and names no file).
pub fn expand_beside_query(url: &str, alert: &Alert) -> Result<String, String> {
    let Some(q) = url.find('?') else {
        return expand(url, alert);
    };
    let (path, rest) = url.split_at(q);
    let (query, fragment) = match rest.find('#') {
        Some(h) => (&rest[..h], Some(&rest[h + 1..])),
        None => (rest, None),
    };
    let mut ok = true;
    let mut out = expand(path, alert).unwrap_or_else(|u| {
        ok = false;
        u
    });
    out.push_str(query);
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(&expand(f, alert).unwrap_or_else(|u| {
            ok = false;
            u
        }));
    }
    if ok {
        Ok(out)
    } else {
        Err(out)
    }
}

fn expand_one(inner: &str, alert: &Alert) -> Option<String> {
    let mut parts = inner.split('|').map(str::trim);
    let head = parts.next()?;
    let label = head
        .strip_prefix("$labels.")
        .or_else(|| head.strip_prefix(".Labels."))?;
    let mut value = if label == "alertname" {
        alert.name.clone()
    } else {
        alert.labels.get(label)?.clone()
    };
    for f in parts {
        value = match f {
            "toLower" => value.to_lowercase(),
            "toUpper" => value.to_uppercase(),
            "title" => {
                let mut c = value.chars();
                match c.next() {
                    Some(first) => first.to_uppercase().chain(c).collect(),
                    None => value,
                }
            }
            _ => return None,
        };
    }
    Some(value)
}

/// How many alerts lead to a runbook, and why the others do not.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Coverage {
    pub alerts: usize,
    /// Alerts that lead to a runbook of the corpus.
    pub runbook: usize,
    /// To a file of the corpus without a runbook.
    pub document: usize,
    /// With no `runbook_url`.
    pub missing: usize,
    /// Into the corpus, to nothing there (or to a missing heading).
    pub broken: usize,
    /// Outside the corpus, or a template that cannot be expanded offline: not checked.
    pub unchecked: usize,
}

impl Coverage {
    pub fn of(corpus: &Corpus) -> Coverage {
        let mut c = Coverage {
            alerts: corpus.alerts.len(),
            ..Coverage::default()
        };
        for a in &corpus.alerts {
            match a.link {
                AlertLink::Runbook { .. } => c.runbook += 1,
                AlertLink::Document { .. } => c.document += 1,
                AlertLink::Missing => c.missing += 1,
                AlertLink::NotFound { .. } | AlertLink::BrokenAnchor { .. } => c.broken += 1,
                AlertLink::External { .. } | AlertLink::Template { .. } => c.unchecked += 1,
            }
        }
        c
    }

    /// `alerts: 7 of 9 lead to a runbook (1 without runbook_url, 1 broken)`; `None`
    /// when no alert was read.
    pub fn line(&self) -> Option<String> {
        if self.alerts == 0 {
            return None;
        }
        let mut parts = Vec::new();
        for (n, what) in [
            (self.document, "to a page without a runbook"),
            (self.missing, "without runbook_url"),
            (self.broken, "broken"),
            (self.unchecked, "outside the corpus, not checked"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        let mut l = format!(
            "alerts: {} of {} lead to a runbook",
            self.runbook, self.alerts
        );
        if !parts.is_empty() {
            l.push_str(&format!(" ({})", parts.join(", ")));
        }
        Some(l)
    }
}

/// `rbc alerts --format json`.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Listing {
    pub version: u32,
    pub alerts: Vec<Alert>,
    pub coverage: Coverage,
    /// Per alert that leads to a runbook with placeholders: which its labels fill.
    pub fills: Vec<AlertFills>,
}

/// Where a link leads, in words: `KubeQuotaAlmostFull (alerts/KubeQuotaAlmostFull.md)`,
/// `missing: no runbook_url`, … `shown` gives a file's path as the user gave it.
pub fn describe_link(link: &AlertLink, shown: impl Fn(&str) -> String) -> String {
    match link {
        AlertLink::Missing => "missing: no runbook_url".to_string(),
        AlertLink::Runbook {
            runbook, document, ..
        } => format!("{runbook} ({})", shown(document)),
        AlertLink::Document { document, .. } => format!("page {} (no runbook)", shown(document)),
        AlertLink::NotFound { url, .. } => format!("broken: {url}"),
        AlertLink::BrokenAnchor {
            document, anchor, ..
        } => format!("broken anchor: {}#{anchor}", shown(document)),
        AlertLink::External { url } => format!("external, not checked: {url}"),
        AlertLink::Template { url } => format!("not checked (template): {url}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn alert(name: &str, url: Option<&str>) -> Alert {
        let src = SourceFile::new("rules/a.yaml", "x".into());
        let mut annotations = BTreeMap::new();
        if let Some(u) = url {
            annotations.insert("runbook_url".to_string(), u.to_string());
        }
        Alert {
            name: name.into(),
            group: "g".into(),
            span: src.span(0, 1),
            expr: "up == 0".into(),
            for_: None,
            labels: [("team".to_string(), "Storage".to_string())].into(),
            annotations,
            url_span: None,
            link: AlertLink::Missing,
        }
    }

    #[test]
    fn a_query_passing_labels_is_left_as_written() {
        let a = alert("KubePodCrashLooping", None);
        assert_eq!(
            expand_beside_query(
                "https://r.io/{{ $labels.alertname }}.md?pod={{ $labels.pod }}#diagnosis",
                &a
            ),
            Ok("https://r.io/KubePodCrashLooping.md?pod={{ $labels.pod }}#diagnosis".into())
        );
        assert!(expand_beside_query("https://r.io/{{ $labels.pod }}?a=b", &a).is_err());
        assert_eq!(
            query_labels("https://r.io/x?pod={{ $labels.pod }}&ns={{.Labels.namespace}}&v=1"),
            [
                ("pod".to_string(), "pod".to_string()),
                ("ns".into(), "namespace".into())
            ]
        );
    }

    #[test]
    fn likely_labels_and_fills() {
        let mut a = alert(
            "KubePodCrashLooping",
            Some("https://r.io/x?ns={{ $labels.namespace }}"),
        );
        a.expr = "sum by (namespace, pod) (rate(x[5m])) > 0 and on(job) y".into();
        a.annotations
            .insert("summary".into(), "{{ $labels.container }} restarts".into());
        let l: Vec<String> = likely_labels(&a).into_iter().collect();
        assert_eq!(l, ["container", "namespace", "pod", "team"]);
        let ps: Vec<String> = ["pod-name", "pod", "ns", "node"].map(String::from).to_vec();
        let m = [("pod-name".to_string(), "pod".to_string())].into();
        let f: Vec<(String, String, String)> = fills(&a, &ps, &m)
            .into_iter()
            .map(|f| (f.placeholder, f.label, f.by))
            .collect();
        assert_eq!(
            f,
            [
                ("pod-name".into(), "pod".into(), "mapping".into()),
                ("pod".into(), "pod".into(), "name".into()),
                ("ns".into(), "namespace".into(), "url".into()),
            ]
        );
    }

    #[test]
    fn templates_known_offline_are_expanded() {
        let a = alert("KubeDiskFull", None);
        assert_eq!(
            expand("https://r.io/{{ $labels.alertname | toLower }}", &a),
            Ok("https://r.io/kubediskfull".to_string())
        );
        assert_eq!(
            expand("https://r.io/{{.Labels.team}}/{{ $labels.alertname }}", &a),
            Ok("https://r.io/Storage/KubeDiskFull".to_string())
        );
        assert!(expand("https://r.io/{{ $labels.namespace }}", &a).is_err());
        assert!(expand("https://r.io/{{ $externalLabels.cluster }}/x", &a).is_err());
        assert!(expand("https://r.io/{{ $labels.alertname | reReplaceAll }}", &a).is_err());
    }

    #[test]
    fn repository_urls_give_the_path() {
        for (url, path) in [
            (
                "https://github.com/o/r/blob/main/runbooks/a.md",
                Some("runbooks/a.md"),
            ),
            (
                "https://gitlab.com/g/sub/r/-/blob/v1/docs/A%20b.md",
                Some("docs/A b.md"),
            ),
            ("https://gitea.io/o/r/src/branch/main/x.md", Some("x.md")),
            ("https://r.example/runbooks/a", None),
            ("https://github.com/o/r/blob/main", None),
        ] {
            assert_eq!(repository_path(url).as_deref(), path, "{url}");
        }
    }

    #[test]
    fn a_missing_url_is_missing() {
        let corpus = Corpus::new(Vec::new());
        let r = Resolver::new(&corpus, &Settings::default(), None);
        assert_eq!(r.resolve(&alert("A", None)), AlertLink::Missing);
        assert!(matches!(
            r.resolve(&alert("A", Some("https://elsewhere.example/a"))),
            AlertLink::External { .. }
        ));
        assert!(matches!(
            r.resolve(&alert("A", Some("../runbooks/a.md"))),
            AlertLink::NotFound { .. }
        ));
    }
}
