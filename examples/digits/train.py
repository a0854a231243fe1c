#!/usr/bin/env python3
"""Trains the digits demo network and exports it for aicc.

  /usr/bin/python3 examples/digits/train.py [--out examples/digits]
  (or build/venv/bin/python; needs Debian's python3-torch and python3-sklearn)

Data: scikit-learn's bundled load_digits() (1797 8x8 images, values 0..16),
scaled to 0..1. Network: Conv(1->8, 3x3, pad 1) -> Relu -> MaxPool 2x2 ->
Flatten -> Gemm(128->10). Everything is seeded, so a rerun reproduces the
same files.

Writes into --out:
  digits.onnx             input `image` float32 [1,1,8,8], output `logits` [1,10]
  samples.bin             little-endian: int32 N, then N records of
                          {int32 label, 64 float32 pixels (row-major, 0..1)}
  expected_accuracy.txt   torch's accuracy on exactly those N samples
"""

from __future__ import annotations

import argparse
import struct
import sys
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
N_SAMPLES = 32
EPOCHS = 30


class DigitsNet(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.pool = torch.nn.MaxPool2d(2)
        self.fc = torch.nn.Linear(8 * 4 * 4, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(torch.relu(self.conv(x)))
        return self.fc(torch.flatten(x, 1))


def accuracy(model: torch.nn.Module, x: np.ndarray, y: np.ndarray) -> float:
    with torch.no_grad():
        pred = model(torch.from_numpy(x)).argmax(1).numpy()
    return float((pred == y).mean())


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = p.parse_args(argv)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)  # reproducible, and the build machine is shared

    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[:, None, :, :]  # [N,1,8,8]
    y = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.25, random_state=SEED, stratify=y)

    model = DigitsNet()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    xt, yt = torch.from_numpy(x_train), torch.from_numpy(y_train)
    gen = torch.Generator().manual_seed(SEED)
    t0 = time.monotonic()
    for _ in range(EPOCHS):
        model.train()
        for idx in torch.randperm(len(xt), generator=gen).split(64):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
    model.eval()
    print(f"trained {EPOCHS} epochs in {time.monotonic() - t0:.1f} s; "
          f"train accuracy {accuracy(model, x_train, y_train):.4f}, "
          f"test accuracy {accuracy(model, x_test, y_test):.4f} ({len(y_test)} images)")

    args.out.mkdir(parents=True, exist_ok=True)
    onnx_path = args.out / "digits.onnx"
    torch.onnx.export(model, (torch.zeros(1, 1, 8, 8),), str(onnx_path),
                      opset_version=13, input_names=["image"],
                      output_names=["logits"], do_constant_folding=True)

    # The first N held-out images: never seen in training.
    xs, ys = x_test[:N_SAMPLES], y_test[:N_SAMPLES]
    with open(args.out / "samples.bin", "wb") as f:
        f.write(struct.pack("<i", len(ys)))
        for img, label in zip(xs, ys):
            f.write(struct.pack("<i", int(label)))
            f.write(img.astype("<f4").tobytes())
    acc = accuracy(model, xs, ys)
    correct = round(acc * len(ys))
    (args.out / "expected_accuracy.txt").write_text(f"{acc:.4f}\n")
    print(f"wrote {onnx_path} ({onnx_path.stat().st_size} bytes), samples.bin "
          f"({len(ys)} samples), expected_accuracy.txt: {acc:.4f} ({correct}/{len(ys)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
