//===- PruneWeights.cpp - the aicc-prune-weights pass ------------------------===//
//
// Magnitude pruning of constant MatMul / Gemm / Conv weights at compile time
// (`aicc -prune=unstructured:0.9`, `-prune=2:4`): for experiments with the
// sparse kernels, not a training-aware method.
//
//===----------------------------------------------------------------------===//
#include "ConstantWeights.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Transforms/Passes.h"
#include "aicc/Transforms/Pruning.h"
#include <algorithm>
#include <numeric>

namespace mlir::aicc {
#define GEN_PASS_DEF_PRUNEWEIGHTS
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

std::optional<PruneSpec> mlir::aicc::parsePruneSpec(StringRef text, std::string &error) {
  PruneSpec spec;
  if (text.consume_front("unstructured:")) {
    if (text.getAsDouble(spec.fraction) || !(spec.fraction >= 0 && spec.fraction <= 1)) {
      error = "-prune=unstructured:F expects a fraction F in [0, 1], got '" + text.str() + "'";
      return std::nullopt;
    }
    return spec;
  }
  auto [n, m] = text.split(':');
  spec.structured = true;
  if (n.getAsInteger(10, spec.keep) || m.getAsInteger(10, spec.group) || spec.keep < 1 ||
      spec.group < spec.keep) {
    error = "-prune expects unstructured:F or N:M (e.g. 2:4), got '" + text.str() + "'";
    return std::nullopt;
  }
  return spec;
}

namespace {

/// A weight seen as [outer, K, inner] with the reduction K in the middle:
/// N:M groups run along K.
struct WeightView {
  Value weight;
  int64_t outer, k, inner;
};

std::optional<WeightView> prunableWeight(Operation *op) {
  auto shape = [](Value v) { return cast<ShapedType>(v.getType()).getShape(); };
  auto ranked = [](Value v) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    return t && t.hasStaticShape() && t.getElementType().isF32();
  };
  if (auto mm = dyn_cast<MatMulOp>(op)) {
    if (!ranked(mm.getRhs()) || shape(mm.getRhs()).size() != 2)
      return std::nullopt;
    auto s = shape(mm.getRhs());
    return WeightView{mm.getRhs(), 1, s[0], s[1]};
  }
  if (auto gemm = dyn_cast<GemmOp>(op)) {
    if (!ranked(gemm.getB()))
      return std::nullopt;
    auto s = shape(gemm.getB());
    return gemm.getTransB() ? WeightView{gemm.getB(), s[0], s[1], 1}
                            : WeightView{gemm.getB(), 1, s[0], s[1]};
  }
  if (auto conv = dyn_cast<ConvOp>(op)) {
    if (!ranked(conv.getWeight()))
      return std::nullopt;
    auto s = shape(conv.getWeight());
    int64_t total = cast<ShapedType>(conv.getWeight().getType()).getNumElements();
    return WeightView{conv.getWeight(), s[0], s[0] ? total / s[0] : 0, 1};
  }
  return std::nullopt;
}

double zeroFraction(ArrayRef<float> w) {
  if (w.empty())
    return 0;
  return double(llvm::count(w, 0.0f)) / double(w.size());
}

/// Zeroes floor(fraction * size) weights of smallest magnitude.
void pruneUnstructured(MutableArrayRef<float> w, double fraction) {
  auto count = static_cast<size_t>(fraction * double(w.size()));
  if (count == 0)
    return;
  std::vector<size_t> order(w.size());
  std::iota(order.begin(), order.end(), 0);
  auto smaller = [&](size_t a, size_t b) {
    return std::abs(w[a]) < std::abs(w[b]) || (std::abs(w[a]) == std::abs(w[b]) && a < b);
  };
  std::nth_element(order.begin(), order.begin() + (count - 1), order.end(), smaller);
  for (size_t i = 0; i < count; ++i)
    w[order[i]] = 0.0f;
}

/// In each group of `group` consecutive weights along K (the last group
/// may be shorter), keeps the `keep` largest magnitudes.
void pruneStructured(MutableArrayRef<float> w, const WeightView &v, int64_t keep,
                     int64_t group) {
  SmallVector<int64_t> idx;
  for (int64_t o = 0; o < v.outer; ++o)
    for (int64_t i = 0; i < v.inner; ++i)
      for (int64_t k0 = 0; k0 < v.k; k0 += group) {
        idx.clear();
        for (int64_t k = k0; k < std::min(k0 + group, v.k); ++k)
          idx.push_back((o * v.k + k) * v.inner + i);
        if ((int64_t)idx.size() <= keep)
          continue;
        std::stable_sort(idx.begin(), idx.end(), [&](int64_t a, int64_t b) {
          return std::abs(w[a]) > std::abs(w[b]);
        });
        for (int64_t j = keep; j < (int64_t)idx.size(); ++j)
          w[idx[j]] = 0.0f;
      }
}

std::string layerName(Operation *op) {
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    return name.getName().str();
  return op->getName().getStringRef().str();
}

} // namespace

std::vector<PruneRecord> mlir::aicc::pruneWeights(Operation *root, const PruneSpec &spec) {
  std::vector<PruneRecord> records;
  root->walk([&](Operation *op) {
    std::optional<WeightView> view = prunableWeight(op);
    if (!view)
      return;
    std::optional<SmallVector<float>> w = constantF32Values(view->weight);
    if (!w)
      return;
    PruneRecord r{layerName(op), op->getName().stripDialect().str(), (int64_t)w->size(),
                  zeroFraction(*w), 0};
    if (spec.structured)
      pruneStructured(*w, *view, spec.keep, spec.group);
    else
      pruneUnstructured(*w, spec.fraction);
    r.zeroAfter = zeroFraction(*w);
    // A new constant: the old one may have other users.
    OpBuilder b(op);
    Value pruned = createF32Constant(b, view->weight.getLoc(),
                                     cast<ShapedType>(view->weight.getType()), *w,
                                     "aicc_pruned_weight", isResourceConstant(view->weight));
    op->replaceUsesOfWith(view->weight, pruned);
    records.push_back(std::move(r));
  });
  return records;
}

namespace {

struct PruneWeightsPass : mlir::aicc::impl::PruneWeightsBase<PruneWeightsPass> {
  using Base::Base;
  void runOnOperation() override {
    std::string error;
    std::optional<PruneSpec> spec = parsePruneSpec(pattern, error);
    if (!spec) {
      getOperation()->emitError(error);
      return signalPassFailure();
    }
    pruneWeights(getOperation(), *spec);
  }
};

} // namespace
