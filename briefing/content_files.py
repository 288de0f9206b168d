"""Which files make up a content directory: the one walk the loader and the cache both use.

Kept free of other imports (no YAML, no pathlib): a warm `briefing search`
lists the files to check that its index is fresh, and loads nothing.
"""

from __future__ import annotations

import errno
import os
import stat

INDEX_FILE = "index.yaml"
ARTICLES_DIR = "articles"
ARTICLE_SUFFIX = ".md"


def article_files(content_dir: str | os.PathLike[str],
                  unreadable: list[tuple[str, OSError]] | None = None) -> list[str]:
    """Every article file below DIR/articles, as strings, in a stable order.

    Dot-files and dot-folders are skipped, symlinked folders are not followed
    (as os.walk does by default), and the order is a path's own, part by part:
    each folder's entries in name order, a subfolder's files where its name falls.
    A folder that cannot be listed is skipped; `unreadable`, if given, gets
    (folder, error) for each (but not for a missing articles/ itself).
    """
    found: list[str] = []
    _walk(os.path.join(content_dir, ARTICLES_DIR), found, unreadable, top=True)
    return found


def _walk(folder: str, found: list[str], unreadable: list[tuple[str, OSError]] | None, top: bool = False) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted((entry for entry in listing if not entry.name.startswith(".")),
                             key=lambda entry: os.path.normcase(entry.name))
    except OSError as error:  # unreadable or missing: nothing below it is read (os.walk's way)
        missing = isinstance(error, (FileNotFoundError, NotADirectoryError))
        if unreadable is not None and not (top and missing):
            unreadable.append((folder, error))
        return
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            if not entry.is_symlink():
                _walk(entry.path, found, unreadable)
        elif entry.name.endswith(ARTICLE_SUFFIX):
            found.append(entry.path)


def is_content_path(content_dir: str | os.PathLike[str], path: str) -> bool:
    """Whether `path` is one of the files `article_files` (or the index) would read: the watcher's filter."""
    relative = os.path.relpath(path, content_dir)
    parts = relative.split(os.sep)
    if relative.startswith(os.pardir) or any(part.startswith(".") for part in parts):
        return False
    if parts == [INDEX_FILE]:
        return True
    # A changed folder below articles/ may hold (or have held) articles: a folder moved in or away.
    return parts[0] == ARTICLES_DIR and (len(parts) == 1 or path.endswith(ARTICLE_SUFFIX)
                                         or not os.path.splitext(parts[-1])[1])


def open_regular(path: str | os.PathLike[str]) -> tuple[int, os.stat_result]:
    """A descriptor reading `path`, and its status, if it is a regular file; else OSError.

    Opened without blocking and checked on the open descriptor, so a FIFO
    or a device put in a file's place (which would block or never end) is
    refused even if it replaced the file a moment ago.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a device, a FIFO or a socket)", str(path))
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor, status


def os_reason(error: OSError) -> str:
    """Why the OS refused, in its words but lower-cased to follow a colon ("permission denied"):
    the one wording of every `PATH: cannot read: …` and `cannot write: …` line."""
    reason = error.strerror or str(error) or type(error).__name__
    return reason[:1].lower() + reason[1:]
