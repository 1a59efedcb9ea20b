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
        let Some(src) = crate::diagnostic::source_of(sources, &file) else {
            continue;
        };
        edits.sort_by_key(|e| (e.start, e.end));
        let mut text = String::with_capacity(src.text.len());
        let mut at = 0;
        let mut n = 0;
        for e in edits {
            if e.start < at || e.end > src.text.len() || e.start > e.end {
                continue; // overlaps an earlier edit: left for the next run
            }
            if !src.text.is_char_boundary(e.start) || !src.text.is_char_boundary(e.end) {
                continue; // not a place in this text: never sliced into a character
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

/// A unified diff of the fixes for one file, without writing it.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // Common prefix and suffix, then hunks around every changed run of lines.
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let (mut i, mut j) = (0usize, 0usize);
    let mut hunks: Vec<(usize, usize, usize, usize)> = Vec::new(); // old start, old end, new start, new end
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        // Find where the two sides meet again (fixes change lines in place or split them).
        let (si, sj) = (i, j);
        let mut found = None;
        'search: for di in 0..=(a.len() - i).min(50) {
            for dj in 0..=(b.len() - j).min(50) {
                if i + di < a.len()
                    && j + dj < b.len()
                    && a[i + di] == b[j + dj]
                    && (di > 0 || dj > 0)
                {
                    found = Some((i + di, j + dj));
                    break 'search;
                }
            }
        }
        let (ei, ej) = found.unwrap_or((a.len(), b.len()));
        hunks.push((si, ei, sj, ej));
        i = ei;
        j = ej;
    }
    let ctx = 3;
    let mut k = 0;
    while k < hunks.len() {
        let mut end = k;
        while end + 1 < hunks.len() && hunks[end + 1].0 <= hunks[end].1 + 2 * ctx {
            end += 1;
        }
        let os = hunks[k].0.saturating_sub(ctx);
        let oe = (hunks[end].1 + ctx).min(a.len());
        let ns = hunks[k].2.saturating_sub(hunks[k].0 - os);
        let ne = (hunks[end].3 + (oe - hunks[end].1)).min(b.len());
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            os + 1,
            oe - os,
            ns + 1,
            ne - ns
        ));
        let mut line = os;
        for h in &hunks[k..=end] {
            for l in &a[line..h.0] {
                out.push(' ');
                out.push_str(l);
            }
            for l in &a[h.0..h.1] {
                out.push('-');
                out.push_str(l);
            }
            for l in &b[h.2..h.3] {
                out.push('+');
                out.push_str(l);
            }
            line = h.1;
        }
        for l in &a[line..oe] {
            out.push(' ');
            out.push_str(l);
        }
        if !out.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
        k = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_of_one_changed_line() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\n";
        assert_eq!(
            unified_diff("x.md", old, new),
            "--- a/x.md\n+++ b/x.md\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }
}
