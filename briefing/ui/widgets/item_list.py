"""A list of quotations, positions and events under section headings.

The topic and actor pages are built from it: one scrolling, keyboard-driven
list where Enter on any item opens the article it comes from (scrolled to
the quotation), and the highlighted quotation is the one `y` copies.
"""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.corpus import Corpus
from briefing.model import Event, Position, Quote
from briefing.ui import display
from briefing.ui.messages import OpenArticle
from briefing.ui.widgets.lists import Options

Item = Quote | Event | Position
Row = Option | tuple[Item, Content] | None  # a heading or note, an item with its prompt, a gap


def heading(title: str, number: int | None = None) -> Option:
    parts = [Content.styled(title, display.HEADING)]
    if number is not None:
        parts += [Content(" "), display.count(number)]
    return Option(Content.assemble(*parts), disabled=True)


def note(message: str) -> Option:
    return Option(Content.styled(message, display.MUTED + " italic"), disabled=True)


def quote_prompt(corpus: Corpus, quote: Quote, show_speaker: bool = True) -> Content:
    article = corpus.article_of(quote)
    meta = [Content.styled(display.short_date(quote.date).strip(), display.MUTED)]
    if show_speaker:
        meta.insert(0, display.line(corpus.actor_name(quote.speaker), display.SPEAKER))
    meta.append(display.line(article.source, display.MUTED))
    lines = [display.join(meta), Content.assemble("“", display.line(quote.text), "”")]
    if quote.context:
        lines.append(display.line(quote.context, display.MUTED + " italic"))
    return Content("\n").join(lines)


def position_prompt(corpus: Corpus, position: Position, show_party: bool = False,
                    show_topic: bool = False, indent: int = 0) -> display.Hanging:
    """'26 Nov 2025  [Topic · Party:] stance', the stance wrapped beside the date."""
    body = [display.line(position.stance)]
    if show_party:
        body.insert(0, Content.assemble(display.line(corpus.actor_name(position.party), display.SPEAKER), ": "))
    if show_topic:
        topic = corpus.topic(position.topic)
        body.insert(0, Content.assemble(display.line(topic.title if topic else position.topic, display.SUBHEADING),
                                        ": "))
    date = " " * indent + display.short_date(position.date) + "  "
    return display.Hanging(Content.styled(date, display.MUTED), Content.assemble(*body))


def event_prompt(event: Event) -> display.Hanging:
    body = [display.line(event.title)]
    if event.place:
        body += [Content.styled(" · ", display.MUTED), display.line(event.place, display.MUTED)]
    date = Content.styled(display.short_date(event.date) + "  ", display.MUTED)
    return display.Hanging(date, Content.assemble(*body))


def indented(prompt: Content, by: int = 2) -> display.Hanging:
    """An entry set in under its heading, wrapped lines included."""
    return display.Hanging(Content(" " * by), prompt)


class ItemList(Options):
    """Options carry their item; headings and notes are disabled options."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._items: dict[str, Item] = {}

    def fill(self, rows: list[Row]) -> None:
        """Rows: headings/notes (Option), items with their prompt, None for a gap."""
        self._items = {}
        options: list[Option | None] = []
        for row in rows:
            if isinstance(row, tuple):
                item, prompt = row
                option_id = f"{item.kind}:{item.article_id}#{item.number}"
                if option_id in self._items:  # the same item listed twice on a page
                    option_id += f"@{len(options)}"
                self._items[option_id] = item
                options.append(Option(prompt, id=option_id))
            else:
                options.append(row)
        self.set_options(options)
        self.highlighted = next((i for i, o in enumerate(self.options) if not o.disabled), None)
        self.scroll_home(animate=False)

    def current_item(self) -> Item | None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return None
        return self._items.get(option.id)

    def current_quote(self) -> Quote | None:
        item = self.current_item()
        return item if isinstance(item, Quote) else None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self._items.get(event.option.id or "")
        if item is not None:
            self.post_message(OpenArticle(item.article_id, item.number if isinstance(item, Quote) else None))
