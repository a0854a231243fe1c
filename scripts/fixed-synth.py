#!/usr/bin/env python3
"""Synthesizes a -target=fixed design with yosys and adds the figures to its report.json.

  python3 scripts/fixed-synth.py DIR [--flow generic|ice40|xilinx] [--timeout SECONDS]

DIR is the output of `aicc M.onnx -target=fixed -emit=verilog -o DIR`. The
flow runs `synth -top top -flatten` (generic gates), `synth_ice40` (4-input
LUTs, carry cells) or `synth_xilinx` (6-input LUTs, CARRY4/8,
DSP48 inference on), then `stat -json`; report.json gets a "yosys" entry
with the flow, the cell count, cells by type, flip-flops, LUTs and DSPs
(where the flow has them) and the wall time. Not part of `aicc` or `make
test`: synthesis of a whole network takes from seconds to minutes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

FLOWS = {
    "generic": "synth -top top -flatten",
    "ice40": "synth_ice40 -top top",
    "xilinx": "synth_xilinx -top top -flatten",
}


def summarise(by_type: dict[str, int]) -> dict[str, int]:
    ffs = sum(n for t, n in by_type.items() if "DFF" in t.upper() or t.startswith("FD"))
    luts = sum(n for t, n in by_type.items() if "LUT" in t.upper())
    carry = sum(n for t, n in by_type.items() if "CARRY" in t.upper())
    dsps = sum(n for t, n in by_type.items() if "DSP" in t.upper() or "MAC" in t.upper())
    return {"flip_flops": ffs, "luts": luts, "carry_cells": carry, "dsps": dsps}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", type=Path)
    p.add_argument("--flow", choices=sorted(FLOWS), default="generic")
    p.add_argument("--timeout", type=float, default=3600)
    args = p.parse_args(argv)
    report_path = args.dir / "report.json"
    if not (args.dir / "model.v").exists() or not report_path.exists():
        print(f"fixed-synth: error: {args.dir} has no model.v and report.json", file=sys.stderr)
        return 1
    if not shutil.which("yosys"):
        print("fixed-synth: error: yosys is not installed (scripts/install-deps.sh)",
              file=sys.stderr)
        return 1
    stat = args.dir / f"yosys-{args.flow}.json"
    script = f"read_verilog model.v; {FLOWS[args.flow]}; tee -q -o {stat.name} stat -json"
    start = time.monotonic()
    try:
        r = subprocess.run(["yosys", "-q", "-p", script], cwd=args.dir, capture_output=True,
                           text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        print(f"fixed-synth: error: yosys ran over {args.timeout:.0f} s", file=sys.stderr)
        return 1
    seconds = time.monotonic() - start
    if r.returncode != 0 or not stat.exists():
        print(f"fixed-synth: error: yosys failed:\n{r.stdout[-2000:]}{r.stderr[-2000:]}",
              file=sys.stderr)
        return 1
    design = json.loads(stat.read_text())["design"]
    by_type = design.get("num_cells_by_type", {})
    figures = {"flow": args.flow, "script": script, "cells": design["num_cells"],
               **summarise(by_type), "cells_by_type": by_type,
               "seconds": round(seconds, 1)}
    report = json.loads(report_path.read_text())
    report.setdefault("yosys", {})[args.flow] = figures
    report_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    print(json.dumps({k: v for k, v in figures.items() if k != "cells_by_type"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
