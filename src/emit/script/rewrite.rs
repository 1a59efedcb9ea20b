//! A command's source rewritten for the script: `kubectl` → `rb_kubectl`, the
//! runbook's namespace → `$RB_NAMESPACE`, each `<placeholder>` → a quoted expansion of
//! its variable that fits the quoting around it. Also the pieces of its display.

use super::ident;
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
    Program,
    Var(String, String),
}

#[derive(Clone, Copy, PartialEq)]
enum Q {
    None,
    Single,
    Double,
}

pub fn rewrite(c: &Command, ns: Option<&str>) -> (String, Vec<Piece>) {
    let src = c.source.as_str();
    let mut repls: Vec<(usize, usize, Repl)> = Vec::new();
    if let Some(k) = &c.kubectl {
        let words = crate::parse::words::split(src);
        if let Some(w) = words
            .iter()
            .find(|w| w.value == "kubectl" || w.value.ends_with("/kubectl"))
        {
            repls.push((w.start, w.end, Repl::Program));
        }
        if let (Some(ns), Some(used)) = (ns, k.namespace.as_deref()) {
            if ns == used {
                let inv = k.invocation();
                if let Some(f) = inv.flag("namespace") {
                    let word = f.value_word.unwrap_or(f.word);
                    if let Some((s, e)) = k.word_ranges.get(word) {
                        let (s, e) = (s - c.span.start, e - c.span.start);
                        if src.get(s..e).is_some_and(|t| t.ends_with(ns)) {
                            repls.push((
                                e - ns.len(),
                                e,
                                Repl::Var("RB_NAMESPACE".into(), "namespace".into()),
                            ));
                        }
                    }
                }
            }
        }
    }
    for (s, e, name) in crate::parse::shell::placeholder_ranges(src) {
        repls.push((
            s,
            e,
            Repl::Var(format!("PH_{}", ident(name)), name.to_string()),
        ));
    }
    repls.sort_by_key(|r| r.0);

    let mut code = String::with_capacity(src.len() + 32);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut lit = String::new();
    let mut q = Q::None;
    let mut i = 0;
    let mut next = 0;
    let b = src.as_bytes();
    while i < src.len() {
        if next < repls.len() && repls[next].0 == i {
            let (_, e, r) = &repls[next];
            match r {
                Repl::Program => {
                    code.push_str("rb_kubectl");
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
            }
            i = *e;
            next += 1;
            continue;
        }
        if next < repls.len() && repls[next].0 < i {
            next += 1; // overlapping replacement (cannot happen for well-formed input)
            continue;
        }
        let ch = src[i..].chars().next().unwrap();
        let len = ch.len_utf8();
        match (q, ch) {
            (Q::None, '\'') => q = Q::Single,
            (Q::None, '"') => q = Q::Double,
            (Q::Single, '\'') => q = Q::None,
            (Q::Double, '"') => q = Q::None,
            (Q::None | Q::Double, '\\') if i + 1 < b.len() => {
                let next_ch = src[i + 1..].chars().next().unwrap();
                let both = len + next_ch.len_utf8();
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
