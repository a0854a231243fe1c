//===- WeightQuantization.cpp - constant weights to int8 ---------------------===//
#include "WeightQuantization.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>
#include <functional>

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

/// The element indices of each channel along `axis` of `shape`.
static SmallVector<SmallVector<size_t>> channelIndices(size_t n, ArrayRef<int64_t> shape,
                                                       int64_t axis) {
  int64_t channels = shape[axis], inner = 1;
  for (int64_t d : shape.drop_front(axis + 1))
    inner *= d;
  SmallVector<SmallVector<size_t>> idx(channels);
  for (size_t i = 0; i < n; ++i)
    idx[(i / inner) % channels].push_back(i);
  return idx;
}

/// The least-squares ternary scale of one channel: with |w| sorted
/// descending and S_k the sum of the first k, the best k maximises S_k^2 / k;
/// the scale is S_k / k, and the k largest become +-1.
static float minSquaredErrorScale(ArrayRef<float> w, ArrayRef<size_t> idx, float &threshold) {
  SmallVector<float> mags;
  for (size_t i : idx)
    mags.push_back(std::fabs(w[i]));
  llvm::sort(mags, std::greater<float>());
  double sum = 0.0, best = 0.0;
  size_t bestK = 0;
  for (size_t k = 1; k <= mags.size(); ++k) {
    sum += mags[k - 1];
    if (sum * sum / (double)k > best) {
      best = sum * sum / (double)k;
      bestK = k;
    }
  }
  if (bestK == 0 || mags[0] == 0.0f)
    return 0.0f;
  threshold = mags[bestK - 1];
  double s = 0.0;
  for (size_t k = 0; k < bestK; ++k)
    s += mags[k];
  return (float)(s / (double)bestK);
}

ChannelQuantizedWeight mlir::aicc::quantizeTernaryPerChannel(ArrayRef<float> w,
                                                             ArrayRef<int64_t> shape,
                                                             int64_t axis, TernaryScale how) {
  ChannelQuantizedWeight q;
  q.values.assign(w.size(), 0);
  for (ArrayRef<size_t> idx : channelIndices(w.size(), shape, axis)) {
    float scale = 0.0f;
    if (how == TernaryScale::AbsMean) {
      double sum = 0.0;
      for (size_t i : idx)
        sum += std::fabs(w[i]);
      scale = idx.empty() ? 0.0f : (float)(sum / (double)idx.size());
      if (scale > 0.0f)
        for (size_t i : idx)
          q.values[i] = (int8_t)std::clamp(std::nearbyint(w[i] / scale), -1.0f, 1.0f);
    } else {
      float threshold = 0.0f;
      scale = minSquaredErrorScale(w, idx, threshold);
      // Exactly the k largest: ties at the threshold are all kept (equal
      // magnitudes cost the same either way).
      if (scale > 0.0f)
        for (size_t i : idx)
          if (std::fabs(w[i]) >= threshold)
            q.values[i] = w[i] > 0.0f ? 1 : -1;
    }
    q.scales.push_back(scale > 0.0f ? scale : 1.0f);
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
