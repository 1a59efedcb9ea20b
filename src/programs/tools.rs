//! The programs whose arguments say whether they write: `ssh` (by what it runs on the
//! other machine), `curl` (by method and output), `psql` (by its SQL), `sed`, `awk`.

use super::{script_at, Declared, Safety, Verdict};

pub(super) fn ssh(rest: &[&str], declared: &Declared, depth: usize) -> Verdict {
    const VALUE: &[&str] = &[
        "-p", "-i", "-l", "-o", "-F", "-J", "-L", "-R", "-D", "-b", "-c", "-E", "-e", "-I", "-m",
        "-O", "-Q", "-S", "-W", "-w", "-B",
    ];
    let mut k = 0;
    while k < rest.len() && rest[k].starts_with('-') {
        if VALUE.contains(&rest[k]) {
            k += 1;
        }
        k += 1;
    }
    let remote = &rest[(k + 1).min(rest.len())..];
    if remote.is_empty() {
        return Verdict::unknown(
            "`ssh` opens a shell on another machine: what is typed there is not in the runbook",
        );
    }
    // The remote side joins the words with spaces and runs them in a shell.
    let v = script_at(&remote.join(" "), declared, depth + 1);
    match v.safety {
        Safety::ReadOnly => v,
        _ => Verdict {
            safety: v.safety,
            why: format!("on the remote machine: {}", v.why),
        },
    }
}

pub(super) fn curl(rest: &[&str]) -> Verdict {
    let mut i = 0;
    while i < rest.len() {
        let w = rest[i];
        let long = |o: &str| w == o || w.starts_with(&format!("{o}="));
        if long("--request") {
            let m = w
                .strip_prefix("--request=")
                .or_else(|| rest.get(i + 1).copied())
                .unwrap_or("");
            if !m.eq_ignore_ascii_case("GET") && !m.eq_ignore_ascii_case("HEAD") {
                return Verdict::changes(format!("`curl --request {m}` may change the server"));
            }
        }
        for o in [
            "--data",
            "--data-raw",
            "--data-binary",
            "--data-urlencode",
            "--data-ascii",
            "--json",
            "--form",
            "--form-string",
            "--upload-file",
            "--output",
            "--remote-name",
            "--remote-name-all",
            "--config",
            "--cookie-jar",
            "--dump-header",
            "--trace",
            "--trace-ascii",
            "--libcurl",
            "--output-dir",
            "--create-dirs",
        ] {
            if long(o) {
                return Verdict::changes(format!("`curl {o}` sends data or writes a file"));
            }
        }
        if w.starts_with('-') && !w.starts_with("--") && w.len() > 1 {
            let opts: Vec<char> = w[1..].chars().collect();
            for (j, c) in opts.iter().enumerate() {
                match c {
                    'd' | 'F' | 'T' | 'o' | 'O' | 'K' | 'c' | 'D' => {
                        return Verdict::changes(format!(
                            "`curl -{c}` sends data or writes a file"
                        ));
                    }
                    'X' => {
                        let m: String = opts[j + 1..].iter().collect();
                        let m = if m.is_empty() {
                            rest.get(i + 1).copied().unwrap_or("").to_string()
                        } else {
                            m
                        };
                        if !m.eq_ignore_ascii_case("GET") && !m.eq_ignore_ascii_case("HEAD") {
                            return Verdict::changes(format!(
                                "`curl -X {m}` may change the server"
                            ));
                        }
                        break;
                    }
                    // Options whose value follows: the rest of the word or the next.
                    'H' | 'u' | 'A' | 'e' | 'E' | 'b' | 'w' | 'x' | 'm' | 'y' | 'Y' | 'z' | 'r'
                    | 'C' | 'U' | 'Q' | 't' | 'P' => {
                        if j + 1 == opts.len() {
                            i += 1;
                        }
                        break;
                    }
                    _ => {}
                }
            }
        }
        i += 1;
    }
    Verdict::read_only()
}

/// SQL functions a read-only `SELECT` may call.
#[rustfmt::skip]
const SQL_SAFE_FUNCTIONS: &[&str] = &[
    "count", "sum", "avg", "min", "max", "now", "coalesce", "extract", "age", "date_trunc", "round",
    "lower", "upper", "length", "substring", "to_char", "string_agg", "array_agg", "json_agg",
    "pg_size_pretty", "pg_database_size", "pg_relation_size", "pg_total_relation_size",
    "pg_table_size", "pg_indexes_size", "pg_is_in_recovery", "pg_last_wal_receive_lsn",
    "pg_last_wal_replay_lsn", "pg_current_wal_lsn", "pg_wal_lsn_diff",
    "pg_last_xact_replay_timestamp", "version", "current_setting", "pg_postmaster_start_time",
    "current_database", "current_user", "left", "right", "abs", "greatest", "least", "cast",
    "nullif", "row_number", "rank", "pg_blocking_pids",
];

#[rustfmt::skip]
const SQL_KEYWORDS_BEFORE_PAREN: &[&str] = &[
    "in", "from", "as", "and", "or", "not", "exists", "values", "any", "all", "over", "filter",
    "join", "on", "where", "select", "by", "having", "case", "when", "then", "else", "interval", "",
];

/// Whether one SQL statement only reads.
pub fn sql_reads_only(sql: &str) -> bool {
    let lower = sql.to_ascii_lowercase();
    lower.split(';').all(|stmt| {
        let s = stmt.trim();
        if s.is_empty() {
            return true;
        }
        if s.starts_with('\\') {
            // psql meta-commands: the describing ones only.
            return s.starts_with("\\d") || s.starts_with("\\l") || s == "\\conninfo";
        }
        let first = s.split_whitespace().next().unwrap_or("");
        let ok_start = match first {
            "select" | "table" | "values" => true,
            "show" => true,
            "explain" => !s.contains("analyze") && !s.contains("analyse"),
            _ => false,
        };
        if !ok_start {
            return false;
        }
        let words: Vec<&str> = s
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .collect();
        if words
            .iter()
            .any(|w| matches!(*w, "into" | "update" | "delete" | "insert" | "lock"))
        {
            return false;
        }
        // Every function called must be one that only reads.
        let b = s.as_bytes();
        for (i, _) in s.match_indices('(') {
            let mut j = i;
            while j > 0 && b[j - 1] == b' ' {
                j -= 1;
            }
            let mut k = j;
            while k > 0
                && (b[k - 1].is_ascii_alphanumeric() || b[k - 1] == b'_' || b[k - 1] == b'.')
            {
                k -= 1;
            }
            let f = s[k..j].rsplit('.').next().unwrap_or("");
            if !(SQL_KEYWORDS_BEFORE_PAREN.contains(&f) || SQL_SAFE_FUNCTIONS.contains(&f)) {
                return false;
            }
        }
        true
    })
}

pub(super) fn psql(rest: &[&str]) -> Verdict {
    let mut sql = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let w = rest[i];
        let long = |o: &str| w == o || w.starts_with(&format!("{o}="));
        if long("--file") || long("--output") || long("--log-file") {
            return Verdict::unknown(format!("`psql {w}` runs or writes a file rbc cannot see"));
        }
        if w == "--command" {
            sql.extend(rest.get(i + 1).map(|s| s.to_string()));
            i += 1;
        } else if let Some(s) = w.strip_prefix("--command=") {
            sql.push(s.to_string());
        } else if w.starts_with('-') && !w.starts_with("--") {
            // A cluster of short options (`-Atc SQL`): the first that takes a value
            // takes the rest of the word, or the next word.
            let opts: Vec<char> = w[1..].chars().collect();
            for (j, c) in opts.iter().enumerate() {
                if !"cdfhpUvoLFRPT".contains(*c) {
                    continue;
                }
                let attached: String = opts[j + 1..].iter().collect();
                let value = if attached.is_empty() {
                    i += 1;
                    rest.get(i).map(|s| s.to_string()).unwrap_or_default()
                } else {
                    attached
                };
                match c {
                    'c' => sql.push(value),
                    'f' | 'o' | 'L' => {
                        return Verdict::unknown(format!(
                            "`psql -{c}` runs or writes a file rbc cannot see"
                        ))
                    }
                    _ => {}
                }
                break;
            }
        }
        i += 1;
    }
    if sql.is_empty() {
        return Verdict::unknown("`psql` without `-c` runs SQL rbc cannot see");
    }
    match sql.iter().find(|s| !sql_reads_only(s)) {
        None => Verdict::read_only(),
        Some(s) => Verdict::unknown(format!(
            "rbc cannot prove this SQL only reads: {}",
            s.trim()
        )),
    }
}

pub(super) fn sed(rest: &[&str]) -> Verdict {
    let mut scripts = Vec::new();
    let mut i = 0;
    let mut explicit = false;
    while i < rest.len() {
        let w = rest[i];
        if w == "--in-place"
            || w.starts_with("--in-place=")
            || (w.starts_with('-') && !w.starts_with("--") && w[1..].contains('i'))
        {
            return Verdict::changes("`sed -i` edits files in place");
        }
        if w == "-e" || w == "--expression" {
            if let Some(s) = rest.get(i + 1) {
                scripts.push(*s);
            }
            explicit = true;
            i += 1;
        } else if w == "-f" || w == "--file" {
            return Verdict::unknown("`sed -f` runs a script rbc cannot see");
        } else if !w.starts_with('-') && !explicit && scripts.is_empty() {
            scripts.push(w);
        }
        i += 1;
    }
    if scripts.iter().any(|s| sed_writes(s)) {
        return Verdict::unknown("this sed script may write a file or run a command (`w`, `e`)");
    }
    Verdict::read_only()
}

/// Whether a sed script may hold a `w`/`W` (write) or `e` (execute) command or flag.
fn sed_writes(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, c)| {
        matches!(c, b'w' | b'W' | b'e')
            && (i == 0
                || matches!(b[i - 1], b';' | b'}' | b'{' | b' ' | b'/' | b'\n')
                || b[i - 1].is_ascii_digit())
            && matches!(b.get(i + 1), None | Some(b' ' | b';' | b'\n' | b'}'))
    })
}

pub(super) fn awk(name: &str, rest: &[&str]) -> Verdict {
    if rest
        .iter()
        .any(|w| *w == "-i" || w.starts_with("--include") || *w == "inplace")
    {
        return Verdict::changes(format!("`{name} -i` may edit files in place"));
    }
    let program = rest.iter().find(|w| !w.starts_with('-'));
    if rest.contains(&"-f") {
        return Verdict::unknown(format!("`{name} -f` runs a program rbc cannot see"));
    }
    match program {
        Some(p) if p.contains("system") || p.contains('|') || p.contains('>') => Verdict::unknown(
            format!("this {name} program may run a command or write a file (`system`, `|`, `>`)"),
        ),
        _ => Verdict::read_only(),
    }
}
