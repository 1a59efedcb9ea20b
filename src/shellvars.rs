//! The shell variables a command reads and sets (a leaf). A generated script checks the
//! ones a command reads and does not set before it runs, so an unset one is reported
//! with its line instead of ending the whole run (`set -u`); `rbc check` reports those
//! no command of the runbook sets (B006).

/// A here-document operator (`<<WORD`, `<<-'WORD'`) read at a byte offset.
pub struct Heredoc {
    /// Where the delimiter word ends.
    pub end: usize,
    /// The delimiter word as written (`'EOF'`).
    pub word: std::ops::Range<usize>,
    /// The delimiter without its quotes (`EOF`).
    pub delim: String,
    /// `<<-`: leading tabs are stripped.
    pub tabs: bool,
}

/// The here-document operator at `i` (which holds `<<`, not `<<<`).
pub fn heredoc_at(src: &str, i: usize) -> Heredoc {
    let b = src.as_bytes();
    let mut j = i + 2;
    let tabs = b.get(j) == Some(&b'-');
    if tabs {
        j += 1;
    }
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    let start = j;
    while j < b.len() && !b[j].is_ascii_whitespace() && !b";|&<>()".contains(&b[j]) {
        j += 1;
    }
    let delim = src[start..j]
        .chars()
        .filter(|c| !matches!(c, '\'' | '"' | '\\'))
        .collect();
    Heredoc {
        end: j,
        word: start..j,
        delim,
        tabs,
    }
}

/// Variables the shell sets itself.
const SHELL_SET: &[&str] = &[
    "HOME",
    "PWD",
    "OLDPWD",
    "PATH",
    "RANDOM",
    "SECONDS",
    "LINENO",
    "HOSTNAME",
    "UID",
    "EUID",
    "PPID",
    "IFS",
    "SHLVL",
    "BASHPID",
    "BASH",
    "BASH_VERSION",
    "BASH_SOURCE",
    "FUNCNAME",
    "PIPESTATUS",
    "REPLY",
    "OPTARG",
    "OPTIND",
    "EPOCHSECONDS",
    "EPOCHREALTIME",
    "GROUPS",
];

/// `$NAME` and `${NAME…}` read outside single quotes and quoted here-documents, less
/// those the command sets (`NAME=`, `for NAME in`, `read NAME`), those with a default
/// (`${NAME:-x}`, `${NAME-x}`, `${NAME:=x}`, `${NAME+x}`, `${#NAME}`), the shell's
/// own and the script's (`PH_*`, `RBC_*`). In order of first use.
pub fn unset_candidates(src: &str) -> Vec<String> {
    let (mut used, set) = scan(src);
    used.retain(|u| !set.contains(u) && !shell_set(u));
    used
}

/// The variables a command sets (`NAME=`, `export NAME=`, `for NAME in`, `read NAME`).
pub fn assigned(src: &str) -> Vec<String> {
    scan(src).1
}

/// Set by the shell or the script itself.
fn shell_set(u: &str) -> bool {
    SHELL_SET.contains(&u)
        || u.starts_with("PH_")
        || u.starts_with("RBC_")
        || u.starts_with("BASH_")
}

/// (read, set), in order of first use.
fn scan(src: &str) -> (Vec<String>, Vec<String>) {
    let b = src.as_bytes();
    let mut used: Vec<String> = Vec::new();
    let mut set: Vec<String> = Vec::new();
    let mut i = 0;
    let mut single = false;
    let mut double = false;
    let mut word_start = true;
    let mut quoted_heredoc: Option<String> = None;
    let mut pending_quoted: Option<String> = None;
    let ident = |k: usize| {
        let mut e = k;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
            e += 1;
        }
        e
    };
    while i < b.len() {
        let c = b[i];
        if let Some(d) = &quoted_heredoc {
            // Skip to the line that is the delimiter.
            let end = src[i..].find('\n').map_or(src.len(), |k| i + k);
            let line = src[i..end].trim_end_matches('\r').trim_start_matches('\t');
            if line == d {
                quoted_heredoc = None;
            }
            i = end + 1;
            continue;
        }
        if single {
            if c == b'\'' {
                single = false;
            }
            i += 1;
            continue;
        }
        match c {
            b'\\' => {
                i += 2;
                word_start = false;
                continue;
            }
            b'\'' if !double => single = true,
            b'"' => double = !double,
            b'\n' if !double => {
                if let Some(d) = pending_quoted.take() {
                    quoted_heredoc = Some(d);
                }
                word_start = true;
                i += 1;
                continue;
            }
            b'#' if !double && word_start => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'<' if !double && b.get(i + 1) == Some(&b'<') && b.get(i + 2) != Some(&b'<') => {
                let h = heredoc_at(src, i);
                let (j, word, delim) = (h.end, &src[h.word.clone()], h.delim);
                if word != delim && !delim.is_empty() {
                    pending_quoted = Some(delim);
                }
                i = j;
                continue;
            }
            b'$' => {
                let (name_at, braced) = match b.get(i + 1) {
                    Some(b'{') => (i + 2, true),
                    _ => (i + 1, false),
                };
                let e = ident(name_at);
                if e > name_at && !b[name_at].is_ascii_digit() {
                    let name = &src[name_at..e];
                    let defaulted = braced
                        && matches!(
                            (b.get(e), b.get(e + 1)),
                            (Some(b'-' | b'=' | b'+' | b'?'), _)
                                | (Some(b':'), Some(b'-' | b'=' | b'+' | b'?'))
                        );
                    if !defaulted && !used.iter().any(|u| u == name) {
                        used.push(name.to_string());
                    }
                }
                i = e.max(i + 1);
                word_start = false;
                continue;
            }
            b' ' | b'\t' | b';' | b'|' | b'&' | b'(' | b')' if !double => {
                word_start = true;
                i += 1;
                continue;
            }
            _ if word_start && !double && (c.is_ascii_alphabetic() || c == b'_') => {
                let e = ident(i);
                let word = &src[i..e];
                if b.get(e) == Some(&b'=')
                    || (b.get(e) == Some(&b'+') && b.get(e + 1) == Some(&b'='))
                {
                    set.push(word.to_string());
                } else if matches!(
                    word,
                    "for"
                        | "select"
                        | "read"
                        | "local"
                        | "declare"
                        | "export"
                        | "readonly"
                        | "typeset"
                        | "mapfile"
                        | "readarray"
                ) {
                    // The names after it (options skipped) are set.
                    let mut k = e;
                    loop {
                        while k < b.len() && (b[k] == b' ' || b[k] == b'\t') {
                            k += 1;
                        }
                        if k < b.len() && b[k] == b'-' {
                            while k < b.len() && !b[k].is_ascii_whitespace() {
                                k += 1;
                            }
                            continue;
                        }
                        let ne = ident(k);
                        if ne == k {
                            break;
                        }
                        set.push(src[k..ne].to_string());
                        if word == "for" || word == "select" {
                            break;
                        }
                        k = ne;
                        while k < b.len() && !b[k].is_ascii_whitespace() && !b";|&".contains(&b[k])
                        {
                            k += 1;
                        }
                    }
                }
                i = e;
                word_start = false;
                continue;
            }
            _ => {}
        }
        word_start = false;
        i += 1;
    }
    (used, set)
}

#[cfg(test)]
mod tests {
    use super::unset_candidates as v;

    #[test]
    fn reads_not_set_here() {
        assert_eq!(v("kubectl logs $POD -n ${NS}"), ["POD", "NS"]);
        assert_eq!(v("echo '$NOT' \"$YES\""), ["YES"]);
        assert_eq!(v("POD=x; echo $POD"), Vec::<String>::new());
        assert_eq!(v("for p in a b; do echo $p; done"), Vec::<String>::new());
        assert_eq!(
            v("while read -r a b; do echo $a $b; done"),
            Vec::<String>::new()
        );
        assert_eq!(
            v("echo ${X:-d} ${Y-d} ${#Z} $HOME $1 $?"),
            Vec::<String>::new()
        );
        assert_eq!(v("cat <<'EOF'\n$NOPE\nEOF\necho $AFTER"), ["AFTER"]);
        assert_eq!(v("cat <<EOF\n$YES\nEOF"), ["YES"]);
        assert_eq!(v("export NS=shop"), Vec::<String>::new());
    }
}
