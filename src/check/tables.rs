//! The cross-file indexes of the corpus-scope rules, kept by an incremental session
//! and updated file by file: where each document is, where each runbook ID is
//! defined, the severity levels, the index tables, and who reads what, which says
//! whose cross-file findings a change can affect.

use super::rules::{conflicting_runbook_title, unknown_severity};
use super::support::crossfile;
use crate::links;
use crate::model::{Corpus, Document, Runbook};
use crate::source::Span;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// What the cross-file rules read of a runbook from another file.
#[derive(Debug, Clone, PartialEq)]
struct RunbookFacts {
    id: String,
    title: String,
    anchor: String,
    severity: Option<String>,
    span: Span,
}

/// What one document gives the others and what it reads of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// What a link to this file sees: its anchors and runbooks.
    anchors: Vec<String>,
    runbooks: Vec<RunbookFacts>,
    /// The levels of its severity table.
    levels: Vec<String>,
    /// Where the links in each of its table rows lead (normalised, sorted).
    rows: Vec<Vec<PathBuf>>,
    /// All of those.
    row_paths: Vec<PathBuf>,
    /// Where its links lead (normalised, sorted).
    link_paths: Vec<PathBuf>,
    /// The runbook IDs it mentions, refers to by title or defines (upper-case, sorted).
    ids: Vec<String>,
}

impl Facts {
    pub fn of(doc: &Document) -> Facts {
        let resolve = |target: &str| {
            let rel = links::relative(target)?;
            Some(if rel.path.is_empty() {
                key(&doc.path)
            } else {
                links::resolve(doc, &rel.path)
            })
        };
        let rows: Vec<Vec<PathBuf>> = crossfile::table_rows(doc)
            .into_iter()
            .map(|(_, row)| {
                let mut to: Vec<PathBuf> = crossfile::row_links(doc, row)
                    .filter_map(|l| resolve(&l.target))
                    .collect();
                to.sort();
                to.dedup();
                to
            })
            .filter(|to| !to.is_empty())
            .collect();
        let mut row_paths: Vec<PathBuf> = rows.iter().flatten().cloned().collect();
        row_paths.sort();
        row_paths.dedup();
        let mut link_paths: Vec<PathBuf> = doc
            .links
            .iter()
            .filter_map(|l| resolve(&l.target))
            .collect();
        link_paths.sort();
        link_paths.dedup();
        let mut ids: Vec<String> = doc
            .mentions
            .iter()
            .map(|m| m.id.as_str())
            .chain(doc.runbooks.iter().map(|r| r.id.as_str()))
            .chain(
                conflicting_runbook_title::references(doc)
                    .into_iter()
                    .map(|(id, _, _)| id),
            )
            .map(str::to_ascii_uppercase)
            .collect();
        ids.sort();
        ids.dedup();
        Facts {
            anchors: doc.anchors.clone(),
            runbooks: doc
                .runbooks
                .iter()
                .map(|r| RunbookFacts {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    anchor: r.anchor.clone(),
                    severity: r.severity().map(str::to_string),
                    span: r.span.clone(),
                })
                .collect(),
            levels: unknown_severity::levels_of(doc),
            rows,
            row_paths,
            link_paths,
            ids,
        }
    }

    /// The runbooks of each ID.
    fn by_id(&self) -> BTreeMap<String, Vec<&RunbookFacts>> {
        let mut m: BTreeMap<String, Vec<&RunbookFacts>> = BTreeMap::new();
        for r in &self.runbooks {
            m.entry(r.id.to_ascii_uppercase()).or_default().push(r);
        }
        m
    }
}

/// A document's key: its name in the model, normalised (as links resolve). Keys
/// order as the corpus does.
pub fn key(name: &str) -> PathBuf {
    links::normalise(Path::new(name))
}

/// The indexes over a corpus.
#[derive(Default)]
pub struct Tables {
    /// Key → position in `corpus.documents`.
    docs: HashMap<PathBuf, usize>,
    facts: HashMap<PathBuf, Facts>,
    /// Upper-case ID → (document, position of the runbook in it).
    defs: HashMap<String, BTreeSet<(PathBuf, usize)>>,
    levels: HashMap<PathBuf, Vec<String>>,
    /// The documents with links in table rows.
    row_docs: BTreeSet<PathBuf>,
    /// Target → the documents whose table rows link to it.
    row_sources: HashMap<PathBuf, BTreeSet<PathBuf>>,
    link_readers: HashMap<PathBuf, BTreeSet<PathBuf>>,
    id_readers: HashMap<String, BTreeSet<PathBuf>>,
    /// The first document with an index row that leads to a runbook.
    first_index: Option<PathBuf>,
}

/// The documents whose cross-file findings a change may have changed.
#[derive(Debug, Default)]
pub struct Affected {
    pub docs: BTreeSet<PathBuf>,
    /// Rules whose findings may have changed on every document (their table is global).
    pub everywhere: BTreeSet<&'static str>,
}

impl Tables {
    pub fn build(corpus: &Corpus) -> Tables {
        use rayon::prelude::*;
        let facts: Vec<Facts> = corpus.documents.par_iter().map(Facts::of).collect();
        let mut t = Tables::default();
        for (doc, f) in corpus.documents.iter().zip(facts) {
            t.add(key(&doc.path), f);
        }
        t.reindex(corpus);
        t.first_index = t.first_index(corpus);
        t
    }

    fn add(&mut self, k: PathBuf, f: Facts) {
        for (i, r) in f.runbooks.iter().enumerate() {
            let defs = self.defs.entry(r.id.to_ascii_uppercase()).or_default();
            defs.insert((k.clone(), i));
        }
        if !f.levels.is_empty() {
            self.levels.insert(k.clone(), f.levels.clone());
        }
        if !f.row_paths.is_empty() {
            self.row_docs.insert(k.clone());
        }
        for p in &f.row_paths {
            self.row_sources
                .entry(p.clone())
                .or_default()
                .insert(k.clone());
        }
        for p in &f.link_paths {
            self.link_readers
                .entry(p.clone())
                .or_default()
                .insert(k.clone());
        }
        for id in &f.ids {
            self.id_readers
                .entry(id.clone())
                .or_default()
                .insert(k.clone());
        }
        self.facts.insert(k, f);
    }

    fn remove(&mut self, k: &Path) -> Option<Facts> {
        fn drop_from<K: std::hash::Hash + Eq, V: Ord>(
            m: &mut HashMap<K, BTreeSet<V>>,
            at: &K,
            v: &V,
        ) {
            if let Some(s) = m.get_mut(at) {
                s.remove(v);
                if s.is_empty() {
                    m.remove(at);
                }
            }
        }
        let f = self.facts.remove(k)?;
        let k = k.to_path_buf();
        for (i, r) in f.runbooks.iter().enumerate() {
            drop_from(&mut self.defs, &r.id.to_ascii_uppercase(), &(k.clone(), i));
        }
        self.levels.remove(&k);
        self.row_docs.remove(&k);
        for p in &f.row_paths {
            drop_from(&mut self.row_sources, p, &k);
        }
        for p in &f.link_paths {
            drop_from(&mut self.link_readers, p, &k);
        }
        for id in &f.ids {
            drop_from(&mut self.id_readers, id, &k);
        }
        Some(f)
    }

    fn reindex(&mut self, corpus: &Corpus) {
        self.docs = corpus
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (key(&d.path), i))
            .collect();
    }

    /// The corpus changed: these documents (by name) were replaced, added or removed.
    /// The tables follow, and say which documents' cross-file findings may change.
    pub fn update(&mut self, corpus: &Corpus, names: &[std::sync::Arc<str>]) -> Affected {
        let stale = self.docs.len() != corpus.documents.len()
            || names.iter().any(|n| {
                let at = self.docs.get(&key(n));
                at.is_some_and(|&i| corpus.documents.get(i).is_none_or(|d| *d.path != **n))
            });
        if stale {
            self.reindex(corpus);
        }
        let mut changes = Vec::new();
        for n in names {
            let k = key(n);
            let old = self.remove(&k);
            let new = self.doc(corpus, &k).map(Facts::of);
            if let Some(f) = &new {
                self.add(k.clone(), f.clone());
            }
            changes.push((k, old, new));
        }
        let mut a = Affected::default();
        for (k, old, new) in changes {
            if new.is_some() {
                a.docs.insert(k.clone());
            }
            self.affected_by(&k, old.as_ref(), new.as_ref(), &mut a);
        }
        let first = self.first_index(corpus);
        if first != self.first_index {
            self.first_index = first;
            a.everywhere.insert("X004");
        }
        a
    }

    /// Who reads what changed between two states of the document `k`.
    fn affected_by(&self, k: &Path, old: Option<&Facts>, new: Option<&Facts>, a: &mut Affected) {
        fn seen(f: Option<&Facts>) -> Option<(&[String], &[RunbookFacts])> {
            f.map(|f| (&f.anchors[..], &f.runbooks[..]))
        }
        fn rows(f: Option<&Facts>) -> &[PathBuf] {
            f.map_or(&[][..], |f| &f.row_paths[..])
        }
        fn levels(f: Option<&Facts>) -> &[String] {
            f.map_or(&[][..], |f| &f.levels[..])
        }
        if seen(old) != seen(new) {
            // Links to the file: their anchors, the runbooks they lead to; an index
            // row's first link that leads somewhere decides which runbook it lists,
            // so the row's other files may be listed or not now.
            for h in self.link_readers.get(k).into_iter().flatten() {
                a.docs.insert(h.clone());
                let rows = self.facts.get(h).map_or(&[][..], |f| &f.rows[..]);
                for row in rows.iter().filter(|r| r.iter().any(|p| p == k)) {
                    a.docs.extend(row.iter().cloned());
                }
            }
            // The runbook IDs whose definitions changed: who mentions, names or
            // defines them too.
            let empty = BTreeMap::new();
            let before = old.map(Facts::by_id);
            let after = new.map(Facts::by_id);
            let (before, after) = (
                before.as_ref().unwrap_or(&empty),
                after.as_ref().unwrap_or(&empty),
            );
            for id in before.keys().chain(after.keys()) {
                if before.get(id) != after.get(id) {
                    a.docs
                        .extend(self.id_readers.get(id).into_iter().flatten().cloned());
                }
            }
        }
        if rows(old) != rows(new) {
            // The runbooks listed, or no longer listed, in an index.
            a.docs.extend(rows(old).iter().cloned());
            a.docs.extend(rows(new).iter().cloned());
        }
        if levels(old) != levels(new) {
            a.everywhere.insert("X005");
        }
    }

    /// The document with key `k`.
    pub fn doc<'a>(&self, corpus: &'a Corpus, k: &Path) -> Option<&'a Document> {
        self.docs.get(k).and_then(|&i| corpus.documents.get(i))
    }

    /// Where a document is in the corpus's order.
    fn position(&self, k: &Path) -> usize {
        self.docs.get(k).copied().unwrap_or(usize::MAX)
    }

    /// The runbooks with an ID (upper-case), in corpus order.
    pub fn defs<'a>(&self, corpus: &'a Corpus, id: &str) -> Vec<&'a Runbook> {
        let mut at: Vec<(usize, usize)> = self
            .defs
            .get(id)
            .into_iter()
            .flatten()
            .map(|(k, i)| (self.position(k), *i))
            .collect();
        at.sort_unstable();
        at.into_iter()
            .filter_map(|(d, i)| corpus.documents.get(d)?.runbooks.get(i))
            .collect()
    }

    /// The documents that link to files outside the corpus: whether those exist is
    /// asked of the file system, which can change without the corpus changing.
    pub fn outside_readers(&self) -> BTreeSet<PathBuf> {
        self.link_readers
            .iter()
            .filter(|(to, _)| !self.docs.contains_key(*to))
            .flat_map(|(_, from)| from.iter().cloned())
            .collect()
    }

    pub fn is_defined(&self, id: &str) -> bool {
        self.defs.contains_key(id)
    }

    /// Every level of the corpus's severity tables, in corpus order.
    pub fn levels(&self) -> Vec<String> {
        let mut docs: Vec<(usize, &Vec<String>)> = self
            .levels
            .iter()
            .map(|(k, l)| (self.position(k), l))
            .collect();
        docs.sort_unstable_by_key(|(at, _)| *at);
        docs.into_iter()
            .flat_map(|(_, l)| l.iter().cloned())
            .collect()
    }

    /// The name of the first document with an index row that leads to a runbook.
    pub fn index_doc<'a>(&self, corpus: &'a Corpus) -> Option<&'a str> {
        let k = self.first_index.as_ref()?;
        Some(self.doc(corpus, k)?.path.as_str())
    }

    /// Whether an index row of the corpus leads to `rb` of the document `k`.
    pub fn is_indexed(&self, corpus: &Corpus, k: &Path, rb: &Runbook) -> bool {
        let find = |p: &Path| self.doc(corpus, p);
        self.row_sources.get(k).into_iter().flatten().any(|h| {
            self.doc(corpus, h).is_some_and(|h| {
                crossfile::index_rows_of(&find, h)
                    .iter()
                    .any(|r| std::ptr::eq(r.runbook, rb))
            })
        })
    }

    fn first_index(&self, corpus: &Corpus) -> Option<PathBuf> {
        let find = |p: &Path| self.doc(corpus, p);
        let mut sources: Vec<&PathBuf> = self.row_docs.iter().collect();
        sources.sort_by_key(|k| self.position(k));
        sources
            .into_iter()
            .find(|h| {
                self.doc(corpus, h)
                    .is_some_and(|d| !crossfile::index_rows_of(&find, d).is_empty())
            })
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// Replace a document of the project by `text` parsed; the tables follow.
    fn change(p: &mut crate::Project, t: &mut Tables, name: &str, text: String) -> Affected {
        let src = SourceFile::new(name, text);
        let mut parsed = crate::load::parse_sources(vec![src], &p.settings);
        let doc = parsed.corpus.documents.remove(0);
        let docs = &mut p.loaded.corpus.documents;
        let at = docs.iter().position(|d| d.path == name).unwrap();
        docs[at] = doc;
        t.update(&p.loaded.corpus, &[name.into()])
    }

    #[test]
    fn a_change_affects_its_readers_only() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runbooks-md");
        let mut p = crate::Project::open(std::slice::from_ref(&dir), None, None).unwrap();
        let mut t = Tables::build(&p.loaded.corpus);
        let name = "CASCADING_FAILURES.md";
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        // A line at the end: nothing another file reads of it changes.
        let a = change(&mut p, &mut t, name, format!("{text}\n- one more line\n"));
        assert_eq!(a.docs, BTreeSet::from([PathBuf::from(name)]));
        assert!(a.everywhere.is_empty());
        // Its ID: the index that lists it and the files that mention it.
        let a = change(&mut p, &mut t, name, text.replace("RB-011", "RB-911"));
        assert!(a.docs.contains(Path::new("README.md")), "{a:?}");
        assert!(!a.docs.contains(Path::new("SESSION_FAILOVER.md")), "{a:?}");
        assert!(t.is_defined("RB-911") && !t.is_defined("RB-011"));
        // The severity table: every runbook's severity is checked again.
        let ir = "INCIDENT_RESPONSE.md";
        let text = std::fs::read_to_string(dir.join(ir)).unwrap();
        let a = change(
            &mut p,
            &mut t,
            ir,
            text.replacen("| SEV-3 |", "| SEV-7 |", 1),
        );
        assert!(a.everywhere.contains("X005"), "{a:?}");
    }
}
