//! Which commands rbc can prove read-only, for every program (fail-closed).
//!
//! Each simple command is *read-only* (proven from the tables below), *changes
//! things* (a form known to change something), or *unknown* (nothing proves it
//! read-only). A script runs only read-only commands without a yes; the other two ask.
//! The proofs are data: kubectl and `oc` from their verbs, `helm` from its commands,
//! a table of common programs with their read-only forms, and the programs a team
//! declares in `runbooks.yaml`. What runs inside `kubectl exec`, `oc rsh`,
//! `ssh HOST CMD`, `sh -c`, `su -c`, `watch`, `xargs`, `sudo`, `timeout` … is
//! classified too: read-only only when the inner command is. A leaf: it reads words.

mod cluster;
mod tools;

use cluster::{helm, kube};
use std::collections::BTreeMap;
pub use tools::sql_reads_only;
use tools::{awk, curl, psql, sed, ssh};

/// What rbc can prove of a command, least to most consequential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Safety {
    ReadOnly,
    Unknown,
    Changes,
}

/// A classification and the reason for it (empty when read-only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub safety: Safety,
    pub why: String,
}

impl Verdict {
    pub fn read_only() -> Verdict {
        Verdict {
            safety: Safety::ReadOnly,
            why: String::new(),
        }
    }
    fn changes(why: impl Into<String>) -> Verdict {
        Verdict {
            safety: Safety::Changes,
            why: why.into(),
        }
    }
    fn unknown(why: impl Into<String>) -> Verdict {
        Verdict {
            safety: Safety::Unknown,
            why: why.into(),
        }
    }
    /// The more consequential of two verdicts (the first reason on a tie).
    pub fn max(self, other: Verdict) -> Verdict {
        if other.safety > self.safety {
            other
        } else {
            self
        }
    }
}

/// Programs a team declares: name → the read-only forms (subcommand word sequences;
/// `""` means the program with any arguments).
pub type Declared = BTreeMap<String, Vec<String>>;

/// How deep nested shells (`ssh h "sh -c '…'"`) are followed before giving up.
const MAX_DEPTH: usize = 8;

/// Programs read-only with any arguments, except the options listed (which write
/// files or change the system).
#[rustfmt::skip]
pub const READ_ONLY_PROGRAMS: &[(&str, &[&str])] = &[
    ("cat", &[]),
    ("head", &[]),
    ("tail", &[]),
    ("less", &[]),
    ("more", &[]),
    ("grep", &[]),
    ("egrep", &[]),
    ("fgrep", &[]),
    ("zgrep", &[]),
    ("rg", &[]),
    ("zcat", &[]),
    ("wc", &[]),
    ("sort", &["-o", "--output"]),
    ("cut", &[]),
    ("tr", &[]),
    ("column", &[]),
    ("nl", &[]),
    ("tac", &[]),
    ("rev", &[]),
    ("paste", &[]),
    ("comm", &[]),
    ("diff", &[]),
    ("cmp", &[]),
    ("echo", &[]),
    ("printf", &["-v"]),
    ("true", &[]),
    ("false", &[]),
    (":", &[]),
    ("test", &[]),
    ("[", &[]),
    ("[[", &[]),
    ("sleep", &[]),
    ("date", &["-s", "--set"]),
    ("pwd", &[]),
    ("whoami", &[]),
    ("id", &[]),
    ("uname", &[]),
    ("uptime", &[]),
    ("free", &[]),
    ("df", &[]),
    ("du", &[]),
    ("ps", &[]),
    ("pgrep", &[]),
    ("lsof", &[]),
    ("ss", &[]),
    ("netstat", &[]),
    ("printenv", &[]),
    ("which", &[]),
    ("type", &[]),
    ("stat", &[]),
    ("file", &[]),
    ("ls", &[]),
    ("tree", &["-o"]),
    ("realpath", &[]),
    ("readlink", &[]),
    ("basename", &[]),
    ("dirname", &[]),
    ("base64", &[]),
    ("sha256sum", &[]),
    ("sha1sum", &[]),
    ("md5sum", &[]),
    ("jq", &[]),
    ("yq", &["-i", "--inplace"]),
    ("dig", &[]),
    ("nslookup", &[]),
    ("host", &[]),
    ("ping", &[]),
    ("traceroute", &[]),
    ("getent", &[]),
    ("lsblk", &[]),
    ("blkid", &[]),
    ("findmnt", &[]),
    ("dmesg", &[
        "-c", "-C", "--clear", "-D", "--console-off", "-E", "--console-on", "-n", "--console-level",
    ]),
    ("top", &[]),
    ("vmstat", &[]),
    ("iostat", &[]),
    ("mpstat", &[]),
    ("nproc", &[]),
    ("lscpu", &[]),
    ("lspci", &[]),
    ("lsmod", &[]),
    ("journalctl", &[
        "--rotate", "--vacuum-size", "--vacuum-time", "--vacuum-files", "--flush", "--sync",
        "--relinquish-var", "--smart-relinquish-var", "--setup-keys", "--update-catalog",
    ]),
    ("openssl", &["-out", "-keyout"]),
    ("cd", &[]),
    ("export", &["-f"]),
];

/// Programs read-only only in the forms listed (the first words after the program's
/// own options); every other form changes things.
#[rustfmt::skip]
pub const READ_ONLY_FORMS: &[(&str, &[&str])] = &[
    ("systemctl", &[
        "status", "show", "cat", "list-units", "list-unit-files", "list-timers", "list-sockets",
        "list-jobs", "list-dependencies", "list-machines", "is-active", "is-enabled", "is-failed",
        "is-system-running", "help", "",
    ]),
    ("docker", &[
        "ps", "logs", "inspect", "images", "info", "version", "stats", "top", "port", "history",
        "events", "image ls", "image inspect", "container ls", "container inspect",
        "container logs", "network ls", "network inspect", "volume ls", "volume inspect",
        "system df", "system info",
    ]),
    ("podman", &[
        "ps", "logs", "inspect", "images", "info", "version", "stats", "top", "port", "history",
        "events", "pod ps", "pod inspect",
    ]),
    ("nerdctl", &["ps", "logs", "inspect", "images", "info", "version", "stats", "top"]),
    ("crictl", &[
        "ps", "pods", "logs", "inspect", "inspectp", "inspecti", "images", "img", "info", "version",
        "stats", "statsp", "imagefsinfo",
    ]),
    ("git", &[
        "log", "status", "diff", "show", "blame", "rev-parse", "describe", "ls-files", "ls-remote",
        "shortlog", "grep",
    ]),
    ("helm", &[
        "list", "ls", "status", "history", "hist", "get", "show", "inspect", "search", "template",
        "version", "env", "lint", "verify", "completion", "dependency list", "dep list",
        "repo list", "plugin list",
    ]),
    ("etcdctl", &["get", "endpoint", "member list", "version", "alarm list", "check perf"]),
    ("virtctl", &["version", "guestosinfo", "userlist", "fslist"]),
    ("ip", &[
        "a", "addr", "address", "r", "route", "l", "link", "n", "neigh", "rule", "netns list", "-s",
        "-br", "-4", "-6", "-d", "-j",
    ]),
];

/// Programs that change things, named so the prompt can say so.
#[rustfmt::skip]
const CHANGES: &[&str] = &[
    "rm", "mv", "cp", "mkdir", "rmdir", "touch", "chmod", "chown", "chgrp", "ln", "dd", "truncate",
    "kill", "pkill", "killall", "reboot", "shutdown", "poweroff", "halt", "mount", "umount",
    "useradd", "userdel", "passwd", "apt", "apt-get", "yum", "dnf", "pip", "npm", "scp", "rsync",
    "install", "wget", "service", "shred", "mkfs", "fdisk", "parted", "iptables", "tee",
];

/// Programs that parse a string as shell code (a placeholder's value must then be
/// plain words).
#[rustfmt::skip]
pub const SECOND_SHELLS: &[&str] = &[
    "sh", "bash", "zsh", "dash", "ksh", "ash", "fish", "su", "eval", "ssh", "watch", "xargs",
    "parallel", "source", ".", "tmux", "screen", "script", "expect", "runuser", "rsh", "debug",
];

/// Whether rbc's tables know the program (kubectl, oc, helm and every program of the
/// classification tables).
pub fn known(name: &str) -> bool {
    matches!(
        name,
        "kubectl" | "oc" | "helm" | "ssh" | "curl" | "psql" | "sed" | "awk" | "find" | "sudo"
    ) || READ_ONLY_PROGRAMS.iter().any(|(p, _)| *p == name)
        || READ_ONLY_FORMS.iter().any(|(p, _)| *p == name)
        || CHANGES.contains(&name)
}

fn base(w: &str) -> &str {
    w.rsplit('/').next().unwrap_or(w)
}

fn is_assignment(w: &str) -> bool {
    crate::words::is_assignment(w)
}

/// The classification of a piece of shell code: every simple command, and any
/// redirection that writes a file.
pub fn script(src: &str, declared: &Declared) -> Verdict {
    script_at(src, declared, 0)
}

fn script_at(src: &str, declared: &Declared, depth: usize) -> Verdict {
    if depth > MAX_DEPTH {
        return Verdict::unknown("commands nested too deep to follow");
    }
    let mut v = Verdict::read_only();
    if src.contains("<<") && !src.contains("<<<") {
        // A here-document's body is data unless a shell reads it; that is judged by
        // the program it feeds (`sh` with no `-c` is unknown).
    }
    for sc in crate::words::simple_commands(src) {
        if sc.quoted {
            continue; // judged with the `sh -c` that holds it
        }
        if sc.writes {
            v = v.max(Verdict::changes("it redirects output to a file"));
        }
        let words: Vec<&str> = sc.words.iter().map(|w| w.value.as_str()).collect();
        v = v.max(argv_at(&words, declared, depth));
    }
    v
}

/// The classification of one simple command's words (assignments and wrappers
/// may come first).
pub fn argv(words: &[&str], declared: &Declared) -> Verdict {
    argv_at(words, declared, 0)
}

fn argv_at(words: &[&str], declared: &Declared, depth: usize) -> Verdict {
    if depth > MAX_DEPTH {
        return Verdict::unknown("commands nested too deep to follow");
    }
    let mut k = 0;
    while k < words.len()
        && (is_assignment(words[k])
            || matches!(
                words[k],
                "!" | "{"
                    | "}"
                    | "if"
                    | "then"
                    | "elif"
                    | "else"
                    | "fi"
                    | "do"
                    | "done"
                    | "while"
                    | "until"
            ))
    {
        k += 1;
    }
    let words = &words[k..];
    let Some(first) = words.first() else {
        return Verdict::read_only(); // assignments only
    };
    if first.contains('$') || first.contains('`') || first.contains('<') {
        return Verdict::unknown(format!("its program `{first}` is only known when it runs"));
    }
    let name = base(first);
    let rest = &words[1..];
    if let Some(forms) = declared.get(name) {
        return declared_form(name, rest, forms);
    }
    let inner = |w: &[&str]| argv_at(w, declared, depth + 1);
    let shell = |s: &str| script_at(s, declared, depth + 1);
    match name {
        "kubectl" | "oc" => return kube(name, rest, declared, depth),
        "helm" => return helm(rest),
        // Wrappers: the program they run decides.
        "sudo" | "doas" | "nohup" | "nice" | "time" | "command" | "exec" | "stdbuf" | "ionice"
        | "env" | "timeout" | "chroot" | "xargs" | "caffeinate" => {
            if name == "command" && rest.first().is_some_and(|w| *w == "-v" || *w == "-V") {
                return Verdict::read_only();
            }
            let k = crate::words::skip_wrapper_options(name, rest, 0);
            if k >= rest.len() {
                return match name {
                    "env" | "time" | "nohup" | "command" | "exec" => Verdict::read_only(),
                    "xargs" => Verdict::read_only(), // runs echo
                    _ => Verdict::unknown(format!("`{name}` with no program to run")),
                };
            }
            return inner(&rest[k..]);
        }
        "watch" => {
            let k = crate::words::skip_wrapper_options(name, rest, 0);
            return match &rest[k.min(rest.len())..] {
                [] => Verdict::unknown("`watch` with no command"),
                [one] => shell(one),
                more => inner(more),
            };
        }
        "sh" | "bash" | "zsh" | "dash" | "ksh" | "ash" => {
            let c = rest
                .iter()
                .position(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('c'));
            return match c.and_then(|c| rest.get(c + 1)) {
                Some(code) => shell(code),
                None => Verdict::unknown(format!(
                    "`{name}` runs a script rbc cannot see (from a file or its input)"
                )),
            };
        }
        "su" | "runuser" => {
            let c = rest.iter().position(|w| *w == "-c" || *w == "--command");
            return match c.and_then(|c| rest.get(c + 1)) {
                Some(code) => shell(code),
                None => Verdict::unknown(format!("`{name}` opens a shell rbc cannot see")),
            };
        }
        "eval" => return shell(&rest.join(" ")),
        // Loop and case headers: their words are data (a substitution in them is a
        // command of its own); shell builtins that only set the script's variables.
        "for" | "select" | "case" | "in" | "local" | "declare" | "typeset" | "readonly"
        | "unset" | "read" | "shift" | "break" | "continue" | "let" | "wait" => {
            return Verdict::read_only()
        }
        "ssh" => return ssh(rest, declared, depth),
        "curl" => return curl(rest),
        "psql" => return psql(rest),
        "sed" => return sed(rest),
        "awk" | "gawk" | "mawk" => return awk(name, rest),
        "find" => {
            return match rest.iter().find(|w| {
                matches!(
                    **w,
                    "-delete"
                        | "-exec"
                        | "-execdir"
                        | "-ok"
                        | "-okdir"
                        | "-fprint"
                        | "-fprint0"
                        | "-fprintf"
                        | "-fls"
                )
            }) {
                Some(w) => Verdict::changes(format!("`find {w}` acts on the files it finds")),
                None => Verdict::read_only(),
            }
        }
        "uniq" => {
            let operands = rest.iter().filter(|w| !w.starts_with('-')).count();
            return if operands > 1 {
                Verdict::changes("`uniq IN OUT` writes a file")
            } else {
                Verdict::read_only()
            };
        }
        "nc" | "ncat" | "netcat" => {
            return if rest.iter().any(|w| {
                *w == "-z" || (w.starts_with('-') && !w.starts_with("--") && w.contains('z'))
            }) {
                Verdict::read_only()
            } else {
                Verdict::unknown(format!("`{name}` without `-z` sends what it reads"))
            };
        }
        "hostname" => {
            return if rest.iter().any(|w| !w.starts_with('-')) {
                Verdict::changes("`hostname NAME` renames the machine")
            } else {
                Verdict::read_only()
            };
        }
        _ => {}
    }
    if let Some((_, writes)) = READ_ONLY_PROGRAMS.iter().find(|(p, _)| *p == name) {
        if let Some(w) = rest.iter().find(|w| {
            writes
                .iter()
                .any(|o| **w == *o || (o.starts_with("--") && w.starts_with(&format!("{o}="))))
        }) {
            return Verdict::changes(format!("`{name} {w}` writes or changes something"));
        }
        return Verdict::read_only();
    }
    if let Some((_, forms)) = READ_ONLY_FORMS.iter().find(|(p, _)| *p == name) {
        return form(name, rest, forms, &[]);
    }
    if CHANGES.contains(&name) {
        return Verdict::changes(format!("`{name}` changes things"));
    }
    Verdict::unknown(format!(
        "rbc has no read-only proof for `{name}` (declare it under `programs:` in runbooks.yaml)"
    ))
}

/// Whether `rest` starts (after options) with one of `forms` (word sequences; `""`
/// is the program with no subcommand).
fn form(name: &str, rest: &[&str], forms: &[&str], value_flags: &[&str]) -> Verdict {
    let mut positional = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let w = rest[i];
        if w == "--" {
            break;
        }
        if w.starts_with('-') && positional.is_empty() && name != "ip" {
            if value_flags.contains(&w) {
                i += 1;
            }
            i += 1;
            continue;
        }
        positional.push(w);
        if positional.len() == 2 {
            break;
        }
        i += 1;
    }
    let ok = forms.iter().any(|f| {
        if f.is_empty() {
            return positional.is_empty();
        }
        let fw: Vec<&str> = f.split(' ').collect();
        fw.len() <= positional.len() && fw.iter().zip(&positional).all(|(a, b)| a == b)
    });
    if ok {
        Verdict::read_only()
    } else {
        let what = if positional.is_empty() {
            name.to_string()
        } else {
            format!("{name} {}", positional.join(" "))
        };
        Verdict::changes(format!("`{what}` is not one of {name}'s read-only forms"))
    }
}

fn declared_form(name: &str, rest: &[&str], forms: &[String]) -> Verdict {
    let positional: Vec<&str> = rest
        .iter()
        .copied()
        .filter(|w| !w.starts_with('-'))
        .collect();
    // Compared as text: a form's words may hold spaces of a quoted word.
    let joined = positional.join(" ");
    let ok = forms.iter().any(|f| {
        let f = f.split_whitespace().collect::<Vec<_>>().join(" ");
        f.is_empty() || joined == f || joined.starts_with(&format!("{f} "))
    });
    if ok {
        Verdict::read_only()
    } else {
        Verdict::unknown(format!(
            "`{name} {}` is not one of the read-only forms runbooks.yaml declares for {name}",
            positional.join(" ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(s: &str) -> Safety {
        script(s, &Declared::new()).safety
    }

    #[test]
    fn every_program_is_judged() {
        use Safety::*;
        for (cmd, want) in [
            ("kubectl get pods -n shop", ReadOnly),
            ("kubectl -n shop delete pod web-0", Changes),
            ("kubectl apply -f x.yaml --dry-run=client", ReadOnly),
            (
                "kubectl apply -f x.yaml --dry-run=client --dry-run=none",
                Changes,
            ),
            ("kubectl exec -n shop web-0 -- ls /data", ReadOnly),
            (
                "kubectl exec -n shop web-0 -- psql -c 'SELECT pg_promote();'",
                Unknown,
            ),
            ("kubectl exec -it web-0 -- sh", Unknown),
            ("kubectl exec web-0 -- sh -c 'ls /x; rm -rf /y'", Changes),
            ("oc get pods", ReadOnly),
            ("oc delete pod x", Changes),
            ("oc patch x -p '{}'", Changes),
            ("oc adm top nodes", ReadOnly),
            ("oc rsh web-0 cat /etc/hosts", ReadOnly),
            ("oc rsh web-0", Unknown),
            ("helm list -A", ReadOnly),
            ("helm -n shop status web", ReadOnly),
            ("helm rollback web 3", Changes),
            ("helm upgrade web ./chart --dry-run", ReadOnly),
            ("systemctl status kubelet", ReadOnly),
            ("systemctl restart kubelet.service", Changes),
            ("systemctl reboot", Changes),
            ("journalctl -u kubelet --since -1h", ReadOnly),
            ("journalctl --vacuum-time=1d", Changes),
            ("curl -s https://x/healthz", ReadOnly),
            ("curl -sX POST https://x/", Changes),
            ("curl -o out https://x/", Changes),
            ("curl -H 'Accept: json' https://x/", ReadOnly),
            ("psql -c 'SELECT count(*) FROM pg_stat_activity'", ReadOnly),
            ("psql -c 'DROP TABLE x'", Unknown),
            ("psql -c 'SELECT pg_terminate_backend(1)'", Unknown),
            ("psql", Unknown),
            (
                "psql -U postgres -Atc 'SELECT pg_is_in_recovery();'",
                ReadOnly,
            ),
            ("psql -Atc 'DELETE FROM t'", Unknown),
            ("docker ps", ReadOnly),
            ("crictl logs abc", ReadOnly),
            ("crictl rmp abc", Changes),
            ("git log -1", ReadOnly),
            ("git push", Changes),
            ("grep x f | jq . | awk '{print $1}'", ReadOnly),
            ("sed -i s/a/b/ f", Changes),
            ("sed -n 's/a/b/p' f", ReadOnly),
            ("sed 's/a/b/w out' f", Unknown),
            ("cat x > out.txt", Changes),
            ("kubectl get pods 2>/dev/null", ReadOnly),
            ("echo hi >&2", ReadOnly),
            ("ssh core@node 'ls /data'", ReadOnly),
            ("ssh core@node sudo systemctl restart kubelet", Changes),
            ("ssh core@node", Unknown),
            ("sh -c 'ls /x'", ReadOnly),
            ("sudo rm -rf /x", Changes),
            ("timeout 10 kubectl get pods", ReadOnly),
            ("kubectl get pods -o name | xargs kubectl delete", Changes),
            ("watch 'kubectl get pods'", ReadOnly),
            ("frobnicate --all", Unknown),
            ("$KUBECTL get pods", Unknown),
            ("NS=shop", ReadOnly),
            ("export NS=shop", ReadOnly),
            (
                "for p in $(kubectl get pods -o name); do kubectl describe $p; done",
                ReadOnly,
            ),
            ("for p in a b; do kubectl delete pod $p; done", Changes),
            ("find /var/log -name '*.gz' -delete", Changes),
            ("tee out.txt", Changes),
            ("virtctl stop vm", Changes),
            ("exec kubectl get pods", ReadOnly),
        ] {
            assert_eq!(
                class(cmd),
                want,
                "{cmd}: {:?}",
                script(cmd, &Declared::new())
            );
        }
    }

    #[test]
    fn declared_programs_are_read_only_in_their_forms_only() {
        let mut d = Declared::new();
        d.insert(
            "erlmcpctl".into(),
            vec!["status".into(), "cluster status".into()],
        );
        assert_eq!(script("erlmcpctl status", &d).safety, Safety::ReadOnly);
        assert_eq!(
            script("erlmcpctl cluster status -v", &d).safety,
            Safety::ReadOnly
        );
        assert_eq!(
            script("erlmcpctl cluster leave", &d).safety,
            Safety::Unknown
        );
    }
}
