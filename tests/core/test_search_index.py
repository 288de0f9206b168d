"""The persistent index: where it lives, when it is rebuilt, two processes at once,
and the cached corpus being the corpus."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.corpus import Corpus
from briefing.paths import bundled_content, cache_dir
from briefing.cache.indexes import load_corpus_cached, open_cached, open_index
from briefing.search import SearchEngine
from briefing.cache import build_pool, index_build
from briefing.cache import indexes as store
from briefing.cache.freshness import fingerprint

REPO = Path(__file__).resolve().parents[2]
KYIV = "2025-11-25-russia-strikes-kyiv"


@pytest.fixture
def content(tmp_path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(bundled_content(), copy)
    return copy


def texts(engine, query: str) -> list[str]:
    return [hit.text for hit in engine.search(query, limit=20)]


def touch_later(path: Path) -> None:
    """Make sure a rewritten file's time differs even on coarse file-system clocks."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 2_000_000_000))


def test_the_index_lives_in_the_cache_folder_not_the_content(content):
    before = sorted(content.rglob("*"))
    open_index(content).search("peace")
    assert sorted(content.rglob("*")) == before
    folder = store.cache_folder(content)
    assert folder.parent.parent == cache_dir() and str(cache_dir()).startswith(os.environ["XDG_CACHE_HOME"])
    assert (folder / store.INDEX_NAME).is_file()


def test_each_content_folder_has_its_own_index(content, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(content, other)
    (other / "articles" / f"{KYIV}.md").unlink()
    assert store.cache_folder(content) != store.cache_folder(other)
    assert any("paper guarantees" in text for text in texts(open_index(content), "paper guarantees"))
    assert not any("paper guarantees" in text for text in texts(open_index(other), "paper guarantees"))


def test_an_unchanged_folder_reuses_the_index(content):
    open_index(content)
    index_file = store.cache_folder(content) / store.INDEX_NAME
    built = index_file.stat().st_mtime_ns
    for _ in range(3):
        assert open_index(content).search("anchorige")
    assert index_file.stat().st_mtime_ns == built


def test_an_edited_article_is_searched_as_edited(content):
    assert texts(open_index(content), "paper guarantees")
    path = content / "articles" / f"{KYIV}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("paper guarantees", "cardboard guarantees"),
                    encoding="utf-8")
    touch_later(path)
    engine = open_index(content)
    assert any("cardboard guarantees" in text for text in texts(engine, "cardboard"))
    assert not any("not paper guarantees" in text for text in texts(engine, "paper guarantees"))


def test_a_deleted_article_is_gone(content):
    assert any(hit.article_id == KYIV for hit in open_index(content).search("anchorage", limit=50))
    (content / "articles" / f"{KYIV}.md").unlink()
    assert not any(hit.article_id == KYIV for hit in open_index(content).search("anchorage", limit=50))


def test_an_added_article_is_found(content):
    assert open_index(content).search("zeppelin") == []
    folder = content / "articles" / "2026"
    folder.mkdir()
    (folder / "new.md").write_text(
        "---\ntitle: New\nsource: Test\npublished: 2026-01-02\nquotes:\n"
        "  - speaker: lavrov\n    text: a zeppelin over Anchorage\n---\nHe spoke of a zeppelin over Anchorage.\n",
        encoding="utf-8")
    hits = open_index(content).search("zeppelin", limit=5)
    assert hits[0].article_id == "new" and hits[0].speaker == "lavrov"


def test_an_edit_to_the_index_yaml_is_seen(content):
    index = content / "index.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace("name: Sergey Lavrov", "name: Sergei V. Lavrov"),
                     encoding="utf-8")
    touch_later(index)
    hit = open_index(content).search("kind:quote", actor="lavrov", limit=1)[0]
    assert hit.speaker_name == "Sergei V. Lavrov"


def _counting_reads(monkeypatch) -> list[str]:
    """The article files a build reads from disk (builds of fewer than PARALLEL_FROM run in process)."""
    from briefing import loader

    read: list[str] = []
    real = loader.read_text

    def counted(path):
        if str(path).endswith(".md"):
            read.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(loader, "read_text", counted)
    return read


def _same_index(rebuilt: store.IndexFile, fresh: store.IndexFile) -> None:
    """The same articles, problems and index; the segments' layout may differ (workers take files in any order)."""
    assert rebuilt.all_articles() == fresh.all_articles()
    assert rebuilt.problems == fresh.problems and rebuilt.fingerprint == fresh.fingerprint
    mine, theirs = rebuilt.data, fresh.data
    for name in ("vocab", "filter_keys", "mask_words"):
        assert getattr(mine, name) == getattr(theirs, name), name
    for name in ("doc_kind", "length_words", "doc_article", "doc_number", "doc_start", "doc_end", "doc_first",
                 "doc_last", "doc_length", "mask_low", "mask_high", "doc_freq", "length_starts"):
        assert bytes(getattr(mine, name)) == bytes(getattr(theirs, name)), name
    assert sorted(mine.near_table) == sorted(theirs.near_table)
    for place in range(len(theirs.vocab)):
        assert _documents_of(mine, place) == _documents_of(theirs, place)
    for place in range(len(theirs.filter_keys)):
        assert (sorted(d for run in mine.filter_runs(place) for d in run)
                == sorted(d for run in theirs.filter_runs(place) for d in run))


def test_a_rebuild_reads_only_the_files_that_changed(content, tmp_path, monkeypatch):
    """Unchanged files come from the stale index; the result is the index a build from nothing makes."""
    (content / "articles" / "broken.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    shutil.copy(content / "articles" / f"{KYIV}.md", content / "articles" / "zz-duplicate.md")
    store.open_store(content).close()
    edited = content / "articles" / "2025-06-02-istanbul-second-round.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Ciragan Palace", "Dolmabahce Palace"),
                      encoding="utf-8")
    touch_later(edited)
    (content / "articles" / "2025-10-17-trump-stop-where-they-are.md").unlink()
    added = content / "articles" / "2025-12-01-added.md"
    shutil.copy(content / "articles" / "2025-11-26-witkoff-to-moscow.md", added)
    added.write_text(added.read_text(encoding="utf-8").replace("id: 2025-11-26-witkoff-to-moscow",
                                                                "id: 2025-12-01-added"), encoding="utf-8")

    read = _counting_reads(monkeypatch)
    rebuilt = store.open_store(content)
    # the duplicate is read again: it lost its id to the other file, so the index holds no copy of it
    assert set(read) == {"2025-06-02-istanbul-second-round.md", "2025-12-01-added.md", "zz-duplicate.md"}
    assert any("Dolmabahce" in hit.text for hit in store._engine(rebuilt).search("dolmabahce"))

    fresh_home = tmp_path / "fresh-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(fresh_home))
    before = len(read)
    fresh = store.open_store(content)
    assert {"broken.md", f"{KYIV}.md"} <= set(read[before:]), "the build from nothing reads every file"
    _same_index(rebuilt, fresh)
    assert any("broken.md" in problem.path for problem in rebuilt.problems), "an unchanged bad file is still reported"
    assert any("duplicate article id" in problem.message for problem in rebuilt.problems)


def test_a_rebuild_by_worker_processes_reuses_alike(content, tmp_path, monkeypatch):
    monkeypatch.setattr(build_pool, "PARALLEL_FROM", 2)
    monkeypatch.setattr(build_pool, "MAX_SEGMENT", 2)
    monkeypatch.setattr(build_pool, "BATCH", 1)
    monkeypatch.setattr(build_pool, "_can_fork", lambda: True)
    store.open_store(content).close()
    edited = content / "articles" / f"{KYIV}.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("paper guarantees", "cardboard guarantees"),
                      encoding="utf-8")
    touch_later(edited)
    rebuilt = store.open_store(content)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-cache"))
    _same_index(rebuilt, store.open_store(content))
    assert any("cardboard" in hit.text for hit in store._engine(rebuilt).search("cardboard guarantees"))


def _edit_index_yaml(content: Path, monkeypatch) -> Path:
    index_yaml = content / "index.yaml"
    index_yaml.write_text(index_yaml.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    touch_later(index_yaml)
    return content


def _upgrade_briefing(content: Path, monkeypatch) -> Path:
    monkeypatch.setattr("briefing.__version__", "99.0")
    return content


def _name_it_otherwise(content: Path, monkeypatch) -> Path:
    monkeypatch.chdir(content.parent)
    return Path("content")  # the same folder, and the same cache folder, by a relative name


@pytest.mark.parametrize("change", [_edit_index_yaml, _upgrade_briefing, _name_it_otherwise])
def test_nothing_is_reused_across_what_could_change_how_a_file_is_read(content, monkeypatch, change):
    """Articles are checked against index.yaml, by a version's rules, and carry the paths they were
    read by: when any of those differs, every file is read again."""
    store.open_store(content).close()
    (content / "articles" / "extra.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    argument = change(content, monkeypatch)
    read = _counting_reads(monkeypatch)
    rebuilt = store.open_store(argument)
    assert sorted(read) == sorted(path.name for path in (content / "articles").glob("*.md"))
    assert {problem.path for problem in rebuilt.problems} == {str(argument / "articles" / "extra.md")}
    assert all(article.path.startswith(str(argument)) for article in rebuilt.all_articles())


def test_a_damaged_index_file_is_rebuilt(content):
    open_index(content)
    index_file = store.cache_folder(content) / store.INDEX_NAME
    for damage in (b"", b"not an index at all", index_file.read_bytes()[:1000]):
        index_file.write_bytes(damage)
        assert texts(open_index(content), "paper guarantees")
    assert index_file.stat().st_size > 1000


def test_no_cache_folder_still_searches(content, monkeypatch, tmp_path, capsys):
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert texts(open_index(content), "paper guarantees")
    assert "indexing without a cache" in capsys.readouterr().err


def test_the_fingerprint_notices_every_kind_of_change(content):
    states = {fingerprint(content)}
    path = content / "articles" / f"{KYIV}.md"
    touch_later(path)
    states.add(fingerprint(content))
    (content / "articles" / "notes.txt").write_text("not an article")  # ignored, as by the loader
    states.add(fingerprint(content))
    (content / "articles" / ".hidden.md").write_text("ignored too")
    states.add(fingerprint(content))
    (content / "articles" / "extra.md").write_text("---\n---\n")
    states.add(fingerprint(content))
    path.rename(content / "articles" / "renamed.md")
    states.add(fingerprint(content))
    assert len(states) == 4


def test_the_cached_corpus_is_the_loaded_corpus(content):
    (content / "articles" / "broken.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    duplicate = content / "articles" / "zz-duplicate.md"
    shutil.copy(content / "articles" / f"{KYIV}.md", duplicate)
    loaded = Corpus.load(content)
    assert len(loaded.problems) >= 2
    for _ in range(2):  # built, then read back
        cached = load_corpus_cached(content)
        assert cached.articles == loaded.articles
        assert cached.problems == loaded.problems
        assert cached.index == loaded.index and cached.title == loaded.title
        assert [a.id for a in cached.articles] == [a.id for a in loaded.articles]


def test_a_parallel_build_matches_a_serial_one(content, monkeypatch):
    monkeypatch.setattr(build_pool, "PARALLEL_FROM", 2)
    monkeypatch.setattr(build_pool, "MAX_SEGMENT", 2)
    monkeypatch.setattr(build_pool, "BATCH", 1)
    monkeypatch.setattr(build_pool, "_can_fork", lambda: True)
    shutil.copy(content / "articles" / f"{KYIV}.md", content / "articles" / "zz-duplicate.md")
    loaded = Corpus.load(content)
    corpus, engine = open_cached(content)
    assert corpus.articles == loaded.articles and corpus.problems == loaded.problems
    serial = SearchEngine.from_corpus(loaded)
    for query in ("paper guarantees", "anchorige", "actor:witkoff", "guaran kind:event", "since:2025-11 peace"):
        assert engine.search(query, limit=30) == serial.search(query, limit=30)


def test_with_other_threads_running_workers_come_from_a_fork_server(content, monkeypatch):
    monkeypatch.setattr(build_pool, "PARALLEL_FROM", 2)
    monkeypatch.setattr(build_pool, "MAX_SEGMENT", 2)
    monkeypatch.setattr(build_pool, "BATCH", 1)
    monkeypatch.setattr(build_pool, "_can_fork", lambda: False)  # as in the reader, which builds from a thread
    assert build_pool._start_method() in ("forkserver", None)
    loaded = Corpus.load(content)
    corpus, engine = open_cached(content)
    assert corpus.articles == loaded.articles and corpus.problems == loaded.problems
    assert engine.search("paper guarantees", limit=5) == SearchEngine.from_corpus(loaded).search("paper guarantees", limit=5)


def test_open_cached_hits_carry_the_corpus_objects(content):
    corpus, engine = open_cached(content)
    hit = engine.search("paper guarantees kind:quote", limit=1)[0]
    assert any(hit.item is quote for quote in corpus.article_by_id[hit.article_id].quotes)


def test_the_store_and_memory_engines_agree(content, corpus):
    memory = SearchEngine.from_corpus(Corpus.load(content))
    stored = open_index(content)
    for query in ("paper guarantees", "papr garantees", '"spirit and letter"', "guaran", "actor:lavrov",
                  "topic:ceasefire kind:event", "until:2025-06 the", "zelensky's"):
        assert memory.search(query, limit=25) == stored.search(query, limit=25), query


SEARCH_SCRIPT = """
import json, sys
from briefing.cache.indexes import open_index
engine = open_index(sys.argv[1])
print(json.dumps([[hit.kind, hit.article_id, hit.text, hit.score] for hit in engine.search(sys.argv[2], limit=10)]))
"""


def test_two_processes_building_at_once_both_succeed_with_the_same_results(content, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for attempt in range(2):
        if attempt:  # once more, racing a rebuild after an edit
            path = content / "articles" / f"{KYIV}.md"
            path.write_text(path.read_text(encoding="utf-8") + "\nA closing line.\n", encoding="utf-8")
            touch_later(path)
        runs = [subprocess.Popen([sys.executable, "-c", SEARCH_SCRIPT, str(content), "paper guarantees"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
                for _ in range(3)]
        results = []
        for process in runs:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            results.append(json.loads(out))
        assert results[0] and results[0] == results[1] == results[2]
        assert "not paper guarantees" in results[0][0][2]
    leftovers = [p.name for p in store.cache_folder(content).iterdir() if p.name not in (store.INDEX_NAME, "lock")]
    assert leftovers == []


def test_a_half_written_index_is_never_read(content, monkeypatch):
    """A build that dies halfway leaves the previous index (or none), never a partial one."""
    open_index(content)
    index_file = store.cache_folder(content) / store.INDEX_NAME
    good = index_file.read_bytes()
    path = content / "articles" / f"{KYIV}.md"
    touch_later(path)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(index_build.IndexMerger, "build", crash)
    with pytest.raises(KeyboardInterrupt):
        open_index(content)
    assert index_file.read_bytes() == good
    assert [p.name for p in index_file.parent.iterdir() if p.suffix == ".tmp"] == []
    monkeypatch.undo()
    assert texts(open_index(content), "paper guarantees")


def test_a_large_build_reports_progress(content):
    stages = []
    open_index(content, progress=lambda stage, done, total: stages.append((stage, done, total)))
    names = [stage for stage, _, _ in stages]
    assert names[0] == "reading" and names[-1] == "done" and "indexing" in names
    files = len(list((content / "articles").rglob("*.md")))
    assert ("reading", files, files) in stages
    stages.clear()
    open_index(content, progress=lambda *a: stages.append(a))
    assert stages == []  # warm: nothing was built, nothing to report


def test_searches_from_several_threads_agree_with_one_at_a_time(content):
    from concurrent.futures import ThreadPoolExecutor

    queries = ["paper guarantees", "anchorige", "guaran", "actor:witkoff", "kyiv strikes", "peace since:2025-11",
               "the", "zelensky territory", "ceasefire topic:ceasefire"] * 4
    expected = {query: open_index(content).search(query, limit=20) for query in set(queries)}
    engine = open_index(content)  # one engine, caches shared and cold, squeezed to force evictions
    engine._expansions.budget = engine._filters.budget = 50
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda query: (query, engine.search(query, limit=20)), queries))
    for query, hits in results:
        assert hits == expected[query], query


def _synthetic_articles(tmp_path, count: int):
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.pop(0)
    synth.generate(tmp_path / "synth", count, seed=7)
    return Corpus.load(tmp_path / "synth")


def _documents_of(data, place: int) -> list[int]:
    runs = data.word_runs(place)
    for run in runs:
        assert list(run) == sorted(run), "every run of a word's documents is ascending"
    merged = sorted(doc for run in runs for doc in run)
    assert len(merged) == len(set(merged)) == data.doc_freq[place]
    return merged


@pytest.mark.slow
def test_chunks_joined_in_any_split_give_the_same_index(tmp_path):
    """The build's chunks (segments) must not change what the index says, only how it is laid out."""
    from briefing.search.build import IndexMerger, index_chunk, speaker_words

    corpus = _synthetic_articles(tmp_path, 120)
    speakers = speaker_words(corpus.index)
    articles = list(corpus.articles)

    def build(pieces):
        merger = IndexMerger()
        for piece in pieces:
            merger.add(index_chunk(piece, speakers))
        return merger.build()

    whole, whole_ids = build([articles])
    shuffled = articles[::-1]  # arrival order differs from the corpus' order
    split, split_ids = build([shuffled[:7], shuffled[7:50], [], shuffled[50:]])
    assert split_ids == whole_ids
    assert split.vocab == whole.vocab and list(split.doc_freq) == list(whole.doc_freq)
    assert split.mask_words == whole.mask_words and split.mask_words, "some words are frequent enough for a mask bit"
    for column in ("doc_kind", "doc_article", "doc_number", "doc_first", "doc_last", "doc_length",
                   "mask_low", "mask_high"):
        assert list(getattr(split, column)) == list(getattr(whole, column)), column
    for place in range(len(whole.vocab)):
        assert _documents_of(split, place) == _documents_of(whole, place)
    assert split.filter_keys == whole.filter_keys
    for place in range(len(whole.filter_keys)):
        assert (sorted(d for run in split.filter_runs(place) for d in run)
                == sorted(d for run in whole.filter_runs(place) for d in run))
    assert sorted(split.near_table) == sorted(whole.near_table)
    assert len(split.post_starts) == 4 * (len(split.vocab) + 1), "one row of starts per chunk"


def test_the_fingerprint_sees_nested_folders_and_survives_broken_links(content):
    nested = content / "articles" / "2026" / "01"
    nested.mkdir(parents=True)
    before = fingerprint(content)
    (nested / "deep.md").write_text("---\n---\n")
    with_deep = fingerprint(content)
    assert with_deep != before, "a file two folders down counts"
    (content / "articles" / "dangling.md").symlink_to(content / "nowhere.md")
    with_link = fingerprint(content)  # no OSError: the broken link is named as unreadable
    assert with_link != with_deep
    (content / "nowhere.md").write_text("---\n---\n")
    readable = fingerprint(content)
    assert readable not in (with_link, with_deep), "the link now reads a file"
    (content / "articles" / "linked-folder").symlink_to(nested, target_is_directory=True)
    assert fingerprint(content) == readable, "a symlinked folder is not followed, as by the loader"
    from briefing.loader import article_paths
    assert not any("linked-folder" in str(path) for path in article_paths(content))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the second half is statted by a forked helper")
def test_the_fingerprint_taken_in_two_halves_is_the_same(content, monkeypatch):
    """The warm search's child stats half of the files in a helper of its own: same answer,
    whatever falls in which half (folders, a broken link, an empty folder)."""
    from briefing.cache import freshness as state

    monkeypatch.setattr(state, "HALVES_FROM", 0)  # split even these few files
    assert fingerprint(content, halves=True) == fingerprint(content)
    nested = content / "articles" / "zz" / "deeper"
    nested.mkdir(parents=True)
    (content / "articles" / "empty").mkdir()
    for number in range(7):
        (nested / f"{number}.md").write_text("---\n---\n")
    (nested / "zz-dangling.md").symlink_to(content / "nowhere.md")  # last of all: in the second half
    whole = fingerprint(content)
    assert fingerprint(content, halves=True) == whole
    (nested / "3.md").write_text("---\nchanged: yes\n---\n")
    assert fingerprint(content, halves=True) == fingerprint(content) != whole


def test_the_fingerprint_of_many_folders_needs_few_file_descriptors(content):
    """Folders are opened one at a time: hundreds of them under a low open-file limit still work."""
    for number in range(300):
        folder = content / "articles" / f"{number:03d}"
        folder.mkdir()
        (folder / "a.md").write_text("---\n---\n")
    code = ("import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))\n"
            "from briefing.cache.freshness import fingerprint\n"
            "print(fingerprint(sys.argv[1], halves=True))\n")
    done = subprocess.run([sys.executable, "-c", code, str(content)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == fingerprint(content)


def test_a_failing_worker_fails_the_build_with_its_error_not_a_hang(content, monkeypatch):
    monkeypatch.setattr(build_pool, "PARALLEL_FROM", 2)
    monkeypatch.setattr(build_pool, "BATCH", 1)
    monkeypatch.setattr(build_pool, "_can_fork", lambda: True)

    def broken(paths):
        raise ValueError("disk on fire")

    monkeypatch.setattr(build_pool, "_read", broken)  # the forked workers inherit it
    with pytest.raises(RuntimeError, match="disk on fire"):
        open_index(content)
    assert not list(store.cache_folder(content).glob(".index-*.tmp")), "no half-written index is left behind"
