"""Search, export and the reader's pages select the same items for every topic and actor.

They all derive from briefing.queries; this checks that they really do, on
the bundled briefing and on generated ones full of the awkward cases: items
with no topic of their own in one-topic and many-topic articles, actors who
speak for a side, positions of that side, vague dates.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from briefing.corpus import Corpus
from briefing.export.scope import actor_scope, topic_scope
from briefing.cache.indexes import open_index
from briefing.search import SearchEngine
from briefing.browse import Focus, actor_page, events_for, quotes_for, topic_page
from conftest import write_file

INDEX = """\
title: Agreement
actors:
  - {id: russia, name: Russia, kind: country}
  - {id: ukraine, name: Ukraine, kind: country}
  - {id: lavrov, name: Sergei Lavrov, kind: person, party: russia}
  - {id: sybiha, name: Andrii Sybiha, kind: person, party: ukraine}
  - {id: witkoff, name: Steve Witkoff, kind: person}
topics:
  - {id: ceasefire, title: Ceasefire}
  - {id: territory, title: Territory}
  - {id: sanctions, title: Sanctions}
"""
ACTORS = ("russia", "ukraine", "lavrov", "sybiha", "witkoff")
TOPICS = ("ceasefire", "territory", "sanctions")


def write_article(folder: Path, name: str, *, topics, quotes=(), events=(), positions=(), published="2025-06-02"):
    """An article file; quotes are (speaker, words, topics or None), events (title, actors, topics or None, date)."""
    body = " ".join(f"“{words}”" for _, words, _ in quotes) or "Nothing said."
    lines = ["---", f"title: {name}", "source: Test", f"published: {published}", f"topics: [{', '.join(topics)}]"]
    if quotes:
        lines.append("quotes:")
        for speaker, words, tags in quotes:
            lines += [f"  - speaker: {speaker}", f"    text: {words}"]
            if tags is not None:
                lines.append(f"    topics: [{', '.join(tags)}]")
    if events:
        lines.append("events:")
        for title, actors, tags, date in events:
            lines += [f"  - date: {date}", f"    title: {title}", f"    actors: [{', '.join(actors)}]"]
            if tags is not None:
                lines.append(f"    topics: [{', '.join(tags)}]")
    if positions:
        lines.append("positions:")
        for topic, party, stance in positions:
            lines += [f"  - topic: {topic}", f"    party: {party}", f"    stance: {stance}"]
    write_file(folder / "articles" / f"{name}.md", "\n".join(lines) + "\n---\n" + body + "\n")


def reported_case(folder: Path) -> Path:
    """The issue's case: an article tagged only `ceasefire`, its quotation tagged with nothing."""
    write_file(folder / "index.yaml", INDEX)
    write_article(folder, "only-ceasefire", topics=["ceasefire"],
                  quotes=[("lavrov", "no pause without guarantees", None)],
                  events=[("Talks in Riyadh", ["russia", "witkoff"], None, "2025-06-01")])
    write_article(folder, "broad", topics=["ceasefire", "territory"],
                  quotes=[("sybiha", "background colour only", None)])
    return folder


def generated(folder: Path, seed: int, articles: int = 40) -> Path:
    rng = random.Random(seed)
    write_file(folder / "index.yaml", INDEX)
    for number in range(articles):
        tags = rng.sample(TOPICS, rng.choice((0, 1, 1, 2, 3)))

        def some_tags():
            return None if rng.random() < 0.4 else rng.sample(TOPICS, rng.randint(1, 2))

        month = rng.randint(1, 12)
        date = rng.choice((f"2025-{month:02d}-{rng.randint(1, 28):02d}", f"2025-{month:02d}", "2025"))
        quotes = [(rng.choice(ACTORS), f"words {number} {n} {rng.choice(('peace', 'guarantees', 'border'))}",
                   some_tags()) for n in range(rng.randint(0, 4))]
        events = [(f"Event {number} {n}", rng.sample(ACTORS, rng.randint(1, 3)), some_tags(), date)
                  for n in range(rng.randint(0, 2))]
        positions = [(rng.choice(TOPICS), rng.choice(ACTORS), f"stance {number} {n}") for n in range(rng.randint(0, 2))]
        write_article(folder, f"article-{number:03d}", topics=tags, quotes=quotes, events=events,
                      positions=positions, published=date)
    return folder


def quote_keys(quotes) -> Counter:
    return Counter((quote.article_id, quote.text) for quote in quotes)


def event_keys(events) -> Counter:
    return Counter((event.article_id, event.title) for event in events)


def searched_quotes(engine: SearchEngine, **filters) -> Counter:
    hits = engine.search("", limit=100_000, kind="quote", **filters)
    return Counter((hit.article_id, hit.text) for hit in hits)


def check_agreement(corpus: Corpus, engines: list[SearchEngine]) -> None:
    assert not corpus.problems, corpus.problems
    for topic in corpus.topics:
        scope = topic_scope(corpus, topic)
        page = topic_page(corpus, topic.id)
        focus = Focus("topic", topic.id)
        expected_quotes = quote_keys(scope.quotes)
        assert quote_keys(q for _, quotes in page.quotes for q in quotes) == expected_quotes, topic.id
        assert quote_keys(quotes_for(corpus, focus)) == expected_quotes, topic.id
        assert event_keys(page.events) == event_keys(scope.events) == event_keys(events_for(corpus, focus)), topic.id
        assert {p for _, stances in page.stances for p in stances} == set(scope.positions), topic.id
        for engine in engines:
            assert searched_quotes(engine, topic=topic.id) == expected_quotes, topic.id
            assert searched_quotes(engine, topic=topic.title) == expected_quotes  # by title, as people type it
            assert event_keys(engine.events(topic=topic.id)) == event_keys(scope.events), topic.id
    for actor in corpus.actors:
        scope = actor_scope(corpus, actor)
        page = actor_page(corpus, actor.id)
        focus = Focus("actor", actor.id)
        expected_quotes = quote_keys(scope.quotes)
        assert quote_keys(page.quotes) == quote_keys(quotes_for(corpus, focus)) == expected_quotes, actor.id
        assert event_keys(page.events) == event_keys(events_for(corpus, focus)) == event_keys(scope.events), actor.id
        assert set(page.positions) == set(scope.positions) | set(scope.party_positions), actor.id
        for engine in engines:
            assert searched_quotes(engine, actor=actor.id) == expected_quotes, actor.id
            assert event_keys(engine.events(actor=actor.id)) == event_keys(scope.events), actor.id


def engines_for(folder: Path, corpus: Corpus) -> list[SearchEngine]:
    """The in-memory engine the reader builds, and the cached one `briefing search` opens."""
    return [SearchEngine.from_corpus(corpus), open_index(folder)]


def test_the_reported_case_is_found_by_search_export_and_the_reader(tmp_path):
    folder = reported_case(tmp_path / "content")
    corpus = Corpus.load(folder)
    scope = topic_scope(corpus, corpus.require_topic("ceasefire"))
    assert [q.text for q in scope.quotes] == ["no pause without guarantees"]
    assert [e.title for e in scope.events] == ["Talks in Riyadh"]
    # The quotation of the broad article is in no topic: guessing would put it in both.
    assert [q.text for q in topic_scope(corpus, corpus.require_topic("territory")).quotes] == []
    for engine in engines_for(folder, corpus):
        found = engine.search("guarantees topic:ceasefire", kind="quote")
        assert [hit.text for hit in found] == ["no pause without guarantees"]
        assert engine.search("colour topic:ceasefire", kind="quote") == []
    check_agreement(corpus, engines_for(folder, corpus))


def test_search_export_and_the_reader_agree_on_the_bundled_briefing(content_dir, corpus):
    check_agreement(corpus, engines_for(content_dir, corpus))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_search_export_and_the_reader_agree_on_generated_briefings(tmp_path, seed):
    folder = generated(tmp_path / "content", seed)
    corpus = Corpus.load(folder)
    assert len(corpus.articles) == 40
    # The generator makes the awkward cases this test is about; make sure it did.
    untagged = [q for q in corpus.quotes if not q.topics]
    assert any(len(set(corpus.article_of(q).topics)) == 1 for q in untagged)
    assert any(len(set(corpus.article_of(q).topics)) > 1 for q in untagged)
    check_agreement(corpus, engines_for(folder, corpus))


def test_a_period_bounds_search_export_and_selections_alike(tmp_path):
    folder = generated(tmp_path / "content", seed=4)
    corpus = Corpus.load(folder)
    [engine, cached] = engines_for(folder, corpus)
    for since, until in [("2025-03", "2025-06"), ("2025-06-15", None), (None, "2025-02"), ("2025", "2025")]:
        for topic in corpus.topics:
            expected = quote_keys(topic_scope(corpus, topic, since, until).quotes)
            selected = corpus.select("quote").by_topic(topic.id).between(since, until)
            assert quote_keys(selected) == expected
            for each in (engine, cached):
                assert searched_quotes(each, topic=topic.id, since=since, until=until) == expected
