"""The comparison viewer: read how different outlets report the same event."""
from __future__ import annotations


def _version() -> str:
    # One source of truth: pyproject's version, via the installed distribution metadata.
    try:
        from importlib.metadata import version
        return version("comparison-viewer")
    except Exception:  # frozen builds or source trees without metadata
        from pathlib import Path
        import re
        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            match = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(), re.M)
            if match:
                return match.group(1)
        except OSError:
            pass
        return "0.0.0"


__version__ = _version()
APP_NAME = "Comparison Viewer"
# folder of the cache and the reader's state, QSettings organisation, desktop file name
APP_DIR_NAME = "comparison-viewer"
