//! The workspace a server checks: its incremental session, which files belong to it,
//! and where findings, spans and rule pages are in the editor's terms.

use super::convert::{self, Encoding};
use crate::incremental::Session;
use crate::model::Document;
use crate::source::{SourceFile, Span};
use lsp_types::{Location, Uri};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct Workspace {
    pub session: Session,
    /// The corpus root (absolute): names in the model are relative to it.
    pub root: PathBuf,
    rule_docs: RuleDocs,
}

enum RuleDocs {
    /// A URL with `{code}`.
    Url(String),
    /// A folder holding `<CODE>.md`.
    Folder(PathBuf),
    None,
}

impl Workspace {
    /// Load every runbook under `folder` with the settings found for it, or those of
    /// `config` (the path and text of an edited `runbooks.yaml`). A broken
    /// `runbooks.yaml` leaves the defaults in force and is returned as a message.
    /// `progress` is told how far loading is (percent) and what it is doing.
    pub fn open(
        folder: &Path,
        rule_docs: Option<String>,
        config: Option<(&Path, &str)>,
        progress: &(dyn Fn(u32, &dyn Fn() -> String) + Sync),
    ) -> (Workspace, Option<String>) {
        let paths = [folder.to_path_buf()];
        let settings = match config {
            Some((path, text)) => crate::config::Settings::parse(path, text),
            None => crate::settings_for(&paths, None),
        };
        let (settings, problem) = match settings {
            Ok(s) => (s, None),
            Err(e) => (
                crate::config::Settings::default(),
                Some(format!(
                    "rbc: invalid configuration, the defaults are used until it is fixed: {e}"
                )),
            ),
        };
        // Parsing is most of the work; then the file-scope rules and the tables.
        let loaded = crate::load::load_reporting(&paths, &settings, None, &|done, total| {
            progress((done * 80 / total.max(1)) as u32, &|| {
                format!("{done}/{total} files parsed")
            })
        });
        let files = loaded.corpus.documents.len();
        progress(80, &|| format!("checking {files} files"));
        let root = loaded.root.clone().unwrap_or_else(|| folder.to_path_buf());
        let session = Session::new(crate::Project {
            settings,
            loaded,
            source_commit: None,
            hold_scripts: false,
        });
        let rule_docs = match rule_docs {
            Some(u) => RuleDocs::Url(u),
            None => write_rule_pages().map_or(RuleDocs::None, RuleDocs::Folder),
        };
        (
            Workspace {
                session,
                root,
                rule_docs,
            },
            problem,
        )
    }

    /// The `runbooks.yaml` in force for the workspace (canonical): the one in its
    /// root or the folders above, else (none yet) the root's.
    pub fn config_path(root: &Path) -> PathBuf {
        crate::config::Settings::discover(root)
            .map(|p| canonical(&p))
            .unwrap_or_else(|| root.join(crate::config::FILE_NAME))
    }

    /// The name in the model of a Markdown file of this workspace (under its root and
    /// kept by the configuration's `include`/`exclude`).
    pub fn name_of(&self, path: &Path) -> Option<Arc<str>> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        if !crate::load::EXTENSIONS.contains(&ext.as_str()) {
            return None;
        }
        let path = canonical(path);
        if !path.starts_with(&self.root) || !self.session.project.settings.keeps(&path) {
            return None;
        }
        Some(crate::files::name_in(&self.root, &path).into())
    }

    /// A buffer's text as a source of the session, shown (in findings) by its path.
    pub fn source(&self, name: &str, path: &Path, text: String) -> SourceFile {
        SourceFile::new(name, text).with_shown(crate::files::display_path(&canonical(path)))
    }

    pub fn src(&self, name: &str) -> Option<&SourceFile> {
        self.session.project.loaded.sources.get(name)
    }

    pub fn doc(&self, name: &str) -> Option<&Document> {
        self.session
            .corpus()
            .documents
            .iter()
            .find(|d| d.path == name)
    }

    /// The URI of a file as findings show it (its path as loaded).
    pub fn uri_of_shown(&self, shown: &str) -> Uri {
        let p = Path::new(shown);
        if p.is_absolute() {
            convert::path_to_uri(p)
        } else {
            convert::path_to_uri(&self.root.join(p))
        }
    }

    /// The URI of a file by its name in the model.
    pub fn uri_of_name(&self, name: &str) -> Uri {
        match self.src(name) {
            Some(s) => self.uri_of_shown(&s.shown),
            None => convert::path_to_uri(&self.root.join(name)),
        }
    }

    /// Where a span of the model is.
    pub fn location(&self, span: &Span, enc: Encoding) -> Option<Location> {
        let src = self.src(&span.file)?;
        Some(Location {
            uri: self.uri_of_shown(&src.shown),
            range: convert::range(src, span.start, span.end, enc),
        })
    }

    /// Where a finding's span is (findings name files by their shown path).
    pub fn finding_location(&self, span: &Span, enc: Encoding) -> Option<Location> {
        let src = crate::diagnostic::source_of(&self.session.project.loaded.sources, &span.file)?;
        Some(Location {
            uri: self.uri_of_shown(&src.shown),
            range: convert::range(src, span.start, span.end, enc),
        })
    }

    /// The page of a rule, for a finding's code link.
    pub fn rule_link(&self, code: &str) -> Option<Uri> {
        use std::str::FromStr;
        match &self.rule_docs {
            RuleDocs::Url(u) => Uri::from_str(&u.replace("{code}", code)).ok(),
            RuleDocs::Folder(dir) => Some(convert::path_to_uri(&dir.join(format!("{code}.md")))),
            RuleDocs::None => None,
        }
    }
}

pub fn canonical(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    // A file not saved yet: its folder made canonical.
    match (p.parent(), p.file_name()) {
        (Some(dir), Some(f)) => std::fs::canonicalize(dir)
            .map(|d| d.join(f))
            .unwrap_or_else(|_| p.to_path_buf()),
        _ => p.to_path_buf(),
    }
}

/// The rule pages (`rbc explain`'s text) as Markdown files in the user's cache folder,
/// `rbc/rules-<version>/`, written when missing or different: a link an editor opens
/// without a network or a published book.
fn write_rule_pages() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let dir = base
        .join("rbc")
        .join(format!("rules-{}", env!("CARGO_PKG_VERSION")));
    std::fs::create_dir_all(&dir).ok()?;
    for (name, text) in crate::check::registry::book_pages() {
        let p = dir.join(&name);
        if std::fs::read_to_string(&p).ok().as_deref() != Some(text.as_str()) {
            crate::fix::write_atomic(&p, &text).ok()?;
        }
    }
    Some(dir)
}
