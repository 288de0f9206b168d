"""Adding actors to index.yaml without losing anything (briefing.importer.index_update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.importer.actors import ActorInfo
from briefing.importer.index_update import IndexEditError, append_actors, checked_update
from briefing.loader import parse_index

INDEX = """\
# My briefing — keep this comment
title: Harbour talks
actors:
  # --- people ---
  - id: novak            # the minister
    name: Petra Novak
    aliases: [Novak]
    kind: person

# --- sticking points below ---
topics:
  - id: ports
    title: Ports   # inline comment
"""

NEW = [ActorInfo("berg", "Ola Berg", "person", ["Berg", "Mr. Berg"], "Prime Minister: acting", "ruritania"),
       ActorInfo("lund", "Mia Lund", "person", [], "", "")]


def test_new_actors_go_at_the_end_of_the_actors_list_and_everything_else_is_kept():
    updated = append_actors(INDEX, NEW, "added by briefing import from a.txt")
    for line in INDEX.splitlines():
        assert line in updated.splitlines()
    lines = updated.splitlines()
    assert lines.index("  # added by briefing import from a.txt") < lines.index("# --- sticking points below ---")
    assert "  - id: berg" in lines and "    aliases: [Berg, Mr. Berg]" in lines
    assert "    role: 'Prime Minister: acting'" in lines
    index, problems = parse_index(updated.replace("party: ruritania", "party: lund"), "index.yaml")
    assert [a.id for a in index.actors] == ["novak", "berg", "lund"]
    assert [t.id for t in index.topics] == ["ports"]


def test_only_the_new_lines_are_added():
    updated = append_actors(INDEX, NEW[1:])
    assert updated.replace("".join(f"{line}\n" for line in [
        "  - id: lund", "    name: Mia Lund", "    kind: person"]), "") == INDEX


def test_an_empty_flow_list_becomes_a_block_list():
    updated = append_actors("title: t\nactors: []\ntopics: []\n", NEW[1:])
    index, problems = parse_index(updated, "index.yaml")
    assert not problems and [a.id for a in index.actors] == ["lund"]


def test_an_index_without_actors_gets_the_key():
    updated = append_actors("title: t\n# notes\n", NEW[1:])
    assert updated.startswith("title: t\n# notes\n")
    assert [a.id for a in parse_index(updated, "i")[0].actors] == ["lund"]


def test_windows_line_ends_are_kept():
    updated = append_actors(INDEX.replace("\n", "\r\n"), NEW[1:])
    assert "\n" not in updated.replace("\r\n", "")


def test_a_one_line_actors_list_is_refused_not_rewritten():
    with pytest.raises(IndexEditError, match="one line"):
        append_actors("title: t\nactors: [{id: a, name: A, kind: person}]\n", NEW[1:])


def test_checked_update_refuses_an_edit_that_would_not_load():
    clash = [ActorInfo("novak", "Someone Else", "person")]
    with pytest.raises(IndexEditError):
        checked_update(Path("index.yaml"), INDEX, clash)
