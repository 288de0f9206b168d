"""Corpus queries on a small briefing written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.corpus import Corpus, QueryError
from briefing.dates import PartialDate
from briefing.model import Article, Event, Position, Quote
from conftest import write_file as write

INDEX = """\
title: Corpus test
actors:
  - id: zelensky
    name: Volodymyr Zelensky
    aliases: [Zelenskyy, Volodymyr Zelenskyy, Mr. Zelensky]
    kind: person
    party: ukraine
  - id: erdogan
    name: Recep Tayyip Erdoğan
    aliases: [Erdoğan]
    kind: person
    party: turkey
  - id: lavrov
    name: Sergey Lavrov
    aliases: [Sergei Lavrov]
    kind: person
    party: russia
  - id: putin
    name: Vladimir Putin
    kind: person
    party: russia
  - id: ukraine
    name: Ukraine
    aliases: [Kyiv]
    kind: country
  - id: russia
    name: Russia
    kind: country
  - id: turkey
    name: Türkiye
    aliases: [Turkey]
    kind: country
topics:
  - id: ceasefire
    title: Ceasefire
  - id: territory
    title: Territory
  - id: nato-membership
    title: NATO membership
  - id: security-guarantees
    title: Security guarantees
"""

MAY = """\
---
title: Istanbul talks
source: Wire
published: 2025-05
actors: [ukraine, russia, turkey]
quotes:
  - speaker: zelensky
    text: a full ceasefire
    said: 2025-05-16
    topics: [ceasefire]
events:
  - date: 2025-05-16
    title: First round in Istanbul
    actors: [russia, ukraine, turkey]
    topics: [ceasefire]
---
Zelensky asked for a full ceasefire.
"""

JUNE = """\
---
title: Second round
source: Wire
published: 2025-06-02
topics: [security-guarantees]
quotes:
  - speaker: lavrov
    text: no NATO
    said: 2025-06-01
    topics: [nato-membership]
  - speaker: zelensky
    text: not one metre
    topics: [territory]
events:
  - date: 2025-06
    title: Russian advance in Sumy
    actors: [russia]
    topics: [territory]
positions:
  - topic: territory
    party: russia
    stance: All of Donbas
---
Lavrov said no NATO. Zelensky: not one metre.
"""

NOVEMBER = """\
---
title: Strikes and plans
source: Paper
published: 2025-11-25
quotes:
  - speaker: erdogan
    text: a ceasefire now
    topics: [ceasefire]
  - speaker: putin
    text: our conditions
    said: 2025
    topics: [territory]
events:
  - date: 2025-11-25
    title: Strikes on Kyiv
    actors: [russia, ukraine]
---
Erdoğan called for a ceasefire now; Putin repeated our conditions.
"""


@pytest.fixture
def corpus(tmp_path) -> Corpus:
    # Overrides conftest's bundled `corpus` on purpose: these tests need a
    # small briefing whose every item they know.
    root = tmp_path / "content"
    write(root / "index.yaml", INDEX)
    write(root / "articles" / "may.md", MAY)
    write(root / "articles" / "june.md", JUNE)
    write(root / "articles" / "2025" / "november.md", NOVEMBER)
    loaded = Corpus.load(root)
    assert loaded.problems == (), "\n".join(map(str, loaded.problems))
    return loaded


def texts(selection) -> list[str]:
    return [getattr(item, "text", None) or getattr(item, "title") for item in selection]


# ------------------------------------------------------------------ loading

def test_loaded_corpus(corpus):
    assert corpus.title == "Corpus test"
    assert [a.id for a in corpus.articles] == ["may", "june", "november"]  # by date
    assert len(corpus.quotes) == 5 and len(corpus.events) == 3 and len(corpus.positions) == 1
    assert corpus.article_by_id["june"].title == "Second round"
    assert corpus.actor_name("erdogan") == "Recep Tayyip Erdoğan"
    assert corpus.actor_name("nobody") == "nobody"
    assert corpus.topic("territory").title == "Territory"
    assert corpus.topic("nope") is None


def test_items_are_sorted_by_date_with_partial_dates_first(corpus):
    assert [q.date.iso() for q in corpus.quotes] == ["2025", "2025-05-16", "2025-06-01", "2025-06-02", "2025-11-25"]
    assert [(e.date.iso(), e.title) for e in corpus.events] == [
        ("2025-05-16", "First round in Istanbul"),
        ("2025-06", "Russian advance in Sumy"),
        ("2025-11-25", "Strikes on Kyiv"),
    ]


def test_problems_are_carried(tmp_path):
    root = tmp_path / "content"
    write(root / "index.yaml", INDEX)
    write(root / "articles" / "good.md", MAY)
    write(root / "articles" / "bad.md", MAY.replace("published: 2025-05", "published: 2025-02-30"))
    loaded = Corpus.load(root)
    assert [a.id for a in loaded.articles] == ["good"]
    assert [Path(p.path).name for p in loaded.problems] == ["bad.md"]


# ------------------------------------------------------------------ aliases

@pytest.mark.parametrize("name", [
    "zelensky", "Zelensky", "ZELENSKY", "Zelenskyy", "zelenskyy", "Mr. Zelensky", "mr zelensky", "Mr Zelensky",
    "Volodymyr Zelensky", "volodymyr zelenskyy", "  Zelensky  ", "President Zelensky", "Mr.  Zelensky",
])
def test_every_way_of_writing_zelensky_resolves(corpus, name):
    assert corpus.resolve_actor(name).id == "zelensky"


@pytest.mark.parametrize("name", ["Erdoğan", "Erdogan", "erdogan", "ERDOĞAN", "Recep Tayyip Erdogan"])
def test_accents_and_case_are_folded(corpus, name):
    assert corpus.resolve_actor(name).id == "erdogan"


@pytest.mark.parametrize(("name", "actor_id"), [("Sergei Lavrov", "lavrov"), ("Kyiv", "ukraine"),
                                                ("Turkey", "turkey"), ("turkiye", "turkey")])
def test_aliases_of_other_actors(corpus, name, actor_id):
    assert corpus.resolve_actor(name).id == actor_id


@pytest.mark.parametrize("name", ["Zelenksy", "Biden", "", "Mr.", "zelensky ukraine"])
def test_unknown_names_do_not_resolve(corpus, name):
    assert corpus.resolve_actor(name) is None


def test_require_actor_suggests_the_closest(corpus):
    with pytest.raises(QueryError) as caught:
        corpus.require_actor("Zelenksy")
    assert "unknown actor 'Zelenksy'" in str(caught.value)
    assert "did you mean 'zelensky'" in str(caught.value).lower()


def test_require_actor_without_anything_close(corpus):
    with pytest.raises(QueryError) as caught:
        corpus.require_actor("qqqqqqq")
    assert str(caught.value) == "unknown actor 'qqqqqqq'"


@pytest.mark.parametrize("name", ["nato-membership", "NATO membership", "nato membership", "NATO-MEMBERSHIP"])
def test_topics_resolve_by_id_or_title(corpus, name):
    assert corpus.resolve_topic(name).id == "nato-membership"


def test_require_topic_suggests_the_closest(corpus):
    with pytest.raises(QueryError) as caught:
        corpus.require_topic("ceasfire")
    assert "unknown topic 'ceasfire'" in str(caught.value)
    assert "did you mean 'ceasefire'" in str(caught.value)


def test_query_error_is_a_value_error():
    assert issubclass(QueryError, ValueError)


# ------------------------------------------------------------------ filters

def test_by_actor_on_quotes_with_any_alias(corpus):
    for name in ("zelensky", "Zelenskyy", "Mr. Zelensky"):
        assert texts(corpus.select("quote").by_actor(name)) == ["a full ceasefire", "not one metre"]


def test_by_actor_on_articles_counts_speakers_event_actors_and_parties(corpus):
    assert [a.id for a in corpus.select("article").by_actor("zelensky")] == ["may", "june"]
    assert [a.id for a in corpus.select("article").by_actor("russia")] == ["may", "june", "november"]
    assert [a.id for a in corpus.select("article").by_actor("erdogan")] == ["november"]
    assert [a.id for a in corpus.select("article").by_actor("turkey")] == ["may"]  # article actors + event actors


def test_by_actor_on_events_and_positions(corpus):
    assert texts(corpus.select("event").by_actor("Russia")) == [
        "First round in Istanbul", "Russian advance in Sumy", "Strikes on Kyiv"]
    assert [p.stance for p in corpus.select("position").by_actor("russia")] == ["All of Donbas"]
    assert list(corpus.select("position").by_actor("ukraine")) == []


def test_by_actor_unknown_raises_query_error(corpus):
    with pytest.raises(QueryError, match="did you mean 'lavrov'"):
        corpus.select().by_actor("lavorv")


def test_by_topic(corpus):
    assert texts(corpus.select("quote").by_topic("ceasefire")) == ["a full ceasefire", "a ceasefire now"]
    assert texts(corpus.select("quote").by_topic("Territory")) == ["our conditions", "not one metre"]
    assert texts(corpus.select("event").by_topic("territory")) == ["Russian advance in Sumy"]
    assert [p.party for p in corpus.select("position").by_topic("territory")] == ["russia"]
    # an article is about a topic named anywhere in it
    assert [a.id for a in corpus.select("article").by_topic("territory")] == ["june", "november"]
    assert [a.id for a in corpus.select("article").by_topic("security-guarantees")] == ["june"]
    assert [a.id for a in corpus.select("article").by_topic("nato-membership")] == ["june"]


def test_by_topic_unknown_raises_query_error(corpus):
    with pytest.raises(QueryError, match="did you mean 'territory'"):
        corpus.select().by_topic("teritory")


def test_since_a_month_includes_partial_dates_in_it(corpus):
    assert texts(corpus.select("quote", "event").since("2025-06").chronological()) == [
        "our conditions",  # said "2025": the year reaches into June
        "Russian advance in Sumy", "no NATO", "not one metre",
        "a ceasefire now", "Strikes on Kyiv",  # same day and article: the selection's order (kinds as asked)
    ]


def test_until_a_month_includes_that_whole_month(corpus):
    assert [a.id for a in corpus.select("article").until("2025-05")] == ["may"]
    assert [a.id for a in corpus.select("article").until("2025-06")] == ["may", "june"]
    assert texts(corpus.select("quote").until("2025-05-31")) == ["our conditions", "a full ceasefire"]


def test_between_single_day_catches_the_month_and_year_that_contain_it(corpus):
    selection = corpus.select("quote", "event").between("2025-06-01", "2025-06-01")
    assert sorted(texts(selection)) == sorted(["our conditions", "no NATO", "Russian advance in Sumy"])


def test_between_with_partial_dates_on_both_sides(corpus):
    assert [a.id for a in corpus.select("article").between("2025-05", "2025-06")] == ["may", "june"]
    assert [a.id for a in corpus.select("article").between("2025-07", "2025-10")] == []
    assert [a.id for a in corpus.select("article").between("2025", "2025")] == ["may", "june", "november"]
    assert [a.id for a in corpus.select("article").between(PartialDate(2025, 11), None)] == ["november"]


def test_between_with_a_bad_date_raises_a_value_error(corpus):
    with pytest.raises(ValueError):
        corpus.select().since("2025-02-30")


def test_of_kind(corpus):
    everything = corpus.select()
    assert len(everything) == 3 + 5 + 3 + 1
    assert list(everything.of_kind("quote")) == list(corpus.select("quote"))
    assert all(isinstance(i, (Quote, Event)) for i in everything.of_kind("quote", "event"))
    assert len(everything.of_kind("quote", "event")) == 8
    assert all(isinstance(i, Article) for i in everything.of_kind("article"))
    assert all(isinstance(i, Position) for i in everything.of_kind("position"))


def test_select_refuses_an_unknown_kind(corpus):
    with pytest.raises(QueryError, match="did you mean 'quote'"):
        corpus.select("quotes")


def test_filters_compose_in_any_order(corpus):
    one = corpus.select("quote").by_actor("Mr. Zelensky").by_topic("territory").since("2025-06")
    two = corpus.select("quote").since("2025-06").by_topic("territory").by_actor("Zelenskyy")
    three = corpus.select().of_kind("quote").by_topic("territory").by_actor("zelensky").since("2025-06")
    assert texts(one) == texts(two) == texts(three) == ["not one metre"]
    assert corpus.select("quote").by_actor("zelensky").by_topic("territory").until("2025-05").items == ()


def test_selections_are_immutable(corpus):
    quotes = corpus.select("quote")
    before = quotes.items
    quotes.by_actor("zelensky")
    quotes.since("2025-11")
    assert quotes.items == before
    with pytest.raises(AttributeError):
        quotes.items = ()  # type: ignore[misc]


def test_in_article(corpus):
    assert texts(corpus.select("quote").in_article("june")) == ["no NATO", "not one metre"]
    assert corpus.article_of(corpus.select("quote").in_article("june").items[0]).id == "june"


def test_chronological_newest_first(corpus):
    dates = [e.date for e in corpus.select("event").chronological(newest_first=True)]
    assert [d.iso() for d in dates] == ["2025-11-25", "2025-06", "2025-05-16"]


# ------------------------------------------------------------------- counts

def test_actor_counts_count_articles(corpus):
    counts = corpus.actor_counts()
    assert counts["zelensky"] == 2
    assert counts["russia"] == 3
    assert counts["ukraine"] == 2  # May (article actors) and November (event actors)
    assert counts["lavrov"] == 1
    assert counts["erdogan"] == 1
    assert counts["turkey"] == 1
    assert "nobody" not in counts


def test_topic_counts_count_articles(corpus):
    counts = corpus.topic_counts()
    assert counts == {"ceasefire": 2, "territory": 2, "nato-membership": 1, "security-guarantees": 1}


def test_date_counts_by_year_month_and_day(corpus):
    counts = corpus.select("event").date_counts()
    assert counts["2025"] == 3
    assert counts["2025-05"] == 1
    assert counts["2025-05-16"] == 1
    assert counts["2025-06"] == 1  # the partial June date counts for the month only
    assert counts["2025-11"] == 1
    assert counts["2025-11-25"] == 1
    assert sum(v for k, v in counts.items() if len(k) == 10) == 2


def test_empty_corpus_answers_empty(tmp_path):
    root = tmp_path / "content"
    write(root / "index.yaml", INDEX)
    (root / "articles").mkdir()
    empty = Corpus.load(root)
    assert len(empty.select()) == 0
    assert empty.actor_counts() == {}
    assert empty.resolve_actor("Zelensky").id == "zelensky"


def test_chronological_orders_every_kind_together(corpus):
    """Articles have no item number; they sort before their own items on a date tie."""
    ordered = corpus.select().chronological().items
    keys = [(item.date.sort_key, item.article_id) for item in ordered]
    assert keys == sorted(keys)
    assert {item.kind for item in ordered} >= {"article", "quote", "event"}
    newest = corpus.select().chronological(newest_first=True).items
    assert newest[0].date >= newest[-1].date


def test_bad_dates_in_a_query_are_query_errors(corpus):
    with pytest.raises(QueryError, match="2025-02-30"):
        corpus.select().since("2025-02-30")


def test_the_unread_and_starred_selections_and_their_counts(corpus, tmp_path):
    from briefing.browse import Focus, articles_for, events_for, mark_counts, marked_items
    from briefing.state.store import ReadingState

    first, second = corpus.articles[0], corpus.articles[1]
    assert articles_for(corpus, Focus("unread")) == articles_for(corpus, Focus())  # no state: all unread
    assert articles_for(corpus, Focus("starred")) == () and mark_counts(corpus, None) == (len(corpus.articles), 0)
    state = ReadingState.open(first.path.rsplit("/articles/", 1)[0], str(tmp_path / "state.sqlite3"))
    state.set_read([first.id, "no-such-article"])
    state.set_star(second.id, 0)
    state.set_note(first.id, -1, "mine")
    unread = articles_for(corpus, Focus("unread"), state)
    assert first not in unread and len(unread) == len(corpus.articles) - 1
    assert set(articles_for(corpus, Focus("starred"), state)) == {first, second}
    assert mark_counts(corpus, state) == (len(corpus.articles) - 1, 2)  # the unknown article is not counted
    assert [(m.article.id, m.quote.number if m.quote else None, m.starred, m.note)
            for m in marked_items(corpus, state)] == [(first.id, None, False, "mine"), (second.id, 0, True, "")]
    assert set(events_for(corpus, Focus("starred"), state)) == set(first.events + second.events)
