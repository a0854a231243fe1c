//===- FormInt4Kernels.cpp - the aicc-form-int4-kernels pass -----------------===//
//
// Rewrites aicc.matmul_int4 with constant weight, scales and zero points
// into aicc.packed_matmul_int4: the 4-bit weight regrouped at compile time
// into panels of NR output columns (the bytes of two reduction steps of a
// panel's columns are contiguous, one vector load), scales and the zero
// points' offsets (-z * s) packed alongside. The weight stays 4-bit: batch-1
// decoding is bound by reading the weights.
//
//===----------------------------------------------------------------------===//
#include "ConstantWeights.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Transforms/Passes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_FORMINT4KERNELS
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// Vectors per panel: four independent FMA chains per parity of k hide the
/// FMA latency at one row; fewer when N is narrow.
constexpr int64_t kMaxVectorsPerPanel = 4;

RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

Value reshape(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> shape) {
  auto type = tensorType(v);
  if (type.getShape() == shape)
    return v;
  return ReshapeOp::create(b, loc, type.clone(shape), v);
}

struct PackedInt4 {
  SmallVector<uint8_t> weight;
  SmallVector<float> scales, offsets;
};

/// ONNX's [N, KB, BS/2] bytes to [P, KB*BS/2, NR]: the same bytes (two
/// steps of k each), regrouped by panel of NR columns; past N zero.
PackedInt4 pack(ArrayRef<uint8_t> w, ArrayRef<float> s, ArrayRef<uint8_t> z, int64_t n,
                int64_t kb, int64_t rowBytes, int64_t nr) {
  int64_t panels = (n + nr - 1) / nr;
  PackedInt4 p;
  p.weight.assign(panels * rowBytes * nr, 0);
  p.scales.assign(panels * kb * nr, 0.0f);
  p.offsets.assign(panels * kb * nr, 0.0f);
  for (int64_t col = 0; col < n; ++col) {
    int64_t panel = col / nr, c = col % nr;
    for (int64_t j = 0; j < rowBytes; ++j)
      p.weight[(panel * rowBytes + j) * nr + c] = w[col * rowBytes + j];
    for (int64_t b = 0; b < kb; ++b) {
      float scale = s[col * kb + b];
      p.scales[(panel * kb + b) * nr + c] = scale;
      p.offsets[(panel * kb + b) * nr + c] = -static_cast<float>(z[col * kb + b]) * scale;
    }
  }
  return p;
}

struct Int4Kernel : OpRewritePattern<MatMulInt4Op> {
  Int4Kernel(MLIRContext *ctx, int64_t vectorBits)
      : OpRewritePattern(ctx), lanes(std::max<int64_t>(vectorBits / 32, 4)) {}
  int64_t lanes;

  LogicalResult matchAndRewrite(MatMulInt4Op op, PatternRewriter &rewriter) const override {
    RankedTensorType xt = tensorType(op.getInput());
    if (!xt.hasStaticShape() || !op.getType().hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    int64_t k = op.getKSize();
    if (k % 2)
      return rewriter.notifyMatchFailure(op, "odd K");
    if (op.getBias() && !tensorType(op.getBias()).hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic bias");
    auto w = constantByteValues(op.getWeight());
    auto s = constantF32Values(op.getScales());
    auto z = constantByteValues(op.getZeroPoints());
    if (!w || !s || !z)
      return rewriter.notifyMatchFailure(op, "weight, scales or zero points not constant");
    ArrayRef<int64_t> ws = op.getWeight().getType().getShape();
    int64_t n = ws[0], kb = ws[1], rowBytes = kb * ws[2], bs = 2 * ws[2];
    int64_t nv = std::clamp<int64_t>((n + lanes - 1) / lanes, 1, kMaxVectorsPerPanel);
    int64_t nr = nv * lanes, panels = (n + nr - 1) / nr;
    PackedInt4 p = pack(*w, *s, *z, n, kb, rowBytes, nr);

    Location loc = op.getLoc();
    int64_t m = xt.getNumElements() / k;
    Value x = reshape(rewriter, loc, op.getInput(), {m, k});
    Value weight = createByteConstant(
      rewriter, loc, RankedTensorType::get({panels, rowBytes, nr}, rewriter.getI8Type()),
      p.weight, "aicc_int4_weight");
    auto paramType = RankedTensorType::get({panels, kb, nr}, rewriter.getF32Type());
    bool large = p.scales.size() * sizeof(float) > kInlineConstantBytes;
    Value scales = createF32Constant(rewriter, loc, paramType, p.scales, "aicc_int4_scales", large);
    Value offsets =
        createF32Constant(rewriter, loc, paramType, p.offsets, "aicc_int4_offsets", large);
    Value init = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{m, n},
                                         rewriter.getF32Type());
    auto kernel = PackedMatmulInt4Op::create(
        rewriter, loc, TypeRange{init.getType()}, x, weight, scales, offsets, op.getBias(), init,
        rewriter.getI64IntegerAttr(bs));
    rewriter.replaceOp(op, reshape(rewriter, loc, kernel.getResult()[0], op.getType().getShape()));
    return success();
  }
};

struct FormInt4KernelsPass : mlir::aicc::impl::FormInt4KernelsBase<FormInt4KernelsPass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<Int4Kernel>(&getContext(), vectorBits);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
