#!/usr/bin/env python3
"""Which top-level modules of a crate import which (`crate::x` paths, tests left out), and
whether any group of them imports itself in a circle. Modules under `teach/` count one by
one. Usage: python3 scripts/import-graph.py core/src   (or web/src). Exits 1 on a cycle."""
import os
import re
import sys

root = sys.argv[1]
graph = {}


def node_of(rel):
    parts = rel.replace(".rs", "").split("/")
    if parts[0] == "teach" and len(parts) > 1 and parts[1] != "mod":
        return "teach/" + parts[1]
    return parts[0]


def exists(name):
    path = os.path.join(root, *name.split("/"))
    return os.path.exists(path + ".rs") or os.path.isdir(path)


for folder, _, files in os.walk(root):
    for f in files:
        if not f.endswith(".rs") or f == "tests.rs":
            continue
        path = os.path.join(folder, f)
        rel = os.path.relpath(path, root)
        if rel.split("/")[0] in ("lib.rs", "bin"):
            continue
        me = node_of(rel)
        text = re.split(r"#\[cfg\(test\)\]\s*mod tests", open(path).read())[0]
        refs = {"teach/" + m for m in re.findall(r"crate::teach::(\w+)", text)}
        refs |= set(re.findall(r"crate::(\w+)", text)) - {"teach"}
        for group in re.findall(r"use crate::\{([^;]*)\};", text, re.S):
            refs |= set(re.findall(r"(?:^|[,{\s])(\w+)(?:::|\s*[,}]|$)", group))
        refs = {r for r in refs if r != me and exists(r)}
        graph.setdefault(me, set()).update(refs)

for name in sorted(graph):
    print(f"{name:16} -> {' '.join(sorted(graph[name]))}")

index, low, stack, on, cycles, counter = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in graph.get(v, ()):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        group = []
        while True:
            w = stack.pop()
            on.discard(w)
            group.append(w)
            if w == v:
                break
        if len(group) > 1:
            cycles.append(sorted(group))


for v in list(graph):
    if v not in index:
        visit(v)
print("cycles:", cycles or "none")
sys.exit(1 if cycles else 0)
