//! A command's source rewritten for the script: `kubectl` → `rb_kubectl`, the
//! runbook's namespace → `$RB_NAMESPACE`, each `<placeholder>` → a quoted expansion of
//! its variable that fits the quoting around it. Also the pieces of its display.

use crate::model::Command;

/// A piece of a command's display (for `plan`, `--dry-run`, banners).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    /// `kubectl`, shown with `--context` when one is given.
    Program,
    /// A variable outside quotes: shown shell-quoted.
    Quoted(String, String),
    /// A variable inside quotes: shown as is.
    Raw(String, String),
}

enum Repl {
    /// A `kubectl` word: the runtime's wrapper function, or (behind a wrapper program
    /// such as `xargs`, which cannot run a function) the program with the context
    /// array spliced in.
    Program {
        inline: bool,
    },
    Var(String, String),
    /// A `\r` before a line end (a CRLF file): dropped.
    Drop,
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
    /// Why `--context`/`--namespace` cannot reach every kubectl of the command, if so.
    pub pinned: Option<String>,
    /// Placeholders whose value a second shell parses (`sh -c '… <pod> …'`,
    /// `watch kubectl … <pod>`): their values must be plain words.
    pub reparsed: Vec<String>,
}

/// Rewrite a command for the script. `ns` is the runbook's namespace.
pub fn rewrite(c: &Command, ns: Option<&str>, var: &dyn Fn(&str) -> String) -> Rewritten {
    let src = c.source.as_str();
    let mut repls: Vec<(usize, usize, Repl)> = Vec::new();
    let mut pinned = None;
    // The command's simple commands; its kubectl ones are `c.kubectl`, in order.
    let simple = crate::words::simple_commands(src);
    let kubectls = simple.iter().filter(|s| s.is_kubectl());
    // Ranges of strings that a second shell parses.
    let mut reparsed_ranges: Vec<(usize, usize)> = Vec::new();
    for s in &simple {
        if s.quoted {
            if let Some(w) = s.words.first() {
                reparsed_ranges.push((w.start, s.words.last().map_or(w.end, |l| l.end)));
            }
        } else if s.wrapper.as_deref() == Some("watch") {
            if let (Some(f), Some(l)) = (s.words.get(s.program), s.words.last()) {
                reparsed_ranges.push((f.start, l.end));
            }
        }
    }
    for (sc, k) in kubectls.zip(&c.kubectl) {
        if sc.quoted || k.quoted {
            pinned.get_or_insert_with(|| {
                format!(
                    "it runs kubectl inside a quoted string (`{}`), which --context and --namespace cannot reach",
                    sc.words.iter().map(|w| w.value.as_str()).collect::<Vec<_>>().join(" ")
                )
            });
            continue;
        }
        if let Some(w) = sc.program_word() {
            let inline = sc.wrapper.as_deref().is_some_and(|w| w != "time");
            repls.push((w.start, w.end, Repl::Program { inline }));
        }
        let (Some(ns), Some(used)) = (ns, k.namespace.as_deref()) else {
            continue;
        };
        if ns != used {
            continue;
        }
        let inv = k.invocation();
        let found = inv.flag("namespace").and_then(|f| {
            let word = f.value_word.unwrap_or(f.word);
            let (s, e) = k.word_range(word)?;
            let (s, e) = (s.checked_sub(c.span.start)?, e.checked_sub(c.span.start)?);
            src.get(s..e)
                .is_some_and(|t| t.ends_with(ns))
                .then_some((e - ns.len(), e))
        });
        match found {
            Some((s, e)) => {
                repls.push((s, e, Repl::Var("RBC_NAMESPACE".into(), "namespace".into())))
            }
            None => {
                pinned.get_or_insert_with(|| {
                    format!("its namespace `{ns}` is written in a form the script cannot replace")
                });
            }
        }
    }
    let mut reparsed = Vec::new();
    for (s, e, name) in crate::words::placeholder_ranges(src) {
        let var = var(name);
        if reparsed_ranges.iter().any(|r| r.0 <= s && e <= r.1) && !reparsed.contains(&var) {
            reparsed.push(var.clone());
        }
        repls.push((s, e, Repl::Var(var, name.to_string())));
    }
    for (i, _) in src.match_indices('\r') {
        if matches!(src.as_bytes().get(i + 1), None | Some(b'\n')) {
            repls.push((i, i + 1, Repl::Drop));
        }
    }
    repls.sort_by_key(|r| r.0);

    let mut code = String::with_capacity(src.len() + 32);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut lit = String::new();
    let mut q = Q::None;
    // Quoting contexts left by `$(` and backticks: a substitution starts afresh.
    let mut frames: Vec<(Q, usize, bool)> = Vec::new();
    let mut parens = 0usize;
    let mut i = 0;
    let mut next = 0;
    let b = src.as_bytes();
    while i < src.len() {
        if next < repls.len() && repls[next].0 == i {
            let (_, e, r) = &repls[next];
            match r {
                Repl::Program { inline } => {
                    if *inline {
                        code.push_str(&src[i..*e]);
                        code.push_str(r#" ${RBC_KCTX[@]+"${RBC_KCTX[@]}"}"#);
                    } else {
                        code.push_str("rb_kubectl");
                    }
                    pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                    pieces.push(Piece::Program);
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
    Rewritten {
        code,
        pieces,
        pinned,
        reparsed,
    }
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
