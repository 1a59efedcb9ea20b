//! Files as the model names them: a file's name relative to the corpus root, its
//! display path, and reading it as UTF-8 text (F001, F002 when it cannot be).

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use std::path::{Path, PathBuf};

/// `p` made absolute from `cwd`, `.` and `..` folded without asking the file system.
pub fn absolute(cwd: &Path, p: &Path) -> PathBuf {
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

/// The corpus root's path in its repository (`docs/runbooks`; `""` at the top): the
/// repository is the nearest folder with `.git` at or above the root. `None` when
/// there is none.
pub fn repository_prefix(root: &Path) -> Option<String> {
    root.ancestors()
        .find(|a| a.join(".git").exists())
        .and_then(|repo| root.strip_prefix(repo).ok())
        .map(display_path)
}

/// `path`'s name relative to `root`: `""` for the root itself, `None` outside it.
pub fn relative_name(root: &Path, path: &Path) -> Option<String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    absolute(&cwd, path)
        .strip_prefix(root)
        .ok()
        .map(display_path)
}

/// The display form of a path: `/` separators, no leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// A file that could not be read as text: the finding, and whether the file system
/// failed (an I/O failure makes the run's exit status 2; a file that is not UTF-8 is
/// a finding like any other).
#[derive(Debug)]
pub struct Unread {
    pub diagnostic: Diagnostic,
    pub io: bool,
}

/// Read one file, named by its display path.
pub fn read(path: &Path) -> Result<SourceFile, Box<Unread>> {
    read_as(path, &display_path(path))
}

/// Read one file, named `name` in the model (and in its findings, until they are
/// shown with `load::Loaded::present`).
pub fn read_as(path: &Path, name: &str) -> Result<SourceFile, Box<Unread>> {
    let shown = display_path(path);
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(Unread {
            diagnostic: Diagnostic::file(
                &crate::rule::unreadable_file::RULE,
                name,
                format!("cannot read `{shown}`: {e}"),
            ),
            io: true,
        })
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
            Err(Box::new(Unread {
                diagnostic: Diagnostic::new(
                    &crate::rule::invalid_utf8::RULE,
                    span,
                    format!(
                        "`{shown}` is not valid UTF-8: invalid byte 0x{:02X} at byte offset {at}",
                        bytes[at]
                    ),
                )
                .with_help("re-encode the file as UTF-8 (for example with iconv)"),
                io: false,
            }))
        }
    }
}
