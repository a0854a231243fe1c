//===- QuantizeW4.cpp - the aicc-quantize-w4 pass ----------------------------===//
//
// Blocked 4-bit weight quantization of matmul/gemm with f32 constant
// weights: asymmetric uint4 per output column and block of consecutive k,
// as onnxruntime's MatMulNBits quantizer writes them, in aicc.matmul_int4
// (what com.microsoft.MatMulNBits imports to). Activations stay f32.
//
//===----------------------------------------------------------------------===//
#include "ConstantWeights.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Transforms/Passes.h"
#include "aicc/Transforms/Quantization.h"

#include <algorithm>
#include <cmath>

namespace mlir::aicc {
#define GEN_PASS_DEF_QUANTIZEW4
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

std::string mlir::aicc::w4QuantizationBlocker(Operation *op) {
  if (isa<ConvOp>(op))
    return "-quantize=w4 quantizes MatMul/Gemm weights only";
  return dynamicQuantizationBlocker(op);
}

namespace {

/// A weight in MatMulNBits' layout: q as [N, KB, BS/2] bytes (low nibble
/// first along k), scales and zero points [N, KB].
struct BlockedWeight {
  SmallVector<uint8_t> bytes, zeroPoints;
  SmallVector<float> scales;
};

/// `w` is [K, N] row-major, or [N, K] when `transposed`.
BlockedWeight quantizeBlocked(ArrayRef<float> w, int64_t k, int64_t n, int64_t bs,
                              bool transposed) {
  int64_t kb = (k + bs - 1) / bs, rowBytes = kb * bs / 2;
  BlockedWeight q;
  q.bytes.assign(n * rowBytes, 0);
  q.scales.assign(n * kb, 1.0f);
  q.zeroPoints.assign(n * kb, 0);
  auto at = [&](int64_t col, int64_t r) { return transposed ? w[col * k + r] : w[r * n + col]; };
  for (int64_t col = 0; col < n; ++col)
    for (int64_t b = 0; b < kb; ++b) {
      int64_t first = b * bs, last = std::min(k, first + bs);
      float lo = 0.0f, hi = 0.0f;
      for (int64_t r = first; r < last; ++r) {
        lo = std::min(lo, at(col, r));
        hi = std::max(hi, at(col, r));
      }
      float scale = hi > lo ? (hi - lo) / 15.0f : 1.0f;
      float zp = std::clamp(std::nearbyint(-lo / scale), 0.0f, 15.0f);
      q.scales[col * kb + b] = scale;
      q.zeroPoints[col * kb + b] = static_cast<uint8_t>(zp);
      for (int64_t r = first; r < last; ++r) {
        float v = std::clamp(std::nearbyint(at(col, r) / scale) + zp, 0.0f, 15.0f);
        q.bytes[col * rowBytes + r / 2] |= static_cast<uint8_t>(v) << (4 * (r % 2));
      }
    }
  return q;
}

void quantize(Operation *op, int64_t bs) {
  OpBuilder b(op);
  Location loc = op->getLoc();
  auto g = dyn_cast<GemmOp>(op);
  Value x = op->getOperand(0), w = op->getOperand(1);
  bool transB = g && g.getTransB();
  ArrayRef<int64_t> ws = cast<RankedTensorType>(w.getType()).getShape();
  int64_t n = ws[transB ? 0 : 1], k = ws[transB ? 1 : 0], kb = (k + bs - 1) / bs;
  BlockedWeight q = quantizeBlocked(*constantF32Values(w), k, n, bs, transB);
  Type u8 = IntegerType::get(b.getContext(), 8, IntegerType::Unsigned);
  Value qw = createByteConstant(b, loc, RankedTensorType::get({n, kb, bs / 2}, u8), q.bytes,
                                "w4_weight");
  Value zp = createByteConstant(b, loc, RankedTensorType::get({n, kb}, u8), q.zeroPoints,
                                "w4_zero_points");
  auto scaleType = RankedTensorType::get({n, kb}, b.getF32Type());
  Value scales = createF32Constant(b, loc, scaleType, q.scales, "w4_scales",
                                   q.scales.size() * sizeof(float) > kInlineConstantBytes);
  Value y = MatMulInt4Op::create(b, loc, x, qw, scales, zp, Value(), b.getI64IntegerAttr(k));
  if (g && g.getC())
    y = AddOp::create(b, loc, y, g.getC());
  op->getResult(0).replaceAllUsesWith(y);
  op->erase();
}

struct QuantizeW4 : public aicc::impl::QuantizeW4Base<QuantizeW4> {
  using Base::Base;
  void runOnOperation() override {
    if (blockSize < 16 || (blockSize & (blockSize - 1))) {
      getOperation().emitError() << "aicc-quantize-w4: block-size must be a power of 2 >= 16, got "
                                 << static_cast<int64_t>(blockSize);
      return signalPassFailure();
    }
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isQuantizationCandidate(op) && w4QuantizationBlocker(op).empty())
        ops.push_back(op);
    });
    for (Operation *op : ops)
      quantize(op, blockSize);
  }
};

} // namespace
