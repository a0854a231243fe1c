//===- QuantOps.cpp - shape rules and verifiers of quantization ops ---------===//
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Dialect/Aicc/ShapeUtils.h"

using namespace mlir;
using namespace mlir::aicc;

static RankedTensorType rankedType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// Whether `v` fits the 8-bit integer type `t` (i8 or ui8).
static bool fitsByte(Type t, int64_t v) {
  return t.isUnsignedInteger() ? (v >= 0 && v <= 255) : (v >= -128 && v <= 127);
}

/// Scale and zero point: the same shape, 0-d or 1-d along `axis` of `x`.
static LogicalResult checkQuantParams(std::optional<Location> loc, RankedTensorType x,
                                      RankedTensorType scale, RankedTensorType zp,
                                      int64_t axis) {
  if (scale.getShape() != zp.getShape())
    return inferError(loc, "expects scale and zero point of the same shape");
  if (scale.getRank() == 0)
    return success();
  if (scale.getRank() != 1)
    return inferError(loc, "expects a 0-d (per-tensor) or 1-d (per-axis) scale");
  if (axis < 0 || axis >= x.getRank())
    return inferError(loc, "axis " + Twine(axis) + " is out of range for rank " +
                               Twine(x.getRank()));
  if (scale.getDimSize(0) != x.getDimSize(axis))
    return inferError(loc, "expects " + Twine(x.getDimSize(axis)) +
                               " scales along axis " + Twine(axis));
  return success();
}

LogicalResult QuantizeLinearOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                                 Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType x = rankedType(a.getInput()), zp = rankedType(a.getZeroPoint());
  if (failed(checkQuantParams(loc, x, rankedType(a.getScale()), zp, a.getAxis())))
    return failure();
  types.push_back(x.clone(zp.getElementType()));
  return success();
}

LogicalResult DequantizeLinearOp::inferReturnTypes(MLIRContext *ctx,
                                                   std::optional<Location> loc, Adaptor a,
                                                   SmallVectorImpl<Type> &types) {
  RankedTensorType x = rankedType(a.getInput()), zp = rankedType(a.getZeroPoint());
  if (zp.getElementType() != x.getElementType())
    return inferError(loc, "expects a zero point of the input's element type");
  if (failed(checkQuantParams(loc, x, rankedType(a.getScale()), zp, a.getAxis())))
    return failure();
  types.push_back(x.clone(Float32Type::get(ctx)));
  return success();
}

LogicalResult MatMulIntegerOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                                Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType l = rankedType(a.getLhs()), r = rankedType(a.getRhs());
  if (l.getRank() < 2 || r.getRank() != 2)
    return inferError(loc, "expects lhs of rank >= 2 and a 2-d rhs");
  if (l.getShape().back() != r.getDimSize(0))
    return inferError(loc, "inner dimensions differ: " + Twine(l.getShape().back()) +
                               " vs " + Twine(r.getDimSize(0)));
  if (!fitsByte(l.getElementType(), a.getLhsZeroPoint()) ||
      !fitsByte(r.getElementType(), a.getRhsZeroPoint()))
    return inferError(loc, "expects zero points in their operand's range");
  SmallVector<int64_t> shape(l.getShape().drop_back());
  shape.push_back(r.getDimSize(1));
  types.push_back(RankedTensorType::get(shape, IntegerType::get(ctx, 32)));
  return success();
}

LogicalResult ConvIntegerOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                              Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType in = rankedType(a.getInput()), w = rankedType(a.getWeight());
  SmallVector<int64_t> shape;
  if (failed(inferConvShape(loc, in, w, a.getStrides(), a.getDilations(), a.getPads(),
                            a.getGroup(), shape)))
    return failure();
  if (!fitsByte(in.getElementType(), a.getInputZeroPoint()) ||
      !fitsByte(w.getElementType(), a.getWeightZeroPoint()))
    return inferError(loc, "expects zero points in their operand's range");
  types.push_back(RankedTensorType::get(shape, IntegerType::get(ctx, 32)));
  return success();
}

LogicalResult RequantizeOp::verify() {
  RankedTensorType in = getInput().getType(), out = getType();
  if (in.getShape() != out.getShape())
    return emitOpError("expects the result to have the input's shape");
  if (!fitsByte(out.getElementType(), getZeroPoint()))
    return emitOpError("expects a zero point in the result's range");
  int64_t n = getScale().size();
  if (n == 1)
    return success();
  if (getAxis() < 0 || getAxis() >= in.getRank() || in.getDimSize(getAxis()) != n)
    return emitOpError("expects 1 scale or one per index of dimension 'axis'");
  return success();
}

LogicalResult MatMulInt4Op::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                             Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType x = rankedType(a.getInput()), w = rankedType(a.getWeight());
  RankedTensorType s = rankedType(a.getScales()), z = rankedType(a.getZeroPoints());
  if (x.getRank() < 2 || w.getRank() != 3)
    return inferError(loc, "expects an input of rank >= 2 and a weight [N, KB, BS/2]");
  if (!w.hasStaticShape() || !s.hasStaticShape() || !z.hasStaticShape())
    return inferError(loc, "expects statically shaped weight, scales and zero points");
  int64_t n = w.getDimSize(0), kb = w.getDimSize(1), bs = 2 * w.getDimSize(2);
  int64_t k = a.getKSize();
  if (bs < 2 || k < 1 || k > kb * bs || k <= (kb - 1) * bs)
    return inferError(loc, "expects K = " + Twine(k) + " in the last of " + Twine(kb) +
                               " blocks of " + Twine(bs));
  if (x.getShape().back() != ShapedType::kDynamic && x.getShape().back() != k)
    return inferError(loc, "expects an input with K = " + Twine(k) + " as its last dim");
  if (s.getShape() != ArrayRef<int64_t>{n, kb} || z.getShape() != ArrayRef<int64_t>{n, kb})
    return inferError(loc, "expects scales and zero points of shape [" + Twine(n) + ", " +
                               Twine(kb) + "]");
  if (a.getBias() && rankedType(a.getBias()).getShape() != ArrayRef<int64_t>{n})
    return inferError(loc, "expects a bias of shape [" + Twine(n) + "]");
  SmallVector<int64_t> shape(x.getShape().drop_back());
  shape.push_back(n);
  types.push_back(x.clone(shape));
  return success();
}
