"""The code's structure, checked as CI checks it: types (mypy) and the import contract (import-linter).

The contract in pyproject.toml says that only the reader imports Textual and
that data flows one way (files -> loader -> corpus -> queries -> views); a
change that breaks either fails here, with the tools' own report.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run_tool(name: str, *arguments: str) -> subprocess.CompletedProcess:
    tool = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if tool is None:
        pytest.fail(f"{name} is not installed: `pip install '.[test]'` installs it")
    return subprocess.run([tool, *arguments], cwd=REPO, capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, MYPY_CACHE_DIR=str(REPO / ".mypy_cache")))


@pytest.mark.slow
def test_the_import_contract_holds():
    done = run_tool("lint-imports")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.slow
def test_the_package_type_checks():
    done = run_tool("mypy", "briefing")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Success"), done.stdout
