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


def _output_axis(node, rank: int) -> int:
    """The output-channel axis of a Conv/Gemm/MatMul weight."""
    if node.op_type == "Conv" or rank != 2:
        return 0
    trans_b = any(a.name == "transB" and a.i for a in node.attribute)
    return 0 if node.op_type == "Gemm" and trans_b else 1


def ternarize_absmean(src: Path, dst: Path) -> None:
    """The float model with every Conv/Gemm/MatMul constant weight replaced
    by its ternary form under aicc -quantize=ternary's rule (per output
    channel, scale mean |w|, codes clamp(round_half_even(w / scale), -1, 1)).
    For examples/digits/digits_ternary.onnx, which was trained with exactly
    that ternarisation in its forward pass (examples/digits/finetune.py),
    this is the network that was trained."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(str(src))
    inits = {t.name: t for t in m.graph.initializer}
    for n in m.graph.node:
        if n.op_type not in ("Conv", "Gemm", "MatMul") or n.input[1] not in inits:
            continue
        w = numpy_helper.to_array(inits[n.input[1]]).astype(np.float32)
        axis = _output_axis(n, w.ndim)
        wc = np.moveaxis(w, axis, 0)
        flat = wc.reshape(wc.shape[0], -1)
        scale = np.maximum(np.abs(flat).mean(1, keepdims=True), 1e-12)
        t = (np.clip(np.rint(flat / scale), -1, 1) * scale).reshape(wc.shape)
        inits[n.input[1]].CopyFrom(numpy_helper.from_array(
            np.ascontiguousarray(np.moveaxis(t, 0, axis)).astype(np.float32), n.input[1]))
    onnx.save(m, str(dst))


def unit_ternary(path: Path) -> int:
    """In the QDQ model of a ternarized network every weight channel's
    non-zero int8 values share one magnitude m (63 with reduce_range): store
    them as +-1 with the weight scale times m, and the int32 bias with its
    scale times m (values divided by m, rounded), so the weights are
    {-1, 0, +1} times a per-channel scale. Returns the layers rewritten."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(str(path))
    inits = {t.name: t for t in m.graph.initializer}
    producer = {o: n for n in m.graph.node for o in n.output}
    arr = lambda name: numpy_helper.to_array(inits[name])  # noqa: E731

    def put(name, value):
        inits[name].CopyFrom(numpy_helper.from_array(value, name))

    done = 0
    for n in m.graph.node:
        dq = producer.get(n.input[1]) if n.op_type in ("Conv", "Gemm", "MatMul") else None
        if dq is None or dq.op_type != "DequantizeLinear" or dq.input[0] not in inits:
            continue
        wq, scale = arr(dq.input[0]), arr(dq.input[1])
        axis = next((a.i for a in dq.attribute if a.name == "axis"), 1)
        wc = np.moveaxis(wq.astype(np.int32), axis, 0).reshape(wq.shape[axis], -1)
        mag = np.maximum(np.abs(wc).max(1), 1)
        if not np.all((wc == 0) | (np.abs(wc) == mag[:, None])):
            raise ValueError(f"{n.name}: weights are not ternary per channel")
        shape = [1] * wq.ndim
        shape[axis] = -1
        put(dq.input[0], (wq.astype(np.int32) // mag.reshape(shape)).astype(np.int8))
        put(dq.input[1], (scale * mag).astype(np.float32))
        if len(n.input) > 2 and n.input[2] in producer:
            bdq = producer[n.input[2]]
            b, bs = arr(bdq.input[0]), arr(bdq.input[1])
            put(bdq.input[0], np.rint(b / mag).astype(np.int32))
            put(bdq.input[1], (bs * mag).astype(np.float32))
        done += 1
    onnx.save(m, str(path))
    return done
