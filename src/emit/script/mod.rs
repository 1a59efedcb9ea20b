//! One executable bash script per runbook (`scripts/<ID>-<slug>.sh`) and the
//! `scripts/runbook` dispatcher.
//!
//! Placeholders become options and variables; they are never pasted into code: each
//! `<name>` is replaced, according to its quoting context, by a quoted expansion of
//! `$PH_name`, so a value reaches the command as data, whatever it contains.

mod access;
mod dispatcher;
mod guard;
mod rewrite;
pub use dispatcher::dispatcher;
pub use guard::Config;
use guard::{fill_from_alert, guard};

use crate::model::{Command, ResolutionForm, Runbook, Step};
use crate::programs::{Declared, Safety, Verdict};
use rewrite::{rewrite, Piece};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

const PRELUDE: &str = include_str!("prelude.sh");

/// Single-quote for bash.
pub fn sq(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `pod-name` → `pod_name` (a variable suffix).
pub fn ident(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// `pod-name` → `pod-name` (the option): the name alert labels and page queries are
/// compared by, too.
use crate::alerts::normalise as option;

/// The namespace a runbook is about: declared, else the one its commands use most
/// (ties: the first seen), leaving the system namespaces out.
pub fn runbook_namespace(rb: &Runbook) -> Option<String> {
    if let Some(ns) = rb.metadata.get("namespace") {
        // `**Namespace**: `shop`` → shop; a value that is no namespace name is none.
        let ns = ns.trim().trim_matches('`').trim();
        let valid = !ns.is_empty()
            && ns
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
        return valid.then(|| ns.to_string());
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for c in rb.commands() {
        // kubectl's namespaces (as before `oc` had a model: the scripts' default is
        // unchanged for OpenShift runbooks).
        let kube = c.kubectl.iter().filter(|k| !k.is_oc());
        for ns in kube.filter_map(|k| k.namespace.as_deref()) {
            let name = ns
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
            if matches!(ns, "kube-system" | "kube-public" | "default") || !name {
                continue;
            }
            match counts.iter_mut().find(|(n, _)| n == ns) {
                Some(e) => e.1 += 1,
                None => counts.push((ns.to_string(), 1)),
            }
        }
    }
    let max = counts.iter().map(|c| c.1).max()?;
    counts.into_iter().find(|c| c.1 == max).map(|c| c.0)
}

/// The script's own options. A placeholder named like one of them takes the plain
/// name, and the built-in is then only `--rb-NAME` (which every script accepts).
const BUILTINS: &[&str] = &[
    "context",
    "namespace",
    "transcript",
    "from",
    "yes",
    "dry-run",
    "help",
    "no-preflight",
    "alert",
    "alert-index",
];

/// How a placeholder reaches the script: its variable, option and environment variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceholderName {
    pub var: String,
    pub option: String,
    pub env: String,
}

/// Every option, variable and environment name of one script, each unique.
#[derive(Debug, Default)]
pub struct Names {
    /// By placeholder name, exactly as written (`pod-name`, `Pod_Name` are two).
    pub placeholders: BTreeMap<String, PlaceholderName>,
}

impl Names {
    /// Names for these placeholders, in a fixed order so the same runbook always gets
    /// the same options: the built-ins' plain names go to placeholders that share them;
    /// two placeholders that normalise alike get `-2`, `-3`, … in name order.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Names {
        let names: std::collections::BTreeSet<&str> = names.into_iter().collect();
        let mut taken: std::collections::HashSet<String> =
            BUILTINS.iter().map(|b| format!("rb-{b}")).collect();
        let (mut vars, mut envs) = (
            std::collections::HashSet::new(),
            std::collections::HashSet::new(),
        );
        let mut placeholders = BTreeMap::new();
        for name in names {
            let unique =
                |base: String, taken: &mut std::collections::HashSet<String>, sep: &str| {
                    let mut candidate = base.clone();
                    let mut n = 1;
                    while !taken.insert(candidate.clone()) {
                        n += 1;
                        candidate = format!("{base}{sep}{n}");
                    }
                    candidate
                };
            let id = ident(name);
            placeholders.insert(
                name.to_string(),
                PlaceholderName {
                    option: unique(option(name), &mut taken, "-"),
                    var: unique(format!("PH_{id}"), &mut vars, "_"),
                    env: unique(format!("RB_{}", id.to_ascii_uppercase()), &mut envs, "_"),
                },
            );
        }
        Names { placeholders }
    }

    /// The option of a built-in: `namespace`, or `rb-namespace` when a placeholder
    /// has the plain name.
    pub fn builtin(&self, name: &str) -> String {
        if self.placeholders.values().any(|p| p.option == name) {
            format!("rb-{name}")
        } else {
            name.to_string()
        }
    }

    fn get(&self, name: &str) -> PlaceholderName {
        self.placeholders
            .get(name)
            .cloned()
            .unwrap_or_else(|| PlaceholderName {
                var: format!("PH_{}", ident(name)),
                option: option(name),
                env: format!("RB_{}", ident(name).to_ascii_uppercase()),
            })
    }
}

struct Emitted<'a> {
    cmd: &'a Command,
    placeholders: Vec<String>,
    /// Left out (rbc reported it as an error, `--allow-errors`; or bash cannot parse it).
    skipped: bool,
    /// `c:`, `n:` or `b:` and why `--context` (c), `--namespace` (n) or either (b)
    /// cannot reach it (then it is refused when given).
    pin: Option<String>,
    /// What rbc can prove of it.
    verdict: Verdict,
    /// It has a preflight function (`rb_pN`): it requests something of a cluster.
    checked: bool,
}

/// The fail-closed classification of a command: the most consequential of its simple
/// commands (every program, what runs inside `exec`/`ssh`/`sh -c` included) and of
/// its redirections.
pub fn verdict(c: &Command, declared: &Declared) -> Verdict {
    crate::programs::script(c.code(), declared)
}

struct Gen<'a> {
    out: String,
    ns: Option<String>,
    errors: &'a LeftOut,
    declared: &'a Declared,
    commands: Vec<Emitted<'a>>,
    names: Names,
}

impl<'a> Gen<'a> {
    /// A command left out of the script, with why.
    fn left_out(&mut self, c: &'a Command, why: &str) -> usize {
        let n = self.commands.len() + 1;
        let _ = writeln!(self.out, "# rbc: left out ({why}):");
        for l in c.code().lines() {
            let _ = writeln!(self.out, "#   {l}");
        }
        let _ = writeln!(
            self.out,
            "rb_c{n}() {{\n  rb_warn {}\n}}\nrb_s{n}() {{\n  printf '%s\\n' {}\n}}\n",
            sq(&format!(
                "left out of this script: {}:{} ({why})",
                c.span.file, c.span.line
            )),
            sq(&format!("# left out: {}", c.text.replace('\n', " ")))
        );
        self.commands.push(Emitted {
            cmd: c,
            placeholders: Vec::new(),
            skipped: true,
            pin: None,
            verdict: Verdict::read_only(),
            checked: false,
        });
        n
    }

    /// Emit the functions of a command; its number.
    fn command(&mut self, c: &'a Command) -> Option<usize> {
        let key = (c.span.file.to_string(), c.span.start);
        if let Some(why) = self.errors.get(&key) {
            let why = format!("rbc reported it as an error: {why}");
            return Some(self.left_out(c, &why));
        }
        let r = rewrite(c, self.ns.as_deref(), &|name| self.names.get(name).var);
        // A script bash cannot read is never written: a command whose code bash would
        // reject is left out, and says so when it would have run.
        // It is checked as the script holds it: the body of a function.
        let wrapped = format!("rb_c() {{\n{}\n}}\n", r.code);
        if let Some(e) = crate::parse::bash::syntax_errors(&wrapped).first() {
            let why = format!("bash cannot parse it: {}", e.message);
            return Some(self.left_out(c, &why));
        }
        let n = self.commands.len() + 1;
        let mut names = Vec::new();
        for p in &c.placeholders {
            if !names.contains(&p.name) {
                names.push(p.name.clone());
            }
        }
        if let Some(d) = &c.description {
            let _ = writeln!(self.out, "# {}", d.replace('\n', " "));
        }
        let _ = writeln!(self.out, "# {}:{}", c.span.file, c.span.line);
        let option_of = |var: &String| {
            self.names
                .placeholders
                .values()
                .find(|p| &p.var == var)
                .map_or_else(|| var.clone(), |p| p.option.clone())
        };
        // Checks before the command runs: its variables are set, values a second shell
        // parses are plain words, values where a word starts are not options.
        let mut guard = String::new();
        if !r.variables.is_empty() {
            let _ = write!(
                guard,
                "rb_vars {} {} || return 2\n  ",
                c.span.line,
                r.variables.join(" ")
            );
        }
        for var in &r.reparsed {
            let _ = write!(
                guard,
                "rb_plain \"${{{var}}}\" {} || return 2\n  ",
                sq(&option_of(var))
            );
        }
        for var in &r.word_start {
            let _ = write!(
                guard,
                "rb_noflag \"${{{var}}}\" {} || return 2\n  ",
                sq(&option_of(var))
            );
        }
        let _ = writeln!(self.out, "rb_c{n}() {{\n  {guard}{}\n}}", r.code);
        let mut shown = String::new();
        for p in r.pieces {
            match p {
                Piece::Lit(s) => shown.push_str(&sq(&s)),
                Piece::Program(prog, ns) => {
                    let _ = write!(shown, "\"$(rb_prog {prog} {})\"", u8::from(ns));
                }
                Piece::Quoted(var, name) => {
                    let _ = write!(shown, "\"$(rb_q \"${{{var}}}\" {})\"", sq(&name));
                }
                Piece::Raw(var, name) => {
                    let _ = write!(shown, "\"$(rb_raw \"${{{var}}}\" {})\"", sq(&name));
                }
            }
        }
        if shown.is_empty() {
            shown.push_str("''");
        }
        let _ = writeln!(self.out, "rb_s{n}() {{\n  printf '%s\\n' {shown}\n}}\n");
        let checks = access::checks(c, self.ns.as_deref(), &self.names);
        if !checks.is_empty() {
            let _ = writeln!(self.out, "rb_p{n}() {{\n  {}\n}}\n", checks.join("\n  "));
        }
        let pin = match (r.pin_context, r.pin_namespace) {
            (Some(a), Some(_)) => Some(format!("b:{a}")),
            (Some(a), None) => Some(format!("c:{a}")),
            (None, Some(b)) => Some(format!("n:{b}")),
            (None, None) => None,
        };
        self.commands.push(Emitted {
            cmd: c,
            placeholders: names,
            skipped: false,
            pin,
            verdict: verdict(c, self.declared),
            checked: !checks.is_empty(),
        });
        Some(n)
    }

    fn class(&self, n: usize) -> &'static str {
        let e = &self.commands[n - 1];
        if e.skipped {
            return "skipped";
        }
        match e.verdict.safety {
            Safety::ReadOnly => "read_only",
            Safety::Changes => "changes",
            Safety::Unknown => "unknown",
        }
    }

    /// `CLASS DESCRIPTION rb_cN rb_sN PIN WHY`: the arguments of `rb_run`.
    fn run_args(&self, n: usize) -> String {
        let e = &self.commands[n - 1];
        format!(
            "{} {} rb_c{n} rb_s{n} {} {}",
            self.class(n),
            sq(&self.describe(n)),
            sq(e.pin.as_deref().unwrap_or("")),
            sq(&e.verdict.why)
        )
    }

    /// The preflight functions (`rb_pN`) of these commands.
    fn checks(&self, ns: &[usize]) -> Vec<String> {
        ns.iter()
            .filter(|n| self.commands[**n - 1].checked)
            .map(|n| format!("rb_p{n}"))
            .collect()
    }

    /// `rb_reach` for these commands, when any is pinned.
    fn reach(&self, ns: &[usize], indent: &str) -> String {
        let args: Vec<String> = ns
            .iter()
            .filter_map(|n| {
                let pin = self.commands[*n - 1].pin.as_deref()?;
                Some(format!("rb_s{n} {}", sq(pin)))
            })
            .collect();
        if args.is_empty() {
            String::new()
        } else {
            format!("{indent}rb_reach {}\n", args.join(" "))
        }
    }

    fn describe(&self, n: usize) -> String {
        let c = self.commands[n - 1].cmd;
        c.description
            .clone()
            .unwrap_or_else(|| format!("line {}", c.span.line))
    }

    fn need(&self, ns: &[usize]) -> String {
        let mut names: Vec<&String> = Vec::new();
        for n in ns {
            for p in &self.commands[*n - 1].placeholders {
                if !names.contains(&p) {
                    names.push(p);
                }
            }
        }
        if names.is_empty() {
            return String::new();
        }
        let specs: Vec<String> = names
            .iter()
            .map(|p| {
                let n = self.names.get(p);
                format!("{}:{}", n.var, n.option)
            })
            .collect();
        format!("  rb_need {}\n", specs.join(" "))
    }

    /// A function that runs commands in order and stops at the first failure.
    fn stop_on_failure(
        &self,
        name: &str,
        ns: &[usize],
        from_steps: Option<&[(u32, Vec<usize>)]>,
    ) -> String {
        let mut s = format!("{name}() {{\n");
        let all: Vec<usize> = match from_steps {
            Some(steps) => steps.iter().flat_map(|(_, v)| v.clone()).collect(),
            None => ns.to_vec(),
        };
        match from_steps {
            // Only the steps that will run need their values.
            Some(steps) => {
                for (number, v) in steps {
                    let need = self.need(v);
                    if !need.is_empty() {
                        let _ = write!(
                            s,
                            "  if [ \"$RBC_FROM\" -le {number} ]; then\n  {}  fi\n",
                            need
                        );
                    }
                }
            }
            None => s.push_str(&self.need(&all)),
        }
        s.push_str(&self.reach(&all, "  "));
        // The preflight: only of the steps that will run.
        match from_steps {
            Some(steps) if !self.checks(&all).is_empty() => {
                s.push_str("  local -a checks=()\n");
                for (number, v) in steps {
                    let c = self.checks(v);
                    if !c.is_empty() {
                        let _ = writeln!(
                            s,
                            "  if [ \"$RBC_FROM\" -le {number} ]; then checks+=({}); fi",
                            c.join(" ")
                        );
                    }
                }
                s.push_str("  rb_access ${checks[@]+\"${checks[@]}\"} || return 1\n");
            }
            _ => {
                let c = self.checks(&all);
                if !c.is_empty() {
                    let _ = writeln!(s, "  rb_access {} || return 1", c.join(" "));
                }
            }
        }
        let run = |s: &mut String, n: usize, rest: &[usize], indent: &str| {
            let undone: Vec<String> = rest.iter().map(|r| format!("rb_s{r}")).collect();
            let _ = writeln!(
                s,
                "{indent}rb_run {} || {{ rb_stopped rb_s{n} {}; return 1; }}",
                self.run_args(n),
                undone.join(" ")
            );
        };
        match from_steps {
            Some(steps) => {
                for (number, v) in steps {
                    let _ = writeln!(s, "  if [ \"$RBC_FROM\" -le {number} ]; then");
                    let _ = writeln!(s, "    printf '\\n--- Step %s\\n' {number} >&\"$RBC_OUT\"");
                    if v.is_empty() {
                        s.push_str("    :\n");
                    }
                    for n in v {
                        let pos = all.iter().position(|x| x == n).unwrap();
                        run(&mut s, *n, &all[pos + 1..], "    ");
                    }
                    s.push_str("  fi\n");
                }
            }
            None => {
                for (i, n) in ns.iter().enumerate() {
                    run(&mut s, *n, &ns[i + 1..], "  ");
                }
            }
        }
        s.push_str("  return 0\n}\n\n");
        s
    }
}

fn step_commands<'a>(g: &mut Gen<'a>, steps: &'a [Step]) -> Vec<usize> {
    steps
        .iter()
        .flat_map(|s| s.commands())
        .filter_map(|c| g.command(c))
        .collect()
}

fn heredoc(text: &str) -> String {
    let mut tag = "RBC_TEXT".to_string();
    while text.lines().any(|l| l == tag) {
        tag.push('_');
    }
    format!("cat <<'{tag}'\n{text}\n{tag}\n")
}

/// A resolution case of the script: (number, slug, title, cause it resolves, commands).
type CaseRow = (u32, String, String, Option<String>, Vec<usize>);

/// The text of `--help`: the runbook, its commands and cases, the options, and the lines
/// `--context`/`--namespace` cannot reach.
fn help_text(
    rb: &Runbook,
    g: &Gen,
    form: &str,
    cases: &[CaseRow],
    extras: &[(String, String, Vec<usize>)],
    ns: Option<&str>,
) -> String {
    let mut help = format!(
        "{} - {}\nSource: {}:{}\n",
        rb.id, rb.title, rb.span.file, rb.span.line
    );
    if let Some(sy) = &rb.symptoms {
        help.push_str("\nSymptoms:\n");
        for i in &sy.items {
            let _ = writeln!(help, "  - {}", i.text.replace('\n', " "));
        }
    }
    let _ = write!(
        help,
        "\nUsage: runbook {} [OPTIONS] COMMAND   (or this script directly)\n\nCommands:\n",
        rb.id
    );
    help.push_str(
        "  diagnose            run the Diagnosis commands (all of them; exit status = failures)\n",
    );
    match form {
        "cases" => {
            help.push_str("  resolve CASE        run one resolution case, by number or name:\n");
            for (n, slug, title, cause, _) in cases {
                let c = cause.as_ref().map(|c| format!(" (cause: {c})")).unwrap_or_default();
                let _ = writeln!(help, "                        {n} | {slug}: {title}{c}");
            }
        }
        "steps" => help.push_str("  resolve             run the resolution steps in order (--from N resumes at step N)\n"),
        _ => {}
    }
    for (slug, title, _) in extras {
        let _ = writeln!(help, "  {slug:<19} run \"{title}\"");
    }
    help.push_str(
        "  plan [CASE]         print the commands that would run, values filled in; run nothing\n",
    );
    if g.commands.iter().any(|e| e.checked) {
        help.push_str(match form {
            "steps" => "  preflight [resolve] check with `kubectl auth can-i` what the diagnosis (or the\n                        resolution) will request; resolve does this first\n",
            _ => "  preflight [CASE]    check with `kubectl auth can-i` what the diagnosis (or the\n                        case) will request; resolve does this first\n",
        });
    }
    help.push_str("  symptoms            print the symptoms checklist\n  prevention          print the prevention checklist\n");
    help.push_str("\nOptions:\n");
    for (name, n) in &g.names.placeholders {
        let _ = writeln!(
            help,
            "  --{:<18} <{name}> (or {})",
            format!("{} VALUE", n.option),
            n.env
        );
    }
    let namespace_help = format!(
        "replaces the runbook's namespace ({})",
        ns.unwrap_or("none")
    );
    let b = |name: &str| g.names.builtin(name);
    for (short, name, arg, what) in [
        (
            "",
            "context",
            " CTX",
            "context for every kubectl, oc and helm command",
        ),
        ("", "namespace", " NS", namespace_help.as_str()),
        (
            "-y, ",
            "yes",
            "",
            "run commands rbc cannot prove read-only without asking",
        ),
        (
            "",
            "dry-run",
            "",
            "print the commands instead of running them",
        ),
        (
            "",
            "transcript",
            " FILE",
            "append the transcript here (default ./ID-TIMESTAMP.log)",
        ),
        ("", "from", " N", "resume a procedure at step N"),
        (
            "",
            "alert",
            " FILE",
            "fill the values from the labels of the alert in FILE (- for stdin) that leads\n                       here: an Alertmanager webhook payload, or `amtool --output json`",
        ),
        (
            "",
            "alert-index",
            " N",
            "the Nth of the alerts that lead here, when FILE has several",
        ),
        (
            "",
            "no-preflight",
            "",
            "resolve without checking the permissions first",
        ),
        ("-h, ", "help", "", "this help"),
    ] {
        let _ = writeln!(help, "  {:<21}{what}", format!("{short}--{}{arg}", b(name)));
    }
    // The lines --context/--namespace cannot reach: refused when either is given.
    let pinned: Vec<&Emitted> = g.commands.iter().filter(|e| e.pin.is_some()).collect();
    if !pinned.is_empty() {
        help.push_str(
            "\nWith --context or --namespace, these lines are refused (they cannot reach them):\n",
        );
        for e in pinned {
            let pin = e.pin.as_deref().unwrap_or("");
            let when = match &pin[..2] {
                "c:" => "--context",
                "n:" => "--namespace",
                _ => "either",
            };
            let _ = writeln!(
                help,
                "  {}:{} ({when}): {}",
                e.cmd.span.file,
                e.cmd.span.line,
                &pin[2..]
            );
        }
    }
    let moved: Vec<&&str> = BUILTINS.iter().filter(|x| b(x) != **x).collect();
    if !moved.is_empty() {
        let list: Vec<String> = moved.iter().map(|x| format!("--{x}")).collect();
        let _ = writeln!(
            help,
            "\n{} name(s) a placeholder of this runbook, so the script's own option(s) are\nspelled --rb-NAME here. Every script accepts --rb-NAME for its built-in options.",
            list.join(", ")
        );
    }
    help
}

/// The commands a script leaves out, and why: (file, the command's start offset) →
/// the error rbc reported on it (kept only with `--allow-errors`).
pub type LeftOut = HashMap<(String, usize), String>;

/// The script for one runbook. `errors` maps (file, command start) to the reason a
/// command is not emitted (rbc reported it as an error and `--allow-errors` was given);
/// `commit` says which commit of the runbook's repository it was built from.
/// The script for one runbook; `alerts` are the names of the alerts that lead to it.
pub fn script(
    rb: &Runbook,
    errors: &LeftOut,
    commit: &str,
    config: Config,
    alerts: &[String],
) -> String {
    let declared = config.programs;
    let ns = runbook_namespace(rb);
    let names = Names::new(
        rb.commands()
            .flat_map(|c| c.placeholders.iter().map(|p| p.name.as_str())),
    );
    let mut g = Gen {
        out: String::new(),
        ns: ns.clone(),
        errors,
        declared,
        commands: Vec::new(),
        names,
    };

    let sec = sections(&mut g, rb);
    let functions = std::mem::take(&mut g.out);
    let mut s = header(rb, commit, ns.as_deref(), &g);
    s.push_str(&guard(rb, config.guard));
    let mut names: Vec<&String> = alerts.iter().collect();
    if !names.contains(&&rb.id) {
        names.push(&rb.id);
    }
    let names: Vec<String> = names.iter().map(|n| sq(n)).collect();
    let _ = writeln!(s, "RBC_ALERT_NAMES=({})\n", names.join(" "));
    s.push_str(&fill_from_alert(rb, &g, config.guard));
    s.push_str(&texts(rb, &g, &sec, ns.as_deref()));
    s.push_str(&functions);
    s.push_str(&diagnose(&g, &sec.diagnosis));
    s.push_str(&resolve(&g, &sec));
    s.push_str(&main_function(&g, &sec));
    s
}

/// A runbook's commands, section by section, as indices into [`Gen::commands`].
struct Sections {
    diagnosis: Vec<usize>,
    /// `cases`, `steps` or `none`.
    form: &'static str,
    cases: Vec<CaseRow>,
    procedure: Vec<(u32, Vec<usize>)>,
    /// The extra sections with commands: slug, title, commands.
    extras: Vec<(String, String, Vec<usize>)>,
}

/// Every command of the runbook made a function of the script (in `g`), section by
/// section.
fn sections<'a>(g: &mut Gen<'a>, rb: &'a Runbook) -> Sections {
    // Commands, section by section.
    let diagnosis: Vec<usize> = match &rb.diagnosis {
        Some(d) => step_commands(g, &d.steps),
        None => Vec::new(),
    };
    let mut cases: Vec<CaseRow> = Vec::new();
    let mut procedure: Vec<(u32, Vec<usize>)> = Vec::new();
    let mut form = "none";
    if let Some(r) = &rb.resolution {
        match &r.form {
            ResolutionForm::Cases { cases: cs } => {
                form = "cases";
                for c in cs {
                    let v = step_commands(g, &c.steps);
                    let cause = c.cause.and_then(|n| {
                        rb.causes
                            .as_ref()?
                            .causes
                            .iter()
                            .find(|x| x.number == n)
                            .map(|x| x.name.clone())
                    });
                    cases.push((c.number, c.slug.clone(), c.title.clone(), cause, v));
                }
            }
            ResolutionForm::Procedure { steps } | ResolutionForm::Steps { steps } => {
                form = "steps";
                for (i, s) in steps.iter().enumerate() {
                    let v = step_commands(g, std::slice::from_ref(s));
                    procedure.push((s.number.unwrap_or(i as u32 + 1), v));
                }
            }
        }
    }
    let mut extras: Vec<(String, String, Vec<usize>)> = Vec::new();
    // A playbook section's commands written under its heading, with no Diagnosis or
    // Mitigation around them: runnable as `playbook`, each under the same guards.
    if rb.layout == "playbook" {
        let v: Vec<usize> = rb
            .preamble
            .iter()
            .filter_map(|b| match b {
                crate::model::Block::Code(c) => Some(c.commands.iter()),
                _ => None,
            })
            .flatten()
            .filter_map(|c| g.command(c))
            .collect();
        if !v.is_empty() {
            extras.push((
                "playbook".into(),
                format!("{} (the playbook's commands)", rb.id),
                v,
            ));
        }
    }
    for e in &rb.extra {
        let v = step_commands(g, &e.steps);
        if !v.is_empty() {
            extras.push((e.head.slug.clone(), e.head.title.clone(), v));
        }
    }
    Sections {
        diagnosis,
        form,
        cases,
        procedure,
        extras,
    }
}

/// The script's first lines: what it is, where it comes from, the prelude and the
/// placeholders' variables.
fn header(rb: &Runbook, commit: &str, ns: Option<&str>, g: &Gen) -> String {
    // Header.
    let mut s = String::new();
    let _ = writeln!(s, "#!/usr/bin/env bash");
    let _ = writeln!(s, "# {} - {}", rb.id, rb.title.replace('\n', " "));
    let _ = writeln!(
        s,
        "# Generated by rbc from {}:{}. Edit the runbook, not this file.",
        rb.span.file, rb.span.line
    );
    let _ = writeln!(
        s,
        "# Run `$0 --help`. Commands rbc cannot prove read-only ask first."
    );
    let _ = writeln!(
        s,
        "# shellcheck disable=SC2317,SC2016,SC2155,SC2034 # functions are called through rb_run; commands are shown and run as written (a variable one sets, the operator may read)"
    );
    s.push_str("set -euo pipefail\n\n");
    let _ = writeln!(s, "RBC_ID={}", sq(&rb.id));
    let _ = writeln!(s, "RBC_TITLE={}", sq(&rb.title));
    let _ = writeln!(
        s,
        "RBC_SOURCE={}",
        sq(&format!("{}:{}", rb.span.file, rb.span.line))
    );
    let _ = writeln!(s, "RBC_COMMIT={}", sq(commit));
    let _ = writeln!(s, "RBC_NAMESPACE_DEFAULT={}", sq(ns.unwrap_or("")));
    s.push_str("RBC_NAMESPACE=\"\"\n");
    s.push_str("RBC_ARGV=\"$0${*:+ $*}\"\n\n");
    s.push_str(PRELUDE);
    s.push('\n');
    for (name, n) in &g.names.placeholders {
        let _ = writeln!(
            s,
            "{}=\"$(rb_value {} \"${{{}-}}\")\"  # <{name}>",
            n.var,
            sq(&n.option),
            n.env
        );
    }
    s.push('\n');

    s
}

/// The functions that print the usage, the symptoms and the prevention.
fn texts(rb: &Runbook, g: &Gen, sec: &Sections, ns: Option<&str>) -> String {
    let mut s = String::new();
    let help = help_text(rb, g, sec.form, &sec.cases, &sec.extras, ns);
    let _ = writeln!(s, "rb_usage() {{\n{}}}\n", heredoc(help.trim_end()));

    let list = |title: &str, items: Option<&crate::model::ListSection>| {
        let mut t = format!("{title}:\n");
        for i in items.map(|l| l.items.as_slice()).unwrap_or(&[]) {
            let _ = writeln!(t, "  [ ] {}", i.text.replace('\n', " "));
        }
        t
    };
    // Alert runbooks have no symptoms list: what the alert means stands in for it.
    let symptoms = match (&rb.symptoms, &rb.meaning) {
        (None, Some(m)) => format!("Meaning:\n{}", m.text()),
        _ => list("Symptoms", rb.symptoms.as_ref()),
    };
    let _ = writeln!(s, "rb_symptoms() {{\n{}}}\n", heredoc(symptoms.trim_end()));
    let _ = writeln!(
        s,
        "rb_prevention() {{\n{}}}\n",
        heredoc(list("Prevention", rb.prevention.as_ref()).trim_end())
    );

    s
}

/// `rb_diagnose`: every command, failures counted.
fn diagnose(g: &Gen, diagnosis: &[usize]) -> String {
    let mut s = String::new();
    s.push_str("rb_diagnose() {\n");
    s.push_str(&g.need(diagnosis));
    s.push_str(&g.reach(diagnosis, "  "));
    s.push_str("  local failed=0\n");
    for n in diagnosis {
        let _ = writeln!(s, "  rb_run {} || failed=$((failed + 1))", g.run_args(*n));
    }
    s.push_str("  if [ \"$failed\" -gt 0 ]; then\n    printf '\\n%s diagnosis command(s) failed\\n' \"$failed\" >&2\n  fi\n");
    s.push_str("  return \"$((failed > 255 ? 255 : failed))\"\n}\n\n");

    s
}

/// `rb_resolve` (with a function per case, or the procedure) and the extra sections'
/// functions.
fn resolve(g: &Gen, sec: &Sections) -> String {
    let mut s = String::new();
    match sec.form {
        "cases" => {
            for (n, _, _, _, v) in &sec.cases {
                s.push_str(&g.stop_on_failure(&format!("rb_case_{n}"), v, None));
            }
            s.push_str("rb_resolve() {\n  case \"$1\" in\n");
            s.push_str("    '')\n      printf 'Choose a case:\\n' >&2\n");
            for (n, slug, title, cause, _) in &sec.cases {
                let c = cause
                    .as_ref()
                    .map(|c| format!("  (cause: {c})"))
                    .unwrap_or_default();
                let _ = writeln!(
                    s,
                    "      printf '  %s\\n' {} >&2",
                    sq(&format!("{n} | {slug}: {title}{c}"))
                );
            }
            s.push_str("      return 2 ;;\n");
            for (n, slug, _, _, _) in &sec.cases {
                let _ = writeln!(s, "    {n} | {}) rb_case_{n} ;;", sq(slug));
            }
            s.push_str(
                "    *) rb_die \"no case '$1' (run 'resolve' to list them)\" ;;\n  esac\n}\n\n",
            );
        }
        "steps" => {
            s.push_str(&g.stop_on_failure("rb_resolve_steps", &[], Some(&sec.procedure)));
            s.push_str("rb_resolve() {\n  [ -z \"$1\" ] || rb_die \"this runbook's resolution is one procedure: run 'resolve' (with --from N to resume)\"\n  rb_resolve_steps\n}\n\n");
        }
        _ => s.push_str(
            "rb_resolve() {\n  rb_die \"this runbook has no resolution commands\"\n}\n\n",
        ),
    }
    for (i, (_, _, v)) in sec.extras.iter().enumerate() {
        s.push_str(&g.stop_on_failure(&format!("rb_extra_{}", i + 1), v, None));
    }

    s
}

/// `rb_main`: the options, then the action.
fn main_function(g: &Gen, sec: &Sections) -> String {
    let mut s = access::preflight_for(g, sec);
    s.push_str(
        "rb_main() {\n  local -a rest=()\n  while [ \"$#\" -gt 0 ]; do\n    case \"$1\" in\n",
    );
    let flag = |s: &mut String, name: &str, short: Option<&str>, action: &str| {
        let mut pats = vec![format!("--rb-{name}")];
        if g.names.builtin(name) == name {
            pats.insert(0, format!("--{name}"));
        }
        if let Some(sh) = short {
            pats.insert(0, sh.to_string());
        }
        let _ = writeln!(s, "      {}) {action} ;;", pats.join(" | "));
    };
    flag(&mut s, "help", Some("-h"), "rb_usage; exit 0");
    flag(&mut s, "yes", Some("-y"), "RBC_YES=1");
    flag(&mut s, "dry-run", None, "RBC_DRY_RUN=1");
    flag(&mut s, "no-preflight", None, "RBC_NO_PREFLIGHT=1");
    let valued = |s: &mut String, opts: &[String], var: &str| {
        let shown = &opts[0];
        let _ = writeln!(
            s,
            "      {}) [ \"$#\" -ge 2 ] || rb_die \"{shown} needs a value\"; {var}=\"$(rb_value {} \"$2\")\"; shift ;;\n      {}) {var}=\"$(rb_value {} \"${{1#*=}}\")\" ;;",
            opts.join(" | "),
            sq(shown.trim_start_matches('-')),
            opts.iter().map(|o| format!("{o}=*")).collect::<Vec<_>>().join(" | "),
            sq(shown.trim_start_matches('-')),
        );
    };
    for (name, var) in [
        ("context", "RBC_CONTEXT"),
        ("namespace", "RBC_NS_GIVEN=1; RBC_NAMESPACE"),
        ("transcript", "RBC_TRANSCRIPT"),
        ("from", "RBC_FROM"),
        ("alert", "RBC_ALERT_FILE"),
        ("alert-index", "RBC_ALERT_INDEX"),
    ] {
        let mut opts = vec![format!("--rb-{name}")];
        if g.names.builtin(name) == name {
            opts.insert(0, format!("--{name}"));
        }
        valued(&mut s, &opts, var);
    }
    for n in g.names.placeholders.values() {
        valued(&mut s, &[format!("--{}", n.option)], &n.var);
    }
    s.push_str("      --) shift; rest+=(\"$@\"); break ;;\n      -*) rb_die \"unknown option '$1' (see --help)\" ;;\n      *) rest+=(\"$1\") ;;\n    esac\n    shift\n  done\n");
    s.push_str("  case \"$RBC_FROM\" in\n    '' | *[!0-9]*) rb_die \"--from takes a step number\" ;;\n  esac\n");
    s.push_str("  rb_check_target\n  if [ \"$RBC_DRY_RUN\" = 1 ]; then RBC_OUT=1; fi\n");
    s.push_str("  if [ -n \"$RBC_ALERT_FILE\" ]; then\n    rb_alert \"$RBC_ALERT_FILE\" \"$RBC_ALERT_INDEX\"\n    rb_fill_from_alert\n  fi\n");
    s.push_str("  local action=\"${rest[0]-help}\" arg=\"${rest[1]-}\"\n  case \"$action\" in\n");
    s.push_str("    help) rb_usage ;;\n    symptoms) rb_symptoms ;;\n    prevention) rb_prevention ;;\n    diagnose) rb_diagnose ;;\n    resolve) rb_resolve \"$arg\" ;;\n");
    s.push_str("    preflight) rb_preflight_for \"$arg\" ;;\n");
    s.push_str("    plan)\n      RBC_DRY_RUN=1\n      RBC_OUT=1\n");
    match sec.form {
        "cases" => s.push_str(
            "      if [ -n \"$arg\" ]; then rb_resolve \"$arg\"; else rb_diagnose; fi ;;\n",
        ),
        "steps" => s.push_str("      rb_diagnose\n      rb_resolve_steps ;;\n"),
        _ => s.push_str("      rb_diagnose ;;\n"),
    }
    for (i, (slug, _, _)) in sec.extras.iter().enumerate() {
        let _ = writeln!(s, "    {}) rb_extra_{} ;;", sq(slug), i + 1);
    }
    s.push_str("    *) rb_die \"unknown command '$action' (see --help)\" ;;\n  esac\n}\n\nrb_main \"$@\"\n");
    s
}
