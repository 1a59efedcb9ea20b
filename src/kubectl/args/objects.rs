//! The argument checks of the commands on objects by type and name: `get`, `delete`,
//! `patch`, `label`/`annotate`, `taint`, `scale`, `autoscale`, `rollout`, `set`, the
//! node commands and `top`.

use super::{is_label_value, stage, taint_problem, Arg, Ctx, MUST_PROVIDE, UNKNOWN};

impl Ctx<'_> {
    pub(super) fn get(&mut self, path: &str) {
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

    pub(super) fn delete(&mut self) {
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
        if self.exclusive(stage::EARLY, "all", "selector") {
            return;
        }
        if self.exclusive(stage::EARLY, "all", "field-selector") {
            return;
        }
        self.resources(&self.all(), stage::LATE, true, Some(MUST_PROVIDE));
    }

    pub(super) fn patch(&mut self) {
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
    pub(super) fn label(&mut self, path: &str) {
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
        if self.exclusive(stage, "all", "selector") {
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
    pub(super) fn pairs(
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

    pub(super) fn taint(&mut self) {
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

    pub(super) fn scale(&mut self) {
        if let Some(c) = self.known("current-replicas") {
            if c.parse::<i64>().is_ok_and(|c| c < -1) {
                let w = self.word_of("current-replicas");
                self.fail(stage::VALUES, w, "`--current-replicas` must be -1 or more");
                return;
            }
        }
        self.resources(&self.all(), stage::LATE, true, Some(MUST_PROVIDE));
    }

    pub(super) fn autoscale(&mut self) {
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

    pub(super) fn rollout(&mut self) {
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
    pub(super) fn set_pairs(&mut self, path: &str) {
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
    pub(super) fn set_last(&mut self, path: &str) {
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

    pub(super) fn nodes(&mut self, path: &str) {
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

    pub(super) fn top(&mut self, path: &str) {
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
}
