#!/usr/bin/env python3
"""Renders docs/conformance.md from a run_node_tests.py --report file.

  build/venv/bin/python test/e2e/node/render_conformance.py REPORT.json \\
      -o docs/conformance.md [--commit TEXT]

scripts/update-conformance.sh runs the node suite and this in one go. The
ONNX op list comes from onnx.defs.get_all_schemas() of the onnx package this
runs with (the venv's), so run it with build/venv/bin/python.

Tests whose outputs are random (RandomNormal, Bernoulli, ... and Dropout in
training mode) and tests of training-domain ops are listed as excluded and
counted nowhere else.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SOURCES = ("debian", "onnx")
SOURCE_TEXT = {
    "debian": "Debian's libonnx-testdata (`/usr/share/libonnx-testdata/data/node`)",
    "onnx": "the venv's onnx package (`onnx.backend.test.case.node`)",
}
REGENERATE = "scripts/update-conformance.sh"

# Ops whose outputs depend on a random generator: no reference can match.
RANDOM_OPS = {"RandomNormal", "RandomNormalLike", "RandomUniform",
              "RandomUniformLike", "Bernoulli", "Multinomial"}
TRAINING_DOMAIN = "ai.onnx.preview.training::"
# Dropout with training_mode=true and a non-zero ratio draws a random mask.
RANDOM_TEST = re.compile(r"^test_training_dropout(?!_zero_ratio)")

CONSTANT_INPUT = "shape-determining input given at run time (needs dynamic shapes)"
# (category, pattern on the reason), first match wins.
CATEGORIES = [
    (CONSTANT_INPUT, re.compile(r"must be a compile-time constant")),
    ("training-only outputs (training_mode=1)", re.compile(r"training_mode")),
    ("unsupported element type",
     re.compile(r"element type|string tensors|bfloat16|rejects the dtype")),
    ("unsupported optional output", re.compile(r"output of \w+ is not supported")),
    ("unsupported attribute value", re.compile(r"attribute '[^']+'.*not supported")),
    ("code generation or linking",
     re.compile(r"libcall|does not link|undefined symbol|LLVM")),
    ("wrong results", re.compile(r"mismatch|elements differ|tolerance", re.I)),
    ("crash or timeout", re.compile(r"crash|timed out")),
]
OTHER = "other"


def die(msg: str) -> None:
    print(f"render_conformance: error: {msg}", file=sys.stderr)
    sys.exit(2)


def category(reason: str) -> str:
    for name, pattern in CATEGORIES:
        if pattern.search(reason):
            return name
    return OTHER


def elem_type_name(num: int) -> str:
    try:
        from onnx import TensorProto

        return TensorProto.DataType.Name(num)
    except Exception:
        return f"element type {num}"


def subcategory(cat: str, reason: str) -> str:
    """A finer key inside a category: which input, type or attribute."""
    if cat == CONSTANT_INPUT:
        m = re.search(r"'(\w+)' input of (\w+)", reason)
        return f"{m.group(2)} `{m.group(1)}`" if m else ""
    if cat == "unsupported element type":
        m = re.search(r"element type unknown \((\d+)\)", reason)
        if m:
            return elem_type_name(int(m.group(1)))
        m = re.search(r"element type (\w+)", reason)
        if m:
            return m.group(1)
        if "string" in reason:
            return "STRING"
        if "bfloat16" in reason:
            return "BFLOAT16 stored as uint16 by old test data"
        return ""
    if cat == "unsupported attribute value":
        m = re.search(r"\((\w+)\): attribute '([^']+)'( value '[^']+'| = \S+)?", reason)
        if m:
            return f"{m.group(1)} `{m.group(2)}`{(m.group(3) or '').replace(' value', ' =')}"
    if cat == "training-only outputs (training_mode=1)":
        m = re.search(r"\((\w+)\): attribute 'training_mode'", reason)
        return m.group(1) if m else ""
    if cat == "code generation or linking":
        m = re.search(r"\b(bf16|f16|f64)\b.*?(__\w+)", reason)
        return f"{m.group(1)} `{m.group(2)}`" if m else ""
    if cat == "unsupported optional output":
        m = re.search(r"'(\w+)' output of (\w+)", reason)
        return f"{m.group(2)} `{m.group(1)}`" if m else ""
    return ""


def exclusion(rec: dict) -> str | None:
    ops = set(rec["ops"])
    random_ops = sorted(ops & RANDOM_OPS)
    if random_ops:
        return f"random outputs ({', '.join(random_ops)})"
    training = sorted(o for o in ops if o.startswith(TRAINING_DOMAIN))
    if training:
        return "training-domain op (" + ", ".join(
            o.removeprefix(TRAINING_DOMAIN) for o in training) + ")"
    if RANDOM_TEST.match(rec["name"]):
        return "random outputs (Dropout in training mode)"
    return None


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), *args], check=True,
                              capture_output=True, text=True).stdout.strip()
    except Exception:
        return ""


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:.1f}%" if d else "n/a"


def md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def ops_text(ops) -> str:
    return ", ".join(f"`{o}`" for o in ops)


def default_domain_ops() -> dict[str, bool]:
    """Name -> deprecated, for every default-domain op the onnx package knows."""
    import onnx.defs

    return {s.name: bool(s.deprecated) for s in onnx.defs.get_all_schemas()
            if s.domain in ("", "ai.onnx")}


def short_opsets(opsets) -> str:
    vals = sorted(opsets)
    if not vals:
        return ""
    # Ranges keep the column narrow: 6-9, 11, 13-21.
    out, start, prev = [], vals[0], vals[0]
    for v in vals[1:] + [None]:
        if v is not None and v == prev + 1:
            prev = v
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if v is not None:
            start = prev = v
    return ", ".join(out)


def render(report: dict, commit: str) -> str:
    import onnx

    tests = report["tests"]
    if report.get("filter"):
        print(f"render_conformance: warning: the report was made with --filter "
              f"{report['filter']!r}; numbers cover those tests only", file=sys.stderr)
    supported = set(report["supported_ops"])
    excluded, counted = [], []
    for rec in tests:
        why = exclusion(rec)
        (excluded if why else counted).append((rec, why))
    counted = [rec for rec, _ in counted]

    def stats(recs):
        c = collections.Counter(r["status"] for r in recs)
        run = c["pass"] + c["xfail"] + c["fail"]
        return {"tests": len(recs), "skipped": c["skipped-unsupported-op"],
                "run": run, "pass": c["pass"], "xfail": c["xfail"], "fail": c["fail"],
                "xpass": sum(bool(r.get("unexpected_pass")) for r in recs)}

    per_source = {s: stats([r for r in counted if r["source"] == s]) for s in SOURCES}
    per_source["all"] = stats(counted)
    excl_by_source = collections.Counter(rec["source"] for rec, _ in excluded)
    total_by_source = collections.Counter(r["source"] for r in tests)
    a = per_source["all"]
    o = per_source["onnx"]

    L: list[str] = []
    L.append("<!-- Generated by scripts/update-conformance.sh "
             "(test/e2e/node/render_conformance.py); do not edit. -->")
    L.append("# ONNX conformance")
    L.append("")
    L.append(f"Generated {report['generated']} at commit {commit}, by running the ONNX "
             f"backend node tests through `aicc` and `aicc-run` on the CPU target "
             f"(`test/e2e/node/run_node_tests.py`, onnx {report['onnx_version']}). "
             f"Regenerate it with:")
    L.append("")
    L.append("```sh")
    L.append(REGENERATE)
    L.append("```")
    L.append("")
    L.append("which runs `build/venv/bin/python test/e2e/node/run_node_tests.py "
             "--report build/conformance.json` and renders this file from that report "
             "with `test/e2e/node/render_conformance.py`. Test sources: "
             + "; ".join(f"`{s}/` is {t}" for s, t in SOURCE_TEXT.items())
             + ". Many tests exist in both, at different opsets.")
    L.append("")
    L.append("## Summary")
    L.append("")
    L.append(f"- **{a['pass']} of {a['run']} tests whose ops aicc supports pass "
             f"({pct(a['pass'], a['run'])})**; the rest are expected failures "
             f"(`xfail.txt`), broken down [below](#expected-failures-by-reason).")
    L.append(f"- **{a['pass']} of {a['tests']} node tests pass overall "
             f"({pct(a['pass'], a['tests'])})**; {a['skipped']} are skipped because "
             f"their graph uses an op aicc does not support.")
    L.append(f"- Current ONNX alone (`onnx/`, onnx {report['onnx_version']}): "
             f"{o['pass']} of {o['run']} runnable ({pct(o['pass'], o['run'])}), "
             f"{o['pass']} of {o['tests']} overall ({pct(o['pass'], o['tests'])}).")
    n_excl = len(excluded)
    L.append(f"- {n_excl} tests are [excluded](#excluded-tests) (random outputs, "
             f"training-domain ops) and counted nowhere above.")
    if a["fail"] or a["xpass"]:
        L.append(f"- **{a['fail']} unexpected failures and {a['xpass']} unexpected "
                 f"passes** in this run; see [below](#unexpected-results).")
    L.append("")
    L.append("| | " + " | ".join(f"`{s}/`" for s in SOURCES) + " | all |")
    L.append("| --- |" + " ---: |" * (len(SOURCES) + 1))
    rows = [
        ("node tests", lambda s: total_by_source[s] if s != "all" else len(tests)),
        ("excluded", lambda s: excl_by_source[s] if s != "all" else n_excl),
        ("counted", lambda s: per_source[s]["tests"]),
        ("skipped: unsupported op", lambda s: per_source[s]["skipped"]),
        ("run: all ops supported", lambda s: per_source[s]["run"]),
        ("passed", lambda s: per_source[s]["pass"]),
        ("expected failures", lambda s: per_source[s]["xfail"]),
        ("unexpected failures", lambda s: per_source[s]["fail"]),
        ("pass rate, run tests",
         lambda s: pct(per_source[s]["pass"], per_source[s]["run"])),
        ("pass rate, all counted tests",
         lambda s: pct(per_source[s]["pass"], per_source[s]["tests"])),
    ]
    for label, fn in rows:
        L.append(f"| {label} | " + " | ".join(str(fn(s)) for s in (*SOURCES, "all"))
                 + " |")
    L.append("")

    # ---- per op ----------------------------------------------------------
    by_op: dict[str, list[dict]] = collections.defaultdict(list)
    for r in counted:
        for op in r["ops"]:
            by_op[op].append(r)
    L.append("## Supported ops")
    L.append("")
    L.append(f"The {len(supported)} ops of `test/e2e/node/ops.txt`. A test counts for "
             "every op in its graph (expanded function tests count for each op "
             "of the expansion). *Opsets* are the opsets the tests' models import; "
             "*dtypes* are the element types of the tests' graph inputs and outputs. "
             "*Run* excludes tests skipped for another, unsupported op.")
    L.append("")
    L.append("| op | opsets | dtypes | passed | run | tests |")
    L.append("| --- | --- | --- | ---: | ---: | ---: |")
    for op in sorted(supported, key=str.lower):
        recs = by_op.get(op, [])
        st = stats(recs)
        opsets = {r["opset"] for r in recs if r["opset"] is not None}
        dtypes = sorted({t for r in recs for t in r["input_types"] + r["output_types"]})
        L.append(f"| `{op}` | {short_opsets(opsets)} | {', '.join(dtypes)} | "
                 f"{st['pass']} | {st['run']} | {st['tests']} |")
    L.append("")

    schemas = default_domain_ops()
    missing = sorted(set(schemas) - supported, key=str.lower)
    L.append("## Ops aicc does not support")
    L.append("")
    L.append(f"{len(missing)} of the {len(schemas)} default-domain ops of onnx "
             f"{onnx.__version__} (`onnx.defs.get_all_schemas()`) are not supported "
             f"at all. *Tests* counts the counted node tests that use the op; "
             f"*only missing op* those where it is the only unsupported op, i.e. "
             f"what supporting it would unlock.")
    L.append("")
    L.append("| op | tests | only missing op | opsets |")
    L.append("| --- | ---: | ---: | --- |")
    for op in missing:
        recs = by_op.get(op, [])
        alone = sum(r.get("missing_ops") == [op] for r in recs)
        opsets = {r["opset"] for r in recs if r["opset"] is not None}
        note = " (deprecated)" if schemas[op] else ""
        L.append(f"| `{op}`{note} | {len(recs)} | {alone} | {short_opsets(opsets)} |")
    L.append("")
    other = sorted(op for op in by_op if op not in supported and op not in schemas)
    if other:
        L.append("Other op types that node tests use: other domains, and graph "
                 "inputs or outputs that are not tensors (`<sequence>`, `<optional>`, "
                 "...), which aicc does not handle:")
        L.append("")
        L.append("| op | tests |")
        L.append("| --- | ---: |")
        for op in other:
            L.append(f"| `{op}` | {len(by_op[op])} |")
        L.append("")

    # ---- expected failures -----------------------------------------------
    xfails = [r for r in counted if r["status"] == "xfail"]
    cats: dict[str, list[dict]] = collections.defaultdict(list)
    for r in xfails:
        reason = r.get("xfail_reason") or r.get("error", "")
        r["_category"] = category(reason)
        r["_sub"] = subcategory(r["_category"], reason)
        cats[r["_category"]].append(r)
    L.append("## Expected failures by reason")
    L.append("")
    L.append(f"{len(xfails)} tests whose ops are all supported fail as expected "
             f"(listed in `test/e2e/node/xfail.txt`), grouped by the reason recorded "
             f"there. Every test is listed [at the end](#all-expected-failures).")
    L.append("")
    L.append("| reason | tests | of which |")
    L.append("| --- | ---: | --- |")
    order = [c for c, _ in CATEGORIES] + [OTHER]
    for cat in sorted(cats, key=lambda c: (-len(cats[c]), order.index(c))):
        subs = collections.Counter(r["_sub"] for r in cats[cat] if r["_sub"])
        detail = ", ".join(f"{k} {v}" for k, v in
                           sorted(subs.items(), key=lambda kv: (-kv[1], kv[0])))
        L.append(f"| {cat} | {len(cats[cat])} | {md_escape(detail)} |")
    L.append("")

    unexpected = [r for r in counted if r["status"] == "fail" or r.get("unexpected_pass")]
    if unexpected:
        L.append("## Unexpected results")
        L.append("")
        L.append("Results that `xfail.txt` does not predict (the suite reports "
                 "them as failures):")
        L.append("")
        L.append("| test | result | first error line |")
        L.append("| --- | --- | --- |")
        for r in unexpected:
            if r.get("unexpected_pass"):
                res, err = "passes (listed in xfail.txt)", r.get("xfail_reason", "")
            else:
                res, err = r.get("result", "fail"), r.get("error", "")
            L.append(f"| `{r['source']}/{r['name']}` | {res} | {md_escape(err)} |")
        L.append("")

    L.append("## Excluded tests")
    L.append("")
    L.append(f"{n_excl} tests are not counted: their expected outputs come from a "
             "random generator, or they test training-domain ops "
             f"(`{TRAINING_DOMAIN.rstrip(':')}`), which an inference compiler does not "
             "implement.")
    L.append("")
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for rec, why in excluded:
        groups[why].append(f"{rec['source']}/{rec['name']}")
    for why in sorted(groups):
        L.append(f"- {why}: " + ", ".join(f"`{n}`" for n in groups[why]))
    L.append("")

    L.append("## All expected failures")
    L.append("")
    L.append("| test | category | reason (`xfail.txt`) |")
    L.append("| --- | --- | --- |")
    for r in sorted(xfails, key=lambda r: (r["source"], r["name"])):
        reason = r.get("xfail_reason") or r.get("error", "")
        L.append(f"| `{r['source']}/{r['name']}` | {r['_category']} | "
                 f"{md_escape(reason)} |")
    L.append("")
    return "\n".join(L)


def render_coverage(report: dict) -> str:
    """The C++ table behind `aicc --list-ops`: per supported op, the opsets and
    graph element types of its passing node tests."""
    by_op: dict[str, list[dict]] = collections.defaultdict(list)
    for r in report["tests"]:
        if r["status"] == "pass" and not exclusion(r):
            for op in r["ops"]:
                by_op[op].append(r)
    lines = ["// Generated by test/e2e/node/render_conformance.py (scripts/update-conformance.sh)",
             "// from the node-test report; do not edit. Per op of ops.txt: the opsets and",
             "// the graph input/output element types of its passing node tests.",
             "// AICC_NODE_TEST_COVERAGE(op, opsets, element types)"]
    for op in sorted(report["supported_ops"], key=str.lower):
        if op.startswith("<"):
            continue
        recs = by_op.get(op, [])
        opsets = short_opsets({r["opset"] for r in recs if r["opset"] is not None})
        dtypes = ", ".join(sorted({t for r in recs
                                   for t in r["input_types"] + r["output_types"]}))
        lines.append(f'AICC_NODE_TEST_COVERAGE("{op}", "{opsets}", "{dtypes}")')
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("report", type=Path, help="run_node_tests.py --report output")
    p.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "conformance.md")
    p.add_argument("--commit", help="commit text to print (default: git HEAD)")
    p.add_argument("--coverage-inc", type=Path,
                   default=ROOT / "lib" / "Import" / "ONNX" / "NodeTestCoverage.inc",
                   help="where to write the table of `aicc --list-ops`")
    args = p.parse_args(argv)
    try:
        report = json.loads(args.report.read_text())
    except (OSError, ValueError) as e:
        die(f"cannot read {args.report}: {e}")
    if report.get("format") != 1:
        die(f"{args.report}: unknown report format {report.get('format')!r}")
    commit = args.commit
    if not commit:
        sha = git("rev-parse", "--short=12", "HEAD") or "unknown"
        date = git("log", "-1", "--format=%cs", "HEAD")
        commit = f"`{sha}`" + (f" ({date})" if date else "")
        if git("status", "--porcelain", "--untracked-files=no"):
            commit += " with uncommitted changes in the tree"
    args.output.write_text(render(report, commit))
    print(f"wrote {args.output}")
    if not report.get("filter"):
        args.coverage_inc.write_text(render_coverage(report))
        print(f"wrote {args.coverage_inc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
