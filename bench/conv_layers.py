#!/usr/bin/env python3
"""Per-layer view of the CPU contraction kernels: single-Conv/MatMul ONNX
models with the shapes of ResNet-50, MobileNetV2 and BERT layers, compiled by
aicc and timed against onnxruntime (1 thread unless --threads) in one run.

  build/venv/bin/python bench/conv_layers.py [--runs 50] [--filter SUBSTR] [--threads 1] [--bin DIR]

--bin takes aicc and aicc-run from DIR instead of build/bin (a copy of the
tools keeps a run steady while the shared build directory is rebuilt, and
lets two builds be compared).

Prints, per layer: MFLOP, aicc and ORT ms (median of 3 alternating rounds of
--runs runs, each round's median), aicc/ORT, aicc GFLOP/s.
"""
from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "build" / "bin"

# name: (C, H, W, M, k, stride, pad, group)
CONVS = {
    "r50.stem 7x7/2": (3, 224, 224, 64, 7, 2, 3, 1),
    "r50.l1 1x1 64->64": (64, 56, 56, 64, 1, 1, 0, 1),
    "r50.l1 3x3 64": (64, 56, 56, 64, 3, 1, 1, 1),
    "r50.l1 1x1 64->256": (64, 56, 56, 256, 1, 1, 0, 1),
    "r50.l2 3x3/2 128": (128, 56, 56, 128, 3, 2, 1, 1),
    "r50.l2 3x3 128": (128, 28, 28, 128, 3, 1, 1, 1),
    "r50.l3 3x3 256": (256, 14, 14, 256, 3, 1, 1, 1),
    "r50.l3 1x1 1024->256": (1024, 14, 14, 256, 1, 1, 0, 1),
    "r50.l4 3x3 512": (512, 7, 7, 512, 3, 1, 1, 1),
    "r50.l4 1x1 512->2048": (512, 7, 7, 2048, 1, 1, 0, 1),
    "r50.l4 1x1 2048->512": (2048, 7, 7, 512, 1, 1, 0, 1),
    "r50.l4 3x3/2 512": (512, 14, 14, 512, 3, 2, 1, 1),
    "r50.l3 1x1/2 512->1024": (512, 28, 28, 1024, 1, 2, 0, 1),
    "mnv2 dw 3x3 96 /2": (96, 112, 112, 96, 3, 2, 1, 96),
    "mnv2 dw 3x3 144": (144, 56, 56, 144, 3, 1, 1, 144),
    "mnv2 1x1 144->24": (144, 56, 56, 24, 1, 1, 0, 1),
    "mnv2 stem 3x3/2 32": (3, 224, 224, 32, 3, 2, 1, 1),
    "mnv2 1x1 16->96 112x112": (16, 112, 112, 96, 1, 1, 0, 1),
    "mnv2 1x1 320->1280 7x7": (320, 7, 7, 1280, 1, 1, 0, 1),
    "mnv2 1x1 960->320 7x7": (960, 7, 7, 320, 1, 1, 0, 1),
}
# name: (M, K, N)
MATMULS = {
    "bert 128x768x768": (128, 768, 768),
    "bert 128x768x3072": (128, 768, 3072),
    "mlp 1x784x256": (1, 784, 256),
}


def conv_model(c, h, w, m, k, s, p, g):
    rng = np.random.default_rng(0)
    wt = numpy_helper.from_array(rng.standard_normal((m, c // g, k, k)).astype(np.float32) * 0.1, "w")
    bias = numpy_helper.from_array(rng.standard_normal(m).astype(np.float32), "b")
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], kernel_shape=[k, k],
                            strides=[s, s], pads=[p] * 4, group=g, name="conv")
    oh = (h + 2 * p - k) // s + 1
    ow = (w + 2 * p - k) // s + 1
    graph = helper.make_graph(
        [node], "layer", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c, h, w])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, m, oh, ow])], [wt, bias])
    flops = 2 * m * oh * ow * (c // g) * k * k
    return graph, (1, c, h, w), flops


def matmul_model(m, k, n):
    rng = np.random.default_rng(0)
    wt = numpy_helper.from_array(rng.standard_normal((k, n)).astype(np.float32) * 0.1, "w")
    node = helper.make_node("MatMul", ["x", "w"], ["y"], name="matmul")
    graph = helper.make_graph(
        [node], "layer", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [m, k])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [m, n])], [wt])
    return graph, (m, k), 2 * m * k * n


def time_aicc(so: Path, x: Path, runs: int, threads: int) -> float:
    out = subprocess.run([str(BIN / "aicc-run"), str(so), "-i", str(x), "--bench", str(runs),
                          "--threads", str(threads)],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"median=([0-9.]+)", out).group(1))


def time_ort(path: Path, x: np.ndarray, runs: int, threads: int) -> float:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    name = sess.get_inputs()[0].name
    sess.run(None, {name: x})
    t = []
    for _ in range(runs):
        t0 = time.perf_counter()
        sess.run(None, {name: x})
        t.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(t)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--filter", default="")
    ap.add_argument("--threads", type=int, default=1,
                    help="threads for both engines (aicc-run --threads, ORT intra-op)")
    ap.add_argument("--bin", type=Path, default=ROOT / "build" / "bin",
                    help="directory holding aicc and aicc-run (default build/bin)")
    args = ap.parse_args()
    global BIN
    BIN = args.bin.resolve()
    layers = [(n, conv_model(*v)) for n, v in CONVS.items()]
    layers += [(n, matmul_model(*v)) for n, v in MATMULS.items()]
    print(f"{'layer':24} {'MFLOP':>8} {'aicc ms':>9} {'ORT ms':>9} {'aicc/ORT':>9} {'aicc GFLOP/s':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (graph, shape, flops) in layers:
            if args.filter not in name:
                continue
            d = Path(tmp)
            model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
            model.ir_version = 8
            path = d / "m.onnx"
            onnx.save(model, path)
            x = np.random.default_rng(1).standard_normal(shape).astype(np.float32)
            np.save(d / "x.npy", x)
            subprocess.run([str(BIN / "aicc"), str(path), "-o", str(d / "m.so")], check=True)
            # Alternating rounds, so both engines see the same background load.
            rounds = [(time_aicc(d / "m.so", d / "x.npy", args.runs, args.threads),
                       time_ort(path, x, args.runs, args.threads)) for _ in range(3)]
            a = statistics.median(r[0] for r in rounds)
            o = statistics.median(r[1] for r in rounds)
            print(f"{name:24} {flops / 1e6:8.1f} {a:9.3f} {o:9.3f} {a / o:9.2f} {flops / a / 1e6:13.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
