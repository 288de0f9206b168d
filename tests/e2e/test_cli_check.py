"""`briefing check` as a user runs it: a separate process, exit status, output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, write_file

INDEX = """\
title: Check test
actors:
  - id: zelensky
    name: Volodymyr Zelensky
    kind: person
  - id: russia
    name: Russia
    kind: country
topics:
  - id: ceasefire
    title: Ceasefire
"""

GOOD = """\
---
title: Fine
source: Wire
published: 2025-06-02
quotes:
  - speaker: zelensky
    text: a ceasefire
    topics: [ceasefire]
events:
  - date: 2025-06
    title: Talks
---
He wants a ceasefire.
"""

# Terminal control: C0 (but tab and newline), DEL and C1, which includes CSI (0x9b).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
PROBLEM_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>.+)$")


def run_check(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "BRIEFING_DEBUG"}
    environment.update(env or {})
    done = subprocess.run([sys.executable, "-m", "briefing", "check", *args], cwd=REPO, env=environment,
                          capture_output=True, timeout=120)
    done.out = done.stdout.decode("utf-8", "replace")  # type: ignore[attr-defined]
    done.err = done.stderr.decode("utf-8", "replace")  # type: ignore[attr-defined]
    assert "Traceback" not in done.out + done.err
    assert "internal error" not in done.out + done.err
    return done


def make_content(root: Path, articles: dict[str, str | bytes], index: str = INDEX) -> Path:
    (root / "articles").mkdir(parents=True)
    write_file(root / "index.yaml", index)
    for name, text in articles.items():
        write_file(root / "articles" / name, text)
    return root


def test_clean_content_exits_0_with_a_total(tmp_path):
    root = make_content(tmp_path / "content", {"good.md": GOOD, "sub/other.md": GOOD.replace("Fine", "Other")})
    done = run_check("--content", str(root))
    assert done.returncode == 0, done.out + done.err
    lines = done.out.strip().splitlines()
    assert len(lines) == 1
    assert lines[0] == f"ok: {root}: 2 articles, 2 quotes, 2 events, 2 actors, 1 topics, no problems"
    assert done.err == ""


def test_bad_content_exits_1_with_path_line_problems_and_a_total(tmp_path):
    root = make_content(tmp_path / "content", {
        "good.md": GOOD,
        "bad-date.md": GOOD.replace("published: 2025-06-02", "published: 2025-02-30"),
        "bad-speaker.md": GOOD.replace("speaker: zelensky", "speaker: zelenksy"),
        "no-fence.md": "just text\n",
    })
    done = run_check("--content", str(root))
    assert done.returncode == 1
    *problems, total = done.out.strip().splitlines()
    assert len(problems) == 3
    found = {}
    for line in problems:
        match = PROBLEM_LINE.match(line)
        assert match, line
        found[Path(match["path"]).name] = (int(match["line"]), match["message"])
    assert found["bad-date.md"][0] == 4 and "February 2025 has 28 days" in found["bad-date.md"][1]
    assert found["bad-speaker.md"][0] == 6 and "did you mean 'zelensky'" in found["bad-speaker.md"][1]
    assert found["no-fence.md"][0] == 1
    assert total == "3 problem(s) in 3 file(s); loaded 1 articles, 1 quotes, 1 events, 2 actors, 1 topics"


def test_missing_content_directory_exits_1(tmp_path):
    done = run_check("--content", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert done.out.splitlines() == [f"{tmp_path / 'nowhere'}: content directory not found",
                                     "1 problem(s); nothing loaded"]


def test_missing_index_exits_1(tmp_path):
    root = make_content(tmp_path / "content", {"good.md": GOOD})
    (root / "index.yaml").unlink()
    done = run_check("--content", str(root))
    assert done.returncode == 1
    assert str(root / "index.yaml") in done.out
    assert "1 problem(s) in 1 file(s)" in done.out


def test_content_from_the_environment(tmp_path):
    root = make_content(tmp_path / "content", {"good.md": GOOD})
    done = run_check(env={"BRIEFING_CONTENT": str(root)})
    assert done.returncode == 0
    assert f"ok: {root}:" in done.out


@pytest.mark.parametrize("args", [["--bogus"], ["--content"], ["extra-argument"]])
def test_usage_error_exits_2(args):
    done = run_check(*args)
    assert done.returncode == 2
    assert "usage:" in done.err
    assert done.out == ""


def test_unknown_subcommand_exits_2():
    done = subprocess.run([sys.executable, "-m", "briefing", "chekc"], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert "usage:" in done.stderr and "Traceback" not in done.stderr


def test_hostile_content_never_reaches_the_terminal_as_control_codes(tmp_path):
    escape = "\x1b]0;pwned\x07\x1b[31m\x9b2J"
    root = make_content(tmp_path / "content", {
        # in a value that ends up in a message
        "value.md": GOOD.replace("published: 2025-06-02", f'published: "2025{escape}"'),
        # in an unknown key
        "key.md": GOOD.replace("source: Wire", f'source: Wire\n"x{escape}": 1'),
        # in an unknown id
        "id.md": GOOD.replace("speaker: zelensky", f'speaker: "z{escape}"'),
        # in a url
        "url.md": GOOD.replace("source: Wire", f'source: Wire\nurl: "ftp://{escape}"'),
        # in the file name itself
        f"name{escape.replace('/', '')}.md": "no front matter\n",
        # raw bytes that are not YAML at all
        "raw.md": b"---\ntitle: \x1b[2J\x07\n---\nBody\n",
    })
    done = run_check("--content", str(root))
    assert done.returncode == 1
    output = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    assert not CONTROL.search(output), repr(CONTROL.findall(output))
    assert "6 problem(s) in 6 file(s)" in output
    assert "pwned" in output  # the text is shown, only the control codes are gone


def test_broken_bytes_never_give_a_traceback(tmp_path):
    root = make_content(tmp_path / "content", {
        "latin1.md": "---\ntitle: café\n---\n".encode("latin-1"),
        "nul.md": b"\x00" * 10,
        "deep.md": b"---\ntitle: " + b"[" * 100_000 + b"\n---\nBody\n",
        "huge.md": b"---\n" + b"a" * (5 * 1024 * 1024) + b"\n---\n",
    }, index="actors: [unclosed\n")
    done = run_check("--content", str(root))
    assert done.returncode == 1
    assert "5 problem(s) in 5 file(s)" in done.out


def test_a_line_break_in_content_cannot_forge_a_problem_line(tmp_path):
    forged = "\nfake.md:1: everything is fine\n"
    root = make_content(tmp_path / "content", {
        "value.md": GOOD.replace("published: 2025-06-02", f"published: {forged!r}".replace("'", '"')),
        "key.md": GOOD.replace("source: Wire", f"source: Wire\n{forged!r}: 1".replace("'", '"')),
        "dup.md": GOOD.replace("source: Wire", f"source: Wire\n{forged!r}: 1\n{forged!r}: 2".replace("'", '"')),
    })
    done = run_check("--content", str(root))
    assert done.returncode == 1
    *problems, total = done.out.strip().splitlines()
    assert "fake.md:1:" not in [line[:8] for line in problems]
    for line in problems:
        assert line.startswith(str(root / "articles")), line
    assert total.startswith("4 problem(s) in 3 file(s)")


def test_a_line_break_in_a_file_name_cannot_forge_a_problem_line(tmp_path):
    root = make_content(tmp_path / "content", {"a\nfake.md:1: fine.md": "no front matter\n"})
    done = run_check("--content", str(root))
    *problems, _ = done.out.strip().splitlines()
    assert len(problems) == 1
