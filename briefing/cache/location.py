"""Where a content folder's cache lives: one folder per content folder, never inside it."""

from __future__ import annotations

import os

from briefing.cache.freshness import blake2b
from briefing.paths import cache_root

TYPE_CHECKING = False  # (pathlib is imported where a build needs it: not by a warm search)
if TYPE_CHECKING:
    from pathlib import Path


def cache_folder(content_dir: str | os.PathLike[str]) -> Path:
    """This content directory's own folder in the cache."""
    from pathlib import Path

    return Path(cache_folder_name(content_dir))


def cache_folder_name(content_dir: str | os.PathLike[str]) -> str:
    # (A string: a warm search does without pathlib, some milliseconds to import.)
    real = os.path.realpath(content_dir)
    digest = blake2b(real.encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
    name = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in os.path.basename(real))[:40]
    return os.path.join(cache_root(), "search", f"{name}-{digest}")
