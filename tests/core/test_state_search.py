"""is:unread, is:read, is:starred and has:note in the query language, the engine and `briefing search`."""

from __future__ import annotations

import json

import pytest

from briefing.cli import main
from briefing.queries import QueryError
from briefing.search.engine import SearchEngine
from briefing.search.query import parse_query
from briefing.state import ARTICLE
from briefing.state.store import ReadingState


@pytest.fixture(scope="module")
def engine(corpus):
    return SearchEngine.from_corpus(corpus)


def test_the_parser_reads_state_filters_and_refuses_unknown_ones():
    query = parse_query("IS:Unread has:note is:starred is:unread guarantees")
    assert query.states == ("is:unread", "is:starred", "has:note")
    assert query.words == ("guarantees",) and query.has_filters
    with pytest.raises(QueryError, match="unknown 'is:stared'.*starred"):
        parse_query("is:stared")
    with pytest.raises(QueryError, match="has: takes note"):
        parse_query("has:star")
    with pytest.raises(QueryError, match="needs a value"):
        parse_query("is:")


def test_starred_quotations_and_articles_are_what_is_starred_finds(engine, corpus, content_dir):
    state = ReadingState.open(content_dir)
    quote = next(q for q in corpus.quotes if len(q.text) > 40)
    article = corpus.articles[-1]
    state.set_star(quote.article_id, quote.number)
    state.set_star(article.id)
    hits = engine.search("is:starred", limit=500, state=state)
    found = {(hit.kind, hit.article_id, hit.item.number if hit.kind == "quote" else ARTICLE) for hit in hits}
    assert ("quote", quote.article_id, quote.number) in found
    assert ("article", article.id, ARTICLE) in found
    # The quotation's article is not starred itself, nor are its other quotations.
    assert all(kind != "quote" or (art, number) == (quote.article_id, quote.number) for kind, art, number in found)
    words = " ".join(quote.text.split()[:3])
    hits = engine.search(f"kind:quote is:starred {words}", state=state)
    assert [(h.article_id, h.item.number) for h in hits] == [(quote.article_id, quote.number)]


def test_unread_leaves_out_what_was_read(engine, corpus, content_dir):
    state = ReadingState.open(content_dir)
    every = {hit.article_id for hit in engine.search("kind:article", limit=10_000, state=state)}
    assert every == {a.id for a in corpus.articles}
    read = [a.id for a in corpus.articles[:3]]
    state.set_read(read)
    unread = {hit.article_id for hit in engine.search("is:unread", limit=10_000, state=state)}
    assert unread == every - set(read)
    assert {hit.article_id for hit in engine.search("is:read", limit=10_000, state=state)} == set(read)
    # Without a state, nothing has been read.
    assert {hit.article_id for hit in engine.search("kind:article is:unread", limit=10_000)} == every


def test_has_note(engine, corpus, content_dir):
    state = ReadingState.open(content_dir)
    quote = corpus.quotes[5]
    state.set_note(quote.article_id, quote.number, "ask the embassy")
    hits = engine.search("has:note", limit=100, state=state)
    assert [(h.kind, h.article_id, h.item.number) for h in hits] == [("quote", quote.article_id, quote.number)]


def test_briefing_search_uses_the_readers_marks(capsys, corpus, content_dir):
    quote = corpus.quotes[0]
    ReadingState.open(content_dir).set_star(quote.article_id, quote.number)
    status = main(["search", "is:starred", "--json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert [(hit["kind"], hit["article"], hit["text"]) for hit in json.loads(out)] == \
        [("quote", quote.article_id, quote.text)]
    assert main(["search", "is:stared"]) == 1
    assert "unknown 'is:stared'" in capsys.readouterr().err


def test_briefing_search_says_when_the_state_cannot_be_read(capsys, tmp_path, monkeypatch):
    from briefing.state.store import state_path

    import os

    os.makedirs(os.path.dirname(state_path()), exist_ok=True)
    with open(state_path(), "wb") as handle:
        handle.write(b"garbage" * 200)
    status = main(["search", "is:unread", "kind:article", "--limit", "2"])
    out, err = capsys.readouterr()
    assert status == 0
    assert "not a readable reading-state database" in err and "Traceback" not in err
    assert out.strip()


def test_note_finds_the_words_of_a_note_folded_as_search_folds(engine, corpus, content_dir, capsys):
    state = ReadingState.open(content_dir)
    quote = corpus.quotes[5]
    article = corpus.articles[0]
    state.set_note(quote.article_id, quote.number, "Ask KYIV whether this still holds")
    state.set_note(article.id, ARTICLE, "Ask Kyïv later\nsecond line")
    assert parse_query('note:"ask kyiv" note:holds').states == ('note:ask kyiv', "note:holds")
    hits = engine.search('note:"ask kyiv"', limit=500, state=state)
    found = {(hit.kind, hit.article_id, hit.item.number if hit.kind == "quote" else ARTICLE) for hit in hits}
    assert {("quote", quote.article_id, quote.number), ("article", article.id, ARTICLE)} <= found
    # An article's note belongs to its events too (as has:note has it); nothing else is found.
    assert all(kind == "event" and art == article.id for kind, art, _n in
               found - {("quote", quote.article_id, quote.number), ("article", article.id, ARTICLE)})
    assert [(h.article_id, h.item.number) for h in engine.search("note:holds", state=state)] == \
        [(quote.article_id, quote.number)]
    assert engine.search("note:nowhere", state=state) == []
    assert engine.search("note:holds", state=None) == []  # no state: no notes
    with pytest.raises(QueryError, match="needs a value"):
        parse_query("note:")
    state.close()
    assert main(["search", "note:holds", "--json"]) == 0
    assert [hit["article"] for hit in json.loads(capsys.readouterr().out)] == [quote.article_id]
