"""Writing the user's files safely: never clobber, never half-write."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from briefing.content_files import os_reason


class WriteRefused(Exception):
    """A file we will not (or cannot) write; the message says why."""


def write_atomic(path: str | os.PathLike[str], text: str, *, force: bool = False) -> Path:
    """Write `text` to `path` via a temporary file in the same folder and a rename.

    A crash or a full disk halfway leaves the old file as it was. An existing
    file is replaced only with `force`; a directory or a device never is.
    """
    target = Path(path)
    existing = _status(target)
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise WriteRefused(f"{target}: is a directory; give a file name")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        # /dev/null, a FIFO, a socket: renaming over it would destroy it.
        raise WriteRefused(f"{target}: is not a regular file; give a file name")
    if existing is not None and not force:
        raise WriteRefused(f"{target}: already exists; use --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    place = _status(folder)
    if place is None or not stat.S_ISDIR(place.st_mode):
        raise WriteRefused(f"{target}: folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise WriteRefused(f"{target}: cannot write here: {os_reason(error)}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if existing is not None:
            os.chmod(temporary, existing.st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        _publish(temporary, target, force)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise WriteRefused(f"{target}: cannot write: {os_reason(error)}") from None
        raise
    return target


def _status(path: Path) -> os.stat_result | None:
    """What is at `path` (None: nothing); a path we may not even look at is refused here."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise WriteRefused(f"{path}: cannot write: {os_reason(error)}") from None


def _publish(temporary: str, target: Path, force: bool) -> None:
    """Move the finished temporary file into place, in one step."""
    if force:
        os.replace(temporary, target)
        return
    # A hard link fails if the target appeared since the check above, so a
    # file someone created meanwhile is never clobbered without `force`.
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise WriteRefused(f"{target}: already exists; use --force to replace it") from None
    except OSError:  # a file system without hard links: check, then rename
        if target.exists():
            raise WriteRefused(f"{target}: already exists; use --force to replace it") from None
        os.replace(temporary, target)
        return
    try:
        os.unlink(temporary)  # the file is in place; a leftover name is only clutter
    except OSError:
        pass
