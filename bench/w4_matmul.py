#!/usr/bin/env python3
"""4-bit blocked weights at batch 1: aicc vs onnxruntime MatMulNBits, side by side.

  build/venv/bin/python bench/w4_matmul.py [--layers 2] [--threads 1,2] [--rounds 5] [--runs 50]

The model is the MatMuls of GPT-2-small decoder blocks at batch 1 (one token):
per layer, x [1, 768] goes through the attention's QKV (768 x 2304, the first
768 outputs kept) and output projection (768 x 768), and the MLP (768 x 3072,
then 3072 x 768), summed into the next layer's x: 7.1 M weights per layer
(28 MB f32, 3.5 MB int4). The f32 model is quantized once by onnxruntime's
MatMulNBits quantizer (4 bits, block 32, asymmetric), and that one file is
what both engines run: aicc compiles it (aicc.packed_matmul_int4, weights kept
4-bit), onnxruntime runs it with accuracy_level 0 (fp32 compute, the same
arithmetic as aicc) and, for reference, 4 (activations quantized to int8 per
block); onnxruntime's f32 run of the unquantized model for reference. aicc's f32 build of the unquantized model is the baseline the 4-bit
weights should beat (the product is bound by reading weights). Rounds
alternate the engines; the table has the median of the round medians (ms)
and the ratio aicc w4 / onnxruntime MatMulNBits (fp32 compute).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from sparse_matmul import aicc_ms, ort_ms, ort_session  # noqa: E402

D = 768


def gpt2_matmuls(layers: int, seed: int = 0) -> onnx.ModelProto:
    rng = np.random.default_rng(seed)
    inits, nodes = [], []

    def weight(name, k, n):
        inits.append(numpy_helper.from_array(
            (rng.standard_normal((k, n)) / np.sqrt(k)).astype(np.float32), name))
        return name

    inits.append(numpy_helper.from_array(np.array([0], np.int64), "s0"))
    inits.append(numpy_helper.from_array(np.array([D], np.int64), "s1"))
    inits.append(numpy_helper.from_array(np.array([1], np.int64), "ax"))
    x = "input"
    for l in range(layers):
        p = f"l{l}_"
        nodes += [
            helper.make_node("MatMul", [x, weight(p + "qkv", D, 3 * D)], [p + "qkv_out"]),
            helper.make_node("Slice", [p + "qkv_out", "s0", "s1", "ax"], [p + "q"]),
            helper.make_node("MatMul", [p + "q", weight(p + "proj", D, D)], [p + "attn"]),
            helper.make_node("MatMul", [x, weight(p + "fc", D, 4 * D)], [p + "h"]),
            helper.make_node("MatMul", [p + "h", weight(p + "fc_proj", 4 * D, D)], [p + "mlp"]),
            helper.make_node("Add", [p + "attn", p + "mlp"], [p + "y"]),
        ]
        x = p + "y"
    nodes.append(helper.make_node("Identity", [x], ["out"]))
    graph = helper.make_graph(
        nodes, "gpt2_matmuls", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, D])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, D])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def nbits(model: onnx.ModelProto, accuracy_level: int) -> onnx.ModelProto:
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer
    q = MatMulNBitsQuantizer(model, block_size=32, is_symmetric=False, bits=4,
                             accuracy_level=accuracy_level)
    q.process()
    return q.model.model


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--threads", default="1,2")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/bench-w4")
    p.add_argument("--aicc-flags", default="", help="extra aicc flags, e.g. -mattr=-avx512f")
    args = p.parse_args(argv)
    work = args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    f32 = gpt2_matmuls(args.layers)
    paths = {"f32": work / "f32.onnx", "w4": work / "w4.onnx", "w4_acc4": work / "w4_acc4.onnx"}
    onnx.save(f32, paths["f32"])
    onnx.save(nbits(f32, 0), paths["w4"])
    onnx.save(nbits(f32, 4), paths["w4_acc4"])
    x = np.random.default_rng(1).standard_normal((1, D)).astype(np.float32)
    np.save(work / "x.npy", x)
    sos = {}
    for name in ("f32", "w4"):
        sos[name] = work / f"aicc_{name}.so"
        subprocess.run([str(ROOT / "build/bin/aicc"), str(paths[name]), "-o", str(sos[name]),
                        *args.aicc_flags.split()], check=True)
    check = ort_session(paths["w4"], 1).run(None, {"input": x})[0]
    out = work / "out"
    subprocess.run([str(ROOT / "build/bin/aicc-run"), str(sos["w4"]), "-i", str(work / "x.npy"),
                    "--output-dir", str(out)], check=True, capture_output=True)
    err = np.abs(np.load(out / "output_0.npy") - check).max() / np.abs(check).max()
    print(f"aicc w4 vs onnxruntime w4 on the same input: max |diff| / max |ort| = {err:.2g}")
    print(f"GPT-2-small MatMuls, {args.layers} layer(s), batch 1; "
          f"{args.rounds} rounds x {args.runs} runs, medians of round medians (ms)")
    print("| threads | aicc f32 | aicc w4 | ort f32 | ort w4 (acc 0) | ort w4 (acc 4) | "
          "aicc w4 / ort w4 (acc 0) | aicc w4 / ort acc 4 | aicc w4 / aicc f32 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for threads in [int(t) for t in args.threads.split(",")]:
        sess = {k: ort_session(paths[k], threads) for k in ("f32", "w4", "w4_acc4")}
        t = {k: [] for k in ("aicc_f32", "aicc_w4", "ort_w4", "ort_acc4", "ort_f32")}
        for _ in range(args.rounds):
            t["aicc_f32"].append(aicc_ms(sos["f32"], work / "x.npy", args.runs, threads))
            t["ort_w4"].append(ort_ms(sess["w4"], x, args.runs))
            t["aicc_w4"].append(aicc_ms(sos["w4"], work / "x.npy", args.runs, threads))
            t["ort_acc4"].append(ort_ms(sess["w4_acc4"], x, args.runs))
            t["ort_f32"].append(ort_ms(sess["f32"], x, args.runs))
        m = {k: float(np.median(v)) for k, v in t.items()}
        print(f"| {threads} | {m['aicc_f32']:.4f} | {m['aicc_w4']:.4f} | {m['ort_f32']:.4f} | "
              f"{m['ort_w4']:.4f} | "
              f"{m['ort_acc4']:.4f} | **{m['aicc_w4'] / m['ort_w4']:.2f}** | "
              f"{m['aicc_w4'] / m['ort_acc4']:.2f} | {m['aicc_w4'] / m['aicc_f32']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
