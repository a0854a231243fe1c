//===- ReductionOps.cpp - shape rules of reductions --------------------------===//
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Dialect/Aicc/ShapeUtils.h"

using namespace mlir;
using namespace mlir::aicc;

template <typename Adaptor>
static LogicalResult inferReduce(std::optional<Location> loc, Adaptor a,
                                 SmallVectorImpl<Type> &types) {
  auto in = cast<RankedTensorType>(a.getInput().getType());
  ArrayRef<int64_t> axes = a.getAxes();
  for (size_t i = 0; i < axes.size(); ++i)
    if (axes[i] < 0 || axes[i] >= in.getRank() || (i && axes[i] <= axes[i - 1]))
      return inferError(loc, "expects sorted, unique axes in [0, " +
                                 Twine(in.getRank()) + ")");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < in.getRank(); ++d) {
    if (!llvm::is_contained(axes, d))
      shape.push_back(in.getDimSize(d));
    else if (a.getKeepdims())
      shape.push_back(1);
  }
  types.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

#define AICC_REDUCE_INFER(OP)                                                  \
  LogicalResult OP::inferReturnTypes(MLIRContext *, std::optional<Location> l, \
                                     Adaptor a, SmallVectorImpl<Type> &t) {    \
    return inferReduce(l, a, t);                                               \
  }
AICC_REDUCE_INFER(ReduceSumOp)
AICC_REDUCE_INFER(ReduceMeanOp)
AICC_REDUCE_INFER(ReduceMaxOp)
AICC_REDUCE_INFER(ReduceMinOp)
AICC_REDUCE_INFER(ReduceProdOp)

template <typename Adaptor>
static LogicalResult inferArgReduce(std::optional<Location> loc, Adaptor a,
                                    SmallVectorImpl<Type> &types) {
  auto in = cast<RankedTensorType>(a.getInput().getType());
  int64_t axis = a.getAxis();
  if (axis < 0 || axis >= in.getRank())
    return inferError(loc, "expects axis in [0, " + Twine(in.getRank()) + ")");
  if (in.getDimSize(axis) == 0)
    return inferError(loc, "cannot take the index of an empty axis");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < in.getRank(); ++d) {
    if (d != axis)
      shape.push_back(in.getDimSize(d));
    else if (a.getKeepdims())
      shape.push_back(1);
  }
  types.push_back(RankedTensorType::get(shape, IntegerType::get(in.getContext(), 64)));
  return success();
}

LogicalResult ArgMaxOp::inferReturnTypes(MLIRContext *, std::optional<Location> l,
                                         Adaptor a, SmallVectorImpl<Type> &t) {
  return inferArgReduce(l, a, t);
}
LogicalResult ArgMinOp::inferReturnTypes(MLIRContext *, std::optional<Location> l,
                                         Adaptor a, SmallVectorImpl<Type> &t) {
  return inferArgReduce(l, a, t);
}

template <typename OpTy>
static LogicalResult verifyScan(OpTy op) {
  int64_t rank = op.getInput().getType().getRank();
  if (op.getAxis() < 0 || op.getAxis() >= rank)
    return op.emitOpError("expects axis in [0, ") << rank << ")";
  return success();
}
LogicalResult CumSumOp::verify() { return verifyScan(*this); }
LogicalResult CumProdOp::verify() { return verifyScan(*this); }
