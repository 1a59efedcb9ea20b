//! From a command's words to the [`Kubectl`] model, and the one classification table.

use super::parse::{self, Invocation};
use crate::model::{CommandClass, Kubectl, KubectlFlag};
use crate::words::Word;

/// Commands that change the cluster. Everything not listed here or in [`EXEC`] is
/// read-only. (`config set-*` changes only the local kubeconfig.)
pub const MUTATING: &[&str] = &[
    "annotate",
    "apply",
    "autoscale",
    "certificate approve",
    "certificate deny",
    "cordon",
    "create",
    "debug",
    "delete",
    "drain",
    "edit",
    "expose",
    "label",
    "patch",
    "replace",
    "rollout pause",
    "rollout restart",
    "rollout resume",
    "rollout undo",
    "run",
    "scale",
    "set",
    "taint",
    "uncordon",
    "auth reconcile",
];

/// Commands that run a program in (or copy into) a container.
pub const EXEC: &[&str] = &["exec", "attach", "cp"];

pub fn classify(path: &[String]) -> CommandClass {
    // `m` is the path or a prefix of it, word by word (`rollout undo` of `rollout undo x`).
    let matches = |list: &[&str]| {
        list.iter().any(|m| {
            let words: Vec<&str> = m.split(' ').collect();
            words.len() <= path.len() && words.iter().zip(path).all(|(a, b)| a == b)
        })
    };
    if matches(EXEC) {
        CommandClass::Exec
    } else if matches(MUTATING) {
        CommandClass::Mutating
    } else {
        CommandClass::ReadOnly
    }
}

/// Commands whose first argument is a pod (or `TYPE/NAME`).
const POD_FIRST: &[&str] = &["logs", "exec", "attach", "port-forward"];
/// Commands whose arguments are node names.
const NODE_ARGS: &[&str] = &["cordon", "uncordon", "drain"];

/// Build the model for a kubectl command from its words (the first is `kubectl`).
/// `file_start` is the byte offset of the command's source in the file.
pub fn build(words: &[Word], file_start: usize) -> (Kubectl, std::sync::Arc<Invocation>) {
    let argv: Vec<&str> = words.iter().skip(1).map(|w| w.value.as_str()).collect();
    // Offsets past 4 GiB (never in a runbook) are clamped.
    let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let word_ranges = words
        .iter()
        .skip(1)
        .map(|w| (narrow(file_start + w.start), narrow(file_start + w.end)))
        .collect();
    // Most commands expand nothing: then no list of empty lists is kept.
    let expansions: Vec<Vec<(usize, usize)>> =
        if words.iter().skip(1).all(|w| w.expansions.is_empty()) {
            Vec::new()
        } else {
            words.iter().skip(1).map(|w| w.expansions.clone()).collect()
        };
    let inv = parse::parse_words(&argv, &expansions);
    let joined = inv.path.join(" ");
    let mut resources = Vec::new();
    let mut names = Vec::new();
    let unknown = inv.indeterminate
        || inv
            .problems
            .iter()
            .any(|p| p.kind == parse::ProblemKind::UnknownCommand);
    // Without a known subcommand the arguments mean nothing in particular.
    let args: Vec<&str> = if unknown {
        Vec::new()
    } else {
        inv.args.iter().map(|&a| argv[a]).collect()
    };
    // Whether bytes `from..to` of argument `i` are free of shell expansions (a command
    // substitution or `$TYPE` is never a resource type; a `<type>` placeholder is one).
    let known = |i: usize, from: usize, to: usize| {
        let w = inv.args[i];
        !expansions
            .get(w)
            .is_some_and(|r| r.iter().any(|&(s, e)| s < to && e > from))
    };
    let slash = |i: usize, a: &str, resources: &mut Vec<String>, names: &mut Vec<String>| {
        let at = a.find('/').unwrap_or(0);
        let (t, n) = if known(i, at, at + 1) {
            a.split_once('/').unwrap_or(("", a))
        } else {
            ("", a)
        };
        if !t.is_empty() && known(i, 0, t.len()) && !resources.contains(&t.to_string()) {
            resources.push(t.to_string());
        }
        names.push(n.to_string());
    };
    // The first argument is a type only when it is known and has no `/`.
    let whole_known = |i: usize, a: &str| known(i, 0, a.len());
    if POD_FIRST.contains(&joined.as_str()) {
        if let Some(first) = args.first() {
            if first.contains('/') && known(0, 0, first.find('/').unwrap_or(0)) {
                slash(0, first, &mut resources, &mut names);
            } else {
                // A pod, or (`$(kubectl get pod -o name)`) a `pod/NAME` only known later.
                resources.push("pods".into());
                names.push(first.to_string());
            }
        }
    } else if NODE_ARGS.contains(&joined.as_str()) {
        resources.push("nodes".into());
        names.extend(args.iter().map(|a| a.to_string()));
    } else if inv.path.first().map(String::as_str) == Some("top") && inv.path.len() == 2 {
        resources.push(inv.path[1].clone());
        names.extend(args.iter().map(|a| a.to_string()));
    } else if takes_type_and_names(inv.path) {
        let label_like = matches!(
            joined.as_str(),
            "label" | "annotate" | "set env" | "set resources"
        );
        for (i, a) in args.iter().enumerate() {
            if i > 0 && (a.contains('=') || (label_like && a.ends_with('-'))) {
                // `key=value` / `key-` arguments of label, annotate, set env.
                continue;
            }
            if a.contains('/') {
                slash(i, a, &mut resources, &mut names);
            } else if i == 0 && !whole_known(i, a) {
                // `$KIND`, `$(kubectl get … -o name)`: only known when the command runs.
                names.push(a.to_string());
            } else if i == 0 && joined == "explain" {
                resources.push(explained_type(a));
            } else if i == 0 {
                resources.extend(a.split(',').filter(|s| !s.is_empty()).map(str::to_string));
            } else {
                names.extend(a.split(',').filter(|s| !s.is_empty()).map(str::to_string));
            }
        }
    }
    let namespace = inv
        .flag("namespace")
        .and_then(|f| f.value.as_deref())
        .map(Box::from);
    let all_namespaces = inv.flag("all-namespaces").is_some_and(|f| {
        f.value.as_deref().is_none_or(|v| {
            super::values::is_go_bool(v)
                && !matches!(v, "false" | "0" | "f" | "F" | "FALSE" | "False")
        })
    });
    let flags = inv
        .flags
        .iter()
        .map(|f| KubectlFlag {
            name: f.name.into(),
            value: f.value.clone(),
        })
        .collect();
    let mut class = classify(inv.path);
    // `--dry-run=client|server` prints what would change and changes nothing.
    // The last `--dry-run` counts (pflag keeps the last value).
    let dry_run = inv.value("dry-run");
    if class == CommandClass::Mutating && matches!(dry_run, Some("client" | "server")) {
        class = CommandClass::ReadOnly;
    }
    let container_command = inv
        .after_dashdash(&argv)
        .iter()
        .map(|w| w.to_string())
        .collect();
    let k = Kubectl {
        class,
        path: inv.path.into(),
        argv: argv.iter().collect(),
        resources: resources.into(),
        names: names.into(),
        namespace,
        all_namespaces,
        flags,
        container_command,
        wrapper: None,
        quoted: false,
        program: None,
        word_ranges,
        expansions,
        analysis: Default::default(),
        valid_on: Default::default(),
        permissions: Default::default(),
    };
    let inv = std::sync::Arc::new(inv);
    let k = Kubectl {
        analysis: super::parses::kept(inv.clone()),
        permissions: k.permissions(),
        ..k
    };
    (k, inv)
}

/// The type `kubectl explain TYPE.FIELD.FIELD…` explains: the longest dotted prefix
/// that names a built-in type (`deployments.apps.spec` → `deployments.apps`), else the
/// first part.
fn explained_type(a: &str) -> String {
    let idx = super::tree::index();
    let parts: Vec<&str> = a.split('.').collect();
    (1..=parts.len())
        .rev()
        .map(|k| parts[..k].join("."))
        .find(|p| idx.resource(p).is_some())
        .unwrap_or_else(|| parts[0].to_string())
}

/// `kubectl VERB TYPE NAME…` commands.
fn takes_type_and_names(path: &[String]) -> bool {
    let first = path.first().map(String::as_str).unwrap_or("");
    matches!(
        first,
        "get"
            | "describe"
            | "delete"
            | "edit"
            | "patch"
            | "label"
            | "annotate"
            | "scale"
            | "rollout"
            | "wait"
            | "autoscale"
            | "expose"
            | "set"
            | "taint"
            | "explain"
            | "events"
    ) && !(first == "set" && path.len() < 2)
        || (first == "apply"
            && matches!(
                path.get(1).map(String::as_str),
                Some("view-last-applied" | "edit-last-applied")
            ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::split;

    fn k(s: &str) -> Kubectl {
        build(&split(s), 0).0
    }

    #[test]
    fn reads_resources_names_namespaces() {
        let a = k("kubectl rollout restart deployment/coredns -n kube-system");
        assert_eq!(
            (a.path.join(" "), a.resources.to_vec(), a.names.to_vec()),
            (
                "rollout restart".into(),
                vec!["deployment".to_string()],
                vec!["coredns".to_string()]
            )
        );
        assert_eq!(a.namespace.as_deref(), Some("kube-system"));
        assert_eq!(a.class, CommandClass::Mutating);
        let b = k("kubectl get pods,svc --all-namespaces");
        assert_eq!(*b.resources, ["pods", "svc"]);
        assert!(b.all_namespaces);
        assert_eq!(b.class, CommandClass::ReadOnly);
        let c = k("kubectl exec -n erlmcp-prod <pod-name> -- nc -zv db 5432");
        assert_eq!(*c.names, ["<pod-name>"]);
        assert_eq!(c.container_command, ["nc", "-zv", "db", "5432"]);
        assert_eq!(c.class, CommandClass::Exec);
        for (cmd, class) in [
            (
                "kubectl create secret generic s --from-literal=a=b --dry-run=client -o yaml",
                CommandClass::ReadOnly,
            ),
            (
                "kubectl apply -f x.yaml --dry-run=server",
                CommandClass::ReadOnly,
            ),
            (
                "kubectl apply -f x.yaml --dry-run=none",
                CommandClass::Mutating,
            ),
            // pflag: `--dry-run` takes no separate value, so `client` is an argument.
            (
                "kubectl delete pod x --dry-run client",
                CommandClass::Mutating,
            ),
        ] {
            assert_eq!(k(cmd).class, class, "{cmd}");
        }
        // A command substitution is never a resource type; an explained field path
        // names its type.
        let e = k(
            r#"kubectl exec $(kubectl get po -l app=etcd -oname | awk -F"/" '{print $2}') -- sh"#,
        );
        assert_eq!(*e.resources, ["pods"]);
        assert!(k("kubectl describe $(kubectl get pods -o name | head -1)")
            .resources
            .is_empty());
        assert_eq!(*k("kubectl describe pod/$POD").resources, ["pod"]);
        assert!(k("kubectl get $KIND web").resources.is_empty());
        assert_eq!(
            *k("kubectl explain statefulset.spec.updateStrategy").resources,
            ["statefulset"]
        );
        assert_eq!(
            *k("kubectl explain deployments.apps.spec").resources,
            ["deployments.apps"]
        );
        let d = k("kubectl get statefulset erlmcp -n erlmcp-prod -o yaml");
        assert_eq!(
            (d.resources.to_vec(), d.names.to_vec()),
            (vec!["statefulset".to_string()], vec!["erlmcp".to_string()])
        );
    }
}
