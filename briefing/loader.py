"""Files → validated model objects.

The loader reads a content directory (index.yaml and articles/**.md),
checks every rule of the content format, and reports each failure as a
`Problem` (PATH:LINE: message). A file with problems is left out; the other
files still load. Nothing here raises anything but `ContentError`.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from briefing import safeyaml
from briefing.content_files import ARTICLES_DIR, INDEX_FILE, article_files, open_regular, os_reason
from briefing.dates import DateError, PartialDate
from briefing.model import (  # ContentError is raised here, and imported from here by most callers
    ACTOR_KINDS, Actor, Article, ContentError, Event, Position, Problem, Quote, Topic, TopicIndex,
)
from briefing.suggest import did_you_mean
from briefing.text import fold_for_match, name_key, one_line

MAX_FILE_BYTES = 5 * 1024 * 1024

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ARTICLE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)

INDEX_KEYS = ("title", "actors", "topics")
ACTOR_KEYS = ("id", "name", "aliases", "kind", "role", "party")
TOPIC_KEYS = ("id", "title", "summary", "keywords")
ARTICLE_KEYS = ("title", "source", "published", "id", "authors", "url", "places",
                "summary", "actors", "topics", "quotes", "events", "positions")
QUOTE_KEYS = ("speaker", "text", "said", "topics", "context")
EVENT_KEYS = ("date", "title", "actors", "topics", "place")
POSITION_KEYS = ("topic", "party", "stance", "date")


@dataclass(frozen=True, slots=True)
class LoadResult:
    index: TopicIndex
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    files_read: int


# --------------------------------------------------------------------- files

def read_text(path: str | os.PathLike[str]) -> str:
    """A content file's text: UTF-8 (a BOM is fine), at most 5 MiB, LF ends."""
    where = str(path)
    try:
        data = _read_bytes(path, where)
    except OSError as error:
        raise ContentError([unreadable(where, error)]) from None
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise ContentError([Problem(where, 1, "file is over 5 MiB; the limit is 5 MiB")])
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ContentError([Problem(where, line, "binary file (contains a NUL byte); expected UTF-8 text")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentError([Problem(where, line, f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def unreadable(path: str, error: OSError, what: str = "") -> Problem:
    """A file or folder the OS would not let us read (permission, vanished, a loop of links…)."""
    return Problem(path, 0, f"cannot read{what}: {os_reason(error)}")


def _read_bytes(path: str | os.PathLike[str], where: str) -> bytes:
    """The file's bytes, read until its end or just past the size limit.

    Plain reads sized by what fstat says: a buffered file asked for 5 MiB
    allocates 5 MiB first, which took most of the time of reading an article.
    (`open_regular` refuses a FIFO or a device in the file's place.)
    """
    handle, status = open_regular(path)
    try:
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise ContentError([Problem(where, 1, f"file is {size / 2**20:.1f} MiB; the limit is 5 MiB")])
        parts = []
        total = 0
        while total <= MAX_FILE_BYTES:
            part = os.read(handle, max(size + 1 - total, 1 << 16))
            if not part:
                break
            parts.append(part)
            total += len(part)
        return b"".join(parts)
    finally:
        os.close(handle)


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """(yaml, body, line where the body starts) of an article file."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError([Problem(path, 1, "an article must begin with a '---' line opening its YAML front matter")])
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            front = "\n".join(lines[1:number])
            body = "\n".join(lines[number + 1:])
            return front, body, number + 2
    raise ContentError([Problem(path, 1, "the front matter opened on line 1 is never closed by a '---' line")])


def _parse_yaml(text: str, path: str, line_offset: int) -> tuple[Any, list[Problem]]:
    try:
        value, duplicates = safeyaml.parse(text)
    except safeyaml.YamlError as error:
        raise ContentError([Problem(path, error.line + line_offset, one_line(error.message))]) from None
    # A duplicate names two lines; both are shifted from YAML's lines to the file's.
    return value, [Problem(path, d.line + line_offset,
                           one_line(d.describe(line_offset) if isinstance(d, safeyaml.DuplicateKey) else d.message))
                   for d in duplicates]


# ------------------------------------------------------------------ checking

class _Checker:
    """Reads typed values out of YAML mappings, collecting problems."""

    def __init__(self, path: str, line_offset: int = 0) -> None:
        self.path = path
        self.offset = line_offset
        self.problems: list[Problem] = []

    def fail(self, line: int, message: str) -> None:
        # One line: a value with a line break must not forge a PATH:LINE line in `briefing check`.
        self.problems.append(Problem(self.path, line + self.offset, one_line(message)))

    def mapping(self, value: Any, line: int, what: str) -> safeyaml.YamlMap | None:
        if isinstance(value, safeyaml.YamlMap):
            return value
        self.fail(line, f"{what} must be a mapping of keys to values")
        return None

    def keys(self, mapping: safeyaml.YamlMap, allowed: tuple[str, ...], what: str) -> None:
        for key in mapping:
            if key not in allowed and not key.startswith("x-"):
                self.fail(mapping.line_of(key), f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}")

    def text(self, mapping: safeyaml.YamlMap, key: str, *, required: bool = False) -> str:
        value = mapping.get(key)
        if value is None or value == "":
            if required:
                where = mapping.line_of(key) if key in mapping else mapping.line
                self.fail(where, f"'{key}' is required")
            return ""
        if isinstance(value, (safeyaml.YamlMap, safeyaml.YamlList)):
            self.fail(mapping.line_of(key), f"'{key}' must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
            return ""
        if not isinstance(value, str):  # `source: NO` is the text NO, not False; `title: 1.10` not 1.1
            return (mapping.text_of(key) or str(value)).strip()
        return value.strip()

    def text_list(self, mapping: safeyaml.YamlMap, key: str) -> tuple[str, ...]:
        value = mapping.get(key)
        if value is None:
            return ()
        if not isinstance(value, (safeyaml.YamlMap, safeyaml.YamlList)):  # a single value where a list was meant
            return (self.text(mapping, key),)
        if not isinstance(value, safeyaml.YamlList):
            self.fail(mapping.line_of(key), f"'{key}' must be a list")
            return ()
        items = []
        for number, item in enumerate(value):
            if isinstance(item, (safeyaml.YamlMap, safeyaml.YamlList)) or item is None:
                self.fail(value.line_of(number), f"'{key}' item {number + 1} must be text")
            elif not isinstance(item, str):  # `[Nice, ON]`: the place ON, not True
                items.append((value.text_at(number) or str(item)).strip())
            else:
                items.append(item.strip())
        return tuple(items)

    @overload
    def date(self, mapping: safeyaml.YamlMap, key: str, *, default: PartialDate,
             required: bool = False) -> PartialDate: ...

    @overload
    def date(self, mapping: safeyaml.YamlMap, key: str, *, default: None = None,
             required: bool = False) -> PartialDate | None: ...

    def date(self, mapping: safeyaml.YamlMap, key: str, *, default: PartialDate | None = None,
             required: bool = False) -> PartialDate | None:
        raw = self.text(mapping, key, required=required)
        if not raw:
            return default
        try:
            return PartialDate.parse(raw)
        except DateError as error:
            self.fail(mapping.line_of(key), f"'{key}': {error}")
            return default

    def list_of_mappings(self, mapping: safeyaml.YamlMap, key: str) -> Iterator[tuple[safeyaml.YamlMap, int]]:
        value = mapping.get(key)
        if value is None:
            return
        if not isinstance(value, safeyaml.YamlList):
            self.fail(mapping.line_of(key), f"'{key}' must be a list")
            return
        for number, item in enumerate(value):
            entry = self.mapping(item, value.line_of(number), f"'{key}' item {number + 1}")
            if entry is not None:
                yield entry, number


class _IdChecker:
    """Checks references to actors and topics against the index."""

    def __init__(self, index: TopicIndex | None) -> None:
        self.index = index

    def actor(self, check: _Checker, actor_id: str, line: int, what: str) -> None:
        if self.index is not None and actor_id not in self.index.actor_by_id:
            check.fail(line, f"unknown actor '{actor_id}' in {what}{did_you_mean(actor_id, self.index.actor_by_id)}")

    def topic(self, check: _Checker, topic_id: str, line: int, what: str) -> None:
        if self.index is not None and topic_id not in self.index.topic_by_id:
            check.fail(line, f"unknown topic '{topic_id}' in {what}{did_you_mean(topic_id, self.index.topic_by_id)}")

    def actor_list(self, check: _Checker, mapping: safeyaml.YamlMap, key: str, what: str) -> tuple[str, ...]:
        values = check.text_list(mapping, key)
        for number, value in enumerate(values):
            self.actor(check, value, _item_line(mapping, key, number), what)
        return values

    def topic_list(self, check: _Checker, mapping: safeyaml.YamlMap, key: str, what: str) -> tuple[str, ...]:
        values = check.text_list(mapping, key)
        for number, value in enumerate(values):
            self.topic(check, value, _item_line(mapping, key, number), what)
        return values


def _item_line(mapping: safeyaml.YamlMap, key: str, number: int) -> int:
    value = mapping.get(key)
    if isinstance(value, safeyaml.YamlList):
        return value.line_of(number)
    return mapping.line_of(key)


# --------------------------------------------------------------------- index

def parse_index(text: str, path: str) -> tuple[TopicIndex, list[Problem]]:
    """The topic index and its problems; bad entries are dropped, not fatal."""
    data, duplicates = _parse_yaml(text, path, 0)
    check = _Checker(path)
    check.problems.extend(duplicates)
    if data is None:
        data = safeyaml.YamlMap()
        data.line, data.key_lines = 1, {}
    root = check.mapping(data, 1, "index.yaml")
    if root is None:
        raise ContentError(check.problems)
    check.keys(root, INDEX_KEYS, "index.yaml")
    title = check.text(root, "title")

    actors: list[Actor] = []
    actor_lines: dict[str, int] = {}
    seen: dict[str, int] = {}
    party_refs: list[tuple[str, int]] = []
    for entry, _ in check.list_of_mappings(root, "actors"):
        before = len(check.problems)
        check.keys(entry, ACTOR_KEYS, "an actor")
        actor_id = _checked_id(check, entry, seen, "actor")
        name = check.text(entry, "name", required=True)
        kind = check.text(entry, "kind", required=True)
        if kind and kind not in ACTOR_KINDS:
            check.fail(entry.line_of("kind"), f"actor kind '{kind}' is not one of {', '.join(ACTOR_KINDS)}{did_you_mean(kind, ACTOR_KINDS)}")
        party = check.text(entry, "party")
        if party:
            party_refs.append((party, entry.line_of("party")))
        actor = Actor(id=actor_id, name=name, kind=kind, aliases=check.text_list(entry, "aliases"),
                      role=check.text(entry, "role"), party=party)
        if len(check.problems) == before:
            actors.append(actor)
            actor_lines[actor.id] = entry.line

    topics: list[Topic] = []
    seen_topics: dict[str, int] = {}
    for entry, _ in check.list_of_mappings(root, "topics"):
        before = len(check.problems)
        check.keys(entry, TOPIC_KEYS, "a topic")
        topic_id = _checked_id(check, entry, seen_topics, "topic")
        topic = Topic(id=topic_id, title=check.text(entry, "title", required=True),
                      summary=check.text(entry, "summary"), keywords=check.text_list(entry, "keywords"))
        if len(check.problems) == before:
            topics.append(topic)

    known = {actor.id for actor in actors} | set(seen)
    for party, line in party_refs:
        if party not in known:
            check.fail(line, f"unknown party '{party}'{did_you_mean(party, known)}")
    _check_names_unique(check, actors, actor_lines)
    problems = sorted(check.problems, key=lambda p: p.line)
    return TopicIndex(title=title, actors=tuple(actors), topics=tuple(topics), path=path), problems


def _checked_id(check: _Checker, entry: safeyaml.YamlMap, seen: dict[str, int], what: str) -> str:
    value = check.text(entry, "id", required=True)
    line = entry.line_of("id")
    if value and not _ID_RE.match(value):
        check.fail(line, f"{what} id '{value}' must use only a-z, 0-9 and '-'")
    elif value in seen:
        check.fail(line, f"duplicate {what} id '{value}' (first on line {seen[value] + check.offset})")
    elif value:
        seen[value] = line
    return value


def _check_names_unique(check: _Checker, actors: list[Actor], lines: dict[str, int]) -> None:
    """An alias that names two actors would make 'by actor' ambiguous.

    Names are compared the way the corpus resolves them (text.name_key), so
    'Mr. X' and 'mr x' on two actors clash here rather than silently later.
    """
    owner: dict[str, str] = {}
    for actor in actors:
        for key, name in {name_key(n): n for n in actor.names}.items():
            if key in owner and owner[key] != actor.id:
                check.fail(lines[actor.id], f"the name '{name}' of actor '{actor.id}' already names actor '{owner[key]}'")
            owner.setdefault(key, actor.id)


# ------------------------------------------------------------------ articles

def parse_article(text: str, path: str, index: TopicIndex | None, default_id: str) -> Article:
    """One article file; raises ContentError listing every problem in it."""
    front, body, body_line = split_front_matter(text, path)
    data, duplicates = _parse_yaml(front, path, 1)
    check = _Checker(path, line_offset=1)
    check.problems.extend(duplicates)
    if data is None:
        raise ContentError([Problem(path, 1, "the front matter is empty: title, source and published are required")])
    root = check.mapping(data, 1, "the front matter")
    if root is None:
        raise ContentError(check.problems)
    ids = _IdChecker(index)
    check.keys(root, ARTICLE_KEYS, "an article")

    title = check.text(root, "title", required=True)
    source = check.text(root, "source", required=True)
    published = check.date(root, "published", required=True) or PartialDate(1)
    article_id = check.text(root, "id") or default_id
    if "id" in root and article_id and not _ARTICLE_ID_RE.match(article_id):
        check.fail(root.line_of("id"), f"article id '{article_id}' may use only letters, digits, '.', '_' and '-'")
    url = check.text(root, "url")
    if url and not _URL_RE.match(url):
        check.fail(root.line_of("url"), f"url '{url}' must be an http:// or https:// address")
    if not body.strip():  # at the closing '---', a line of the file (no YAML offset)
        check.problems.append(Problem(path, body_line - 1, "the article has no body after its front matter"))

    folded_body = fold_for_match(body)
    quotes = []
    for entry, number in check.list_of_mappings(root, "quotes"):
        check.keys(entry, QUOTE_KEYS, "a quote")
        speaker = check.text(entry, "speaker", required=True)
        if speaker:
            ids.actor(check, speaker, entry.line_of("speaker"), "quote speaker")
        quote_text = check.text(entry, "text", required=True)
        if quote_text and fold_for_match(quote_text) not in folded_body:
            check.fail(entry.line_of("text"), "quote text does not occur in the body (compared after folding spaces and quote marks)")
        quotes.append(Quote(article_id=article_id, number=number, speaker=speaker, text=quote_text,
                            said=check.date(entry, "said", default=published),
                            topics=ids.topic_list(check, entry, "topics", "quote topics"),
                            context=check.text(entry, "context"), line=entry.line + 1))

    events = []
    for entry, number in check.list_of_mappings(root, "events"):
        check.keys(entry, EVENT_KEYS, "an event")
        events.append(Event(article_id=article_id, number=number,
                            date=check.date(entry, "date", required=True) or published,
                            title=check.text(entry, "title", required=True),
                            actors=ids.actor_list(check, entry, "actors", "event actors"),
                            topics=ids.topic_list(check, entry, "topics", "event topics"),
                            place=check.text(entry, "place"), line=entry.line + 1))

    positions = []
    for entry, number in check.list_of_mappings(root, "positions"):
        check.keys(entry, POSITION_KEYS, "a position")
        topic = check.text(entry, "topic", required=True)
        if topic:
            ids.topic(check, topic, entry.line_of("topic"), "position")
        party = check.text(entry, "party", required=True)
        if party:
            ids.actor(check, party, entry.line_of("party"), "position party")
        positions.append(Position(article_id=article_id, number=number, topic=topic, party=party,
                                  stance=check.text(entry, "stance", required=True),
                                  date=check.date(entry, "date", default=published), line=entry.line + 1))

    article = Article(
        id=article_id, path=path, title=title, source=source, published=published, body=body,
        authors=check.text_list(root, "authors"), url=url, places=check.text_list(root, "places"),
        summary=check.text(root, "summary"),
        actors=ids.actor_list(check, root, "actors", "article actors"),
        topics=ids.topic_list(check, root, "topics", "article topics"),
        quotes=tuple(quotes), events=tuple(events), positions=tuple(positions), body_line=body_line,
    )
    if check.problems:
        raise ContentError(sorted(check.problems, key=lambda p: p.line))
    return article


# ----------------------------------------------------------------- directory

def article_paths(content_dir: Path) -> list[Path]:
    """Every article file below DIR/articles, in a stable order; dot-files skipped."""
    return [Path(name) for name in article_files(content_dir)]


def load_index(content_dir: Path) -> tuple[TopicIndex | None, list[Problem]]:
    path = content_dir / INDEX_FILE
    try:
        os.stat(path)
    except FileNotFoundError:
        return None, [Problem(str(path), 1, f"no {INDEX_FILE}: a content directory needs one")]
    except OSError:  # (read_text says why)
        pass
    try:
        index, problems = parse_index(read_text(path), str(path))
        return index, list(problems)
    except ContentError as error:
        return None, list(error.problems)


def load_articles(paths: Iterable[str | os.PathLike[str]], index: TopicIndex | None) -> tuple[list[Article], list[Problem]]:
    """Load many article files; a bad one is reported and skipped."""
    articles: list[Article] = []
    problems: list[Problem] = []
    ids = ArticleIds()
    for path in paths:
        article, file_problems = load_article(path, index)
        problems.extend(file_problems)
        if article is not None:
            clash = ids.claim(article.id, str(path))
            if clash is not None:
                problems.append(clash)
                continue
            articles.append(article)
    return articles, problems


def load_article(path: str | os.PathLike[str], index: TopicIndex | None) -> tuple[Article | None, list[Problem]]:
    """One article file: the article, or None and what is wrong with it."""
    where = str(path)
    try:
        return parse_article(read_text(path), where, index, os.path.splitext(os.path.basename(where))[0]), []
    except ContentError as error:
        return None, error.problems


class ArticleIds:
    """The duplicate-id rule: of the files that give one article id, the first claim (in path
    order) keeps it, and each later one is a problem at its `id:` line."""

    def __init__(self) -> None:
        self._first_path: dict[str, str] = {}

    def claim(self, article_id: str, path: str) -> Problem | None:
        first = self._first_path.setdefault(article_id, path)
        if first == path:
            return None
        return Problem(path, _id_line(path), f"duplicate article id '{article_id}' (also {first})")


def _id_line(path: str) -> int:
    """Best line for an article-id clash: its `id:` key in the front matter, else line 1."""
    try:
        lines = read_text(path).split("\n")
    except ContentError:
        return 1
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == "---":  # the front matter ends: never the body
            break
        if line.startswith("id:"):
            return number
    return 1


def check_content_dir(root: str | os.PathLike[str]) -> None:
    """Raise ContentError unless `root` is a folder we may look into."""
    try:
        found = os.stat(root)
    except (FileNotFoundError, NotADirectoryError):
        raise ContentError([Problem(str(root), 0, "content directory not found")]) from None
    except OSError as error:
        raise ContentError([unreadable(str(root), error, " folder")]) from None
    if not stat.S_ISDIR(found.st_mode):
        raise ContentError([Problem(str(root), 0, "content directory not found (a file by that name)")])


def load_folder(content_dir: Path) -> tuple[TopicIndex | None, list[str], list[Problem]]:
    """What every load of a content directory starts from: its index, its article files
    (`article_files`), and the problems of the folder itself and of index.yaml."""
    index, problems = load_index(content_dir)
    folders: list[tuple[str, OSError]] = []
    paths = article_files(content_dir, folders)
    problems.extend(unreadable(folder, error, " folder") for folder, error in folders)
    articles = content_dir / ARTICLES_DIR
    if not folders or folders[0][0] != str(articles):
        try:
            if not stat.S_ISDIR(os.stat(articles).st_mode):
                problems.append(Problem(str(articles), 0, "is a file; articles/ must be a folder"))
        except FileNotFoundError:
            problems.append(Problem(str(articles), 0, "no articles/ folder in the content directory"))
        except OSError as error:
            problems.append(unreadable(str(articles), error, " folder"))
    return index, paths, problems


def load_content(content_dir: str | os.PathLike[str]) -> LoadResult:
    """Read a whole content directory: every problem, and all that loaded."""
    root = Path(content_dir)
    check_content_dir(root)
    index, paths, problems = load_folder(root)
    articles, article_problems = load_articles(paths, index)
    return LoadResult(index=index or TopicIndex(path=str(root / INDEX_FILE)), articles=tuple(articles),
                      problems=tuple(problems + article_problems), files_read=len(paths) + 1)
