"""The reader's own marks, driven with Pilot: read and unread, stars, notes, the Unread and
Starred views, what survives a restart, a database that cannot be written, and the folder
followed while the reader is open (tests/conftest.py gives each test its own XDG_DATA_HOME)."""

from __future__ import annotations

import asyncio
import re
import shutil
import time
from pathlib import Path

import pytest
from pilot_helpers import asynctest, make_app, screen_text, settle

from briefing.browse import Focus
from briefing.state import ARTICLE
from briefing.state.store import ReadingState, state_path
from briefing.ui.messages import OpenArticle

SMALL = (80, 24)
LARGE = (120, 40)
NEWEST = "2025-11-26-witkoff-to-moscow"


def saved_state(root: Path) -> ReadingState:
    """The marks as another process would read them from the database."""
    return ReadingState.open(root)


def entry_count(app, view: str) -> int:
    """The count the Unread or Starred view shows on its entry."""
    entries = app.main_screen.query_one(f"#navigator #{view}")
    return int(re.search(r"(\d+)$", str(entries.options[0].prompt)).group(1))


def title_is_muted(prompt) -> bool:
    """Whether an article list entry's second line (the title) is drawn muted."""
    start = prompt.plain.index("\n") + 1
    return any(span.start <= start < span.end and "muted" in str(span.style) for span in prompt.spans)


async def open_newest(pilot) -> None:
    await pilot.press("tab", "enter")  # the article list, the newest article
    await settle(pilot)
    assert pilot.app.main_screen.detail_page == "reader"


@asynctest
async def test_opening_an_article_marks_it_read_and_m_toggles_it(content_dir, corpus):
    app, notes = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert app.reading_state is not None and app.reading_state.writable
        assert not app.reading_state.is_read(NEWEST)
        await open_newest(pilot)
        assert app.reading_state.is_read(NEWEST)
        assert saved_state(content_dir).is_read(NEWEST)  # saved, not only in memory
        await pilot.press("m")
        await pilot.pause()
        assert not saved_state(content_dir).is_read(NEWEST)
        assert "unread (m marks it read)" in screen_text(app)
        title = corpus.article_by_id[NEWEST].title
        assert ("Marked unread", title) in notes
        await pilot.press("m")
        await pilot.pause()
        assert saved_state(content_dir).is_read(NEWEST)


@asynctest
async def test_read_articles_are_muted_in_the_list_and_the_unread_view_counts_them(content_dir, corpus):
    app, _ = make_app(content_dir)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        screen = app.main_screen
        assert screen.focus_choice == Focus("unread")
        assert entry_count(app, "unread") == len(corpus.articles)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert entry_count(app, "unread") == len(corpus.articles) - 1
        listed = screen.query_one("#articles")
        assert title_is_muted(listed.get_option(NEWEST).prompt)  # read
        assert not title_is_muted(listed.options[2].prompt)  # the next article: unread
        await pilot.press("escape", "u")  # the Unread view listed afresh: the read article has gone
        await settle(pilot)
        ids = [o.id for o in listed.options if o.id]
        assert NEWEST not in ids and len(ids) == len(corpus.articles) - 1


@asynctest
async def test_shift_m_marks_every_article_of_the_view_read(content_dir, corpus):
    app, notes = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("s", "down")  # a sticking point: its articles
        await settle(pilot)
        listed = [o.id for o in app.main_screen.query_one("#articles").options if o.id]
        assert 0 < len(listed) < len(corpus.articles)
        await pilot.press("M")
        await pilot.pause()
        state = saved_state(content_dir)
        assert all(state.is_read(article) for article in listed)
        assert sum(state.is_read(a.id) for a in corpus.articles) == len(listed)
        assert any(title == "Marked read" and f"{len(listed)} articles" in message for title, message in notes)
        await pilot.press("u")
        await settle(pilot)
        assert entry_count(app, "unread") == len(corpus.articles) - len(listed)


@asynctest
async def test_star_an_article_and_a_quotation_and_find_them_in_the_starred_view(content_dir, corpus):
    app, notes = make_app(content_dir)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        await open_newest(pilot)
        await pilot.press("asterisk")  # in the body: the article
        await pilot.pause()
        assert app.reading_state.starred(NEWEST)
        assert "★ starred" in screen_text(app)
        app.main_screen.set_focus(app.main_screen.query_one("#reader-quotes"))
        await pilot.press("down", "down", "asterisk")  # the second quotation
        await pilot.pause()
        quote = app.main_screen.selected_quote()
        assert quote is not None and quote.number == 1
        state = saved_state(content_dir)
        assert state.starred(NEWEST, 1) and state.starred(NEWEST, ARTICLE) and not state.starred(NEWEST, 0)
        assert ("Quotation starred", quote.text) in notes
        panel = app.main_screen.query_one("#reader-quotes")
        assert "★" in panel.get_option("1").prompt.plain and "★" not in panel.get_option("0").prompt.plain
        await pilot.press("escape", "r")
        await settle(pilot)
        assert app.main_screen.focus_choice == Focus("starred")
        assert app.main_screen.detail_page == "starred-view"
        assert entry_count(app, "starred") == 1
        assert [o.id for o in app.main_screen.query_one("#articles").options if o.id] == [NEWEST]
        page = app.main_screen.query_one("#starred-view ItemList")
        assert [item.number for item in page._items.values()] == [1]
        assert quote.text in screen_text(app)
        page.focus()
        await pilot.press("asterisk")  # unstar it from the Starred page
        await pilot.pause()
        assert not saved_state(content_dir).starred(NEWEST, 1)
        assert not page._items


@asynctest
async def test_a_note_is_written_in_a_dialog_saved_and_shown_beside_the_quotation(content_dir):
    app, _ = make_app(content_dir)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        await open_newest(pilot)
        app.main_screen.set_focus(app.main_screen.query_one("#reader-quotes"))
        await pilot.press("down", "n")
        await pilot.pause()
        from briefing.ui.screens.note import NoteScreen

        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"check [bold]this[/]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
        assert saved_state(content_dir).note(NEWEST, 0) == "check [bold]this[/]"
        option = app.main_screen.query_one("#reader-quotes").get_option("0")
        assert "✎ check [bold]this[/]" in option.prompt.plain  # shown as written, never as markup
        await pilot.press("n")  # again: the dialog starts with the note; escape keeps it
        await pilot.pause()
        assert app.screen.query_one("TextArea").text == "check [bold]this[/]"
        await pilot.press("x", "escape")
        await pilot.pause()
        assert saved_state(content_dir).note(NEWEST, 0) == "check [bold]this[/]"
        await pilot.press("n", "ctrl+a")  # emptied: the note is removed
        await pilot.pause()
        app.screen.query_one("TextArea").text = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert saved_state(content_dir).note(NEWEST, 0) == ""


@asynctest
async def test_marks_survive_a_restart(content_dir, corpus):
    app, _ = make_app(content_dir)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        await open_newest(pilot)
        await pilot.press("asterisk")
        await pilot.pause()
    again, _ = make_app(content_dir)
    async with again.run_test(size=LARGE) as pilot:
        await settle(pilot)
        assert again.reading_state.is_read(NEWEST) and again.reading_state.starred(NEWEST)
        listed = again.main_screen.query_one("#articles").get_option(NEWEST).prompt.plain
        assert listed.startswith("★ ")
        await pilot.press("u")
        await settle(pilot)
        assert entry_count(again, "unread") == len(corpus.articles) - 1


@asynctest
async def test_a_database_that_cannot_be_used_is_said_once_and_the_reader_still_works(content_dir):
    path = Path(state_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    app, notes = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        told = [message for title, message in notes if title == "Read marks, stars and notes"]
        assert len(told) == 1 and "not a readable reading-state database" in told[0]
        await open_newest(pilot)  # still opens; marking it read is not possible, and not said again
        assert [t for t, _ in notes].count("Read marks, stars and notes") == 1
        await pilot.press("asterisk")
        await pilot.pause()
        assert notes[-1][0] == "Read marks, stars and notes" and notes[-1][1].startswith("Not saved:")
        await pilot.press("n")
        await pilot.pause()
        assert "Notes cannot be saved" in screen_text(app)
        await pilot.press("escape")
    assert path.read_bytes().startswith(b"this is not a database")  # left for the user to move aside


# ------------------------------------------------------------------ following the folder

def new_article(root: Path, article_id: str, title: str) -> Path:
    """A copy of the newest article under another id and title."""
    source = (root / "articles" / f"{NEWEST}.md").read_text(encoding="utf-8")
    text = source.replace(f"id: {NEWEST}", f"id: {article_id}", 1)
    text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.MULTILINE)
    path = root / "articles" / "new" / f"{article_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


async def wait_until(pilot, condition, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        await asyncio.sleep(0.05)
        await pilot.pause()


@pytest.mark.slow
@asynctest
async def test_a_new_article_in_the_followed_folder_shows_up_where_the_reader_was(content_dir, tmp_path):
    root = shutil.copytree(content_dir, tmp_path / "content")
    app, notes = make_app(root)
    app._follow = True
    async with app.run_test(size=LARGE) as pilot:
        await wait_until(pilot, lambda: app.corpus is not None and app._watching)
        await pilot.pause(0.5)  # the watcher is up
        app.main_screen.post_message(OpenArticle(NEWEST, 3))
        await wait_until(pilot, lambda: app.main_screen.detail_page == "reader")
        new_article(root, "2025-11-27-a-new-one", "A new article arrives")
        await wait_until(pilot, lambda: "2025-11-27-a-new-one" in app.corpus.article_by_id)
        await wait_until(pilot, lambda: ("Briefing updated", "1 article added") in notes)
        assert app.reloads == 1
        screen = app.main_screen
        assert screen.detail_page == "reader" and screen.query_one("ReaderPane").article.id == NEWEST
        assert screen.query_one("ReaderPane").current_quote_number == 3
        assert "A new article arrives" in "\n".join(str(o.prompt) for o in screen.query_one("#articles").options)


@pytest.mark.slow
@asynctest
async def test_a_burst_of_files_is_read_once(content_dir, tmp_path):
    root = shutil.copytree(content_dir, tmp_path / "content")
    app, notes = make_app(root)
    app._follow = True
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: app.corpus is not None and app._watching)
        await pilot.pause(0.5)
        for number in range(500):
            new_article(root, f"burst-{number:03d}", f"Burst {number}")
        await wait_until(pilot, lambda: len(app.corpus.articles) == 505, seconds=60)
        await pilot.pause(2)  # nothing more arrives
        assert app.reloads == 1
        assert ("Briefing updated", "500 articles added") in notes


def test_only_the_files_the_loader_reads_count_as_changes(tmp_path):
    from briefing.content_files import is_content_path

    root = tmp_path / "content"
    assert is_content_path(root, str(root / "index.yaml"))
    assert is_content_path(root, str(root / "articles" / "2025" / "a.md"))
    assert is_content_path(root, str(root / "articles" / "2025"))  # a folder moved in or away
    for ignored in ("articles/a.md.swp", "articles/.a.md", "articles/.git/a.md", "notes.txt", "README.md",
                    "articles/a.md~"):
        assert not is_content_path(root, str(root / ignored)), ignored
    assert not is_content_path(root, str(tmp_path / "elsewhere.md"))


def test_what_changed_is_said_in_a_few_words(corpus):
    from briefing.corpus import Corpus
    from briefing.ui.following import describe_changes

    first, *rest = corpus.articles
    fewer = Corpus(corpus.index, rest)
    assert describe_changes(fewer, corpus) == "1 article added"
    assert describe_changes(corpus, fewer) == "1 article removed"
    edited = Corpus(corpus.index, [first.__class__(**{**vars_of(first), "title": "Edited"}), *rest[1:]])
    assert describe_changes(corpus, edited) == "1 article changed, 1 removed"
    assert describe_changes(corpus, corpus) == ""


def vars_of(record) -> dict:
    from briefing.records import fields

    return {name: getattr(record, name) for name, _annotation in fields(type(record))}


@asynctest
async def test_the_search_box_filters_by_the_marks_as_they_are_now(content_dir, corpus):
    app, _ = make_app(content_dir)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        await open_newest(pilot)
        app.main_screen.set_focus(app.main_screen.query_one("#reader-quotes"))
        await pilot.press("down", "asterisk", "n", *"ask the desk", "ctrl+s")
        await pilot.pause()
        await pilot.press("slash", *"is:starred")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert [(h.article_id, h.item.number) for h in app.screen.hits] == [(NEWEST, 0)]
        await pilot.press("ctrl+u", *"note:desk")  # the note's own words
        await pilot.pause(0.3)
        await settle(pilot)
        assert [(h.article_id, h.item.number) for h in app.screen.hits] == [(NEWEST, 0)]


@asynctest
async def test_an_article_opened_before_the_marks_are_open_is_marked_read_when_they_are(content_dir, monkeypatch):
    import threading

    from briefing.state import store

    release = threading.Event()
    real_open = store.ReadingState.open

    def held_open(*args, **kwargs):
        release.wait(10)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(store.ReadingState, "open", held_open)
    app, notes = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: app.corpus is not None)
        app.main_screen.post_message(OpenArticle(NEWEST))
        await wait_until(pilot, lambda: app.main_screen.detail_page == "reader")
        assert app.reading_state is None
        release.set()
        await settle(pilot)
        assert app.reading_state.is_read(NEWEST)
        assert not [n for n in notes if n[1].startswith("Not saved")]


@asynctest
async def test_the_starred_page_says_how_many_marks_lost_their_article(content_dir):
    state = ReadingState.open(content_dir)
    state.set_star("an-article-since-renamed", 2)
    state.set_note("an-article-since-renamed", ARTICLE, "mine")
    state.set_star(NEWEST, 0)
    state.close()
    app, _ = make_app(content_dir)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert entry_count(app, "starred") == 1  # only what the folder has is counted
        text = " ".join(screen_text(app).split())
        assert "2 stars or notes on articles this folder no longer has" in text
