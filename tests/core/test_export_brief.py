"""The Markdown briefs: golden files, structure, inclusion rule, hostile content.

Golden files live in tests/core/golden/. After a deliberate change to the brief
layout or to the bundled content, regenerate them and review the diff:

    BRIEFING_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/core/test_export_brief.py -k golden
    git diff tests/core/golden/
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from briefing.corpus import Corpus
from briefing.dates import PartialDate
from briefing.export import (
    ExportError, QueryError, actor_brief, default_export_name, generated_date, topic_brief,
)
from briefing.model import Actor, Article, Event, Position, Quote, Topic, TopicIndex

GOLDEN = Path(__file__).resolve().parent / "golden"
GENERATED = dt.date(2025, 12, 1)
REPO = Path(__file__).resolve().parents[2]

MARKDOWN = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(footnote_plugin)


# ----------------------------------------------------------------- helpers

def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("BRIEFING_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run with BRIEFING_UPDATE_GOLDEN=1 to create it"
    assert text.encode("utf-8") == path.read_bytes(), (
        f"{name} differs from the golden file; if the change is intended, rerun with "
        "BRIEFING_UPDATE_GOLDEN=1 and review `git diff tests/core/golden/`")


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    block = text[4:text.index("\n---\n", 4) + 1]
    return yaml.safe_load(block)


def headings(tokens) -> list[tuple[str, str]]:
    return [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]


def table_headers(tokens) -> list[list[str]]:
    """The header cells of each table, in order."""
    tables, current, in_head = [], None, False
    for i, token in enumerate(tokens):
        if token.type == "thead_open":
            current, in_head = [], True
        elif token.type == "th_open" and in_head:
            current.append(tokens[i + 1].content)
        elif token.type == "thead_close":
            tables.append(current)
            in_head = False
    return tables


def plain(inline) -> str:
    """An inline token as rendered text; a footnote reference as [^label]."""
    return "".join(f"[^{c.meta['label']}]" if c.type == "footnote_ref" else c.content for c in inline.children)


def table_body_rows(tokens) -> list[list[str]]:
    """The rendered text of each body cell, row by row."""
    rows, row, in_body = [], None, False
    for i, token in enumerate(tokens):
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tbody_close":
            in_body = False
        elif in_body and token.type == "tr_open":
            row = []
        elif in_body and token.type == "td_open":
            row.append(plain(tokens[i + 1]))
        elif in_body and token.type == "tr_close":
            rows.append(row)
    return rows


def assert_footnotes_match(text: str) -> list[str]:
    """Every reference has exactly one definition and every definition a reference."""
    tokens = MARKDOWN.parse(text)
    references = {child.meta["label"] for t in tokens if t.type == "inline"
                  for child in t.children if child.type == "footnote_ref"}
    definitions = [t.meta["label"] for t in tokens if t.type == "footnote_open"]
    assert len(definitions) == len(set(definitions)), "a footnote is defined twice"
    assert references == set(definitions)
    # An unresolved reference would stay as literal text: compare with the raw
    # references (content's own "[^9]" is escaped, so it is not one of them).
    assert set(re.findall(r"(?<!\\)\[\^(\w+)\](?!:)", text)) == references
    # A footnote holds one paragraph: content cannot open a list or quote in it.
    inside, shapes = False, set()
    for token in tokens:
        inside = token.type == "footnote_open" or (inside and token.type != "footnote_close")
        if inside and token.type.endswith("_open") and token.type != "footnote_open":
            shapes.add(token.type)
    assert shapes <= {"paragraph_open"}
    # The raw text agrees with the parser: one definition line per label.
    assert sorted(re.findall(r"^\[\^(\w+)\]:", text, re.M)) == sorted(definitions)
    return definitions


# ------------------------------------------------------------ golden files

@pytest.mark.parametrize("topic", ["security-guarantees", "military-size-cap"])
def test_topic_brief_matches_golden(corpus, topic):
    check_golden(f"topic-{topic}.md", topic_brief(corpus, topic, generated=GENERATED))


def test_actor_brief_matches_golden(corpus):
    check_golden("actor-zelensky.md", actor_brief(corpus, "zelensky", generated=GENERATED))


# ------------------------------------------------------ structure, all topics

def test_every_topic_brief_has_the_expected_structure(corpus):
    for topic in corpus.topics:
        text = topic_brief(corpus, topic.id, generated=GENERATED)
        tokens = MARKDOWN.parse(text)
        found = headings(tokens)
        assert found[0] == ("h1", topic.title)
        assert [h for tag, h in found if tag == "h2"] == [
            "Where the parties stand", "Timeline", "Key quotations", "Sources"]
        positions = [p for p in corpus.positions if p.topic == topic.id]
        if positions:
            assert table_headers(tokens) == [["Party", "Latest stance", "Date", "Source"]]
            parties = {p.party for p in positions}
            assert len(table_body_rows(tokens)) == len(parties)
        definitions = assert_footnotes_match(text)
        meta = front_matter(text)
        assert meta["topic"] == topic.id and meta["title"] == topic.title
        assert meta["sources"] == len(definitions)
        assert meta["generated"] == "2025-12-01"


def test_the_latest_stance_is_the_newest_position_of_each_party(corpus):
    text = topic_brief(corpus, "military-size-cap", generated=GENERATED)
    rows = {row[0]: row for row in table_body_rows(MARKDOWN.parse(text))}
    newest_russian = max((p for p in corpus.positions if p.topic == "military-size-cap" and p.party == "russia"),
                         key=lambda p: p.date.sort_key)
    assert rows["Russia"][1] == newest_russian.stance
    assert rows["Russia"][2] == newest_russian.date.human()


def test_quotations_are_grouped_by_speaker_most_quoted_first(corpus):
    text = topic_brief(corpus, "long-range-weapons", generated=GENERATED)
    section = text.split("## Key quotations")[1].split("## Sources")[0]
    speakers = re.findall(r"^### (.+)$", section, re.M)
    counts = [len(re.findall(r"^- ", part, re.M)) for part in re.split(r"^### .+$", section, flags=re.M)[1:]]
    assert len(speakers) >= 2
    assert counts == sorted(counts, reverse=True)
    for part in re.split(r"^### .+$", section, flags=re.M)[1:]:
        dates = [PartialDate.parse(_iso_of(d)) for d in re.findall(r"^- \*\*(.+?)\*\*", part, re.M)]
        assert dates == sorted(dates, key=lambda d: d.sort_key)


def _iso_of(human: str) -> str:
    date = dt.datetime.strptime(human, "%d %B %Y") if human[0].isdigit() else dt.datetime.strptime(human, "%B %Y")
    return date.strftime("%Y-%m-%d") if human[0].isdigit() else date.strftime("%Y-%m")


@pytest.mark.parametrize("alias", ["zelensky", "Zelenskyy", "Mr. Zelensky", "lavrov", "russia", "europe"])
def test_actor_briefs_are_well_formed(corpus, alias):
    actor = corpus.resolve_actor(alias)
    text = actor_brief(corpus, alias, generated=GENERATED)
    tokens = MARKDOWN.parse(text)
    found = [h for tag, h in headings(tokens) if tag == "h2"]
    assert found[:2] == ["Quotations", "Where they stand"]
    assert found[-2:] == ["Timeline", "Sources"]
    meta = front_matter(text)
    assert meta["actor"] == actor.id and meta["title"] == actor.name
    assert meta["sources"] == len(assert_footnotes_match(text))
    quotes = [q for q in corpus.quotes if q.speaker == actor.id]
    section = text.split("## Quotations")[1].split("## Where they stand")[0]
    assert len(re.findall(r"^- ", section, re.M)) == len(quotes)


def test_a_person_brief_shows_the_side_they_speak_for(corpus):
    text = actor_brief(corpus, "zelensky", generated=GENERATED)
    assert "## Where Ukraine stands" in text
    assert front_matter(text)["party"] == "ukraine"


# ------------------------------------------------------ determinism, period

def test_same_content_same_bytes_except_the_generated_date(corpus):
    first = topic_brief(corpus, "territory", generated=GENERATED)
    assert topic_brief(corpus, "territory", generated=GENERATED) == first
    later = topic_brief(corpus, "territory", generated=dt.date(2026, 1, 2))
    changed = [(a, b) for a, b in zip(first.splitlines(), later.splitlines()) if a != b]
    assert len(changed) == 2
    assert "2026-01-02" in changed[0][1] and "2 January 2026" in changed[1][1]


def test_generated_date_comes_from_source_date_epoch():
    assert generated_date({"SOURCE_DATE_EPOCH": "1764547200"}) == dt.date(2025, 12, 1)
    assert generated_date({}) == dt.date.today()
    with pytest.raises(ExportError, match="SOURCE_DATE_EPOCH"):
        generated_date({"SOURCE_DATE_EPOCH": "yesterday"})


def test_since_and_until_narrow_every_section(corpus):
    whole = topic_brief(corpus, "security-guarantees", generated=GENERATED)
    narrow = topic_brief(corpus, "security-guarantees", since="2025-11", until="2025-11-25", generated=GENERATED)
    meta = front_matter(narrow)
    assert (meta["period_start"], meta["period_end"]) == ("2025-11", "2025-11-25")
    assert meta["sources"] < front_matter(whole)["sources"]
    body = narrow.split("## Sources")[0]
    shown = re.findall(r"\*\*(\d{1,2} \w+ \d{4}|\w+ \d{4})\*\*", body)
    shown += [row[2] for row in table_body_rows(MARKDOWN.parse(narrow))]
    assert shown
    for human in shown:
        date = PartialDate.parse(_iso_of(human))
        assert date.overlaps(PartialDate.parse("2025-11"), PartialDate.parse("2025-11-25")), human
    assert "2 June 2025" not in narrow and "26 November 2025" not in body


def test_a_period_with_nothing_in_it_still_makes_a_brief(corpus):
    text = topic_brief(corpus, "ceasefire", since="2019", until="2019", generated=GENERATED)
    assert front_matter(text)["sources"] == 0
    assert text.count("*Nothing recorded.*") == 4
    assert_footnotes_match(text)


def test_bad_periods_are_refused(corpus):
    with pytest.raises(ExportError, match="--since"):
        topic_brief(corpus, "ceasefire", since="2025-02-30")
    with pytest.raises(ExportError, match="after --until"):
        topic_brief(corpus, "ceasefire", since="2025-12", until="2025-11")


# ------------------------------------------------------------- look-ups

def test_unknown_topic_and_actor_name_the_closest_id(corpus):
    with pytest.raises(QueryError, match=r"unknown topic 'security-guarante' \(did you mean 'security-guarantees'\?\)"):
        topic_brief(corpus, "security-guarante")
    with pytest.raises(QueryError, match=r"unknown actor 'Zelenskiy' \(did you mean 'zelensky'\?\)"):
        actor_brief(corpus, "Zelenskiy")
    assert topic_brief(corpus, "Security guarantees", generated=GENERATED) == \
        topic_brief(corpus, "security-guarantees", generated=GENERATED)


def test_default_export_name():
    assert default_export_name("security-guarantees") == "briefing-security-guarantees.md"
    assert default_export_name("Mr. Zelensky") == "briefing-mr-zelensky.md"
    assert default_export_name("../../etc/passwd") == "briefing-etc-passwd.md"
    assert default_export_name("***") == "briefing-export.md"


def test_the_export_package_does_not_import_textual():
    code = ("import sys, briefing.export, briefing.export.cli, briefing.export.brief; "
            "sys.exit(1 if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr or "briefing.export imported textual"


# ------------------------------------------------------ the inclusion rule

def _corpus(*articles: Article) -> Corpus:
    index = TopicIndex(
        title="Test | briefing",
        actors=(
            Actor("alice", "Alice # Smith", "person", aliases=("Ally",), role="Envoy | *chief*", party="north"),
            Actor("bob", "Bob", "person", party="south"),
            Actor("north", "North", "country"),
            Actor("south", "South", "country"),
        ),
        topics=(Topic("ceasefire", "Ceasefire", summary="# Whether | the guns stop"), Topic("territory", "Territory")),
    )
    return Corpus(index, articles)


def _article(article_id: str, published: str, topics: tuple[str, ...], quotes=(), events=(), positions=(),
             **extra) -> Article:
    date = PartialDate.parse(published)
    return Article(
        id=article_id, path=f"{article_id}.md", title=extra.pop("title", f"About {article_id}"),
        source=extra.pop("source", "Wire"), published=date, body="…", topics=topics,
        quotes=tuple(Quote(article_id, n, speaker, text, date, tags) for n, (speaker, text, tags) in enumerate(quotes)),
        events=tuple(Event(article_id, n, PartialDate.parse(when), title, topics=tags)
                     for n, (when, title, tags) in enumerate(events)),
        positions=tuple(Position(article_id, n, topic, party, stance, PartialDate.parse(when))
                        for n, (topic, party, stance, when) in enumerate(positions)),
        **extra,
    )


FOCUSED = _article("focused", "2025-01-10", ("ceasefire",),
                   quotes=[("alice", "We stop now", ()), ("bob", "Land first", ("territory",))],
                   events=[("2025-01-09", "Guns fall silent for a night", ())],
                   positions=[("ceasefire", "north", "Ready to stop", "2025-01-10")])
BROAD = _article("broad", "2025-03-05", ("ceasefire", "territory"),
                 quotes=[("alice", "Just colour", ()), ("bob", "Talks first", ("ceasefire",))],
                 events=[("2025-03", "Background on the war", ())])


def test_untagged_items_inherit_only_the_topic_of_a_single_topic_article():
    corpus = _corpus(FOCUSED, BROAD)
    in_ceasefire = {item.text if isinstance(item, Quote) else getattr(item, "title", getattr(item, "stance", ""))
                    for item in (*corpus.quotes, *corpus.events, *corpus.positions)
                    if "ceasefire" in corpus.topics_of(item)}
    assert in_ceasefire == {"We stop now", "Guns fall silent for a night", "Ready to stop", "Talks first"}
    ceasefire = topic_brief(corpus, "ceasefire", generated=GENERATED)
    territory = topic_brief(corpus, "territory", generated=GENERATED)
    assert "We stop now" in ceasefire and "Talks first" in ceasefire
    assert "Land first" not in ceasefire and "Land first" in territory
    for text in (ceasefire, territory):
        assert "Just colour" not in text and "Background on the war" not in text


# ------------------------------------------------------- hostile content

HOSTILE = "a | b\n# not a heading <script>alert(1)</script> [^9] *bold* `code` $x$ \x1b[31mred\x07 \ud800"


def test_hostile_content_cannot_change_the_structure():
    article = _article(
        "hostile", "2025-02-01", ("ceasefire",), title="> Title | with\nnewline", source="- Wire ~~x~~",
        url="https://example.org/<x>", authors=("[A](javascript:alert)",),
        quotes=[("alice", HOSTILE, ()), ("bob", "1. listed?", ())],
        events=[("2025-02-01", HOSTILE, ())],
        positions=[("ceasefire", "north", HOSTILE, "2025-02-01"), ("ceasefire", "south", "| --- |", "2025-02-01")],
    )
    corpus = _corpus(FOCUSED, article)
    for text in (topic_brief(corpus, "ceasefire", generated=GENERATED),
                 actor_brief(corpus, "alice", generated=GENERATED)):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
        text.encode("utf-8")
        tokens = MARKDOWN.parse(text)
        assert not [t for t in tokens if t.type in ("html_block", "code_block", "fence", "blockquote_open", "hr")]
        inline_types = {c.type for t in tokens if t.type == "inline" for c in t.children}
        assert not inline_types & {"html_inline", "code_inline", "image"}
        links = [c.attrGet("href") for t in tokens if t.type == "inline" for c in t.children if c.type == "link_open"]
        assert all(href.startswith("https://") for href in links), links
        assert_footnotes_match(text)
    topic_text = topic_brief(corpus, "ceasefire", generated=GENERATED)
    tokens = MARKDOWN.parse(topic_text)
    assert [h for tag, h in headings(tokens) if tag in ("h1", "h2")] == [
        "Ceasefire", "Where the parties stand", "Timeline", "Key quotations", "Sources"]
    rows = table_body_rows(tokens)
    assert len(rows) == 2 and all(len(row) == 4 for row in rows)
    assert "a | b # not a heading" in rows[0][1]
    assert front_matter(topic_text)["subtitle"] == "Test | briefing"
