#!/usr/bin/env bash
# Tests the Python package `aturan` (bindings-python/):
#   1. creates the virtual environment .venv at the repository root when missing, and installs the
#      test tools into it (maturin, pytest, pandas, pyarrow, dask[distributed], mypy) when they are
#      missing or the list below changed: quick when everything is there;
#   2. builds the wheel (release) with maturin and installs it into .venv, as a user would;
#   3. builds the `aturan` command (release), which the conformance tests compare against;
#   4. checks the type stubs against the compiled module with mypy.stubtest, and runs pytest.
# Exits non-zero on any failure. The benchmark (bindings-python/bench/bench.py) is not run here.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/.venv"
python="${PYTHON:-python3}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

log() { printf '[test-python] %s\n' "$*" >&2; }

if [[ -d /opt/wheels && -z "${PIP_FIND_LINKS:-}" ]]; then
    export PIP_FIND_LINKS=/opt/wheels
fi

if [[ ! -x "$venv/bin/python" ]]; then
    log "creating $venv"
    "$python" -m venv "$venv"
fi
vpy="$venv/bin/python"

requirements=(
    "maturin>=1.9.4,<2"
    "pytest>=7"
    "pyarrow>=14"
    "pandas>=1.5"
    "numpy"
    "dask[dataframe,distributed]>=2024.1"
    # Polars frames are read through Arrow: the tests give them as data teams do.
    "polars>=1"
    "mypy>=1.8"
    # The benchmark's other engines: its agreement check (`bench.py --check`) covers them too.
    "zen-engine>=0.40"
    "rule-engine>=4"
)
stamp="$venv/.aturan-test-requirements"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "${requirements[*]}" ]]; then
    log "installing the test tools into $venv"
    "$vpy" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$vpy" -m pip install --quiet --disable-pip-version-check "${requirements[@]}"
    printf '%s' "${requirements[*]}" >"$stamp"
fi

log "building the aturan wheel (release)"
start=$SECONDS
wheels="$target_dir/python-wheels"
rm -rf "$wheels"
"$venv/bin/maturin" build --quiet --release --manifest-path bindings-python/Cargo.toml --out "$wheels" \
    --interpreter "$vpy"
"$vpy" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheels"/aturan-*.whl
log "wheel built and installed in $((SECONDS - start)) s"

log "building the aturan command (release)"
cargo build --quiet --release -p aturan-cli
export ATURAN_CLI="$target_dir/release/aturan"

log "checking the stubs (mypy.stubtest)"
# From the repository root, `aturan` is the installed package, not the source tree.
"$vpy" -m mypy.stubtest aturan --mypy-config-file bindings-python/pyproject.toml

log "running pytest"
"$vpy" -m pytest bindings-python/tests -q -p no:cacheprovider "$@"
