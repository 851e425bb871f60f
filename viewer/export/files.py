"""Write an export all-or-nothing: a temporary file next to the target, then ``os.replace``.

A failed or cancelled export therefore never leaves a half-written file behind, and an
existing file of the same name survives until the new one is complete.

An export never replaces one of the articles it was made from: ``protect`` names them,
and a target that is the same file (same path, through a symlink, or a hard link: same
device and inode) is refused before anything is written.

An export writes only to a regular file or a new path (issue 18): a symlink, FIFO,
socket or device at the target is refused rather than replaced by a file (``os.replace``
would turn ``/dev/stdout`` or a link into a plain file); an existing file keeps its
permissions, and a read-only one is refused; an empty name is refused. ``-`` (``STDOUT``)
means standard output: the export is written to a temporary file, then copied there,
whatever standard output is (a pipe, a terminal, a device).
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import sys
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


STDOUT = "-"  # an output "file" name that means standard output


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def target_problem(out: str | os.PathLike) -> Optional[str]:
    """Why an export may not write to ``out``, as a sentence; None when it may.

    Allowed: a new name in an existing folder, or an existing regular file that may be
    written (it is replaced, keeping its permissions). Refused: an empty name, a folder,
    a symlink (even to a regular file: the link would become a file; give the file it
    points to), a FIFO, socket or device, and a read-only file.
    """
    name = os.fspath(out)
    if name in ("", b""):
        return "no output file name was given (an empty name)"
    if name == STDOUT:
        return None
    shown = display_text(os.fsdecode(name))
    try:
        info = os.lstat(name)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        return f"cannot look at {shown} ({getattr(exc, 'strerror', None) or exc})"
    if stat.S_ISLNK(info.st_mode):
        return (f"{shown} is a symbolic link; an export writes only to a regular file or a new "
                f"name (give the file it points to, or {STDOUT} for standard output)")
    if stat.S_ISDIR(info.st_mode):
        return f"{shown} is a folder; choose a file name"
    if not stat.S_ISREG(info.st_mode):
        return (f"{shown} is {_kind(info.st_mode)}, not a regular file; an export writes only to a "
                f"regular file or a new name ({STDOUT} for standard output)")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(name, os.W_OK):
        return f"{shown} is read-only; it is not replaced (make it writable or choose another name)"
    return None


def _refuse_target(target: str | os.PathLike) -> None:
    problem = target_problem(target)
    if problem is not None:
        code = errno.EISDIR if "is a folder" in problem else errno.EINVAL
        raise ExportError(code, problem, os.fsdecode(os.fspath(target)))


@contextmanager
def atomic_output(out: str | os.PathLike, protect: Iterable[str | os.PathLike] = ()) -> Iterator[str]:
    """Yield a temporary path in the target's folder; on success it becomes ``out``.

    ``protect``: the source files of the export; ``out`` may not be any of them.
    ``out`` of ``-`` (``STDOUT``): the finished file is copied to standard output.

    Raises:
        ExportError: the folder does not exist or is not writable (message names the
            folder), ``out`` is one of ``protect`` (message names the source), or it is
            not a regular file or a new name, or a read-only file (see :func:`target_problem`).
    """
    if os.fspath(out) == STDOUT:
        with _to_stdout() as temporary:
            yield temporary
        return
    target = Path(out)
    sources = list(protect)
    _refuse_sources(target, sources)
    _refuse_target(out)
    folder = target.parent if str(target.parent) else Path(".")
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
        # mkstemp makes it private: an export is an ordinary file, or keeps the mode of the
        # file it replaces
        try:
            existing = os.lstat(target)
        except OSError:
            existing = None
        mode = stat.S_IMODE(existing.st_mode) if existing is not None and stat.S_ISREG(existing.st_mode) \
            else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        # again: a link to a source, or a link, FIFO or device, may have appeared meanwhile
        _refuse_sources(target, sources)
        _refuse_target(target)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


@contextmanager
def _to_stdout() -> Iterator[str]:
    """A temporary file copied to standard output once complete (nothing on failure)."""
    folder = tempfile.mkdtemp(prefix="viewer-export-")
    temporary = os.path.join(folder, "export")
    try:
        yield temporary
        stream = getattr(sys.stdout, "buffer", None)
        with open(temporary, "rb") as source:
            if stream is None:  # a text-only stdout (an embedding host): decode for it
                sys.stdout.write(source.read().decode("utf-8", "replace"))
            else:
                sys.stdout.flush()
                shutil.copyfileobj(source, stream)
                stream.flush()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
