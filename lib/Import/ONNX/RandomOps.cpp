//===- RandomOps.cpp - RandomUniform/Normal(Like), Bernoulli, Multinomial --===//
//
// ONNX leaves the generator of its random ops to the implementation. aicc
// uses a counter-based one that needs no state: element i of a node's
// output takes the 64-bit hash (splitmix64's finaliser) of i mixed with a
// stream key, the node's `seed` (or, without one, its position in the
// graph), as integer ops of the graph. A compiled model therefore gives the
// same values on every run, different nodes give different streams, and a
// seed picks a stream; the values differ from onnxruntime's (whose node
// tests for these ops are excluded from the counts for that reason).
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

/// The stream key of the current node.
static uint64_t streamKey(ImportContext &ic) {
  if (const onnx::AttributeProto *a = ic.findAttr("seed")) {
    float seed = a->f();
    uint32_t bits;
    std::memcpy(&bits, &seed, sizeof bits);
    return 0x5EED000000000000ull ^ bits;
  }
  return 0xA1CC000000000000ull + (uint64_t)ic.getNodeIndex();
}

/// `n` uniform f64 values in [0, 1) laid out in `shape`, counters
/// `first`, `first + 1`, ... of the node's stream.
static V uniforms(ImportContext &ic, ArrayRef<int64_t> shape, int64_t first = 0) {
  DecompositionBuilder b(ic);
  MLIRContext *ctx = ic.getContext();
  // Signless i64 arithmetic wraps like uint64; right shifts are logical
  // through a mask of the bits the arithmetic shift may have filled.
  Type i64 = IntegerType::get(ctx, 64);
  auto constant = [&](uint64_t v) -> Value {
    return ic.constant(DenseElementsAttr::get(RankedTensorType::get({}, i64), APInt(64, v)));
  };
  auto shiftRight = [&](V x, uint64_t s) -> V {
    if (failed(x))
      return failure();
    FailureOr<Value> shifted = ic.create<BitShiftOp>(*x, constant(s), StringRef("right"));
    if (failed(shifted))
      return failure();
    return ic.create<BitwiseAndOp>(*shifted, constant(~0ull >> s));
  };
  auto xorShift = [&](V x, uint64_t s) -> V {
    V shifted = shiftRight(x, s);
    if (failed(x) || failed(shifted))
      return failure();
    return ic.create<BitwiseXorOp>(*x, *shifted);
  };
  int64_t n = productOf(shape);
  V z = b.addS(b.iota(n, shape), (double)first);
  z = b.add(b.mul(z, constant(0x9E3779B97F4A7C15ull)), constant(streamKey(ic)));
  z = b.mul(xorShift(z, 30), constant(0xBF58476D1CE4E5B9ull));
  z = b.mul(xorShift(z, 27), constant(0x94D049BB133111EBull));
  z = xorShift(z, 31);
  // The top 53 bits as a fraction.
  return b.mulS(b.cast(shiftRight(z, 11), Float64Type::get(ctx)), std::ldexp(1.0, -53));
}

/// The output element type: attribute `dtype`, else `dflt`.
static FailureOr<Type> outputType(ImportContext &ic, Type dflt) {
  if (!ic.hasAttr("dtype"))
    return dflt;
  return convertElementType(ic.getContext(), ic.getInt("dtype", 1), "dtype", ic.getLoc());
}

/// The output shape: attribute `shape`, or the static shape of input 0.
static FailureOr<SmallVector<int64_t>> outputShape(ImportContext &ic, bool like) {
  if (!like) {
    std::optional<SmallVector<int64_t>> shape = ic.getInts("shape");
    if (!shape || llvm::any_of(*shape, [](int64_t d) { return d < 0; }))
      return ic.emitError() << "expects the attribute 'shape' with non-negative dims";
    return *shape;
  }
  FailureOr<Value> in = ic.input(0);
  if (failed(in))
    return failure();
  if (ShapedType::isDynamicShape(shapeOf(*in)))
    return ic.emitError() << "needs a static input shape; pin it with -input-shape";
  return SmallVector<int64_t>(shapeOf(*in));
}

static LogicalResult finish(ImportContext &ic, V result, Type et) {
  DecompositionBuilder b(ic);
  FailureOr<Value> r = b.cast(result, et);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// The output shape and element type of RandomUniform/Normal(Like): float
/// by default, the input's type for the Like forms.
template <bool Like>
static LogicalResult outputShapeAndType(ImportContext &ic, SmallVector<int64_t> &shape,
                                        Type &et) {
  FailureOr<SmallVector<int64_t>> s = outputShape(ic, Like);
  if (failed(s))
    return failure();
  FailureOr<Type> t = outputType(
      ic, Like ? elementTypeOf(*ic.input(0)) : Type(Float32Type::get(ic.getContext())));
  if (failed(t))
    return failure();
  shape = *s;
  et = *t;
  return success();
}

template <bool Like>
static LogicalResult importRandomUniform(ImportContext &ic) {
  SmallVector<int64_t> shape;
  Type et;
  if (failed(outputShapeAndType<Like>(ic, shape, et)))
    return failure();
  double low = ic.getFloat("low", 0.0), high = ic.getFloat("high", 1.0);
  DecompositionBuilder b(ic);
  return finish(ic, b.addS(b.mulS(uniforms(ic, shape), high - low), low), et);
}

template <bool Like>
static LogicalResult importRandomNormal(ImportContext &ic) {
  SmallVector<int64_t> shape;
  Type et;
  if (failed(outputShapeAndType<Like>(ic, shape, et)))
    return failure();
  // Box-Muller: counters [0, n) and [n, 2n) give the two uniforms.
  int64_t n = productOf(shape);
  DecompositionBuilder b(ic);
  V u1 = uniforms(ic, shape), u2 = uniforms(ic, shape, n);
  V radius = b.unary<SqrtOp>(b.mulS(b.unary<LogOp>(b.rsubS(1.0, u1)), -2.0));
  V normal = b.mul(radius, b.unary<CosOp>(b.mulS(u2, 2.0 * 3.14159265358979323846)));
  return finish(ic, b.addS(b.mulS(normal, ic.getFloat("scale", 1.0)), ic.getFloat("mean", 0.0)),
                et);
}

static LogicalResult importBernoulli(ImportContext &ic) {
  FailureOr<Value> p = ic.input(0);
  if (failed(p))
    return failure();
  if (ShapedType::isDynamicShape(shapeOf(*p)))
    return ic.emitError() << "needs a static input shape; pin it with -input-shape";
  FailureOr<Type> et = outputType(ic, elementTypeOf(*p));
  if (failed(et))
    return failure();
  DecompositionBuilder b(ic);
  V prob = b.cast(*p, Float64Type::get(ic.getContext()));
  return finish(ic, b.lt(uniforms(ic, shapeOf(*p)), prob), *et);
}

/// Multinomial: per batch row, `sample_size` class indices drawn from the
/// softmax of the row's unnormalised log-probabilities; a draw u is the
/// number of classes whose cumulative probability is at most u.
static LogicalResult importMultinomial(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> xs = shapeOf(*x);
  if (xs.size() != 2 || ShapedType::isDynamicShape(xs))
    return ic.emitError() << "expects a static [batch, classes] input";
  int64_t batch = xs[0], classes = xs[1], samples = ic.getInt("sample_size", 1);
  if (samples < 1 || classes < 1)
    return ic.emitError() << "needs 'sample_size' >= 1 and at least one class";
  FailureOr<Type> et = outputType(ic, IntegerType::get(ic.getContext(), 32));
  if (failed(et))
    return failure();
  Type f64 = Float64Type::get(ic.getContext());
  DecompositionBuilder b(ic);
  V probs = b.cast(*x, f64);
  mlir::Builder attrs(ic.getContext());
  if (failed(probs) || failed(probs = ic.create<SoftmaxOp>(*probs, attrs.getI64IntegerAttr(1))))
    return failure();
  // cdf[b, c] = sum_{c' <= c} p[b, c'] as a product with a triangle of ones.
  SmallVector<double> tri(classes * classes, 0.0);
  for (int64_t r = 0; r < classes; ++r)
    for (int64_t c = r; c < classes; ++c)
      tri[r * classes + c] = 1.0;
  Value triangle = ic.constant(DenseElementsAttr::get(
      RankedTensorType::get({classes, classes}, f64), ArrayRef<double>(tri)));
  V cdf = failed(probs) ? V(failure()) : ic.create<MatMulOp>(*probs, triangle);
  V draws = uniforms(ic, {batch, samples, 1});
  V below = b.cast(b.le(b.reshape(cdf, {batch, 1, classes}), draws), f64);
  V count = failed(below) ? V(failure())
                          : ic.create<ReduceSumOp>(*below, ArrayRef<int64_t>{2}, false);
  V index = b.min(count, b.scalarLike(count, classes - 1));
  return finish(ic, index, *et);
}

void mlir::aicc::onnx_import::registerRandomOps(OpRegistry &r) {
  r["RandomUniform"] = importRandomUniform<false>;
  r["RandomUniformLike"] = importRandomUniform<true>;
  r["RandomNormal"] = importRandomNormal<false>;
  r["RandomNormalLike"] = importRandomNormal<true>;
  r["Bernoulli"] = importBernoulli;
  r["Multinomial"] = importMultinomial;
}
