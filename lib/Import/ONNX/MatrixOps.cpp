//===- MatrixOps.cpp - Det by unrolled LU decomposition --------------------===//
//
// Det of [..., n, n] (n static) is Gaussian elimination with partial
// pivoting, unrolled over the n columns on the batch flattened to [M, n, n],
// like LAPACK's getrf behind numpy.linalg.det:
//
//   column k: p = k + argmax |A[k:, k]| (first on ties); rows k and p swap
//             (a gather along the rows), the sign flips when p != k; rows
//             below k subtract A[i, k] / A[k, k] times row k (a zero pivot
//             subtracts nothing: the determinant is 0 anyway)
//   det = sign * prod(diag(A))
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

/// A constant [shape] tensor of `et` with element i along `dim` = f(i).
static Value along(ImportContext &ic, Type et, ArrayRef<int64_t> shape, int64_t dim,
                   llvm::function_ref<double(int64_t)> f) {
  SmallVector<Attribute> values;
  int64_t n = shape[dim], inner = 1;
  for (size_t d = dim + 1; d < shape.size(); ++d)
    inner *= shape[d];
  for (int64_t i = 0, e = productOf(shape); i < e; ++i) {
    double v = f((i / inner) % n);
    values.push_back(isa<FloatType>(et) ? Attribute(FloatAttr::get(et, v))
                                        : Attribute(IntegerAttr::get(et, (int64_t)v)));
  }
  return ic.constant(DenseElementsAttr::get(RankedTensorType::get(shape, et), values));
}

static LogicalResult importDet(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> xs = shapeOf(*x);
  Type et = elementTypeOf(*x);
  if (xs.size() < 2 || xs.back() != xs[xs.size() - 2] || !isa<FloatType>(et))
    return ic.emitError() << "expects float square matrices [..., n, n]";
  int64_t n = xs.back(), m = productOf(xs.drop_back(2));
  DecompositionBuilder b(ic);
  Type i64 = IntegerType::get(ic.getContext(), 64);
  V a = b.reshape(*x, {m, n, n});
  V sign = V(b.splat(et, {m}, 1.0));
  Value rowIota = along(ic, i64, {1, n}, 1, [](int64_t i) { return (double)i; });
  for (int64_t k = 0; k + 1 < n; ++k) {
    // Pivot row p (absolute index) among rows k.. of column k.
    V column = b.abs(b.reshape(b.slice(a, {0, k, k}, {m, n, k + 1}), {m, n - k}));
    if (failed(column))
      return failure();
    V best = ic.create<ArgMaxOp>(*column, 1, /*keepdims=*/true, false);
    V p = b.addS(best, (double)k);
    V atK = b.eq(V(rowIota), b.scalarLike(V(rowIota), k));
    V atP = b.eq(V(rowIota), p);
    V perm = b.select(atK, b.expand(p, {m, n}),
                      b.select(atP, V(b.splat(i64, {m, n}, k)), V(rowIota)));
    a = b.gatherElements(a, b.expand(b.reshape(perm, {m, n, 1}), {m, n, n}), 1);
    V swapped = b.reshape(b.gtS(p, k), {m});
    sign = b.select(swapped, b.neg(sign), sign);
    // Eliminate below the pivot.
    V pivot = b.slice(a, {0, k, k}, {m, k + 1, k + 1});
    V rowK = b.slice(a, {0, k, 0}, {m, k + 1, n});
    V factors = b.div(b.slice(a, {0, 0, k}, {m, n, k + 1}), pivot);
    Value below = along(ic, et, {1, n, 1}, 1, [&](int64_t i) { return i > k ? 1.0 : 0.0; });
    factors = b.select(b.eq(pivot, b.scalarLike(pivot, 0.0)), b.scalarLike(pivot, 0.0),
                       b.mul(factors, below));
    a = b.sub(a, b.mul(factors, rowK));
  }
  // The diagonal: mask with the identity and sum each row.
  SmallVector<Attribute> id;
  for (int64_t i = 0; i < n * n; ++i)
    id.push_back(FloatAttr::get(et, i / n == i % n ? 1.0 : 0.0));
  Value eye = ic.constant(DenseElementsAttr::get(RankedTensorType::get({1, n, n}, et), id));
  V diag = b.mul(a, V(eye));
  if (failed(diag))
    return failure();
  V d = ic.create<ReduceSumOp>(*diag, ArrayRef<int64_t>{2}, false);
  if (failed(d))
    return failure();
  d = ic.create<ReduceProdOp>(*d, ArrayRef<int64_t>{1}, false);
  V det = b.reshape(b.mul(sign, d), xs.drop_back(2));
  if (failed(det))
    return failure();
  ic.setResult(0, *det);
  return success();
}

void mlir::aicc::onnx_import::registerMatrixOps(OpRegistry &r) { r["Det"] = importDet; }
