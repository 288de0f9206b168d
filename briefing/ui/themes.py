"""Theme files → Textual themes.

A theme is a small YAML file (see themes/dark.yaml): a name, whether it is
dark, a handful of colours and optional Textual theme variables. The
bundled themes live in the repository's themes/ folder (inside the wheel
once installed); the user's own go in config_dir()/themes/. A broken user
file is reported as a Problem and skipped, never fatal.

What the files said is kept in a small JSON cache, valid while every theme
file keeps its path, size and times: the reader then starts without
importing the YAML parser (about 15 ms) at all.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual.color import Color, ColorParseError
from textual.theme import Theme

from briefing.paths import bundled_themes, cache_dir, config_dir
from briefing.records import field, record

if TYPE_CHECKING:
    from briefing.model import Problem

COLOUR_KEYS = ("primary", "secondary", "accent", "foreground", "background", "surface",
               "panel", "boost", "warning", "error", "success")
THEME_KEYS = ("name", "dark", "variables", *COLOUR_KEYS)
DEFAULT_THEME = "dark"


@record(frozen=False)
class ThemeSet:
    themes: dict[str, Theme] = field(factory=dict)  # in load order: bundled first
    problems: list[Problem] = field(factory=list)

    @property
    def names(self) -> list[str]:
        return list(self.themes)


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def parse_theme(text: str, path: str) -> Theme:
    """One theme file's text → a Theme; raises ValueError('LINE: message')."""
    return Theme(**_theme_arguments(text))


def _theme_arguments(text: str) -> dict:
    """One theme file's text → Theme's keyword arguments (plain JSON values)."""
    from briefing import safeyaml  # only when a theme file is new or changed

    try:
        data, duplicates = safeyaml.parse(text)
    except safeyaml.YamlError as error:
        raise _Bad(error.line, error.message) from None
    if duplicates:
        raise _Bad(duplicates[0].line, duplicates[0].message)
    if not isinstance(data, safeyaml.YamlMap):  # every mapping safeyaml reads is one
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
    variables = data.get("variables") or safeyaml.YamlMap()
    if not isinstance(variables, safeyaml.YamlMap):
        raise _Bad(data.line_of("variables"), "`variables` maps Textual theme variable names to values")
    clean_variables = {}
    for key, value in variables.items():
        if not isinstance(value, (str, int, float)):
            raise _Bad(variables.line_of(key), f"variable '{key}' needs a plain value")
        clean_variables[str(key)] = str(value)
    return {"name": name.strip(), "dark": dark, "variables": clean_variables, **colours}


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
    folders = [bundled_themes(), user_themes_dir(), *(extra_dirs or [])]
    files = [path for folder in folders for path in _theme_files(folder)]
    stamps = [_stamp(path) for path in files]
    results = _cached_results(stamps)
    if results is None:
        results = [_read_theme(path) for path in files]
        _save_cache(stamps, results)
    loaded = ThemeSet()
    for path, (arguments, line, message) in zip(files, results):
        if arguments is None:
            from briefing.model import Problem  # only for a broken file: the model is not on the first frame's path

            loaded.problems.append(Problem(str(path), line, message))
        else:
            theme = Theme(**arguments)
            loaded.themes[theme.name] = theme
    return loaded


# (Theme arguments, None, None) for a good file; (None, line, message) for a bad one.
Result = tuple[dict | None, int, str]


def _read_theme(path: Path) -> Result:
    try:
        return _theme_arguments(path.read_text(encoding="utf-8-sig")), 0, ""
    except (OSError, UnicodeDecodeError) as error:
        return None, 1, f"cannot read theme: {error}"
    except _Bad as error:
        return None, error.line, f"theme skipped: {error}"


# ------------------------------------------------------------------ cache

CACHE_FORMAT = 1


def _cache_path() -> Path:
    return cache_dir() / "reader" / "themes.json"


def _stamp(path: Path) -> list:
    try:
        info = path.stat()
    except OSError:
        return [str(path)]  # unreadable: never matches a cached stamp, so it is read (and reported)
    return [str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _cached_results(stamps: list[list]) -> list[Result] | None:
    """What the theme files said last time, if none of them changed since."""
    try:
        data = json.loads(_cache_path().read_text(encoding="utf-8"))
        if data["format"] != CACHE_FORMAT or data["stamps"] != stamps or any(len(s) < 4 for s in stamps):
            return None
        return [(arguments, line, message) for arguments, line, message in data["results"]]
    except (OSError, ValueError, KeyError, TypeError):  # missing, damaged or foreign: read the files
        return None


def _save_cache(stamps: list[list], results: list[Result]) -> None:
    """Best effort: a cache that cannot be written is simply not there next time."""
    path = _cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"format": CACHE_FORMAT, "stamps": stamps, "results": results}),
                             encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass


def unknown_theme_message(name: str, known: list[str]) -> str:
    from briefing.suggest import did_you_mean

    return f"unknown theme '{name}'{did_you_mean(name, known)}; themes: {', '.join(known)}"
