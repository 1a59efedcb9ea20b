//! Mentions of runbook IDs in prose (`see RB-004`), for the reference rules.

use super::*;

impl Builder<'_> {
    pub(super) fn mentions(
        &self,
        runs: &[(std::ops::Range<usize>, String)],
        runbooks: &[Runbook],
    ) -> Vec<Mention> {
        let prefix = literal_prefix(&self.settings.id_pattern_text);
        if prefix.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        // Runbook headings define IDs rather than mention them; they are in order.
        let headings: Vec<(usize, usize)> = runbooks
            .iter()
            .map(|r| (r.span.start, r.span.end))
            .collect();
        for (range, text) in runs {
            let i = headings.partition_point(|h| h.0 <= range.start);
            if i > 0 && range.end <= headings[i - 1].1 {
                continue;
            }
            let exact = range.len() == text.len();
            let mut from = 0;
            while let Some(i) = text[from..].find(prefix.as_str()) {
                let s = from + i;
                let e = s + prefix.len();
                let digits = text[e..].bytes().take_while(u8::is_ascii_digit).count();
                let before_ok = s == 0 || !text.as_bytes()[s - 1].is_ascii_alphanumeric();
                if digits > 0 && before_ok {
                    let id = &text[s..e + digits];
                    let start = if exact { range.start + s } else { range.start };
                    let end = if exact { start + id.len() } else { range.end };
                    out.push(Mention {
                        id: id.to_string(),
                        span: self.src.span(start, end),
                    });
                }
                from = e;
            }
        }
        out
    }
}

/// `^RB-[0-9]{3}$` → `RB-`: the literal text every ID starts with.
fn literal_prefix(pattern: &str) -> String {
    let p = pattern.strip_prefix('^').unwrap_or(pattern);
    p.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}
