//! Shell word splitting for one command: quotes and escapes honoured, `<placeholder>`s
//! kept as words, offsets kept so every word points back into the file.

use super::shell::placeholder_ranges;

/// One shell word of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word after quote removal (`'{.spec}'` → `{.spec}`).
    pub value: String,
    /// Byte range in the command's source text.
    pub start: usize,
    pub end: usize,
}

/// The words of the first simple command in `src` (up to `|`, `;`, `&`, a redirection or
/// a newline outside quotes). `\`-newline continuations are blanks.
pub fn split(src: &str) -> Vec<Word> {
    let b = src.as_bytes();
    let holders: Vec<(usize, usize)> = placeholder_ranges(src)
        .into_iter()
        .map(|(s, e, _)| (s, e))
        .collect();
    let mut words = Vec::new();
    let mut i = 0;
    loop {
        // Blanks and continuations.
        while i < b.len() {
            if b[i] == b' ' || b[i] == b'\t' || b[i] == b'\r' {
                i += 1;
            } else if b[i] == b'\\' && b.get(i + 1) == Some(&b'\n') {
                i += 2;
            } else if b[i] == b'\\' && b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n')
            {
                i += 3;
            } else {
                break;
            }
        }
        if i >= b.len() {
            break;
        }
        let c = b[i];
        let is_holder = |at: usize| holders.iter().find(|h| h.0 == at).copied();
        if matches!(c, b'|' | b';' | b'&' | b'\n' | b'(' | b')' | b'>')
            || (c == b'<' && is_holder(i).is_none())
        {
            break;
        }
        if c == b'#' {
            break;
        }
        // `2>/dev/null`: a redirection, not a word.
        if c.is_ascii_digit() {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j < b.len() && (b[j] == b'>' || (b[j] == b'<' && is_holder(j).is_none())) {
                break;
            }
        }
        let start = i;
        let mut value = String::new();
        while i < b.len() {
            let c = b[i];
            if let Some((_, e)) = is_holder(i) {
                value.push_str(&src[i..e]);
                i = e;
                continue;
            }
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b'|' | b';' | b'&' | b'(' | b')' | b'<' | b'>' => {
                    break
                }
                b'\\' => {
                    if b.get(i + 1) == Some(&b'\n') {
                        i += 2;
                        break;
                    }
                    if let Some(ch) = src[i + 1..].chars().next() {
                        value.push(ch);
                        i += 1 + ch.len_utf8();
                    } else {
                        i += 1;
                    }
                }
                b'\'' => {
                    let close = src[i + 1..]
                        .find('\'')
                        .map(|k| i + 1 + k)
                        .unwrap_or(b.len());
                    value.push_str(&src[i + 1..close]);
                    i = (close + 1).min(b.len());
                }
                b'"' => {
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        if b[i] == b'\\' && matches!(b.get(i + 1), Some(b'"' | b'\\' | b'$' | b'`'))
                        {
                            value.push(b[i + 1] as char);
                            i += 2;
                        } else if b[i] == b'\\' && b.get(i + 1) == Some(&b'\n') {
                            i += 2;
                        } else {
                            let ch = src[i..].chars().next().unwrap();
                            value.push(ch);
                            i += ch.len_utf8();
                        }
                    }
                    i = (i + 1).min(b.len());
                }
                b'$' if b.get(i + 1) == Some(&b'(') => {
                    // `$(…)`: kept literally, nesting followed.
                    let mut depth = 0;
                    let s = i;
                    while i < b.len() {
                        match b[i] {
                            b'(' => depth += 1,
                            b')' => {
                                depth -= 1;
                                if depth == 0 {
                                    i += 1;
                                    break;
                                }
                            }
                            _ => {}
                        }
                        i += 1;
                    }
                    value.push_str(&src[s..i]);
                }
                _ => {
                    let ch = src[i..].chars().next().unwrap();
                    value.push(ch);
                    i += ch.len_utf8();
                }
            }
        }
        words.push(Word {
            value,
            start,
            end: i,
        });
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(s: &str) -> Vec<String> {
        split(s).into_iter().map(|w| w.value).collect()
    }

    #[test]
    fn quotes_escapes_and_stops() {
        assert_eq!(
            vals("kubectl patch sts x --type='json' \\\n  -p='[{\"op\": \"add\"}]' | grep x"),
            [
                "kubectl",
                "patch",
                "sts",
                "x",
                "--type=json",
                "-p=[{\"op\": \"add\"}]"
            ]
        );
        assert_eq!(
            vals("a \"b \\\"c\\\" d\" e\\ f 2>/dev/null"),
            ["a", "b \"c\" d", "e f"]
        );
        assert_eq!(
            vals("kubectl logs <pod-name> --previous # why"),
            ["kubectl", "logs", "<pod-name>", "--previous"]
        );
        assert_eq!(vals("echo $(date +%s) x"), ["echo", "$(date +%s)", "x"]);
        let w = split("k  get <p>");
        assert_eq!((w[2].start, w[2].end), (7, 10));
    }
}
