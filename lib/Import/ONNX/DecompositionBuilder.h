//===- DecompositionBuilder.h - chained aicc ops for decompositions -*- C++ -*-===//
//
// Internal to lib/Import/ONNX. Importers that decompose an ONNX op into many
// aicc ops (GridSample, LpPool, Det, ...) build long chains of elementwise
// and data-movement ops. `DecompositionBuilder` takes and returns
// `FailureOr<Value>`, so a chain propagates the first failure (whose
// diagnostic the ImportContext already emitted) without a check per step.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_LIB_IMPORT_ONNX_DECOMPOSITIONBUILDER_H
#define AICC_LIB_IMPORT_ONNX_DECOMPOSITIONBUILDER_H

#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

namespace mlir::aicc::onnx_import {

class DecompositionBuilder {
public:
  using V = FailureOr<Value>;

  explicit DecompositionBuilder(ImportContext &ic) : ic(ic) {}

  ImportContext &context() { return ic; }

  template <typename OpTy> V binary(V a, V b) {
    if (failed(a) || failed(b))
      return failure();
    return ic.create<OpTy>(*a, *b);
  }
  template <typename OpTy> V unary(V a) {
    if (failed(a))
      return failure();
    return ic.create<OpTy>(*a);
  }

  V add(V a, V b) { return binary<AddOp>(a, b); }
  V sub(V a, V b) { return binary<SubOp>(a, b); }
  V mul(V a, V b) { return binary<MulOp>(a, b); }
  V div(V a, V b) { return binary<DivOp>(a, b); }
  V max(V a, V b) { return binary<MaxOp>(a, b); }
  V min(V a, V b) { return binary<MinOp>(a, b); }
  V lt(V a, V b) { return binary<LessOp>(a, b); }
  V le(V a, V b) { return binary<LessEqualOp>(a, b); }
  V gt(V a, V b) { return binary<GreaterOp>(a, b); }
  V ge(V a, V b) { return binary<GreaterEqualOp>(a, b); }
  V eq(V a, V b) { return binary<EqualOp>(a, b); }
  V logicalAnd(V a, V b) { return binary<AndOp>(a, b); }
  V logicalOr(V a, V b) { return binary<OrOp>(a, b); }
  V logicalNot(V a) { return unary<NotOp>(a); }
  V floor(V a) { return unary<FloorOp>(a); }
  V round(V a) { return unary<RoundOp>(a); }
  V abs(V a) { return unary<AbsOp>(a); }
  V neg(V a) { return unary<NegOp>(a); }

  /// `x op s` with a 0-d constant `s` of `x`'s element type.
  V addS(V x, double s) { return add(x, scalarLike(x, s)); }
  V mulS(V x, double s) { return mul(x, scalarLike(x, s)); }
  V subS(V x, double s) { return sub(x, scalarLike(x, s)); }
  V ltS(V x, double s) { return lt(x, scalarLike(x, s)); }
  V gtS(V x, double s) { return gt(x, scalarLike(x, s)); }
  /// `s - x`.
  V rsubS(double s, V x) { return sub(scalarLike(x, s), x); }

  V select(V cond, V x, V y) {
    if (failed(cond) || failed(x) || failed(y))
      return failure();
    return ic.create<WhereOp>(*cond, *x, *y);
  }

  /// Clamps to the constant range [lo, hi].
  V clip(V x, double lo, double hi) {
    if (failed(x))
      return failure();
    mlir::Builder b(ic.getContext());
    return ic.createTyped<ClipOp>(x->getType(), *x, Value(), Value(), b.getF64FloatAttr(lo),
                                  b.getF64FloatAttr(hi));
  }

  V cast(V x, Type et) {
    if (failed(x))
      return failure();
    if (elementTypeOf(*x) == et)
      return x;
    return ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(*x), et), *x);
  }

  V reshape(V x, ArrayRef<int64_t> shape) {
    if (failed(x))
      return failure();
    return ic.reshape(*x, shape);
  }

  V expand(V x, ArrayRef<int64_t> shape) {
    if (failed(x))
      return failure();
    if (shapeOf(*x) == shape)
      return x;
    return ic.createTyped<ExpandOp>(RankedTensorType::get(shape, elementTypeOf(*x)), *x);
  }

  V transpose(V x, ArrayRef<int64_t> perm) {
    if (failed(x))
      return failure();
    return ic.create<TransposeOp>(*x, perm);
  }

  /// `x[starts:ends]` with unit steps.
  V slice(V x, ArrayRef<int64_t> starts, ArrayRef<int64_t> ends) {
    if (failed(x))
      return failure();
    SmallVector<int64_t> steps(starts.size(), 1);
    return ic.create<SliceOp>(*x, starts, ends, steps);
  }

  /// Elements `[begin, end)` of dim `dim`, the other dims whole.
  V sliceDim(V x, int64_t dim, int64_t begin, int64_t end) {
    if (failed(x))
      return failure();
    ArrayRef<int64_t> s = shapeOf(*x);
    SmallVector<int64_t> starts(s.size(), 0), ends(s);
    starts[dim] = begin;
    ends[dim] = end;
    return slice(x, starts, ends);
  }

  V concat(ArrayRef<V> parts, int64_t axis) {
    SmallVector<Value> values;
    for (const V &p : parts) {
      if (failed(p))
        return failure();
      values.push_back(*p);
    }
    if (values.size() == 1)
      return values.front();
    mlir::Builder b(ic.getContext());
    return ic.create<ConcatOp>(ValueRange(values), b.getI64IntegerAttr(axis));
  }

  V gatherElements(V data, V indices, int64_t axis) {
    if (failed(data) || failed(indices))
      return failure();
    mlir::Builder b(ic.getContext());
    return ic.create<GatherElementsOp>(*data, *indices, b.getI64IntegerAttr(axis));
  }

  /// A 0-d constant of `x`'s element type.
  V scalarLike(V x, double s) {
    if (failed(x))
      return failure();
    return ic.scalar(elementTypeOf(*x), s);
  }

  /// A constant of `shape` and element type `et` filled with `s`.
  Value splat(Type et, ArrayRef<int64_t> shape, double s) {
    auto type = RankedTensorType::get(shape, et);
    if (isa<FloatType>(et))
      return ic.constant(DenseElementsAttr::get(type, FloatAttr::get(et, s)));
    return ic.constant(DenseElementsAttr::get(type, IntegerAttr::get(et, (int64_t)s)));
  }

private:
  ImportContext &ic;
};

/// The product of `dims`.
inline int64_t productOf(ArrayRef<int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

} // namespace mlir::aicc::onnx_import

#endif // AICC_LIB_IMPORT_ONNX_DECOMPOSITIONBUILDER_H
