"""The collapsible timeline: the current selection's events in date order.

Hidden until opened (t). Choosing an event opens the article that reports it.
"""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.corpus import Corpus
from briefing.model import Event
from briefing.ui import display
from briefing.ui.messages import OpenArticle
from briefing.ui.widgets.lists import Options

# Beyond this many events only the latest are listed; the title says so.
MAX_EVENTS = 1000


def event_id(event: Event) -> str:
    return f"{event.article_id}#{event.number}"


class Timeline(Options):
    def show(self, corpus: Corpus, title: str, events: tuple[Event, ...]) -> None:
        shown = events[-MAX_EVENTS:]
        options: list[Option] = []
        if len(events) > len(shown):
            earlier = f"… {len(events) - len(shown):,} earlier events: narrow the selection"
            options.append(Option(Content.styled(earlier, display.MUTED), disabled=True))
        previous = None
        for event in shown:
            # Several events on one day read as a block under one date.
            day = display.short_date(event.date)
            label = day if day != previous else " " * len(day)
            previous = day
            body = [display.line(event.title)]
            if event.place:
                body += [Content.styled(" · ", display.MUTED), display.line(event.place, display.MUTED)]
            prompt = display.Hanging(Content.styled(label + "  ", display.MUTED), Content.assemble(*body))
            options.append(Option(prompt, id=event_id(event)))
        if not options:
            options.append(Option(Content.styled("No events for this selection", display.MUTED), disabled=True))
        self.set_options(options)
        self.border_title = Content.assemble("Timeline · ", display.line(title), " ", display.count(len(events)))
        # The latest events are the news: start at the bottom.
        if shown:
            self.highlighted = len(options) - 1
            self.call_after_refresh(self.scroll_end, animate=False)

    def current_article_id(self) -> str | None:
        """The article that reports the highlighted event."""
        option = self.highlighted_option
        return option.id.rpartition("#")[0] if option is not None and option.id else None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            article_id, _, _ = event.option.id.rpartition("#")
            self.post_message(OpenArticle(article_id))
