#!/usr/bin/env python3
"""QOperator-quantized models (onnxruntime's QLinear*/QGemm operators)
against onnxruntime, bit for bit.

  build/venv/bin/python test/e2e/models/run_qoperator.py [--only NAME]... \
      [--aicc PATH] [--aicc-run PATH] [--models-dir build/models] [--work-dir DIR]

Each fp32 model is quantized with onnxruntime.quantization.quantize_static in
QOperator format (per-channel int8 weights with reduce_range, 4 random
calibration samples, seed 0), once with int8 and once with uint8
activations:

- mlp, conv_zoo (export_models.py; exported when missing): QGemm,
  QLinearConv, QLinearMatMul, QLinearAdd, QLinearConcat;
- digits (examples/digits): QLinearConv, QGemm;
- qop_zoo, built here with onnx.helper: Conv, LeakyRelu, Sigmoid, Mul of two
  activations, Where, Add, AveragePool, Concat, GlobalAveragePool and Gemm,
  so that the quantizer writes QLinearLeakyRelu, QLinearSigmoid, QLinearMul,
  QLinearWhere, QLinearAdd, QLinearAveragePool, QLinearConcat,
  QLinearGlobalAveragePool and QGemm.

Quantization uses ForceQuantizeNoInputCheck (the quantizer writes
QLinearWhere only then).

The test checks that the quantized model holds the operators listed in
EXPECTED_OPS, makes the result of every quantized operator (QLinear*, QGemm,
QuantizeLinear) a graph output, compiles the model with aicc and compares
all outputs with onnxruntime (1 thread, graph optimisations on) on 4 inputs
(seed 1). Every case must be bit-exact except
qop_zoo, whose QLinearSigmoid onnxruntime computes with MLAS's logistic
approximation: there up to SIGMOID_STEPS steps of the 8-bit output may differ
(the count is printed).

The last line is `N passed, N failed`; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))
import export_models  # noqa: E402

SEED = 0
N_INPUTS = 4
SIGMOID_STEPS = 1
MS = "com.microsoft"
# model -> com.microsoft / ONNX QOperator ops the quantized model must hold
EXPECTED_OPS = {
    "mlp": {"QGemm"},
    "conv_zoo": {"QGemm", "QLinearConv", "QLinearMatMul", "QLinearAdd", "QLinearConcat"},
    "digits": {"QGemm", "QLinearConv"},
    "qop_zoo": {"QGemm", "QLinearConv", "QLinearLeakyRelu", "QLinearSigmoid", "QLinearMul",
                "QLinearWhere", "QLinearAdd", "QLinearAveragePool", "QLinearConcat",
                "QLinearGlobalAveragePool"},
}
# largest allowed |difference| of the quantized output, in steps
MAX_STEPS = {"mlp": 0, "conv_zoo": 0, "digits": 0, "qop_zoo": SIGMOID_STEPS}


def qop_zoo(path: Path) -> tuple[int, ...]:
    """A float model whose QOperator form uses every activation/pooling op."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(SEED)

    def init(name, shape, scale=0.3):
        return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32),
                                       name)

    shape = (1, 3, 12, 12)
    nodes = [
        helper.make_node("Conv", ["input", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("LeakyRelu", ["c1"], ["l1"], alpha=0.1),
        helper.make_node("Conv", ["l1", "w2", "b2"], ["c2"], pads=[1, 1, 1, 1]),
        helper.make_node("Sigmoid", ["c2"], ["s2"]),
        helper.make_node("Mul", ["l1", "s2"], ["m"]),
        helper.make_node("Greater", ["c2", "zero"], ["positive"]),
        helper.make_node("Where", ["positive", "m", "l1"], ["wh"]),
        helper.make_node("Add", ["wh", "c1"], ["a"]),
        helper.make_node("AveragePool", ["a"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["p", "w3", "b3"], ["c3"]),
        helper.make_node("Concat", ["p", "c3"], ["cat"], axis=1),
        helper.make_node("GlobalAveragePool", ["cat"], ["g"]),
        helper.make_node("Flatten", ["g"], ["f"]),
        helper.make_node("Gemm", ["f", "w4", "b4"], ["y"], transB=1),
    ]
    inits = [init("w1", (8, 3, 3, 3)), init("b1", (8,)), init("w2", (8, 8, 3, 3), 0.2),
             init("b2", (8,)), init("w3", (4, 8, 1, 1)), init("b3", (4,)),
             init("w4", (5, 12)), init("b4", (5,)),
             numpy_helper.from_array(np.zeros((), np.float32), "zero")]
    graph = helper.make_graph(
        nodes, "qop_zoo", [helper.make_tensor_value_info("input", TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, (1, 5))], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return shape


def quantize(src: Path, dst: Path, shape: tuple[int, ...], input_name: str,
             activations: str) -> tuple[int, Counter]:
    """Writes the QOperator model with the result of every quantized operator
    as an extra graph output (shapes from one onnxruntime run); returns the
    number of those outputs and the model's op counts."""
    import onnx
    from onnxruntime.quantization import (CalibrationDataReader, QuantFormat,
                                          QuantType, quantize_static)

    class Reader(CalibrationDataReader):
        def __init__(self):
            rng = np.random.default_rng(SEED)
            self.data = iter([{input_name: rng.standard_normal(shape).astype(np.float32)}
                              for _ in range(4)])

        def get_next(self):
            return next(self.data, None)

    tmp = dst.with_suffix(".tmp.onnx")
    act = QuantType.QInt8 if activations == "s8" else QuantType.QUInt8
    quantize_static(str(src), str(tmp), Reader(), quant_format=QuantFormat.QOperator,
                    per_channel=True, activation_type=act, weight_type=QuantType.QInt8,
                    reduce_range=True,
                    # QLinearWhere is written only with this option
                    extra_options={"ForceQuantizeNoInputCheck": True})
    m = onnx.load(str(tmp))
    ops = Counter(n.op_type for n in m.graph.node)
    qtype = onnx.TensorProto.INT8 if activations == "s8" else onnx.TensorProto.UINT8
    outputs = {o.name for o in m.graph.output}
    names = [n.output[0] for n in m.graph.node
             if (n.op_type.startswith("QLinear") or n.op_type in ("QGemm", "QuantizeLinear"))
             and n.output[0] not in outputs]
    for name in names:
        m.graph.output.append(onnx.helper.make_tensor_value_info(name, qtype, None))
    x = np.zeros(shape, np.float32)
    shapes = [r.shape for r in ort_run_model(m.SerializeToString(), {input_name: x})]
    for out, dims in zip(m.graph.output[1:], shapes[1:]):
        out.CopyFrom(onnx.helper.make_tensor_value_info(out.name, qtype, list(dims)))
    onnx.save(m, str(dst))
    tmp.unlink()
    return len(names), ops


def ort_run_model(model, feeds: dict) -> list[np.ndarray]:
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    sess = ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


def source_model(name: str, args) -> tuple[Path, tuple[int, ...], str]:
    if name == "digits":
        return ROOT / "examples/digits/digits.onnx", (1, 1, 8, 8), "image"
    if name == "qop_zoo":
        path = args.work_dir / "qop_zoo_f32.onnx"
        return path, qop_zoo(path), "input"
    src = args.models_dir / name / "model.onnx"
    if not src.exists():
        export_models.export_one(name, args.models_dir)
    return src, export_models.MODELS[name][1], "input"


def run_case(name: str, activations: str, args) -> bool:
    import onnx
    label = f"{name} {activations}"
    args.work_dir.mkdir(parents=True, exist_ok=True)
    src, shape, input_name = source_model(name, args)
    input_name = onnx.load(str(src)).graph.input[0].name
    work = args.work_dir / f"{name}_qop_{activations}"
    work.mkdir(parents=True, exist_ok=True)
    model = work / "model.onnx"
    n_quantized, ops = quantize(src, model, shape, input_name, activations)
    missing = EXPECTED_OPS[name] - set(ops)
    if missing:
        print(f"FAIL {label}: the quantizer wrote no {sorted(missing)} ({dict(ops)})")
        return False
    so = work / "model.so"
    r = subprocess.run([args.aicc, str(model), "-o", str(so)], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"FAIL {label}: aicc: {r.stderr.strip()[:600]}")
        return False
    rng = np.random.default_rng(SEED + 1)
    worst, differing, total = 0, 0, 0
    for k in range(N_INPUTS):
        x = rng.standard_normal(shape).astype(np.float32)
        np.save(work / "input.npy", x)
        out = work / f"out{k}"
        out.mkdir(exist_ok=True)
        r = subprocess.run([args.aicc_run, str(so), "-i", str(work / "input.npy"),
                            "--output-dir", str(out), "--threads", "1"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(f"FAIL {label}: aicc-run: {r.stderr.strip()[:400]}")
            return False
        got = [np.load(out / f"output_{i}.npy") for i in range(1 + n_quantized)]
        ref = ort_run_model(str(model), {input_name: x})
        for got_q, ref_q in zip(got[1:], ref[1:]):
            if got_q.dtype != ref_q.dtype or got_q.shape != ref_q.shape:
                print(f"FAIL {label}: output {got_q.dtype}{got_q.shape}, onnxruntime "
                      f"{ref_q.dtype}{ref_q.shape}")
                return False
            dq = np.abs(got_q.astype(np.int32) - ref_q.astype(np.int32))
            worst = max(worst, int(dq.max()))
            differing += int((dq != 0).sum())
            total += dq.size
        if MAX_STEPS[name] == 0 and not np.array_equal(got[0], ref[0]):
            worst = max(worst, 1)
    ok = worst <= MAX_STEPS[name]
    ms = sorted(op for op in ops if op.startswith("Q"))
    print(f"{'PASS' if ok else 'FAIL'} {label}: {differing} of {total} quantized outputs "
          f"differ from onnxruntime (max {worst} steps, allowed {MAX_STEPS[name]}) in "
          f"{n_quantized} quantized tensors; ops {ms}")
    return ok


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", action="append", choices=sorted(EXPECTED_OPS))
    p.add_argument("--aicc", default=str(ROOT / "build/bin/aicc"))
    p.add_argument("--aicc-run", default=str(ROOT / "build/bin/aicc-run"))
    p.add_argument("--models-dir", type=Path, default=ROOT / "build/models")
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/models-work")
    args = p.parse_args(argv)
    import logging
    logging.getLogger().setLevel(logging.ERROR)  # quantize_static's pre-processing hint
    import onnxruntime
    onnxruntime.set_default_logger_severity(3)  # unused-initializer warnings
    results = [run_case(n, a, args) for n in args.only or EXPECTED_OPS for a in ("s8", "u8")]
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
