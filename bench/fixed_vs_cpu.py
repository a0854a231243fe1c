#!/usr/bin/env python3
"""-target=fixed as software (weights as immediates) against -target=cpu on
the same QDQ int8 models, one thread, latency per inference.

  build/venv/bin/python bench/fixed_vs_cpu.py [--runs 20000] [--rounds 3] [--work-dir DIR] [--large]

Models (test/e2e/fixed/models.py, quantized with quantize_static, per-channel
7-bit weights, calibrated on the digit samples): the 3-layer MLP (64-32-16-10),
the same MLP with ternary float weights (2/3 zeros; int8 weights 0 or +-63),
and the bundled digit CNN; with --large also a 64-256-128-10 MLP (50k weights,
about 90 s to compile with -target=fixed). For each: `aicc-run M.so -i x.npy --bench RUNS
--threads 1`, alternating cpu/fixed for --rounds rounds; the median of the
rounds' medians in microseconds, the ratio, the .text bytes and the data
section bytes (.rodata*, .data*) of each .so, and each compile's seconds.
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "test/e2e/fixed"))
import models  # noqa: E402

AICC = ROOT / "build/bin/aicc"
AICC_RUN = ROOT / "build/bin/aicc-run"
SHAPES = {"mlp": (1, 64), "mlp_ternary": (1, 64), "digits_cnn": (1, 1, 8, 8)}


def ternarize(src: Path, dst: Path) -> None:
    """Every 2-d weight becomes mean|w| * sign(w) where |w| is above the
    mean, else 0 (about 2/3 zeros)."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(str(src))
    for i, t in enumerate(m.graph.initializer):
        w = numpy_helper.to_array(t)
        if w.ndim == 2:
            mag = np.abs(w).mean()
            tw = (np.sign(w) * (np.abs(w) > mag) * mag).astype(np.float32)
            m.graph.initializer[i].CopyFrom(numpy_helper.from_array(tw, t.name))
    onnx.save(m, str(dst))


def make_large_mlp(path: Path, seed: int = 0) -> None:
    """64 -> 256 (Gemm, Relu) -> 128 (Gemm, Relu) -> 10 (Gemm), float32."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(seed)
    dims = [64, 256, 128, 10]
    inits, nodes, x = [], [], "input"
    for i in range(3):
        w = (rng.standard_normal((dims[i + 1], dims[i])) / np.sqrt(dims[i])).astype(np.float32)
        b = (rng.standard_normal(dims[i + 1]) * 0.1).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        y = "output" if i == 2 else f"h{i}"
        nodes.append(helper.make_node("Gemm", [x, f"w{i}", f"b{i}"], [y], name=f"fc{i}",
                                      transB=1))
        if i < 2:
            nodes.append(helper.make_node("Relu", [y], [f"r{i}"], name=f"relu{i}"))
            x = f"r{i}"
    graph = helper.make_graph(
        nodes, "mlp_large", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 64])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))


def sections(so: Path) -> tuple[int, int]:
    """(.text bytes, .rodata* + .data* bytes)."""
    out = subprocess.run(["llvm-readelf-22", "-S", "-W", str(so)], capture_output=True,
                         text=True, check=True).stdout
    text = data = 0
    for line in out.splitlines():
        p = line.replace("[ ", "[").split()
        if len(p) > 5 and p[1] == ".text":
            text += int(p[5], 16)
        if len(p) > 5 and p[1].startswith((".rodata", ".data")):
            data += int(p[5], 16)
    return text, data


def bench(so: Path, x: Path, runs: int) -> float:
    out = subprocess.run([str(AICC_RUN), str(so), "-i", str(x), "--bench", str(runs),
                          "--threads", "1"], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"median=([0-9.]+)", out).group(1)) * 1000.0  # us


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=20000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/fixed-bench")
    p.add_argument("--large", action="store_true", help="also the 64-256-128-10 MLP")
    args = p.parse_args()
    shapes = dict(SHAPES, **({"mlp_large": (1, 64)} if args.large else {}))
    import logging
    logging.getLogger().setLevel(logging.ERROR)
    images, _ = models.load_samples()
    print(f"{'model':<12} {'cpu us':>8} {'fixed us':>9} {'fixed/cpu':>9} "
          f"{'cpu .text':>9} {'fixed .text':>11} {'cpu data':>8} {'fixed data':>10} "
          f"{'cpu build s':>11} {'fixed build s':>13}")
    for name, shape in shapes.items():
        work = args.work_dir / name
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        src = work / "float.onnx"
        if name == "mlp_large":
            make_large_mlp(src)
        elif name.startswith("mlp"):
            models.make_mlp(src)
            if name == "mlp_ternary":
                ternarize(src, src)
        else:
            shutil.copy(models.DIGITS, src)
        model = work / "model.onnx"
        models.quantize(src, model, shape, images)
        np.save(work / "x.npy", images[0].reshape(shape))
        sos = {"cpu": work / "cpu.so", "fixed": work / "fixed.so"}
        build = {}
        for target, so in sos.items():
            t0 = time.perf_counter()
            subprocess.run([str(AICC), str(model), f"-target={target}", "-o", str(so)],
                           check=True)
            build[target] = time.perf_counter() - t0
        times = {t: [] for t in sos}
        for _ in range(args.rounds):
            for t, so in sos.items():
                times[t].append(bench(so, work / "x.npy", args.runs))
        cpu, fixed = (statistics.median(times[t]) for t in ("cpu", "fixed"))
        (ct, cd), (ft, fd) = sections(sos["cpu"]), sections(sos["fixed"])
        print(f"{name:<12} {cpu:>8.3f} {fixed:>9.3f} {fixed / cpu:>9.2f} "
              f"{ct:>9} {ft:>11} {cd:>8} {fd:>10} {build['cpu']:>11.2f} {build['fixed']:>13.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
