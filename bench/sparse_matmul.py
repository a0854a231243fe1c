#!/usr/bin/env python3
"""Sparse weights: aicc sparse kernel vs aicc dense vs onnxruntime, in one run.

  build/venv/bin/python bench/sparse_matmul.py [--threads 1,2] [--rounds 5] [--runs 50] \
      [--shapes mlp1,mlp64,ff1,ff] [--sparsity 0.5,0.7,0.8,0.9,0.95,2:4]

Each shape is a small ONNX model with f32 weights from a seeded normal
distribution, magnitude-pruned in numpy as `aicc -prune` does it
(unstructured F: the fraction F of smallest magnitudes zeroed; 2:4: the two
largest of every four along K kept):

  mlp1   1x784 -> MatMul 784x256 + bias -> ReLU (one image, the MLP's first layer)
  mlp64  64x784 -> MatMul 784x256 + bias -> ReLU (a batch of 64)
  ff1    128x768 -> MatMul 768x3072 + bias (BERT-base's first FF product, 128 tokens)
  ff     128x768 -> MatMul 768x3072 + bias -> ReLU -> MatMul 3072x768 + bias
         (a BERT-base feed-forward block, ReLU in place of GELU)

Each model is compiled twice with build/bin/aicc: `-sparsity=off` (the
dense packed kernels) and `-sparsity=always` (the sparse kernel for every
product whatever its zero fraction, to find the crossover). Rounds
alternate between the engines: one round is `aicc-run --bench RUNS
--threads T` per library (its median is the sample) and RUNS timed
`session.run` calls of onnxruntime (ORT_ENABLE_ALL, intra_op_num_threads=T;
its median). The table gives the median over rounds in ms and the ratio
dense / sparse (> 1: the sparse kernel is faster).
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
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parents[1]

# name: (input shape, [(K, N, relu)] layers)
SHAPES = {
    "mlp1": ((1, 784), [(784, 256, True)]),
    "mlp64": ((64, 784), [(784, 256, True)]),
    "ff1": ((128, 768), [(768, 3072, False)]),
    "ff": ((128, 768), [(768, 3072, True), (3072, 768, False)]),
}


def prune(w: np.ndarray, spec: str) -> np.ndarray:
    w = w.copy()
    if spec == "0":
        return w
    if ":" in spec:  # N:M along K (axis 0 of a [K, N] weight)
        n, m = (int(v) for v in spec.split(":"))
        k = w.shape[0] - w.shape[0] % m
        g = w[:k].reshape(k // m, m, -1)
        order = np.argsort(-np.abs(g), axis=1, kind="stable")
        mask = np.zeros_like(g, dtype=bool)
        np.put_along_axis(mask, order[:, :n, :], True, axis=1)
        w[:k] = np.where(mask, g, 0).reshape(k, -1)
        return w
    count = int(float(spec) * w.size)
    flat = w.reshape(-1)
    flat[np.argsort(np.abs(flat), kind="stable")[:count]] = 0
    return w


def make_model(shape_name: str, spec: str, path: Path) -> None:
    in_shape, layers = SHAPES[shape_name]
    rng = np.random.default_rng(0)
    nodes, inits = [], []
    cur = "input"
    for i, (k, n, relu) in enumerate(layers):
        w = prune(rng.standard_normal((k, n)).astype(np.float32) / np.sqrt(k), spec)
        b = rng.standard_normal(n).astype(np.float32) * 0.1
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        nodes.append(helper.make_node("MatMul", [cur, f"w{i}"], [f"mm{i}"], name=f"fc{i}"))
        out = "out" if i == len(layers) - 1 else f"y{i}"
        added = f"a{i}" if relu else out
        nodes.append(helper.make_node("Add", [f"mm{i}", f"b{i}"], [added], name=f"bias{i}"))
        if relu:
            nodes.append(helper.make_node("Relu", [added], [out], name=f"relu{i}"))
        cur = out
    n_out = layers[-1][1]
    graph = helper.make_graph(
        nodes, shape_name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, in_shape)],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, (in_shape[0], n_out))], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))


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
    for _ in range(3):
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
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--shapes", default="mlp1,mlp64,ff1,ff")
    p.add_argument("--sparsity", default="0.5,0.7,0.8,0.9,0.95,2:4")
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/bench/sparse")
    args = p.parse_args(argv)
    rows = []
    for shape_name in args.shapes.split(","):
        for spec in args.sparsity.split(","):
            work = args.work_dir / f"{shape_name}_{spec.replace(':', '-')}"
            work.mkdir(parents=True, exist_ok=True)
            model = work / "model.onnx"
            make_model(shape_name, spec, model)
            x = np.random.default_rng(1).standard_normal(SHAPES[shape_name][0]).astype(np.float32)
            xin = work / "input.npy"
            np.save(xin, x)
            libs = {}
            for mode in ("off", "always"):
                libs[mode] = work / f"{mode}.so"
                subprocess.run([str(ROOT / "build/bin/aicc"), str(model), f"-sparsity={mode}",
                                "-o", str(libs[mode])], check=True)
            for t in (int(v) for v in args.threads.split(",")):
                sess = ort_session(model, t)
                samples = {"dense": [], "sparse": [], "ort": []}
                for _ in range(args.rounds):
                    samples["dense"].append(aicc_ms(libs["off"], xin, args.runs, t))
                    samples["sparse"].append(aicc_ms(libs["always"], xin, args.runs, t))
                    samples["ort"].append(ort_ms(sess, x, args.runs))
                med = {k: float(np.median(v)) for k, v in samples.items()}
                rows.append((shape_name, spec, t, med))
                print(f"{shape_name} {spec} T={t}: " +
                      " ".join(f"{k}={v:.4f}" for k, v in med.items()), file=sys.stderr)
    load = os.getloadavg()[0]
    print(f"threads {args.threads}, {args.rounds} rounds x {args.runs} runs, "
          f"load average {load:.1f}, median of round medians (ms)")
    print("| shape | sparsity | threads | aicc dense | aicc sparse | onnxruntime | "
          "dense / sparse | sparse / onnxruntime |")
    print("|---|---|---|---|---|---|---|---|")
    for shape_name, spec, t, med in rows:
        print(f"| {shape_name} | {spec} | {t} | {med['dense']:.4f} | {med['sparse']:.4f} | "
              f"{med['ort']:.4f} | {med['dense'] / med['sparse']:.2f} | "
              f"{med['sparse'] / med['ort']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
