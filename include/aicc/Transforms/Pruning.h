//===- Pruning.h - magnitude pruning of constant weights ----------*- C++ -*-===//
//
// `aicc -prune=...` and the aicc-prune-weights pass: zero the smallest
// constant weights of MatMul, Gemm and Conv at compile time, for sparsity
// experiments (docs/quantization.md, section Sparsity).
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TRANSFORMS_PRUNING_H
#define AICC_TRANSFORMS_PRUNING_H

#include "mlir/Support/LLVM.h"
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class Operation;
namespace aicc {

/// `unstructured:F`: the fraction F of each layer's weights with the
/// smallest magnitudes becomes zero. `N:M`: of every M consecutive weights
/// along the reduction (input channels, then the window), the N largest
/// stay (2:4 keeps 2 of 4).
struct PruneSpec {
  bool structured = false;
  double fraction = 0;     // unstructured
  int64_t keep = 0, group = 0; // N:M
};

/// Parses `unstructured:F` (0 <= F <= 1) or `N:M` (0 < N <= M); on error,
/// nothing, with the reason in `error`.
std::optional<PruneSpec> parsePruneSpec(StringRef text, std::string &error);

/// What pruning did to one weight.
struct PruneRecord {
  std::string layer;  // ONNX node name (or the op name)
  std::string opName; // MatMul, Gemm, Conv
  int64_t elements = 0;
  double zeroBefore = 0, zeroAfter = 0; // fractions
};

/// Prunes the constant f32 weights of the aicc.matmul, aicc.gemm and
/// aicc.conv ops under `root` per `spec`, in op order.
std::vector<PruneRecord> pruneWeights(Operation *root, const PruneSpec &spec);

} // namespace aicc
} // namespace mlir

#endif
