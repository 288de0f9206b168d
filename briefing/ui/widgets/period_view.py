"""A period's page (a year, a month or a day): what happened, and what was said."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from briefing.corpus import Corpus
from briefing.ui import display
from briefing.ui.browse import Focus, articles_for, events_for, period_label, quotes_for
from briefing.ui.widgets.item_list import ItemList, event_prompt, heading, note, quote_prompt


class PeriodView(Vertical):
    def compose(self) -> ComposeResult:
        yield Static(classes="page-header")
        yield ItemList(classes="page-items", compact=True)

    def show(self, corpus: Corpus, focus: Focus) -> None:
        events = events_for(corpus, focus)
        quotes = quotes_for(corpus, focus)
        articles = articles_for(corpus, focus)
        lines = [Content.styled(period_label(focus.key), "bold $text-primary"),
                 Content.styled(f"{len(articles)} articles · {len(events)} events · {len(quotes)} quotations",
                                display.MUTED)]
        self.query_one(".page-header", Static).update(Content("\n").join(lines))
        rows: list = [heading("What happened", len(events))]
        if not events:
            rows.append(note("No events recorded in this period."))
        rows.extend((e, event_prompt(e)) for e in events)
        rows += [None, heading("What was said", len(quotes))]
        if not quotes:
            rows.append(note("No quotations from this period."))
        rows.extend((q, quote_prompt(corpus, q)) for q in quotes)
        self.query_one(ItemList).fill(rows)
