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

import hashlib
import os
import stat
from array import array


def fingerprint(content_dir: str | os.PathLike[str]) -> str:
    root = os.fspath(content_dir)
    digest = hashlib.blake2b(digest_size=20)
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


def _walk(digest, numbers: array, folder: str, relative: str) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        digest.update(f"{relative}: unreadable\0".encode("utf-8", "surrogateescape"))
        return
    try:
        names = sorted(name for name in os.listdir(handle) if not name.startswith("."))
        folders = []
        files = []
        for name in names:
            try:
                info = os.stat(name, dir_fd=handle)
            except OSError:
                files.append(name + "\0unreadable")
                continue
            if stat.S_ISDIR(info.st_mode):
                # os.walk (and so the loader) does not follow symlinked folders
                if not os.path.islink(os.path.join(folder, name)):
                    folders.append(name)
            elif name.endswith(".md"):
                files.append(name)
                numbers.extend((info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns))
        digest.update(("\0".join(files) + "\0/\0" + relative).encode("utf-8", "surrogateescape"))
        for name in folders:
            _walk(digest, numbers, os.path.join(folder, name), relative + name + "/")
    finally:
        os.close(handle)
