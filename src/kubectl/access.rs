//! What a kubectl command asks of the API server's authorization: the verbs, resources
//! and subresources it requests, as `kubectl auth can-i` checks them and a Role grants
//! them. One table, [`NEEDS`], plus the flags that change what a command requests
//! ([`Kubectl::adjusted`]), read from what the real kubectl v1.35 requests of a
//! recording server (`tests/kubectl/requests.json`; the test `kubectl_requests` holds
//! the two equal for every command of the differential set that kubectl runs to the end).
//!
//! When rbc cannot say everything a command needs (its objects come from a file, its
//! type is known only when it runs), [`Permissions::unknown`] says why: a preflight
//! then reports the command as not checked, never as allowed.

use super::tree::index;
use crate::model::{Access, Kubectl, Permissions, Scope};

/// The object a need is on.
#[derive(Clone, Copy, PartialEq)]
enum On {
    /// Each resource type the command names (pods when it names none, for the commands
    /// whose first argument is a pod), each of its names.
    Target,
    /// The pods a command reaches through its target: the pod itself, or (`logs
    /// deployment/web`) the pods its selector picks.
    TargetPods,
    /// A fixed resource (group, plural), every object of it.
    All(&'static str, &'static str),
    /// A fixed resource (group, plural), the objects the command names.
    Named(&'static str, &'static str),
}

/// A verb on an object: `read` is `get` with names and `list` (then `get` of each, as
/// kubectl does for `describe`) without.
#[derive(Clone, Copy)]
struct Need {
    verb: &'static str,
    on: On,
    sub: Option<&'static str>,
}

const fn need(verb: &'static str, on: On, sub: Option<&'static str>) -> Need {
    Need { verb, on, sub }
}

const T: On = On::Target;
const PODS: On = On::All("", "pods");
const NODES: On = On::Named("", "nodes");
const EVENTS: On = On::All("", "events");
const GET_PATCH: &[Need] = &[need("read", T, None), need("patch", T, None)];

/// Per command path: what it requests. Commands not listed request nothing of an object
/// (`config`, `version`, `api-resources`, `explain`, `auth can-i`, …).
const NEEDS: &[(&str, &[Need])] = &[
    ("get", &[need("read", T, None)]),
    (
        "describe",
        &[need("read", T, None), need("list", EVENTS, None)],
    ),
    ("events", &[need("list", EVENTS, None)]),
    (
        "logs",
        &[
            need("read", T, None),
            need("get", On::TargetPods, Some("log")),
        ],
    ),
    (
        "exec",
        &[
            need("read", T, None),
            need("create", On::TargetPods, Some("exec")),
        ],
    ),
    (
        "attach",
        &[
            need("read", T, None),
            need("create", On::TargetPods, Some("attach")),
        ],
    ),
    (
        "port-forward",
        &[
            need("read", T, None),
            need("create", On::TargetPods, Some("portforward")),
        ],
    ),
    (
        "cp",
        &[need("get", PODS, None), need("create", PODS, Some("exec"))],
    ),
    ("delete", &[need("read", T, None), need("delete", T, None)]),
    ("edit", GET_PATCH),
    ("patch", GET_PATCH),
    ("label", GET_PATCH),
    ("annotate", GET_PATCH),
    ("apply view-last-applied", &[need("read", T, None)]),
    ("apply edit-last-applied", GET_PATCH),
    (
        "scale",
        &[need("read", T, None), need("patch", T, Some("scale"))],
    ),
    (
        "autoscale",
        &[
            need("read", T, None),
            need(
                "create",
                On::All("autoscaling", "horizontalpodautoscalers"),
                None,
            ),
        ],
    ),
    (
        "expose",
        &[
            need("read", T, None),
            need("create", On::All("", "services"), None),
        ],
    ),
    ("rollout restart", GET_PATCH),
    ("rollout pause", GET_PATCH),
    ("rollout resume", GET_PATCH),
    (
        "rollout undo",
        &[
            need("read", T, None),
            need("list", On::All("apps", "replicasets"), None),
            need("patch", T, None),
        ],
    ),
    (
        "rollout status",
        &[need("read", T, None), need("watch", T, None)],
    ),
    (
        "rollout history",
        &[
            need("read", T, None),
            need("list", On::All("apps", "replicasets"), None),
        ],
    ),
    ("set", GET_PATCH),
    (
        "taint",
        &[need("read", NODES, None), need("patch", NODES, None)],
    ),
    (
        "cordon",
        &[need("read", NODES, None), need("patch", NODES, None)],
    ),
    (
        "uncordon",
        &[need("read", NODES, None), need("patch", NODES, None)],
    ),
    (
        "drain",
        &[
            need("read", NODES, None),
            need("patch", NODES, None),
            need("list", PODS, None),
            need("create", PODS, Some("eviction")),
            need("get", PODS, None),
        ],
    ),
    ("run", &[need("create", PODS, None)]),
    (
        "top pod",
        &[need("read", On::Named("metrics.k8s.io", "pods"), None)],
    ),
    (
        "top node",
        &[
            need("read", On::Named("metrics.k8s.io", "nodes"), None),
            need("read", NODES, None),
        ],
    ),
    ("wait", &[need("read", T, None), need("watch", T, None)]),
    (
        "certificate approve",
        &[
            need(
                "get",
                On::Named("certificates.k8s.io", "certificatesigningrequests"),
                None,
            ),
            need(
                "update",
                On::Named("certificates.k8s.io", "certificatesigningrequests"),
                Some("approval"),
            ),
        ],
    ),
    (
        "certificate deny",
        &[
            need(
                "get",
                On::Named("certificates.k8s.io", "certificatesigningrequests"),
                None,
            ),
            need(
                "update",
                On::Named("certificates.k8s.io", "certificatesigningrequests"),
                Some("approval"),
            ),
        ],
    ),
    (
        "cluster-info",
        &[need("list", On::All("", "services"), None)],
    ),
    (
        "cluster-info dump",
        &[
            need("list", On::All("", "nodes"), None),
            need("list", EVENTS, None),
            need("list", On::All("", "replicationcontrollers"), None),
            need("list", On::All("", "services"), None),
            need("list", On::All("apps", "daemonsets"), None),
            need("list", On::All("apps", "deployments"), None),
            need("list", On::All("apps", "replicasets"), None),
            need("list", PODS, None),
            need("get", PODS, Some("log")),
        ],
    ),
];

/// `kubectl create TYPE …`: the resource each subcommand creates.
const CREATES: &[(&str, &str, &str)] = &[
    ("clusterrole", "rbac.authorization.k8s.io", "clusterroles"),
    (
        "clusterrolebinding",
        "rbac.authorization.k8s.io",
        "clusterrolebindings",
    ),
    ("configmap", "", "configmaps"),
    ("cronjob", "batch", "cronjobs"),
    ("deployment", "apps", "deployments"),
    ("ingress", "networking.k8s.io", "ingresses"),
    ("job", "batch", "jobs"),
    ("namespace", "", "namespaces"),
    ("poddisruptionbudget", "policy", "poddisruptionbudgets"),
    ("priorityclass", "scheduling.k8s.io", "priorityclasses"),
    ("quota", "", "resourcequotas"),
    ("role", "rbac.authorization.k8s.io", "roles"),
    ("rolebinding", "rbac.authorization.k8s.io", "rolebindings"),
    ("secret", "", "secrets"),
    ("service", "", "services"),
    ("serviceaccount", "", "serviceaccounts"),
];

/// A resource word resolved as the API server would: group and plural, and whether it
/// is namespaced. Unknown words (custom resources not declared) stay as written, with
/// no group: `kubectl auth can-i` resolves them against the server.
fn resolve(word: &str) -> (Option<String>, String, bool) {
    let w = word.to_ascii_lowercase();
    if let Some(r) = index().resource(&w) {
        return (Some(r.group.clone()), r.name.clone(), r.namespaced);
    }
    if let Some(k) = super::resources::well_known(&w) {
        return (Some(k.group.clone()), k.name.clone(), true);
    }
    (None, w, true)
}

/// A fixed resource, resolved.
fn fixed(group: &str, res: &str) -> (Option<String>, String, bool) {
    let qualified = if group.is_empty() {
        res.to_string()
    } else {
        format!("{res}.{group}")
    };
    (
        Some(group.to_string()),
        res.to_string(),
        resolve(&qualified).2,
    )
}

/// Whether a word is known only when the command runs (`$NAME`, `$(…)`).
fn expands(word: &str) -> bool {
    word.contains('$') || word.contains('`')
}

fn unknown(why: &str) -> Permissions {
    Permissions {
        needs: Vec::new(),
        unknown: Some(why.into()),
    }
}

impl Kubectl {
    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f.name == name)
    }

    /// A boolean flag given as false (`--wait=false`, `--wait=0`).
    fn off(&self, name: &str) -> bool {
        self.has(name) && !self.on(name)
    }

    /// A boolean flag set (`--watch`, `--watch=true`; not `--watch=false`).
    fn on(&self, name: &str) -> bool {
        self.flags
            .iter()
            .rev()
            .find(|f| f.name == name)
            .is_some_and(|f| {
                !matches!(
                    f.value.as_deref(),
                    Some("false" | "0" | "f" | "F" | "FALSE" | "False")
                )
            })
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|f| f.name == name)
            .and_then(|f| f.value.as_deref())
    }

    /// What this command needs of the API server's authorization; see the module.
    pub fn permissions(&self) -> Permissions {
        if self.path.is_empty() {
            return unknown("the command is not one rbc knows (a plugin?)");
        }
        let path = self.path.join(" ");
        let from_files = matches!(
            self.path[0].as_str(),
            "apply"
                | "create"
                | "replace"
                | "delete"
                | "diff"
                | "get"
                | "describe"
                | "label"
                | "annotate"
                | "patch"
                | "set"
                | "wait"
                | "rollout"
                | "scale"
                | "expose"
                | "autoscale"
                | "edit"
        ) || path == "auth reconcile";
        if from_files && (self.has("filename") || self.has("kustomize")) {
            return unknown("its objects come from a file (`-f`/`-k`), which rbc does not read");
        }
        if self.has("raw") {
            return unknown("it requests a raw URL (`--raw`)");
        }
        if self.path[0] == "create" && self.path.len() >= 2 {
            return self.creates();
        }
        if self.path[0] == "debug" {
            return self.debugs();
        }
        let needs = NEEDS
            .iter()
            .find(|(p, _)| *p == path || (*p == "set" && self.path[0] == "set"))
            .map_or(Vec::new(), |(_, n)| self.adjusted(n));
        if needs.is_empty() {
            return Permissions::default();
        }
        let mut targets: Vec<&str> = self.resources.iter().map(String::as_str).collect();
        if targets.is_empty()
            && matches!(
                self.path[0].as_str(),
                "logs" | "exec" | "attach" | "port-forward"
            )
        {
            targets.push("pods");
        }
        let uses_target = needs
            .iter()
            .any(|n| matches!(n.on, On::Target | On::TargetPods));
        if uses_target && (targets.is_empty() || targets.iter().any(|t| expands(t))) {
            return unknown("its resource type is known only when it runs");
        }
        let mut out = Vec::new();
        for n in &needs {
            match n.on {
                On::Target => {
                    for t in &targets {
                        self.push(&mut out, n, resolve(t), self.selects());
                    }
                }
                On::TargetPods => {
                    let through = targets.iter().any(|t| resolve(t).1 != "pods");
                    self.push(&mut out, n, fixed("", "pods"), self.selects() || through);
                }
                On::All(group, res) => self.push(&mut out, n, fixed(group, res), true),
                On::Named(group, res) => self.push(&mut out, n, fixed(group, res), self.selects()),
            }
        }
        dedup(&mut out);
        Permissions {
            needs: out,
            unknown: None,
        }
    }

    /// The command picks its objects by a selector or `--all` (it names none; words
    /// after `--` are names too, but for the commands that run something).
    fn selects(&self) -> bool {
        let runs = matches!(self.path[0].as_str(), "exec" | "run" | "debug" | "attach");
        self.names.is_empty() && (runs || self.container_command.is_empty())
    }

    /// The table's needs with what the command's flags change (as kubectl v1.35
    /// requests them).
    fn adjusted(&self, needs: &[Need]) -> Vec<Need> {
        let mut v: Vec<Need> = needs.to_vec();
        let first = self.path[0].as_str();
        let path = self.path.join(" ");
        // The objects a target reaches through its selector (`logs deploy/web`).
        let through = self.resources.iter().any(|r| resolve(r).1 != "pods");
        if matches!(first, "logs" | "exec" | "attach" | "port-forward") && through {
            v.push(need("list", PODS, None));
            if first == "port-forward" {
                v.push(need("get", PODS, None));
            }
        }
        match path.as_str() {
            "get" => {
                if let Some(sub) = self.value("subresource").and_then(subresource) {
                    v = vec![need("read", T, Some(sub))];
                }
                if self.on("watch") || self.on("watch-only") {
                    v.push(need("watch", T, None));
                }
            }
            "events" if self.on("watch") => v = vec![need("watch", EVENTS, None)],
            "describe" => {
                let kinds: Vec<String> = self.resources.iter().map(|r| resolve(r).1).collect();
                if self.selects() {
                    v.push(need("get", T, None));
                }
                if self.value("show-events").is_some() && !self.on("show-events") {
                    v.retain(|n| n.on != EVENTS);
                }
                if kinds.iter().any(|k| k == "nodes") {
                    v.push(need("list", PODS, None));
                    v.push(need("get", On::All("coordination.k8s.io", "leases"), None));
                }
                if kinds.iter().any(|k| k == "deployments") {
                    v.push(need("list", On::All("apps", "replicasets"), None));
                }
            }
            // kubectl waits until the objects are gone, reading them (not with
            // --wait=false, nor for a server dry run, where nothing goes).
            "delete" if self.off("wait") || self.value("dry-run") == Some("server") => {
                v.retain(|n| n.verb != "read" || self.selects());
            }
            "delete" if self.selects() => v.push(need("get", T, None)),
            "patch" => {
                if let Some(sub) = self.value("subresource").and_then(subresource) {
                    v = vec![need("read", T, Some(sub)), need("patch", T, Some(sub))];
                }
            }
            "scale" => {
                if self.has("current-replicas") || self.has("resource-version") {
                    v = vec![
                        need("read", T, None),
                        need("get", T, Some("scale")),
                        need("update", T, Some("scale")),
                    ];
                }
                if self.on("record") {
                    v.push(need("patch", T, None));
                }
            }
            // A watch that sends the objects first: a list and a watch on servers
            // without it.
            "rollout status" | "wait" => {
                if self.value("for") == Some("create") {
                    v = vec![need("read", T, None)];
                } else {
                    v.push(need("list", T, None));
                }
            }
            "rollout undo" if self.selects() => v.push(need("get", T, None)),
            "drain" if self.on("disable-eviction") => {
                v.retain(|n| n.sub != Some("eviction"));
                v.push(need("delete", PODS, None));
            }
            "run" => {
                if self.on("expose") {
                    v.push(need("create", On::All("", "services"), None));
                }
                if self.on("attach") || self.on("stdin") || self.on("tty") || self.on("rm") {
                    v.push(need("watch", PODS, None));
                    v.push(need("list", PODS, None));
                    v.push(need("create", PODS, Some("attach")));
                }
                if self.on("rm") {
                    v.push(need("get", PODS, None));
                    v.push(need("delete", PODS, None));
                }
            }
            "set env" => {
                for from in self.flags.iter().filter(|f| f.name == "from") {
                    match from
                        .value
                        .as_deref()
                        .and_then(|f| f.split_once('/'))
                        .map(|x| x.0)
                    {
                        Some("configmap" | "cm" | "configmaps") => {
                            v.insert(0, need("get", On::All("", "configmaps"), None))
                        }
                        Some("secret" | "secrets") => {
                            v.insert(0, need("get", On::All("", "secrets"), None))
                        }
                        _ => {}
                    }
                }
            }
            "cluster-info dump" if self.on("all-namespaces") => {
                v.push(need("list", On::All("", "namespaces"), None));
            }
            _ => {}
        }
        // Printing what would change, or the current values, changes nothing.
        let reads_only = self.value("dry-run") == Some("client")
            || (matches!(first, "label" | "annotate" | "set") && self.on("list"));
        if reads_only {
            v.retain(|n| matches!(n.verb, "read" | "get" | "list" | "watch"));
        }
        v
    }

    /// One access per name (or one without a name) of `resource`.
    fn push(
        &self,
        out: &mut Vec<Access>,
        n: &Need,
        (group, resource, namespaced): (Option<String>, String, bool),
        unnamed: bool,
    ) {
        let names: Vec<Option<String>> = if unnamed || self.names.is_empty() {
            vec![None]
        } else {
            self.names
                .iter()
                .map(|x| (!expands(x)).then(|| x.clone()))
                .collect()
        };
        let every_namespace = self.all_namespaces
            || matches!(self.path.join(" ").as_str(), "drain" | "cluster-info dump");
        let scope = if !namespaced {
            Scope::Cluster
        } else if every_namespace {
            Scope::AllNamespaces
        } else {
            Scope::Namespace
        };
        for name in names {
            // `read`: one named object, or a list (and then, for describe, each).
            let verb = match n.verb {
                "read" if unnamed || self.selects() => "list",
                "read" => "get",
                v => v,
            };
            out.push(Access {
                verb: verb.into(),
                group: group.clone(),
                resource: resource.clone(),
                subresource: n.sub.map(str::to_string),
                name: if verb == "list" { None } else { name },
                scope,
            });
        }
    }

    /// `kubectl create TYPE NAME`.
    fn creates(&self) -> Permissions {
        let mut out = Vec::new();
        if self.path[1] == "token" {
            let n = need("create", T, Some("token"));
            self.push(&mut out, &n, fixed("", "serviceaccounts"), false);
            return Permissions {
                needs: out,
                unknown: None,
            };
        }
        let Some((_, group, res)) = CREATES.iter().find(|(c, _, _)| *c == self.path[1]) else {
            return unknown(&format!(
                "rbc does not know what `create {}` requests",
                self.path[1]
            ));
        };
        if let Some((t, name)) = self.value("from").and_then(|f| f.split_once('/')) {
            let (group, resource, namespaced) = resolve(t);
            out.push(Access {
                verb: "get".into(),
                group,
                resource,
                subresource: None,
                name: (!expands(name)).then(|| name.to_string()),
                scope: if namespaced {
                    Scope::Namespace
                } else {
                    Scope::Cluster
                },
            });
        }
        self.push(&mut out, &need("create", T, None), fixed(group, res), true);
        Permissions {
            needs: out,
            unknown: None,
        }
    }

    /// `kubectl debug`: a pod's ephemeral container, a copy of a pod, or a pod on a node.
    fn debugs(&self) -> Permissions {
        // `debug node/NAME`, `debug pod/NAME`, `debug NAME`: the model keeps no type for
        // debug's argument; it is the first word after `debug` that is not an option.
        let target = self
            .argv
            .iter()
            .skip_while(|w| *w != "debug")
            .skip(1)
            .find(|w| !w.starts_with('-'));
        let node = self.resources.iter().any(|r| resolve(r).1 == "nodes")
            || target.is_some_and(|t| {
                t.split_once('/')
                    .is_some_and(|(ty, _)| resolve(ty).1 == "nodes")
            });
        let copy = self.has("copy-to");
        let attach = self.has("attach") || self.has("stdin") || self.has("tty");
        // (verb, resource, subresource, named by the command)
        let mut needs: Vec<(&str, &str, Option<&'static str>, bool)> = if node {
            vec![
                ("get", "nodes", None, true),
                ("create", "pods", None, false),
            ]
        } else if copy {
            vec![("get", "pods", None, true), ("create", "pods", None, false)]
        } else if self.names.is_empty() && target.is_none() {
            return unknown("it names no pod or node");
        } else {
            vec![
                ("get", "pods", None, true),
                ("patch", "pods", Some("ephemeralcontainers"), true),
            ]
        };
        if attach {
            needs.push(("watch", "pods", None, false));
            needs.push(("list", "pods", None, false));
            needs.push(("create", "pods", Some("attach"), false));
        }
        let mut out = Vec::new();
        for (verb, res, sub, named) in needs {
            self.push(&mut out, &need(verb, T, sub), fixed("", res), !named);
        }
        Permissions {
            needs: out,
            unknown: None,
        }
    }
}

/// A subresource `--subresource` names, as the table spells it (kubectl accepts these).
fn subresource(sub: &str) -> Option<&'static str> {
    ["status", "scale", "resize"]
        .into_iter()
        .find(|s| *s == sub)
}

/// Each access once, in first-seen order.
fn dedup(v: &mut Vec<Access>) {
    let mut seen: Vec<Access> = Vec::new();
    v.retain(|a| {
        if seen.contains(a) {
            false
        } else {
            seen.push(a.clone());
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::words::split;

    fn needs(s: &str) -> Vec<String> {
        let (k, _) = super::super::build::build(&split(s), 0);
        let p = k.permissions();
        if let Some(u) = p.unknown {
            return vec![format!("unknown: {u}")];
        }
        p.needs.iter().map(|a| a.can_i()).collect()
    }

    #[test]
    fn the_issue_examples() {
        assert_eq!(
            needs("kubectl delete pod x -n shop"),
            ["get pods/x", "delete pods/x"]
        );
        assert_eq!(
            needs("kubectl rollout restart deployment/web"),
            ["get deployments.apps/web", "patch deployments.apps/web"]
        );
        assert_eq!(
            needs("kubectl logs web-1"),
            ["get pods/web-1", "get pods/web-1 --subresource=log"]
        );
        assert_eq!(
            needs("kubectl exec web-1 -- ls"),
            ["get pods/web-1", "create pods/web-1 --subresource=exec"]
        );
        assert_eq!(
            needs("kubectl scale deployment web --replicas=3"),
            [
                "get deployments.apps/web",
                "patch deployments.apps/web --subresource=scale"
            ]
        );
    }

    #[test]
    fn selections_files_and_local_commands() {
        assert_eq!(needs("kubectl get pods -A"), ["list pods -A"]);
        assert_eq!(
            needs("kubectl get deploy,svc -n x"),
            ["list deployments.apps", "list services"]
        );
        assert_eq!(
            needs("kubectl logs deploy/web"),
            [
                "get deployments.apps/web",
                "get pods --subresource=log",
                "list pods"
            ]
        );
        assert!(needs("kubectl apply -f x.yaml")[0]
            .starts_with("unknown: its objects come from a file"));
        assert!(needs("kubectl auth reconcile -f x.yaml")[0].starts_with("unknown"));
        assert!(needs("kubectl get $KIND x")[0].starts_with("unknown"));
        assert_eq!(needs("kubectl config get-contexts"), Vec::<String>::new());
        assert_eq!(needs("kubectl get pod $POD"), ["get pods"]);
        assert_eq!(
            needs("kubectl create configmap c --from-literal=a=b"),
            ["create configmaps"]
        );
        assert_eq!(
            needs("kubectl create job j --from=cronjob/nightly"),
            ["get cronjobs.batch/nightly", "create jobs.batch"]
        );
        assert_eq!(
            needs("kubectl drain node-1 --ignore-daemonsets"),
            [
                "get nodes/node-1",
                "patch nodes/node-1",
                "list pods -A",
                "create pods --subresource=eviction -A",
                "get pods -A"
            ]
        );
        assert_eq!(
            needs("kubectl delete pods -l app=web"),
            ["list pods", "delete pods", "get pods"]
        );
    }
}
