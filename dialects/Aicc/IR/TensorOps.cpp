//===- TensorOps.cpp - shape rules and folders of data-movement ops ---------===//
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Dialect/Aicc/ShapeUtils.h"

using namespace mlir;
using namespace mlir::aicc;

static RankedTensorType rankedType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// Dynamic sizes, when given, number one per `?` of `type`.
static LogicalResult verifyDynamicSizes(Operation *op, RankedTensorType type,
                                        ValueRange sizes, bool optional) {
  if ((optional && sizes.empty()) || sizes.size() == (size_t)type.getNumDynamicDims())
    return success();
  return op->emitOpError("expects ") << type.getNumDynamicDims()
                                     << " dynamic sizes, one per '?' of the result, got "
                                     << sizes.size();
}

LogicalResult ReshapeOp::verify() {
  RankedTensorType in = getInput().getType(), out = getType();
  if (in.hasStaticShape() && out.hasStaticShape() &&
      in.getNumElements() != out.getNumElements())
    return emitOpError("changes the element count from ")
           << in.getNumElements() << " to " << out.getNumElements();
  if (getDynamicSizes().empty() && out.getNumDynamicDims() > 1)
    return emitOpError("needs the sizes of its dynamic result dims");
  return verifyDynamicSizes(*this, out, getDynamicSizes(), /*optional=*/true);
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  // Equal types mean equal shapes only with at most one dynamic dim.
  if (getInput().getType() == getType() && getType().getNumDynamicDims() <= 1)
    return getInput();
  // reshape(reshape(x)) -> reshape(x)
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  if (auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getInput()))
    return dense.reshape(getType());
  return {};
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &types) {
  RankedTensorType in = rankedType(a.getInput());
  ArrayRef<int64_t> perm = a.getPerm();
  if ((int64_t)perm.size() != in.getRank())
    return inferError(loc, "expects a permutation of " + Twine(in.getRank()) +
                               " dims");
  SmallVector<bool> seen(perm.size(), false);
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= in.getRank() || seen[p])
      return inferError(loc, "perm is not a permutation");
    seen[p] = true;
    shape.push_back(in.getDimSize(p));
  }
  types.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  if (llvm::equal(getPerm(), llvm::seq<int64_t>(0, getPerm().size())))
    return getInput();
  // transpose(transpose(x, p), q) -> transpose(x, p o q)
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t q : getPerm())
      composed.push_back(inner.getPerm()[q]);
    getInputMutable().assign(inner.getInput());
    setPerm(composed);
    return getResult();
  }
  return {};
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor a, SmallVectorImpl<Type> &types) {
  if (a.getInputs().empty())
    return inferError(loc, "expects at least one input");
  RankedTensorType first = rankedType(a.getInputs().front());
  int64_t axis = a.getAxis();
  if (axis < 0 || axis >= first.getRank())
    return inferError(loc, "axis out of range");
  SmallVector<int64_t> shape(first.getShape());
  shape[axis] = 0;
  for (Value v : a.getInputs()) {
    RankedTensorType t = rankedType(v);
    if (t.getRank() != first.getRank())
      return inferError(loc, "expects inputs of one rank");
    for (int64_t d = 0; d < t.getRank(); ++d) {
      if (d == axis)
        continue;
      if (t.getDimSize(d) != first.getDimSize(d))
        return inferError(loc, "inputs differ in dim " + Twine(d));
    }
    if (ShapedType::isDynamic(t.getDimSize(axis)) ||
        ShapedType::isDynamic(shape[axis]))
      shape[axis] = ShapedType::kDynamic;
    else
      shape[axis] += t.getDimSize(axis);
  }
  types.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  return {};
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType in = rankedType(a.getInput());
  int64_t rank = in.getRank();
  if ((int64_t)a.getStarts().size() != rank || (int64_t)a.getEnds().size() != rank ||
      (int64_t)a.getSteps().size() != rank)
    return inferError(loc, "expects starts, ends and steps for all " +
                               Twine(rank) + " dims");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t s = a.getStarts()[d], e = a.getEnds()[d], st = a.getSteps()[d];
    int64_t dim = in.getDimSize(d);
    if (st == 0)
      return inferError(loc, "expects non-zero steps");
    // A dynamic dim is taken whole: 0 to `?` by 1.
    if (ShapedType::isDynamic(dim) && s == 0 && ShapedType::isDynamic(e) && st == 1) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    if (s < 0 || e < -1 || (!ShapedType::isDynamic(dim) && (s > dim || e > dim)))
      return inferError(loc, "bounds of dim " + Twine(d) + " are not normalised");
    int64_t n = st > 0 ? (e - s + st - 1) / st : (s - e + (-st) - 1) / (-st);
    shape.push_back(std::max<int64_t>(n, 0));
  }
  types.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType() &&
      llvm::all_of(getSteps(), [](int64_t s) { return s == 1; }))
    return getInput();
  return {};
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType data = rankedType(a.getData()), idx = rankedType(a.getIndices());
  int64_t axis = a.getAxis();
  if (axis < 0 || axis >= data.getRank())
    return inferError(loc, "axis out of range");
  SmallVector<int64_t> shape(data.getShape().take_front(axis));
  llvm::append_range(shape, idx.getShape());
  llvm::append_range(shape, data.getShape().drop_front(axis + 1));
  types.push_back(RankedTensorType::get(shape, data.getElementType()));
  return success();
}

LogicalResult GatherElementsOp::inferReturnTypes(MLIRContext *,
                                                 std::optional<Location> loc,
                                                 Adaptor a,
                                                 SmallVectorImpl<Type> &types) {
  RankedTensorType data = rankedType(a.getData()), idx = rankedType(a.getIndices());
  int64_t axis = a.getAxis();
  if (axis < 0 || axis >= data.getRank())
    return inferError(loc, "axis out of range");
  if (idx.getRank() != data.getRank())
    return inferError(loc, "expects indices of the data's rank " +
                               Twine(data.getRank()));
  for (int64_t d = 0; d < data.getRank(); ++d)
    if (d != axis && !ShapedType::isDynamic(idx.getDimSize(d)) &&
        !ShapedType::isDynamic(data.getDimSize(d)) &&
        idx.getDimSize(d) > data.getDimSize(d))
      return inferError(loc, "indices dim " + Twine(d) + " exceeds the data's");
  types.push_back(RankedTensorType::get(idx.getShape(), data.getElementType()));
  return success();
}

LogicalResult GatherNDOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                           Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType data = rankedType(a.getData()), idx = rankedType(a.getIndices());
  int64_t r = data.getRank(), q = idx.getRank(), b = a.getBatchDims();
  if (q < 1 || ShapedType::isDynamic(idx.getShape().back()))
    return inferError(loc, "expects indices with a static last dim");
  int64_t k = idx.getShape().back();
  if (b < 0 || b >= std::min(q, r))
    return inferError(loc, "batch_dims out of range");
  if (k < 1 || b + k > r)
    return inferError(loc, "index tuples of " + Twine(k) + " values do not fit " +
                               Twine(r - b) + " data dims");
  if (data.getShape().take_front(b) != idx.getShape().take_front(b))
    return inferError(loc, "batch dims of data and indices differ");
  SmallVector<int64_t> shape(idx.getShape().drop_back());
  llvm::append_range(shape, data.getShape().drop_front(b + k));
  types.push_back(RankedTensorType::get(shape, data.getElementType()));
  return success();
}

static LogicalResult checkReduction(std::optional<Location> loc, StringRef reduction) {
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, reduction))
    return inferError(loc, "unknown reduction '" + reduction + "'");
  return success();
}

LogicalResult ScatterElementsOp::inferReturnTypes(MLIRContext *,
                                                  std::optional<Location> loc,
                                                  Adaptor a,
                                                  SmallVectorImpl<Type> &types) {
  RankedTensorType data = rankedType(a.getData()), idx = rankedType(a.getIndices()),
                   upd = rankedType(a.getUpdates());
  int64_t axis = a.getAxis();
  if (failed(checkReduction(loc, a.getReduction())))
    return failure();
  if (axis < 0 || axis >= data.getRank())
    return inferError(loc, "axis out of range");
  if (idx.getShape() != upd.getShape() || idx.getRank() != data.getRank())
    return inferError(loc, "expects indices and updates of one shape, of the data's rank");
  if (upd.getElementType() != data.getElementType())
    return inferError(loc, "expects updates of the data's element type");
  for (int64_t d = 0; d < data.getRank(); ++d)
    if (d != axis && idx.getDimSize(d) > data.getDimSize(d))
      return inferError(loc, "indices dim " + Twine(d) + " exceeds the data's");
  types.push_back(data);
  return success();
}

LogicalResult ScatterNDOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType data = rankedType(a.getData()), idx = rankedType(a.getIndices()),
                   upd = rankedType(a.getUpdates());
  if (failed(checkReduction(loc, a.getReduction())))
    return failure();
  if (idx.getRank() < 1)
    return inferError(loc, "expects indices of rank >= 1");
  int64_t k = idx.getShape().back();
  if (k < 1 || k > data.getRank())
    return inferError(loc, "index tuples of " + Twine(k) + " values do not fit " +
                               Twine(data.getRank()) + " data dims");
  SmallVector<int64_t> expected(idx.getShape().drop_back());
  llvm::append_range(expected, data.getShape().drop_front(k));
  if (upd.getShape() != ArrayRef<int64_t>(expected))
    return inferError(loc, "expects updates of shape indices.shape[:-1] + data.shape[k:]");
  if (upd.getElementType() != data.getElementType())
    return inferError(loc, "expects updates of the data's element type");
  types.push_back(data);
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType in = rankedType(a.getInput());
  int64_t rank = in.getRank();
  if ((int64_t)a.getPads().size() != 2 * rank)
    return inferError(loc, "expects " + Twine(2 * rank) + " pads");
  StringRef mode = a.getMode();
  if (!llvm::is_contained({"constant", "reflect", "edge", "wrap"}, mode))
    return inferError(loc, "unknown pad mode '" + mode + "'");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = in.getDimSize(d);
    if (ShapedType::isDynamic(dim)) {
      shape.push_back(dim);
      continue;
    }
    int64_t n = dim + a.getPads()[d] + a.getPads()[d + rank];
    if (n < 0)
      return inferError(loc, "pads crop dim " + Twine(d) + " below zero");
    if (mode == "reflect" && (a.getPads()[d] >= dim || a.getPads()[d + rank] >= dim))
      return inferError(loc, "reflect padding must be smaller than the dim");
    shape.push_back(n);
  }
  types.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

LogicalResult ExpandOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape(), out = getType().getShape();
  // Every input dim (aligned to the right) is 1, dynamic, or the result's.
  bool ok = in.size() <= out.size();
  for (size_t i = 0; ok && i < in.size(); ++i) {
    int64_t di = in[i], dout = out[out.size() - in.size() + i];
    ok = di == dout || di == 1 || ShapedType::isDynamic(di) || ShapedType::isDynamic(dout);
  }
  if (!ok)
    return emitOpError("expects the result shape to be a broadcast of the input shape");
  return verifyDynamicSizes(*this, getType(), getDynamicSizes(), /*optional=*/true);
}

OpFoldResult ExpandOp::fold(FoldAdaptor adaptor) {
  // Given sizes may stretch a dynamic dim that is 1 at run time.
  if (getInput().getType() == getType() && getDynamicSizes().empty())
    return getInput();
  if (auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getInput()))
    if (dense.isSplat() && getType().hasStaticShape())
      return DenseElementsAttr::get(getType(), dense.getSplatValue<Attribute>());
  return {};
}

LogicalResult RangeOp::verify() {
  RankedTensorType type = getType();
  if (type.getRank() != 1 || type.getElementType() != getStart().getType().getElementType() ||
      getDelta().getType() != getStart().getType())
    return emitOpError("expects 1-D result and scalar bounds of one element type");
  return success();
}

LogicalResult TileOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType in = rankedType(a.getInput());
  ArrayRef<int64_t> repeats = a.getRepeats();
  if ((int64_t)repeats.size() != in.getRank())
    return inferError(loc, "expects " + Twine(in.getRank()) + " repeats");
  SmallVector<int64_t> shape;
  for (auto [d, r] : llvm::zip(in.getShape(), repeats)) {
    if (r < 0)
      return inferError(loc, "expects non-negative repeats");
    shape.push_back(ShapedType::isDynamic(d) ? d : d * r);
  }
  types.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

OpFoldResult TileOp::fold(FoldAdaptor) {
  if (llvm::all_of(getRepeats(), [](int64_t r) { return r == 1; }))
    return getInput();
  return {};
}

OpFoldResult CheckOp::fold(FoldAdaptor a) {
  // A condition known to hold needs no run-time check.
  auto c = dyn_cast_or_null<DenseElementsAttr>(a.getCondition());
  if (c && c.getSplatValue<bool>())
    return getValue();
  return {};
}
