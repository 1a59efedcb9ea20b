#!/usr/bin/env python3
"""Extract the kubectl command tree from the REAL kubectl binary.

Usage:
    python3 tools/gen-kubectl-tree.py --kubectl PATH [-o FILE] [--jobs N]

Writes the tree of one kubectl version as JSON (to stdout unless -o is given).  Get the
binary with `tools/fetch-kubectl.sh [MINOR]`; tools/gen-kubectl-trees.sh runs this
for every version of tools/kubectl-versions.txt and merges the trees.  The output is
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
                   kubectl's help template), types probed on `kubectl
                   api-versions` exactly like command flags (below), plus
                   hidden global flags found by probing
                   HIDDEN_GLOBAL_FLAG_CANDIDATES and the --NAME tokens of the
                   binary's text (see TextHints; none in v1.35.2); offline
                   value checks probed on `kubectl version --client`.
  commands         every command at every depth, sorted by path (see below).
  resources        curated table BUILTIN_RESOURCES below (api-resources needs a
                   cluster).

Commands (one entry per command, the root is path [])
  path             names from the root.  Subcommands of the root come from
                   `kubectl __complete ""` (cobra's hidden completion command),
                   subcommands of other commands from the "Available Commands:"
                   section of `kubectl PATH --help`; each candidate is verified
                   by checking that `kubectl PATH NAME --help` exits 0 and
                   prints a Usage line starting with `kubectl PATH NAME`, or -
                   for groups without a Run function, whose help has no Usage
                   section (`kubectl alpha`) - the footer `Use "kubectl PATH
                   NAME <command> --help" ...`.  Hidden and deprecated commands
                   are not listed by cobra, so under every command group (and
                   the root) these names are probed as well: the curated
                   HIDDEN_COMMAND_CANDIDATES, and every word that follows
                   `kubectl PATH ` somewhere in the binary's text (examples
                   such as `kubectl alpha kuberc view`, see TextHints).  None
                   exists in v1.35.2 (`alpha` is listed by completion and by
                   `kubectl --help` under "Other Commands").
  short            one-line description (from the parent's command listing).
  aliases          the "Aliases:" section of the help (kubectl prints
                   "name, alias1, alias2"; the name itself is dropped).
  deprecated       cobra prints `Command "X" is deprecated, MSG` whenever a
                   deprecated command runs, even with --help; we run
                   `kubectl PATH --help` and keep MSG (null if absent).
  hidden           true only for commands found through the candidate probe.
  has_subcommands / subcommands
                   from the discovery above.
  runnable         false for command groups that do nothing themselves.
                   Probed by running the bare group: cobra's default for a
                   command without a Run function prints the help on stdout
                   and exits 0; kubectl's DefaultSubCommandRun prints the help
                   and exits 1.  Either way -> false.  Groups that have a Run
                   function of their own (apply, create, cluster-info) are
                   runnable.
  group_without_subcommand
                   for non-runnable commands, what kubectl does when the
                   subcommand is missing or unknown: "help-exit-0" (root,
                   alpha, certificate: help on stdout, exit status 0, even for
                   `kubectl alpha foo`) or "error" (`error: unknown command
                   "foo"`, or the help and exit 1 when none is given).
  args_min/args_max
                   positional-argument count limits, observed by running the
                   command with 0, 1, 2, 3 and 9 positional args (a1 a2 ...)
                   and no flags (plus the required flags, if any).  A count is
                   rejected when the error is one of ARG_COUNT_RES - cobra's
                   validators and kubectl's own count messages such as
                   "exactly one NAME is required, got 2", "Unexpected args:",
                   "extra arguments:".  args_min = smallest accepted count,
                   args_max = largest accepted count if 9 is rejected, else
                   null.  Messages that also depend on flags ("You must provide
                   one or more resources by argument or filename", which -f or
                   -l satisfy) do not count, so args_min is 0 for such
                   commands.  Arguments after `--` are not counted.
  dash_args        the Usage line shows `-- COMMAND` / `-- [COMMAND]`: the
                   command takes a container command after `--` (exec, run,
                   debug, create job/deployment/cronjob).
  usage            the Usage: line(s) of the help, verbatim.
  flags            the command's own flags (local flags and flags inherited
                   from a non-root parent); global flags are only listed in
                   global_flags and are accepted by every command.

Flags
  name, shorthand, default
                   from the help's "Options:" block (`    -o, --output='':`),
                   cross-checked against `kubectl __complete PATH --` (which
                   also lists flags inherited from parents).  `default` is the
                   text kubectl prints (string flags without the surrounding
                   quotes; "[]" for empty lists; the temporary HOME is printed
                   as "$HOME"); null for hidden flags.
  type             pflag value type, PROBED with the invalid value zz9 plus
                   --help (flags are parsed first, --help then stops kubectl
                   before anything runs).  Group testing keeps this cheap: all
                   flags of a command are given `=zz9` in one run, pflag
                   reports the first one that rejects it by name
                   (`invalid argument "zz9" for "-o, --output" flag: REASON`),
                   that flag is classified and removed, and the rest is run
                   again:
                     strconv.ParseBool  -> bool
                     strconv.ParseInt   -> signed integer; width from
                        out-of-range probes (2147483648 / 32768 / 128):
                        int64 / int32 / int16 / int8.  pflag `int` and `int64`
                        behave identically on 64-bit Linux, both are "int64".
                     strconv.ParseUint  -> uint64 / uint32 / uint16 / uint8
                     strconv.ParseFloat -> float64 (float32 if 1e39 overflows)
                     time: invalid duration -> duration
                     "parse error" (Go `flag` package flags imported by klog,
                        e.g. --log-flush-frequency) -> duration if 1s parses
                     "must be formatted as key=value" -> stringToString
                     any other parse error -> "custom" (REASON kept in
                        `value_error`; klog's --vmodule, create clusterrole
                        --aggregation-rule)
                   flags that accept zz9 are string-like:
                     default printed as '...' -> string (kubectl's help
                        template quotes exactly the flags whose pflag type is
                        "string")
                     default printed as [...] -> stringSlice if the value `"a`
                        fails (pflag parses slices as CSV), else stringArray
                     anything else -> "custom"
  takes_value      true when a value is required.  String-like flags are
                   group-tested: `--help --F1 --zz-sentinel-0 --F2
                   --zz-sentinel-1 ...` parses cleanly when every Fi requires
                   a value (it swallows the sentinel) and stops with
                   `unknown flag: --zz-sentinel-i` at the first Fi that does
                   not; other non-bool flags are probed one by one with the
                   flag last (`--help --F` fails <=> a value is required).
                   bool flags have takes_value=false.
  optional_value   true for non-bool flags with takes_value=false, i.e.
                   string flags with a pflag NoOptDefVal (--dry-run,
                   --cascade, --validate): bare `--dry-run` is accepted, and a
                   value can only be attached with `=` (`--dry-run client`
                   makes "client" a positional argument).
  required         cobra's MarkFlagRequired: named in `required flag(s) "a",
                   "b" not set` when the command runs without flags.
  deprecated       MSG of `Flag --NAME has been deprecated, MSG`, printed by
                   pflag when a deprecated flag is used (probed for hidden
                   flags only: pflag hides every deprecated flag).
  hidden           true for flags that neither help nor completion show but
                   that kubectl accepts (`--help --NAME=zz9` does not say
                   `unknown flag: --NAME`).  Candidates probed on every
                   command: HIDDEN_FLAG_CANDIDATES, plus every --NAME token of
                   the binary's text (help, examples, messages, translation
                   catalogues) that no command shows (`--cpu-percent`: "--cpu-
                   percent and --cpu are mutually exclusive"), plus, per
                   command, the flags of the binary's example lines
                   `kubectl PATH ... --NAME` (see TextHints).  Flags that are
                   registered without ever being named in the text or in the
                   lists cannot be found.
  value_check      first error line (value replaced by VALUE) when kubectl
                   rejects an invalid value BEFORE contacting the server, e.g.
                   `error: --type must be one of [json merge strategic], not
                   "VALUE"`; null when not validated offline.  Probed by
                   running `kubectl PATH <PROBE_ARGS[PATH]> --F=zz9q<i>z` for
                   all string-like flags at once (distinct values make the
                   error attributable; unattributable errors split the group),
                   base args chosen so that the command passes its other
                   offline checks.  Errors about missing local files and
                   flag-combination rules are not value checks.
  enum             accepted values, parsed from the value_check message
                   (ENUM_PATTERNS) or, failing that, from the help text's
                   "One of (a|b|c)"; null if not validated offline or no
                   list is given.  Each distinct message is verified once: its
                   first value must make the error go away.
  enum_case_insensitive
                   whether the same value with swapped case is accepted too
                   (patch --type=Merge is; --dry-run=Client is not); null
                   without enum.
  value_error      for "custom" types: pflag's parse-error reason for zz9.
"""

import argparse
import concurrent.futures
import json
import os
import re
import sys
import threading
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
    "update", "status", "apply", "new", "list", "view", "restart", "alpha",
    "options",
]

# Flags that are hidden (pflag MarkHidden / MarkDeprecated) appear neither in
# help nor in completion, so they can only be found by trying names.
# Global candidates (klog's old logging flags, which kubectl exposed until
# v1.26, and other former global flags) are probed once, on a command with no
# local flags; command candidates (flags kubectl deprecated, hid or removed
# over the years) are probed on every command.  Only the names the binary
# accepts end up in the tree, with hidden=true.
HIDDEN_GLOBAL_FLAG_CANDIDATES = [
    "add-dir-header", "alsologtostderr", "log-backtrace-at", "log-dir",
    "log-file", "log-file-max-size", "logtostderr", "one-output",
    "skip-headers", "skip-log-headers", "stderrthreshold", "version",
    "azure-container-registry-config", "log-text-info-buffer-size",
    "log-text-split-stream", "logging-format", "log-json-info-buffer-size",
    "log-json-split-stream", "output", "api-version",
]
# Hidden flags named like a flag other commands show are no text candidates (those
# are left out as shown): probed on their command.  kubectl before v1.32 registered
# the delete flags on `run`, hidden and deprecated ("because it is not used by this
# command").
HIDDEN_FLAG_CANDIDATES_OF = {
    ("run",): ["cascade", "filename", "force", "grace-period", "kustomize", "recursive",
               "timeout", "wait"],
}

HIDDEN_FLAG_CANDIDATES = [
    "container-port", "delete-local-data", "export", "generator",
    "include-uninitialized", "interactive", "pod", "prune-whitelist",
    "record", "schedule", "server-dry-run", "use-openapi-print-columns",
    "cpu-percent", "show-all", "output-version", "server-print", "local",
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
NO_RUN = {"proxy"}
# Extra arguments for the positional-argument probes of commands that would
# otherwise block: proxy fails to listen on a socket in a missing directory.
ARGS_PROBE_EXTRA = {"proxy": ["--unix-socket=/nonexistent-rbc-dir/kubectl-proxy.sock"]}

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
    """Runs kubectl hermetically, memoizing identical invocations."""

    def __init__(self, kubectl):
        self.kubectl = kubectl
        self.cache = {}
        self.lock = threading.Lock()
        self.count = 0

    def run(self, args, timeout=20.0):
        key = tuple(args)
        with self.lock:
            if key in self.cache:
                return self.cache[key]
        res = run_kubectl(self.kubectl, list(args), timeout=timeout)
        with self.lock:
            self.count += 1
            self.cache[key] = res
        return res


def is_noise(line):
    s = line.strip()
    return (not s or re.match(r"^[EWI]\d{4} ", s) is not None or s.startswith("Warning:")
            or s.startswith("Flag --") or s.startswith("Flag shorthand -")
            or s.startswith("Command \"") or s.startswith("See '"))


def first_error_line(res):
    """First meaningful stderr line: klog lines (discovery noise), warnings,
    deprecation notices and the `See 'kubectl ... --help'` hint are skipped."""
    for line in res.err_lines():
        if not is_noise(line):
            return line.strip()
    return ""


CONNECT_RE = re.compile(r"localhost:8080|connection to the server|connection refused", re.I)
FILE_RE = re.compile(r"does not exist|no such file|not a directory|cannot find|is a directory", re.I)


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
            if flags and line.startswith("\t"):
                flags[-1]["_desc"] = (flags[-1].get("_desc", "") + " " + line.strip()).strip()
            continue
        short, name, default = m.group(1), m.group(2), m.group(3)
        quoted = len(default) >= 2 and default.startswith("'") and default.endswith("'")
        flags.append({
            "name": name,
            "shorthand": short,
            "default": default[1:-1] if quoted else default,
            "_quoted": quoted,
            "hidden": False,
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
# Discovery of commands
# ---------------------------------------------------------------------------

def pathkey(path):
    return " ".join(path)


def pmap(pool, fn, items):
    return list(pool.map(fn, items))


def usage_matches(res, path):
    """`kubectl PATH --help` is the help of PATH itself: its Usage line starts
    with `kubectl PATH`, or - for command groups without a Run function
    (`kubectl alpha`), whose help has no Usage section - its footer reads
    `Use "kubectl PATH <command> --help" for more information ...`."""
    sec = sections(res.out)
    usage = [l.strip() for l in sec.get("Usage", []) if l.strip()]
    want = "kubectl " + pathkey(path)
    footer = 'Use "%s <command> --help" for more information' % want
    return res.rc == 0 and (any(u == want or u.startswith(want + " ") for u in usage)
                            or any(l.startswith(footer) for l in res.out.splitlines()))


# ---------------------------------------------------------------------------
# Names mentioned in the binary's own text
# ---------------------------------------------------------------------------

class TextHints:
    """Command paths and flag names that kubectl's embedded text (help,
    examples, error and deprecation messages, translation catalogues) mentions.
    Hidden commands and hidden flags are not shown by help or completion, but
    their names usually still appear in some text of the binary, e.g. the
    example `kubectl alpha kuberc view` of the hidden `alpha` group, or the
    stale example `kubectl autoscale rc foo --max=5 --cpu-percent=80` and the
    message `--cpu-percent and --cpu are mutually exclusive` of the hidden,
    deprecated autoscale flag.  Only used as candidates: every name is
    verified by running kubectl.

      paths      word sequences after `kubectl ` (`alpha kuberc view`): word
                 i+1 is a command candidate under the found command made of
                 the first i words.
      examples   (word sequence, flag names) of each `kubectl WORDS ... --F`
                 line: F is a hidden-flag candidate for the deepest found
                 command that is a prefix of WORDS.
      flags      every `--NAME` token of the text (filtered in
                 text_flag_candidates()).
    """

    PATH_RE = re.compile(rb"(?<![A-Za-z0-9_-])kubectl((?: [a-z][a-z0-9-]*)+)([^\n\x00\\\"]*)")
    FLAG_RE = re.compile(rb"(?<![A-Za-z0-9_-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?=[\s=,.'\"`)\]:;\\|/]|$)")

    def __init__(self, kubectl):
        with open(kubectl, "rb") as fh:
            data = fh.read()
        self.paths = set()
        self.examples = set()
        for m in self.PATH_RE.finditer(data):
            words = tuple(m.group(1).decode().split())
            self.paths.add(words)
            names = frozenset(x.decode() for x in self.FLAG_RE.findall(m.group(2)))
            if names:
                self.examples.add((words, names))
        self.flags = sorted({x.decode() for x in self.FLAG_RE.findall(data) if len(x) <= 40})

    def subcommands(self, path):
        n = len(path)
        return sorted({w[n] for w in self.paths if len(w) > n and w[:n] == tuple(path)})

    def example_flags(self, found):
        """{path: sorted flag names} from example lines."""
        out = {}
        for words, names in self.examples:
            for n in range(len(words), 0, -1):
                if words[:n] in found:
                    out.setdefault(words[:n], set()).update(names)
                    break
        return {p: sorted(v) for p, v in out.items()}


def text_flag_candidates(hints, visible):
    """--NAME tokens of the binary's text that no command shows: candidates
    for hidden flags on every command.  Go packs string literals without a
    separator, so a token may run into the next literal (`--forcefrom`,
    `--server-sidecould`): tokens that are a shown flag name followed directly
    by more letters are dropped."""
    out = []
    for t in hints.flags:
        if t in visible:
            continue
        if any(len(k) >= 4 and t.startswith(k) and t[len(k)] != "-" for k in visible):
            continue
        out.append(t)
    return out


NO_ALPHA = "No alpha commands are available in this version of kubectl"


def discover_commands(runner, pool, hints):
    """BFS over the command tree.  Returns {tuple(path): info}."""
    found = {(): {"short": "kubectl controls the Kubernetes cluster manager", "hidden": False}}
    level = [()]
    while level:
        level = sorted(level)
        helps = pmap(pool, lambda p: runner.run(list(p) + ["--help"]), level)
        cands = []
        for path, res in zip(level, helps):
            sec = sections(res.out)
            if path == ():
                comp = runner.run(["__complete", ""])
                listed = []
                for line in comp.out.splitlines():
                    if line.startswith(":") or not line.strip():
                        continue
                    name, _, desc = line.partition("\t")
                    listed.append((name, desc.strip()))
            else:
                listed = parse_command_list(sec.get("Available Commands", []))
            names = {n: (d, False) for n, d in listed}
            if listed or path == ():
                for c in HIDDEN_COMMAND_CANDIDATES + hints.subcommands(path):
                    names.setdefault(c, ("", True))
            for name, (desc, hidden) in sorted(names.items()):
                cands.append((path, name, desc, hidden))
        results = pmap(pool, lambda c: runner.run(list(c[0]) + [c[1], "--help"]), cands)
        level = []
        for (path, name, desc, hidden), res in zip(cands, results):
            sub = path + (name,)
            if sub not in found and usage_matches(res, sub):
                found[sub] = {"short": desc, "hidden": hidden}
                level.append(sub)
            elif sub not in found and res.rc == 0 and (res.out + res.err).strip() == NO_ALPHA:
                # kubectl before v1.33 has an `alpha` group with no subcommands: it
                # prints this and exits 0 whatever its arguments.
                found[sub] = {"short": desc, "hidden": hidden}
            elif sub not in found and not (res.out + res.err).strip():
                # `kubectl options --help` prints nothing at all; the command itself
                # (run with no arguments) answers with its text and exit 0.
                bare = runner.run(list(sub))
                if bare.rc == 0 and bare.out.strip() and "Available Commands" not in bare.out:
                    found[sub] = {"short": desc, "hidden": hidden}
    return found


# ---------------------------------------------------------------------------
# Flag probing
# ---------------------------------------------------------------------------

# error: invalid argument "zz9" for "-o, --output" flag: <reason>
PARSE_ERR_RE = re.compile(r'^error: invalid argument "(.*)" for "(?:-\S, )?--([^"]+)" flag: (.*)$')
UNKNOWN_FLAG_RE = re.compile(r"^error: unknown flag: --(\S+)$")


def parse_error(res):
    """(flag name, reason) of a pflag value-parse error, or None."""
    for line in res.err_lines():
        m = PARSE_ERR_RE.match(line.strip())
        if m:
            return m.group(2), m.group(3)
    return None


def unknown_flag(res):
    for line in res.err_lines():
        m = UNKNOWN_FLAG_RE.match(line.strip())
        if m:
            return m.group(1)
    return None


def classify_parse_error(reason):
    if "strconv.ParseBool" in reason:
        return "bool"
    if "strconv.ParseInt" in reason:
        return "int?"
    if "strconv.ParseUint" in reason:
        return "uint?"
    if "strconv.ParseFloat" in reason:
        return "float?"
    if "time: invalid duration" in reason:
        return "duration"
    if "must be formatted as key=value" in reason:
        return "stringToString"
    if reason == "parse error":
        # Go's standard `flag` package (flags imported with AddGoFlagSet,
        # e.g. klog's --log-flush-frequency) reports just "parse error";
        # refined by probe_types with a duration value.
        return "goflag?"
    return "custom"


def probe_types(runner, path, flags):
    """Fill type / takes_value / optional_value / _value_error (in place).

    Group testing keeps the number of runs low: all flags are given `=zz9`
    in ONE invocation (plus --help so nothing runs); pflag stops at the first
    flag that rejects the value and names it, that flag is classified and
    removed, and the rest is run again.  Flags still left when the run
    succeeds accept any string."""
    p = list(path)
    remaining = [f for f in flags]
    for f in flags:
        f["_value_error"] = None
    while remaining:
        res = runner.run(p + ["--%s=%s" % (f["name"], BAD) for f in remaining] + ["--help"])
        pe = parse_error(res)
        uk = unknown_flag(res)
        if pe:
            name, reason = pe
            f = next((f for f in remaining if f["name"] == name), None)
            if f is None:
                raise RuntimeError("parse error for unexpected flag %s in %s" % (name, p))
            f["type"] = classify_parse_error(reason)
            if f["type"] == "custom":
                f["_value_error"] = reason.replace(BAD, "VALUE")
            remaining.remove(f)
        elif uk:
            raise RuntimeError("flag --%s of `kubectl %s` is unknown" % (uk, pathkey(path)))
        elif res.rc != 0 and len(remaining) > 1:
            # Something other than pflag failed first (kubectl pre-processes
            # --kuberc before cobra parses flags): test the rest one by one.
            rest = []
            for f in remaining:
                r1 = runner.run(p + ["--%s=%s" % (f["name"], BAD), "--help"])
                pe = parse_error(r1)
                if pe and pe[0] == f["name"]:
                    f["type"] = classify_parse_error(pe[1])
                    if f["type"] == "custom":
                        f["_value_error"] = pe[1].replace(BAD, "VALUE")
                else:
                    rest.append(f)
            remaining = rest
            break
        else:
            break
    for f in remaining:  # accepted zz9: string-like
        if f["_quoted"]:
            f["type"] = "string"
        elif f["default"] is None or (f["default"].startswith("[") and f["default"].endswith("]")):
            f["type"] = "list?"
        else:
            f["type"] = "custom"

    # Lists: stringSlice parses its value as CSV, so `"a` (a lone quote)
    # fails; stringArray takes it verbatim.  Group-tested the same way.
    lists = [f for f in flags if f["type"] == "list?"]
    while lists:
        res = runner.run(p + ['--%s="a' % f["name"] for f in lists] + ["--help"])
        pe = parse_error(res)
        if not pe:
            break
        f = next(f for f in lists if f["name"] == pe[0])
        f["type"] = "stringSlice"
        lists.remove(f)
    for f in lists:
        # hidden flags have no printed default: a plain string and a
        # stringArray cannot be told apart by parsing
        f["type"] = "stringArray" if f["default"] is not None else "string"

    # Numeric widths: the smallest out-of-range value tells the bit size.
    ladders = {
        "int?": [("2147483648", "int64"), ("32768", "int32"), ("128", "int16"), (None, "int8")],
        "uint?": [("4294967296", "uint64"), ("65536", "uint32"), ("256", "uint16"), (None, "uint8")],
        "float?": [("1e39", "float64"), (None, "float32")],
    }
    for f in flags:
        if f["type"] in ladders:
            for value, tname in ladders[f["type"]]:
                if value is None:
                    f["type"] = tname
                    break
                res = runner.run(p + ["--%s=%s" % (f["name"], value), "--help"])
                pe = parse_error(res)
                if not (pe and "out of range" in pe[1]):
                    f["type"] = tname
                    break
        elif f["type"] == "goflag?":
            res = runner.run(p + ["--%s=1s" % f["name"], "--help"])
            if parse_error(res) is None:
                f["type"] = "duration"
            else:
                f["type"] = "custom"
                f["_value_error"] = "parse error"

    # takes_value.  A flag that requires a value consumes the next argument
    # whatever it looks like, so `--help --F1 --zz-sentinel-0 --F2
    # --zz-sentinel-1 ...` parses cleanly when every Fi requires a value, and
    # fails with `unknown flag: --zz-sentinel-i` at the first Fi that does
    # not (bool or NoOptDefVal).  Only string-like flags can swallow a
    # sentinel; the others are probed one by one with the flag last
    # (`flag needs an argument` <=> a value is required).
    for f in flags:
        if f["type"] == "bool":
            f["takes_value"] = False
    group = [f for f in flags if f["type"] in ("string", "stringSlice", "stringArray")]
    single = [f for f in flags if f["type"] != "bool" and f not in group]
    while group:
        argv = p + ["--help"]
        for i, f in enumerate(group):
            argv += ["--" + f["name"], "--zz-sentinel-%d" % i]
        res = runner.run(argv)
        uk = unknown_flag(res)
        m = re.match(r"zz-sentinel-(\d+)$", uk or "")
        if res.rc == 0 and not uk:
            for f in group:
                f["takes_value"] = True
            break
        if not m:
            single += group
            break
        i = int(m.group(1))
        for f in group[:i]:
            f["takes_value"] = True
        group[i]["takes_value"] = False
        group = group[i + 1:]
    for f in single:
        # `flag needs an argument: --F` from pflag, or (for --kuberc, which
        # kubectl reads before cobra parses the command line) another error.
        res = runner.run(p + ["--help", "--" + f["name"]])
        f["takes_value"] = res.rc != 0
    for f in flags:
        f["optional_value"] = (not f["takes_value"]) and f["type"] != "bool"


def valid_value_for(f):
    return {
        "bool": None, "duration": "1s", "stringToString": "a=b",
        "int8": "1", "int16": "1", "int32": "1", "int64": "1",
        "uint8": "1", "uint16": "1", "uint32": "1", "uint64": "1",
        "float32": "1", "float64": "1",
    }.get(f["type"], "x")


def probe_hidden_flags(runner, path, candidates, exclude):
    """Flags among CANDIDATES that `kubectl PATH` accepts although help and
    completion do not show them (`--help --NAME=zz9`: anything but
    `unknown flag: --NAME` means the flag exists)."""
    p = list(path)
    hidden = []
    for c in sorted(set(candidates) - set(exclude)):
        res = runner.run(p + ["--help", "--%s=%s" % (c, BAD)])
        if unknown_flag(res) == c:
            continue
        hidden.append({"name": c, "shorthand": None, "default": None, "_quoted": False, "hidden": True})
    return hidden


DEPRECATED_FLAG_RE = re.compile(r"^Flag --(\S+) has been deprecated, (.*)$")


def probe_flag_deprecation(runner, path, flags):
    """Use each hidden flag with a valid value (+ --help so nothing runs) and
    read pflag's `Flag --NAME has been deprecated, MSG` notice."""
    p = list(path)
    for f in flags:
        f["deprecated"] = None
        if not f.get("hidden"):
            continue  # pflag hides every deprecated flag
        v = valid_value_for(f)
        res = runner.run(p + (["--%s" % f["name"]] if v is None else ["--%s=%s" % (f["name"], v)]) + ["--help"])
        for line in (res.err + res.out).splitlines():
            m = DEPRECATED_FLAG_RE.match(line.strip())
            if m and m.group(1) == f["name"]:
                f["deprecated"] = m.group(2)


# -- enums -------------------------------------------------------------------

ENUM_PATTERNS = [
    # error: --type must be one of [json merge strategic], not "zz9"
    (re.compile(r"must be one of \[([^\]]*)\]"), lambda s: s.split()),
    # ..., allowed formats are: a,b,c
    (re.compile(r"allowed formats are: (.*)$"), lambda s: [x.strip() for x in s.split(",")]),
    # Must be "none", "server", or "client".
    (re.compile(r'[Mm]ust be ((?:"[^"]+",? (?:or )?)*"[^"]+")'), lambda s: re.findall(r'"([^"]+)"', s)),
    # --output must be 'yaml' or 'json'
    (re.compile(r"[Mm]ust be ((?:'[^']+',? (?:or )?)*'[^']+')"), lambda s: re.findall(r"'([^']+)'", s)),
    # must be one of: strict (or true), warn, ignore (or false)
    (re.compile(r"must be one of: (.*)$"),
     lambda s: [t for t in re.findall(r"[A-Za-z][\w-]*", s) if t != "or"]),
    # --sort-by accepts only name or kind
    (re.compile(r"accepts only (\w+(?:, \w+)* or \w+)"), lambda s: re.findall(r"\w+", s.replace(" or ", " "))),
    # supported --bound-object-kind values are Node, Pod, Secret
    (re.compile(r"values are ([\w.-]+(?:, [\w.-]+)*)"), lambda s: s.split(", ")),
    # valid --types are Normal or Warning
    (re.compile(r"valid --[\w-]+ are (\w+(?:, \w+)*(?:,? or \w+)?)"),
     lambda s: [t for t in re.findall(r"\w+", s) if t != "or"]),
    # legal values: [LoadRestrictionsRootOnly LoadRestrictionsNone]
    (re.compile(r"legal values: \[([^\]]*)\]"), lambda s: s.split()),
    # We only support '-o name'
    (re.compile(r"only support '-o (\w+)'"), lambda s: [s]),
    # one of (a|b|c)
    (re.compile(r"[Oo]ne of \(([^)]*)\)"), lambda s: s.split("|")),
]


def parse_enum(line):
    for rx, fn in ENUM_PATTERNS:
        m = rx.search(line)
        if m:
            vals = [v.strip().strip('"').strip("'") for v in fn(m.group(1))]
            vals = sorted(set(v for v in vals if v))
            if vals:
                return vals
    return None


VALUE_WORDS_RE = re.compile(r"must be|accepts only|one of|invalid|not available|unknown|unsupported|"
                            r"not supported|not allowed|\bvalid\b|legal", re.I)
COMBINATION_RE = re.compile(r"cannot specify|can only be specified|must be specified|can only use|only one of|"
                            r"together|cannot be used|requires|only valid for|must be provided with", re.I)


def desc_enum(f):
    """Enum stated by the flag's help text ("One of (none|cpu|heap)"), used
    only for flags whose value kubectl is known to validate offline."""
    m = re.search(r"[Oo]ne of:? \(([^)]*)\)", f.get("_desc", ""))
    if m and "|" in m.group(1):
        return sorted(set(v.strip() for v in m.group(1).split("|") if v.strip()))
    return None


def enum_value(i):
    return "zz9q%dz" % i


def probe_enums(runner, path, flags):
    """Offline value validation: run the command (base args from PROBE_ARGS)
    with invalid values and keep the errors kubectl raises before contacting
    the server.  Group-tested: all candidate flags get distinct invalid values
    zz9q<i>z in one run; an error quoting zz9q<i>z (or naming --FLAG) is
    attributed to that flag, which is then removed; an unattributable error
    splits the group in halves."""
    key = pathkey(path)
    for f in flags:
        f["enum"] = None
        f["value_check"] = None
    if key in NO_RUN or key not in PROBE_ARGS:
        return
    base = list(path) + PROBE_ARGS[key]
    base_line = first_error_line(runner.run(base, timeout=10))
    cand = [f for f in flags if f["type"] in ("string", "stringSlice", "stringArray", "custom")
            and not f.get("hidden")]
    idx = {f["name"]: i for i, f in enumerate(cand)}

    def record(f, line):
        v = enum_value(idx[f["name"]])
        if FILE_RE.search(line) or CONNECT_RE.search(line):
            return
        if v not in line and (not VALUE_WORDS_RE.search(line) or COMBINATION_RE.search(line)):
            # names the flag without quoting the value: keep it only when
            # it reads like a value check, not like a flag-combination rule
            return
        f["value_check"] = line.replace(v, "VALUE")
        f["enum"] = parse_enum(f["value_check"]) or desc_enum(f)

    def process(group):
        while group:
            res = runner.run(base + ["--%s=%s" % (f["name"], enum_value(idx[f["name"]])) for f in group],
                             timeout=10)
            line = first_error_line(res)
            if res.timed_out or not line or line == base_line or CONNECT_RE.search(line):
                return
            ids = [int(x) for x in re.findall(r"zz9q(\d+)z", line)]
            named = [f for f in group if re.search(r"--%s\b" % re.escape(f["name"]), line)]
            hit = [f for f in group if idx[f["name"]] in ids] or named
            if len(hit) == 1:
                record(hit[0], line)
                group = [f for f in group if f is not hit[0]]
                continue
            if len(group) == 1:
                return  # an error caused by giving this flag at all (e.g. -k with -f), not by its value
            half = len(group) // 2
            process(group[:half])
            process(group[half:])
            return

    process(cand)


def check_enums(runner, commands):
    """Sanity-check parsed enums and find out whether they are matched
    case-insensitively.  Flags sharing the same value_check message come from
    the same kubectl code, so each message is checked once, on the first
    command that shows it: the first enum value must make the error go away,
    and the same value with its case swapped tells case sensitivity.  Enums
    that fail the check are dropped (enum=null, value_check kept)."""
    groups = {}
    for c in commands:
        for f in c["flags"]:
            f["enum_case_insensitive"] = None
            if f["enum"]:
                groups.setdefault(f["value_check"], []).append((c["path"], f))
    for msg, members in sorted(groups.items()):
        path, f = members[0]
        base = list(path) + PROBE_ARGS[pathkey(path)]
        value = f["enum"][0]
        good = first_error_line(runner.run(base + ["--%s=%s" % (f["name"], value)], timeout=10))
        ok = good.replace(value, "VALUE") != msg
        swapped = value.swapcase()
        bad = first_error_line(runner.run(base + ["--%s=%s" % (f["name"], swapped)], timeout=10))
        insensitive = bad.replace(swapped, "VALUE") != msg
        for _, g in members:
            if ok:
                g["enum_case_insensitive"] = insensitive
            else:
                g["enum"] = None


# -- args / required flags ------------------------------------------------------

# Errors that are about the NUMBER of positional arguments.  cobra's own
# validators (rare in kubectl) and kubectl's checks in Complete/Validate.
# Messages that depend on flags as well (`You must provide one or more
# resources by argument or filename`, `expected 'logs [-f] [-p] (POD ...`)
# are deliberately absent: with -f / -l those commands need no argument.
ARG_COUNT_RES = [
    re.compile(r"accepts at most \d+ arg\(s\)|accepts between \d+ and \d+ arg\(s\)|accepts \d+ arg\(s\)|"
               r"requires at least \d+ arg\(s\)|unknown command \"a1\" for \"kubectl"),
    re.compile(r"^error: (unexpected arguments|Unexpected args|unexpected args|extra arguments): \["),
    re.compile(r"^error: Too many arguments"),
    re.compile(r"^error: exactly one NAME is required, got \d+"),
    re.compile(r"\(at most \d+ arguments\) saw \d+"),
    re.compile(r"^error: at least \d+ argument is required"),
    re.compile(r"^error: We accept only this format"),
    re.compile(r"^error: specify one path to kustomization"),
    re.compile(r"^error: source and destination are required"),
    re.compile(r"^error: you must specify two arguments"),
    re.compile(r"is not supported anymore\. Use exec \[POD\] -- \[COMMAND\]"),
    re.compile(r"^error: (node|pod) \[NAME \| -l label\]$"),
]
REQUIRED_RE = re.compile(r'required flag\(s\) (.*) not set')
ARG_COUNTS = (0, 1, 2, 3, 9)


def probe_args(runner, path, flags):
    """Run the command with 0, 1, 2, 3 and 9 positional args (a1 a2 ...), no
    flags.  Returns (args_min, args_max, required_flag_names).

    A count is "rejected" when the first error line is one of ARG_COUNT_RES.
    args_min = smallest accepted count (null if none of 0..3 is accepted),
    args_max = largest accepted count when 9 is rejected, else null.
    Required flags come from cobra's `required flag(s) "a", "b" not set`,
    which cobra checks before kubectl's own validation."""
    p = list(path) + ARGS_PROBE_EXTRA.get(pathkey(path), [])
    rejected = {}
    required = set()
    for n in ARG_COUNTS:
        res = runner.run(p + ["a%d" % i for i in range(1, n + 1)], timeout=10)
        line = first_error_line(res)
        rejected[n] = any(rx.search(line) for rx in ARG_COUNT_RES)
        m = REQUIRED_RE.search(line)
        if m:
            required |= set(re.findall(r'"([^"]+)"', m.group(1)))
    if required:
        # cobra checks required flags before kubectl looks at the arguments:
        # probe the counts again with the required flags given.
        byname = {f["name"]: f for f in flags}
        for name in sorted(required):
            v = valid_value_for(byname[name]) if name in byname else "x"
            p += ["--" + name] if v is None else ["--%s=%s" % (name, v)]
        for n in ARG_COUNTS:
            res = runner.run(p + ["a%d" % i for i in range(1, n + 1)], timeout=10)
            rejected[n] = any(rx.search(first_error_line(res)) for rx in ARG_COUNT_RES)
    accepted = [n for n in ARG_COUNTS[:-1] if not rejected[n]]
    amin = min(accepted) if accepted else None
    amax = max(accepted) if (accepted and rejected[9]) else None
    return amin, amax, required


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
        "enum_case_insensitive": None,
        "value_check": f.get("value_check"),
        "value_error": f.get("_value_error"),
        "deprecated": f.get("deprecated"),
        "hidden": bool(f.get("hidden")),
        "required": bool(f.get("required")),
    }


def analyze_global_flags(runner, text_flags):
    opts = runner.run(["options"])
    gflags = parse_options(opts.out.splitlines())
    names = {f["name"] for f in gflags}
    # Probe hidden global flags on a command without local flags of its own.
    probe_cmd = ["api-versions"]
    local = {f["name"] for f in parse_options(sections(runner.run(probe_cmd + ["--help"]).out)
                                              .get("Options", []))}
    gflags += probe_hidden_flags(runner, probe_cmd, HIDDEN_GLOBAL_FLAG_CANDIDATES + text_flags,
                                 names | local | {"help"})
    names = {f["name"] for f in gflags}
    probe_types(runner, probe_cmd, gflags)
    probe_flag_deprecation(runner, probe_cmd, gflags)
    # Global flag values validated before any connection: probe them on the
    # offline command `kubectl version --client`.
    for f in gflags:
        f["enum"] = None
        f["value_check"] = None
    base = ["version", "--client"]
    base_line = first_error_line(runner.run(base))
    for f in gflags:
        if f["type"] not in ("string", "custom", "stringSlice", "stringArray"):
            continue
        line = first_error_line(runner.run(base + ["--%s=%s" % (f["name"], BAD)]))
        if line and line != base_line and not CONNECT_RE.search(line) and not FILE_RE.search(line) \
                and (BAD in line or ("--" + f["name"]) in line):
            f["value_check"] = line.replace(BAD, "VALUE")
            f["enum"] = parse_enum(f["value_check"]) or desc_enum(f)
    return gflags, names


def analyze_command(runner, path, info, found, global_names, flag_candidates):
    h = runner.run(list(path) + ["--help"])
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
    usage = [l.strip() for l in sec.get("Usage", []) if l.strip().startswith("kubectl")]

    runnable, group_mode = True, None
    if path == ():
        runnable, group_mode = False, "help-exit-0"
    elif subs:
        bare = runner.run(list(path), timeout=10)
        if bare.rc == 0 and "Available Commands" in bare.out:
            runnable, group_mode = False, "help-exit-0"
        elif bare.rc != 0 and ("Available Commands" in bare.err or "Available Commands" in bare.out) \
                and not re.search(r"^Error: ", bare.err + bare.out, re.M):
            # (`Error: must specify one of -f and -k` before the help: kubectl v1.29's
            # `create` runs by itself and refused its arguments.)
            runnable, group_mode = False, "error"

    flags = []
    if path != ():
        flags = parse_options(sec.get("Options", []))
        comp = runner.run(["__complete"] + list(path) + ["--"])
        comp_names = {l.split("\t")[0][2:] for l in comp.out.splitlines() if l.startswith("--")}
        shown = {f["name"] for f in flags}
        # flags that completion knows (e.g. inherited from a non-root
        # parent) but the help does not show
        for extra in sorted(comp_names - shown - global_names - {"help"}):
            flags.append({"name": extra, "shorthand": None, "default": None, "_quoted": False, "hidden": False})
        shown = {f["name"] for f in flags}
        flags += probe_hidden_flags(runner, path, flag_candidates, shown | global_names | {"help"})
        probe_types(runner, path, flags)
        probe_flag_deprecation(runner, path, flags)
        if runnable:
            probe_enums(runner, path, flags)
        else:
            for f in flags:
                f["enum"] = None
                f["value_check"] = None

    required = set()
    if path == ():
        amin, amax = 0, 0
    elif runnable:
        amin, amax, required = probe_args(runner, path, flags)
    else:
        amin, amax = None, None
    for f in flags:
        f["required"] = f["name"] in required
    dash_args = any(re.search(r"(^|\s)\[?-- \[?COMMAND", u) for u in usage)
    return {
        "path": list(path),
        "short": info["short"],
        "aliases": aliases,
        "deprecated": deprecated,
        "hidden": info["hidden"],
        "runnable": runnable,
        "group_without_subcommand": group_mode,
        "has_subcommands": bool(subs),
        "subcommands": subs,
        "args_min": amin,
        "args_max": amax,
        "dash_args": dash_args,
        "usage": usage,
        "flags": sorted((public_flag(f) for f in flags), key=lambda f: f["name"]),
    }


def generate(kubectl, jobs, log):
    t0 = time.time()
    runner = Runner(kubectl)
    ver = runner.run(["version", "--client"])
    m = re.search(r"Client Version: (v\S+)", ver.out)
    version = m.group(1) if m else None
    if version != EXPECTED_VERSION:
        log("warning: kubectl reports %r, expected %s" % (version, EXPECTED_VERSION))

    hints = TextHints(kubectl)
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        found = discover_commands(runner, pool, hints)
        log("commands: %d (%.1fs, %d runs)" % (len(found), time.time() - t0, runner.count))
        # Flag names shown anywhere (help of every command, global options):
        # text tokens that are none of these are hidden-flag candidates.
        visible = {f["name"] for f in parse_options(runner.run(["options"]).out.splitlines())}
        for p in found:
            visible |= {f["name"] for f in parse_options(sections(runner.run(list(p) + ["--help"]).out)
                                                          .get("Options", []))}
        text_flags = text_flag_candidates(hints, visible)
        examples = hints.example_flags(found)
        log("hidden flag candidates: %d curated, %d from text, %d example (command, flag) pairs" % (
            len(HIDDEN_FLAG_CANDIDATES), len(text_flags), sum(len(v) for v in examples.values())))
        gflags, global_names = analyze_global_flags(runner, text_flags)
        log("global flags: %d (%.1fs, %d runs)" % (len(gflags), time.time() - t0, runner.count))

        def candidates(p):
            return sorted(set(HIDDEN_FLAG_CANDIDATES) | set(text_flags) | set(examples.get(p, []))
                          | set(HIDDEN_FLAG_CANDIDATES_OF.get(p, [])))

        commands = pmap(pool, lambda p: analyze_command(runner, p, found[p], found, global_names, candidates(p)),
                        sorted(found))

    check_enums(runner, commands)
    tree = {
        "kubectl_version": version,
        "generated_by": "tools/gen-kubectl-tree.py",
        "global_flags": sorted((public_flag(f) for f in gflags), key=lambda f: f["name"]),
        "commands": commands,
        "resources": resources_table(),
    }
    log("done: %d commands, %d flags, %d kubectl runs, %.1fs" % (
        len(commands), sum(len(c["flags"]) for c in commands), runner.count, time.time() - t0))
    return tree


def main():
    ap = argparse.ArgumentParser(description="Extract the kubectl command tree from the real kubectl binary.")
    ap.add_argument("--kubectl", required=True, help="path to a real kubectl binary")
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
