#!/usr/bin/env python3
"""What a burned-in ternary transformer costs: per-layer synthesis of aicc's
-target=fixed Verilog, extrapolated to a 1B-parameter model.

  build/venv/bin/python bench/fixed_projection.py [--sizes 16,32,64]
      [--flow ice40] [--zero-fraction 0.33] [--timeout 1800] [--work-dir DIR]

A transformer layer of width D holds its weights in six matrices: Q, K, V
and the output projection (D x D each) and the feed-forward pair (D x 4D,
4D x D), 12 D^2 weights. Burned into logic, each is a layer of constant dot
products: with ternary weights ({-1, 0, +1} times a per-channel scale, as
BitNet b1.58 trains them) every non-zero weight is one addition or
subtraction of an input, and each output ends in a requantizer.

For each width d in --sizes this script builds a QDQ int8 model of one
d x d ternary MatMul (seeded random codes, --zero-fraction of them zero,
per-channel weight scales, int8 activations), compiles it with
`aicc M.onnx -target=fixed -emit=verilog` at reuse 1, synthesizes it with
`scripts/fixed-synth.py --flow FLOW` (yosys), and reads LUTs, carry cells,
flip-flops and the latency from report.json. A least-squares fit
LUTs = a * nonzero_weights + b * outputs then prices a non-zero weight
(the adder tree) and an output (requantizer and register), and the fit is
extrapolated to a D = 2048, 20-layer stack (12 * 2048^2 * 20 = 1.007e9
weights), the size class of the 1B models that weight-on-die designs
claim.

What the projection leaves out, and says so in its output: attention's
activation x activation products and softmax, LayerNorm, embeddings and the
KV cache (not constant weights, and not something -target=fixed builds);
routing between layers; and that a 2048-wide adder tree is deeper than the
synthesized ones (log2 growth in levels, which costs pipeline registers,
not LUTs). Prints a table and the commands; writes nothing into docs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parents[1]
D_MODEL, N_LAYERS = 2048, 20


def ternary_model(d: int, zero_fraction: float, path: Path) -> int:
    """x [1, d] -> Q -> DQ -> MatMul(DQ(ternary int8 W [d, d], per-column
    scales)) -> Q -> DQ; returns the non-zero weight count."""
    rng = np.random.default_rng(d)
    codes = rng.choice([-1, 0, 1], size=(d, d),
                       p=[(1 - zero_fraction) / 2, zero_fraction, (1 - zero_fraction) / 2])
    w_scale = rng.uniform(0.01, 0.02, size=d).astype(np.float32)
    x_scale = np.float32(1 / 64)
    # The product's range: about 3 sqrt(d) input steps of 127 over int8's 127.
    y_scale = np.float32(x_scale * w_scale.mean() * np.sqrt(d) * 3)
    zp = lambda name, shape=(): numpy_helper.from_array(  # noqa: E731
        np.zeros(shape, np.int8), name)
    inits = [
        numpy_helper.from_array(np.array(x_scale), "x_scale"), zp("x_zp"),
        numpy_helper.from_array(codes.astype(np.int8), "w_q"),
        numpy_helper.from_array(w_scale, "w_scale"), zp("w_zp", (d,)),
        numpy_helper.from_array(np.array(y_scale), "y_scale"), zp("y_zp"),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_scale", "x_zp"], ["xq"], name="x_q"),
        helper.make_node("DequantizeLinear", ["xq", "x_scale", "x_zp"], ["xd"], name="x_dq"),
        helper.make_node("DequantizeLinear", ["w_q", "w_scale", "w_zp"], ["w"], name="w_dq",
                         axis=1),
        helper.make_node("MatMul", ["xd", "w"], ["y"], name="ternary_matmul"),
        helper.make_node("QuantizeLinear", ["y", "y_scale", "y_zp"], ["yq"], name="y_q"),
        helper.make_node("DequantizeLinear", ["yq", "y_scale", "y_zp"], ["out"], name="y_dq"),
    ]
    graph = helper.make_graph(
        nodes, f"ternary_{d}", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, d])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, d])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return int(np.count_nonzero(codes))


def measure(d: int, args) -> dict:
    work = args.work_dir / f"d{d}"
    work.mkdir(parents=True, exist_ok=True)
    model, out = work / "model.onnx", work / "rtl"
    nonzeros = ternary_model(d, args.zero_fraction, model)
    cmd = [args.aicc, str(model), "-target=fixed", "-emit=verilog", "-o", str(out)]
    t0 = time.monotonic()
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    compile_s = time.monotonic() - t0
    synth = [sys.executable, str(ROOT / "scripts/fixed-synth.py"), str(out),
             "--flow", args.flow, "--timeout", str(args.timeout)]
    r = subprocess.run(synth, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"fixed-synth failed for d={d}: {r.stderr.strip()[-800:]}")
    report = json.loads((out / "report.json").read_text())
    y = report["yosys"][args.flow]
    return {"d": d, "weights": d * d, "nonzeros": nonzeros, "outputs": d,
            "luts": y["luts"], "carry": y["carry_cells"], "ffs": y["flip_flops"],
            "dsps": y["dsps"], "cells": y["cells"], "latency": report["latency_cycles"],
            "ii": report["initiation_interval"], "compile_s": round(compile_s, 1),
            "synth_s": y["seconds"]}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="16,32,64")
    p.add_argument("--flow", default="ice40", choices=["generic", "ice40", "xilinx"])
    p.add_argument("--zero-fraction", type=float, default=0.33)
    p.add_argument("--timeout", type=float, default=1800)
    p.add_argument("--aicc", default=str(ROOT / "build/bin/aicc"))
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/fixed-projection")
    args = p.parse_args(argv)
    rows = [measure(int(d), args) for d in args.sizes.split(",")]

    print(f"per-layer synthesis (yosys {args.flow}, reuse 1, ternary codes with "
          f"{args.zero_fraction:.0%} zeros, int8 activations):\n")
    print("| d | weights | non-zero | LUTs | carry | flip-flops | DSPs | LUTs / non-zero "
          "| latency / II | compile s | synth s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['d']} | {r['weights']} | {r['nonzeros']} | {r['luts']} | {r['carry']} "
              f"| {r['ffs']} | {r['dsps']} | {r['luts'] / r['nonzeros']:.2f} "
              f"| {r['latency']} / {r['ii']} | {r['compile_s']} | {r['synth_s']} |")

    # LUTs = a * nonzeros + b * outputs (least squares over the sizes).
    a_mat = np.array([[r["nonzeros"], r["outputs"]] for r in rows], float)
    luts = np.array([r["luts"] for r in rows], float)
    carry = np.array([r["carry"] for r in rows], float)
    (a, b), *_ = np.linalg.lstsq(a_mat, luts, rcond=None)
    (ca, cb), *_ = np.linalg.lstsq(a_mat, carry, rcond=None)
    ffs_per_output = float(np.mean([r["ffs"] / r["outputs"] for r in rows]))

    weights_per_layer = 12 * D_MODEL ** 2
    outputs_per_layer = 3 * D_MODEL + D_MODEL + 4 * D_MODEL + D_MODEL  # Q,K,V | O | FFN up | down
    nz_total = weights_per_layer * N_LAYERS * (1 - args.zero_fraction)
    out_total = outputs_per_layer * N_LAYERS
    lut_total = a * nz_total + b * out_total
    print(f"\nfit: LUTs = {a:.3f} x non-zero weights + {b:.1f} x outputs; "
          f"carry cells = {ca:.3f} x non-zero + {cb:.1f} x outputs; "
          f"{ffs_per_output:.1f} flip-flops per output\n")
    print(f"projection, D = {D_MODEL}, {N_LAYERS} layers, 12 D^2 weights per layer = "
          f"{weights_per_layer * N_LAYERS / 1e9:.3f}e9 weights, "
          f"{nz_total / 1e9:.3f}e9 non-zero:")
    print(f"- weight logic: {lut_total / 1e9:.2f}e9 LUT4s, "
          f"{(ca * nz_total + cb * out_total) / 1e9:.2f}e9 carry cells, "
          f"{ffs_per_output * out_total / 1e6:.1f}e6 flip-flops "
          f"(per layer {lut_total / N_LAYERS / 1e6:.1f}e6 LUT4s)")
    print(f"- the largest FPGAs hold a few million LUTs: one layer needs about "
          f"{lut_total / N_LAYERS / 4e6:.0f} devices of 4e6 LUTs, the model "
          f"{lut_total / 4e6:.0f}")
    print(f"- pipeline: 4 weight stages per layer (QKV, O, FFN up, FFN down) at II 1, one "
          f"token vector per clock once full; {4 * N_LAYERS} weight stages plus whatever "
          f"attention adds")
    print("- left out: attention's activation products and softmax, LayerNorm, embeddings, "
          "the KV cache, inter-layer routing (see the docstring)")
    print("\ncommand: build/venv/bin/python bench/fixed_projection.py "
          f"--sizes {args.sizes} --flow {args.flow} --zero-fraction {args.zero_fraction}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
