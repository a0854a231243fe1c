//===- Sparsity.h - the driver's -prune step ----------------------*- C++ -*-===//
#ifndef AICC_LIB_DRIVER_SPARSITY_H
#define AICC_LIB_DRIVER_SPARSITY_H

#include "aicc/Pipelines/Pipelines.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::aicc {

/// `aicc -prune=SPEC`: prunes the constant weights of `module`
/// (aicc-prune-weights) and prints one line per layer to `os`: the zero
/// fraction before and after. Fails (with an error printed) on a bad SPEC.
LogicalResult applyPruning(ModuleOp module, StringRef spec, raw_ostream &os);

/// `aicc -sparsity=auto|off|always` on the code generation's options:
/// auto uses the sparse kernel where measurement says it is faster, off
/// never, always for every product it can take (for measurements); each
/// product that gets the sparse kernel is reported as a remark. Fails
/// (with an error printed) on another value.
LogicalResult applySparsityMode(StringRef mode, CPUCodegenOptions &codegen);

} // namespace mlir::aicc

#endif
