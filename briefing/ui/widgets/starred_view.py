"""The Starred page: what the reader starred or noted, article by article.

Each article with a mark is a heading (its star and note beside it); its
starred or noted quotations follow, with their notes. Enter opens a
quotation in its article; `*` and `n` work on the highlighted one here too.
The articles themselves are listed (and opened) in the article list.
"""

from __future__ import annotations

from itertools import groupby

from textual.content import Content
from textual.widgets.option_list import Option, OptionDoesNotExist

from briefing.browse import Marked
from briefing.corpus import Corpus
from briefing.ui import display
from briefing.ui.widgets.item_list import ItemList, heading, indented, note, quote_prompt
from briefing.ui.widgets.item_page import ItemPage
from briefing.text import counted

STAR = "★ "
NOTE_MARK = "✎ "


def note_lines(text: str, indent: int = 0) -> list[Content]:
    """A note's lines, each marked, as plain text (a note is the reader's own, but never markup)."""
    lines = [display.line(part) for part in text.splitlines() if part.strip()]
    return [Content.assemble(" " * indent, (NOTE_MARK if i == 0 else "  ", display.NOTE), part.stylize("italic"))
            for i, part in enumerate(lines)]


def marked_quote_prompt(corpus: Corpus, marked: Marked) -> Content:
    assert marked.quote is not None
    prompt = quote_prompt(corpus, marked.quote)
    if marked.starred:
        prompt = Content.assemble((STAR, display.NOTE), prompt)
    return Content("\n").join([prompt, *note_lines(marked.note)])


class StarredView(ItemPage):
    def show(self, corpus: Corpus, marked: tuple[Marked, ...], orphaned: int = 0) -> None:
        """`orphaned`: stars and notes kept for articles the folder no longer has (renamed or deleted)."""
        rows: list = []  # Rows; an item's prompt may be a Hanging (indented)
        quotes = sum(1 for m in marked if m.quote is not None)
        for _article_id, group in groupby(marked, key=lambda m: m.article.id):
            entries = list(group)
            article = entries[0].article
            own = entries[0] if entries[0].quote is None else None
            title = Content.assemble((STAR, display.NOTE) if own is not None and own.starred else "",
                                     display.line(article.title, display.SUBHEADING))
            meta = display.join([display.line(article.source), display.short_date(article.published).strip()])
            if rows:
                rows.append(None)
            rows.append(Option(Content("\n").join([title, meta, *note_lines(own.note if own else "")]),
                               disabled=True))
            rows.extend((m.quote, indented(marked_quote_prompt(corpus, m))) for m in entries if m.quote is not None)
        if not rows:
            rows.append(note("Nothing starred or noted yet: * stars the highlighted quotation (else the article), "
                             "n writes a note on it."))
        if orphaned:
            rows += [None, note(f"{counted(orphaned, 'star')} or notes on articles this folder "
                                "no longer has (renamed or deleted) are kept, and come back with the article.")]
        articles = len({m.article.id for m in marked})
        items = self.query_one(ItemList)
        kept = items.highlighted_option.id if items.highlighted_option is not None else None
        self.show_page("Starred and noted", [], f"{counted(articles, 'article')} · {counted(quotes, 'quotation')} · "
                       "* stars or unstars · n edits a note", [heading("By article", articles), *rows])
        if kept is not None:  # a star or note changed here: stay on the same quotation
            try:
                items.highlighted = items.get_option_index(kept)
            except OptionDoesNotExist:  # it was unstarred here
                pass
