"""A damaged cache never gives a wrong answer: every byte of a small index changed in turn.

Damage (a crash, a bad disk, a sync tool) may change any byte of the index
file. Each flip must either leave every answer as a fresh build gives it,
or be noticed (the file refused when opened, or DamagedIndex when the
damaged part is first read), after which the command rebuilds and answers
as the fresh build does.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from briefing.cache import indexes
from briefing.cache.index_build import write_index
from briefing.cache.index_file import INDEX_NAME, DamagedIndex, IndexFile
from briefing.cache.freshness import fingerprint
from briefing.cli import main
from tests.conftest import write_file

INDEX = """\
title: Small briefing
actors:
  - {id: lavrov, name: Sergey Lavrov, kind: person, party: russia, aliases: [Lavrov]}
  - {id: rubio, name: Marco Rubio, kind: person, party: united-states}
  - {id: russia, name: Russia, kind: country}
  - {id: united-states, name: United States, kind: country}
topics:
  - {id: territory, title: Territory, keywords: [donbas]}
  - {id: sanctions, title: Sanctions}
"""

ARTICLES = {
    "2025-06-02-talks": """\
---
title: Talks in Istanbul
source: Wire
published: 2025-06-02
topics: [territory]
quotes:
  - speaker: lavrov
    text: The Donbas question is settled
events:
  - date: 2025-06-02
    title: Second round of talks
    actors: [lavrov, rubio]
positions:
  - topic: territory
    party: russia
    stance: keeps the Donbas
---
Lavrov said: The Donbas question is settled. Talks went on for hours.
""",
    "2025-11-20-plan": """\
---
title: A peace plan with guarantees
source: Paper
published: 2025-11-20
topics: [sanctions, territory]
quotes:
  - speaker: rubio
    text: Sanctions stay until there are guarantees
    topics: [sanctions]
events:
  - date: 2025-11-19
    title: Plan delivered
    actors: [rubio]
    topics: [sanctions]
  - date: 2025-11
    title: Envoys travel to Moscow
---
Rubio said: Sanctions stay until there are guarantees. The plan has 28 points.
""",
}

SEARCHES = [
    ("donbas",), ("guarantes",), ("sanctions guarantees",), ("kind:quote",), ("actor:lavrov",),
    ("topic:territory since:2025-06",), ('"peace plan"',), ("talks",),
]
TIMELINES = [(), ("--actor", "rubio"), ("--topic", "sanctions"), ("--since", "2025-11")]


@pytest.fixture
def small(tmp_path) -> Path:
    root = tmp_path / "small"
    write_file(root / "index.yaml", INDEX)
    for name, text in ARTICLES.items():
        write_file(root / "articles" / f"{name}.md", text)
    return root


def built(root: Path, folder: Path) -> Path:
    """The index of `root` written to folder/index.bin, as a build writes it."""
    target = folder / INDEX_NAME
    with open(target, "wb") as handle:
        write_index(root, handle, fingerprint(root))
    return target


def answers(store: IndexFile) -> list:
    """Everything the commands print, worked out on `store`: DamagedIndex if it notices damage."""
    engine = indexes._engine(store)
    found: list = []
    for (query,) in SEARCHES:
        found.append([(hit.kind, hit.article_id, hit.text, hit.date.iso(), round(hit.score, 6), hit.speaker,
                       hit.speaker_name, hit.title, hit.spans) for hit in engine.search(query, limit=50)])
    for options in TIMELINES:
        pairs = dict(zip(options[::2], options[1::2]))
        events = engine.events(actor=pairs.get("--actor"), topic=pairs.get("--topic"), since=pairs.get("--since"))
        found.append([(e.date.iso(), e.title, e.article_id, e.actors, e.topics, e.place) for e in events])
    found.append([str(problem) for problem in store.problems])
    found.append(engine.index)
    return found


def outcome(path: Path, data: bytes, reference: list) -> str:
    """'same', 'refused' (open said no) or 'noticed' (DamagedIndex while answering); else it fails."""
    path.write_bytes(data)
    store = IndexFile.open(path, None)
    if store is None:
        return "refused"
    try:
        try:
            got = answers(store)
        except DamagedIndex:
            return "noticed"
        assert got == reference, "a damaged index gave a different answer and did not notice"
        return "same"
    finally:
        store.close()


def flipped(data: bytes, at: int, bit: int) -> bytes:
    damaged = bytearray(data)
    damaged[at] ^= 1 << bit
    return bytes(damaged)


def check_positions(small: Path, tmp_path: Path, positions) -> dict[str, int]:
    path = built(small, tmp_path)
    good = path.read_bytes()
    store = IndexFile.open(path, None)
    assert store is not None
    reference = answers(store)
    store.close()
    seen = {"same": 0, "refused": 0, "noticed": 0}
    rng = random.Random(16)
    for at in positions(len(good)):
        seen[outcome(path, flipped(good, at, rng.randrange(8)), reference)] += 1
    return seen


def test_a_sample_of_flipped_bytes_never_changes_an_answer(small, tmp_path):
    def sample(size: int):
        rng = random.Random(2026)
        return sorted(set(range(64)) | set(rng.sample(range(size), 600)))

    seen = check_positions(small, tmp_path, sample)
    assert seen["refused"] and seen["noticed"], seen  # both ways of noticing are exercised


@pytest.mark.slow
def test_every_flipped_byte_never_changes_an_answer(small, tmp_path):
    seen = check_positions(small, tmp_path, range)
    assert seen["refused"] and seen["noticed"], seen


# ------------------------------------------------------------------ the commands themselves

def command(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def printed(capsys, small: Path) -> list[tuple[int, str]]:
    """(status, stdout) of every search and timeline, as JSON; no internal error on the way."""
    found = []
    for argv in [("search", *query) for query in SEARCHES] + [("timeline", *options) for options in TIMELINES]:
        status, out, err = command(capsys, *argv, "--content", str(small), "--json")
        assert "internal error" not in err and "Traceback" not in err, err
        assert all(line.endswith("; rebuilding it") for line in err.splitlines()), err
        found.append((status, json.loads(out)))
    return found


def test_the_commands_rebuild_a_damaged_index_and_answer_as_a_fresh_build(small, capsys):
    fresh = printed(capsys, small)
    target = indexes.cache_folder(small) / INDEX_NAME
    good = target.read_bytes()
    store = IndexFile.open(target, None)
    assert store is not None
    places = sorted({0, 12, 16, 24, len(good) - 1}
                    | {offset + size // 2 for offset, size, _, _ in store.table["sections"].values() if size})
    store.close()
    rebuilt = 0
    for at in places:
        target.write_bytes(flipped(good, at, at % 8))
        damaged = target.read_bytes()
        assert printed(capsys, small) == fresh, f"byte {at}"
        if target.read_bytes() != damaged:  # replaced: by a whole index
            rebuilt += 1
            again = IndexFile.open(target, None)
            assert again is not None
            again.verify_all()
            again.close()
    assert rebuilt >= len(places) // 2, "most damage is noticed and replaced"


def test_damage_found_in_the_middle_of_a_search_is_said_once_and_repaired(small, capsys):
    command(capsys, "search", "donbas", "--content", str(small))
    target = indexes.cache_folder(small) / INDEX_NAME
    store = IndexFile.open(target, None)
    assert store is not None
    offset, size, _, _ = store.table["sections"]["doc_first"]  # read by a search, checked on first use
    store.close()
    good = target.read_bytes()
    target.write_bytes(flipped(good, offset + size // 2, 3))
    status, out, err = command(capsys, "timeline", "--content", str(small), "--json")
    assert status == 0 and len(json.loads(out)) == 3
    assert err == "briefing: the search index is damaged (section doc_first); rebuilding it\n"
    status, _, err = command(capsys, "timeline", "--content", str(small), "--json")
    assert status == 0 and err == "", "the damaged file was replaced"


def test_a_rebuild_never_reuses_a_damaged_article(small, tmp_path):
    """An index gone stale is the source of the files that did not change: damaged, nothing of it is used."""
    path = built(small, tmp_path)
    good = path.read_bytes()
    fresh = IndexFile.open(path, None)
    assert fresh is not None
    offset, size, _, _ = fresh.table["sections"]["articles"]
    expected = fresh.all_articles()
    fresh.close()
    path.write_bytes(flipped(good, offset + size // 3, 5))
    previous = IndexFile.open(path, None)
    assert previous is not None  # the table is whole: this one is opened, its articles are not trusted
    with pytest.raises(DamagedIndex):
        previous.all_articles()
    again = tmp_path / "again.bin"
    with open(again, "wb") as handle:
        write_index(small, handle, fingerprint(small), previous=previous)
    rebuilt = IndexFile.open(again, None)
    assert rebuilt is not None and rebuilt.all_articles() == expected


def test_a_parallel_build_works_under_a_captured_stderr(small, tmp_path):
    """The reader rebuilds a damaged or stale index in its loading thread while Textual captures
    stderr (a file object whose descriptor is -1); multiprocessing's resource tracker, which the
    build's shared counters start, used to fail on it, and the reader parsed every file instead.
    In a fresh process, so that no tracker is running yet."""
    import subprocess
    import sys

    script = f"""
import sys
from briefing.cache import build_pool, indexes
build_pool.PARALLEL_FROM, build_pool.MAX_SEGMENT, build_pool.BATCH = 2, 1, 1
build_pool._can_fork = lambda: False  # as in the reader, which builds from a thread

class Captured:  # what Textual puts in sys.stderr while it runs
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1

sys.stderr = Captured()
store = indexes.open_verified({str(small)!r})
sys.stdout.write(str(store.article_count))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout == str(len(ARTICLES))
