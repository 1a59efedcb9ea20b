//! Bash syntax errors in process, with tree-sitter-bash: exact positions, and parsing
//! goes on after an error. One parser per thread, reused.
//!
//! Most runbook blocks are plain commands (`kubectl get pods -n shop | grep web`): a
//! quick scan ([`plainly_valid`]) proves those valid without the parser, and only the
//! rest go to tree-sitter. The scan accepts a small grammar bash cannot reject and says
//! "not sure" to anything else; the differential test against the real `bash -n` is
//! its gate.

use std::cell::RefCell;

/// A syntax error at a byte offset of the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub start: usize,
    pub end: usize,
    /// The offending token, or what is missing.
    pub message: String,
}

thread_local! {
    static PARSER: RefCell<Option<tree_sitter::Parser>> = const { RefCell::new(None) };
}

/// `<pod-name>` → `_pod-name_`: same length, so offsets stay right, and a plain word.
pub fn mask_placeholders(code: &str) -> String {
    let mut s = code.to_string();
    for (start, end, _) in crate::words::placeholder_ranges(code) {
        s.replace_range(start..start + 1, "_");
        s.replace_range(end - 1..end, "_");
    }
    s
}

/// Syntax errors of a shell block (placeholders already masked), in order.
pub fn syntax_errors(code: &str) -> Vec<SyntaxError> {
    if plainly_valid(code) {
        return Vec::new();
    }
    parse_errors(code)
}

/// The syntax errors tree-sitter finds, without the quick scan.
pub fn parse_errors(code: &str) -> Vec<SyntaxError> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(|| {
            let mut p = tree_sitter::Parser::new();
            p.set_language(&tree_sitter_bash::LANGUAGE.into())
                .expect("tree-sitter-bash matches the tree-sitter version");
            p
        });
        let Some(tree) = parser.parse(code, None) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        collect(tree.root_node(), code, &mut out);
        dangling_redirects(tree.root_node(), &mut out);
        out.sort_by_key(|e| e.start);
        out
    })
}

/// Words that are reserved where a command starts (and so may open or close a
/// construct the quick scan does not follow).
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for",
    "in", "function", "select", "time", "coproc", "{", "}", "!", "[[", "]]",
];

/// Whether `code` is made only of simple commands that bash cannot reject: words
/// (plain, single-quoted, double-quoted with only `$NAME`/`${NAME}` expansions,
/// backslash escapes), `$NAME` expansions, redirections to a word, comments, line
/// continuations, and `|`, `||`, `&&`, `;`, `&` between commands. `false` means "not
/// proven", never "invalid": anything else (substitutions, subshells, heredocs,
/// reserved words in command position, …) goes to the parser.
pub fn plainly_valid(code: &str) -> bool {
    let b = code.as_bytes();
    let mut i = 0;
    // A command has started on this pipeline element; an operator waits for one.
    let mut in_command = false;
    let mut need_command = false;
    // The next word is in command position (reserved words count there).
    let mut command_position = true;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' => i += 1,
            b'\\' if b.get(i + 1) == Some(&b'\n') => i += 2,
            b'\n' => {
                if !need_command {
                    in_command = false;
                    command_position = true;
                }
                i += 1;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'|' | b'&' if b.get(i + 1) == Some(&b[i]) => {
                if !in_command || need_command {
                    return false;
                }
                need_command = true;
                in_command = false;
                command_position = true;
                i += 2;
            }
            b'|' => {
                if !in_command || need_command || b.get(i + 1) == Some(&b'&') {
                    return false;
                }
                need_command = true;
                in_command = false;
                command_position = true;
                i += 1;
            }
            b'&' if b.get(i + 1) == Some(&b'>') => {
                // `&>file`, `&>>file`
                i += 2;
                if b.get(i) == Some(&b'>') {
                    i += 1;
                }
                match redirect_target(b, i) {
                    Some(end) => i = end,
                    None => return false,
                }
                in_command = true;
                need_command = false;
            }
            b';' | b'&' => {
                if !in_command || need_command || b.get(i + 1) == Some(&b';') {
                    return false;
                }
                in_command = false;
                command_position = true;
                i += 1;
            }
            b'>' | b'<' => match redirection(b, i) {
                Some(end) => {
                    i = end;
                    in_command = true;
                    need_command = false;
                }
                None => return false,
            },
            b'(' | b')' | b'\r' => return false,
            _ => {
                let start = i;
                // `2>&1`, `2>/dev/null`: a file descriptor before a redirection.
                let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                if digits > 0 && matches!(b.get(i + digits), Some(b'>' | b'<')) {
                    match redirection(b, i + digits) {
                        Some(end) => {
                            i = end;
                            in_command = true;
                            need_command = false;
                            continue;
                        }
                        None => return false,
                    }
                }
                let Some(end) = word(b, i) else {
                    return false;
                };
                i = end;
                let w = &code[start..end];
                if command_position {
                    // `NAME[` in command position opens an array subscript bash looks
                    // for the end of.
                    let name = w
                        .bytes()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                        .count();
                    if RESERVED.contains(&w) || (name > 0 && w.as_bytes().get(name) == Some(&b'['))
                    {
                        return false;
                    }
                    // After `NAME=value` the next word is still in command position.
                    command_position = is_assignment_word(w);
                }
                in_command = true;
                need_command = false;
            }
        }
    }
    !need_command
}

/// `NAME=…`
fn is_assignment_word(w: &str) -> bool {
    match w.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

/// A redirection at `i` (`>`, `>>`, `<`, `>&2`, `> file`): where it ends, or `None`
/// for one the scan does not follow (`<<` heredocs, `<(`, `<>`, `>|`).
fn redirection(b: &[u8], mut i: usize) -> Option<usize> {
    let op = b[i];
    i += 1;
    match b.get(i) {
        Some(b'>') if op == b'>' => i += 1,
        Some(b'&') => {
            i += 1;
            // `>&2`, `<&0`, `>&-`, followed by a blank or an operator.
            let n = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let n = if n == 0 && b.get(i) == Some(&b'-') {
                1
            } else {
                n
            };
            if n > 0 {
                let ends = matches!(
                    b.get(i + n),
                    None | Some(b' ' | b'\t' | b'\n' | b'|' | b'&' | b';' | b'<' | b'>')
                );
                return ends.then_some(i + n);
            }
        }
        Some(b'<' | b'(' | b'|') => return None,
        Some(b'>') => return None,
        _ => {}
    }
    redirect_target(b, i)
}

/// The word a redirection writes to or reads from, after blanks on the same line.
fn redirect_target(b: &[u8], mut i: usize) -> Option<usize> {
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    match b.get(i) {
        None | Some(b'\n' | b'|' | b'&' | b';' | b'<' | b'>' | b'(' | b')' | b'#') => None,
        _ => {
            // Digits right before `<` or `>` are the next redirection's descriptor.
            let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0 && matches!(b.get(i + digits), Some(b'<' | b'>')) {
                return None;
            }
            word(b, i)
        }
    }
}

/// One word starting at `i`: where it ends, or `None` if it holds something the scan
/// does not follow (or runs off the end inside quotes).
fn word(b: &[u8], mut i: usize) -> Option<usize> {
    let start = i;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'|' | b'&' | b';' | b'<' | b'>' => break,
            b'(' | b')' | b'`' | b'\r' => return None,
            b'\\' => {
                // An escaped character; a continuation inside a word is not followed.
                if matches!(b.get(i + 1), None | Some(b'\n')) {
                    return None;
                }
                i += 2;
            }
            b'\'' => {
                let close = b[i + 1..].iter().position(|&c| c == b'\'')?;
                i += close + 2;
            }
            b'"' => {
                i += 1;
                loop {
                    match b.get(i)? {
                        b'"' => {
                            i += 1;
                            break;
                        }
                        b'\\' => {
                            b.get(i + 1)?;
                            i += 2;
                        }
                        b'`' => return None,
                        b'$' => i = parameter(b, i)?,
                        _ => i += 1,
                    }
                }
            }
            b'$' => i = parameter(b, i)?,
            _ => i += 1,
        }
    }
    (i > start).then_some(i)
}

/// `$NAME`, `${NAME}`, `$1`, `$?`…: where it ends; `None` for anything else (`$(`,
/// `${x:-y}`, `$'…'`).
fn parameter(b: &[u8], i: usize) -> Option<usize> {
    let name_len = |from: usize| {
        let first = b
            .get(from)
            .filter(|c| c.is_ascii_alphabetic() || **c == b'_');
        first.map(|_| {
            b[from..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                .count()
        })
    };
    match b.get(i + 1)? {
        b'{' => {
            let n = name_len(i + 2)?;
            (b.get(i + 2 + n) == Some(&b'}')).then_some(i + 3 + n)
        }
        c if c.is_ascii_digit() || matches!(c, b'?' | b'#' | b'@' | b'*' | b'$' | b'!' | b'-') => {
            Some(i + 2)
        }
        _ => name_len(i + 1).map(|n| i + 1 + n),
    }
}

/// A redirection with no file on its line (`kubectl get pods >` then a new line): bash
/// rejects it (`unexpected token 'newline'`), tree-sitter reads on into the next line.
fn dangling_redirects(node: tree_sitter::Node, out: &mut Vec<SyntaxError>) {
    if node.kind() == "file_redirect" {
        let row = node.start_position().row;
        let dest = node.child_by_field_name("destination");
        if dest.is_none_or(|d| d.start_position().row != row) {
            out.push(SyntaxError {
                start: node.start_byte(),
                end: node.start_byte() + 1,
                message: "a redirection with no file: unexpected newline".to_string(),
            });
        }
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        dangling_redirects(child, out);
    }
}

fn collect(node: tree_sitter::Node, code: &str, out: &mut Vec<SyntaxError>) {
    if !node.has_error() {
        return;
    }
    if node.is_missing() {
        out.push(SyntaxError {
            start: node.start_byte(),
            end: node.start_byte(),
            message: format!("missing `{}`", node.kind()),
        });
        return;
    }
    if node.is_error() {
        // Point at the first token bash would choke on.
        let mut leaf = node;
        while let Some(c) = leaf.child(0) {
            leaf = c;
        }
        // tree-sitter's offsets are into `code` itself; `get` all the same, so an
        // offset inside a character can never panic.
        let text = code
            .get(leaf.start_byte()..leaf.end_byte())
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        out.push(SyntaxError {
            start: leaf.start_byte(),
            end: leaf.end_byte().max(leaf.start_byte()),
            message: if text.is_empty() {
                "unexpected end of input".to_string()
            } else {
                format!("unexpected token `{text}`")
            },
        });
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect(child, code, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirection_with_no_file_on_its_line_is_an_error() {
        let e = syntax_errors("kubectl get pods -n shop >\nkubectl get svc\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].start, 25);
        for ok in [
            "kubectl get pods > out.txt\n",
            "kubectl get pods 2>&1 | tee x\n",
            "cat <<EOF > f\nkey: >\n  folded\nEOF\n",
        ] {
            assert!(
                syntax_errors(ok).is_empty(),
                "{ok}: {:?}",
                syntax_errors(ok)
            );
        }
    }

    #[test]
    fn the_quick_scan_proves_plain_blocks_and_passes_the_rest_on() {
        for ok in [
            "",
            "kubectl get pods -n shop -o wide\n",
            "# comment\nkubectl get pods -n shop | grep -c web && echo ok; date &\n",
            "kubectl get pods -l 'app in (a, b)' -o jsonpath='{.items[*].metadata.name}'\n",
            "kubectl logs x 2>&1 | tail -n 5 > /tmp/out.txt\n",
            "kubectl get pods \\\n  -n shop\n",
            "a |\n  b\n",
            "NS=shop kubectl -n \"$NS\" get pods ${POD} $1\n",
            "echo \"it's \\\"quoted\\\"\" 'and \"this\"' \\(x\\)\n",
            "kubectl get pods &>/dev/null\n",
        ] {
            assert!(plainly_valid(ok), "{ok:?}");
            assert!(
                parse_errors(ok).is_empty(),
                "tree-sitter disagrees on {ok:?}"
            );
        }
        for unsure in [
            "a |",
            "a &&\n",
            "| a",
            "a ;; b",
            "a | | b",
            "if true; then echo; fi",
            "x=$(date)",
            "echo `date`",
            "cat <<EOF\nx\nEOF\n",
            "diff <(a) <(b)",
            "echo \"unclosed",
            "echo 'unclosed",
            "erlang:memory()",
            "A=1 then",
            "echo ${x:-y}",
            "a\\",
            "a > ",
            "a 2>",
            "{ a; }",
            "a |& b",
            "a\r\n",
            "kubectl[",
            "x=1 a[",
            ">2>&1",
            "2>&1#x(",
            "kubectl>\\\n",
        ] {
            assert!(!plainly_valid(unsure), "{unsure:?}");
        }
    }

    #[test]
    fn finds_errors_and_ignores_placeholders() {
        assert!(
            syntax_errors(&mask_placeholders("kubectl logs <pod-name> --previous\n")).is_empty()
        );
        let e = syntax_errors("kubectl exec x -- erlang:memory()\necho ok\n");
        assert!(!e.is_empty());
        assert!(e[0].start >= 18, "{e:?}");
        assert!(syntax_errors("if true; then\n")
            .iter()
            .any(|e| e.message.contains("missing")));
    }
}
