//! What a kubectl command asks of the API server's authorization: the verbs, resources
//! and subresources it requests, as `kubectl auth can-i` checks them and a Role grants
//! them. One table, [`NEEDS`], read from what the real kubectl requests (the test
//! `kubectl_requests` runs it against a recording server, `tests/kubectl/requests.json`).
//!
//! When rbc cannot say everything a command needs (its objects come from a file, its
//! type is known only when it runs), [`Permissions::unknown`] says why: a preflight
//! then reports the command as not checked, never as allowed.

use super::tree::index;
use crate::model::{Access, Kubectl, Permissions, Scope};

/// The object a need is on.
#[derive(Clone, Copy)]
enum On {
    /// Each resource type the command names (pods when it names none, for the commands
    /// whose first argument is a pod).
    Target,
    /// A fixed resource: group, plural.
    Fixed(&'static str, &'static str),
    /// The pods a command selects through its target (`logs deployment/web`).
    TargetPods,
}

/// A verb on an object: `read` is `get` with names and `list` without.
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
const PODS: On = On::Fixed("", "pods");
const NODES: On = On::Fixed("", "nodes");

/// Per command path: what it requests. Commands not listed request nothing of an object
/// (`config`, `version`, `api-resources`, `explain`, `auth can-i`, …).
const NEEDS: &[(&str, &[Need])] = &[
    ("get", &[need("read", T, None)]),
    ("describe", &[need("read", T, None)]),
    ("events", &[need("list", On::Fixed("", "events"), None)]),
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
    ("delete", &[need("delete", T, None)]),
    ("edit", &[need("read", T, None), need("patch", T, None)]),
    ("patch", &[need("patch", T, None)]),
    ("label", &[need("read", T, None), need("patch", T, None)]),
    ("annotate", &[need("read", T, None), need("patch", T, None)]),
    ("scale", &[need("patch", T, Some("scale"))]),
    (
        "autoscale",
        &[
            need("read", T, None),
            need(
                "create",
                On::Fixed("autoscaling", "horizontalpodautoscalers"),
                None,
            ),
        ],
    ),
    (
        "expose",
        &[
            need("read", T, None),
            need("create", On::Fixed("", "services"), None),
        ],
    ),
    (
        "rollout restart",
        &[need("read", T, None), need("patch", T, None)],
    ),
    (
        "rollout pause",
        &[need("read", T, None), need("patch", T, None)],
    ),
    (
        "rollout resume",
        &[need("read", T, None), need("patch", T, None)],
    ),
    (
        "rollout undo",
        &[
            need("read", T, None),
            need("list", On::Fixed("apps", "replicasets"), None),
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
            need("list", On::Fixed("apps", "replicasets"), None),
        ],
    ),
    ("set", &[need("read", T, None), need("patch", T, None)]),
    (
        "taint",
        &[need("read", NODES, None), need("patch", NODES, None)],
    ),
    (
        "cordon",
        &[need("get", NODES, None), need("patch", NODES, None)],
    ),
    (
        "uncordon",
        &[need("get", NODES, None), need("patch", NODES, None)],
    ),
    (
        "drain",
        &[
            need("get", NODES, None),
            need("patch", NODES, None),
            need("list", PODS, None),
            need("create", PODS, Some("eviction")),
        ],
    ),
    ("run", &[need("create", PODS, None)]),
    (
        "top pod",
        &[need("read", On::Fixed("metrics.k8s.io", "pods"), None)],
    ),
    (
        "top node",
        &[need("read", On::Fixed("metrics.k8s.io", "nodes"), None)],
    ),
    ("wait", &[need("read", T, None), need("watch", T, None)]),
    (
        "certificate approve",
        &[
            need(
                "get",
                On::Fixed("certificates.k8s.io", "certificatesigningrequests"),
                None,
            ),
            need(
                "update",
                On::Fixed("certificates.k8s.io", "certificatesigningrequests"),
                Some("approval"),
            ),
        ],
    ),
    (
        "certificate deny",
        &[
            need(
                "get",
                On::Fixed("certificates.k8s.io", "certificatesigningrequests"),
                None,
            ),
            need(
                "update",
                On::Fixed("certificates.k8s.io", "certificatesigningrequests"),
                Some("approval"),
            ),
        ],
    ),
    (
        "cluster-info",
        &[need("list", On::Fixed("", "services"), None)],
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

/// Commands whose objects come from files or standard input (`-f`, `-k`).
const FROM_FILES: &[&str] = &[
    "apply",
    "create",
    "replace",
    "delete",
    "diff",
    "auth reconcile",
    "get",
    "describe",
    "label",
    "annotate",
    "patch",
    "set",
    "wait",
    "rollout",
    "scale",
    "expose",
    "autoscale",
    "edit",
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

/// Whether a word is known only when the command runs (`$NAME`, `$(…)`).
fn expands(word: &str) -> bool {
    word.contains('$') || word.contains('`')
}

impl Kubectl {
    /// What this command needs of the API server's authorization; see the module.
    pub fn permissions(&self) -> Permissions {
        let path = self.path.join(" ");
        let has = |name: &str| self.flags.iter().any(|f| f.name == name);
        let unknown = |why: &str| Permissions {
            needs: Vec::new(),
            unknown: Some(why.into()),
        };
        if self.path.is_empty() {
            return unknown("the command is not one rbc knows (a plugin?)");
        }
        if (has("filename") || has("kustomize")) && FROM_FILES.contains(&self.path[0].as_str()) {
            return unknown("its objects come from a file (`-f`/`-k`), which rbc does not read");
        }
        if has("raw") {
            return unknown("it requests a raw URL (`--raw`)");
        }
        let needs: &[Need] = if self.path[0] == "create" && self.path.len() >= 2 {
            return self.creates();
        } else if self.path[0] == "debug" {
            return self.debugs();
        } else {
            NEEDS
                .iter()
                .find(|(p, _)| *p == path || (*p == "set" && self.path[0] == "set"))
                .map_or(&[][..], |(_, n)| n)
        };
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
        if uses_target && targets.is_empty() {
            return unknown("its resource type is known only when it runs");
        }
        if targets.iter().any(|t| expands(t)) {
            return unknown("its resource type is known only when it runs");
        }
        let mut out = Vec::new();
        let selects = has("selector") || has("all") || has("field-selector");
        for n in needs {
            match n.on {
                On::Target => {
                    for t in &targets {
                        self.push(&mut out, n, resolve(t), selects);
                    }
                }
                On::TargetPods => {
                    let through = targets.iter().any(|t| resolve(t).1 != "pods");
                    let pods = (Some(String::new()), "pods".to_string(), true);
                    self.push(&mut out, n, pods, selects || through);
                }
                On::Fixed(group, res) => {
                    let r = resolve(format!("{res}.{group}").trim_end_matches('.'));
                    let r = (Some(group.to_string()), res.to_string(), r.2);
                    // A fixed object is named by the command only for node commands.
                    let named = matches!(
                        self.path[0].as_str(),
                        "cordon" | "uncordon" | "drain" | "taint"
                    ) && res == "nodes";
                    self.push(&mut out, n, r, !named);
                }
            }
        }
        dedup(&mut out);
        Permissions {
            needs: out,
            unknown: None,
        }
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
        let scope = if !namespaced {
            Scope::Cluster
        } else if self.all_namespaces || self.path[0] == "drain" {
            Scope::AllNamespaces
        } else {
            Scope::Namespace
        };
        let named = !unnamed && !self.names.is_empty();
        for name in names {
            let verb = match n.verb {
                "read" if named => "get",
                "read" => "list",
                v => v,
            };
            out.push(Access {
                verb: verb.into(),
                group: group.clone(),
                resource: resource.clone(),
                subresource: n.sub.map(str::to_string),
                name,
                scope,
            });
        }
    }

    /// `kubectl create TYPE NAME`.
    fn creates(&self) -> Permissions {
        let Some((_, group, res)) = CREATES.iter().find(|(c, _, _)| *c == self.path[1]) else {
            if self.path[1] == "token" {
                let mut out = Vec::new();
                let n = need("create", On::Fixed("", "serviceaccounts"), Some("token"));
                self.push(
                    &mut out,
                    &n,
                    (Some(String::new()), "serviceaccounts".into(), true),
                    false,
                );
                return Permissions {
                    needs: out,
                    unknown: None,
                };
            }
            return Permissions {
                needs: Vec::new(),
                unknown: Some(format!(
                    "rbc does not know what `create {}` requests",
                    self.path[1]
                )),
            };
        };
        let mut out = Vec::new();
        let (_, _, namespaced) = resolve(format!("{res}.{group}").trim_end_matches('.'));
        let n = need("create", On::Fixed(group, res), None);
        self.push(
            &mut out,
            &n,
            (Some(group.to_string()), res.to_string(), namespaced),
            true,
        );
        if let Some(from) = self
            .flags
            .iter()
            .find(|f| f.name == "from")
            .and_then(|f| f.value.as_deref())
        {
            if let Some((t, name)) = from.split_once('/') {
                let (g, r, ns) = resolve(t);
                out.push(Access {
                    verb: "get".into(),
                    group: g,
                    resource: r,
                    subresource: None,
                    name: (!expands(name)).then(|| name.to_string()),
                    scope: if ns { Scope::Namespace } else { Scope::Cluster },
                });
            }
        }
        Permissions {
            needs: out,
            unknown: None,
        }
    }

    /// `kubectl debug`: a pod's ephemeral container, a copy of a pod, or a pod on a node.
    fn debugs(&self) -> Permissions {
        let node = self.resources.iter().any(|r| resolve(r).1 == "nodes");
        let copy = self.flags.iter().any(|f| f.name == "copy-to");
        // (verb, resource, subresource, named by the command)
        let needs: &[(&str, &str, Option<&'static str>, bool)] = if node {
            &[
                ("get", "nodes", None, true),
                ("create", "pods", None, false),
            ]
        } else if copy {
            &[("get", "pods", None, true), ("create", "pods", None, false)]
        } else if self.names.is_empty() {
            return Permissions {
                needs: Vec::new(),
                unknown: Some("it names no pod or node".into()),
            };
        } else {
            &[
                ("get", "pods", None, true),
                ("patch", "pods", Some("ephemeralcontainers"), true),
            ]
        };
        let mut out = Vec::new();
        for &(verb, res, sub, named) in needs {
            let n = need(verb, On::Target, sub);
            let r = (Some(String::new()), res.to_string(), res == "pods");
            self.push(&mut out, &n, r, !named);
        }
        Permissions {
            needs: out,
            unknown: None,
        }
    }
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
        assert_eq!(needs("kubectl delete pod x -n shop"), ["delete pods/x"]);
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
            ["patch deployments.apps/web --subresource=scale"]
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
            ["get deployments.apps/web", "get pods --subresource=log"]
        );
        assert!(needs("kubectl apply -f x.yaml")[0]
            .starts_with("unknown: its objects come from a file"));
        assert!(needs("kubectl get $KIND x")[0].starts_with("unknown"));
        assert_eq!(needs("kubectl config get-contexts"), Vec::<String>::new());
        assert_eq!(needs("kubectl get pod $POD"), ["get pods"]);
        assert_eq!(
            needs("kubectl create configmap c --from-literal=a=b"),
            ["create configmaps"]
        );
        assert_eq!(
            needs("kubectl create job j --from=cronjob/nightly"),
            ["create jobs.batch", "get cronjobs.batch/nightly"]
        );
        assert_eq!(
            needs("kubectl drain node-1 --ignore-daemonsets"),
            [
                "get nodes/node-1",
                "patch nodes/node-1",
                "list pods -A",
                "create pods --subresource=eviction -A"
            ]
        );
    }
}
