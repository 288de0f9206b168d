"""The core never imports Textual: only briefing/ui/ may.

Each check runs in a fresh interpreter, because the test session itself may
already have imported Textual for the UI tests.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO

CORE_MODULES = [
    "briefing", "briefing.model", "briefing.dates", "briefing.text", "briefing.safeyaml", "briefing.loader",
    "briefing.corpus", "briefing.suggest", "briefing.fileio", "briefing.paths", "briefing.cli",
    "briefing.browse",
]
# Packages: checked with every module inside them.
FEATURE_PACKAGES = ["briefing.search", "briefing.export", "briefing.importer", "briefing.cache"]

SCRIPT = r"""
import importlib, json, pkgutil, sys

def textual_loaded():
    return sorted(name for name in sys.modules if name == "textual" or name.startswith("textual."))

def walk(name, deep):
    module = importlib.import_module(name)
    yield name
    if deep:  # every module inside a package, except __main__ (it would run)
        for info in pkgutil.walk_packages(module.__path__, prefix=name + "."):
            if not info.name.endswith(".__main__"):
                yield info.name

culprit = None
imported = []
for name in walk(sys.argv[1], sys.argv[2:] == ["deep"]):
    importlib.import_module(name)
    imported.append(name)
    if culprit is None and textual_loaded():
        culprit = name
print(json.dumps({"imported": imported, "culprit": culprit, "textual": textual_loaded()[:5]}))
"""


def imports_without_textual(name: str, deep: bool = False) -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT, name, *(["deep"] if deep else [])], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, f"importing {name} failed:\n{done.stderr}"
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", CORE_MODULES)
def test_core_module_does_not_import_textual(name):
    report = imports_without_textual(name)
    assert name in report["imported"]
    assert report["culprit"] is None, f"{report['culprit']} imports {report['textual']}"


@pytest.mark.parametrize("name", FEATURE_PACKAGES)
def test_feature_package_does_not_import_textual(name):
    report = imports_without_textual(name, deep=True)
    assert len(report["imported"]) > 1, "the package's modules were walked"
    assert report["culprit"] is None, f"{report['culprit']} imports {report['textual']}"


def test_the_check_detects_textual():
    # The guard itself must be able to fail: the UI package does load Textual.
    assert imports_without_textual("briefing.ui.app")["culprit"] == "briefing.ui.app"
