"""The benchmark compares like with like: every method it times decides the same employees alike."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench.py"


def test_every_benchmarked_method_decides_the_population_alike() -> None:
    run = subprocess.run(
        [sys.executable, str(BENCH), "--check", "--n", "20000", "--others", "1000"], capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr
    assert "decisions agree on 20000 employees: aturan, hand-written Python, evaluate_many list" in run.stdout
