"""The project's pytest configuration (pyproject.toml) is strict: a Qt warning, a Python
warning or an undeclared marker fails the test, and only the named Qt message is ignored.

Checked by running pytest with that configuration on small test files written here."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import ROOT

QT_TESTS = '''
import warnings

from PySide6 import QtCore


def test_qt_warning(qtbot):
    QtCore.qWarning("a warning from a window")


def test_qt_critical(qtbot):
    QtCore.qCritical("a critical message")


def test_qt_debug_is_fine(qtbot):
    QtCore.qDebug("only a debug message")


def test_the_named_offscreen_message_is_ignored(qtbot):
    QtCore.qWarning("This plugin does not support propagateSizeHints()")


def test_python_warning():
    warnings.warn("something is deprecated", DeprecationWarning)


def test_resource_warning():
    import gc
    open(__file__, "rb")
    gc.collect()


def test_quiet(qtbot):
    pass
'''

MARKER_TESTS = '''
import pytest


@pytest.mark.not_a_declared_marker
def test_marked():
    pass
'''


def _run(tmp_path, name: str, text: str) -> subprocess.CompletedProcess:
    (tmp_path / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir",
                           str(tmp_path), "-p", "no:cacheprovider", "-rA", "-q", str(tmp_path / name)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def _outcomes(output: str) -> dict[str, str]:
    return {m.group(2): m.group(1) for m in re.finditer(r"^(PASSED|FAILED|ERROR) \S+::(\w+)", output, re.M)}


def test_warnings_fail_the_test_that_emits_them(tmp_path):
    run = _run(tmp_path, "test_emits.py", QT_TESTS)
    assert _outcomes(run.stdout) == {
        "test_qt_warning": "FAILED",
        "test_qt_critical": "FAILED",
        "test_qt_debug_is_fine": "PASSED",
        "test_the_named_offscreen_message_is_ignored": "PASSED",
        "test_python_warning": "FAILED",
        "test_resource_warning": "FAILED",
        "test_quiet": "PASSED",
    }, run.stdout[-3000:]
    assert "QtWarningMsg: a warning from a window" in run.stdout
    assert run.returncode == 1


def test_an_undeclared_marker_is_an_error(tmp_path):
    run = _run(tmp_path, "test_marker.py", MARKER_TESTS)
    assert run.returncode != 0
    assert "'not_a_declared_marker' not found in `markers` configuration option" in run.stdout + run.stderr
