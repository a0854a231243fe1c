//===- HoistParallelDims.cpp - the aicc-hoist-parallel-dims pass -------------===//
#include "aicc/Target/CUDA/Passes.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_HOISTPARALLELDIMS
#include "aicc/Target/CUDA/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;

namespace {

struct HoistParallelDims : public aicc::impl::HoistParallelDimsBase<HoistParallelDims> {
  void runOnOperation() override {
    SmallVector<linalg::GenericOp> generics;
    getOperation().walk([&](linalg::GenericOp op) { generics.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : generics) {
      SmallVector<unsigned> parallel, reduction;
      for (auto [i, type] : llvm::enumerate(op.getIteratorTypesArray()))
        (type == utils::IteratorType::parallel ? parallel : reduction).push_back(i);
      SmallVector<unsigned> order(parallel);
      order.append(reduction);
      if (llvm::equal(order, llvm::seq<unsigned>(0, order.size())))
        continue;
      rewriter.setInsertionPoint(op);
      if (failed(linalg::interchangeGenericOp(rewriter, op, order))) {
        op.emitError("cannot reorder the loops of this op for the GPU");
        return signalPassFailure();
      }
    }
  }
};

} // namespace
