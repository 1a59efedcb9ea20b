#!/usr/bin/env python3
"""Extract the helm command tree from the REAL helm binary.

Usage:
    python3 tools/gen-helm-tree.py --helm PATH [-o FILE] [--jobs N] [-q]

Writes the tree of one helm version as JSON (to stdout unless -o is given).  Get the
binary with `tools/fetch-helm.sh [MAJOR.MINOR]`; tools/gen-helm-trees.sh runs this
for every version of tools/helm-versions.txt and merges the trees into
schema/helm/tree.json (tools/merge-helm-trees.py).  The output is deterministic:
every list is sorted, no timestamps, temporary paths printed as $HOME / $TMP.
About 2.5 minutes per version on 2 cores (~3,500 helm runs, mostly the
hidden-flag probes).

helm is always run hermetically (tools/helm_probe.py): fresh temporary HOME,
XDG_* and HELM_{CACHE,CONFIG,DATA}_HOME, an empty HELM_PLUGINS dir (no plugins),
KUBECONFIG pointing at a file that does not exist (helm then only tries
http://localhost:8080, which refuses), proxies at a closed loopback port,
stdin=/dev/null.  No network is needed.

Format (same field names as tools/gen-kubectl-tree.py's kubectl tree wherever the
meaning is the same, so the Rust reader of that tree can be reused)
========================================================================

  {
    "helm_version": "v4.1.4",               `helm version --template {{.Version}}`
    "generated_by": "tools/gen-helm-tree.py",
    "global_flags": [FLAG...],               the root's "Flags:" minus -h/--help
                                             (= every command's "Global Flags:"),
                                             sorted by name
    "commands": [COMMAND...]                 every command at every depth (the root
                                             is path []), sorted by path
  }

COMMAND
  path             names from the root (["get", "values"]).  Subcommands are the
                   "Available Commands:" of `helm PATH --help`, verified with
                   `helm PATH NAME --help` (its Usage line must start with
                   `helm PATH NAME`), plus HIDDEN_COMMAND_CANDIDATES that helm
                   accepts without listing them (hidden=true).  cobra's own
                   __complete/__completeNoDesc are left out; `help` and
                   `completion` are kept.
  short            one-line description (from the parent's command listing).
  aliases          the "Aliases:" section minus the name itself (list: ls).
  deprecated       MSG of cobra's `Command "X" is deprecated, MSG` (null if none).
  hidden           true only for commands found through the candidate probe.
  runnable         false for groups that only print their help (root, get, repo,
                   dependency, plugin, registry, search, show): cobra prints the
                   help on stdout and exits 0 when the group runs bare.
  group_without_subcommand
                   for non-runnable commands, what helm does with a missing or
                   unknown subcommand: "help-exit-0" (cobra's default: help on
                   stdout, exit 0, even for `helm get foo`) or "error" (the
                   root: bare `helm` prints the help and exits 0, but
                   `helm foo` is `Error: unknown command "foo" for "helm"`).
  has_subcommands / subcommands   from the discovery above (names, sorted).
  args_min/args_max
                   positional-argument count limits, observed by running the
                   command with 0, 1, 2, 3 and 9 positional arguments (a1 a2 ...)
                   and no flags (plus the required ones).  A count is rejected
                   when the first error is one of ARG_COUNT_RES: helm's cmd/require
                   validators (`"helm rollback" requires at least 1 argument`,
                   `"helm status" requires 1 argument`, `"helm env" accepts at
                   most 1 argument`, `"helm repo list" accepts no arguments`) and
                   install/template's own `expected at most two arguments`.
                   args_min = smallest accepted count (null if none of 0..3),
                   args_max = largest accepted count if 9 is rejected, else null
                   (`helm rollback REL 3 extra` is accepted: no maximum).
  args_message     the first ARG_COUNT_RES error seen (the `Usage:` tail cut), e.g.
                   `"helm rollback" requires at least 1 argument`; null if none.
  usage            the Usage: line(s) of the help, verbatim (`helm rollback
                   <RELEASE> [REVISION] [flags]`).
  usage_args       the positional arguments of the (first) usage line:
                   [{"name": "RELEASE", "optional": false, "repeated": false}, ...]
                   `<X>` and bare `X` are required, `[X]` optional, `[...]` or
                   `X...` repeats the previous one.  helm writes optional-looking
                   `[NAME] [CHART]` for arguments it requires (upgrade needs 2):
                   trust args_min/args_max for counts, usage_args for names.
  dash_args        always false (no helm command takes a command after `--`);
                   kept for the kubectl reader.
  flags            the command's own flags ("Flags:" of its help, without -h;
                   flags inherited from a non-root parent included, hidden
                   flags found by probing added), sorted by name.

FLAG
  name, shorthand  from the help line `  -o, --output format   prints ... (default table)`.
  type             the type word pflag prints in help: the flag's Value.Type()
                   ("string", "int", "float32", "duration", "stringArray",
                   "strings" = stringSlice, "stringToString", "format",
                   "WaitStrategy", "postRendererString" ...) or the backquoted
                   name of its description; "bool" when no word is printed.
                   Hidden flags: "bool" when `--NAME=zz9` fails with
                   strconv.ParseBool, else "string".
  default          pflag's `(default X)` text, quotes removed (string defaults
                   are printed quoted); the temporary HOME printed as "$HOME";
                   "" when none is printed (bools default to false then); null
                   for hidden flags.
  takes_value      true when a value is required (`--timeout 5m`, `--set a=b`).
  optional_value   true for non-bool flags with a NoOptDefVal (help prints
                   `string[="unset"]`): bare `--dry-run` is accepted and a value
                   can only be attached with `=`.
  no_opt_default   the value a bare optional-value flag takes ("unset", "watcher");
                   null otherwise.
  enum             values listed by the description's `Allowed values: a, b, c`
                   or `(a, b, c)` of --color, verified: the first value passes
                   and zz9 is refused.  null otherwise.
  enum_case_insensitive  null (not probed).
  value_check      null (kept for the kubectl reader; helm checks flag values
                   while parsing, see value_error).
  value_error      pflag's reason when `--NAME=zz9` is refused while parsing
                   (`invalid format type`, `strconv.ParseInt: parsing "zz9":
                   invalid syntax`, `time: invalid duration "zz9"`); null when
                   zz9 is accepted at parse time.  Probed for every non-bool,
                   non-string flag (bools: strconv.ParseBool, not recorded).
  description      first line of the flag's help text, `(default ...)` removed.
  deprecated       MSG of `Flag --NAME has been deprecated, MSG` (pflag hides
                   deprecated flags from help, so only hidden flags can have it).
  hidden           true for flags accepted without being shown in help
                   (HIDDEN_FLAG_CANDIDATES, probed with `--help --NAME=zz9`).
  required         named in cobra's `required flag(s) "a" not set`.
"""

import argparse
import concurrent.futures
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from helm_probe import run_helm  # noqa: E402

BAD = "zz9"

# Names helm had, or that people type, that might still be registered but hidden.
# Probed under the root and under every command group.
HIDDEN_COMMAND_CANDIDATES = [
    "chart", "delete", "del", "dep", "docs", "fetch", "hist", "home", "init", "inspect",
    "ls", "reset", "rm", "serve", "un", "up", "upgrade", "verify", "version", "diff",
    "index", "login", "logout", "all", "hooks", "manifest", "metadata", "notes",
    "values", "readme", "crds", "package", "install", "uninstall", "update", "list",
    "build", "search", "push", "status", "plugin", "get", "show", "repo", "rollback",
    "history", "test", "template", "lint", "pull", "create", "env", "registry",
]

# Flags helm had, or renamed, over v3 -> v4 (found by diffing the shown flags of
# the versions: every flag one version shows on a command and another does not
# is here), and a few of helm v2: probed on every command; the ones helm
# accepts without showing them end up in the tree with hidden=true.
HIDDEN_FLAG_CANDIDATES = [
    # v3 -> v4 renames and removals
    "atomic", "force", "force-replace", "force-conflicts", "rollback-on-failure",
    "recreate-pods", "server-side", "take-ownership", "hide-notes", "wait", "wait-for-jobs",
    "dry-run", "hide-secret", "no-update", "devel", "is-upgrade", "validate", "verify",
    "create-namespace", "dependency-update", "description", "labels", "kube-version",
    "output", "logs", "filter", "plain-http", "password-stdin", "cascade", "keep-history",
    "ignore-not-found", "skip-crds", "skip-schema-validation", "show-resources",
    "all", "show-desc", "fail-on-repo-update-fail", "no-headers", "type", "timeout",
    "render-subchart-notes", "show-rollback-revision", "ca-file", "cert-file", "key-file",
    "keyring", "username", "password", "insecure-skip-tls-verify",
    # helm v2
    "purge", "tiller-namespace", "home", "host", "tls", "tls-verify", "tiller-connection-timeout",
    "name", "replace", "dep-up", "service-account", "client-only", "upgrade",
]

ARG_COUNT_RES = [
    re.compile(r'^Error: "helm[^"]*" (requires (at least |at most )?\d+ arguments?|accepts (at most \d+ arguments?|no arguments))'),
    re.compile(r"expected at most two arguments, unexpected arguments: "),
    re.compile(r'^Error: unknown command "a1" for "helm'),
    re.compile(r"requires (at least )?\d+ arg\(s\)|accepts (at most |between )?\d+( and \d+)? arg\(s\)"),
    re.compile(r"This command needs \d+ arguments?"),
]
REQUIRED_RE = re.compile(r'required flag\(s\) (.*) not set')
ARG_COUNTS = (0, 1, 2, 3, 9)

FLAG_LINE = re.compile(
    r'^\s{2,}(?:-(?P<short>\S), )?--(?P<name>[A-Za-z0-9][\w.-]*)'
    r'(?: (?P<type>[^\s\[]+)(?:\[="(?P<nooptq>[^"]*)"\]|\[=(?P<noopt>[^\]]*)\])?)?'
    r'(?:\s{2,}(?P<desc>.*))?$')
DEFAULT_RE = re.compile(r'\s*\(default (.*)\)$')


class Runner:
    def __init__(self, helm):
        self.helm = helm
        self.count = 0
        self.cache = {}

    def run(self, args, timeout=15):
        key = tuple(args)
        if key in self.cache:
            return self.cache[key]
        self.count += 1
        res = run_helm(self.helm, args, timeout=timeout)
        self.cache[key] = res
        return res


def sections(text):
    """cobra help -> {"Usage": [...], "Aliases": [...], "Available Commands": [...],
    "Flags": [...], "Global Flags": [...], ...}."""
    out, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"^([A-Z][A-Za-z ]*):\s*$", line)
        if m and not line.startswith(" "):
            cur = m.group(1)
            out.setdefault(cur, [])
            continue
        if cur is not None:
            if line.startswith("Use \"helm"):
                cur = None
                continue
            out[cur].append(line)
    return out


def first_error(res):
    for line in res.err.splitlines():
        s = line.strip()
        if not s or s.startswith("WARNING") or s.startswith("level=WARN") \
                or re.match(r"^Flag (shorthand )?-+\S+ has been deprecated", s) \
                or re.match(r'^Command "[^"]+" is deprecated', s):
            continue
        return s
    return ""


def parse_flags(lines):
    flags = []
    for line in lines:
        m = FLAG_LINE.match(line)
        if not m:
            if flags and line.strip():
                flags[-1]["_cont"].append(line.strip())
            continue
        flags.append({"m": m, "_cont": []})
    out = []
    for item in flags:
        m = item["m"]
        desc = (m.group("desc") or "").strip()
        full = " ".join([desc] + item["_cont"]).strip()
        default = ""
        dm = DEFAULT_RE.search(full)
        if dm:
            default = dm.group(1)
            if len(default) >= 2 and default[0] == '"' and default[-1] == '"':
                default = default[1:-1]
            full = full[:dm.start()].rstrip()
        first = DEFAULT_RE.sub("", desc).rstrip() if desc else ""
        typ = m.group("type")
        noopt = m.group("nooptq") if m.group("nooptq") is not None else m.group("noopt")
        if m.group("name") == "help":
            continue
        f = {
            "name": m.group("name"),
            "shorthand": m.group("short"),
            "type": typ or "bool",
            "default": default,
            "takes_value": bool(typ) and noopt is None,
            "optional_value": bool(typ) and noopt is not None,
            "no_opt_default": noopt if typ else None,
            "description": first,
            "_full": full,
            "hidden": False,
        }
        out.append(f)
    return out


def parse_usage_args(usage, path):
    """Positional arguments of the first usage line after `helm PATH`: top-level
    bracket groups are one optional argument each (`[REPO1 [REPO2 ...]]` is one
    optional, repeated REPO1), `<X>` and bare words required ones; `...` inside a
    group, `[...]` or a `...` suffix mark the (previous) argument repeated.
    `[flags]`, `[command]` and `[options]` (= flags) are no arguments."""
    if not usage:
        return []
    rest = usage[0].split(None, 1 + len(path))
    text = rest[1 + len(path)] if len(rest) > 1 + len(path) else ""
    tokens, i = [], 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "[":
            depth, j = 0, i
            while j < len(text):
                depth += {"[": 1, "]": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            tokens.append(("opt", text[i + 1:j]))
            i = j + 1
        else:
            j = i
            while j < len(text) and not text[j].isspace():
                j += 1
            tokens.append(("req", text[i:j]))
            i = j
    args = []
    for kind, t in tokens:
        inner = t.strip()
        if kind == "opt" and inner in ("flags", "command", "options"):
            continue
        if inner in ("...", "[...]") or (kind == "opt" and inner == "..."):
            if args:
                args[-1]["repeated"] = True
            continue
        repeated = "..." in inner
        name = re.split(r"[\s\[]", inner.replace("...", "").strip(), maxsplit=1)[0].strip("<>[]")
        if " | " in inner or "|" in inner and " " in inner:
            name = inner.replace("...", "").strip()
        args.append({"name": name, "optional": kind == "opt", "repeated": repeated})
    return args


def pathkey(p):
    return " ".join(p)


def discover(runner, pool):
    """{path tuple: {"short", "hidden"}}"""
    found = {(): {"short": "", "hidden": False}}
    frontier = [()]
    while frontier:
        nxt = []
        jobs = []
        for p in frontier:
            sec = sections(runner.run(list(p) + ["--help"]).out)
            listed = {}
            for line in sec.get("Available Commands", []):
                m = re.match(r"^\s+(\S+)\s+(.*)$", line)
                if m:
                    listed[m.group(1)] = m.group(2).strip()
            if not listed and p != ():
                continue
            aliases_taken = set()
            for name, short in listed.items():
                jobs.append((p, name, short, False))
            for name in HIDDEN_COMMAND_CANDIDATES:
                if name not in listed:
                    jobs.append((p, name, "", True))

        def check(job):
            p, name, short, hidden = job
            res = runner.run(list(p) + [name, "--help"])
            usage = [l.strip() for l in sections(res.out).get("Usage", [])]
            want = "helm " + " ".join(list(p) + [name])
            ok = res.rc == 0 and any(u == want or u.startswith(want + " ") for u in usage)
            return job, ok

        for (p, name, short, hidden), ok in pool.map(check, jobs):
            if ok and (p + (name,)) not in found:
                found[p + (name,)] = {"short": short, "hidden": hidden}
                nxt.append(p + (name,))
        frontier = nxt
    return found


def probe_hidden_flags(runner, path, shown, candidates):
    out = []
    for name in candidates:
        if name in shown:
            continue
        res = runner.run(list(path) + ["--help", "--%s=%s" % (name, BAD)])
        err = first_error(res)
        if re.search(r"unknown flag: --%s\b" % re.escape(name), err):
            continue
        is_bool = "strconv.ParseBool" in err
        dep = None
        res2 = runner.run(list(path) + ["--help", "--%s=%s" % (name, "true" if is_bool else BAD)])
        for line in res2.err.splitlines():
            m = re.match(r"^Flag --%s has been deprecated, (.*)$" % re.escape(name), line.strip())
            if m:
                dep = m.group(1)
        out.append({"name": name, "shorthand": None, "type": "bool" if is_bool else "string",
                    "default": None, "takes_value": not is_bool, "optional_value": False,
                    "no_opt_default": None, "description": "", "_full": "", "hidden": True,
                    "deprecated": dep})
    return out


def probe_value_errors(runner, path, flags):
    """Group test: all non-bool, non-string flags get =zz9 plus --help; pflag reports
    the first one it refuses by name; record, drop it and run again."""
    byname = {f["name"]: f for f in flags}
    group = [f for f in flags if f["type"] not in ("bool", "string", "stringArray")]
    while group:
        res = runner.run(list(path) + ["--help"] + ["--%s=%s" % (f["name"], BAD) for f in group])
        err = first_error(res)
        m = re.match(r'^Error: invalid argument "zz9" for "(?:-\S, )?--([\w.-]+)" flag: (.*)$', err)
        if not m or m.group(1) not in byname:
            return
        byname[m.group(1)]["value_error"] = m.group(2)
        group = [f for f in group if f["name"] != m.group(1)]


def probe_enums(runner, path, flags):
    for f in flags:
        f["enum"] = None
        if f["type"] == "bool":
            continue
        m = re.search(r"Allowed values: ([\w-]+(?:, [\w-]+)+)", f["_full"]) \
            or re.search(r"\(((?:[\w-]+, )+[\w-]+)\)", f["_full"])
        if not m:
            continue
        vals = [v.strip() for v in m.group(1).split(",")]
        # verified at parse time only: the first value passes, zz9 is refused
        good = first_error(runner.run(list(path) + ["--help", "--%s=%s" % (f["name"], vals[0])]))
        bad = first_error(runner.run(list(path) + ["--help", "--%s=%s" % (f["name"], BAD)]))
        if not good and bad:
            f["enum"] = sorted(vals)


def probe_args(runner, path, flags):
    rejected, required, message = {}, set(), None
    p = list(path)

    def once(n, extra):
        res = runner.run(p + extra + ["a%d" % i for i in range(1, n + 1)], timeout=10)
        return first_error(res)

    for n in ARG_COUNTS:
        line = once(n, [])
        m = REQUIRED_RE.search(line)
        if m:
            required |= set(re.findall(r'"([^"]+)"', m.group(1)))
        rejected[n] = any(rx.search(line) for rx in ARG_COUNT_RES)
        if rejected[n] and message is None:
            message = line
    if required:
        extra = []
        byname = {f["name"]: f for f in flags}
        for name in sorted(required):
            f = byname.get(name)
            extra += ["--" + name] if f and f["type"] == "bool" else ["--%s=x" % name]
        message = None
        for n in ARG_COUNTS:
            line = once(n, extra)
            rejected[n] = any(rx.search(line) for rx in ARG_COUNT_RES)
            if rejected[n] and message is None:
                message = line
    accepted = [n for n in ARG_COUNTS[:-1] if not rejected[n]]
    amin = min(accepted) if accepted else None
    amax = max(accepted) if (accepted and rejected[9]) else None
    if message:
        message = message.split("\n")[0]
    return amin, amax, required, message


def public_flag(f):
    return {
        "name": f["name"],
        "shorthand": f["shorthand"],
        "type": f["type"],
        "default": f["default"],
        "takes_value": f["takes_value"],
        "optional_value": f["optional_value"],
        "no_opt_default": f.get("no_opt_default"),
        "enum": f.get("enum"),
        "enum_case_insensitive": None,
        "value_check": None,
        "value_error": f.get("value_error"),
        "description": f.get("description", ""),
        "deprecated": f.get("deprecated"),
        "hidden": bool(f.get("hidden")),
        "required": bool(f.get("required")),
    }


def analyze(runner, path, info, found, global_names):
    h = runner.run(list(path) + ["--help"])
    sec = sections(h.out)
    aliases = []
    if "Aliases" in sec:
        names = ",".join(l.strip() for l in sec["Aliases"] if l.strip())
        aliases = sorted({a.strip() for a in names.split(",") if a.strip()} - {path[-1] if path else "helm"})
    deprecated = None
    for line in (h.err + h.out).splitlines():
        dm = re.match(r'^Command "(.*)" is deprecated, (.*)$', line.strip())
        if dm:
            deprecated = dm.group(2)
    subs = sorted(p[-1] for p in found if len(p) == len(path) + 1 and p[:len(path)] == path)
    usage = [l.strip() for l in sec.get("Usage", []) if l.strip().startswith("helm")]
    runnable, group_mode = True, None
    if subs:
        bare = runner.run(list(path), timeout=10)
        if "Available Commands" in bare.out + bare.err:
            runnable = False
            unk = runner.run(list(path) + ["zz9unknown"], timeout=10)
            group_mode = "help-exit-0" if unk.rc == 0 else "error"
    flags = []
    if path != ():
        flags = parse_flags(sec.get("Flags", []))
        shown = {f["name"] for f in flags} | global_names | {"help"}
        flags += probe_hidden_flags(runner, path, shown, sorted(set(HIDDEN_FLAG_CANDIDATES)))
        probe_value_errors(runner, path, flags)
        probe_enums(runner, path, flags)
    required = set()
    amin = amax = message = None
    if runnable and path != ():
        amin, amax, required, message = probe_args(runner, path, flags)
    for f in flags:
        f["required"] = f["name"] in required
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
        "args_message": message,
        "dash_args": False,
        "usage": usage,
        "usage_args": parse_usage_args(usage, path),
        "flags": sorted((public_flag(f) for f in flags), key=lambda f: f["name"]),
    }


def generate(helm, jobs, log):
    t0 = time.time()
    runner = Runner(helm)
    version = runner.run(["version", "--template", "{{.Version}}"]).out.strip()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        found = discover(runner, pool)
        log("commands: %d (%.1fs, %d runs)" % (len(found), time.time() - t0, runner.count))
        root = sections(runner.run(["--help"]).out)
        gflags = parse_flags(root.get("Flags", []))
        probe_value_errors(runner, ["version"], gflags)
        probe_enums(runner, ["version"], gflags)
        global_names = {f["name"] for f in gflags}
        commands = list(pool.map(lambda p: analyze(runner, p, found[p], found, global_names), sorted(found)))
    tree = {
        "helm_version": version,
        "generated_by": "tools/gen-helm-tree.py",
        "global_flags": sorted((public_flag(f) for f in gflags), key=lambda f: f["name"]),
        "commands": commands,
    }
    log("done: %s, %d commands, %d flags, %d helm runs, %.1fs" % (
        version, len(commands), sum(len(c["flags"]) for c in commands), runner.count, time.time() - t0))
    return tree


def main():
    ap = argparse.ArgumentParser(description="Extract the helm command tree from the real helm binary.")
    ap.add_argument("--helm", required=True, help="path to a real helm binary")
    ap.add_argument("-o", "--output", help="write JSON here instead of stdout")
    ap.add_argument("--jobs", type=int, default=max(2, (os.cpu_count() or 2) * 2))
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()

    def log(msg):
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    tree = generate(os.path.abspath(args.helm), args.jobs, log)
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
