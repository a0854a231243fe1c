//===- LinalgBuilders.cpp - helpers to build linalg on tensors ---------------===//
#include "LinalgBuilders.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
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
  APInt v = type.isUnsignedInteger() ? APInt::getMinValue(w) : APInt::getSignedMinValue(w);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, v));
}

Value highestValue(OpBuilder &b, Location loc, Type type) {
  if (auto ft = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc, b.getFloatAttr(ft, APFloat::getInf(ft.getFloatSemantics(), false)));
  unsigned w = type.getIntOrFloatBitWidth();
  APInt v = type.isUnsignedInteger() ? APInt::getMaxValue(w) : APInt::getSignedMaxValue(w);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, v));
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type, Value fill) {
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  if (!fill)
    return empty;
  return linalg::FillOp::create(b, loc, fill, empty).getResult(0);
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
                       ValueRange inputs, BodyFn body) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(
        ctx, cast<RankedTensorType>(in.getType()).getShape(), resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  Value init = emptyTensor(b, loc, resultType);
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
  if (uns)
    return arith::MaxUIOp::create(b, loc, x, y);
  return arith::MaxSIOp::create(b, loc, x, y);
}

Value scalarMin(OpBuilder &b, Location loc, Value x, Value y, bool uns) {
  if (isa<FloatType>(x.getType()))
    return arith::MinimumFOp::create(b, loc, x, y);
  if (uns)
    return arith::MinUIOp::create(b, loc, x, y);
  return arith::MinSIOp::create(b, loc, x, y);
}

} // namespace mlir::aicc
