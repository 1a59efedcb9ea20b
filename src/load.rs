//! Finding and reading the Markdown files, and parsing them into a corpus.

use crate::diagnostic::Diagnostic;
use crate::files::{absolute, display_path, name_in, read, read_as};
use crate::model::{Corpus, Document};
use crate::parse;
use crate::settings::Settings;
use crate::source::SourceFile;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Markdown file extensions.
pub const EXTENSIONS: &[&str] = &["md", "markdown"];

/// The result of loading: the model, the sources it points into, and what went wrong.
pub struct Loaded {
    pub corpus: Corpus,
    /// By name (the path relative to the corpus root, as in the model).
    pub sources: HashMap<Arc<str>, SourceFile>,
    /// Parse and read problems; their paths are names, as the model's (see
    /// [`Loaded::shown`]).
    pub diagnostics: Vec<Diagnostic>,
    /// A path could not be read (exit status 2).
    pub io_failure: bool,
    /// The path arguments under which no Markdown file is checked (see [`EmptyPath`]).
    pub empty_paths: Vec<EmptyPath>,
    /// When files were given one by one: the rest of their corpus on disk, where the
    /// runbook IDs they mention are looked up (see [`OnDisk`]).
    pub on_disk: Option<OnDisk>,
    /// The corpus root (absolute), when the files came from the file system.
    pub root: Option<PathBuf>,
    /// Name → path as given, of the files that could not be read (the others have it
    /// in their [`SourceFile::shown`]).
    pub unread: HashMap<Arc<str>, Arc<str>>,
    /// The names of the rule files read for `alerts` (their text is in `sources`).
    pub rule_files: BTreeSet<Arc<str>>,
    /// Files the `alerts:` globs match that are not rule files (a promtool test, a
    /// Kustomization): (file as given, what it is). `rbc alerts` says so.
    pub not_rule_files: Vec<(String, String)>,
    /// What an [`AfterParse`] found in each file, in file order, when one was given
    /// (`rbc check` runs the file-scope rules there; see [`load_then`]).
    pub after_parse: Option<Vec<Diagnostic>>,
}

/// Work done on each file as soon as it is parsed, on the parsing thread, while its
/// model is fresh: it returns the source and the model (which it may shrink) with
/// what it found. `rbc check` runs the file-scope rules there, then drops what only
/// they read, so the whole corpus is never held at full size.
pub type AfterParse<'a> =
    dyn Fn(SourceFile, Document) -> (SourceFile, Document, Vec<Diagnostic>) + Sync + 'a;

/// The corpus around files that were checked on their own (`rbc check a.md`, as the
/// pre-commit hook runs it): the Markdown files under its root that were not checked.
/// They are read only for the runbook IDs they define, and only when a checked file
/// mentions an ID the checked files do not define; nothing is reported on them.
///
/// The root of a file is the folder of the configuration when the file is below it,
/// else the current folder when the file is below it (pre-commit runs hooks at the
/// top of the repository), else the file's own folder.
#[derive(Debug, Clone)]
pub struct OnDisk {
    /// The roots, absolute, none inside another.
    pub roots: Vec<PathBuf>,
    /// The build output folder, never read.
    exclude: Option<PathBuf>,
    /// The checked files, canonical: not read again.
    checked: std::collections::HashSet<PathBuf>,
}

impl OnDisk {
    /// `None` unless one of `paths` is a file.
    fn for_files(
        paths: &[PathBuf],
        checked: &[PathBuf],
        settings: &Settings,
        exclude: Option<&Path>,
    ) -> Option<OnDisk> {
        let canon = |p: &Path| std::fs::canonicalize(p).ok();
        let config_dir = settings
            .path
            .as_deref()
            .and_then(|c| canon(c)?.parent().map(Path::to_path_buf));
        let cwd = std::env::current_dir().ok().and_then(|d| canon(&d));
        let mut roots: Vec<PathBuf> = paths
            .iter()
            .filter(|p| p.is_file())
            .filter_map(|p| {
                let file = canon(p)?;
                [&config_dir, &cwd]
                    .into_iter()
                    .flatten()
                    .find(|dir| file.starts_with(dir))
                    .cloned()
                    .or_else(|| file.parent().map(Path::to_path_buf))
            })
            .collect();
        if roots.is_empty() {
            return None;
        }
        roots.sort();
        roots.dedup();
        let all = roots.clone();
        roots.retain(|r| !all.iter().any(|a| a != r && r.starts_with(a)));
        Some(OnDisk {
            roots,
            exclude: exclude.map(Path::to_path_buf),
            checked: checked.iter().filter_map(|p| canon(p)).collect(),
        })
    }

    /// The roots for messages: relative to the current folder (`.` for itself).
    pub fn shown_roots(&self) -> Vec<String> {
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|d| std::fs::canonicalize(d).ok());
        self.roots
            .iter()
            .map(
                |r| match cwd.as_deref().and_then(|c| r.strip_prefix(c).ok()) {
                    Some(rel) if rel.as_os_str().is_empty() => ".".to_string(),
                    Some(rel) => display_path(rel),
                    None => display_path(r),
                },
            )
            .collect()
    }

    /// Which of `wanted` (upper-case runbook IDs) a Markdown file under the roots
    /// defines, upper-case. Only files whose text contains one of the IDs (in any case)
    /// are parsed: a runbook's ID is part of its heading's text. (A heading that spells
    /// its ID with Markdown escapes or entities, `RB\-008`, would be missed.)
    pub fn defined_ids(
        &self,
        wanted: &std::collections::HashSet<String>,
        settings: &Settings,
    ) -> std::collections::HashSet<String> {
        use rayon::prelude::*;
        if wanted.is_empty() {
            return Default::default();
        }
        let (mut files, _) = discover(&self.roots, self.exclude.as_deref());
        files.retain(|f| {
            settings.keeps(f) && !std::fs::canonicalize(f).is_ok_and(|c| self.checked.contains(&c))
        });
        files
            .par_iter()
            .flat_map_iter(|path| {
                let Ok(src) = read(path) else {
                    return Vec::new();
                };
                let upper = src.text.to_ascii_uppercase();
                if !wanted.iter().any(|id| upper.contains(id.as_str())) {
                    return Vec::new();
                }
                let (doc, _) = parse::document(&src, settings);
                doc.runbooks
                    .iter()
                    .map(|r| r.id.to_ascii_uppercase())
                    .filter(|id| wanted.contains(id))
                    .collect()
            })
            .collect()
    }
}

/// A path argument that exists but holds no Markdown file to check: most often a CI
/// job pointed at the wrong folder, which would otherwise pass on nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmptyPath {
    pub path: PathBuf,
    /// Markdown files there that the configuration's `include`/`exclude` leave out.
    pub excluded: usize,
}

impl std::fmt::Display for EmptyPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no Markdown files in '{}'", display_path(&self.path))?;
        if self.excluded > 0 {
            write!(
                f,
                " that the configuration's `include`/`exclude` keep ({} left out)",
                self.excluded
            )?;
        }
        Ok(())
    }
}

/// The paths of `paths` that exist and under which no file of `kept` lies.
/// `found` are all the Markdown files discovered, before the configuration's filter.
fn empty_paths(paths: &[PathBuf], found: &[PathBuf], kept: &[PathBuf]) -> Vec<EmptyPath> {
    paths
        .iter()
        .filter(|p| p.exists())
        .filter(|p| !kept.iter().any(|f| f.starts_with(p)))
        .map(|p| EmptyPath {
            path: p.clone(),
            excluded: found.iter().filter(|f| f.starts_with(p)).count(),
        })
        .collect()
}

impl Loaded {
    /// The path as the user gave it of a file known by its name in the model.
    pub fn shown<'a>(&'a self, name: &'a str) -> &'a str {
        match self.sources.get(name) {
            Some(s) => &s.shown,
            None => self.unread.get(name).map_or(name, |s| s),
        }
    }

    /// The name in the model of a file known by the path the user gave.
    pub fn name_of_shown<'a>(&'a self, shown: &'a str) -> &'a str {
        crate::diagnostic::source_of(&self.sources, shown).map_or(shown, |s| &s.path)
    }

    /// Findings with the paths the user gave, for showing them (spans and labels).
    /// The usage error for path arguments that hold no Markdown file, unless allowed
    /// (`--allow-empty`).
    pub fn empty_paths_error(&self, allow_empty: bool) -> Option<String> {
        if allow_empty || self.empty_paths.is_empty() {
            return None;
        }
        Some(
            self.empty_paths
                .iter()
                .map(|e| format!("error: {e} (pass --allow-empty to accept that)\n"))
                .collect(),
        )
    }

    pub fn present(&self, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let shown = |f: &Arc<str>| -> Arc<str> {
            match self.sources.get(f) {
                Some(s) => s.shown.clone(),
                None => self.unread.get(f).cloned().unwrap_or_else(|| f.clone()),
            }
        };
        for d in &mut diags {
            d.span.file = shown(&d.span.file);
            for l in &mut d.labels {
                l.span.file = shown(&l.span.file);
            }
        }
        diags
    }
}

/// The corpus root, which paths in the model (and so in the JSON, the scripts and the
/// site) are relative to: the folder of `runbooks.yaml` (found above the paths, or
/// given with `--config`) when every path given is inside it, else the folder given
/// (the deepest folder that holds every path given; a file's own folder). Absolute
/// and lexically normalised. The same files give the same names whether they were
/// given as `runbooks`, `./runbooks` or `/home/ci/build/repo/runbooks`.
pub fn corpus_root(paths: &[PathBuf], settings: &Settings) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let folders: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            let a = absolute(&cwd, p);
            if std::fs::metadata(p).is_ok_and(|m| m.is_dir()) {
                a
            } else {
                a.parent().map_or(a.clone(), Path::to_path_buf)
            }
        })
        .collect();
    let mut common = folders.first().cloned().unwrap_or_else(|| cwd.clone());
    for f in folders.iter().skip(1) {
        while !f.starts_with(&common) && common.pop() {}
    }
    if let Some(dir) = settings.path.as_ref().and_then(|c| c.parent()) {
        let dir = absolute(&cwd, dir);
        if common.starts_with(&dir) {
            return dir;
        }
    }
    common
}

/// Markdown files under `paths`, sorted and without duplicates. `.gitignore`,
/// hidden files and the `exclude` folder (the build output) are skipped.
pub fn discover(paths: &[PathBuf], exclude: Option<&Path>) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let exclude = exclude.and_then(|p| std::fs::canonicalize(p).ok());
    let mut files = BTreeSet::new();
    let mut diags = Vec::new();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                diags.push(Diagnostic::file(
                    &crate::rule::unreadable_file::RULE,
                    &display_path(root),
                    format!("cannot read `{}`: {e}", display_path(root)),
                ));
                continue;
            }
        };
        if meta.is_file() {
            files.insert(root.clone());
            continue;
        }
        let ex = exclude.clone();
        let canon_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        let walker = ignore::WalkBuilder::new(root)
            .follow_links(true)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(move |e| match &ex {
                Some(ex) => std::fs::canonicalize(e.path())
                    .map(|p| p != *ex)
                    .unwrap_or(true),
                None => true,
            })
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    let p = e.path();
                    let is_md = p
                        .extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()));
                    if is_md && e.file_type().is_some_and(|t| t.is_file()) {
                        // Symlinks are followed inside the tree, not out of it: a runbook
                        // folder must not publish files from elsewhere on the machine.
                        match std::fs::canonicalize(p) {
                            Ok(real) if !real.starts_with(&canon_root) => {
                                diags.push(Diagnostic::file(
                                    &crate::rule::unreadable_file::RULE,
                                    &display_path(p),
                                    format!(
                                        "`{}` is a link to `{}`, outside `{}`: not read",
                                        display_path(p),
                                        real.display(),
                                        display_path(root)
                                    ),
                                ));
                            }
                            _ => {
                                files.insert(p.to_path_buf());
                            }
                        }
                    }
                }
                Err(err) => {
                    let path = walk_error_path(&err).unwrap_or_else(|| root.clone());
                    diags.push(Diagnostic::file(
                        &crate::rule::unreadable_file::RULE,
                        &display_path(&path),
                        format!(
                            "cannot read `{}`: {}",
                            display_path(&path),
                            walk_error_text(&err)
                        ),
                    ));
                }
            }
        }
    }
    (files.into_iter().collect(), diags)
}

fn walk_error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } => walk_error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn walk_error_text(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            walk_error_text(err)
        }
        ignore::Error::Loop { ancestor, .. } => format!(
            "symbolic link loop (points back to `{}`); skipped",
            display_path(ancestor)
        ),
        ignore::Error::Io(e) => e.to_string(),
        other => {
            // walkdir's text repeats the path: keep the OS's reason.
            let t = other.to_string();
            match t.rfind(": ") {
                Some(i) if t.ends_with(')') => t[i + 2..].to_string(),
                _ => t,
            }
        }
    }
}

/// Discover, read and parse everything under `paths`.
pub fn load(paths: &[PathBuf], settings: &Settings, exclude: Option<&Path>) -> Loaded {
    load_reporting(paths, settings, exclude, &|_, _| {})
}

/// [`load`], telling `progress` (files parsed, files to parse) as each file is parsed
/// (from the parsing threads).
pub fn load_reporting(
    paths: &[PathBuf],
    settings: &Settings,
    exclude: Option<&Path>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Loaded {
    load_then(paths, settings, exclude, progress, None)
}

/// [`load_reporting`], giving each file to `after` as soon as it is parsed (see
/// [`AfterParse`]); what it finds is in [`Loaded::after_parse`].
pub fn load_then(
    paths: &[PathBuf],
    settings: &Settings,
    exclude: Option<&Path>,
    progress: &(dyn Fn(usize, usize) + Sync),
    after: Option<&AfterParse>,
) -> Loaded {
    let root = corpus_root(paths, settings);
    let (found, walk_problems) = discover(paths, exclude);
    let kept: Vec<PathBuf> = found
        .iter()
        .filter(|f| settings.keeps(f))
        .cloned()
        .collect();
    let empty_paths = empty_paths(paths, &found, &kept);
    let on_disk = OnDisk::for_files(paths, &kept, settings, exclude);
    let mut io_failure = !walk_problems.is_empty();
    let mut unread: HashMap<Arc<str>, Arc<str>> = HashMap::new();
    // Problems found while walking name the path as given; in the model, by name.
    let mut diagnostics: Vec<Diagnostic> = walk_problems
        .into_iter()
        .map(|mut d| {
            let name: Arc<str> = name_in(&root, Path::new(&*d.span.file)).into();
            unread.insert(name.clone(), d.span.file.clone());
            d.span.file = name;
            d
        })
        .collect();
    // The same file given twice (`a/x.md` and `./a/x.md`) has one name: read once.
    let mut seen = std::collections::HashSet::new();
    let files: Vec<(PathBuf, String)> = kept
        .into_iter()
        .map(|f| {
            let name = name_in(&root, &f);
            (f, name)
        })
        .filter(|(_, name)| seen.insert(name.clone()))
        .collect();
    let mut documents: Vec<Document> = Vec::new();
    let mut sources = HashMap::new();
    // Files are read and parsed in parallel, then merged in path order, so the result
    // does not depend on the number of threads.
    use rayon::prelude::*;
    type Parsed = Result<
        (
            SourceFile,
            Option<Document>,
            Vec<Diagnostic>,
            Vec<Diagnostic>,
        ),
        Box<crate::files::Unread>,
    >;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let parsed: Vec<Parsed> = files
        .par_iter()
        .map(|(path, name)| {
            let parsed = read_as(path, name).map(|src| {
                let (doc, diags) = parse_one(&src, settings);
                match (doc, after) {
                    (Some(doc), Some(after)) => {
                        let (src, doc, found) = after(src, doc);
                        (src, Some(doc), diags, found)
                    }
                    (doc, _) => (src, doc, diags, Vec::new()),
                }
            });
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n, files.len());
            parsed
        })
        .collect();
    let mut after_parse = after.map(|_| Vec::new());
    for ((path, name), p) in files.iter().zip(parsed) {
        match p {
            Ok((src, doc, diags, found)) => {
                diagnostics.extend(diags);
                if let Some(all) = &mut after_parse {
                    all.extend(found);
                }
                documents.extend(doc);
                sources.insert(src.path.clone(), src);
            }
            Err(e) => {
                unread.insert(name.as_str().into(), display_path(path).into());
                diagnostics.push(e.diagnostic);
                io_failure |= e.io;
            }
        }
    }
    let mut corpus = Corpus::new(documents);
    let rules = crate::alerts::read(settings, Some(&root));
    diagnostics.extend(rules.diagnostics);
    io_failure |= rules.io_failure;
    let mut rule_files = BTreeSet::new();
    for src in rules.sources {
        rule_files.insert(src.path.clone());
        sources.insert(src.path.clone(), src);
    }
    corpus.alerts = rules.alerts;
    let not_rule_files = rules.skipped;
    crate::alerts::link(&mut corpus, settings, Some(&root));
    Loaded {
        corpus,
        sources,
        diagnostics,
        io_failure,
        empty_paths,
        on_disk,
        root: Some(root),
        unread,
        rule_files,
        not_rule_files,
        after_parse,
    }
}

/// Parse one file: its model, and its parse findings (F004 for an empty file). A
/// panic while parsing leaves the file out with an internal-error finding (F006).
fn parse_one(src: &SourceFile, settings: &Settings) -> (Option<Document>, Vec<Diagnostic>) {
    let parsed = crate::contain::catch(|| {
        crate::contain::trigger::parse(&src.path);
        parse::document(src, settings)
    });
    let (doc, mut diags) = match parsed {
        Ok(p) => p,
        Err(what) => {
            return (
                None,
                vec![crate::contain::parse_failed(&src.path, &src.shown, &what)],
            )
        }
    };
    if src.text.trim().is_empty() {
        diags.insert(
            0,
            Diagnostic::file(
                &crate::rule::empty_file::RULE,
                &src.path,
                format!("`{}` is empty", src.shown),
            ),
        );
    }
    (Some(doc), diags)
}

/// Parse files already in memory, in parallel, keeping their order.
pub fn parse_sources(files: Vec<SourceFile>, settings: &Settings) -> Loaded {
    use rayon::prelude::*;
    let parsed: Vec<(SourceFile, Option<Document>, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(|src| {
            let (doc, diags) = parse_one(&src, settings);
            (src, doc, diags)
        })
        .collect();
    let mut documents = Vec::new();
    let mut sources = HashMap::new();
    let mut diagnostics = Vec::new();
    for (src, doc, diags) in parsed {
        diagnostics.extend(diags);
        documents.extend(doc);
        sources.insert(src.path.clone(), src);
    }
    Loaded {
        corpus: Corpus::new(documents),
        sources,
        diagnostics,
        io_failure: false,
        empty_paths: Vec::new(),
        on_disk: None,
        root: None,
        unread: HashMap::new(),
        rule_files: BTreeSet::new(),
        not_rule_files: Vec::new(),
        after_parse: None,
    }
}
