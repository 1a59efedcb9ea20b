//! Applying machine-applicable fixes: edits sorted, overlapping ones skipped, every
//! other byte of the file kept, files replaced atomically.

use crate::diagnostic::{Diagnostic, Edit};
use crate::source::SourceFile;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// The new text of every file some fix changes, with the number of fixes applied.
pub fn apply(
    sources: &HashMap<Arc<str>, SourceFile>,
    diags: &[Diagnostic],
) -> BTreeMap<Arc<str>, (String, usize)> {
    let mut by_file: BTreeMap<Arc<str>, Vec<&Edit>> = BTreeMap::new();
    for d in diags {
        if let Some(f) = &d.fix {
            by_file
                .entry(d.span.file.clone())
                .or_default()
                .extend(f.edits.iter());
        }
    }
    let mut out = BTreeMap::new();
    for (file, mut edits) in by_file {
        let Some(src) = sources.get(&file) else {
            continue;
        };
        edits.sort_by_key(|e| (e.start, e.end));
        let mut text = String::with_capacity(src.text.len());
        let mut at = 0;
        let mut n = 0;
        for e in edits {
            if e.start < at || e.end > src.text.len() {
                continue; // overlaps an earlier edit: left for the next run
            }
            text.push_str(&src.text[at..e.start]);
            text.push_str(&e.replacement);
            at = e.end;
            n += 1;
        }
        text.push_str(&src.text[at..]);
        out.insert(file, (text, n));
    }
    out
}

/// Replace a file's content atomically (a temporary file beside it, then a rename),
/// keeping its permissions.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.rbc-fix-{}", std::process::id()));
    std::fs::write(&tmp, text)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
