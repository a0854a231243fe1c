#!/usr/bin/env python3
"""Exports the e2e test networks to ONNX with reference outputs.

  build/venv/bin/python test/e2e/models/export_models.py OUTDIR [--only NAME]...

For each model NAME this writes OUTDIR/NAME/{model.onnx, input.npy,
ref_output_0.npy}: weights are random (fixed seeds; nothing is downloaded),
batch 1 with static shapes, graph input `input`, opset 13. The reference
output comes from onnxruntime, which is first checked against torch itself.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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


# name -> (constructor, input shape)
MODELS = {
    "mlp": (mlp, (1, 1, 28, 28)),
    "conv_zoo": (ConvZoo, (2, 3, 13, 13)),
    "resnet18": (lambda: torchvision.models.resnet18(weights=None), (1, 3, 224, 224)),
    "mobilenet_v2": (lambda: torchvision.models.mobilenet_v2(weights=None), (1, 3, 224, 224)),
}


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
    p.add_argument("--only", action="append", choices=sorted(MODELS),
                   help="export just this model (repeatable)")
    args = p.parse_args(argv)
    torch.set_num_threads(1)  # the machine is shared; and results stay reproducible
    for name in args.only or MODELS:
        export_one(name, args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
