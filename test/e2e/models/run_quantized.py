#!/usr/bin/env python3
"""Quantized (QDQ) versions of the small e2e models against onnxruntime.

  build/venv/bin/python test/e2e/models/run_quantized.py [--only NAME]... \
      [--aicc PATH] [--aicc-run PATH] [--models-dir build/models] [--work-dir DIR]

Each fp32 model from export_models.py (exported when missing) is quantized
with onnxruntime.quantization.quantize_static: QDQ format, int8 activations
and per-channel int8 weights with reduce_range (7-bit weights), 4 random
calibration samples (fixed seed). The last QuantizeLinear's int8 output is
added as a second graph output. aicc compiles the model (aicc-fold-qdq turns
the QDQ contractions into integer ones) and is compared with onnxruntime at
one thread, graph optimisations on (its fused integer kernels: QGemm,
QLinearConv, QLinearMatMul) and off (ONNX's float reference). Both outputs
must equal onnxruntime's optimised ones bit for bit; the unoptimised
difference is printed. Without reduce_range, onnxruntime's AVX2 u8s8 kernels
(vpmaddubsw) saturate pairs of products at int16 and are themselves off by
up to 20 steps on the MLP (docs/quantization.md).

The last line is `N passed, N failed`; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))
import export_models  # noqa: E402

# name -> largest allowed |int8 difference| against onnxruntime (optimised)
CASES = {"mlp": 0, "conv_zoo": 0}
SEED = 0
REDUCE_RANGE = True


def quantize(src: Path, dst: Path, shape: tuple[int, ...]) -> str:
    """Writes the QDQ model; returns the name of the int8 output it adds."""
    import onnx
    from onnxruntime.quantization import (CalibrationDataReader, QuantFormat,
                                          QuantType, quantize_static)

    class Reader(CalibrationDataReader):
        def __init__(self):
            rng = np.random.default_rng(SEED)
            self.data = iter([{"input": rng.standard_normal(shape).astype(np.float32)}
                              for _ in range(4)])

        def get_next(self):
            return next(self.data, None)

    tmp = dst.with_suffix(".tmp.onnx")
    quantize_static(str(src), str(tmp), Reader(), quant_format=QuantFormat.QDQ,
                    per_channel=True, activation_type=QuantType.QInt8,
                    weight_type=QuantType.QInt8, reduce_range=REDUCE_RANGE)
    m = onnx.load(str(tmp))
    last_dq = [n for n in m.graph.node if n.output[0] == m.graph.output[0].name][0]
    qname = last_dq.input[0]
    m.graph.output.append(onnx.helper.make_tensor_value_info(
        qname, onnx.TensorProto.INT8, list(m.graph.output[0].type.tensor_type.shape.dim
                                           and [d.dim_value for d in
                                                m.graph.output[0].type.tensor_type.shape.dim])))
    onnx.save(m, str(dst))
    tmp.unlink()
    return qname


def ort_run(model: Path, x: np.ndarray, optimise: bool) -> list[np.ndarray]:
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    if not optimise:
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    sess = ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])
    return sess.run(None, {"input": x})


def run_case(name: str, args) -> bool:
    src = args.models_dir / name / "model.onnx"
    if not src.exists():
        export_models.export_one(name, args.models_dir)
    work = args.work_dir / f"{name}_qdq"
    work.mkdir(parents=True, exist_ok=True)
    model = work / "model.onnx"
    shape = export_models.MODELS[name][1]
    quantize(src, model, shape)
    x = np.random.default_rng(SEED + 1).standard_normal(shape).astype(np.float32)
    np.save(work / "input.npy", x)
    so = work / "model.so"
    r = subprocess.run([args.aicc, str(model), "-o", str(so)], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"FAIL {name}: aicc: {r.stderr.strip()[:400]}")
        return False
    out = work / "out"
    out.mkdir(exist_ok=True)
    r = subprocess.run([args.aicc_run, str(so), "-i", str(work / "input.npy"),
                        "--output-dir", str(out), "--threads", "1"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(f"FAIL {name}: aicc-run: {r.stderr.strip()[:400]}")
        return False
    got_f, got_q = (np.load(out / f"output_{i}.npy") for i in range(2))
    ok = True
    for label, optimise in (("ort-optimised", True), ("ort-unoptimised", False)):
        ref_f, ref_q = ort_run(model, x, optimise)
        dq = np.abs(got_q.astype(np.int32) - ref_q.astype(np.int32))
        df = np.abs(got_f - ref_f)
        print(f"{name} vs {label}: int8 max diff {dq.max()}, {int((dq != 0).sum())} of "
              f"{dq.size} differ; float max diff {df.max():.3g}")
        if optimise:
            scale = float(np.max(np.abs(ref_f))) / 127 + 1e-12
            ok = dq.max() <= CASES[name] and df.max() <= CASES[name] * scale * 1.01
            if CASES[name] == 0:
                ok = ok and np.array_equal(got_f, ref_f) and np.array_equal(got_q, ref_q)
    print(f"{'PASS' if ok else 'FAIL'} {name}")
    return ok


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", action="append", choices=sorted(CASES))
    p.add_argument("--aicc", default=str(ROOT / "build/bin/aicc"))
    p.add_argument("--aicc-run", default=str(ROOT / "build/bin/aicc-run"))
    p.add_argument("--models-dir", type=Path, default=ROOT / "build/models")
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/models-work")
    args = p.parse_args(argv)
    import logging
    logging.getLogger().setLevel(logging.ERROR)  # quantize_static's pre-processing hint
    results = [run_case(n, args) for n in args.only or CASES]
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
