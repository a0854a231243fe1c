//===- ApproximateMath.cpp - the aicc-approximate-math pass ------------------===//
//
// Inline polynomial approximations for the transcendental functions that
// models use per element (GELU's erf, tanh, softmax's and sigmoid's exp), so
// that their loops need no libm calls and LLVM can vectorise them.
//
//===----------------------------------------------------------------------===//
#include "aicc/Transforms/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;

namespace {

struct ApproximateMath : public aicc::impl::ApproximateMathBase<ApproximateMath> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns, [](StringRef name) {
      name.consume_front("math.");
      return name == "erf" || name == "tanh" || name == "exp";
    });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
