#!/usr/bin/env python3
"""Merge the command trees of several helm versions into one file, and back.

Usage:
    python3 tools/merge-helm-trees.py merge TREE.json... -o schema/helm/tree.json
    python3 tools/merge-helm-trees.py split schema/helm/tree.json 4.1 [-o FILE]
    python3 tools/merge-helm-trees.py check schema/helm/tree.json [TREE.json...]
    python3 tools/merge-helm-trees.py diff schema/helm/tree.json [OLD NEW]

`diff` prints the figures of each version (commands, flags) and what changed from
OLD to NEW (default: the oldest and the newest version): commands and flags added
and removed, flags that became hidden/deprecated (with pflag's message, which
names the replacement: "use --force-replace instead"), and flags whose type,
value-taking or shorthand changed.

Each TREE.json is the output of tools/gen-helm-tree.py for one helm binary.  The
merged file has the format of schema/kubectl/tree.json (tools/merge-kubectl-trees.py,
format 2), with "helm_version" for "kubectl_version" and no resources:

  format          2
  versions        [{"minor": "3.17", "helm_version": "v3.17.3", "generated_by": ...}, ...],
                  oldest first.
  global_flags    flag variants (below).
  commands        one entry per command path that exists in any version:
                    {"path": [...], "in": VERSIONS,
                     "variants": [{"in": VERSIONS, <the command's fields but flags>}],
                     "flags": [<flag variants>]}
  empty           for each kind of record ("command", "flag"), the value a field has
                  when it is left out (null, false, "" or []): fields equal to it are
                  not written.

A variant is one value of a record in the versions named by its "in": a flag whose
fields are the same in helm 3.17..4.3 is one variant "3.17-4.3"; a flag whose
description changed in 4.1 is two.  VERSIONS is a space-separated list of minor
versions and ranges of consecutive ones of the "versions" list ("3.17 4.2-4.3").

`merge` refuses to write a file from which `split` would not give back every input
tree exactly (as parsed JSON); `check` re-verifies that, and that the file is
well-formed, against the given trees (or only the well-formedness without them).
"""

import argparse
import json
import sys

KINDS = ("command", "flag")
EMPTIES = (None, False, "", [])


def minor_of(tree):
    v = tree["helm_version"]  # "v4.1.4"
    return ".".join(v.lstrip("v").split(".")[:2])


def minor_key(m):
    return tuple(int(x) for x in m.split("."))


def fmt_set(vs, order):
    """Versions as ranges of consecutive entries of `order`."""
    idx = sorted(order.index(v) for v in vs)
    out, start, prev = [], None, None
    for i in idx:
        if start is None:
            start = prev = i
        elif i == prev + 1:
            prev = i
        else:
            out.append((start, prev))
            start = prev = i
    if start is not None:
        out.append((start, prev))
    return " ".join(order[a] if a == b else f"{order[a]}-{order[b]}" for a, b in out)


def parse_set(s, order):
    vs = []
    for part in s.split():
        a, _, b = part.partition("-")
        b = b or a
        if a not in order or b not in order or order.index(b) < order.index(a):
            raise ValueError(f"bad version set {s!r}")
        vs.extend(order[order.index(a):order.index(b) + 1])
    if not vs or len(set(vs)) != len(vs):
        raise ValueError(f"bad version set {s!r}")
    return vs


def canon(v):
    return json.dumps(v, sort_keys=True)


def choose_empties(records):
    """For each field, the empty value it most often has (left out when written)."""
    counts = {}
    for r in records:
        for k, v in r.items():
            if any(v == e and type(v) is type(e) for e in EMPTIES):
                counts.setdefault(k, {}).setdefault(canon(v), 0)
                counts[k][canon(v)] += 1
    return {k: json.loads(max(sorted(c), key=lambda x: c[x])) for k, c in sorted(counts.items())}


def strip(record, empty):
    return {k: v for k, v in record.items() if not (k in empty and canon(v) == canon(empty[k]))}


def variants(items, key, order, empty):
    """items: [(minor, record)] -> [{"in": ..., **record}] grouped by identical records,
    ordered by key then by first version."""
    groups = {}
    for minor, rec in items:
        groups.setdefault((canon(key(rec)), canon(rec)), []).append(minor)
    out = []
    for (_, c), vs in groups.items():
        rec = json.loads(c)
        out.append((key(rec), order.index(vs[0]), {"in": fmt_set(vs, order), **strip(rec, empty)}))
    out.sort(key=lambda t: (t[0], t[1]))
    return [v for _, _, v in out]


def merge(trees):
    trees = sorted(trees, key=lambda t: minor_key(minor_of(t)))
    order = [minor_of(t) for t in trees]
    if len(set(order)) != len(order):
        sys.exit(f"merge-helm-trees: two trees of one minor version: {order}")
    for t in trees:
        extra = set(t) - {"commands", "generated_by", "global_flags", "helm_version"}
        if extra:
            sys.exit(f"merge-helm-trees: unexpected top-level keys {sorted(extra)}")
    all_flags = [f for t in trees for f in t["global_flags"]] + [
        f for t in trees for c in t["commands"] for f in c["flags"]]
    empty = {
        "command": choose_empties([{k: v for k, v in c.items() if k != "flags"}
                                   for t in trees for c in t["commands"]]),
        "flag": choose_empties(all_flags),
    }
    by_path = {}
    for t in trees:
        for c in t["commands"]:
            by_path.setdefault(canon(c["path"]), []).append((minor_of(t), c))
    commands = []
    for p in sorted(by_path, key=lambda p: json.loads(p)):
        items = by_path[p]
        heads = [(m, {k: v for k, v in c.items() if k != "flags"}) for m, c in items]
        flags = [(m, f) for m, c in items for f in c["flags"]]
        commands.append({
            "path": json.loads(p),
            "in": fmt_set([m for m, _ in items], order),
            "variants": [{k: v for k, v in h.items() if k != "path"}
                         for h in variants(heads, lambda r: 0, order, empty["command"])],
            "flags": variants(flags, lambda r: r["name"], order, empty["flag"]),
        })
    return {
        "format": 2,
        "generated_by": "tools/merge-helm-trees.py (trees of tools/gen-helm-tree.py)",
        "versions": [{"minor": minor_of(t), "helm_version": t["helm_version"],
                      "generated_by": t["generated_by"]} for t in trees],
        "empty": empty,
        "global_flags": variants([(minor_of(t), f) for t in trees for f in t["global_flags"]],
                                 lambda r: r["name"], order, empty["flag"]),
        "commands": commands,
    }


def split(merged, minor):
    order = [v["minor"] for v in merged["versions"]]
    if minor not in order:
        raise ValueError(f"no helm {minor} in the merged tree (it has {' '.join(order)})")
    empty = merged["empty"]

    def pick(vs, kind, sort_key):
        out = []
        for v in vs:
            if minor in parse_set(v["in"], order):
                rec = {**empty[kind], **{k: x for k, x in v.items() if k != "in"}}
                out.append(rec)
        out.sort(key=sort_key)
        return out

    commands = []
    for c in merged["commands"]:
        if minor not in parse_set(c["in"], order):
            continue
        heads = pick(c["variants"], "command", lambda r: 0)
        if len(heads) != 1:
            raise ValueError(f"command {c['path']}: {len(heads)} variants for {minor}")
        commands.append({**heads[0], "path": c["path"],
                         "flags": pick(c["flags"], "flag", lambda r: r["name"])})
    commands.sort(key=lambda c: c["path"])
    v = merged["versions"][order.index(minor)]
    return {
        "commands": commands,
        "generated_by": v["generated_by"],
        "global_flags": pick(merged["global_flags"], "flag", lambda r: r["name"]),
        "helm_version": v["helm_version"],
    }


def well_formed(merged):
    """Raise ValueError unless `merged` is a well-formed merged tree."""
    if merged.get("format") != 2:
        raise ValueError("format is not 2")
    order = [v["minor"] for v in merged["versions"]]
    if order != sorted(order, key=minor_key) or len(set(order)) != len(order) or not order:
        raise ValueError(f"versions not sorted or repeated: {order}")
    for m in order:
        t = split(merged, m)
        if minor_of(t) != m:
            raise ValueError(f"{m}: helm_version {t['helm_version']}")
        names = [f["name"] for f in t["global_flags"]]
        if len(set(names)) != len(names):
            raise ValueError(f"{m}: a global flag twice")
        for c in t["commands"]:
            names = [f["name"] for f in c["flags"]]
            if len(set(names)) != len(names):
                raise ValueError(f"{m}: a flag of {c['path']} twice")
        if not any(c["path"] == [] for c in t["commands"]):
            raise ValueError(f"{m}: no root command")
    for c in merged["commands"]:
        cin = set(parse_set(c["in"], order))
        for f in c["flags"]:
            if not set(parse_set(f["in"], order)) <= cin:
                raise ValueError(f"{c['path']} --{f['name']}: in versions the command is not")
    return order


def write(obj, path):
    text = json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if path:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


def check_round_trip(merged, trees):
    for t in trees:
        if canon(split(merged, minor_of(t))) != canon(t):
            raise ValueError(f"the merged tree does not give back helm {minor_of(t)}'s tree")


def figures(t):
    cmds = t["commands"]
    nflags = sum(len(c["flags"]) for c in cmds)
    return "helm %s: %d commands (%d runnable), %d command flags (%d hidden), %d global flags" % (
        t["helm_version"], len(cmds), sum(1 for c in cmds if c["runnable"]), nflags,
        sum(1 for c in cmds for f in c["flags"] if f["hidden"]), len(t["global_flags"]))


def diff(merged, old, new):
    a, b = split(merged, old), split(merged, new)
    lines = [figures(split(merged, m)) for m in [v["minor"] for v in merged["versions"]]]
    lines.append(f"changes {old} -> {new}:")
    A = {tuple(c["path"]): c for c in a["commands"]}
    B = {tuple(c["path"]): c for c in b["commands"]}
    name = lambda p: "helm " + " ".join(p)
    for p in sorted(set(A) - set(B)):
        lines.append(f"  command removed: {name(p)}")
    for p in sorted(set(B) - set(A)):
        lines.append(f"  command added: {name(p)}")
    ga = {f["name"]: f for f in a["global_flags"]}
    gb = {f["name"]: f for f in b["global_flags"]}
    for n in sorted(set(ga) - set(gb)):
        lines.append(f"  global flag removed: --{n}")
    for n in sorted(set(gb) - set(ga)):
        lines.append(f"  global flag added: --{n}")
    for p in sorted(set(A) & set(B)):
        ca, cb = A[p], B[p]
        for k in ("aliases", "args_min", "args_max", "runnable", "deprecated"):
            if ca[k] != cb[k]:
                lines.append(f"  {name(p)}: {k} {ca[k]!r} -> {cb[k]!r}")
        fa = {f["name"]: f for f in ca["flags"]}
        fb = {f["name"]: f for f in cb["flags"]}
        for n in sorted(set(fa) - set(fb)):
            lines.append(f"  {name(p)}: flag removed --{n}")
        for n in sorted(set(fb) - set(fa)):
            lines.append(f"  {name(p)}: flag added --{n}")
        for n in sorted(set(fa) & set(fb)):
            x, y = fa[n], fb[n]
            if not x["hidden"] and y["hidden"]:
                lines.append(f"  {name(p)}: flag --{n} hidden" + (f", deprecated: {y['deprecated']}"
                                                                   if y["deprecated"] else ""))
            elif x["hidden"] and not y["hidden"]:
                lines.append(f"  {name(p)}: flag --{n} shown again")
            for k in ("type", "takes_value", "optional_value", "shorthand"):
                if x[k] != y[k]:
                    lines.append(f"  {name(p)}: flag --{n} {k} {x[k]!r} -> {y[k]!r}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("merge")
    m.add_argument("trees", nargs="+")
    m.add_argument("-o", "--output")
    s = sub.add_parser("split")
    s.add_argument("merged")
    s.add_argument("minor")
    s.add_argument("-o", "--output")
    c = sub.add_parser("check")
    c.add_argument("merged")
    c.add_argument("trees", nargs="*")
    d = sub.add_parser("diff")
    d.add_argument("merged")
    d.add_argument("versions", nargs="*")
    a = ap.parse_args()

    def load(p):
        with open(p, encoding="utf-8") as f:
            return json.load(f)

    try:
        if a.cmd == "merge":
            trees = [load(p) for p in a.trees]
            merged = merge(trees)
            well_formed(merged)
            check_round_trip(merged, trees)
            write(merged, a.output)
        elif a.cmd == "diff":
            merged = load(a.merged)
            order = [v["minor"] for v in merged["versions"]]
            old, new = a.versions if len(a.versions) == 2 else (order[0], order[-1])
            sys.stdout.write(diff(merged, old, new))
        elif a.cmd == "split":
            write(split(load(a.merged), a.minor), a.output)
        else:
            merged = load(a.merged)
            order = well_formed(merged)
            check_round_trip(merged, [load(p) for p in a.trees])
            print(f"ok: helm {' '.join(order)}; {len(a.trees)} trees given back byte for byte")
    except ValueError as e:
        sys.exit(f"merge-helm-trees: {e}")


if __name__ == "__main__":
    main()
