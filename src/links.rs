//! Resolving relative links: shared by the link and anchor rules and by the alerts' URLs.

use crate::model::{Corpus, Document};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// A relative link split into its file part and its fragment.
pub struct Relative<'a> {
    /// Empty for `#anchor` links within the same file.
    pub path: String,
    pub fragment: Option<&'a str>,
}

/// `None` for external links (`https:`, `mailto:`, `//host`), absolute paths and empty targets.
pub fn relative(target: &str) -> Option<Relative<'_>> {
    let t = target.trim();
    if t.is_empty() || t.starts_with("//") || t.starts_with('/') {
        return None;
    }
    if let Some(colon) = t.find(':') {
        let scheme = &t[..colon];
        if !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && !t[..colon].contains('/')
        {
            return None;
        }
    }
    let (path, fragment) = match t.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (t, None),
    };
    let path = path.split('?').next().unwrap_or("");
    Some(Relative {
        path: percent_decode(path),
        fragment,
    })
}

pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            // Two hex digits are two ASCII bytes; anything else (a multi-byte
            // character among them) is not an escape, and not sliced into.
            let hex = b
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
            if let Some(v) = hex
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Lexical normalisation: drop `.`, fold `..`.
pub fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The file a link in `doc` points at (its name in the model).
pub fn resolve(doc: &Document, rel_path: &str) -> PathBuf {
    resolve_from(&doc.path, rel_path)
}

/// The file a link in the file at `path` points at.
pub fn resolve_from(path: &str, rel_path: &str) -> PathBuf {
    let base = Path::new(path).parent().unwrap_or(Path::new(""));
    normalise(&base.join(rel_path))
}

/// Documents by normalised path.
pub fn index(corpus: &Corpus) -> HashMap<PathBuf, &Document> {
    corpus
        .documents
        .iter()
        .map(|d| (normalise(Path::new(&d.path)), d))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_targets() {
        assert!(relative("https://x.io").is_none());
        assert!(relative("mailto:a@b").is_none());
        assert!(relative("/abs.md").is_none());
        let r = relative("a%20b.md#x").unwrap();
        assert_eq!(r.path, "a b.md");
        assert_eq!(r.fragment, Some("x"));
        // Not escapes: kept as written, never sliced inside a character.
        assert_eq!(percent_decode("%aé.md"), "%aé.md");
        assert_eq!(percent_decode("%日.md"), "%日.md");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%+f%41"), "%+fA");
        let r = relative("#top").unwrap();
        assert_eq!(r.path, "");
        assert_eq!(
            normalise(Path::new("a/./b/../c.md")),
            PathBuf::from("a/c.md")
        );
    }
}
