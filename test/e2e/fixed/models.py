"""Small QDQ int8 models for the fixed-function e2e test (run_fixed.py).

The MLP is built with onnx.helper from seeded random weights; the CNN is the
bundled digit classifier. Both are quantized with onnxruntime's
quantize_static (QDQ, int8 activations and weights), calibrated on the first
samples of examples/digits/samples.bin.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "examples/digits/samples.bin"
DIGITS = ROOT / "examples/digits/digits.onnx"


def load_samples(limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(images N x 64 float32 in 0..1, labels N) from samples.bin."""
    data = SAMPLES.read_bytes()
    (n,) = struct.unpack_from("<i", data, 0)
    rec = np.frombuffer(data, dtype=np.uint8, offset=4, count=n * 260).reshape(n, 260)
    labels = rec[:, :4].copy().view("<i4").reshape(n)
    images = rec[:, 4:].copy().view("<f4").reshape(n, 64)
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    return images, labels


def make_mlp(path: Path, seed: int = 0) -> None:
    """64 -> 32 (Gemm, Relu) -> 16 (MatMul, Relu) -> 10 (Gemm), float32.

    (MatMul followed by a float Add is left in float by aicc-fold-qdq, so the
    middle layer has no bias.)"""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    w1 = (rng.standard_normal((32, 64)) * 0.2).astype(np.float32)
    b1 = (rng.standard_normal(32) * 0.1).astype(np.float32)
    w2 = (rng.standard_normal((32, 16)) * 0.3).astype(np.float32)
    w3 = (rng.standard_normal((10, 16)) * 0.3).astype(np.float32)
    b3 = (rng.standard_normal(10) * 0.1).astype(np.float32)
    inits = [numpy_helper.from_array(a, n) for a, n in
             ((w1, "w1"), (b1, "b1"), (w2, "w2"), (w3, "w3"), (b3, "b3"))]
    nodes = [
        helper.make_node("Gemm", ["input", "w1", "b1"], ["h1"], name="fc1", transB=1),
        helper.make_node("Relu", ["h1"], ["r1"], name="relu1"),
        helper.make_node("MatMul", ["r1", "w2"], ["h2"], name="fc2"),
        helper.make_node("Relu", ["h2"], ["r2"], name="relu2"),
        helper.make_node("Gemm", ["r2", "w3", "b3"], ["output"], name="fc3", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "mlp", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 64])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def quantize(src: Path, dst: Path, shape: tuple[int, ...], calib: np.ndarray) -> str:
    """Writes the QDQ int8 model with its last QuantizeLinear's int8 tensor added
    as a second graph output; returns the graph input's name."""
    import onnx
    from onnxruntime.quantization import (CalibrationDataReader, QuantFormat,
                                          QuantType, quantize_static)

    name = onnx.load(str(src)).graph.input[0].name

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.data = iter([{name: x.reshape(shape)} for x in calib])

        def get_next(self):
            return next(self.data, None)

    tmp = dst.with_suffix(".tmp.onnx")
    quantize_static(str(src), str(tmp), Reader(), quant_format=QuantFormat.QDQ,
                    per_channel=True, activation_type=QuantType.QInt8,
                    weight_type=QuantType.QInt8, reduce_range=True)
    m = onnx.load(str(tmp))
    last_dq = [n for n in m.graph.node if n.output[0] == m.graph.output[0].name][0]
    dims = [d.dim_value for d in m.graph.output[0].type.tensor_type.shape.dim]
    m.graph.output.append(onnx.helper.make_tensor_value_info(
        last_dq.input[0], onnx.TensorProto.INT8, dims))
    onnx.save(m, str(dst))
    tmp.unlink()
    return name
