#!/usr/bin/env python3
"""Extract the one-line help of kubectl's commands and flags from the REAL binary.

Usage:
    python3 tools/gen-kubectl-help.py --kubectl PATH [-o FILE]

Writes schema/kubectl/help.json (to stdout unless -o is given): what `rbc lsp`
shows on hover and in completion. It is kept apart from schema/kubectl/tree.json
(what the validator reads) so the tree's format does not change for it.

For every command path of schema/kubectl/tree.json it runs `kubectl PATH --help`
(hermetically, see tools/kubectl_probe.py) and keeps:
  short   the first line of the help (what the command does)
  usage   the Usage: line(s)
  flags   per long flag name: the first sentence of its description, its
          default as printed (`--output=''`) and the values its description
          lists (`One of: (json, yaml, ...)`)
and for the global flags `kubectl options`. Deterministic: sorted keys, no paths.
"""

import argparse
import json
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kubectl_probe import run_kubectl  # noqa: E402

OPT_RE = re.compile(r"^    (?:-(\S), )?--([A-Za-z0-9][A-Za-z0-9_.-]*)=(.*):$")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sections(text):
    out, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"^([A-Z][A-Za-z ()]*):$", line)
        if m:
            cur = m.group(1)
            out.setdefault(cur, [])
        elif cur is not None:
            out[cur].append(line)
    return out


def first_sentence(text):
    text = " ".join(text.split())
    m = re.match(r"^(.+?[.!?])(\s|$)", text)
    return m.group(1) if m else text


def options(lines):
    flags = {}
    cur = None
    for line in lines:
        m = OPT_RE.match(line)
        if m:
            cur = {"default": m.group(3), "help": ""}
            flags[m.group(2)] = cur
        elif cur is not None and line.strip():
            cur["help"] = (cur["help"] + " " + line.strip()).strip()
    for f in flags.values():
        f["values"] = one_of(f["help"])
        f["help"] = first_sentence(f["help"])
    return flags


def one_of(text):
    """The values a description lists: `One of: (json, yaml, wide)`, `One of: a|b`."""
    m = re.search(r"One of: ?\(([^)]*)\)", text) or re.search(r"One of: ([A-Za-z0-9|-]+\|[A-Za-z0-9|-]+)", text)
    if not m:
        return []
    return [v.strip() for v in re.split(r"[,|]", m.group(1)) if v.strip()]


def command_help(kubectl, path):
    res = run_kubectl(kubectl, list(path) + ["--help"])
    text = res.out
    secs = sections(text)
    first = next((l.strip() for l in text.splitlines() if l.strip()), "")
    usage = [l.strip() for l in secs.get("Usage", []) if l.strip().startswith("kubectl")]
    # The one-line descriptions of its subcommands, as its help lists them.
    listed = {}
    for name, lines in secs.items():
        if "Commands" not in name:
            continue
        for line in lines:
            m = re.match(r"^  (\S+)\s{2,}(\S.*)$", line)
            if m:
                listed[m.group(1)] = m.group(2).strip()
    return {
        "short": first_sentence(first),
        "usage": usage,
        "flags": options(secs.get("Options", [])),
    }, listed


def covers(spec, minor):
    """Whether a merged tree's `in` (`1.29-1.37`, `1.35`, `1.29-1.31,1.35`) holds `minor`."""
    key = lambda v: tuple(int(x) for x in v.split("."))
    for part in spec.split(","):
        lo, _, hi = part.strip().partition("-")
        if key(lo) <= key(minor) <= key(hi or lo):
            return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kubectl", required=True)
    ap.add_argument("-o", "--output")
    ap.add_argument("--tree", default=os.path.join(ROOT, "schema/kubectl/tree.json"))
    args = ap.parse_args()
    kubectl = os.path.abspath(args.kubectl)
    with open(args.tree, encoding="utf-8") as fh:
        tree = json.load(fh)
    version = json.loads(run_kubectl(kubectl, ["version", "--client", "-o", "json"]).out)
    version = version["clientVersion"]["gitVersion"]
    minor = ".".join(version.lstrip("v").split(".")[:2])
    # The commands of the merged tree that this kubectl has.
    paths = [tuple(c["path"]) for c in tree["commands"] if covers(c["in"], minor)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda p: command_help(kubectl, p), paths))
    commands = {" ".join(p): h for p, (h, _) in zip(paths, results)}
    listings = {p: listed for p, (_, listed) in zip(paths, results)}
    # The parent's one-line description of a command reads better than the first
    # line of a long help text.
    # Commands the root's help names only in its footer (`Use "kubectl options" for a
    # list of global command-line options ...`).
    root_help = run_kubectl(kubectl, ["--help"]).out
    footer = {m.group(1): m.group(2) for m in re.finditer(r'Use "kubectl (\w+)" for (.+?)\.?$', root_help, re.M)}
    for p in paths:
        short = listings.get(p[:-1], {}).get(p[-1]) if p else None
        if short:
            commands[" ".join(p)]["short"] = short
        elif not commands[" ".join(p)]["short"] and len(p) == 1 and p[0] in footer:
            text = footer[p[0]]
            commands[" ".join(p)]["short"] = text[0].upper() + text[1:]
    out = {
        "generated_by": "tools/gen-kubectl-help.py",
        "kubectl_version": version,
        "global_flags": options(run_kubectl(kubectl, ["options"]).out.splitlines()),
        "commands": commands,
    }
    text = json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if args.output:
        with open(args.output + ".tmp", "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(args.output + ".tmp", args.output)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
