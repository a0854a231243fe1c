#!/usr/bin/env python3
"""Fine-tunes digits.onnx into a 2:4-sparse or a ternary classifier.

  build/venv/bin/python examples/digits/finetune.py --scheme 2:4|ternary [--out DIR]
  (the venv of scripts/make-venv.sh: Debian's torch and scikit-learn, and onnx
  from PyPI to read digits.onnx)

One-shot 2:4 pruning (aicc -prune=2:4) costs this 1352-weight network about
20 points of accuracy, one-shot ternary weights (aicc -quantize=ternary)
about 6 (docs/quantization.md). The usual remedy is to keep training with the
constraint in place, starting from the f32 weights of digits.onnx, on
train.py's training split, seeded (a rerun writes the same file):

- 2:4 (as NVIDIA's ASP): prune once exactly as aicc's -prune=2:4 does
  (aicc-prune-weights: the reduction dim K in groups of 4, the 2 largest
  magnitudes of each group kept, a tail of K % 4 left dense; K is the conv's
  C*KH*KW and the Gemm's input dim), then train with the pruned weights
  zeroed again after every step. Writes digits_2_4.onnx, whose weights are
  2:4 (aicc -prune=2:4 leaves them as they are).
- ternary (quantization-aware training, as BitNet b1.58): the forward pass
  uses the weights ternarised exactly as aicc's -quantize=ternary does
  (per output channel, scale = mean |w|, codes clamp(round_half_even(w /
  scale), -1, 1)), the gradient passes straight through to the f32 weights.
  Writes digits_ternary.onnx holding those f32 weights: aicc -quantize=ternary
  ternarises them into the network that was trained.

test/e2e/models/run_sparse.py and run_ptq.py check the results' accuracy.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from train import SEED, DigitsNet, accuracy  # noqa: E402

EPOCHS = 40
LR = 2e-3


def mask_2_4(w_kn: np.ndarray) -> np.ndarray:
    """The keep-mask of a [K, N] weight pruned to 2:4 along K (aicc's rule:
    stable order by decreasing magnitude, the K % 4 tail kept)."""
    keep = np.ones_like(w_kn, dtype=bool)
    k = w_kn.shape[0] - w_kn.shape[0] % 4
    g = w_kn[:k].reshape(k // 4, 4, -1)
    order = np.argsort(-np.abs(g), axis=1, kind="stable")
    m = np.zeros_like(g, dtype=bool)
    np.put_along_axis(m, order[:, :2, :], True, axis=1)
    keep[:k] = m.reshape(k, -1)
    return keep


class Ternary(torch.nn.Module):
    """Parametrization: the weight as aicc -quantize=ternary sees it (dim 0
    is the output channel in both torch layouts), straight-through gradient."""

    def forward(self, w: torch.Tensor) -> torch.Tensor:
        flat = w.reshape(w.shape[0], -1)
        scale = flat.abs().mean(1, keepdim=True).clamp_min(1e-12)
        t = (torch.round(flat / scale).clamp(-1, 1) * scale).reshape(w.shape)
        return w + (t - w).detach()


def load_onnx_weights(model: DigitsNet, path: Path) -> None:
    """Copies digits.onnx's initializers into the torch module (by shape)."""
    inits = [numpy_helper.to_array(i) for i in onnx.load(str(path)).graph.initializer]
    by_shape = {v.shape: v for v in inits}
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.from_numpy(np.array(by_shape[tuple(p.shape)])))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scheme", choices=["2:4", "ternary"], required=True)
    p.add_argument("--out", type=Path, default=HERE)
    args = p.parse_args(argv)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)

    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    y = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.25, random_state=SEED, stratify=y)

    model = DigitsNet()
    load_onnx_weights(model, HERE / "digits.onnx")
    dense_acc = accuracy(model.eval(), x_test, y_test)
    layers = (model.conv, model.fc)

    masks = []
    if args.scheme == "2:4":
        # conv [O, C, KH, KW] pruned along C*KH*KW; Linear [N, K] (ONNX Gemm
        # with transB) along K: both are [O, K] once flattened.
        with torch.no_grad():
            for layer in layers:
                w = layer.weight
                keep = mask_2_4(w.detach().numpy().reshape(w.shape[0], -1).T).T
                masks.append(torch.from_numpy(keep.reshape(w.shape)))
                w.mul_(masks[-1])
    else:
        for layer in layers:
            torch.nn.utils.parametrize.register_parametrization(layer, "weight", Ternary())
    oneshot_acc = accuracy(model.eval(), x_test, y_test)

    opt = torch.optim.Adam(model.parameters(), lr=LR)
    xt, yt = torch.from_numpy(x_train), torch.from_numpy(y_train)
    gen = torch.Generator().manual_seed(SEED)
    for _ in range(EPOCHS):
        model.train()
        for idx in torch.randperm(len(xt), generator=gen).split(64):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(xt[idx]), yt[idx]).backward()
            opt.step()
            with torch.no_grad():
                for layer, mask in zip(layers, masks):
                    layer.weight.mul_(mask)
    model.eval()
    tuned_acc = accuracy(model, x_test, y_test)
    if args.scheme == "ternary":
        # Export the trained f32 weights; aicc ternarises them the same way.
        for layer in layers:
            torch.nn.utils.parametrize.remove_parametrizations(layer, "weight",
                                                               leave_parametrized=False)

    out = args.out / f"digits_{args.scheme.replace(':', '_')}.onnx"
    torch.onnx.export(model, (torch.zeros(1, 1, 8, 8),), str(out), opset_version=13,
                      input_names=["image"], output_names=["logits"],
                      do_constant_folding=True)
    print(f"held-out accuracy ({len(y_test)} images, f32 activations): dense {dense_acc:.4f}, "
          f"one-shot {args.scheme} {oneshot_acc:.4f}, {args.scheme} after {EPOCHS} epochs "
          f"{tuned_acc:.4f}; wrote {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
