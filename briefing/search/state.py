"""The state of a content directory, as a short fingerprint.

Every file the loader reads (index.yaml and articles/**/*.md, dot-files
and dot-folders skipped, symlinked folders not followed, as in
`loader.article_paths`) contributes its relative path, size, modification
time, inode and change time: any added, removed, replaced or edited file
changes the fingerprint. Only `stat` calls, no file is opened; at 10,000
articles they are most of the cost of a warm `briefing search`, so the loop
does as little as it can besides them.

Kept free of other imports so that a forked child can compute it while
the command line imports the rest.
"""

from __future__ import annotations

import os
from array import array
from functools import partial
from itertools import chain
from operator import attrgetter

try:  # hashlib would also load OpenSSL, a few milliseconds of every search, for this one hash
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b


def fingerprint(content_dir: str | os.PathLike[str]) -> str:
    root = os.fspath(content_dir)
    digest = blake2b(digest_size=20)
    numbers = array("q")
    try:
        info = os.stat(os.path.join(root, "index.yaml"))
        numbers.extend((info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns))
    except OSError:
        digest.update(b"no index.yaml\0")
    articles = os.path.join(root, "articles")
    if os.path.isdir(articles):
        _walk(digest, numbers, articles, "articles/")
    else:
        digest.update(b"no articles/\0")
    digest.update(numbers.tobytes())
    return digest.hexdigest()


# What of a file's status goes into the fingerprint.
_STATUS = attrgetter("st_size", "st_mtime_ns", "st_ino", "st_ctime_ns")


def _walk(digest, numbers: array, folder: str, relative: str) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        digest.update(f"{relative}: unreadable\0".encode("utf-8", "surrogateescape"))
        return
    try:
        with os.scandir(handle) as entries:
            # The directory entry says which names are folders (no stat); symlinked
            # folders are not real folders here, as os.walk (the loader) does not follow them.
            listed = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries
                      if not entry.name.startswith(".")]
        folders = sorted(name for name, is_folder in listed if is_folder)
        files = sorted(name for name, is_folder in listed if not is_folder and name.endswith(".md"))
        before = len(numbers)
        try:  # one C-level pass over the files; a file that vanished or a broken link: name by name
            numbers.extend(chain.from_iterable(map(_STATUS, map(partial(os.stat, dir_fd=handle), files))))
        except OSError:
            del numbers[before:]
            files = _status_one_by_one(numbers, files, handle)
        digest.update(("\0".join(files) + "\0/\0" + relative).encode("utf-8", "surrogateescape"))
        for name in folders:
            _walk(digest, numbers, os.path.join(folder, name), relative + name + "/")
    finally:
        os.close(handle)


def _status_one_by_one(numbers: array, files: list[str], handle: int) -> list[str]:
    """Like the fast pass, but an unreadable file is named as such instead of stopping the walk."""
    named = []
    for name in files:
        try:
            numbers.extend(_STATUS(os.stat(name, dir_fd=handle)))
            named.append(name)
        except OSError:
            named.append(name + "\0unreadable")
    return named
