"""Reporting: write a report file atomically, and explain in one line when that is impossible.

The report is written to a hidden temporary file in the destination folder, then moved over the
destination with ``os.replace`` (atomic on one file system). A reader never sees half a report,
and when anything fails the temporary file is removed and the previous report stays as it was.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from ..errors import ReportError, display_path


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def explain(path: Path, exc: BaseException) -> str:
    """The one-line message for a report that could not be written.

    >>> print(explain(Path("/no/such/dir/r.xlsx"), FileNotFoundError(2, "x")))  # doctest: +ELLIPSIS
    cannot write /no/such/dir/r.xlsx: the folder /no/such/dir does not exist; create it or ...
    """
    shown = display_path(path)
    folder = display_path(path.parent)
    if isinstance(exc, FileNotFoundError):
        return (
            f"cannot write {shown}: the folder {folder} does not exist; "
            "create it or choose another output path"
        )
    if isinstance(exc, IsADirectoryError):
        return f"cannot write {shown}: it is a folder; give a file name such as {shown}/report.xlsx"
    if isinstance(exc, PermissionError):
        return (
            f"cannot write {shown}: permission denied; close the file if it is open "
            f"(e.g. in Excel) and check you may write to {folder}"
        )
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"cannot write {shown}: the disk is full; free some space or write elsewhere"
    if isinstance(exc, OSError):
        reason = _one_line(exc.strerror or exc)
        return f"cannot write {shown}: {reason}; the previous file is unchanged"
    return (
        f"cannot write {shown}: {type(exc).__name__}: {_one_line(exc)}; "
        "the previous file is unchanged"
    )


def check_destination(path: Path) -> None:
    """Fail early (before any work) when ``path`` plainly cannot be written."""
    if path.is_dir():
        raise ReportError(explain(path, IsADirectoryError(errno.EISDIR, "Is a directory")))
    if not path.parent.is_dir():
        raise ReportError(explain(path, FileNotFoundError(errno.ENOENT, "No such folder")))


def temporary_path(path: Path) -> Path:
    """A hidden name beside ``path``: ``.report.xlsx.3f9a1c2e.tmp``."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def write_atomically(path: Path | str, write: Callable[[Path], None]) -> Path:
    """Call ``write(temporary)``, then move the temporary file onto ``path``.

    ``write`` creates the file itself (so it gets the usual permissions). On any failure the
    temporary file is removed and :class:`ReportError` is raised (chained to the cause).
    """
    path = Path(path)
    check_destination(path)
    temporary = temporary_path(path)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException as exc:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(exc, ReportError):
            raise
        if isinstance(exc, Exception):
            raise ReportError(explain(path, exc)) from exc
        raise  # KeyboardInterrupt and friends: cleaned up, not reworded
    return path
