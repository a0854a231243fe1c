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

static LogicalResult importQLinearConv(ImportContext &ic) {
  FailureOr<SmallVector<Value>> inputs = ic.inputs(8);
  if (failed(inputs))
    return failure();
  ArrayRef<Value> in = *inputs;
  Value bias = ic.optionalInput(8);
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
