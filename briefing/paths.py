"""Where things live: the bundled briefing, themes, the user's cache and config."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# A wheel carries content/ and themes/ inside the package (see pyproject's
# force-include); a source checkout keeps them at the top of the repository.
_BUNDLED = _PACKAGE / "_bundled"
_CHECKOUT = _PACKAGE.parent

CONTENT_ENV = "BRIEFING_CONTENT"


def _bundled(name: str) -> Path:
    packaged = _BUNDLED / name
    return packaged if packaged.is_dir() else _CHECKOUT / name


def bundled_content() -> Path:
    return _bundled("content")


def bundled_themes() -> Path:
    return _bundled("themes")


def content_dir(option: str | None) -> Path:
    """--content DIR, else $BRIEFING_CONTENT, else the bundled briefing."""
    if option:
        return Path(option)
    if os.environ.get(CONTENT_ENV):
        return Path(os.environ[CONTENT_ENV])
    return bundled_content()


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable)
    base = Path(value) if value and os.path.isabs(value) else Path.home() / fallback
    return base / "briefing"


def cache_dir() -> Path:
    return _xdg("XDG_CACHE_HOME", ".cache")


def config_dir() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config")
