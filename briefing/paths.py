"""Where things live: the bundled briefing, themes, the user's cache and config.

Worked out with os.path and made Path objects at the end: `briefing search`
asks for the content folder before it imports anything else (pathlib
included), see `content_root`.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

_PACKAGE = os.path.dirname(os.path.realpath(__file__))
# A wheel carries content/ and themes/ inside the package (see pyproject's
# force-include); a source checkout keeps them at the top of the repository.
_BUNDLED = os.path.join(_PACKAGE, "_bundled")
_CHECKOUT = os.path.dirname(_PACKAGE)

CONTENT_ENV = "BRIEFING_CONTENT"


def _bundled(name: str) -> str:
    packaged = os.path.join(_BUNDLED, name)
    return packaged if os.path.isdir(packaged) else os.path.join(_CHECKOUT, name)


def bundled_content() -> Path:
    from pathlib import Path

    return Path(_bundled("content"))


def bundled_themes() -> Path:
    from pathlib import Path

    return Path(_bundled("themes"))


def content_root(option: str | None) -> str:
    """--content DIR, else $BRIEFING_CONTENT, else the bundled briefing."""
    return option or os.environ.get(CONTENT_ENV) or _bundled("content")


def content_dir(option: str | None) -> Path:
    """`content_root` as a Path."""
    from pathlib import Path

    return Path(content_root(option))


def _xdg(variable: str, fallback: str) -> str:
    value = os.environ.get(variable)
    base = value if value and os.path.isabs(value) else os.path.join(os.path.expanduser("~"), fallback)
    return os.path.join(base, "briefing")


def cache_root() -> str:
    """The user's cache folder for briefing, as a string (`cache_dir` as a Path)."""
    return _xdg("XDG_CACHE_HOME", ".cache")


def cache_dir() -> Path:
    from pathlib import Path

    return Path(cache_root())


def data_root() -> str:
    """The user's data folder for briefing (reading state: what is read, starred, noted)."""
    return _xdg("XDG_DATA_HOME", os.path.join(".local", "share"))


def config_dir() -> Path:
    from pathlib import Path

    return Path(_xdg("XDG_CONFIG_HOME", ".config"))
