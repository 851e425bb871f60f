"""``--self-test``: prove that an installation (or a frozen bundle) works, headless.

Runs the whole chain once on the bundled seeds: load the spaCy pipeline, analyse
the articles (bypassing the cache, so the NLP really runs), group them into events,
compare the largest multi-article event, and render that comparison offscreen:
through the main window when the GUI is present, and through the PDF export when
that is present. Qt messages about missing plugins count as failures, since they
are what a broken bundle looks like. Prints one line per step and returns 0 when
every step that could run passed and at least one rendering ran.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, TextIO

PLUGIN_FAILURE_WORDS = ("could not load", "could not find", "cannot load", "failed to load",
                        "no qt platform plugin", "plugin does not exist", "not a valid plugin")


@dataclass
class StepResult:
    name: str
    status: str  # "ok", "skip" or "FAIL"
    detail: str
    seconds: float


@dataclass
class SelfTestReport:
    steps: list[StepResult] = field(default_factory=list)
    qt_messages: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        rendered = any(s.status == "ok" and s.name.startswith("render") for s in self.steps)
        return rendered and not any(s.status == "FAIL" for s in self.steps)


class _Skip(Exception):
    """A step that cannot run in this build (its module is absent), as opposed to failing."""


def run_self_test(seeds: Optional[Path] = None, out: Optional[TextIO] = None,
                  screenshot: Optional[str] = None) -> int:
    """Run the self-test, print its report to ``out`` and return the exit status (0 = pass).

    Args:
        seeds: folder of articles to use; the bundled seeds by default.
        out: where the report goes (stdout by default).
        screenshot: also save the rendered main window to this PNG path.
    """
    out = out or sys.stdout
    report = collect(seeds, screenshot)
    print(format_report(report), file=out)
    out.flush()
    return 0 if report.passed else 1


def collect(seeds: Optional[Path] = None, screenshot: Optional[str] = None) -> SelfTestReport:
    """Run every step and return what happened (nothing printed)."""
    # Rendering must work without a display; an existing choice (e.g. xcb) is respected.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from . import __version__
    from .bundle import default_seeds

    seeds = Path(seeds) if seeds else default_seeds()
    report = SelfTestReport()
    state: dict = {}

    def step(name: str, action: Callable[[], str]) -> bool:
        started = time.perf_counter()
        try:
            detail, status = action(), "ok"
        except _Skip as exc:
            detail, status = str(exc), "skip"
        except Exception as exc:  # a self-test reports every failure instead of stopping at one
            detail, status = f"{type(exc).__name__}: {exc}", "FAIL"
        report.steps.append(StepResult(name, status, detail, time.perf_counter() - started))
        return status == "ok"

    frozen = getattr(sys, "frozen", False)
    runtime = "frozen bundle" if frozen else "Python " + sys.version.split()[0]
    report.steps.append(StepResult("version", "ok", f"{__version__} ({runtime})", 0.0))
    if not step("pipeline", lambda: _load_pipeline()):
        return report
    if not step("analyse", lambda: _analyse(seeds, state)):
        return report
    if not step("compare", lambda: _compare(state)):
        return report
    _install_qt_message_capture(report.qt_messages)
    step("render window", lambda: _render_window(state, screenshot))
    step("render pdf", lambda: _render_pdf(state))
    step("qt plugins", lambda: _check_qt_plugins(report.qt_messages))
    return report


def format_report(report: SelfTestReport) -> str:
    lines = ["Comparison Viewer self-test"]
    for s in report.steps:
        lines.append(f"  {s.status:<4} {s.name:<14} {s.seconds:6.2f} s  {s.detail}")
    lines.append("PASSED" if report.passed else "FAILED")
    return "\n".join(lines)


def _load_pipeline() -> str:
    from importlib.metadata import version
    from .analysis.nlp import MODEL_PACKAGE, get_nlp

    nlp = get_nlp()
    return f"{MODEL_PACKAGE} {version(MODEL_PACKAGE)}, pipes: {', '.join(nlp.pipe_names)}"


def _analyse(seeds: Path, state: dict) -> str:
    from .library.library import Library

    if not seeds.is_dir():
        raise FileNotFoundError(f"no seed folder at {seeds}")
    library = Library.open([str(seeds)], use_cache=False, group=True)
    if not library.articles:
        raise RuntimeError(f"no readable article in {seeds}")
    tokens = sum(a.token_count for a in library.analyses.values())
    if tokens == 0:
        raise RuntimeError("the pipeline produced no tokens")
    state["library"] = library
    errors = f", {len(library.errors)} unreadable" if library.errors else ""
    return (f"{len(library.articles)} articles{errors}, {tokens} tokens, "
            f"{len(library.entities.entities)} entities, {len(library.events)} events")


def _compare(state: dict) -> str:
    from .compare.comparison import compare_paths
    from .compare.diffing import link_diff
    library = state["library"]
    candidates = [e for e in library.events if len(e.articles) >= 2]
    if not candidates:
        raise RuntimeError("no event groups two or more articles")
    event = max(candidates, key=lambda e: len(e.articles))
    comparison = compare_paths(library, list(event.articles))
    links = comparison.all_links()
    if not links:
        raise RuntimeError(f"no aligned passages in event {event.id}")
    # Diffs are computed lazily; touching them proves the diff engine runs too.
    changed = sum(1 for link in links if any(op != 0 for op, _ in link_diff(link)))
    state["comparison"] = comparison
    state["paths"] = list(event.articles)
    return (f"event {event.label!r}: {len(event.articles)} articles, {len(links)} aligned passages, "
            f"{changed} with wording differences")


def _qt_application():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "viewer"])


def _render_window(state: dict, screenshot: Optional[str]) -> str:
    try:
        from .ui.app import create_main_window
    except ImportError as exc:
        raise _Skip(f"no main window in this build ({exc})") from exc
    app = _qt_application()
    window = create_main_window(state["paths"])
    try:
        window.resize(1200, 800)
        window.show()
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline and not window.isVisible():
            app.processEvents()
        app.processEvents()
        if not window.isVisible():
            raise RuntimeError("the main window did not become visible")
        image = window.grab().toImage()
        if image.isNull() or image.width() < 100:
            raise RuntimeError("the main window rendered an empty image")
        if screenshot:
            image.save(screenshot)
        title = window.windowTitle()
    finally:
        window.close()
        app.processEvents()
    return f"{app.platformName()} platform, {image.width()}x{image.height()} px, title {title!r}"


def _render_pdf(state: dict) -> str:
    try:
        from .export import export_pdf
    except ImportError as exc:
        raise _Skip(f"no PDF export in this build ({exc})") from exc
    _qt_application()  # the export draws with Qt, which needs an application object
    with tempfile.TemporaryDirectory(prefix="viewer-selftest-") as tmp:
        out = Path(tmp) / "self-test.pdf"
        export_pdf(state["comparison"], str(out))
        data = out.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise RuntimeError("the export did not write a complete PDF")
    return f"{len(data) // 1024} KB PDF"


def _check_qt_plugins(messages: list[str]) -> str:
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtGui import QImageReader

    missing = [m for m in messages if "plugin" in m.lower() and any(w in m.lower() for w in PLUGIN_FAILURE_WORDS)]
    if missing:
        raise RuntimeError("; ".join(missing))
    formats = sorted(bytes(f.data()).decode() for f in QImageReader.supportedImageFormats())
    for needed in ("png", "svg"):
        if needed not in formats:
            raise RuntimeError(f"no {needed} image format plugin (have: {', '.join(formats)})")
    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    return f"image formats: {', '.join(formats)}; plugins from {plugins}"


def _install_qt_message_capture(messages: list[str]) -> None:
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode, context, message):
        messages.append(message)
        if previous is not None:
            previous(mode, context, message)

    previous = qInstallMessageHandler(handler)
