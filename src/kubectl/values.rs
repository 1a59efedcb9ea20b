//! Flag values: pflag's type parsing (bool, int, duration, key=value) and kubectl's own
//! checks (enums such as `--dry-run`, `-o` formats, `patch --type`, `wait --for`).

use super::jsonpath;
use super::parse::{stage, Invocation, Problem, ProblemKind};
use super::tree::{CommandSpec, Flag, Index};

pub struct ValueProblem {
    pub message: String,
    pub help: Option<String>,
    pub stage: u8,
    pub online_only: bool,
}

/// Printer formats every kubectl output flag knows; `get` checks them only after
/// talking to a server, so a problem found with this list is `online_only` there.
const OUTPUT_FORMATS: &[&str] = &[
    "json",
    "yaml",
    "kyaml",
    "wide",
    "name",
    "custom-columns",
    "custom-columns-file",
    "go-template",
    "go-template-file",
    "jsonpath",
    "jsonpath-as-json",
    "jsonpath-file",
    "template",
    "templatefile",
];

fn bad(message: String, help: Option<String>, stage: u8) -> Option<ValueProblem> {
    let stage = if stage == 1 {
        stage::FLAGS
    } else {
        stage::VALUES
    };
    Some(ValueProblem {
        message,
        help,
        stage,
        online_only: false,
    })
}

pub fn is_go_bool(v: &str) -> bool {
    matches!(
        v,
        "1" | "t" | "T" | "TRUE" | "true" | "True" | "0" | "f" | "F" | "FALSE" | "false" | "False"
    )
}

/// Go's `strconv.ParseInt(v, 0, 64)`.
pub fn is_go_int(v: &str, signed: bool) -> bool {
    let s = if signed {
        v.strip_prefix(['+', '-']).unwrap_or(v)
    } else {
        v
    };
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(b) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        (b, 2)
    } else if let Some(o) = s.strip_prefix("0o").or_else(|| s.strip_prefix("0O")) {
        (o, 8)
    } else if s.len() > 1 && s.starts_with('0') {
        (&s[1..], 8)
    } else {
        (s, 10)
    };
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if clean.is_empty() || (radix == 10 && digits.contains('_')) {
        return false;
    }
    i128::from_str_radix(&clean, radix).is_ok_and(|n| n <= i64::MAX as i128)
}

/// Go's `time.ParseDuration`.
pub fn is_go_duration(v: &str) -> bool {
    let s = v.strip_prefix(['+', '-']).unwrap_or(v);
    if s == "0" {
        return true;
    }
    if s.is_empty() {
        return false;
    }
    let mut rest = s;
    while !rest.is_empty() {
        let num_len = rest
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let num = &rest[..num_len];
        if num.is_empty() || num == "." || num.matches('.').count() > 1 {
            return false;
        }
        rest = &rest[num_len..];
        let unit = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
            .iter()
            .filter(|u| rest.starts_with(*u))
            .max_by_key(|u| u.len());
        match unit {
            Some(u) => rest = &rest[u.len()..],
            None => return false,
        }
    }
    true
}

pub fn check(idx: &Index, cmd: &CommandSpec, f: &Flag, v: &str) -> Option<ValueProblem> {
    if crate::words::placeholder_ranges(v).len() == 1 && v.starts_with('<') && v.ends_with('>') {
        // A bare placeholder: the operator's value decides.
        return None;
    }
    let name = &f.name;
    match f.kind.as_str() {
        "bool" if !is_go_bool(v) => {
            return bad(
                format!("`--{name}` takes true or false, not `{v}`"),
                Some(format!("write `--{name}` or `--{name}=false`")),
                1,
            )
        }
        "int64" | "int32" | "int" if !is_go_int(v, true) => {
            return bad(
                format!("`--{name}` takes a whole number, not `{v}`"),
                None,
                1,
            )
        }
        "uint" | "uint64" | "uint32" if !is_go_int(v, false) => {
            return bad(
                format!("`--{name}` takes a non-negative whole number, not `{v}`"),
                None,
                1,
            )
        }
        "duration" if !is_go_duration(v) => {
            return bad(
                format!("`--{name}` takes a duration such as `30s`, `5m` or `1h30m`, not `{v}`"),
                None,
                1,
            )
        }
        "stringToString" if v.split(',').any(|kv| !kv.contains('=')) => {
            return bad(
                format!("`--{name}` takes key=value pairs, not `{v}`"),
                None,
                1,
            )
        }
        "int32" if is_go_int(v, true) && !fits_i32(v) => {
            return bad(format!("`--{name}` is out of range: `{v}`"), None, 1)
        }
        _ => {}
    }
    if let Some(p) = custom(idx, cmd, name, v) {
        return Some(p);
    }
    if let Some(choices) = &f.choices {
        let head = if name == "output" {
            v.split_once('=').map(|(h, _)| h).unwrap_or(v)
        } else {
            v
        };
        let ok = if f.enum_case_insensitive.unwrap_or(false) {
            choices.iter().any(|c| c.eq_ignore_ascii_case(head))
        } else {
            choices.iter().any(|c| c == head)
        };
        // `--cascade=false` and `--validate=true`-style booleans are kept for compatibility.
        let legacy_bool = matches!(name.as_str(), "cascade" | "dry-run") && is_go_bool(v);
        if !ok && !legacy_bool {
            // `delete` checks its `-o` only once it has deleted something.
            if name == "output" && cmd.path == ["delete"] {
                return Some(ValueProblem {
                    message: format!("`kubectl delete` prints only `-o name`, not `{v}`"),
                    help: None,
                    stage: stage::VALUES,
                    online_only: true,
                });
            }
            if matches!(name.as_str(), "dry-run" | "cascade") {
                // Read first by most commands.
                return Some(ValueProblem {
                    message: format!("`--{name}` does not accept `{v}`"),
                    help: Some(format!("one of: {}", choices.join(", "))),
                    stage: stage::DRY_RUN,
                    online_only: false,
                });
            }
            return bad(
                format!("`--{name}` does not accept `{v}`"),
                Some(format!("one of: {}", choices.join(", "))),
                2,
            );
        }
    } else if name == "output" {
        let head = v.split_once('=').map(|(h, _)| h).unwrap_or(v);
        if !OUTPUT_FORMATS.contains(&head) {
            return Some(ValueProblem {
                message: format!(
                    "`-o {v}` is not an output format of `kubectl {}`",
                    cmd.path.join(" ")
                ),
                help: Some(format!("one of: {}", OUTPUT_FORMATS.join(", "))),
                stage: stage::VALUES,
                online_only: true,
            });
        }
    }
    if cmd.path == ["wait"] && name == "for" && !valid_wait_for(idx, v) {
        return bad(
            format!("`--for={v}` is not a condition `kubectl wait` understands"),
            Some(if idx.minor >= 31 {
                "use `delete`, `create`, `condition=NAME[=VALUE]` or `jsonpath='{.path}'=VALUE`"
                    .into()
            } else {
                "use `delete`, `condition=NAME[=VALUE]` or `jsonpath='{.path}'=VALUE` (`create` came in kubectl v1.31)"
                    .into()
            }),
            2,
        );
    }
    None
}

/// Checks of a command's flags together: `wait` without `--for`, and jsonpath templates
/// (`-o jsonpath=…`, `wait --for=jsonpath=…`), reported as [`ProblemKind::BadJsonPath`].
pub fn command_checks(idx: &Index, cmd: &CommandSpec, inv: &Invocation) -> Vec<Problem> {
    let mut out = Vec::new();
    if cmd.path == ["wait"] && inv.flag("for").is_none() {
        out.push(
            Problem::new(
                ProblemKind::BadFlagValue,
                0,
                stage::VALUES,
                "`kubectl wait` needs `--for` (an empty condition is not one)",
            )
            .with_help("add `--for=condition=Ready`, `--for=delete` or `--for=jsonpath=…`"),
        );
    }
    // `-o jsonpath=T`, or `-o jsonpath --template=T`.
    let output = inv.flags.iter().rev().find(|f| f.name == "output");
    let template_flag = inv.flags.iter().rev().find(|f| f.name == "template");
    let template = output.and_then(|o| {
        let v = o.value.as_deref()?;
        if o.unknown {
            return None;
        }
        match v.split_once('=') {
            Some(("jsonpath" | "jsonpath-as-json", t)) => Some((t.to_string(), o)),
            None if matches!(v, "jsonpath" | "jsonpath-as-json") => template_flag
                .filter(|t| !t.unknown)
                .and_then(|t| Some((t.value.as_deref()?.to_string(), t))),
            _ => None,
        }
    });
    if let Some((t, f)) = template {
        if let Err(e) = jsonpath::check(&t) {
            let offline_output = idx_flag_has_choices(idx, cmd, "output");
            // kubectl parses the template when it builds its printer, and runs it when
            // it prints: without a server only `config view` and client-side dry runs
            // of `create` print anything.
            let prints_offline = cmd.path == ["config", "view"]
                || (cmd.path.first().map(String::as_str) == Some("create")
                    && cmd.path.len() > 1
                    && inv.value("dry-run") == Some("client"));
            let online_only = match e {
                jsonpath::Error::Parse(_) => !offline_output,
                jsonpath::Error::Execute(_) => !prints_offline,
            };
            let mut p = Problem::new(
                ProblemKind::BadJsonPath,
                f.value_word.unwrap_or(f.word),
                stage::VALUES,
                format!("jsonpath template `{t}`: {}", e.message()),
            );
            p.online_only = online_only;
            out.push(p);
        }
    }
    if cmd.path == ["wait"] {
        for f in inv.flags.iter().filter(|f| f.name == "for" && !f.unknown) {
            let Some(input) = f.value.as_deref().and_then(|v| v.strip_prefix("jsonpath=")) else {
                continue;
            };
            if let Err(why) = jsonpath::check_wait(input) {
                out.push(Problem::new(
                    ProblemKind::BadJsonPath,
                    f.value_word.unwrap_or(f.word),
                    stage::VALUES,
                    format!("`--for=jsonpath={input}`: {why}"),
                ));
            }
        }
    }
    out
}

/// Whether kubectl checks `cmd`'s flag `name` before contacting a server (the tree
/// lists its values).
fn idx_flag_has_choices(idx: &Index, cmd: &CommandSpec, name: &str) -> bool {
    idx.flag(cmd, name).is_some_and(|f| f.choices.is_some())
}

fn valid_wait_for(idx: &Index, v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    // `--for=create` since v1.31.
    if lower == "delete" || (lower == "create" && idx.minor >= 31) {
        return true;
    }
    if let Some(c) = lower.strip_prefix("condition=") {
        return !c.is_empty() && !c.starts_with('=');
    }
    // The path itself is checked with the templates (`jsonpath::check_wait`).
    v.starts_with("jsonpath=")
}

fn fits_i32(v: &str) -> bool {
    let s = v.strip_prefix('+').unwrap_or(v);
    s.parse::<i64>().map_or(true, |n| i32::try_from(n).is_ok())
}

/// RFC 3339 (`2006-01-02T15:04:05Z07:00`).
fn is_rfc3339(v: &str) -> bool {
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    if !(b[10] == b'T' || b[10] == b't')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut rest = &v[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    matches!(rest, "Z" | "z")
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes()[3] == b':'
            && rest[1..3].bytes().all(|c| c.is_ascii_digit())
            && rest[4..6].bytes().all(|c| c.is_ascii_digit()))
}

/// A Kubernetes resource quantity (`500m`, `2Gi`, `1.5`).
fn is_quantity(v: &str) -> bool {
    let s = v.strip_prefix(['+', '-']).unwrap_or(v);
    let n = s
        .bytes()
        .take_while(|c| c.is_ascii_digit() || *c == b'.')
        .count();
    if n == 0 || s[..n].matches('.').count() > 1 {
        return false;
    }
    matches!(
        &s[n..],
        "" | "m"
            | "k"
            | "M"
            | "G"
            | "T"
            | "P"
            | "E"
            | "Ki"
            | "Mi"
            | "Gi"
            | "Ti"
            | "Pi"
            | "Ei"
            | "n"
            | "u"
    )
}

fn pairs(v: &str, sep: char) -> bool {
    !v.is_empty()
        && v.split(sep)
            .all(|kv| kv.split_once('=').is_some_and(|(k, _)| !k.is_empty()))
}

/// Checks kubectl makes in its own code, before contacting a server (names from the
/// generator's `value_check` probes of the real binary).
fn custom(idx: &Index, cmd: &CommandSpec, name: &str, v: &str) -> Option<ValueProblem> {
    let path = cmd.path.join(" ");
    let one_of = |choices: &[&str]| -> Option<ValueProblem> {
        (!choices.contains(&v)).then(|| ValueProblem {
            message: format!("`--{name}` does not accept `{v}`"),
            help: Some(format!("one of: {}", choices.join(", "))),
            stage: stage::VALUES,
            online_only: false,
        })
    };
    let shape = |ok: bool, what: &str| -> Option<ValueProblem> {
        (!ok).then(|| ValueProblem {
            message: format!("`--{name}` takes {what}, not `{v}`"),
            help: None,
            stage: stage::VALUES,
            online_only: false,
        })
    };
    match (path.as_str(), name) {
        (_, "image-pull-policy") => one_of(&["Always", "IfNotPresent", "Never"]),
        ("run", "restart") => one_of(&["Always", "OnFailure", "Never"]),
        // `sysadmin` since v1.30.
        ("debug", "profile") => one_of(
            &[
                "legacy",
                "general",
                "baseline",
                "netadmin",
                "restricted",
                "sysadmin",
            ][..if idx.minor >= 30 { 6 } else { 5 }],
        ),
        ("create token", "bound-object-kind") => one_of(&["Node", "Pod", "Secret"]),
        ("alpha kuberc set", "section") => one_of(&["defaults", "aliases"]),
        ("config get-contexts", "output") => one_of(&["name"]),
        (_, "since-time") => shape(
            is_rfc3339(v),
            "an RFC 3339 time such as `2026-02-02T15:04:05Z`",
        ),
        (_, "from-literal") => shape(
            v.split_once('=').is_some_and(|(k, _)| !k.is_empty()),
            "`key=value`",
        ),
        (
            "create service clusterip" | "create service nodeport" | "create service loadbalancer",
            "tcp",
        ) => shape(
            v.split(',')
                .all(|p| p.split(':').all(|n| n.parse::<u16>().is_ok())),
            "`port[:targetPort]` numbers",
        ),
        // (Since v1.37 an argument check: see `args`.)
        ("run", "port") => shape(v.parse::<i32>().is_ok() || idx.minor >= 37, "a port number"),
        ("create quota", "hard") => shape(pairs(v, ','), "`resource=value` pairs"),
        ("create ingress", "rule") => shape(v.contains('='), "`host/path=service:port`"),
        ("create ingress", "annotation") | ("run", "annotations") | ("run", "env") => {
            shape(v.contains('='), "`key=value`")
        }
        ("run", "labels") => shape(pairs(v, ','), "`key=value` labels"),
        ("create clusterrole", "aggregation-rule") => shape(pairs(v, ','), "`key=value` pairs"),
        (_, "vmodule") => shape(
            v.split(',').all(|p| {
                p.split_once('=')
                    .is_some_and(|(f, n)| !f.is_empty() && n.parse::<i32>().is_ok())
            }),
            "`pattern=N` pairs",
        ),
        ("autoscale", "cpu" | "memory") => shape(
            is_quantity(v.trim_end_matches('%')),
            "a quantity or percentage",
        ),
        ("events", "for") => shape(v.contains('/'), "`TYPE/NAME`"),
        ("config set-credentials", "auth-provider-arg" | "exec-env") => {
            shape(v.contains('='), "`key=value`")
        }
        ("scale", "replicas") => shape(!v.starts_with('-'), "a count of 0 or more"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_parsers() {
        assert!(is_go_int("0x10", true) && is_go_int("+3", true) && is_go_int("-1", true));
        assert!(!is_go_int("abc", true) && !is_go_int("", true) && !is_go_int("1_000", true));
        assert!(
            is_go_duration("5m")
                && is_go_duration("1h30m")
                && is_go_duration("0")
                && is_go_duration("1.5s")
        );
        assert!(!is_go_duration("5") && !is_go_duration("5 minutes") && !is_go_duration("m"));
        assert!(is_go_bool("True") && !is_go_bool("yes"));
    }
}
