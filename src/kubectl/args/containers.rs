//! The argument checks of the commands on containers: `logs`, `exec`, `attach`, `cp`,
//! `run` and `debug`.

use super::{is_image_reference, stage, Ctx, Problem, ProblemKind, UNKNOWN};

impl Ctx<'_> {
    pub(super) fn logs(&mut self) {
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

    pub(super) fn exec(&mut self) {
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

    pub(super) fn attach(&mut self) {
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

    pub(super) fn cp(&mut self) {
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

    pub(super) fn run_cmd(&mut self) {
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

    pub(super) fn debug(&mut self) {
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
}
