"""The reader's remembered choices: config_dir()/settings.yaml (no Textual here).

The theme and whether the timeline is open. A missing or unreadable
settings file means defaults; the reader never refuses to start because of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing import safeyaml
from briefing.fileio import WriteRefused, write_atomic
from briefing.paths import config_dir

SETTINGS_FILE = "settings.yaml"


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str = ""
    timeline: bool = False  # whether the timeline pane starts open


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return Settings()
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
