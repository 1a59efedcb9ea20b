//! F001: a path that cannot be read.

use super::{Category, Level, Rule};

pub const RULE: Rule = Rule {
    code: "F001",
    name: "unreadable-file",
    level: Level::Error,
    category: Category::Files,
    summary: "A path does not exist or cannot be read",
    doc: r#"## What it checks
Every path given on the command line, and every Markdown file found under it, must be
readable: the path exists, permissions allow reading, and the folder tree has no symlink
loop. Symlinks are followed inside the folder being checked, but a link (to a file or a
folder) that leads outside it is reported and not read: a runbook folder must not make
rbc read, or a build publish, files from elsewhere on the machine.

## Why it matters
A runbook that CI cannot read is a runbook nobody checked. rbc reports the file, keeps
checking the others, and exits with status 2 (an I/O failure, not a finding).

## Example
```console
$ rbc check runbooks/ missing.md
error[F001]: cannot read `missing.md`: No such file or directory (os error 2)
```
Fix the path, the permissions (`chmod a+r`), or the symlink.
"#,
};
