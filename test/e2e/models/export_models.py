#!/usr/bin/env python3
"""Exports the e2e test networks to ONNX with reference outputs.

  build/venv/bin/python test/e2e/models/export_models.py OUTDIR [--only NAME]...

For each model NAME this writes OUTDIR/NAME/{model.onnx, input.npy,
ref_output_0.npy}: weights are random (fixed seeds; nothing is downloaded),
batch 1 with static shapes, graph input `input`, opset 13. The reference
output comes from onnxruntime, which is first checked against torch itself.

The token models (SEQ_MODELS: a BERT-style encoder and a GPT-2-style
decoder) are exported once with dynamic batch and sequence axes into
OUTDIR/NAME/model.onnx, with inputs and onnxruntime's reference outputs per
test shape in OUTDIR/NAME/b<B>_s<S>/{input_<i>.npy, ref_output_0.npy}.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np
import torch
import torchvision

OPSET = 13
SEED = 0


def mlp() -> torch.nn.Module:
    return torch.nn.Sequential(
        torch.nn.Flatten(),
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))


class ConvZoo(torch.nn.Module):
    """Convolutions and products whose shapes exercise the CPU kernels' edge
    cases: batch 2, output rows of 13/7/4 columns (partial vector tiles),
    channel counts that are not multiples of the register tile, strides 2,
    dilation 2, 5x5 and 1x1 windows, a stride-3 dilated 5x5 window (column
    phases), residual adds with ReLU and ReLU6
    epilogues, a grouped convolution (the generic path), Linear layers and a
    batched product of two activations."""

    def __init__(self):
        super().__init__()
        nn = torch.nn
        self.c1 = nn.Conv2d(3, 10, 3, padding=1)
        self.c2 = nn.Conv2d(10, 14, 3, stride=2, padding=1)
        self.c3 = nn.Conv2d(10, 10, 5, padding=4, dilation=2)
        self.c4 = nn.Conv2d(10, 10, 3, padding=1, bias=False)
        self.c5 = nn.Conv2d(10, 20, 1)
        self.c6 = nn.Conv2d(20, 9, 1, stride=2)
        self.dw = nn.Conv2d(20, 20, 3, padding=1, groups=20)
        self.c7 = nn.Conv2d(3, 8, 5, stride=3, padding=3, dilation=2)
        self.fc1 = nn.Linear(9 * 7 * 7, 37)
        self.fc2 = nn.Linear(37, 11, bias=False)

    def forward(self, x):
        y1 = torch.relu(self.c1(x))
        y2 = self.c2(y1)
        y3 = self.c3(y1)
        y4 = torch.relu(self.c4(y3) + y1)
        y5 = torch.clamp(self.c5(y4), 0.0, 6.0)
        y6 = self.c6(self.dw(y5))
        f = torch.relu(self.fc1(torch.flatten(y6, 1)))
        g = self.fc2(f)
        r = y2.flatten(2)
        gram = torch.matmul(r, r.transpose(1, 2))
        y7 = self.c7(x)
        return torch.cat([y4.flatten(1), y6.flatten(1), g, gram.flatten(1), y7.flatten(1)], 1)


class Bert(torch.nn.Module):
    """A BERT-style encoder in plain torch (no transformers library): word,
    position (from arange over the run-time sequence length) and token type
    embeddings, LayerNorm, `layers` post-norm blocks of multi-head
    self-attention with BERT's additive mask ((1 - mask) * -10000 on the
    scores) and an Erf GELU feed-forward. Inputs `input_ids` and
    `attention_mask` (int64, [batch, sequence]); output the last hidden state."""

    def __init__(self, vocab=100, hidden=64, heads=4, layers=2, intermediate=128,
                 max_pos=64):
        super().__init__()
        nn = torch.nn
        self.heads, self.hidden = heads, hidden
        self.word = nn.Embedding(vocab, hidden)
        self.pos = nn.Embedding(max_pos, hidden)
        self.token_type = nn.Embedding(2, hidden)
        self.ln = nn.LayerNorm(hidden, eps=1e-12)
        self.blocks = nn.ModuleList(BertLayer(hidden, heads, intermediate)
                                    for _ in range(layers))

    def forward(self, input_ids, attention_mask):
        b, s = input_ids.shape
        pos = torch.arange(s, dtype=torch.long).unsqueeze(0).expand(b, s)
        x = self.word(input_ids) + self.pos(pos) + self.token_type(torch.zeros_like(input_ids))
        x = self.ln(x)
        mask = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for blk in self.blocks:
            x = blk(x, mask)
        return x


def split_heads(x, heads):
    b, s, h = x.size()
    return x.view(b, s, heads, h // heads).permute(0, 2, 1, 3)


def merge_heads(x):
    b, n, s, d = x.size()
    return x.permute(0, 2, 1, 3).contiguous().view(b, s, n * d)


class BertLayer(torch.nn.Module):
    def __init__(self, hidden, heads, intermediate):
        super().__init__()
        nn = torch.nn
        self.heads = heads
        self.q, self.k, self.v = (nn.Linear(hidden, hidden) for _ in range(3))
        self.o = nn.Linear(hidden, hidden)
        self.ln1 = nn.LayerNorm(hidden, eps=1e-12)
        self.fc1, self.fc2 = nn.Linear(hidden, intermediate), nn.Linear(intermediate, hidden)
        self.ln2 = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x, mask):
        q, k, v = (split_heads(f(x), self.heads) for f in (self.q, self.k, self.v))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(q.size(-1)) + mask
        ctx = merge_heads(torch.matmul(torch.softmax(scores, dim=-1), v))
        x = self.ln1(x + self.o(ctx))
        return self.ln2(x + self.fc2(torch.nn.functional.gelu(self.fc1(x))))


class Gpt2(torch.nn.Module):
    """A GPT-2-style decoder in plain torch: token and position embeddings,
    `layers` pre-norm blocks (fused QKV projection split in three, a causal
    mask built at run time with tril over the sequence length and applied
    with where, tanh GELU), a final LayerNorm and logits from the tied token
    embedding. Input `input_ids` (int64, [batch, sequence])."""

    def __init__(self, vocab=96, hidden=48, heads=3, layers=2, max_pos=64):
        super().__init__()
        nn = torch.nn
        self.heads = heads
        self.wte, self.wpe = nn.Embedding(vocab, hidden), nn.Embedding(max_pos, hidden)
        self.blocks = nn.ModuleList(Gpt2Block(hidden, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(hidden)

    def forward(self, input_ids):
        s = input_ids.size(1)
        x = self.wte(input_ids) + self.wpe(torch.arange(s, dtype=torch.long))
        causal = torch.tril(torch.ones(s, s, dtype=torch.bool))
        for blk in self.blocks:
            x = blk(x, causal)
        return torch.matmul(self.ln_f(x), self.wte.weight.t())


class Gpt2Block(torch.nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        nn = torch.nn
        self.heads, self.hidden = heads, hidden
        self.ln1, self.ln2 = nn.LayerNorm(hidden), nn.LayerNorm(hidden)
        self.qkv, self.proj = nn.Linear(hidden, 3 * hidden), nn.Linear(hidden, hidden)
        self.fc, self.fc_proj = nn.Linear(hidden, 4 * hidden), nn.Linear(4 * hidden, hidden)

    def forward(self, x, causal):
        q, k, v = (split_heads(t, self.heads)
                   for t in self.qkv(self.ln1(x)).split(self.hidden, dim=2))
        w = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(v.size(-1))
        w = torch.where(causal, w, torch.tensor(-1e4, dtype=w.dtype))
        x = x + self.proj(merge_heads(torch.matmul(torch.softmax(w, dim=-1), v)))
        h = torch.nn.functional.gelu(self.fc(self.ln2(x)), approximate="tanh")
        return x + self.fc_proj(h)


# name -> (constructor, input shape)
MODELS = {
    "mlp": (mlp, (1, 1, 28, 28)),
    "conv_zoo": (ConvZoo, (2, 3, 13, 13)),
    "resnet18": (lambda: torchvision.models.resnet18(weights=None), (1, 3, 224, 224)),
    "mobilenet_v2": (lambda: torchvision.models.mobilenet_v2(weights=None), (1, 3, 224, 224)),
}


class SeqModel(NamedTuple):
    """A token model exported once with dynamic batch and sequence axes and
    tested at several (batch, sequence) shapes."""
    ctor: Callable[[], torch.nn.Module]
    inputs: tuple[str, ...]  # input_ids, then optionally attention_mask
    vocab: int
    opset: int
    export_shape: tuple[int, int]  # the example (batch, sequence) torch traces
    shapes: tuple[tuple[int, int], ...]  # the (batch, sequence) cases


# BERT at opset 17 exports LayerNormalization; GPT-2 at 14 gets Trilu and
# LayerNorm as ReduceMean/Sub/Pow/Sqrt/Div.
SEQ_SHAPES = ((1, 8), (2, 16), (1, 33), (2, 33))
SEQ_MODELS = {
    "bert": SeqModel(Bert, ("input_ids", "attention_mask"), 100, 17, (2, 16), SEQ_SHAPES),
    "gpt2": SeqModel(Gpt2, ("input_ids",), 96, 14, (2, 16), SEQ_SHAPES),
}


class BatchModel(NamedTuple):
    """A model exported with a dynamic batch axis and compiled once, with no
    -input-shape: one binary runs every batch size."""
    ctor: Callable[[], torch.nn.Module]
    sample_shape: tuple[int, ...]  # one sample, without the batch dim
    batches: tuple[int, ...]


class TaggerLSTM(torch.nn.Module):
    """A bidirectional LSTM tagger over 12 steps of 8 features (batch first)."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(8, 16, batch_first=True, bidirectional=True)
        self.head = torch.nn.Linear(32, 5)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.head(y)


# The CNNs at 64x64 keep the e2e run short; their batch dim stays dynamic.
# The LSTM's sequence length is static: aicc unrolls recurrences.
DYNAMIC_MODELS = {
    "mlp_dynamic": BatchModel(mlp, (1, 28, 28), (1, 3, 8)),
    "resnet18_dynamic": BatchModel(lambda: torchvision.models.resnet18(weights=None),
                                   (3, 64, 64), (1, 3)),
    "mobilenet_v2_dynamic": BatchModel(lambda: torchvision.models.mobilenet_v2(weights=None),
                                       (3, 64, 64), (1, 2)),
    "lstm_dynamic": BatchModel(TaggerLSTM, (12, 8), (1, 4)),
}


def export_dynamic(name: str, outdir: Path) -> None:
    """OUTDIR/NAME/model.onnx (dynamic batch axis) and, per batch size B,
    OUTDIR/NAME/b<B>/{input_0.npy, ref_output_0.npy}."""
    import onnxruntime as ort

    spec = DYNAMIC_MODELS[name]
    torch.manual_seed(SEED)
    model = spec.ctor().eval()
    randomise_bn_stats(model, torch.Generator().manual_seed(SEED))
    d = outdir / name
    d.mkdir(parents=True, exist_ok=True)
    onnx_path = d / "model.onnx"
    example = torch.zeros((2,) + spec.sample_shape)
    with torch.no_grad():
        torch.onnx.export(model, (example,), str(onnx_path), opset_version=OPSET,
                          input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                          do_constant_folding=True)
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    for b in spec.batches:
        x = np.random.default_rng([SEED, b]).standard_normal(
            (b,) + spec.sample_shape).astype(np.float32)
        ref = sess.run(None, {"input": x})[0]
        with torch.no_grad():
            ref_torch = model(torch.from_numpy(x)).numpy()
        if not np.allclose(ref, ref_torch, rtol=1e-3, atol=1e-4):
            raise SystemExit(f"export_models: error: {name}: onnxruntime disagrees with torch")
        c = d / f"b{b}"
        c.mkdir(exist_ok=True)
        np.save(c / "input_0.npy", x)
        np.save(c / "ref_output_0.npy", ref)
    print(f"{name}: batches {spec.batches}, {onnx_path.stat().st_size / 1e6:.1f} MB")


def case_dir(name: str, batch: int, seq: int) -> str:
    return f"b{batch}_s{seq}"


def seq_inputs(spec: SeqModel, batch: int, seq: int) -> list[np.ndarray]:
    """Token ids, and an attention mask whose row b pads the last
    (b + 1) * seq // 5 positions (row 0 of a batch of one included)."""
    rng = np.random.default_rng([SEED, batch, seq])
    ids = rng.integers(0, spec.vocab, size=(batch, seq), dtype=np.int64)
    mask = np.ones((batch, seq), dtype=np.int64)
    for b in range(batch):
        mask[b, seq - (b + 1) * seq // 5:] = 0
    return [ids, mask][:len(spec.inputs)]


def export_seq(name: str, outdir: Path) -> None:
    """OUTDIR/NAME/model.onnx (dynamic batch and sequence axes) and, per test
    shape, OUTDIR/NAME/b<B>_s<S>/{input_<i>.npy, ref_output_0.npy}."""
    import onnxruntime as ort

    spec = SEQ_MODELS[name]
    torch.manual_seed(SEED)
    model = spec.ctor().eval()
    d = outdir / name
    d.mkdir(parents=True, exist_ok=True)
    onnx_path = d / "model.onnx"
    example = tuple(torch.from_numpy(a) for a in seq_inputs(spec, *spec.export_shape))
    axes = {n: {0: "batch", 1: "sequence"} for n in spec.inputs + ("output",)}
    with torch.no_grad():
        torch.onnx.export(model, example, str(onnx_path), opset_version=spec.opset,
                          input_names=list(spec.inputs), output_names=["output"],
                          dynamic_axes=axes, do_constant_folding=True)
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    for batch, seq in spec.shapes:
        xs = seq_inputs(spec, batch, seq)
        with torch.no_grad():
            ref_torch = model(*(torch.from_numpy(a) for a in xs)).numpy()
        ref = sess.run(None, dict(zip(spec.inputs, xs)))[0]
        err = float(np.max(np.abs(ref - ref_torch)))
        print(f"{name} {case_dir(name, batch, seq)}: output {ref.shape}, onnxruntime vs "
              f"torch max abs err {err:.3g}")
        if not np.allclose(ref, ref_torch, rtol=1e-3, atol=1e-4):
            raise SystemExit(f"export_models: error: {name}: onnxruntime disagrees with torch")
        c = d / case_dir(name, batch, seq)
        c.mkdir(exist_ok=True)
        for i, a in enumerate(xs):
            np.save(c / f"input_{i}.npy", a)
        np.save(c / "ref_output_0.npy", ref)
    print(f"{name}: {onnx_path.stat().st_size / 1e6:.1f} MB, opset {spec.opset}")


def randomise_bn_stats(model: torch.nn.Module, gen: torch.Generator) -> None:
    """Fresh BatchNorm layers are identities (mean 0, var 1); give them real
    statistics. The exporter folds them into the Convs (eval mode), so this
    makes the folded weights and biases realistic rather than the raw init."""
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(n, generator=gen) * 0.5 + 0.75)
            m.weight.data.copy_(torch.rand(n, generator=gen) * 0.5 + 0.75)
            m.bias.data.copy_(torch.randn(n, generator=gen) * 0.1)


def export_one(name: str, outdir: Path) -> None:
    import onnxruntime as ort

    ctor, shape = MODELS[name]
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    model = ctor().eval()
    randomise_bn_stats(model, gen)
    x = torch.from_numpy(
        np.random.default_rng(SEED).standard_normal(shape).astype(np.float32))

    d = outdir / name
    d.mkdir(parents=True, exist_ok=True)
    onnx_path = d / "model.onnx"
    with torch.no_grad():
        ref_torch = model(x).numpy()
        torch.onnx.export(model, (x,), str(onnx_path), opset_version=OPSET,
                          input_names=["input"], output_names=["output"],
                          do_constant_folding=True)
    np.save(d / "input.npy", x.numpy())

    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    ref = sess.run(None, {"input": x.numpy()})[0]
    err = float(np.max(np.abs(ref - ref_torch)))
    scale = float(np.max(np.abs(ref_torch)))
    print(f"{name}: output {ref.shape}, onnxruntime vs torch max abs err {err:.3g} "
          f"(output scale {scale:.3g}), {onnx_path.stat().st_size / 1e6:.1f} MB")
    if not np.allclose(ref, ref_torch, rtol=1e-3, atol=1e-4):
        raise SystemExit(f"export_models: error: {name}: onnxruntime disagrees with torch")
    np.save(d / "ref_output_0.npy", ref)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("outdir", type=Path)
    p.add_argument("--only", action="append",
                   choices=sorted(MODELS) + sorted(SEQ_MODELS) + sorted(DYNAMIC_MODELS),
                   help="export just this model (repeatable)")
    args = p.parse_args(argv)
    torch.set_num_threads(1)  # the machine is shared; and results stay reproducible
    for name in args.only or list(MODELS) + list(SEQ_MODELS) + list(DYNAMIC_MODELS):
        if name in SEQ_MODELS:
            export_seq(name, args.outdir)
        elif name in DYNAMIC_MODELS:
            export_dynamic(name, args.outdir)
        else:
            export_one(name, args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
