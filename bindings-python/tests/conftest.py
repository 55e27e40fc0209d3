"""Shared fixtures: the repository's Semarang policy, its reference cases and a way to ask the
Rust side (the `aturan` command) for its decision JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

import aturan

ROOT = Path(__file__).resolve().parents[2]
SEMARANG = ROOT / "examples" / "semarang" / "semarang.aturan"
CASES_DIR = ROOT / "tests" / "cases"


def load_cases() -> List[Dict[str, Any]]:
    cases: List[Dict[str, Any]] = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            case["_file"] = path.name
            cases.append(case)
    return cases


CASES = load_cases()


@pytest.fixture(scope="session")
def policy() -> aturan.Policy:
    return aturan.Policy.from_file(SEMARANG)


@pytest.fixture(scope="session")
def cases() -> List[Dict[str, Any]]:
    return CASES


def cli_binary() -> Path:
    """The `aturan` command built from this repository (ATURAN_CLI, or target/{release,debug})."""
    env = os.environ.get("ATURAN_CLI")
    if env:
        return Path(env)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for profile in ("release", "debug"):
        candidate = target / profile / "aturan"
        if candidate.exists():
            return candidate
    cargo = shutil.which("cargo")
    if cargo is None:
        raise RuntimeError("the `aturan` command is not built and cargo is not available")
    subprocess.run([cargo, "build", "--quiet", "-p", "aturan-cli"], cwd=ROOT, check=True)
    return target / "debug" / "aturan"


@pytest.fixture(scope="session")
def cli() -> Path:
    return cli_binary()
