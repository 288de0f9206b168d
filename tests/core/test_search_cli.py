"""`briefing search`: JSON shape, human table, exit codes, suggestions, --content."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import main

REPO = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def search_json(capsys, *argv: str) -> list[dict]:
    status, out, err = run(capsys, "search", *argv, "--json")
    assert status == 0, err
    return json.loads(out)


def article(root: Path, name: str, quote: str, *, speaker: str = "macron", published: str = "2025-11-25",
            body: str | None = None) -> Path:
    path = root / "articles" / f"{name}.md"
    path.write_text(f"---\ntitle: {name}\nsource: Test\npublished: {published}\n"
                    f"quotes:\n  - speaker: {speaker}\n    text: \"{quote}\"\n"
                    f"---\n{body if body is not None else quote}\n", encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path) -> Path:
    root = tmp_path / "tiny"
    (root / "articles").mkdir(parents=True)
    (root / "index.yaml").write_text(
        "title: Tiny\nactors:\n  - {id: macron, name: Emmanuel Macron, kind: person}\n"
        "  - {id: lavrov, name: Sergey Lavrov, kind: person}\n"
        "topics:\n  - {id: ceasefire, title: Ceasefire}\n", encoding="utf-8")
    article(root, "one", "robust security guarantees, not paper guarantees")
    return root


def test_json_hits_have_the_contract_fields(capsys):
    hits = search_json(capsys, "paper guarantees")
    assert hits, "no hits"
    for hit in hits:
        assert {"kind", "article", "text", "date", "score", "speaker", "speaker_name"} <= set(hit)
        assert hit["kind"] in ("quote", "article", "event")
        assert 0 <= hit["score"] <= 100
        assert len(hit["date"]) in (4, 7, 10)
    top = hits[0]
    assert (top["kind"], top["speaker"], top["speaker_name"]) == ("quote", "macron", "Emmanuel Macron")
    assert "not paper guarantees" in top["text"] and top["date"] == "2025-11-25"
    assert top["article"] == "2025-11-25-russia-strikes-kyiv"
    start, end = top["spans"][0]
    assert top["text"][start:end].lower() in ("paper", "guarantees", "security")


def test_typos_find_the_same_remark(capsys):
    assert search_json(capsys, "papr", "garantees")[0]["text"] == search_json(capsys, "paper guarantees")[0]["text"]


def test_options_filter_and_limit(capsys):
    hits = search_json(capsys, "war", "--actor", "Zelenskyy", "--kind", "quote", "--limit", "3")
    assert 0 < len(hits) <= 3 and {hit["speaker"] for hit in hits} == {"zelensky"}
    dated = search_json(capsys, "peace", "--since", "2025-11", "--until", "2025-11-30")
    assert dated and all("2025-11" <= hit["date"][:7] <= "2025-11" for hit in dated)
    assert all(hit["kind"] == "event" for hit in search_json(capsys, "kyiv", "--kind", "event"))
    assert search_json(capsys, "peace", "--topic", "ceasefire")


def test_a_query_of_filters_only_lists_newest_first(capsys):
    hits = search_json(capsys, "actor:witkoff kind:event", "--limit", "50")
    dates = [hit["date"] for hit in hits]
    assert len(hits) > 2 and dates == sorted(dates, reverse=True)


def test_unknown_actor_exits_1_with_a_suggestion(capsys):
    status, out, err = run(capsys, "search", "peace", "--actor", "lavrof")
    assert status == 1 and out == ""
    assert "unknown actor 'lavrof'" in err and "did you mean 'lavrov'" in err
    status, _, err = run(capsys, "search", "actor:makron peace")
    assert status == 1 and "did you mean 'macron'" in err


def test_unknown_topic_exits_1_with_a_suggestion(capsys):
    status, _, err = run(capsys, "search", "peace", "--topic", "natomembership", "--json")
    assert status == 1 and "did you mean 'nato-membership'" in err
    status, _, err = run(capsys, "search", "topic:cease-fire")
    assert status == 1 and "did you mean 'ceasefire'" in err


@pytest.mark.parametrize("query, message", [
    ('"paper guarantees', "unbalanced quote"),
    ("speaker:macron", "unknown filter 'speaker:'"),
    ("since:2025-13", "no month 13"),
    ("kind:speech", "unknown kind"),
])
def test_malformed_queries_exit_1_with_a_clear_message(capsys, query, message):
    status, out, err = run(capsys, "search", query)
    assert status == 1 and out == ""
    assert err.startswith("briefing: ") and message in err and "Traceback" not in err


def test_bad_option_dates_exit_1(capsys):
    status, _, err = run(capsys, "search", "peace", "--since", "2025-02-30")
    assert status == 1 and "February 2025 has 28 days" in err


def test_content_option_is_respected(capsys, tiny):
    hits = search_json(capsys, "securty", "--content", str(tiny))
    assert [hit["article"] for hit in hits] == ["one", "one"]  # the quote and its article
    assert search_json(capsys, "anchorage", "--content", str(tiny)) == []


def test_the_environment_variable_names_the_content(capsys, tiny, monkeypatch):
    monkeypatch.setenv("BRIEFING_CONTENT", str(tiny))
    assert search_json(capsys, "paper")[0]["article"] == "one"


def test_missing_content_folder_exits_1(capsys, tmp_path):
    status, _, err = run(capsys, "search", "peace", "--content", str(tmp_path / "nowhere"))
    assert status == 1 and "content directory not found" in err


def test_loading_problems_are_reported_briefly_and_do_not_stop_the_search(capsys, tiny):
    (tiny / "articles" / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    article(tiny, "stray", "paper trail", speaker="nobody")
    status, out, err = run(capsys, "search", "paper", "--content", str(tiny), "--json")
    assert status == 0 and json.loads(out)[0]["article"] == "one"
    assert "2 problem(s) in 2 file(s)" in err and "briefing check" in err
    assert len(err.strip().splitlines()) == 1


def test_human_output_is_a_table_of_escaped_printable_text(capsys, tiny):
    # YAML writes the escape byte as \e; the body holds it raw
    article(tiny, "markup", "paper [bold red]tiger[/] \\e[31mred\\e[0m", body="paper [bold red]tiger[/] \x1b[31mred\x1b[0m")
    status, out, err = run(capsys, "search", "paper tiger", "--content", str(tiny))
    assert status == 0, err
    assert "[bold red]tiger[/]" in out  # shown as written, never read as Rich markup
    assert "\x1b" not in out
    assert "score" in out and "Emmanuel Macron" in out


def test_human_output_says_when_nothing_matches(capsys, tiny):
    status, out, _ = run(capsys, "search", "zzzqqq", "--content", str(tiny))
    assert status == 0 and "no matches" in out


def test_json_never_carries_terminal_controls(capsys, tiny):
    article(tiny, "c1", "paper \\x9b31m", body="paper \u009b31m")
    out = json.dumps(search_json(capsys, "paper", "--content", str(tiny)))
    assert "\u009b" not in out and "\x1b" not in out
    status, raw, _ = run(capsys, "search", "paper", "--content", str(tiny), "--json")
    assert "\u009b" not in raw and "\\u009b" in raw


def test_a_real_process_imports_no_textual_and_leaves_the_content_alone(tiny, tmp_path):
    before = sorted(p.relative_to(tiny) for p in tiny.rglob("*"))
    script = ("import sys\nfrom briefing.cli import main\n"
              f"status = main(['search', 'paper', '--content', {str(tiny)!r}, '--json'])\n"
              "print('textual' in sys.modules, 'rich' in sys.modules, status, file=sys.stderr)\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.stderr.strip().splitlines()[-1] == "False False 0"
    assert json.loads(done.stdout)[0]["article"] == "one"
    assert sorted(p.relative_to(tiny) for p in tiny.rglob("*")) == before  # the index lives in the cache


def test_python_dash_m_works_end_to_end(tiny, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "briefing", "search", "guaran", "--content", str(tiny)],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "guarantees" in done.stdout


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["search", "peace", "--limit", "0"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["search", "peace", "--kind", "speech"])
    assert caught.value.code == 2


def test_bundled_content_is_copied_not_touched(tmp_path, capsys):
    from briefing.paths import bundled_content

    copy = tmp_path / "copy"
    shutil.copytree(bundled_content(), copy)
    assert search_json(capsys, "paper guarantees", "--content", str(copy))[0]["speaker"] == "macron"


def test_an_answer_from_a_stale_index_is_never_printed(capsys, tiny):
    """The command answers from the index as it stands while the files are statted, and must
    throw that answer away when they changed: here every kind of change, one after another."""
    assert search_json(capsys, "zanzibar", "--content", str(tiny)) == []
    added = article(tiny, "two", "a zanzibar ceasefire proposal")  # added
    assert {hit["article"] for hit in search_json(capsys, "zanzibar", "--content", str(tiny))} == {"two"}
    added.write_text(added.read_text().replace("zanzibar", "madagascar"))  # edited in place
    info = added.stat()
    os.utime(added, ns=(info.st_atime_ns, info.st_mtime_ns + 2_000_000_000))
    assert search_json(capsys, "zanzibar", "--content", str(tiny)) == []
    assert {hit["article"] for hit in search_json(capsys, "madagascar", "--content", str(tiny))} == {"two"}
    added.unlink()  # removed
    assert search_json(capsys, "madagascar", "--content", str(tiny)) == []
    (tiny / "index.yaml").write_text((tiny / "index.yaml").read_text().replace("Sergey Lavrov", "Sergei Lavrov"))
    status, _, err = run(capsys, "search", "actor:lavrov", "--content", str(tiny), "--json")
    assert status == 0, err
    status, _, err = run(capsys, "timeline", "--actor", "Sergei Lavrov", "--content", str(tiny), "--json")
    assert status == 0, err
