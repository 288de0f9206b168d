"""`briefing export --starred`: the reader's stars and notes as a memo (same rules as export)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from briefing.browse import marked_items
from briefing.cli import main
from briefing.export import starred_memo
from briefing.state import ARTICLE
from briefing.state.store import ReadingState

EPOCH = "1764547200"  # 2025-12-01T00:00:00Z
GENERATED = dt.date(2025, 12, 1)
NEWEST = "2025-11-26-witkoff-to-moscow"
OLDEST = "2025-06-02-istanbul-second-round"


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def marked(content_dir):
    """Stars and notes as the reader saves them (conftest gives each test its own XDG_DATA_HOME)."""
    state = ReadingState.open(content_dir)
    state.set_star(NEWEST, 1)
    state.set_note(NEWEST, 1, "ask Kyiv *who* refined it\n<b>second</b> line")
    state.set_star(OLDEST, ARTICLE)
    state.set_note(NEWEST, 4, "noted, not starred")
    state.set_read([NEWEST])  # a read mark alone is not exported
    state.close()
    return state


def export(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["export", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_memo_lists_starred_and_noted_quotations_and_articles_with_citations(capsys, corpus, content_dir,
                                                                                 marked):
    status, out, err = export(capsys, "--starred")
    assert status == 0 and err == ""
    assert out == starred_memo(corpus, marked_items(corpus, ReadingState.open(content_dir)), generated=GENERATED)
    quote = corpus.article_by_id[NEWEST].quotes[1]
    assert out.startswith("---\ntitle: Starred and noted\n")
    assert "articles: 1\nquotations: 2\nsources: 2\ngenerated: '2025-12-01'\n" in out
    quotations, articles = out.split("## Quotations")[1].split("## Articles")
    assert f"- ★ **{corpus.actor_name(quote.speaker)}**: " in quotations and quote.text in quotations
    assert "  > ask Kyiv \\*who\\* refined it\n  >\n  > \\<b\\>second\\</b\\> line" in quotations
    assert "noted, not starred" in quotations and quotations.count("★") == 1
    assert articles.strip().startswith("- ★ **Unattributed Irish report**")
    assert "[^1]:" in out and "[^2]:" in out and "[^3]" not in out


def test_the_memo_is_commonmark_whose_notes_render_as_quotes_never_as_html(corpus, content_dir, marked):
    memo = starred_memo(corpus, marked_items(corpus, ReadingState.open(content_dir)), generated=GENERATED)
    html = MarkdownIt("commonmark").render(memo.split("---\n", 2)[2])
    assert "<blockquote>" in html and "<b>" not in html and "&lt;b&gt;second&lt;/b&gt; line" in html
    assert "<em>who</em>" not in html


def test_nothing_starred_is_an_error_that_says_how_to_star(capsys):
    status, out, err = export(capsys, "--starred")
    assert status == 1 and out == ""
    assert "nothing is starred or noted" in err and "* stars" in err and "Traceback" not in err


def test_written_atomically_and_never_over_a_file_without_force(capsys, tmp_path, marked):
    target = tmp_path / "memo.md"
    target.write_text("mine", encoding="utf-8")
    status, _out, err = export(capsys, "--starred", "-o", str(target))
    assert status == 1 and "--force" in err and target.read_text(encoding="utf-8") == "mine"
    status, _out, err = export(capsys, "--starred", "-o", str(target), "--force")
    assert status == 0 and target.read_text(encoding="utf-8").startswith("---\ntitle: Starred and noted")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("args", [["--starred", "territory"], ["--starred", "--actor", "putin"],
                                  ["--starred", "--since", "2025-06"]])
def test_starred_goes_alone(capsys, args):
    status, _out, err = export(capsys, *args)
    assert status == 2 and "--starred" in err


def test_an_unusable_database_is_a_warning_not_a_traceback(capsys, content_dir):
    from briefing.state.store import state_path

    path = Path(state_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"garbage" * 200)
    status, _out, err = export(capsys, "--starred")
    assert status == 1 and "warning:" in err and "not a readable reading-state database" in err
    assert "Traceback" not in err
