//! The cluster programs: kubectl and `oc` by verb (and what `exec`/`rsh` run in the
//! container), helm by command; a last `--dry-run` that changes nothing.

use super::{argv_at, declared_form, form, Declared, Safety, Verdict, READ_ONLY_FORMS};

/// kubectl and `oc` commands that read only (their first one or two words).
#[rustfmt::skip]
const KUBE_READ_ONLY: &[&str] = &[
    "get", "describe", "logs", "log", "explain", "api-resources", "api-versions", "version", "top",
    "adm top", "auth can-i", "auth whoami", "cluster-info", "config view", "config get-contexts",
    "config current-context", "config get-clusters", "config get-users", "events", "diff", "wait",
    "whoami", "rollout status", "rollout history", "kustomize", "status", "projects",
    "adm node-logs", "adm release info", "image info", "adm policy who-can", "completion",
    "plugin list", "options",
];

/// kubectl and `oc` verbs known to change the cluster, the kubeconfig or local files.
#[rustfmt::skip]
const KUBE_CHANGES: &[&str] = &[
    "annotate", "apply", "autoscale", "certificate", "cordon", "create", "debug", "delete", "drain",
    "edit", "expose", "label", "patch", "replace", "rollout", "run", "scale", "set", "taint",
    "uncordon", "auth", "cp", "attach", "config", "adm", "login", "logout", "project", "new-app",
    "new-project", "new-build", "start-build", "cancel-build", "import-image", "tag", "rsync",
    "idle", "extract", "process", "policy", "secrets", "serviceaccounts", "port-forward", "proxy",
];

/// kubectl/oc global options that take the next word as their value.
#[rustfmt::skip]
const KUBE_VALUE_FLAGS: &[&str] = &[
    "-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "-s", "--server",
    "--token", "--as", "--as-group", "--as-uid", "--request-timeout", "-v", "--v",
    "--certificate-authority", "--client-certificate", "--client-key", "--tls-server-name",
    "--cache-dir", "--profile", "--profile-output",
];

/// helm global options that take the next word as their value.
#[rustfmt::skip]
const HELM_VALUE_FLAGS: &[&str] = &[
    "-n", "--namespace", "--kube-context", "--kubeconfig", "--kube-apiserver", "--kube-token",
    "--kube-as-user", "--kube-as-group", "--kube-ca-file", "--registry-config",
    "--repository-cache", "--repository-config", "--burst-limit", "--qps",
];

/// The last `--dry-run` value, when it makes the command change nothing.
fn dry_run(rest: &[&str], bare_counts: bool) -> bool {
    let last = rest
        .iter()
        .rev()
        .find(|w| **w == "--dry-run" || w.starts_with("--dry-run="));
    match last {
        Some(&"--dry-run") => bare_counts,
        Some(w) => matches!(
            w.trim_start_matches("--dry-run="),
            "client" | "server" | "true"
        ),
        None => false,
    }
}

/// kubectl or oc, by verb; `exec`/`rsh` by the command they run in the container.
pub(super) fn kube(name: &str, rest: &[&str], declared: &Declared, depth: usize) -> Verdict {
    let mut i = 0;
    let mut path = Vec::new();
    while i < rest.len() && path.len() < 2 {
        let w = rest[i];
        if w == "--" {
            break;
        }
        if w.starts_with('-') {
            if KUBE_VALUE_FLAGS.contains(&w) {
                i += 1;
            }
        } else {
            path.push(w);
            if path.len() == 1
                && !matches!(
                    w,
                    "adm" | "auth" | "config" | "rollout" | "image" | "plugin" | "certificate"
                )
            {
                break;
            }
        }
        i += 1;
    }
    let verb = path.first().copied().unwrap_or("");
    // A plugin the team declares: `programs: {kubectl-rook-ceph: {read_only: […]}}`.
    if let Some(forms) = declared.get(&format!("{name}-{verb}")) {
        let at = rest
            .iter()
            .position(|w| *w == verb)
            .map_or(rest.len(), |p| p + 1);
        return declared_form(&format!("{name} {verb}"), &rest[at..], forms);
    }
    match verb {
        "exec" | "rsh" => {
            let inner: &[&str] = match rest.iter().position(|w| *w == "--") {
                Some(p) => &rest[p + 1..],
                None if verb == "rsh" => {
                    // `oc rsh [options] POD [COMMAND…]`
                    let mut j = i + 1;
                    while j < rest.len() && rest[j].starts_with('-') {
                        j += if matches!(
                            rest[j],
                            "-c" | "--container" | "-n" | "--namespace" | "--shell"
                        ) {
                            2
                        } else {
                            1
                        };
                    }
                    &rest[(j + 1).min(rest.len())..]
                }
                None => &[],
            };
            if inner.is_empty() {
                return Verdict::unknown(format!(
                    "`{name} {verb}` opens a shell in the container: what is typed there is not in the runbook"
                ));
            }
            let v = argv_at(inner, declared, depth + 1);
            return match v.safety {
                Safety::ReadOnly => v,
                _ => Verdict {
                    safety: v.safety,
                    why: format!("in the container: {}", v.why),
                },
            };
        }
        "" => {
            return Verdict::unknown(format!("`{name}` with no command"));
        }
        _ => {}
    }
    let joined = path.join(" ");
    let read_only = KUBE_READ_ONLY.iter().any(|f| {
        let fw: Vec<&str> = f.split(' ').collect();
        fw.len() <= path.len() && fw.iter().zip(&path).all(|(a, b)| a == b)
    }) || (verb == "project"
        && path.len() == 1
        && !rest.iter().any(|w| !w.starts_with('-') && *w != "project"));
    if read_only || dry_run(rest, false) {
        Verdict::read_only()
    } else if KUBE_CHANGES.contains(&verb) {
        Verdict::changes(format!(
            "`{name} {joined}` changes the cluster or the kubeconfig"
        ))
    } else {
        Verdict::unknown(format!("rbc cannot prove `{name} {joined}` read-only"))
    }
}

pub(super) fn helm(rest: &[&str]) -> Verdict {
    let forms = READ_ONLY_FORMS
        .iter()
        .find(|(p, _)| *p == "helm")
        .map(|(_, f)| *f)
        .unwrap_or(&[]);
    let v = form("helm", rest, forms, HELM_VALUE_FLAGS);
    if v.safety != Safety::ReadOnly && dry_run(rest, true) {
        return Verdict::read_only();
    }
    v
}
