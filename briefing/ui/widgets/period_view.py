"""A period's page (a year, a month or a day): what happened, and what was said."""

from __future__ import annotations

from briefing.corpus import Corpus
from briefing.browse import Focus, articles_for, events_for, period_label, quotes_for
from briefing.ui.widgets.item_list import event_prompt, heading, note, quote_prompt
from briefing.ui.widgets.item_page import ItemPage
from briefing.text import counted


class PeriodView(ItemPage):
    def show(self, corpus: Corpus, focus: Focus) -> None:
        events = events_for(corpus, focus)
        quotes = quotes_for(corpus, focus)
        articles = articles_for(corpus, focus)
        counts = " · ".join([counted(len(articles), "article"), counted(len(events), "event"),
                             counted(len(quotes), "quotation")])
        rows: list = [heading("What happened", len(events))]
        if not events:
            rows.append(note("No events recorded in this period."))
        rows.extend((e, event_prompt(e)) for e in events)
        rows += [None, heading("What was said", len(quotes))]
        if not quotes:
            rows.append(note("No quotations from this period."))
        rows.extend((q, quote_prompt(corpus, q)) for q in quotes)
        self.show_page(period_label(focus.key), [], counts, rows)
