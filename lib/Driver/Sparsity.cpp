//===- Sparsity.cpp - the driver's -prune step -------------------------------===//
#include "Sparsity.h"
#include "DiagnosticPrinter.h"
#include "aicc/Transforms/Pruning.h"
#include "llvm/Support/Format.h"

using namespace mlir;
using namespace mlir::aicc;

LogicalResult mlir::aicc::applyPruning(ModuleOp module, StringRef spec, raw_ostream &os) {
  std::string error;
  std::optional<PruneSpec> parsed = parsePruneSpec(spec, error);
  if (!parsed) {
    reportError(error);
    return failure();
  }
  std::vector<PruneRecord> records = pruneWeights(module, *parsed);
  os << "prune " << spec << ": " << records.size() << " weight"
     << (records.size() == 1 ? "" : "s") << " (layer, op, elements, zeros before -> after)\n";
  int64_t total = 0;
  double before = 0, after = 0;
  for (const PruneRecord &r : records) {
    os << "  " << r.layer << " (" << r.opName << "): " << r.elements << ", "
       << llvm::format("%.3f -> %.3f", r.zeroBefore, r.zeroAfter) << "\n";
    total += r.elements;
    before += r.zeroBefore * r.elements;
    after += r.zeroAfter * r.elements;
  }
  if (total > 0)
    os << "  all: " << total << ", "
       << llvm::format("%.3f -> %.3f", before / total, after / total) << "\n";
  os.flush();
  return success();
}

LogicalResult mlir::aicc::applySparsityMode(StringRef mode, CPUCodegenOptions &codegen) {
  // The report: a remark at each product that gets the sparse kernel.
  codegen.sparseReport = true;
  if (mode == "auto")
    return success();
  if (mode == "off") {
    codegen.sparseKernels = false;
    return success();
  }
  if (mode == "always") {
    codegen.sparseMinZeroFraction = 0.0;
    codegen.sparseMinRows = 0;
    return success();
  }
  reportError("-sparsity expects auto, off or always, got '" + mode.str() + "'");
  return failure();
}
