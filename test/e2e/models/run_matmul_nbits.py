#!/usr/bin/env python3
"""com.microsoft.MatMulNBits models against onnxruntime (docs/quantization.md, section w4).

  build/venv/bin/python test/e2e/models/run_matmul_nbits.py [--aicc PATH] [--aicc-run PATH] \
      [--work-dir DIR]

Each case is an f32 MatMul model quantized by onnxruntime's own MatMulNBits
quantizer (onnxruntime.quantization.matmul_nbits_quantizer, 4 bits; needs the
onnx-ir package, scripts/make-venv.sh installs it), compiled by aicc at -O2
(the aicc.packed_matmul_int4 kernel, AVX2 and, where the host has it,
AVX-512 vectors) and at -O0 (the generic lowering), and run on the same input
as onnxruntime. Passes when |aicc - ort| <= 1e-3 * max |ort| for every build.
Cases: batch-1 rows (784 -> 256, the kernel's decode shape), three rows with
a bias-free 3-d input, K not a multiple of the block (the last block partial),
symmetric quantization (no zero points), N not a multiple of the panel width.

The last line is `N passed, N failed`; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parents[3]
REL_TOL = 1e-3
# name -> (input shape, N, block size, symmetric)
CASES = {
    "decode_784x256": ((1, 784), 256, 32, False),
    "rows3d_96x40": ((2, 3, 96), 40, 32, False),
    "partial_block_80x24": ((1, 80), 24, 32, False),
    "symmetric_64x16": ((4, 64), 16, 16, True),
    "block128_256x70": ((1, 256), 70, 128, False),
}


def f32_model(shape, n: int, seed: int) -> onnx.ModelProto:
    k = shape[-1]
    w = np.random.default_rng(seed).standard_normal((k, n)).astype(np.float32) * 0.1
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, list(shape))
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, list(shape[:-1]) + [n])
    node = helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")
    graph = helper.make_graph([node], "g", [x], [y], [numpy_helper.from_array(w, "w")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def quantize(model: onnx.ModelProto, block: int, symmetric: bool) -> onnx.ModelProto:
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer
    q = MatMulNBitsQuantizer(model, block_size=block, is_symmetric=symmetric, bits=4)
    q.process()
    out = q.model.model
    if not any(nd.op_type == "MatMulNBits" for nd in out.graph.node):
        raise RuntimeError("the quantizer wrote no MatMulNBits node")
    return out


def host_has_avx512() -> bool:
    try:
        return " avx512f" in Path("/proc/cpuinfo").read_text()
    except OSError:
        return False


def run_case(args, name: str, seed: int) -> bool:
    shape, n, block, symmetric = CASES[name]
    work = args.work_dir / name
    work.mkdir(parents=True, exist_ok=True)
    model = work / "model.onnx"
    onnx.save(quantize(f32_model(shape, n, seed), block, symmetric), model)
    x = np.random.default_rng(seed + 100).standard_normal(shape).astype(np.float32)
    so_opts = ort.SessionOptions()
    so_opts.intra_op_num_threads = 1
    ref = ort.InferenceSession(str(model), so_opts,
                               providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]
    np.save(work / "x.npy", x)
    builds = {"O2": ["-O2"], "O0": ["-O0"], "O2-avx2": ["-O2", "-mattr=-avx512f"]}
    ok = True
    for label, flags in builds.items():
        so = work / f"{label}.so"
        r = subprocess.run([args.aicc, str(model), "-o", str(so), *flags],
                           capture_output=True, text=True)
        if r.returncode:
            print(f"FAIL {name} {label}: aicc: {r.stderr.strip()[:600]}")
            ok = False
            continue
        out_dir = work / f"out_{label}"
        r = subprocess.run([args.aicc_run, str(so), "-i", str(work / "x.npy"), "--output-dir",
                            str(out_dir), "--threads", "2"], capture_output=True, text=True)
        if r.returncode:
            print(f"FAIL {name} {label}: aicc-run: {r.stderr.strip()[:600]}")
            ok = False
            continue
        got = np.load(out_dir / "output_0.npy")
        err = float(np.max(np.abs(got - ref))) / float(np.max(np.abs(ref)))
        good = got.shape == ref.shape and err <= REL_TOL
        print(f"{'ok  ' if good else 'FAIL'} {name} {label}: max |aicc - ort| / max |ort| = {err:.3g}")
        ok = ok and good
    return ok


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--aicc", default=str(ROOT / "build/bin/aicc"))
    p.add_argument("--aicc-run", default=str(ROOT / "build/bin/aicc-run"))
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/models-work/matmul-nbits")
    args = p.parse_args(argv)
    results = [run_case(args, name, seed) for seed, name in enumerate(CASES)]
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
