//! Shell words, simple commands and `<placeholder>`s of one command's source, with
//! byte offsets back into it. A leaf: the parser, the kubectl reader, the rules and
//! the emitters all read commands through this one module.
//!
//! A line of a runbook can run several programs: `a | xargs kubectl delete`,
//! `a && b`, `a; b`, `(a)`, `"$(kubectl get …)"`, `watch kubectl …`, `sh -c '…'`.
//! [`simple_commands`] finds each of them, and the program each one really runs
//! once wrappers (`xargs`, `watch`, `timeout`, `env`, `sudo`, `time`, …) are looked
//! through, so every kubectl of a line is validated and classified.

/// One shell word of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word after quote removal (`'{.spec}'` → `{.spec}`); `$(…)` kept as written.
    pub value: String,
    /// Byte range in the command's source text.
    pub start: usize,
    pub end: usize,
    /// Byte ranges in `value` of what the shell expands when it runs the command
    /// (`$NAME`, `${NAME}`, `$(…)`, `` `…` ``, `$((…))`, `$'…'`): values only known then.
    pub expansions: Vec<(usize, usize)>,
}

impl Word {
    /// Whether the shell changes part of this word when it runs the command.
    pub fn expands(&self) -> bool {
        !self.expansions.is_empty()
    }
}

/// One simple command of a line: its words and the program it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleCommand {
    pub words: Vec<Word>,
    /// Index in `words` of the program run, once assignments, reserved words and
    /// wrappers are skipped; `words.len()` when there is none.
    pub program: usize,
    /// The wrapper that runs the program (`xargs`, `watch`, `timeout`, …), innermost.
    pub wrapper: Option<String>,
    /// Read from inside a quoted string (`sh -c '…'`, `watch '…'`): its words cannot be
    /// rewritten in place, and its offsets are the whole string's when the string holds
    /// escapes.
    pub quoted: bool,
    /// It redirects output to a file (`> out`, `>> log`, `&> f`; not `/dev/null`,
    /// `/dev/stdout`, `/dev/stderr` or a descriptor).
    pub writes: bool,
}

impl SimpleCommand {
    /// The program's word, if any.
    pub fn program_word(&self) -> Option<&Word> {
        self.words.get(self.program)
    }

    /// Whether the program is kubectl (`kubectl`, `/usr/local/bin/kubectl`).
    pub fn is_kubectl(&self) -> bool {
        self.program_word().is_some_and(|w| is_kubectl(&w.value))
    }

    /// Whether the program is OpenShift's `oc`.
    pub fn is_oc(&self) -> bool {
        self.program_word().is_some_and(|w| is_oc(&w.value))
    }
}

/// `kubectl` or a path to it.
pub fn is_kubectl(program: &str) -> bool {
    program == "kubectl" || program.ends_with("/kubectl")
}

/// OpenShift's `oc` or a path to it.
pub fn is_oc(program: &str) -> bool {
    program == "oc" || program.ends_with("/oc")
}

/// The words of the first simple command in `src` (up to `|`, `;`, `&`, a newline or a
/// parenthesis outside quotes; redirections and their targets are left out).
pub fn split(src: &str) -> Vec<Word> {
    simple_commands(src)
        .into_iter()
        .find(|c| !c.quoted)
        .map(|c| c.words)
        .unwrap_or_default()
}

/// Every simple command in `src`, in the order their first word appears: the parts of
/// pipelines and lists, subshells, command and process substitutions, here-doc bodies
/// left out, the string of `sh -c` and `watch` read as commands too.
pub fn simple_commands(src: &str) -> Vec<SimpleCommand> {
    let mut out = Vec::new();
    let mut s = Scanner {
        src,
        b: src.as_bytes(),
        base: 0,
        quoted: false,
        out: &mut out,
        depth: 0,
    };
    s.scan(0, src.len());
    out.sort_by_key(|c| c.words.first().map(|w| w.start).unwrap_or(0));
    out
}

/// Programs that run another program given as their arguments.
const WRAPPERS: &[&str] = &[
    "xargs", "watch", "timeout", "env", "sudo", "time", "nohup", "nice", "command", "exec",
    "stdbuf", "ionice", "doas",
];

/// Reserved words that may stand before a command's program.
const RESERVED: &[&str] = &[
    "!", "{", "}", "if", "then", "elif", "else", "fi", "do", "done", "while", "until",
];

/// How deep substitutions may nest before the rest is taken as text.
const MAX_DEPTH: usize = 32;

struct Scanner<'a, 'o> {
    src: &'a str,
    b: &'a [u8],
    /// Offset of `src` in the command's source (for nested strings).
    base: usize,
    quoted: bool,
    out: &'o mut Vec<SimpleCommand>,
    depth: usize,
}

impl Scanner<'_, '_> {
    /// Commands in `src[from..to]`.
    fn scan(&mut self, from: usize, to: usize) {
        let b = self.b;
        // Every range handed here ends at an ASCII delimiter or at the end; never
        // inside a character (offsets are sliced with).
        debug_assert!(self.src.is_char_boundary(from) && self.src.is_char_boundary(to));
        let to = floor_char_boundary(self.src, to);
        let mut i = from.min(to);
        let mut cur: Vec<Word> = Vec::new();
        let mut writes = false;
        let mut heredocs: Vec<(String, bool)> = Vec::new();
        while i < to {
            let c = b[i];
            match c {
                b' ' | b'\t' | b'\r' => i += 1,
                b'\\' if b.get(i + 1) == Some(&b'\n') => i += 2,
                b'\\' if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') => i += 3,
                b'\n' => {
                    self.flush(&mut cur, &mut writes);
                    i += 1;
                    for (delim, tabs) in std::mem::take(&mut heredocs) {
                        i = skip_heredoc(self.src, i, to, &delim, tabs);
                    }
                }
                b'#' => {
                    while i < to && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'|' | b'&' | b';' => {
                    if c == b'&' && b.get(i + 1) == Some(&b'>') {
                        // `&>file`, `&>>file`
                        i += 2;
                        if b.get(i) == Some(&b'>') {
                            i += 1;
                        }
                        let (next, file) = self.target(i, to);
                        writes |= file;
                        i = next;
                        continue;
                    }
                    self.flush(&mut cur, &mut writes);
                    i += 1;
                    if i < to && (b[i] == c || (c == b'|' && b[i] == b'&')) {
                        i += 1;
                    }
                }
                b'(' if b.get(i + 1) == Some(&b'(') => {
                    // `(( … ))`: arithmetic, no command.
                    self.flush(&mut cur, &mut writes);
                    i = skip_arith(b, i + 2, to);
                }
                b'(' | b')' => {
                    self.flush(&mut cur, &mut writes);
                    i += 1;
                }
                b'<' | b'>' if b.get(i + 1) == Some(&b'(') => {
                    // Process substitution: a word.
                    let (w, next) = self.word(i, to);
                    cur.push(w);
                    i = next;
                }
                b'<' if placeholder_at(b, i).is_none() => {
                    i = self.redirection(i, to, &mut heredocs).0;
                }
                b'>' => {
                    let (next, file) = self.redirection(i, to, &mut heredocs);
                    writes |= file;
                    i = next;
                }
                b'0'..=b'9' if fd_redirection(b, i, to) => {
                    while b[i].is_ascii_digit() {
                        i += 1;
                    }
                    let out = b[i] == b'>';
                    let (next, file) = self.redirection(i, to, &mut heredocs);
                    writes |= file && out;
                    i = next;
                }
                _ => {
                    let (w, next) = self.word(i, to);
                    cur.push(w);
                    i = next.max(i + 1);
                }
            }
        }
        self.flush(&mut cur, &mut writes);
    }

    /// A redirection operator at `i` and its target; here-docs are remembered so their
    /// body is skipped at the end of the line.
    fn redirection(
        &mut self,
        mut i: usize,
        to: usize,
        heredocs: &mut Vec<(String, bool)>,
    ) -> (usize, bool) {
        let b = self.b;
        if b[i] == b'<' && b.get(i + 1) == Some(&b'<') {
            if b.get(i + 2) == Some(&b'<') {
                return (self.target(i + 3, to).0, false); // here-string
            }
            i += 2;
            let tabs = b.get(i) == Some(&b'-');
            if tabs {
                i += 1;
            }
            while i < to && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            let (w, next) = self.word(i, to);
            if !w.value.is_empty() {
                heredocs.push((w.value, tabs));
            }
            return (next, false);
        }
        let out = b[i] == b'>';
        i += 1;
        if i < to && matches!(b[i], b'>' | b'&' | b'|') {
            i += 1;
        }
        // `>&2`, `2>&-`
        if i < to && b[i - 1] == b'&' && (b[i].is_ascii_digit() || b[i] == b'-') {
            while i < to && (b[i].is_ascii_digit() || b[i] == b'-') {
                i += 1;
            }
            return (i, false);
        }
        // `<>file` opens for writing too.
        let (next, file) = self.target(i, to);
        (next, file && (out || b.get(i - 1) == Some(&b'>')))
    }

    /// The word after a redirection operator (its file), not part of the command;
    /// whether it names a file that is written (not a device that discards or prints).
    fn target(&mut self, mut i: usize, to: usize) -> (usize, bool) {
        while i < to && (self.b[i] == b' ' || self.b[i] == b'\t') {
            i += 1;
        }
        if i >= to || matches!(self.b[i], b'\n' | b'|' | b'&' | b';' | b'(' | b')') {
            return (i, false);
        }
        let (w, next) = self.word(i, to);
        let device = matches!(
            w.value.as_str(),
            "/dev/null" | "/dev/stdout" | "/dev/stderr" | "/dev/tty"
        );
        (next, !device)
    }

    /// End the current simple command.
    fn flush(&mut self, cur: &mut Vec<Word>, writes: &mut bool) {
        let file = std::mem::take(writes);
        if cur.is_empty() {
            return;
        }
        let words = std::mem::take(cur);
        let (program, wrapper) = program_of(&words);
        // `sh -c '…'`, `bash -c "…"`, `watch '…'`: the string is commands too.
        let inner = inner_string(&words, program, wrapper.as_deref());
        self.out.push(SimpleCommand {
            words,
            program,
            wrapper,
            quoted: self.quoted,
            writes: file,
        });
        if let Some(w) = inner {
            self.nested_string(&w);
        }
    }

    /// Read the commands of a string argument (`sh -c '…'`).
    fn nested_string(&mut self, w: &Word) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        let src = &self.src[w.start..w.end];
        // The string's text sits in the source as is when it is one quoted run
        // without escapes: offsets map exactly; otherwise every word gets the whole
        // string's range.
        let inner = src
            .strip_prefix(['\'', '"'])
            .and_then(|s| s.strip_suffix(['\'', '"']))
            .filter(|s| *s == w.value);
        let mut found = Vec::new();
        let mut s = Scanner {
            src: &w.value,
            b: w.value.as_bytes(),
            base: 0,
            quoted: true,
            out: &mut found,
            depth: self.depth + 1,
        };
        s.scan(0, w.value.len());
        let shift = self.base + w.start + usize::from(inner.is_some());
        for mut c in found {
            for word in &mut c.words {
                if inner.is_some() {
                    word.start += shift;
                    word.end += shift;
                } else {
                    word.start = self.base + w.start;
                    word.end = self.base + w.end;
                }
            }
            c.quoted = true;
            self.out.push(c);
        }
    }

    /// Commands inside `$(…)`, `` `…` ``, `<(…)` at `src[from..to]`.
    fn nested(&mut self, from: usize, to: usize) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.scan(from, to);
        self.depth -= 1;
    }

    /// One word starting at `i`: its value and where it ends.
    fn word(&mut self, mut i: usize, to: usize) -> (Word, usize) {
        let (src, b) = (self.src, self.b);
        let start = i;
        let mut value = String::new();
        let mut expansions = Vec::new();
        while i < to {
            if let Some(e) = placeholder_at(b, i) {
                value.push_str(&src[i..e]);
                i = e;
                continue;
            }
            let c = b[i];
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b'|' | b';' | b'&' | b')' => break,
                b'(' if i > start && b[i - 1] == b'=' => {
                    // `arr=(a b)`: an array assignment, kept as one word.
                    let e = skip_parens(b, i, to);
                    value.push_str(&src[i..e]);
                    i = e;
                }
                b'(' => break,
                b'<' | b'>' if b.get(i + 1) == Some(&b'(') => {
                    let e = skip_parens(b, i + 1, to);
                    self.nested(i + 2, inside_parens(b, i + 2, e));
                    value.push_str(&src[i..e]);
                    i = e;
                }
                b'<' | b'>' => break,
                b'\\' => {
                    if b.get(i + 1) == Some(&b'\n') {
                        i += 2;
                        break;
                    }
                    if let Some(ch) = src.get(i + 1..to).and_then(|s| s.chars().next()) {
                        value.push(ch);
                        i += 1 + ch.len_utf8();
                    } else {
                        i += 1;
                    }
                }
                b'\'' => {
                    let close = src[i + 1..to].find('\'').map(|k| i + 1 + k).unwrap_or(to);
                    value.push_str(&src[i + 1..close]);
                    i = (close + 1).min(to);
                }
                b'$' if b.get(i + 1) == Some(&b'\'') => {
                    // ANSI-C quoting: kept as written.
                    let e = skip_ansi_c(b, i + 2, to);
                    expansions.push((value.len(), value.len() + e - i));
                    value.push_str(&src[i..e]);
                    i = e;
                }
                b'"' => {
                    i += 1;
                    while i < to && b[i] != b'"' {
                        if b[i] == b'\\' && matches!(b.get(i + 1), Some(b'"' | b'\\' | b'$' | b'`'))
                        {
                            value.push(b[i + 1] as char);
                            i += 2;
                        } else if b[i] == b'\\' && b.get(i + 1) == Some(&b'\n') {
                            i += 2;
                        } else if b[i] == b'$' || b[i] == b'`' {
                            let e = self.substitution(i, to);
                            if e > i + 1 || b[i] == b'`' {
                                expansions.push((value.len(), value.len() + e - i));
                            }
                            value.push_str(&src[i..e]);
                            i = e;
                        } else {
                            let ch = src[i..].chars().next().unwrap_or(' ');
                            value.push(ch);
                            i += ch.len_utf8();
                        }
                    }
                    i = (i + 1).min(to);
                }
                b'$' | b'`' => {
                    let e = self.substitution(i, to);
                    if e > i + 1 || c == b'`' {
                        expansions.push((value.len(), value.len() + e - i));
                    }
                    value.push_str(&src[i..e]);
                    i = e;
                }
                _ => {
                    let ch = src[i..].chars().next().unwrap_or(' ');
                    value.push(ch);
                    i += ch.len_utf8();
                }
            }
        }
        let end = i.min(to);
        (
            Word {
                value,
                start: self.base + start,
                end: self.base + end,
                expansions,
            },
            end,
        )
    }

    /// `$(…)`, `$((…))`, `${…}`, `$name` or `` `…` `` at `i`: where it ends. The
    /// commands of a command substitution are scanned.
    fn substitution(&mut self, i: usize, to: usize) -> usize {
        let b = self.b;
        if b[i] == b'`' {
            let mut j = i + 1;
            while j < to && b[j] != b'`' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let e = j.min(to);
            self.nested(i + 1, e);
            return (e + 1).min(to);
        }
        match b.get(i + 1) {
            Some(b'(') if b.get(i + 2) == Some(&b'(') => skip_arith(b, i + 3, to),
            Some(b'(') => {
                let e = skip_parens(b, i + 1, to);
                self.nested(i + 2, inside_parens(b, i + 2, e));
                e
            }
            Some(b'{') => {
                let mut j = i + 2;
                let mut depth = 1;
                while j < to && depth > 0 {
                    match b[j] {
                        b'{' => depth += 1,
                        b'}' => depth -= 1,
                        b'\\' => j += 1,
                        _ => {}
                    }
                    j += 1;
                }
                j.min(to)
            }
            _ => {
                let mut j = i + 1;
                while j < to && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                if j == i + 1
                    && j < to
                    && matches!(b[j], b'?' | b'#' | b'@' | b'*' | b'$' | b'!' | b'-')
                {
                    j += 1;
                }
                j.max(i + 1)
            }
        }
    }
}

/// The index of the program among `words` and the wrapper around it.
fn program_of(words: &[Word]) -> (usize, Option<String>) {
    let mut k = 0;
    let mut wrapper = None;
    loop {
        while k < words.len()
            && (is_assignment(&words[k].value) || RESERVED.contains(&words[k].value.as_str()))
        {
            k += 1;
        }
        let Some(w) = words.get(k) else {
            return (words.len(), wrapper);
        };
        let name = w.value.rsplit('/').next().unwrap_or("");
        if !WRAPPERS.contains(&name) || k + 1 >= words.len() {
            return (k, wrapper);
        }
        wrapper = Some(name.to_string());
        k = skip_wrapper_options(name, words, k + 1);
    }
}

impl AsRef<str> for Word {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

/// Past a wrapper's own options from word `k` (and `timeout`'s duration, `chroot`'s
/// directory, `env`'s assignments): where the program it runs is.
pub fn skip_wrapper_options<W: AsRef<str>>(name: &str, words: &[W], mut k: usize) -> usize {
    // Options that take the next word as their value.
    let with_value: &[&str] = match name {
        "xargs" => &[
            "-I", "-L", "-n", "-P", "-s", "-d", "-E", "-a", "-i", "-l", "-e",
        ],
        "watch" => &["-n", "--interval", "-q", "--equexit"],
        "timeout" => &["-s", "--signal", "-k", "--kill-after"],
        "env" => &["-u", "--unset", "-C", "--chdir", "-S", "--split-string"],
        "sudo" | "doas" => &["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-T", "-U"],
        "nice" => &["-n", "--adjustment"],
        "ionice" => &["-c", "-n", "-p", "-P", "-u"],
        "stdbuf" => &["-i", "-o", "-e"],
        _ => &[],
    };
    while let Some(w) = words.get(k) {
        let v = w.as_ref();
        if v == "--" {
            k += 1;
            break;
        }
        if !v.starts_with('-') || v == "-" {
            break;
        }
        k += 1;
        // `-n 5` (separate value) vs `-n5`, `--interval=5`, `-I{}`.
        if with_value.contains(&v) {
            k += 1;
        }
    }
    match name {
        "timeout" | "chroot" if k < words.len() => k + 1, // the duration, the directory
        "env" => {
            while k < words.len() && is_assignment(words[k].as_ref()) {
                k += 1;
            }
            k
        }
        _ => k,
    }
}

/// `sh -c STRING`, `bash -c STRING`, `watch 'STRING'`: the string that is commands.
fn inner_string(words: &[Word], program: usize, wrapper: Option<&str>) -> Option<Word> {
    let w = words.get(program)?;
    if wrapper == Some("watch") && program + 1 == words.len() && w.value.contains(' ') {
        return Some(w.clone());
    }
    let name = w.value.rsplit('/').next().unwrap_or("");
    if matches!(name, "sh" | "bash" | "zsh" | "dash" | "ksh") {
        let c = words[program + 1..].iter().position(|w| {
            w.value.starts_with('-') && !w.value.starts_with("--") && w.value.contains('c')
        })?;
        return words.get(program + 1 + c + 1).cloned();
    }
    None
}

/// `NAME=value` (a variable assignment before a command).
pub fn is_assignment(w: &str) -> bool {
    w.split_once('=').is_some_and(|(k, _)| {
        !k.is_empty()
            && !k.starts_with(|c: char| c.is_ascii_digit())
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The end of a here-doc body that starts at `i`: past the delimiter line.
fn skip_heredoc(src: &str, mut i: usize, to: usize, delim: &str, tabs: bool) -> usize {
    while i < to {
        let e = src[i..to].find('\n').map(|k| i + k).unwrap_or(to);
        let mut line = src[i..e].trim_end_matches('\r');
        if tabs {
            line = line.trim_start_matches('\t');
        }
        i = (e + 1).min(to);
        if line == delim {
            break;
        }
    }
    i
}

/// From just inside `((`, past the matching `))`.
fn skip_arith(b: &[u8], mut i: usize, to: usize) -> usize {
    let mut depth = 0usize;
    while i < to {
        match b[i] {
            b'(' => depth += 1,
            b')' if depth == 0 => {
                return (i + if b.get(i + 1) == Some(&b')') { 2 } else { 1 }).min(to);
            }
            b')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    to
}

/// From an opening `(` at `i`, past its matching `)`, quotes honoured.
fn skip_parens(b: &[u8], i: usize, to: usize) -> usize {
    let mut depth = 0usize;
    let mut j = i;
    while j < to {
        match b[j] {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            b'\'' => {
                j += 1;
                while j < to && b[j] != b'\'' {
                    j += 1;
                }
            }
            b'"' => {
                j += 1;
                while j < to && b[j] != b'"' {
                    if b[j] == b'\\' {
                        j += 1;
                    }
                    j += 1;
                }
            }
            b'\\' => j += 1,
            _ => {}
        }
        j += 1;
    }
    to
}

/// The end of what is inside parentheses opened just before `from` and ended at `end`
/// by [`skip_parens`]: before the `)`, or `end` itself when it was never closed (then
/// `end - 1` may be inside a character).
fn inside_parens(b: &[u8], from: usize, end: usize) -> usize {
    if end > from && b.get(end - 1) == Some(&b')') {
        end - 1
    } else {
        end.max(from)
    }
}

/// From just inside `$'`, past the closing `'`.
fn skip_ansi_c(b: &[u8], mut i: usize, to: usize) -> usize {
    while i < to && b[i] != b'\'' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    (i + 1).min(to)
}

/// The largest character boundary of `s` at or before `i`.
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `2>`, `2>>`, `2>&1`, `0<`: a file descriptor number before a redirection.
fn fd_redirection(b: &[u8], i: usize, to: usize) -> bool {
    if i > 0 && !matches!(b[i - 1], b' ' | b'\t' | b'\n' | b';' | b'|' | b'&' | b'(') {
        return false;
    }
    let mut j = i;
    while j < to && b[j].is_ascii_digit() {
        j += 1;
    }
    j < to && (b[j] == b'>' || (b[j] == b'<' && placeholder_at(b, j).is_none()))
}

/// The end of a `<placeholder>` starting at `i`.
fn placeholder_at(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'<') || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    if i > 0 && b[i - 1] == b'<' {
        return None;
    }
    let mut j = i + 1;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'-' | b'_' | b'.')) {
        j += 1;
    }
    (j < b.len() && b[j] == b'>').then_some(j + 1)
}

/// `<name>` tokens: a letter, then letters, digits, `-`, `_` or `.`.
pub fn placeholder_ranges(text: &str) -> Vec<(usize, usize, &str)> {
    let b = text.as_bytes();
    let mut v = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if let Some(e) = placeholder_at(b, i) {
            v.push((i, e, &text[i + 1..e - 1]));
            i = e;
            continue;
        }
        i += 1;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(s: &str) -> Vec<String> {
        split(s).into_iter().map(|w| w.value).collect()
    }

    /// Each simple command as `program: words…` (the program's word and what follows).
    fn progs(s: &str) -> Vec<String> {
        simple_commands(s)
            .iter()
            .map(|c| {
                c.words[c.program.min(c.words.len())..]
                    .iter()
                    .map(|w| w.value.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn unterminated_substitutions_end_on_a_character() {
        // `<(` and `$(` without `)`, the line ending in a two-byte character.
        for s in [
            "kubectl *<(:@>'$n)?:é?>'-é",
            "kubectl get $(echo é",
            "a <(b é",
        ] {
            let _ = simple_commands(s);
        }
    }

    #[test]
    fn expansions_are_marked_in_the_value() {
        let w = split(
            r#"kubectl scale --replicas=$N -l "zone=${ZONE}" -p '{"r":'${N}'}' '$lit' $(date) `id` a$"#,
        );
        let marked: Vec<Vec<&str>> = w
            .iter()
            .map(|w| w.expansions.iter().map(|&(s, e)| &w.value[s..e]).collect())
            .collect();
        assert_eq!(
            marked,
            [
                vec![],
                vec![],
                vec!["$N"],
                vec![],
                vec!["${ZONE}"],
                vec![],
                vec!["${N}"],
                vec![],
                vec!["$(date)"],
                vec!["`id`"],
                vec![],
            ]
        );
        assert_eq!(w[6].value, r#"{"r":${N}}"#);
        assert!(!w[7].expands() && w[7].value == "$lit");
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

    #[test]
    fn every_command_of_a_line() {
        assert_eq!(
            progs("kubectl get pods -n shop -o name | xargs kubectl delete -n shop"),
            ["kubectl get pods -n shop -o name", "kubectl delete -n shop"]
        );
        assert_eq!(
            progs("kubectl get pods -n shop | grep web && kubectl describe --tial=3 pod x -n shop"),
            [
                "kubectl get pods -n shop",
                "grep web",
                "kubectl describe --tial=3 pod x -n shop"
            ]
        );
        assert_eq!(
            progs("kubectl get pods -n shop; kubectl logz x"),
            ["kubectl get pods -n shop", "kubectl logz x"]
        );
        assert_eq!(
            progs("(cd /tmp && kubectl apply -f x.yaml) || echo failed"),
            ["cd /tmp", "kubectl apply -f x.yaml", "echo failed"]
        );
    }

    #[test]
    fn substitutions_and_wrappers() {
        assert_eq!(
            progs("kubectl logs \"$(kubectl get po -l app=x -o name | head -1)\" -n a"),
            [
                "kubectl logs $(kubectl get po -l app=x -o name | head -1) -n a",
                "kubectl get po -l app=x -o name",
                "head -1"
            ]
        );
        assert_eq!(
            progs("echo `kubectl delete pod x`"),
            ["echo `kubectl delete pod x`", "kubectl delete pod x"]
        );
        assert_eq!(progs("watch -n 5 kubectl get pods"), ["kubectl get pods"]);
        assert_eq!(
            progs("timeout 30s kubectl rollout status deploy/x"),
            ["kubectl rollout status deploy/x"]
        );
        assert_eq!(
            progs("env -u A KUBECONFIG=/k kubectl get ns"),
            ["kubectl get ns"]
        );
        assert_eq!(
            progs("sudo -u ops time -p kubectl drain n1"),
            ["kubectl drain n1"]
        );
        assert_eq!(
            progs("xargs -I{} -n 1 kubectl delete pod {}"),
            ["kubectl delete pod {}"]
        );
        assert_eq!(
            progs("sh -c 'kubectl delete pod x'")[1],
            "kubectl delete pod x"
        );
        let c = simple_commands("for p in a b; do kubectl delete pod $p; done");
        assert!(c
            .iter()
            .any(|c| c.is_kubectl() && c.words[c.program + 1].value == "delete"));
        let xs = simple_commands("a | xargs kubectl delete");
        assert_eq!(xs[1].wrapper.as_deref(), Some("xargs"));
    }

    #[test]
    fn redirections_and_heredocs_are_not_words() {
        assert_eq!(
            progs("kubectl get pods > /tmp/out.txt -n shop 2>&1"),
            ["kubectl get pods -n shop"]
        );
        assert_eq!(
            progs("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod; rm -rf /\nEOF\nkubectl get pods"),
            ["kubectl apply -f -", "kubectl get pods"]
        );
        assert_eq!(
            progs("cat <<< \"x\" | kubectl apply -f -"),
            ["cat", "kubectl apply -f -"]
        );
        assert_eq!(
            progs("kubectl logs <pod-name> -n <ns>"),
            ["kubectl logs <pod-name> -n <ns>"]
        );
    }

    #[test]
    fn offsets_point_into_the_source() {
        let src = "a | sh -c 'kubectl delete pod x' ; b \"$(kubectl get po -n é)\"";
        for c in simple_commands(src) {
            for w in &c.words {
                assert!(src.is_char_boundary(w.start) && src.is_char_boundary(w.end));
            }
        }
        let c = simple_commands(src);
        let del = c.iter().find(|c| c.quoted).unwrap();
        assert_eq!(&src[del.words[1].start..del.words[1].end], "delete");
        let get = c.iter().find(|c| c.is_kubectl() && !c.quoted).unwrap();
        assert_eq!(&src[get.words[4].start..get.words[4].end], "é");
    }

    #[test]
    fn unclosed_substitutions_before_multibyte_text() {
        // `$(` and `<(` never closed: the inner scan ends at the end of the line, not
        // one byte before it (inside the `🙂`).
        for src in [
            "echo $(kubectl get \\🙂",
            "echo $(kubectl get 🙂",
            "diff <(kubectl get é",
            "echo \"$(a é",
            "x=$(sh -c 'kubectl delete 日",
        ] {
            for c in simple_commands(src) {
                for w in &c.words {
                    assert!(
                        src.is_char_boundary(w.start) && src.is_char_boundary(w.end),
                        "{src:?}: {w:?}"
                    );
                }
            }
        }
        assert!(progs("echo $(kubectl get é").contains(&"kubectl get é".to_string()));
    }

    #[test]
    fn placeholders_are_not_heredocs_or_redirects() {
        let v = placeholder_ranges("a <b-c> <<EOF 2>&1 < file <x.y>");
        let names: Vec<_> = v.iter().map(|p| p.2).collect();
        assert_eq!(names, vec!["b-c", "x.y"]);
    }
}
