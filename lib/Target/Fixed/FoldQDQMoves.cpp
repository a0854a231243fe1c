//===- FoldQDQMoves.cpp - the aicc-fold-qdq-moves pass ----------------------===//
//
// quantize_linear(M(dequantize_linear(x, s, z)), s, z) -> M(x) for M in
// {reshape, max_pool} with identical per-tensor parameters on both sides
// (why that is exact: Passes.td). aicc-fold-qdq leaves these in float because
// the CPU kernels gain little from them; the hardware needs the whole
// network in integers.
//
//===----------------------------------------------------------------------===//
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Target/Fixed/Passes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_FOLDQDQMOVES
#include "aicc/Target/Fixed/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// Both values are the same 0-d constant.
bool sameScalarConstant(Value a, Value b) {
  if (a == b)
    return cast<RankedTensorType>(a.getType()).getRank() == 0 && matchPattern(a, m_Constant());
  Attribute ca, cb;
  if (!matchPattern(a, m_Constant(&ca)) || !matchPattern(b, m_Constant(&cb)))
    return false;
  return ca == cb && cast<RankedTensorType>(a.getType()).getRank() == 0;
}

struct FoldMove : OpRewritePattern<QuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeLinearOp q, PatternRewriter &rewriter) const override {
    Operation *move = q.getInput().getDefiningOp();
    if (!move || !isa<ReshapeOp, MaxPoolOp>(move))
      return rewriter.notifyMatchFailure(q, "input is not a reshape or max_pool");
    auto dq = move->getOperand(0).getDefiningOp<DequantizeLinearOp>();
    if (!dq)
      return rewriter.notifyMatchFailure(q, "the move's input is not dequantized");
    if (dq.getInput().getType().getElementType() != q.getType().getElementType())
      return rewriter.notifyMatchFailure(q, "different quantized types");
    if (!sameScalarConstant(dq.getScale(), q.getScale()) ||
        !sameScalarConstant(dq.getZeroPoint(), q.getZeroPoint()))
      return rewriter.notifyMatchFailure(q, "scale or zero point differ or are not per tensor");
    Operation *clone = rewriter.clone(*move);
    clone->setOperand(0, dq.getInput());
    clone->getResult(0).setType(q.getType());
    rewriter.replaceOp(q, clone->getResults());
    return success();
  }
};

struct FoldQDQMovesPass : aicc::impl::FoldQDQMovesBase<FoldQDQMovesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldMove>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
