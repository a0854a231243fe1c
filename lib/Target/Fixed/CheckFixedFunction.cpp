//===- CheckFixedFunction.cpp - the aicc-check-fixed-function pass ----------===//
#include "FixedGraph.h"
#include "aicc/Target/Fixed/Passes.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_CHECKFIXEDFUNCTION
#include "aicc/Target/Fixed/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

struct CheckFixedFunctionPass : aicc::impl::CheckFixedFunctionBase<CheckFixedFunctionPass> {
  void runOnOperation() override {
    func::FuncOp main = fixed::findMain(getOperation());
    if (!main) {
      getOperation().emitError() << "-target=fixed needs a function @main";
      return signalPassFailure();
    }
    if (failed(fixed::collectFixedChain(main)))
      signalPassFailure();
  }
};

} // namespace
