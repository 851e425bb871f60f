"""Reading and writing the state file: atomic saves, and damaged or newer files set aside.

Damaged and newer files are never silently overwritten:

- a file that is not valid JSON (or not a state file) is renamed to
  ``state.json.corrupt-<UTC timestamp>`` and the session starts empty;
- a file written by a newer version of the viewer is left untouched; the state then
  reads and writes ``state-v<its version>.json`` next to it instead.

Both cases are described in ``problems`` for the UI to show.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Optional

STATE_VERSION = 1
STATE_FILE_NAME = "state.json"
APP_DIR_NAME = "comparison-viewer"


def data_dir() -> Path:
    """Where the user's work is kept: ``VIEWER_DATA_DIR`` if set, else the platform's data dir."""
    override = os.environ.get("VIEWER_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False))


def default_state_path() -> Path:
    return data_dir() / STATE_FILE_NAME


class StateFile:
    """The JSON file the reader's edits live in; the state that owns it says what is in it
    (``to_json``).

    Attributes:
        path: the file ``save()`` writes.
        problems: human-readable reports of damaged/newer files and failed saves.
    """

    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = Path(path) if path else default_state_path()
        self.problems: list[str] = []
        # The command line applies the reader's edits but never writes them back.
        self.read_only = False

    def to_json(self) -> dict:
        raise NotImplementedError

    def _read(self, path: Path) -> Optional[dict]:
        """The parsed file, or None when missing or damaged (then it is moved aside)."""
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            # keep whatever is there: edits of this session go to a sibling file instead
            self.path = path.with_name(f"{path.name}.new")
            self.problems.append(f"Could not read your saved edits from {path} ({exc}); it is left as it is "
                                 f"and edits made now are saved to {self.path}.")
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self._move_aside(path, f"it is not valid JSON ({exc})")
            return None
        if not isinstance(data, dict) or not isinstance(data.get("version"), int) \
                or isinstance(data.get("version"), bool):
            self._move_aside(path, "it has no format version")
            return None
        return data

    def _move_aside(self, path: Path, reason: str) -> None:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        try:
            os.replace(path, aside)
            where = f"it was moved to {aside}"
        except OSError as exc:
            where = f"it could not be moved aside ({exc}); it will not be overwritten"
            self.path = path.with_name(f"{path.name}.new")
        self.problems.append(f"Your saved edits in {path} could not be read because {reason}; {where}. "
                             "Starting with no saved edits.")


    def save(self) -> bool:
        """Write the state atomically: a crash leaves the old or the new file, never a mix.

        Returns False (and adds to ``problems``) when the file cannot be written.
        """
        if self.read_only:
            return True
        payload = json.dumps(self.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        folder = self.path.parent
        tmp_name = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
            tmp_name = None
            _fsync_dir(folder)
            return True
        except OSError as exc:
            self.problems.append(f"Could not save your edits to {self.path}: {exc}.")
            return False
        finally:
            if tmp_name:
                try:
                    os.unlink(tmp_name)
                except OSError:
                    pass


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
