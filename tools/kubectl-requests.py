#!/usr/bin/env python3
"""Record the HTTP requests the REAL kubectl sends for each command line.

Usage:
    python3 tools/kubectl-requests.py --kubectl PATH FILE [--jobs N] [--timeout S] [--stderr]

Regenerate the test data (about 2 minutes on 2 cores; deterministic):

    python3 tools/kubectl-requests.py --kubectl ~/.cache/rbc/kubectl-v1.35.2/kubectl \\
        tests/kubectl/commands.txt > tests/kubectl/requests.json

FILE is tests/kubectl/commands.txt (format: tests/kubectl/README.md; parsed by
tools/kubectl-verdict.py, `# vars:` and SUBST included).  Only the lines that
tests/kubectl/expected.json (next to FILE) says kubectl accepts (verdict
"ok") are run, each against a fake API server on loopback (standard library
only; one server per worker thread) that answers just enough for kubectl to
get past discovery and send its real requests:

* discovery: the legacy lists /api, /api/v1, /apis, /apis/GROUP/VERSION of
  the built-in resources (RESOURCES: kinds, scopes, verbs, short names,
  categories and subresources as a v1.35 server lists them).  kubectl asks
  for aggregated discovery, gets a plain APIGroupList and falls back to the
  legacy lists.  /openapi/v3 lists one document per group version, holding
  only the PATCH operations and their fieldValidation parameter: with it
  kubectl validates on the server (fieldValidation=Strict), without it
  `apply`, `create -f`, `replace` and `edit` stop at "failed to download
  openapi" (`explain` still fails: no schemas).  /openapi/v2 is 404.
* objects: every name exists (a minimal healthy object of its kind: a
  Deployment at revision 3 with one container `app` and all replicas
  ready, a Running and Ready Pod on node worker-1 owned by a ReplicaSet, ...)
  except names starting with `new-` and what this command deleted or
  evicted; what it created (POST, PUT) it gets back, a Pod running at once.
  Collections hold one object (replicasets: three revisions of Deployment
  `web`; events and controllerrevisions: none).  PATCH answers the object
  unchanged, except a debug container added to pods/ephemeralcontainers,
  which then runs.  Protobuf bodies are read for their names only.
  variants_for() makes the objects that uncordon, rollout resume and taint
  removal change cordoned, paused and tainted.
* watches send the current objects (and the bookmark that ends the initial
  events) and stay open.  exec, attach and port-forward upgrades are refused
  after being recorded, so each shows kubectl's websocket GET and then its
  SPDY POST fallback (attach after `run -i` and `debug -i` falls back
  further to pods/log); pods/log answers one line.
* the working directory holds a few manifests (FIXTURES: deploy.yaml with
  Deployment `web` and ConfigMap `new-config`, rbac.yaml, csr.yaml,
  patch.yaml, overlays/prod/ ...) so that `apply -f`, `create -f`, `diff
  -k` ... get to the server; KUBE_EDITOR adds a label, so `edit` saves.

Each command runs with a fresh HOME (no discovery cache), a kubeconfig whose
current context points at the server with namespace `default`, stdin
/dev/null, an empty PATH directory and a timeout (10 s; commands that wait
or watch end there).  `--cache-dir` and `--output-directory` values are
moved into the command's temporary directory.

Output (stdout), in file order, a line per command and per request:
    {"kubectl": VERSION, "commands": [{"line", "command", ["ran",] "exit",
     ["timed_out",] "requests": [{"method", "path", "query",
     ["content_type",] ["upgrade",] ["discovery",] ["repeated"]}]}]}
"ran" is the command after shell expansion (as in expected.json); "exit" is
null and "timed_out" true when the timeout stopped kubectl; "query" is
decoded; "content_type" is given for POST/PUT/PATCH, "upgrade" (websocket,
SPDY/3.1) for streaming requests, "discovery": true for /api, /apis,
/api/v1, /apis/G/V, /openapi/... and /version.  Deterministic: concurrent
discovery requests are sorted, a request repeated back to back (polling)
is kept once with "repeated": true, random name suffixes (debugger-x7k2p)
read -XXXXX, the terms of a fieldSelector are sorted and the random watch
timeouts of client-go's reflector read N.
"""

import argparse
import concurrent.futures
import http.server
import importlib.util
import json
import os
import queue
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))


def load_verdict_tool():
    """tools/kubectl-verdict.py (a hyphenated name: loaded by path)."""
    spec = importlib.util.spec_from_file_location("kubectl_verdict", os.path.join(HERE, "kubectl-verdict.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------
# The built-in resources, as a v1.35 API server lists them
# --------------------------------------------------------------------------

ALL = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
NO_COLLECTION = ["create", "delete", "get", "list", "patch", "update", "watch"]
CREATE = ["create"]
READ = ["get", "list"]
GPU = ["get", "patch", "update"]
PROXY = ["create", "delete", "get", "patch", "update"]
STATUS = ("status", None, GPU)
SCALE = ("scale", "autoscaling/v1:Scale", GPU)


def res(name, kind, namespaced=True, short=(), verbs=ALL, subs=(), all_category=False):
    """A resource: subs are (name, "group/version:Kind" or None for the
    resource's own kind, verbs)."""
    return {"name": name, "kind": kind, "namespaced": namespaced, "shortNames": list(short),
            "verbs": verbs, "subs": list(subs), "categories": ["all"] if all_category else []}


RESOURCES = {
    "v1": [
        res("bindings", "Binding", verbs=CREATE),
        res("componentstatuses", "ComponentStatus", False, ["cs"], READ),
        res("configmaps", "ConfigMap", short=["cm"]),
        res("endpoints", "Endpoints", short=["ep"]),
        res("events", "Event", short=["ev"]),
        res("limitranges", "LimitRange", short=["limits"]),
        res("namespaces", "Namespace", False, ["ns"], NO_COLLECTION,
            [("finalize", None, ["update"]), STATUS]),
        res("nodes", "Node", False, ["no"], subs=[("proxy", "v1:NodeProxyOptions", PROXY), STATUS]),
        res("persistentvolumeclaims", "PersistentVolumeClaim", short=["pvc"], subs=[STATUS]),
        res("persistentvolumes", "PersistentVolume", False, ["pv"], subs=[STATUS]),
        res("pods", "Pod", short=["po"], all_category=True, subs=[
            ("attach", "v1:PodAttachOptions", ["create", "get"]),
            ("binding", "v1:Binding", CREATE),
            ("ephemeralcontainers", None, GPU),
            ("eviction", "policy/v1:Eviction", CREATE),
            ("exec", "v1:PodExecOptions", ["create", "get"]),
            ("log", None, ["get"]),
            ("portforward", "v1:PodPortForwardOptions", ["create", "get"]),
            ("proxy", "v1:PodProxyOptions", PROXY),
            ("resize", None, GPU),
            STATUS]),
        res("podtemplates", "PodTemplate"),
        res("replicationcontrollers", "ReplicationController", short=["rc"], all_category=True,
            subs=[SCALE, STATUS]),
        res("resourcequotas", "ResourceQuota", short=["quota"], subs=[STATUS]),
        res("secrets", "Secret"),
        res("serviceaccounts", "ServiceAccount", short=["sa"],
            subs=[("token", "authentication.k8s.io/v1:TokenRequest", CREATE)]),
        res("services", "Service", short=["svc"], all_category=True,
            subs=[("proxy", "v1:ServiceProxyOptions", PROXY), STATUS]),
    ],
    "admissionregistration.k8s.io/v1": [
        res("mutatingwebhookconfigurations", "MutatingWebhookConfiguration", False),
        res("validatingadmissionpolicies", "ValidatingAdmissionPolicy", False, subs=[STATUS]),
        res("validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding", False),
        res("validatingwebhookconfigurations", "ValidatingWebhookConfiguration", False),
    ],
    "apiextensions.k8s.io/v1": [
        res("customresourcedefinitions", "CustomResourceDefinition", False, ["crd", "crds"], subs=[STATUS]),
    ],
    "apps/v1": [
        res("controllerrevisions", "ControllerRevision"),
        res("daemonsets", "DaemonSet", short=["ds"], all_category=True, subs=[STATUS]),
        res("deployments", "Deployment", short=["deploy"], all_category=True, subs=[SCALE, STATUS]),
        res("replicasets", "ReplicaSet", short=["rs"], all_category=True, subs=[SCALE, STATUS]),
        res("statefulsets", "StatefulSet", short=["sts"], all_category=True, subs=[SCALE, STATUS]),
    ],
    "authentication.k8s.io/v1": [
        res("selfsubjectreviews", "SelfSubjectReview", False, verbs=CREATE),
        res("tokenreviews", "TokenReview", False, verbs=CREATE),
    ],
    "authorization.k8s.io/v1": [
        res("localsubjectaccessreviews", "LocalSubjectAccessReview", verbs=CREATE),
        res("selfsubjectaccessreviews", "SelfSubjectAccessReview", False, verbs=CREATE),
        res("selfsubjectrulesreviews", "SelfSubjectRulesReview", False, verbs=CREATE),
        res("subjectaccessreviews", "SubjectAccessReview", False, verbs=CREATE),
    ],
    "autoscaling/v2": [
        res("horizontalpodautoscalers", "HorizontalPodAutoscaler", short=["hpa"], all_category=True,
            subs=[STATUS]),
    ],
    "autoscaling/v1": [
        res("horizontalpodautoscalers", "HorizontalPodAutoscaler", short=["hpa"], all_category=True,
            subs=[STATUS]),
    ],
    "batch/v1": [
        res("cronjobs", "CronJob", short=["cj"], all_category=True, subs=[STATUS]),
        res("jobs", "Job", all_category=True, subs=[STATUS]),
    ],
    "certificates.k8s.io/v1": [
        res("certificatesigningrequests", "CertificateSigningRequest", False, ["csr"],
            subs=[("approval", None, GPU), STATUS]),
    ],
    "coordination.k8s.io/v1": [res("leases", "Lease")],
    "discovery.k8s.io/v1": [res("endpointslices", "EndpointSlice")],
    "events.k8s.io/v1": [res("events", "Event", short=["ev"])],
    "metrics.k8s.io/v1beta1": [
        res("nodes", "NodeMetrics", False, verbs=READ),
        res("pods", "PodMetrics", verbs=READ),
    ],
    "networking.k8s.io/v1": [
        res("ingressclasses", "IngressClass", False),
        res("ingresses", "Ingress", short=["ing"], subs=[STATUS]),
        res("networkpolicies", "NetworkPolicy", short=["netpol"]),
    ],
    "policy/v1": [res("poddisruptionbudgets", "PodDisruptionBudget", short=["pdb"], subs=[STATUS])],
    "rbac.authorization.k8s.io/v1": [
        res("clusterrolebindings", "ClusterRoleBinding", False),
        res("clusterroles", "ClusterRole", False),
        res("rolebindings", "RoleBinding"),
        res("roles", "Role"),
    ],
    "scheduling.k8s.io/v1": [res("priorityclasses", "PriorityClass", False, ["pc"])],
    "storage.k8s.io/v1": [res("storageclasses", "StorageClass", False, ["sc"])],
}


def api_resource(gv, r):
    """The APIResource entries of one resource: itself, then its subresources."""
    group, _, version = gv.rpartition("/")
    out = [{"name": r["name"], "singularName": r["kind"].lower(), "namespaced": r["namespaced"],
            "kind": r["kind"], "verbs": r["verbs"]}]
    for key in ("shortNames", "categories"):
        if r[key]:
            out[0][key] = r[key]
    for sub, target, verbs in r["subs"]:
        entry = {"name": "%s/%s" % (r["name"], sub), "singularName": "", "namespaced": r["namespaced"],
                 "kind": r["kind"], "verbs": verbs}
        if target:
            tgv, _, entry["kind"] = target.partition(":")
            tgroup, _, tversion = tgv.rpartition("/")
            if (tgroup, tversion) != (group, version):
                entry["group"], entry["version"] = tgroup, tversion
        out.append(entry)
    return out


def resource_list(gv):
    items = [e for r in RESOURCES[gv] for e in api_resource(gv, r)]
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": items}


def group_list():
    """APIGroupList of /apis: every group, its versions in RESOURCES order
    (the first is the preferred one)."""
    groups = {}
    for gv in RESOURCES:
        if "/" in gv:
            group, version = gv.split("/")
            groups.setdefault(group, []).append({"groupVersion": gv, "version": version})
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
        {"name": g, "versions": vs, "preferredVersion": vs[0]} for g, vs in groups.items()]}


API_VERSIONS = {"kind": "APIVersions", "versions": ["v1"],
                "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443"}]}
VERSION_INFO = {"major": "1", "minor": "35", "gitVersion": "v1.35.2", "gitCommit": "0" * 40,
                "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.25.7",
                "compiler": "gc", "platform": "linux/amd64"}


# --------------------------------------------------------------------------
# Objects
# --------------------------------------------------------------------------

CREATED = "2026-01-01T00:00:00Z"
LABELS = {"app": "web"}
SELECTOR = {"matchLabels": LABELS}


def container():
    return {"name": "app", "image": "nginx:1.25", "ports": [{"containerPort": 80, "protocol": "TCP"}],
            "env": [{"name": "LOG_LEVEL", "value": "info"}], "resources": {}, "imagePullPolicy": "IfNotPresent"}


def template(restart="Always"):
    return {"metadata": {"labels": dict(LABELS)},
            "spec": {"containers": [container()], "restartPolicy": restart, "securityContext": {}}}


def ready(kind="Ready"):
    return [{"type": kind, "status": "True", "lastTransitionTime": CREATED}]


def workload_status(replicas=1):
    return {"observedGeneration": 1, "replicas": replicas, "updatedReplicas": replicas,
            "readyReplicas": replicas, "availableReplicas": replicas}


def pod_body(ns, name):
    return {"spec": {"containers": [container()], "nodeName": "worker-1", "restartPolicy": "Always",
                     "serviceAccountName": "default", "securityContext": {}},
            "status": {"phase": "Running", "podIP": "10.1.0.10", "hostIP": "10.0.0.1",
                       "conditions": ready(), "startTime": CREATED,
                       "containerStatuses": [{"name": "app", "ready": True, "started": True, "restartCount": 0,
                                              "image": "nginx:1.25", "imageID": "", "containerID": "",
                                              "state": {"running": {"startedAt": CREATED}}}]}}


def deployment_body(ns, name):
    status = workload_status()
    status["conditions"] = [
        {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
        {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}]
    return {"spec": {"replicas": 1, "selector": SELECTOR, "template": template(),
                     "strategy": {"type": "RollingUpdate"}, "revisionHistoryLimit": 10},
            "status": status}


def statefulset_body(ns, name):
    status = workload_status()
    status.update(currentReplicas=1, currentRevision=name + "-1", updateRevision=name + "-1")
    return {"spec": {"replicas": 1, "selector": SELECTOR, "template": template(), "serviceName": name,
                     "updateStrategy": {"type": "RollingUpdate"}},
            "status": status}


def daemonset_body(ns, name):
    return {"spec": {"selector": SELECTOR, "template": template(), "updateStrategy": {"type": "RollingUpdate"}},
            "status": {"observedGeneration": 1, "desiredNumberScheduled": 1, "currentNumberScheduled": 1,
                       "updatedNumberScheduled": 1, "numberReady": 1, "numberAvailable": 1,
                       "numberMisscheduled": 0}}


def replicaset_body(ns, name):
    return {"spec": {"replicas": 1, "selector": SELECTOR, "template": template()}, "status": workload_status()}


def node_body(ns, name):
    capacity = {"cpu": "2", "memory": "4Gi", "pods": "110"}
    return {"spec": {"podCIDR": "10.1.0.0/24"},
            "status": {"conditions": ready(), "capacity": capacity, "allocatable": capacity,
                       "addresses": [{"type": "InternalIP", "address": "10.0.0.1"},
                                     {"type": "Hostname", "address": name}],
                       "nodeInfo": {"kubeletVersion": "v1.35.2", "osImage": "Linux", "architecture": "amd64",
                                    "operatingSystem": "linux", "containerRuntimeVersion": "containerd://2.0.0",
                                    "kernelVersion": "6.1.0", "kubeProxyVersion": "", "machineID": "",
                                    "systemUUID": "", "bootID": ""}}}


def job_body(ns, name):
    selector = {"batch.kubernetes.io/controller-uid": uid("jobs", ns, name)}
    spec = {"selector": {"matchLabels": selector}, "template": template("Never"), "completions": 1,
            "parallelism": 1, "backoffLimit": 6}
    spec["template"]["metadata"]["labels"].update(selector)
    return {"spec": spec, "status": {"succeeded": 1, "conditions": ready("Complete")}}


def cronjob_body(ns, name):
    return {"spec": {"schedule": "0 2 * * *", "jobTemplate": {"spec": {"template": template("OnFailure")}}},
            "status": {}}


def service_body(ns, name):
    return {"spec": {"selector": dict(LABELS), "type": "ClusterIP", "clusterIP": "10.96.0.10",
                     "ports": [{"name": "http", "port": 80, "targetPort": 80, "protocol": "TCP"}]},
            "status": {"loadBalancer": {}}}


def scale_body(ns, name):
    return {"spec": {"replicas": 1}, "status": {"replicas": 1, "selector": "app=web"}}


def hpa_body(ns, name):
    target = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}
    return {"spec": {"scaleTargetRef": target, "minReplicas": 1, "maxReplicas": 3},
            "status": {"currentReplicas": 1, "desiredReplicas": 1}}


def binding_body(ns, name, role_kind):
    return {"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": "view"},
            "subjects": [{"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "alice"}]}


def usage(cpu="1m", memory="16Mi"):
    return {"cpu": cpu, "memory": memory}


def simple(body):
    return lambda ns, name: body


BODIES = {
    "Pod": pod_body, "Deployment": deployment_body, "StatefulSet": statefulset_body,
    "DaemonSet": daemonset_body, "ReplicaSet": replicaset_body, "ReplicationController":
    lambda ns, name: {"spec": {"replicas": 1, "selector": dict(LABELS), "template": template()},
                      "status": workload_status()},
    "Node": node_body, "Job": job_body, "CronJob": cronjob_body, "Service": service_body, "Scale": scale_body,
    "HorizontalPodAutoscaler": hpa_body,
    "RoleBinding": lambda ns, name: binding_body(ns, name, "Role"),
    "ClusterRoleBinding": lambda ns, name: binding_body(ns, name, "ClusterRole"),
    "Role": simple({"rules": []}), "ClusterRole": simple({"rules": []}),
    "ConfigMap": simple({"data": {"LOG_LEVEL": "info"}}),
    "Secret": simple({"type": "Opaque", "data": {"password": "czNjcmV0"}}),
    "Namespace": simple({"spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}),
    "PersistentVolumeClaim": simple({"spec": {"accessModes": ["ReadWriteOnce"],
                                              "resources": {"requests": {"storage": "1Gi"}}},
                                     "status": {"phase": "Bound"}}),
    "PersistentVolume": simple({"spec": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}},
                                "status": {"phase": "Bound"}}),
    "Endpoints": simple({"subsets": [{"addresses": [{"ip": "10.1.0.10"}], "ports": [{"port": 80}]}]}),
    "Ingress": simple({"spec": {"rules": [{"host": "example.com"}]}}),
    "NetworkPolicy": simple({"spec": {"podSelector": {}}}),
    "PodDisruptionBudget": simple({"spec": {"selector": SELECTOR, "minAvailable": 1}}),
    "CertificateSigningRequest": simple({"spec": {"request": "LS0tLS0=", "signerName":
                                                  "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]},
                                         "status": {}}),
    "PodMetrics": simple({"timestamp": CREATED, "window": "30s",
                          "containers": [{"name": "app", "usage": usage()}]}),
    "NodeMetrics": simple({"timestamp": CREATED, "window": "30s", "usage": usage("100m", "1Gi")}),
    "StorageClass": simple({"provisioner": "kubernetes.io/no-provisioner"}),
    "PriorityClass": simple({"value": 1000}),
    "ResourceQuota": simple({"spec": {"hard": {"pods": "10"}}, "status": {"hard": {"pods": "10"}}}),
    "Lease": simple({"spec": {"holderIdentity": "worker-1"}}),
}


def uid(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(p or "" for p in parts)))


def make_object(gv, kind, ns, name, plural):
    """A minimal object of `kind`, named `name` (in `ns` when namespaced)."""
    meta = {"name": name, "uid": uid(plural, ns, name), "resourceVersion": "1", "generation": 1,
            "creationTimestamp": CREATED, "labels": dict(LABELS)}
    if ns:
        meta["namespace"] = ns
    if kind == "Pod":
        meta["ownerReferences"] = [owner("apps/v1", "ReplicaSet", "web-7d4b9c8f5", ns)]
    # what `kubectl apply` would have left (apply view-last-applied, edit-last-applied)
    applied = {"apiVersion": gv, "kind": kind, "metadata": {"name": name, "labels": dict(LABELS)}}
    if ns:
        applied["metadata"]["namespace"] = ns
    meta["annotations"] = {"kubectl.kubernetes.io/last-applied-configuration": json.dumps(applied)}
    if kind == "Deployment":
        meta["annotations"]["deployment.kubernetes.io/revision"] = "3"
    obj = {"apiVersion": gv, "kind": kind, "metadata": meta}
    obj.update(json.loads(json.dumps(BODIES.get(kind, simple({}))(ns, name))))
    return obj


def owner(gv, kind, name, ns):
    plural = kind.lower() + "s"
    return {"apiVersion": gv, "kind": kind, "name": name, "uid": uid(plural, ns, name),
            "controller": True, "blockOwnerDeletion": True}


def replicaset_revisions(gv, ns):
    """Three ReplicaSets of Deployment `web` (revisions 1 to 3, the last
    one current), for rollout undo/history."""
    out = []
    for rev, name in ((1, "web-5f7c6d9b8"), (2, "web-6b8f7c4d9"), (3, "web-7d4b9c8f5")):
        obj = make_object(gv, "ReplicaSet", ns, name, "replicasets")
        obj["metadata"]["annotations"]["deployment.kubernetes.io/revision"] = str(rev)
        obj["metadata"]["ownerReferences"] = [owner("apps/v1", "Deployment", "web", ns)]
        obj["metadata"]["labels"]["pod-template-hash"] = name.rsplit("-", 1)[1]
        if rev < 3:
            obj["spec"]["replicas"] = 0
            obj["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.2%d" % (2 + rev)
        out.append(obj)
    return out


DEFAULT_NAMES = {"pods": "web-0", "nodes": "worker-1", "namespaces": "default"}
EMPTY_COLLECTIONS = {"events", "controllerrevisions"}


# --------------------------------------------------------------------------
# Routing: what a request names, and the answer
# --------------------------------------------------------------------------

class Route:
    """A resource request: /api/v1/namespaces/NS/PLURAL/NAME/SUB/..."""
    __slots__ = ("gv", "res", "ns", "name", "sub")

    def __init__(self, gv, res_, ns, name, sub):
        self.gv, self.res, self.ns, self.name, self.sub = gv, res_, ns, name, sub

    @property
    def plural(self):
        return self.res["name"]

    def key(self):
        return (self.gv.rpartition("/")[0], self.plural, self.ns, self.name)


def parse_route(path):
    segs = [urllib.parse.unquote(s) for s in path.strip("/").split("/")]
    if segs[0] == "api" and len(segs) > 2:
        gv, rest = segs[1], segs[2:]
    elif segs[0] == "apis" and len(segs) > 3:
        gv, rest = segs[1] + "/" + segs[2], segs[3:]
    else:
        return None
    table = {r["name"]: r for r in RESOURCES.get(gv, [])}
    ns = None
    if len(rest) >= 3 and rest[0] == "namespaces" and table.get(rest[2], {}).get("namespaced"):
        ns, rest = rest[1], rest[2:]
    if rest[0] not in table:
        return None
    name = rest[1] if len(rest) > 1 else None
    sub = rest[2] if len(rest) > 2 else None
    return Route(gv, table[rest[0]], ns, name, sub)


DISCOVERY = re.compile(r"^/(version|api(/[^/]+)?|apis(/[^/]+){0,2}|openapi(/.*)?)/?$")
STREAMS = {"exec", "attach", "portforward"}
REVIEW_STATUS = {
    "SelfSubjectAccessReview": {"allowed": True},
    "SubjectAccessReview": {"allowed": True},
    "LocalSubjectAccessReview": {"allowed": True},
    "SelfSubjectRulesReview": {"resourceRules": [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}],
                               "nonResourceRules": [{"verbs": ["*"], "nonResourceURLs": ["*"]}],
                               "incomplete": False},
    "SelfSubjectReview": {"userInfo": {"username": "admin", "groups": ["system:masters"]}},
    "TokenReview": {"authenticated": True, "user": {"username": "admin"}},
    "TokenRequest": {"token": "token", "expirationTimestamp": "2026-01-01T01:00:00Z"},
}


def status(code, reason="", message="", route=None):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {},
            "status": "Success" if code < 400 else "Failure", "code": code}
    if reason:
        body.update(reason=reason, message=message)
    if route is not None and route.name:
        body["details"] = {"name": route.name, "group": route.gv.rpartition("/")[0], "kind": route.plural}
    return body


def not_found(route):
    group = route.gv.rpartition("/")[0]
    what = route.plural + ("." + group if group else "")
    return 404, status(404, "NotFound", '%s "%s" not found' % (what, route.name), route)


class State:
    """What the server knows during one command: the requests it got, the
    objects the command created and deleted, and the variants of the
    objects that let the command do its work (see variants_for())."""

    def __init__(self, variants=frozenset()):
        self.lock = threading.Lock()
        self.requests = []
        self.deleted = set()
        self.created = {}
        self.variants = variants
        self.done = threading.Event()

    def exists(self, route, name=None):
        key = route.key()[:3] + (name or route.name,)
        return key in self.created or not key[3].startswith("new-") and key not in self.deleted

    def delete(self, route):
        with self.lock:
            self.deleted.add(route.key())
            self.created.pop(route.key(), None)

    def create(self, route, obj):
        key = route.key()[:3] + (obj["metadata"]["name"],)
        with self.lock:
            self.created[key] = obj
            self.deleted.discard(key)


def variants_for(argv):
    """Objects a command changes only when they are in another state:
    uncordon needs a cordoned node, rollout resume a paused deployment,
    removing a taint (`taint ... key-`) a node with that taint."""
    out = set()
    if "uncordon" in argv:
        out.add("cordoned")
    if "resume" in argv:
        out.add("paused")
    if "taint" in argv and any(a.endswith("-") for a in argv):
        out.add("tainted")
    return frozenset(out)


def the_object(state, route, name=None):
    """The object `name` of the route's resource: the one this command
    created, else a made-up one."""
    key = route.key()[:3] + (name or route.name,)
    if key in state.created:
        return json.loads(json.dumps(state.created[key]))
    ns = route.ns or ("default" if route.res["namespaced"] else None)
    obj = make_object(route.gv, route.res["kind"], ns, name or route.name, route.plural)
    spec = obj.get("spec", {})
    if obj["kind"] == "Node" and "cordoned" in state.variants:
        spec["unschedulable"] = True
    if obj["kind"] == "Node" and "tainted" in state.variants:
        spec["taints"] = [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]
    if obj["kind"] == "Deployment" and "paused" in state.variants:
        spec["paused"] = True
    return obj


def field_name(query):
    """X of fieldSelector=metadata.name=X, else None."""
    for sel in query.get("fieldSelector", []):
        m = re.search(r"(?:^|,)metadata\.name==?([^,]+)", sel)
        if m:
            return m.group(1)
    return None


def collection_items(state, route, query):
    if route.plural in EMPTY_COLLECTIONS:
        return []
    name = field_name(query)
    if route.plural == "replicasets" and not name:
        return replicaset_revisions(route.gv, route.ns or "default")
    name = name or DEFAULT_NAMES.get(route.plural, "web")
    return [the_object(state, route, name)] if state.exists(route, name) else []


def object_list(route, items):
    return {"kind": route.res["kind"] + "List", "apiVersion": route.gv,
            "metadata": {"resourceVersion": "1"}, "items": items}


def filled(state, route, body, code):
    """The object a POST or PUT sent, as the server stores it: the body when
    it is JSON, else (protobuf: only its names are read) an object of the
    route's kind with the body's name.  A Pod runs at once."""
    sent = (body or {}).get("metadata", {})
    name = sent.get("name") or route.name or (sent.get("generateName") or "created-") + "xxxxx"
    if not body or body.get("partial"):
        container = (body or {}).get("container")
        body = make_object(route.gv, route.res["kind"], route.ns, name, route.plural)
        if container:
            body["spec"]["containers"][0]["name"] = container
    if body.get("kind") == "Pod" and body.get("spec", {}).get("containers"):
        body["status"] = pod_body(None, None)["status"]
        body["status"]["containerStatuses"][0]["name"] = body["spec"]["containers"][0]["name"]
    meta = body.setdefault("metadata", {})
    meta["name"] = name
    if route.res["namespaced"]:
        meta["namespace"] = meta.get("namespace") or route.ns or "default"
    meta.update(uid=uid(route.plural, route.ns, name), resourceVersion="2",
                creationTimestamp=meta.get("creationTimestamp") or CREATED)
    if body.get("kind") in REVIEW_STATUS:
        body["status"] = REVIEW_STATUS[body["kind"]]
    else:
        state.create(route, body)
    return code, body


def with_ephemeral(state, route, patch):
    """The Pod after `kubectl debug` added ephemeral containers (the
    patch's), all of them running at once."""
    pod = the_object(state, route)
    added = [c for c in ((patch or {}).get("spec") or {}).get("ephemeralContainers", []) if "name" in c]
    pod["spec"]["ephemeralContainers"] = added
    pod["status"]["ephemeralContainerStatuses"] = [
        {"name": c["name"], "image": c.get("image", ""), "imageID": "", "ready": False, "restartCount": 0,
         "state": {"running": {"startedAt": CREATED}}} for c in added]
    state.create(route, pod)
    return 200, pod


def answer_subresource(state, method, route, body):
    sub = route.sub
    if sub in STREAMS:
        return 400, status(400, "BadRequest", "the test server does not stream (%s)" % sub)
    if sub in ("log", "proxy"):
        return 200, "log line\n" if sub == "log" else "ok"
    if sub == "scale":
        return 200, make_object("autoscaling/v1", "Scale", route.ns, route.name, route.plural)
    if sub == "eviction":
        state.delete(route)
        return 201, status(201)
    if sub == "token":
        token = {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
                 "metadata": {"name": route.name, "namespace": route.ns}, "spec": {"audiences": []}}
        return 201, dict(token, status=REVIEW_STATUS["TokenRequest"])
    if sub == "ephemeralcontainers" and method == "PATCH":
        return with_ephemeral(state, route, body)
    if method == "POST":
        return 201, status(201)
    return 200, the_object(state, route)


def answer(state, method, route, query, body, ctype):
    """(HTTP status, JSON object or text) for a resource request that is not a watch."""
    if route.name is None:
        if method == "POST":
            return filled(state, route, body, 201)
        if method == "DELETE":
            return 200, status(200)
        return 200, object_list(route, collection_items(state, route, query))
    if route.res["namespaced"] and route.ns is None:
        return 404, status(404, "NotFound", "the server could not find the requested resource")
    if not state.exists(route):
        if method == "PATCH" and route.sub is None and ctype.startswith("application/apply-patch"):
            return filled(state, route, None, 201)  # server-side apply creates
        return not_found(route)
    if route.sub:
        return answer_subresource(state, method, route, body)
    if method == "DELETE":
        state.delete(route)
    if method == "PUT":
        return filled(state, route, body, 200)
    return 200, the_object(state, route)


def varint(data, i):
    value, shift = 0, 0
    while True:
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i, shift = i + 1, shift + 7
        if byte < 0x80:
            return value, i


def length_delimited(data):
    """{field number: bytes} of the length-delimited fields of a protobuf
    message (the other wire types are skipped)."""
    out, i = {}, 0
    while i < len(data):
        key, i = varint(data, i)
        wire = key & 7
        if wire == 2:
            size, i = varint(data, i)
            out.setdefault(key >> 3, data[i:i + size])
            i += size
        elif wire == 0:
            i = varint(data, i)[1]
        else:
            i += 8 if wire == 1 else 4
    return out


def protobuf_object(data):
    """apiVersion, kind and metadata names of a Kubernetes protobuf body
    ("k8s\\0" + runtime.Unknown{typeMeta=1, raw=2}; every object's field 1
    is its ObjectMeta: name=1, generateName=2, namespace=3), and for a Pod
    the name of its first container (spec=2, containers=2, name=1)."""
    unknown = length_delimited(data[4:])
    type_meta = length_delimited(unknown.get(1, b""))
    raw = length_delimited(unknown.get(2, b""))
    meta = length_delimited(raw.get(1, b""))
    names = {k: meta.get(n, b"").decode() for k, n in (("name", 1), ("generateName", 2), ("namespace", 3))}
    obj = {"apiVersion": type_meta.get(1, b"").decode(), "kind": type_meta.get(2, b"").decode(),
           "metadata": names, "partial": True}
    first = length_delimited(length_delimited(raw.get(2, b"")).get(2, b"")).get(1)
    if obj["kind"] == "Pod" and first:
        obj["container"] = first.decode()
    return obj


def parse_body(data, ctype):
    if ctype.startswith("application/vnd.kubernetes.protobuf") and data.startswith(b"k8s\x00"):
        try:
            return protobuf_object(data)
        except (IndexError, UnicodeDecodeError):
            return None
    try:
        return json.loads(data) if data else None
    except ValueError:
        return None  # YAML (server-side apply): not needed


def openapi_path(gv):
    return "api/" + gv if gv == "v1" else "apis/" + gv


def openapi_doc(gv):
    """An OpenAPI v3 document of GV that has, for every resource that can be
    patched, the PATCH operation with its fieldValidation parameter: kubectl
    checks it there before it sends fieldValidation=Strict (--validate)."""
    group, _, version = gv.rpartition("/")
    paths = {}
    for r in RESOURCES[gv]:
        if "patch" not in r["verbs"]:
            continue
        scope = "/namespaces/{namespace}" if r["namespaced"] else ""
        gvk = {"group": group, "version": version, "kind": r["kind"]}
        param = {"name": "fieldValidation", "in": "query", "schema": {"type": "string"}}
        paths["/%s%s/%s/{name}" % (openapi_path(gv), scope, r["name"])] = {
            "patch": {"x-kubernetes-group-version-kind": gvk, "parameters": [param],
                      "responses": {"200": {"description": "OK"}}}}
    return {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.35.2"}, "paths": paths,
            "components": {"schemas": {}}}


def openapi_answer(path):
    if path == "/openapi/v3":
        return 200, {"paths": {openapi_path(gv): {"serverRelativeURL": "/openapi/v3/%s?hash=0" % openapi_path(gv)}
                               for gv in RESOURCES}}
    for gv in RESOURCES:
        if path == "/openapi/v3/" + openapi_path(gv):
            return 200, openapi_doc(gv)
    return 404, status(404, "NotFound", "the server could not find the requested resource")


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------

def discovery_answer(path):
    path = path.rstrip("/")
    if path.startswith("/openapi/"):
        return openapi_answer(path)
    if path == "/version":
        return 200, VERSION_INFO
    if path == "/api":
        return 200, API_VERSIONS
    if path == "/apis":
        return 200, group_list()
    gv = path[len("/api/"):] if path.startswith("/api/") else path[len("/apis/"):]
    if gv in RESOURCES:
        return 200, resource_list(gv)
    groups = [g for g in group_list()["groups"] if g["name"] == gv]
    if groups:
        return 200, dict(groups[0], kind="APIGroup", apiVersion="v1")
    return 404, status(404, "NotFound", "the server could not find the requested resource")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        """Every method: record the request, then answer it."""
        state = self.server.state
        url = urllib.parse.urlsplit(self.path)
        ctype = self.headers.get("Content-Type", "")
        entry = {"method": self.command, "path": url.path, "query": url.query}
        if self.command in ("POST", "PUT", "PATCH"):
            entry["content_type"] = ctype
        if self.headers.get("Upgrade"):
            entry["upgrade"] = self.headers["Upgrade"]
        with state.lock:
            state.requests.append(entry)
        body = self.read_body()
        query = urllib.parse.parse_qs(url.query)
        route = parse_route(url.path)
        if DISCOVERY.match(url.path):
            code, payload = discovery_answer(url.path)
        elif route is None:
            known = url.path in ("/healthz", "/livez", "/readyz", "/metrics")
            code, payload = (200, "ok") if known else (404, status(404, "NotFound", "no such path"))
        elif query.get("watch", [""])[0] in ("true", "1") and route.name is None:
            return self.watch(state, route, query)
        else:
            code, payload = answer(state, self.command, route, query, body, ctype)
        self.reply(code, payload)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                chunk = self.rfile.read(size + 2)[:size]
                if not size:
                    break
                data += chunk
        else:
            data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        return parse_body(data, self.headers.get("Content-Type", ""))

    def reply(self, code, payload):
        text = isinstance(payload, str)
        data = (payload if text else json.dumps(payload)).encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain" if text else "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def watch(self, state, route, query):
        """Send the current objects (when the watch starts from no
        resourceVersion, as after a list the events would be new ones), then
        keep the stream open until kubectl goes away or the command ends."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        events = []
        if query.get("resourceVersion", ["0"])[0] in ("", "0") or "sendInitialEvents" in query:
            events = [{"type": "ADDED", "object": o} for o in collection_items(state, route, query)]
        if query.get("sendInitialEvents", [""])[0] == "true":
            mark = {"kind": route.res["kind"], "apiVersion": route.gv, "metadata": {
                "resourceVersion": "1", "annotations": {"k8s.io/initial-events-end": "true"}}}
            events.append({"type": "BOOKMARK", "object": mark})
        for event in events:
            data = (json.dumps(event) + "\n").encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()
        sock = self.connection
        while not state.done.is_set():
            readable, _, _ = select.select([sock], [], [], 0.2)
            if readable and not sock.recv(1, socket.MSG_PEEK):
                break
        self.close_connection = True


class FakeApiServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = State()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]


# --------------------------------------------------------------------------
# Running kubectl
# --------------------------------------------------------------------------

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: app, image: "nginx:1.27"}
"""
NEW_CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: new-config
  labels: {app: web}
data: {LOG_LEVEL: debug}
"""
MANIFESTS = DEPLOYMENT + "---\n" + NEW_CONFIGMAP
FIXTURES = {
    "deploy.yaml": MANIFESTS,
    "manifests/deploy.yaml": MANIFESTS,
    "overlays/prod/kustomization.yaml": "resources:\n- deploy.yaml\nnamespace: prod\n",
    "overlays/prod/deploy.yaml": MANIFESTS,
    "rbac.yaml": """apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: shop}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: new-read-pods, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects:
- {kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}
""",
    "csr.yaml": """apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: csr-1}
spec: {request: LS0tLS0=, signerName: kubernetes.io/kube-apiserver-client, usages: [client auth]}
""",
    "patch.yaml": "spec:\n  replicas: 2\n",
    "debug.json": '{"env": [{"name": "DEBUG", "value": "1"}]}\n',
    "app.properties": "log.level=debug\n",
    "app.env": "LOG_LEVEL=debug\n",
    "id_rsa": "not a key\n",
    "config.json": '{"auths": {}}\n',
}
# KUBE_EDITOR for `kubectl edit`: adds a label, so that kubectl saves.
EDITOR = r'''#!%s
import re, sys
path = sys.argv[-1]
text = open(path).read()
new = re.sub(r"^( *)labels:\n", lambda m: m.group(0) + m.group(1) + '  edited: "true"\n', text, count=1, flags=re.M)
if new == text:
    new = text.replace('"labels": {', '"labels": {"edited": "true", ', 1)
open(path, "w").write(new)
''' % sys.executable
KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- name: test
  cluster: {server: "%s"}
users:
- name: admin
  user: {}
contexts:
- name: test
  context: {cluster: test, user: admin, namespace: default}
current-context: test
"""


def tls_pair(tmp):
    """tls.crt and tls.key for `create secret tls` (made by openssl if it is
    installed; without them the command stops before the server)."""
    if not shutil.which("openssl"):
        return {}
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-days", "1", "-subj", "/CN=web", "-keyout", os.path.join(tmp, "k"),
                    "-out", os.path.join(tmp, "c")], check=True, capture_output=True)
    with open(os.path.join(tmp, "c")) as crt, open(os.path.join(tmp, "k")) as key:
        return {"tls.crt": crt.read(), "tls.key": key.read()}


def write_files(root, files, mode=0o644):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text)
        os.chmod(path, mode)


def confine(argv, tmp):
    """Move the directories a command writes into its temporary directory."""
    out, moved = [], False
    for arg in argv:
        if moved:
            arg, moved = os.path.join(tmp, "moved"), False
        elif arg in ("--cache-dir", "--output-directory"):
            moved = True
        elif re.match(r"--(cache-dir|output-directory)=", arg):
            arg = arg.split("=", 1)[0] + "=" + os.path.join(tmp, "moved")
        out.append(arg)
    return out


def run_command(server, kubectl, argv, timeout, fixtures):
    """Run kubectl ARGV against `server`; return (exit code or None on
    timeout, the requests the server got, kubectl's stderr)."""
    tmp = tempfile.mkdtemp(prefix="rbc-kubectl-requests-")
    try:
        home, work, bindir = (os.path.join(tmp, d) for d in ("home", "work", "bin"))
        for d in (home, work, bindir):
            os.mkdir(d)
        write_files(work, fixtures)
        write_files(bindir, {"edit": EDITOR}, 0o755)
        write_files(tmp, {"kubeconfig": KUBECONFIG % server.url})
        env = {"HOME": home, "KUBECONFIG": os.path.join(tmp, "kubeconfig"), "PATH": bindir,
               "KUBE_EDITOR": os.path.join(bindir, "edit"), "LANG": "C", "LC_ALL": "C", "TERM": "dumb",
               "TMPDIR": tmp}
        state = server.state = State(variants_for(argv))
        proc = subprocess.Popen([kubectl] + confine(argv, tmp), cwd=work, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            _, err = proc.communicate()
            code = None
        state.done.set()
        with state.lock:
            return code, list(state.requests), err.decode("utf-8", "replace").replace(tmp, "$TMP")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

# random suffixes kubectl gives names (debug's container and node pod)
RANDOM_NAME = re.compile(r"\b(debugger-|node-debugger-[a-z0-9.-]+?-)[a-z0-9]{5}\b")


def canonical_query(query):
    """The query decoded, with the random parts made constant: the terms of
    a fieldSelector (kubectl builds some from a Go map) sorted, the
    watch timeouts client-go's reflector draws at random replaced by N."""
    params = []
    for key, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        if key == "fieldSelector":
            value = ",".join(sorted(value.split(",")))
        if key in ("timeout", "timeoutSeconds") and "allowWatchBookmarks=true" in query:
            value = "N"
        params.append("%s=%s" % (key, RANDOM_NAME.sub(r"\1XXXXX", value)))
    return "&".join(params)


def canonical(requests):
    """Deterministic form of one command's requests: discovery marked and
    sorted within each run of consecutive discovery requests (kubectl sends
    them concurrently), a request repeated back to back kept once."""
    out = []
    for req in requests:
        req = dict(req, path=RANDOM_NAME.sub(r"\1XXXXX", req["path"]), query=canonical_query(req["query"]))
        if DISCOVERY.match(req["path"]):
            req["discovery"] = True
        out.append(req)
    runs, i = [], 0
    while i < len(out):
        j = i + 1
        while j < len(out) and out[i].get("discovery") and out[j].get("discovery"):
            j += 1
        runs.extend(sorted(out[i:j], key=lambda r: (r["path"], r["method"], r["query"])))
        i = j
    deduped = []
    for req in runs:
        if deduped and {k: v for k, v in deduped[-1].items() if k != "repeated"} == req:
            deduped[-1]["repeated"] = True
        else:
            deduped.append(req)
    return deduped


def render(version, entries):
    """The output JSON, a line per command and a line per request."""
    parts = []
    for entry in entries:
        head = json.dumps({k: v for k, v in entry.items() if k != "requests"}, ensure_ascii=False)[:-1]
        requests = ",\n".join("   " + json.dumps(r, ensure_ascii=False) for r in entry["requests"])
        parts.append(' %s, "requests": [%s]}' % (head, "\n" + requests + "\n " if requests else ""))
    return '{"kubectl": %s, "commands": [\n%s\n]}\n' % (json.dumps(version), ",\n".join(parts))


def accepted_lines(expected_path):
    with open(expected_path, encoding="utf-8") as fh:
        return {e["line"] for e in json.load(fh) if e["verdict"] == "ok"}


def kubectl_version(kubectl):
    out = subprocess.run([kubectl, "version", "--client", "-o", "json"], capture_output=True, check=True,
                         env={"HOME": tempfile.gettempdir(), "KUBECONFIG": os.devnull}).stdout
    return json.loads(out)["clientVersion"]["gitVersion"]


def main():
    ap = argparse.ArgumentParser(description="Record the HTTP requests the real kubectl sends per command line.")
    ap.add_argument("--kubectl", required=True)
    ap.add_argument("file")
    ap.add_argument("--expected", help="verdicts of FILE (default: expected.json next to FILE)")
    ap.add_argument("--jobs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--stderr", action="store_true", help="add kubectl's stderr to each entry (to investigate)")
    args = ap.parse_args()
    kubectl = os.path.abspath(args.kubectl)
    ok = accepted_lines(args.expected or os.path.join(os.path.dirname(args.file), "expected.json"))
    cmds = [c for c in load_verdict_tool().parse_file(args.file) if c[0] in ok]
    with tempfile.TemporaryDirectory() as tmp:
        fixtures = dict(FIXTURES, **tls_pair(tmp))
    servers = [FakeApiServer() for _ in range(args.jobs)]
    free = queue.Queue()
    for server in servers:
        free.put(server)

    def one(item):
        n, line, ran, argv = item
        server = free.get()
        try:
            code, requests, err = run_command(server, kubectl, argv, args.timeout, fixtures)
        finally:
            free.put(server)
        entry = {"line": n, "command": line, "exit": code}
        if ran != line:
            entry["ran"] = ran
        if code is None:
            entry["timed_out"] = True
        entry["requests"] = canonical(requests)
        if args.stderr:
            entry["stderr"] = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", err)
        return entry

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        entries = list(pool.map(one, cmds))
    for server in servers:
        server.shutdown()
    sys.stdout.write(render(kubectl_version(kubectl), entries))


if __name__ == "__main__":
    main()
