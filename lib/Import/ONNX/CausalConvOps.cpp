//===- CausalConvOps.cpp - CausalConvWithState as shifted slices -----------===//
//
// CausalConvWithState (opset 27) is a depthwise 1-d convolution over the
// input prefixed with the carried state (zeros without one):
//
//   padded  = concat(past_state, x)                       [B, C, K-1+L]
//   y[.., t] = bias + sum_j w[:, 0, j] * padded[.., t + j]
//   present = the last K-1 steps of padded
//
// K is small (a few taps), so the sum is K shifted slices of `padded`, each
// scaled by one column of the weight, accumulated in f32 like ONNX's
// reference, with the optional SiLU applied before the cast back.
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

static LogicalResult importCausalConvWithState(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), w = ic.input(1);
  if (failed(x) || failed(w))
    return failure();
  Value bias = ic.optionalInput(2), past = ic.optionalInput(3);
  std::string activation = ic.getString("activation", "none");
  if (!llvm::is_contained({"none", "silu", "swish"}, activation))
    return ic.emitError() << "attribute 'activation' value '" << activation
                          << "' is not supported";
  ArrayRef<int64_t> xs = shapeOf(*x), ws = shapeOf(*w);
  if (xs.size() != 3 || ws.size() != 3 || ws[0] != xs[1] || ws[1] != 1 || ws[2] < 1)
    return ic.emitError() << "expects an input [B, C, L] and a weight [C, 1, K]";
  int64_t batch = xs[0], channels = xs[1], len = xs[2], k = ws[2];
  Type et = elementTypeOf(*x);
  if (!isa<FloatType>(et))
    return ic.emitError() << "CausalConvWithState of " << et << " is not supported";
  if (bias && shapeOf(bias) != ArrayRef<int64_t>{channels})
    return ic.emitError() << "'bias' must be [" << channels << "]";
  SmallVector<int64_t> stateShape{batch, channels, k - 1};
  if (past && shapeOf(past) != ArrayRef<int64_t>(stateShape))
    return ic.emitError() << "'past_state' must be [" << stateShape << "]";

  DecompositionBuilder b(ic);
  Type f32 = Float32Type::get(ic.getContext());
  V padded = *x;
  if (k > 1)
    padded = b.concat({past ? V(past) : V(b.splat(et, stateShape, 0.0)), *x}, 2);
  V acc = failure();
  for (int64_t j = 0; j < k; ++j) {
    V tap = b.mul(b.cast(b.sliceDim(padded, 2, j, j + len), f32),
                  b.reshape(b.cast(b.sliceDim(*w, 2, j, j + 1), f32), {channels, 1}));
    acc = j == 0 ? tap : b.add(acc, tap);
  }
  if (bias)
    acc = b.add(acc, b.reshape(b.cast(bias, f32), {channels, 1}));
  if (activation != "none")
    acc = b.mul(acc, b.unary<SigmoidOp>(acc));
  V y = b.cast(acc, et);
  V present = b.sliceDim(padded, 2, len, len + k - 1);
  if (failed(y) || failed(present))
    return failure();
  ic.setResult(0, *y);
  ic.setResult(1, *present);
  return success();
}

void mlir::aicc::onnx_import::registerCausalConvOps(OpRegistry &r) {
  r["CausalConvWithState"] = importCausalConvWithState;
}
