//! Containing a panic: a bug in rbc while parsing one file or running one rule becomes
//! an internal-error finding (F006) naming the file, and everything else carries on.
//!
//! Like ruff, the panic's message and place are captured (not printed by the default
//! hook) and put in the finding, which asks for a report. The hook only captures on a
//! thread that is inside [`catch`]; a panic anywhere else is printed as usual.

use crate::diagnostic::Diagnostic;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

/// The internal-error rule, and its code.
use crate::rule::internal_error::RULE;
pub const CODE: &str = RULE.code;

thread_local! {
    static CAPTURING: Cell<usize> = const { Cell::new(0) };
    static CAPTURED: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CAPTURING.with(Cell::get) > 0 {
                let place = info
                    .location()
                    .map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()))
                    .unwrap_or_default();
                let text = format!("panicked{place}: {}", message(info.payload()));
                CAPTURED.with(|c| *c.borrow_mut() = Some(text));
            } else {
                previous(info);
            }
        }));
    });
}

fn message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Run `f`; a panic becomes `Err` with what it said and where.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    CAPTURING.with(|c| c.set(c.get() + 1));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    CAPTURING.with(|c| c.set(c.get() - 1));
    r.map_err(|payload| {
        CAPTURED
            .with(|c| c.borrow_mut().take())
            // Raised on another thread (a rule's own parallel work): its message.
            .unwrap_or_else(|| format!("panicked: {}", message(&*payload)))
    })
}

/// The finding for a file whose parse failed (`name` in the model, `shown` as given).
pub fn parse_failed(name: &str, shown: &str, what: &str) -> Diagnostic {
    Diagnostic::file(
        &RULE,
        name,
        format!(
            "rbc failed while parsing `{shown}` ({what}); the file is left out. This is a bug in rbc: please report it with the file"
        ),
    )
}

/// The finding for a rule that failed on a file. `everywhere`: the rule looks across
/// files, so all its findings are lost, not only this file's.
pub fn rule_failed(
    rule: &crate::rule::Rule,
    (name, shown): (&str, &str),
    what: &str,
    everywhere: bool,
) -> Diagnostic {
    Diagnostic::file(
        &RULE,
        name,
        format!(
            "rule {} ({}) failed on `{shown}` ({what}); {} This is a bug in rbc: please report it with the file",
            rule.code,
            rule.name,
            if everywhere {
                "its findings are left out (it looks across files), the other rules ran."
            } else {
                "its findings on this file are left out, the other files and rules are checked."
            }
        ),
    )
}

/// A panic on demand, for the tests of this containment: `RBC_DEBUG_PANIC` set to
/// `parse:FILE` panics while parsing a file whose path ends with FILE, and
/// `rule:CODE:FILE` in rule CODE when the corpus holds such a file. Only in debug
/// builds: a release build has no trigger.
#[cfg(debug_assertions)]
pub mod trigger {
    use std::sync::OnceLock;

    fn spec() -> Option<&'static str> {
        static SPEC: OnceLock<Option<String>> = OnceLock::new();
        SPEC.get_or_init(|| std::env::var("RBC_DEBUG_PANIC").ok())
            .as_deref()
    }

    pub fn parse(path: &str) {
        if let Some(file) = spec().and_then(|s| s.strip_prefix("parse:")) {
            if path.ends_with(file) {
                panic!("RBC_DEBUG_PANIC asked to fail on `{path}`");
            }
        }
    }

    pub fn rule(code: &str, corpus: &crate::model::Corpus) {
        let Some((c, file)) = spec()
            .and_then(|s| s.strip_prefix("rule:"))
            .and_then(|s| s.split_once(':'))
        else {
            return;
        };
        if c == code && corpus.documents.iter().any(|d| d.path.ends_with(file)) {
            panic!("RBC_DEBUG_PANIC asked rule {code} to fail on `{file}`");
        }
    }
}

/// Release builds: no trigger.
#[cfg(not(debug_assertions))]
pub mod trigger {
    #[inline(always)]
    pub fn parse(_: &str) {}
    #[inline(always)]
    pub fn rule(_: &str, _: &crate::model::Corpus) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_place() {
        let e = catch(|| {
            let v: Vec<u8> = Vec::new();
            v[3]
        })
        .unwrap_err();
        assert!(e.starts_with("panicked at src/contain.rs:"), "{e}");
        assert!(e.contains("index out of bounds"), "{e}");
        assert_eq!(catch(|| 7), Ok(7));
    }
}
