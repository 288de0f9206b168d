"""`briefing timeline`: events in date order, filters, JSON shape, errors."""

from __future__ import annotations

import json

import pytest

from briefing.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["timeline", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def timeline(capsys, *argv: str) -> list[dict]:
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    return json.loads(out)


def _key(event) -> tuple:
    return (event.date.iso(), event.title, event.article_id)


def test_every_event_in_date_order(capsys, corpus):
    items = timeline(capsys)
    assert [(i["date"], i["title"], i["article"]) for i in items] == [_key(e) for e in corpus.events]
    keys = [tuple(int(part) for part in i["date"].split("-")) + (0,) * (3 - len(i["date"].split("-")))
            for i in items]
    assert keys == sorted(keys)


def test_items_have_the_contract_fields(capsys, corpus):
    items = timeline(capsys)
    assert items
    for item in items:
        assert set(item) >= {"date", "title", "article", "actors", "topics", "place"}
        assert isinstance(item["actors"], list) and isinstance(item["topics"], list)
        assert all(actor in corpus.index.actor_by_id for actor in item["actors"])


@pytest.mark.parametrize("option, value, select", [
    ("--actor", "witkoff", lambda s: s.by_actor("witkoff")),
    ("--actor", "Zelenskyy", lambda s: s.by_actor("zelensky")),
    ("--topic", "ceasefire", lambda s: s.by_topic("ceasefire")),
    ("--since", "2025-11", lambda s: s.since("2025-11")),
    ("--until", "2025-06", lambda s: s.until("2025-06")),
])
def test_filters_select_what_the_corpus_selects(capsys, corpus, option, value, select):
    expected = sorted(_key(event) for event in select(corpus.select("event")))
    assert expected
    items = timeline(capsys, option, value)
    assert sorted((i["date"], i["title"], i["article"]) for i in items) == expected


def test_filters_combine(capsys, corpus):
    expected = {_key(e) for e in corpus.select("event").by_actor("putin").between("2025-08", "2025-12")}
    items = timeline(capsys, "--actor", "putin", "--since", "2025-08", "--until", "2025-12")
    assert {(i["date"], i["title"], i["article"]) for i in items} == expected


def test_unknown_actor_or_topic_exits_1_with_a_suggestion(capsys):
    status, out, err = run(capsys, "--actor", "witkof")
    assert status == 1 and out == "" and "did you mean 'witkoff'" in err
    status, _, err = run(capsys, "--topic", "ceasfire")
    assert status == 1 and "did you mean 'ceasefire'" in err
    status, _, err = run(capsys, "--since", "2025-00")
    assert status == 1 and "no month 0" in err


def test_human_output_is_a_table(capsys):
    status, out, _ = run(capsys, "--actor", "witkoff")
    assert status == 0
    assert "date" in out and "event" in out and "Steve Witkoff" in out and "\x1b" not in out


def test_nothing_to_show(capsys):
    status, out, _ = run(capsys, "--since", "2031")
    assert status == 0 and "no events" in out
    assert timeline(capsys, "--since", "2031") == []


def test_timeline_of_another_content_folder(capsys, tmp_path):
    root = tmp_path / "c"
    (root / "articles").mkdir(parents=True)
    (root / "index.yaml").write_text("title: T\nactors:\n  - {id: a, name: A, kind: person}\ntopics: []\n")
    (root / "articles" / "x.md").write_text(
        "---\ntitle: X\nsource: S\npublished: 2024-05\nevents:\n"
        "  - {date: 2024-05-02, title: Second, actors: [a], place: Here}\n"
        "  - {date: 2024-05, title: First}\n---\nBody.\n")
    items = timeline(capsys, "--content", str(root))
    assert [(i["date"], i["title"], i["place"], i["actors"]) for i in items] == [
        ("2024-05", "First", "", []), ("2024-05-02", "Second", "Here", ["a"])]
