//===- ReductionLowering.cpp - reductions and normalisations to linalg -------===//
//
// Reductions, global pooling, softmax and batch normalisation: everything
// that combines values along axes, built on one reduction builder.
//
//===----------------------------------------------------------------------===//
#include "LinalgBuilders.h"
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::aicc;

namespace {

enum class ReduceKind { Sum, Mean, Max, Min, Prod };

/// Reduces `input` over sorted `axes`; keeps them as size-1 dims if `keepdims`.
Value buildReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<int64_t> axes, bool keepdims, ReduceKind kind) {
  MLIRContext *ctx = b.getContext();
  auto inType = cast<RankedTensorType>(input.getType());
  Type et = inType.getElementType();
  unsigned rank = inType.getRank();
  SmallVector<int64_t> outShape;
  SmallVector<Value> outSizes;
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> its;
  int64_t count = 1;
  Value dynCount; // the product of the dynamic reduced dims (index)
  for (unsigned d = 0; d < rank; ++d) {
    bool reduced = llvm::is_contained(axes, (int64_t)d);
    its.push_back(reduced ? utils::IteratorType::reduction
                          : utils::IteratorType::parallel);
    if (reduced) {
      if (!inType.isDynamicDim(d)) {
        count *= inType.getDimSize(d);
        continue;
      }
      Value dim = tensor::DimOp::create(b, loc, input, d);
      dynCount = dynCount ? arith::MulIOp::create(b, loc, dynCount, dim) : dim;
      continue;
    }
    outShape.push_back(inType.getDimSize(d));
    outExprs.push_back(getAffineDimExpr(d, ctx));
    if (inType.isDynamicDim(d))
      outSizes.push_back(tensor::DimOp::create(b, loc, input, d));
  }
  Value identity = kind == ReduceKind::Max    ? lowestValue(b, loc, et)
                   : kind == ReduceKind::Min  ? highestValue(b, loc, et)
                   : kind == ReduceKind::Prod ? scalarConstant(b, loc, et, 1)
                                              : scalarConstant(b, loc, et, 0);
  auto outType = RankedTensorType::get(outShape, et);
  Value init = emptyTensor(b, loc, outType, identity, outSizes);
  bool isFloat = isa<FloatType>(et);
  Value r = linalg::GenericOp::create(
                b, loc, TypeRange{outType}, ValueRange{input}, ValueRange{init},
                SmallVector<AffineMap>{b.getMultiDimIdentityMap(rank),
                                       AffineMap::get(rank, 0, outExprs, ctx)},
                its,
                [&](OpBuilder &nb, Location nl, ValueRange a) {
                  Value v;
                  switch (kind) {
                  case ReduceKind::Sum:
                  case ReduceKind::Mean:
                    v = isFloat ? (Value)arith::AddFOp::create(nb, nl, a[1], a[0])
                                : (Value)arith::AddIOp::create(nb, nl, a[1], a[0]);
                    break;
                  case ReduceKind::Max:
                    v = scalarMax(nb, nl, a[1], a[0]);
                    break;
                  case ReduceKind::Min:
                    v = scalarMin(nb, nl, a[1], a[0]);
                    break;
                  case ReduceKind::Prod:
                    v = isFloat ? (Value)arith::MulFOp::create(nb, nl, a[1], a[0])
                                : (Value)arith::MulIOp::create(nb, nl, a[1], a[0]);
                    break;
                  }
                  linalg::YieldOp::create(nb, nl, v);
                })
                .getResult(0);
  if (kind == ReduceKind::Mean)
    r = buildElementwise(b, loc, outType, r, [&](OpBuilder &nb, Location nl, ValueRange a) {
      Value c = scalarConstant(nb, nl, et, (double)count);
      if (dynCount) {
        Value n = arith::IndexCastOp::create(nb, nl, nb.getI64Type(), dynCount);
        n = convertScalar(nb, nl, n, et);
        c = isFloat ? (Value)arith::MulFOp::create(nb, nl, c, n)
                    : (Value)arith::MulIOp::create(nb, nl, c, n);
      }
      return isFloat ? (Value)arith::DivFOp::create(nb, nl, a[0], c)
                     : (Value)arith::DivSIOp::create(nb, nl, a[0], c);
    });
  return keepdims ? insertUnitDims(b, loc, r, axes) : r;
}

template <typename OpTy, ReduceKind Kind>
struct ReduceLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getType().getElementType().isUnsignedInteger())
      return rewriter.notifyMatchFailure(op, "unsigned reductions are not lowered yet");
    rewriter.replaceOp(op, buildReduction(rewriter, op.getLoc(), adaptor.getInput(),
                                          op.getAxes(), op.getKeepdims(), Kind));
    return success();
  }
};

/// out[.., i, ..] = sum (product) over k of x[.., k, ..] where k is in the
/// range of i (k <= i; k < i exclusive; k >= i / k > i reversed): one generic
/// with the axis as an extra reduction loop, n^2 along the axis.
template <typename OpTy, bool IsProd>
struct ScanLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType type = op.getType();
    if (type.getElementType().isUnsignedInteger())
      return rewriter.notifyMatchFailure(op, "unsigned scans are not lowered yet");
    Type et = type.getElementType();
    bool isFloat = isa<FloatType>(et);
    unsigned rank = type.getRank();
    int64_t axis = op.getAxis();
    SmallVector<AffineExpr> inExprs;
    for (unsigned d = 0; d < rank; ++d)
      inExprs.push_back(getAffineDimExpr(d == axis ? rank : d, ctx));
    auto pred = op.getReverse() ? (op.getExclusive() ? arith::CmpIPredicate::sgt
                                                     : arith::CmpIPredicate::sge)
                                : (op.getExclusive() ? arith::CmpIPredicate::slt
                                                     : arith::CmpIPredicate::sle);
    Value init =
        emptyTensor(rewriter, loc, type, scalarConstant(rewriter, loc, et, IsProd ? 1 : 0));
    Value r = linalg::GenericOp::create(
                  rewriter, loc, TypeRange{type}, ValueRange{adaptor.getInput()},
                  ValueRange{init},
                  SmallVector<AffineMap>{AffineMap::get(rank + 1, 0, inExprs, ctx),
                                         AffineMap::getMultiDimIdentityMap(rank + 1, ctx)
                                             .getMajorSubMap(rank)},
                  iteratorTypes(rank, 1),
                  [&](OpBuilder &b, Location l, ValueRange a) {
                    Value i = linalg::IndexOp::create(b, l, axis);
                    Value k = linalg::IndexOp::create(b, l, rank);
                    Value in = arith::CmpIOp::create(b, l, pred, k, i);
                    Value sum =
                        IsProd ? (isFloat ? (Value)arith::MulFOp::create(b, l, a[1], a[0])
                                          : (Value)arith::MulIOp::create(b, l, a[1], a[0]))
                               : (isFloat ? (Value)arith::AddFOp::create(b, l, a[1], a[0])
                                          : (Value)arith::AddIOp::create(b, l, a[1], a[0]));
                    Value next = arith::SelectOp::create(b, l, in, sum, a[1]);
                    linalg::YieldOp::create(b, l, next);
                  })
                  .getResult(0);
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct GlobalAvgPoolLowering : OpConversionPattern<GlobalAvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto axes = llvm::to_vector(llvm::seq<int64_t>(2, op.getType().getRank()));
    rewriter.replaceOp(op, buildReduction(rewriter, op.getLoc(), adaptor.getInput(),
                                          axes, true, ReduceKind::Mean));
    return success();
  }
};

/// softmax(x) = exp(x - max) / sum(exp(x - max));
/// log_softmax(x) = (x - max) - log(sum(exp(x - max))).
template <typename OpTy, bool IsLog>
struct SoftmaxLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t axis = op.getAxis();
    Value x = adaptor.getInput();
    Value max = buildReduction(rewriter, loc, x, {axis}, true, ReduceKind::Max);
    Value shifted = buildElementwise(rewriter, loc, type, ValueRange{x, max},
                                     [](OpBuilder &b, Location l, ValueRange a) {
                                       return arith::SubFOp::create(b, l, a[0], a[1]);
                                     });
    Value e = buildElementwise(rewriter, loc, type, shifted,
                               [](OpBuilder &b, Location l, ValueRange a) {
                                 return math::ExpOp::create(b, l, a[0]);
                               });
    Value sum = buildReduction(rewriter, loc, e, {axis}, true, ReduceKind::Sum);
    Value r;
    if (IsLog)
      r = buildElementwise(rewriter, loc, type, ValueRange{shifted, sum},
                           [](OpBuilder &b, Location l, ValueRange a) {
                             return arith::SubFOp::create(
                                 b, l, a[0], math::LogOp::create(b, l, a[1]));
                           });
    else
      r = buildElementwise(rewriter, loc, type, ValueRange{e, sum},
                           [](OpBuilder &b, Location l, ValueRange a) {
                             return arith::DivFOp::create(b, l, a[0], a[1]);
                           });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// y = x * a + b with a = scale / sqrt(var + eps), b = bias - mean * a,
/// computed per channel and broadcast along dim 1.
struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    auto chType = cast<RankedTensorType>(adaptor.getScale().getType());
    Type et = chType.getElementType();
    double eps = op.getEpsilon().convertToDouble();
    Value a = buildElementwise(
        rewriter, loc, chType, ValueRange{adaptor.getScale(), adaptor.getVariance()},
        [&](OpBuilder &b, Location l, ValueRange v) {
          Value s = arith::AddFOp::create(b, l, v[1], scalarConstant(b, l, et, eps));
          return arith::DivFOp::create(b, l, v[0], math::SqrtOp::create(b, l, s));
        });
    Value shift = buildElementwise(
        rewriter, loc, chType, ValueRange{adaptor.getBias(), adaptor.getMean(), a},
        [&](OpBuilder &b, Location l, ValueRange v) {
          return arith::SubFOp::create(b, l, v[0], arith::MulFOp::create(b, l, v[1], v[2]));
        });
    SmallVector<int64_t> chShape(type.getRank() - 1, 1);
    chShape[0] = chType.getDimSize(0);
    a = reshapeTensor(rewriter, loc, a, chShape);
    shift = reshapeTensor(rewriter, loc, shift, chShape);
    Value r = buildElementwise(
        rewriter, loc, type, ValueRange{adaptor.getInput(), a, shift},
        [&](OpBuilder &b, Location l, ValueRange v) {
          Value xe = convertScalar(b, l, v[0], et);
          Value y = arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, xe, v[1]), v[2]);
          return convertScalar(b, l, y, type.getElementType());
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// Mean and variance over the trailing axes in the stash type, then
/// y = convert((x - mean) * rsqrt(var + eps)) * scale + bias in the input's.
struct LayerNormLowering : OpConversionPattern<LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type et = type.getElementType(), st = op.getStashType();
    RankedTensorType stashType = type.clone(st);
    auto axes = llvm::to_vector(llvm::seq<int64_t>(op.getAxis(), type.getRank()));
    double eps = op.getEpsilon().convertToDouble();
    Value x = adaptor.getInput();
    if (st != et)
      x = buildElementwise(rewriter, loc, stashType, x,
                           [&](OpBuilder &b, Location l, ValueRange a) {
                             return convertScalar(b, l, a[0], st);
                           });
    Value mean = buildReduction(rewriter, loc, x, axes, true, ReduceKind::Mean);
    Value sq = buildElementwise(rewriter, loc, stashType, ValueRange{x, mean},
                                [](OpBuilder &b, Location l, ValueRange a) {
                                  Value d = arith::SubFOp::create(b, l, a[0], a[1]);
                                  return arith::MulFOp::create(b, l, d, d);
                                });
    Value var = buildReduction(rewriter, loc, sq, axes, true, ReduceKind::Mean);
    Value inv = buildElementwise(
        rewriter, loc, cast<RankedTensorType>(var.getType()), var,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value s = arith::AddFOp::create(b, l, a[0], scalarConstant(b, l, st, eps));
          return arith::DivFOp::create(b, l, scalarConstant(b, l, st, 1),
                                       math::SqrtOp::create(b, l, s));
        });
    SmallVector<Value> inputs{x, mean, inv, adaptor.getScale()};
    if (adaptor.getBias())
      inputs.push_back(adaptor.getBias());
    Value y = buildElementwise(
        rewriter, loc, type, inputs, [&](OpBuilder &b, Location l, ValueRange a) {
          Value d = arith::SubFOp::create(b, l, a[0], a[1]);
          Value n = convertScalar(b, l, arith::MulFOp::create(b, l, d, a[2]), et);
          n = arith::MulFOp::create(b, l, n, a[3]);
          return a.size() > 4 ? (Value)arith::AddFOp::create(b, l, n, a[4]) : n;
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void mlir::aicc::populateReductionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ReduceLowering<ReduceSumOp, ReduceKind::Sum>,
               ReduceLowering<ReduceMeanOp, ReduceKind::Mean>,
               ReduceLowering<ReduceMaxOp, ReduceKind::Max>,
               ReduceLowering<ReduceMinOp, ReduceKind::Min>,
               ReduceLowering<ReduceProdOp, ReduceKind::Prod>,
               ScanLowering<CumSumOp, false>, ScanLowering<CumProdOp, true>,
               GlobalAvgPoolLowering,
               SoftmaxLowering<SoftmaxOp, false>, SoftmaxLowering<LogSoftmaxOp, true>,
               BatchNormLowering, LayerNormLowering>(patterns.getContext());
}
