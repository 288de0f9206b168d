"""Search benchmarks on a synthetic briefing: prints one `name: value unit` line per figure.

    python benchmarks/run.py [--articles 10000] [--runs 7]

The corpus is generated once (benchmarks/synth.py) and kept under the
user's cache folder; the search index is rebuilt from scratch for the cold
figure. Figures:

  index_build_cold_s        a fresh process building the index of the whole corpus (median of 3)
  index_rebuild_one_edit_s  the same after one article file was saved again (median of 3): the
                              other files come from the stale index
  search_cli_warm_ms        `briefing search QUERY` as a whole process, index warm (median): the
                              installed `briefing` command beside this Python, else `python -m briefing`
  search_cli_json_warm_ms   the same with --json (no table printing)
  search_cli_filtered_warm_ms  the same query with topic:territory (names resolved from the index alone)
  search_cli_filtered_vs_unfiltered_ratio  filtered / unfiltered (the filter's own cost: about 1)
  index_check_search_ms     in process: the CRC-32 checks a warm search of CLI_QUERY makes on the index (the
                              sections and blocks it reads, checked again; median); the whole file checked
                              at once with crc32 and with blake2b is noted on stderr, for comparison
  search_keystroke_p50_ms   in process: queries typed one character at a time, one search
  search_keystroke_p95_ms     per keystroke (limit 50), one engine per session; the median of 3 sessions
  search_peak_rss_mb        peak memory of a typing session's process (the largest of the 3)
  search_cli_peak_rss_mb    peak memory of one warm `briefing search`
  fzf_filter_ms             `fzf --filter QUERY` over the same quotation texts (median), if fzf is installed
  search_cli_vs_fzf_ratio   search_cli_warm_ms / fzf_filter_ms (below 1: faster than fzf)
  search_cli_json_vs_fzf_ratio  the same for --json
  mark_action_p50_ms        in process: one read mark or star as the reader makes it (its SQLite
  mark_action_p95_ms          transaction, then the navigator's Unread and Starred counts recomputed),
                              on a state holding a mark for every article (median and 95th percentile)

Notes go to stderr, figures to stdout. Subprocesses get bytecode caching in a
private folder (PYTHONPYCACHEPREFIX), as an installed package would have.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

CLI_QUERY = "securty garantees"
TYPED = [
    "security guarantees", "securty garantees actor:macron", "paper guarantees", "anchorige",
    '"spirit of anchorage"', "peace talks kind:quote since:2025-06", "guaran", "lavrov summit",
    "ceasefire topic:ceasefire", "frozen assets sanctions", "zelensky territory donbas", "the",
]


# A process's own peak memory, in KiB. Not ru_maxrss: Linux carries that over from the parent
# through fork and exec, so a child of this (large) process would report this one's peak.
PEAK_RSS_KB = "int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])"


def figure(name: str, value: float, unit: str) -> None:
    print(f"{name}: {value:.3f} {unit}" if unit == "s" else f"{name}: {value:.1f} {unit}", flush=True)


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    from briefing.paths import cache_dir

    env["PYTHONPYCACHEPREFIX"] = str(cache_dir() / "bench" / "pycache")
    return env


def timed(command: list[str], env: dict[str, str], stdin=None) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - started, done


def build_cold(content: Path, env: dict[str, str], runs: int = 3) -> None:
    """A fresh process building the whole index from nothing, `runs` times; the median (the machine is shared)."""
    from briefing.cache.location import cache_folder

    script = ("import resource, sys\n"
              "from briefing.cache.indexes import open_index\n"
              f"open_index({str(content)!r})\n"
              f"own = {PEAK_RSS_KB}\n"
              "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
              "print(max(own, kids) / 1024)\n")
    samples, peaks = [], []
    for _ in range(runs):
        shutil.rmtree(cache_folder(content), ignore_errors=True)
        seconds, done = timed([sys.executable, "-c", script], env)
        if done.returncode:
            raise SystemExit(f"index build failed:\n{done.stderr.decode()}")
        samples.append(seconds)
        peaks.append(float(done.stdout.decode().split()[-1]))
    figure("index_build_cold_s", statistics.median(samples), "s")
    figure("index_build_peak_rss_mb", max(peaks), "MB")
    note("cold builds: " + ", ".join(f"{value:.1f}" for value in samples) + " s")

    # One article file touched (a new modification time, as an editor's save gives): the index is
    # stale, and the rebuild takes every other file from it instead of reading it again.
    edited = min((content / "articles").rglob("*.md"))
    rebuilds = []
    for _ in range(runs):
        os.utime(edited)
        seconds, done = timed([sys.executable, "-c", script], env)
        if done.returncode:
            raise SystemExit(f"index rebuild failed:\n{done.stderr.decode()}")
        rebuilds.append(seconds)
    figure("index_rebuild_one_edit_s", statistics.median(rebuilds), "s")
    note("rebuilds after one edited file: " + ", ".join(f"{value:.1f}" for value in rebuilds) + " s")


def cli_warm(content: Path, env: dict[str, str], runs: int) -> None:
    """Warm `briefing search` (table and --json) and `fzf --filter` over the same quotation texts.

    The three run in turn, `runs` times each after one untimed warm-up, so
    that the machine's other load falls on all of them alike; medians.
    """
    installed = Path(sys.executable).with_name("briefing")  # the command people run, where pip put it
    command = [str(installed)] if installed.is_file() else [sys.executable, "-m", "briefing"]
    note(f"search command: {' '.join(command)}")
    base = command + ["search", CLI_QUERY, "--content", str(content)]
    commands: dict[str, tuple[list[str], str | None]] = {
        "search_cli_warm_ms": (base, None), "search_cli_json_warm_ms": (base + ["--json"], None),
        "search_cli_filtered_warm_ms": (command + ["search", CLI_QUERY + " topic:territory", "--content", str(content)],
                                        None)}
    lines = _fzf_input(content)
    if lines is not None:
        commands["fzf_filter_ms"] = (["fzf", "--filter", CLI_QUERY], lines)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    try:
        for attempt in range(runs + 1):  # the first round warms the index, page cache and bytecode cache
            for name, (command, stdin_path) in commands.items():
                with open(stdin_path or os.devnull, "rb") as stdin:
                    seconds, done = timed(command, env, stdin=stdin)
                if done.returncode:
                    raise SystemExit(f"{command[0]} failed:\n{done.stderr.decode()}")
                if attempt:
                    samples[name].append(seconds * 1000)
    finally:
        if lines is not None:
            os.unlink(lines)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, value in medians.items():
        figure(name, value, "ms")
    if "fzf_filter_ms" in medians:
        fzf_ms = medians["fzf_filter_ms"]
        print(f"search_cli_vs_fzf_ratio: {medians['search_cli_warm_ms'] / fzf_ms:.2f} x", flush=True)
        print(f"search_cli_json_vs_fzf_ratio: {medians['search_cli_json_warm_ms'] / fzf_ms:.2f} x", flush=True)
    print(f"search_cli_filtered_vs_unfiltered_ratio: "
          f"{medians['search_cli_filtered_warm_ms'] / medians['search_cli_warm_ms']:.2f} x", flush=True)
    script = ("import resource, sys\n"
              "from briefing.cli import main\n"
              f"sys.argv = ['briefing', 'search', {CLI_QUERY!r}, '--content', {str(content)!r}]\n"
              "import io, contextlib\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              "    main(sys.argv[1:])\n"
              f"print({PEAK_RSS_KB} / 1024)\n")
    _, done = timed([sys.executable, "-c", script], env)
    figure("search_cli_peak_rss_mb", float(done.stdout.decode().split()[-1]), "MB")


def index_checks(content: Path, runs: int = 7) -> None:
    """What the index's checksums cost a warm search (see briefing/cache/index_file.py)."""
    import hashlib
    import zlib

    from briefing.cache.indexes import peek_index

    engine = peek_index(content)
    engine.search(CLI_QUERY, limit=20)
    parts = engine.store.checked_parts()
    whole = engine.store._view  # the whole file, for the alternatives
    samples: dict[str, list[float]] = {"search": [], "file_crc32": [], "file_blake2b": []}
    for _ in range(runs):
        for name, check in (("search", lambda: [zlib.crc32(part) for part in parts]),
                            ("file_crc32", lambda: zlib.crc32(whole)),
                            ("file_blake2b", lambda: hashlib.blake2b(whole).digest())):
            started = time.perf_counter()
            check()
            samples[name].append((time.perf_counter() - started) * 1000)
    figure("index_check_search_ms", statistics.median(samples["search"]), "ms")
    note(f"index checks: {sum(map(len, parts)) / 2**20:.1f} of {len(whole) / 2**20:.1f} MiB checked by a warm search; "
         f"the whole file would take {statistics.median(samples['file_crc32']):.1f} ms (crc32), "
         f"{statistics.median(samples['file_blake2b']):.1f} ms (blake2b)")


def mark_actions(content: Path, actions: int = 400) -> None:
    """What a read mark or a star costs the reader at this size (see briefing/state/store.py)."""
    from briefing.browse import mark_counts
    from briefing.corpus import Corpus
    from briefing.state.store import ReadingState

    corpus = Corpus.load(content)
    with tempfile.TemporaryDirectory() as folder:
        state = ReadingState.open(content, os.path.join(folder, "state.sqlite3"))
        ids = [article.id for article in corpus.articles]
        state.set_read(ids)  # a reader who has been through everything
        samples = []
        for number in range(actions):
            article = corpus.articles[number * 7919 % len(ids)]
            started = time.perf_counter()
            if number % 2:
                state.toggle_star(article.id, 0 if article.quotes else -1)
            else:
                state.set_read(article.id, not state.is_read(article.id))
            mark_counts(corpus, state)
            samples.append((time.perf_counter() - started) * 1000)
        state.close()
    samples.sort()
    figure("mark_action_p50_ms", statistics.median(samples), "ms")
    figure("mark_action_p95_ms", samples[int(len(samples) * 0.95)], "ms")


def _fzf_input(content: Path) -> str | None:
    """A file of the corpus' quotation texts, one per line, for fzf; None without fzf."""
    if shutil.which("fzf") is None:
        note("fzf is not installed: no fzf_filter_ms (apt-get install -y fzf)")
        return None
    from briefing.cache.indexes import load_corpus_cached

    corpus = load_corpus_cached(content)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        for quote in corpus.quotes:
            handle.write(" ".join(quote.text.split()) + "\n")
    note(f"fzf over {len(corpus.quotes):,} quotation texts")
    return handle.name


def keystrokes(content: Path, env: dict[str, str], sessions: int = 3) -> None:
    """Typing sessions in fresh processes; the median session's figures (the machine is shared)."""
    script = f"""
import json, resource, time
from briefing.corpus import QueryError
from briefing.cache.indexes import open_index
engine = open_index({str(content)!r})
samples = []
for query in {TYPED!r}:
    for end in range(1, len(query) + 1):
        started = time.perf_counter()
        try:
            engine.search(query[:end], limit=50)
        except QueryError:
            pass  # 'actor:m' while 'actor:macron' is being typed
        samples.append((time.perf_counter() - started) * 1000)
print(json.dumps({{"samples": samples, "rss": {PEAK_RSS_KB} / 1024}}))
"""
    runs = []
    for _ in range(sessions):
        _, done = timed([sys.executable, "-c", script], env)
        if done.returncode:
            raise SystemExit(f"keystroke benchmark failed:\n{done.stderr.decode()}")
        result = json.loads(done.stdout.decode().splitlines()[-1])
        samples = sorted(result["samples"])
        runs.append((samples[min(len(samples) - 1, int(len(samples) * 0.95))], samples[len(samples) // 2],
                     result["rss"], samples[-1], len(samples)))
    runs.sort()
    p95, p50, _, slowest, count = runs[len(runs) // 2]
    figure("search_keystroke_p50_ms", p50, "ms")
    figure("search_keystroke_p95_ms", p95, "ms")
    figure("search_peak_rss_mb", max(run[2] for run in runs), "MB")
    note(f"{count} keystrokes over {len(TYPED)} queries, {sessions} sessions; p95 per session "
         + ", ".join(f"{run[0]:.1f}" for run in runs) + f" ms; slowest keystroke {slowest:.1f} ms")


def reader_figures(content: Path) -> None:
    try:
        import reader_startup
    except ImportError:
        return
    for name, (value, unit) in reader_startup.figures(content).items():
        print(f"{name}: {value:.1f} {unit}" if isinstance(value, float) else f"{name}: {value} {unit}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7, help="repetitions of each timed command")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--only", choices=["marks"], help="print only these figures")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    content = synth.cached_corpus(args.articles, args.seed)
    note(f"corpus: {content} ({args.articles:,} articles; ready in {time.perf_counter() - started:.1f} s); "
         f"{os.cpu_count()} CPUs")
    if args.only == "marks":
        mark_actions(content)
        return 0
    env = environment()
    build_cold(content, env)
    cli_warm(content, env, args.runs)
    index_checks(content)
    keystrokes(content, env)
    reader_figures(content)
    mark_actions(content)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
