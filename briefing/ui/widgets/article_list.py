"""The articles of the current selection: date, source and title, newest first."""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.model import Article
from briefing.ui import display
from briefing.ui.messages import OpenArticle
from briefing.ui.widgets.lists import Options

# A list longer than this is not read, it is searched: show the newest and say so.
MAX_LISTED = 500


def article_prompt(article: Article) -> Content:
    meta = Content.assemble((display.short_date(article.published).strip(), display.MUTED),
                            (" · ", display.MUTED), display.line(article.source, "$text-secondary"))
    return Content("\n").join([meta, display.line(article.title)])


class ArticleList(Options):
    """Posts `OpenArticle` when an article is chosen."""

    def show(self, title: str, articles: tuple[Article, ...]) -> None:
        current = self.highlighted_option.id if self.highlighted_option else None
        options: list[Option | None] = []
        for article in articles[:MAX_LISTED]:
            options.append(Option(article_prompt(article), id=article.id))
            options.append(None)  # a separator between two-line entries
        if len(articles) > MAX_LISTED:
            more = len(articles) - MAX_LISTED
            options.append(Option(Content.styled(
                f"… {more:,} older articles: narrow the selection or search (/)", display.MUTED), disabled=True))
        elif options:
            options.pop()
        self.set_options(options)
        self.border_title = Content.assemble(display.line(title), " ", display.count(len(articles)))
        if current is not None and any(a.id == current for a in articles[:MAX_LISTED]):
            self.highlighted = self.get_option_index(current)
        elif articles:
            self.highlighted = 0

    def current_article_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(OpenArticle(event.option.id))
