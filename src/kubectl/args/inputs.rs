//! The argument checks of the commands that read files or take fixed arguments:
//! `apply`, `create`/`replace`/`diff`, `explain`, `auth can-i`, `api-resources`,
//! `config set-context`, `completion`, `create SUBCOMMAND`, and argument counts.

use super::{is_count_or_percent, stage, unexpected, Ctx, Problem, ProblemKind, UNKNOWN};

impl Ctx<'_> {
    pub(super) fn apply(&mut self) {
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
    pub(super) fn file_input(&mut self, path: &str, no_args: bool) {
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

    pub(super) fn explain(&mut self) {
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

    pub(super) fn can_i(&mut self) {
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
    pub(super) fn api_resources_output(&mut self) {
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

    pub(super) fn no_args(&mut self, path: &str) {
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

    pub(super) fn count(&mut self, path: &str, min: usize, max: usize) {
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

    pub(super) fn set_context(&mut self) {
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

    pub(super) fn completion(&mut self) {
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

    pub(super) fn create_sub(&mut self, path: &str) {
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
                if self.known("duration").is_some_and(|d| d.starts_with('-') && crate::kubectl::values::is_go_duration(d) && d.trim_start_matches(['-', '0', '.']).chars().any(|c| c.is_ascii_digit())) {
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
