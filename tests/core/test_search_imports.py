"""A filtered search costs what an unfiltered one does, plus the filter: it imports nothing more.

Names in `actor:`/`topic:` (and --actor/--topic) are resolved from the index's
own copy of index.yaml (briefing.queries.Names), not by loading the content.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from briefing.paths import bundled_content

MODULES_AFTER_SEARCH = (
    "import io, contextlib, json, sys\n"
    "from briefing.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
    "    status = main(sys.argv[1:])\n"
    "print(json.dumps({'status': status, 'out': out.getvalue(), 'modules': sorted(sys.modules)}))\n"
)


def warm_search(content, *arguments) -> dict:
    command = [sys.executable, "-c", MODULES_AFTER_SEARCH, "search", *arguments, "--content", str(content)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=dict(os.environ))
    return json.loads(done.stdout)


@pytest.fixture
def warm_content(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(bundled_content(), content)
    warm_search(content, "anything")  # builds the index
    return content


@pytest.mark.parametrize("filtered", [
    ["peace topic:territory"],
    ["peace actor:Macron"],
    ["peace", "--actor", "zelenskyy"],
    ["peace", "--topic", "Security guarantees"],
])
def test_a_filtered_search_imports_nothing_an_unfiltered_one_does_not(warm_content, filtered):
    plain = warm_search(warm_content, "peace")
    narrowed = warm_search(warm_content, *filtered)
    assert plain["status"] == narrowed["status"] == 0
    assert narrowed["out"] != plain["out"] and "no matches" not in narrowed["out"]  # the filter did filter
    assert sorted(set(narrowed["modules"]) - set(plain["modules"])) == []
    assert "briefing.loader" not in narrowed["modules"] and "yaml" not in narrowed["modules"]
