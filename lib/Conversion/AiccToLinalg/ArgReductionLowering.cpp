//===- ArgReductionLowering.cpp - arg_max/arg_min to linalg ------------------===//
//
// One reduction generic with two accumulators: the best value so far and its
// index along the axis; the value accumulator is dropped afterwards.
//
//===----------------------------------------------------------------------===//
#include "LinalgBuilders.h"
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::aicc;

namespace {

template <typename OpTy, bool IsMax>
struct ArgReduceLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    Type et = inType.getElementType();
    if (et.isUnsignedInteger())
      return rewriter.notifyMatchFailure(op, "unsigned arg reductions are not lowered yet");
    int64_t rank = inType.getRank(), axis = op.getAxis();
    bool last = op.getSelectLastIndex();
    SmallVector<int64_t> shape;
    SmallVector<AffineExpr> outExprs;
    SmallVector<utils::IteratorType> its;
    for (int64_t d = 0; d < rank; ++d) {
      its.push_back(d == axis ? utils::IteratorType::reduction
                              : utils::IteratorType::parallel);
      if (d == axis)
        continue;
      shape.push_back(inType.getDimSize(d));
      outExprs.push_back(getAffineDimExpr(d, ctx));
    }
    auto valType = RankedTensorType::get(shape, et);
    auto idxType = RankedTensorType::get(shape, rewriter.getI64Type());
    Value start = IsMax ? lowestValue(rewriter, loc, et) : highestValue(rewriter, loc, et);
    Value values = emptyTensor(rewriter, loc, valType, start);
    Value indices = emptyTensor(rewriter, loc, idxType,
                                scalarConstant(rewriter, loc, rewriter.getI64Type(), 0));
    AffineMap outMap = AffineMap::get(rank, 0, outExprs, ctx);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valType, idxType}, ValueRange{adaptor.getInput()},
        ValueRange{values, indices},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank), outMap, outMap},
        its, [&](OpBuilder &b, Location l, ValueRange a) {
          Value x = a[0], best = a[1], bestIdx = a[2];
          Value i = arith::IndexCastOp::create(b, l, b.getI64Type(),
                                               linalg::IndexOp::create(b, l, axis));
          Value better;
          if (isa<FloatType>(et)) {
            auto pred = IsMax ? (last ? arith::CmpFPredicate::OGE : arith::CmpFPredicate::OGT)
                              : (last ? arith::CmpFPredicate::OLE : arith::CmpFPredicate::OLT);
            better = arith::CmpFOp::create(b, l, pred, x, best);
          } else {
            auto pred = IsMax ? (last ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sgt)
                              : (last ? arith::CmpIPredicate::sle : arith::CmpIPredicate::slt);
            better = arith::CmpIOp::create(b, l, pred, x, best);
          }
          // The first element always wins, so an all--inf (or all-NaN) axis
          // still yields a valid index.
          Value first = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, i,
                                              scalarConstant(b, l, b.getI64Type(), 0));
          better = arith::OrIOp::create(b, l, better, first);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, better, x, best),
                         arith::SelectOp::create(b, l, better, i, bestIdx)});
        });
    Value r = generic.getResult(1);
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, r, op.getType().getShape()));
    return success();
  }
};

} // namespace

void mlir::aicc::populateArgReductionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ArgReduceLowering<ArgMaxOp, true>, ArgReduceLowering<ArgMinOp, false>>(
      patterns.getContext());
}
