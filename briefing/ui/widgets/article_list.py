"""The articles of the current selection: date, source and title, newest first."""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from briefing.ui import display
from briefing.ui.messages import OpenArticle
from briefing.ui.widgets.lists import Options

if TYPE_CHECKING:
    from briefing.dates import PartialDate


class Listed(Protocol):
    """What the list shows of an article: an Article, or a summary's Header before the corpus is read."""

    @property
    def id(self) -> str: ...
    @property
    def published(self) -> PartialDate: ...
    @property
    def source(self) -> str: ...
    @property
    def title(self) -> str: ...


# Articles are listed a page at a time: a long list costs its height
# computation up front, and a reader who needs the 300th article searches.
PAGE = 50
MORE_ID = "*more*"  # never an article id (ids start with a letter or digit)


# What the list shows of the reader's marks on an article: (read, starred, noted).
ArticleMarks = tuple[bool, bool, bool]
UNMARKED: ArticleMarks = (False, False, False)


def article_prompt(article: Listed, marks: ArticleMarks = UNMARKED) -> Content:
    """Date · source, then the title; a read article's title is muted, a starred or noted one flagged."""
    read, starred, noted = marks
    flags = ("★ " if starred else "") + ("✎ " if noted else "")
    meta = Content.assemble((flags, display.NOTE), (display.short_date(article.published).strip(), display.MUTED),
                            (" · ", display.MUTED), display.line(article.source, "$text-secondary"))
    return Content("\n").join([meta, display.line(article.title, display.MUTED if read else "")])


class ArticleList(Options):
    """Posts `OpenArticle` when an article is chosen; 'more' rows extend the list."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._articles: Sequence[Listed] = ()
        self._total = 0
        self._listed = 0
        self.marks_of: Callable[[str], ArticleMarks] | None = None  # set by the screen once marks are known
        self._marks_shown: dict[str, ArticleMarks] = {}

    def show(self, title: str, articles: Sequence[Listed], total: int | None = None) -> None:
        """List articles (newest first); `total` when `articles` holds only the newest."""
        current = self.current_article_id()
        self._articles = articles
        self._total = len(articles) if total is None else total
        self._listed = 0
        self._marks_shown = {}
        self.clear_options()
        self._add_page()
        self.border_title = Content.assemble(display.line(title), " ", display.count(self._total))
        listed_ids = [a.id for a in articles[:self._listed]]
        if current is not None and current in listed_ids:
            self.highlighted = self.get_option_index(current)
        elif articles:
            self.highlighted = 0

    def _add_page(self) -> None:
        if self._listed and self.option_count and self.options[-1].id == MORE_ID:
            self.remove_option(MORE_ID)
        page = self._articles[self._listed:self._listed + PAGE]
        options: list[Option | None] = []
        for article in page:
            if self._listed or options:
                options.append(None)  # a rule between two-line entries
            marks = self._marks(article.id)
            self._marks_shown[article.id] = marks
            options.append(Option(article_prompt(article, marks), id=article.id))
        self._listed += len(page)
        remaining = self._total - self._listed
        if remaining > 0:
            options.append(None)
            if self._listed < len(self._articles):
                more = f"↓ {min(PAGE, remaining):,} more of {remaining:,} older articles (enter)"
                options.append(Option(Content.styled(more, display.MUTED + " italic"), id=MORE_ID))
            else:  # the rest is still loading, or the list was cut short
                options.append(Option(Content.styled(f"… {remaining:,} older articles", display.MUTED),
                                      disabled=True))
        self.add_options(options)

    def _marks(self, article_id: str) -> ArticleMarks:
        return self.marks_of(article_id) if self.marks_of is not None else UNMARKED

    def show_marks(self) -> None:
        """The reader's marks changed: draw again the listed articles whose marks differ."""
        for article in self._articles[:self._listed]:
            marks = self._marks(article.id)
            if self._marks_shown.get(article.id) != marks:
                self._marks_shown[article.id] = marks
                self.replace_option_prompt(article.id, article_prompt(article, marks))

    def listed_ids(self) -> list[str]:
        return [article.id for article in self._articles]

    def current_article_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and option.id != MORE_ID else None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == MORE_ID:
            first_new = self._listed
            self._add_page()
            self.highlighted = self.get_option_index(self._articles[first_new].id)
        elif event.option.id:
            self.post_message(OpenArticle(event.option.id))
