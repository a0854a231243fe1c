//===- DataMovementLowering.cpp - reshape, transpose, slice, pad... ----------===//
#include "LinalgBuilders.h"
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::aicc;

namespace {

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// Clamps an index value into [0, n-1] so no runtime data reads out of bounds.
Value clampIndex(OpBuilder &b, Location loc, Value i, int64_t n) {
  i = arith::MaxSIOp::create(b, loc, i, indexConst(b, loc, 0));
  return arith::MinSIOp::create(b, loc, i, indexConst(b, loc, n - 1));
}

/// A generic over `type` with no inputs whose body reads `source` at indices
/// computed from the output indices.
Value gatherGeneric(OpBuilder &b, Location loc, RankedTensorType type,
                    ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                    function_ref<Value(OpBuilder &, Location, ArrayRef<Value>, ValueRange)> body,
                    ValueRange dynSizes = {}) {
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(type.getRank()));
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, inputs, ValueRange{emptyTensor(b, loc, type, {}, dynSizes)},
             maps, iteratorTypes(type.getRank()),
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               SmallVector<Value> idx;
               for (int64_t d = 0; d < type.getRank(); ++d)
                 idx.push_back(linalg::IndexOp::create(nb, nl, d));
               linalg::YieldOp::create(nb, nl, body(nb, nl, idx, args.drop_back()));
             })
      .getResult(0);
}

/// Groups the dims of `big` into one run per dim of `small` for a reshape
/// between them that is a view: a dynamic dim of `small` takes one dynamic
/// dim of `big` and the unit dims after it, a static one takes static dims
/// of the same product; nullopt when the shapes do not group that way.
static std::optional<SmallVector<ReassociationIndices>>
groupDims(ArrayRef<int64_t> big, ArrayRef<int64_t> small) {
  SmallVector<ReassociationIndices> groups;
  size_t j = 0;
  for (size_t i = 0; i < small.size(); ++i) {
    ReassociationIndices g;
    if (ShapedType::isDynamic(small[i])) {
      if (j == big.size() || !ShapedType::isDynamic(big[j]))
        return std::nullopt;
      g.push_back(j++);
      while (j < big.size() && big[j] == 1 && i + 1 == small.size())
        g.push_back(j++);
    } else {
      int64_t product = 1;
      do {
        if (j == big.size() || ShapedType::isDynamic(big[j]))
          return std::nullopt;
        product *= big[j];
        g.push_back(j++);
      } while (product < small[i]);
      if (product != small[i])
        return std::nullopt;
      while (i + 1 == small.size() && j < big.size() && big[j] == 1)
        g.push_back(j++);
    }
    groups.push_back(g);
  }
  if (j != big.size() || groups.empty())
    return std::nullopt;
  return groups;
}

/// A reshape whose result's dynamic sizes are given: an expand or collapse
/// (a view) where the dims group, else `tensor.reshape` by a shape tensor.
static Value reshapeWithSizes(OpBuilder &b, Location loc, Value input, RankedTensorType type,
                              ValueRange given) {
  auto inType = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> sizes;
  auto next = given.begin();
  for (int64_t d : type.getShape())
    sizes.push_back(ShapedType::isDynamic(d) ? OpFoldResult(*next++) : b.getIndexAttr(d));
  if (type.getRank() > inType.getRank() && inType.getRank() > 0)
    if (auto groups = groupDims(type.getShape(), inType.getShape()))
      return tensor::ExpandShapeOp::create(b, loc, type, input, *groups, sizes);
  if (type.getRank() < inType.getRank() && type.getRank() > 0)
    if (auto groups = groupDims(inType.getShape(), type.getShape()))
      return tensor::CollapseShapeOp::create(b, loc, type, input, *groups);
  // An i64 shape: the memory plan sizes buffers by element bit width, which
  // `index` lacks.
  SmallVector<Value> dims;
  for (OpFoldResult f : sizes)
    dims.push_back(arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                              getValueOrCreateConstantIndexOp(b, loc, f)));
  Value shape = tensor::FromElementsOp::create(
      b, loc, RankedTensorType::get({type.getRank()}, b.getI64Type()), dims);
  return tensor::ReshapeOp::create(b, loc, type, input, shape);
}

struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    if (type.hasStaticShape() && inType.hasStaticShape()) {
      rewriter.replaceOp(op, reshapeTensor(rewriter, op.getLoc(), input, type.getShape()));
      return success();
    }
    // Dynamic: through a 1-D tensor. The sizes of the result's dynamic dims
    // are given, or the one dynamic dim is the element count over the
    // product of the static ones.
    ValueRange given = adaptor.getDynamicSizes();
    if (!given.empty()) {
      rewriter.replaceOp(op, reshapeWithSizes(rewriter, op.getLoc(), input, type, given));
      return success();
    }
    if ((given.empty() && type.getNumDynamicDims() > 1) || type.getRank() == 0 ||
        inType.getRank() == 0)
      return rewriter.notifyMatchFailure(op, "more than one dynamic result dim");
    Location loc = op.getLoc();
    Value total = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (int64_t d = 0; d < inType.getRank(); ++d)
      total = arith::MulIOp::create(rewriter, loc, total,
                                    tensor::DimOp::create(rewriter, loc, input, d));
    Value flat = input;
    if (inType.getRank() != 1)
      flat = tensor::CollapseShapeOp::create(
          rewriter, loc, RankedTensorType::get({ShapedType::kDynamic}, type.getElementType()),
          input, SmallVector<ReassociationIndices>{
                     llvm::to_vector(llvm::seq<int64_t>(0, inType.getRank()))});
    int64_t fixed = 1;
    for (int64_t d : type.getShape())
      if (!ShapedType::isDynamic(d))
        fixed *= d;
    SmallVector<OpFoldResult> sizes;
    auto next = given.begin();
    for (int64_t d : type.getShape())
      sizes.push_back(!given.empty() && ShapedType::isDynamic(d)
                          ? OpFoldResult(*next++)
                      : ShapedType::isDynamic(d)
                          ? OpFoldResult(arith::DivUIOp::create(
                                             rewriter, loc, total,
                                             arith::ConstantIndexOp::create(
                                                 rewriter, loc, std::max<int64_t>(fixed, 1)))
                                             .getResult())
                          : OpFoldResult(rewriter.getIndexAttr(d)));
    if (type.getRank() == 1) {
      rewriter.replaceOp(op, tensor::CastOp::create(rewriter, loc, type, flat));
      return success();
    }
    rewriter.replaceOp(op, tensor::ExpandShapeOp::create(
                               rewriter, loc, type, flat,
                               SmallVector<ReassociationIndices>{
                                   llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()))},
                               sizes));
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Value> sizes;
    for (auto [d, from] : llvm::enumerate(op.getPerm()))
      if (op.getType().isDynamicDim(d))
        sizes.push_back(tensor::DimOp::create(rewriter, loc, adaptor.getInput(), from));
    Value init = emptyTensor(rewriter, loc, op.getType(), {}, sizes);
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       adaptor.getInput(), init,
                                                       op.getPerm())
                               ->getResults());
    return success();
  }
};

struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t axis = op.getAxis();
    ValueRange inputs = adaptor.getInputs();
    // Dynamic dims: the first input's off the axis, the sum along it.
    auto dimOf = [&](Value v, int64_t d) -> OpFoldResult {
      auto t = cast<RankedTensorType>(v.getType());
      if (!t.isDynamicDim(d))
        return rewriter.getIndexAttr(t.getDimSize(d));
      return tensor::DimOp::create(rewriter, loc, v, d).getResult();
    };
    auto add = [&](OpFoldResult a, OpFoldResult b) -> OpFoldResult {
      auto ca = getConstantIntValue(a), cb = getConstantIntValue(b);
      if (ca && cb)
        return rewriter.getIndexAttr(*ca + *cb);
      return arith::AddIOp::create(rewriter, loc, getValueOrCreateConstantIndexOp(rewriter, loc, a),
                                   getValueOrCreateConstantIndexOp(rewriter, loc, b))
          .getResult();
    };
    SmallVector<Value> dynSizes;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d))
        continue;
      OpFoldResult size = dimOf(inputs.front(), d);
      if (d == axis) {
        size = rewriter.getIndexAttr(0);
        for (Value in : inputs)
          size = add(size, dimOf(in, d));
      }
      dynSizes.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, size));
    }
    Value result = emptyTensor(rewriter, loc, type, {}, dynSizes);
    OpFoldResult offset = rewriter.getIndexAttr(0);
    for (Value in : inputs) {
      auto inType = cast<RankedTensorType>(in.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
      offsets[axis] = offset;
      SmallVector<OpFoldResult> sizes, strides(type.getRank(), rewriter.getIndexAttr(1));
      for (int64_t d = 0; d < inType.getRank(); ++d)
        sizes.push_back(dimOf(in, d));
      offset = add(offset, sizes[axis]);
      if (inType.hasStaticShape() && inType.getNumElements() == 0)
        continue;
      result = tensor::InsertSliceOp::create(rewriter, loc, in, result, offsets,
                                             sizes, strides);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    ArrayRef<int64_t> starts = op.getStarts(), steps = op.getSteps();
    // An empty result reads nothing. tensor.extract_slice would reject it:
    // its offsets must lie inside the source even for size 0, and an empty
    // Split part or a Slice clamped to the end starts at the dim size.
    if (type.hasStaticShape() && type.getNumElements() == 0) {
      rewriter.replaceOpWithNewOp<tensor::EmptyOp>(op, type.getShape(),
                                                   type.getElementType());
      return success();
    }
    if (llvm::all_of(steps, [](int64_t s) { return s > 0; })) {
      // Dynamic dims are taken whole (SliceOp's rule), so their size is the
      // input's.
      SmallVector<OpFoldResult> offsets, sizes, strides;
      for (int64_t d = 0; d < type.getRank(); ++d) {
        offsets.push_back(rewriter.getIndexAttr(starts[d]));
        strides.push_back(rewriter.getIndexAttr(steps[d]));
        sizes.push_back(type.isDynamicDim(d)
                            ? OpFoldResult(tensor::DimOp::create(rewriter, loc,
                                                                 adaptor.getInput(), d)
                                               .getResult())
                            : OpFoldResult(rewriter.getIndexAttr(type.getDimSize(d))));
      }
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(op, type, adaptor.getInput(),
                                                          offsets, sizes, strides);
      return success();
    }
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "negative steps need static shapes");
    Value input = adaptor.getInput();
    auto inShape = op.getInput().getType().getShape();
    Value r = gatherGeneric(
        rewriter, loc, type, {}, {},
        [&](OpBuilder &b, Location l, ArrayRef<Value> idx, ValueRange) {
          SmallVector<Value> src;
          for (size_t d = 0; d < idx.size(); ++d) {
            Value i = arith::MulIOp::create(b, l, idx[d], indexConst(b, l, steps[d]));
            i = arith::AddIOp::create(b, l, i, indexConst(b, l, starts[d]));
            src.push_back(clampIndex(b, l, i, inShape[d]));
          }
          return tensor::ExtractOp::create(b, l, input, src);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// Wraps a negative index by `dim` (an index value) and clamps it into
/// [0, dim-1].
Value normaliseIndex(OpBuilder &b, Location l, Value raw, Value dim) {
  Value i = arith::IndexCastOp::create(b, l, b.getIndexType(), raw);
  Value zero = indexConst(b, l, 0);
  Value neg = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i, zero);
  i = arith::SelectOp::create(b, l, neg, arith::AddIOp::create(b, l, i, dim), i);
  i = arith::MaxSIOp::create(b, l, i, zero);
  return arith::MinSIOp::create(b, l, i,
                                arith::SubIOp::create(b, l, dim, indexConst(b, l, 1)));
}

Value normaliseIndex(OpBuilder &b, Location l, Value raw, int64_t dim) {
  Value i = arith::IndexCastOp::create(b, l, b.getIndexType(), raw);
  Value neg = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i,
                                    indexConst(b, l, 0));
  i = arith::SelectOp::create(
      b, l, neg, arith::AddIOp::create(b, l, i, indexConst(b, l, dim)), i);
  return clampIndex(b, l, i, dim);
}

struct GatherLowering : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType type = op.getType();
    auto dataType = op.getData().getType();
    int64_t axis = op.getAxis(), idxRank = op.getIndices().getType().getRank();
    int64_t dim = dataType.getDimSize(axis);
    SmallVector<AffineExpr> idxExprs;
    for (int64_t i = 0; i < idxRank; ++i)
      idxExprs.push_back(getAffineDimExpr(axis + i, ctx));
    Value data = adaptor.getData();
    // A dynamic gathered dim (a Slice with run-time bounds of a run-time Pad)
    // wraps and clamps the indices by its run-time size.
    Value dynDim = ShapedType::isDynamic(dim)
                       ? tensor::DimOp::create(rewriter, loc, data, axis).getResult()
                       : Value();
    // Result dims: data's before the axis, the indices', data's after it.
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d))
        continue;
      if (d < axis)
        sizes.push_back(tensor::DimOp::create(rewriter, loc, data, d));
      else if (d < axis + idxRank)
        sizes.push_back(tensor::DimOp::create(rewriter, loc, adaptor.getIndices(), d - axis));
      else
        sizes.push_back(tensor::DimOp::create(rewriter, loc, data, d - idxRank + 1));
    }
    Value r = gatherGeneric(
        rewriter, loc, type, adaptor.getIndices(),
        AffineMap::get(type.getRank(), 0, idxExprs, ctx),
        [&](OpBuilder &b, Location l, ArrayRef<Value> idx, ValueRange args) {
          SmallVector<Value> src(idx.begin(), idx.begin() + axis);
          src.push_back(dynDim ? normaliseIndex(b, l, args[0], dynDim)
                               : normaliseIndex(b, l, args[0], dim));
          src.append(idx.begin() + axis + idxRank, idx.end());
          return tensor::ExtractOp::create(b, l, data, src);
        },
        sizes);
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// One generic over the indices' shape; each element reads data at its own
/// position with dimension `axis` replaced by the index.
struct GatherElementsLowering : OpConversionPattern<GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    int64_t axis = op.getAxis();
    int64_t dim = op.getData().getType().getDimSize(axis);
    Value data = adaptor.getData();
    Value r = gatherGeneric(
        rewriter, op.getLoc(), type, adaptor.getIndices(),
        rewriter.getMultiDimIdentityMap(type.getRank()),
        [&](OpBuilder &b, Location l, ArrayRef<Value> idx, ValueRange args) {
          SmallVector<Value> src(idx);
          src[axis] = normaliseIndex(b, l, args[0], dim);
          return tensor::ExtractOp::create(b, l, data, src);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct GatherNDLowering : OpConversionPattern<GatherNDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    ArrayRef<int64_t> dataShape = op.getData().getType().getShape();
    int64_t b = op.getBatchDims(), q = op.getIndices().getType().getRank();
    int64_t k = op.getIndices().getType().getShape().back();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    Value r = gatherGeneric(
        rewriter, op.getLoc(), type, {}, {},
        [&](OpBuilder &nb, Location l, ArrayRef<Value> idx, ValueRange) {
          SmallVector<Value> src(idx.begin(), idx.begin() + b);
          SmallVector<Value> tuple(idx.begin(), idx.begin() + q - 1);
          tuple.push_back(nullptr);
          for (int64_t j = 0; j < k; ++j) {
            tuple.back() = indexConst(nb, l, j);
            Value raw = tensor::ExtractOp::create(nb, l, indices, tuple);
            src.push_back(normaliseIndex(nb, l, raw, dataShape[b + j]));
          }
          src.append(idx.begin() + q - 1, idx.end());
          return tensor::ExtractOp::create(nb, l, data, src);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// What an update does to the element it lands on.
Value combineScatter(OpBuilder &b, Location l, StringRef reduction, Value old,
                     Value upd) {
  bool isFloat = isa<FloatType>(old.getType());
  if (reduction == "add")
    return isFloat ? (Value)arith::AddFOp::create(b, l, old, upd)
                   : (Value)arith::AddIOp::create(b, l, old, upd);
  if (reduction == "mul")
    return isFloat ? (Value)arith::MulFOp::create(b, l, old, upd)
                   : (Value)arith::MulIOp::create(b, l, old, upd);
  if (reduction == "max")
    return scalarMax(b, l, old, upd);
  if (reduction == "min")
    return scalarMin(b, l, old, upd);
  return upd;
}

/// A scatter as one generic: parallel loops over the data (initialised with
/// it) and reduction loops over the updates; an update whose target is the
/// current element is combined in, in update order. `updateExprs` maps the
/// loops to an update's position, `target` says whether it lands on the
/// element.
Value buildScatter(OpBuilder &b, Location loc, Value data, ValueRange inputs,
                   ArrayRef<AffineMap> inputMaps, unsigned numLoops,
                   StringRef reduction,
                   function_ref<Value(OpBuilder &, Location, ValueRange)> target) {
  auto type = cast<RankedTensorType>(data.getType());
  unsigned rank = type.getRank();
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(AffineMap::getMultiDimIdentityMap(numLoops, b.getContext())
                     .getMajorSubMap(rank));
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, inputs, ValueRange{data}, maps,
             iteratorTypes(rank, numLoops - rank),
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value hit = target(nb, l, args);
               Value next = combineScatter(nb, l, reduction, args.back(), args[0]);
               Value r = arith::SelectOp::create(nb, l, hit, next, args.back());
               linalg::YieldOp::create(nb, l, r);
             })
      .getResult(0);
}

Value allOf(OpBuilder &b, Location l, ArrayRef<Value> conds) {
  Value r = conds.front();
  for (Value c : conds.drop_front())
    r = arith::AndIOp::create(b, l, r, c);
  return r;
}

Value sameIndex(OpBuilder &b, Location l, Value x, Value y) {
  return arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, x, y);
}

/// Loops: the data's dims, then one reduction loop for every update dim that
/// cannot share the data's loop (the axis, and dims where the sizes differ).
struct ScatterElementsLowering : OpConversionPattern<ScatterElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScatterElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> dataShape = op.getData().getType().getShape();
    ArrayRef<int64_t> updShape = op.getUpdates().getType().getShape();
    if (op.getReduction() != "none" &&
        op.getType().getElementType().isUnsignedInteger())
      return rewriter.notifyMatchFailure(op, "unsigned scatter reductions are not lowered yet");
    unsigned rank = dataShape.size(), loops = rank;
    int64_t axis = op.getAxis();
    SmallVector<AffineExpr> updExprs;
    SmallVector<std::pair<unsigned, unsigned>> extra; // (dim, loop)
    for (unsigned d = 0; d < rank; ++d) {
      if ((int64_t)d == axis || updShape[d] != dataShape[d]) {
        extra.push_back({d, loops});
        updExprs.push_back(getAffineDimExpr(loops++, ctx));
      } else {
        updExprs.push_back(getAffineDimExpr(d, ctx));
      }
    }
    AffineMap updMap = AffineMap::get(loops, 0, updExprs, ctx);
    Value r = buildScatter(
        rewriter, op.getLoc(), adaptor.getData(),
        ValueRange{adaptor.getUpdates(), adaptor.getIndices()}, {updMap, updMap}, loops,
        op.getReduction(), [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> conds;
          for (auto [d, loop] : extra) {
            Value here = linalg::IndexOp::create(b, l, d);
            Value from = (int64_t)d == axis
                             ? normaliseIndex(b, l, args[1], dataShape[axis])
                             : (Value)linalg::IndexOp::create(b, l, loop);
            conds.push_back(sameIndex(b, l, here, from));
          }
          return allOf(b, l, conds);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// Loops: the data's dims, then the index tuples' dims as reduction loops;
/// the trailing dims of an update slice share the data's loops.
struct ScatterNDLowering : OpConversionPattern<ScatterNDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScatterNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> dataShape = op.getData().getType().getShape();
    if (op.getReduction() != "none" &&
        op.getType().getElementType().isUnsignedInteger())
      return rewriter.notifyMatchFailure(op, "unsigned scatter reductions are not lowered yet");
    unsigned rank = dataShape.size();
    unsigned batch = op.getIndices().getType().getRank() - 1;
    int64_t k = op.getIndices().getType().getShape().back();
    unsigned loops = rank + batch;
    SmallVector<AffineExpr> updExprs;
    for (unsigned i = 0; i < batch; ++i)
      updExprs.push_back(getAffineDimExpr(rank + i, ctx));
    for (unsigned d = k; d < rank; ++d)
      updExprs.push_back(getAffineDimExpr(d, ctx));
    Value indices = adaptor.getIndices();
    Value r = buildScatter(
        rewriter, op.getLoc(), adaptor.getData(), ValueRange{adaptor.getUpdates()},
        {AffineMap::get(loops, 0, updExprs, ctx)}, loops, op.getReduction(),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> tuple, conds;
          for (unsigned i = 0; i < batch; ++i)
            tuple.push_back(linalg::IndexOp::create(b, l, rank + i));
          tuple.push_back(nullptr);
          for (int64_t j = 0; j < k; ++j) {
            tuple.back() = indexConst(b, l, j);
            Value raw = tensor::ExtractOp::create(b, l, indices, tuple);
            conds.push_back(sameIndex(b, l, linalg::IndexOp::create(b, l, j),
                                      normaliseIndex(b, l, raw, dataShape[j])));
          }
          return allOf(b, l, conds);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct PadLowering : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    auto inShape = op.getInput().getType().getShape();
    int64_t rank = type.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    StringRef mode = op.getMode();
    Value input = adaptor.getInput();
    if (mode == "constant") {
      // Negative pads crop first; the rest pads with the constant.
      SmallVector<int64_t> offs, sizes, ones(rank, 1);
      bool crop = false;
      for (int64_t d = 0; d < rank; ++d) {
        int64_t lo = std::max<int64_t>(0, -pads[d]), hi = std::max<int64_t>(0, -pads[d + rank]);
        offs.push_back(lo);
        sizes.push_back(inShape[d] - lo - hi);
        crop |= lo || hi;
      }
      if (crop)
        input = tensor::ExtractSliceOp::create(
            rewriter, loc, RankedTensorType::get(sizes, type.getElementType()), input,
            ValueRange{}, ValueRange{}, ValueRange{}, offs, sizes, ones);
      SmallVector<OpFoldResult> lo, hi;
      for (int64_t d = 0; d < rank; ++d) {
        lo.push_back(rewriter.getIndexAttr(std::max<int64_t>(0, pads[d])));
        hi.push_back(rewriter.getIndexAttr(std::max<int64_t>(0, pads[d + rank])));
      }
      Value v = scalarConstant(rewriter, loc, type.getElementType(),
                               op.getValue().convertToDouble());
      rewriter.replaceOpWithNewOp<tensor::PadOp>(op, type, input, lo, hi, v);
      return success();
    }
    Value r = gatherGeneric(
        rewriter, loc, type, {}, {},
        [&](OpBuilder &b, Location l, ArrayRef<Value> idx, ValueRange) {
          SmallVector<Value> src;
          for (int64_t d = 0; d < rank; ++d) {
            int64_t n = inShape[d];
            Value i = arith::SubIOp::create(b, l, idx[d], indexConst(b, l, pads[d]));
            if (mode == "reflect") {
              // -i below 0, 2(n-1)-i past the end (pads < n is verified).
              Value neg = arith::SubIOp::create(b, l, indexConst(b, l, 0), i);
              i = arith::MaxSIOp::create(b, l, i, neg);
              Value back = arith::SubIOp::create(b, l, indexConst(b, l, 2 * (n - 1)), i);
              i = arith::MinSIOp::create(b, l, i, back);
            } else if (mode == "wrap") {
              Value m = arith::RemSIOp::create(b, l, i, indexConst(b, l, n));
              m = arith::AddIOp::create(b, l, m, indexConst(b, l, n));
              i = arith::RemSIOp::create(b, l, m, indexConst(b, l, n));
            }
            src.push_back(clampIndex(b, l, i, n));
          }
          return tensor::ExtractOp::create(b, l, input, src);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// A broadcasting copy: the generic's input map stretches size-1 dims.
struct ExpandLowering : OpConversionPattern<ExpandOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    std::optional<SmallVector<Value>> sizes;
    if (!adaptor.getDynamicSizes().empty())
      sizes = llvm::to_vector(adaptor.getDynamicSizes());
    rewriter.replaceOp(op, buildElementwise(rewriter, op.getLoc(), op.getType(),
                                            adaptor.getInput(),
                                            [](OpBuilder &, Location, ValueRange a) {
                                              return a[0];
                                            },
                                            sizes));
    return success();
  }
};

/// `start + i * delta` over a tensor of the given run-time size.
struct RangeLowering : OpConversionPattern<RangeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RangeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type et = type.getElementType();
    SmallVector<Value> sizes;
    if (type.isDynamicDim(0))
      sizes.push_back(adaptor.getSize());
    Value init = emptyTensor(rewriter, loc, type, {}, sizes);
    AffineMap scalar = AffineMap::get(1, 0, rewriter.getContext());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{adaptor.getStart(), adaptor.getDelta()},
        ValueRange{init},
        SmallVector<AffineMap>{scalar, scalar, rewriter.getMultiDimIdentityMap(1)},
        SmallVector<utils::IteratorType>{utils::IteratorType::parallel},
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value i = linalg::IndexOp::create(b, l, 0);
          Value step;
          if (isa<FloatType>(et)) {
            Value n = arith::IndexCastUIOp::create(b, l, b.getI64Type(), i);
            n = arith::UIToFPOp::create(b, l, et, n);
            step = arith::AddFOp::create(b, l, args[0], arith::MulFOp::create(b, l, n, args[1]));
          } else {
            Value n = arith::IndexCastOp::create(b, l, et, i);
            step = arith::AddIOp::create(b, l, args[0], arith::MulIOp::create(b, l, n, args[1]));
          }
          linalg::YieldOp::create(b, l, step);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// tile(x[a, b], [r, s]) = reshape(broadcast(x as [1, a, 1, b] to
/// [r, a, s, b]), [r*a, s*b]): a plain broadcasting copy, no index math.
struct TileLowering : OpConversionPattern<TileOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    SmallVector<int64_t> interleaved, broadcast;
    for (auto [d, r] : llvm::zip(op.getInput().getType().getShape(), op.getRepeats())) {
      interleaved.append({1, d});
      broadcast.append({r, d});
    }
    Value x = reshapeTensor(rewriter, loc, adaptor.getInput(), interleaved);
    x = buildElementwise(rewriter, loc, type.clone(broadcast), x,
                         [](OpBuilder &, Location, ValueRange a) { return a[0]; });
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, x, type.getShape()));
    return success();
  }
};

/// `aicc.check`: a `cf.assert` on the extracted condition (which
/// aicc-bind-dynamic-shapes turns into the runtime's failure report), then
/// the value itself.
struct CheckLowering : OpConversionPattern<CheckOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CheckOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value ok = tensor::ExtractOp::create(rewriter, op.getLoc(), adaptor.getCondition(),
                                         ValueRange{});
    cf::AssertOp::create(rewriter, op.getLoc(), ok, op.getMessage());
    rewriter.replaceOp(op, adaptor.getValue());
    return success();
  }
};

} // namespace

void mlir::aicc::populateDataMovementToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<CheckLowering, ReshapeLowering, TransposeLowering, ConcatLowering, SliceLowering,
               GatherLowering, GatherElementsLowering, GatherNDLowering,
               ScatterElementsLowering, ScatterNDLowering, PadLowering, ExpandLowering,
               RangeLowering, TileLowering>(patterns.getContext());
}
