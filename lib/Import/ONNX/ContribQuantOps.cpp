//===- ContribQuantOps.cpp - onnxruntime's com.microsoft quantized ops -----===//
//
// The operators onnxruntime's quantizer writes in QOperator format
// (quantize_static(..., quant_format=QuantFormat.QOperator)) besides ONNX's
// own QLinearConv/QLinearMatMul. Each follows what onnxruntime's CPU kernels
// compute, so compiled models match onnxruntime bit for bit where noted:
//
//   QGemm:        DequantizeLinear -> Gemm -> QuantizeLinear (the int32 C as
//                 DequantizeLinear with scale a_scale * b_scale), the form
//                 aicc-fold-qdq turns into matmul_integer + requantize, which
//                 is MLAS's QGemm output stage. Without y_scale: f32 output.
//   QLinearAdd:   MLAS's AVX2 kernel: with rX = sX / sC in f32 and
//                 f = zC - (rA * zA + rB * zB) (computed here, in f32),
//                 c = sat(round_even(fma(a, rA, fma(b, rB, f)))). Each f32
//                 FMA is an f64 multiply-add (exact for 8-bit a, b) rounded
//                 once to f32, so LLVM's contraction choices cannot change it.
//   QLinearMul:   MLAS's SSE2 kernel: r = f32(sA * sB) / sC,
//                 c = sat(round_even(f32((a - zA) * (b - zB)) * r + zC)); the
//                 clamp is applied before + zC (same result) so that the
//                 product cannot be contracted into an FMA with it.
//   QLinearWhere: X and Y requantized to Z's parameters (as Concat), selected.
//   QLinearConcat, QLinearLeakyRelu, QLinearSigmoid, QLinearAveragePool:
//                 QuantizeLinear(op(DequantizeLinear(x))), the float op
//                 imported by ONNX's importer (onnxruntime: lookup tables
//                 built the same way for Concat and the activations; Sigmoid
//                 uses MLAS's logistic approximation, so it may differ).
//   QLinearGlobalAveragePool: the int32 sum over the image minus
//                 zX * size, requantized by sX / (sY * size) (MLAS's
//                 output stage), NCHW only.
//   QuantizeLinear, DequantizeLinear: ONNX's.
//
// Scales and zero points of Add/Mul/GlobalAveragePool must be compile-time
// constants (one value each), as the quantizer writes them.
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"

#include <cmath>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

namespace {
/// A per-tensor quantization: constant scale and zero point.
struct QParams {
  float scale = 1.0f;
  int64_t zeroPoint = 0;
};
} // namespace

static bool isByteType(Type t) {
  auto it = dyn_cast<IntegerType>(t);
  return it && it.getWidth() == 8;
}

/// The one f32 value of constant input `i`.
static FailureOr<float> constScale(ImportContext &ic, unsigned i, StringRef what) {
  std::optional<DenseElementsAttr> c = ImportContext::getConstant(ic.optionalInput(i));
  if (!c || !c->getElementType().isF32() || c->getNumElements() != 1)
    return ic.emitError() << "'" << what << "' must be a constant f32 with one element";
  return *c->value_begin<float>();
}

/// The one integer of constant zero point input `i` (0 when absent).
static FailureOr<int64_t> constZeroPoint(ImportContext &ic, unsigned i, StringRef what) {
  if (!ic.hasInput(i))
    return 0;
  std::optional<DenseElementsAttr> c = ImportContext::getConstant(ic.optionalInput(i));
  if (!c || !isByteType(c->getElementType()) || c->getNumElements() != 1)
    return ic.emitError() << "'" << what << "' must be a constant (u)int8 with one element";
  APInt v = *c->value_begin<APInt>();
  return c->getElementType().isUnsignedInteger() ? (int64_t)v.getZExtValue() : v.getSExtValue();
}

static FailureOr<QParams> constParams(ImportContext &ic, unsigned scale, unsigned zp,
                                      StringRef what) {
  FailureOr<float> s = constScale(ic, scale, (what + "_scale").str());
  FailureOr<int64_t> z = constZeroPoint(ic, zp, (what + "_zero_point").str());
  if (failed(s) || failed(z))
    return failure();
  return QParams{*s, *z};
}

/// Input `i` as an 8-bit tensor.
static V byteInput(ImportContext &ic, unsigned i) {
  FailureOr<Value> x = ic.input(i);
  if (failed(x))
    return failure();
  if (!isByteType(elementTypeOf(*x)))
    return ic.emitError() << "expects (u)int8 input " << i << ", got " << elementTypeOf(*x);
  return x;
}

/// Scale input `scale` and zero point input `zp` (absent: 0 of `qType`) as
/// 0-d values, or 1-d per-axis ones when `perAxis`.
static FailureOr<std::pair<Value, Value>> quantOperands(ImportContext &ic, unsigned scale,
                                                        unsigned zp, Type qType, bool perAxis) {
  FailureOr<Value> s = ic.input(scale);
  if (failed(s))
    return failure();
  if (!elementTypeOf(*s).isF32())
    return ic.emitError() << "expects an f32 scale (input " << scale << ")";
  Value z = ic.optionalInput(zp);
  if (z && elementTypeOf(z) != qType)
    return ic.emitError() << "zero point (input " << zp << ") must have type " << qType;
  int64_t n = productOf(shapeOf(*s));
  if (n == 1 || !perAxis) {
    if (n != 1)
      return ic.emitError() << "expects one scale (input " << scale << "), got " << n;
    FailureOr<Value> s0 = ic.reshape(*s, {});
    FailureOr<Value> z0 = z ? ic.reshape(z, {}) : FailureOr<Value>(ic.scalar(qType, 0));
    if (failed(s0) || failed(z0))
      return failure();
    return std::make_pair(*s0, *z0);
  }
  if (z && productOf(shapeOf(z)) != n)
    return ic.emitError() << "zero point (input " << zp << ") must have " << n << " values";
  FailureOr<Value> s1 = ic.reshape(*s, {n});
  FailureOr<Value> z1 = z ? ic.reshape(z, {n})
                          : FailureOr<Value>(ic.constant(DenseElementsAttr::get(
                                RankedTensorType::get({n}, qType),
                                APInt(8, 0))));
  if (failed(s1) || failed(z1))
    return failure();
  return std::make_pair(*s1, *z1);
}

/// DequantizeLinear of input `x` with inputs `scale`, `zp` (per tensor, or
/// per `axis` when `axis` >= 0).
static V dequantize(ImportContext &ic, unsigned x, unsigned scale, unsigned zp,
                    int64_t axis = -1) {
  V v = ic.input(x);
  if (failed(v))
    return failure();
  auto ops = quantOperands(ic, scale, zp, elementTypeOf(*v), axis >= 0);
  if (failed(ops))
    return failure();
  Builder b(ic.getContext());
  return ic.create<DequantizeLinearOp>(*v, ops->first, ops->second,
                                       b.getI64IntegerAttr(std::max<int64_t>(axis, 0)));
}

/// QuantizeLinear of `v` to `qType` with inputs `scale`, `zp`.
static V quantize(ImportContext &ic, V v, unsigned scale, unsigned zp, Type qType) {
  if (failed(v))
    return failure();
  auto ops = quantOperands(ic, scale, zp, qType, false);
  if (failed(ops))
    return failure();
  Builder b(ic.getContext());
  return ic.create<QuantizeLinearOp>(*v, ops->first, ops->second, b.getI64IntegerAttr(0));
}

static LogicalResult bindResult(ImportContext &ic, V r) {
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// The output element type: the zero point's at input `zp`, else `dflt`.
static Type outputType(ImportContext &ic, unsigned zp, Type dflt) {
  Value z = ic.optionalInput(zp);
  return z ? elementTypeOf(z) : dflt;
}

/// QGemm(A, a_scale, a_zp, B, b_scale, b_zp, C?, y_scale?, y_zp?).
static LogicalResult importQGemm(ImportContext &ic) {
  V a = byteInput(ic, 0), b = byteInput(ic, 3);
  if (failed(a) || failed(b))
    return failure();
  bool transA = ic.getInt("transA", 0) != 0, transB = ic.getInt("transB", 0) != 0;
  if (shapeOf(*b).size() != 2)
    return ic.emitError() << "expects a 2-d 'B'";
  // A per-column B scale lies along N: dim 0 of B^T, dim 1 of B.
  V da = dequantize(ic, 0, 1, 2), db = dequantize(ic, 3, 4, 5, transB ? 0 : 1);
  if (failed(da) || failed(db))
    return failure();
  DecompositionBuilder d(ic);
  Value c;
  if (ic.hasInput(6)) {
    V cv = ic.input(6);
    if (failed(cv))
      return failure();
    if (!elementTypeOf(*cv).isSignlessInteger(32))
      return ic.emitError() << "expects an int32 'C'";
    // C's scale is a_scale * b_scale (per column with per-column B), an f32
    // product computed here when both are constants (aicc-fold-qdq needs a
    // constant).
    V bs = ic.input(4);
    if (failed(bs))
      return failure();
    int64_t n = productOf(shapeOf(*bs));
    SmallVector<int64_t> sShape = n == 1 ? SmallVector<int64_t>{} : SmallVector<int64_t>{n};
    V scale = failure();
    std::optional<DenseElementsAttr> ca = ImportContext::getConstant(ic.optionalInput(1)),
                                     cb = ImportContext::getConstant(*bs);
    if (ca && cb && ca->getElementType().isF32() && cb->getElementType().isF32() &&
        ca->getNumElements() == 1) {
      SmallVector<float> product;
      for (float sb : cb->getValues<float>())
        product.push_back(*ca->value_begin<float>() * sb);
      auto type = RankedTensorType::get(sShape, Float32Type::get(ic.getContext()));
      scale = ic.constant(DenseElementsAttr::get(type, ArrayRef<float>(product)));
    } else {
      scale = d.mul(d.reshape(ic.input(1), {}), d.reshape(bs, sShape));
    }
    int64_t cn = productOf(shapeOf(*cv));
    if (n != 1 && cn != n)
      return ic.emitError() << "'C' has " << cn << " values; per-column scales need " << n;
    V cq = n == 1 ? d.reshape(cv, shapeOf(*cv)) : d.reshape(cv, {n});
    Type i32 = IntegerType::get(ic.getContext(), 32);
    V zero = n == 1 ? V(ic.scalar(i32, 0))
                    : V(ic.constant(DenseElementsAttr::get(RankedTensorType::get({n}, i32),
                                                           APInt(32, 0))));
    if (failed(scale) || failed(cq) || failed(zero))
      return failure();
    Builder bld(ic.getContext());
    V dc = ic.create<DequantizeLinearOp>(*cq, *scale, *zero, bld.getI64IntegerAttr(0));
    if (failed(dc))
      return failure();
    c = *dc;
  }
  V y = ic.create<GemmOp>(*da, *db, c, APFloat(ic.getFloat("alpha", 1.0)), APFloat(1.0),
                          transA, transB);
  if (ic.hasInput(7))
    y = quantize(ic, y, 7, 8, outputType(ic, 8, elementTypeOf(*a)));
  return bindResult(ic, y);
}

/// f32(f64(x) * m + f64(f)): a single-rounding f32 multiply-add when x is an
/// 8-bit integer and m, f are f32 (the f64 result is exact); `f` is a
/// constant or a tensor.
static V fusedMulAdd(DecompositionBuilder &d, V x, float m, V f) {
  Type f32 = Float32Type::get(d.context().getContext());
  Type f64 = Float64Type::get(d.context().getContext());
  return d.cast(d.add(d.mulS(d.cast(x, f64), m), d.cast(f, f64)), f32);
}

/// round_even(v), saturated to `target`'s 8-bit range, converted.
static V saturate(DecompositionBuilder &d, V v, Type target) {
  bool isUnsigned = target.isUnsignedInteger();
  return d.cast(d.clip(d.round(v), isUnsigned ? 0 : -128, isUnsigned ? 255 : 127), target);
}

/// The operands of QLinearAdd/QLinearMul (A, A_scale, A_zp?, B, B_scale,
/// B_zp?, C_scale, C_zp?): A and B of one 8-bit type, constant parameters.
struct BinaryQLinear {
  Value a, b;
  QParams pa, pb, pc;
};
static FailureOr<BinaryQLinear> binaryQLinear(ImportContext &ic) {
  V a = byteInput(ic, 0), b = byteInput(ic, 3);
  FailureOr<QParams> pa = constParams(ic, 1, 2, "A"), pb = constParams(ic, 4, 5, "B"),
                     pc = constParams(ic, 6, 7, "C");
  if (failed(a) || failed(b) || failed(pa) || failed(pb) || failed(pc))
    return failure();
  if (elementTypeOf(*a) != elementTypeOf(*b))
    return ic.emitError() << "expects 'A' and 'B' of one type";
  return BinaryQLinear{*a, *b, *pa, *pb, *pc};
}

/// QLinearAdd: MLAS's formula.
static LogicalResult importQLinearAdd(ImportContext &ic) {
  FailureOr<BinaryQLinear> q = binaryQLinear(ic);
  if (failed(q))
    return failure();
  auto [a, b, pa, pb, pc] = *q;
  float ra = pa.scale / pc.scale, rb = pb.scale / pc.scale;
  // MLAS: ZeroPointC - (ScaleRatio_AC * ZeroPointA + ScaleRatio_BC * ZeroPointB),
  // which its x86-64 build contracts into an FMA.
  float fixed = (float)pc.zeroPoint - std::fmaf(ra, (float)pa.zeroPoint,
                                                 rb * (float)pb.zeroPoint);
  DecompositionBuilder d(ic);
  Type f32 = Float32Type::get(ic.getContext());
  V t = fusedMulAdd(d, b, rb, ic.scalar(f32, fixed));
  return bindResult(ic, saturate(d, fusedMulAdd(d, a, ra, t), elementTypeOf(a)));
}

/// QLinearMul: its SSE2 kernel's order (clamp before adding C's zero point).
static LogicalResult importQLinearMul(ImportContext &ic) {
  FailureOr<BinaryQLinear> q = binaryQLinear(ic);
  if (failed(q))
    return failure();
  auto [a, b, pa, pb, pc] = *q;
  Type target = elementTypeOf(a);
  DecompositionBuilder d(ic);
  MLIRContext *ctx = ic.getContext();
  Type i32 = IntegerType::get(ctx, 32), f32 = Float32Type::get(ctx);
  float ratio = pa.scale * pb.scale / pc.scale;
  V p = d.mul(d.subS(d.cast(a, i32), pa.zeroPoint), d.subS(d.cast(b, i32), pb.zeroPoint));
  double lo = target.isUnsignedInteger() ? 0 : -128, hi = target.isUnsignedInteger() ? 255 : 127;
  double zc = pc.zeroPoint;
  V y = d.addS(d.clip(d.mulS(d.cast(p, f32), ratio), lo - zc, hi - zc), zc);
  return bindResult(ic, saturate(d, y, target));
}

/// Input `x` (scale and zero point inputs `x + 1`, `x + 2`) with the
/// parameters `py` of inputs `ys`, `yz`: copied when they are equal, else
/// Q(DQ(x)) (onnxruntime's 256-entry tables are built the same way).
static V requantized(ImportContext &ic, unsigned x, unsigned ys, unsigned yz, QParams py,
                     Type target) {
  V v = byteInput(ic, x);
  FailureOr<QParams> px = constParams(ic, x + 1, x + 2, "X");
  if (failed(v) || failed(px))
    return failure();
  if (elementTypeOf(*v) != target)
    return ic.emitError() << "expects inputs of one type";
  if (px->scale == py.scale && px->zeroPoint == py.zeroPoint)
    return v;
  return quantize(ic, dequantize(ic, x, x + 1, x + 2), ys, yz, target);
}

/// QLinearWhere(condition, X, X_scale, X_zp, Y, Y_scale, Y_zp, Z_scale,
/// Z_zp): X and Y requantized to Z's parameters, then selected.
static LogicalResult importQLinearWhere(ImportContext &ic) {
  V cond = ic.input(0), x = byteInput(ic, 1);
  FailureOr<QParams> pz = constParams(ic, 7, 8, "Z");
  if (failed(cond) || failed(x) || failed(pz))
    return failure();
  Type target = outputType(ic, 8, elementTypeOf(*x));
  DecompositionBuilder d(ic);
  return bindResult(ic, d.select(cond, requantized(ic, 1, 7, 8, *pz, target),
                                 requantized(ic, 4, 7, 8, *pz, target)));
}

/// QLinearConcat(Y_scale, Y_zp, (X, X_scale, X_zp)...): inputs with Y's
/// parameters are copied, others requantized.
static LogicalResult importQLinearConcat(ImportContext &ic) {
  unsigned n = ic.getNumInputs();
  if (n < 5 || (n - 2) % 3 != 0)
    return ic.emitError() << "expects Y_scale, Y_zero_point and (X, scale, zero point) triples";
  FailureOr<QParams> py = constParams(ic, 0, 1, "Y");
  if (failed(py))
    return failure();
  DecompositionBuilder d(ic);
  SmallVector<V> parts;
  Type target;
  for (unsigned i = 2; i < n; i += 3) {
    if (!target) {
      V first = byteInput(ic, i);
      if (failed(first))
        return failure();
      target = elementTypeOf(*first);
    }
    parts.push_back(requantized(ic, i, 0, 1, *py, target));
    if (failed(parts.back()))
      return failure();
  }
  FailureOr<int64_t> axis =
      ic.normaliseAxis(ic.getInt("axis", 0), shapeOf(*parts.front()).size(), "axis");
  if (failed(axis))
    return failure();
  return bindResult(ic, d.concat(parts, *axis));
}

/// ONNX's importers that the QLinear activations wrap, and the Q/DQ that
/// com.microsoft repeats.
static ImportFn onnxImporter(StringRef op) {
  static const OpRegistry registry = [] {
    OpRegistry r;
    registerMathOps(r);
    registerNNOps(r);
    registerPoolOps(r);
    registerQuantizeOps(r);
    return r;
  }();
  return registry.lookup(op);
}

/// Q(op(DQ(X))) for QLinear<op>(X, X_scale, X_zp?, Y_scale, Y_zp?): the float
/// op is imported by ONNX's importer with input 0 rebound to the dequantized
/// X (attributes are the node's).
static LogicalResult importQLinearUnary(ImportContext &ic, StringRef op) {
  V x = byteInput(ic, 0);
  V dx = dequantize(ic, 0, 1, 2);
  if (failed(x) || failed(dx))
    return failure();
  const onnx::NodeProto &node = ic.getNode();
  StringRef in = node.input(0), out = node.output(0);
  Value saved = ic.lookup(in);
  ic.bind(in, *dx);
  LogicalResult r = onnxImporter(op)(ic);
  ic.bind(in, saved);
  if (failed(r))
    return failure();
  Value y = ic.lookup(out);
  if (!y)
    return ic.emitError() << "the float " << op << " gave no result";
  return bindResult(ic, quantize(ic, y, 3, 4, outputType(ic, 4, elementTypeOf(*x))));
}

static LogicalResult importQLinearLeakyRelu(ImportContext &ic) {
  return importQLinearUnary(ic, "LeakyRelu");
}
static LogicalResult importQLinearSigmoid(ImportContext &ic) {
  return importQLinearUnary(ic, "Sigmoid");
}
static LogicalResult importQLinearAveragePool(ImportContext &ic) {
  return importQLinearUnary(ic, "AveragePool");
}

/// QLinearGlobalAveragePool(X, x_scale, x_zp?, y_scale, y_zp?), NCHW.
static LogicalResult importQLinearGlobalAveragePool(ImportContext &ic) {
  V x = byteInput(ic, 0);
  FailureOr<QParams> px = constParams(ic, 1, 2, "x"), py = constParams(ic, 3, 4, "y");
  if (failed(x) || failed(px) || failed(py))
    return failure();
  if (ic.getInt("channels_last", 0) != 0)
    return ic.emitError() << "channels_last = 1 is not supported";
  ArrayRef<int64_t> shape = shapeOf(*x);
  if (shape.size() < 3 || ShapedType::isDynamicShape(shape))
    return ic.emitError() << "expects a static input of rank >= 3";
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(2, shape.size()));
  int64_t size = productOf(shape.drop_front(2));
  DecompositionBuilder d(ic);
  MLIRContext *ctx = ic.getContext();
  V sum = d.cast(x, IntegerType::get(ctx, 32));
  if (failed(sum) || failed(sum = ic.create<ReduceSumOp>(*sum, ArrayRef<int64_t>(axes), true)))
    return failure();
  sum = d.subS(sum, (double)(px->zeroPoint * size));
  Type target = outputType(ic, 4, elementTypeOf(*x));
  float scale = px->scale / (py->scale * (float)size);
  Builder b(ctx);
  if (failed(sum))
    return failure();
  return bindResult(ic, ic.createTyped<RequantizeOp>(
                            RankedTensorType::get(shapeOf(*sum), target), *sum,
                            b.getDenseF32ArrayAttr({scale}), b.getI64IntegerAttr(0),
                            b.getI64IntegerAttr(py->zeroPoint), UnitAttr()));
}

void onnx_import::registerContribQuantOps(OpRegistry &r) {
  r["com.microsoft.QuantizeLinear"] = onnxImporter("QuantizeLinear");
  r["com.microsoft.DequantizeLinear"] = onnxImporter("DequantizeLinear");
  r["com.microsoft.QGemm"] = importQGemm;
  r["com.microsoft.QLinearAdd"] = importQLinearAdd;
  r["com.microsoft.QLinearMul"] = importQLinearMul;
  r["com.microsoft.QLinearConcat"] = importQLinearConcat;
  r["com.microsoft.QLinearWhere"] = importQLinearWhere;
  r["com.microsoft.QLinearGlobalAveragePool"] = importQLinearGlobalAveragePool;
  r["com.microsoft.QLinearLeakyRelu"] = importQLinearLeakyRelu;
  r["com.microsoft.QLinearSigmoid"] = importQLinearSigmoid;
  r["com.microsoft.QLinearAveragePool"] = importQLinearAveragePool;
}
