"""The reading pane: one article, its quotations highlighted and listed with their speakers.

The body is Markdown rendered block by block (briefing.ui.body); each
quotation is highlighted where it occurs and carries a superscript note.
The quotations panel below lists every quotation with its speaker; moving
through it scrolls the body to the quotation and marks it as current, and
the current quotation is what `y` copies.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content, Span
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefing.corpus import Corpus
from briefing.model import Article, Quote
from briefing.state import ARTICLE
from briefing.state.store import NO_MARK, Mark, ReadingState
from briefing.text import fold_for_search
from briefing.ui import display
from briefing.ui.body import Block, article_blocks, note_label
from briefing.ui.widgets.lists import Options
from briefing.ui.widgets.starred_view import STAR, note_lines

MARK_STYLES = {
    "em": "italic",
    "strong": "bold",
    "code": "$text-accent",
    "strike": "strike",
    "link": "underline",
    "note": display.NOTE,
}
BLOCK_STYLES = {"heading": "bold $text-primary", "code": "$text-muted", "table": "", "rule": display.MUTED}


def block_content(block: Block, current: int | None) -> Content:
    """A body block as Content; the current quotation stands out from the rest."""
    if block.kind == "rule":
        return Content.styled("─" * 24, display.MUTED)
    spans = []
    for mark in block.marks:
        if mark.style == "quote":
            style = display.CURRENT_QUOTE if mark.quote == current else display.QUOTE
        else:
            style = MARK_STYLES.get(mark.style, "")
        if style:
            spans.append(Span(mark.start, mark.end, style))
    content = Content(block.text, spans=spans)
    if block.kind == "blockquote":
        content = Content.assemble(("▌ " * block.level, display.MUTED), content.stylize("italic"))
    base = BLOCK_STYLES.get(block.kind, "")
    return content.stylize_before(base) if base else content


class BodyBlock(Static):
    def __init__(self, block: Block) -> None:
        super().__init__(block_content(block, None), classes=f"block -{block.kind}")
        self.block = block

    def mark_current(self, current: int | None) -> None:
        self.update(block_content(self.block, current))


def quote_option(corpus: Corpus, quote: Quote, mark: Mark = NO_MARK) -> Option:
    speaker = corpus.actor(quote.speaker)
    who = [display.line(speaker.name if speaker else quote.speaker, display.SPEAKER)]
    if speaker and speaker.role:
        who.append(display.line(speaker.role, display.MUTED))
    head = Content.assemble((note_label(quote.number) + " ", display.NOTE), (STAR, display.NOTE) if mark.starred else "",
                            display.join(who))
    lines = [head, Content.assemble("“", display.line(quote.text), "”")]
    if quote.context:
        lines.append(display.join([display.line(quote.context), quote.date.human()], style=display.MUTED)
                     .stylize(display.MUTED + " italic"))
    lines.extend(note_lines(mark.note))
    return Option(Content("\n").join(lines), id=str(quote.number))


class QuotesPanel(Options):
    """Every quotation of the article, with its speaker."""


class ReaderPane(Vertical):
    current_quote_number: reactive[int | None] = reactive(None, init=False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self._corpus: Corpus | None = None
        self._state: ReadingState | None = None
        self._marks_shown: dict[int, Mark] = {}  # quotation number -> the mark its option shows

    def compose(self) -> ComposeResult:
        with Vertical(id="reader-header"):
            yield Static(id="reader-title")
            yield Static(id="reader-meta")
            yield Static(id="reader-url")
            yield Static(id="reader-marks")
        yield VerticalScroll(id="reader-body", can_focus=True)
        yield QuotesPanel(id="reader-quotes", compact=True)

    async def show(self, corpus: Corpus, article: Article, quote: int | None = None,
                   state: ReadingState | None = None) -> None:
        """Show an article with the reader's marks; with `quote`, scrolled to that quotation."""
        same = self.article is not None and self.article.id == article.id and self._corpus is corpus
        self._corpus = corpus
        self.article = article
        self._state = state
        if not same:
            self._show_header(article)
            body = self.query_one("#reader-body", VerticalScroll)
            await body.remove_children()
            await body.mount_all([BodyBlock(b) for b in article_blocks(article.body, article.quotes)])
            body.scroll_home(animate=False)
            panel = self.query_one(QuotesPanel)
            options: list[Option | None] = []
            for each in article.quotes:
                options += [quote_option(corpus, each, self._mark(each.number)), None]  # None: a rule between them
            panel.set_options(options[:-1])
            self._marks_shown = {each.number: self._mark(each.number) for each in article.quotes}
            panel.border_title = Content.assemble("Quotations ", display.count(len(article.quotes)))
            panel.display = bool(article.quotes)
            panel.highlighted = None  # nothing is "the" quotation until one is chosen
            self.current_quote_number = None
        self._show_marks()
        if quote is not None and 0 <= quote < len(article.quotes):
            self.query_one(QuotesPanel).highlighted = quote
            self.current_quote_number = quote

    def _show_header(self, article: Article) -> None:
        self.query_one("#reader-title", Static).update(display.line(article.title, "bold $text-primary"))
        meta: list[Content | str] = [display.line(article.source, "bold"), article.published.human()]
        if article.authors:
            meta.append(Content.assemble("by ", display.line(", ".join(article.authors))))
        self.query_one("#reader-meta", Static).update(display.join(meta))
        url = self.query_one("#reader-url", Static)
        url.update(display.line(article.url, "underline $text-secondary"))
        url.display = bool(article.url)

    def _mark(self, quote: int) -> Mark:
        return self._state.mark(self.article.id, quote) if self._state and self.article else NO_MARK

    def show_marks(self, state: ReadingState | None) -> None:
        """The marks changed (or arrived): draw again what differs."""
        self._state = state
        self._show_marks()

    def _show_marks(self) -> None:
        if self.article is None or self._corpus is None:
            return
        own = self._mark(ARTICLE)
        parts: list[Content | str] = []
        if own.starred:
            parts.append(Content.styled("★ starred", display.NOTE))
        if not own.read and self._state is not None:
            parts.append("unread (m marks it read)")
        lines = [display.join(parts)] if parts else []
        marks = self.query_one("#reader-marks", Static)
        marks.update(Content("\n").join([*lines, *note_lines(own.note)]))
        marks.display = bool(lines or own.note)
        panel = self.query_one(QuotesPanel)
        for each in self.article.quotes:
            mark = self._mark(each.number)
            if self._marks_shown.get(each.number, NO_MARK) != mark:
                panel.replace_option_prompt(str(each.number), quote_option(self._corpus, each, mark).prompt)
        self._marks_shown = {each.number: self._mark(each.number) for each in self.article.quotes}

    def current_quote(self) -> Quote | None:
        if self.article is None or self.current_quote_number is None:
            return None
        return self.article.quotes[self.current_quote_number]

    def watch_current_quote_number(self, old: int | None, new: int | None) -> None:
        for block in self.query(BodyBlock):
            if {old, new} & set(block.block.quotes()):
                block.mark_current(new)
        if new is not None:
            self.call_after_refresh(self._scroll_to_quote, new)

    def _scroll_to_quote(self, number: int) -> None:
        for block in self.query(BodyBlock):
            if number in block.block.quotes():
                self.query_one("#reader-body", VerticalScroll).scroll_to_center(block, animate=False)
                return

    def reveal(self, passage: str = "") -> None:
        """Scroll to a passage of the body (a search hit's paragraph), else to the
        current quotation, once the pane, just made visible, has been laid out."""
        self.call_after_refresh(self._reveal, passage)

    def _reveal(self, passage: str) -> None:
        probe = fold_for_search(passage)[:48]
        if probe:
            for block in self.query(BodyBlock):
                if probe in fold_for_search(block.block.text):
                    self.query_one("#reader-body", VerticalScroll).scroll_to_widget(block, animate=False, top=True)
                    return
        if self.current_quote_number is not None:
            self._scroll_to_quote(self.current_quote_number)

    @on(OptionList.OptionHighlighted, "#reader-quotes")
    def _quote_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None and self.article is not None:
            self.current_quote_number = int(event.option.id)

    @on(OptionList.OptionSelected, "#reader-quotes")
    def _quote_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.current_quote_number = int(event.option.id)
            self._scroll_to_quote(self.current_quote_number)
