#!/usr/bin/env python3
"""-precision=bf16 on the CPU against onnxruntime in f32.

  build/venv/bin/python test/e2e/models/run_precision.py [--only NAME]... \
      [--aicc PATH] [--aicc-run PATH] [--models-dir build/models] [--work-dir DIR]

Cases (docs/quantization.md, section "Reduced precision"):

- mlp, conv_zoo (export_models.py: model.onnx, input.npy and onnxruntime's
  ref_output_0.npy): compiled with -precision=bf16; passes when max |bf16 -
  onnxruntime| <= MAX_REL * max |onnxruntime| and the mean <= MEAN_REL * max
  |onnxruntime|, and the library is smaller than the f32 build's (the
  weights are stored in bf16).
- digits (examples/digits): the 450 held-out images of train.py's split
  (run_ptq.py's digits_data); the same error bounds against onnxruntime on
  every image, and the bf16 build's accuracy within ACCURACY_POINTS of
  onnxruntime's.

The last line is `N passed, N failed`; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))
import export_models  # noqa: E402
import run_ptq  # noqa: E402

# bf16 keeps 8 significant bits: each weight and activation is off by up to
# 2^-9 relative, and the errors of a layer's K products partly cancel
# (measured: max 0.13-0.31% of max |ref|, mean 0.009-0.11%).
MAX_REL = 0.01
MEAN_REL = 0.002
ACCURACY_POINTS = 1.0
CASES = ["mlp", "conv_zoo", "digits"]


def compile_model(args, model: Path, so: Path, extra: list[str]) -> bool:
    r = subprocess.run([args.aicc, str(model), "-o", str(so), *extra],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(f"FAIL aicc {model.name} {' '.join(extra)}: {r.stderr.strip()[:600]}")
        return False
    return True


def check_error(name: str, out: np.ndarray, ref: np.ndarray) -> bool:
    err = np.abs(out - ref)
    scale = float(np.max(np.abs(ref)))
    ok = err.max() <= MAX_REL * scale and err.mean() <= MEAN_REL * scale
    print(f"{name} bf16 vs onnxruntime f32: max |error| {err.max():.4g} "
          f"({err.max() / scale:.2%} of max |ref| {scale:.4g}), mean {err.mean():.4g} "
          f"({err.mean() / scale:.3%})")
    if not ok:
        print(f"FAIL {name}: over {MAX_REL:.0%} (max) or {MEAN_REL:.1%} (mean) of max |ref|")
    return ok


def run_exported(name: str, args) -> bool:
    d = args.models_dir / name
    if not (d / "model.onnx").exists():
        export_models.export_one(name, args.models_dir)
    work = args.work_dir / f"{name}_precision"
    work.mkdir(parents=True, exist_ok=True)
    ok = True
    for label, flags in (("f32", []), ("bf16", ["-precision=bf16"])):
        if not compile_model(args, d / "model.onnx", work / f"{label}.so", flags):
            return False
    out = run_ptq.run_all(args, work / "bf16.so", [np.load(d / "input.npy")], work)[0]
    ok = check_error(name, out, np.load(d / "ref_output_0.npy"))
    f32, bf16 = (work / "f32.so").stat().st_size, (work / "bf16.so").stat().st_size
    print(f"{name}: library {f32} bytes in f32, {bf16} bytes in bf16")
    if bf16 >= f32:
        print(f"FAIL {name}: the bf16 library is not smaller")
        ok = False
    print(f"{'PASS' if ok else 'FAIL'} {name}")
    return ok


def run_digits(args) -> bool:
    import onnxruntime as ort

    work = args.work_dir / "digits_precision"
    work.mkdir(parents=True, exist_ok=True)
    model = ROOT / "examples/digits/digits.onnx"
    _, test, labels = run_ptq.digits_data()
    inputs = [t[None] for t in test]
    if not compile_model(args, model, work / "bf16.so", ["-precision=bf16"]):
        return False
    sess = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    feed = sess.get_inputs()[0].name
    ref = np.concatenate([sess.run(None, {feed: x})[0] for x in inputs])
    out = np.concatenate(run_ptq.run_all(args, work / "bf16.so", inputs, work))
    ok = check_error("digits", out, ref)
    acc_ref = 100.0 * float(np.mean(np.argmax(ref, axis=1) == labels))
    acc = 100.0 * float(np.mean(np.argmax(out, axis=1) == labels))
    print(f"digits: accuracy {acc:.2f}% in bf16, {acc_ref:.2f}% onnxruntime f32, "
          f"on {len(labels)} held-out images")
    if acc_ref - acc > ACCURACY_POINTS:
        print(f"FAIL digits: more than {ACCURACY_POINTS} points below f32")
        ok = False
    print(f"{'PASS' if ok else 'FAIL'} digits")
    return ok


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", action="append", choices=CASES)
    p.add_argument("--aicc", default=str(ROOT / "build/bin/aicc"))
    p.add_argument("--aicc-run", default=str(ROOT / "build/bin/aicc-run"))
    p.add_argument("--models-dir", type=Path, default=ROOT / "build/models")
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/models-work")
    args = p.parse_args(argv)
    results = [run_digits(args) if n == "digits" else run_exported(n, args)
               for n in args.only or CASES]
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
