//! The helm rules' shared walk: every helm command of every shell block (in runbooks
//! and in other documents), read on each helm version of `helm_versions`, and its
//! problem of one kind reported once.

use crate::check::Context;
use crate::diagnostic::{Diagnostic, Severity};
use crate::helm::{self, ProblemKind};
use crate::model::Command;
use crate::rule::Rule;
use crate::words::Word;

/// `helm` or a path to it.
fn is_helm(program: &str) -> bool {
    program == "helm" || program.ends_with("/helm")
}

/// Every helm a command runs (not inside quotes: `sh -c '…'`), with its words after
/// `helm`, offsets relative to the command's source.
pub fn helm_calls(c: &Command) -> Vec<Vec<Word>> {
    if !c.source.contains("helm") {
        return Vec::new();
    }
    crate::words::simple_commands(&c.source)
        .into_iter()
        .filter(|s| !s.quoted && s.program_word().is_some_and(|w| is_helm(&w.value)))
        .map(|s| s.words[s.program + 1..].to_vec())
        .collect()
}

/// The words after `helm` as the helm reader takes them: unknown when the shell or the
/// operator fills them in.
pub fn helm_argv(words: &[Word]) -> Vec<helm::Arg<'_>> {
    words
        .iter()
        .map(|w| helm::Arg {
            text: &w.value,
            unknown: w.expands() || super::kubectl_common::has_placeholder(&w.value),
        })
        .collect()
}

/// Report, for every helm command, its problem of `kind` on the targeted versions: an
/// error (at the rule's level) when every target rejects it so, a warning naming the
/// versions when only some do.
pub fn helm_problems(
    ctx: &Context,
    out: &mut Vec<Diagnostic>,
    kind: ProblemKind,
    rule: &'static Rule,
) {
    let tree = helm::tree::tree();
    let targets = &ctx.settings.helm_versions;
    let plugin = |name: &str| ctx.settings.programs.contains_key(&format!("helm-{name}"));
    for cb in super::kubectl_common::code_blocks(ctx) {
        for c in &cb.commands {
            for words in helm_calls(c) {
                let argv = helm_argv(&words);
                let found: Vec<(usize, Option<helm::Problem>)> = targets
                    .iter()
                    .map(|&v| (v, helm::check(&argv, v, &plugin)))
                    .collect();
                let of_kind: Vec<(usize, &helm::Problem)> = found
                    .iter()
                    .filter_map(|(v, p)| p.as_ref().filter(|p| p.kind == kind).map(|p| (*v, p)))
                    .collect();
                let Some(&(_, first)) = of_kind.first() else {
                    continue;
                };
                let span = match (words.get(first.word), ctx.sources.get(&c.span.file)) {
                    (Some(w), Some(src)) => src.span(c.span.start + w.start, c.span.start + w.end),
                    _ => c.span.clone(),
                };
                let on: Vec<usize> = of_kind.iter().map(|(v, _)| *v).collect();
                let every = on.len() == targets.len();
                let message = if every {
                    first.message.clone()
                } else {
                    format!("{} (on {} only)", first.message, tree.describe(&on))
                };
                let mut d = Diagnostic::new(rule, span, message);
                if !every && d.severity > Severity::Warning {
                    d.severity = Severity::Warning;
                }
                if let Some(h) = &first.help {
                    d = d.with_help(h.clone());
                }
                out.push(d);
            }
        }
    }
}
