"""`briefing import` end to end: files written, the index kept, bad input,
duplicates, --dry-run, --force, and the seeds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.loader import load_content

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
EPOCH = "1773100800"   # 2026-03-10

INDEX = """\
# Harbour briefing — a comment that must survive
title: Harbour talks
actors:
  - id: novak   # the minister
    name: Petra Novak
    aliases: [Novak, Ms. Novak]
    kind: person
    role: Foreign Minister of Ruritania
    party: ruritania
  - id: ruritania
    name: Ruritania
    kind: country
# topics follow
topics:
  - id: ports
    title: Ports
    keywords: [port, harbour]
"""

ARTICLE = """\
Harbour Talks Stall Over Port Fees
By Lena Ortiz
March 9, 2026

STRELSAU, Ruritania (AP) — Talks on the harbour stalled on Monday.

“We will not pay twice for the same port,” Ms. Novak said. “That is final.”

Tomas Keller, the harbour master, said the dispute was “a matter of days.”
https://news.example.org/2026/03/09/harbour-talks/
"""


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def content(tmp_path) -> Path:
    root = tmp_path / "content"
    (root / "articles").mkdir(parents=True)
    (root / "index.yaml").write_text(INDEX, encoding="utf-8")
    return root


@pytest.fixture
def article_file(tmp_path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(capsys, *args) -> tuple[int, str, str]:
    status = main(["import", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def articles(root: Path) -> list[Path]:
    return sorted((root / "articles").glob("*.md"))


def test_imports_an_article_that_loads_with_no_problems(capsys, content, article_file):
    status, out, err = run(capsys, "--content", content, article_file)
    assert status == 0, err
    [path] = articles(content)
    assert path.name == "2026-03-09-harbour-talks-stall-over-port-fees.md"
    result = load_content(content)
    assert result.problems == ()
    [article] = result.articles
    assert article.source == "news.example.org" and article.authors == ("Lena Ortiz",)
    assert [(q.speaker, q.text) for q in article.quotes] == [
        ("novak", "We will not pay twice for the same port"), ("novak", "That is final."),
        ("keller", "a matter of days.")]
    assert "ports" in article.topics
    assert "3 quotation(s)" in err and "new actors: keller" in err


def test_the_index_keeps_its_comments_and_gains_the_new_person(capsys, content, article_file):
    run(capsys, "--content", content, article_file)
    text = (content / "index.yaml").read_text(encoding="utf-8")
    assert text.startswith(INDEX.split("# topics follow")[0])
    assert "# Harbour briefing — a comment that must survive" in text and "# the minister" in text
    assert "# topics follow" in text
    assert "  - id: keller\n    name: Tomas Keller\n" in text
    assert "role: Harbour master" in text


def test_the_body_is_the_text_as_given(capsys, content, article_file):
    run(capsys, "--content", content, article_file)
    body = articles(content)[0].read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert "“We will not pay twice for the same port,” Ms. Novak said." in body
    assert "https://news.example.org" not in body


def test_uncertain_items_are_marked_in_the_draft(capsys, content, tmp_path):
    path = tmp_path / "vague.txt"
    path.write_text("Harbour Notes\n\nThe banner read “no more fees” all week.\n", encoding="utf-8")
    status, _, err = run(capsys, "--content", content, path)
    assert status == 0
    text = articles(content)[0].read_text(encoding="utf-8")
    assert "x-review:" in text and "no more fees" in text.split("x-review:")[1].split("quotes:")[0]
    assert "speaker: unattributed" in text
    assert "to review" in err


def test_an_article_already_in_the_content_is_skipped_then_replaced_with_force(capsys, content, article_file):
    run(capsys, "--content", content, article_file)
    [path] = articles(content)
    path.write_text(path.read_text(encoding="utf-8") + "\nMy own note.\n", encoding="utf-8")
    status, _, err = run(capsys, "--content", content, article_file)
    assert status == 0 and "skipped" in err and "same URL" in err
    assert "My own note." in path.read_text(encoding="utf-8")
    status, _, err = run(capsys, "--content", content, article_file, "--force")
    assert status == 0 and "replaced" in err
    assert articles(content) == [path]
    assert "My own note." not in path.read_text(encoding="utf-8")


def test_same_title_and_date_without_url_is_a_duplicate(capsys, content, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Quiet Day at the Port\nMarch 2, 2026\n\nNothing moved.\n", encoding="utf-8")
    run(capsys, "--content", content, path)
    status, _, err = run(capsys, "--content", content, path)
    assert "same title and date" in err and len(articles(content)) == 1


def test_a_users_file_at_the_target_name_is_never_overwritten(capsys, content, article_file):
    mine = content / "articles" / "2026-03-09-harbour-talks-stall-over-port-fees.md"
    mine.write_text("not an article, but mine\n", encoding="utf-8")
    status, _, err = run(capsys, "--content", content, article_file)
    assert mine.read_text(encoding="utf-8") == "not an article, but mine\n"
    assert (content / "articles" / "2026-03-09-harbour-talks-stall-over-port-fees-2.md").is_file()


def test_dry_run_writes_nothing(capsys, content, article_file):
    before = (content / "index.yaml").read_text(encoding="utf-8")
    status, out, err = run(capsys, "--content", content, "--dry-run", article_file)
    assert status == 0
    assert articles(content) == []
    assert (content / "index.yaml").read_text(encoding="utf-8") == before
    assert "would write" in out and "speaker: novak" in out and "id: keller" in out


def test_a_new_content_folder_gets_a_minimal_index(capsys, tmp_path, article_file):
    root = tmp_path / "fresh"
    status, _, err = run(capsys, "--content", root, article_file)
    assert status == 0, err
    result = load_content(root)
    assert result.problems == () and len(result.articles) == 1
    assert {a.id for a in result.index.actors} >= {"keller", "novak"}


def test_bad_files_fail_alone_and_the_exit_status_says_so(capsys, content, tmp_path, article_file):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    missing = tmp_path / "missing.txt"
    status, _, err = run(capsys, "--content", content, empty, binary, missing, article_file)
    assert status == 1
    assert f"{empty}: empty file" in err
    assert f"{binary}:3: binary file" in err    # the line of the first NUL byte
    assert f"{missing}: cannot read: no such file" in err.lower()
    assert len(articles(content)) == 1 and "1 article(s)" in err and "3 failed" in err


def test_windows_1252_text_is_imported_and_the_encoding_named(capsys, content, tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Port Deal Near\n\n“It’s close,” Ms. Novak said on Monday.\n".encode("cp1252"))
    status, _, err = run(capsys, "--content", content, path)
    assert status == 0 and "Windows-1252" in err
    [article] = load_content(content).articles
    assert article.quotes[0].text == "It’s close"


def test_refuses_to_write_into_the_bundled_briefing_without_a_content_option(capsys, article_file):
    status, _, err = run(capsys, article_file)
    assert status == 1 and "--content" in err and "bundled" in err


def test_no_traceback_when_the_content_path_is_a_file(capsys, tmp_path, article_file):
    status, _, err = run(capsys, "--content", article_file, article_file)
    assert status == 1 and "is not a directory" in err


def test_importer_does_not_import_textual():
    code = ("import sys, briefing.importer.cli, briefing.importer.analysis; "
            "sys.exit(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seeds are not next to the repository")
def test_the_seeds_give_five_articles_that_load_with_no_problems(capsys, tmp_path):
    root = tmp_path / "seeded"
    (root / "articles").mkdir(parents=True)
    shutil.copy(REPO / "content" / "index.yaml", root / "index.yaml")
    status, _, err = run(capsys, "--content", root, *sorted(SEEDS.glob("*.txt")))
    assert status == 0, err
    result = load_content(root)
    assert result.problems == ()
    assert len(result.articles) == 5
    assert sum(len(a.quotes) for a in result.articles) >= 70
    original = (REPO / "content" / "index.yaml").read_text(encoding="utf-8").splitlines()
    updated = iter((root / "index.yaml").read_text(encoding="utf-8").splitlines())
    assert all(line in updated for line in original)     # every line kept, in order
