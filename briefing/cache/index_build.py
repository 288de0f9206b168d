"""Writing an index file from a content folder, reusing what a stale index already checked."""

from __future__ import annotations

import gc
import marshal
import zlib
from array import array
from contextlib import contextmanager

from briefing.cache.build_pool import BuildPool, Progress, Segment
from briefing.cache.codec import (
    SCHEMA,
    decode_article,
    decode_problems,
    encode_problems,
    encode_topic_index,
)
from briefing.cache.freshness import file_state
from briefing.cache.index_file import (
    BLOCK_BYTES,
    CHECKED_IN_BLOCKS,
    DECODING_ERRORS,
    FORMAT,
    HEADER,
    MAGIC,
    DamagedIndex,
    IndexFile,
)
from briefing.model import Problem, TopicIndex
from briefing.search.build import IndexData, IndexMerger, index_chunk, speaker_words

TYPE_CHECKING = False  # (pathlib is imported where a build needs it: not by a warm search)
if TYPE_CHECKING:
    from pathlib import Path


def _write_articles(segments: list[Segment], handle, position: int, merger: IndexMerger, problems: list[Problem],
                    speakers: dict[str, str], starts: list[int], sizes: list[int], crcs: list[int],
                    stored_paths: list[str]) -> tuple[int, int]:
    """Write each loaded article's payload at `position` and hand the segments to `merger`.

    Problems are reported, and duplicate ids are settled by the loader's own
    rule (`loader.ArticleIds`, in path order). Returns the position after the
    last payload and the CRC-32 of all of them.
    """
    from briefing.loader import ArticleIds  # (the loader and YAML: only a build imports them)

    ids = ArticleIds()
    section_crc = 0
    winners: set[int] = set()
    for where_in_build, (where, file_problems, article_id, _) in sorted(
            (place, result) for segment in segments for place, result in zip(segment.positions, segment.results)):
        problems.extend(file_problems)
        if article_id is None:
            continue
        clash = ids.claim(article_id, where)
        if clash is not None:
            problems.append(clash)
            continue
        winners.add(where_in_build)
    for segment in segments:
        kept = [(where, payload) for place, (where, _, article_id, payload) in zip(segment.positions, segment.results)
                if article_id is not None and place in winners]
        chunk = segment.chunk
        if len(kept) < len(chunk.articles):  # a duplicate id: index the segment again without it
            chunk = index_chunk([decode_article(payload) for _, payload in kept], speakers)
        merger.add(chunk)
        for where, payload in kept:
            handle.write(payload)
            starts.append(position)
            sizes.append(len(payload))
            crcs.append(zlib.crc32(payload))
            section_crc = zlib.crc32(payload, section_crc)
            stored_paths.append(where)
            position += len(payload)
    return position, section_crc


# ------------------------------------------------------------- reusing the last build

def _file_records(segments: list[Segment], states: dict[str, tuple | None], stored_paths: list[str],
                  order: list[int], index_state: tuple | None) -> dict:
    """For the next build: each file's state when it was read, its problems, and its article's
    number in this index (-1: none; None: not reusable, it lost a duplicate-id contest)."""
    number_of = {stored_paths[arrival]: number for number, arrival in enumerate(order)}
    files = {}
    for segment in segments:
        for where, file_problems, article_id, _ in segment.results:
            number = number_of.get(where, -1 if article_id is None else None)
            files[where] = (states.get(where), number, encode_problems(file_problems))
    return {"index.yaml": index_state, "files": files}


def _reusable(previous: IndexFile | None, index_state: tuple | None,
              states: dict[str, tuple | None]) -> dict[str, tuple]:
    """path -> (problems, payload or None) of the files `previous` read that have not changed since.

    Nothing is reused if index.yaml changed (articles are checked against
    it) or if another version of briefing built it (its checks may differ).
    Files are known by their paths as read, which problems and articles
    carry: the same folder named another way shares none of them.
    """
    from briefing import __version__

    if previous is None or previous.table.get("version") != __version__:
        return {}
    try:
        records = previous.file_records()
        if not records or index_state is None or tuple(records.get("index.yaml") or ()) != index_state:
            return {}
        reused = {}
        for where, (state, number, file_problems) in records["files"].items():
            if number is None or state is None or states.get(where) != tuple(state):
                continue
            reused[where] = (decode_problems(file_problems), previous.payload(number) if number >= 0 else None)
        return reused
    except (DamagedIndex, *DECODING_ERRORS):  # damaged, or not as this version writes it: read all
        return {}


def write_index(content_dir: Path, handle, expected: str, progress: Progress | None = None,
                previous: IndexFile | None = None) -> None:
    """Load the content directory and write its index into the open binary file `handle`.

    Loads exactly as `loader.load_content` does (same files, same problems),
    but article by article, in other processes when there are many. Files
    that are as they were when `previous` (the stale index, if any) was
    built are taken from it instead of being read and checked again.
    """
    from briefing import __version__
    from briefing.loader import INDEX_FILE, load_folder

    # Each file's state is taken before it is read: a file edited meanwhile is read again next time.
    index_state = file_state(content_dir / INDEX_FILE)
    index, paths, problems = load_folder(content_dir)
    states = {path: file_state(path) for path in paths}
    reused = _reusable(previous, index_state, states)

    handle.write(bytes(HEADER.size))
    sections: dict[str, tuple[int, int, str, int]] = {}  # name -> (offset, size, type code, CRC-32)
    merger = IndexMerger()
    starts: list[int] = []
    sizes: list[int] = []
    crcs: list[int] = []
    position = handle.tell()
    speakers = speaker_words(index or TopicIndex())
    stored_paths: list[str] = []  # per payload written, the file it came from
    with BuildPool(len(paths), index, speakers, reused) as workers:
        segments = workers.load(paths, progress)
        position, articles_crc = _write_articles(segments, handle, position, merger, problems, speakers, starts,
                                                 sizes, crcs, stored_paths)
        if progress:
            progress("indexing", 0, 1)
        data, _ = merger.build(elsewhere=workers.elsewhere)
    sections["articles"] = (HEADER.size, position - HEADER.size, "B", articles_crc)
    order = sorted(range(len(merger.articles)), key=lambda arrival: merger.articles[arrival][1])
    if progress:
        progress("writing", 0, 1)

    def put(name: str, payload, code: str = "B") -> None:
        nonlocal position
        padding = -position % 8
        handle.write(bytes(padding))
        position += padding
        blob = memoryview(payload).cast("B") if not isinstance(payload, bytes) else payload
        handle.write(blob)
        sections[name] = (position, len(blob), code, zlib.crc32(blob))
        position += len(blob)

    put("files", marshal.dumps(_file_records(segments, states, stored_paths, order, index_state)))
    put("article_starts", array("Q", (starts[arrival] for arrival in order)), "Q")
    put("article_sizes", array("I", (sizes[arrival] for arrival in order)), "I")
    put("article_crcs", array("I", (crcs[arrival] for arrival in order)), "I")
    put("doc_kind", data.doc_kind)
    put("vocab", "\n".join(data.vocab).encode("utf-8"))
    put("filter_keys", "\n".join(data.filter_keys).encode("utf-8"))
    put("mask_words", "\n".join(data.mask_words).encode("utf-8"))
    put("length_words", data.length_words)
    for name in IndexData.ARRAYS:
        column = getattr(data, name)
        put(name, column, column.typecode)
        if name in CHECKED_IN_BLOCKS:
            blob = memoryview(column).cast("B")
            put(f"{name}_blocks", array("I", (zlib.crc32(blob[at:at + BLOCK_BYTES])
                                              for at in range(0, len(blob), BLOCK_BYTES))), "I")
    table = marshal.dumps({
        "format": FORMAT, "schema": SCHEMA, "version": __version__, "fingerprint": expected,
        "content": str(content_dir),
        "sections": sections, "files_read": len(paths) + 1,
        "topic_index": encode_topic_index(index or TopicIndex(path=str(content_dir / INDEX_FILE))),
        "problems": encode_problems(problems),
    })
    handle.write(table)
    handle.seek(0)
    handle.write(HEADER.pack(MAGIC, FORMAT, zlib.crc32(table), position, len(table)))
    handle.flush()
    if progress:
        progress("done", 1, 1)


@contextmanager
def quiet_collector():
    """Building creates millions of objects and frees few: skip the cyclic GC meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
