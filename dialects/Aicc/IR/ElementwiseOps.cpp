//===- ElementwiseOps.cpp - elementwise op shape rules and folders ----------===//
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Dialect/Aicc/ShapeUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::aicc;

static LogicalResult inferBroadcast(std::optional<Location> loc, Value lhs,
                                    Value rhs,
                                    SmallVectorImpl<Type> &inferred) {
  auto l = cast<RankedTensorType>(lhs.getType());
  auto r = cast<RankedTensorType>(rhs.getType());
  auto shape = broadcastShapes(l.getShape(), r.getShape());
  if (!shape)
    return inferError(loc, "operands are not broadcast-compatible: " +
                               Twine(l.getRank()) + "-d and " +
                               Twine(r.getRank()) + "-d shapes differ in a "
                               "dimension that is not 1");
  inferred.push_back(RankedTensorType::get(*shape, l.getElementType()));
  return success();
}

/// True when `v` is a constant splat equal to `x`.
static bool isSplatOf(Value v, double x) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) || !attr.isSplat())
    return false;
  Type et = attr.getElementType();
  if (isa<FloatType>(et))
    return attr.getSplatValue<APFloat>().convertToDouble() == x;
  if (isa<IntegerType>(et))
    return attr.getSplatValue<APInt>().getSExtValue() == (int64_t)x;
  return false;
}

/// `x op neutral` folds to `x` when no broadcast widens the result.
static OpFoldResult foldNeutralRhs(Value lhs, Value rhs, Type resultType,
                                   double neutral) {
  if (lhs.getType() == resultType && isSplatOf(rhs, neutral))
    return lhs;
  return {};
}

#define AICC_BINARY_INFER(OP)                                                  \
  LogicalResult OP::inferReturnTypes(MLIRContext *, std::optional<Location> l, \
                                     Adaptor a, SmallVectorImpl<Type> &t) {    \
    return inferBroadcast(l, a.getLhs(), a.getRhs(), t);                       \
  }
AICC_BINARY_INFER(AddOp)
AICC_BINARY_INFER(SubOp)
AICC_BINARY_INFER(MulOp)
AICC_BINARY_INFER(DivOp)
AICC_BINARY_INFER(PowOp)
AICC_BINARY_INFER(MaxOp)
AICC_BINARY_INFER(MinOp)
AICC_BINARY_INFER(ModOp)
AICC_BINARY_INFER(BitShiftOp)
AICC_BINARY_INFER(BitwiseAndOp)
AICC_BINARY_INFER(BitwiseOrOp)
AICC_BINARY_INFER(BitwiseXorOp)
#undef AICC_BINARY_INFER

/// The broadcast shape of the operands with `i1` elements.
static LogicalResult inferBroadcastBool(std::optional<Location> loc, Value lhs,
                                        Value rhs,
                                        SmallVectorImpl<Type> &inferred) {
  if (failed(inferBroadcast(loc, lhs, rhs, inferred)))
    return failure();
  auto t = cast<RankedTensorType>(inferred.back());
  inferred.back() = t.clone(IntegerType::get(t.getContext(), 1));
  return success();
}

#define AICC_PREDICATE_INFER(OP)                                               \
  LogicalResult OP::inferReturnTypes(MLIRContext *, std::optional<Location> l, \
                                     Adaptor a, SmallVectorImpl<Type> &t) {    \
    return inferBroadcastBool(l, a.getLhs(), a.getRhs(), t);                   \
  }
AICC_PREDICATE_INFER(EqualOp)
AICC_PREDICATE_INFER(LessOp)
AICC_PREDICATE_INFER(LessEqualOp)
AICC_PREDICATE_INFER(GreaterOp)
AICC_PREDICATE_INFER(GreaterEqualOp)
AICC_PREDICATE_INFER(AndOp)
AICC_PREDICATE_INFER(OrOp)
AICC_PREDICATE_INFER(XorOp)
#undef AICC_PREDICATE_INFER

OpFoldResult AddOp::fold(FoldAdaptor) {
  if (OpFoldResult r = foldNeutralRhs(getLhs(), getRhs(), getType(), 0))
    return r;
  return foldNeutralRhs(getRhs(), getLhs(), getType(), 0);
}
OpFoldResult SubOp::fold(FoldAdaptor) {
  return foldNeutralRhs(getLhs(), getRhs(), getType(), 0);
}
OpFoldResult MulOp::fold(FoldAdaptor) {
  if (OpFoldResult r = foldNeutralRhs(getLhs(), getRhs(), getType(), 1))
    return r;
  return foldNeutralRhs(getRhs(), getLhs(), getType(), 1);
}
OpFoldResult DivOp::fold(FoldAdaptor) {
  return foldNeutralRhs(getLhs(), getRhs(), getType(), 1);
}
OpFoldResult PowOp::fold(FoldAdaptor) {
  return foldNeutralRhs(getLhs(), getRhs(), getType(), 1);
}
OpFoldResult MaxOp::fold(FoldAdaptor) {
  return getLhs() == getRhs() ? OpFoldResult(getLhs()) : OpFoldResult();
}
OpFoldResult MinOp::fold(FoldAdaptor) {
  return getLhs() == getRhs() ? OpFoldResult(getLhs()) : OpFoldResult();
}

LogicalResult ClipOp::verify() {
  Type et = getType().getElementType();
  if ((getMin() && getMinValue()) || (getMax() && getMaxValue()))
    return emitOpError("expects each bound as an attribute or an operand, not both");
  for (Value bound : {getMinValue(), getMaxValue()}) {
    if (!bound)
      continue;
    auto t = cast<RankedTensorType>(bound.getType());
    if (t.getRank() != 0 || t.getElementType() != et)
      return emitOpError("expects bound operands of type ")
             << RankedTensorType::get({}, et);
  }
  if (!isa<IntegerType>(et))
    return success();
  for (FloatAttr bound : {getMinAttr(), getMaxAttr()})
    if (bound && !bound.getValue().isInteger())
      return emitOpError("expects integral bounds for integer tensors");
  return success();
}

namespace {
/// clip(x, min_value = constant c) -> clip(x) {min = c}.
struct ConstantClipBounds : OpRewritePattern<ClipOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ClipOp op, PatternRewriter &rewriter) const override {
    auto constantOf = [](Value v) -> std::optional<double> {
      DenseElementsAttr attr;
      if (!v || !matchPattern(v, m_Constant(&attr)) || !attr.isSplat())
        return std::nullopt;
      if (isa<FloatType>(attr.getElementType()))
        return attr.getSplatValue<APFloat>().convertToDouble();
      APInt i = attr.getSplatValue<APInt>();
      return attr.getElementType().isUnsignedInteger() ? (double)i.getZExtValue()
                                                       : (double)i.getSExtValue();
    };
    std::optional<double> lo = constantOf(op.getMinValue());
    std::optional<double> hi = constantOf(op.getMaxValue());
    if (!lo && !hi)
      return rewriter.notifyMatchFailure(op, "no constant bound operand");
    FloatAttr minAttr = lo ? rewriter.getF64FloatAttr(*lo) : op.getMinAttr();
    FloatAttr maxAttr = hi ? rewriter.getF64FloatAttr(*hi) : op.getMaxAttr();
    rewriter.replaceOpWithNewOp<ClipOp>(op, op.getType(), op.getInput(),
                                        lo ? Value() : op.getMinValue(),
                                        hi ? Value() : op.getMaxValue(), minAttr,
                                        maxAttr);
    return success();
  }
};
} // namespace

void ClipOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *ctx) {
  results.add<ConstantClipBounds>(ctx);
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

LogicalResult CastOp::verify() {
  StringRef mode = getRoundMode();
  if (mode != "up" && mode != "down" && mode != "nearest")
    return emitOpError("expects round_mode to be \"up\", \"down\" or \"nearest\"");
  return success();
}

LogicalResult BitcastOp::verify() {
  Type from = getInput().getType().getElementType(), to = getType().getElementType();
  if (from.isInteger(1) || to.isInteger(1))
    return emitOpError("expects element types other than i1");
  if (from.getIntOrFloatBitWidth() != to.getIntOrFloatBitWidth())
    return emitOpError("expects element types of the same bit width, got ")
           << from << " and " << to;
  return success();
}

LogicalResult CeluOp::verify() {
  if (getAlpha().isZero())
    return emitOpError("expects a non-zero alpha");
  return success();
}

LogicalResult GeluOp::verify() {
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError("expects approximate to be \"none\" or \"tanh\"");
  return success();
}

/// The operand's shape with `i1` elements.
static LogicalResult inferBoolOfShape(Value input,
                                      SmallVectorImpl<Type> &inferred) {
  auto t = cast<RankedTensorType>(input.getType());
  inferred.push_back(
      RankedTensorType::get(t.getShape(), IntegerType::get(t.getContext(), 1)));
  return success();
}

LogicalResult IsNaNOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                        Adaptor a, SmallVectorImpl<Type> &t) {
  return inferBoolOfShape(a.getInput(), t);
}
LogicalResult IsInfOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                        Adaptor a, SmallVectorImpl<Type> &t) {
  return inferBoolOfShape(a.getInput(), t);
}

LogicalResult BitShiftOp::verify() {
  if (getDirection() != "left" && getDirection() != "right")
    return emitOpError("expects direction to be \"left\" or \"right\"");
  return success();
}

LogicalResult PReluOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor a, SmallVectorImpl<Type> &types) {
  auto in = cast<RankedTensorType>(a.getInput().getType());
  auto slope = cast<RankedTensorType>(a.getSlope().getType());
  auto shape = broadcastShapes(in.getShape(), slope.getShape());
  if (!shape || ArrayRef<int64_t>(*shape) != in.getShape())
    return inferError(loc, "slope does not broadcast to the input's shape");
  types.push_back(in);
  return success();
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor a, SmallVectorImpl<Type> &types) {
  auto c = cast<RankedTensorType>(a.getCondition().getType());
  auto x = cast<RankedTensorType>(a.getX().getType());
  auto y = cast<RankedTensorType>(a.getY().getType());
  if (x.getElementType() != y.getElementType())
    return inferError(loc, "expects x and y of one element type");
  auto shape = broadcastShapes(c.getShape(), x.getShape());
  if (shape)
    shape = broadcastShapes(*shape, y.getShape());
  if (!shape)
    return inferError(loc, "condition, x and y are not broadcast-compatible");
  types.push_back(RankedTensorType::get(*shape, x.getElementType()));
  return success();
}

/// A constant condition picks one operand when that needs no broadcast.
OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  auto cond = dyn_cast_if_present<DenseElementsAttr>(adaptor.getCondition());
  if (!cond || !cond.isSplat())
    return {};
  Value picked = cond.getSplatValue<bool>() ? getX() : getY();
  return picked.getType() == getType() ? OpFoldResult(picked) : OpFoldResult();
}
