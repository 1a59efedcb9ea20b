//! The checks kubectl makes of a command's positional arguments and of combinations of
//! its flags before it contacts a server: `exec` needs `--` and a command, `logs` a
//! target, `scale` `--replicas`, `create deployment` a NAME and `--image`, the resource
//! builder's `TYPE NAME` / `TYPE/NAME` forms, … Found by running kubectl v1.35.2 with
//! no cluster (see tests/kubectl/README.md); each command's checks are listed in the
//! order kubectl makes them, with the [`stage`] that orders them against value checks.
//!
//! Words holding shell expansions or `<placeholders>` count as one word each, of
//! unknown content: nothing that depends on that content is concluded.

mod containers;
mod inputs;
mod objects;

use crate::kubectl::parse::{stage, Invocation, Problem, ProblemKind};
use crate::kubectl::tree::{CommandSpec, Index};

/// A positional argument: its word, its text, and what can be told of it.
#[derive(Debug, Clone)]
struct Arg {
    word: usize,
    /// The text, unknown parts replaced by `\u{1}` (never `/`, `=`, `,` or `:`).
    text: String,
    unknown: bool,
}

impl Arg {
    /// Entirely unknown (`$POD`, `<pod>`, `$(kubectl get …)`).
    fn opaque(&self) -> bool {
        self.unknown && self.text.chars().all(|c| c == UNKNOWN)
    }
}

const UNKNOWN: char = '\u{1}';

struct Ctx<'a> {
    /// The tree of the kubectl version checked: its minor version decides the checks
    /// that changed between versions.
    idx: &'a Index,
    cmd: &'a CommandSpec,
    inv: &'a Invocation,
    /// The argv parsed.
    argv: &'a [&'a str],
    out: Vec<Problem>,
}

/// The argument problems of a parsed command, in kubectl's order.
pub fn check(idx: &Index, cmd: &CommandSpec, inv: &Invocation, argv: &[&str]) -> Vec<Problem> {
    if inv.indeterminate || inv.problems.iter().any(|p| p.stage <= stage::FIRST) {
        return Vec::new();
    }
    let mut c = Ctx {
        idx,
        cmd,
        inv,
        argv,
        out: Vec::new(),
    };
    c.run();
    // A problem of the whole command is shown on its subcommand's word.
    let at = inv.path_words.last().copied().unwrap_or(0);
    for p in &mut c.out {
        if p.word == 0 {
            p.word = at;
        }
    }
    c.out
}

impl Ctx<'_> {
    fn arg(&self, word: usize) -> Arg {
        let text = self.argv.get(word).copied().unwrap_or_default();
        let mut t = String::new();
        let mut at = 0;
        let mut unknown = false;
        for (s, e) in self.inv.unknown.of(word) {
            unknown = true;
            if s < at || e > text.len() {
                continue;
            }
            t.push_str(&text[at..s]);
            t.push(UNKNOWN);
            at = e;
        }
        t.push_str(&text[at.min(text.len())..]);
        Arg {
            word,
            text: t,
            unknown,
        }
    }

    /// Positional arguments before `--`.
    fn before_dash(&self) -> Vec<Arg> {
        self.inv.args.iter().map(|&a| self.arg(a)).collect()
    }

    /// All positional arguments, those after `--` too (what cobra passes on).
    fn all(&self) -> Vec<Arg> {
        let mut v = self.before_dash();
        if let Some(d) = self.inv.dashdash {
            v.extend((d + 1..self.argv.len()).map(|w| self.arg(w)));
        }
        v
    }

    fn has(&self, flag: &str) -> bool {
        self.inv.flag(flag).is_some()
    }

    fn set(&self, flag: &str) -> bool {
        self.inv.is_set(flag)
    }

    fn value(&self, flag: &str) -> Option<&str> {
        self.inv.value(flag)
    }

    fn known(&self, flag: &str) -> Option<&str> {
        let f = self.inv.flags.iter().rev().find(|f| f.name == flag)?;
        if f.unknown {
            None
        } else {
            f.value.as_deref()
        }
    }

    /// `-f FILE` or `-k DIR` given: kubectl reads them before it judges the arguments,
    /// and the files are not at hand here.
    fn files(&self) -> bool {
        self.has("filename") || self.has("kustomize")
    }

    /// A label or field selector restricts the resources (and `--all` for `delete`,
    /// the one command that hands it to the builder as a selector).
    fn selected(&self) -> bool {
        self.inv.has_value("selector")
            || self.inv.has_value("field-selector")
            || (self.cmd.path == ["delete"] && self.set("all"))
    }

    fn word_of(&self, flag: &str) -> usize {
        self.inv.flag(flag).map(|f| f.word).unwrap_or(0)
    }

    fn fail(&mut self, stage: u8, word: usize, message: impl Into<String>) {
        self.out.push(Problem::new(
            ProblemKind::BadArguments,
            word,
            stage,
            message,
        ));
    }

    fn fail_help(&mut self, stage: u8, word: usize, message: impl Into<String>, help: &str) {
        self.out
            .push(Problem::new(ProblemKind::BadArguments, word, stage, message).with_help(help));
    }

    /// Report `message` (about the whole command) unless `ok`.
    /// `--a` set together with `--b` given: kubectl refuses the pair (at `stage`, on
    /// `--a`'s word). Whether it did.
    fn exclusive(&mut self, stage: u8, a: &str, b: &str) -> bool {
        if !(self.set(a) && self.inv.has_value(b)) {
            return false;
        }
        let w = self.word_of(a);
        self.fail(stage, w, format!("`--{a}` and `--{b}` exclude each other"));
        true
    }

    fn need(&mut self, ok: bool, stage: u8, message: &str) {
        if !ok {
            self.fail(stage, 0, message);
        }
    }

    fn run(&mut self) {
        let path = self.cmd.path.join(" ");
        // A command group run without a subcommand prints its help (the root's is not
        // an error for kubectl-verdict, which reads it as a successful run).
        if self.cmd.has_subcommands && !self.cmd.runnable && !self.cmd.path.is_empty() {
            if self.inv.args.is_empty() {
                let subs = self.cmd.subcommands.join(", ");
                self.fail_help(
                    stage::FIRST,
                    0,
                    format!("`kubectl {path}` needs a subcommand"),
                    &format!("one of: {subs}"),
                );
            }
            return;
        }
        // cobra's required flags.
        let missing: Vec<String> = self
            .cmd
            .flags
            .iter()
            .filter(|f| f.required && !self.has(&f.name))
            .map(|f| format!("--{}", f.name))
            .collect();
        if !missing.is_empty() {
            self.fail(
                stage::FIRST,
                0,
                format!(
                    "`kubectl {path}` needs {}",
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            );
            return;
        }
        match path.as_str() {
            "get" | "describe" => self.get(&path),
            "delete" => self.delete(),
            "edit" => self.resources(&self.all(), stage::EARLY, false, Some(MUST_PROVIDE)),
            "patch" => self.patch(),
            "label" | "annotate" => self.label(&path),
            "taint" => self.taint(),
            "scale" => self.scale(),
            "autoscale" => self.autoscale(),
            "expose" => self.resources(&self.all(), stage::LATE, false, Some(MUST_PROVIDE)),
            "rollout history" | "rollout pause" | "rollout restart" | "rollout resume"
            | "rollout status" | "rollout undo" => self.rollout(),
            "set image" | "set env" => self.set_pairs(&path),
            "set resources" | "set subject" => {
                self.resources(&self.all(), stage::LATE, true, Some(MUST_PROVIDE))
            }
            "set selector" | "set serviceaccount" => self.set_last(&path),
            "wait" => self.resources(&self.all(), stage::LATE, true, Some(MUST_PROVIDE)),
            "drain" | "cordon" | "uncordon" => self.nodes(&path),
            "top pod" | "top node" => self.top(&path),
            "logs" => self.logs(),
            "exec" => self.exec(),
            "attach" => self.attach(),
            "port-forward" => self.need(
                self.all().len() >= 2,
                stage::FIRST,
                "`kubectl port-forward` needs a target and ports (`TYPE/NAME [LOCAL_PORT:]REMOTE_PORT`)",
            ),
            "cp" => self.cp(),
            "run" => self.run_cmd(),
            "debug" => self.debug(),
            "apply" => self.apply(),
            "apply view-last-applied" => {
                self.resources(&self.all(), stage::LATE, true, Some(MUST_PROVIDE))
            }
            "apply edit-last-applied" => {
                self.resources(&self.all(), stage::LATE, false, Some(MUST_PROVIDE))
            }
            "apply set-last-applied" => self.need(
                self.files(),
                stage::LATE,
                "`kubectl apply set-last-applied` needs `-f FILENAME`",
            ),
            "create" | "diff" => self.file_input(&path, true),
            "replace" => {
                self.file_input(&path, false);
                if self.out.is_empty() && !self.set("force") {
                    if let Some(g) = self.known("grace-period") {
                        if g.parse::<i64>().is_ok_and(|g| g >= 0) {
                            let w = self.word_of("grace-period");
                            self.fail(
                                stage::EARLY,
                                w,
                                "`--grace-period` needs `--force` with `kubectl replace`",
                            );
                        }
                    }
                }
            }
            "auth reconcile" => self.file_input(&path, false),
            "explain" => self.explain(),
            "auth can-i" => self.can_i(),
            "certificate approve" | "certificate deny" => self.need(
                !self.all().is_empty() || self.files(),
                stage::LATE,
                &format!("`kubectl {path}` needs the name of a CSR or `-f FILENAME`"),
            ),
            "config view" => {
                self.no_args(&path);
                if self.out.is_empty()
                    && self.known("merge").is_some_and(is_false)
                    && !self.has("kubeconfig")
                {
                    let w = self.word_of("merge");
                    self.fail(
                        stage::LATE,
                        w,
                        "`--merge=false` needs `--kubeconfig` (which file to show)",
                    );
                }
            }
            "config use-context"
            | "config set-cluster"
            | "config set-credentials"
            | "config unset" => self.count(&path, 1, 1),
            "config set" | "config rename-context" => self.count(&path, 2, 2),
            "config set-context" => self.set_context(),
            "config delete-user" => self.need(
                !self.all().is_empty(),
                stage::FIRST,
                "`kubectl config delete-user` needs a user name",
            ),
            "completion" => self.completion(),
            // `version --client` prints before it looks at the arguments.
            "version" if self.set("client") => {}
            "api-resources" => {
                self.no_args(&path);
                self.api_resources_output();
            }
            "version" | "api-versions" => self.no_args(&path),
            "kustomize" => self.need(
                self.all().len() <= 1,
                stage::FIRST,
                "`kubectl kustomize` takes one directory",
            ),
            "alpha kuberc set" => self.need(
                self.value("section") != Some("aliases") || self.has("name"),
                stage::LATE,
                "`--section=aliases` needs `--name`",
            ),
            p if p.starts_with("create ") => self.create_sub(p),
            _ => {}
        }
    }

    // --- the resource builder ------------------------------------------------

    /// kubectl's resource builder: `TYPE`, `TYPE NAME…`, `TYPE1,TYPE2 NAME`,
    /// `TYPE/NAME…`, with `-l`/`--field-selector`/`--all` when the command has them.
    /// `require`: the message when nothing at all names a resource.
    fn resources(&mut self, args: &[Arg], stage: u8, selectors: bool, require: Option<&str>) {
        if self.files() {
            return;
        }
        let selected = selectors && self.selected();
        let first_word = args.first().map(|a| a.word).unwrap_or(0);
        if args.is_empty() {
            if selected {
                self.fail(
                    stage,
                    0,
                    "a selector (`-l`, `--field-selector`, `--all`) needs a resource type",
                );
            } else if let Some(m) = require {
                self.fail_help(stage, 0, m, "name a resource: `TYPE NAME` or `TYPE/NAME`");
            }
            return;
        }
        // `TYPE1,TYPE2 NAME…` is read as `TYPE1/NAME TYPE2/NAME …`.
        let first_types = if args[0].opaque() {
            1
        } else {
            split_types(&args[0].text)
        };
        if args.len() >= 2 && first_types > 1 && !args[0].text.contains('/') {
            if let Some(a) = args[1..].iter().find(|a| a.text.contains('/')) {
                let w = a.word;
                self.fail(stage, w, "`TYPE/NAME` arguments take one `/`");
                return;
            }
            if selected {
                self.fail(stage, args[1].word, SELECTOR_AND_NAMES);
            }
            return;
        }
        let slashed = args.iter().filter(|a| a.text.contains('/')).count();
        let plain = args
            .iter()
            .filter(|a| !a.text.contains('/') && !a.opaque())
            .count();
        if slashed > 0 && plain > 0 {
            let w = args
                .iter()
                .find(|a| !a.text.contains('/') && !a.opaque())
                .map(|a| a.word)
                .unwrap_or(first_word);
            self.fail_help(
                stage,
                w,
                "`TYPE/NAME` and `TYPE NAME` arguments do not mix",
                "write every resource as `TYPE/NAME`, or the type once: `TYPE NAME NAME`",
            );
            return;
        }
        for a in args.iter().filter(|a| a.text.contains('/')) {
            let parts: Vec<&str> = a.text.split('/').collect();
            if parts.len() != 2 {
                self.fail(
                    stage,
                    a.word,
                    format!(
                        "`{}`: `TYPE/NAME` takes one `/`",
                        a.text.replace(UNKNOWN, "…")
                    ),
                );
                return;
            }
            if parts[0].is_empty() || parts[1].is_empty() || split_types(parts[0]) != 1 {
                self.fail(
                    stage,
                    a.word,
                    format!(
                        "`{}`: `TYPE/NAME` needs one type and a name",
                        a.text.replace(UNKNOWN, "…")
                    ),
                );
                return;
            }
        }
        if selected && (args.len() >= 2 || slashed > 0) {
            let w = args.get(1).map(|a| a.word).unwrap_or(first_word);
            self.fail(stage, w, SELECTOR_AND_NAMES);
        }
    }
}

const MUST_PROVIDE: &str =
    "no resource given: name one (`TYPE NAME`, `TYPE/NAME`) or a file (`-f`)";
const SELECTOR_AND_NAMES: &str =
    "a selector (`-l`, `--field-selector`, `--all`) and resource names exclude each other";

fn unexpected(args: &[Arg]) -> String {
    args.iter()
        .map(|a| format!("`{}`", a.text.replace(UNKNOWN, "…")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_false(v: &str) -> bool {
    matches!(v, "false" | "0" | "f" | "F" | "FALSE" | "False")
}

/// The distinct types of `pods,svc` (kubectl's `SplitResourceArgument`).
fn split_types(s: &str) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    for p in s.split(',') {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    seen.len()
}

/// A label value: empty, or at most 63 characters of `[A-Za-z0-9._-]` that start and
/// end with a letter or digit.
pub fn is_label_value(v: &str) -> bool {
    v.is_empty()
        || (v.len() <= 63
            && v.starts_with(|c: char| c.is_ascii_alphanumeric())
            && v.ends_with(|c: char| c.is_ascii_alphanumeric())
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
}

/// What is wrong with a taint (`key=value:Effect`, `key:Effect`, `key-`, `key:Effect-`).
fn taint_problem(t: &str) -> Option<String> {
    let (spec, remove) = match t.strip_suffix('-') {
        Some(s) => (s, true),
        None => (t, false),
    };
    let (kv, effect) = match spec.split_once(':') {
        Some((kv, e)) => (kv, Some(e)),
        None => (spec, None),
    };
    if let Some(e) = effect {
        if !matches!(e, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
            return Some(format!("`{e}` is not a taint effect"));
        }
    } else if !remove {
        return Some("a taint to add needs an effect (`:NoSchedule`)".into());
    }
    let (key, value) = match kv.split_once('=') {
        Some((k, v)) => (k, Some(v)),
        None => (kv, None),
    };
    if key.is_empty() {
        return Some("the key is empty".into());
    }
    // A taint to remove may name its value with its effect (`key=value:NoSchedule-`);
    // without an effect kubectl reads `key=value` as the key, which is invalid.
    if remove && effect.is_none() && value.is_some() {
        return Some(format!(
            "`{kv}` is not a taint key (remove `key-` or `key=value:Effect-`)"
        ));
    }
    if let Some(v) = value {
        if !is_label_value(v) {
            return Some(format!("`{v}` is not a valid taint value"));
        }
    }
    None
}

fn is_count_or_percent(v: &str) -> bool {
    let d = v.strip_suffix('%').unwrap_or(v);
    !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
}

/// A container image reference as kubectl's `reference.ReferenceRegexp` reads it:
/// `[HOST[:PORT]/]path/components[:tag][@algorithm:hex]`.
pub fn is_image_reference(s: &str) -> bool {
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (s, None),
    };
    if let Some(d) = digest {
        let Some((alg, hex)) = d.split_once(':') else {
            return false;
        };
        let alg_ok = !alg.is_empty()
            && alg.split(['+', '.', '-', '_']).all(|c| {
                c.starts_with(|ch: char| ch.is_ascii_alphabetic())
                    && c.chars().all(|ch| ch.is_ascii_alphanumeric())
            });
        if !alg_ok || hex.len() < 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return false;
        }
    }
    let slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
    let (name, tag) = match rest[slash..].rfind(':') {
        Some(i) => (&rest[..slash + i], Some(&rest[slash + i + 1..])),
        None => (rest, None),
    };
    if let Some(t) = tag {
        let ok = !t.is_empty()
            && t.len() <= 128
            && t.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !ok {
            return false;
        }
    }
    let comps: Vec<&str> = name.split('/').collect();
    let path_ok = |c: &str| {
        // alnum ( ( `.` | `_` | `__` | `-`+ ) alnum )*
        let b = c.as_bytes();
        if b.is_empty() || !is_lower_alnum(b[0]) || !is_lower_alnum(b[b.len() - 1]) {
            return false;
        }
        let mut i = 0;
        while i < b.len() {
            if is_lower_alnum(b[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && !is_lower_alnum(b[i]) {
                i += 1;
            }
            let sep = &c[start..i];
            if !(sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|x| x == b'-')) {
                return false;
            }
        }
        true
    };
    let domain_ok = |c: &str| {
        let (host, port) = match c.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (c, None),
        };
        if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
            return false;
        }
        if host.starts_with('[') && host.ends_with(']') {
            return host.len() > 2;
        }
        !host.is_empty()
            && host.split('.').all(|d| {
                !d.is_empty()
                    && !d.starts_with('-')
                    && !d.ends_with('-')
                    && d.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
    };
    match comps.as_slice() {
        [] => false,
        [only] => path_ok(only),
        [first, rest @ ..] => {
            (path_ok(first) || domain_ok(first)) && rest.iter().all(|c| path_ok(c))
        }
    }
}

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references() {
        for ok in [
            "nginx",
            "nginx:1.25",
            "ngi__nx",
            "registry.k8s.io/e2e-test-images/agnhost:2.39",
            "localhost:5000/a/b@sha256:0123456789012345678901234567890123456789012345678901234567890123",
            "Registry.Example.com/team/app:v1",
            "busybox:latest",
        ] {
            assert!(is_image_reference(ok), "{ok}");
        }
        for bad in ["NGINX", "nginx:", "a//b", "bad image", "-x", "x@sha256:12"] {
            assert!(!is_image_reference(bad), "{bad}");
        }
    }

    #[test]
    fn taints() {
        assert_eq!(taint_problem("dedicated=gpu:NoSchedule"), None);
        assert_eq!(taint_problem("dedicated:NoSchedule-"), None);
        assert_eq!(taint_problem("dedicated-"), None);
        assert!(taint_problem("dedicated=gpu").is_some());
        assert!(taint_problem("dedicated=gpu:Sometimes").is_some());
    }
}
