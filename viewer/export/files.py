"""Write an export all-or-nothing: a temporary file next to the target, then ``os.replace``.

A failed or cancelled export therefore never leaves a half-written file behind, and an
existing file of the same name survives until the new one is complete.

An export never replaces one of the articles it was made from: ``protect`` names them,
and a target that is the same file (same path, through a symlink, or a hard link: same
device and inode) is refused before anything is written.
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..model import display_text


_SURROGATE = re.compile("[\ud800-\udfff]")


class ExportError(OSError):
    """An export could not be written; ``strerror`` is a sentence for the user."""


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _identity(path: str | os.PathLike) -> Optional[tuple[int, int]]:
    try:
        info = os.stat(path)  # follows symlinks: a link to a source is that source
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _resolved(path: str | os.PathLike) -> Optional[Path]:
    try:
        return Path(os.path.abspath(path)).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, an embedded NUL
        return None


def source_conflict(out: str | os.PathLike, protect: Iterable[str | os.PathLike]) -> Optional[str]:
    """The entry of ``protect`` that ``out`` would overwrite, or None.

    ``out`` is that source when it names the same path once symlinks (in the file name or
    any folder above it) are resolved, or when it is the same file by device and inode
    (a hard link). ``os.replace`` would swap the directory entry rather than write into a
    hard-linked inode, but the user's file of that name would still be gone.
    """
    target = _resolved(out)
    identity = _identity(out)
    for source in protect:
        if target is not None and target == _resolved(source):
            return os.fsdecode(source)
        if identity is not None and identity == _identity(source):
            return os.fsdecode(source)
    return None


def _refuse_sources(target: Path, protect: list[str | os.PathLike]) -> None:
    source = source_conflict(target, protect)
    if source is not None:
        raise ExportError(errno.EEXIST, display_text(f"{target} is the source article {source}; it is "
                                                     "never overwritten. Choose another file name"),
                          str(target))


@contextmanager
def atomic_output(out: str | os.PathLike, protect: Iterable[str | os.PathLike] = ()) -> Iterator[str]:
    """Yield a temporary path in the target's folder; on success it becomes ``out``.

    ``protect``: the source files of the export; ``out`` may not be any of them.

    Raises:
        ExportError: the folder does not exist or is not writable (message names the
            folder), or ``out`` is one of ``protect`` (message names the source).
    """
    target = Path(out)
    sources = list(protect)
    _refuse_sources(target, sources)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ExportError(errno.EISDIR, f"{target} is a folder; choose a file name", str(target))
    if not folder.is_dir():
        raise ExportError(errno.ENOENT, f"the folder {folder} does not exist", str(target))
    try:
        # The temporary's name must be one Qt's PDF writer can open: an undecodable byte of
        # the target's name (a lone surrogate here) would be dropped on the way to Qt.
        safe_name = _SURROGATE.sub("_", target.name)
        handle, temporary = tempfile.mkstemp(prefix=f".{safe_name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(exc.errno or errno.EACCES,
                          f"cannot write in the folder {folder} ({exc.strerror or exc})", str(target)) from exc
    os.close(handle)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; exports are ordinary files
        _refuse_sources(target, sources)  # again: a link to a source may have appeared meanwhile
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
