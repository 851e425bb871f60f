"""The package's import graph, read from the source with ``ast`` (nothing is imported).

Used by the structural test (no cycles, imports only point down the pipeline, Qt only
where it belongs) and by ``python -m viewer.layering``, which prints the graph so the
architecture notes never go stale.
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

PACKAGE_DIR = Path(__file__).resolve().parent

# Rank of each part of the package: an import may only point to an equal or lower rank.
# Shared dataclasses and helpers sit at 0; the pipeline's stages follow in order; the
# entry points (command line, self-test, benchmark, quality harness) sit on top.
LAYERS: dict[str, int] = {
    "viewer": 0, "viewer.model": 0, "viewer.gcpause": 0, "viewer.bundle": 0, "viewer.layering": 0,
    "viewer.untrusted": 0,
    "viewer.ingest": 1,
    "viewer.analysis": 2,
    "viewer.library": 3,
    "viewer.compare": 4,
    "viewer.export": 5,
    "viewer.ui": 6,
    "viewer.eval": 7, "viewer.bench": 7, "viewer.cli": 7, "viewer.selftest": 7, "viewer.__main__": 8,
}
# Where PySide6 may be imported: the window, the PDF printer, and the tools that drive them.
QT_ALLOWED = ("viewer.ui", "viewer.export.pdf", "viewer.selftest", "viewer.bench.gui_probe")


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int


def module_name(path: Path, root: Path = PACKAGE_DIR) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = PACKAGE_DIR) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def _resolve(source: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = source.split(".") if is_package else source.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(name: str, path: Path, known: set[str]) -> Iterator[Edge]:
    """Every import in the module, lazy ones inside functions included, as edges to
    known modules (``from pkg import submodule`` points to the submodule)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Edge(name, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(name, is_package, node)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield Edge(name, sub if sub in known else target, node.lineno)


def graph(root: Path = PACKAGE_DIR) -> dict[str, list[Edge]]:
    """Module → its imports of other modules of this package."""
    found = modules(root)
    known = set(found)
    return {name: [e for e in imports(name, path, known) if e.target in known and e.target != name]
            for name, path in found.items()}


def layer(module: str) -> Optional[int]:
    """The rank of the longest ``LAYERS`` prefix of ``module``."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in LAYERS:
            return LAYERS[prefix]
    return None


def cycles(edges: dict[str, list[Edge]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for edge in edges.get(node, []):
            if edge.target not in index:
                visit(edge.target)
                low[node] = min(low[node], low[edge.target])
            elif edge.target in on_stack:
                low[node] = min(low[node], index[edge.target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(edges) + 100))
    try:
        for node in sorted(edges):
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return found


def upward_imports(edges: dict[str, list[Edge]]) -> list[Edge]:
    """Imports that point up the pipeline (or out of any known layer)."""
    bad = []
    for source, targets in edges.items():
        for edge in targets:
            if edge.target == "viewer":  # the package root: name and version only
                continue
            low, high = layer(source), layer(edge.target)
            if low is None or high is None or high > low:
                bad.append(edge)
    return bad


def stray_qt_imports(root: Path = PACKAGE_DIR) -> list[Edge]:
    bad = []
    for name, path in modules(root).items():
        if name.startswith(QT_ALLOWED):
            continue
        for edge in imports(name, path, set()):
            if edge.target.split(".")[0] == "PySide6":
                bad.append(edge)
    return bad


def main() -> int:
    """Print the graph between packages, then each module's imports."""
    edges = graph()
    between: dict[tuple[str, str], int] = {}
    for source, targets in edges.items():
        for edge in targets:
            a, b = ".".join(source.split(".")[:2]), ".".join(edge.target.split(".")[:2])
            if a != b:
                between[(a, b)] = between.get((a, b), 0) + 1
    print("# between packages (count of imports)")
    for (a, b), count in sorted(between.items(), key=lambda kv: (-(layer(kv[0][0]) or 0), kv[0])):
        print(f"{a} -> {b}  ({count})")
    print("\n# modules")
    for source in sorted(edges):
        names = sorted({e.target for e in edges[source]})
        if names:
            print(f"{source} -> {', '.join(names)}")
    problems: tuple[list, ...] = (cycles(edges), upward_imports(edges), stray_qt_imports())
    for label, items in zip(("cycles", "upward imports", "Qt outside the UI"), problems):
        print(f"\n# {label}: {len(items)}")
        for item in items:
            print(f"  {item}")
    return 1 if any(problems) else 0


if __name__ == "__main__":
    sys.exit(main())
