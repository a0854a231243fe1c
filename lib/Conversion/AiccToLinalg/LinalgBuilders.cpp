//===- LinalgBuilders.cpp - helpers to build linalg on tensors ---------------===//
#include "LinalgBuilders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace mlir::aicc {

Value scalarConstant(OpBuilder &b, Location loc, Type type, double v) {
  if (auto ft = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(ft, v));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt bits(width, (uint64_t)(int64_t)v, /*isSigned=*/false, /*implicitTrunc=*/true);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, bits));
}

Value lowestValue(OpBuilder &b, Location loc, Type type) {
  if (auto ft = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc, b.getFloatAttr(ft, APFloat::getInf(ft.getFloatSemantics(), true)));
  unsigned w = type.getIntOrFloatBitWidth();
  // Bools order false < true, as unsigned.
  bool uns = type.isUnsignedInteger() || type.isInteger(1);
  APInt v = uns ? APInt::getMinValue(w) : APInt::getSignedMinValue(w);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, v));
}

Value highestValue(OpBuilder &b, Location loc, Type type) {
  if (auto ft = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc, b.getFloatAttr(ft, APFloat::getInf(ft.getFloatSemantics(), false)));
  unsigned w = type.getIntOrFloatBitWidth();
  bool uns = type.isUnsignedInteger() || type.isInteger(1);
  APInt v = uns ? APInt::getMaxValue(w) : APInt::getSignedMaxValue(w);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, v));
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type, Value fill,
                  ValueRange dynSizes) {
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(),
                                        type.getElementType(), dynSizes);
  if (!fill)
    return empty;
  return linalg::FillOp::create(b, loc, fill, empty).getResult(0);
}

SmallVector<Value> dynamicSizesOf(OpBuilder &b, Location loc, Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      sizes.push_back(tensor::DimOp::create(b, loc, v, d));
  return sizes;
}

/// Asserts `a == b` at run time with a message naming the op at `loc`.
static void assertEqualDims(OpBuilder &b, Location loc, Value x, Value y) {
  Value eq = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, y);
  std::string msg;
  llvm::raw_string_ostream os(msg);
  os << "dimension sizes differ at run time where the compiled code needs them "
        "equal (dynamic broadcasting is not supported; pin the shapes with "
        "-input-shape)";
  cf::AssertOp::create(b, loc, eq, msg);
}

SmallVector<Value> broadcastDynamicSizes(OpBuilder &b, Location loc,
                                         RankedTensorType result,
                                         ValueRange operands) {
  int64_t rank = result.getRank();
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < rank; ++d) {
    Value size;
    for (Value v : operands) {
      auto t = cast<RankedTensorType>(v.getType());
      int64_t od = d - (rank - t.getRank());
      if (od < 0 || !t.isDynamicDim(od))
        continue;
      Value dim = tensor::DimOp::create(b, loc, v, od);
      if (!result.isDynamicDim(d)) {
        Value fixed = arith::ConstantIndexOp::create(b, loc, result.getDimSize(d));
        assertEqualDims(b, loc, dim, fixed);
        continue;
      }
      if (size) {
        assertEqualDims(b, loc, size, dim);
        size = arith::MinSIOp::create(b, loc, size, dim);
      } else {
        size = dim;
      }
    }
    if (result.isDynamicDim(d))
      sizes.push_back(size ? size : arith::ConstantIndexOp::create(b, loc, 1));
  }
  return sizes;
}

Value insertUnitDims(OpBuilder &b, Location loc, Value v,
                     ArrayRef<int64_t> unitDims) {
  if (unitDims.empty())
    return v;
  auto type = cast<RankedTensorType>(v.getType());
  int64_t rank = type.getRank() + unitDims.size();
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> sizes;
  // Each source dim groups with the unit dims just before it; trailing unit
  // dims join the last group.
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices group;
  int64_t src = 0;
  for (int64_t d = 0; d < rank; ++d) {
    group.push_back(d);
    if (llvm::is_contained(unitDims, d)) {
      shape.push_back(1);
      sizes.push_back(b.getIndexAttr(1));
      continue;
    }
    shape.push_back(type.getDimSize(src));
    sizes.push_back(type.isDynamicDim(src)
                        ? OpFoldResult(tensor::DimOp::create(b, loc, v, src).getResult())
                        : OpFoldResult(b.getIndexAttr(type.getDimSize(src))));
    ++src;
    groups.push_back(group);
    group.clear();
  }
  if (!group.empty() && !groups.empty())
    groups.back().append(group.begin(), group.end());
  auto outType = RankedTensorType::get(shape, type.getElementType());
  if (type.hasStaticShape())
    return reshapeTensor(b, loc, v, shape);
  return tensor::ExpandShapeOp::create(b, loc, outType, v, groups, sizes);
}

AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> operandShape,
                       ArrayRef<int64_t> resultShape) {
  unsigned rank = resultShape.size(), offset = rank - operandShape.size();
  SmallVector<AffineExpr> exprs;
  for (unsigned i = 0; i < operandShape.size(); ++i) {
    bool stretched = operandShape[i] == 1 && resultShape[i + offset] != 1;
    exprs.push_back(stretched ? getAffineConstantExpr(0, ctx)
                              : getAffineDimExpr(i + offset, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}

SmallVector<utils::IteratorType> iteratorTypes(unsigned n, unsigned m) {
  SmallVector<utils::IteratorType> its(n, utils::IteratorType::parallel);
  its.append(m, utils::IteratorType::reduction);
  return its;
}

Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs, BodyFn body,
                       std::optional<SmallVector<Value>> dynSizes) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(
        ctx, cast<RankedTensorType>(in.getType()).getShape(), resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  Value init = emptyTensor(b, loc, resultType, {},
                           dynSizes ? *dynSizes
                                    : broadcastDynamicSizes(b, loc, resultType, inputs));
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps,
      iteratorTypes(resultType.getRank()),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value r = body(nb, nl, args.drop_back());
        linalg::YieldOp::create(nb, nl, r);
      });
  return generic.getResult(0);
}

Value reshapeTensor(OpBuilder &b, Location loc, Value input,
                    ArrayRef<int64_t> shape) {
  auto inType = cast<RankedTensorType>(input.getType());
  if (inType.getShape() == shape)
    return input;
  Type et = inType.getElementType();
  auto outType = RankedTensorType::get(shape, et);
  // Rank-0 tensors hold one element: reassociation is empty both ways.
  if (inType.getRank() == 0)
    return tensor::ExpandShapeOp::create(b, loc, outType, input,
                                         ArrayRef<ReassociationIndices>{});
  if (shape.empty())
    return tensor::CollapseShapeOp::create(b, loc, outType, input,
                                           ArrayRef<ReassociationIndices>{});
  auto all = [](int64_t rank) {
    return SmallVector<ReassociationIndices>{
        llvm::to_vector(llvm::seq<int64_t>(0, rank))};
  };
  Value flat = input;
  if (inType.getRank() != 1)
    flat = tensor::CollapseShapeOp::create(
        b, loc, RankedTensorType::get({inType.getNumElements()}, et), input,
        all(inType.getRank()));
  if (shape.size() == 1)
    return flat;
  return tensor::ExpandShapeOp::create(b, loc, outType, flat, all(shape.size()));
}

Value padSpatial(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> pads,
                 function_ref<Value()> padValue) {
  if (llvm::all_of(pads, [](int64_t p) { return p == 0; }))
    return input;
  unsigned k = pads.size() / 2;
  SmallVector<OpFoldResult> lo(2, b.getIndexAttr(0)), hi(2, b.getIndexAttr(0));
  for (unsigned i = 0; i < k; ++i) {
    lo.push_back(b.getIndexAttr(pads[i]));
    hi.push_back(b.getIndexAttr(pads[i + k]));
  }
  return tensor::PadOp::create(b, loc, Type(), input, lo, hi, padValue());
}

SmallVector<AffineMap> groupedConvMaps(MLIRContext *ctx, unsigned k, int64_t c,
                                       int64_t m, ArrayRef<int64_t> strides,
                                       ArrayRef<int64_t> dilations) {
  unsigned numDims = 3 + 2 * k + 1, cDim = 3 + k;
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> inExprs = {d(0), d(1) * c + d(cDim)};
  SmallVector<AffineExpr> wExprs = {d(1) * m + d(2), d(cDim)};
  SmallVector<AffineExpr> outExprs = {d(0), d(1), d(2)};
  for (unsigned i = 0; i < k; ++i) {
    AffineExpr o = d(3 + i), kk = d(cDim + 1 + i);
    inExprs.push_back(o * strides[i] + kk * dilations[i]);
    wExprs.push_back(kk);
    outExprs.push_back(o);
  }
  return {AffineMap::get(numDims, 0, inExprs, ctx),
          AffineMap::get(numDims, 0, wExprs, ctx),
          AffineMap::get(numDims, 0, outExprs, ctx)};
}

SmallVector<unsigned> groupedConvLoopOrder(unsigned k) {
  unsigned cDim = 3 + k;
  SmallVector<unsigned> order = {0, 1, 2};
  for (unsigned i = 0; i <= k; ++i)
    order.push_back(cDim + i);
  for (unsigned i = 0; i < k; ++i)
    order.push_back(3 + i);
  return order;
}

Type signlessType(Type t) {
  if (t.isUnsignedInteger())
    return IntegerType::get(t.getContext(), t.getIntOrFloatBitWidth());
  return t;
}

Value toSignless(OpBuilder &b, Location loc, Value v) {
  auto t = cast<RankedTensorType>(v.getType());
  Type et = signlessType(t.getElementType());
  if (et == t.getElementType())
    return v;
  return tensor::BitcastOp::create(b, loc, t.clone(et), v);
}

Value signlessConstant(OpBuilder &b, Location loc, Value v) {
  auto t = cast<RankedTensorType>(v.getType());
  DenseElementsAttr attr;
  if (!t.getElementType().isUnsignedInteger() || !matchPattern(v, m_Constant(&attr)))
    return v;
  return arith::ConstantOp::create(b, loc, attr.bitcast(signlessType(t.getElementType())));
}

Value convertScalar(OpBuilder &b, Location loc, Value v, Type to, bool fromUnsigned,
                    bool toUnsigned) {
  Type from = v.getType();
  if (from == to)
    return v;
  auto fromF = dyn_cast<FloatType>(from), toF = dyn_cast<FloatType>(to);
  bool fromBool = from.isInteger(1), toBool = to.isInteger(1);
  if (toBool) {
    Value zero = scalarConstant(b, loc, from, 0);
    if (fromF)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, v, zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, v, zero);
  }
  if (fromF && toF) {
    if (fromF.getWidth() < toF.getWidth())
      return arith::ExtFOp::create(b, loc, to, v);
    if (fromF.getWidth() > toF.getWidth())
      return arith::TruncFOp::create(b, loc, to, v);
    // f16 <-> bf16: go through f32.
    Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), v);
    return arith::TruncFOp::create(b, loc, to, wide);
  }
  if (fromF)
    return toUnsigned ? (Value)arith::FPToUIOp::create(b, loc, to, v)
                      : (Value)arith::FPToSIOp::create(b, loc, to, v);
  if (toF) {
    if (fromBool || fromUnsigned)
      return arith::UIToFPOp::create(b, loc, to, v);
    return arith::SIToFPOp::create(b, loc, to, v);
  }
  unsigned fw = from.getIntOrFloatBitWidth(), tw = to.getIntOrFloatBitWidth();
  if (fw < tw)
    return fromBool || fromUnsigned ? (Value)arith::ExtUIOp::create(b, loc, to, v)
                    : (Value)arith::ExtSIOp::create(b, loc, to, v);
  if (fw > tw)
    return arith::TruncIOp::create(b, loc, to, v);
  return v;
}

Value reorderLoops(RewriterBase &b, linalg::GenericOp generic,
                   ArrayRef<unsigned> order) {
  FailureOr<linalg::GenericOp> reordered =
      linalg::interchangeGenericOp(b, generic, order);
  return succeeded(reordered) ? reordered->getResult(0) : generic.getResult(0);
}

Value scalarMax(OpBuilder &b, Location loc, Value x, Value y, bool uns) {
  if (isa<FloatType>(x.getType()))
    return arith::MaximumFOp::create(b, loc, x, y);
  if (uns || x.getType().isInteger(1))
    return arith::MaxUIOp::create(b, loc, x, y);
  return arith::MaxSIOp::create(b, loc, x, y);
}

Value scalarMin(OpBuilder &b, Location loc, Value x, Value y, bool uns) {
  if (isa<FloatType>(x.getType()))
    return arith::MinimumFOp::create(b, loc, x, y);
  if (uns || x.getType().isInteger(1))
    return arith::MinUIOp::create(b, loc, x, y);
  return arith::MinSIOp::create(b, loc, x, y);
}

} // namespace mlir::aicc
