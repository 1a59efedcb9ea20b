//! A kubectl argv read the way cobra and pflag read it: the subcommand path, the flags
//! with their values, the positional arguments, the words after `--`, and every
//! problem kubectl would report before contacting a server.
//!
//! Parts of words the shell expands (`$NS`, `$(…)`) and `<placeholders>` are unknown
//! values: nothing is concluded from them.

use super::tree::{index, CommandSpec, Flag, Index};
use super::{args, values};

/// What kind of problem; each is reported by one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    UnknownCommand,
    UnknownFlag,
    FlagNeedsValue,
    BadFlagValue,
    /// A jsonpath template kubectl cannot parse or run (`-o jsonpath=…`).
    BadJsonPath,
    /// `kubectl exec POD COMMAND` without `--`.
    ExecWithoutDashDash,
    /// `kubectl logs` with neither a pod nor a selector.
    LogsWithoutTarget,
    /// Any other check of the arguments or of a combination of flags.
    BadArguments,
}

impl ProblemKind {
    /// The class `tools/kubectl-verdict.py` gives kubectl's message for it.
    pub fn verdict(self) -> &'static str {
        match self {
            ProblemKind::UnknownCommand => "unknown-command",
            ProblemKind::UnknownFlag => "unknown-flag",
            ProblemKind::FlagNeedsValue => "flag-needs-value",
            ProblemKind::BadFlagValue | ProblemKind::BadJsonPath => "bad-flag-value",
            ProblemKind::ExecWithoutDashDash
            | ProblemKind::LogsWithoutTarget
            | ProblemKind::BadArguments => "usage-error",
        }
    }
}

/// When kubectl makes a check: of two problems, it reports the one of the lower stage
/// (then the one of the earlier word).
pub mod stage {
    /// Finding the subcommand.
    pub const LOOKUP: u8 = 0;
    /// pflag: unknown flags, missing values, values of the wrong type.
    pub const FLAGS: u8 = 1;
    /// cobra's argument validators and required flags, and kubectl's first checks.
    pub const FIRST: u8 = 2;
    /// `--dry-run` and `--cascade`, which most commands read first.
    pub const DRY_RUN: u8 = 3;
    /// Argument checks made after reading `--dry-run`, before the other values.
    pub const EARLY: u8 = 4;
    /// kubectl's checks of the other flag values (printers, enums, formats).
    pub const VALUES: u8 = 5;
    /// Argument checks made last (the resource builder's).
    pub const LATE: u8 = 6;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    /// Index of the word (in the argv after `kubectl`) the problem is about.
    pub word: usize,
    pub message: String,
    pub help: Option<String>,
    /// See [`stage`].
    pub stage: u8,
    /// Only detectable by a kubectl that reached a server (`get -o xml`).
    pub online_only: bool,
}

impl Problem {
    pub fn new(kind: ProblemKind, word: usize, stage: u8, message: impl Into<String>) -> Problem {
        Problem {
            kind,
            word,
            message: message.into(),
            help: None,
            stage,
            online_only: false,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

/// A flag as used on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagUse {
    /// Long name (`namespace` for `-n`), from the command tree.
    pub name: &'static str,
    /// Shared with the model's [`crate::model::KubectlFlag`]: one copy per value.
    pub value: Option<std::sync::Arc<str>>,
    /// Index of the word that names the flag.
    pub word: usize,
    /// Index of the word holding the value, when it is a separate word.
    pub value_word: Option<usize>,
    /// The value holds a shell expansion or a `<placeholder>`: only known when the
    /// command runs.
    pub unknown: bool,
    /// The value holds a shell expansion (`$N`, `$(…)`), not only `<placeholders>`.
    pub shell: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Invocation {
    /// `["rollout", "undo"]`, from the command tree; empty when no subcommand was
    /// recognised.
    pub path: &'static [String],
    /// The word indices of the positional arguments before `--` (the text of each is
    /// its word of the argv: every command of a corpus keeps its parse, so no copy).
    pub args: Vec<usize>,
    pub flags: Vec<FlagUse>,
    /// The index of the word `--`; the words after it are the container's command.
    pub dashdash: Option<usize>,
    pub problems: Vec<Problem>,
    /// Byte ranges of the words that are unknown until the command runs (shell
    /// expansions, `<placeholders>`).
    pub unknown: UnknownRanges,
    /// The subcommand is named by an expansion (`kubectl $VERB pods`): nothing is checked.
    pub indeterminate: bool,
    /// Indices of the words that name the subcommand (`rollout`, `undo`).
    pub path_words: Vec<usize>,
}

/// The unknown byte ranges of an argv's words, in one list ordered by word and
/// range: most words have none, and every command of a corpus keeps its parse.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnknownRanges(Box<[(u32, u32, u32)]>);

impl UnknownRanges {
    /// The ranges of `words[i]` (each sorted), word by word.
    fn new(words: impl Iterator<Item = Vec<(usize, usize)>>) -> Self {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        UnknownRanges(
            words
                .enumerate()
                .flat_map(|(i, r)| {
                    r.into_iter()
                        .map(move |(s, e)| (narrow(i), narrow(s), narrow(e)))
                })
                .collect(),
        )
    }

    /// The unknown byte ranges of word `i`, in order.
    pub fn of(&self, i: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let (from, to) = match u32::try_from(i) {
            Ok(i) => (
                self.0.partition_point(|r| r.0 < i),
                self.0.partition_point(|r| r.0 <= i),
            ),
            Err(_) => (0, 0),
        };
        self.0[from..to]
            .iter()
            .map(|&(_, s, e)| (s as usize, e as usize))
    }
}

impl Invocation {
    /// The words of `argv` (the argv parsed) after `--`.
    pub fn after_dashdash<'a, 'b>(&self, argv: &'a [&'b str]) -> &'a [&'b str] {
        self.dashdash
            .and_then(|d| argv.get(d + 1..))
            .unwrap_or_default()
    }

    pub fn flag(&self, name: &str) -> Option<&FlagUse> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// The last value given to a flag (pflag keeps the last one).
    pub fn value(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|f| f.name == name)
            .and_then(|f| f.value.as_deref())
    }

    /// Whether a boolean flag is set (`--all`, `--all=true`; not `--all=false`).
    pub fn is_set(&self, name: &str) -> bool {
        self.flags
            .iter()
            .rev()
            .find(|f| f.name == name)
            .is_some_and(|f| {
                f.unknown
                    || f.value
                        .as_deref()
                        .is_none_or(|v| !matches!(v, "false" | "0" | "f" | "F" | "FALSE" | "False"))
            })
    }

    /// Whether a flag is given a non-empty value (or an unknown one).
    pub fn has_value(&self, name: &str) -> bool {
        self.flags.iter().any(|f| {
            f.name == name
                && (f.unknown || f.value.as_deref().is_some_and(|v| !v.trim().is_empty()))
        })
    }

    /// Whether word `i` holds an unknown part.
    pub fn word_unknown(&self, i: usize) -> bool {
        self.unknown.of(i).next().is_some()
    }

    /// Whether word `i` is unknown from byte `from` on.
    fn unknown_from(&self, i: usize, from: usize) -> bool {
        self.unknown.of(i).any(|(_, e)| e > from)
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

/// Edit distance counting a swap of two neighbouring letters as one edit
/// (`deploymnet` is one edit from `deployment`).
pub fn typo_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
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
pub fn consumes_next(f: &Flag) -> bool {
    f.takes_value && !f.optional_value
}

/// Read `argv` (the words after `kubectl`), `<placeholders>` taken as unknown values.
pub fn parse(argv: &[&str]) -> Invocation {
    parse_words(argv, &[])
}

/// Read `argv`; `expansions[i]` are the byte ranges of word `i` the shell expands.
pub fn parse_words(argv: &[&str], expansions: &[Vec<(usize, usize)>]) -> Invocation {
    parse_words_in(index(), argv, expansions)
}

/// Read `argv` as the kubectl of tree `idx` would.
pub fn parse_words_in(
    idx: &'static Index,
    argv: &[&str],
    expansions: &[Vec<(usize, usize)>],
) -> Invocation {
    let mut inv = read(idx, argv, expansions);
    // Every kubectl command of a corpus keeps its parse: no room to spare.
    inv.args.shrink_to_fit();
    inv.flags.shrink_to_fit();
    inv.problems.shrink_to_fit();
    inv.path_words.shrink_to_fit();
    inv
}

fn read(idx: &'static Index, argv: &[&str], expansions: &[Vec<(usize, usize)>]) -> Invocation {
    let mut inv = Invocation {
        unknown: UnknownRanges::new(argv.iter().enumerate().map(|(i, w)| {
            let mut r: Vec<(usize, usize)> = expansions.get(i).cloned().unwrap_or_default();
            r.extend(
                crate::words::placeholder_ranges(w)
                    .into_iter()
                    .map(|(s, e, _)| (s, e)),
            );
            r.sort_unstable();
            r
        })),
        ..Invocation::default()
    };

    let Some(cmd) = find_command(idx, argv, &mut inv) else {
        return inv;
    };
    read_flags(idx, cmd, argv, &mut inv);
    for f in &mut inv.flags {
        let w = f.value_word.unwrap_or(f.word);
        f.shell = f.unknown && expansions.get(w).is_some_and(|e| !e.is_empty());
    }

    if inv.problems.iter().any(|p| p.stage == stage::LOOKUP) {
        return inv;
    }
    let help = inv.is_set("help");
    if inv.path == ["help"] {
        help_topic(idx, argv, &mut inv);
    }
    let mut found = checks(idx, cmd, argv, &inv);
    if help {
        // `--help` prints the help once the flags are parsed; nothing else is checked.
        found.retain(|p| p.stage <= stage::FLAGS);
    }
    inv.problems.extend(found);
    inv
}

/// Step 1: the subcommand, found as cobra does: at each level, the first word that is
/// neither a flag nor (as far as that level's flags tell) a flag's value. `None` when
/// nothing more can be checked (a subcommand named by an expansion, a plugin).
fn find_command(
    idx: &'static Index,
    argv: &[&str],
    inv: &mut Invocation,
) -> Option<&'static CommandSpec> {
    let mut cmd = idx.root();
    let mut path_words = Vec::new();
    let mut remaining: Vec<usize> = (0..argv.len()).collect();
    let rest = loop {
        let words = strip_flags(idx, cmd, argv, &remaining);
        let Some(&first) = words.first() else {
            break words;
        };
        if !cmd.has_subcommands {
            break words;
        }
        if inv.word_unknown(first) {
            inv.indeterminate = true;
            inv.path = &cmd.path;
            return None;
        }
        match idx.child(cmd, argv[first]) {
            Some(c) => {
                cmd = c;
                path_words.push(first);
                remaining.retain(|&i| i != first);
            }
            None => break words,
        }
    };
    if let Some(&first) = rest.first() {
        if cmd.path.is_empty() {
            // Not a command: kubectl looks for a plugin, and refuses a flag before its name.
            let w = &argv[0];
            let global = lookup(idx, cmd, w).is_some_and(|f| idx.is_global(f));
            if w.starts_with('-') && w.len() > 1 && !global {
                inv.problems.push(
                    Problem::new(
                        ProblemKind::UnknownFlag,
                        0,
                        stage::LOOKUP,
                        format!("`{w}` is not a global flag: flags of a subcommand go after it"),
                    )
                    .with_help("write `kubectl get pods -A`, not `kubectl -A get pods`"),
                );
                return None;
            }
            if w.starts_with('-') && w.len() > 1 {
                inv.problems.push(Problem::new(
                    ProblemKind::UnknownFlag,
                    0,
                    stage::LOOKUP,
                    format!(
                        "kubectl takes `{}` for a plugin, and refuses the flag `{w}` before it",
                        argv[first]
                    ),
                ));
            }
            inv.problems.push(unknown_command(cmd, argv[first], first));
            return None;
        }
        if cmd.has_subcommands && !cmd.runnable {
            inv.problems.push(unknown_command(cmd, argv[first], first));
        }
    }
    inv.path = &cmd.path;
    inv.path_words = path_words;
    Some(cmd)
}

/// Step 2: every word parsed as pflag does for the command found.
fn read_flags(idx: &'static Index, cmd: &'static CommandSpec, argv: &[&str], inv: &mut Invocation) {
    let mut i = 0;
    while i < argv.len() {
        if inv.path_words.contains(&i) {
            i += 1;
            continue;
        }
        let w = &argv[i];
        if *w == "--" {
            inv.dashdash = Some(i);
            break;
        }
        if let Some(body) = w.strip_prefix("--") {
            let (name, value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(std::sync::Arc::<str>::from(v))),
                None => (body, None),
            };
            if inv.word_unknown(i) && !inv.unknown_from(i, 2 + name.len()) {
                // `--$FLAG`: which flag is only known when the command runs.
                i += 1;
                continue;
            }
            match idx.flag(cmd, name) {
                None => {
                    let names = cmd
                        .flags
                        .iter()
                        .chain(&idx.tree.global_flags)
                        .filter(|f| !f.hidden)
                        .map(|f| f.name.as_str());
                    let mut p = Problem::new(
                        ProblemKind::UnknownFlag,
                        i,
                        stage::FLAGS,
                        format!(
                            "unknown flag `--{name}` for `kubectl {}`",
                            cmd.path.join(" ")
                        ),
                    );
                    p.help = suggest(name, names).map(|s| format!("did you mean `--{s}`?"));
                    inv.problems.push(p);
                    i += 1;
                }
                Some(f) => {
                    if value.is_none() && consumes_next(f) {
                        if i + 1 >= argv.len() {
                            inv.problems.push(needs_value(i, &format!("--{}", f.name)));
                            i += 1;
                        } else {
                            let unknown = inv.word_unknown(i + 1);
                            inv.flags.push(FlagUse {
                                name: &f.name,
                                value: Some(argv[i + 1].into()),
                                word: i,
                                value_word: Some(i + 1),
                                unknown,
                                shell: false,
                            });
                            i += 2;
                        }
                    } else {
                        let unknown = value.is_some() && inv.unknown_from(i, 3 + name.len());
                        inv.flags.push(FlagUse {
                            name: &f.name,
                            value,
                            word: i,
                            value_word: None,
                            unknown,
                            shell: false,
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
                if inv.unknown_from(i, pos) && inv.unknown.of(i).any(|(s, _)| s <= pos) {
                    // `-$OPTS`: only known when the command runs.
                    break;
                }
                let Some(f) = idx.short(cmd, c) else {
                    inv.problems.push(Problem::new(
                        ProblemKind::UnknownFlag,
                        i,
                        stage::FLAGS,
                        format!(
                            "unknown shorthand flag `-{c}` in `{w}` for `kubectl {}`",
                            cmd.path.join(" ")
                        ),
                    ));
                    break;
                };
                let after = pos + c.len_utf8();
                let rest = &w[after..];
                if let Some(v) = rest.strip_prefix('=') {
                    inv.flags.push(FlagUse {
                        name: &f.name,
                        value: Some(v.into()),
                        word: i,
                        value_word: None,
                        unknown: inv.unknown_from(i, after + 1),
                        shell: false,
                    });
                    break;
                }
                if consumes_next(f) {
                    if !rest.is_empty() {
                        inv.flags.push(FlagUse {
                            name: &f.name,
                            value: Some(rest.into()),
                            word: i,
                            value_word: None,
                            unknown: inv.unknown_from(i, after),
                            shell: false,
                        });
                    } else if i + 1 < argv.len() {
                        inv.flags.push(FlagUse {
                            name: &f.name,
                            value: Some(argv[i + 1].into()),
                            word: i,
                            value_word: Some(i + 1),
                            unknown: inv.word_unknown(i + 1),
                            shell: false,
                        });
                        next = i + 2;
                    } else {
                        inv.problems.push(needs_value(i, &format!("-{c}")));
                    }
                    break;
                }
                inv.flags.push(FlagUse {
                    name: &f.name,
                    value: None,
                    word: i,
                    value_word: None,
                    unknown: false,
                    shell: false,
                });
                k += 1;
            }
            i = next;
            continue;
        }
        inv.args.push(i);
        i += 1;
    }
}

/// `kubectl help TOPIC…` names a command.
fn help_topic(idx: &'static Index, argv: &[&str], inv: &mut Invocation) {
    let mut at = idx.root();
    for &w in &inv.args {
        let a = &argv[w];
        if inv.word_unknown(w) {
            break;
        }
        match idx.child(at, a) {
            Some(c) => at = c,
            None => {
                let mut p = Problem::new(
                    ProblemKind::UnknownCommand,
                    w,
                    stage::FIRST,
                    format!("`kubectl help {a}`: no such command"),
                );
                p.help = suggest(a, at.subcommands.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"));
                inv.problems.push(p);
                break;
            }
        }
    }
}

/// Step 3: the flags' values, and kubectl's own checks of the command.
fn checks(
    idx: &'static Index,
    cmd: &'static CommandSpec,
    argv: &[&str],
    inv: &Invocation,
) -> Vec<Problem> {
    let mut found = Vec::new();
    for fu in &inv.flags {
        let Some(f) = idx.flag(cmd, fu.name) else {
            continue;
        };
        let Some(v) = &fu.value else { continue };
        if fu.unknown {
            continue;
        }
        if let Some(p) = values::check(idx, cmd, f, v) {
            let mut pr = Problem::new(
                ProblemKind::BadFlagValue,
                fu.value_word.unwrap_or(fu.word),
                p.stage,
                p.message,
            );
            pr.help = p.help;
            pr.online_only = p.online_only;
            found.push(pr);
        }
    }
    if cmd.path == ["annotate"] && idx.minor >= 37 {
        // kubectl v1.37's annotate looks for its resources before its printer.
        for p in found
            .iter_mut()
            .filter(|p| p.kind == ProblemKind::BadFlagValue)
        {
            if inv
                .flags
                .iter()
                .any(|f| f.name == "output" && f.value_word.unwrap_or(f.word) == p.word)
            {
                p.stage = stage::LATE + 1;
            }
        }
    }
    found.extend(values::command_checks(idx, cmd, inv));
    found.extend(args::check(idx, cmd, inv, argv));
    found
}

fn unknown_command(cmd: &CommandSpec, w: &str, word: usize) -> Problem {
    let names = cmd.subcommands.iter().map(String::as_str);
    let what = if cmd.path.is_empty() {
        "kubectl".to_string()
    } else {
        format!("kubectl {}", cmd.path.join(" "))
    };
    let mut p = Problem::new(
        ProblemKind::UnknownCommand,
        word,
        // The root rejects it while finding the command; groups only after parsing flags.
        if cmd.path.is_empty() {
            stage::LOOKUP
        } else {
            stage::FIRST
        },
        format!("unknown command `{w}` for `{what}`"),
    );
    p.help = suggest(w, names).map(|s| format!("did you mean `{s}`?"));
    p
}

fn needs_value(word: usize, shown: &str) -> Problem {
    Problem::new(
        ProblemKind::FlagNeedsValue,
        word,
        stage::FLAGS,
        format!("flag `{shown}` needs a value"),
    )
}

/// The flag a word names (`--name`, `--name=v`, `-n`, `-nvalue`), if `cmd` has it.
fn lookup<'a>(idx: &'a Index, cmd: &'a CommandSpec, w: &str) -> Option<&'a Flag> {
    if let Some(body) = w.strip_prefix("--") {
        return idx.flag(cmd, body.split('=').next().unwrap_or(""));
    }
    idx.short(cmd, w.strip_prefix('-')?.chars().next()?)
}

/// cobra's `stripFlags`: of the words `remaining` (indices into `argv`), those that
/// are neither flags nor, as far as `cmd`'s flags tell, flag values. A flag cobra does
/// not know at this level is taken to have a value.
fn strip_flags(idx: &Index, cmd: &CommandSpec, argv: &[&str], remaining: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < remaining.len() {
        let w = &argv[remaining[k]];
        k += 1;
        if *w == "--" {
            break;
        }
        let takes_next = if let Some(name) = w.strip_prefix("--") {
            !w.contains('=') && idx.flag(cmd, name).is_none_or(consumes_next)
        } else if let Some(c) = w.strip_prefix('-') {
            !w.contains('=')
                && c.chars().count() == 1
                && c.chars()
                    .next()
                    .and_then(|l| idx.short(cmd, l))
                    .is_none_or(consumes_next)
        } else {
            false
        };
        if takes_next {
            if remaining.len() - k <= 1 {
                break;
            }
            k += 1;
            continue;
        }
        if !w.is_empty() && !w.starts_with('-') {
            out.push(remaining[k - 1]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Invocation {
        let argv: Vec<&str> = s.split_whitespace().collect();
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
        assert_eq!(inv.args, [2, 3]);
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
        let argv: Vec<&str> = "exec -it x -n ns -- ls -l".split_whitespace().collect();
        let inv = parse(&argv);
        assert!(inv.problems.is_empty(), "{:?}", inv.problems);
        assert_eq!(inv.after_dashdash(&argv), ["ls", "-l"]);
    }

    #[test]
    fn flags_before_the_subcommand_as_cobra_reads_them() {
        // `-it` is two letters: cobra skips it while looking for the subcommand, and
        // exec's own flags read it; `-i` alone would take `exec` for its value.
        let inv = p("-it exec web-0 -- sh");
        assert_eq!(inv.path, ["exec"]);
        assert!(inv.problems.is_empty(), "{:?}", inv.problems);
        assert_eq!(
            p("-i exec web-0 -- sh").problems[0].kind,
            ProblemKind::UnknownFlag
        );
        assert_eq!(p("--all-namespaces=true get pods").path, ["get"]);
        assert!(p("--all-namespaces=true get pods").problems.is_empty());
        // A global flag before an unknown command: kubectl looks for a plugin and
        // refuses the flag.
        let inv = p("-n ns gte pods");
        assert_eq!(inv.first_problem().unwrap().kind, ProblemKind::UnknownFlag);
        assert!(inv
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::UnknownCommand));
    }

    #[test]
    fn unknown_values_are_not_judged() {
        let words = crate::words::split("kubectl scale deploy web --replicas=$N -n $NS");
        let argv: Vec<&str> = words[1..].iter().map(|w| w.value.as_str()).collect();
        let exp: Vec<_> = words[1..].iter().map(|w| w.expansions.clone()).collect();
        let inv = parse_words(&argv, &exp);
        assert!(inv.problems.is_empty(), "{:?}", inv.problems);
        assert!(inv.flag("replicas").unwrap().unknown);
        // The same text without the shell: a literal `$N` is no number.
        assert_eq!(
            parse(&argv).first_problem().unwrap().kind,
            ProblemKind::BadFlagValue
        );
        let inv = p("scale deploy web --replicas=<count>");
        assert!(inv.problems.is_empty(), "{:?}", inv.problems);
        // An expansion naming the subcommand: nothing can be said.
        let words = crate::words::split("kubectl $VERB pods --bogus");
        let argv: Vec<&str> = words[1..].iter().map(|w| w.value.as_str()).collect();
        let exp: Vec<_> = words[1..].iter().map(|w| w.expansions.clone()).collect();
        let inv = parse_words(&argv, &exp);
        assert!(inv.indeterminate && inv.problems.is_empty());
    }

    #[test]
    fn argument_checks() {
        let kinds =
            |s: &str| -> Vec<ProblemKind> { p(s).problems.iter().map(|p| p.kind).collect() };
        assert_eq!(kinds("exec web-0 ls"), [ProblemKind::ExecWithoutDashDash]);
        assert_eq!(kinds("exec web-0"), [ProblemKind::BadArguments]);
        assert_eq!(kinds("logs -n ns"), [ProblemKind::LogsWithoutTarget]);
        for bad in [
            "rollout undo",
            "drain",
            "cordon",
            "scale deployment web",
            "create deployment web",
            "create deployment --image=nginx",
            "expose",
            "port-forward svc/web",
            "set image",
            "explain",
            "get pods -l app=web web-0",
            "get pod/web pods",
            "apply deployment/web",
            "rollout",
        ] {
            assert_eq!(kinds(bad), [ProblemKind::BadArguments], "{bad}");
        }
        for good in [
            "explain statefulset.spec.updateStrategy",
            "rollout undo deployment/web",
            "drain worker-1 --ignore-daemonsets",
            "create deployment web --image=nginx",
            "port-forward svc/web 8080:80",
            "set image deployment/web web=nginx:1.25",
            "get pods,svc web",
            "logs -l app=web",
            "exec -it web-0 -- sh",
        ] {
            assert!(
                p(good).problems.is_empty(),
                "{good}: {:?}",
                p(good).problems
            );
        }
        // `--help` prints the help: no argument is checked.
        assert!(p("rollout undo --help").problems.is_empty());
    }
}
