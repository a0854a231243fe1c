#!/usr/bin/env python3
"""Compiles the e2e networks with aicc, runs them with aicc-run and compares
against onnxruntime's reference outputs.

  build/venv/bin/python test/e2e/models/run_models.py [--only NAME]... \
      [--aicc PATH] [--aicc-run PATH] [--models-dir build/models]

Models are exported by export_models.py into --models-dir when missing or
when the exporter changed. The token models (export_models.SEQ_MODELS) are
exported once with dynamic batch and sequence axes and run at each of their
(batch, sequence) shapes: aicc has no dynamic shapes yet, so every shape is
compiled separately with its dims pinned (-input-shape=NAME:BxS per input)
and compared with onnxruntime run on the same dynamic model at that shape.
When dynamic shapes land, one binary will serve all the shapes. The last line is `N passed, N failed`; exit 1 on
any failure, 2 on a setup error.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))
import export_models  # noqa: E402

RTOL = 1e-3
ATOL = 1e-4
FILES = ("model.onnx", "input.npy", "ref_output_0.npy")


def die(msg: str) -> None:
    print(f"run_models: error: {msg}", file=sys.stderr)
    sys.exit(2)


def export_key() -> str:
    import torch
    digest = hashlib.sha256((HERE / "export_models.py").read_bytes()).hexdigest()[:16]
    return f"{digest} torch {torch.__version__}"


def export_files(name: str) -> list[str]:
    spec = export_models.SEQ_MODELS.get(name)
    if spec is None:
        return list(FILES)
    files = ["model.onnx"]
    for b, s in spec.shapes:
        c = export_models.case_dir(name, b, s)
        files += [f"{c}/input_{i}.npy" for i in range(len(spec.inputs))]
        files.append(f"{c}/ref_output_0.npy")
    return files


def ensure_exported(name: str, models_dir: Path) -> Path:
    d = models_dir / name
    stamp = d / ".stamp"
    key = export_key()
    if (all((d / f).is_file() for f in export_files(name)) and stamp.is_file()
            and stamp.read_text().strip() == key):
        return d
    export_models.main([str(models_dir), "--only", name])
    stamp.write_text(key + "\n")
    return d


def run(cmd: list[str], timeout: float) -> tuple[int | None, str]:
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=timeout)
        return p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        return None, (e.output or b"").decode(errors="replace")


def describe(rc: int | None, tool: str, timeout: float) -> str:
    if rc is None:
        return f"{tool} timed out after {timeout:g} s"
    if rc < 0:
        return f"{tool} crashed (signal {-rc})"
    return f"{tool} exited with {rc}"


def check_tool(path: str, what: str) -> str:
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        die(f"{what} not found or not executable: {path} (build it first, or pass --{what})")
    return os.path.abspath(path)


def test_cases(name: str, d: Path) -> list[tuple[str, list[str], list[Path], Path]]:
    """(label, pins, inputs, reference) per compiled case: one for the
    static models, one per (batch, sequence) shape for the token models."""
    spec = export_models.SEQ_MODELS.get(name)
    if spec is None:
        return [(name, [], [d / "input.npy"], d / "ref_output_0.npy")]
    cases = []
    for b, s in spec.shapes:
        c = d / export_models.case_dir(name, b, s)
        pins = [f"-input-shape={n}:{b}x{s}" for n in spec.inputs]
        inputs = [c / f"input_{i}.npy" for i in range(len(spec.inputs))]
        cases.append((f"{name} {c.name}", pins, inputs, c / "ref_output_0.npy"))
    return cases


def test_model(label: str, model: Path, pins: list[str], inputs: list[Path],
               ref_path: Path, args) -> bool:
    name = label
    work = args.work_dir / label.replace(" ", "_")
    shutil.rmtree(work, ignore_errors=True)
    (work / "out").mkdir(parents=True)
    so = work / "model.so"
    t0 = time.monotonic()
    rc, out = run([args.aicc, str(model), "-target=cpu", *pins, "-o", str(so)],
                  args.timeout)
    t_compile = time.monotonic() - t0
    if rc != 0:
        print(f"FAIL {name}: {describe(rc, 'aicc', args.timeout)}\n{indent(out)}")
        return False
    t0 = time.monotonic()
    rc, out = run([args.aicc_run, str(so), *(a for i in inputs for a in ("-i", str(i))),
                   "--output-dir", str(work / "out")], args.timeout)
    t_run = time.monotonic() - t0
    if rc != 0:
        print(f"FAIL {name}: {describe(rc, 'aicc-run', args.timeout)}\n{indent(out)}")
        return False
    got_path = work / "out" / "output_0.npy"
    if not got_path.is_file():
        print(f"FAIL {name}: aicc-run wrote no {got_path}")
        return False
    # Results must not depend on the thread count (docs/runtime.md): the
    # default run (one thread per CPU) must match 1 and 3 threads bit for bit.
    for threads in (1, 3):
        tdir = work / f"out_t{threads}"
        tdir.mkdir()
        rc, out = run([args.aicc_run, str(so), *(a for i in inputs for a in ("-i", str(i))),
                       "--threads", str(threads), "--output-dir", str(tdir)], args.timeout)
        if rc != 0:
            print(f"FAIL {name}: {describe(rc, 'aicc-run --threads', args.timeout)}\n{indent(out)}")
            return False
        if (tdir / "output_0.npy").read_bytes() != got_path.read_bytes():
            print(f"FAIL {name}: output with --threads {threads} differs from the default run")
            return False
    got = np.load(got_path)
    ref = np.load(ref_path)
    if got.shape != ref.shape:
        print(f"FAIL {name}: output shape {got.shape}, expected {ref.shape}")
        return False
    diff = np.abs(got.astype(np.float64) - ref.astype(np.float64))
    max_abs = float(diff.max())
    max_rel = float((diff / np.maximum(np.abs(ref), 1e-12)).max())
    ok = bool(np.all(diff <= ATOL + RTOL * np.abs(ref)))
    print(f"{'PASS' if ok else 'FAIL'} {name}: max abs err {max_abs:.3g}, "
          f"max rel err {max_rel:.3g} (compile {t_compile:.1f} s, run {t_run:.2f} s)")
    if ok and not args.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    return ok


def indent(text: str, n: int = 10) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()][:n]
    return "\n".join("    " + ln for ln in lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", action="append",
                   choices=sorted(export_models.MODELS) + sorted(export_models.SEQ_MODELS))
    p.add_argument("--aicc", default=str(ROOT / "build" / "bin" / "aicc"))
    p.add_argument("--aicc-run", default=str(ROOT / "build" / "bin" / "aicc-run"))
    p.add_argument("--models-dir", type=Path, default=ROOT / "build" / "models")
    p.add_argument("--work-dir", type=Path, default=ROOT / "build" / "models-work")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds per tool run")
    p.add_argument("--keep-work", action="store_true", help="keep .so and outputs of passes")
    args = p.parse_args(argv)
    args.aicc = check_tool(args.aicc, "aicc")
    args.aicc_run = check_tool(args.aicc_run, "aicc-run")

    passed = failed = 0
    for name in args.only or list(export_models.MODELS) + list(export_models.SEQ_MODELS):
        d = ensure_exported(name, args.models_dir)
        for label, pins, inputs, ref in test_cases(name, d):
            if test_model(label, d / "model.onnx", pins, inputs, ref, args):
                passed += 1
            else:
                failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
