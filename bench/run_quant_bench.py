#!/usr/bin/env python3
"""Quantized (QDQ) models: aicc vs aicc fp32 vs onnxruntime, in one run.

  build/venv/bin/python bench/run_quant_bench.py [--threads 1,2] [--rounds 15] [--runs 200] \
      [--models mlp,conv_zoo] [--before DIR]

For each model of test/e2e/models/export_models.py (mlp, conv_zoo), the
fp32 model and its QDQ version (run_quantized.quantize: quantize_static,
int8 activations, per-channel int8 weights, reduce_range) are compiled
with build/bin/aicc and timed side by side with onnxruntime (ORT_ENABLE_ALL,
so its QLinearConv/QGemm kernels, intra_op_num_threads=T, one inter-op
thread) on the same input. Rounds alternate between the engines: one round
is `aicc-run --bench RUNS --threads T` for each aicc library (its median is
the sample) and RUNS timed `session.run` calls per onnxruntime session
(their median). The table gives the median over rounds, and ratios of
those medians. `--before DIR` adds a column for libraries compiled by an
older aicc: DIR/<model>_qdq/model.so (run_quantized.py's --work-dir layout).
`--ptq` adds aicc's own quantization of the fp32 model: `-quantize=int8
-calibration=DIR` (4 random calibration samples, seed 0, as run_quantized.py
feeds quantize_static) and `-quantize=dynamic`.
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
sys.path.insert(0, str(ROOT / "test/e2e/models"))
import export_models  # noqa: E402
import run_quantized  # noqa: E402


def aicc_ms(so: Path, x: Path, runs: int, threads: int) -> float:
    out = subprocess.run([str(ROOT / "build/bin/aicc-run"), str(so), "-i", str(x), "--bench",
                          str(runs), "--threads", str(threads)],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"median=([0-9.]+)", out).group(1))


def ort_session(model: Path, threads: int):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.log_severity_level = 3
    return ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])


def ort_ms(sess, x: np.ndarray, runs: int) -> float:
    feed = {"input": x}
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
    p.add_argument("--threads", default="1,2")
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--models", default="mlp,conv_zoo")
    p.add_argument("--before", type=Path)
    p.add_argument("--ptq", action="store_true",
                   help="also time aicc -quantize=int8 and -quantize=dynamic builds")
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/bench/quant")
    args = p.parse_args(argv)
    import logging
    logging.getLogger().setLevel(logging.ERROR)
    rows = []
    for name in args.models.split(","):
        work = args.work_dir / name
        work.mkdir(parents=True, exist_ok=True)
        src = ROOT / "build/models" / name / "model.onnx"
        if not src.exists():
            export_models.export_one(name, ROOT / "build/models")
        shape = export_models.MODELS[name][1]
        qdq = work / "qdq.onnx"
        run_quantized.quantize(src, qdq, shape)
        x = np.random.default_rng(1).standard_normal(shape).astype(np.float32)
        xin = work / "input.npy"
        np.save(xin, x)
        libs = {}
        for label, model in (("fp32", src), ("qdq", qdq)):
            libs[label] = work / f"{label}.so"
            subprocess.run([str(ROOT / "build/bin/aicc"), str(model), "-o", str(libs[label])],
                           check=True)
        if args.ptq:
            rng = np.random.default_rng(0)
            for i in range(4):
                (work / "cal" / str(i)).mkdir(parents=True, exist_ok=True)
                np.save(work / "cal" / str(i) / "input_0.npy",
                        rng.standard_normal(shape).astype(np.float32))
            for mode in ("int8", "dynamic"):
                libs[mode] = work / f"{mode}.so"
                subprocess.run([str(ROOT / "build/bin/aicc"), str(src), "-o", str(libs[mode]),
                                f"-quantize={mode}", f"-calibration={work / 'cal'}"],
                               check=True, stdout=subprocess.DEVNULL)
        if args.before:
            libs["before"] = args.before / f"{name}_qdq" / "model.so"
        for t in (int(v) for v in args.threads.split(",")):
            sessions = {"fp32": ort_session(src, t), "qdq": ort_session(qdq, t)}
            samples = {k: [] for k in [*(f"aicc_{l}" for l in libs), "ort_fp32", "ort_qdq"]}
            for _ in range(args.rounds):
                for label, so in libs.items():
                    samples[f"aicc_{label}"].append(aicc_ms(so, xin, args.runs, t))
                for label, sess in sessions.items():
                    samples[f"ort_{label}"].append(ort_ms(sess, x, args.runs))
            med = {k: float(np.median(v)) for k, v in samples.items()}
            rows.append((name, t, med))
    load = os.getloadavg()[0]
    cols = ["aicc_before"] if args.before else []
    cols += ["aicc_qdq", "aicc_fp32", "ort_qdq", "ort_fp32"]
    cols += ["aicc_int8", "aicc_dynamic"] if args.ptq else []
    print(f"threads {args.threads}, {args.rounds} rounds x {args.runs} runs, "
          f"load average {load:.1f}, median of round medians (ms)")
    print("| model | threads | " + " | ".join(c.replace("_", " ") for c in cols) +
          " | aicc qdq / aicc fp32 | aicc qdq / ort qdq |" +
          (" aicc int8 / aicc fp32 | aicc int8 / ort qdq | aicc dynamic / aicc fp32 |"
           if args.ptq else ""))
    print("|---" * (len(cols) + 4 + (3 if args.ptq else 0)) + "|")
    for name, t, med in rows:
        cells = " | ".join(f"{med[c]:.4f}" for c in cols)
        ptq = (f" {med['aicc_int8'] / med['aicc_fp32']:.2f} | "
               f"{med['aicc_int8'] / med['ort_qdq']:.2f} | "
               f"{med['aicc_dynamic'] / med['aicc_fp32']:.2f} |" if args.ptq else "")
        print(f"| {name} | {t} | {cells} | {med['aicc_qdq'] / med['aicc_fp32']:.2f} | "
              f"{med['aicc_qdq'] / med['ort_qdq']:.2f} |" + ptq)
    return 0


if __name__ == "__main__":
    sys.exit(main())
