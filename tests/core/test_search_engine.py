"""The search engine on the bundled briefing and on small made-up ones: ranking,
typos, prefixes, phrases, folding, spans, filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.corpus import Corpus, QueryError
from briefing.search import Hit, SearchEngine
from briefing.search.tokens import tokens
from briefing.text import fold_for_search

MACRON_PAPER = "not paper guarantees"


@pytest.fixture(scope="module")
def engine(corpus) -> SearchEngine:
    return SearchEngine.from_corpus(corpus)


def write_content(root: Path, quotes: list[tuple[str, str, str]], *, extra_actors: str = "") -> Path:
    """A content directory with one article per (speaker, date, quote text)."""
    (root / "articles").mkdir(parents=True)
    (root / "index.yaml").write_text(
        "title: Test\n"
        "actors:\n"
        "  - {id: macron, name: Emmanuel Macron, kind: person, aliases: [Macron, Mr. Macron]}\n"
        "  - {id: erdogan, name: Recep Tayyip Erdoğan, kind: person, aliases: [Erdogan]}\n"
        "  - {id: lavrov, name: Sergey Lavrov, kind: person, aliases: [Lavrov]}\n"
        + extra_actors +
        "topics:\n"
        "  - {id: security-guarantees, title: Security guarantees}\n"
        "  - {id: ceasefire, title: Ceasefire}\n", encoding="utf-8")
    for number, (speaker, date, text) in enumerate(quotes):
        topic = "ceasefire" if "ceasefire" in text.lower() else "security-guarantees"
        (root / "articles" / f"a{number:02d}.md").write_text(
            f"---\ntitle: Article {number}\nsource: Test\npublished: {date}\n"
            f"quotes:\n  - speaker: {speaker}\n    text: \"{text}\"\n    topics: [{topic}]\n"
            f"events:\n  - date: {date}\n    title: Event {number} about {text.split()[0]}\n    actors: [{speaker}]\n"
            f"---\nSomeone said: \u201c{text}\u201d.\n", encoding="utf-8")
    return root


def small_engine(tmp_path: Path, quotes) -> SearchEngine:
    corpus = Corpus.load(write_content(tmp_path / "content", quotes))
    assert not corpus.problems, corpus.problems
    return SearchEngine.from_corpus(corpus)


def marked(hit: Hit) -> list[str]:
    return [hit.text[start:end] for start, end in hit.spans]


# ------------------------------------------------------------ the briefing

def test_paper_guarantees_puts_macrons_remark_first(engine):
    top = engine.search("paper guarantees", limit=5)[0]
    assert (top.kind, top.speaker, top.speaker_name) == ("quote", "macron", "Emmanuel Macron")
    assert MACRON_PAPER in top.text
    assert top.article_id == "2025-11-25-russia-strikes-kyiv"


@pytest.mark.parametrize("query", ["papr garantees", "paper garantees", "PAPER Guarantees", '"paper guarantees"',
                                   "\u201cpaper guarantees\u201d"])
def test_typos_case_and_quote_marks_find_the_same_remark(engine, query):
    top = engine.search(query, limit=5)[0]
    assert top.speaker == "macron" and MACRON_PAPER in top.text


def test_a_typo_scores_lower_than_the_exact_words(engine):
    exact = engine.search("paper guarantees", limit=1)[0]
    typo = engine.search("papr garantees", limit=1)[0]
    assert typo.text == exact.text and typo.score < exact.score


def test_a_misspelt_place_is_found(engine):
    hits = engine.search("anchorige", limit=10)
    assert any(hit.speaker == "lavrov" and "Anchorage" in hit.text for hit in hits)
    for hit in hits:
        assert any(fold_for_search(word) == "anchorage" for word in marked(hit))


def test_a_prefix_matches_while_typing(engine):
    hits = engine.search("guaran", limit=10)
    assert hits
    for hit in hits:
        assert marked(hit), hit
        assert all(fold_for_search(word).startswith("guaran") for word in marked(hit))


def test_security_guarantees_with_typos_and_a_speaker_filter(engine):
    hits = engine.search("securty garantees actor:macron", limit=10)
    assert hits and hits[0].speaker == "macron" and MACRON_PAPER in hits[0].text


def test_hits_describe_themselves(engine, corpus):
    for hit in engine.search("peace", limit=30):
        assert hit.kind in ("quote", "article", "event")
        assert 0 <= hit.score <= 100
        assert hit.title == corpus.article_by_id[hit.article_id].title
        assert hit.date == hit.item.date
        if hit.kind == "quote":
            assert hit.item in corpus.article_by_id[hit.article_id].quotes
            assert hit.text == hit.item.text and hit.speaker == hit.item.speaker
            assert hit.speaker_name == corpus.actor_name(hit.speaker)
        elif hit.kind == "event":
            assert hit.text == hit.item.title and hit.speaker == ""
        else:
            assert hit.item is corpus.article_by_id[hit.article_id]
            assert hit.text in (hit.item.title, hit.item.summary) or hit.text in hit.item.body


def test_spans_point_at_the_matched_words(engine):
    for query in ("paper guarantees", "ceasefire", "kyiv strikes", "witkoff moscow"):
        for hit in engine.search(query, limit=20):
            previous_end = -1
            for start, end in hit.spans:
                assert previous_end <= start < end <= len(hit.text)
                previous_end = end
                assert tokens(hit.text[start:end]), (query, hit.text[start:end])


def test_best_first_and_one_hit_per_article(engine):
    hits = engine.search("ukraine russia peace plan", limit=40)
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    articles = [hit.article_id for hit in hits if hit.kind == "article"]
    assert len(articles) == len(set(articles))


def test_limit_is_respected(engine):
    assert len(engine.search("the", limit=3)) == 3
    assert engine.search("the", limit=0) == []


def test_nothing_matches_nonsense(engine):
    assert engine.search("qqqqxzzv", limit=10) == []


# ------------------------------------------------------------- filters

def _key(item) -> tuple:
    return (item.kind, item.article_id, getattr(item, "number", -1))


def _listed(engine, query: str) -> set[tuple]:
    hits = engine.search(query, limit=10_000)
    return {_key(hit.item) for hit in hits}


@pytest.mark.parametrize("actor", ["lavrov", "macron", "witkoff", "zelensky", "russia"])
def test_actor_filter_lists_what_the_corpus_selects(engine, corpus, actor):
    expected = {_key(item) for item in corpus.select("quote", "article", "event").by_actor(actor)}
    assert expected
    assert _listed(engine, f"actor:{actor}") == expected


def test_actor_filter_takes_any_alias(engine):
    by_id = _listed(engine, "actor:zelensky")
    assert _listed(engine, "actor:Zelenskyy") == by_id
    assert _listed(engine, 'actor:"Mr. Zelensky"') == by_id
    assert {hit.speaker for hit in engine.search("kind:quote", limit=10_000, actor="Zelenskyy")} == {"zelensky"}


@pytest.mark.parametrize("topic", ["ceasefire", "security-guarantees", "territory", "peace-plan"])
def test_topic_filter_lists_what_the_corpus_selects(engine, corpus, topic):
    expected = {_key(item) for item in corpus.select("quote", "article", "event").by_topic(topic)}
    assert expected
    assert _listed(engine, f"topic:{topic}") == expected


@pytest.mark.parametrize("since, until", [("2025-11", None), (None, "2025-10"), ("2025-06", "2025-06"),
                                          ("2025-11-25", "2025-11-25"), ("2025", None), ("2025-08-15", "2025-10-20")])
def test_date_filters_overlap_like_the_corpus(engine, corpus, since, until):
    expected = {_key(item) for item in corpus.select("quote", "article", "event").between(since, until)}
    query = " ".join(f"{name}:{value}" for name, value in (("since", since), ("until", until)) if value)
    assert _listed(engine, query) == expected
    assert _listed(engine, "") >= expected
    assert {_key(hit.item) for hit in engine.search("", limit=10_000, since=since, until=until)} == expected


def test_a_month_overlaps_a_day_inside_it(tmp_path):
    engine = small_engine(tmp_path, [("macron", "2025-11", "paper guarantees are not enough"),
                                     ("lavrov", "2025-10-31", "paper guarantees mean nothing")])
    hits = engine.search("paper since:2025-11-20", limit=10)
    assert {(hit.kind, str(hit.date)) for hit in hits} == {("quote", "2025-11"), ("event", "2025-11"),
                                                          ("article", "2025-11")}


@pytest.mark.parametrize("kind", ["quote", "article", "event"])
def test_kind_filter(engine, kind):
    hits = engine.search(f"peace kind:{kind}", limit=50)
    assert hits and {hit.kind for hit in hits} == {kind}
    assert {hit.kind for hit in engine.search("peace", limit=50, kind=kind)} == {kind}


def test_filters_combine(engine, corpus):
    expected = {_key(item) for item in
                corpus.select("quote").by_actor("lavrov").by_topic("peace-plan").between("2025-11", "2025-12")}
    assert expected
    assert _listed(engine, "actor:lavrov topic:peace-plan since:2025-11 until:2025-12 kind:quote") == expected


def test_an_empty_query_lists_the_filtered_items_newest_first(engine):
    hits = engine.search("actor:witkoff", limit=100)
    keys = [hit.date.sort_key for hit in hits]
    assert len(hits) > 3 and keys == sorted(keys, reverse=True)
    assert all(hit.score == 0 and hit.spans == () for hit in hits)


def test_words_and_filters_together(engine):
    hits = engine.search("guarantees actor:macron kind:quote", limit=20)
    assert hits and all(hit.speaker == "macron" for hit in hits)


def test_contradictory_filters_find_nothing(engine):
    assert engine.search("peace kind:quote", limit=10, kind="event") == []
    assert engine.search("peace since:2025-11", limit=10, until="2025-01") == []


# ------------------------------------------------- ranking on made-up text

def test_an_exact_phrase_is_strongly_preferred(tmp_path):
    engine = small_engine(tmp_path, [
        ("lavrov", "2025-11-20", "the guarantees they offer exist on paper only"),
        ("macron", "2025-11-01", "we want real guarantees, not paper guarantees"),
    ])
    phrase = engine.search('"paper guarantees" kind:quote', limit=5)
    assert phrase[0].speaker == "macron"
    assert phrase[1].speaker == "lavrov" and phrase[0].score - phrase[1].score >= 20
    assert "paper guarantees" in marked(phrase[0])
    words = engine.search("paper guarantees kind:quote", limit=5)
    assert words[0].speaker == "macron"  # adjacent words count even without quote marks


def test_complete_close_matches_above_loose_ones(tmp_path):
    engine = small_engine(tmp_path, [
        ("lavrov", "2025-11-20", "security is a matter for everyone in Europe and beyond"),
        ("macron", "2025-11-01", "security guarantees first"),
        ("erdogan", "2025-11-02", "securities markets fell"),
    ])
    hits = engine.search("security guarantees kind:quote", limit=5)
    assert [hit.speaker for hit in hits][:2] == ["macron", "lavrov"]


def test_accents_fold_both_ways(tmp_path):
    engine = small_engine(tmp_path, [
        ("erdogan", "2025-11-20", "Türkiye is ready to host the talks in İstanbul"),
        ("macron", "2025-11-01", "la sécurité de l'Europe"),
    ])
    assert engine.search("turkiye", limit=3)[0].speaker == "erdogan"
    assert marked(engine.search("istanbul kind:quote", limit=3)[0]) == ["İstanbul"]
    assert engine.search("securite", limit=3)[0].speaker == "macron"
    assert engine.search("SÉCURITÉ", limit=3)[0].speaker == "macron"
    # speakers are findable by name, accents or not
    assert engine.search("erdoğan kind:quote", limit=3)[0].speaker == "erdogan"


def test_a_speakers_name_finds_their_quotes(tmp_path):
    engine = small_engine(tmp_path, [("lavrov", "2025-11-20", "interim"),
                                     ("macron", "2025-11-01", "interim measures are not enough")])
    assert engine.search("lavrov interim kind:quote", limit=2)[0].speaker == "lavrov"


# ------------------------------------------------------ malformed queries

@pytest.mark.parametrize("query, words", [
    ('"paper guarantees', ["unbalanced", "never closed"]),
    ("actr:lavrov", ["unknown filter 'actr:'", "did you mean 'actor'"]),
    ("actor:lavrof", ["unknown actor 'lavrof'", "did you mean 'lavrov'"]),
    ("topic:natomembership", ["unknown topic", "did you mean 'nato-membership'"]),
    ("since:2025-13", ["since:", "no month 13"]),
    ("until:yesterday", ["until:", "is not a date"]),
    ("since:2025-02-30", ["since:", "February 2025 has 28 days"]),
    ("actor:", ["needs a value", "actor:lavrov"]),
    ("kind:speech", ["unknown kind 'speech'"]),
    ("since:2025-12 until:2025-11", ["after until"]),
    ("since:2025 since:2024", ["given twice"]),
])
def test_malformed_queries_raise_query_errors_with_help(engine, query, words):
    with pytest.raises(QueryError) as caught:
        engine.search(query)
    for word in words:
        assert word in str(caught.value)


def test_bad_keyword_filters_raise_query_errors(engine):
    with pytest.raises(QueryError, match="did you mean 'lavrov'"):
        engine.search("peace", actor="lavrof")
    with pytest.raises(QueryError, match="unknown topic"):
        engine.search("peace", topic="cease-fire-now")
    with pytest.raises(QueryError, match="since"):
        engine.search("peace", since="2025-99")


def test_colons_in_quotes_and_urls_are_text(tmp_path):
    small = small_engine(tmp_path, [("macron", "2025-06-01", "Talks resume at 16:00 in Geneva"),
                                    ("lavrov", "2025-06-02", "The text is at https://example.org for anyone"),
                                    ("erdogan", "2025-06-03", "Take note: this offer is final"),
                                    ("macron", "2025-06-04", "A note on this and the other thing")])
    # Not a filter, not an error: the words around the colon are searched for, and marked.
    for query, text, spans in [('"note: this"', "Take note: this offer is final", ["note: this"]),
                               ("https://example.org", "The text is at https://example.org for anyone",
                                ["https", "example", "org"]),
                               ("16:00", "Talks resume at 16:00 in Geneva", ["16", "00"])]:
        top = small.search(query, limit=5)[0]
        assert (top.kind, top.text, marked(top)) == ("quote", text, spans), query


def test_any_text_is_a_result_or_a_query_error(engine):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list('abcgpu "\'\u201c\u201d:-_*?\\/éİ\x1b\n\t') + ["actor:", "kind:", "since:"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(alphabet, max_size=12).map("".join))
    def check(query):
        try:
            hits = engine.search(query, limit=5)
        except QueryError:
            return
        assert all(isinstance(hit, Hit) for hit in hits)

    check()
