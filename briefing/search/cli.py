"""`briefing search` and `briefing timeline`.

A warm search must start fast: this module imports almost nothing at the
top, the content's fingerprint is taken by a forked child (started by
`briefing.cli.main` before anything else) while the index code is imported
and the answer worked out, and the tables are drawn by briefing.plaintable
rather than Rich (whose import alone costs more than a whole warm search).
"""

from __future__ import annotations

import os
import re
import sys
import time

from briefing.plaintable import KEEP_TOGETHER, Cell, Column, output_width, render
from briefing.text import printable

TYPE_CHECKING = False  # argparse is not imported by a search (see briefing.cli.quick_arguments)
if TYPE_CHECKING:
    import argparse

EXCERPT = 180  # characters of a long paragraph shown around its first match
LARGE_BUILD = 2000  # files: a build this big reports progress even when stderr is not a terminal


def run_search(args: argparse.Namespace) -> int:
    from briefing.search.query import parse_query

    query = " ".join(args.query)
    try:
        parsed = parse_query(query)
    except ValueError:  # (said by `answer`, which parses it again)
        parsed = None
    state = None
    warning = ""
    if parsed is not None and parsed.states:  # is:unread, is:starred, has:note: the reader's own marks
        from briefing.paths import content_root
        from briefing.state.store import ReadingState

        state = ReadingState.open(content_root(args.content))  # SQLite only for these queries
        if state.problem:
            warning = _message(f"warning: {state.problem}")

    def answer(engine) -> tuple[int, str, str]:
        try:
            hits = engine.search(parsed or query, limit=args.limit, actor=args.actor, topic=args.topic,
                                 since=args.since, until=args.until, kind=args.kind, state=state)
        except ValueError as error:  # QueryError (and DateError) carry a message for people
            return 1, "", _message(str(error))
        if args.json:
            return 0, _json([{
                "kind": hit.kind, "article": hit.article_id, "text": hit.text, "date": hit.date.iso(),
                "score": hit.score, "speaker": hit.speaker, "speaker_name": hit.speaker_name,
                "title": hit.title, "spans": [list(span) for span in hit.spans],
            } for hit in hits]), warning
        if not hits:
            return 0, f"no matches for {printable(query)!r}\n", warning
        return 0, _hits_table(hits), warning

    return _answer(args.content, answer)


def run_timeline(args: argparse.Namespace) -> int:
    def answer(engine) -> tuple[int, str, str]:
        try:
            events = engine.events(actor=args.actor, topic=args.topic, since=args.since, until=args.until)
        except ValueError as error:
            return 1, "", _message(str(error))
        names = {actor.id: actor.name for actor in engine.index.actors}
        if args.json:
            return 0, _json([{
                "date": event.date.iso(), "title": event.title, "article": event.article_id,
                "actors": list(event.actors), "topics": list(event.topics), "place": event.place,
            } for event in events]), ""
        if not events:
            return 0, "no events match\n", ""
        return 0, _timeline_table(events, names), ""

    return _answer(args.content, answer)


# ------------------------------------------------------------------ answering

def _answer(content: str | None, answer) -> int:
    """Run `answer(engine) -> (status, stdout text, stderr text)` on the content's index and print it.

    The answer is worked out on the index as it stands while a child process
    takes the content's fingerprint (statting every file is the slowest part
    of a warm search); it is printed only if that index proves fresh, and
    worked out again on a rebuilt index if not.
    """
    from briefing.paths import content_root
    from briefing.cache.freshness import fingerprint_child

    root = content_root(content)
    if not os.path.isdir(root):
        _error(f"{root}: content directory not found")
        return 1
    state = fingerprint_child(root)
    damaged = None
    problems: tuple = ()
    try:
        from briefing.cache.index_file import DamagedIndex
        from briefing.cache.indexes import open_index, peek_index

        engine = peek_index(root)
        outcome = None
        if engine is not None:
            try:
                outcome = answer(engine)
            except DamagedIndex as damage:  # a section checked on first use: rebuild, answer again
                _error(f"{damage}; rebuilding it")
                damaged = engine.store
        fresh = state.result()
    finally:  # an error or Ctrl-C on the way: the child is not left behind
        state.discard()
    answered = outcome is not None and engine.store.fingerprint == fresh
    builds = 0  # a second build only if the one just made is damaged too (a failing disk)
    while not answered:
        if builds == 2:
            engine, problems = _from_the_content(root)
            outcome, answered = answer(engine), True
            break
        builds += 1
        try:
            engine = open_index(root, progress=_Progress(), state=lambda: fresh, damaged=damaged)
        except OSError as error:
            from briefing.content_files import os_reason

            _error(f"{root}: cannot read the content: {os_reason(error)}")
            return 1
        except Exception as error:
            from briefing.loader import ContentError  # the loader is imported only when needed

            if not isinstance(error, ContentError):
                raise
            for problem in error.problems:
                _error(str(problem))
            return 1
        try:
            outcome, answered = answer(engine), True
        except DamagedIndex as damage:
            _error(f"{damage}; rebuilding it")
            damaged = engine.store
    if engine.store is not None:
        problems = engine.store.problems
    if problems and not engine.data.doc_count:  # nothing loaded: say why, as `briefing check` would
        for problem in problems:
            _error(str(problem))
        return 1
    if problems:
        files = len({problem.path for problem in problems})
        _error(f"{len(problems)} problem(s) in {files} file(s) of {root} were left out; "
               "run `briefing check` for details")
    assert outcome is not None  # answered above, on the fresh index
    status, out, err = outcome
    if err:
        sys.stderr.write(err)
    sys.stdout.write(out)
    return status


def _from_the_content(root: str) -> tuple:
    """An engine over the corpus loaded from the files, for when no index file can be trusted."""
    from briefing.cache.index_file import INDEX_NAME
    from briefing.cache.location import cache_folder_name
    from briefing.corpus import Corpus
    from briefing.search.engine import SearchEngine

    _error(f"the search index in {os.path.join(cache_folder_name(root), INDEX_NAME)} is damaged each time it is "
           "written; answering from the content without it")
    corpus = Corpus.load(root)
    return SearchEngine.from_corpus(corpus), corpus.problems


class _Progress:
    """Index build progress on stderr: live on a terminal, two lines for a large build otherwise."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.started = time.monotonic()
        self.shown = 0.0
        self.announced = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == "reading" and not self.announced and (self.live or total >= LARGE_BUILD):
            self.announced = True
            sys.stderr.write(f"briefing: indexing {total:,} article files (once per change of the content)…"
                             + ("" if self.live else "\n"))
        if not self.announced:
            return
        if self.live and (now - self.shown > 0.2 or stage == "done"):
            self.shown = now
            what = {"reading": f"{done:,}/{total:,} files", "indexing": "indexing", "writing": "saving"}.get(stage)
            if what:
                sys.stderr.write(f"\r\x1b[Kbriefing: indexing the content: {what}")
        if stage == "done":
            ending = "\r\x1b[K" if self.live else ""
            sys.stderr.write(f"{ending}briefing: indexed in {now - self.started:.1f} s\n")
        sys.stderr.flush()


# ------------------------------------------------------------------ output

_C1 = re.compile("[\x7f-\x9f\u2028\u2029]")


def _json(items: list[dict]) -> str:
    import json

    text = json.dumps(items, ensure_ascii=False, indent=2)
    # JSON escapes C0 controls itself; C1 controls (a bare CSI) could still drive a terminal.
    return _C1.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def _hits_table(hits) -> str:
    columns = [Column("score", right=True, wrap=False), Column("date", wrap=False), Column("kind", wrap=False),
               Column("who / article", max_width=28), Column("text", share=1)]
    rows = [[f"{hit.score:.0f}", hit.date.iso(), hit.kind,
             _name(hit.speaker_name) if hit.kind == "quote" else _clean(hit.article_id),
             _highlighted(hit.text, hit.spans)]
            for hit in hits]
    return _table(columns, rows)


def _timeline_table(events, names: dict[str, str]) -> str:
    columns = [Column("date", wrap=False), Column("event", share=3), Column("place", max_width=16),
               Column("actors", share=1), Column("article", max_width=30)]
    rows = [[event.date.iso(), _clean(event.title), _clean(event.place),
             ", ".join(_name(names.get(a, a)) for a in event.actors), _clean(event.article_id)]
            for event in events]
    return _table(columns, rows)


def _table(columns, rows) -> str:
    return render(columns, rows, output_width(), styled=_styled())


def _styled() -> bool:
    """Bold and reverse video only on a terminal that has them (and not under NO_COLOR)."""
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb" and "NO_COLOR" not in os.environ


_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    """One line of text with nothing a terminal would act on."""
    return _SPACES.sub(" ", printable(text)).strip()


def _name(name: str) -> str:
    """A person's or body's name, kept on one line in a table where it can be."""
    return _clean(name).replace(" ", KEEP_TOGETHER)


def _highlighted(text: str, spans) -> Cell:
    """The hit's text on one line, its matches stressed; a long text cut around its first match."""
    start, end = 0, len(text)
    if len(text) > EXCERPT:
        first = spans[0][0] if spans else 0
        start = max(0, first - EXCERPT // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + EXCERPT)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
    shown = ["…" if start else ""]
    stressed = []
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start < position or span_start >= span_end:
            continue
        shown.append(_SPACES.sub(" ", printable(text[position:span_start])))
        at = sum(map(len, shown))
        shown.append(_SPACES.sub(" ", printable(text[span_start:span_end])))
        stressed.append((at, at + len(shown[-1])))
        position = span_end
    shown.append(_SPACES.sub(" ", printable(text[position:end])))
    if end < len(text):
        shown.append("…")
    return Cell("".join(shown), tuple(stressed))


def _message(message: str) -> str:
    # Messages echo user input and content: keep escape bytes off the terminal.
    return "briefing: " + printable(message) + "\n"


def _error(message: str) -> None:
    sys.stderr.write(_message(message))
