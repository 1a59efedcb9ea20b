//! A command's source rewritten for the script: `kubectl`, `oc` and `helm` → the
//! runtime's wrappers (which add `--context`/`--kube-context`, and `-n` when a command
//! names no namespace and `--namespace` was given), the runbook's namespace →
//! `$RBC_NAMESPACE`, each `<placeholder>` → an expansion of its variable that fits
//! the quoting around it (here-document bodies included, so a value arrives exactly as
//! `plan` shows it). Also the pieces of its display, and what the run must check first.

use crate::model::Command;
use crate::programs::SECOND_SHELLS;

/// A piece of a command's display (for `plan`, `--dry-run`, banners).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    /// A cluster program (`kubectl`, `oc`, `helm`), shown with the context it gets,
    /// and with `-n` when it gets the given namespace.
    Program(&'static str, bool),
    /// A variable outside quotes: shown shell-quoted.
    Quoted(String, String),
    /// A variable inside quotes or a here-document: shown as is.
    Raw(String, String),
}

enum Repl {
    /// A cluster program's word: the runtime's wrapper function, or (behind a wrapper
    /// program such as `xargs`, which cannot run a function) the program with the
    /// context array spliced in. `ns`: the given namespace is added.
    Program {
        prog: &'static str,
        inline: bool,
        ns: bool,
    },
    Var(String, String),
    /// Dropped from the code and the display: a `\r` before a line end (a CRLF file).
    Drop,
    /// Dropped from the code only: `exec ` before a program (it would end the script).
    DropCode,
}

#[derive(Clone, Copy, PartialEq)]
enum Q {
    None,
    Single,
    Double,
}

/// A command made ready for the script.
pub struct Rewritten {
    /// The code of the command's function.
    pub code: String,
    /// The command as shown by `plan`, `--dry-run` and the banners.
    pub pieces: Vec<Piece>,
    /// Why `--context` cannot reach every cluster program of the command, if so.
    pub pin_context: Option<String>,
    /// Why `--namespace` cannot reach every cluster program of the command, if so.
    pub pin_namespace: Option<String>,
    /// Placeholders whose value a second shell parses (`sh -c '… <pod> …'`,
    /// `ssh host "…"`, `watch`, `xargs`): their values must be plain words.
    pub reparsed: Vec<String>,
    /// Placeholders that start a word: a value starting with `-` would be read as an
    /// option there.
    pub word_start: Vec<String>,
    /// Shell variables the command reads and does not set itself.
    pub variables: Vec<String>,
}

/// The programs `--context` and `--namespace` reach, and how they spell them.
fn cluster_program(name: &str) -> Option<&'static str> {
    match name.rsplit('/').next().unwrap_or(name) {
        "kubectl" => Some("kubectl"),
        "oc" => Some("oc"),
        "helm" => Some("helm"),
        _ => None,
    }
}

/// Programs that act only on this machine (or whose inner commands are judged on
/// their own): `--context`/`--namespace` need not reach them.
fn local_program(name: &str) -> bool {
    let name = name.rsplit('/').next().unwrap_or(name);
    crate::programs::READ_ONLY_PROGRAMS
        .iter()
        .any(|(p, _)| *p == name)
        || matches!(
            name,
            "sh" | "bash"
                | "zsh"
                | "dash"
                | "ksh"
                | "ash"
                | "sed"
                | "awk"
                | "gawk"
                | "find"
                | "uniq"
                | "tee"
                | "rm"
                | "mv"
                | "cp"
                | "mkdir"
                | "touch"
                | "chmod"
                | "ln"
                | "for"
                | "case"
                | "select"
                | "in"
                | "local"
                | "declare"
                | "unset"
                | "read"
                | "shift"
                | "break"
                | "continue"
                | "let"
                | "wait"
                | "xargs"
                | "hostname"
                | "watch"
                | "eval"
                | "source"
                | "."
        )
}

/// Rewrite a command for the script. `ns` is the runbook's namespace.
pub fn rewrite(c: &Command, ns: Option<&str>, var: &dyn Fn(&str) -> String) -> Rewritten {
    let src = c.code();
    let simple = crate::words::simple_commands(src);
    let mut repls: Vec<(usize, usize, Repl)> = Vec::new();
    let t = retarget(src, &simple, &c.kubectl, ns, &mut repls);
    let (reparsed, word_start) = placeholders(src, &simple, t.second_shell, var, &mut repls);
    for (i, _) in src.match_indices('\r') {
        if matches!(src.as_bytes().get(i + 1), None | Some(b'\n')) {
            repls.push((i, i + 1, Repl::Drop));
        }
    }
    repls.sort_by_key(|r| r.0);
    let (code, pieces) = apply(src, &repls);
    Rewritten {
        code,
        pieces,
        pin_context: t.pin_context,
        pin_namespace: t.pin_namespace,
        reparsed,
        word_start,
        variables: crate::shellvars::unset_candidates(src),
    }
}

/// What [`retarget`] finds out about a command.
struct Targets {
    pin_context: Option<String>,
    pin_namespace: Option<String>,
    /// A program that parses text as shell code (`sh`, `ssh`, `eval`, …) is in it.
    second_shell: bool,
}

/// Where `--context` and `--namespace` reach the command: its cluster programs
/// become the runtime's wrappers, the runbook's namespace `$RBC_NAMESPACE`; and what
/// they cannot reach (then the command is pinned).
fn retarget(
    src: &str,
    simple: &[crate::words::SimpleCommand],
    kubectl: &[crate::model::Kubectl],
    ns: Option<&str>,
    repls: &mut Vec<(usize, usize, Repl)>,
) -> Targets {
    let mut pin_context: Option<String> = None;
    let mut pin_namespace: Option<String> = None;
    let mut kubectls = kubectl.iter();
    let mut second_shell = false;
    for sc in simple {
        let words: Vec<&str> = sc.words.iter().map(|w| w.value.as_str()).collect();
        second_shell |= words
            .iter()
            .any(|w| SECOND_SHELLS.contains(&w.rsplit('/').next().unwrap_or(w)));
        // The model of each kubectl (an `oc`'s is skipped: oc's own commands are not
        // in kubectl's tree, and oc is retargeted by its words alone).
        let model = (sc.is_kubectl() || sc.is_oc())
            .then(|| kubectls.next())
            .flatten()
            .filter(|k| !k.is_oc());
        let Some(pw) = sc.program_word() else {
            continue;
        };
        let shown = || words.join(" ");
        // `exec kubectl …` would replace the script: the program runs as a command.
        if !sc.quoted {
            if let Some(k) = (0..sc.program).rev().find(|k| sc.words[*k].value == "exec") {
                let w = &sc.words[k];
                repls.push((w.start, sc.words[k + 1].start, Repl::DropCode));
            }
        }
        let Some(prog) = cluster_program(&pw.value) else {
            if !local_program(&pw.value) {
                let why = format!(
                    "`{}` cannot be pointed at another context or namespace",
                    pw.value
                );
                pin_context.get_or_insert_with(|| why.clone());
                pin_namespace.get_or_insert(why);
            }
            continue;
        };
        if sc.quoted {
            let why = format!(
                "it runs {prog} inside a quoted string (`{}`), which --context and --namespace cannot reach",
                shown()
            );
            pin_context.get_or_insert_with(|| why.clone());
            pin_namespace.get_or_insert(why);
            continue;
        }
        if model.is_some_and(|k| k.path.is_empty()) {
            let why = format!(
                "`{}` is not a kubectl command rbc knows (a plugin?)",
                shown()
            );
            pin_context.get_or_insert_with(|| why.clone());
            pin_namespace.get_or_insert(why);
        }
        // The program's own options, up to `--` (after it: the container's command).
        let own = &sc.words[sc.program + 1..];
        let own = &own[..own
            .iter()
            .position(|w| w.value == "--")
            .unwrap_or(own.len())];
        let context_flags: &[&str] = if prog == "helm" {
            &[
                "--kube-context",
                "--kubeconfig",
                "--kube-apiserver",
                "--kube-token",
            ]
        } else {
            &[
                "--context",
                "--kubeconfig",
                "--cluster",
                "--server",
                "-s",
                "--token",
                "--user",
            ]
        };
        if let Some(f) = own.iter().find(|w| {
            context_flags
                .iter()
                .any(|f| w.value == *f || w.value.starts_with(&format!("{f}=")))
        }) {
            pin_context.get_or_insert_with(|| {
                format!(
                    "it names its own cluster (`{}`), which --context would not replace",
                    f.value
                )
            });
        }
        let mut ns_found = false;
        let mut k = 0;
        while k < own.len() {
            let w = &own[k];
            let v = w.value.as_str();
            if v == "-A" || v == "--all-namespaces" || v.starts_with("--all-namespaces=") {
                ns_found = true;
                pin_namespace.get_or_insert_with(|| {
                    format!("it reads every namespace (`{v}`), which --namespace would not narrow")
                });
            }
            let value: Option<(&crate::words::Word, usize)> = if v == "-n" || v == "--namespace" {
                own.get(k + 1).map(|n| (n, 0))
            } else if let Some(rest) = v.strip_prefix("--namespace=") {
                Some((w, v.len() - rest.len()))
            } else if v.starts_with("-n") && v.len() > 2 && !v.starts_with("--") {
                Some((w, 2 + usize::from(v.as_bytes()[2] == b'=')))
            } else {
                None
            };
            if let Some((word, skip)) = value {
                ns_found = true;
                let text = &src[word.start..word.end];
                let literal = &word.value[skip..];
                let plain = text.len() >= skip && &text[skip..] == literal && !word.expands();
                match ns {
                    Some(ns) if plain && literal == ns => repls.push((
                        word.start + skip,
                        word.end,
                        Repl::Var("RBC_NAMESPACE".into(), "namespace".into()),
                    )),
                    _ => {
                        pin_namespace.get_or_insert_with(|| {
                            format!("its namespace (`{text}`) is written in the runbook, not the runbook's namespace, which --namespace replaces")
                        });
                    }
                }
                if word.start != w.start {
                    k += 1;
                }
            }
            k += 1;
        }
        let inline = sc.wrapper.as_deref().is_some_and(|w| w != "time");
        repls.push((
            pw.start,
            pw.end,
            Repl::Program {
                prog,
                inline,
                ns: !ns_found,
            },
        ));
    }
    Targets {
        pin_context,
        pin_namespace,
        second_shell,
    }
}

/// Every placeholder becomes its variable; which of them a second shell parses, and
/// which start a word.
fn placeholders(
    src: &str,
    simple: &[crate::words::SimpleCommand],
    second_shell: bool,
    var: &dyn Fn(&str) -> String,
    repls: &mut Vec<(usize, usize, Repl)>,
) -> (Vec<String>, Vec<String>) {
    let word_starts: Vec<usize> = simple
        .iter()
        .flat_map(|sc| sc.words.iter().map(|w| w.start))
        .collect();
    let b = src.as_bytes();
    let mut reparsed = Vec::new();
    let mut word_start = Vec::new();
    for (s, e, name) in crate::words::placeholder_ranges(src) {
        let var = var(name);
        if second_shell && !reparsed.contains(&var) {
            reparsed.push(var.clone());
        }
        let starts = word_starts
            .iter()
            .any(|w| *w == s || (*w + 1 == s && matches!(b[*w], b'"' | b'\'')));
        if starts && !word_start.contains(&var) {
            word_start.push(var.clone());
        }
        repls.push((s, e, Repl::Var(var, name.to_string())));
    }
    (reparsed, word_start)
}

/// The replacements applied: the command's code and the pieces of its display.
fn apply(src: &str, repls: &[(usize, usize, Repl)]) -> (String, Vec<Piece>) {
    let b = src.as_bytes();
    let mut code = String::with_capacity(src.len() + 32);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut lit = String::new();
    let mut q = Q::None;
    // Quoting contexts left by `$(` and backticks: a substitution starts afresh.
    let mut frames: Vec<(Q, usize, bool)> = Vec::new();
    let mut parens = 0usize;
    // Here-documents whose body starts at the next line: (delimiter, quoted, `<<-`).
    let mut pending: Vec<(String, bool, bool)> = Vec::new();
    let mut i = 0;
    let mut next = 0;
    while i < src.len() {
        if next < repls.len() && repls[next].0 == i {
            let (_, e, r) = &repls[next];
            match r {
                Repl::Program { prog, inline, ns } => {
                    if *inline {
                        code.push_str(&src[i..*e]);
                        let ctx = if *prog == "helm" {
                            "RBC_HCTX"
                        } else {
                            "RBC_KCTX"
                        };
                        code.push_str(&format!(r#" ${{{ctx}[@]+"${{{ctx}[@]}}"}}"#));
                    } else {
                        code.push_str("rb_");
                        code.push_str(prog);
                    }
                    if *ns {
                        code.push_str(r#" ${RBC_NSARG[@]+"${RBC_NSARG[@]}"}"#);
                    }
                    pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                    pieces.push(Piece::Program(prog, *ns));
                }
                Repl::Var(var, name) => {
                    match q {
                        Q::None => code.push_str(&format!("\"${{{var}}}\"")),
                        Q::Double => code.push_str(&format!("${{{var}}}")),
                        Q::Single => code.push_str(&format!("'\"${{{var}}}\"'")),
                    }
                    pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                    pieces.push(if q == Q::None {
                        Piece::Quoted(var.clone(), name.clone())
                    } else {
                        Piece::Raw(var.clone(), name.clone())
                    });
                }
                Repl::Drop => {}
                Repl::DropCode => lit.push_str(&src[i..*e]),
            }
            i = *e;
            next += 1;
            continue;
        }
        if next < repls.len() && repls[next].0 < i {
            next += 1; // overlapping replacement (cannot happen for well-formed input)
            continue;
        }
        let ch = src[i..].chars().next().unwrap_or(' ');
        let len = ch.len_utf8();
        match (q, ch) {
            (Q::None, '\n') if !pending.is_empty() => {
                code.push('\n');
                lit.push('\n');
                i += 1;
                for (delim, quoted, tabs) in std::mem::take(&mut pending) {
                    i = heredoc_body(
                        src,
                        i,
                        &delim,
                        quoted,
                        tabs,
                        repls,
                        &mut next,
                        &mut code,
                        &mut lit,
                        &mut pieces,
                    );
                }
                continue;
            }
            (Q::None, '<') if b.get(i + 1) == Some(&b'<') && b.get(i + 2) != Some(&b'<') => {
                // A here-document: `<<` or `<<-`, then its delimiter word. A quoted
                // delimiter becomes a plain one in the code, its body escaped, so that
                // placeholders expand in it and nothing else does.
                let h = crate::shellvars::heredoc_at(src, i);
                let (j, start, tabs) = (h.end, h.word.start, h.tabs);
                let (word, delim) = (&src[h.word], h.delim);
                if delim.is_empty() || delim.contains('$') || delim.contains('`') {
                    code.push_str("<<");
                    lit.push_str("<<");
                    i += 2;
                    continue;
                }
                let quoted = word != delim;
                code.push_str(&src[i..start]);
                lit.push_str(&src[i..start]);
                code.push_str(&delim);
                lit.push_str(word);
                pending.push((delim, quoted, tabs));
                // Placeholders cannot sit in a delimiter word (it has none).
                while next < repls.len() && repls[next].0 < j {
                    next += 1;
                }
                i = j;
                continue;
            }
            (Q::None | Q::Double, '$') if b.get(i + 1) == Some(&b'(') => {
                frames.push((q, parens, false));
                q = Q::None;
                parens = 0;
                code.push_str("$(");
                lit.push_str("$(");
                i += 2;
                continue;
            }
            (Q::None | Q::Double, '`') => {
                if frames.last().is_some_and(|f| f.2) && q == Q::None {
                    let (oq, op, _) = frames.pop().unwrap_or((Q::None, 0, false));
                    q = oq;
                    parens = op;
                } else {
                    frames.push((q, parens, true));
                    q = Q::None;
                    parens = 0;
                }
            }
            (Q::None, '(') => parens += 1,
            (Q::None, ')') if parens > 0 => parens -= 1,
            (Q::None, ')') if frames.last().is_some_and(|f| !f.2) => {
                let (oq, op, _) = frames.pop().unwrap_or((Q::None, 0, false));
                q = oq;
                parens = op;
            }
            (Q::None, '#') if i == 0 || b[i - 1].is_ascii_whitespace() || b[i - 1] == b';' => {
                // A comment runs to the end of the line: its quotes open nothing.
                let end = src[i..].find('\n').map_or(src.len(), |k| i + k);
                let end = end - usize::from(end > i && b[end - 1] == b'\r');
                code.push_str(&src[i..end]);
                lit.push_str(&src[i..end]);
                while next < repls.len() && repls[next].0 < end {
                    next += 1;
                }
                i = end;
                continue;
            }
            (Q::None, '\'') => q = Q::Single,
            (Q::None, '"') => q = Q::Double,
            (Q::Single, '\'') => q = Q::None,
            (Q::Double, '"') => q = Q::None,
            (Q::None | Q::Double, '\\') if i + 1 < b.len() => {
                let next_ch = src[i + 1..].chars().next().unwrap_or(' ');
                let mut both = len + next_ch.len_utf8();
                // `\` + CRLF: a continuation; the `\r` goes.
                if next_ch == '\r' && b.get(i + 2) == Some(&b'\n') {
                    code.push_str("\\\n");
                    lit.push_str("\\\n");
                    i += 3;
                    continue;
                }
                both = both.min(src.len() - i);
                code.push_str(&src[i..i + both]);
                lit.push_str(&src[i..i + both]);
                i += both;
                continue;
            }
            _ => {}
        }
        code.push_str(&src[i..i + len]);
        lit.push_str(&src[i..i + len]);
        i += len;
    }
    pieces.push(Piece::Lit(lit));
    // One line for display: `\`-newline continuations become a space.
    let pieces = pieces
        .into_iter()
        .filter_map(|p| match p {
            Piece::Lit(s) if s.is_empty() => None,
            Piece::Lit(s) => Some(Piece::Lit(join_continuations(&s))),
            other => Some(other),
        })
        .collect();
    (code, pieces)
}

/// A here-document's body from `i` (the start of its first line) through its
/// delimiter line; where it ends. Placeholders become `${VAR}` (bash expands a
/// variable in a body once, without re-reading its value); in a quoted here-document
/// everything else the body holds is escaped, so the text arrives as written.
#[allow(clippy::too_many_arguments)]
fn heredoc_body(
    src: &str,
    mut i: usize,
    delim: &str,
    quoted: bool,
    tabs: bool,
    repls: &[(usize, usize, Repl)],
    next: &mut usize,
    code: &mut String,
    lit: &mut String,
    pieces: &mut Vec<Piece>,
) -> usize {
    while i < src.len() {
        let end = src[i..].find('\n').map_or(src.len(), |k| i + k);
        let line = src[i..end].trim_end_matches('\r');
        let t = if tabs {
            line.trim_start_matches('\t')
        } else {
            line
        };
        if t == delim {
            code.push_str(line);
            lit.push_str(line);
            while *next < repls.len() && repls[*next].0 < end {
                *next += 1;
            }
            return end;
        }
        let mut k = i;
        while k < end {
            if *next < repls.len() && repls[*next].0 == k {
                let (_, e, r) = &repls[*next];
                if let Repl::Var(var, name) = r {
                    code.push_str(&format!("${{{var}}}"));
                    pieces.push(Piece::Lit(std::mem::take(lit)));
                    pieces.push(Piece::Raw(var.clone(), name.clone()));
                }
                k = *e;
                *next += 1;
                continue;
            }
            if *next < repls.len() && repls[*next].0 < k {
                *next += 1;
                continue;
            }
            let ch = src[k..].chars().next().unwrap_or(' ');
            if quoted && matches!(ch, '\\' | '$' | '`') {
                code.push('\\');
            }
            code.push(ch);
            lit.push(ch);
            k += ch.len_utf8();
        }
        if end < src.len() {
            code.push('\n');
            lit.push('\n');
        }
        i = end + 1;
    }
    src.len()
}

fn join_continuations(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("\\\n") {
        out.push_str(rest[..i].trim_end());
        out.push(' ');
        rest = rest[i + 2..].trim_start_matches([' ', '\t']);
    }
    out.push_str(rest);
    out
}
