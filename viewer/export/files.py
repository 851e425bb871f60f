"""Write an export all-or-nothing: a temporary file next to the target, then ``os.replace``.

A failed or cancelled export therefore never leaves a half-written file behind, and an
existing file of the same name survives until the new one is complete.
"""
from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class ExportError(OSError):
    """An export could not be written; ``strerror`` is a sentence for the user."""


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def atomic_output(out: str | os.PathLike) -> Iterator[str]:
    """Yield a temporary path in the target's folder; on success it becomes ``out``.

    Raises:
        ExportError: the folder does not exist or is not writable (message names the folder).
    """
    target = Path(out)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ExportError(errno.EISDIR, f"{target} is a folder; choose a file name", str(target))
    if not folder.is_dir():
        raise ExportError(errno.ENOENT, f"the folder {folder} does not exist", str(target))
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(exc.errno or errno.EACCES,
                          f"cannot write in the folder {folder} ({exc.strerror or exc})", str(target)) from exc
    os.close(handle)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; exports are ordinary files
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
