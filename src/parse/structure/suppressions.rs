//! `<!-- rbc-disable CODE reason -->` comments and what each covers.

use super::*;

pub(super) static SUPPRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^<!--\s*rbc-disable(-file)?\s+([A-Za-z0-9,-]+)\s*(.*?)\s*-->\s*$").unwrap()
});

/// `<!-- rbc-disable … -->` HTML blocks and what each covers.
pub(super) fn suppressions(src: &SourceFile, blocks: &[RawBlock]) -> Vec<Suppression> {
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let RawBlock::Html { text, range } = b else {
            continue;
        };
        let Some(c) = SUPPRESS.captures(text.trim()) else {
            continue;
        };
        let file = c.get(1).is_some();
        let (start, end) = if file {
            (0, src.text.len())
        } else {
            match blocks.get(i + 1) {
                Some(next) => (next.range().start, next.range().end),
                None => (range.end, range.end),
            }
        };
        out.push(Suppression {
            span: src.span(range.start, range.start + text.trim_end().len()),
            rules: c[2]
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            reason: c[3].to_string(),
            file,
            start,
            end,
        });
    }
    out
}
