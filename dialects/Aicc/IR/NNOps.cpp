//===- NNOps.cpp - shape rules of neural-network ops -------------------------===//
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Dialect/Aicc/ShapeUtils.h"

using namespace mlir;
using namespace mlir::aicc;

static RankedTensorType rankedType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// Checks the per-spatial-dimension attribute lengths of conv and pooling.
static LogicalResult checkWindowAttrs(std::optional<Location> loc,
                                      int64_t spatial, ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> dilations,
                                      ArrayRef<int64_t> pads) {
  if ((int64_t)strides.size() != spatial || (int64_t)dilations.size() != spatial)
    return inferError(loc, "expects " + Twine(spatial) +
                               " strides and dilations, one per spatial dim");
  if ((int64_t)pads.size() != 2 * spatial)
    return inferError(loc, "expects " + Twine(2 * spatial) + " pads");
  for (int64_t p : pads)
    if (p < 0)
      return inferError(loc, "expects non-negative pads");
  return success();
}

LogicalResult mlir::aicc::inferConvShape(std::optional<Location> loc,
                                         RankedTensorType in, RankedTensorType w,
                                         ArrayRef<int64_t> strides,
                                         ArrayRef<int64_t> dilations,
                                         ArrayRef<int64_t> pads, int64_t group,
                                         SmallVectorImpl<int64_t> &shape) {
  if (in.getRank() < 3 || w.getRank() != in.getRank())
    return inferError(loc, "expects input [N,C,D...] and weight [M,C/group,K...] "
                           "of the same rank >= 3");
  int64_t spatial = in.getRank() - 2;
  if (failed(checkWindowAttrs(loc, spatial, strides, dilations, pads)))
    return failure();
  if (group < 1)
    return inferError(loc, "expects group >= 1");
  int64_t c = in.getDimSize(1), m = w.getDimSize(0);
  if (!ShapedType::isDynamic(c) && c != w.getDimSize(1) * group)
    return inferError(loc, "input channels (" + Twine(c) +
                               ") != weight channels * group (" +
                               Twine(w.getDimSize(1) * group) + ")");
  if (m % group != 0)
    return inferError(loc, "output channels are not divisible by group");
  shape.assign({in.getDimSize(0), m});
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t o = windowOutputSize(in.getDimSize(i + 2), w.getDimSize(i + 2),
                                 strides[i], dilations[i], pads[i],
                                 pads[i + spatial], false);
    if (o < 0 && !ShapedType::isDynamic(o))
      return inferError(loc, "kernel does not fit the padded input in dim " +
                                 Twine(i + 2));
    shape.push_back(o);
  }
  return success();
}

LogicalResult ConvOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType in = rankedType(a.getInput()), w = rankedType(a.getWeight());
  SmallVector<int64_t> shape;
  if (failed(inferConvShape(loc, in, w, a.getStrides(), a.getDilations(), a.getPads(),
                            a.getGroup(), shape)))
    return failure();
  int64_t m = w.getDimSize(0);
  if (a.getBias()) {
    RankedTensorType b = rankedType(a.getBias());
    if (b.getRank() != 1 || b.getDimSize(0) != m)
      return inferError(loc, "expects bias of shape [" + Twine(m) + "]");
  }
  types.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

LogicalResult GemmOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType at = rankedType(a.getA()), bt = rankedType(a.getB());
  if (at.getRank() != 2 || bt.getRank() != 2)
    return inferError(loc, "expects 2-d A and B");
  int64_t m = at.getDimSize(a.getTransA() ? 1 : 0);
  int64_t ka = at.getDimSize(a.getTransA() ? 0 : 1);
  int64_t kb = bt.getDimSize(a.getTransB() ? 1 : 0);
  int64_t n = bt.getDimSize(a.getTransB() ? 0 : 1);
  if (ka != kb && !ShapedType::isDynamic(ka) && !ShapedType::isDynamic(kb))
    return inferError(loc, "inner dimensions differ: " + Twine(ka) + " vs " +
                               Twine(kb));
  if (a.getC()) {
    RankedTensorType ct = rankedType(a.getC());
    auto bc = broadcastShapes({m, n}, ct.getShape());
    if (ct.getRank() > 2 || !bc || (*bc)[0] != m || (*bc)[1] != n)
      return inferError(loc, "C does not broadcast to [M, N]");
  }
  types.push_back(RankedTensorType::get({m, n}, at.getElementType()));
  return success();
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor a, SmallVectorImpl<Type> &types) {
  RankedTensorType l = rankedType(a.getLhs()), r = rankedType(a.getRhs());
  if (l.getRank() < 1 || r.getRank() < 1)
    return inferError(loc, "expects operands of rank >= 1");
  SmallVector<int64_t> ls(l.getShape()), rs(r.getShape());
  bool lVec = ls.size() == 1, rVec = rs.size() == 1;
  if (lVec)
    ls.insert(ls.begin(), 1);
  if (rVec)
    rs.push_back(1);
  int64_t k1 = ls.back(), k2 = rs[rs.size() - 2];
  if (k1 != k2 && !ShapedType::isDynamic(k1) && !ShapedType::isDynamic(k2))
    return inferError(loc, "inner dimensions differ: " + Twine(k1) + " vs " +
                               Twine(k2));
  auto batch = broadcastShapes(ArrayRef<int64_t>(ls).drop_back(2),
                               ArrayRef<int64_t>(rs).drop_back(2));
  if (!batch)
    return inferError(loc, "batch dimensions are not broadcast-compatible");
  SmallVector<int64_t> shape = *batch;
  if (!lVec)
    shape.push_back(ls[ls.size() - 2]);
  if (!rVec)
    shape.push_back(rs.back());
  types.push_back(RankedTensorType::get(shape, l.getElementType()));
  return success();
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &types) {
  RankedTensorType in = rankedType(a.getInput());
  if (in.getRank() < 2)
    return inferError(loc, "expects input of rank >= 2");
  for (Value v : {a.getScale(), a.getBias(), a.getMean(), a.getVariance()}) {
    RankedTensorType t = rankedType(v);
    if (t.getRank() != 1 || t.getDimSize(0) != in.getDimSize(1))
      return inferError(loc, "expects per-channel operands of shape [" +
                                 Twine(in.getDimSize(1)) + "]");
  }
  types.push_back(in);
  return success();
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &types) {
  RankedTensorType in = rankedType(a.getInput());
  int64_t rank = in.getRank(), axis = a.getAxis();
  if (axis < 0 || axis >= rank)
    return inferError(loc, "expects axis in [0, " + Twine(rank) + "), got " +
                               Twine(axis));
  ArrayRef<int64_t> normalised = in.getShape().drop_front(axis);
  for (Value v : {a.getScale(), a.getBias()}) {
    if (!v)
      continue;
    RankedTensorType t = rankedType(v);
    auto shape = broadcastShapes(normalised, t.getShape());
    if (t.getElementType() != in.getElementType() || !shape ||
        ArrayRef<int64_t>(*shape) != normalised)
      return inferError(loc, "expects scale and bias of the input's element "
                             "type that broadcast to the normalised shape");
  }
  types.push_back(in);
  return success();
}

template <typename OpTy> static LogicalResult verifySoftmaxAxis(OpTy op) {
  // I64Attr getters return uint64_t: read the axis as signed so that a
  // negative axis is reported as such.
  int64_t rank = op.getType().getRank(), axis = op.getAxis();
  if (axis < 0 || axis >= std::max<int64_t>(rank, 1))
    return op.emitOpError("expects axis in [0, ") << rank << "), got " << axis;
  return success();
}
LogicalResult SoftmaxOp::verify() { return verifySoftmaxAxis(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxAxis(*this); }

template <typename Adaptor>
static LogicalResult inferPool(std::optional<Location> loc, Adaptor a,
                               SmallVectorImpl<Type> &types) {
  RankedTensorType in = rankedType(a.getInput());
  if (in.getRank() < 3)
    return inferError(loc, "expects input [N,C,D...] of rank >= 3");
  int64_t spatial = in.getRank() - 2;
  if ((int64_t)a.getKernelShape().size() != spatial)
    return inferError(loc, "expects one kernel extent per spatial dim");
  if (failed(checkWindowAttrs(loc, spatial, a.getStrides(), a.getDilations(),
                              a.getPads())))
    return failure();
  SmallVector<int64_t> shape = {in.getDimSize(0), in.getDimSize(1)};
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t o = windowOutputSize(in.getDimSize(i + 2), a.getKernelShape()[i],
                                 a.getStrides()[i], a.getDilations()[i],
                                 a.getPads()[i], a.getPads()[i + spatial],
                                 a.getCeilMode());
    if (o < 0 && !ShapedType::isDynamic(o))
      return inferError(loc, "window does not fit the padded input in dim " +
                                 Twine(i + 2));
    shape.push_back(o);
  }
  types.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *, std::optional<Location> l,
                                          Adaptor a, SmallVectorImpl<Type> &t) {
  return inferPool(l, a, t);
}
LogicalResult AvgPoolOp::inferReturnTypes(MLIRContext *, std::optional<Location> l,
                                          Adaptor a, SmallVectorImpl<Type> &t) {
  return inferPool(l, a, t);
}

LogicalResult GlobalAvgPoolOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor a,
                                                SmallVectorImpl<Type> &types) {
  RankedTensorType in = rankedType(a.getInput());
  if (in.getRank() < 3)
    return inferError(loc, "expects input [N,C,D...] of rank >= 3");
  SmallVector<int64_t> shape(in.getRank(), 1);
  shape[0] = in.getDimSize(0);
  shape[1] = in.getDimSize(1);
  types.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

LogicalResult ResizeOp::verify() {
  RankedTensorType in = getInput().getType(), out = getType();
  if (in.getRank() != out.getRank())
    return emitOpError("expects input and result of one rank");
  if ((int64_t)getScales().size() != in.getRank())
    return emitOpError("expects one scale per dimension");
  if (Value rs = getRuntimeScales()) {
    auto t = cast<RankedTensorType>(rs.getType());
    if (t.getRank() != 1 || t.getDimSize(0) != in.getRank())
      return emitOpError("expects one run-time scale per dimension");
  }
  for (double s : getScales())
    if (!(s > 0))
      return emitOpError("expects positive scales");
  if (!llvm::is_contained({"nearest", "linear", "cubic"}, getMode()))
    return emitOpError("supports modes 'nearest', 'linear' and 'cubic', got '")
           << getMode() << "'";
  StringRef ct = getCoordinateTransformationMode();
  if (!llvm::is_contained({"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel",
                           "align_corners", "asymmetric", "tf_crop_and_resize",
                           "tf_half_pixel_for_nn"},
                          ct))
    return emitOpError("unknown coordinate_transformation_mode '") << ct << "'";
  StringRef nm = getNearestMode();
  if (!llvm::is_contained({"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"},
                          nm))
    return emitOpError("unknown nearest_mode '") << nm << "'";
  return success();
}
