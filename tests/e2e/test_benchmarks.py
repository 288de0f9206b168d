"""The benchmarks' smoke tests: each runs as a script, in its own interpreter, and
reports figures that meet their targets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seeds are not next to the repository")
def test_the_benchmark_reports_its_figures_and_meets_the_targets():
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "import_eval.py")], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    figures = {}
    for line in result.stdout.splitlines():
        name, _, rest = line.partition(": ")
        value, unit = rest.split()
        figures[name] = float(value)
        assert unit in ("ratio", "count", "code", "ms")
    assert figures["draft_load_problems"] == 0
    assert figures["quotation_precision"] >= 0.95
    assert figures["quotation_recall"] >= 0.90
    assert figures["speaker_accuracy"] >= 0.90
    # The same articles as web pages and as a feed: extraction loses and adds no quotation.
    for path in ("web_page", "feed"):
        assert figures[f"{path}_import_exit_status"] == 0 and figures[f"{path}_draft_load_problems"] == 0
        assert figures[f"{path}_drafts"] == figures["drafts"]
        assert figures[f"{path}_quotation_precision"] == figures["quotation_precision"]
        assert figures[f"{path}_quotation_recall"] == figures["quotation_recall"]
        assert figures[f"{path}_boilerplate_in_bodies"] == 0
