"""`briefing import FILE|URL... [--content DIR] [--dry-run] [--force] [--timeout S]`.

Each file or URL is read (plain text, a web page or a feed: sources.py),
split into articles, and each article analysed into a
draft that `briefing check` accepts as it is. New actors are appended to
DIR/index.yaml (text-preserving), then the article file is written, both
atomically. One bad file or article never stops the others; the exit
status is 1 if any failed. A summary of each article goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from briefing.fileio import WriteRefused, write_atomic
from briefing.importer import draft as drafting
from briefing.importer.actors import ActorTable
from briefing.importer.analysis import PLACEHOLDERS, ArticleDraft, analyse
from briefing.importer.existing import ExistingArticle, find_duplicate, scan
from briefing.importer.index_update import MINIMAL_INDEX, IndexEditError, checked_update
from briefing.importer.layouts import RawArticle
from briefing.importer.reading import ReadError
from briefing.importer.sources import DEFAULT_TIMEOUT, FEED, TEXT, is_url, read_source
from briefing.importer.topics import TopicTagger
from briefing.loader import ARTICLES_DIR, INDEX_FILE, ContentError, parse_article, parse_index
from briefing.paths import CONTENT_ENV, content_dir
from briefing.text import printable


class ImportFailed(Exception):
    """One article could not be imported; the message says why."""


@dataclass
class Session:
    root: Path
    dry_run: bool
    force: bool
    index_text: str
    index_exists: bool
    table: ActorTable
    tagger: TopicTagger
    existing: list[ExistingArticle] = field(default_factory=list)
    imported: int = 0
    skipped: int = 0
    failed: int = 0
    timeout: float = DEFAULT_TIMEOUT
    today: dt.date = field(default_factory=lambda: today())


def today() -> dt.date:
    """The UTC day of SOURCE_DATE_EPOCH when set (reproducible drafts), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _say(message: str) -> None:
    print(printable(message), file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    if not (args.content or os.environ.get(CONTENT_ENV)):
        _say("briefing: import writes into a content directory and will not change the bundled briefing; "
             f"give --content DIR (or set {CONTENT_ENV}) — a new folder is fine, it will be set up")
        return 1
    root = content_dir(args.content)
    try:
        session = _open_session(root, args)
    except ImportFailed as error:
        _say(f"briefing: {error}")
        return 1
    for name in args.files:
        _import_file(session, name)
    verb = "would import" if session.dry_run else "imported"
    _say(f"{verb} {session.imported} article(s); {session.skipped} already in the content; "
         f"{session.failed} failed")
    return 1 if session.failed else 0


def _open_session(root: Path, args: argparse.Namespace) -> Session:
    if root.exists() and not root.is_dir():
        raise ImportFailed(f"{root}: is not a directory")
    index_path = root / INDEX_FILE
    if index_path.is_file():
        try:
            raw = index_path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ImportFailed(f"{index_path}: cannot read it as UTF-8 text ({error})") from None
        text, exists = raw, True
    else:
        text, exists = MINIMAL_INDEX, False
    try:
        index, problems = parse_index(text.lstrip("\ufeff").replace("\r\n", "\n"), str(index_path))
    except ContentError as error:
        for problem in error.problems:
            _say(str(problem))
        raise ImportFailed(f"{index_path}: fix the index first; nothing imported") from None
    for problem in problems:
        _say(f"{problem} (index problem; importing anyway)")
    session = Session(root=root, dry_run=args.dry_run, force=args.force, index_text=text, index_exists=exists,
                      table=ActorTable(index), tagger=TopicTagger(index),
                      timeout=getattr(args, "timeout", None) or DEFAULT_TIMEOUT)
    if (root / ARTICLES_DIR).is_dir():
        session.existing = scan(root)
    return session


def _import_file(session: Session, name: str) -> None:
    try:
        source = read_source(name, session.today, session.timeout)
    except ReadError as error:
        _say(str(error))
        session.failed += 1
        return
    if source.note:
        _say(f"{source.name}: {source.note}")
    articles = source.articles
    if not articles:
        _say(f"{source.name}:1: no article text found" if source.kind == TEXT
             else f"{source.name}: no article text found in the {source.kind}")
        session.failed += 1
        return
    if source.kind == FEED:
        _say(f"{source.name}: feed, {len(articles)} article(s)")
    elif len(articles) > 1:
        _say(f"{source.name}: {len(articles)} articles")
    for article in articles:
        try:
            _import_article(session, article)
        except (ImportFailed, WriteRefused, IndexEditError) as error:
            _say(f"{article.path}:{article.line}: {error}")
            session.failed += 1


def _import_article(session: Session, raw: RawArticle) -> None:
    where = f"{raw.path}:{raw.line}"
    published = raw.published.iso() if raw.published else ""
    duplicate = find_duplicate(session.existing, raw.title, published, raw.url)
    replace: Path | None = None
    if duplicate is not None:
        existing, reason = duplicate
        if not session.force:
            _say(f"{where}: skipped “{raw.title}”: already in the content as {existing.path} ({reason}); "
                 "use --force to replace it")
            session.skipped += 1
            return
        replace = existing.path

    known = set(session.table.actors)
    try:
        draft = analyse(raw, session.table, session.tagger)
        target = replace or _free_path(session, draft)
        new_actors = list(draft.new_actors)
        index_text = session.index_text
        if new_actors or not session.index_exists:
            note = f"added by briefing import from {raw.path if is_url(raw.path) else Path(raw.path).name}"
            index_text = checked_update(session.root / INDEX_FILE, session.index_text, new_actors, note)
        text = drafting.render(draft, raw.path, session.today)
        _verify(target, text, index_text, session.root)
        if not session.dry_run:
            (session.root / ARTICLES_DIR).mkdir(parents=True, exist_ok=True)
            if index_text != session.index_text or not session.index_exists:
                write_atomic(session.root / INDEX_FILE, index_text, force=True)
            write_atomic(target, text, force=replace is not None)
    except BaseException:
        # the people this article would have added are not in the index: forget them
        for actor_id in set(session.table.actors) - known:
            del session.table.actors[actor_id]
        session.table.rebuild()
        raise

    if session.dry_run:
        print(f"# --- would write {target}")
        print(printable(text), end="")
        if new_actors:
            print(f"# --- would add to {session.root / INDEX_FILE}")
            print(printable(_added_part(session.index_text, index_text)), end="")
    session.index_text, session.index_exists = index_text, True
    session.existing = [e for e in session.existing if e.path != target]
    session.existing.append(ExistingArticle(target, target.stem, draft.title, draft.published.iso(), draft.url))
    session.imported += 1
    _summarise(where, draft, target, replace is not None, session.dry_run)


def _free_path(session: Session, draft: ArticleDraft) -> Path:
    folder = session.root / ARTICLES_DIR
    base = f"{draft.published.iso()}-{drafting.slug(draft)}"
    taken_ids = {e.id for e in session.existing}
    candidate, number = base, 2
    while (folder / f"{candidate}.md").exists() or candidate in taken_ids:
        candidate = f"{base}-{number}"
        number += 1
    return folder / f"{candidate}.md"


def _verify(target: Path, text: str, index_text: str, root: Path) -> None:
    """The draft must load as it is: the promise that `briefing check` passes unedited."""
    try:
        index, _ = parse_index(index_text.lstrip("\ufeff").replace("\r\n", "\n"), str(root / INDEX_FILE))
        parse_article(text, str(target), index, target.stem)
    except ContentError as error:
        first = error.problems[0]
        raise ImportFailed(f"internal error: the draft would not load ({first.message}, line {first.line}); "
                           "nothing written for this article — please report it") from None


def _added_part(before: str, after: str) -> str:
    if after.startswith(before):
        return after[len(before):]
    lines_before = set(before.splitlines())
    return "\n".join(line for line in after.splitlines() if line not in lines_before) + "\n"


def _summarise(where: str, draft: ArticleDraft, target: Path, replaced: bool, dry_run: bool) -> None:
    action = "would replace" if dry_run and replaced else "would write" if dry_run else "replaced" if replaced else "wrote"
    uncertain = sum(1 for q in draft.quotes if q.uncertain or q.speaker in PLACEHOLDERS)
    _say(f"{where}: “{draft.title}” → {action} {target}")
    if draft.raw.excerpt:
        _say(f"  {draft.raw.excerpt} is imported: the source has no full text of this article")
    _say(f"  {len(draft.quotes)} quotation(s), {uncertain} uncertain; {len(draft.events)} event(s); "
         f"published {draft.published.iso()} (from {draft.raw.published_how or 'unknown'})")
    people = [a for a in draft.new_actors]
    if people:
        _say("  new actors: " + ", ".join(f"{a.id} ({a.name})" for a in people))
    if draft.titles_skipped:
        _say("  not quotations (titles of works): " + ", ".join(f"“{t}”" for t in draft.titles_skipped))
    if draft.review:
        _say(f"  to review ({len(draft.review)}, also under x-review in the draft):")
        for item in draft.review:
            _say(f"    - {item}")
