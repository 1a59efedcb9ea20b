//! Helpers shared by the kubectl and shell rules: walking every command with its
//! runbook section, and turning a word of a kubectl argv into a span.

use crate::check::Context;
use crate::model::{Block, CodeBlock, Command, Kubectl, Runbook};
use crate::source::Span;

/// Which part of a runbook a command stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Symptoms,
    Diagnosis,
    Other,
    /// Inline code in prose: a command mentioned, not one to run. Only the rules about
    /// its words (commands, flags, values, resource types) apply to it, not those about
    /// what a command to run must have (a namespace, a target, `--`).
    Inline,
}

/// Every shell code block of every document (runbooks and other sections).
pub fn code_blocks<'a>(ctx: &'a Context) -> Vec<&'a CodeBlock> {
    fn blocks<'b>(bs: &'b [Block], out: &mut Vec<&'b CodeBlock>) {
        out.extend(bs.iter().filter_map(Block::as_code));
    }
    fn sections<'b>(ss: &'b [crate::model::DocSection], out: &mut Vec<&'b CodeBlock>) {
        for s in ss {
            blocks(&s.blocks, out);
            sections(&s.children, out);
        }
    }
    let mut out = Vec::new();
    for doc in &ctx.corpus.documents {
        blocks(&doc.preamble, &mut out);
        sections(&doc.sections, &mut out);
        for rb in &doc.runbooks {
            out.extend(rb.code_blocks());
        }
    }
    out.sort_by(|a, b| (&a.span.file, a.span.start).cmp(&(&b.span.file, b.span.start)));
    out
}

/// Every kubectl command to run (not mentioned inline in prose), with its runbook.
pub fn commands_to_run<'a>(
    ctx: &'a Context,
) -> impl Iterator<Item = (Option<&'a Runbook>, Place, &'a Command, &'a Kubectl)> {
    kubectl_commands(ctx)
        .into_iter()
        .filter(|(_, p, _, _)| *p != Place::Inline)
}

/// Every kubectl command of every document, with the runbook and section it stands in:
/// the code blocks of runbooks, the code blocks outside runbooks (READMEs, guides), and
/// inline code in prose that starts with `kubectl ` (those with no runbook).
pub fn kubectl_commands<'a>(
    ctx: &'a Context,
) -> Vec<(Option<&'a Runbook>, Place, &'a Command, &'a Kubectl)> {
    let mut out = Vec::new();
    for doc in &ctx.corpus.documents {
        for rb in &doc.runbooks {
            let symptoms: Vec<&CodeBlock> = rb
                .symptoms
                .iter()
                .flat_map(|s| s.notes.iter().filter_map(Block::as_code))
                .collect();
            let diagnosis: Vec<&CodeBlock> = rb
                .diagnosis
                .iter()
                .flat_map(|d| d.steps.iter().flat_map(|s| s.code_blocks()))
                .collect();
            for cb in rb.code_blocks() {
                let place = if symptoms.iter().any(|s| std::ptr::eq(*s, cb)) {
                    Place::Symptoms
                } else if diagnosis.iter().any(|s| std::ptr::eq(*s, cb)) {
                    Place::Diagnosis
                } else {
                    Place::Other
                };
                for c in &cb.commands {
                    for k in &c.kubectl {
                        out.push((Some(rb), place, c, k));
                    }
                }
            }
        }
        let mut outside = Vec::new();
        outside.extend(doc.preamble.iter().filter_map(Block::as_code));
        fn sections<'b>(ss: &'b [crate::model::DocSection], out: &mut Vec<&'b CodeBlock>) {
            for s in ss {
                out.extend(s.blocks.iter().filter_map(Block::as_code));
                sections(&s.children, out);
            }
        }
        sections(&doc.sections, &mut outside);
        for cb in outside {
            for c in &cb.commands {
                for k in &c.kubectl {
                    out.push((None, Place::Other, c, k));
                }
            }
        }
        for c in &doc.inline_commands {
            for k in &c.kubectl {
                out.push((None, Place::Inline, c, k));
            }
        }
    }
    // Document order within each file; findings are sorted when they are reported.
    out
}

/// The span of word `i` of the argv (the whole command when out of range).
pub fn word_span(ctx: &Context, c: &Command, k: &Kubectl, i: usize) -> Span {
    match (k.word_range(i), ctx.sources.get(&c.span.file)) {
        (Some((s, e)), Some(src)) => src.span(s, e),
        _ => c.span.clone(),
    }
}

/// Whether a value is (or contains) a `<placeholder>`: then only the operator knows it.
pub fn has_placeholder(v: &str) -> bool {
    !crate::words::placeholder_ranges(v).is_empty()
}

/// Whether `KUBECTL_APPLYSET=true` is set for command `c`: on its line, or by a command
/// of its runbook.
fn sets_applyset(rb: Option<&Runbook>, c: &Command) -> bool {
    let sets = |t: &str| t.contains("KUBECTL_APPLYSET=true");
    sets(&c.source) || rb.is_some_and(|rb| rb.commands().any(|x| sets(&x.source)))
}

/// OpenShift's own commands, which kubectl's tree does not hold or holds with other
/// arguments (`oc debug node/NAME` needs no `--image`): nothing is checked of them.
/// From `oc --help` of the OpenShift 4 client (`oc adm`, `oc rsh`, …) and the `oc
/// rollout` subcommands of DeploymentConfigs.
pub const OC_OWN: &[&str] = &[
    "adm",
    "cancel-build",
    "debug",
    "extract",
    "get-token",
    "idle",
    "image",
    "import-image",
    "login",
    "logout",
    "new-app",
    "new-build",
    "new-project",
    "observe",
    "policy",
    "process",
    "project",
    "projects",
    "registry",
    "rollback",
    "rsh",
    "rsync",
    "sa",
    "secrets",
    "serviceaccounts",
    "start-build",
    "status",
    "tag",
    "whoami",
];

/// Whether an `oc` command is one of oc's own (see [`OC_OWN`]): by its subcommand, or
/// by the word kubectl's tree does not know.
fn oc_own<'p>(
    k: &Kubectl,
    problems: impl Iterator<Item = &'p crate::kubectl::parse::Problem>,
) -> bool {
    use crate::kubectl::parse::ProblemKind as K;
    let own = |w: &str| OC_OWN.contains(&w);
    if k.path.first().is_some_and(|p| own(p)) {
        return true;
    }
    let mut problems = problems;
    problems.any(|p| {
        p.kind == K::UnknownCommand
            && k.argv.get(p.word).is_some_and(|w| {
                own(w)
                    || (k.path.first().map(String::as_str) == Some("rollout")
                        && matches!(w, "latest" | "retry" | "cancel"))
            })
    })
}

/// Report the problems of one kind the kubectl parser found in every command, on each
/// kubectl version the command must be valid on (see [`super::kubectl_fleet`]).
pub fn invocation_problems(
    ctx: &Context,
    out: &mut Vec<crate::diagnostic::Diagnostic>,
    kind: crate::kubectl::parse::ProblemKind,
    rule: &'static crate::rule::Rule,
) {
    use super::kubectl_fleet as fleet;
    use crate::kubectl::parse::ProblemKind as K;
    let targets = fleet::Targets::new(ctx);
    for (rb, place, c, k) in kubectl_commands(ctx) {
        let about_arguments = matches!(
            kind,
            K::BadArguments | K::LogsWithoutTarget | K::ExecWithoutDashDash
        );
        // `… | xargs kubectl delete pod`: xargs appends the arguments it reads; and a
        // command mentioned in prose (`kubectl rollout undo`) need not be whole.
        if about_arguments && (k.wrapper.as_deref() == Some("xargs") || place == Place::Inline) {
            continue;
        }
        let problems = fleet::problems(k, targets.of(rb, c));
        if k.is_oc() && oc_own(k, problems.iter().map(|fp| &fp.problem)) {
            continue;
        }
        for fp in problems.iter().filter(|fp| fp.problem.kind == kind) {
            let p = &fp.problem;
            // A plugin the team declares (`programs: {kubectl-rook-ceph: …}`).
            let plugin = k.argv.get(p.word).map(|w| format!("kubectl-{w}"));
            if kind == K::UnknownCommand
                && plugin.is_some_and(|n| ctx.settings.programs.contains_key(&n))
            {
                continue;
            }
            // `--applyset` is kubectl's only when `KUBECTL_APPLYSET=true` is set: on the
            // line, or by a command of the runbook (`export KUBECTL_APPLYSET=true`).
            if kind == K::UnknownFlag
                && k.argv
                    .get(p.word)
                    .is_some_and(|w| w.split('=').next() == Some("--applyset"))
                && sets_applyset(rb, c)
            {
                continue;
            }
            let hist = fleet::history_of(k, fp);
            let span = word_span(ctx, c, k, p.word);
            let mut d = crate::diagnostic::Diagnostic::new(
                rule,
                span.clone(),
                format!("{}{}", p.message, hist.note),
            );
            // A word no command is near, in the root's place: a plugin as likely as a
            // mistake. Said so, at warning level.
            if kind == K::UnknownCommand && p.help.is_none() && k.path.is_empty() {
                let name = k.argv.get(p.word).unwrap_or("");
                d.message = format!("`{name}` is no kubectl command: unknown, or a kubectl plugin");
                d.severity = d.severity.min(crate::diagnostic::Severity::Warning);
                d = d.with_help(format!(
                    "a plugin: declare it under `programs:` in runbooks.yaml as `kubectl-{name}`"
                ));
            }
            if k.is_oc() {
                // kubectl's tree stands in for oc's: oc may differ (a flag of its own),
                // so never more than a warning.
                d.message = format!(
                    "{} (oc shares this command with kubectl; read against kubectl's tree)",
                    d.message
                        .replace("`kubectl ", "`oc ")
                        .replace("kubectl takes", "oc takes")
                );
                d.severity = d.severity.min(crate::diagnostic::Severity::Warning);
            }
            if let Some(h) = hist.help.as_ref().or(p.help.as_ref()) {
                d = d.with_help(h.clone());
            }
            let old = k.argv.get(p.word).and_then(|w| w.strip_prefix("--"));
            if let (Some(new), Some(old), Some(src)) =
                (&hist.replacement, old, ctx.sources.get(&c.span.file))
            {
                let old = old.split('=').next().unwrap_or(old);
                if let Some(fix) = fleet::replace_flag(&src.text, &span, old, new) {
                    d = d.with_fix(fix);
                }
            }
            if kind == K::ExecWithoutDashDash && d.fix.is_none() {
                if let Some(fix) = insert_dashdash(k, p.word) {
                    d = d.with_fix(fix);
                }
            }
            out.push(d);
        }
    }
}

/// K007's fix: `--` before the container's command at `word`, unless a kubectl flag
/// follows it (then where the command starts is a guess) or the command is inside
/// quotes (`watch "kubectl exec …"`), where an edit of the text is not the user's.
fn insert_dashdash(k: &crate::model::Kubectl, word: usize) -> Option<crate::diagnostic::Fix> {
    let flag_after = k.invocation().flags.iter().any(|f| f.word > word);
    let (start, _) = k.word_range(word)?;
    (!flag_after && !k.quoted).then(|| crate::diagnostic::Fix {
        description: "insert `--` before the container's command".into(),
        edits: vec![crate::diagnostic::Edit {
            start,
            end: start,
            replacement: "-- ".into(),
        }],
    })
}

/// What a resource type of a command is.
pub enum TypeKind {
    /// Built in, `all`, a `<placeholder>`, or declared in `custom_resources`.
    Known,
    /// A typo of the built-in type given.
    Typo(String),
    /// Assumed to be a custom resource (the well-known one, when it is one).
    Custom(Option<crate::kubectl::resources::CustomResource>),
}

pub fn resource_type(
    ctx: &Context,
    defined: &Defined,
    c: &Command,
    k: &Kubectl,
    r: &str,
) -> TypeKind {
    use crate::kubectl::resources;
    let idx = crate::kubectl::tree::index();
    if r == "all"
        || has_placeholder(r)
        || (k.is_oc() && resources::openshift(r))
        || defined
            .get(&c.span.file)
            .is_some_and(|d| d.iter().any(|cr| cr.matches(r)))
        || idx.resource(r).is_some()
        || ctx.settings.custom_resources.iter().any(|c| c.matches(r))
    {
        return TypeKind::Known;
    }
    // `deployment.v1.apps`: a built-in type named with its version and group.
    let versioned = r.split_once('.').and_then(|(name, rest)| {
        let (version, group) = rest.split_once('.')?;
        let is_version = version.strip_prefix('v').is_some_and(|v| {
            let digits = v.bytes().take_while(u8::is_ascii_digit).count();
            digits > 0
                && ["", "alpha", "beta"].iter().any(|m| {
                    v[digits..].strip_prefix(m).is_some_and(|n| {
                        n.bytes().all(|b| b.is_ascii_digit()) && (m.is_empty() == n.is_empty())
                    })
                })
        });
        is_version.then(|| format!("{name}.{group}"))
    });
    if versioned.is_some_and(|n| idx.resource(&n).is_some()) {
        return TypeKind::Known;
    }
    if let Some(k) = resources::well_known(r) {
        return TypeKind::Custom(Some(k));
    }
    match resources::near_miss(r) {
        Some(meant) => TypeKind::Typo(meant),
        None => TypeKind::Custom(None),
    }
}

/// The custom resources each document defines (CustomResourceDefinition manifests in
/// its YAML blocks), by file: a command on the page that defines a type may use it.
pub type Defined =
    std::collections::HashMap<std::sync::Arc<str>, Vec<crate::kubectl::resources::CustomResource>>;

/// The custom resources the documents of `ctx` define (see [`Defined`]).
pub fn defined_resources(ctx: &Context) -> Defined {
    use serde::Deserialize;
    let mut out = Defined::new();
    for cb in code_blocks(ctx) {
        if !cb.text.contains("CustomResourceDefinition") {
            continue;
        }
        for doc in yaml_serde::Deserializer::from_str(&cb.text) {
            let Ok(v) = serde_json::Value::deserialize(doc) else {
                break;
            };
            if v["kind"] != "CustomResourceDefinition" {
                continue;
            }
            let names = &v["spec"]["names"];
            let text = |x: &serde_json::Value| x.as_str().unwrap_or("").to_ascii_lowercase();
            let plural = text(&names["plural"]);
            if plural.is_empty() {
                continue;
            }
            let mut short: Vec<String> = names["shortNames"]
                .as_array()
                .map(|a| a.iter().map(text).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default();
            let kind = text(&names["kind"]);
            if !kind.is_empty() {
                short.push(kind);
            }
            out.entry(cb.span.file.clone()).or_default().push(
                crate::kubectl::resources::CustomResource {
                    name: plural,
                    singular: text(&names["singular"]),
                    short,
                    group: text(&v["spec"]["group"]),
                    from: "this page",
                },
            );
        }
    }
    out
}

/// The word of the argv that names resource type `r` (`statefulset`, `po,svc`, `deployment/x`).
pub fn resource_word(k: &Kubectl, r: &str) -> usize {
    k.argv
        .iter()
        .position(|a| a.split([',', '/']).any(|p| p == r))
        .unwrap_or(0)
}

/// A `-p`/`--patch` value of a `kubectl patch` command.
pub struct Patch<'a> {
    pub command: &'a Command,
    pub kubectl: &'a Kubectl,
    /// `--type`, lower-cased; `None` means kubectl's default, strategic.
    pub kind: Option<String>,
    pub value: String,
    /// The word holding the value.
    pub word: usize,
}

pub fn patches<'a>(ctx: &'a Context) -> Vec<Patch<'a>> {
    let mut out = Vec::new();
    for (_, place, c, k) in kubectl_commands(ctx) {
        if *k.path != ["patch"] || place == Place::Inline {
            continue;
        }
        let kind = k
            .flags
            .iter()
            .find(|f| f.name == "type")
            .and_then(|f| f.value.as_deref())
            .map(str::to_ascii_lowercase);
        let inv = k.invocation();
        // A patch holding a shell expansion (`'{"replicas":'$N'}'`) is only known
        // when the command runs (the patch rules read `<placeholders>` themselves).
        for f in inv.flags.iter().filter(|f| f.name == "patch" && !f.shell) {
            if let Some(v) = &f.value {
                out.push(Patch {
                    command: c,
                    kubectl: k,
                    kind: kind.clone(),
                    value: v.to_string(),
                    word: f.value_word.unwrap_or(f.word),
                });
            }
        }
    }
    out
}
