//! Bold labels: `**Severity**: SEV-2` lines, the `**Name**: description` lead of a list
//! item, and the snake_case keys they become.

/// Regex `\s`: ASCII whitespace.
pub(super) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r')
}

/// `**Name**: rest` / `**Name** - rest` / `**Name** rest` on one line (the regex
/// `^\*\*(.+?)\*\*\s*(?:[:\-–—]\s*)?(.*)$`, by hand).
pub(super) fn bold_lead(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix("**")?;
    let first = rest.chars().next()?.len_utf8();
    let mut from = first;
    // The name is the shortest that lets the rest match; neither holds a newline.
    while let Some(i) = rest[from..].find("**") {
        let k = from + i;
        if rest[..k].contains('\n') {
            return None;
        }
        let after = rest[k + 2..].trim_start_matches(is_space);
        let after = match after.chars().next() {
            Some(c @ (':' | '-' | '–' | '—')) => {
                after[c.len_utf8()..].trim_start_matches(is_space)
            }
            _ => after,
        };
        if !after.contains('\n') {
            return Some((&rest[..k], after));
        }
        from = k + 1;
    }
    None
}

/// `**Label**: value` or `**Label:** value` (the regex
/// `^\s*\*\*([^*]+?)(?::\*\*|\*\*\s*:)\s*(.*)$`, by hand).
pub(super) fn bold_label(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start_matches(is_space).strip_prefix("**")?;
    let j = rest.find('*')?;
    if j == 0 || !rest[j..].starts_with("**") {
        return None;
    }
    if j >= 2 && rest[..j].ends_with(':') {
        return Some((&rest[..j - 1], rest[j + 2..].trim_start_matches(is_space)));
    }
    let after = rest[j + 2..].trim_start_matches(is_space);
    let value = after.strip_prefix(':')?;
    Some((&rest[..j], value.trim_start_matches(is_space)))
}

/// Every line of a paragraph is `**Label**: value`: the pairs.
pub(super) fn bold_labels(markdown: &str) -> Option<Vec<(String, String)>> {
    let mut v = Vec::new();
    for line in markdown.lines() {
        if !line.trim_start().starts_with("**") {
            return None;
        }
        let (label, value) = bold_label(line)?;
        v.push((label.trim().to_string(), value.trim().to_string()));
    }
    (!v.is_empty()).then_some(v)
}

pub(super) fn snake(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

pub(super) fn line_offsets(s: &str) -> Vec<(usize, &str)> {
    let mut v = Vec::new();
    let mut off = 0;
    for l in s.split_inclusive('\n') {
        v.push((off, l.trim_end_matches(['\n', '\r'])));
        off += l.len();
    }
    v
}
