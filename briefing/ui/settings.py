"""The reader's remembered choices: config_dir()/settings.yaml (no Textual here).

The theme and whether the timeline is open. A missing or unreadable
settings file means defaults; the reader never refuses to start because of it.
"""

from __future__ import annotations

import re
from pathlib import Path

from briefing.paths import config_dir
from briefing.records import record

TYPE_CHECKING = False  # typing is not imported for an annotation alone
if TYPE_CHECKING:
    from typing import Any

SETTINGS_FILE = "settings.yaml"
# The file exactly as save_settings writes it: read without the YAML parser,
# which the reader's start would otherwise import for two values. Anything
# else (a file edited by hand) goes through safeyaml. Exactly what YAML reads
# in a double-quoted scalar is allowed unescaped (no control or line-break
# characters), so both readings agree (a test checks).
_AS_SAVED = (r'# briefing reader settings\ntheme: "((?:[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]'
             r'|\\["\\])*)"\ntimeline: (true|false)\n')


@record
class Settings:
    theme: str = ""
    timeline: bool = False  # whether the timeline pane starts open

    def replace(self, **changes: object) -> Settings:
        """These settings with some of them changed."""
        # Any: the changes come from BriefingApp.remember(**changes: object); Settings() refuses unknown names.
        fields: dict[str, Any] = {"theme": self.theme, "timeline": self.timeline, **changes}
        return Settings(**fields)


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return Settings()
    saved = re.fullmatch(_AS_SAVED, text)  # compiled (and cached by re) only when there is a file
    if saved:
        return Settings(theme=re.sub(r'\\(["\\])', r"\1", saved[1]), timeline=saved[2] == "true")
    from briefing import safeyaml

    try:
        data, errors = safeyaml.parse(text)
    except safeyaml.YamlError:
        return Settings()
    if errors or not isinstance(data, dict):
        return Settings()
    theme = data.get("theme")
    timeline = data.get("timeline")
    return Settings(theme=theme if isinstance(theme, str) else "", timeline=timeline is True)


def save_settings(settings: Settings, path: Path | None = None) -> str | None:
    """Write the settings; returns why not, or None when saved."""
    from briefing.fileio import WriteRefused, write_atomic

    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A theme name is a plain word; quoting keeps any odd name valid YAML.
        name = settings.theme.replace("\\", "\\\\").replace('"', '\\"')
        text = (f'# briefing reader settings\ntheme: "{name}"\n'
                f'timeline: {"true" if settings.timeline else "false"}\n')
        write_atomic(path, text, force=True)
    except (OSError, WriteRefused) as error:
        return str(error)
    return None
