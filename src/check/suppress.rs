//! Suppressions: `<!-- rbc-disable CODE reason -->` drops the findings of that rule in
//! the next block, `<!-- rbc-disable-file CODE -->` in the whole file; a suppression
//! that drops nothing is itself reported (X001).

use crate::check::registry;
use crate::diagnostic::Diagnostic;
use crate::model::Corpus;

pub fn apply(corpus: &Corpus, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut all: Vec<(&crate::model::Suppression, bool)> = corpus
        .documents
        .iter()
        .flat_map(|d| d.suppressions.iter().map(|s| (s, false)))
        .collect();
    let mut out = Vec::with_capacity(diags.len());
    for d in diags {
        if d.code == crate::contain::CODE {
            out.push(d); // a bug in rbc cannot be suppressed
            continue;
        }
        let hit = all.iter_mut().find(|(s, _)| {
            s.span.file == d.span.file
                && s.start <= d.span.start
                && d.span.start <= s.end.max(s.start)
                && s.rules
                    .iter()
                    .any(|r| r.eq_ignore_ascii_case(d.code) || r == d.name)
        });
        match hit {
            Some(h) => h.1 = true,
            None => out.push(d),
        }
    }
    for (s, used) in all {
        if used {
            continue;
        }
        let unknown: Vec<&String> = s
            .rules
            .iter()
            .filter(|r| registry::find(r).is_none())
            .collect();
        let message = if unknown.is_empty() {
            format!(
                "this suppression of {} suppresses nothing{}",
                s.rules.join(", "),
                if s.file {
                    " in this file"
                } else {
                    " in the next block"
                }
            )
        } else {
            format!(
                "this suppression names {} that no rule has",
                unknown
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(
            Diagnostic::new(
                &super::rules::unused_suppression::RULE,
                s.span.clone(),
                message,
            )
            .with_help("remove the comment, or put it right before the block with the finding"),
        );
    }
    out
}
