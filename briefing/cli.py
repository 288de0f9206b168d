"""The `briefing` command line: argument parsing and dispatch.

Each subcommand lives in the module that owns its feature and is imported
only when it runs, so `briefing check` never pays for Textual and the
reader never pays for the importer. Exit status: 0 success, 1 the content
or the query was wrong, 2 usage. No traceback reaches the user unless
BRIEFING_DEBUG is set.
"""

from __future__ import annotations

import importlib
import os
import sys
from types import SimpleNamespace

from briefing import __version__

TYPE_CHECKING = False  # (typing itself costs a `briefing search` several milliseconds)
if TYPE_CHECKING:  # imported when a parser is built: the reader's usual start needs none
    import argparse
    from collections.abc import Callable
    from typing import Any, TypeAlias

# subcommand -> "module:function"; the function takes the parsed args and returns an exit status
COMMANDS = {
    "check": "briefing.cli:run_check",
    "search": "briefing.search.cli:run_search",
    "timeline": "briefing.search.cli:run_timeline",
    "export": "briefing.export.cli:run_export",
    "import": "briefing.importer.cli:run_import",
    "serve": "briefing.ui.serve:run_serve",
    None: "briefing.ui.launch:run_reader",
}
SEARCHING = ("search", "timeline")  # the commands that check the content's state first (see main)


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Formatter(argparse.HelpFormatter):
        def __init__(self, prog: str, **options) -> None:
            # Without a width, argparse imports shutil to ask for one, for every option added.
            if options.get("width") is None:
                try:
                    options["width"] = os.get_terminal_size(sys.stdout.fileno()).columns - 2
                except (OSError, ValueError, AttributeError):
                    options["width"] = 78
            super().__init__(prog, **options)

    class _Parser(argparse.ArgumentParser):
        def __init__(self, *args, **options) -> None:
            options.setdefault("formatter_class", _Formatter)
            super().__init__(*args, **options)

        def error(self, message: str):  # type: ignore[override]
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: error: {message}\n")

    content = _Parser(add_help=False)
    content.add_argument("--content", metavar="DIR",
                         help="content directory (default: $BRIEFING_CONTENT, else the bundled briefing)")

    theme = _Parser(add_help=False)
    theme.add_argument("--theme", metavar="NAME", help="reader theme (dark, light, high-contrast, or one of yours)")

    parser = _Parser(prog="briefing", parents=[content, theme],
                     description="A terminal reader for people who follow a fast-moving story.")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    commands.add_parser("check", parents=[content], help="validate the content directory",
                        description="Validate a content directory and list every problem as PATH:LINE: message.")

    filters = _Parser(add_help=False)
    filters.add_argument("--actor", metavar="ID", help="only items involving this actor (id or any alias)")
    filters.add_argument("--topic", metavar="ID", help="only items about this sticking point")
    filters.add_argument("--since", metavar="DATE", help="from this date on (YYYY, YYYY-MM or YYYY-MM-DD)")
    filters.add_argument("--until", metavar="DATE", help="up to this date")
    filters.add_argument("--json", action="store_true", help="print one JSON array")

    search = commands.add_parser("search", parents=[content, filters], help="fuzzy search quotations, articles and events")
    search.add_argument("query", metavar="QUERY", nargs="+", help="words, \"phrases\" and filters such as actor:lavrov")
    search.add_argument("--kind", choices=("quote", "article", "event"), help="only this kind of hit")
    search.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N hits (default 20)")

    commands.add_parser("timeline", parents=[content, filters], help="events in date order")

    export = commands.add_parser("export", parents=[content], help="a sticking point (or an actor) as a Markdown brief")
    export.add_argument("topic", metavar="TOPIC", nargs="?", help="the sticking point's id")
    export.add_argument("--actor", metavar="ID", help="export one actor instead of a topic")
    export.add_argument("--starred", action="store_true",
                        help="export what you starred or noted in the reader instead")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.add_argument("--since", metavar="DATE", help="only what happened from this date on")
    export.add_argument("--until", metavar="DATE", help="only what happened up to this date")

    importer = commands.add_parser("import", parents=[content], help="turn raw articles (text, web pages, feeds, URLs) into annotated article files")
    importer.add_argument("files", metavar="FILE", nargs="+",
                          help="raw article text, a saved web page (.html), an RSS/Atom feed, or an http(s):// URL")
    importer.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                          help="give up fetching a URL after this long (default 20)")
    importer.add_argument("--dry-run", action="store_true", help="show what would be written, write nothing")
    importer.add_argument("--force", action="store_true", help="replace articles that are already in the content")

    serve = commands.add_parser("serve", parents=[content, theme], help="serve the reader to web browsers",
                                description="Serve the reader over HTTP: every browser tab gets its own reader "
                                            "on the same content. There is no login.")
    serve.add_argument("--host", default="127.0.0.1", metavar="H",
                       help="address to listen on (default 127.0.0.1; any other needs --public)")
    serve.add_argument("--port", type=_port, default=8000, metavar="P", help="port to listen on (default 8000)")
    serve.add_argument("--public", action="store_true",
                       help="allow a non-loopback address: anyone who can reach it can read the briefing")
    return parser


def _port(text: str) -> int:
    import argparse

    try:
        value = _count(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if value > 65535:
        raise argparse.ArgumentTypeError("must be at most 65535")
    return value


def _count(text: str) -> int:
    """A whole number of 1 or more, as --limit takes it (ValueError, with a message for people, if not)."""
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise ValueError("must be 1 or more")
    return value


def _seconds(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 3600 seconds")
    return value


def _positive(text: str) -> int:
    import argparse

    try:
        return _count(text)
    except ValueError as error:  # argparse shows this kind's message as it is
        raise argparse.ArgumentTypeError(str(error)) from None


class _Flag:
    """What an option that takes no value (`--json`) takes."""


# The usual forms of the commands people run most, read without argparse (see quick_arguments):
# per command, its options with what each takes (a converter, choices, or FLAG) and its default, and the
# name of its list of words, if it takes any. A test checks all of it against build_parser().
FLAG = _Flag()
if TYPE_CHECKING:
    _Takes: TypeAlias = "Callable[[str], Any] | tuple[str, ...] | _Flag"
    _Options: TypeAlias = "dict[str, tuple[_Takes, Any]]"
_FILTERS: _Options = {"--actor": (str, None), "--topic": (str, None), "--since": (str, None), "--until": (str, None),
            "--json": (FLAG, False)}
_QUICK: dict[str | None, tuple[_Options, str | None]] = {
    None: ({"--content": (str, None), "--theme": (str, None)}, None),
    "search": ({"--content": (str, None), **_FILTERS, "--kind": (("quote", "article", "event"), None),
                "--limit": (_count, 20)}, "query"),
    "timeline": ({"--content": (str, None), **_FILTERS}, None),
}


def quick_arguments(argv: list[str]) -> SimpleNamespace | None:
    """The arguments of the reader's, `search`'s and `timeline`'s usual forms, read without
    building the parser (as it would read them); None for anything else.

    Importing argparse and building the parser, with every subcommand's,
    takes longer than drawing a screenful of widgets, and is a tenth of a
    warm search: those do without it. Any other form (help, an abbreviation,
    `--`, a value that starts with '-', anything argparse would refuse) goes
    to argparse, which says what is wrong.
    """
    command = argv[0] if argv and argv[0] in _QUICK else None
    options, words_name = _QUICK[command]
    found = {name[2:]: default for name, (_, default) in options.items()}
    words: list[str] = []
    words_ended = False
    tokens = iter(argv[1:] if command else argv)
    for token in tokens:
        if not token.startswith("-"):
            if words_name is None or words_ended:
                return None  # argparse takes one run of words only
            words.append(token)
            continue
        words_ended = bool(words)
        name, equals, value = token.partition("=")
        if name not in options:
            return None
        kind = options[name][0]
        if isinstance(kind, _Flag):
            if equals:
                return None
            found[name[2:]] = True
            continue
        if not equals:
            following = next(tokens, None)
            if following is None or following.startswith("-"):  # argparse's to judge
                return None
            value = following
        if isinstance(kind, tuple):
            if value not in kind:
                return None
        elif kind is not str:
            try:
                value = kind(value)
            except ValueError:
                return None
        found[name[2:]] = value
    if words_name is not None:
        if not words:
            return None
        found[words_name] = words
    return SimpleNamespace(command=command, **{"theme": None, **found})


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    args = quick_arguments(arguments)
    searching = args is not None and args.command in SEARCHING
    if args is not None and searching:  # the fingerprint is the slowest part of a warm search: start it first
        from briefing.cache.freshness import start_early
        from briefing.paths import content_root

        start_early(content_root(args.content))
    try:
        return _run(args or build_parser().parse_args(arguments))
    finally:
        if searching:  # not handed over (the command failed before it asked): reap the child
            from briefing.cache.freshness import discard_early

            discard_early()


def _run(args: argparse.Namespace | SimpleNamespace) -> int:
    module_name, function_name = COMMANDS[args.command].split(":")
    try:
        handler = getattr(importlib.import_module(module_name), function_name)
        status = handler(args)
        sys.stdout.flush()  # (a full disk under `> FILE` is said here, not in a traceback at exit)
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `briefing search … | head`: no error at exit for the unflushed rest
        _drop_output()
        return 0
    except Exception as error:  # the promise: no traceback, whatever the input
        if isinstance(error, OSError) and _disk_full(error):
            _drop_output()
            where = error.filename or "the output"
            from briefing.content_files import os_reason

            print(f"briefing: cannot write {where}: {os_reason(error)}", file=sys.stderr)
            return 1
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        print(f"briefing: internal error: {type(error).__name__}: {error} "
              "(set BRIEFING_DEBUG=1 for details and please report it)", file=sys.stderr)
        return 1


def _disk_full(error: OSError) -> bool:
    import errno

    return error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG)


def _drop_output() -> None:
    """Send what is still unwritten on stdout to /dev/null, so leaving Python does not fail again."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)


# ---------------------------------------------------------------- briefing check

def run_check(args: argparse.Namespace) -> int:
    from briefing.loader import ContentError, load_content
    from briefing.paths import content_dir
    from briefing.text import one_line

    root = content_dir(args.content)
    try:
        result = load_content(root)
    except ContentError as error:
        for problem in error.problems:
            print(one_line(str(problem)))
        print(f"{len(error.problems)} problem(s); nothing loaded")
        return 1
    for problem in result.problems:
        print(one_line(str(problem)))
    quotes = sum(len(a.quotes) for a in result.articles)
    events = sum(len(a.events) for a in result.articles)
    summary = (f"{len(result.articles)} articles, {quotes} quotes, {events} events, "
               f"{len(result.index.actors)} actors, {len(result.index.topics)} topics")
    if result.problems:
        bad_files = len({p.path for p in result.problems})
        print(f"{len(result.problems)} problem(s) in {bad_files} file(s); loaded {summary}")
        return 1
    print(f"ok: {root}: {summary}, no problems")
    return 0
