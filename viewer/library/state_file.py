"""Reading and writing the state file: atomic saves, and damaged or newer files set aside.

Damaged and newer files are never silently overwritten:

- a file that is not valid JSON (or not a state file, or nested deeper or larger than a
  state file can be) is renamed to ``state.json.corrupt-<UTC timestamp>`` and the session
  starts empty; a file some of whose records are not understood is renamed the same way
  and the records that hold are kept (and saved back at once);
- something that is not a regular file (a FIFO, a device) is never opened for reading in a
  way that could block, and never replaced: edits are saved beside it;
- a file written by a newer version of the viewer is left untouched; the state then
  reads and writes ``state-v<its version>.json`` next to it instead.

Both cases are described in ``problems`` for the UI to show.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Optional

from .. import APP_DIR_NAME
from ..untrusted import Untrusted, loads_bounded

STATE_VERSION = 1
STATE_FILE_NAME = "state.json"
# Read limits (README, "Limits and safety"): a state file with thousands of edits is well
# under a megabyte and nests 5 deep ({"event_edits": [{"groups": [[{ref}]]}]}).
MAX_STATE_BYTES = 64 * 1024 * 1024
MAX_STATE_DEPTH = 8


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
            raw = _read_regular(path)
        except FileNotFoundError:
            return None
        except _TooLarge:
            self._move_aside(path, f"it is larger than {MAX_STATE_BYTES // (1024 * 1024)} MB")
            return None
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if self.read_only:
                self.problems.append(f"Could not read your saved edits from {path} ({reason}); "
                                     "they are not applied.")
                return None
            # keep whatever is there: edits of this session go to a sibling file instead
            self.path = path.with_name(f"{path.name}.new")
            self.problems.append(f"Could not read your saved edits from {path} ({reason}); it is left as it is "
                                 f"and edits made now are saved to {self.path}.")
            return None
        try:
            data = loads_bounded(raw, MAX_STATE_DEPTH)
        except Untrusted as exc:
            self._move_aside(path, f"it is not valid JSON ({exc})")
            return None
        if not isinstance(data, dict) or not isinstance(data.get("version"), int) \
                or isinstance(data.get("version"), bool):
            self._move_aside(path, "it has no format version")
            return None
        return data

    def _move_aside(self, path: Path, reason: str) -> None:
        if self.read_only:
            self.problems.append(f"Your saved edits in {path} could not be read because {reason}; "
                                 "they are not applied (the file is left as it is).")
            return
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

    def _set_aside_some(self, path: Path, rejected: list[str], kept: int) -> None:
        """Some records were not understood: the file is moved aside as it is, what held is kept."""
        if self.read_only:
            self.problems.append(f"{len(rejected)} of your saved edits in {path} could not be read and are not "
                                 f"applied: {rejected[0]}; the other {kept} are.")
            return
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        try:
            os.replace(path, aside)
            where = f"the file as it was is in {aside}"
        except OSError as exc:
            where = f"the file could not be moved aside ({exc}) and will not be overwritten"
            self.path = path.with_name(f"{path.name}.new")
        more = f" (and {len(rejected) - 1} more)" if len(rejected) > 1 else ""
        self.problems.append(
            f"{len(rejected)} of your saved edits in {path} could not be read and were set aside: "
            f"{rejected[0]}{more}; {where}. The other {kept} edits are kept.")

    def _drop_unsavable(self) -> int:
        """Drop records that cannot be written as JSON; how many. Overridden by the state."""
        return 0


    def save(self) -> bool:
        """Write the state atomically: a crash leaves the old or the new file, never a mix.

        Never raises: returns False (and adds to ``problems``) when the file cannot be
        written. A record that cannot be written at all is dropped and reported, so it
        cannot make every later save fail too.
        """
        if self.read_only:
            return True
        try:
            payload = self._payload()
        except (TypeError, ValueError, RecursionError) as exc:
            dropped = self._drop_unsavable()
            try:
                payload = self._payload()
            except (TypeError, ValueError, RecursionError) as again:
                self.problems.append(f"Could not save your edits to {self.path}: {again}.")
                return False
            self.problems.append(f"{dropped} of your edits could not be saved ({exc}) and were dropped; "
                                 f"the others are saved in {self.path}.")
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
            self.problems.append(f"Could not save your edits to {self.path}: {exc.strerror or exc}.")
            return False
        finally:
            if tmp_name:
                try:
                    os.unlink(tmp_name)
                except OSError:
                    pass

    def _payload(self) -> bytes:
        """The file's bytes. File names that are not valid UTF-8 are held as surrogate escapes
        (``os.fsdecode``); then the whole file is written with ASCII escapes (``\\udce9``),
        which JSON allows and which read back to the very same name."""
        data = self.to_json()
        try:
            return json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(data, ensure_ascii=True, indent=1, allow_nan=False).encode("ascii")


def _read_regular(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file; opening never blocks (a FIFO, a device).

    Raises:
        FileNotFoundError: nothing there.
        OSError: unreadable, or not a regular file (``strerror`` says which).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file")
        if info.st_size > MAX_STATE_BYTES:
            raise _TooLarge()  # refused without reading it
        chunks, size = [], 0
        while size <= MAX_STATE_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_STATE_BYTES:
            raise _TooLarge()
        return b"".join(chunks)
    finally:
        os.close(fd)


class _TooLarge(Exception):
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
