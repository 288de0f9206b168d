"""Theme files → Textual themes.

A theme is a small YAML file (see themes/dark.yaml): a name, whether it is
dark, a handful of colours and optional Textual theme variables. The
bundled themes live in the repository's themes/ folder (inside the wheel
once installed); the user's own go in config_dir()/themes/. A broken user
file is reported as a Problem and skipped, never fatal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from briefing import safeyaml
from briefing.model import Problem
from briefing.paths import bundled_themes, config_dir

COLOUR_KEYS = ("primary", "secondary", "accent", "foreground", "background", "surface",
               "panel", "boost", "warning", "error", "success")
THEME_KEYS = ("name", "dark", "variables", *COLOUR_KEYS)
DEFAULT_THEME = "dark"


@dataclass(slots=True)
class ThemeSet:
    themes: dict[str, Theme] = field(default_factory=dict)  # in load order: bundled first
    problems: list[Problem] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return list(self.themes)


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def parse_theme(text: str, path: str) -> Theme:
    """One theme file's text → a Theme; raises ValueError('LINE: message')."""
    try:
        data, duplicates = safeyaml.parse(text)
    except safeyaml.YamlError as error:
        raise _Bad(error.line, error.message) from None
    if duplicates:
        raise _Bad(duplicates[0].line, duplicates[0].message)
    if not isinstance(data, dict):
        raise _Bad(1, "a theme file is a mapping with at least `name` and `primary`")
    for key in data:
        if key not in THEME_KEYS:
            from briefing.suggest import did_you_mean  # only for mistakes: keeps rapidfuzz off the start

            raise _Bad(data.line_of(key), f"unknown key '{key}'{did_you_mean(str(key), THEME_KEYS)}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _Bad(data.line_of("name"), "`name` is required: the word you pass to --theme")
    if "primary" not in data:
        raise _Bad(data.line, "`primary` colour is required")
    colours: dict[str, str] = {}
    for key in COLOUR_KEYS:
        if key in data:
            colours[key] = _colour(data[key], data.line_of(key), key)
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise _Bad(data.line_of("dark"), "`dark` is true or false")
    variables = data.get("variables") or {}
    if not isinstance(variables, dict):
        raise _Bad(data.line_of("variables"), "`variables` maps Textual theme variable names to values")
    clean_variables = {}
    for key, value in variables.items():
        if not isinstance(value, (str, int, float)):
            raise _Bad(variables.line_of(key), f"variable '{key}' needs a plain value")
        clean_variables[str(key)] = str(value)
    return Theme(name=name.strip(), dark=dark, variables=clean_variables, **colours)


class _Bad(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _colour(value: object, line: int, key: str) -> str:
    if not isinstance(value, str):
        raise _Bad(line, f"`{key}` must be a colour such as \"#1e90ff\"")
    try:
        Color.parse(value)
    except ColorParseError:
        raise _Bad(line, f"`{key}`: '{value}' is not a colour (try \"#1e90ff\" or \"rgb(30,144,255)\")") from None
    return value


def _theme_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))


def load_themes(extra_dirs: list[Path] | None = None) -> ThemeSet:
    """Bundled themes, then the user's (which may replace a bundled one by name)."""
    result = ThemeSet()
    folders = [bundled_themes(), user_themes_dir(), *(extra_dirs or [])]
    for folder in folders:
        for path in _theme_files(folder):
            try:
                text = path.read_text(encoding="utf-8-sig")
                theme = parse_theme(text, str(path))
            except (OSError, UnicodeDecodeError) as error:
                result.problems.append(Problem(str(path), 1, f"cannot read theme: {error}"))
                continue
            except _Bad as error:
                result.problems.append(Problem(str(path), error.line, f"theme skipped: {error}"))
                continue
            result.themes[theme.name] = theme
    return result


def unknown_theme_message(name: str, known: list[str]) -> str:
    from briefing.suggest import did_you_mean

    return f"unknown theme '{name}'{did_you_mean(name, known)}; themes: {', '.join(known)}"
