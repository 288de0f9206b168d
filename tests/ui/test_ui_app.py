"""The reader, driven with Textual's Pilot: every interaction the issue asks for.

Each test starts the app headless at 80x24 (the smallest size we promise),
waits for workers instead of sleeping, and asserts on what the widgets
show or on what the app did (clipboard, files, notifications).
"""

from __future__ import annotations

import shutil
import webbrowser
from pathlib import Path

import pytest
from pilot_helpers import asynctest, hold_corpus_loading, make_app, screen_text, settle

from briefing.browse import Focus
from briefing.ui.app import BriefingApp
from briefing.ui.messages import OpenArticle, ShowFocus

SMALL = (80, 24)


# ----------------------------------------------------------------- helpers

def main_screen(app):
    return app.main_screen


def copy_content(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


# ------------------------------------------------------------- start-up


@asynctest
async def test_first_frame_does_not_wait_for_the_corpus(content_dir, monkeypatch):
    """The corpus loads in a worker: the screen is up and says so while it loads."""
    release = hold_corpus_loading(monkeypatch)
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.corpus is None
        assert "Loading the briefing" in screen_text(app)
        release.set()
        await settle(pilot)
        assert app.corpus is not None
        assert "All articles" in screen_text(app)


@pytest.mark.slow
@asynctest
async def test_the_last_summary_is_shown_at_once_and_corrected_by_the_corpus(content_dir, tmp_path, monkeypatch):
    """A second start shows the briefing in its first frame, before the corpus has loaded;
    when the content changed meanwhile, the loaded corpus replaces what was shown."""
    root = copy_content(content_dir, tmp_path / "content")
    app, _ = make_app(root)
    async with app.run_test(size=SMALL) as pilot:  # the first start saves the summary
        await settle(pilot)
    newest = sorted(root.glob("articles/*.md"))[-1]
    newest.rename(root / "gone.md.txt")  # one article less since the summary was saved
    release = hold_corpus_loading(monkeypatch)
    again, _ = make_app(root)
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert again.corpus is None
        text = screen_text(again)
        assert "loading…" in text and "Donald Trump" in text  # the summary: navigator and counts
        articles = main_screen(again).query_one("#articles")
        summary_count = len([o for o in articles.options if o.id])
        await pilot.press("s", "down")  # chosen while loading: applied when the corpus arrives
        release.set()
        await settle(pilot)
        assert again.corpus is not None and len(again.corpus.articles) == summary_count - 1
        assert main_screen(again).focus_choice == Focus("topic", "territory")
        assert main_screen(again).detail_page == "topic-view"
        assert "loading…" not in screen_text(again)


@asynctest
async def test_overview_events_that_wrap_continue_under_their_text(content_dir):
    app, _ = make_app(content_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = screen_text(app).splitlines()
        first = next(y for y, text in enumerate(rows) if "26 Nov 2025  Ushakov confirms" in text)
        column = rows[first].index("Ushakov")
        continued = rows[first + 1]
        assert continued[column:].startswith("and says")  # under the text…
        assert continued[column - len("26 Nov 2025  "):column].strip() == ""  # …clear of the dates column


@asynctest
async def test_lists_are_measured_at_the_width_they_are_drawn(content_dir):
    """A list whose scrollbar appears measures its options again for the narrower width
    (Textual's OptionList kept the first measure: lines cut, a scrollbar of the wrong size)."""
    from textual.geometry import Size

    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for list_id in ("#actors", "#articles"):
            options = main_screen(app).query_one(list_id)
            width = options.scrollable_content_region.width
            room = Size(width, options.scrollable_content_region.height)
            assert options.show_vertical_scrollbar
            assert options.virtual_size.height == options.get_content_height(room, room, width), list_id
            assert options.vertical_scrollbar.window_virtual_size == options.virtual_size.height


@asynctest
async def test_navigator_has_three_views_with_counts(content_dir, corpus):
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        actors = screen.query_one("#actors")
        assert app.focused is actors
        prompts = [str(option.prompt) for option in actors.options]
        trump = corpus.actor_counts()["trump"]
        assert f"Donald Trump {trump}" in prompts
        await pilot.press("d")
        assert app.focused is screen.query_one("#dates")
        labels = [str(node.label) for node in _walk(screen.query_one("#dates").root)]
        assert any(label.startswith("December 2025") for label in labels)  # a partial date, as a month
        assert any(label.startswith("June 2025") for label in labels)
        await pilot.press("s")
        topics = screen.query_one("#topics")
        assert app.focused is topics
        territory = corpus.topic_counts()["territory"]
        assert f"Territory {territory}" in [str(o.prompt) for o in topics.options]


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


@pytest.mark.slow
@asynctest
async def test_a_view_built_on_first_use_keeps_what_was_chosen(content_dir):
    """The dates and sticking-points views are built when first shown; their cursor
    starting on "All …" must not undo the choice made in another view."""
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert not screen.query("#dates") and not screen.query("#topics")  # not needed for the first frame
        await pilot.press("down", "down")
        chosen = screen.focus_choice
        assert chosen.kind == "actor"
        for key, view in (("d", "#dates"), ("s", "#topics")):
            await pilot.press(key)
            await settle(pilot)
            assert app.focused is screen.query_one(view)
            assert screen.focus_choice == chosen and screen.detail_page == "actor-view"
        await pilot.press("down")  # the first move in a new view chooses, as always
        await settle(pilot)
        assert screen.focus_choice == Focus("topic", "territory")


@asynctest
async def test_navigator_entries_say_what_they_are_on_hover(content_dir, corpus):
    app, _ = make_app(content_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)

        async def hover_entry(view: str, label: str):
            rows = screen_text(app).splitlines()
            row = next(y for y, text in enumerate(rows) if f"{label} " in text)
            await pilot.hover(offset=(rows[row].index(label) + 1, row))
            await pilot.pause()
            tooltip = screen.query_one(view).tooltip
            return tooltip.plain if tooltip is not None else ""

        lavrov = corpus.actor("lavrov")
        said = await hover_entry("#actors", lavrov.name)
        assert said == f"{lavrov.role} · speaks for {corpus.actor_name(lavrov.party)}"
        await pilot.press("s")
        await settle(pilot)
        territory = corpus.topic("territory")
        assert await hover_entry("#topics", territory.title) == territory.summary
        assert await hover_entry("#topics", "All articles") == ""  # not an entry with anything to say


@pytest.mark.slow
@asynctest
async def test_choosing_a_sticking_point_selects_its_articles_and_shows_its_page(content_dir, corpus):
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("s", "down")
        screen = main_screen(app)
        assert screen.focus_choice == Focus("topic", "territory")
        listed = [o.id for o in screen.query_one("#articles").options]
        tagged = corpus.select("article").by_topic("territory").items
        expected = [a.id for a in sorted(tagged, key=lambda a: (a.published.sort_key, a.id), reverse=True)]
        assert listed == expected
        assert screen.query_one("#detail").current == "topic-view"
        text = screen_text(app)
        assert "Where each party stands" in text and "Territory" in text
        items = screen.query_one("#topic-view ItemList")
        prompts = "\n".join(str(o.prompt.body) if hasattr(o.prompt, "body") else str(o.prompt) for o in items.options)
        assert "Quotations by speaker" in prompts and "Events" in prompts


@asynctest
async def test_actor_page_lists_quotations_in_date_order_and_positions(content_dir, corpus):
    app, _ = make_app(content_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        actors = screen.query_one("#actors")
        actors.highlighted = actors.get_option_index("lavrov")
        await settle(pilot)
        assert screen.query_one("#detail").current == "actor-view"
        items = screen.query_one("#actor-view ItemList")
        quotes = [items._items[o.id] for o in items.options if o.id and o.id.startswith("quote:")]
        assert quotes == [q for q in corpus.quotes if q.speaker == "lavrov"]
        text = screen_text(app)
        assert "Foreign Minister of Russia" in text and "speaks for Russia" in text
        assert "Where Russia stands" in "\n".join(str(o.prompt) for o in items.options if o.disabled)


@pytest.mark.slow
@asynctest
async def test_a_date_shows_what_happened_then(content_dir):
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("d", "down")  # the newest year
        screen = main_screen(app)
        assert screen.focus_choice.kind == "date"
        assert screen.query_one("#detail").current == "period-view"
        assert "What happened" in screen_text(app)


@pytest.mark.slow
@asynctest
async def test_topic_actor_and_period_pages_draw_one_kind_of_header(content_dir, corpus):
    from briefing.ui import display
    from briefing.ui.widgets.item_page import ItemPage, page_header

    app, _ = make_app(content_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        topic, lavrov = corpus.topic("territory"), corpus.actor("lavrov")
        for focus, page_id, title in ((Focus("topic", topic.id), "topic-view", topic.title),
                                      (Focus("actor", lavrov.id), "actor-view", lavrov.name),
                                      (Focus("date", "2025-11"), "period-view", "November 2025")):
            screen.post_message(ShowFocus(focus))
            await settle(pilot)
            page = screen.query_one(f"#{page_id}")
            assert isinstance(page, ItemPage)
            header = page.query_one(".page-header").visual
            lines = header.plain.splitlines()
            assert lines[0] == title and "articles · " in lines[-1]
            assert header == page_header(title, header.split("\n")[1:-1], lines[-1])
            title_styles = {str(span.style) for span in header.spans if span.start == 0}
            assert "bold $text-primary" in title_styles
            assert any(str(span.style) == display.MUTED and span.end == len(header.plain) for span in header.spans)


# --------------------------------------------------------------- reading

@asynctest
async def test_opening_an_article_shows_metadata_body_and_quotations(content_dir, corpus):
    article = corpus.article_by_id["2025-11-25-russia-strikes-kyiv"]
    app, _ = make_app(content_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        articles = screen.query_one("#articles")
        articles.focus()
        articles.highlighted = articles.get_option_index(article.id)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#detail").current == "reader"
        reader = screen.query_one("#reader")
        header = "\n".join(str(reader.query_one(f"#reader-{part}").render()) for part in ("title", "meta", "url"))
        assert article.title in header and article.source in header
        assert "25 November 2025" in header and "Maria Varenikova" in header
        assert article.url[:40] in header
        panel = reader.query_one("#reader-quotes")
        assert panel.option_count == len(article.quotes)
        first = str(panel.get_option_at_index(0).prompt)
        assert "Donald Trump" in first and article.quotes[0].text in first
        # The quotation is highlighted in the body and carries its note.
        blocks = [b for b in reader.query("BodyBlock") if 0 in b.block.quotes()]
        assert blocks
        content = blocks[0].render()
        styles = {str(span.style) for span in content.spans}
        assert any("warning" in style for style in styles)
        assert "¹" in content.plain


@pytest.mark.slow
@asynctest
async def test_narrow_terminal_gives_the_article_the_whole_width_and_escape_goes_back(content_dir):
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert screen.has_class("-narrow") and screen.has_class("-reading")
        assert not screen.query_one("#browse").display or screen.query_one("#browse").region.width == 0
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.has_class("-reading")
        assert screen.query_one("#browse").region.width > 0
        assert app.focused is screen.query_one("#articles")
        await pilot.press("escape")
        assert app.focused is screen.query_one("#actors")


@asynctest
async def test_choosing_a_quotation_on_a_topic_page_opens_the_article_at_it(content_dir, corpus):
    app, _ = make_app(content_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.post_message(ShowFocus(Focus("topic", "security-guarantees")))
        await settle(pilot)
        items = screen.query_one("#topic-view ItemList")
        assert app.focused is items
        quote_index = next(i for i, o in enumerate(items.options) if o.id and o.id.startswith("quote:"))
        items.highlighted = quote_index
        quote = items.current_quote()
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.query_one("#reader")
        assert reader.article.id == quote.article_id
        assert reader.current_quote() == quote
        assert app.focused is reader.query_one("#reader-quotes")


# -------------------------------------------------------------- timeline

@pytest.mark.slow
@asynctest
async def test_timeline_toggles_lists_events_in_order_and_opens_their_article(content_dir, corpus):
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.pane("timeline") is None  # built the first time it is opened
        await pilot.press("s", "down", "t")
        await settle(pilot)
        timeline = screen.query_one("#timeline")
        assert timeline.display and app.focused is timeline
        events = [e for e in corpus.events if "territory" in e.topics]
        assert [o.id for o in timeline.options] == [f"{e.article_id}#{e.number}" for e in events]
        assert "Timeline · Territory" in screen_text(app)
        timeline.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#reader").article.id == events[0].article_id
        await pilot.press("t")
        assert not timeline.display


@asynctest
async def test_timeline_state_is_remembered(content_dir):
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
    again, _ = make_app(content_dir)
    async with again.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert again.main_screen.query_one("#timeline").display


# ---------------------------------------------------------------- search

@pytest.mark.slow
@asynctest
async def test_search_updates_as_you_type_and_highlights_matches(content_dir):
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert type(app.screen).__name__ == "SearchScreen"
        await pilot.press(*"anchorage")
        await settle(pilot)
        results = app.screen.query_one("#search-results")
        assert results.option_count > 0
        first = results.get_option_at_index(0).prompt
        assert "anchorage" in first.plain.lower()
        assert any("underline" in str(span.style) for span in first.spans)  # the matched word
        count = results.option_count
        await pilot.press(*" kind:event")
        await settle(pilot)
        assert 0 < results.option_count <= count
        assert all(o.prompt.plain.startswith(" EVENT ") for o in results.options)


@pytest.mark.slow
@asynctest
async def test_a_malformed_query_is_explained_not_raised(content_dir):
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'"unclosed')
        await settle(pilot)
        status = str(app.screen.query_one("#search-status").render())
        assert "unbalanced quote" in status
        app.screen.query_one("#search-input").value = "putin kind:nonsense"
        await settle(pilot)
        assert "unknown kind" in str(app.screen.query_one("#search-status").render())
        assert app.screen.query_one("#search-results").option_count == 0


@pytest.mark.slow
@asynctest
async def test_enter_on_a_quotation_hit_opens_the_article_scrolled_to_it(content_dir, corpus):
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"paper guarantees kind:quote")
        await settle(pilot)
        hit = app.screen.hits[0]
        assert hit.kind == "quote"
        await pilot.press("enter")
        await settle(pilot)
        screen = main_screen(app)
        reader = screen.query_one("#reader")
        assert app.screen is screen
        assert reader.article.id == hit.article_id
        assert reader.current_quote() == hit.item
        body = reader.query_one("#reader-body")
        block = next(b for b in reader.query("BodyBlock") if hit.item.number in b.block.quotes())
        assert body.scroll_offset.y <= block.virtual_region.y <= body.scroll_offset.y + body.size.height


@asynctest
async def test_escape_closes_search_without_opening_anything(content_dir):
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"putin", "escape")
        await settle(pilot)
        assert app.screen is main_screen(app)
        assert main_screen(app).query_one("#detail").current == "overview"


# --------------------------------------------------------------- actions

@pytest.mark.slow
@asynctest
async def test_y_copies_the_quotation_with_its_citation(content_dir, corpus):
    app, notes = make_app(content_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        assert notes[-1][0] == "Nothing to copy"
        screen = main_screen(app)
        screen.post_message(ShowFocus(Focus("actor", "macron")))
        await settle(pilot)
        items = screen.query_one("#actor-view ItemList")
        quote = items.current_quote()
        assert quote is not None and quote.speaker == "macron"
        await pilot.press("y")
        assert app.clipboard.startswith("“" + quote.text.split()[0])
        assert "Emmanuel Macron" in app.clipboard and corpus.article_of(quote).source in app.clipboard
        assert notes[-1][0] == "Copied Emmanuel Macron's quotation"
        assert "OSC 52" in notes[-1][1]


@asynctest
async def test_o_opens_the_url_in_a_browser_thread(content_dir, corpus, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app, notes = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # the article list, newest first
        await pilot.press("o")
        await settle(pilot)
        newest = corpus.articles[-1]
        assert opened == [newest.url]
        assert notes[-1] == ("Opening in your browser", newest.url)


@pytest.mark.slow
@asynctest
async def test_e_exports_the_sticking_point_and_asks_before_replacing(content_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app, notes = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("e")
        assert notes[-1][0] == "Nothing to export"
        await pilot.press("s", "down", "e")
        await settle(pilot)
        assert type(app.screen).__name__ == "ExportScreen"
        target = tmp_path / "briefing-territory.md"
        assert app.screen.query_one("#export-path").value == str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.read_text(encoding="utf-8").lstrip().startswith(("---", "#"))
        assert "Territory" in target.read_text(encoding="utf-8")
        assert notes[-1][1] == str(target.resolve())
        # Again: the file exists, so the reader asks; "n" keeps it.
        target.write_text("keep me", encoding="utf-8")
        await pilot.press("e", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == "keep me"
        assert type(app.screen).__name__ == "ExportScreen"
        await pilot.press("enter", "y")
        await settle(pilot)
        assert "Territory" in target.read_text(encoding="utf-8")
        assert app.screen is main_screen(app)


@pytest.mark.slow
@asynctest
async def test_export_to_a_missing_folder_is_explained(content_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app, _ = make_app(content_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("s", "down", "e")
        await settle(pilot)
        path_input = app.screen.query_one("#export-path")
        path_input.value = str(tmp_path / "nowhere" / "brief.md")
        await pilot.press("enter")
        await settle(pilot)
        assert "does not exist" in str(app.screen.query_one("#export-error").render())
        assert not (tmp_path / "nowhere").exists()


@asynctest
async def test_help_lists_every_key(content_dir):
    app, _ = make_app(content_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        text = screen_text(app)
        for words in ("search quotations", "browse by actor", "browse by date", "browse by sticking point",
                      "timeline", "export the current sticking point", "copy the highlighted quotation",
                      "open the article's URL", "quit", "actor:lavrov"):
            assert words in text, words
        await pilot.press("escape")
        assert app.screen is main_screen(app)


@asynctest
async def test_footer_shows_the_keys(content_dir):
    app, _ = make_app(content_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        for words in ("/ Search", "a", "d", "s", "t Timeline", "e Export", "y Copy", "o Open", "? Help", "q Quit"):
            assert words in footer, words


@asynctest
async def test_footer_keys_answer_the_mouse(content_dir):
    from briefing.ui.widgets.footer import KeysFooter

    app, _ = make_app(content_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = app.query_one(KeysFooter)
        line = screen_text(app).splitlines()[-1]
        await pilot.hover(KeysFooter, offset=(line.index("Search"), 0))
        await pilot.pause()
        assert footer.tooltip == "search quotations, articles and events"
        await pilot.click(KeysFooter, offset=(line.index("Timeline"), 0))
        await settle(pilot)
        assert main_screen(app).timeline_open
        await pilot.click(KeysFooter, offset=(line.index("palette"), 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "Palette"


@pytest.mark.slow
@asynctest
async def test_command_palette_finds_actors_topics_and_articles(content_dir):
    app, _ = make_app(content_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"lavrov")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(app).focus_choice == Focus("actor", "lavrov")
        await pilot.press("ctrl+p", *"nato membership")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(app).focus_choice == Focus("topic", "nato-membership")
        await pilot.press("ctrl+p", *"witkoff to moscow")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(app).query_one("#reader").article.id == "2025-11-26-witkoff-to-moscow"


@asynctest
async def test_a_second_selection_queued_in_the_command_palette_does_not_pop_the_screen_below(content_dir):
    """The monkey test's crash: the palette, already gone, handled a queued selection and
    dismissed again, and Textual's dismiss pops whatever screen is on top."""
    app, _ = make_app(content_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"lavrov")
        await settle(pilot)
        palette = app.screen
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main_screen and palette not in app.screen_stack
        await pilot.press("question_mark")  # a dialog on top, which a stray dismiss would pop
        await settle(pilot)
        help_screen = app.screen
        palette.dismiss()
        await settle(pilot)
        assert app.screen is help_screen and len(app.screen_stack) == 2

# ---------------------------------------------------------------- problems

def _broken_content(content_dir: Path, tmp_path: Path) -> Path:
    root = copy_content(content_dir, tmp_path / "content")
    (root / "articles" / "bad-date.md").write_text(
        "---\ntitle: Bad\nsource: Nowhere\npublished: 2025-02-30\n---\nBody.\n", encoding="utf-8")
    (root / "articles" / "unknown-speaker.md").write_text(
        "---\ntitle: Odd\nsource: Nowhere\npublished: 2025-03-01\nquotes:\n  - speaker: lavorv\n"
        "    text: Body\n---\nBody.\n", encoding="utf-8")
    return root


@asynctest
async def test_problems_are_listed_and_the_rest_stays_usable(content_dir, tmp_path, corpus):
    root = _broken_content(content_dir, tmp_path)
    app, notes = make_app(root)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert "2 problems · p" in screen_text(app)
        assert any(title == "Content problems" for title, _ in notes)
        assert len(app.corpus.articles) == len(corpus.articles)
        await pilot.press("p")
        assert type(app.screen).__name__ == "ProblemsScreen"
        listed = [o.prompt.plain for o in app.screen.query_one("#problems-list").options]
        assert any(line.endswith("bad-date.md:4: '2025-02-30' is not a calendar date (February 2025 has 28 days)")
                   or ("bad-date.md:4:" in line) for line in listed)
        assert any("unknown-speaker.md:6:" in line and "lavrov" in line for line in listed)
        await pilot.press("escape", "s", "down")
        assert main_screen(app).focus_choice == Focus("topic", "territory")


@asynctest
async def test_no_problems_no_badge_and_p_does_nothing(content_dir):
    app, _ = make_app(content_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "problem" not in screen_text(app).splitlines()[0]
        await pilot.press("p")
        assert app.screen is main_screen(app)


@asynctest
async def test_a_missing_content_directory_is_reported(tmp_path):
    app, _ = make_app(tmp_path / "nothing-here")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Nothing could be loaded" in text and "content directory not found" in text
        await pilot.press("slash")
        assert app.screen is main_screen(app)


# ------------------------------------------------------------------- safety

HOSTILE = """---
title: "Hostile [bold]title[/] \\e[31mred"
source: "[link=https://evil.example]Source[/link]"
published: 2025-11-27
authors: ["[@click=app.quit]Author[/]"]
url: https://example.org/a
quotes:
  - speaker: lavrov
    text: "[bold]x[/] is not markup"
    context: "[blink]context[/]"
events:
  - date: 2025-11-27
    title: "Event [red]title[/]"
    actors: [lavrov]
---
Lavrov said "[bold]x[/] is not markup" and then \x1b[2J\x1b]52;c;aGk=\x07 nothing.
"""


@asynctest
async def test_content_is_text_never_markup_or_terminal_control(content_dir, tmp_path):
    root = copy_content(content_dir, tmp_path / "content")
    (root / "articles" / "2025-11-27-hostile.md").write_text(HOSTILE, encoding="utf-8")
    app, _ = make_app(root)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert not app.corpus.problems, app.corpus.problems
        screen = main_screen(app)
        screen.post_message(OpenArticle("2025-11-27-hostile", 0))
        await pilot.press("t")
        await settle(pilot)
        text = screen_text(app)
        for literal in ("[bold]x[/] is not markup", "Hostile [bold]title[/]",
                        "[link=https://evil.example]Source[/link]",
                        "[@click=app.quit]Author[/]", "[blink]context[/]", "Event [red]title[/]"):
            assert literal in text, literal
        assert "\x1b" not in text and "\x07" not in text
        assert app.is_running  # the [@click=app.quit] did nothing
        await pilot.press("y")
        assert "[bold]x[/] is not markup" in app.clipboard and "\x1b" not in app.clipboard


# ------------------------------------------------------------------ themes

@pytest.mark.slow
@asynctest
async def test_theme_option_palette_switch_and_persistence(content_dir):
    from briefing.ui.settings import load_settings

    app, _ = make_app(content_dir, theme="light")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert app.theme == "light" and not app.current_theme.dark
        app.theme = "high-contrast"
        await pilot.pause()
        assert load_settings().theme == "high-contrast"
    again = BriefingApp(content_dir=content_dir)
    assert again.theme == "high-contrast"
    async with again.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"theme")
        await settle(pilot)
        await pilot.press("enter")  # Textual's "Theme" command opens the theme list
        await settle(pilot)
        await pilot.press(*"light", "enter")
        await settle(pilot)
        assert again.theme == "light"
        assert load_settings().theme == "light"


@asynctest
async def test_a_broken_user_theme_is_reported_not_fatal(content_dir):
    from briefing.ui.themes import user_themes_dir

    folder = user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("name: mine\nprimary: '#336699'\n", encoding="utf-8")
    (folder / "bad.yaml").write_text("name: bad\nprimary: [\n", encoding="utf-8")
    app, notes = make_app(content_dir, theme="mine")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert app.theme == "mine"
        assert any(title == "Theme problem" and "bad.yaml" in message for title, message in notes)
        assert any("bad.yaml" in str(problem) for problem in app.problems)


# ------------------------------------------------------------------ launch

def test_launch_refuses_an_unknown_theme_with_a_suggestion(capsys):
    from argparse import Namespace

    from briefing.ui.launch import run_reader

    assert run_reader(Namespace(content=None, theme="ligth")) == 1
    error = capsys.readouterr().err
    assert "unknown theme 'ligth'" in error and "did you mean 'light'" in error


def test_launch_refuses_a_missing_content_directory(tmp_path, capsys):
    from argparse import Namespace

    from briefing.ui.launch import run_reader

    assert run_reader(Namespace(content=str(tmp_path / "missing"), theme=None)) == 1
    assert "content directory not found" in capsys.readouterr().err


def test_the_reader_starts_without_yaml_the_model_or_argparse():
    """What the first frame needs is imported before it; the rest (the YAML parser, the
    corpus, argument parsing) comes later, if at all. Asserted, not timed."""
    import os
    import subprocess
    import sys

    from briefing.ui.settings import Settings, save_settings

    save_settings(Settings(theme="light", timeline=True))  # in this test's own config folder (conftest)
    code = ("import sys\n"
            "from briefing.cli import quick_arguments\n"
            "from briefing.ui.themes import load_themes\n"
            "from briefing.ui.settings import load_settings\n"
            "import briefing.ui.app\n"
            "args = quick_arguments(sys.argv[1:]); themes = load_themes(); settings = load_settings()\n"
            "assert settings == type(settings)(theme='light', timeline=True)\n"
            "print(sorted(m for m in ('yaml', 'briefing.model', 'briefing.corpus', 'argparse') if m in sys.modules))\n")
    run = [sys.executable, "-c", code, "--content", "x"]
    root = Path(__file__).resolve().parents[2]
    first = subprocess.run(run, capture_output=True, text=True, check=True, cwd=root, env=dict(os.environ))
    assert "yaml" in first.stdout  # the first start reads the theme files (and caches what they said)
    again = subprocess.run(run, capture_output=True, text=True, check=True, cwd=root, env=dict(os.environ))
    assert again.stdout.strip() == "[]"


def test_launch_module_does_not_import_textual():
    import subprocess
    import sys

    code = "import sys, briefing.ui.launch; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "False"
