//! Where every generated file goes, computed once per build: the JSON, the scripts and
//! the site's pages all take their names (and the site its links) from one [`Layout`].

use super::safe_file_stem;
use crate::model::{Corpus, Document, Runbook};
use std::collections::HashSet;

/// The files of one runbook, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunbookFiles {
    /// Its ID made safe for a file name, `-2`, `-3`… after an ID seen before (`RB-001`).
    pub stem: String,
    /// `json/RB-001.json`.
    pub json: String,
    /// `scripts/RB-001-pod-crashloopbackoff.sh`.
    pub script: String,
    /// `RB-001-pod-crashloopbackoff.html`.
    pub page: String,
}

/// The pages of one document, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFiles {
    /// `doc/db-failover.html`.
    pub page: String,
    /// `src/db-failover.html`: the Markdown source, lines numbered.
    pub source: String,
}

/// Every runbook's files (in [`Corpus::runbooks`] order) and every document's pages
/// (in corpus order). Names are unique whatever the case of the file system.
#[derive(Debug, Clone)]
pub struct Layout {
    pub runbooks: Vec<RunbookFiles>,
    pub documents: Vec<DocumentFiles>,
    /// Index in `runbooks` of each document's first runbook.
    first_runbook: Vec<usize>,
}

impl Layout {
    pub fn of(corpus: &Corpus) -> Layout {
        let mut seen = HashSet::new();
        let runbooks = corpus
            .runbooks()
            .map(|(_, rb)| {
                let stem = unique(&mut seen, safe_file_stem(&rb.id));
                let base = format!("{stem}-{}", crate::slug::slug(&rb.title));
                RunbookFiles {
                    json: format!("json/{stem}.json"),
                    script: format!("scripts/{base}.sh"),
                    page: format!("{base}.html"),
                    stem,
                }
            })
            .collect();
        let mut seen = HashSet::new();
        let documents = corpus
            .documents
            .iter()
            .map(|d| {
                let stem = unique(&mut seen, safe_file_stem(d.path.trim_end_matches(".md")));
                DocumentFiles {
                    page: format!("doc/{stem}.html"),
                    source: format!("src/{stem}.html"),
                }
            })
            .collect();
        let mut first_runbook = Vec::with_capacity(corpus.documents.len());
        let mut n = 0;
        for d in &corpus.documents {
            first_runbook.push(n);
            n += d.runbooks.len();
        }
        Layout {
            runbooks,
            documents,
            first_runbook,
        }
    }

    /// The files of the runbooks of document `di`, in order (and those of the
    /// documents after it).
    pub fn files_of(&self, di: usize) -> &[RunbookFiles] {
        &self.runbooks[self.first_runbook[di]..]
    }

    /// The runbooks of `corpus.documents[range]`, in order, each with its document (and
    /// the document's index) and its files (`corpus` is the one the layout was made
    /// from, or the same documents with their code).
    pub fn runbooks_in<'c>(
        &'c self,
        corpus: &'c Corpus,
        range: std::ops::Range<usize>,
    ) -> Vec<(usize, &'c Document, &'c Runbook, &'c RunbookFiles)> {
        range
            .flat_map(|di| {
                let d = &corpus.documents[di];
                d.runbooks
                    .iter()
                    .zip(self.files_of(di))
                    .map(move |(rb, f)| (di, d, rb, f))
            })
            .collect()
    }
}

/// `base`, or `base-2`, `base-3`… when a name equal but for case was taken.
fn unique(seen: &mut HashSet<String>, base: String) -> String {
    let mut name = base.clone();
    let mut n = 1;
    while !seen.insert(name.to_ascii_lowercase()) {
        n += 1;
        name = format!("{base}-{n}");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn names_are_unique_whatever_the_case_and_agree_with_each_other() {
        let rb = |id: &str| format!("## Runbook: {id} - Disk full\n\n### Symptoms\n\n- s\n\n");
        let p = crate::Project::from_sources(
            crate::settings::Settings::default(),
            vec![
                SourceFile::new("Ops.md", rb("RB-1") + &rb("rb-1")),
                SourceFile::new("ops.md", rb("RB-2.x")),
            ],
        );
        let l = Layout::of(&p.loaded.corpus);
        let got: Vec<(&str, &str, &str)> = l
            .runbooks
            .iter()
            .map(|f| (f.json.as_str(), f.script.as_str(), f.page.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "json/RB-1.json",
                    "scripts/RB-1-disk-full.sh",
                    "RB-1-disk-full.html"
                ),
                (
                    "json/rb-1-2.json",
                    "scripts/rb-1-2-disk-full.sh",
                    "rb-1-2-disk-full.html"
                ),
                (
                    "json/RB-2-x.json",
                    "scripts/RB-2-x-disk-full.sh",
                    "RB-2-x-disk-full.html"
                ),
            ]
        );
        let docs: Vec<(&str, &str)> = l
            .documents
            .iter()
            .map(|f| (f.page.as_str(), f.source.as_str()))
            .collect();
        assert_eq!(
            docs,
            [
                ("doc/Ops.html", "src/Ops.html"),
                ("doc/ops-2.html", "src/ops-2.html")
            ]
        );
    }
}
