#!/usr/bin/env python3
"""Compiles the e2e networks with aicc, runs them with aicc-run and compares
against onnxruntime's reference outputs.

  build/venv/bin/python test/e2e/models/run_models.py [--only NAME]... \
      [--aicc PATH] [--aicc-run PATH] [--models-dir build/models]

Models are exported by export_models.py into --models-dir when missing or
when the exporter changed. The token models (export_models.SEQ_MODELS) are
exported once with dynamic batch and sequence axes, compiled once with both
axes left dynamic, and that one binary runs each of their (batch, sequence)
shapes, compared with onnxruntime run on the same model at that shape; the
first shape is also compiled with its dims pinned (-input-shape=NAME:BxS per
input). The export_models.DYNAMIC_MODELS are compiled once with their batch
dim left dynamic, and that one binary runs every batch size. A last case checks that
a run whose dynamic dims disagree fails with an error naming the node. The
last line is `N passed, N failed`; exit 1 on any failure, 2 on a setup error.
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
    dyn = export_models.DYNAMIC_MODELS.get(name)
    if dyn is not None:
        return ["model.onnx"] + [f"b{b}/{f}" for b in dyn.batches
                                 for f in ("input_0.npy", "ref_output_0.npy")]
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
    """(label, pins, inputs, reference) per run: one for the static models,
    one per (batch, sequence) shape for the token models (all from one
    dynamic compile) plus their first shape with its dims pinned."""
    dyn = export_models.DYNAMIC_MODELS.get(name)
    if dyn is not None:
        return [(f"{name} b{b}", [], [d / f"b{b}" / "input_0.npy"],
                 d / f"b{b}" / "ref_output_0.npy") for b in dyn.batches]
    spec = export_models.SEQ_MODELS.get(name)
    if spec is None:
        return [(name, [], [d / "input.npy"], d / "ref_output_0.npy")]
    cases = []
    for i, (b, s) in enumerate(spec.shapes):
        c = d / export_models.case_dir(name, b, s)
        inputs = [c / f"input_{k}.npy" for k in range(len(spec.inputs))]
        cases.append((f"{name} {c.name}", [], inputs, c / "ref_output_0.npy"))
        if i == 0:
            pins = [f"-input-shape={n}:{b}x{s}" for n in spec.inputs]
            cases.append((f"{name} {c.name} pinned", pins, inputs, c / "ref_output_0.npy"))
    return cases


def test_model(label: str, model: Path, pins: list[str], inputs: list[Path],
               ref_path: Path, args) -> bool:
    name = label
    work = args.work_dir / label.replace(" ", "_")
    shutil.rmtree(work, ignore_errors=True)
    (work / "out").mkdir(parents=True)
    # One compile per (model, pins): the dynamic models' cases share it.
    key = (str(model), tuple(pins))
    so = args.compiled.get(key)
    t_compile = 0.0
    if so is None:
        so = args.work_dir / "compiled" / f"{len(args.compiled)}.so"
        so.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.monotonic()
        rc, out = run([args.aicc, str(model), "-target=cpu", *pins, "-o", str(so)],
                      args.timeout)
        t_compile = time.monotonic() - t0
        if rc != 0:
            print(f"FAIL {name}: {describe(rc, 'aicc', args.timeout)}\n{indent(out)}")
            return False
        args.compiled[key] = so
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


def compile_graph(args, name: str, graph):
    """Saves `graph` (opset 17, IR 8) in a fresh work dir and compiles it;
    returns (work dir, .so path), or None after printing the failure."""
    import onnx
    from onnx import helper

    work = args.work_dir / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(work / "model.onnx"))
    so = work / "model.so"
    rc, out = run([args.aicc, str(work / "model.onnx"), "-o", str(so)], args.timeout)
    if rc != 0:
        print(f"FAIL {name}: {describe(rc, 'aicc', args.timeout)}\n{indent(out)}")
        return None
    return work, so


def test_dynamic_mismatch(args) -> bool:
    """Two inputs share the symbolic batch dim N; a run that gives them
    different sizes must fail with an error naming the node, not crash or
    answer."""
    from onnx import TensorProto, helper

    name = "dynamic-mismatch"
    graph = helper.make_graph(
        [helper.make_node("Add", ["x", "y"], ["z"], name="add_xy")], "mismatch",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4]),
         helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, ["N", 4])])
    compiled = compile_graph(args, name, graph)
    if not compiled:
        return False
    work, so = compiled
    xs = [np.ones((2, 4), np.float32), np.ones((3, 4), np.float32)]
    for i, x in enumerate(xs):
        np.save(work / f"in{i}.npy", x)
    rc, out = run([args.aicc_run, str(so), "-i", str(work / "in0.npy"), "-i",
                   str(work / "in1.npy"), "--output-dir", str(work)], args.timeout)
    ok = rc == 1 and "add_xy (Add): dimension sizes differ" in out
    print(f"{'PASS' if ok else 'FAIL'} {name}: aicc-run exit {rc}"
          + ("" if ok else f"\n{indent(out)}"))
    # A static dim that disagrees is refused before the run; the message
    # shows the dynamic dim as '?'.
    np.save(work / "bad.npy", np.ones((2, 5), np.float32))
    rc, out = run([args.aicc_run, str(so), "-i", str(work / "bad.npy"), "-i",
                   str(work / "in0.npy"), "--output-dir", str(work)], args.timeout)
    if rc != 1 or "model expects float32[?,4], file has float32[2,5]" not in out:
        print(f"FAIL {name}: wrong static dim: exit {rc}\n{indent(out)}")
        ok = False
    # The same binary runs matching sizes.
    np.save(work / "in1.npy", np.ones((2, 4), np.float32))
    rc, out = run([args.aicc_run, str(so), "-i", str(work / "in0.npy"), "-i",
                   str(work / "in1.npy"), "--output-dir", str(work)], args.timeout)
    if rc != 0 or not np.array_equal(np.load(work / "output_0.npy"),
                                     np.full((2, 4), 2, np.float32)):
        print(f"FAIL {name}: matching sizes: exit {rc}\n{indent(out)}")
        ok = False
    if ok and not args.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    return ok


def test_runtime_shape_input(args) -> bool:
    """Reshape's 'shape' is a graph input and the output's shape is declared:
    aicc compiles for the declared shape, and a run whose 'shape' disagrees
    must fail naming the node; agreeing values (with -1 and 0) must work."""
    from onnx import TensorProto, helper

    name = "runtime-shape-input"
    graph = helper.make_graph(
        [helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape_xs")], "rt_shape",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3]),
         helper.make_tensor_value_info("s", TensorProto.INT64, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 2])])
    compiled = compile_graph(args, name, graph)
    if not compiled:
        return False
    work, so = compiled
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.save(work / "x.npy", x)
    ok = True
    for shape, good in (([3, 2], True), ([-1, 2], True), ([3, -1], True),
                        ([6, 1], False), ([-1, -1], False)):
        np.save(work / "s.npy", np.array(shape, np.int64))
        rc, out = run([args.aicc_run, str(so), "-i", str(work / "x.npy"), "-i",
                       str(work / "s.npy"), "--output-dir", str(work)], args.timeout)
        if good:
            here = rc == 0 and np.array_equal(np.load(work / "output_0.npy"),
                                              x.reshape(3, 2))
        else:
            here = rc == 1 and ("reshape_xs (Reshape): the 'shape' input does not give "
                                "the declared output shape 3x2") in out
        if not here:
            print(f"FAIL {name}: shape {shape}: aicc-run exit {rc}\n{indent(out)}")
        ok = ok and here
    if ok:
        print(f"PASS {name}: good shapes run, bad ones fail at the node")
        if not args.keep_work:
            shutil.rmtree(work, ignore_errors=True)
    return ok


def indent(text: str, n: int = 10) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()][:n]
    return "\n".join("    " + ln for ln in lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    names = (list(export_models.MODELS) + list(export_models.SEQ_MODELS)
             + list(export_models.DYNAMIC_MODELS))
    p.add_argument("--only", action="append", choices=sorted(names))
    p.add_argument("--aicc", default=str(ROOT / "build" / "bin" / "aicc"))
    p.add_argument("--aicc-run", default=str(ROOT / "build" / "bin" / "aicc-run"))
    p.add_argument("--models-dir", type=Path, default=ROOT / "build" / "models")
    p.add_argument("--work-dir", type=Path, default=ROOT / "build" / "models-work")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds per tool run")
    p.add_argument("--keep-work", action="store_true", help="keep .so and outputs of passes")
    args = p.parse_args(argv)
    args.aicc = check_tool(args.aicc, "aicc")
    args.aicc_run = check_tool(args.aicc_run, "aicc-run")

    args.compiled = {}
    passed = failed = 0
    for name in args.only or names:
        d = ensure_exported(name, args.models_dir)
        for label, pins, inputs, ref in test_cases(name, d):
            if test_model(label, d / "model.onnx", pins, inputs, ref, args):
                passed += 1
            else:
                failed += 1
    if not args.only:
        for check in (test_dynamic_mismatch, test_runtime_shape_input):
            if check(args):
                passed += 1
            else:
                failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
