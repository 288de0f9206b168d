"""Splitting a raw file into articles and reading each one's metadata.

Layouts understood:

* a `=== METADATA ===` block of `Key: value` lines, then `=== ARTICLE ===`
  and the text (several such blocks make several articles);
* articles one after another, each closed by its URL on a line of its own
  (a URL line with no text before it opens the next article instead);
* a leading `date YYYY-MM` (or YYYY-MM-DD) marker;
* wire copy: a headline line, a byline (`By NAME and NAME`), a date line
  (`March 12, 2026`, `Published: …`), a dateline (`KYIV, Ukraine (AP) —`);
* anything else: one article whose title is its first line.

The body keeps the article's text as given, headline included; only lines
that are pure metadata (the METADATA block, the date marker, the byline,
a date line, the closing URL) are taken out of it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from briefing.dates import DateError, PartialDate
from briefing.importer import dates as date_words
from briefing.importer.outlets import outlet_for_agency, outlet_for_url
from briefing.importer.reading import RawText

_URL_LINE = re.compile(r"^\s*<?(https?://[^\s<>]+)>?\s*$", re.I)
_METADATA = re.compile(r"^\s*=+\s*METADATA\s*=+\s*$", re.I | re.M)
_ARTICLE = re.compile(r"^\s*=+\s*ARTICLE\s*=+\s*$", re.I | re.M)
_DATE_MARKER = re.compile(r"^\s*date\s*:?\s+((?:19|20)\d\d(?:-[01]\d(?:-[0-3]\d)?)?)\b[ \t]*\n?", re.I)
_BYLINE = re.compile(r"^\s*(?:by|BY|By)\s+([A-Z][^\n]{1,150})$")
_KEY_LINE = re.compile(r"^\s*(source|url|link|author|authors|byline|published|date|title|headline)\s*:\s*(.+?)\s*$", re.I)
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.'’ -]{2,40}?)"
    r"(?:,\s*(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)(?P<region>[A-Z][\w. ]{1,30}?))?"
    r"(?:,?\s+(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}))?"
    r"\s*(?:\((?P<agency>[^)\n]{2,20})\))?\s*[—–-]{1,2}\s+(?=\S)")
_EMPTY_VALUES = {"", "not specified", "n/a", "na", "none", "unknown", "-", "—", "null", "unspecified"}
_AGENCY_SUFFIX = re.compile(r"\s*(?:,|\||—|–|-|/)\s*(Associated Press|AP|Reuters|AFP|Agence France-Presse|Bloomberg(?: News)?|RFE/RL|dpa|UPI)\s*$", re.I)


@dataclass
class RawArticle:
    path: str
    line: int                       # where the article starts in the file, 1-based
    body: str
    title: str = ""
    source: str = ""
    authors: list[str] = field(default_factory=list)
    url: str = ""
    places: list[str] = field(default_factory=list)
    published: PartialDate | None = None
    published_how: str = ""
    summary: str = ""
    notes: list[str] = field(default_factory=list)       # for the reviewer
    metadata: dict[str, str] = field(default_factory=dict)
    pending_dates: list[date_words.DateMention] = field(default_factory=list)   # need a year
    excerpt: str = ""               # when the body is not the whole article, what it is instead


def split_file(raw: RawText, today: dt.date | None = None) -> list[RawArticle]:
    """The articles a file holds (at least one unless it has no text)."""
    today = today or dt.date.today()
    articles = [_parse_chunk(raw.path, text, line) for text, line in _chunks(raw.text)]
    articles = [a for a in articles if a.body.strip()]
    settle_publication(articles, today)
    for article in articles:
        if raw.note:
            article.notes.append(f"encoding: {raw.note}")
    return articles


# ------------------------------------------------------------------ chunks

def _chunks(text: str) -> list[tuple[str, int]]:
    """(text, first line) of each article: METADATA blocks, then URL-closed and form-feed-separated pieces."""
    blocks: list[tuple[str, int]] = []
    starts = [m.start() for m in _METADATA.finditer(text)]
    if starts:
        if text[:starts[0]].strip():
            blocks.append((text[:starts[0]], 1))
        for number, start in enumerate(starts):
            end = starts[number + 1] if number + 1 < len(starts) else len(text)
            blocks.append((text[start:end], text.count("\n", 0, start) + 1))
    else:
        blocks.append((text, 1))
    pieces: list[tuple[str, int]] = []
    for block, first_line in blocks:
        pieces.extend(_split_on_urls(block, first_line))
    return pieces


def _split_on_urls(block: str, first_line: int) -> list[tuple[str, int]]:
    """Articles each closed by their URL (or opened by it, when the block starts with one);
    a form feed also separates articles."""
    first = next((line for line in block.split("\n") if line.strip() and not _METADATA.match(line)), "")
    if _URL_LINE.match(first):
        return _split_before_urls(block, first_line)
    pieces: list[tuple[str, int]] = []
    current: list[str] = []
    has_text = False
    start_line = first_line
    for offset, line in enumerate(block.split("\n")):
        number = first_line + offset
        if "\f" in line:
            before, _, after = line.partition("\f")
            current.append(before)
            if has_text or before.strip():
                pieces.append(("\n".join(current), start_line))
            current, start_line, has_text = [after], number, bool(after.strip())
            continue
        if _URL_LINE.match(line) and has_text:
            pieces.append(("\n".join(current + [line]), start_line))
            current, start_line, has_text = [], number + 1, False
            continue
        if not current:
            start_line = number
        current.append(line)
        # a URL line before any text stays: it opens this article
        has_text = has_text or bool(line.strip() and not _URL_LINE.match(line))
    if has_text:
        pieces.append(("\n".join(current), start_line))
    return pieces


def _split_before_urls(block: str, first_line: int) -> list[tuple[str, int]]:
    """Articles that each open with their URL on a line of its own."""
    pieces: list[tuple[str, int]] = []
    current: list[str] = []
    start_line = first_line
    for offset, line in enumerate(block.split("\n")):
        if _URL_LINE.match(line) and "\n".join(current).strip() and \
                any(l.strip() and not _URL_LINE.match(l) for l in current):
            pieces.append(("\n".join(current), start_line))
            current, start_line = [], first_line + offset
        current.append(line)
    if "\n".join(current).strip():
        pieces.append(("\n".join(current), start_line))
    return pieces


# ----------------------------------------------------------------- parsing

def _parse_chunk(path: str, chunk: str, first_line: int) -> RawArticle:
    blank_match = re.match(r"(?:[ \t]*\n)*", chunk)
    assert blank_match is not None  # the pattern matches the empty string, so it matches any text
    blank_lines = blank_match.group(0)
    chunk, first_line = chunk[len(blank_lines):], first_line + blank_lines.count("\n")
    article = RawArticle(path=path, line=first_line, body="")
    lines = chunk.split("\n")
    # A closing (or opening) URL line
    url_lines = [n for n, line in enumerate(lines) if _URL_LINE.match(line)]
    for n in reversed(url_lines):
        if n == len(lines) - 1 or not "\n".join(lines[n + 1:]).strip() or not "\n".join(lines[:n]).strip():
            url_line = _URL_LINE.match(lines[n])
            assert url_line is not None  # url_lines holds only lines that match
            article.url = article.url or url_line.group(1).rstrip(".,)")
            lines[n] = ""
    text = "\n".join(lines)

    meta_match = _METADATA.search(text)
    if meta_match:
        article_match = _ARTICLE.search(text, meta_match.end())
        meta_text = text[meta_match.end():article_match.start() if article_match else len(text)]
        article.metadata = _read_metadata(meta_text)
        body_start = article_match.end() if article_match else meta_match.end() + len(meta_text)
        if not article_match:
            # metadata lines end at the first line that is not `Key: value`
            body_start = meta_match.end()
            for line in meta_text.split("\n"):
                if line.strip() and not re.match(r"^\s*[\w ]{1,30}:\s", line):
                    break
                body_start += len(line) + 1
        article.line = first_line + text.count("\n", 0, body_start)
        text = text[body_start:]
        _apply_metadata(article)
    else:
        marker = _DATE_MARKER.match(text)
        if marker:
            try:
                article.published = PartialDate.parse(marker.group(1))
                article.published_how = f"the file's date marker ({marker.group(1)})"
            except DateError:
                article.notes.append(f"ignored date marker '{marker.group(1)}': not a calendar date")
            text = text[marker.end():]
        text = _read_header(article, text)

    article.body = _tidy_body(text)
    leading = len(text) - len(text.lstrip("\n"))
    article.line += text.count("\n", 0, leading) if meta_match else 0
    _complete(article)
    return article


def _complete(article: RawArticle) -> None:
    """What every article gets whatever its layout: a title, a source, a date from its URL, a summary."""
    if not article.title:
        article.title = _title_from_body(article)
    if not re.search(r"\w", article.title):
        article.title = "Untitled article"
        article.notes.append("title: none found; give the article a title")
    if article.url and not article.source:
        article.source = outlet_for_url(article.url)
    if not article.source and article.metadata.get("agency"):
        article.source = article.metadata["agency"]
    if article.url and article.published is None:
        from_url = date_words.date_from_url(article.url)
        if from_url:
            article.published, article.published_how = from_url, "the URL's path"
    article.summary = _summary(article)


def article_from_fields(path: str, line: int, body: str, fields: dict[str, str], date_from: str) -> RawArticle:
    """An article whose metadata came apart from its text (a web page's tags, a feed
    entry's elements): the fields are read as a METADATA block's keys are (title,
    source, authors, url, published), then the text's own header lines (byline,
    date line, dateline) fill what they lack. `date_from` says where a published
    field came from. Call `settle_publication` on the articles of one input after."""
    article = RawArticle(path=path, line=line, body="")
    article.metadata = {key: value for key, value in fields.items() if value.strip().lower() not in _EMPTY_VALUES}
    _apply_metadata(article)
    if article.published is not None:
        article.published_how = f"{date_from}, {article.metadata.get('published', '')}"
    given_authors = list(article.authors)
    text = _read_header(article, body)
    article.authors = given_authors or article.authors
    article.body = _tidy_body(text)
    _complete(article)
    return article


def _read_metadata(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in text.split("\n"):
        match = re.match(r"^\s*([\w /-]{1,40}?)\s*:\s*(.*?)\s*$", line)
        if match:
            key = re.sub(r"[\s/-]+", "_", match.group(1).strip().lower())
            value = match.group(2)
            if value.lower() not in _EMPTY_VALUES:
                values[key] = value
    return values


def _apply_metadata(article: RawArticle) -> None:
    meta = article.metadata
    article.title = meta.get("title") or meta.get("headline") or ""
    article.source = meta.get("source") or meta.get("publication") or meta.get("outlet") or meta.get("publisher") or ""
    authors = meta.get("authors") or meta.get("author") or meta.get("byline") or ""
    article.authors = split_names(authors)
    url = meta.get("url") or meta.get("link") or ""
    if url.lower().startswith(("http://", "https://")):
        article.url = url
    where = meta.get("reported_from") or meta.get("dateline") or meta.get("location") or meta.get("places") or ""
    article.places = [p.split(",")[0].strip() for p in re.split(r"\s*;\s*", where) if p.strip()]
    for key in ("published_date", "published", "date", "publication_date", "date_published", "pubdate"):
        value = meta.get(key)
        if not value:
            continue
        parsed = _parse_date_value(value)
        if parsed:
            article.published, article.published_how = parsed, f"the metadata ({key}: {value})"
            break
        article.notes.append(f"metadata {key} '{value}' is not a date I can read")


def _parse_date_value(value: str) -> PartialDate | None:
    value = value.strip()
    try:
        return PartialDate.parse(value[:10] if re.match(r"\d{4}-\d\d-\d\dT", value) else value)
    except DateError:
        pass
    line = date_words.date_line(value)
    if line is not None and line.kind in ("full", "month_year"):
        return date_words.resolve(line, None)
    return None


def split_names(text: str) -> list[str]:
    text = _AGENCY_SUFFIX.sub("", text.strip())
    parts = re.split(r"\s*(?:;|,|&|\band\b|\|)\s*", text)
    names = []
    for part in parts:
        part = part.strip(" .")
        if not part or part.lower() in _EMPTY_VALUES:
            continue
        if part.isupper():
            part = " ".join(w.capitalize() for w in part.split())
        names.append(part)
    return names


def _read_header(article: RawArticle, text: str) -> str:
    """Headline, byline, date line and key lines at the top of a plain article; returns the body text."""
    lines = text.split("\n")
    keep = []
    seen_content = 0
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            keep.append(line)
            continue
        if seen_content >= 6:
            keep.extend(lines[number:])
            break
        seen_content += 1
        byline = _BYLINE.match(line)
        if byline and len(stripped) < 160:
            agency = _AGENCY_SUFFIX.search(byline.group(1))
            if agency:
                article.metadata.setdefault("agency", outlet_for_agency(agency.group(1)))
            article.authors = split_names(byline.group(1))
            continue
        key = _KEY_LINE.match(line)
        if key and seen_content <= 5:
            name, value = key.group(1).lower(), key.group(2)
            if name in ("source",) and not article.source:
                article.source = value
                continue
            if name in ("url", "link") and value.lower().startswith("http"):
                article.url = article.url or value
                continue
            if name in ("author", "authors", "byline"):
                article.authors = split_names(value)
                continue
            if name in ("title", "headline") and not article.title:
                article.title = value
                continue
            if name in ("published", "date"):
                parsed = _parse_date_value(value)
                if parsed and article.published is None:
                    article.published, article.published_how = parsed, f"the '{key.group(1)}' line"
                    continue
        mention = date_words.date_line(line)
        if mention is not None:
            if article.published is None:
                if mention.kind == "month_day":
                    article.pending_dates.append(mention)
                else:
                    article.published = date_words.resolve(mention, None)
                    article.published_how = f"the date line '{stripped}'"
            continue
        keep.append(line)
    body = "\n".join(keep)
    # Dateline at the start of the first paragraph after the headline
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", body) if p.strip()]
    for paragraph in paragraphs[:3]:
        agency_only = re.match(r"^\s*\(([A-Z][\w/ ]{1,15})\)\s*[—–-]{1,2}\s", paragraph)   # "(CNN) —"
        if agency_only:
            article.metadata.setdefault("agency", outlet_for_agency(agency_only.group(1)))
            break
        dateline = _DATELINE.match(paragraph)
        if dateline and not re.search(r"[a-z]", dateline.group("city")):
            city = dateline.group("city").strip().title()
            if city and city not in article.places:
                article.places.append(city)
            agency_name = dateline.group("agency")
            if agency_name:
                article.metadata.setdefault("agency", outlet_for_agency(agency_name))
            if dateline.group("date") and article.published is None:
                found = date_words.find_dates(dateline.group("date"))
                if found and found[0].kind == "month_day":
                    article.pending_dates.append(found[0])
            break
    return body


def _tidy_body(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def _clean_heading(line: str) -> str:
    line = re.sub(r"^\s*#{1,6}\s*", "", line.strip())
    line = re.sub(r"^(\*\*|__|\*|_)(.+)\1$", r"\2", line)
    return re.sub(r"\s+", " ", line).strip()


def _title_from_body(article: RawArticle) -> str:
    lines = [line for line in article.body.split("\n") if line.strip()]
    if not lines:
        return ""
    first = _clean_heading(lines[0])
    if len(lines) > 1 and len(first) <= 200 and not _DATELINE.match(first):
        return first
    sentence = re.split(r"(?<=[.?!])\s+(?=[A-Z“\"‘])", first, maxsplit=1)[0]
    if len(sentence) > 140:
        clause = sentence.split(",")[0]
        sentence = clause if 30 <= len(clause) <= 140 else sentence[:140].rsplit(" ", 1)[0] + "…"
    sentence = _uncap_lead(sentence.rstrip("."))
    article.notes.append("title: the text has no headline; taken from its first sentence")
    return sentence


def _uncap_lead(text: str) -> str:
    """'RUSSIAN AND UKRAINIAN officials will meet' → 'Russian and Ukrainian officials will meet'."""
    words = text.split(" ")
    for number, word in enumerate(words):
        if len(word) > 1 and word.isupper() and re.search(r"[A-Z]{2}", word):
            if len(word) <= 3 and number > 0 and word not in ("AND", "THE", "OF", "IN", "ON", "TO", "FOR"):
                continue     # an acronym (US, UN, EU)
            words[number] = word.lower() if (number > 0 and word in ("AND", "THE", "OF", "IN", "ON", "TO", "FOR", "A", "AN")) else word.capitalize()
        else:
            break
    return " ".join(words)


def _summary(article: RawArticle) -> str:
    paragraphs = [p.strip() for p in article.body.split("\n") if p.strip()]
    for paragraph in paragraphs[:4]:
        text = _clean_heading(paragraph)
        if text == article.title or len(text) < 40:
            continue
        text = _DATELINE.sub("", text)
        sentence = re.split(r"(?<=[.?!])\s+(?=[A-Z“\"‘])", text, maxsplit=1)[0]
        if article.title and sentence.startswith(article.title.rstrip("…")):
            continue
        return sentence if len(sentence) <= 300 else ""
    return ""


# ---------------------------------------------------------- publication

def settle_publication(articles: list[RawArticle], today: dt.date) -> None:
    """Publication dates the metadata did not give: from the text, with the year from context."""
    file_years = [a.published.year for a in articles if a.published is not None]
    for number, article in enumerate(articles):
        if article.published is not None:
            continue
        hint, hint_how = _year_hint(articles, number, file_years, today)
        now = today if hint_how == "the current year" else None
        if now is not None:
            hint_how = "the most recent such day up to today"
        for mention in article.pending_dates:
            resolved = _with_year(mention, hint, now)
            if resolved:
                article.published, article.published_how = resolved, f"the date line '{mention.text}'"
                if mention.year is None:
                    article.notes.append(f"published: year {resolved.year} assumed ({hint_how})")
                break
        if article.published is not None:
            continue
        as_of = date_words.as_of(article.body)
        if as_of is not None:
            resolved = _with_year(as_of, hint, now)
            if resolved:
                article.published, article.published_how = resolved, f"'{as_of.text}' in the text"
                if as_of.year is None:
                    article.notes.append(f"published: year {resolved.year} assumed ({hint_how})")
                continue
        latest = _latest_date(article.body, hint, today, now)
        if latest is not None:
            mention, resolved = latest
            article.published = PartialDate(resolved.year, resolved.month)
            article.published_how = f"the latest date the text mentions ('{mention.text}')"
            assumed = "" if mention.year else f", year {resolved.year} assumed ({hint_how})"
            article.notes.append(f"published: only the month is known, from the latest date the text mentions "
                                 f"('{mention.text}'{assumed}); give the day if you know it")
            continue
        article.published = PartialDate.from_date(today)
        article.published_how = "the import date (the text gives none)"
        article.notes.append("published: the text gives no date; set to the day of import — correct it")


def _year_hint(articles: list[RawArticle], number: int, file_years: list[int], today: dt.date) -> tuple[int, str]:
    years = re.findall(r"\b((?:19|20)\d\d)\b", articles[number].url)
    if years:
        return int(years[-1]), "from the URL"
    if file_years:
        # the nearest article in the same file that has a date
        nearest = min((abs(n - number), a.published.year) for n, a in enumerate(articles) if a.published is not None)
        return nearest[1], "from the other articles in the same file"
    return today.year, "the current year"


def _with_year(mention: date_words.DateMention, year: int, today: dt.date | None = None) -> PartialDate | None:
    """The mention's date; a month and day without a year take `year`, or — when the
    only hint is today — their most recent occurrence up to today."""
    if mention.kind == "full":
        return date_words.resolve(mention, None)
    if mention.kind == "month_day":
        if mention.month is None:
            return None  # a month name the pattern allows but no calendar has ("Sepember")
        if today is not None:
            year = date_words.year_for_undated(mention.month, mention.day, today)
        try:
            return PartialDate.parse(f"{year:04d}-{mention.month:02d}-{mention.day:02d}")
        except DateError:
            return None
    return None


def _latest_date(body: str, year: int, today: dt.date, now: dt.date | None) -> tuple[date_words.DateMention, PartialDate] | None:
    best = None
    for mention in date_words.find_dates(body):
        if mention.kind not in ("full", "month_day"):
            continue
        resolved = _with_year(mention, year, now)
        if resolved is None or resolved.first_day() > today:
            continue
        if best is None or resolved > best[1]:
            best = (mention, resolved)
    return best
