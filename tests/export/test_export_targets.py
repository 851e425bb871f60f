"""Issue 18.3: an export writes only to a regular file or a new name.

Before: ``os.replace`` turned a FIFO, a device node or a symlink at the target into a
regular file (as root, ``--pdf /dev/full`` would replace the system's node); a read-only
file was overwritten and its mode changed; ``--pdf ""`` was silently ignored; and a file
named ``--html=victim.txt`` picked up by a shell glob became an option.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, seed
from viewer.compare.comparison import compare_paths
from viewer.export import ExportError, export_html, export_pdf
from viewer.library import Library


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "viewer", *args], capture_output=True, env=env, cwd=cwd,
                          timeout=600)


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sources")
    a, b = folder / "a.txt", folder / "b.txt"
    shutil.copyfile(seed("002"), a)
    shutil.copyfile(seed("003"), b)
    library = Library.open([str(a), str(b)])
    return compare_paths(library, [str(a), str(b)])


@pytest.fixture
def sources(tmp_path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copyfile(seed("002"), a)
    shutil.copyfile(seed("003"), b)
    return a, b


def _no_leftovers(folder: Path) -> None:
    assert not list(folder.glob(".*.part"))


def test_a_fifo_at_the_target_is_refused_and_stays_a_fifo(comparison, tmp_path):
    fifo = tmp_path / "out.html"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="FIFO"):
        export_html(comparison, fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    _no_leftovers(tmp_path)


def test_a_device_at_the_target_is_refused_and_stays_a_device(comparison, tmp_path):
    device = tmp_path / "null.pdf"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a copy of /dev/null's node
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (not root)")
    with pytest.raises(ExportError, match="device"):
        export_pdf(comparison, device)
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    _no_leftovers(tmp_path)


def test_a_symlink_at_the_target_is_refused_and_left_alone(comparison, tmp_path):
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("kept")
    link = tmp_path / "out.html"
    link.symlink_to(elsewhere)
    with pytest.raises(ExportError, match="symbolic link"):
        export_html(comparison, link)
    assert link.is_symlink() and os.readlink(link) == str(elsewhere)
    assert elsewhere.read_text() == "kept"
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "nowhere.html")
    with pytest.raises(ExportError, match="symbolic link"):
        export_html(comparison, dangling)
    assert dangling.is_symlink() and not (tmp_path / "nowhere.html").exists()
    _no_leftovers(tmp_path)


def test_a_read_only_file_is_refused_and_unchanged(comparison, tmp_path):
    target = tmp_path / "out.html"
    target.write_text("an earlier export")
    target.chmod(0o444)
    with pytest.raises(ExportError, match="read-only"):
        export_html(comparison, target)
    assert target.read_text() == "an earlier export"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    _no_leftovers(tmp_path)


def test_an_existing_file_keeps_its_mode(comparison, tmp_path):
    target = tmp_path / "out.html"
    target.write_text("an earlier export")
    target.chmod(0o600)
    export_html(comparison, target)
    assert "<html" in target.read_text(encoding="utf-8").lower()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_new_file_is_an_ordinary_file(comparison, tmp_path):
    target = tmp_path / "new.html"
    export_html(comparison, target)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_an_empty_name_is_refused_by_the_api(comparison):
    with pytest.raises(ExportError, match="empty"):
        export_html(comparison, "")


@pytest.mark.parametrize("flag", ["--pdf", "--html"])
def test_cli_refuses_an_empty_output_name(sources, flag):
    a, b = sources
    result = run_cli("compare", str(a), str(b), flag, "")
    assert result.returncode == 2
    assert b"empty" in result.stderr and flag.encode() in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "symlink", "read-only"])
def test_cli_refuses_odd_targets_before_analysing(sources, tmp_path, kind):
    a, b = sources
    target = tmp_path / "out.html"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        (tmp_path / "real.html").write_text("kept")
        target.symlink_to(tmp_path / "real.html")
    else:
        target.write_text("kept")
        target.chmod(0o444)
    result = run_cli("compare", str(a), str(b), "--html", str(target))
    assert result.returncode == 3, result.stderr
    assert str(target).encode() in result.stderr and b"refusing" in result.stderr
    if kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(target).st_mode)
    elif kind == "symlink":
        assert target.is_symlink() and (tmp_path / "real.html").read_text() == "kept"
    else:
        assert target.read_text() == "kept"


def test_cli_writes_to_standard_output_with_a_dash(sources):
    a, b = sources
    result = run_cli("compare", str(a), str(b), "--html", "-", cwd=a.parent)  # before: wrote a file "-"
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip().lower().startswith((b"<!doctype html", b"<html"))
    assert b"standard output" in result.stderr


def test_cli_refuses_two_outputs_to_standard_output(sources):
    a, b = sources
    for extra in (["--pdf", "-", "--html", "-"], ["--html", "-", "--json"]):
        result = run_cli("compare", str(a), str(b), *extra, cwd=a.parent)
        assert result.returncode == 2 and b"standard output" in result.stderr


def test_a_file_named_like_an_option_does_not_become_one(sources, tmp_path):
    # `python -m viewer compare *` in a folder holding "--html=victim.txt": the shell
    # passes the name, which argparse would read as --html victim.txt.
    a, b = sources
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's notes")
    trap = tmp_path / "--html=victim.txt"
    trap.write_text("x")
    globbed = sorted(p.name for p in tmp_path.iterdir())  # what `*` expands to
    assert globbed[0] == "--html=victim.txt"
    result = run_cli("compare", *globbed, cwd=tmp_path)
    assert result.returncode == 2
    assert b"--html=victim.txt" in result.stderr and b"--" in result.stderr
    assert victim.read_text() == "the user's notes"


def test_names_after_double_dash_are_files_even_if_they_look_like_options(sources, tmp_path):
    a, b = sources
    odd = tmp_path / "--odd.txt"
    shutil.copyfile(b, odd)
    out = tmp_path / "out.html"
    result = run_cli("compare", "--html", str(out), "--", a.name, odd.name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.exists()


@pytest.mark.gui
@pytest.mark.parametrize("kind", ["fifo", "symlink", "read-only"])
def test_export_dialog_refuses_odd_targets(qtbot, tmp_path, monkeypatch, comparison, kind):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

    from viewer.ui.export_dialog import export_comparison

    target = tmp_path / "out.html"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        (tmp_path / "real.html").write_text("kept")
        target.symlink_to(tmp_path / "real.html")
    else:
        target.write_text("kept")
        target.chmod(0o444)
    window = QMainWindow()
    window.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    qtbot.addWidget(window)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: (str(target), "HTML pages (*.html *.htm)")))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text: shown.append((title, text))))
    assert export_comparison(window, comparison, "html") is None
    assert shown and shown[0][0] == "Export refused" and str(target) in shown[0][1]
    if kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(target).st_mode)
    elif kind == "symlink":
        assert target.is_symlink() and (tmp_path / "real.html").read_text() == "kept"
    else:
        assert target.read_text() == "kept"
