"""Adding actors to index.yaml by editing its text, never by re-dumping it,
so the author's comments, order and formatting survive. New entries go at
the end of the `actors:` list, indented like the entries already there."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.importer.actors import ActorInfo
from briefing.importer.draft import dump_yaml
from briefing.loader import ContentError, parse_index

MINIMAL_INDEX = """\
# Created by `briefing import`. Add your sticking points under `topics:`
# (id, title, keywords) so imported articles get tagged with them.
title: Imported articles
actors: []
topics: []
"""


class IndexEditError(Exception):
    """index.yaml cannot be extended safely; the message says why."""


def entry_data(info: ActorInfo) -> dict:
    data: dict = {"id": info.id, "name": info.name}
    if info.aliases:
        data["aliases"] = list(info.aliases)
    data["kind"] = info.kind
    if info.role:
        data["role"] = info.role
    if info.party:
        data["party"] = info.party
    return data


def render_entries(actors: list[ActorInfo], indent: str, newline: str, note: str) -> str:
    lines = [f"{indent}# {note}"] if note else []
    for info in actors:
        dumped = dump_yaml([entry_data(info)])
        lines.extend(indent + line for line in dumped.rstrip("\n").split("\n"))
    return newline.join(lines) + newline


def append_actors(text: str, actors: list[ActorInfo], note: str = "") -> str:
    """`text` with the actors appended to its `actors:` list; everything else byte for byte."""
    if not actors:
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    header = None
    for number, line in enumerate(lines):
        if re.match(r"^\ufeff?actors\s*:", line):
            header = number
            break
    if header is None:
        joined = text if not text or text.endswith(("\n", "\r")) else text + newline
        return joined + "actors:" + newline + render_entries(actors, "  ", newline, note)
    value = re.sub(r"#.*$", "", lines[header].split(":", 1)[1]).strip()
    if value == "[]":
        lines[header] = re.sub(r"\[\]\s*", "", lines[header], count=1).rstrip("\r\n ") + newline
    elif value:
        raise IndexEditError("the actors list is written on one line ([...]); "
                             "write it as a block list (one '- id:' entry per actor) so new actors can be added")
    end = len(lines)
    for number in range(header + 1, len(lines)):
        if re.match(r"^[^\s#\-][^:]*:", lines[number]) or lines[number].rstrip() in ("---", "..."):
            end = number
            break
    last = header
    indent = None
    for number in range(header + 1, end):
        stripped = lines[number].strip()
        if stripped and not (stripped.startswith("#") and not lines[number][:1].isspace()):
            last = number
        item = re.match(r"^(\s*)- ", lines[number])
        if item and indent is None:
            indent = item.group(1)
    if indent is None:
        indent = "  "
    if not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
    block = render_entries(actors, indent, newline, note)
    return "".join(lines[:last + 1]) + block + "".join(lines[last + 1:])


def checked_update(path: Path, text: str, actors: list[ActorInfo], note: str = "") -> str:
    """The new index text, verified to parse with every old and new actor in it."""
    updated = append_actors(text, actors, note)
    try:
        before, old_problems = parse_index(text.lstrip("\ufeff"), str(path)) if text.strip() else (None, [])
        after, new_problems = parse_index(updated.lstrip("\ufeff").replace("\r\n", "\n"), str(path))
    except ContentError as error:
        raise IndexEditError(f"the edited index would not load: {error.problems[0].message}") from None
    if len(new_problems) > len(old_problems):
        raise IndexEditError(f"the edited index would have a problem: {new_problems[-1]}")
    missing = {a.id for a in actors} - {a.id for a in after.actors}
    if missing or (before is not None and {a.id for a in before.actors} - {a.id for a in after.actors}):
        raise IndexEditError("the edited index would lose or miss actors; left unchanged")
    return updated
