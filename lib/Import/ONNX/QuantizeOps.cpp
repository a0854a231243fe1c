//===- QuantizeOps.cpp - quantization ops and integer matmuls --------------===//
//
// Both decompose into casts and elementwise ops, following ONNX's reference:
//
//   QuantizeLinear:   y = saturate(round_half_even(x / scale) + zero_point)
//   DequantizeLinear: y = (x - zero_point) * scale, computed in f32
//
// Scale and zero point are per tensor (one element), per axis (1-d along
// `axis`) or blocked (`block_size` > 0: the input's shape with `axis` divided
// into blocks), and are broadcast or repeated to the input's shape.
// Quantized types: (u)int2/4/8/16/32, and the 8-bit floats and float4e2m1,
// for which QuantizeLinear is `cast(x / scale + zero_point)` with Cast's
// rounding and `saturate` rules (no integer rounding or clipping).
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

static FailureOr<Value> castTo(ImportContext &ic, Value v, Type et) {
  if (elementTypeOf(v) == et)
    return v;
  return ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(v), et), v);
}

/// Makes a scale or zero point `v` broadcast to `shape` (ONNX's
/// reshape_input): scalars stay, 1-d values lie along `axis`, blocked values
/// repeat every element `blockSize` times along `axis`. The axis matters (and
/// is checked) only for the latter two.
static FailureOr<Value> alignParam(ImportContext &ic, Value v, ArrayRef<int64_t> shape,
                                   int64_t blockSize, StringRef what) {
  ArrayRef<int64_t> s = shapeOf(v);
  int64_t n = 1;
  for (int64_t d : s)
    n *= d;
  if (s.empty())
    return v;
  if (n == 1)
    return ic.reshape(v, {});
  FailureOr<int64_t> normalised = ic.normaliseAxis(ic.getInt("axis", 1), shape.size(), "axis");
  if (failed(normalised))
    return failure();
  int64_t axis = *normalised;
  if (blockSize <= 0) {
    if (s.size() != 1 || s[0] != shape[axis])
      return ic.emitError() << "'" << what << "' has " << n << " values; per-axis "
                            << "quantization along axis " << axis << " needs "
                            << shape[axis];
    SmallVector<int64_t> dims(shape.size(), 1);
    dims[axis] = n;
    return ic.reshape(v, dims);
  }
  if (s.size() != shape.size() || s[axis] * blockSize < shape[axis] ||
      (s[axis] - 1) * blockSize >= shape[axis])
    return ic.emitError() << "'" << what << "' does not block the input along axis "
                          << axis << " with block_size " << blockSize;
  for (size_t d = 0; d < s.size(); ++d)
    if ((int64_t)d != axis && s[d] != shape[d])
      return ic.emitError() << "'" << what << "' differs from the input in dim " << d;
  SmallVector<int64_t> split(s), repeated(s);
  split.insert(split.begin() + axis + 1, 1);
  repeated.insert(repeated.begin() + axis + 1, blockSize);
  FailureOr<Value> r = ic.reshape(v, split);
  if (failed(r) ||
      failed(r = ic.createTyped<ExpandOp>(
                 RankedTensorType::get(repeated, elementTypeOf(v)), *r)))
    return failure();
  SmallVector<int64_t> full(s);
  full[axis] *= blockSize;
  if (failed(r = ic.reshape(*r, full)))
    return failure();
  if (full[axis] == shape[axis])
    return r;
  // The last block is partial.
  SmallVector<int64_t> starts(full.size(), 0), ends(full), steps(full.size(), 1);
  ends[axis] = shape[axis];
  return ic.create<SliceOp>(*r, starts, ends, steps);
}

static bool isQuantizedIntType(Type t) {
  auto it = dyn_cast<IntegerType>(t);
  return it && llvm::is_contained({2u, 4u, 8u, 16u, 32u}, it.getWidth());
}

static bool isQuantizedFloatType(Type t) {
  auto ft = dyn_cast<FloatType>(t);
  return ft && ft.getWidth() <= 8;
}

/// The common 8-bit case as one aicc.quantize_linear/dequantize_linear op:
/// f32 scales, per tensor (one value) or per axis (1-d along `axis`), no
/// blocks, and (for QuantizeLinear) an f32 input without `precision`.
/// `zp` may be null (zero of `qType`). Returns null when the node is not of
/// that form; the caller then decomposes it.
static FailureOr<Value> importLinearQuantOp(ImportContext &ic, Value x, Value scale, Value zp,
                                            Type qType, bool quantize) {
  ArrayRef<int64_t> shape = shapeOf(x);
  auto it = dyn_cast<IntegerType>(qType);
  bool byte = it && it.getWidth() == 8 && !it.isSigned();
  bool i32 = !quantize && it && it.getWidth() == 32 && it.isSignless();
  if ((!byte && !i32) || !elementTypeOf(scale).isF32() ||
      (quantize && !elementTypeOf(x).isF32()) || ic.getInt("block_size", 0) != 0 ||
      ic.hasAttr("precision") || (ic.hasAttr("output_dtype") && !quantize &&
                                  ic.getInt("output_dtype", 1) != 1))
    return Value();
  int64_t n = 1, axis = 0;
  for (int64_t d : shapeOf(scale))
    n *= d;
  if (zp && shapeOf(zp) != shapeOf(scale))
    return Value();
  FailureOr<Value> s = scale, z = zp ? zp : ic.scalar(qType, 0.0);
  if (n == 1) {
    if (failed(s = ic.reshape(scale, {})) || failed(z = ic.reshape(*z, {})))
      return failure();
  } else {
    if (shapeOf(scale).size() != 1)
      return Value();
    FailureOr<int64_t> a = ic.normaliseAxis(ic.getInt("axis", 1), shape.size(), "axis");
    if (failed(a))
      return failure();
    axis = *a;
    if (shape[axis] != n)
      return Value();
  }
  Builder b(ic.getContext());
  if (quantize)
    return ic.create<QuantizeLinearOp>(x, *s, *z, b.getI64IntegerAttr(axis));
  return ic.create<DequantizeLinearOp>(x, *s, *z, b.getI64IntegerAttr(axis));
}

/// QuantizeLinear to a float type: x / scale + zero point in f32, then the
/// saturating (or not) cast.
static LogicalResult quantizeToFloat(ImportContext &ic, Value x, Value scale, Value zp,
                                     Type target) {
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t block = ic.getInt("block_size", 0);
  Type f32 = Float32Type::get(ic.getContext());
  FailureOr<Value> s = alignParam(ic, scale, shape, block, "y_scale");
  FailureOr<Value> q = castTo(ic, x, f32);
  if (failed(s) || failed(q) || failed(s = castTo(ic, *s, f32)) ||
      failed(q = ic.create<DivOp>(*q, *s)))
    return failure();
  if (zp) {
    FailureOr<Value> z = alignParam(ic, zp, shape, block, "y_zero_point");
    if (failed(z) || failed(z = castTo(ic, *z, f32)) || failed(q = ic.create<AddOp>(*q, *z)))
      return failure();
  }
  FailureOr<Value> y = ic.createTyped<CastOp>(RankedTensorType::get(shape, target), *q,
                                              ic.getInt("saturate", 1) != 0, "up");
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

static LogicalResult importQuantizeLinear(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), scale = ic.input(1);
  if (failed(x) || failed(scale))
    return failure();
  Value zp = ic.optionalInput(2);
  MLIRContext *ctx = ic.getContext();
  Type target = IntegerType::get(ctx, 8, IntegerType::Unsigned);
  if (zp) {
    target = elementTypeOf(zp);
  } else if (ic.hasAttr("output_dtype")) {
    FailureOr<Type> t = convertElementType(ctx, ic.getInt("output_dtype", 2),
                                           "output_dtype", ic.getLoc());
    if (failed(t))
      return failure();
    target = *t;
  }
  if (isQuantizedFloatType(target))
    return quantizeToFloat(ic, *x, *scale, zp, target);
  if (!isQuantizedIntType(target))
    return ic.emitError() << "quantizing to " << target << " is not supported";
  if (ic.hasAttr("saturate") && ic.getInt("saturate", 1) == 0)
    return ic.emitError() << "attribute 'saturate' = 0 applies to float8 outputs only";
  FailureOr<Value> direct = importLinearQuantOp(ic, *x, *scale, zp, target, true);
  if (failed(direct))
    return failure();
  if (*direct) {
    ic.setResult(0, *direct);
    return success();
  }
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t block = ic.getInt("block_size", 0);
  FailureOr<Value> s = alignParam(ic, *scale, shape, block, "y_scale");
  if (failed(s))
    return failure();
  // x / scale in x's type, or in `precision` (opset 25) when given.
  Type ct = elementTypeOf(*x);
  if (ic.hasAttr("precision")) {
    FailureOr<Type> t = convertElementType(ctx, ic.getInt("precision", 1), "precision",
                                           ic.getLoc());
    if (failed(t))
      return failure();
    ct = *t;
  }
  FailureOr<Value> xc = castTo(ic, *x, ct), q;
  if (failed(xc) || failed(s = castTo(ic, *s, ct)) ||
      failed(q = ic.create<DivOp>(*xc, *s)) || failed(q = ic.create<RoundOp>(*q)))
    return failure();
  // Add the zero point and saturate in f64, where every quantized value is
  // exact, then convert (the value is integral, so the cast is exact).
  Type f64 = Float64Type::get(ctx);
  if (failed(q = castTo(ic, *q, f64)))
    return failure();
  if (zp) {
    FailureOr<Value> z = alignParam(ic, zp, shape, block, "y_zero_point");
    if (failed(z) || failed(z = castTo(ic, *z, f64)) || failed(q = ic.create<AddOp>(*q, *z)))
      return failure();
  }
  unsigned width = target.getIntOrFloatBitWidth();
  bool isUnsigned = target.isUnsignedInteger();
  double lo = isUnsigned ? 0.0 : -std::ldexp(1.0, width - 1);
  double hi = isUnsigned ? std::ldexp(1.0, width) - 1 : std::ldexp(1.0, width - 1) - 1;
  Builder b(ctx);
  if (failed(q = ic.createTyped<ClipOp>(q->getType(), *q, Value(), Value(),
                                        b.getF64FloatAttr(lo), b.getF64FloatAttr(hi))) ||
      failed(q = castTo(ic, *q, target)))
    return failure();
  ic.setResult(0, *q);
  return success();
}

static LogicalResult importDequantizeLinear(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), scale = ic.input(1);
  if (failed(x) || failed(scale))
    return failure();
  Value zp = ic.optionalInput(2);
  MLIRContext *ctx = ic.getContext();
  if (!isQuantizedIntType(elementTypeOf(*x)) && !isQuantizedFloatType(elementTypeOf(*x)))
    return ic.emitError() << "dequantizing " << elementTypeOf(*x) << " is not supported";
  if (zp && elementTypeOf(zp) != elementTypeOf(*x))
    return ic.emitError() << "'x_zero_point' must have the input's element type";
  Type out = elementTypeOf(*scale);
  if (ic.hasAttr("output_dtype")) {
    FailureOr<Type> t = convertElementType(ctx, ic.getInt("output_dtype", 1),
                                           "output_dtype", ic.getLoc());
    if (failed(t))
      return failure();
    out = *t;
  }
  if (!isa<FloatType>(out))
    return ic.emitError() << "expects a floating-point 'x_scale'";
  if (out.isF32()) {
    FailureOr<Value> direct =
        importLinearQuantOp(ic, *x, *scale, zp, elementTypeOf(*x), false);
    if (failed(direct))
      return failure();
    if (*direct) {
      ic.setResult(0, *direct);
      return success();
    }
  }
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t block = ic.getInt("block_size", 0);
  Type f32 = Float32Type::get(ctx);
  FailureOr<Value> dx = castTo(ic, *x, f32);
  if (failed(dx))
    return failure();
  if (zp) {
    FailureOr<Value> z = alignParam(ic, zp, shape, block, "x_zero_point");
    if (failed(z) || failed(z = castTo(ic, *z, f32)) || failed(dx = ic.create<SubOp>(*dx, *z)))
      return failure();
  }
  FailureOr<Value> s = alignParam(ic, *scale, shape, block, "x_scale"), y;
  if (failed(s) || failed(s = castTo(ic, *s, f32)) || failed(y = ic.create<MulOp>(*dx, *s)) ||
      failed(y = castTo(ic, *y, out)))
    return failure();
  ic.setResult(0, *y);
  return success();
}

/// DynamicQuantizeLinear: uint8 quantization with the scale and zero point
/// computed from the range of x (widened to include 0), as ONNX defines it.
static LogicalResult importDynamicQuantizeLinear(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  Type et = elementTypeOf(*x);
  if (!et.isF32())
    return ic.emitError() << "expects a float input";
  MLIRContext *ctx = ic.getContext();
  auto all = llvm::to_vector(llvm::seq<int64_t>(0, shapeOf(*x).size()));
  Value zero = ic.scalar(et, 0.0);
  FailureOr<Value> lo = ic.create<ReduceMinOp>(*x, ArrayRef<int64_t>(all), false),
                   hi = ic.create<ReduceMaxOp>(*x, ArrayRef<int64_t>(all), false), scale,
                   zp, zpInt, y;
  Builder b(ctx);
  Type u8 = IntegerType::get(ctx, 8, IntegerType::Unsigned);
  auto clip = [&](Value v) {
    return ic.createTyped<ClipOp>(v.getType(), v, Value(), Value(), b.getF64FloatAttr(0.0),
                                  b.getF64FloatAttr(255.0));
  };
  if (failed(lo) || failed(hi) || failed(lo = ic.create<MinOp>(*lo, zero)) ||
      failed(hi = ic.create<MaxOp>(*hi, zero)) ||
      failed(scale = ic.create<SubOp>(*hi, *lo)) ||
      failed(scale = ic.create<DivOp>(*scale, ic.scalar(et, 255.0))) ||
      failed(zp = ic.create<DivOp>(*lo, *scale)) ||
      failed(zp = ic.create<SubOp>(zero, *zp)) || failed(zp = clip(*zp)) ||
      failed(zp = ic.create<RoundOp>(*zp)) ||
      failed(zpInt = castTo(ic, *zp, u8)) || failed(y = ic.create<DivOp>(*x, *scale)) ||
      failed(y = ic.create<RoundOp>(*y)) || failed(y = ic.create<AddOp>(*y, *zp)) ||
      failed(y = clip(*y)) || failed(y = castTo(ic, *y, u8)))
    return failure();
  ic.setResult(0, *y);
  ic.setResult(1, *scale);
  ic.setResult(2, *zpInt);
  return success();
}

/// A zero point or scale of one element as a 0-d tensor; per-row or
/// per-column values are not supported.
static FailureOr<Value> singleValue(ImportContext &ic, Value v, StringRef what) {
  int64_t n = 1;
  for (int64_t d : shapeOf(v))
    n *= d;
  if (n != 1)
    return ic.emitError() << "'" << what << "' with " << n
                          << " values (per-row or per-column) is not supported";
  return ic.reshape(v, {});
}

/// (x - zero_point) in i32, for the integer matmuls; with `perColumn`, a
/// zero point may hold one value per index of x's last dim.
static FailureOr<Value> centred(ImportContext &ic, Value x, Value zp, StringRef what,
                                bool perColumn = false) {
  Type i32 = IntegerType::get(ic.getContext(), 32);
  if (!isQuantizedIntType(elementTypeOf(x)) || elementTypeOf(x).getIntOrFloatBitWidth() != 8)
    return ic.emitError() << "expects (u)int8 inputs";
  FailureOr<Value> r = castTo(ic, x, i32);
  if (failed(r) || !zp)
    return r;
  int64_t n = 1;
  for (int64_t d : shapeOf(zp))
    n *= d;
  FailureOr<Value> z = perColumn && n > 1 && !shapeOf(x).empty() && n == shapeOf(x).back()
                           ? ic.reshape(zp, {n})
                           : singleValue(ic, zp, what);
  if (failed(z) || failed(z = castTo(ic, *z, i32)))
    return failure();
  return ic.create<SubOp>(*r, *z);
}

/// MatMulInteger: (a - a_zero_point) @ (b - b_zero_point) in int32.
static LogicalResult importMatMulInteger(ImportContext &ic) {
  FailureOr<Value> a = ic.input(0), b = ic.input(1);
  if (failed(a) || failed(b) ||
      failed(a = centred(ic, *a, ic.optionalInput(2), "a_zero_point")) ||
      failed(b = centred(ic, *b, ic.optionalInput(3), "b_zero_point")))
    return failure();
  FailureOr<Value> r = ic.create<MatMulOp>(*a, *b);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// QLinearMatMul as onnxruntime's CPU kernel (MLAS's requantizing output
/// stage) computes it (constant weights through qdqMatMul): the int32 matmul of the centred inputs, converted to
/// f32, times a_scale * b_scale / y_scale (f32, in that order; b's scale and
/// zero point may be per column), rounded half to even, plus y_zero_point,
/// saturated. The same as ONNX's f64 reference except in rare near-ties.
/// The one value of a constant (u)int8 or f32 tensor, or nullopt.
static std::optional<double> splatValue(Value v) {
  std::optional<DenseElementsAttr> c = ImportContext::getConstant(v);
  if (!c || !c->isSplat())
    return std::nullopt;
  Type et = c->getElementType();
  if (et.isF32())
    return *c->value_begin<float>();
  if (!isQuantizedIntType(et) || et.getIntOrFloatBitWidth() != 8)
    return std::nullopt;
  APInt i = *c->value_begin<APInt>();
  return et.isUnsignedInteger() ? (double)i.getZExtValue() : (double)i.getSExtValue();
}

/// QLinearMatMul with a constant 2-d b (one zero point), per-tensor a and y
/// as DequantizeLinear -> MatMul -> QuantizeLinear, which aicc-fold-qdq puts
/// on the integer kernels (the same f32 rescale); null otherwise.
static FailureOr<Value> qdqMatMul(ImportContext &ic, ArrayRef<Value> in) {
  std::optional<DenseElementsAttr> bs = ImportContext::getConstant(in[4]);
  ArrayRef<int64_t> bShape = shapeOf(in[3]);
  if (!in[3].getDefiningOp<arith::ConstantOp>() || bShape.size() != 2 ||
      shapeOf(in[0]).size() < 2 || !bs || !bs->getElementType().isF32() ||
      (bs->getNumElements() != 1 && bs->getNumElements() != bShape[1]) ||
      !splatValue(in[1]) || !splatValue(in[2]) || !splatValue(in[5]) || !splatValue(in[6]) ||
      !splatValue(in[7]) || elementTypeOf(in[0]).getIntOrFloatBitWidth() != 8 ||
      elementTypeOf(in[3]).getIntOrFloatBitWidth() != 8)
    return Value();
  MLIRContext *ctx = ic.getContext();
  Builder b(ctx);
  int64_t n = bs->getNumElements();
  Type bt = elementTypeOf(in[3]);
  FailureOr<Value> as = ic.reshape(in[1], {}), az = ic.reshape(in[2], {}),
                   ys = ic.reshape(in[6], {}), yz = ic.reshape(in[7], {});
  if (failed(as) || failed(az) || failed(ys) || failed(yz))
    return failure();
  Value bScale = n == 1 ? ic.scalar(Float32Type::get(ctx), *splatValue(in[4]))
                        : ic.constant(DenseElementsAttr::get(
                              RankedTensorType::get({n}, Float32Type::get(ctx)),
                              ArrayRef<float>(SmallVector<float>(bs->getValues<float>()))));
  Value bZero = n == 1 ? ic.scalar(bt, *splatValue(in[5]))
                       : ic.constant(DenseElementsAttr::get(
                             RankedTensorType::get({n}, bt),
                             b.getIntegerAttr(IntegerType::get(ctx, 8),
                                              (int64_t)*splatValue(in[5]))));
  FailureOr<Value> da = ic.create<DequantizeLinearOp>(in[0], *as, *az, b.getI64IntegerAttr(0)),
                   db = ic.create<DequantizeLinearOp>(in[3], bScale, bZero, b.getI64IntegerAttr(1)),
                   y;
  if (failed(da) || failed(db) || failed(y = ic.create<MatMulOp>(*da, *db)))
    return failure();
  return ic.create<QuantizeLinearOp>(*y, *ys, *yz, b.getI64IntegerAttr(0));
}

static LogicalResult importQLinearMatMul(ImportContext &ic) {
  FailureOr<SmallVector<Value>> inputs = ic.inputs(8);
  if (failed(inputs))
    return failure();
  ArrayRef<Value> in = *inputs;
  FailureOr<Value> folded = qdqMatMul(ic, in);
  if (failed(folded))
    return failure();
  if (*folded) {
    ic.setResult(0, *folded);
    return success();
  }
  Type target = elementTypeOf(in[7]);
  FailureOr<Value> a = centred(ic, in[0], in[2], "a_zero_point"),
                   b = centred(ic, in[3], in[5], "b_zero_point", true), c;
  if (failed(a) || failed(b) || failed(c = ic.create<MatMulOp>(*a, *b)))
    return failure();
  int64_t nb = 1, cols = shapeOf(in[3]).empty() ? 1 : shapeOf(in[3]).back();
  for (int64_t d : shapeOf(in[4]))
    nb *= d;
  FailureOr<Value> as = singleValue(ic, in[1], "a_scale"),
                   bs = nb > 1 && nb == cols ? ic.reshape(in[4], {nb})
                                             : singleValue(ic, in[4], "b_scale"),
                   ys = singleValue(ic, in[6], "y_scale"), zp = singleValue(ic, in[7], "y_zero_point"),
                   factor;
  if (failed(as) || failed(bs) || failed(ys) || failed(zp) ||
      failed(factor = ic.create<MulOp>(*as, *bs)) ||
      failed(factor = ic.create<DivOp>(*factor, *ys)))
    return failure();
  MLIRContext *ctx = ic.getContext();
  Type f32 = Float32Type::get(ctx);
  FailureOr<Value> d = castTo(ic, *c, f32);
  if (failed(d) || failed(factor = castTo(ic, *factor, f32)) ||
      failed(zp = castTo(ic, *zp, f32)) || failed(d = ic.create<MulOp>(*d, *factor)) ||
      failed(d = ic.create<RoundOp>(*d)) || failed(d = ic.create<AddOp>(*d, *zp)))
    return failure();
  bool isUnsigned = target.isUnsignedInteger();
  Builder bld(ctx);
  if (failed(d = ic.createTyped<ClipOp>(d->getType(), *d, Value(), Value(),
                                        bld.getF64FloatAttr(isUnsigned ? 0 : -128),
                                        bld.getF64FloatAttr(isUnsigned ? 255 : 127))) ||
      failed(d = castTo(ic, *d, target)))
    return failure();
  ic.setResult(0, *d);
  return success();
}

void onnx_import::registerQuantizeOps(OpRegistry &r) {
  r["QuantizeLinear"] = importQuantizeLinear;
  r["DequantizeLinear"] = importDequantizeLinear;
  r["DynamicQuantizeLinear"] = importDynamicQuantizeLinear;
  r["MatMulInteger"] = importMatMulInteger;
  r["QLinearMatMul"] = importQLinearMatMul;
}
