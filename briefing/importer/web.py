"""A saved or fetched web page → one RawArticle, with trafilatura.

trafilatura finds the article's main text among the navigation, adverts and
footers, and reads the page's metadata (og: and article: tags, the canonical
link, bylines, htmldate's publication date). It is imported here, on the
first page, so plain-text import and the reader never load it.

The page is untrusted: control characters, raw or written as character
references (`&#27;`), are taken out before parsing (lxml gives up on some,
and they must not reach a terminal), and everything extracted goes through
briefing.text's printable/one_line.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from briefing.importer.layouts import RawArticle, article_from_fields, settle_publication
from briefing.importer.outlets import known_outlet
from briefing.importer.reading import ReadError
from briefing.text import fold_for_search, one_line, printable

PAGE_DATE = "the web page's metadata"
MIN_WORDS = 20   # the shortest news item is longer; a page with less holds no article
_RAW_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_REFERENCE = re.compile(rb"&#(x[0-9a-f]+|[0-9]+);?", re.IGNORECASE)


def page_article(data: bytes, where: str, today: dt.date, url: str = "") -> RawArticle:
    """The page's article; `url` is where it was fetched from (the canonical link wins)."""
    trafilatura = _trafilatura()
    try:
        document = trafilatura.bare_extraction(
            without_controls(data), url=url or None, with_metadata=True, include_comments=False,
            include_tables=False, date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as error:  # noqa: BLE001 — a third-party parser on untrusted input: its failure is this file's, not a crash
        raise ReadError(where, 0, f"cannot read the web page ({type(error).__name__})") from None
    text = _paragraphs(getattr(document, "text", None) or "")
    words = sum(len(paragraph.split()) for paragraph in text)
    if document is None or words < MIN_WORDS:
        # trafilatura falls back to whatever text there is, a menu's "Home" included
        raise ReadError(where, 0, "no article text found in the web page"
                        + (f" (only {words} word{'s' if words > 1 else ''})" if words else ""))
    title = one_line(document.title or "")
    if title and fold_for_search(text[0]) != fold_for_search(title):
        text.insert(0, title)      # the headline opens the body, as in a plain-text article
    page_url = one_line(document.url or url)
    fields = {
        "title": title,
        "source": known_outlet(page_url) or one_line(document.sitename or ""),
        "authors": one_line(document.author or ""),
        "url": page_url,
        "published": one_line(document.date or ""),
    }
    article = article_from_fields(where, 1, "\n\n".join(text), fields, PAGE_DATE)
    settle_publication([article], today)
    article.notes.append("text: extracted from a web page; check that none of the article is missing "
                         "and no menu, caption or advert text slipped in")
    return article


def fragment_text(html: str) -> str:
    """An HTML fragment (a feed entry's content) as plain paragraphs separated by blank lines."""
    trafilatura = _trafilatura()
    page = b"<html><body><article>" + without_controls(html.encode("utf-8")) + b"</article></body></html>"
    try:
        document = trafilatura.bare_extraction(page, include_comments=False, include_tables=False, favor_recall=True)
        text = getattr(document, "text", None) or trafilatura.html2txt(page) or ""
    except Exception:  # noqa: BLE001 — see page_article: an unreadable fragment is an empty one
        text = ""
    return "\n\n".join(_paragraphs(text))


def without_controls(data: bytes) -> bytes:
    """The bytes with C0 controls (other than tab and line ends) and references to any control removed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    return _REFERENCE.sub(_keep_printable_reference, _RAW_CONTROLS.sub(b"", data))


def _keep_printable_reference(match: re.Match[bytes]) -> bytes:
    digits = match.group(1).decode("ascii")
    code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
    control = code in range(9) or code in range(11, 13) or code in range(14, 32) or code in range(0x7f, 0xa0)
    return b"" if control or code > 0x10FFFF else match.group(0)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(printable(line).split()) for line in text.split("\n") if printable(line).strip()]


def _trafilatura() -> Any:
    import trafilatura

    # Its parsers log their doubts as warnings; with no handler Python would
    # print them to stderr in the middle of our own messages.
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
            logger.propagate = False
    return trafilatura
