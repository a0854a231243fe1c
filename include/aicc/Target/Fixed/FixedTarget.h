//===- FixedTarget.h - the fixed-function hardware target ---------*- C++ -*-===//
//
// -target=fixed -emit=verilog: after the graph pipeline and the fixed
// pipeline (buildFixedPipeline), writes into a directory
//   model.v       one module per layer and `top` (AXI-Stream ports)
//   harness.cpp   a Verilator main: raw int8 vectors in, raw int8 out
//   report.json   latency, initiation interval, interface, per-layer counts
// (docs/fixed-function.md).
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_FIXED_FIXEDTARGET_H
#define AICC_TARGET_FIXED_FIXEDTARGET_H

#include "mlir/IR/BuiltinOps.h"
#include <string>

namespace mlir::aicc {

/// Writes the design for `module` into `outDir` (created if missing).
/// IR problems are diagnostics at the ops; I/O problems go to `error`.
LogicalResult emitFixedDesign(ModuleOp module, StringRef outDir, std::string &error);

} // namespace mlir::aicc

#endif
