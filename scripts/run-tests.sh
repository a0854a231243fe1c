#!/usr/bin/env bash
# Runs aicc's test suites and prints one summary line `N passed, N failed`.
#   scripts/run-tests.sh BUILD_DIR [lit|unit|node|models|fixed|cuda]...   (default: all)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(cd "${1:-$ROOT/build}" && pwd)"; shift || true
SUITES=("$@"); [[ ${#SUITES[@]} -eq 0 ]] && SUITES=(lit unit node models fixed cuda)
PY="${AICC_VENV:-$BUILD/venv}/bin/python"
LIT=/usr/lib/llvm-22/bin/lit
total_pass=0; total_fail=0; failed_suites=()

record() { # suite passed failed rc
  echo "== $1: $2 passed, $3 failed (exit $4)"
  total_pass=$((total_pass + $2)); total_fail=$((total_fail + $3))
  if [[ $4 -ne 0 || $3 -ne 0 ]]; then failed_suites+=("$1"); fi
}
count() { grep -oE "$1" "$2" | tail -1 | grep -oE '[0-9]+' | head -1 || echo 0; }

for suite in "${SUITES[@]}"; do
  log="$BUILD/test-$suite.log"
  echo "== running $suite tests (log: $log)"
  case "$suite" in
    fixed)
      # -target=fixed: Verilated RTL against -target=cpu, bit for bit
      "$PY" "$ROOT/test/e2e/fixed/run_fixed.py" --aicc "$BUILD/bin/aicc" \
        --aicc-run "$BUILD/bin/aicc-run" --work-dir "$BUILD/fixed-work" > "$log" 2>&1; rc=$?
      tail -6 "$log"
      p=$(tail -1 "$log" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
      f=$(tail -1 "$log" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
      ;;
    cuda)
      # -target=cuda artifacts of the foundation ops' node tests, run with
      # aicc-run --device=cuda against ONNX's outputs where a GPU is;
      # skipped (compiled only) without one.
      "$PY" "$ROOT/test/e2e/cuda/run_cuda.py" --aicc "$BUILD/bin/aicc" \
        --aicc-run "$BUILD/bin/aicc-run" --bundle "$BUILD/cuda-bundle" > "$log" 2>&1; rc=$?
      tail -4 "$log"
      p=$(tail -1 "$log" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
      f=$(tail -1 "$log" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
      ;;
    lit)
      "$LIT" -v "$BUILD/test/lit" > "$log" 2>&1; rc=$?
      grep -E '^(FAIL|XPASS|UNRESOLVED):' "$log" || true
      p=$(count 'Passed *: *[0-9]+' "$log"); f=$(count 'Failed *: *[0-9]+' "$log")
      ;;
    unit)
      (cd "$BUILD" && ctest --output-on-failure -j 2) > "$log" 2>&1; rc=$?
      grep -E 'Failed|\*\*\*' "$log" | head -20 || true
      p=$(grep -oE '[0-9]+ tests failed out of [0-9]+' "$log" | awk '{print $6-$1}')
      f=$(grep -oE '[0-9]+ tests failed out of' "$log" | awk '{print $1}')
      ;;
    node)
      "$PY" "$ROOT/test/e2e/node/run_node_tests.py" --aicc "$BUILD/bin/aicc" \
        --aicc-run "$BUILD/bin/aicc-run" -j 2 \
        --onnx-cache "$BUILD/onnx-node-tests" > "$log" 2>&1; rc=$?
      # Mutated node-test models: aicc must answer each with a result or an
      # error, never a crash or a hang (test/e2e/fuzz/fuzz_import.py).
      "$PY" "$ROOT/test/e2e/fuzz/fuzz_import.py" --aicc "$BUILD/bin/aicc" --count 300 \
        --seed 1 --work-dir "$BUILD/fuzz-work" > "$log.fuzz" 2>&1 || rc=1
      tail -25 "$log"; tail -5 "$log.fuzz"
      p=$(tail -1 "$log" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
      f=$(tail -1 "$log" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
      zp=$(tail -1 "$log.fuzz" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
      zf=$(tail -1 "$log.fuzz" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
      p=$(( ${p:-0} + ${zp:-0} )); f=$(( ${f:-0} + ${zf:-0} ))
      ;;
    models)
      "$PY" "$ROOT/test/e2e/models/run_models.py" --aicc "$BUILD/bin/aicc" \
        --aicc-run "$BUILD/bin/aicc-run" --models-dir "$BUILD/models" \
        --work-dir "$BUILD/models-work" > "$log" 2>&1; rc=$?
      # QDQ-quantized models against onnxruntime (docs/quantization.md)
      "$PY" "$ROOT/test/e2e/models/run_quantized.py" --aicc "$BUILD/bin/aicc" \
        --aicc-run "$BUILD/bin/aicc-run" --models-dir "$BUILD/models" \
        --work-dir "$BUILD/models-work" > "$log.qdq" 2>&1 || rc=1
      # QOperator models (QLinear*/QGemm) against onnxruntime, bit for bit
      "$PY" "$ROOT/test/e2e/models/run_qoperator.py" --aicc "$BUILD/bin/aicc" \
        --aicc-run "$BUILD/bin/aicc-run" --models-dir "$BUILD/models" \
        --work-dir "$BUILD/models-work" > "$log.qop" 2>&1 || rc=1
      # Integer kernels against the reference lowering and numpy, bit for bit
      "$PY" "$ROOT/test/e2e/models/run_integer_kernels.py" --aicc "$BUILD/bin/aicc" \
        --aicc-opt "$BUILD/bin/aicc-opt" --aicc-run "$BUILD/bin/aicc-run" \
        --work-dir "$BUILD/models-work/integer-kernels" > "$log.int" 2>&1 || rc=1
      # aicc's own quantization (-quantize=int8|dynamic) against f32, digits accuracy
      "$PY" "$ROOT/test/e2e/models/run_ptq.py" --aicc "$BUILD/bin/aicc" \
        --aicc-run "$BUILD/bin/aicc-run" --models-dir "$BUILD/models" \
        --work-dir "$BUILD/models-work" > "$log.ptq" 2>&1 || rc=1
      # -precision=bf16 against onnxruntime f32, digits accuracy
      "$PY" "$ROOT/test/e2e/models/run_precision.py" --aicc "$BUILD/bin/aicc" \
        --aicc-run "$BUILD/bin/aicc-run" --models-dir "$BUILD/models" \
        --work-dir "$BUILD/models-work" > "$log.prec" 2>&1 || rc=1
      # com.microsoft.MatMulNBits (onnxruntime's quantizer) against onnxruntime
      "$PY" "$ROOT/test/e2e/models/run_matmul_nbits.py" --aicc "$BUILD/bin/aicc" \
        --aicc-run "$BUILD/bin/aicc-run" \
        --work-dir "$BUILD/models-work/matmul-nbits" > "$log.nbits" 2>&1 || rc=1
      # Sparse kernels (-sparsity=auto|always) against dense and numpy; -prune on digits
      "$PY" "$ROOT/test/e2e/models/run_sparse.py" --aicc "$BUILD/bin/aicc" \
        --aicc-opt "$BUILD/bin/aicc-opt" --aicc-run "$BUILD/bin/aicc-run" \
        --work-dir "$BUILD/models-work" > "$log.sparse" 2>&1 || rc=1
      tail -12 "$log"; tail -3 "$log.qdq"; tail -3 "$log.qop"; tail -3 "$log.int"; tail -3 "$log.ptq"
      tail -3 "$log.sparse"; tail -3 "$log.nbits"; tail -3 "$log.prec"
      p=$(tail -1 "$log" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
      f=$(tail -1 "$log" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
      qp=$(tail -1 "$log.qdq" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
      qf=$(tail -1 "$log.qdq" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
      ip=$(tail -1 "$log.int" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
      if_=$(tail -1 "$log.int" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
      pp=$(tail -1 "$log.ptq" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
      pf=$(tail -1 "$log.ptq" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
      sp=$(tail -1 "$log.sparse" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
      sf=$(tail -1 "$log.sparse" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
      op=$(tail -1 "$log.qop" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
      of=$(tail -1 "$log.qop" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
      np=$(tail -1 "$log.nbits" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
      nf=$(tail -1 "$log.nbits" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
      rp=$(tail -1 "$log.prec" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
      rf=$(tail -1 "$log.prec" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
      p=$(( ${p:-0} + ${qp:-0} + ${ip:-0} + ${pp:-0} + ${sp:-0} + ${op:-0} + ${np:-0} + ${rp:-0} ))
      f=$(( ${f:-0} + ${qf:-0} + ${if_:-0} + ${pf:-0} + ${sf:-0} + ${of:-0} + ${nf:-0} + ${rf:-0} ))
      ;;
    *) echo "unknown suite $suite" >&2; exit 2 ;;
  esac
  record "$suite" "${p:-0}" "${f:-0}" "$rc"
done

if [[ ${#failed_suites[@]} -gt 0 ]]; then
  echo "failing suites: ${failed_suites[*]}"
fi
echo "${total_pass} passed, ${total_fail} failed"
[[ ${#failed_suites[@]} -eq 0 ]]
