"""The index build loads by the loader's own rules: the same files, the same problems, the same winners."""

from __future__ import annotations

import os

from conftest import write_file

from briefing.cache.indexes import open_store
from briefing.loader import load_content

INDEX = "title: T\nactors: []\ntopics: []\n"


def article(title: str, *, article_id: str | None = None, body: str = "Body.") -> str:
    id_line = f"id: {article_id}\n" if article_id else ""
    return f"---\ntitle: {title}\nsource: S\npublished: 2025-01-0{len(title) % 9 + 1}\n{id_line}---\n{body}\n"


def test_duplicate_ids_give_the_same_problems_and_winners_in_the_loader_and_the_index(tmp_path):
    content = tmp_path / "content"
    write_file(content / "index.yaml", INDEX)
    write_file(content / "articles" / "a.md", article("First", article_id="same"))
    # The id from its file name; an `id:` line in the body is not its id key: the clash is at line 1.
    write_file(content / "articles" / "b" / "same.md", article("Second", body="id: in the body"))
    write_file(content / "articles" / "c.md", article("Third"))
    write_file(content / "articles" / "c2.md", article("Fourth", article_id="c"))
    loaded = load_content(content)
    store = open_store(content)
    try:
        assert [str(p) for p in store.problems] == [str(p) for p in loaded.problems]
        assert sorted(a.id for a in store.all_articles()) == sorted(a.id for a in loaded.articles)
    finally:
        store.close()
    messages = sorted(str(p).replace(str(content), "") for p in loaded.problems)
    assert messages == ["/articles/b/same.md:1: duplicate article id 'same' (also /articles/a.md)",
                        "/articles/c2.md:5: duplicate article id 'c' (also /articles/c.md)"]


def test_the_index_reads_exactly_the_files_the_loader_reads(tmp_path):
    content = tmp_path / "content"
    write_file(content / "index.yaml", INDEX)
    write_file(content / "articles" / "kept.md", article("Kept"))
    write_file(content / "articles" / "deep" / "er" / "kept-too.md", article("Kept too"))
    write_file(content / "articles" / ".hidden.md", article("Hidden"))
    write_file(content / "articles" / ".git" / "x.md", article("In a dot folder"))
    write_file(content / "articles" / "notes.txt", "not an article")
    elsewhere = write_file(tmp_path / "elsewhere" / "linked.md", article("Behind a link"))
    os.symlink(elsewhere.parent, content / "articles" / "linked-folder")
    loaded = load_content(content)
    store = open_store(content)
    try:
        assert sorted(a.id for a in store.all_articles()) == sorted(a.id for a in loaded.articles) == ["kept", "kept-too"]
    finally:
        store.close()
