"""Sequence and optional graph inputs/outputs of node tests, in aicc's ABI.

aicc compiles sequences of a fixed length and optionals whose presence is
known when it compiles (docs/importer.md): a sequence input NAME given with
`-sequence-length=NAME:N` becomes the tensor inputs NAME[0] ... NAME[N-1], an
optional input is its value unless `-optional-absent=NAME` drops it, and
outputs are flattened the same way (an empty optional output gives none).

`flatten_data_set` turns one ONNX test data set, whose files hold
SequenceProto/OptionalProto values, into that form: the compile flags its
inputs need and a directory of plain TensorProto files, input_<k>.pb and
output_<k>.pb in the flattened order, for `aicc-run --compare`.
"""

from __future__ import annotations

from pathlib import Path


def has_containers(input_types: list[str], output_types: list[str]) -> bool:
    return any(t.startswith(("sequence(", "optional("))
               for t in input_types + output_types)


def _read(onnx, type_proto, path: Path):
    """The value of one data file: an array, a list of arrays, or None
    (an empty optional)."""
    from onnx import numpy_helper

    data = path.read_bytes()
    kind = type_proto.WhichOneof("value")
    if kind == "sequence_type":
        proto = onnx.SequenceProto()
        proto.ParseFromString(data)
        return numpy_helper.to_list(proto)
    if kind == "optional_type":
        proto = onnx.OptionalProto()
        proto.ParseFromString(data)
        return numpy_helper.to_optional(proto)
    proto = onnx.TensorProto()
    proto.ParseFromString(data)
    return numpy_helper.to_array(proto)


def _flatten(value) -> list:
    """The tensors one value becomes in aicc's ABI, in order."""
    if value is None:
        return []
    if isinstance(value, list):
        return list(value)
    return [value]


def flatten_data_set(onnx, model_path: Path, ds: Path, out: Path) -> tuple[list[str], int]:
    """Writes `ds` flattened into `out`; returns (aicc flags, output count)."""
    from onnx import numpy_helper

    graph = onnx.load(str(model_path), load_external_data=False).graph
    flags: list[str] = []
    tensors_in: list = []
    for j, vi in enumerate(graph.input):
        path = ds / f"input_{j}.pb"
        if not path.is_file():
            continue
        value = _read(onnx, vi.type, path)
        kind = vi.type.WhichOneof("value")
        inner = vi.type.optional_type.elem_type if kind == "optional_type" else vi.type
        if kind == "optional_type" and value is None:
            flags.append(f"-optional-absent={vi.name}")
        elif inner.WhichOneof("value") == "sequence_type":
            flags.append(f"-sequence-length={vi.name}:{len(value)}")
            elem = inner.sequence_type.elem_type.tensor_type
            if not elem.HasField("shape"):
                # No rank declared: the elements' shapes come from the data.
                flags += [f"-input-shape={vi.name}[{i}]:" + "x".join(map(str, t.shape))
                          for i, t in enumerate(value)]
        tensors_in += _flatten(value)
    tensors_out: list = []
    for j, vi in enumerate(graph.output):
        tensors_out += _flatten(_read(onnx, vi.type, ds / f"output_{j}.pb"))
    out.mkdir(parents=True, exist_ok=True)
    for prefix, tensors in (("input", tensors_in), ("output", tensors_out)):
        for k, t in enumerate(tensors):
            (out / f"{prefix}_{k}.pb").write_bytes(
                numpy_helper.from_array(t).SerializeToString())
    return flags, len(tensors_out)
