//===- WeightQuantization.cpp - constant weights to int8 ---------------------===//
#include "WeightQuantization.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::aicc;

ChannelQuantizedWeight mlir::aicc::quantizePerChannel(ArrayRef<float> w, ArrayRef<int64_t> shape,
                                                      int64_t axis) {
  int64_t channels = shape[axis], inner = 1;
  for (int64_t d : shape.drop_front(axis + 1))
    inner *= d;
  auto channelOf = [&](size_t i) { return (int64_t)(i / inner) % channels; };
  ChannelQuantizedWeight q;
  SmallVector<float> amax(channels, 0.0f);
  for (size_t i = 0; i < w.size(); ++i)
    amax[channelOf(i)] = std::max(amax[channelOf(i)], std::fabs(w[i]));
  for (float a : amax)
    q.scales.push_back(a > 0.0f ? a / 127.0f : 1.0f);
  q.values.resize(w.size());
  for (size_t i = 0; i < w.size(); ++i) {
    // nearbyint rounds half to even in the default rounding mode.
    float r = std::nearbyint(w[i] / q.scales[channelOf(i)]);
    q.values[i] = (int8_t)std::clamp(r, -127.0f, 127.0f);
  }
  return q;
}

template <typename T>
static Value blobConstant(OpBuilder &b, Location loc, RankedTensorType type, ArrayRef<T> values,
                          StringRef name) {
  auto attr = DenseResourceElementsAttr::get(
      type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign<T>(values));
  return arith::ConstantOp::create(b, loc, type, attr);
}

Value mlir::aicc::int8Constant(OpBuilder &b, Location loc, RankedTensorType type,
                               ArrayRef<int8_t> values, StringRef name) {
  return blobConstant(b, loc, type, values, name);
}

Value mlir::aicc::int32Constant(OpBuilder &b, Location loc, RankedTensorType type,
                                ArrayRef<int32_t> values) {
  // Per-channel values are small; dense attributes fold through reshapes.
  return arith::ConstantOp::create(b, loc, type, DenseElementsAttr::get(type, values));
}
