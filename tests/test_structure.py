"""The layout holds: no import cycles, imports only point down the pipeline, Qt only in
the window, the PDF printer and the tools that drive them; importing the core leaves
PySide6 out of the process."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from viewer import layering


def _describe(edges) -> str:
    return "\n".join(f"{e.source} (line {e.line}) imports {e.target}" for e in edges)


def test_no_import_cycles():
    assert layering.cycles(layering.graph()) == []


def test_imports_point_down_the_pipeline():
    bad = layering.upward_imports(layering.graph())
    assert not bad, _describe(bad)


def test_qt_only_where_it_belongs():
    bad = layering.stray_qt_imports()
    assert not bad, _describe(bad)


def test_every_module_has_a_layer():
    unplaced = [m for m in layering.modules() if layering.layer(m) is None]
    assert not unplaced


CORE_PACKAGES = ("viewer.ingest", "viewer.analysis", "viewer.library", "viewer.compare", "viewer.export",
                 "viewer.eval")


def _core_modules() -> list[str]:
    """Every module of the pipeline's stages and the evaluation, but those allowed Qt (the PDF printer)."""
    return [m for m in layering.modules() if m.startswith(CORE_PACKAGES) and not m.startswith(layering.QT_ALLOWED)
            and not m.endswith("__main__")]


def test_importing_the_core_does_not_load_qt():
    core = _core_modules() + ["viewer.cli"]
    assert {m for m in core if m in CORE_PACKAGES} == set(CORE_PACKAGES)
    assert "viewer.export.layout" in core and "viewer.export.pdf" not in core
    code = "import sys\n" + "".join(f"import {m}\n" for m in core) + \
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"importing {core} loaded Qt"


def test_the_qt_import_check_sees_qt():
    """The check above would notice: importing the window does load Qt."""
    code = "import sys\nimport viewer.ui.app\nprint('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def _write_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "viewer"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


@pytest.mark.parametrize("files, problem", [
    # a cycle made of lazy imports inside functions still counts
    ({"__init__.py": "", "compare/__init__.py": "", "compare/a.py": "def f():\n    from . import b\n",
      "compare/b.py": "from .a import f\n"}, "cycle"),
    # the library stage reaching up into compare
    ({"__init__.py": "", "library/__init__.py": "", "compare/__init__.py": "",
      "library/events.py": "from ..compare.align import x\n", "compare/align.py": "x = 1\n"}, "upward"),
    # Qt in the core
    ({"__init__.py": "", "analysis/__init__.py": "", "analysis/nlp.py": "from PySide6.QtCore import QObject\n"},
     "qt"),
])
def test_the_checks_catch_what_they_guard_against(tmp_path, files, problem):
    package = _write_package(tmp_path, files)
    edges = layering.graph(package)
    found = {"cycle": layering.cycles(edges), "upward": layering.upward_imports(edges),
             "qt": layering.stray_qt_imports(package)}
    assert found[problem], f"the {problem} check missed it"
    assert not any(v for k, v in found.items() if k != problem)
