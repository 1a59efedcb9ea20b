#!/usr/bin/env python3
"""Verdict oracle: run kubectl command lines against the REAL kubectl, offline.

Usage:
    python3 tools/kubectl-verdict.py --kubectl PATH FILE [--jobs N] [--timeout S]

FILE holds one command per line, each a full shell-quoted command starting
with `kubectl` (placeholders already replaced by words); blank lines and lines
starting with `#` are skipped.  Prints a JSON array, in file order, of
    {"line": N, "command": "...", "verdict": "...", "detail": "..."}
where detail is the first meaningful stderr line (see first_line()).

Shell expansions: a line `# vars: NAME=value NAME2='a value'` gives values to
`$NAME` / `${NAME}` for the lines after it (until another `# vars:` changes
them); a command substitution `$(...)` or `` `...` `` stands for the value of
SUBST.  Expansions are replaced outside single quotes, as the shell does, and
the command kubectl ran is added to the entry as "ran".  A variable without a
value is an error: the verdict of `--replicas=$N` depends on N.

Every command runs hermetically (tools/kubectl_probe.py): fresh temporary
HOME and working directory, KUBECONFIG pointing at a file that does not exist
(kubectl then only tries http://localhost:8080 on loopback, which refuses at
once), an empty PATH directory (no plugins), stdin=/dev/null.  The verdict
classes and the exact stderr patterns are documented in
tests/kubectl/README.md; CLASSIFIERS below is the authoritative list.
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
from kubectl_probe import run_kubectl  # noqa: E402

VERDICTS = ["ok", "unknown-command", "unknown-flag", "bad-flag-value", "flag-needs-value", "usage-error"]


def is_noise(line):
    """klog lines (E1128 12:00:00.000 ... discovery errors, -v=N info lines),
    warnings and deprecation notices are not the command's verdict."""
    s = line.strip()
    return (not s
            or line[:1] in (" ", "\t")  # continuation of a multi-line klog entry (-v=8 headers)
            or re.match(r"^[EWI]\d{4} \d", s) is not None
            or s.startswith("Warning:") or s.startswith("warning:")
            or re.match(r"^Flag (shorthand )?-+\S+ has been deprecated", s) is not None
            or re.match(r'^Command "[^"]+" is deprecated', s) is not None
            or s.startswith("--profile=legacy is deprecated"))


def meaningful_lines(text):
    return [l.strip() for l in text.splitlines() if not is_noise(l)]


def first_line(text):
    lines = meaningful_lines(text)
    return lines[0] if lines else ""


# (verdict, regex on the first meaningful stderr line).  First match wins.
CLASSIFIERS = [
    # --- reached the server (or the point where it needs it): ok -------------
    ("ok", r"^The connection to the server \S+ was refused"),
    ("ok", r"dial tcp \S+:8080: connect: connection refused"),
    ("ok", r"^Unable to connect to the server"),
    # --- cobra / pflag --------------------------------------------------------
    ("unknown-command", r'^error: unknown command "[^"]*"( for "kubectl[^"]*")?$'),
    ("unknown-command", r"^Unknown help topic \["),
    ("unknown-flag", r"^error: unknown flag: --\S+$"),
    ("unknown-flag", r"^error: unknown shorthand flag: '.' in -\S*$"),
    # a flag before the subcommand that is not a global flag: kubectl's
    # plugin handler takes the line for a plugin invocation
    ("unknown-flag", r"^Error: flags cannot be placed before plugin name: -"),
    # ---x, --=x, -=x
    ("unknown-flag", r"^error: bad flag syntax: "),
    ("flag-needs-value", r"^error: flag needs an argument: (--\S+|'.' in -\S+)$"),
    ("flag-needs-value", r"^error occurred while applying preferences kuberc file is not found$"),
    ("bad-flag-value", r'^error: invalid argument ".*" for "[^"]+" flag: '),
    # --- kubectl's own offline value checks -> bad-flag-value ----------------
    ("bad-flag-value", r"^error: (error accessing --dry-run flag for command \S+: )?Invalid dry-run value \("),
    ("bad-flag-value", r"^error: invalid cascade value \("),
    ("bad-flag-value", r'^error: invalid - validate option "'),
    ("bad-flag-value", r'^error: unable to match a printer suitable for the output format "'),
    ("bad-flag-value", r"^error: --output must be 'yaml' or 'json'$"),
    ("bad-flag-value", r"^error: --output \S* is not available in kubectl config get-contexts"),
    ("bad-flag-value", r"^error: unexpected -o output mode: .*We only support '-o name'"),
    ("bad-flag-value", r"^error: --type must be one of \["),
    ("bad-flag-value", r"^error: --sort-by accepts only "),
    ("bad-flag-value", r"^error: unrecognized condition: "),
    ("bad-flag-value", r"^error: --for must be in resource/name form$"),
    ("bad-flag-value", r"^error: valid --types are "),
    ("bad-flag-value", r"^error: illegal flag value --\S+ "),
    ("bad-flag-value", r"^error: supported --\S+ values are "),
    ("bad-flag-value", r"^error: unknown profile:? "),
    ("bad-flag-value", r"^error: invalid (image pull|restart) policy: "),
    ("bad-flag-value", r"^error: invalid resource (cpu|memory) value: "),
    ("bad-flag-value", r"^error: parsing time \""),
    ("bad-flag-value", r"^error: strconv\.(Atoi|Parse\w+): parsing \""),
    ("bad-flag-value", r"^error: unexpected label spec: "),
    ("bad-flag-value", r"^error: invalid (env|annotations format|literal source|auth-provider-arg format|"
                       r"exec-env format):? "),
    ("bad-flag-value", r'^error: --section must be "'),
    ("bad-flag-value", r"^error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"),
    ("bad-flag-value", r"^error: Invalid argument syntax .*, expected <resource>=<value>"),
    ("bad-flag-value", r"^error: (annotation|rule) .* is invalid and should be in format "),
    ("bad-flag-value", r"^error: invalid selector: "),
    ("bad-flag-value", r"^error: --raw must be a valid URL path"),
    # jsonpath templates: -o jsonpath=... (parsed when the printer is built, run
    # when it prints) and wait --for=jsonpath=... (kubectl's relaxed form, then
    # the jsonpath parser, whose messages have no prefix)
    ("bad-flag-value", r"^error: error parsing jsonpath "),
    ("bad-flag-value", r"^error: error executing jsonpath .*Error executing template: "
                       r"(not in range, nothing to end|unrecognized identifier )"),
    ("bad-flag-value", r"^error: unexpected path string, expected a 'name1\.name2'"),
    ("bad-flag-value", r"^error: jsonpath (wait format must be|wait has to have a value|expression cannot be empty)"),
    ("bad-flag-value", r"^error: (unclosed action|unterminated (array|filter|quoted string)|unrecognized character in "
                       r"action|invalid array index|array index \S+ is not a number|cannot parse number|"
                       r"unclosed array expect|invalid multiple recursive descent|unquote string)"),
    # --- environment, not the command line: ok --------------------------------
    # (local files, the empty kubeconfig, no plugins, empty stdin)
    ("ok", r"does not exist|no such file or directory|not a directory"),
    ("ok", r"^error: unable to find any kubectl plugins in your PATH$"),
    ("ok", r"^error: current-context is not set$"),
    ("ok", r"^error: no context exists with the name: "),
    ("ok", r"^(error: )?context \S+ not found$"),
    ("ok", r"^error: cannot (delete|rename) (the )?(cluster|context|user) "),
    ("ok", r"^Error in configuration: "),
    ("ok", r"^error: no objects passed to "),
    ("ok", r"^error: unable to find one of 'kustomization\.yaml'"),
    ("ok", r"^error: must build at directory: "),
    ("ok", r"^kuberc file not found"),
    ("ok", r"^error: no server found for cluster "),
    ("ok", r"^error: current-context must exist in order to minify$"),
    ("ok", r"^error: no current context is set$"),
    ("ok", r"^error: current map key `[^`]*` is invalid$"),
    ("ok", r"doesn't exist in local filesystem$"),
    # `--env=NAME` (no =value) copies NAME from kubectl's own environment
    ("ok", r"^error: unknown environment variable: "),
    # any other failure of a template on the object printed: the data decides
    # (`config view` of the empty kubeconfig has no users to filter)
    ("ok", r"^error: error executing jsonpath "),
]
CLASSIFIERS = [(v, re.compile(rx)) for v, rx in CLASSIFIERS]


def wants_help(args):
    return any(a in ("-h", "--help") for a in args) or (args[:1] == ["help"])


def classify(args, res):
    """Return (verdict, detail)."""
    lines = meaningful_lines(res.err)
    detail = lines[0] if lines else ""
    if res.timed_out:
        # Only long-running commands get here (kubectl proxy serving on
        # loopback): the command line was accepted.
        detail = detail or first_line(res.out) or "(still running at timeout)"
        # `Starting to serve on 127.0.0.1:41351` (--port=0 picks a free port)
        return "ok", re.sub(r"(127\.0\.0\.1|localhost):\d+", r"\1:PORT", detail)
    if "Please enter Username: " in res.out + res.err and detail == "error: EOF":
        # https server without credentials: kubectl prompts for a user name
        # on stdout and reads EOF from stdin (/dev/null); it is about to
        # contact the server
        return "ok", "Please enter Username: error: EOF"
    # The first stderr line that matches a classifier decides (klog noise,
    # warnings and deprecation notices are skipped; with -v=6+ kubectl logs
    # requests before the final error).
    for line in lines:
        for verdict, rx in CLASSIFIERS:
            if rx.search(line):
                return verdict, line
    if res.rc == 0:
        out = res.out
        if "Available Commands:" in out and not wants_help(args):
            # A command group without a Run function (kubectl alpha,
            # kubectl certificate, the root) prints its help and exits 0,
            # also when given an unknown subcommand.
            m = re.search(r'^Use "kubectl(( [a-z][\w-]*)*) <command> --help"', out, re.M)
            group = m.group(1).split() if m else []
            positional = [a for a in args if not a.startswith("-")]
            if positional[len(group):]:
                return "unknown-command", "(help printed, exit 0) unknown subcommand %r of %r" % (
                    positional[len(group)], " ".join(["kubectl"] + group))
            return "usage-error", "(help printed, exit 0) no subcommand given to %r" % " ".join(["kubectl"] + group)
        return "ok", detail
    if not detail:
        # e.g. `kubectl config` / `kubectl rollout`: help printed, exit 1
        if "Available Commands:" in res.err or "Available Commands:" in res.out:
            return "usage-error", "(help printed, exit %d) no subcommand given" % res.rc
        return "usage-error", "(exit %d, no message)" % res.rc
    # Any other error raised before kubectl contacted the server.
    return "usage-error", detail


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
    cmds = []
    values = {}
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
            if not argv or argv[0] != "kubectl":
                raise SystemExit("%s:%d: command does not start with kubectl: %s" % (path, n, line))
            cmds.append((n, line, ran, argv[1:]))
    return cmds


def main():
    ap = argparse.ArgumentParser(description="Classify kubectl command lines by running the real kubectl offline.")
    ap.add_argument("--kubectl", required=True)
    ap.add_argument("file")
    ap.add_argument("--jobs", type=int, default=max(2, (os.cpu_count() or 2) * 2))
    ap.add_argument("--timeout", type=float, default=10.0,
                    help="seconds before a still-running command (kubectl proxy) is stopped")
    args = ap.parse_args()
    kubectl = os.path.abspath(args.kubectl)
    cmds = parse_file(args.file)
    # Without a kubeconfig kubectl talks to http://localhost:8080; the
    # verdicts assume that nothing listens there.
    with socket.socket() as sock:
        sock.settimeout(2)
        if sock.connect_ex(("127.0.0.1", 8080)) == 0:
            raise SystemExit("kubectl-verdict: something listens on 127.0.0.1:8080; verdicts would be wrong")

    def one(item):
        n, line, ran, argv = item
        res = run_kubectl(kubectl, argv, timeout=args.timeout)
        verdict, detail = classify(argv, res)
        entry = {"line": n, "command": line, "verdict": verdict, "detail": detail}
        if ran != line:
            entry["ran"] = ran
        return entry

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        out = list(pool.map(one, cmds))
    sys.stdout.write(json.dumps(out, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
