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

  //--- ranking by pairwise comparison (TopK, Unique, NonMaxSuppression) ---

  /// 0, 1, ..., n-1 (i64) laid out in `shape`, which holds n elements.
  Value iota(int64_t n, ArrayRef<int64_t> shape) {
    SmallVector<int64_t> vals = llvm::to_vector(llvm::seq<int64_t>(0, n));
    auto type = RankedTensorType::get(shape, IntegerType::get(ic.getContext(), 64));
    return ic.constant(DenseElementsAttr::get(type, ArrayRef<int64_t>(vals)));
  }

  /// The [n, n] bool table `j < i` (row i, column j).
  Value strictlyLower(int64_t n) {
    SmallVector<bool> lower;
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j)
        lower.push_back(j < i);
    auto type = RankedTensorType::get({n, n}, IntegerType::get(ic.getContext(), 1));
    return ic.constant(DenseElementsAttr::get(type, lower));
  }

  /// rank[..., i]: how many elements of the last dim of `x` come before
  /// x[..., i]: greater ones (`largest`) or smaller ones, and equal ones at a
  /// lower index (ONNX's tie rule). Costs an [..., n, n] comparison.
  V rankAlongLast(V x, bool largest) {
    if (failed(x))
      return failure();
    SmallVector<int64_t> shape(shapeOf(*x));
    int64_t n = shape.back();
    auto withTail = [&](ArrayRef<int64_t> tail) {
      SmallVector<int64_t> s(shape.begin(), shape.end() - 1);
      s.append(tail.begin(), tail.end());
      return s;
    };
    V a = reshape(x, withTail({n, 1})), b = reshape(x, withTail({1, n}));
    V beats = largest ? gt(b, a) : lt(b, a);
    Value lower = strictlyLower(n);
    V before = logicalOr(beats, logicalAnd(eq(b, a), lower));
    return sumLast(cast(before, IntegerType::get(ic.getContext(), 64)));
  }

  /// For every p of `slots` (i64 [1, c]): the index i along the last dim of
  /// `rank` ([..., n]) whose rank is p and, when given, where `eligible` (bool
  /// [..., n]) holds; [..., c]. Exactly one index must qualify per slot.
  V indexOfRank(V rank, Value slots, V eligible = Value()) {
    if (failed(rank) || failed(eligible))
      return failure();
    SmallVector<int64_t> column(shapeOf(*rank));
    int64_t n = column.back();
    column.push_back(1);
    V slot = eq(reshape(rank, column), slots);
    if (*eligible)
      slot = logicalAnd(reshape(eligible, column), slot);
    V picked = select(slot, iota(n, {n, 1}), ic.scalar(IntegerType::get(ic.getContext(), 64), 0));
    if (failed(picked))
      return failure();
    return ic.create<ReduceSumOp>(*picked, ArrayRef<int64_t>{(int64_t)column.size() - 2}, false);
  }

private:
  /// The sum over the last dim, which goes away.
  V sumLast(V x) {
    if (failed(x))
      return failure();
    return ic.create<ReduceSumOp>(*x, ArrayRef<int64_t>{(int64_t)shapeOf(*x).size() - 1}, false);
  }

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
