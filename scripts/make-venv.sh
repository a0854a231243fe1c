#!/usr/bin/env bash
# Creates the Python venv used by aicc's tests, model export and benchmarks.
#
# The venv is made from Debian's /usr/bin/python3 with --system-site-packages,
# so Debian's python3-torch, python3-torchvision, python3-sklearn and
# python3-numpy stay visible; only onnx, onnxruntime and onnx-ir (needed by
# onnxruntime's MatMulNBits quantizer, which the w4 tests use) come from pip.
#
# Usage: scripts/make-venv.sh            (venv at ${AICC_VENV:-build/venv})
#        AICC_VENV=/some/dir scripts/make-venv.sh
#        scripts/make-venv.sh --force    (re-run pip even when the stamp is fresh)
# Idempotent: a stamp file records what was installed; a second run is a no-op.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${AICC_VENV:-$ROOT/build/venv}"
PY=/usr/bin/python3
# onnx 1.23 is wanted; older 1.2x is accepted when 1.23 does not install.
ONNX_SPECS=("onnx==1.23.*" "onnx>=1.20,<1.24")
STAMP="$VENV/.aicc-venv-stamp"
# Bump when the requirements above change, so existing venvs get updated.
STAMP_KEY="v3 ${ONNX_SPECS[*]} onnxruntime onnx-ir"

force=0
[[ "${1:-}" == "--force" ]] && force=1

print_versions() {
  "$VENV/bin/python" - <<'PYEOF'
import importlib
for name in ("onnx", "onnxruntime", "onnx_ir", "numpy", "torch", "torchvision", "sklearn"):
    try:
        mod = importlib.import_module(name)
        print(f"  {name:12s} {getattr(mod, '__version__', '?')}")
    except Exception as e:  # report, do not fail: only onnx/onnxruntime are ours
        print(f"  {name:12s} MISSING ({type(e).__name__}: {e})")
PYEOF
}

if [[ ! -x "$PY" ]]; then
  echo "make-venv: error: $PY not found (run scripts/install-deps.sh as root)" >&2
  exit 1
fi

if [[ $force -eq 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$STAMP_KEY" \
      && -x "$VENV/bin/python" ]]; then
  echo "make-venv: $VENV is up to date"
  cat "$VENV/.aicc-versions" 2>/dev/null || true
  exit 0
fi

if [[ ! -x "$VENV/bin/python" ]]; then
  echo "make-venv: creating $VENV"
  mkdir -p "$(dirname "$VENV")"
  "$PY" -m venv --system-site-packages "$VENV"
fi

PIP=("$VENV/bin/python" -m pip --disable-pip-version-check --no-input)
# Pin numpy to Debian's: pip would otherwise pull numpy 2 into the venv, and
# Debian's torch and scipy/sklearn, built against numpy 1.x, stop importing.
sys_numpy="$("$PY" -c 'import numpy; print(numpy.__version__)' 2>/dev/null || true)"
if [[ -n "$sys_numpy" ]]; then
  mkdir -p "$VENV"
  echo "numpy==$sys_numpy" > "$VENV/aicc-constraints.txt"
  PIP+=(install -c "$VENV/aicc-constraints.txt")
else
  echo "make-venv: warning: Debian's python3-numpy is missing; pip picks numpy" >&2
  PIP+=(install)
fi
installed=""
for spec in "${ONNX_SPECS[@]}"; do
  echo "make-venv: pip install '$spec' onnxruntime onnx-ir"
  if "${PIP[@]}" --quiet "$spec" onnxruntime onnx-ir; then
    installed="$spec"
    break
  fi
  echo "make-venv: warning: '$spec' did not install, trying the next" >&2
done
if [[ -z "$installed" ]]; then
  echo "make-venv: error: could not install onnx/onnxruntime into $VENV" >&2
  exit 1
fi

# Importing both proves the wheels fit this Python and numpy.
"$VENV/bin/python" -c "import onnx, onnxruntime, onnx_ir, numpy" || {
  echo "make-venv: error: onnx/onnxruntime installed but do not import" >&2
  exit 1
}
print_versions | tee "$VENV/.aicc-versions"
echo "$STAMP_KEY" > "$STAMP"
echo "make-venv: $VENV ready ($installed)"
