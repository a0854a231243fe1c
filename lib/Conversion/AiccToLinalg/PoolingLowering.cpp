//===- PoolingLowering.cpp - max/avg pooling to linalg -----------------------===//
#include "LinalgBuilders.h"
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// Unsigned scalars are computed as signless integers of the same width, as
/// in the elementwise lowering; the unrealized casts vanish in LLVM, where
/// both are plain iN.
Value castScalar(OpBuilder &b, Location loc, Value v, Type to) {
  if (v.getType() == to)
    return v;
  return UnrealizedConversionCastOp::create(b, loc, to, v).getResult(0);
}

/// The identity of max for `type`; arith constants are signless, so an
/// unsigned 0 is cast from one.
Value maxIdentity(OpBuilder &b, Location loc, Type type) {
  if (!type.isUnsignedInteger())
    return lowestValue(b, loc, type);
  return castScalar(b, loc, scalarConstant(b, loc, signlessType(type), 0), type);
}

/// Pads the spatial dims of `input` with `value`: the op's pads, plus what
/// ceil_mode windows read past the end.
template <typename OpTy>
Value padForWindows(OpBuilder &b, Location loc, OpTy op, Value input, Value value) {
  auto inType = cast<RankedTensorType>(input.getType());
  unsigned k = inType.getRank() - 2;
  ArrayRef<int64_t> pads = op.getPads();
  SmallVector<OpFoldResult> lo(2, b.getIndexAttr(0)), hi(2, b.getIndexAttr(0));
  bool any = false;
  for (unsigned i = 0; i < k; ++i) {
    int64_t in = inType.getDimSize(i + 2), out = op.getType().getDimSize(i + 2);
    int64_t need = (out - 1) * op.getStrides()[i] +
                   (op.getKernelShape()[i] - 1) * op.getDilations()[i] + 1;
    int64_t end = std::max(pads[i + k], need - in - pads[i]);
    lo.push_back(b.getIndexAttr(pads[i]));
    hi.push_back(b.getIndexAttr(end));
    any |= pads[i] != 0 || end != 0;
  }
  if (!any)
    return input;
  return tensor::PadOp::create(b, loc, Type(), input, lo, hi, value);
}

/// A window reduction over a padded input: out[n,c,o] = combine over k of
/// in[n, c, o*s + k*d].
template <typename OpTy>
Value windowReduce(RewriterBase &b, Location loc, OpTy op, Value padded, Value init,
                   bool isMax) {
  Type et = op.getType().getElementType();
  bool uns = et.isUnsignedInteger();
  MLIRContext *ctx = b.getContext();
  unsigned k = op.getKernelShape().size();
  unsigned numDims = 2 + 2 * k;
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> inExprs = {d(0), d(1)}, winExprs, outExprs = {d(0), d(1)};
  for (unsigned i = 0; i < k; ++i) {
    inExprs.push_back(d(2 + i) * op.getStrides()[i] + d(2 + k + i) * op.getDilations()[i]);
    winExprs.push_back(d(2 + k + i));
    outExprs.push_back(d(2 + i));
  }
  Value window = tensor::EmptyOp::create(b, loc, op.getKernelShape(), et);
  SmallVector<AffineMap> maps = {AffineMap::get(numDims, 0, inExprs, ctx),
                                 AffineMap::get(numDims, 0, winExprs, ctx),
                                 AffineMap::get(numDims, 0, outExprs, ctx)};
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{padded, window},
      ValueRange{init}, maps, iteratorTypes(2 + k, k),
      [&](OpBuilder &nb, Location nl, ValueRange a) {
        if (!isMax) {
          linalg::YieldOp::create(nb, nl, arith::AddFOp::create(nb, nl, a[2], a[0]).getResult());
          return;
        }
        Value r = scalarMax(nb, nl, castScalar(nb, nl, a[2], signlessType(et)),
                            castScalar(nb, nl, a[0], signlessType(et)), uns);
        linalg::YieldOp::create(nb, nl, castScalar(nb, nl, r, et));
      });
  // Loops n c k1..kk o1..ok: the innermost loop walks output rows.
  SmallVector<unsigned> order = {0, 1};
  for (unsigned i = 0; i < k; ++i)
    order.push_back(2 + k + i);
  for (unsigned i = 0; i < k; ++i)
    order.push_back(2 + i);
  return reorderLoops(b, generic, order);
}

/// The size of a dynamic batch (the one dynamic dim a pool may have).
static SmallVector<Value> batchSize(OpBuilder &b, Location loc, Value input,
                                    RankedTensorType outType) {
  if (!outType.isDynamicDim(0))
    return {};
  return {tensor::DimOp::create(b, loc, input, 0)};
}

struct MaxPoolLowering : OpConversionPattern<MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type et = op.getType().getElementType();
    Value lowest = maxIdentity(rewriter, loc, et);
    Value padded = padForWindows(rewriter, loc, op, adaptor.getInput(), lowest);
    Value init = emptyTensor(rewriter, loc, op.getType(), lowest,
                             batchSize(rewriter, loc, adaptor.getInput(), op.getType()));
    rewriter.replaceOp(op, windowReduce(rewriter, loc, op, padded, init, true));
    return success();
  }
};

struct AvgPoolLowering : OpConversionPattern<AvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  /// Number of elements each output window averages, known at compile time:
  /// [O1..Ok], broadcast over N and C.
  static DenseElementsAttr divisors(AvgPoolOp op) {
    auto inType = op.getInput().getType();
    unsigned k = inType.getRank() - 2;
    ArrayRef<int64_t> outShape = op.getType().getShape().drop_front(2);
    int64_t total = 1;
    for (int64_t o : outShape)
      total *= o;
    std::vector<float> values(total);
    for (int64_t flat = 0; flat < total; ++flat) {
      int64_t rest = flat, count = 1;
      for (int i = k - 1; i >= 0; --i) {
        int64_t o = rest % outShape[i];
        rest /= outShape[i];
        int64_t in = inType.getDimSize(i + 2), pb = op.getPads()[i],
                pe = op.getPads()[i + k];
        int64_t lo = op.getCountIncludePad() ? -pb : 0;
        int64_t hi = op.getCountIncludePad() ? in + pe : in;
        int64_t n = 0;
        for (int64_t j = 0; j < op.getKernelShape()[i]; ++j) {
          int64_t p = o * op.getStrides()[i] - pb + j * op.getDilations()[i];
          n += p >= lo && p < hi;
        }
        count *= n;
      }
      values[flat] = count ? (float)count : 1.0f;
    }
    auto type = RankedTensorType::get(outShape, Float32Type::get(op.getContext()));
    return DenseElementsAttr::get(type, ArrayRef<float>(values));
  }

  LogicalResult
  matchAndRewrite(AvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outType = op.getType();
    Type et = outType.getElementType();
    if (!RankedTensorType::get(outType.getShape().drop_front(), et).hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes but for the batch");
    Value zero = scalarConstant(rewriter, loc, et, 0);
    Value padded = padForWindows(rewriter, loc, op, adaptor.getInput(), zero);
    Value sum = windowReduce(
        rewriter, loc, op, padded,
        emptyTensor(rewriter, loc, outType, zero,
                    batchSize(rewriter, loc, adaptor.getInput(), outType)),
        false);
    Value div = arith::ConstantOp::create(rewriter, loc, divisors(op));
    Value r = buildElementwise(rewriter, loc, outType, ValueRange{sum, div},
                               [&](OpBuilder &b, Location l, ValueRange a) {
                                 return arith::DivFOp::create(
                                     b, l, a[0], convertScalar(b, l, a[1], et));
                               });
    rewriter.replaceOp(op, r);
    return success();
  }
};

} // namespace

void mlir::aicc::populatePoolingToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPoolLowering, AvgPoolLowering>(patterns.getContext());
}
