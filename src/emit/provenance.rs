//! Which commit of its repository each runbook was built from, and whether the file
//! differed from that commit's index entry: read from `.git` itself, because a build
//! runs no other program. Stamped into each script, so a transcript names the runbook
//! that was followed, not the repository the script happened to run in.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Finds the repository of each runbook file once per folder.
#[derive(Default)]
pub struct Provenance {
    /// Stamp every script with this instead (`RBC_SOURCE_COMMIT`).
    fixed: Option<String>,
    repos: Mutex<HashMap<PathBuf, Option<std::sync::Arc<Repo>>>>,
}

struct Repo {
    root: PathBuf,
    head: Option<String>,
    /// Index entries: path relative to the root → blob id.
    index: HashMap<Vec<u8>, [u8; 20]>,
}

impl Provenance {
    pub fn new(fixed: Option<String>) -> Self {
        Provenance {
            fixed,
            repos: Mutex::new(HashMap::new()),
        }
    }

    /// `3f2a…c1`, `3f2a…c1 with uncommitted changes to this file`, or why it is unknown.
    pub fn stamp(&self, file: &str, content: &[u8]) -> String {
        if let Some(f) = &self.fixed {
            return f.clone();
        }
        let Ok(path) = std::fs::canonicalize(file) else {
            return "unknown (the runbook file could not be found again)".into();
        };
        let Some(dir) = path.parent() else {
            return "unknown".into();
        };
        let repo = {
            let mut repos = self.repos.lock().unwrap_or_else(|e| e.into_inner());
            repos
                .entry(dir.to_path_buf())
                .or_insert_with(|| Repo::discover(dir).map(std::sync::Arc::new))
                .clone()
        };
        let Some(repo) = repo else {
            return "unknown (the runbook is not in a git repository)".into();
        };
        let Some(head) = &repo.head else {
            return "none (the repository has no commit yet)".into();
        };
        let rel = path
            .strip_prefix(&repo.root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        match repo.index.get(rel.as_bytes()) {
            Some(id) if *id == blob_id(content) => head.clone(),
            Some(_) => format!("{head} with uncommitted changes to this file"),
            None => format!("{head}; this file is not committed"),
        }
    }
}

impl Repo {
    fn discover(start: &Path) -> Option<Repo> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            let dot = d.join(".git");
            let git_dir = if dot.is_dir() {
                Some(dot)
            } else if dot.is_file() {
                // `gitdir: …` (worktrees, submodules)
                let text = std::fs::read_to_string(&dot).ok()?;
                let p = PathBuf::from(text.trim().strip_prefix("gitdir:")?.trim());
                Some(if p.is_absolute() { p } else { d.join(p) })
            } else {
                None
            };
            if let Some(g) = git_dir {
                let common = std::fs::read_to_string(g.join("commondir"))
                    .ok()
                    .map(|c| g.join(c.trim()))
                    .unwrap_or_else(|| g.clone());
                let index = std::fs::read(g.join("index"))
                    .ok()
                    .and_then(|b| parse_index(&b))
                    .unwrap_or_default();
                return Some(Repo {
                    root: d.to_path_buf(),
                    head: head(&g, &common),
                    index,
                });
            }
            dir = d.parent();
        }
        None
    }
}

/// The commit `HEAD` names: detached, or through a loose or packed ref.
fn head(git: &Path, common: &Path) -> Option<String> {
    let h = std::fs::read_to_string(git.join("HEAD")).ok()?;
    let h = h.trim();
    let Some(r) = h.strip_prefix("ref:") else {
        return is_id(h).then(|| h.to_string());
    };
    let r = r.trim();
    for base in [git, common] {
        if let Ok(id) = std::fs::read_to_string(base.join(r)) {
            let id = id.trim();
            if is_id(id) {
                return Some(id.to_string());
            }
        }
    }
    let packed = std::fs::read_to_string(common.join("packed-refs")).ok()?;
    packed.lines().find_map(|l| {
        let (id, name) = l.split_once(' ')?;
        (name.trim() == r && is_id(id)).then(|| id.to_string())
    })
}

fn is_id(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Git's id of a blob with this content.
fn blob_id(content: &[u8]) -> [u8; 20] {
    let mut h = sha1_smol::Sha1::new();
    h.update(format!("blob {}\0", content.len()).as_bytes());
    h.update(content);
    h.digest().bytes()
}

/// The entries of a git index (versions 2, 3 and 4): path → blob id.
fn parse_index(b: &[u8]) -> Option<HashMap<Vec<u8>, [u8; 20]>> {
    if b.len() < 12 || &b[..4] != b"DIRC" {
        return None;
    }
    let be32 =
        |i: usize| -> Option<u32> { Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?)) };
    let version = be32(4)?;
    let count = be32(8)? as usize;
    if !(2..=4).contains(&version) {
        return None;
    }
    let mut out = HashMap::with_capacity(count);
    let mut i = 12;
    let mut prev: Vec<u8> = Vec::new();
    for _ in 0..count {
        let entry = i;
        let id: [u8; 20] = b.get(entry + 40..entry + 60)?.try_into().ok()?;
        let flags = u16::from_be_bytes(b.get(entry + 60..entry + 62)?.try_into().ok()?);
        let mut p = entry + 62;
        if version >= 3 && flags & 0x4000 != 0 {
            p += 2;
        }
        let name: Vec<u8>;
        if version == 4 {
            // The name is the previous one less N bytes, plus a NUL-terminated suffix.
            let mut strip: usize = 0;
            loop {
                let c = *b.get(p)?;
                p += 1;
                strip = (strip << 7) | usize::from(c & 0x7f);
                if c & 0x80 == 0 {
                    break;
                }
                strip += 1;
            }
            let end = p + b.get(p..)?.iter().position(|&c| c == 0)?;
            let keep = prev.len().checked_sub(strip)?;
            let mut n = prev[..keep].to_vec();
            n.extend_from_slice(&b[p..end]);
            name = n;
            i = end + 1;
        } else {
            let end = p + b.get(p..)?.iter().position(|&c| c == 0)?;
            name = b[p..end].to_vec();
            // Entries are padded with 1–8 NULs to a multiple of 8 bytes.
            let len = end - entry;
            i = entry + (len + 8) / 8 * 8;
        }
        // Stage 0 only (merge conflicts have stages 1–3).
        if (flags >> 12) & 0x3 == 0 {
            out.insert(name.clone(), id);
        }
        prev = name;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_ids_are_gits() {
        // `printf 'hello\n' | git hash-object --stdin`
        let id = blob_id(b"hello\n");
        let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "ce013625030ba8dba906f756967f9e9ca394464a");
    }

    #[test]
    fn a_broken_index_is_no_index() {
        assert!(parse_index(b"DIRC\0\0\0\x02\0\0\0\x05").is_none());
        assert!(parse_index(b"nope").is_none());
    }
}
