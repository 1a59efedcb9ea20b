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

/// The pages of a Hugo site and their URLs, to resolve links as Hugo does: relative
/// to the page's URL (`../kubectl_debug/` from `/docs/kubectl/`), a folder's
/// `_index.md` or `index.md` being its page, front matter `url`, `slug` and
/// `aliases`, and `{{< ref "…" >}}` / `{{< relref "…" >}}`.
pub struct Urls {
    /// Site (its content folder) and lower-case URL (`content/docs/kubectl/debug/`)
    /// → document path.
    by_url: HashMap<String, String>,
    /// Document path → its site (content folder) and URL.
    of_doc: HashMap<String, (String, String)>,
    /// Document path → its site and its path in the content folder (for `ref`).
    content_path: HashMap<String, (String, String)>,
}

impl Urls {
    /// The URLs of the corpus's pages; `None` when the generator is not Hugo.
    pub fn new(corpus: &Corpus, generator: &crate::settings::SiteGenerator) -> Option<Urls> {
        let crate::settings::SiteGenerator::Hugo { content, inside } = generator else {
            return None;
        };
        let mut u = Urls {
            by_url: HashMap::new(),
            of_doc: HashMap::new(),
            content_path: HashMap::new(),
        };
        for d in &corpus.documents {
            // The page's path in its content folder, and the site it is of.
            let (site, rel) = if content.is_empty() {
                let rel = if inside.is_empty() {
                    d.path.clone()
                } else {
                    format!("{inside}/{}", d.path)
                };
                (String::new(), rel)
            } else {
                match content
                    .iter()
                    .find_map(|c| Some((c.clone(), d.path.strip_prefix(&format!("{c}/"))?)))
                {
                    Some((c, r)) => (c, r.to_string()),
                    None => continue,
                }
            };
            let meta = |k: &str| d.metadata.get(k);
            let mut url = page_url(&rel);
            if let Some(slug) = meta("slug").and_then(|v| v.as_str()) {
                let dir = url
                    .trim_end_matches('/')
                    .rsplit_once('/')
                    .map_or("", |x| x.0);
                url = format!("{dir}/{}/", slug.trim_matches('/')).to_lowercase();
            }
            if let Some(explicit) = meta("url").and_then(|v| v.as_str()) {
                url = folder_url(explicit);
            }
            let mut urls = vec![url.clone()];
            if let Some(aliases) = meta("aliases").and_then(|v| v.as_array()) {
                urls.extend(aliases.iter().filter_map(|a| a.as_str()).map(folder_url));
            }
            // URLs are per site: the site's content folder keys them.
            for x in urls {
                u.by_url
                    .entry(format!("{site}{x}"))
                    .or_insert_with(|| d.path.clone());
            }
            u.of_doc.insert(d.path.clone(), (site.clone(), url));
            u.content_path.insert(d.path.clone(), (site, rel));
        }
        Some(u)
    }

    /// The document a link of `from` leads to, as Hugo resolves it: `target` is the
    /// link's path part (no fragment), as written.
    pub fn target(&self, from: &str, target: &str) -> Option<&str> {
        let t = target.trim();
        if let Some(r) = shortcode_ref(t) {
            return self.by_ref(from, &r);
        }
        let (site, base) = self.of_doc.get(from)?;
        let joined = if t.starts_with('/') {
            t.to_string()
        } else {
            format!("{base}{t}")
        };
        let url = folder_url(&joined);
        self.by_url.get(&format!("{site}{url}")).map(String::as_str)
    }

    /// The URL a link of `from` means on its Hugo site (`/docs/nope/`), for messages.
    pub fn url(&self, from: &str, target: &str) -> Option<String> {
        let (_, base) = self.of_doc.get(from)?;
        let t = target.trim();
        Some(folder_url(&if t.starts_with('/') {
            t.to_string()
        } else {
            format!("{base}{t}")
        }))
    }

    /// `{{< ref "x.md" >}}`: relative to the page's folder, else from the content
    /// root, else the one page of that file name.
    fn by_ref(&self, from: &str, r: &str) -> Option<&str> {
        let r = r.split('#').next().unwrap_or("");
        let (site, here) = self.content_path.get(from)?;
        let dir = Path::new(here).parent().unwrap_or(Path::new(""));
        let candidates = [
            normalise(&dir.join(r)),
            normalise(Path::new(r.trim_start_matches('/'))),
        ];
        for c in &candidates {
            for ext in ["", ".md", "/_index.md", "/index.md"] {
                let want = format!("{}{ext}", c.display());
                if let Some((doc, _)) = self
                    .content_path
                    .iter()
                    .find(|(_, (s, p))| s == site && *p == want)
                {
                    return Some(doc);
                }
            }
        }
        let name = r.rsplit('/').next().unwrap_or(r);
        let mut found = self
            .content_path
            .iter()
            .filter(|(_, (s, p))| s == site && p.rsplit('/').next() == Some(name));
        match (found.next(), found.next()) {
            (Some((doc, _)), None) => Some(doc),
            _ => None,
        }
    }
}

/// The path a `{{< ref "…" >}}` or `{{< relref "…" >}}` shortcode names.
pub fn shortcode_ref(t: &str) -> Option<String> {
    let inner = t
        .strip_prefix("{{<")
        .or_else(|| t.strip_prefix("{{%"))?
        .trim_start();
    let rest = inner
        .strip_prefix("relref")
        .or_else(|| inner.strip_prefix("ref"))?;
    let q = rest.find('"')?;
    let end = rest[q + 1..].find('"')?;
    Some(rest[q + 1..q + 1 + end].to_string())
}

/// A page's URL from its path in the content folder: `a/b.md` → `/a/b/`,
/// `a/_index.md` and `a/index.md` → `/a/`.
fn page_url(rel: &str) -> String {
    let stem = rel
        .strip_suffix(".md")
        .or_else(|| rel.strip_suffix(".markdown"))
        .or_else(|| rel.strip_suffix(".html"))
        .unwrap_or(rel);
    let (dir, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    let path = if name == "_index" || name == "index" {
        dir.to_string()
    } else if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    };
    folder_url(&format!("/{path}"))
}

/// A URL path folded (`.`, `..`, `index.html` dropped) and in the form Hugo serves a
/// page at: lower case, one slash at each end (`/a/b/`).
fn folder_url(u: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in u.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    if parts.last().is_some_and(|l| *l == "index.html") {
        parts.pop();
    }
    if parts.is_empty() {
        "/".into()
    } else {
        format!("/{}/", parts.join("/")).to_lowercase()
    }
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

    #[test]
    fn hugo_urls() {
        assert_eq!(page_url("docs/kubectl/debug.md"), "/docs/kubectl/debug/");
        assert_eq!(page_url("docs/kubectl/_index.md"), "/docs/kubectl/");
        assert_eq!(page_url("docs/Bundle/index.md"), "/docs/bundle/");
        assert_eq!(
            folder_url("/docs/kubectl/debug/../kubectl_debug"),
            "/docs/kubectl/kubectl_debug/"
        );
        assert_eq!(folder_url("/a/index.html"), "/a/");
        assert_eq!(
            shortcode_ref(r#"{{< ref "debug.md" >}}"#).as_deref(),
            Some("debug.md")
        );
        assert_eq!(
            shortcode_ref(r#"{{< relref "/docs/x" >}}"#).as_deref(),
            Some("/docs/x")
        );
        assert_eq!(shortcode_ref("debug.md"), None);
    }
}
