//===- QuantizedConvOps.cpp - ConvInteger and QLinearConv ------------------===//
//
// Both follow ONNX's reference: the inputs are centred on their zero points
// (per tensor, or per output channel for the weight) and convolved with
// zero padding. aicc.conv is float-only, so the centred values convolve in
// f64, where their products and sums of (u)int8 values are exact:
//
//   ConvInteger: cast<i32>(conv(x - x_zp, w - w_zp))
//   QLinearConv: saturate(round_half_even((conv + B) * (x_scale * w_scale /
//                y_scale) + y_zp)), the scale product in the scales' type and
//                the rest in f64, as numpy promotes int32 * float32
//
// A QLinearConv with a constant weight and int8 x is DequantizeLinear ->
// Conv -> QuantizeLinear instead, which aicc-fold-qdq puts on the integer
// kernels (onnxruntime's f32 rescale, bit-exact with it).
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"
#include "WindowAttrs.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

static bool isByteInt(Type t) {
  auto it = dyn_cast<IntegerType>(t);
  return it && it.getWidth() == 8;
}

/// `v - zp` in f64; `zp` is one value or (`perChannel`) one per dim 0.
static V centred(ImportContext &ic, Value v, Value zp, bool perChannel, StringRef what) {
  DecompositionBuilder b(ic);
  Type f64 = Float64Type::get(ic.getContext());
  V r = b.cast(v, f64);
  if (!zp)
    return r;
  int64_t n = productOf(shapeOf(zp)), rank = shapeOf(v).size();
  if (n == 1)
    return b.sub(r, b.cast(b.reshape(zp, {}), f64));
  if (!perChannel || n != shapeOf(v)[0])
    return ic.emitError() << "'" << what << "' with " << n << " values is not supported";
  SmallVector<int64_t> shape(rank, 1);
  shape[0] = n;
  return b.sub(r, b.cast(b.reshape(zp, shape), f64));
}

/// The convolution of the centred x and w in f64 with the node's window.
static V centredConv(ImportContext &ic, Value x, Value xzp, Value w, Value wzp) {
  if (failed(spatialRank(ic, x)))
    return failure();
  if (!isByteInt(elementTypeOf(x)) || !isByteInt(elementTypeOf(w)))
    return ic.emitError() << "expects (u)int8 'x' and 'w'";
  ArrayRef<int64_t> ws = shapeOf(w);
  SmallVector<int64_t> kernel = ic.getInts("kernel_shape").value_or(
      SmallVector<int64_t>(ws.drop_front(std::min<size_t>(2, ws.size()))));
  FailureOr<Window> win = resolveWindow(ic, kernel, shapeOf(x).drop_front(2));
  if (failed(win))
    return failure();
  if (ArrayRef<int64_t>(win->kernel) != ws.drop_front(2))
    return ic.emitError() << "attribute 'kernel_shape' does not match the weight";
  V xc = centred(ic, x, xzp, false, "x_zero_point");
  V wc = centred(ic, w, wzp, true, "w_zero_point");
  if (failed(xc) || failed(wc))
    return failure();
  Builder b(ic.getContext());
  return ic.create<ConvOp>(*xc, *wc, Value(), b.getDenseI64ArrayAttr(win->strides),
                           b.getDenseI64ArrayAttr(win->dilations),
                           b.getDenseI64ArrayAttr(win->pads),
                           b.getI64IntegerAttr(ic.getInt("group", 1)));
}

static LogicalResult importConvInteger(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), w = ic.input(1);
  if (failed(x) || failed(w))
    return failure();
  DecompositionBuilder b(ic);
  V y = b.cast(centredConv(ic, *x, ic.optionalInput(2), *w, ic.optionalInput(3)),
               IntegerType::get(ic.getContext(), 32));
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

/// The one value of a constant (u)int8 or f32 tensor, or nullopt.
static std::optional<double> constScalar(Value v) {
  std::optional<DenseElementsAttr> c = ImportContext::getConstant(v);
  if (!c || !c->isSplat())
    return std::nullopt;
  if (c->getElementType().isF32())
    return *c->value_begin<float>();
  if (!isByteInt(c->getElementType()))
    return std::nullopt;
  APInt i = *c->value_begin<APInt>();
  return c->getElementType().isUnsignedInteger() ? (double)i.getZExtValue()
                                                 : (double)i.getSExtValue();
}

/// QLinearConv with a constant weight, per-tensor x and y parameters and one
/// weight zero point as DequantizeLinear -> Conv -> QuantizeLinear (the
/// int32 bias behind a DequantizeLinear with scale x_scale * w_scale[c],
/// computed here in f32): the form aicc-fold-qdq turns into conv_integer +
/// requantize on the integer kernels, which rescale in f32 as onnxruntime
/// does. Returns null when the node is not of that form, and for uint8 x
/// (the uint8 conv_integer lowering does not compile yet, even unpadded).
static FailureOr<Value> qdqConv(ImportContext &ic, ArrayRef<Value> in, Value bias) {
  std::optional<DenseElementsAttr> ws = ImportContext::getConstant(in[4]);
  if (!in[3].getDefiningOp<arith::ConstantOp>() || !ws || !ws->getElementType().isF32() ||
      !constScalar(in[1]) || !constScalar(in[2]) || !constScalar(in[5]) ||
      !constScalar(in[6]) || !constScalar(in[7]) || elementTypeOf(in[0]).isUnsignedInteger() ||
      !isByteInt(elementTypeOf(in[0])) || !isByteInt(elementTypeOf(in[3])) ||
      shapeOf(in[0]).size() != 4)
    return Value();
  int64_t m = shapeOf(in[3])[0];
  SmallVector<float> wScales(ws->getValues<float>());
  if (wScales.size() != 1 && (int64_t)wScales.size() != m)
    return Value();
  MLIRContext *ctx = ic.getContext();
  Type f32 = Float32Type::get(ctx), i32 = IntegerType::get(ctx, 32);
  Builder bld(ctx);
  auto chan = [&](Type et) { return RankedTensorType::get({m}, et); };
  auto scalarOf = [&](Value v) { return ic.reshape(v, {}); };
  FailureOr<Value> xs = scalarOf(in[1]), xz = scalarOf(in[2]), ys = scalarOf(in[6]),
                   yz = scalarOf(in[7]);
  if (failed(xs) || failed(xz) || failed(ys) || failed(yz))
    return failure();
  SmallVector<float> wsAll(m, wScales[0]);
  if (wScales.size() == (size_t)m)
    wsAll = wScales;
  Value wScale = ic.constant(DenseElementsAttr::get(chan(f32), ArrayRef<float>(wsAll)));
  Type wt = elementTypeOf(in[3]);
  Value wZero = ic.constant(DenseElementsAttr::get(
      chan(wt), bld.getIntegerAttr(IntegerType::get(ctx, 8), (int64_t)*constScalar(in[5]))));
  FailureOr<Value> dx = ic.create<DequantizeLinearOp>(in[0], *xs, *xz, bld.getI64IntegerAttr(0));
  FailureOr<Value> dw = ic.create<DequantizeLinearOp>(in[3], wScale, wZero, bld.getI64IntegerAttr(0));
  if (failed(dx) || failed(dw))
    return failure();
  Value db;
  if (bias) {
    if (!elementTypeOf(bias).isSignlessInteger(32) || productOf(shapeOf(bias)) != m)
      return Value();
    float sx = (float)*constScalar(in[1]);
    SmallVector<float> bScales;
    for (float w : wsAll)
      bScales.push_back(sx * w);
    Value bs = ic.constant(DenseElementsAttr::get(chan(f32), ArrayRef<float>(bScales)));
    Value bz = ic.constant(DenseElementsAttr::get(chan(i32), bld.getI32IntegerAttr(0)));
    FailureOr<Value> b1 = ic.reshape(bias, {m}), d;
    if (failed(b1) ||
        failed(d = ic.create<DequantizeLinearOp>(*b1, bs, bz, bld.getI64IntegerAttr(0))))
      return failure();
    db = *d;
  }
  ArrayRef<int64_t> wShape = shapeOf(in[3]);
  SmallVector<int64_t> kernel = ic.getInts("kernel_shape").value_or(
      SmallVector<int64_t>(wShape.drop_front(2)));
  FailureOr<Window> win = resolveWindow(ic, kernel, shapeOf(in[0]).drop_front(2));
  if (failed(win))
    return failure();
  FailureOr<Value> y = ic.create<ConvOp>(*dx, *dw, db, bld.getDenseI64ArrayAttr(win->strides),
                                         bld.getDenseI64ArrayAttr(win->dilations),
                                         bld.getDenseI64ArrayAttr(win->pads),
                                         bld.getI64IntegerAttr(ic.getInt("group", 1)));
  if (failed(y))
    return failure();
  return ic.create<QuantizeLinearOp>(*y, *ys, *yz, bld.getI64IntegerAttr(0));
}

static LogicalResult importQLinearConv(ImportContext &ic) {
  FailureOr<SmallVector<Value>> inputs = ic.inputs(8);
  if (failed(inputs))
    return failure();
  ArrayRef<Value> in = *inputs;
  Value bias = ic.optionalInput(8);
  FailureOr<Value> folded = qdqConv(ic, in, bias);
  if (failed(folded))
    return failure();
  if (*folded) {
    ic.setResult(0, *folded);
    return success();
  }
  DecompositionBuilder b(ic);
  Type f64 = Float64Type::get(ic.getContext());
  V acc = centredConv(ic, in[0], in[2], in[3], in[5]);
  if (failed(acc))
    return failure();
  int64_t m = shapeOf(in[3])[0], rank = shapeOf(in[0]).size();
  // Per-output-channel values broadcast along dim 1 of the result.
  auto channelwise = [&](Value v, StringRef what) -> V {
    int64_t n = productOf(shapeOf(v));
    if (n == 1)
      return b.reshape(v, {});
    if (n != m)
      return ic.emitError() << "'" << what << "' has " << n << " values, expected 1 or " << m;
    SmallVector<int64_t> shape(rank, 1);
    shape[1] = m;
    return b.reshape(v, shape);
  };
  if (bias)
    acc = b.add(acc, b.cast(channelwise(bias, "B"), f64));
  V xs = b.reshape(in[1], {}), ys = b.reshape(in[6], {});
  V factor = b.div(b.mul(xs, channelwise(in[4], "w_scale")), ys);
  Type target = elementTypeOf(in[7]);
  bool isSigned = target.isSignedInteger() || target.isSignlessInteger();
  V r = b.add(b.mul(acc, b.cast(factor, f64)), b.cast(b.reshape(in[7], {}), f64));
  r = b.cast(b.round(b.clip(r, isSigned ? -128.0 : 0.0, isSigned ? 127.0 : 255.0)), target);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

void mlir::aicc::onnx_import::registerQuantizedConvOps(OpRegistry &r) {
  r["ConvInteger"] = importConvInteger;
  r["QLinearConv"] = importQLinearConv;
}
