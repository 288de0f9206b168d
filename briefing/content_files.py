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
    (os.walk's default), and the order is a path's own, part by part.
    """
    root = os.path.join(content_dir, ARTICLES_DIR)
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(folder, f) for f in files if f.endswith(ARTICLE_SUFFIX) and not f.startswith("."))
    # By a precomputed key: comparing Path objects costs a quarter of a second at 10,000 files.
    return sorted(found, key=_path_order)


def _path_order(path: str) -> tuple[str, ...]:
    return tuple(os.path.normcase(part) for part in path.split(os.sep))
