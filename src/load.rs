//! Finding and reading the Markdown files, and parsing them into a corpus.

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::model::{Corpus, Document};
use crate::parse;
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
    /// The corpus root (absolute), when the files came from the file system.
    pub root: Option<PathBuf>,
    /// Name → path as given, of the files that could not be read (the others have it
    /// in their [`SourceFile::shown`]).
    pub unread: HashMap<Arc<str>, Arc<str>>,
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

/// `p` made absolute from `cwd`, `.` and `..` folded without asking the file system.
fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in cwd.join(p).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A file's name in the model: its path relative to `root`, with `/` separators (its
/// display path when it is not under the root).
pub fn name_in(root: &Path, path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    match absolute(&cwd, path).strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => display_path(rel),
        _ => display_path(path),
    }
}

/// The display form of a path: `/` separators, no leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
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
                    "F001",
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
                                    "F001",
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
                        "F001",
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

/// Read one file, named by its display path. Errors are diagnostics; `Err` carries
/// whether it was an I/O failure.
pub fn read(path: &Path) -> Result<SourceFile, Box<(Diagnostic, bool)>> {
    read_as(path, &display_path(path))
}

/// Read one file, named `name` in the model (and in its findings, until they are
/// shown with [`Loaded::present`]).
pub fn read_as(path: &Path, name: &str) -> Result<SourceFile, Box<(Diagnostic, bool)>> {
    let shown = display_path(path);
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new((
            Diagnostic::file("F001", name, format!("cannot read `{shown}`: {e}")),
            true,
        ))
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text).with_shown(shown)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..at]).into_owned();
            let src = SourceFile::new(name, prefix);
            let mut span = src.span(at, at);
            span.end = at;
            Err(Box::new((
                Diagnostic::new(
                    "F002",
                    span,
                    format!(
                        "`{shown}` is not valid UTF-8: invalid byte 0x{:02X} at byte offset {at}",
                        bytes[at]
                    ),
                )
                .with_help("re-encode the file as UTF-8 (for example with iconv)"),
                false,
            )))
        }
    }
}

/// Discover, read and parse everything under `paths`.
pub fn load(paths: &[PathBuf], settings: &Settings, exclude: Option<&Path>) -> Loaded {
    let root = corpus_root(paths, settings);
    let (mut files, found) = discover(paths, exclude);
    files.retain(|f| settings.keeps(f));
    let mut io_failure = !found.is_empty();
    let mut unread: HashMap<Arc<str>, Arc<str>> = HashMap::new();
    // Problems found while walking name the path as given; in the model, by name.
    let mut diagnostics: Vec<Diagnostic> = found
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
    let files: Vec<(PathBuf, String)> = files
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
    type Parsed = Result<(SourceFile, Option<Document>, Vec<Diagnostic>), Box<(Diagnostic, bool)>>;
    let parsed: Vec<Parsed> = files
        .par_iter()
        .map(|(path, name)| {
            let src = read_as(path, name)?;
            let (doc, diags) = parse_one(&src, settings);
            Ok((src, doc, diags))
        })
        .collect();
    for ((path, name), p) in files.iter().zip(parsed) {
        match p {
            Ok((src, doc, diags)) => {
                diagnostics.extend(diags);
                documents.extend(doc);
                sources.insert(src.path.clone(), src);
            }
            Err(e) => {
                let (d, io) = *e;
                unread.insert(name.as_str().into(), display_path(path).into());
                diagnostics.push(d);
                io_failure |= io;
            }
        }
    }
    Loaded {
        corpus: Corpus::new(documents),
        sources,
        diagnostics,
        io_failure,
        root: Some(root),
        unread,
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
            Diagnostic::file("F004", &src.path, format!("`{}` is empty", src.shown)),
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
        root: None,
        unread: HashMap::new(),
    }
}
