"""Which files make up a content directory: the one walk the loader and the cache both use.

Kept free of other imports (no YAML, no pathlib): a warm `briefing search`
lists the files to check that its index is fresh, and loads nothing.
"""

from __future__ import annotations

import os

INDEX_FILE = "index.yaml"
ARTICLES_DIR = "articles"
ARTICLE_SUFFIX = ".md"


def article_files(content_dir: str | os.PathLike[str]) -> list[str]:
    """Every article file below DIR/articles, as strings, in a stable order.

    Dot-files and dot-folders are skipped, symlinked folders are not followed
    (as os.walk does by default), and the order is a path's own, part by part:
    each folder's entries in name order, a subfolder's files where its name falls.
    """
    found: list[str] = []
    _walk(os.path.join(content_dir, ARTICLES_DIR), found)
    return found


def _walk(folder: str, found: list[str]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted((entry for entry in listing if not entry.name.startswith(".")),
                             key=lambda entry: os.path.normcase(entry.name))
    except OSError:  # unreadable or missing: nothing below it is read (os.walk's way)
        return
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            if not entry.is_symlink():
                _walk(entry.path, found)
        elif entry.name.endswith(ARTICLE_SUFFIX):
            found.append(entry.path)
