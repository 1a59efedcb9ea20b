#!/usr/bin/env python3
"""Verdict oracle: run helm command lines against the REAL helm, offline.

Usage:
    python3 tools/helm-verdict.py --helm PATH [--helm PATH2 ...] FILE [--jobs N] [--timeout S]

FILE holds one command per line, each a full shell-quoted command starting with
`helm` (placeholders already replaced by words); blank lines and lines starting
with `#` are skipped.  `# vars: NAME=value` lines and `$NAME` / `$(...)` (SUBST)
expansions work as in tools/kubectl-verdict.py.  Prints a JSON array, in file
order, of

    {"line": N, "command": "...", ["ran": "...",]
     "verdicts": {"3.17": {"verdict": "accepted", "class": "cluster", "detail": "..."},
                  "4.1": {...}}}

one entry of "verdicts" per --helm binary (keyed by its MAJOR.MINOR).  "verdict"
is "accepted" (helm got past parsing the command line: it failed, or would have
failed, only on the cluster, the network, a missing release/chart/repository or a
local file) or "rejected" (helm refused the command line itself).  "class" says
which rule decided (CLASSIFIERS below) and "detail" is the first meaningful
stderr line (for `help printed` cases a description of what happened).

Every command runs hermetically (tools/helm_probe.py): fresh temporary HOME, XDG
and HELM_* directories, KUBECONFIG pointing at a file that does not exist (helm
only tries http://localhost:8080, which refuses at once), an empty plugins dir,
proxies at a closed loopback port (so `helm repo add`, `helm pull URL`,
`helm search hub` fail at once), stdin=/dev/null, a 10 s timeout (a command still
running then counts as accepted).  No command can change anything outside its
throw-away directory: there is no cluster and no registry to change.
"""

import argparse
import concurrent.futures
import json
import os
import re
import shlex
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from helm_probe import run_helm  # noqa: E402

# (verdict, class, regex on the first meaningful stderr line).  First match wins.
CLASSIFIERS = [
    # --- cobra / pflag: the command line itself -------------------------------
    ("rejected", "unknown-command", r'^Error: unknown command "[^"]*" for "helm[^"]*"'),
    ("rejected", "unknown-flag", r"^Error: unknown flag: --\S+"),
    ("rejected", "unknown-flag", r"^Error: unknown shorthand flag: '.' in -\S*"),
    ("rejected", "unknown-flag", r"^Error: bad flag syntax: "),
    ("rejected", "flag-needs-value", r"^Error: flag needs an argument: "),
    ("rejected", "bad-flag-value", r'^Error: invalid argument ".*" for "[^"]+" flag: '),
    ("rejected", "arg-count", r'^Error: "helm[^"]*" (requires (at least |at most )?\d+ arguments?|'
                              r'accepts (at most \d+ arguments?|no arguments))'),
    ("rejected", "arg-count", r"expected at most two arguments, unexpected arguments: "),
    ("rejected", "arg-count", r"must either provide a name or specify --generate-name"),
    ("rejected", "required-flag", r'^Error: required flag\(s\) .* not set'),
    ("rejected", "flag-conflict", r"^Error: if any flags in the group \["),
    ("rejected", "unknown-command", r"^(Error: )?[Uu]nknown help topic "),
    # helm's own checks of flag values and combinations, before any I/O
    ("rejected", "bad-flag-value", r"(invalid|unknown) (dry-run|wait|server-side)"),
    ("rejected", "bad-flag-value", r'^Error: invalid value ".*" for (flag )?--?\S+'),
    ("rejected", "bad-flag-value", r"--dry-run.*(must be|invalid)"),
    ("rejected", "bad-flag-value", r"^Error: .*(cannot be used with|are mutually exclusive|"
                                   r"can not be used together|only one of)"),
    ("rejected", "bad-flag-value", r"^Error: invalid cascade value \("),
    ("rejected", "bad-flag-value", r"^Error: invalid (color|colour) mode "),
    ("rejected", "bad-arg-value", r"^Error: could not convert revision to a number"),
    ("rejected", "bad-flag-value", r"^Error: (failed parsing|failed to parse) --set"),
    ("rejected", "bad-flag-value", r"^Error: (invalid|unsupported) (output|format)"),
    # --- the environment, not the command line: accepted ----------------------
    ("accepted", "cluster", r"(?i)kubernetes cluster unreachable"),
    ("accepted", "cluster", r"dial tcp 127\.0\.0\.1:8080"),
    ("accepted", "cluster", r"(?i)(localhost|127\.0\.0\.1):8080"),
    ("accepted", "network", r"proxyconnect tcp|connection refused|no such host|i/o timeout|"
                            r"unable to perform search against|cannot be reached"),
    ("accepted", "repo", r"no repositories (found|configured|to show)|no repo named|repo .* not found|"
                         r"repository name \(.*\) not found|non-absolute URLs should be in form of"),
    ("accepted", "release", r"release: not found|release not found|has no deployed releases"),
    ("accepted", "file", r"(?i)not found|no such file or directory|does not exist|not a directory|"
                         r"Chart\.yaml file is missing|no Chart\.yaml exists|unable to locate|"
                         r"failed to download|could not find"),
    ("accepted", "plugin", r"(?i)plugin"),
    ("accepted", "registry", r"(?i)^Error: EOF$|^Error: not logged in|registry|credentials|unauthorized|\boci\b"),
    ("accepted", "chart", r"(?i)chart"),
]
CLASSIFIERS = [(v, c, re.compile(rx)) for v, c, rx in CLASSIFIERS]


def is_noise(line):
    s = line.strip()
    return (not s
            or s.startswith("WARNING:") or s.startswith("level=WARN") or s.startswith("Warning:")
            or re.match(r"^Flag (shorthand )?-+\S+ has been deprecated", s) is not None
            or re.match(r'^Command "[^"]+" is deprecated', s) is not None
            or s.startswith("Usage:") or s.startswith("Did you mean this?")
            or s.startswith("Run 'helm") or line[:1] == "\t")


SLOG_ERROR = re.compile(r'^level=(?:WARN|ERROR) msg="command failed" error="(.*)"$')


def meaningful_lines(text):
    """Lines that can tell the verdict.  helm v4 reports some errors of its
    PersistentPreRun (an invalid --color) only as a structured log line
    `level=WARN msg="command failed" error="invalid color mode ..."`: that line
    is read as `Error: invalid color mode ...`."""
    out = []
    for l in text.splitlines():
        m = SLOG_ERROR.match(l.strip())
        if m:
            out.append("Error: " + m.group(1).replace('\\"', '"'))
        elif not is_noise(l):
            out.append(l.strip())
    return out


def wants_help(args):
    return any(a in ("-h", "--help") for a in args) or args[:1] == ["help"]


def classify(args, res):
    lines = meaningful_lines(res.err)
    detail = lines[0] if lines else ""
    if res.timed_out:
        return "accepted", "timeout", detail or "(still running at timeout)"
    for line in lines:
        for verdict, cls, rx in CLASSIFIERS:
            if rx.search(line):
                return verdict, cls, line
        break  # only the first meaningful line decides
    if res.rc == 0:
        if "Available Commands:" in res.out and not wants_help(args):
            # a command group without a Run function prints its help and exits 0,
            # also with an unknown subcommand (`helm get foo`, `helm repo lst`)
            m = re.search(r'^Use "helm(( [a-z][\w-]*)*) \[command\] --help"', res.out, re.M)
            group = m.group(1).split() if m else []
            positional = [a for a in args if not a.startswith("-")]
            if positional[len(group):]:
                return "rejected", "unknown-command", "(help printed, exit 0) unknown subcommand %r of %r" % (
                    positional[len(group)], " ".join(["helm"] + group))
            return "rejected", "no-subcommand", "(help printed, exit 0) no subcommand given to %r" % (
                " ".join(["helm"] + group))
        return "accepted", "ok", detail
    if not detail:
        return "rejected", "other", "(exit %d, no message)" % res.rc
    return "rejected", "other", detail


def expand(line, values, where):
    """Replace the shell expansions of `line` (outside single quotes) by values."""
    def value(name):
        if name not in values:
            raise SystemExit("%s: no value for $%s: give one with `# vars: %s=...`" % (where, name, name))
        return values[name]

    out, i, quote = [], 0, None
    while i < len(line):
        c = line[i]
        if quote == "'":
            out.append(c)
            if c == "'":
                quote = None
            i += 1
        elif c == "\\":
            out.append(line[i:i + 2])
            i += 2
        elif c == "'" and quote is None:
            quote = "'"
            out.append(c)
            i += 1
        elif c == '"':
            quote = None if quote == '"' else '"'
            out.append(c)
            i += 1
        elif c == "`":
            j = line.index("`", i + 1)
            out.append(value("SUBST"))
            i = j + 1
        elif c == "$" and line[i + 1:i + 2] == "(":
            depth, j = 0, i + 1
            while j < len(line):
                depth += {"(": 1, ")": -1}.get(line[j], 0)
                if depth == 0:
                    break
                j += 1
            out.append(value("SUBST"))
            i = j + 1
        elif c == "$" and line[i + 1:i + 2] == "{":
            j = line.index("}", i)
            out.append(value(re.match(r"\w*", line[i + 2:j]).group(0)))
            i = j + 1
        elif c == "$" and re.match(r"[A-Za-z_]", line[i + 1:i + 2]):
            name = re.match(r"\w+", line[i + 1:]).group(0)
            out.append(value(name))
            i += 1 + len(name)
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_file(path):
    cmds, values = [], {}
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.strip()
            if line.startswith("# vars:"):
                for kv in shlex.split(line[len("# vars:"):]):
                    k, _, v = kv.partition("=")
                    values[k] = v
                continue
            if not line or line.startswith("#"):
                continue
            ran = expand(line, values, "%s:%d" % (path, n))
            argv = shlex.split(ran)
            if not argv or argv[0] != "helm":
                raise SystemExit("%s:%d: command does not start with helm: %s" % (path, n, line))
            cmds.append((n, line, ran, argv[1:]))
    return cmds


def version_of(helm):
    v = run_helm(helm, ["version", "--template", "{{.Version}}"]).out.strip()  # v4.1.4
    return ".".join(v.lstrip("v").split(".")[:2])


def main():
    ap = argparse.ArgumentParser(description="Classify helm command lines by running the real helm offline.")
    ap.add_argument("--helm", action="append", required=True, help="a real helm binary (repeatable)")
    ap.add_argument("file")
    ap.add_argument("--jobs", type=int, default=max(2, (os.cpu_count() or 2) * 2))
    ap.add_argument("--timeout", type=float, default=10.0)
    args = ap.parse_args()
    helms = [os.path.abspath(h) for h in args.helm]
    versions = [version_of(h) for h in helms]
    cmds = parse_file(args.file)
    with socket.socket() as sock:
        sock.settimeout(2)
        if sock.connect_ex(("127.0.0.1", 8080)) == 0:
            raise SystemExit("helm-verdict: something listens on 127.0.0.1:8080; verdicts would be wrong")

    def one(item):
        n, line, ran, argv = item
        entry = {"line": n, "command": line}
        if ran != line:
            entry["ran"] = ran
        entry["verdicts"] = {}
        for helm, ver in zip(helms, versions):
            verdict, cls, detail = classify(argv, run_helm(helm, argv, timeout=args.timeout))
            entry["verdicts"][ver] = {"verdict": verdict, "class": cls, "detail": detail}
        return entry

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        out = list(pool.map(one, cmds))
    sys.stdout.write(json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
