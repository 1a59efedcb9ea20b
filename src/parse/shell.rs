//! Shell code blocks to logical commands: continuations joined, descriptions from
//! the comments above, the program, and the `<placeholder>`s with their spans.

use crate::model::{Command, Placeholder};
use crate::source::{OffsetMap, SourceFile};
use crate::words::{placeholder_ranges, simple_commands};

/// Info-string languages read as shell commands.
pub const SHELL_LANGS: &[&str] = &["bash", "sh", "shell", "zsh", "console", "shell-session"];

/// Whether a block is a shell session (prompt lines followed by their output),
/// whatever its label: its first line that is neither blank nor a comment starts with
/// a prompt ([`prompt_len`]).
pub fn is_session(code: &str, prompts: &[String]) -> bool {
    code.lines()
        .map(|l| l.trim_end_matches('\r'))
        .find(|l| {
            let t = l.trim_start();
            !(t.is_empty() || t.starts_with('#') && prompt_len_in(l, prompts).is_none())
        })
        .is_some_and(|l| prompt_len_in(l, prompts).is_some())
}

/// [`prompt_len`], or the length of one of the team's own prompts (`prompts:` in
/// runbooks.yaml, such as `mysql> ` or `(venv) $ `).
pub fn prompt_len_in(line: &str, prompts: &[String]) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    prompts
        .iter()
        .filter(|p| !p.is_empty() && line[indent..].starts_with(p.as_str()))
        .map(|p| indent + p.len())
        .max()
        .or_else(|| prompt_len(line))
}

/// The length of the prompt a line starts with, if it starts with one: `$ `, `$> `,
/// `user@host:~$ `, `user@host:~# `, `[user@host dir]$ `, `[root@host ~]# ` (and a
/// lone `$`). A bare `# ` is never a prompt: a reader takes it for a comment, and a
/// line rbc is unsure of is not a command.
pub fn prompt_len(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let t = &line[indent..];
    if t == "$" || t == "$>" {
        return Some(line.len());
    }
    for p in ["$ ", "$> "] {
        if t.starts_with(p) {
            return Some(indent + p.len());
        }
    }
    // A shell's own prompt: `sh-5.1# `, `bash-4.4$ ` (as `oc debug` shows it).
    let name = t.bytes().take_while(u8::is_ascii_alphabetic).count();
    if name > 0 && t[name..].starts_with('-') {
        let version = t[name + 1..]
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        let after = &t[name + 1 + version..];
        if version > 0 && (after.starts_with("$ ") || after.starts_with("# ")) {
            return Some(indent + name + 1 + version + 2);
        }
    }
    // `[user@host dir]$ `, `[root@host ~]# `
    if let Some(rest) = t.strip_prefix('[') {
        let close = rest.find(']')?;
        let inside = &rest[..close];
        let after = &rest[close + 1..];
        if inside.contains('@')
            && !inside.contains(['[', '"', '\''])
            && (after.starts_with("$ ") || after.starts_with("# "))
        {
            return Some(indent + 1 + close + 1 + 2);
        }
        return None;
    }
    // `user@host:~/dir$ `, `root@host:/# `, `user@host$ `
    let at = t.find('@')?;
    let user = &t[..at];
    if user.is_empty()
        || !user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
    {
        return None;
    }
    let rest = &t[at + 1..];
    let host_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || b"_.-".contains(b))
        .count();
    if host_len == 0 {
        return None;
    }
    let mut k = host_len;
    if rest[k..].starts_with(':') {
        k += 1 + rest[k + 1..]
            .bytes()
            .take_while(|b| !b" $#\t".contains(b))
            .count();
    }
    let tail = &rest[k..];
    if tail.starts_with("$ ") || tail.starts_with("# ") {
        return Some(indent + at + 1 + k + 2);
    }
    None
}

/// How a block's lines are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode<'a> {
    /// Every line is shell.
    Script,
    /// Only prompt lines ([`prompt_len_in`] these prompts) and their continuations are
    /// commands; the other lines (output, comments) are not.
    Session { prompts: &'a [String] },
}

/// A session's commands with everything else blanked: the same length and lines, so
/// offsets stay right (for `bash -n`-style checks of what the session runs).
pub fn session_commands(code: &str, prompts: &[String]) -> String {
    let mut out = String::with_capacity(code.len());
    let mut state = LexState::default();
    let mut open = false;
    let mut heredocs: std::collections::VecDeque<(String, bool)> = Default::default();
    for line in code.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let blank = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));
        if let Some((word, tabs)) = heredocs.front() {
            // Here-document lines belong to the command, verbatim.
            out.push_str(body);
            let t = body.trim_end_matches('\r');
            let t = if *tabs { t.trim_start_matches('\t') } else { t };
            if t == word {
                heredocs.pop_front();
                if heredocs.is_empty() {
                    open = state.open();
                }
            }
        } else if open {
            // A continuation, maybe behind a `> ` prompt.
            let t = body.trim_start();
            let (skip, rest) = match t.strip_prefix("> ") {
                Some(r) => (body.len() - r.len(), r),
                None => (0, body),
            };
            blank(&mut out, skip);
            out.push_str(rest);
            open = !matches!(state.feed(rest), Continuation::None);
            heredocs.extend(state.heredocs.drain(..));
        } else if let Some(rest) = strip_prompt(body.trim_end_matches('\r'), prompts) {
            let skip = body.len() - rest.len() - (body.len() - body.trim_end_matches('\r').len());
            blank(&mut out, skip);
            out.push_str(&body[skip..]);
            state = LexState::default();
            open = !matches!(state.feed(rest), Continuation::None);
            heredocs.extend(state.heredocs.drain(..));
        } else {
            // Output: blanked, characters counted as bytes so offsets stay right.
            blank(&mut out, body.len());
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Split a shell block into commands. `map` says where `code` is in `src`.
pub fn commands(src: &SourceFile, code: &str, map: &OffsetMap, mode: Mode) -> Vec<Command> {
    let at = |off: usize| map.to_file(&src.text, off);
    let (console, prompts) = match mode {
        Mode::Script => (false, &[][..]),
        Mode::Session { prompts } => (true, prompts),
    };
    let mut out = Vec::new();
    let mut description: Option<String> = None;
    let mut comment_open = false;
    let lines = physical_lines(code);
    let mut i = 0;
    while i < lines.len() {
        let (off, raw) = lines[i];
        let mut line = raw.trim_end_matches('\r');
        let mut skip = 0;
        if console {
            match strip_prompt(line, prompts) {
                Some(rest) => {
                    skip = line.len() - rest.len();
                    line = rest;
                }
                None => {
                    i += 1;
                    continue;
                }
            }
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            description = None;
            comment_open = false;
            i += 1;
            continue;
        }
        if let Some(c) = trimmed.strip_prefix('#') {
            let c = c.trim();
            if !comment_open {
                description = None;
            }
            comment_open = true;
            if !c.is_empty() {
                description = Some(match description.take() {
                    Some(d) => format!("{d} {c}"),
                    None => c.to_string(),
                });
            }
            i += 1;
            continue;
        }
        comment_open = false;
        // A command: gather its physical lines, as bash reads them (a loop, a function,
        // a multi-line substitution or quote, a continuation, here-documents).
        let indent = line.len() - line.trim_start().len();
        let code_start = off + skip + indent;
        let cmd_start = at(code_start);
        let mut state = LexState::default();
        let mut joined = String::new();
        let mut line_numbers = Vec::new();
        let mut code_end;
        let mut j = i;
        loop {
            let (loff, lraw) = lines[j];
            let mut l = lraw.trim_end_matches('\r');
            if j > i && console {
                if let Some(rest) = l.trim_start().strip_prefix("> ") {
                    l = rest;
                }
            }
            let piece = if j == i { line.trim_start() } else { l };
            line_numbers.push(src.line_col(at(loff)).0);
            code_end = loff + lraw.trim_end_matches('\r').len();
            let cont = state.feed(piece);
            let heredocs = std::mem::take(&mut state.heredocs);
            if !heredocs.is_empty() {
                // Everything up to the last terminator belongs to this command.
                joined.push_str(piece);
                let mut k = j + 1;
                for (word, tabs) in heredocs {
                    while k < lines.len() {
                        let (hoff, h) = lines[k];
                        let h = h.trim_end_matches('\r');
                        joined.push('\n');
                        joined.push_str(h);
                        line_numbers.push(src.line_col(at(hoff)).0);
                        code_end = hoff + h.len();
                        k += 1;
                        let t = if tabs { h.trim_start_matches('\t') } else { h };
                        if t == word {
                            break;
                        }
                    }
                }
                j = k - 1;
                if !state.open() || j + 1 >= lines.len() {
                    break;
                }
                joined.push('\n');
                j += 1;
                continue;
            }
            match cont {
                Continuation::Backslash => {
                    let p = piece.trim_end();
                    joined.push_str(p[..p.len() - 1].trim_end());
                    joined.push(' ');
                }
                Continuation::Open => {
                    joined.push_str(piece);
                    joined.push('\n');
                }
                Continuation::None => {
                    joined.push_str(piece);
                    break;
                }
            }
            if j + 1 >= lines.len() {
                break;
            }
            j += 1;
            if matches!(cont, Continuation::Backslash) {
                // Leading blanks of a continuation line are not part of the word.
                let (_, nraw) = lines[j];
                if nraw.trim().is_empty() && !state.open() {
                    break;
                }
            }
        }
        let end = at(code_end);
        let text = normalise_spaces(joined.trim());
        let mut source = src.text[cmd_start..end.max(cmd_start)].to_string();
        // The command as the fence holds it (CommonMark's content: a fence inside a list
        // item loses the item's indentation, CRLF line ends are LF), kept when it is not
        // the file's bytes: the script runs this.
        let mut fenced = code[code_start..code_end.max(code_start)].to_string();
        if console {
            source = blank_continuation_prompts(&source);
            fenced = blank_continuation_prompts(&fenced);
        }
        let code_text = (fenced != source).then_some(fenced);
        let placeholders = placeholders(src, &|o| cmd_start + o, &source);
        let simple = simple_commands(&source);
        let program = simple
            .iter()
            .find(|c| !c.quoted)
            .and_then(|c| c.program_word())
            .map(|w| w.value.clone())
            .or_else(|| program(&text));
        let mut kubectl: Vec<_> = simple
            .iter()
            .filter(|c| c.is_kubectl() || c.is_oc())
            .map(|c| {
                let mut k = crate::kubectl::build::build(&c.words[c.program..], cmd_start).0;
                k.wrapper = c.wrapper.as_deref().map(Box::from);
                k.quoted = c.quoted;
                k.program = c.is_oc().then(|| Box::from("oc"));
                k
            })
            .collect();
        // Collected from a filter, the vector has room for four: a large corpus has
        // tens of thousands of commands, most with one kubectl.
        kubectl.shrink_to_fit();
        out.push(Command {
            kubectl,
            span: src.span(cmd_start, end.max(cmd_start)),
            program,
            text,
            source,
            code: code_text,
            lines: line_numbers,
            description: description.clone(),
            placeholders,
        });
        i = j + 1;
    }
    out.shrink_to_fit();
    out
}

/// A session command's `> ` continuation prompts turned into blanks (same length, so
/// offsets stay right).
fn blank_continuation_prompts(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for (i, line) in source.split_inclusive('\n').enumerate() {
        let t = line.trim_start();
        match t.strip_prefix("> ") {
            Some(rest) if i > 0 => {
                out.extend(std::iter::repeat_n(' ', line.len() - rest.len()));
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// Collapse the indentation that continuation lines bring after a joined `\`.
fn normalise_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut quote: Option<char> = None;
    let mut prev_space = false;
    for c in s.chars() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                out.push(c);
                prev_space = false;
            }
            None => {
                if c == '\'' || c == '"' {
                    quote = Some(c);
                }
                if c == ' ' {
                    if prev_space {
                        continue;
                    }
                    prev_space = true;
                } else {
                    prev_space = false;
                }
                out.push(c);
            }
        }
    }
    out
}

fn strip_prompt<'l>(line: &'l str, prompts: &[String]) -> Option<&'l str> {
    prompt_len_in(line, prompts).map(|n| &line[n.min(line.len())..])
}

fn physical_lines(code: &str) -> Vec<(usize, &str)> {
    let mut v = Vec::new();
    let mut off = 0;
    for l in code.split_inclusive('\n') {
        v.push((off, l.strip_suffix('\n').unwrap_or(l)));
        off += l.len();
    }
    v
}

enum Continuation {
    None,
    Backslash,
    /// A quote, a compound command (`for … done`, `{ … }`, `if … fi`, `case … esac`)
    /// or a parenthesis (`$(`, a subshell) is still open, or the line ends with `|`,
    /// `&&`, `||`.
    Open,
}

/// What is open at the end of a line, as far as bash reads it.
#[derive(Default)]
struct LexState {
    quote: Option<char>,
    /// Here-documents started on the line: (delimiter, `<<-`).
    heredocs: Vec<(String, bool)>,
    /// Open compound commands (`if`, `for`, `while`, `until`, `case`, `select`, `{`).
    compound: usize,
    /// Open parentheses (`(`, `$(`, `<(`).
    parens: usize,
    /// The line ended with `|`, `&&` or `||`.
    pipe: bool,
}

impl LexState {
    /// Whether the command goes on past the current line.
    fn open(&self) -> bool {
        self.quote.is_some() || self.compound > 0 || self.parens > 0 || self.pipe
    }

    fn feed(&mut self, line: &str) -> Continuation {
        let b: Vec<char> = line.chars().collect();
        let mut k = 0;
        // The next word is where a command starts (reserved words count there).
        let mut command_position = true;
        self.pipe = false;
        while k < b.len() {
            let c = b[k];
            match self.quote {
                Some('\'') => {
                    if c == '\'' {
                        self.quote = None;
                    }
                }
                Some(q) => {
                    if c == '\\' {
                        k += 1;
                    } else if c == q {
                        self.quote = None;
                    }
                }
                None => match c {
                    '\\' => {
                        if k + 1 == b.len() {
                            return Continuation::Backslash;
                        }
                        k += 1;
                        command_position = false;
                    }
                    '\'' | '"' => {
                        self.quote = Some(c);
                        command_position = false;
                    }
                    '#' if k == 0 || b[k - 1].is_whitespace() => break,
                    '<' if b.get(k + 1) == Some(&'<') && b.get(k + 2) != Some(&'<') => {
                        let rest: String = b[k + 2..].iter().collect();
                        let tabs = rest.starts_with('-');
                        let rest = rest.trim_start_matches('-').trim_start();
                        let word: String = rest
                            .chars()
                            .take_while(|c| !c.is_whitespace() && !";|&<>()".contains(*c))
                            .filter(|c| !matches!(c, '\'' | '"' | '\\'))
                            .collect();
                        if !word.is_empty() {
                            self.heredocs.push((word, tabs));
                        }
                        k += 1;
                    }
                    '$' if b.get(k + 1) == Some(&'(') => {
                        self.parens += 1;
                        k += 1;
                        command_position = true;
                    }
                    '(' => {
                        self.parens += 1;
                        command_position = true;
                    }
                    ')' => {
                        // `name() {`: a function's body may follow.
                        self.parens = self.parens.saturating_sub(1);
                        command_position = true;
                    }
                    ';' | '&' | '|' => command_position = true,
                    c if c.is_whitespace() => {}
                    _ => {
                        // A word: a reserved word only where a command starts.
                        let start = k;
                        while k < b.len()
                            && !b[k].is_whitespace()
                            && !";|&()<>\'\"\\`$".contains(b[k])
                        {
                            k += 1;
                        }
                        let word: String = b[start..k].iter().collect();
                        let ends_word =
                            k >= b.len() || b[k].is_whitespace() || ";|&()".contains(b[k]);
                        if command_position && ends_word {
                            match word.as_str() {
                                "if" | "for" | "while" | "until" | "case" | "select" | "{" => {
                                    self.compound += 1
                                }
                                "fi" | "done" | "esac" | "}" => {
                                    self.compound = self.compound.saturating_sub(1)
                                }
                                _ => {}
                            }
                        }
                        command_position = command_position
                            && matches!(
                                word.as_str(),
                                "if" | "then"
                                    | "do"
                                    | "else"
                                    | "elif"
                                    | "while"
                                    | "until"
                                    | "{"
                                    | "}"
                                    | "!"
                                    | "time"
                                    | "fi"
                                    | "done"
                                    | "esac"
                            );
                        if k == start {
                            k += 1;
                            command_position = false;
                        }
                        continue;
                    }
                },
            }
            k += 1;
        }
        let t = line.trim_end();
        if self.quote.is_none() && !t.trim_end_matches(['|', '&']).ends_with('\\') {
            let body = t.split(" #").next().unwrap_or(t).trim_end();
            if body.ends_with('|') || body.ends_with("&&") {
                self.pipe = true;
            }
        }
        if self.open() {
            return Continuation::Open;
        }
        Continuation::None
    }
}

/// Whether the first command line of `code` (after blank and comment lines) runs a
/// program rbc knows (`kubectl`, `helm`, `systemctl`, …) or one `programs:` declares:
/// how a code block without a language is told to be commands.
pub fn runs_a_known_program(code: &str, declared: &crate::programs::Declared) -> bool {
    let Some(line) = code
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return false;
    };
    crate::words::simple_commands(line)
        .into_iter()
        .find(|c| !c.quoted)
        .and_then(|c| c.program_word().map(|w| w.value.clone()))
        .is_some_and(|p| {
            let name = p.rsplit('/').next().unwrap_or(&p);
            crate::programs::known(name) || declared.contains_key(name)
        })
}

/// The program a command runs: its first word after variable assignments.
pub fn program(text: &str) -> Option<String> {
    for w in text.split_whitespace() {
        let is_assignment = w.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_')
        });
        if is_assignment {
            continue;
        }
        let w = w.trim_matches(['\'', '"']);
        if w.is_empty() {
            return None;
        }
        return Some(w.to_string());
    }
    None
}

fn placeholders(src: &SourceFile, at: &dyn Fn(usize) -> usize, text: &str) -> Vec<Placeholder> {
    placeholder_ranges(text)
        .into_iter()
        .map(|(s, e, name)| Placeholder {
            name: name.to_string(),
            span: src.span(at(s), at(e)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmds(code: &str) -> Vec<Command> {
        let src = SourceFile::new("t.md", code.to_string());
        commands(
            &src,
            code,
            &OffsetMap::verbatim(0, code.len()),
            Mode::Script,
        )
    }

    #[test]
    fn joins_continuations_and_keeps_lines() {
        let c = cmds("# Increase memory\nkubectl patch sts x --type='json' \\\n  -p='[{\"op\": \"add\"}]'\n\nls <pod-name>\n");
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[0].text,
            "kubectl patch sts x --type='json' -p='[{\"op\": \"add\"}]'"
        );
        assert_eq!(c[0].lines, vec![2, 3]);
        assert_eq!(c[0].description.as_deref(), Some("Increase memory"));
        assert_eq!(c[0].program.as_deref(), Some("kubectl"));
        assert_eq!(c[1].description, None);
        assert_eq!(c[1].placeholders[0].name, "pod-name");
        assert_eq!(c[1].placeholders[0].span.line, 5);
        assert_eq!(c[1].placeholders[0].span.col, 4);
    }

    #[test]
    fn comment_group_describes_following_commands() {
        let c = cmds("# Scale\nk scale 0\nk scale 3\n# Other\n\nk get\n");
        assert_eq!(c[0].description.as_deref(), Some("Scale"));
        assert_eq!(c[1].description.as_deref(), Some("Scale"));
        assert_eq!(c[2].description, None);
    }

    #[test]
    fn heredoc_and_open_quotes_stay_in_one_command() {
        let c = cmds("cat <<EOF\na\n# not a comment\nEOF\necho 'x\ny'\nFOO=1 ./run.sh a\n");
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].lines.len(), 4);
        assert_eq!(c[1].text, "echo 'x\ny'");
        assert_eq!(c[2].program.as_deref(), Some("./run.sh"));
    }

    #[test]
    fn sessions_keep_only_what_the_prompts_run() {
        let code = "$ kubectl get pods \\\n>   -n shop\nNAME READY\nweb-0 1/1 (ok)\n$ cat <<EOF\nx ) y\nEOF\n$ echo 'a\nb'\nout\n";
        assert!(is_session(code, &[]));
        assert!(!is_session("kubectl get pods\n$ x\n", &[]));
        assert!(is_session("# Get the pods\n$ kubectl get pods\n", &[]));
        let own = ["mysql> ".to_string()];
        assert!(is_session("mysql> SHOW TABLES;\n", &own));
        assert!(!is_session("mysql> SHOW TABLES;\n", &[]));
        assert_eq!(prompt_len_in("  mysql> SHOW", &own), Some(9));
        for (line, prompt) in [
            ("$ ls", 2),
            ("$> ls", 3),
            ("user@bastion:~$ ls", 16),
            ("root@node:/# ls", 13),
            ("[root@node ~]# ls", 15),
            ("sh-5.1# chroot /host", 8),
            ("  $ ls", 4),
        ] {
            assert_eq!(prompt_len(line), Some(prompt), "{line}");
        }
        for line in [
            "# kubectl scale deployment web",
            "kubectl get pods",
            "ssh core@node ls",
            "#$ x",
        ] {
            assert_eq!(prompt_len(line), None, "{line}");
        }
        let masked = session_commands(code, &[]);
        assert_eq!(masked.len(), code.len());
        assert_eq!(masked.lines().count(), code.lines().count());
        let lines: Vec<&str> = masked.lines().collect();
        assert_eq!(lines[0], "  kubectl get pods \\");
        assert_eq!(lines[1].trim(), "-n shop");
        assert!(lines[2].trim().is_empty() && lines[3].trim().is_empty());
        assert_eq!(lines[5], "x ) y");
        assert_eq!(lines[8], "b'");
        assert!(lines[9].trim().is_empty());
        let src = SourceFile::new("t.md", code.to_string());
        let c = commands(
            &src,
            code,
            &OffsetMap::verbatim(0, code.len()),
            Mode::Session { prompts: &[] },
        );
        let programs: Vec<_> = c
            .iter()
            .map(|c| c.program.clone().unwrap_or_default())
            .collect();
        assert_eq!(programs, ["kubectl", "cat", "echo"]);
        assert_eq!(c[0].kubectl[0].namespace.as_deref(), Some("shop"));
    }
}
