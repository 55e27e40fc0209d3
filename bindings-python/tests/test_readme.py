"""The Python examples of bindings-python/README.md and of the repository README run, in order,
as a user would run them."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import ROOT

README = ROOT / "bindings-python" / "README.md"


def python_blocks(path: Path) -> list:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def run_blocks(path: Path, blocks: list) -> None:
    """Runs the blocks in order, in one namespace, from the repository root, as a reader would."""
    namespace: dict = {"__name__": "readme"}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"{path.name} python block {i + 1}", "exec"), namespace)
    finally:
        os.chdir(cwd)


def test_readme_examples_run(capsys) -> None:  # type: ignore[no-untyped-def]
    blocks = python_blocks(README)
    assert len(blocks) >= 5
    run_blocks(README, blocks)
    out = capsys.readouterr().out
    assert "teguran_lisan" in out


def test_repository_readme_python_example_runs(capsys) -> None:  # type: ignore[no-untyped-def]
    blocks = python_blocks(ROOT / "README.md")
    assert len(blocks) >= 1
    run_blocks(ROOT / "README.md", blocks)
    assert "teguran_lisan" in capsys.readouterr().out
