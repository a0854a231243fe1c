//===- MemoryPlan.h - the arena plan of aicc-plan-memory ----------*- C++ -*-===//
//
// What aicc-plan-memory decided for one function: where each intermediate
// buffer lives in the arena and when it is live. With `record=true` the pass
// stores it on the function as the discardable attribute `aicc.memory_plan`
// (it survives lowering to the LLVM dialect); `aicc -print-memory-plan` and
// `-memory-plan-svg` read it back from there.
//
//   aicc.memory_plan = {alignment = 64 : i64, arena_bytes = 128 : i64,
//                       total_bytes = 192 : i64, positions = 9 : i64,
//                       reuse = true, buffers = [{bytes = 64 : i64,
//                       first = 0 : i64, last = 3 : i64, node = "conv1",
//                       offset = 0 : i64, op = "Conv"}, ...]}
//
// Positions are indices in the function's entry block at the time of the
// pass (program order); a buffer is live from its allocation (`first`) to the
// last entry-block op that touches it or a view of it (`last`), inclusive.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TRANSFORMS_MEMORYPLAN_H
#define AICC_TRANSFORMS_MEMORYPLAN_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"
#include <optional>
#include <string>
#include <vector>

namespace mlir::aicc {

/// Name of the function attribute written by aicc-plan-memory{record=true}.
inline constexpr llvm::StringLiteral kMemoryPlanAttrName = "aicc.memory_plan";

struct PlannedBuffer {
  std::string node; ///< ONNX node (outermost NameLoc), or "" if unnamed
  std::string op;   ///< ONNX op type (the NameLoc's child NameLoc), or ""
  int64_t offset = 0, bytes = 0; ///< bytes: size rounded up to the alignment
  int64_t first = 0, last = 0;   ///< live range, inclusive entry-block positions
};

struct MemoryPlan {
  std::string function;
  int64_t alignment = 0;
  bool reuse = true;
  int64_t arenaBytes = 0; ///< the arena: max(offset + bytes)
  int64_t totalBytes = 0; ///< sum of all buffer sizes: the arena without reuse
  int64_t positions = 0;  ///< ops in the entry block (the time axis)
  std::vector<PlannedBuffer> buffers; ///< in program order (by `first`)

  /// The most bytes live at any one position: a lower bound on the arena of
  /// any placement of these live ranges.
  int64_t maxLiveBytes() const;
  /// totalBytes / arenaBytes (1 when the arena is empty).
  double reuseRatio() const;
};

/// "conv1" and "Conv" from an importer location NameLoc("conv1", NameLoc("Conv"))
/// (looking through fused and call-site locations); empty strings otherwise.
std::pair<std::string, std::string> nodeAndOpType(Location loc);

DictionaryAttr memoryPlanToAttr(MLIRContext *ctx, const MemoryPlan &plan);
/// std::nullopt if `attr` is not a well-formed plan.
std::optional<MemoryPlan> memoryPlanFromAttr(DictionaryAttr attr, StringRef function);

/// The human-readable table of `aicc -print-memory-plan` and
/// aicc-plan-memory{print=true}.
void printMemoryPlan(raw_ostream &os, const MemoryPlan &plan);

} // namespace mlir::aicc

#endif
