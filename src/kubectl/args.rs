//! The checks kubectl makes of a command's positional arguments and of combinations of
//! its flags before it contacts a server: `exec` needs `--` and a command, `logs` a
//! target, `scale` `--replicas`, `create deployment` a NAME and `--image`, the resource
//! builder's `TYPE NAME` / `TYPE/NAME` forms, … Found by running kubectl v1.35.2 with
//! no cluster (see tests/kubectl/README.md); each command's checks are listed in the
//! order kubectl makes them, with the [`stage`] that orders them against value checks.
//!
//! Words holding shell expansions or `<placeholders>` count as one word each, of
//! unknown content: nothing that depends on that content is concluded.

use super::parse::{stage, Invocation, Problem, ProblemKind};
use super::tree::{CommandSpec, Index};

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

    fn get(&mut self, path: &str) {
        let args = self.all();
        if path == "get" && self.inv.has_value("raw") {
            if let Some(a) = args.first() {
                let w = a.word;
                self.fail(stage::FIRST, w, "`--raw` takes no other arguments");
            }
            return;
        }
        if args.is_empty() && !self.files() {
            self.fail_help(
                stage::EARLY,
                0,
                format!("`kubectl {path}` needs a resource type"),
                &format!("for example `kubectl {path} pods`; `kubectl api-resources` lists them"),
            );
            return;
        }
        self.resources(&args, stage::LATE, true, None);
    }

    fn delete(&mut self) {
        if self.set("now") {
            if let Some(g) = self.known("grace-period") {
                if g != "-1" {
                    let w = self.word_of("grace-period");
                    self.fail(
                        stage::EARLY,
                        w,
                        "`--now` and `--grace-period` exclude each other",
                    );
                    return;
                }
            }
        }
        if self.set("all") && self.inv.has_value("selector") {
            let w = self.word_of("all");
            self.fail(
                stage::EARLY,
                w,
                "`--all` and `--selector` exclude each other",
            );
            return;
        }
        if self.set("all") && self.inv.has_value("field-selector") {
            let w = self.word_of("all");
            self.fail(
                stage::EARLY,
                w,
                "`--all` and `--field-selector` exclude each other",
            );
            return;
        }
        self.resources(&self.all(), stage::LATE, true, Some(MUST_PROVIDE));
    }

    fn patch(&mut self) {
        let p = self.has("patch");
        let pf = self.has("patch-file");
        if !p && !pf {
            self.fail_help(
                stage::EARLY,
                0,
                "`kubectl patch` needs the patch: `-p PATCH` or `--patch-file FILE`",
                "for example `-p '{\"spec\":{\"replicas\":3}}'`",
            );
            return;
        }
        if p && pf {
            let w = self.word_of("patch-file");
            self.fail(
                stage::EARLY,
                w,
                "`--patch` and `--patch-file` exclude each other",
            );
            return;
        }
        let args = self.all();
        if self.set("local") && !args.is_empty() {
            let w = args[0].word;
            self.fail(
                stage::EARLY,
                w,
                "`--local` patches files (`-f`), not resources of the cluster",
            );
            return;
        }
        self.resources(&args, stage::LATE, false, Some(MUST_PROVIDE));
    }

    /// `label` / `annotate`: resources, then `KEY=VALUE` and `KEY-` updates.
    fn label(&mut self, path: &str) {
        let what = if path == "label" {
            "label"
        } else {
            "annotation"
        };
        let stage = if path == "label" {
            stage::EARLY
        } else {
            stage::LATE
        };
        let (resources, pairs, ambiguous) = match self.pairs(what, stage, |t| {
            (t.contains('=') && !t.starts_with('=')) || (t.ends_with('-') && t != "-")
        }) {
            Some(v) => v,
            None => return,
        };
        if self.set("all") && self.inv.has_value("selector") {
            let w = self.word_of("all");
            self.fail(stage, w, "`--all` and `--selector` exclude each other");
            return;
        }
        if resources.is_empty() && !self.files() {
            self.fail_help(
                stage,
                0,
                format!("`kubectl {path}` needs resources: `TYPE NAME` or `TYPE/NAME`"),
                &format!("for example `kubectl {path} pod web-0 key=value`"),
            );
            return;
        }
        if pairs.is_empty() && !ambiguous && !self.set("list") {
            self.fail_help(
                stage,
                0,
                format!(
                    "`kubectl {path}` needs {} {what} to set (`key=value`) or remove (`key-`)",
                    if what == "label" { "a" } else { "an" }
                ),
                &format!("for example `kubectl {path} pod web-0 key=value`"),
            );
            return;
        }
        let mut set = Vec::new();
        let mut removed = Vec::new();
        for p in pairs.iter().filter(|p| !p.unknown) {
            if let Some(k) = p.text.strip_suffix('-').filter(|_| !p.text.contains('=')) {
                removed.push((k.to_string(), p.word));
                continue;
            }
            let parts: Vec<&str> = p.text.split('=').collect();
            if what == "label" {
                if parts.len() != 2 {
                    self.fail(stage, p.word, format!("`{}` is not `key=value`", p.text));
                    return;
                }
                if !is_label_value(parts[1]) {
                    self.fail(
                        stage,
                        p.word,
                        format!("`{}` is not a valid label value (63 letters, digits, `-`, `_` or `.` at most, starting and ending with a letter or digit)", parts[1]),
                    );
                    return;
                }
            }
            set.push(parts[0].to_string());
        }
        if let Some((k, w)) = removed.iter().find(|(k, _)| set.contains(k)) {
            let (k, w) = (k.clone(), *w);
            self.fail(
                stage,
                w,
                format!("the {what} `{k}` is both set and removed"),
            );
            return;
        }
        self.resources(&resources, stage::LATE, true, None);
    }

    /// Split the arguments into resources and the updates that follow them
    /// (`GetResourcesAndPairs`). `None` when a problem was reported. The flag says
    /// whether an unknown word was taken for a resource (it may be an update).
    fn pairs(
        &mut self,
        what: &str,
        stage: u8,
        is_pair: impl Fn(&str) -> bool,
    ) -> Option<(Vec<Arg>, Vec<Arg>, bool)> {
        let mut resources = Vec::new();
        let mut pairs: Vec<Arg> = Vec::new();
        let mut ambiguous = false;
        for a in self.all() {
            let pair = is_pair(&a.text);
            let maybe = a.unknown && !pair;
            if !pairs.is_empty() && !pair {
                if maybe {
                    pairs.push(a);
                    continue;
                }
                self.fail(
                    stage,
                    a.word,
                    format!(
                        "`{}` comes after a change ({what}): resources go first",
                        a.text.replace(UNKNOWN, "…")
                    ),
                );
                return None;
            }
            if pair {
                pairs.push(a);
            } else {
                ambiguous |= maybe;
                resources.push(a);
            }
        }
        Some((resources, pairs, ambiguous))
    }

    fn taint(&mut self) {
        let (resources, taints, ambiguous) = match self.pairs("taint", stage::EARLY, |t| {
            t.contains('=') || t.contains(':') || t.ends_with('-')
        }) {
            Some(v) => v,
            None => return,
        };
        if resources.is_empty() {
            self.fail_help(
                stage::EARLY,
                0,
                "`kubectl taint` needs nodes: `nodes NAME`",
                "for example `kubectl taint nodes worker-1 dedicated=gpu:NoSchedule`",
            );
            return;
        }
        if taints.is_empty() && !ambiguous {
            self.fail_help(
                stage::EARLY,
                0,
                "`kubectl taint` needs a taint to add (`key=value:Effect`) or remove (`key-`)",
                "for example `kubectl taint nodes worker-1 dedicated=gpu:NoSchedule`",
            );
            return;
        }
        for t in taints.iter().filter(|t| !t.unknown) {
            if let Some(why) = taint_problem(&t.text) {
                let w = t.word;
                self.fail_help(
                    stage::EARLY,
                    w,
                    format!("taint `{}`: {why}", t.text),
                    "write `key=value:Effect`, `key:Effect` or `key-`; effects: NoSchedule, PreferNoSchedule, NoExecute",
                );
                return;
            }
        }
    }

    fn scale(&mut self) {
        if let Some(c) = self.known("current-replicas") {
            if c.parse::<i64>().is_ok_and(|c| c < -1) {
                let w = self.word_of("current-replicas");
                self.fail(stage::VALUES, w, "`--current-replicas` must be -1 or more");
                return;
            }
        }
        self.resources(&self.all(), stage::LATE, true, Some(MUST_PROVIDE));
    }

    fn autoscale(&mut self) {
        let max = self.known("max").and_then(|v| v.parse::<i64>().ok());
        let min = self.known("min").and_then(|v| v.parse::<i64>().ok());
        if let Some(m) = max {
            if m < 1 {
                let w = self.word_of("max");
                self.fail(stage::EARLY, w, "`--max` must be at least 1");
                return;
            }
            if min.is_some_and(|n| n > m) {
                let w = self.word_of("min");
                self.fail(stage::EARLY, w, "`--min` is larger than `--max`");
                return;
            }
        }
        self.resources(&self.all(), stage::LATE, false, Some(MUST_PROVIDE));
    }

    fn rollout(&mut self) {
        let args = self.all();
        if args.is_empty() && !self.files() {
            self.fail_help(
                stage::EARLY,
                0,
                format!("`kubectl {}` needs a resource", self.cmd.path.join(" ")),
                "for example `deployment/web` or `statefulset web`",
            );
            return;
        }
        self.resources(&args, stage::LATE, true, None);
        if self.out.is_empty() && self.cmd.path[1] == "status" {
            if let Some(r) = self.known("revision") {
                if r.parse::<i64>().is_ok_and(|r| r < 0) {
                    let w = self.word_of("revision");
                    self.fail(stage::LATE, w, "`--revision` must be 0 or more");
                }
            }
        }
    }

    /// `set image` (`CONTAINER=IMAGE`), `set env` (`KEY=VALUE`, `KEY-`).
    fn set_pairs(&mut self, path: &str) {
        let env = path == "set env";
        let what = if env { "env" } else { "image" };
        let (resources, _, _) = match self.pairs(what, stage::LATE, |t| {
            (t.contains('=') && !t.starts_with('=')) || (env && t.ends_with('-') && t != "-")
        }) {
            Some(v) => v,
            None => return,
        };
        if env && resources.is_empty() && !self.files() {
            self.fail(
                stage::LATE,
                0,
                "`kubectl set env` needs resources: `TYPE NAME` or `TYPE/NAME`",
            );
            return;
        }
        self.resources(&resources, stage::LATE, true, Some(MUST_PROVIDE));
    }

    /// `set selector RESOURCES… SELECTOR`, `set serviceaccount RESOURCES… NAME`.
    fn set_last(&mut self, path: &str) {
        let mut args = self.all();
        if args.is_empty() {
            let what = if path == "set selector" {
                "a selector"
            } else {
                "a service account"
            };
            self.fail(stage::LATE, 0, format!("`kubectl {path}` needs {what}"));
            return;
        }
        args.pop();
        self.resources(&args, stage::LATE, true, Some(MUST_PROVIDE));
    }

    fn nodes(&mut self, path: &str) {
        let args = self.all();
        let selector = self.inv.has_value("selector");
        if args.is_empty() && !selector {
            self.fail_help(
                stage::FIRST,
                0,
                format!("`kubectl {path}` needs a node"),
                &format!("write `kubectl {path} NODE` or select nodes with `-l`"),
            );
        } else if !args.is_empty() && selector {
            let w = self.word_of("selector");
            self.fail(
                stage::FIRST,
                w,
                "a node name and `--selector` exclude each other",
            );
        }
    }

    fn top(&mut self, path: &str) {
        let args = self.all();
        if args.len() > 1 {
            let w = args[1].word;
            self.fail(
                stage::FIRST,
                w,
                format!("`kubectl {path}` takes one name at most"),
            );
        } else if args.len() == 1 && self.inv.has_value("selector") {
            let w = self.word_of("selector");
            self.fail(stage::LATE, w, "a name and `--selector` exclude each other");
        }
    }

    fn logs(&mut self) {
        let args = self.all();
        let selector = self.inv.has_value("selector");
        match args.len() {
            0 if !selector => self.out.push(
                Problem::new(
                    ProblemKind::LogsWithoutTarget,
                    0,
                    stage::FIRST,
                    "`kubectl logs` needs a pod or a selector",
                )
                .with_help("add `<pod-name>` or `-l app=NAME`"),
            ),
            1 if selector => {
                let w = self.word_of("selector");
                self.fail(
                    stage::FIRST,
                    w,
                    "a pod name and `--selector` exclude each other",
                );
            }
            2 if selector => {
                let w = self.word_of("selector");
                self.fail(
                    stage::LATE,
                    w,
                    "a pod name and `--selector` exclude each other",
                );
            }
            n if n > 2 => {
                let w = args[2].word;
                self.fail_help(
                    stage::FIRST,
                    w,
                    "`kubectl logs` takes a pod and, optionally, a container",
                    "write `kubectl logs POD [-c CONTAINER]`",
                );
            }
            _ => {}
        }
    }

    fn exec(&mut self) {
        let args = self.before_dash();
        // Before v1.31 kubectl ran `exec POD COMMAND` with a deprecation warning (its
        // tree then has no argument limit).
        // Since v1.37 the words before `--` count too (`exec POD ls -- -la`).
        let before = self.inv.dashdash.is_some() && self.idx.minor >= 37;
        if (self.inv.dashdash.is_none() || before) && args.len() > 1 && self.cmd.args_max.is_some()
        {
            let what = args[1].text.replace(UNKNOWN, "…");
            self.out.push(
                Problem::new(
                    ProblemKind::ExecWithoutDashDash,
                    args[1].word,
                    stage::FIRST,
                    if before {
                        format!("`{what}` is meant for the container, but it stands before `--`")
                    } else {
                        format!(
                            "`{what}` is meant for the container, but there is no `--` before it"
                        )
                    },
                )
                .with_help(format!(
                    "write `-- {}`",
                    self.inv.args[1..]
                        .iter()
                        .map(|&a| self.argv[a])
                        .collect::<Vec<_>>()
                        .join(" ")
                )),
            );
            return;
        }
        if args.is_empty() && !self.files() {
            self.fail_help(
                stage::FIRST,
                0,
                "`kubectl exec` needs a pod (or `TYPE/NAME`)",
                "write `kubectl exec POD -- COMMAND`",
            );
            return;
        }
        let legacy_command = self.cmd.args_max.is_none() && args.len() > 1;
        if self.inv.after_dashdash(self.argv).is_empty() && !legacy_command {
            self.fail_help(
                stage::FIRST,
                0,
                "`kubectl exec` needs a command to run in the container",
                "write `kubectl exec POD -- COMMAND`",
            );
        }
    }

    fn attach(&mut self) {
        let args = self.all();
        if args.is_empty() {
            self.fail(
                stage::FIRST,
                0,
                "`kubectl attach` needs a pod (or `TYPE/NAME`)",
            );
        } else if args.len() > 2 {
            let w = args[2].word;
            self.fail(
                stage::FIRST,
                w,
                "`kubectl attach` takes `POD`, `TYPE/NAME` or `TYPE NAME`",
            );
        }
    }

    fn cp(&mut self) {
        let args = self.all();
        if args.len() != 2 {
            self.fail_help(
                stage::FIRST,
                args.get(2).map(|a| a.word).unwrap_or(0),
                "`kubectl cp` needs a source and a destination",
                "write `kubectl cp POD:/path ./local` or `kubectl cp ./local POD:/path`",
            );
            return;
        }
        let mut specs = Vec::new();
        for a in &args {
            if a.opaque() {
                return;
            }
            match a.text.find(':') {
                Some(0) => {
                    self.fail(
                        stage::FIRST,
                        a.word,
                        format!(
                            "`{}` is not `[[NAMESPACE/]POD:]PATH`",
                            a.text.replace(UNKNOWN, "…")
                        ),
                    );
                    return;
                }
                None => specs.push((false, a.text.clone(), a.word)),
                Some(i) => {
                    if a.text[..i].split('/').count() > 2 {
                        self.fail(
                            stage::FIRST,
                            a.word,
                            format!(
                                "`{}` is not `[[NAMESPACE/]POD:]PATH`",
                                a.text.replace(UNKNOWN, "…")
                            ),
                        );
                        return;
                    }
                    specs.push((true, a.text[i + 1..].to_string(), a.word));
                }
            }
        }
        if specs.iter().all(|s| s.0) {
            self.fail(
                stage::FIRST,
                specs[1].2,
                "`kubectl cp` copies between a pod and the local disk, not between two pods",
            );
        } else if let Some(s) = specs.iter().find(|s| s.1.is_empty()) {
            self.fail(stage::FIRST, s.2, "the path is empty");
        } else if specs.iter().all(|s| !s.0) {
            self.fail_help(
                stage::FIRST,
                0,
                "`kubectl cp` needs one side in a pod (`POD:/path`)",
                "write `kubectl cp POD:/path ./local`",
            );
        }
    }

    fn run_cmd(&mut self) {
        // Since v1.37 kubectl checks `--port` itself ("--port must be a number").
        if self.idx.minor >= 37 {
            if let Some(f) = self.inv.flags.iter().rev().find(|f| f.name == "port") {
                if let Some(v) = f.value.as_deref().filter(|_| !f.unknown) {
                    if v.parse::<i32>().is_err() {
                        let w = f.value_word.unwrap_or(f.word);
                        self.fail(
                            stage::VALUES,
                            w,
                            format!("`--port` takes a port number, not `{v}`"),
                        );
                    }
                }
            }
        }
        // kubectl v1.35.2 takes the first word after `--` for the NAME when none
        // comes before it (`kubectl run --image=busybox -- sh` creates pod `sh`).
        if self.all().is_empty() {
            self.fail_help(
                stage::LATE,
                0,
                "`kubectl run` needs a NAME for the pod",
                "write `kubectl run NAME --image=IMAGE`",
            );
            return;
        }
        if let Some(image) = self.known("image") {
            let w = self.word_of("image");
            if image.is_empty() {
                self.fail(stage::LATE, w, "`--image` is empty");
                return;
            }
            if !is_image_reference(image) {
                self.fail(
                    stage::LATE,
                    w,
                    format!("`{image}` is not an image reference"),
                );
                return;
            }
        }
        let stdin = self.set("stdin");
        if self.set("tty") && !stdin {
            let w = self.word_of("tty");
            self.fail_help(stage::LATE, w, "`-t` needs `-i`", "write `-it`");
            return;
        }
        if self.set("expose") && !self.has("port") {
            let w = self.word_of("expose");
            self.fail(stage::LATE, w, "`--expose` needs `--port`");
            return;
        }
        let attach = if self.has("attach") {
            self.set("attach")
        } else {
            stdin
        };
        if self.set("rm") && !attach {
            let w = self.word_of("rm");
            self.fail_help(
                stage::LATE,
                w,
                "`--rm` works only with an attached container",
                "add `-it` (or `--attach`)",
            );
            return;
        }
        if attach && self.has("dry-run") && self.value("dry-run") != Some("none") {
            let w = self.word_of("dry-run");
            self.fail(
                stage::LATE,
                w,
                "`--dry-run` and an attached container (`-i`, `-t`, `--attach`) exclude each other",
            );
        }
    }

    fn debug(&mut self) {
        let image = self.inv.has_value("image");
        let copy = self.inv.has_value("copy-to");
        let set_image = self.has("set-image");
        let command = !self.inv.after_dashdash(self.argv).is_empty();
        let container = self.inv.has_value("container");
        let w = |c: &Ctx, f: &str| c.word_of(f);
        if self.has("attach") && self.set("attach") && !image && !container {
            let at = w(self, "attach");
            self.fail(
                stage::LATE,
                at,
                "`--attach` needs `--container` or `--image`",
            );
            return;
        }
        if copy {
            if !image && !set_image && !command {
                let at = w(self, "copy-to");
                self.fail(
                    stage::LATE,
                    at,
                    "`--copy-to` needs `--image`, `--set-image` or a command",
                );
                return;
            }
            if command && !container && !image {
                self.fail(stage::LATE, 0, "a command needs `--container` or `--image`");
                return;
            }
        } else {
            for (f, m) in [
                ("replace", "`--replace` needs `--copy-to`"),
                ("same-node", "`--same-node` needs `--copy-to`"),
            ] {
                if self.set(f) {
                    let at = w(self, f);
                    self.fail(stage::LATE, at, m);
                    return;
                }
            }
            if set_image {
                let at = w(self, "set-image");
                self.fail(stage::LATE, at, "`--set-image` needs `--copy-to`");
                return;
            }
            if !image {
                self.fail_help(
                    stage::LATE,
                    0,
                    "`kubectl debug` needs `--image` (or `--copy-to`)",
                    "for example `--image=busybox`",
                );
                return;
            }
        }
        if let Some(i) = self.known("image").filter(|i| !i.is_empty()) {
            if !is_image_reference(i) {
                let at = w(self, "image");
                self.fail(stage::LATE, at, format!("`{i}` is not an image reference"));
                return;
            }
        }
        if self.before_dash().is_empty() && !self.files() {
            self.fail_help(
                stage::LATE,
                0,
                "`kubectl debug` needs a pod or a node",
                "write `kubectl debug POD …` or `kubectl debug node/NAME …`",
            );
            return;
        }
        if self.inv.has_value("target") && copy {
            let at = w(self, "target");
            self.fail(
                stage::LATE,
                at,
                "`--target` and `--copy-to` exclude each other (use `--share-processes`)",
            );
            return;
        }
        if self.set("tty") && !self.set("stdin") {
            let at = w(self, "tty");
            self.fail_help(stage::LATE, at, "`-t` needs `-i`", "write `-it`");
        }
    }

    fn apply(&mut self) {
        let args = self.all();
        if let Some(a) = args.first() {
            let w = a.word;
            self.fail(
                stage::FIRST,
                w,
                format!("`kubectl apply` takes no arguments: {}", unexpected(&args)),
            );
            return;
        }
        let (f, k) = (self.has("filename"), self.has("kustomize"));
        if !f && !k {
            self.fail_help(
                stage::EARLY,
                0,
                "`kubectl apply` needs `-f FILENAME` or `-k DIRECTORY`",
                "for example `kubectl apply -f deploy.yaml`",
            );
            return;
        }
        if f && k {
            let w = self.word_of("kustomize");
            self.fail(stage::EARLY, w, "`-f` and `-k` exclude each other");
            return;
        }
        let server_side = self.set("server-side");
        let checks = [
            (
                self.set("force-conflicts") && !server_side,
                "force-conflicts",
                "`--force-conflicts` works only with `--server-side`",
            ),
            (
                self.set("force") && server_side,
                "force",
                "`--force` and `--server-side` exclude each other",
            ),
            (
                self.set("prune") && !self.set("all") && !self.inv.has_value("selector"),
                "prune",
                "`--prune` needs `-l SELECTOR` or `--all` (which objects may be pruned)",
            ),
            (
                self.set("force") && self.set("prune"),
                "force",
                "`--force` and `--prune` exclude each other",
            ),
            (
                self.inv.has_value("subresource") && !server_side,
                "subresource",
                "`--subresource` works only with `--server-side`",
            ),
        ];
        if let Some((_, flag, m)) = checks.iter().find(|c| c.0) {
            let w = self.word_of(flag);
            self.fail(stage::EARLY, w, *m);
        }
    }

    /// Commands that only read files: `create`, `diff` (no arguments), `replace`,
    /// `auth reconcile`.
    fn file_input(&mut self, path: &str, no_args: bool) {
        let args = self.all();
        // kubectl before v1.31 ran `create`'s checks first, and called its arguments a
        // command.
        let old_create = path == "create" && self.idx.minor < 31;
        if old_create && !args.is_empty() {
            let w = args[0].word;
            let words: Vec<String> = args.iter().map(|a| a.text.replace(UNKNOWN, "…")).collect();
            self.out.push(
                Problem::new(
                    ProblemKind::UnknownCommand,
                    w,
                    stage::FIRST,
                    format!("unknown command `{}` for `kubectl create`", words.join(" ")),
                )
                .with_help("`kubectl create` reads `-f FILENAME`; its subcommands create one kind of object"),
            );
            return;
        }
        if no_args && !args.is_empty() {
            let w = args[0].word;
            let hint = if path == "create" {
                format!(
                    "`create {}` is not a subcommand of `kubectl create`",
                    args[0].text.replace(UNKNOWN, "…")
                )
            } else {
                format!("`kubectl {path}` takes no arguments")
            };
            self.fail(stage::FIRST, w, format!("{hint}: {}", unexpected(&args)));
            return;
        }
        if !self.files() {
            // After the printer flags (`-o`) are read (before them, before v1.31).
            self.fail_help(
                if old_create {
                    stage::FIRST
                } else {
                    stage::LATE
                },
                0,
                format!("`kubectl {path}` needs `-f FILENAME` or `-k DIRECTORY`"),
                "for example `-f deploy.yaml`",
            );
        }
    }

    fn explain(&mut self) {
        let args = self.all();
        match args.len() {
            0 => self.fail_help(
                stage::FIRST,
                0,
                "`kubectl explain` needs a resource type",
                "for example `kubectl explain statefulset.spec.updateStrategy`",
            ),
            1 => {}
            _ => {
                let w = args[1].word;
                self.fail_help(
                    stage::FIRST,
                    w,
                    "`kubectl explain` takes one `TYPE[.FIELD…]`",
                    "for example `kubectl explain statefulset.spec.updateStrategy`",
                );
            }
        }
    }

    fn can_i(&mut self) {
        let args = self.all();
        if self.set("list") {
            if let Some(a) = args.first() {
                let w = a.word;
                self.fail(stage::FIRST, w, "`--list` takes no other arguments");
            }
            return;
        }
        if args.len() != 2 {
            self.fail_help(
                stage::FIRST,
                args.get(2).map(|a| a.word).unwrap_or(0),
                "`kubectl auth can-i` takes a verb and a resource",
                "for example `kubectl auth can-i get pods`",
            );
        }
    }

    /// Before kubectl listed `api-resources`' output formats (v1.34), it printed only
    /// `-o wide` and `-o name`.
    fn api_resources_output(&mut self) {
        if self
            .idx
            .flag(self.cmd, "output")
            .is_none_or(|f| f.choices.is_some())
        {
            return;
        }
        let Some(f) = self.inv.flags.iter().rev().find(|f| f.name == "output") else {
            return;
        };
        match &f.value {
            Some(v) if !f.unknown && !matches!(&**v, "" | "wide" | "name") => {
                let word = f.value_word.unwrap_or(f.word);
                self.fail_help(
                    stage::VALUES,
                    word,
                    format!("`kubectl api-resources -o {v}`: this kubectl prints only `-o wide` and `-o name`"),
                    "kubectl v1.34 and later also print json and yaml",
                );
            }
            _ => {}
        }
    }

    fn no_args(&mut self, path: &str) {
        let args = self.all();
        if let Some(a) = args.first() {
            let w = a.word;
            self.fail(
                stage::FIRST,
                w,
                format!("`kubectl {path}` takes no arguments: {}", unexpected(&args)),
            );
        }
    }

    fn count(&mut self, path: &str, min: usize, max: usize) {
        let args = self.all();
        if args.len() < min || args.len() > max {
            let w = args.get(max).map(|a| a.word).unwrap_or(0);
            let n = if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            };
            self.fail(
                stage::FIRST,
                w,
                format!(
                    "`kubectl {path}` takes {n} argument{}, not {}",
                    if max == 1 { "" } else { "s" },
                    args.len()
                ),
            );
        }
    }

    fn set_context(&mut self) {
        let args = self.all();
        let current = self.set("current");
        if args.len() > 1 {
            self.count("config set-context", 0, 1);
        } else if args.len() == 1 && current {
            let w = self.word_of("current");
            self.fail(
                stage::FIRST,
                w,
                "a context name and `--current` exclude each other",
            );
        } else if args.is_empty() && !current {
            self.fail(
                stage::FIRST,
                0,
                "`kubectl config set-context` needs a context name or `--current`",
            );
        }
    }

    fn completion(&mut self) {
        let args = self.all();
        match args.as_slice() {
            [] => self.fail_help(
                stage::FIRST,
                0,
                "`kubectl completion` needs a shell",
                "one of: bash, zsh, fish, powershell",
            ),
            [a] => {
                if !a.unknown && !matches!(a.text.as_str(), "bash" | "zsh" | "fish" | "powershell")
                {
                    let w = a.word;
                    let t = a.text.clone();
                    self.fail_help(
                        stage::FIRST,
                        w,
                        format!("`{t}` is not a shell kubectl completes"),
                        "one of: bash, zsh, fish, powershell",
                    );
                }
            }
            [_, b, ..] => {
                let w = b.word;
                self.fail(stage::FIRST, w, "`kubectl completion` takes one shell");
            }
        }
    }

    fn create_sub(&mut self, path: &str) {
        let dash = self.cmd.dash_args;
        let names = if dash { self.before_dash() } else { self.all() };
        if names.len() != 1 {
            let w = names.get(1).map(|a| a.word).unwrap_or(0);
            self.fail_help(
                stage::FIRST,
                w,
                format!(
                    "`kubectl {path}` takes exactly one NAME, not {}",
                    names.len()
                ),
                &format!("write `kubectl {path} NAME …`"),
            );
            return;
        }
        let late = stage::LATE;
        let sub = path.trim_start_matches("create ");
        let has = |c: &Ctx, f: &str| c.inv.has_value(f);
        let problem: Option<(&str, String)> = match sub {
            "deployment" => (self.inv.flags.iter().filter(|f| f.name == "image").count() > 1
                && !self.inv.after_dashdash(self.argv).is_empty())
            .then(|| ("image", "several `--image`s and a command exclude each other".to_string())),
            "job" => (has(self, "image") == has(self, "from"))
                .then(|| ("image", "`kubectl create job` needs one of `--image` and `--from`".to_string())),
            "configmap" | "secret generic" => (self.has("from-env-file")
                && (self.has("from-file") || self.has("from-literal")))
            .then(|| ("from-env-file", "`--from-env-file` and `--from-file`/`--from-literal` exclude each other".to_string())),
            "secret tls" => (!has(self, "cert") || !has(self, "key"))
                .then(|| ("cert", "`kubectl create secret tls` needs `--cert` and `--key`".to_string())),
            "secret docker-registry" => (!self.has("from-file")
                && (!has(self, "docker-username") || !has(self, "docker-password")))
            .then(|| ("docker-username", "`kubectl create secret docker-registry` needs `--docker-username` and `--docker-password` (or `--from-file`)".to_string())),
            "service clusterip" | "service nodeport" | "service loadbalancer" => (!(self.has("tcp")
                || (sub == "service clusterip" && self.value("clusterip") == Some("None"))))
            .then(|| ("tcp", format!("`kubectl create {sub}` needs a port: `--tcp=PORT:TARGET`"))),
            "role" | "clusterrole" => {
                let agg = sub == "clusterrole" && self.has("aggregation-rule");
                if agg {
                    (self.has("verb") || self.has("resource") || self.has("non-resource-url"))
                        .then(|| ("aggregation-rule", "`--aggregation-rule` excludes `--verb`, `--resource` and `--non-resource-url`".to_string()))
                } else if !self.has("verb") {
                    Some(("verb", format!("`kubectl create {sub}` needs `--verb`")))
                } else if !(self.has("resource") || (sub == "clusterrole" && self.has("non-resource-url"))) {
                    Some(("resource", format!("`kubectl create {sub}` needs `--resource`")))
                } else {
                    None
                }
            }
            "rolebinding" | "clusterrolebinding" => {
                if sub == "rolebinding" && has(self, "role") == has(self, "clusterrole") {
                    Some(("role", "`kubectl create rolebinding` needs one of `--role` and `--clusterrole`".to_string()))
                } else {
                    self.inv
                        .flags
                        .iter()
                        .filter(|f| f.name == "serviceaccount" && !f.unknown)
                        .find(|f| {
                            f.value.as_deref().is_none_or(|v| {
                                v.split_once(':').is_none_or(|(a, b)| a.is_empty() || b.is_empty())
                            })
                        })
                        .map(|_| ("serviceaccount", "`--serviceaccount` takes `NAMESPACE:NAME`".to_string()))
                }
            }
            "poddisruptionbudget" => {
                let (min, max) = (self.has("min-available"), self.has("max-unavailable"));
                if !has(self, "selector") {
                    Some(("selector", "`kubectl create poddisruptionbudget` needs `--selector`".to_string()))
                } else if !min && !max {
                    Some(("min-available", "needs `--min-available` or `--max-unavailable`".to_string()))
                } else if min && max {
                    Some(("max-unavailable", "`--min-available` and `--max-unavailable` exclude each other".to_string()))
                } else {
                    let f = if min { "min-available" } else { "max-unavailable" };
                    self.known(f)
                        .filter(|v| !is_count_or_percent(v))
                        .map(|v| (f, format!("`--{f}` takes a number or a percentage, not `{v}`")))
                }
            }
            "token" => {
                let kind = has(self, "bound-object-kind");
                let name = has(self, "bound-object-name");
                if self.known("duration").is_some_and(|d| d.starts_with('-') && super::values::is_go_duration(d) && d.trim_start_matches(['-', '0', '.']).chars().any(|c| c.is_ascii_digit())) {
                    Some(("duration", "`--duration` must not be negative".to_string()))
                } else if kind && !name {
                    Some(("bound-object-kind", "`--bound-object-kind` needs `--bound-object-name`".to_string()))
                } else if name && !kind {
                    Some(("bound-object-name", "`--bound-object-name` needs `--bound-object-kind`".to_string()))
                } else {
                    None
                }
            }
            "ingress" => {
                if !self.has("default-backend") && !self.has("rule") {
                    Some(("rule", "`kubectl create ingress` needs `--rule` or `--default-backend`".to_string()))
                } else {
                    self.known("default-backend")
                        .filter(|v| !v.contains(':'))
                        .map(|_| ("default-backend", "`--default-backend` takes `SERVICE:PORT`".to_string()))
                }
            }
            _ => None,
        };
        if let Some((flag, m)) = problem {
            let w = self.word_of(flag);
            self.fail(late, w, m);
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
