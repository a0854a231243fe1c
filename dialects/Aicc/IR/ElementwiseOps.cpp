//===- ElementwiseOps.cpp - elementwise op shape rules and folders ----------===//
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Dialect/Aicc/ShapeUtils.h"
#include "mlir/IR/Matchers.h"

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
#undef AICC_BINARY_INFER

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
  if (!isa<IntegerType>(et))
    return success();
  for (std::optional<APFloat> bound : {getMinAttr() ? std::optional<APFloat>(getMinAttr().getValue()) : std::nullopt,
                                       getMaxAttr() ? std::optional<APFloat>(getMaxAttr().getValue()) : std::nullopt})
    if (bound && !bound->isInteger())
      return emitOpError("expects integral bounds for integer tensors");
  return success();
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}
