#!/usr/bin/env bash
# Regenerates docs/conformance.md: runs the ONNX node suite with --report and
# renders the report (test/e2e/node/render_conformance.py).
#
# Usage: scripts/update-conformance.sh [run_node_tests.py options...]
#   e.g. scripts/update-conformance.sh -j 8
#        scripts/update-conformance.sh --aicc /tmp/aicc --aicc-run /tmp/aicc-run
# Needs build/bin/aicc, build/bin/aicc-run and the venv (scripts/make-venv.sh).
# The report is kept in build/conformance.json. Unexpected failures do not stop
# the rendering; they are listed in the document, and the script exits 1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/build/venv/bin/python"
REPORT="$ROOT/build/conformance.json"
[[ -x "$PY" ]] || { echo "update-conformance: error: $PY missing; run scripts/make-venv.sh" >&2; exit 2; }
for arg in "$@"; do
  case "$arg" in
    --filter* | --list | --source*)
      echo "update-conformance: error: the document covers the whole suite; no $arg" >&2
      exit 2 ;;
  esac
done

rc=0
"$PY" "$ROOT/test/e2e/node/run_node_tests.py" -j "$(nproc)" "$@" --report "$REPORT" || rc=$?
if [[ $rc -ne 0 && $rc -ne 1 ]]; then
  echo "update-conformance: error: run_node_tests.py failed (exit $rc)" >&2
  exit "$rc"
fi
"$PY" "$ROOT/test/e2e/node/render_conformance.py" "$REPORT" -o "$ROOT/docs/conformance.md"
exit "$rc"
