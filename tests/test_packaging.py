"""The self-test, and the standalone bundle built from a clean environment.

The build test is slow (a fresh virtual environment plus PyInstaller, a few minutes
on two cores): it runs with RUN_SLOW=1, which .ci/run sets.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from viewer import __version__
from viewer.selftest import _check_qt_plugins, collect, format_report, run_self_test

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def self_test_report():
    return collect()


def _step(report, name):
    return next(s for s in report.steps if s.name == name)


def test_self_test_runs_the_whole_chain_on_the_seeds(self_test_report):
    for name in ("pipeline", "analyse", "compare"):
        assert _step(self_test_report, name).status == "ok", format_report(self_test_report)
    assert "5 articles" in _step(self_test_report, "analyse").detail
    assert "2 articles" in _step(self_test_report, "compare").detail


def test_self_test_renders_with_what_this_build_has(self_test_report):
    renders = [s for s in self_test_report.steps if s.name.startswith("render")]
    assert [s.name for s in renders] == ["render window", "render pdf"]
    # A renderer may be absent from a build ("skip") but must never fail.
    assert all(s.status in ("ok", "skip") for s in renders), format_report(self_test_report)
    assert _step(self_test_report, "qt plugins").status == "ok", format_report(self_test_report)
    assert self_test_report.passed == any(s.status == "ok" for s in renders)


def test_self_test_exit_status_follows_the_report(self_test_report, tmp_path):
    out = io.StringIO()
    status = run_self_test(out=out)
    assert status == (0 if self_test_report.passed else 1)
    assert out.getvalue().rstrip().endswith("PASSED" if status == 0 else "FAILED")


def test_self_test_fails_without_articles(tmp_path):
    out = io.StringIO()
    assert run_self_test(seeds=tmp_path / "missing", out=out) == 1
    assert "FAIL analyse" in out.getvalue()


def test_missing_qt_plugin_messages_fail_the_plugin_check():
    with pytest.raises(RuntimeError, match="xcb"):
        _check_qt_plugins(['Could not load the Qt platform plugin "xcb" in "" even though it was found.'])
    assert "png" in _check_qt_plugins(["QFont: some unrelated warning"])


def test_desktop_file_and_icons_are_complete():
    entry = (ROOT / "packaging" / "comparison-viewer.desktop").read_text(encoding="utf-8")
    fields = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line)
    assert entry.startswith("[Desktop Entry]")
    assert fields["Type"] == "Application" and fields["Exec"].startswith("comparison-viewer")
    assert fields["Icon"] == "comparison-viewer"
    for size in (16, 32, 48, 64, 128, 256):
        assert (ROOT / "resources" / "icons" / f"app-{size}.png").stat().st_size > 100
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(ROOT / "packaging" / "comparison-viewer.desktop")],
                               capture_output=True, text=True)
        assert check.returncode == 0 and "error" not in check.stdout, check.stdout


# --- the frozen bundle --------------------------------------------------------------------


def _frozen_env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", VIEWER_CACHE_DIR=str(tmp_path / "cache"),
               VIEWER_DATA_DIR=str(tmp_path / "data"), QT_DEBUG_PLUGINS="0")
    return env


def _run(cmd: list, env: dict, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def frozen_bundle(tmp_path_factory):
    """Build the one-folder bundle from a clean copy of the repository's tracked files."""
    if shutil.which("git") is None:
        pytest.skip("git is needed to take a clean copy of the repository")
    base = tmp_path_factory.mktemp("bundle")
    clone = base / "src"
    # The working tree as it is (tracked and new files, not ignored ones): what a clean
    # checkout of this commit would hold, without any build/ or .venv/ left-overs.
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        source = ROOT / name
        if source.is_file():
            target = clone / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    started = time.monotonic()
    build = subprocess.run(["sh", "packaging/build.sh"], cwd=clone, capture_output=True, text=True,
                           timeout=40 * 60, env={**os.environ, "PYTHON": sys.executable, "ONEFILE": "1"})
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-5000:]
    binary = clone / "dist" / "comparison-viewer" / "comparison-viewer"
    assert binary.is_file()
    print(f"bundle built in {time.monotonic() - started:.0f} s")
    return binary


@pytest.mark.slow
def test_frozen_bundle_is_lean_and_complete(frozen_bundle):
    folder = frozen_bundle.parent
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < 400 * 1024 * 1024, f"bundle is {size / 2**20:.0f} MB"
    internal = folder / "_internal"
    assert sorted(p.name for p in (internal / "seeds").glob("*.txt")) == \
        sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert (internal / "resources" / "icons" / "app.svg").is_file()
    plugins = internal / "PySide6" / "Qt" / "plugins"
    for plugin in ("platforms/libqoffscreen.so", "platforms/libqxcb.so", "imageformats/libqsvg.so",
                   "printsupport/libcupsprintersupport.so"):
        assert (plugins / plugin).is_file(), plugin
    assert [p.name for p in (internal / "wordfreq" / "data").iterdir()] and \
        all("_en." in p.name for p in (internal / "wordfreq" / "data").iterdir())
    assert not list(internal.rglob("*WebEngine*")) and not list(internal.rglob("libQt6Qml*"))
    assert (folder / "comparison-viewer.desktop").is_file()


@pytest.mark.slow
def test_frozen_version(frozen_bundle, tmp_path):
    result = _run([frozen_bundle, "--version"], _frozen_env(tmp_path), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == __version__


@pytest.mark.slow
def test_one_file_build_runs_the_pipeline(frozen_bundle, tmp_path):
    one_file = frozen_bundle.parent.parent / "comparison-viewer-onefile"
    assert one_file.stat().st_size < 400 * 1024 * 1024
    version = _run([one_file, "--version"], _frozen_env(tmp_path), tmp_path)
    assert version.returncode == 0 and version.stdout.split()[-1] == __version__, version.stderr
    pair = [str(p) for p in sorted((ROOT / "seeds").glob("00[23]*.txt"))]
    compare = _run([one_file, "compare", *pair], _frozen_env(tmp_path), tmp_path)
    assert compare.returncode == 0, compare.stderr
    assert "aligned passages" in compare.stdout


def _needs(module_file: str) -> None:
    # The CLI routes --self-test through the GUI and --pdf through the export: a checkout
    # without them cannot offer these, which is not a packaging failure.
    if not (ROOT / "viewer" / module_file).is_file():
        pytest.skip(f"viewer/{module_file} is not in this checkout yet")


@pytest.mark.slow
def test_frozen_self_test_opens_the_window_without_plugin_errors(frozen_bundle, tmp_path):
    _needs("ui/app.py")
    result = _run([frozen_bundle, "--self-test"], _frozen_env(tmp_path), tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "PASSED" in result.stdout
    assert "ok   render window" in result.stdout, output
    assert "plugin" not in result.stderr.lower(), result.stderr


@pytest.mark.slow
def test_frozen_self_test_opens_a_real_x11_window(frozen_bundle, tmp_path):
    _needs("ui/app.py")
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed (apt-get install xvfb xauth)")
    env = {**_frozen_env(tmp_path), "QT_QPA_PLATFORM": "xcb"}
    result = _run(["xvfb-run", "-a", frozen_bundle, "--self-test"], env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "xcb platform" in result.stdout


@pytest.mark.slow
def test_frozen_cli_matches_the_contract(frozen_bundle, tmp_path):
    import json

    env = _frozen_env(tmp_path)
    pair = [str(p) for p in sorted((ROOT / "seeds").glob("00[23]*.txt"))]
    groups = _run([frozen_bundle, "groups", ROOT / "seeds", "--json"], env, tmp_path)
    assert groups.returncode == 0, groups.stderr
    events = json.loads(groups.stdout)["events"]
    assert sorted(len(e["articles"]) for e in events) == [1, 1, 1, 2]
    compare = _run([frozen_bundle, "compare", *pair, "--json"], env, tmp_path)
    assert compare.returncode == 0, compare.stderr
    data = json.loads(compare.stdout)
    assert [a["path"] for a in data["articles"]] == pair
    assert data["alignments"][0]["pairs"] and data["entities"]


@pytest.mark.slow
def test_frozen_pdf_export(frozen_bundle, tmp_path):
    _needs("export/__init__.py")
    pair = [str(p) for p in sorted((ROOT / "seeds").glob("00[23]*.txt"))]
    out = tmp_path / "out.pdf"
    result = _run([frozen_bundle, "compare", *pair, "--pdf", out], _frozen_env(tmp_path), tmp_path)
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    reader = PdfReader(str(out))
    assert len(reader.pages) >= 1
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Xi" in text and "Biden" in text
