#!/usr/bin/env python3
"""Dynamic int8 quantization: aicc -quantize=dynamic vs onnxruntime quantize_dynamic.

  build/venv/bin/python bench/run_dynamic_bench.py [--model bert] [--case b1_s33] \
      [--threads 1,2] [--rounds 9] [--runs 100]

The fp32 model (test/e2e/models/export_models.py, e.g. the small BERT encoder)
is compiled by aicc with its inputs pinned to the case's shapes, once as is and
once with -quantize=dynamic; onnxruntime runs the fp32 model and the model
written by onnxruntime.quantization.quantize_dynamic (int8 weights per channel,
ORT_ENABLE_ALL, so its DynamicQuantizeLinear + MatMulInteger / fused kernels).
Rounds alternate between the engines: `aicc-run --bench RUNS --threads T` per
aicc library (its median is the sample) and RUNS timed `session.run` calls per
onnxruntime session (their median). The table gives the median over rounds (ms)
and ratios of those medians, plus each quantized output's max |error| against
its engine's fp32 output on the case's input.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def aicc_ms(so: Path, inputs: list[Path], runs: int, threads: int) -> float:
    cmd = [str(ROOT / "build/bin/aicc-run"), str(so)]
    for p in inputs:
        cmd += ["-i", str(p)]
    out = subprocess.run(cmd + ["--bench", str(runs), "--threads", str(threads)],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"median=([0-9.]+)", out).group(1))


def aicc_out(so: Path, inputs: list[Path], work: Path) -> np.ndarray:
    cmd = [str(ROOT / "build/bin/aicc-run"), str(so)]
    for p in inputs:
        cmd += ["-i", str(p)]
    subprocess.run(cmd + ["--output-dir", str(work / "out")], check=True, capture_output=True)
    return np.load(work / "out" / "output_0.npy")


def ort_session(model: Path, threads: int):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.log_severity_level = 3
    return ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])


def ort_ms(sess, feed: dict, runs: int) -> float:
    for _ in range(5):
        sess.run(None, feed)
    t = []
    for _ in range(runs):
        t0 = time.perf_counter()
        sess.run(None, feed)
        t.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(t))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="bert")
    p.add_argument("--case", default="b1_s33")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--rounds", type=int, default=9)
    p.add_argument("--runs", type=int, default=100)
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/bench/dynamic")
    args = p.parse_args(argv)
    import logging
    logging.getLogger().setLevel(logging.ERROR)  # quantize_dynamic's pre-processing hint
    from onnxruntime.quantization import QuantType, quantize_dynamic
    src = ROOT / "build/models" / args.model / "model.onnx"
    case = ROOT / "build/models" / args.model / args.case
    work = args.work_dir / args.model
    work.mkdir(parents=True, exist_ok=True)
    inputs = sorted(case.glob("input_*.npy"))
    import onnx
    names = [i.name for i in onnx.load(str(src)).graph.input]
    feed = {n: np.load(f) for n, f in zip(names, inputs)}
    pins = [f"-input-shape={n}:{'x'.join(map(str, v.shape))}" for n, v in feed.items()]
    libs = {"fp32": work / "fp32.so", "dynamic": work / "dynamic.so"}
    for label, so in libs.items():
        extra = ["-quantize=dynamic"] if label == "dynamic" else []
        subprocess.run([str(ROOT / "build/bin/aicc"), str(src), "-o", str(so), *pins, *extra],
                       check=True, stdout=subprocess.DEVNULL)
    ort_q = work / "ort_dynamic.onnx"
    quantize_dynamic(str(src), str(ort_q), per_channel=True, weight_type=QuantType.QInt8)
    ref = {"aicc": aicc_out(libs["fp32"], inputs, work),
           "ort": ort_session(src, 1).run(None, feed)[0]}
    err_aicc = float(np.abs(aicc_out(libs["dynamic"], inputs, work) - ref["aicc"]).max())
    err_ort = float(np.abs(ort_session(ort_q, 1).run(None, feed)[0] - ref["ort"]).max())
    rows = []
    for t in (int(v) for v in args.threads.split(",")):
        sessions = {"fp32": ort_session(src, t), "dynamic": ort_session(ort_q, t)}
        samples = {k: [] for k in ("aicc_fp32", "aicc_dynamic", "ort_fp32", "ort_dynamic")}
        for _ in range(args.rounds):
            for label, so in libs.items():
                samples[f"aicc_{label}"].append(aicc_ms(so, inputs, args.runs, t))
            for label, sess in sessions.items():
                samples[f"ort_{label}"].append(ort_ms(sess, feed, args.runs))
        rows.append((t, {k: float(np.median(v)) for k, v in samples.items()}))
    print(f"{args.model} {args.case}, {args.rounds} rounds x {args.runs} runs, load average "
          f"{os.getloadavg()[0]:.1f}, median of round medians (ms); max |error| vs own fp32: "
          f"aicc dynamic {err_aicc:.3g}, onnxruntime dynamic {err_ort:.3g} "
          f"(max |fp32| {float(np.abs(ref['ort']).max()):.3g})")
    print("| threads | aicc fp32 | aicc dynamic | ort fp32 | ort dynamic | "
          "aicc dynamic / ort dynamic | aicc dynamic / aicc fp32 |")
    print("|---|---|---|---|---|---|---|")
    for t, m in rows:
        print(f"| {t} | {m['aicc_fp32']:.3f} | {m['aicc_dynamic']:.3f} | {m['ort_fp32']:.3f} | "
              f"{m['ort_dynamic']:.3f} | {m['aicc_dynamic'] / m['ort_dynamic']:.2f} | "
              f"{m['aicc_dynamic'] / m['aicc_fp32']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
