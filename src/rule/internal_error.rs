//! F006: rbc itself failed (panicked) on a file. Raised where files are parsed
//! (`load`) and where rules run (`check::run_scoped`), not by a rule of its own.

use super::{Category, Level, Rule};

pub const RULE: Rule = Rule {
    code: "F006",
    name: "internal-error",
    level: Level::Error,
    category: Category::Files,
    summary: "rbc failed on a file (a bug in rbc: please report it)",
    doc: r#"## What it checks
Nothing in the runbook: this is rbc reporting a bug in itself. When parsing a file, or
running one rule, panics, rbc catches it, reports it here with the file (and the rule)
and the place in rbc's source where it failed, and carries on:

- a file whose parse failed is left out of the check and the build; every other file
  is checked and built;
- a rule that failed on a file loses its findings on that file only; the other rules,
  and that rule on the other files, still run.

The exit status is 2, as for a file that cannot be read. The level cannot be changed
and the finding cannot be suppressed.

## Why it matters
One file must not stop a whole corpus from being checked and published, and a bug must
not pass silently: the build says which file was left out.

## Example
```console
$ rbc check runbooks/
error[F006]: rbc failed while parsing `runbooks/db.md` (panicked at src/words.rs:335:42: byte index 23 is not a char boundary); the file is left out. This is a bug in rbc: please report it with the file
 --> runbooks/db.md:1:1
```
Report it with the file (or the smallest part of it that still fails). Until it is
fixed, the other files are checked and built as usual.

This rule has no fixture that makes it fire on its own (nothing a runbook says should
make rbc fail): its test folder, `tests/fixtures/rules/F006-internal-error/`, fires
it with a trigger that exists only in debug builds (`RBC_DEBUG_PANIC`).
"#,
};
