//! The search index, built at `rbc build` time and split so that a search loads only
//! what it needs, with `<script>` tags (so it also works from `file://`).
//!
//! - `search/meta.js`: the shard keys and the size of a document chunk;
//! - `search/s-<key>.js`: every token starting with `<key>` (its first two characters)
//!   and its postings: documents (delta-coded) with the weight of the best field the
//!   token appears in;
//! - `search/d-<n>.js`: the documents `n*CHUNK ..`: ID, title, page, severity, first
//!   symptom.
//!
//! Tokens are kept whole (`crashloopbackoff`, `--all-namespaces`, `split-brain`),
//! lower-cased; hyphenated tokens are also indexed by their parts.

use super::OutputFile;
use std::collections::BTreeMap;

/// Documents per `d-<n>.js` chunk.
pub const CHUNK: usize = 256;

/// Field weights: an ID or title match ranks first, then symptoms, causes, the rest.
pub const W_TITLE: u8 = 10;
pub const W_SYMPTOM: u8 = 6;
pub const W_CAUSE: u8 = 4;
pub const W_HEADING: u8 = 3;
pub const W_COMMAND: u8 = 2;
pub const W_TEXT: u8 = 1;

pub struct SearchDoc {
    pub id: String,
    pub title: String,
    pub page: String,
    pub severity: String,
    pub summary: String,
}

#[derive(Default)]
pub struct IndexBuilder {
    docs: Vec<SearchDoc>,
    /// token → (doc → best weight), docs in increasing order.
    postings: BTreeMap<String, Vec<(u32, u8)>>,
}

/// Split text into search tokens (the same rules as the page's query parser).
pub fn tokens(text: &str, mut f: impl FnMut(&str)) {
    let keep = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
    for raw in text.split(|c: char| !keep(c)) {
        let t = raw.trim_end_matches(['.', '-']).trim_start_matches('.');
        if t.is_empty() || t.chars().all(|c| c == '-' || c == '_') {
            continue;
        }
        f(t);
        let inner = t.trim_start_matches('-');
        if inner.contains(['-', '_', '.']) || inner.len() != t.len() {
            for part in inner.split(['-', '_', '.']) {
                if !part.is_empty() && part != t {
                    f(part);
                }
            }
        }
    }
}

impl IndexBuilder {
    pub fn add_doc(&mut self, doc: SearchDoc) -> u32 {
        self.docs.push(doc);
        (self.docs.len() - 1) as u32
    }

    /// Index `text` for document `doc` with weight `w`. Documents must be added in order.
    pub fn add_text(&mut self, doc: u32, text: &str, w: u8) {
        tokens(text, |t| {
            let t = t.to_lowercase();
            if t.chars().count() < 2 || t.len() > 64 {
                return;
            }
            let list = self.postings.entry(t).or_default();
            match list.last_mut() {
                Some((d, best)) if *d == doc => *best = (*best).max(w),
                _ => list.push((doc, w)),
            }
        });
    }

    /// The index files, and the total size of the index in bytes.
    pub fn files(&self) -> (Vec<OutputFile>, usize) {
        let mut shards: BTreeMap<String, String> = BTreeMap::new();
        for (tok, list) in &self.postings {
            let key = shard_key(tok);
            let s = shards.entry(key).or_default();
            if !s.is_empty() {
                s.push(',');
            }
            s.push_str(&serde_json::to_string(tok).expect("string"));
            s.push_str(":\"");
            let mut prev = 0u32;
            for (i, (d, w)) in list.iter().enumerate() {
                if i > 0 {
                    s.push(' ');
                }
                // delta in base 36, then the weight: `3a` = +3, weight 10 (a).
                s.push_str(&radix36(d - prev));
                s.push(char::from_digit(u32::from(*w), 36).unwrap_or('1'));
                prev = *d;
            }
            s.push('"');
        }
        let mut files = Vec::new();
        let mut total = 0;
        let keys: Vec<&String> = shards.keys().collect();
        let meta = format!(
            "RBC_SEARCH.meta({{\"chunk\":{CHUNK},\"docs\":{},\"shards\":{}}});\n",
            self.docs.len(),
            serde_json::to_string(&keys).expect("keys")
        );
        total += meta.len();
        files.push(OutputFile {
            path: "search/meta.js".into(),
            bytes: meta.into_bytes(),
            executable: false,
        });
        for (key, body) in &shards {
            let js = format!(
                "RBC_SEARCH.shard({},{{{body}}});\n",
                serde_json::to_string(key).expect("key")
            );
            total += js.len();
            files.push(OutputFile {
                path: format!("search/s-{key}.js").into(),
                bytes: js.into_bytes(),
                executable: false,
            });
        }
        for (n, chunk) in self.docs.chunks(CHUNK).enumerate() {
            let rows: Vec<[&str; 5]> = chunk
                .iter()
                .map(|d| {
                    [
                        d.id.as_str(),
                        d.title.as_str(),
                        d.page.as_str(),
                        d.severity.as_str(),
                        d.summary.as_str(),
                    ]
                })
                .collect();
            let js = format!(
                "RBC_SEARCH.docs({n},{});\n",
                serde_json::to_string(&rows).expect("rows")
            );
            total += js.len();
            files.push(OutputFile {
                path: format!("search/d-{n}.js").into(),
                bytes: js.into_bytes(),
                executable: false,
            });
        }
        (files, total)
    }
}

/// The shard of a token: its first two characters, `[a-z0-9]` kept, others `_`.
/// (The page computes the same key.)
pub fn shard_key(tok: &str) -> String {
    tok.chars()
        .take(2)
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn radix36(mut n: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    let mut v = Vec::new();
    while n > 0 {
        v.push(char::from_digit(n % 36, 36).unwrap_or('0'));
        n /= 36;
    }
    v.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        tokens(text, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn tokens_stay_whole() {
        assert_eq!(
            all("Pod in CrashLoopBackOff, OOMKilled."),
            ["Pod", "in", "CrashLoopBackOff", "OOMKilled"]
        );
        assert_eq!(
            all("kubectl get pods --all-namespaces"),
            [
                "kubectl",
                "get",
                "pods",
                "--all-namespaces",
                "all",
                "namespaces"
            ]
        );
        assert_eq!(all("split-brain"), ["split-brain", "split", "brain"]);
    }

    #[test]
    fn postings_are_delta_coded() {
        let mut b = IndexBuilder::default();
        for i in 0..3 {
            let d = b.add_doc(SearchDoc {
                id: format!("RB-{i}"),
                title: String::new(),
                page: String::new(),
                severity: String::new(),
                summary: String::new(),
            });
            b.add_text(d, "oomkilled", if i == 2 { W_TITLE } else { W_TEXT });
        }
        let (files, _) = b.files();
        let shard = files.iter().find(|f| f.path.ends_with("s-oo.js")).unwrap();
        let s = String::from_utf8(shard.bytes.clone()).unwrap();
        assert_eq!(
            s,
            "RBC_SEARCH.shard(\"oo\",{\"oomkilled\":\"01 11 1a\"});\n"
        );
    }
}
