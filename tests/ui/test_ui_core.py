"""The reader's headless parts: browsing, body rendering, citations, settings, themes.

No terminal here: these are plain functions over the corpus.
"""

from __future__ import annotations

import pytest

from briefing.dates import PartialDate
from briefing.model import Quote
from briefing import browse
from briefing.ui.body import article_blocks, note_label, parse_blocks
from briefing.ui.citation import quote_citation
from briefing.ui.settings import Settings, load_settings, save_settings, settings_path


# ------------------------------------------------------------------ browse

def test_date_tree_is_newest_first_and_keeps_partial_dates(corpus):
    tree = browse.date_tree(corpus)
    years = [node.key for node in tree]
    assert years == sorted(years, reverse=True)
    months = {month.key: month for year in tree for month in year.children}
    # A month known only as a month is a node of its own, without days, shown as 'December 2025'.
    december = months["2025-12"]
    assert december.label == "December 2025" and december.children == ()
    day = next(d for d in months["2025-11"].children if d.key == "2025-11-25")
    assert day.label == "Tue 25 November"
    assert all(child.count <= node.count for node in tree for child in node.children)


def test_date_focus_selects_articles_and_events_inside_the_period(corpus):
    focus = browse.Focus("date", "2025-08")
    events = browse.events_for(corpus, focus)
    assert events and all(e.date.iso().startswith("2025-08") for e in events)
    articles = browse.articles_for(corpus, focus)
    assert {e.article_id for e in events} <= {a.id for a in articles}
    # A vaguer date is not guessed into a day: the day holds fewer or equal events.
    assert len(browse.events_for(corpus, browse.Focus("date", "2025-08-15"))) <= len(events)


def test_articles_are_newest_first_and_events_oldest_first(corpus):
    articles = browse.articles_for(corpus, browse.EVERYTHING)
    assert [a.published.sort_key for a in articles] == sorted((a.published.sort_key for a in articles), reverse=True)
    events = browse.events_for(corpus, browse.Focus("actor", "trump"))
    assert events and all("trump" in e.actors for e in events)
    assert [e.date.sort_key for e in events] == sorted(e.date.sort_key for e in events)


def test_actor_groups_count_articles_and_put_the_most_involved_first(corpus):
    groups = dict(browse.actor_groups(corpus))
    assert list(groups) == ["People", "Countries", "Organisations"]
    people = groups["People"]
    assert [e.count for e in people] == sorted((e.count for e in people), reverse=True)
    counts = corpus.actor_counts()
    assert all(e.count == counts[e.key] for e in people)


def test_topic_page_groups_positions_by_party_latest_first(corpus):
    page = browse.topic_page(corpus, "territory")
    assert page.topic.title == "Territory"
    for _party, positions in page.stances:
        dates = [p.date.sort_key for p in positions]
        assert dates == sorted(dates, reverse=True)
    latest = [positions[0].date.sort_key for _, positions in page.stances]
    assert latest == sorted(latest, reverse=True)  # the party that moved last comes first
    for speaker, quotes in page.quotes:
        assert all(q.speaker == speaker for q in quotes)


def test_actor_page_includes_the_side_they_speak_for(corpus):
    page = browse.actor_page(corpus, "lavrov")
    assert page.party is not None and page.party.id == "russia"
    assert page.quotes and all(q.speaker == "lavrov" for q in page.quotes)
    assert [q.date.sort_key for q in page.quotes] == sorted(q.date.sort_key for q in page.quotes)
    assert page.positions and all(p.party in ("lavrov", "russia") for p in page.positions)


def test_unknown_ids_raise_query_errors(corpus):
    from briefing.corpus import QueryError

    with pytest.raises(QueryError):
        browse.topic_page(corpus, "no-such-topic")
    with pytest.raises(QueryError):
        browse.articles_for(corpus, browse.Focus("actor", "nobody-at-all"))


# -------------------------------------------------------------------- body

def _quote(text: str, number: int = 0, speaker: str = "lavrov") -> Quote:
    return Quote("a", number, speaker, text, PartialDate(2025, 11, 25))


def test_markdown_blocks_keep_structure_and_drop_markup():
    blocks = parse_blocks("## Head\n\nSome *em* and **strong**.\n\n- one\n- two\n\n> said\n\n<b>raw</b>\n")
    kinds = [b.kind for b in blocks]
    assert kinds == ["heading", "paragraph", "item", "item", "blockquote", "paragraph"]
    assert blocks[1].text == "Some em and strong."
    assert {m.style for m in blocks[1].marks} == {"em", "strong"}
    assert blocks[2].text == "• one"
    assert blocks[-1].text == "<b>raw</b>"  # HTML is text, not markup


def test_quotation_is_marked_where_it_is_quoted_with_a_note():
    body = "He said it was interim. Later: “interim,” Lavrov said."
    [block] = article_blocks(body, (_quote("interim"),))
    [quote] = [m for m in block.marks if m.style == "quote"]
    assert block.text[quote.start:quote.end] == "interim"
    assert quote.start > block.text.index("“")  # the quoted occurrence, not the first
    [note] = [m for m in block.marks if m.style == "note"]
    assert block.text[note.start:note.end] == note_label(0) == "¹"
    assert block.text[note.start - 2:note.start] == ",”"  # after the closing quote mark


def test_quotation_matches_across_typographic_quotes_and_line_breaks():
    body = "It doesn’t look like\nthey are agreeing on anything, he said."
    [block] = article_blocks(body, (_quote("It doesn't look like they are agreeing on anything", 3),))
    [quote] = [m for m in block.marks if m.style == "quote"]
    assert block.text[quote.start:quote.end] == "It doesn’t look like they are agreeing on anything"
    assert "⁴" in block.text


def test_two_speakers_sharing_a_word_get_two_notes():
    [block] = article_blocks("Both called it “good”.", (_quote("good", 0), _quote("good", 1, "trump")))
    assert "¹,²" in block.text
    assert sorted(m.quote for m in block.marks if m.style == "quote") == [0, 1]


def test_every_bundled_quotation_is_marked(corpus):
    for article in corpus.articles:
        marked = {n for block in article_blocks(article.body, article.quotes) for n in block.quotes()}
        assert marked == set(range(len(article.quotes))), article.id


def test_control_bytes_never_reach_blocks():
    [block] = article_blocks("Red \x1b[31malert\x1b[0m and a bell\x07.", ())
    assert "\x1b" not in block.text and "\x07" not in block.text
    assert "[31malert" in block.text


# --------------------------------------------------------------- citation

def test_citation_names_speaker_source_date_and_url(corpus):
    quote = next(q for q in corpus.quotes if q.speaker == "macron")
    article = corpus.article_of(quote)
    citation = quote_citation(corpus, quote)
    assert citation.startswith("“") and quote.text.split()[0] in citation
    assert "Emmanuel Macron (President of France)" in citation
    assert article.source in citation and quote.date.human() in citation
    if article.url:
        assert citation.endswith(article.url)
    assert "\n" not in citation


# ---------------------------------------------------------------- settings

def test_settings_round_trip_and_survive_garbage():
    assert load_settings() == Settings()  # nothing saved yet
    assert save_settings(Settings(theme='we"ird', timeline=True)) is None
    assert load_settings() == Settings(theme='we"ird', timeline=True)
    settings_path().write_text("theme: [unclosed\n", encoding="utf-8")
    assert load_settings() == Settings()
    settings_path().write_text("!!python/object:os.system {}\n", encoding="utf-8")
    assert load_settings() == Settings()


@pytest.mark.parametrize("theme", ["dark", 'we"ird', "back\\slash", "ümlaut–dash", "tab\tx", "c\x85d",
                                   "line\u2028break", "\x7fdel", "", 'q\\"q'])
def test_saved_settings_are_read_as_yaml_reads_them(theme):
    """The file as save_settings writes it is read without the YAML parser: the
    same values, whatever the theme name holds."""
    from briefing import safeyaml

    save_settings(Settings(theme=theme, timeline=True))
    text = settings_path().read_text(encoding="utf-8")
    try:
        data, _ = safeyaml.parse(text)
        expected = Settings(theme=data["theme"] if isinstance(data["theme"], str) else "", timeline=True)
    except safeyaml.YamlError:
        expected = Settings()
    assert load_settings() == expected


# ------------------------------------------------------------------ themes

def test_bundled_themes_load(tmp_path):
    from briefing.ui.themes import load_themes

    themes = load_themes()
    assert {"dark", "light", "high-contrast"} <= set(themes.names)
    assert themes.problems == []
    assert themes.themes["light"].dark is False


def test_user_themes_load_and_broken_ones_are_reported():
    from briefing.ui.themes import load_themes, user_themes_dir

    folder = user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "sepia.yaml").write_text("name: sepia\ndark: false\nprimary: '#704214'\nbackground: '#f4ecd8'\n")
    (folder / "broken.yaml").write_text("name: broken\nprimary: not-a-colour\n")
    (folder / "typo.yaml").write_text("name: typo\nprimray: '#ffffff'\n")
    (folder / "tagged.yaml").write_text("name: !!python/name:os.system x\nprimary: '#fff'\n")
    themes = load_themes()
    assert "sepia" in themes.names and "broken" not in themes.names
    messages = sorted(str(p) for p in themes.problems)
    assert any("broken.yaml:2:" in m and "not a colour" in m for m in messages)
    assert any("typo.yaml:2:" in m and "did you mean 'primary'" in m for m in messages)
    assert any("tagged.yaml" in m for m in messages)


def test_themes_are_read_again_when_a_theme_file_changes(monkeypatch):
    """What the theme files said is cached; a file added, changed or broken since is read again."""
    import os

    from briefing.ui import themes as theme_files
    from briefing.ui.themes import load_themes, user_themes_dir

    folder = user_themes_dir()
    folder.mkdir(parents=True)
    sepia = folder / "sepia.yaml"
    sepia.write_text("name: sepia\nprimary: '#704214'\n", encoding="utf-8")
    assert load_themes().themes["sepia"].primary == "#704214"
    with monkeypatch.context() as patched:  # unchanged files: nothing is read again
        patched.setattr(theme_files, "_theme_arguments", lambda text: pytest.fail("a theme file was read again"))
        assert load_themes().themes["sepia"].primary == "#704214"
    sepia.write_text("name: sepia\nprimary: '#123456'\n", encoding="utf-8")
    stamp = sepia.stat()
    os.utime(sepia, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000))  # even within one clock tick
    assert load_themes().themes["sepia"].primary == "#123456"
    (folder / "broken.yaml").write_text("name: broken\nprimary: not-a-colour\n", encoding="utf-8")
    for _ in range(2):  # read, then cached: reported both times
        themes = load_themes()
        assert "broken" not in themes.names
        assert [p.line for p in themes.problems if "broken.yaml" in p.path] == [2]
    sepia.unlink()
    assert "sepia" not in load_themes().names


# ----------------------------------------------------------------- summary

def test_summary_round_trips_through_its_cache(corpus, content_dir):
    from briefing.cache.summary import load_summary, save_summary, summarize, summary_path

    summary = summarize(browse.catalogue(corpus))
    assert summary.articles == len(corpus.articles) and summary.quotes == len(corpus.quotes)
    assert [h.id for h in summary.newest] == [a.id for a in browse.articles_for(corpus, browse.EVERYTHING)]
    assert load_summary(content_dir) is None  # nothing saved yet
    save_summary(content_dir, summary)
    assert load_summary(content_dir) == summary
    actors, topics, dates = summary.entries()
    assert actors == browse.actor_groups(corpus) and topics == browse.topic_entries(corpus)
    assert dates == browse.date_tree(corpus)
    # A damaged or foreign cache file is no summary, never an error.
    for garbage in ("{not json", '{"format": 1, "summary": {"title": 3}}', '["a list"]', ""):
        summary_path(content_dir).write_text(garbage, encoding="utf-8")
        assert load_summary(content_dir) is None


def test_summary_cache_is_per_folder(content_dir, tmp_path):
    from briefing.cache.summary import summary_path

    assert summary_path(content_dir) != summary_path(tmp_path)
    assert summary_path(content_dir) == summary_path(content_dir / "articles" / "..")
