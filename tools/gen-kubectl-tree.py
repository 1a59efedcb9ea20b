#!/usr/bin/env python3
"""Extract the kubectl command tree from the REAL kubectl binary.

Usage:
    python3 tools/gen-kubectl-tree.py --kubectl PATH [-o FILE] [--jobs N]

Writes schema/kubectl/tree.json (to stdout unless -o is given).  Get the
binary with `tools/fetch-kubectl.sh` (kubectl v1.35.2).  The output is
deterministic: every list is sorted, no timestamps, no temporary paths, so a
test can regenerate it and compare byte for byte.

kubectl is always run hermetically (see tools/kubectl_probe.py): a fresh
temporary HOME/cwd per run, KUBECONFIG pointing at a file that does not exist
(kubectl then only ever tries http://localhost:8080, which refuses), an empty
PATH dir (no plugins), stdin=/dev/null.  No network is needed.

How each field is derived
=========================

Top level
  kubectl_version  `kubectl version --client` ("Client Version: v1.35.2").
  global_flags     `kubectl options` (name, shorthand, default as printed by
                   kubectl's help template), types probed on `kubectl version`
                   exactly like command flags (below), plus hidden global flags
                   found by probing HIDDEN_FLAG_CANDIDATES.
  commands         every command at every depth, sorted by path (see below).
  resources        curated table BUILTIN_RESOURCES below (api-resources needs a
                   cluster).

Commands (one entry per command, the root is path [])
  path             names from the root.  Subcommands of the root come from
                   `kubectl __complete ""` (cobra's hidden completion command),
                   subcommands of other commands from the "Available Commands:"
                   section of `kubectl PATH --help`; each candidate is verified
                   by checking that `kubectl PATH NAME --help` prints a Usage
                   line starting with `kubectl PATH NAME`.  Hidden and
                   deprecated commands are not listed by cobra, so the names in
                   HIDDEN_COMMAND_CANDIDATES are probed under every command
                   group as well.
  short            one-line description (from the parent's command listing).
  aliases          the "Aliases:" section of the help (kubectl prints
                   "name, alias1, alias2"; the name itself is dropped).
  deprecated       cobra prints `Command "X" is deprecated, MSG` on stderr
                   whenever a deprecated command runs, even with --help; we run
                   `kubectl PATH --help` and keep MSG (null if absent).
  hidden           true only for commands found through the candidate probe.
  has_subcommands  the help lists "Available Commands:".
  runnable         whether the command does something itself.  Probed by
                   running the bare command: a command without a Run function
                   makes cobra print the help on stdout and exit 0 (false);
                   commands with subcommands that use kubectl's
                   DefaultSubCommandRun print the help on stderr and exit 1
                   (also false: nothing runs, but kubectl reports an error);
                   anything else is runnable (true).  `runnable_exit_code`
                   is not stored; `group_without_subcommand` (below) tells the
                   two kinds of groups apart.
  group_without_subcommand
                   for non-runnable commands: what kubectl does when it is
                   invoked without (or with an unknown) subcommand:
                   "help-exit-0" (cobra default: help on stdout, exit 0 even
                   for `kubectl alpha foo`), or "error" (kubectl's
                   DefaultSubCommandRun: help on stderr / `error: unknown
                   command "foo"`, exit 1); null for runnable commands.
  args_min/args_max
                   cobra's positional-argument validator (cobra.NoArgs,
                   ExactArgs, MinimumNArgs, MaximumNArgs, RangeArgs), probed by
                   running the command with 0 and with 9 positional args and
                   parsing cobra's messages ("accepts at most N arg(s)",
                   "accepts N arg(s)", "requires at least N arg(s)",
                   "accepts between A and B arg(s)", NoArgs' `unknown command
                   "a1" for "kubectl PATH"`).  null means "not limited by
                   cobra".  kubectl's own checks made later in Complete/
                   Validate (e.g. "exactly one NAME is required") are NOT
                   represented here; they show up as usage errors in the
                   verdict oracle.
  usage            the Usage: line(s) of the help, verbatim.
  flags            the command's own flags (local flags and flags inherited
                   from a non-root parent) except the global ones, see below.

Flags
  name, shorthand, default
                   from the help's "Options:" block (`    -o, --output='':`),
                   cross-checked against `kubectl __complete PATH --` / `-`
                   (which also lists flags inherited from parents).  `default`
                   is the text kubectl prints (for string flags without the
                   surrounding quotes; "[]" for empty lists); the temporary
                   HOME is printed as "$HOME".
  type             pflag value type, PROBED:
                     `kubectl PATH --NAME=zz9 --help` (--help stops kubectl
                     before anything runs, but flag parsing happens first):
                       strconv.ParseBool  -> bool
                       strconv.ParseInt   -> signed integer; width from
                          out-of-range probes (128 / 32768 / 2147483648):
                          int8 / int16 / int32 / int64.  pflag `int` and
                          `int64` behave identically on 64-bit Linux, so both
                          are reported as "int64".
                       strconv.ParseUint  -> unsigned, same idea (uint8/16/32/64)
                       strconv.ParseFloat -> float64 (float32 if 1e39 is out of
                          range)
                       time: invalid duration -> duration
                       "must be formatted as key=value" -> stringToString
                       any other parse error -> "custom" (error kept in
                          `value_error`)
                     when zz9 is accepted the flag is string-like:
                       default printed as '...' -> string (kubectl's help
                          template quotes exactly the flags whose pflag type
                          is "string")
                       default printed as [...] -> stringSlice when the value
                          `"a` fails (pflag parses slices as CSV and reports
                          `parse error ... bare " in non-quoted-field`),
                          otherwise stringArray
                       anything else -> "custom" (e.g. klog's --vmodule)
  takes_value      false when the flag may be given bare: `kubectl PATH --help
                   --NAME` (flag last) fails with "flag needs an argument"
                   exactly when a value is required.  Flags that accept a
                   value but do not require one (bools, and string flags with
                   a pflag NoOptDefVal such as --dry-run, --cascade,
                   --validate) have takes_value=false; for them a value can
                   only be attached with `=` (`--dry-run client` makes
                   "client" a positional argument).
  optional_value   true for non-bool flags with takes_value=false.
  deprecated       message of `Flag --NAME has been deprecated, MSG` printed
                   when a (hidden) deprecated flag is used; null otherwise.
  hidden           true for flags that exist but are not shown by help or
                   completion (found by probing HIDDEN_FLAG_CANDIDATES).
  enum             for flags whose value kubectl validates BEFORE contacting
                   the server: the accepted values, parsed from the error of
                   `kubectl PATH <PROBE_ARGS[PATH]> --NAME=zz9` (the base
                   arguments are chosen so that the command passes its other
                   checks); null when the value is not validated offline, or
                   when the error does not contain a parseable list.
  value_check      the (normalized) first error line for the invalid value
                   zz9 when kubectl validates the value offline, else null.
                   E.g. `error: --type must be one of [json merge strategic],
                   not "zz9"`.
"""

import argparse
import concurrent.futures
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kubectl_probe import run_kubectl  # noqa: E402

EXPECTED_VERSION = "v1.35.2"
BAD = "zz9"  # a value no flag type accepts except strings

# ---------------------------------------------------------------------------
# Curated probe lists
# ---------------------------------------------------------------------------

# Commands that are hidden or deprecated are not listed by cobra.  These names
# (commands kubectl had at some point, or that people commonly type) are probed
# under every command group; only the ones the binary really has end up in the
# tree (marked hidden=true).
HIDDEN_COMMAND_CANDIDATES = [
    "convert", "rolling-update", "rollingupdate", "run-container", "stop",
    "resize", "clusterinfo", "namespace", "log", "exec-credential",
    "credentials", "kuberc", "debug", "events", "plugin", "rollback",
    "update", "status", "apply", "new", "list", "view", "restart",
]

# Flags that are hidden (pflag MarkHidden / MarkDeprecated) do not appear in
# help or completion.  These names - flags kubectl had at some point and later
# hid, deprecated or removed, and klog's old global flags - are probed on every
# command; any that the binary accepts are added with hidden=true.
HIDDEN_FLAG_CANDIDATES = [
    # klog flags that kubectl used to expose globally
    "add-dir-header", "alsologtostderr", "log-backtrace-at", "log-dir",
    "log-file", "log-file-max-size", "logtostderr", "one-output",
    "skip-headers", "skip-log-headers", "stderrthreshold", "log-flush-frequency",
    "version", "azure-container-registry-config", "default-not-ready-toleration-seconds",
    # command flags that were deprecated/hidden/removed over time
    "container-port", "delete-local-data", "delete-emptydir-data", "export",
    "generator", "include-uninitialized", "interactive", "limits", "requests",
    "openapi-patch", "pod", "prune-whitelist", "prune-allowlist", "record",
    "replicas", "schedule", "server-dry-run", "serviceaccount", "hostport",
    "service-generator", "use-openapi-print-columns", "use-protocol-buffers",
    "experimental-use-protocol-buffers", "kubelet-address", "skip-checks",
    "username", "password", "local", "watch", "all", "force", "timeout",
    "windows-line-endings", "show-events", "template", "sort-by", "raw",
    "server-print", "warnings-as-errors", "match-server-version", "show-all",
    "chunk-size", "dry-run", "validate", "field-manager", "overwrite",
    "save-config", "record", "cascade", "now", "grace-period", "wait",
    "selector", "filename", "recursive", "output", "no-headers", "quiet",
    "tty", "stdin", "container", "keep-annotations", "profile",
]

# Base arguments that make a command pass its other offline checks, so that
# probing `--FLAG=zz9` reaches the validation of that flag's value (if any).
# Keys are command paths joined by spaces.
PROBE_ARGS = {
    "annotate": ["pod", "p1", "a=b"],
    "api-resources": [],
    "api-versions": [],
    "apply": ["-f", "-"],
    "apply edit-last-applied": ["deployment/d1"],
    "apply set-last-applied": ["-f", "-"],
    "apply view-last-applied": ["deployment/d1"],
    "attach": ["p1"],
    "auth can-i": ["get", "pods"],
    "auth reconcile": ["-f", "-"],
    "auth whoami": [],
    "autoscale": ["deployment", "d1", "--max=3"],
    "certificate approve": ["csr1"],
    "certificate deny": ["csr1"],
    "cluster-info": [],
    "cluster-info dump": [],
    "completion": ["bash"],
    "config current-context": [],
    "config delete-cluster": ["c1"],
    "config delete-context": ["c1"],
    "config delete-user": ["u1"],
    "config get-clusters": [],
    "config get-contexts": [],
    "config get-users": [],
    "config rename-context": ["c1", "c2"],
    "config set": ["current-context", "c1"],
    "config set-cluster": ["c1"],
    "config set-context": ["c1"],
    "config set-credentials": ["u1"],
    "config unset": ["current-context"],
    "config use-context": ["c1"],
    "config view": [],
    "cordon": ["n1"],
    "cp": ["p1:/tmp/a", "b"],
    "create": ["-f", "-"],
    "create clusterrole": ["r1", "--verb=get", "--resource=pods"],
    "create clusterrolebinding": ["b1", "--clusterrole=r1", "--user=u1"],
    "create configmap": ["c1", "--from-literal=a=b"],
    "create cronjob": ["j1", "--image=busybox", "--schedule=* * * * *"],
    "create deployment": ["d1", "--image=nginx"],
    "create ingress": ["i1", "--rule=foo.com/=svc:80"],
    "create job": ["j1", "--image=busybox"],
    "create namespace": ["ns1"],
    "create poddisruptionbudget": ["b1", "--selector=a=b", "--min-available=1"],
    "create priorityclass": ["pc1", "--value=10"],
    "create quota": ["q1", "--hard=pods=1"],
    "create role": ["r1", "--verb=get", "--resource=pods"],
    "create rolebinding": ["b1", "--role=r1", "--user=u1"],
    "create secret docker-registry": ["s1", "--docker-username=u", "--docker-password=p"],
    "create secret generic": ["s1", "--from-literal=a=b"],
    "create secret tls": ["s1", "--cert=c", "--key=k"],
    "create service clusterip": ["s1", "--tcp=80:80"],
    "create service externalname": ["s1", "--external-name=a.com"],
    "create service loadbalancer": ["s1", "--tcp=80:80"],
    "create service nodeport": ["s1", "--tcp=80:80"],
    "create serviceaccount": ["sa1"],
    "create token": ["sa1"],
    "debug": ["p1", "--image=busybox"],
    "delete": ["pod", "p1"],
    "describe": ["pod", "p1"],
    "diff": ["-f", "-"],
    "drain": ["n1"],
    "edit": ["pod/p1"],
    "events": [],
    "exec": ["p1", "--", "ls"],
    "explain": ["pods"],
    "expose": ["deployment", "d1", "--port=80"],
    "get": ["pods"],
    "kustomize": ["."],
    "label": ["pod", "p1", "a=b"],
    "logs": ["p1"],
    "options": [],
    "patch": ["pod", "p1", "-p", "{}"],
    "plugin list": [],
    "port-forward": ["p1", "8080:80"],
    "replace": ["-f", "-"],
    "rollout history": ["deployment/d1"],
    "rollout pause": ["deployment/d1"],
    "rollout restart": ["deployment/d1"],
    "rollout resume": ["deployment/d1"],
    "rollout status": ["deployment/d1"],
    "rollout undo": ["deployment/d1"],
    "run": ["p1", "--image=nginx"],
    "scale": ["deployment/d1", "--replicas=1"],
    "set env": ["deployment/d1", "A=b"],
    "set image": ["deployment/d1", "c=nginx"],
    "set resources": ["deployment/d1", "--limits=cpu=1"],
    "set selector": ["service/s1", "a=b"],
    "set serviceaccount": ["deployment/d1", "sa1"],
    "set subject": ["rolebinding/b1", "--user=u1"],
    "taint": ["nodes", "n1", "k=v:NoSchedule"],
    "top node": [],
    "top pod": [],
    "uncordon": ["n1"],
    "version": ["--client"],
    "wait": ["pod/p1", "--for=delete"],
    "alpha kuberc set": ["--section=defaults", "--command=get", "--option=output=wide"],
    "alpha kuberc view": [],
}

# Commands that must never be run for real during probing (they would block
# serving/forwarding or open an editor); only --help based probes are used.
NO_RUN = {"proxy", "edit", "apply edit-last-applied", "attach", "port-forward"}

# ---------------------------------------------------------------------------
# Built-in resources of Kubernetes v1.35
# ---------------------------------------------------------------------------
# Source: the built-in APIs of Kubernetes v1.35 as listed by
# `kubectl api-resources` on a vanilla cluster (kube-apiserver v1.35 with
# default feature gates / default enabled API versions, i.e. GA APIs only),
# plus the preferred version for each group.  Singular names are the
# `singularName` of the discovery documents.  metrics.k8s.io (used by
# `kubectl top`) is served by metrics-server, not by kube-apiserver; it is
# included and marked with "source": "metrics-server".
# `deprecated` is the warning the API server sends when the resource is used.
# Columns: name, singular, short names, kind, group, version, namespaced,
# deprecated, source
BUILTIN_RESOURCES = [
    # core (group "")
    ("bindings", "binding", [], "Binding", "", "v1", True, None),
    ("componentstatuses", "componentstatus", ["cs"], "ComponentStatus", "", "v1", False,
     "v1 ComponentStatus is deprecated in v1.19+"),
    ("configmaps", "configmap", ["cm"], "ConfigMap", "", "v1", True, None),
    ("endpoints", "endpoints", ["ep"], "Endpoints", "", "v1", True,
     "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"),
    ("events", "event", ["ev"], "Event", "", "v1", True, None),
    ("limitranges", "limitrange", ["limits"], "LimitRange", "", "v1", True, None),
    ("namespaces", "namespace", ["ns"], "Namespace", "", "v1", False, None),
    ("nodes", "node", ["no"], "Node", "", "v1", False, None),
    ("persistentvolumeclaims", "persistentvolumeclaim", ["pvc"], "PersistentVolumeClaim", "", "v1", True, None),
    ("persistentvolumes", "persistentvolume", ["pv"], "PersistentVolume", "", "v1", False, None),
    ("pods", "pod", ["po"], "Pod", "", "v1", True, None),
    ("podtemplates", "podtemplate", [], "PodTemplate", "", "v1", True, None),
    ("replicationcontrollers", "replicationcontroller", ["rc"], "ReplicationController", "", "v1", True, None),
    ("resourcequotas", "resourcequota", ["quota"], "ResourceQuota", "", "v1", True, None),
    ("secrets", "secret", [], "Secret", "", "v1", True, None),
    ("serviceaccounts", "serviceaccount", ["sa"], "ServiceAccount", "", "v1", True, None),
    ("services", "service", ["svc"], "Service", "", "v1", True, None),
    # admissionregistration.k8s.io
    ("mutatingwebhookconfigurations", "mutatingwebhookconfiguration", [], "MutatingWebhookConfiguration",
     "admissionregistration.k8s.io", "v1", False, None),
    ("validatingadmissionpolicies", "validatingadmissionpolicy", [], "ValidatingAdmissionPolicy",
     "admissionregistration.k8s.io", "v1", False, None),
    ("validatingadmissionpolicybindings", "validatingadmissionpolicybinding", [], "ValidatingAdmissionPolicyBinding",
     "admissionregistration.k8s.io", "v1", False, None),
    ("validatingwebhookconfigurations", "validatingwebhookconfiguration", [], "ValidatingWebhookConfiguration",
     "admissionregistration.k8s.io", "v1", False, None),
    # apiextensions.k8s.io
    ("customresourcedefinitions", "customresourcedefinition", ["crd", "crds"], "CustomResourceDefinition",
     "apiextensions.k8s.io", "v1", False, None),
    # apiregistration.k8s.io
    ("apiservices", "apiservice", [], "APIService", "apiregistration.k8s.io", "v1", False, None),
    # apps
    ("controllerrevisions", "controllerrevision", [], "ControllerRevision", "apps", "v1", True, None),
    ("daemonsets", "daemonset", ["ds"], "DaemonSet", "apps", "v1", True, None),
    ("deployments", "deployment", ["deploy"], "Deployment", "apps", "v1", True, None),
    ("replicasets", "replicaset", ["rs"], "ReplicaSet", "apps", "v1", True, None),
    ("statefulsets", "statefulset", ["sts"], "StatefulSet", "apps", "v1", True, None),
    # authentication.k8s.io
    ("selfsubjectreviews", "selfsubjectreview", [], "SelfSubjectReview", "authentication.k8s.io", "v1", False, None),
    ("tokenreviews", "tokenreview", [], "TokenReview", "authentication.k8s.io", "v1", False, None),
    # authorization.k8s.io
    ("localsubjectaccessreviews", "localsubjectaccessreview", [], "LocalSubjectAccessReview",
     "authorization.k8s.io", "v1", True, None),
    ("selfsubjectaccessreviews", "selfsubjectaccessreview", [], "SelfSubjectAccessReview",
     "authorization.k8s.io", "v1", False, None),
    ("selfsubjectrulesreviews", "selfsubjectrulesreview", [], "SelfSubjectRulesReview",
     "authorization.k8s.io", "v1", False, None),
    ("subjectaccessreviews", "subjectaccessreview", [], "SubjectAccessReview",
     "authorization.k8s.io", "v1", False, None),
    # autoscaling
    ("horizontalpodautoscalers", "horizontalpodautoscaler", ["hpa"], "HorizontalPodAutoscaler",
     "autoscaling", "v2", True, None),
    # batch
    ("cronjobs", "cronjob", ["cj"], "CronJob", "batch", "v1", True, None),
    ("jobs", "job", [], "Job", "batch", "v1", True, None),
    # certificates.k8s.io
    ("certificatesigningrequests", "certificatesigningrequest", ["csr"], "CertificateSigningRequest",
     "certificates.k8s.io", "v1", False, None),
    # coordination.k8s.io
    ("leases", "lease", [], "Lease", "coordination.k8s.io", "v1", True, None),
    # discovery.k8s.io
    ("endpointslices", "endpointslice", [], "EndpointSlice", "discovery.k8s.io", "v1", True, None),
    # events.k8s.io
    ("events", "event", ["ev"], "Event", "events.k8s.io", "v1", True, None),
    # flowcontrol.apiserver.k8s.io
    ("flowschemas", "flowschema", [], "FlowSchema", "flowcontrol.apiserver.k8s.io", "v1", False, None),
    ("prioritylevelconfigurations", "prioritylevelconfiguration", [], "PriorityLevelConfiguration",
     "flowcontrol.apiserver.k8s.io", "v1", False, None),
    # networking.k8s.io
    ("ingressclasses", "ingressclass", [], "IngressClass", "networking.k8s.io", "v1", False, None),
    ("ingresses", "ingress", ["ing"], "Ingress", "networking.k8s.io", "v1", True, None),
    ("ipaddresses", "ipaddress", ["ip"], "IPAddress", "networking.k8s.io", "v1", False, None),
    ("networkpolicies", "networkpolicy", ["netpol"], "NetworkPolicy", "networking.k8s.io", "v1", True, None),
    ("servicecidrs", "servicecidr", [], "ServiceCIDR", "networking.k8s.io", "v1", False, None),
    # node.k8s.io
    ("runtimeclasses", "runtimeclass", [], "RuntimeClass", "node.k8s.io", "v1", False, None),
    # policy
    ("poddisruptionbudgets", "poddisruptionbudget", ["pdb"], "PodDisruptionBudget", "policy", "v1", True, None),
    # rbac.authorization.k8s.io
    ("clusterrolebindings", "clusterrolebinding", [], "ClusterRoleBinding", "rbac.authorization.k8s.io", "v1",
     False, None),
    ("clusterroles", "clusterrole", [], "ClusterRole", "rbac.authorization.k8s.io", "v1", False, None),
    ("rolebindings", "rolebinding", [], "RoleBinding", "rbac.authorization.k8s.io", "v1", True, None),
    ("roles", "role", [], "Role", "rbac.authorization.k8s.io", "v1", True, None),
    # resource.k8s.io (Dynamic Resource Allocation, GA in v1.34)
    ("deviceclasses", "deviceclass", [], "DeviceClass", "resource.k8s.io", "v1", False, None),
    ("resourceclaims", "resourceclaim", [], "ResourceClaim", "resource.k8s.io", "v1", True, None),
    ("resourceclaimtemplates", "resourceclaimtemplate", [], "ResourceClaimTemplate", "resource.k8s.io", "v1",
     True, None),
    ("resourceslices", "resourceslice", [], "ResourceSlice", "resource.k8s.io", "v1", False, None),
    # scheduling.k8s.io
    ("priorityclasses", "priorityclass", ["pc"], "PriorityClass", "scheduling.k8s.io", "v1", False, None),
    # storage.k8s.io
    ("csidrivers", "csidriver", [], "CSIDriver", "storage.k8s.io", "v1", False, None),
    ("csinodes", "csinode", [], "CSINode", "storage.k8s.io", "v1", False, None),
    ("csistoragecapacities", "csistoragecapacity", [], "CSIStorageCapacity", "storage.k8s.io", "v1", True, None),
    ("storageclasses", "storageclass", ["sc"], "StorageClass", "storage.k8s.io", "v1", False, None),
    ("volumeattachments", "volumeattachment", [], "VolumeAttachment", "storage.k8s.io", "v1", False, None),
    ("volumeattributesclasses", "volumeattributesclass", ["vac"], "VolumeAttributesClass", "storage.k8s.io",
     "v1", False, None),
]
# metrics.k8s.io, served by metrics-server (used by `kubectl top`).
METRICS_RESOURCES = [
    ("nodes", "", [], "NodeMetrics", "metrics.k8s.io", "v1beta1", False, None),
    ("pods", "", [], "PodMetrics", "metrics.k8s.io", "v1beta1", True, None),
]


def resources_table():
    out = []
    for source, rows in (("kube-apiserver", BUILTIN_RESOURCES), ("metrics-server", METRICS_RESOURCES)):
        for name, singular, shorts, kind, group, version, namespaced, deprecated in rows:
            out.append({
                "name": name,
                "singular": singular,
                "short_names": sorted(shorts),
                "kind": kind,
                "group": group,
                "version": version,
                "namespaced": namespaced,
                "deprecated": deprecated,
                "source": source,
            })
    out.sort(key=lambda r: (r["group"], r["name"], r["version"]))
    return out


# ---------------------------------------------------------------------------
# Running kubectl
# ---------------------------------------------------------------------------

class Runner:
    def __init__(self, kubectl, jobs):
        self.kubectl = kubectl
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
        self.cache = {}
        self.count = 0

    def run(self, args, timeout=20.0):
        key = tuple(args)
        if key not in self.cache:
            self.count += 1
            self.cache[key] = run_kubectl(self.kubectl, args, timeout=timeout)
        return self.cache[key]

    def run_many(self, argvs, timeout=20.0):
        """Run several invocations in parallel; results in input order."""
        todo = [tuple(a) for a in argvs]
        missing = sorted({a for a in todo if a not in self.cache})
        futs = {a: self.pool.submit(run_kubectl, self.kubectl, list(a), timeout) for a in missing}
        for a, f in futs.items():
            self.cache[a] = f.result()
            self.count += 1
        return [self.cache[a] for a in todo]


def first_error_line(res):
    """First meaningful stderr line (klog noise about discovery removed)."""
    for line in res.err_lines():
        if not line.strip():
            continue
        if re.match(r"^[EWI]\d{4} ", line):
            continue
        return line.strip()
    return ""


# ---------------------------------------------------------------------------
# Help parsing
# ---------------------------------------------------------------------------

OPT_RE = re.compile(r"^    (?:-(\S), )?--([A-Za-z0-9][A-Za-z0-9_.-]*)=(.*):$")


def sections(help_text):
    """Split kubectl help into {title: [lines]} for 'Title:' headed blocks."""
    out = {}
    cur = None
    for line in help_text.splitlines():
        m = re.match(r"^([A-Z][A-Za-z ()]*):$", line)
        if m:
            cur = m.group(1)
            out.setdefault(cur, [])
            continue
        if cur is not None:
            out[cur].append(line)
    return out


def parse_options(lines):
    flags = []
    for line in lines:
        m = OPT_RE.match(line)
        if not m:
            continue
        short, name, default = m.group(1), m.group(2), m.group(3)
        quoted = len(default) >= 2 and default.startswith("'") and default.endswith("'")
        flags.append({
            "name": name,
            "shorthand": short,
            "default": default[1:-1] if quoted else default,
            "_quoted": quoted,
        })
    return flags


def parse_command_list(lines):
    names = []
    for line in lines:
        m = re.match(r"^  (\S+)\s+(.*)$", line)
        if m:
            names.append((m.group(1), m.group(2).strip()))
    return names


# ---------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------

def pathkey(path):
    return " ".join(path)


def help_of(runner, path):
    return runner.run(list(path) + ["--help"])


def usage_matches(res, path):
    sec = sections(res.out)
    usage = [l.strip() for l in sec.get("Usage", []) if l.strip()]
    want = "kubectl " + pathkey(path)
    return res.rc == 0 and any(u == want or u.startswith(want + " ") for u in usage)


def discover_commands(runner):
    """BFS over the command tree.  Returns {tuple(path): info}."""
    found = {(): {"short": "kubectl controls the Kubernetes cluster manager", "hidden": False}}
    queue = [()]
    while queue:
        level = sorted(queue)
        queue = []
        helps = runner.run_many([list(p) + ["--help"] for p in level])
        cand_argvs = []
        for path, res in zip(level, helps):
            sec = sections(res.out)
            listed = []
            if path == ():
                comp = runner.run(["__complete", ""])
                for line in comp.out.splitlines():
                    if line.startswith(":") or not line.strip():
                        continue
                    name, _, desc = line.partition("\t")
                    listed.append((name, desc.strip()))
            else:
                listed = parse_command_list(sec.get("Available Commands", []))
            is_group = bool(listed) or "Available Commands" in sec
            names = {n: (d, False) for n, d in listed}
            if is_group or path == ():
                for c in HIDDEN_COMMAND_CANDIDATES:
                    names.setdefault(c, ("", True))
            for name, (desc, hidden) in sorted(names.items()):
                if name in ("help",) and path != ():
                    continue
                cand_argvs.append((path, name, desc, hidden))
        results = runner.run_many([list(p) + [n, "--help"] for p, n, _, _ in cand_argvs])
        for (path, name, desc, hidden), res in zip(cand_argvs, results):
            sub = path + (name,)
            if sub in found:
                continue
            if usage_matches(res, sub) or (name == "help" and path == () and res.rc == 0):
                found[sub] = {"short": desc, "hidden": hidden}
                queue.append(sub)
    return found


# ---------------------------------------------------------------------------
# Flag probing
# ---------------------------------------------------------------------------

PARSE_ERR_RE = re.compile(r'^error: invalid argument "(.*)" for "(.*)" flag: (.*)$')


def flag_parse_error(res):
    """Return the pflag value-parse error text, or None."""
    for line in res.err_lines():
        m = PARSE_ERR_RE.match(line.strip())
        if m:
            return m.group(3)
    return None


def probe_types(runner, path, flags):
    """Fill type/takes_value/optional_value for each flag dict (in place)."""
    p = list(path)
    argv1 = [p + ["--%s=%s" % (f["name"], BAD), "--help"] for f in flags]
    argv_bare = [p + ["--help", "--%s" % f["name"]] for f in flags]
    r1 = runner.run_many(argv1)
    rb = runner.run_many(argv_bare)
    second = []  # (flag, kind)
    for f, res, bare in zip(flags, r1, rb):
        err = flag_parse_error(res)
        f["takes_value"] = not any("flag needs an argument" in l for l in bare.err_lines())
        f["_value_error"] = None
        if err is None:
            if res.rc != 0:
                f["type"] = "custom"
                f["_value_error"] = first_error_line(res)
            elif f["_quoted"]:
                f["type"] = "string"
            elif f["default"] is None or (f["default"].startswith("[") and f["default"].endswith("]")):
                f["type"] = "list?"
                second.append((f, "list"))
            else:
                f["type"] = "custom"
        elif "strconv.ParseBool" in err:
            f["type"] = "bool"
        elif "strconv.ParseInt" in err:
            f["type"] = "int?"
            second.append((f, "int"))
        elif "strconv.ParseUint" in err:
            f["type"] = "uint?"
            second.append((f, "uint"))
        elif "strconv.ParseFloat" in err:
            f["type"] = "float?"
            second.append((f, "float"))
        elif "time: invalid duration" in err:
            f["type"] = "duration"
        elif "must be formatted as key=value" in err:
            f["type"] = "stringToString"
        else:
            f["type"] = "custom"
            f["_value_error"] = err.replace(BAD, "VALUE")
    # Second-stage probes.
    ladders = {
        "int": [("int8", "128"), ("int16", "32768"), ("int32", "2147483648")],
        "uint": [("uint8", "256"), ("uint16", "65536"), ("uint32", "4294967296")],
        "float": [("float32", "1e39")],
    }
    argvs = []
    for f, kind in second:
        if kind == "list":
            argvs.append(p + ['--%s="a' % f["name"], "--help"])
        else:
            for _, v in ladders[kind]:
                argvs.append(p + ["--%s=%s" % (f["name"], v), "--help"])
    results = iter(runner.run_many(argvs))
    for f, kind in second:
        if kind == "list":
            res = next(results)
            err = flag_parse_error(res)
            if err and "parse error" in err:
                f["type"] = "stringSlice"
            else:
                # hidden flags have no printed default: cannot tell a string
                # from a stringArray by parsing, report "string"
                f["type"] = "stringArray" if f["default"] is not None else "string"
            continue
        chosen = None
        for tname, _ in ladders[kind]:
            res = next(results)
            err = flag_parse_error(res)
            if chosen is None and err and "out of range" in err:
                chosen = tname
        f["type"] = chosen or {"int": "int64", "uint": "uint64", "float": "float64"}[kind]
    for f in flags:
        f["optional_value"] = (not f["takes_value"]) and f["type"] != "bool"


def valid_value_for(f):
    return {
        "bool": None, "duration": "1s", "stringToString": "a=b",
        "int8": "1", "int16": "1", "int32": "1", "int64": "1",
        "uint8": "1", "uint16": "1", "uint32": "1", "uint64": "1",
        "float32": "1", "float64": "1",
    }.get(f["type"], "x")


def probe_hidden_flags(runner, path, visible_names, global_names):
    """Find hidden flags among HIDDEN_FLAG_CANDIDATES for one command."""
    p = list(path)
    cands = sorted({c for c in HIDDEN_FLAG_CANDIDATES if c not in visible_names and c not in global_names})
    results = runner.run_many([p + ["--help", "--%s=%s" % (c, BAD)] for c in cands])
    hidden = []
    for c, res in zip(cands, results):
        if any(("unknown flag: --%s" % c) in l for l in res.err_lines()):
            continue
        hidden.append({"name": c, "shorthand": None, "default": None, "_quoted": False, "hidden": True})
    return hidden


DEPRECATED_FLAG_RE = re.compile(r"^Flag --(\S+) has been deprecated, (.*)$")


def probe_flag_deprecation(runner, path, flags):
    """Use each hidden flag with a valid value (+ --help so nothing runs) and
    read pflag's deprecation notice."""
    p = list(path)
    argvs = []
    for f in flags:
        v = valid_value_for(f)
        argvs.append(p + (["--%s" % f["name"]] if v is None else ["--%s=%s" % (f["name"], v)]) + ["--help"])
    for f, res in zip(flags, runner.run_many(argvs)):
        f["deprecated"] = None
        for line in (res.err + res.out).splitlines():
            m = DEPRECATED_FLAG_RE.match(line.strip())
            if m and m.group(1) == f["name"]:
                f["deprecated"] = m.group(2)


# -- enums -------------------------------------------------------------------

ENUM_PATTERNS = [
    # error: --type must be one of [json merge strategic], not "zz9"
    (re.compile(r"must be one of \[([^\]]*)\]"), lambda s: s.split()),
    # allowed formats are: a,b,c
    (re.compile(r"allowed formats are: (.*)$"), lambda s: [x.strip() for x in s.split(",")]),
    # Must be "none", "server", or "client".
    (re.compile(r'[Mm]ust be ((?:"[^"]+",? (?:or )?)*"[^"]+")'), lambda s: re.findall(r'"([^"]+)"', s)),
    # must be one of: strict (or true), warn, ignore (or false)
    (re.compile(r"must be one of: (.*)$"),
     lambda s: [t for t in re.findall(r"[A-Za-z][\w-]*", s.replace(" or ", " ")) if t != "or"]),
    # Supported values: a, b
    (re.compile(r"[Ss]upported (?:values|types)(?: are)?:? (.*)$"), lambda s: re.findall(r"[\w./-]+", s)),
    # one of (a|b|c)
    (re.compile(r"[Oo]ne of \(([^)]*)\)"), lambda s: s.split("|")),
]


def parse_enum(line):
    for rx, fn in ENUM_PATTERNS:
        m = rx.search(line)
        if m:
            vals = [v.strip().strip('"').strip("'") for v in fn(m.group(1))]
            vals = [v for v in vals if v]
            if vals:
                return sorted(set(vals))
    return None


def normalize_err(line):
    return line.replace(BAD, "VALUE")


def probe_enums(runner, path, flags):
    key = pathkey(path)
    if key in NO_RUN or key not in PROBE_ARGS:
        for f in flags:
            f["enum"] = None
            f["value_check"] = None
        return
    base = list(path) + PROBE_ARGS[key]
    cand = [f for f in flags if f["type"] in ("string", "stringSlice", "stringArray", "custom")
            and not f.get("hidden")]
    baseline = runner.run(base, timeout=10)
    base_line = first_error_line(baseline)
    results = runner.run_many([base + ["--%s=%s" % (f["name"], BAD)] for f in cand], timeout=10)
    for f in flags:
        f["enum"] = None
        f["value_check"] = None
    for f, res in zip(cand, results):
        line = first_error_line(res)
        if res.timed_out or not line or line == base_line:
            continue
        if BAD not in line:
            continue
        if "connection to the server" in line or "localhost:8080" in line:
            continue
        if re.search(r"(does not exist|no such file|cannot find|not found)", line, re.I):
            continue  # the value was used as a file name / looked up, not validated
        f["value_check"] = normalize_err(line)
        f["enum"] = parse_enum(line)


# -- args ------------------------------------------------------------------------

ARGS_PATTERNS = [
    (re.compile(r"accepts at most (\d+) arg\(s\)"), lambda m: (None, int(m.group(1)))),
    (re.compile(r"accepts between (\d+) and (\d+) arg\(s\)"), lambda m: (int(m.group(1)), int(m.group(2)))),
    (re.compile(r"accepts (\d+) arg\(s\)"), lambda m: (int(m.group(1)), int(m.group(1)))),
    (re.compile(r"requires at least (\d+) arg\(s\)"), lambda m: (int(m.group(1)), None)),
]


def probe_args(runner, path):
    """Return (args_min, args_max) from cobra's positional-arg validators."""
    key = pathkey(path)
    if key in NO_RUN:
        # Probe with 9 args only together with an invalid flag *after* them
        # would not help (flags are parsed first); these commands are probed
        # with a flag that makes them fail right after arg validation instead:
        # not available in general, so leave unknown.
        return None, None
    p = list(path)
    many = ["a%d" % i for i in range(1, 10)]
    r0, r9 = runner.run_many([p, p + many], timeout=10)
    lo, hi = 0, None
    for res, n in ((r0, 0), (r9, 9)):
        for line in res.err_lines():
            for rx, fn in ARGS_PATTERNS:
                m = rx.search(line)
                if m:
                    a, b = fn(m)
                    if a is not None:
                        lo = a
                    if b is not None:
                        hi = b
                    break
            else:
                if n == 9 and re.search(r'unknown command "a1" for "kubectl', line):
                    hi = 0
                continue
            break
    return lo, hi


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def public_flag(f):
    return {
        "name": f["name"],
        "shorthand": f["shorthand"],
        "type": f["type"],
        "default": f["default"],
        "takes_value": f["takes_value"],
        "optional_value": f["optional_value"],
        "enum": f.get("enum"),
        "value_check": f.get("value_check"),
        "value_error": f.get("_value_error"),
        "deprecated": f.get("deprecated"),
        "hidden": bool(f.get("hidden")),
    }


def generate(kubectl, jobs, log):
    t0 = time.time()
    runner = Runner(kubectl, jobs)
    ver = runner.run(["version", "--client"])
    m = re.search(r"Client Version: (v\S+)", ver.out)
    version = m.group(1) if m else None
    if version != EXPECTED_VERSION:
        log("warning: kubectl reports %r, expected %s" % (version, EXPECTED_VERSION))

    # Global flags.
    opts = runner.run(["options"])
    gflags = parse_options(opts.out.splitlines())
    global_names = {f["name"] for f in gflags}
    gflags += probe_hidden_flags(runner, ["version"], global_names, set())
    probe_types(runner, ["version"], gflags)
    for f in gflags:
        f["deprecated"] = None
    probe_flag_deprecation(runner, ["version"], [f for f in gflags if f.get("hidden")])
    for f in gflags:
        f["enum"] = None
        f["value_check"] = None
    # Global flag values validated before any connection: probe on `version --client`.
    gcand = [f for f in gflags if f["type"] in ("string", "custom", "stringSlice", "stringArray")]
    base = ["version", "--client"]
    base_line = first_error_line(runner.run(base))
    for f, res in zip(gcand, runner.run_many([base + ["--%s=%s" % (f["name"], BAD)] for f in gcand])):
        line = first_error_line(res)
        if line and line != base_line and BAD in line and "localhost:8080" not in line \
                and not re.search(r"(does not exist|no such file)", line, re.I):
            f["value_check"] = normalize_err(line)
            f["enum"] = parse_enum(line)
    log("global flags: %d (%.1fs)" % (len(gflags), time.time() - t0))

    found = discover_commands(runner)
    log("commands: %d (%.1fs)" % (len(found), time.time() - t0))

    commands = []
    for path in sorted(found):
        info = found[path]
        h = help_of(runner, path)
        sec = sections(h.out)
        aliases = []
        if "Aliases" in sec:
            names = ",".join(l.strip() for l in sec["Aliases"] if l.strip())
            aliases = sorted({a.strip() for a in names.split(",") if a.strip()} - {path[-1] if path else "kubectl"})
        deprecated = None
        for line in (h.err + h.out).splitlines():
            dm = re.match(r'^Command "(.*)" is deprecated, (.*)$', line.strip())
            if dm:
                deprecated = dm.group(2)
        subs = sorted(p[-1] for p in found if len(p) == len(path) + 1 and p[:len(path)] == path)
        has_sub = bool(subs)
        usage = [l.strip() for l in sec.get("Usage", []) if l.strip()]
        # runnable / group behaviour
        runnable = True
        group_mode = None
        if has_sub and path != ():
            bare = runner.run(list(path), timeout=10)
            if bare.rc == 0 and "Available Commands" in bare.out:
                runnable, group_mode = False, "help-exit-0"
            elif bare.rc != 0 and "Available Commands" in bare.err:
                runnable, group_mode = False, "error"
        elif path == ():
            runnable, group_mode = False, "help-exit-0"
        # flags
        local = parse_options(sec.get("Options", []))
        comp = runner.run(["__complete"] + list(path) + ["--"])
        comp_names = {l.split("\t")[0][2:] for l in comp.out.splitlines() if l.startswith("--")}
        local_names = {f["name"] for f in local}
        # flags completion knows (e.g. inherited from a non-root parent) but
        # the help does not show
        for extra in sorted(comp_names - local_names - global_names - {"help"}):
            local.append({"name": extra, "shorthand": None, "default": None, "_quoted": False})
        local_names = {f["name"] for f in local}
        if path != ():
            hidden = probe_hidden_flags(runner, path, local_names | {"help"}, global_names)
        else:
            hidden = []
        flags = local + hidden
        probe_types(runner, path, flags)
        for f in flags:
            f.setdefault("deprecated", None)
        probe_flag_deprecation(runner, path, [f for f in flags if f.get("hidden")])
        if runnable and path != ():
            probe_enums(runner, path, flags)
            amin, amax = probe_args(runner, path)
        else:
            for f in flags:
                f["enum"] = None
                f["value_check"] = None
            amin, amax = (0, 0) if path == () else (None, None)
        commands.append({
            "path": list(path),
            "short": info["short"],
            "aliases": aliases,
            "deprecated": deprecated,
            "hidden": info["hidden"],
            "runnable": runnable,
            "group_without_subcommand": group_mode,
            "has_subcommands": has_sub,
            "subcommands": subs,
            "args_min": amin,
            "args_max": amax,
            "usage": usage,
            "flags": sorted((public_flag(f) for f in flags), key=lambda f: f["name"]),
        })
        log("  %-40s flags=%-3d (%.1fs, %d runs)" % (pathkey(path) or "(root)", len(flags),
                                                    time.time() - t0, runner.count))

    tree = {
        "kubectl_version": version,
        "generated_by": "tools/gen-kubectl-tree.py",
        "global_flags": sorted((public_flag(f) for f in gflags), key=lambda f: f["name"]),
        "commands": commands,
        "resources": resources_table(),
    }
    log("done: %d commands, %d kubectl runs, %.1fs" % (len(commands), runner.count, time.time() - t0))
    return tree


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kubectl", required=True, help="path to the real kubectl v1.35.2 binary")
    ap.add_argument("-o", "--output", help="write JSON here instead of stdout")
    ap.add_argument("--jobs", type=int, default=max(2, (os.cpu_count() or 2) * 2),
                    help="parallel kubectl invocations (default: 2 x CPUs)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()

    def log(msg):
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    tree = generate(os.path.abspath(args.kubectl), args.jobs, log)
    text = json.dumps(tree, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if args.output:
        tmp = args.output + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, args.output)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
