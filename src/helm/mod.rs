//! helm: a helm argv read the way helm (cobra and pflag) reads it, against the command
//! tree of one helm version ([`tree`]): the subcommand, the flags and their values, the
//! number of arguments, and the few checks helm makes of them before it needs a
//! cluster, a chart or the network. The first problem is the one helm reports; a
//! command with none is one helm accepts. `tests/helm/` compares this with the real
//! helm binaries on every line of `tests/helm/commands.txt`.
//!
//! Words the shell expands (`$REL`, `$(…)`) and `<placeholders>` are unknown values:
//! nothing is concluded from their content.

pub mod tree;

use tree::{Command, Flag, Tree};

/// What kind of problem; each is reported by one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// No such command (or a plugin nobody declared).
    UnknownCommand,
    UnknownFlag,
    FlagNeedsValue,
    BadFlagValue,
    /// The number of arguments, or an argument's value.
    BadArguments,
}

/// A problem helm reports before it does anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    /// Index in the argv (after `helm`) of the word it is about.
    pub word: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    fn new(kind: ProblemKind, word: usize, message: impl Into<String>) -> Problem {
        Problem {
            kind,
            word,
            message: message.into(),
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

/// One word of the argv: its text, and whether the shell (or a placeholder) decides it.
#[derive(Debug, Clone, Copy)]
pub struct Arg<'a> {
    pub text: &'a str,
    pub unknown: bool,
}

/// The problem helm reports for `argv` (the words after `helm`) on version `v` of the
/// tree, if any. `plugin` says whether a name is a declared helm plugin.
pub fn check(argv: &[Arg], v: usize, plugin: &dyn Fn(&str) -> bool) -> Option<Problem> {
    let t = tree::tree();
    let (path, path_words) = match find(t, argv, v, plugin) {
        Found::Command(path, words) => (path, words),
        Found::Plugin => return None,
        Found::Problem(p) => return Some(p),
    };
    let (cmd, variant) = t.command(&path, v)?;
    let mut args = Vec::new();
    let mut set: Vec<(&Flag, Option<&str>, usize)> = Vec::new();
    let mut help = false;
    let mut i = 0;
    while i < argv.len() {
        if path_words.contains(&i) {
            i += 1;
            continue;
        }
        let w = argv[i];
        if w.unknown && w.text.starts_with('-') && !w.text.starts_with("--") {
            // `-$OPTS`: which flags is only known when the command runs.
            i += 1;
            continue;
        }
        if w.text == "--" {
            args.extend(i + 1..argv.len());
            break;
        }
        if let Some(body) = w.text.strip_prefix("--") {
            let (name, value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (body, None),
            };
            if w.unknown && name.contains(['$', '<', '`']) {
                i += 1;
                continue;
            }
            if name == "help" {
                // cobra's own flag: helm prints the help once the flags are read.
                help = true;
                i += 1;
                continue;
            }
            let Some(f) = t.flag(cmd, name, v) else {
                return Some(unknown_flag(t, cmd, &path, i, &format!("--{name}"), v));
            };
            i += 1;
            let value = match value {
                Some(x) => Some((x, i - 1, w.unknown)),
                None if f.takes_value => match argv.get(i) {
                    Some(next) => {
                        i += 1;
                        Some((next.text, i - 1, next.unknown))
                    }
                    None => return Some(needs_value(i - 1, &format!("--{}", f.name))),
                },
                None => None,
            };
            if let Some((x, at, unknown)) = value {
                if !unknown {
                    if let Some(p) = bad_value(f, x, at) {
                        return Some(p);
                    }
                }
            }
            set.push((f, value.filter(|x| !x.2).map(|x| x.0), i - 1));
            continue;
        }
        if w.text.len() > 1 && w.text.starts_with('-') {
            // A cluster of shorthands: `-n ns`, `-nns`, `-n=ns`, `-ao`.
            let chars: Vec<(usize, char)> = w.text.char_indices().skip(1).collect();
            let mut next = i + 1;
            for &(pos, c) in &chars {
                if c == 'h' && t.short(cmd, c, v).is_none() {
                    help = true;
                    continue;
                }
                let Some(f) = t.short(cmd, c, v) else {
                    return Some(unknown_flag(t, cmd, &path, i, &format!("-{c}"), v));
                };
                let rest = &w.text[pos + c.len_utf8()..];
                if f.takes_value || rest.starts_with('=') {
                    let (x, at, unknown) = if let Some(x) = rest.strip_prefix('=') {
                        (x, i, w.unknown)
                    } else if !rest.is_empty() {
                        (rest, i, w.unknown)
                    } else if let Some(n) = argv.get(i + 1) {
                        next = i + 2;
                        (n.text, i + 1, n.unknown)
                    } else {
                        return Some(needs_value(i, &format!("-{c}")));
                    };
                    if !unknown {
                        if let Some(p) = bad_value(f, x, at) {
                            return Some(p);
                        }
                    }
                    set.push((f, (!unknown).then_some(x), i));
                    break;
                }
                set.push((f, None, i));
            }
            i = next;
            continue;
        }
        args.push(i);
        i += 1;
    }
    if help {
        // helm prints the help once the flags are read, and checks nothing else.
        return None;
    }
    if path == ["help"] {
        return help_topic(t, argv, &args, v);
    }
    arguments(t, &path, variant, argv, &args, &set, v)
}

/// The flags of `argv` (by their long name, before `--`) that version `v` of helm
/// marks deprecated, with the word each is in. None when the command is not found.
pub fn deprecated(
    argv: &[Arg],
    v: usize,
    plugin: &dyn Fn(&str) -> bool,
) -> Vec<(usize, &'static Flag)> {
    let t = tree::tree();
    let Found::Command(path, _) = find(t, argv, v, plugin) else {
        return Vec::new();
    };
    let Some((cmd, _)) = t.command(&path, v) else {
        return Vec::new();
    };
    argv.iter()
        .enumerate()
        .take_while(|(_, w)| w.text != "--")
        .filter_map(|(i, w)| {
            let name = w.text.strip_prefix("--")?.split('=').next()?;
            let f = t.flag(cmd, name, v)?;
            f.deprecated.is_some().then_some((i, f))
        })
        .collect()
}

/// Whether the command of `argv` has the flag `--name` on version `v`.
pub fn check_flag_exists(
    argv: &[Arg],
    v: usize,
    plugin: &dyn Fn(&str) -> bool,
    name: &str,
) -> bool {
    let t = tree::tree();
    let Found::Command(path, _) = find(t, argv, v, plugin) else {
        return false;
    };
    t.command(&path, v)
        .is_some_and(|(cmd, _)| t.flag(cmd, name, v).is_some())
}

enum Found {
    /// The command's path, and the indices of the words that name it.
    Command(Vec<String>, Vec<usize>),
    /// A declared plugin: nothing is known of its arguments.
    Plugin,
    Problem(Problem),
}

/// `helm help TOPIC…` names a command.
fn help_topic(t: &Tree, argv: &[Arg], args: &[usize], v: usize) -> Option<Problem> {
    let mut at: Vec<String> = Vec::new();
    for &a in args {
        let w = argv[a];
        if w.unknown {
            return None;
        }
        match t.child(&at, w.text, v) {
            Some(c) => at = c.path.clone(),
            None => {
                let topics: Vec<&str> = args.iter().map(|&i| argv[i].text).collect();
                return Some(Problem::new(
                    ProblemKind::UnknownCommand,
                    a,
                    format!("`helm help {}`: no such command", topics.join(" ")),
                ));
            }
        }
    }
    None
}

/// The subcommand, found as cobra does: at each level, the first word that is neither
/// a flag nor the value of one of that level's flags.
fn find(t: &Tree, argv: &[Arg], v: usize, plugin: &dyn Fn(&str) -> bool) -> Found {
    let mut path: Vec<String> = Vec::new();
    let mut words = Vec::new();
    loop {
        let Some((cmd, variant)) = t.command(&path, v) else {
            return Found::Command(path, words);
        };
        let first = first_word(t, cmd, argv, &words, v);
        let Some(first) = first else {
            if variant.has_subcommands && !variant.runnable && !path.is_empty() {
                return Found::Problem(
                    Problem::new(
                        ProblemKind::UnknownCommand,
                        words.last().copied().unwrap_or(0),
                        format!("`helm {}` needs a subcommand", path.join(" ")),
                    )
                    .with_help(format!(
                        "one of: {} (helm prints its help and does nothing)",
                        variant.subcommands.join(", ")
                    )),
                );
            }
            return Found::Command(path, words);
        };
        if !variant.has_subcommands {
            return Found::Command(path, words);
        }
        let w = argv[first];
        if w.unknown {
            // `helm $VERB …`: only known when the command runs.
            return Found::Plugin;
        }
        match t.child(&path, w.text, v) {
            Some(c) => {
                path = c.path.clone();
                words.push(first);
            }
            None if path.is_empty() && plugin(w.text) => return Found::Plugin,
            None if path.is_empty() => {
                let names = t
                    .commands
                    .iter()
                    .filter(|c| c.path.len() == 1 && t.has(&c.present, v))
                    .map(|c| c.path[0].as_str());
                let mut p = Problem::new(
                    ProblemKind::UnknownCommand,
                    first,
                    format!("`{}` is not a helm command", w.text),
                );
                p.help = Some(match crate::kubectl::parse::suggest(w.text, names) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "a helm plugin? declare it under `programs:` in runbooks.yaml as `helm-{}`",
                        w.text
                    ),
                });
                return Found::Problem(p);
            }
            None if variant.runnable => return Found::Command(path, words),
            None => {
                let mut p = Problem::new(
                    ProblemKind::UnknownCommand,
                    first,
                    format!("`helm {}` has no subcommand `{}`", path.join(" "), w.text),
                );
                p.help = crate::kubectl::parse::suggest(
                    w.text,
                    variant.subcommands.iter().map(String::as_str),
                )
                .map(|s| format!("did you mean `{s}`? (helm prints its help and does nothing)"));
                return Found::Problem(p);
            }
        }
    }
}

/// The first word after `skip` that is neither a flag of `cmd` (or a global one) nor a
/// value such a flag takes.
fn first_word(t: &Tree, cmd: &Command, argv: &[Arg], skip: &[usize], v: usize) -> Option<usize> {
    let mut i = 0;
    while i < argv.len() {
        let w = argv[i].text;
        if skip.contains(&i) {
            i += 1;
            continue;
        }
        if w == "--" {
            return None;
        }
        if let Some(body) = w.strip_prefix("--") {
            let takes = !body.contains('=') && t.flag(cmd, body, v).is_some_and(|f| f.takes_value);
            i += if takes { 2 } else { 1 };
            continue;
        }
        if w.len() > 1 && w.starts_with('-') {
            let last = w.chars().last().unwrap_or('-');
            let takes = w.len() == 2 && t.short(cmd, last, v).is_some_and(|f| f.takes_value);
            i += if takes { 2 } else { 1 };
            continue;
        }
        return Some(i);
    }
    None
}

fn unknown_flag(
    t: &Tree,
    cmd: &Command,
    path: &[String],
    i: usize,
    flag: &str,
    v: usize,
) -> Problem {
    let names = cmd
        .flags
        .iter()
        .chain(&t.global_flags)
        .filter(|f| !f.hidden && t.has(&f.present, v))
        .map(|f| f.name.as_str());
    let mut p = Problem::new(
        ProblemKind::UnknownFlag,
        i,
        format!("unknown flag `{flag}` for `helm {}`", path.join(" ")),
    );
    if let Some(long) = flag.strip_prefix("--") {
        p.help =
            crate::kubectl::parse::suggest(long, names).map(|s| format!("did you mean `--{s}`?"));
    }
    p
}

fn needs_value(i: usize, flag: &str) -> Problem {
    Problem::new(
        ProblemKind::FlagNeedsValue,
        i,
        format!("`{flag}` needs a value"),
    )
}

/// Go's `strconv.ParseBool`.
fn is_bool(s: &str) -> bool {
    matches!(
        s,
        "1" | "t" | "T" | "TRUE" | "true" | "True" | "0" | "f" | "F" | "FALSE" | "false" | "False"
    )
}

/// Go's `strconv.ParseInt(s, 0, 64)` (or `ParseUint` without a sign).
fn is_int(s: &str, signed: bool) -> bool {
    let s = match s.strip_prefix(['+', '-']) {
        Some(rest) if signed => rest,
        Some(_) => return false,
        None => s,
    };
    let digits =
        |d: &str, ok: fn(char) -> bool| !d.is_empty() && d.chars().all(|c| ok(c) || c == '_');
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return digits(h, |c| c.is_ascii_hexdigit());
    }
    if let Some(b) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        return digits(b, |c| c == '0' || c == '1');
    }
    if let Some(o) = s.strip_prefix("0o").or_else(|| s.strip_prefix("0O")) {
        return digits(o, |c| ('0'..='7').contains(&c));
    }
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// The problem of value `x` of flag `f` (in word `at`), as pflag (and helm's own
/// flag types) reports it when the flag is set.
fn bad_value(f: &Flag, x: &str, at: usize) -> Option<Problem> {
    let ok = match f.kind.as_str() {
        "bool" => is_bool(x),
        "int" => is_int(x, true),
        "uint" => is_int(x, false),
        "float32" => x.parse::<f32>().is_ok(),
        "duration" => crate::kubectl::values::is_go_duration(x),
        "WaitStrategy" => matches!(x, "watcher" | "hookOnly" | "legacy" | "true" | "false"),
        "stringToString" => x.split(',').all(|kv| kv.contains('=')),
        _ => f.values.as_ref().is_none_or(|vs| vs.iter().any(|v| v == x)),
    };
    (!ok).then(|| {
        let what = match (f.kind.as_str(), &f.values) {
            (_, Some(vs)) => format!("one of {}", vs.join(", ")),
            ("bool", _) => "true or false".into(),
            ("int" | "uint", _) => "a whole number".into(),
            ("duration", _) => "a duration with its unit (`5m`, `30s`)".into(),
            ("WaitStrategy", _) => "watcher, hookOnly or legacy".into(),
            ("stringToString", _) => "KEY=VALUE pairs, separated by commas".into(),
            (k, _) => format!("a {k}"),
        };
        Problem::new(
            ProblemKind::BadFlagValue,
            at,
            format!("`--{}` takes {what}, not `{x}`", f.name),
        )
    })
}

/// The checks of the positional arguments (cobra's validators), then helm's own checks
/// of what it was given, made before it needs a cluster, a chart or the network.
fn arguments(
    t: &Tree,
    path: &[String],
    variant: &tree::Variant,
    argv: &[Arg],
    args: &[usize],
    set: &[(&Flag, Option<&str>, usize)],
    v: usize,
) -> Option<Problem> {
    let n = args.len();
    let cmd = format!("helm {}", path.join(" "));
    let at = args.first().copied().unwrap_or(0);
    let count = |m: String| Some(Problem::new(ProblemKind::BadArguments, at, m));
    match (variant.args_min, variant.args_max) {
        (Some(a), Some(b)) if n < a || n > b => {
            return count(match (a, b) {
                (0, 0) => format!("`{cmd}` takes no arguments, not {n}"),
                (a, b) if a == b => format!("`{cmd}` takes {a} argument(s), not {n}"),
                (a, b) => format!("`{cmd}` takes {a} to {b} arguments, not {n}"),
            })
        }
        (Some(a), None) if n < a => {
            return count(format!("`{cmd}` takes at least {a} argument(s), not {n}"))
        }
        _ => {}
    }
    let given = |name: &str| set.iter().any(|(f, _, _)| f.name == name);
    let value = |name: &str| {
        set.iter()
            .rev()
            .find(|(f, _, _)| f.name == name)
            .and_then(|s| s.1)
    };
    let is = |p: &str| path.len() == 1 && path[0] == p;
    if (is("install") || is("template")) && n > 2 {
        return count(format!(
            "`{cmd}` takes a release name and a chart: `{}` is one argument too many",
            argv[args[2]].text
        ));
    }
    if is("install") && n == 1 && !given("generate-name") {
        return count(format!(
            "`{cmd}` needs a release name before the chart, or `--generate-name`"
        ));
    }
    if is("rollback") {
        if let Some(&r) = args.get(1) {
            let w = argv[r];
            if !w.unknown && !is_int(w.text, true) {
                return Some(Problem::new(
                    ProblemKind::BadArguments,
                    r,
                    format!("`{cmd}`: the revision is a number, not `{}`", w.text),
                ));
            }
        }
    }
    // helm's own checks of a value, made once the flags are parsed.
    let choices: &[(&str, &[&str], bool)] = &[
        ("cascade", &["background", "foreground", "orphan"], true),
        ("color", &["never", "auto", "always"], true),
        ("colour", &["never", "auto", "always"], true),
        // helm 4's `--dry-run` (a string); helm 3's is a bool on rollback, anything
        // on install, upgrade and template.
        (
            "dry-run",
            &["none", "client", "server"],
            t.versions[v].minor.starts_with('4'),
        ),
    ];
    for (name, allowed, checked) in choices {
        let Some(x) = value(name) else { continue };
        let bool_ok = *name == "dry-run" && is_bool(x);
        if *checked && !allowed.contains(&x) && !bool_ok {
            let at = set
                .iter()
                .rev()
                .find(|(f, _, _)| f.name == *name)
                .map_or(0, |s| s.2);
            return Some(Problem::new(
                ProblemKind::BadFlagValue,
                at,
                format!("`--{name}` takes one of {}, not `{x}`", allowed.join(", ")),
            ));
        }
    }
    None
}
