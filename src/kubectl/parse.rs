//! A kubectl argv read the way cobra and pflag read it: the subcommand path, the flags
//! with their values, the positional arguments, the words after `--`, and every
//! problem kubectl would report before contacting a server.

use super::tree::{index, CommandSpec, Flag, Index};
use super::values;

/// What kind of problem, in the order kubectl reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    UnknownCommand,
    UnknownFlag,
    FlagNeedsValue,
    BadFlagValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    /// Index of the word (in the argv after `kubectl`) the problem is about.
    pub word: usize,
    pub message: String,
    pub help: Option<String>,
    /// 0: command look-up, 1: flag parsing (pflag), 2: kubectl's own value checks.
    pub stage: u8,
    /// Only detectable by a kubectl that reached a server (`get -o xml`).
    pub online_only: bool,
}

/// A flag as used on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagUse {
    /// Long name (`namespace` for `-n`).
    pub name: String,
    pub value: Option<String>,
    /// Index of the word that names the flag.
    pub word: usize,
    /// Index of the word holding the value, when it is a separate word.
    pub value_word: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Invocation {
    /// `["rollout", "undo"]`; empty when no subcommand was recognised.
    pub path: Vec<String>,
    /// Positional arguments with their word index.
    pub args: Vec<(usize, String)>,
    pub flags: Vec<FlagUse>,
    /// Words after `--`.
    pub after_dashdash: Vec<String>,
    pub dashdash: Option<usize>,
    pub problems: Vec<Problem>,
}

impl Invocation {
    pub fn flag(&self, name: &str) -> Option<&FlagUse> {
        self.flags.iter().find(|f| f.name == name)
    }

    pub fn first_problem(&self) -> Option<&Problem> {
        self.problems.iter().min_by_key(|p| (p.stage, p.word))
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest of `candidates` to `word`, if close enough to suggest.
pub fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= 2.max(word.len() / 4) && *d < c.len())
        .min()
        .map(|(_, c)| c)
}

/// Whether a flag consumes the next word as its value when given without `=`.
fn consumes_next(f: &Flag) -> bool {
    f.takes_value && !f.optional_value
}

/// Read `argv` (the words after `kubectl`).
pub fn parse(argv: &[String]) -> Invocation {
    let idx = index();
    let mut inv = Invocation::default();
    let mut cmd = idx.root();
    let mut path_words = Vec::new();

    // 1. Find the subcommand: leading non-flag words that name subcommands.
    let mut i = 0;
    while i < argv.len() {
        let w = &argv[i];
        if w == "--" {
            break;
        }
        if w.starts_with('-') && w.len() > 1 {
            let f = lookup_for_skip(idx, cmd, w);
            if cmd.path.is_empty() && !f.is_some_and(|f| idx.is_global(f)) {
                // kubectl takes a non-global flag before any subcommand for a plugin's.
                inv.problems.push(Problem {
                    kind: ProblemKind::UnknownFlag,
                    word: i,
                    message: format!(
                        "`{w}` is not a global flag: flags of a subcommand go after it"
                    ),
                    help: Some("write `kubectl get pods -A`, not `kubectl -A get pods`".into()),
                    stage: 0,
                    online_only: false,
                });
                break;
            }
            i += if f
                .is_some_and(|f| consumes_next(f) && !w.contains('=') && flag_is_last_in_word(w))
            {
                2
            } else {
                1
            };
            continue;
        }
        if !cmd.has_subcommands {
            break;
        }
        match idx.child(cmd, w) {
            Some(c) => {
                cmd = c;
                path_words.push(i);
                i += 1;
            }
            None => {
                if cmd.path.is_empty() || !cmd.runnable {
                    let names = cmd.subcommands.iter().map(String::as_str);
                    let what = if cmd.path.is_empty() {
                        "kubectl".to_string()
                    } else {
                        format!("kubectl {}", cmd.path.join(" "))
                    };
                    inv.problems.push(Problem {
                        kind: ProblemKind::UnknownCommand,
                        word: i,
                        message: format!("unknown command `{w}` for `{what}`"),
                        help: suggest(w, names).map(|s| format!("did you mean `{s}`?")),
                        // The root rejects it while finding the command; groups only
                        // after parsing flags.
                        stage: if cmd.path.is_empty() { 0 } else { 2 },
                        online_only: false,
                    });
                }
                break;
            }
        }
    }
    inv.path = cmd.path.clone();

    // 2. Parse every word as pflag does for the command found.
    let mut i = 0;
    while i < argv.len() {
        if path_words.contains(&i) {
            i += 1;
            continue;
        }
        let w = &argv[i];
        if w == "--" {
            inv.dashdash = Some(i);
            inv.after_dashdash = argv[i + 1..].to_vec();
            break;
        }
        if let Some(body) = w.strip_prefix("--") {
            let (name, value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            match idx.flag(cmd, name) {
                None => {
                    let names = cmd
                        .flags
                        .iter()
                        .chain(&idx.tree.global_flags)
                        .filter(|f| !f.hidden)
                        .map(|f| f.name.as_str());
                    inv.problems.push(Problem {
                        kind: ProblemKind::UnknownFlag,
                        word: i,
                        message: format!(
                            "unknown flag `--{name}` for `kubectl {}`",
                            cmd.path.join(" ")
                        ),
                        help: suggest(name, names).map(|s| format!("did you mean `--{s}`?")),
                        stage: 1,
                        online_only: false,
                    });
                    i += 1;
                }
                Some(f) => {
                    if value.is_none() && consumes_next(f) {
                        if i + 1 >= argv.len() {
                            inv.problems.push(needs_value(i, &format!("--{}", f.name)));
                            i += 1;
                        } else {
                            inv.flags.push(FlagUse {
                                name: f.name.clone(),
                                value: Some(argv[i + 1].clone()),
                                word: i,
                                value_word: Some(i + 1),
                            });
                            i += 2;
                        }
                    } else {
                        inv.flags.push(FlagUse {
                            name: f.name.clone(),
                            value,
                            word: i,
                            value_word: None,
                        });
                        i += 1;
                    }
                }
            }
            continue;
        }
        if w.starts_with('-') && w.len() > 1 {
            // A cluster of shorthands: `-it`, `-n=ns`, `-nns`.
            let chars: Vec<(usize, char)> = w.char_indices().skip(1).collect();
            let mut next = i + 1;
            let mut k = 0;
            while k < chars.len() {
                let (pos, c) = chars[k];
                let Some(f) = idx.short(cmd, c) else {
                    inv.problems.push(Problem {
                        kind: ProblemKind::UnknownFlag,
                        word: i,
                        message: format!(
                            "unknown shorthand flag `-{c}` in `{w}` for `kubectl {}`",
                            cmd.path.join(" ")
                        ),
                        help: None,
                        stage: 1,
                        online_only: false,
                    });
                    break;
                };
                let rest = &w[pos + c.len_utf8()..];
                if let Some(v) = rest.strip_prefix('=') {
                    inv.flags.push(FlagUse {
                        name: f.name.clone(),
                        value: Some(v.to_string()),
                        word: i,
                        value_word: None,
                    });
                    break;
                }
                if consumes_next(f) {
                    if !rest.is_empty() {
                        inv.flags.push(FlagUse {
                            name: f.name.clone(),
                            value: Some(rest.to_string()),
                            word: i,
                            value_word: None,
                        });
                    } else if i + 1 < argv.len() {
                        inv.flags.push(FlagUse {
                            name: f.name.clone(),
                            value: Some(argv[i + 1].clone()),
                            word: i,
                            value_word: Some(i + 1),
                        });
                        next = i + 2;
                    } else {
                        inv.problems.push(needs_value(i, &format!("-{c}")));
                    }
                    break;
                }
                inv.flags.push(FlagUse {
                    name: f.name.clone(),
                    value: None,
                    word: i,
                    value_word: None,
                });
                k += 1;
            }
            i = next;
            continue;
        }
        inv.args.push((i, w.clone()));
        i += 1;
    }

    if inv.problems.iter().any(|p| p.stage == 0) {
        return inv;
    }
    if inv.path == ["help"] {
        // `kubectl help TOPIC…` names a command.
        let mut at = idx.root();
        for (w, a) in &inv.args {
            match idx.child(at, a) {
                Some(c) => at = c,
                None => {
                    inv.problems.push(Problem {
                        kind: ProblemKind::UnknownCommand,
                        word: *w,
                        message: format!("`kubectl help {a}`: no such command"),
                        help: suggest(a, at.subcommands.iter().map(String::as_str))
                            .map(|s| format!("did you mean `{s}`?")),
                        stage: 2,
                        online_only: false,
                    });
                    break;
                }
            }
        }
    }
    // 3. Values, and kubectl's own checks.
    if inv.path == ["wait"] && inv.flag("for").is_none() && inv.flag("help").is_none() {
        inv.problems.push(Problem {
            kind: ProblemKind::BadFlagValue,
            word: 0,
            message: "`kubectl wait` needs `--for` (an empty condition is not one)".into(),
            help: Some("add `--for=condition=Ready`, `--for=delete` or `--for=jsonpath=…`".into()),
            stage: 2,
            online_only: false,
        });
    }
    for fu in &inv.flags {
        let Some(f) = idx.flag(cmd, &fu.name) else {
            continue;
        };
        if let Some(v) = &fu.value {
            if let Some(p) = values::check(cmd, f, v) {
                inv.problems.push(Problem {
                    kind: ProblemKind::BadFlagValue,
                    word: fu.value_word.unwrap_or(fu.word),
                    message: p.message,
                    help: p.help,
                    stage: p.stage,
                    online_only: p.online_only,
                });
            }
        }
    }
    inv
}

fn needs_value(word: usize, shown: &str) -> Problem {
    Problem {
        kind: ProblemKind::FlagNeedsValue,
        word,
        message: format!("flag `{shown}` needs a value"),
        help: None,
        stage: 1,
        online_only: false,
    }
}

/// While looking for the subcommand, the flag a word names (to skip its value).
fn lookup_for_skip<'a>(idx: &'a Index, cmd: &'a CommandSpec, w: &str) -> Option<&'a Flag> {
    if let Some(body) = w.strip_prefix("--") {
        let name = body.split('=').next().unwrap_or("");
        return idx.flag(cmd, name);
    }
    let first = w.chars().nth(1)?;
    idx.short(cmd, first)
}

/// `--name` or `-n`: a value may follow as the next word.
fn flag_is_last_in_word(w: &str) -> bool {
    w.starts_with("--") || w.chars().count() == 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Invocation {
        let argv: Vec<String> = s.split_whitespace().map(str::to_string).collect();
        parse(&argv)
    }

    #[test]
    fn paths_flags_and_args() {
        let inv = p("rollout undo statefulset erlmcp -n erlmcp-prod --to-revision=3");
        assert_eq!(inv.path, ["rollout", "undo"]);
        assert_eq!(
            inv.flag("namespace").unwrap().value.as_deref(),
            Some("erlmcp-prod")
        );
        assert_eq!(
            inv.args.iter().map(|a| a.1.as_str()).collect::<Vec<_>>(),
            ["statefulset", "erlmcp"]
        );
        assert!(inv.problems.is_empty(), "{:?}", inv.problems);
        let inv = p("-n ns get pods -A");
        assert_eq!(inv.path, ["get"]);
        assert!(inv.problems.is_empty(), "{:?}", inv.problems);
    }

    #[test]
    fn problems() {
        assert_eq!(p("gte pods").problems[0].kind, ProblemKind::UnknownCommand);
        assert_eq!(
            p("gte pods").problems[0].help.as_deref(),
            Some("did you mean `get`?")
        );
        assert_eq!(
            p("get pods --bogus").problems[0].kind,
            ProblemKind::UnknownFlag
        );
        assert_eq!(
            p("get pods -n").problems[0].kind,
            ProblemKind::FlagNeedsValue
        );
        assert_eq!(
            p("scale sts x --replicas=abc").problems[0].kind,
            ProblemKind::BadFlagValue
        );
        let inv = p("exec -it x -n ns -- ls -l");
        assert!(inv.problems.is_empty(), "{:?}", inv.problems);
        assert_eq!(inv.after_dashdash, ["ls", "-l"]);
    }
}
