//===- FormNamedSoftmax.cpp - the aicc-form-named-softmax pass ---------------===//
//
// aicc.softmax -> linalg.softmax, which bufferizes as one op, so that
// aicc-map-softmax-to-blocks can run each softmax as one kernel. See
// Passes.td.
//
//===----------------------------------------------------------------------===//
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Target/CUDA/Passes.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_FORMNAMEDSOFTMAX
#include "aicc/Target/CUDA/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;

namespace {

/// What aicc-map-softmax-to-blocks runs: static shapes of rank >= 1, f32 (its warp
/// shuffles move 32-bit values), at least one element.
bool fused(aicc::SoftmaxOp op) {
  RankedTensorType type = op.getType();
  return type.getRank() >= 1 && type.hasStaticShape() && type.getElementType().isF32() &&
         type.getNumElements() > 0;
}

struct FormNamedSoftmax : public aicc::impl::FormNamedSoftmaxBase<FormNamedSoftmax> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<aicc::SoftmaxOp> ops;
    getOperation().walk([&](aicc::SoftmaxOp op) {
      if (fused(op))
        ops.push_back(op);
    });
    for (aicc::SoftmaxOp op : ops) {
      OpBuilder b(op);
      RankedTensorType type = op.getType();
      Value init = tensor::EmptyOp::create(b, op.getLoc(), type.getShape(),
                                           type.getElementType());
      auto softmax = linalg::SoftmaxOp::create(b, op.getLoc(), TypeRange{type},
                                               op.getInput(), init,
                                               (uint64_t)op.getAxis());
      op.getResult().replaceAllUsesWith(softmax->getResult(0));
      op.erase();
    }
  }
};

} // namespace
