"""briefing.plaintable: the command line's tables, drawn without Rich."""

from __future__ import annotations

import pytest

from briefing.plaintable import PLAIN, STRESS, Cell, Column, cell_width, output_width, render

COLUMNS = [Column("n", right=True, wrap=False), Column("who", max_width=10), Column("text", share=1)]


def lines_of(table: str) -> list[str]:
    return table.rstrip("\n").split("\n")


def test_header_rule_and_aligned_columns():
    table = lines_of(render(COLUMNS, [["7", "Macron", "short"], ["12", "Zelensky", "also short"]], 80, False))
    assert table[0] == " n  who       text"
    assert set(table[1]) == {"─"} and len(table[1]) == len(" n  who       also short")
    assert table[2] == " 7  Macron    short"
    assert table[3] == "12  Zelensky  also short"


def test_long_text_wraps_at_spaces_within_the_width():
    text = "the absolute condition for a good peace is a set of very robust security guarantees"
    table = lines_of(render(COLUMNS, [["1", "Macron", text]], 40, False))
    assert all(cell_width(line) <= 40 for line in table)
    body = [line[table[0].index("text"):] for line in table[2:]]
    assert " ".join(part.strip() for part in body) == text, "every word is kept, in order"
    assert len(table) > 3


def test_a_word_longer_than_its_column_is_cut_not_lost():
    table = lines_of(render(COLUMNS, [["1", "2025-11-25-russia-strikes-kyiv", "x"]], 40, False))
    start, end = table[0].index("who"), table[0].index("text")
    who = "".join(line[start:end].strip() for line in table[2:])
    assert who == "2025-11-25-russia-strikes-kyiv"


def test_matches_are_stressed_only_when_styled():
    row = [["1", "Macron", Cell("not paper guarantees", ((4, 9), (10, 20)))]]
    plain = render(COLUMNS, row, 80, False)
    assert "\x1b" not in plain and "not paper guarantees" in plain
    styled = render(COLUMNS, row, 80, True)
    assert f"not {STRESS}paper{PLAIN} {STRESS}guarantees{PLAIN}" in styled


def test_stress_follows_the_words_onto_wrapped_lines():
    row = [["1", "M", Cell("aaaa bbbb cccc dddd", ((10, 14),))]]
    styled = lines_of(render(COLUMNS, row, 20, True))
    stressed = [line for line in styled[2:] if STRESS in line]
    assert len(stressed) == 1 and f"{STRESS}cccc{PLAIN}" in stressed[0]


def test_wide_characters_take_two_cells():
    assert cell_width("東京") == 4 and cell_width("Zelens\u0301kyy") == 9 and cell_width("abc") == 3
    table = lines_of(render(COLUMNS, [["1", "東京", "x"], ["2", "ab", "y"]], 80, False))
    assert cell_width(table[2]) == cell_width(table[3])


def test_content_is_never_interpreted():
    table = render(COLUMNS, [["1", "[bold]x[/]", "%s {0} \\n"]], 80, False)
    assert "[bold]x[/]" in table and "%s {0} \\n" in table


@pytest.mark.parametrize("value, expected", [("100", 100), ("", 80), ("junk", 80)])
def test_width_off_a_terminal_follows_columns_like_rich(monkeypatch, value, expected):
    import io

    monkeypatch.setenv("COLUMNS", value)
    assert output_width(io.StringIO()) == expected


def test_names_kept_together_part_between_words_only_when_they_must():
    from briefing.plaintable import KEEP_TOGETHER

    name = KEEP_TOGETHER.join(["Coalition", "of", "the", "willing"])
    wide = lines_of(render([Column("actors")], [[name]], 80, False))
    assert wide[2] == "Coalition of the willing"
    narrow = lines_of(render([Column("actors"), Column("text", share=1)], [[name, "x " * 30]], 30, False))
    pieces = [line.split("  ")[0].strip() for line in narrow[2:] if line.split("  ")[0].strip()]
    assert " ".join(pieces) == "Coalition of the willing" and len(pieces) > 1
    assert KEEP_TOGETHER not in "".join(narrow)
