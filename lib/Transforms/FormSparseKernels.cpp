//===- FormSparseKernels.cpp - the aicc-form-sparse-kernels pass -------------===//
//
// Rewrites f32 MatMul and Gemm whose constant weight has enough zeros into
// aicc.sparse_matmul: the weight's non-zeros packed by output column
// (compressed sparse columns) at compile time, the activation transposed so
// that the kernel's vectors run over output rows, a bias along the columns
// and a following ReLU folded into the epilogue. Runs before
// aicc-form-matmul-kernels, which takes everything left.
//
//===----------------------------------------------------------------------===//
#include "ConstantWeights.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Transforms/Passes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_FORMSPARSEKERNELS
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// When a sparse kernel is used (the pass options).
struct SparsePolicy {
  double minZeroFraction;
  int64_t minRows;
  double minZeroFractionFewRows; // below minRows rows
  bool report;                   // a remark per sparse kernel
};

/// Bytes of the transposed activation's slice (K x row tile) that the
/// kernel may assume stay in L2 while the weights stream by (Zen 3: 512 KiB
/// per core).
constexpr int64_t kL2Budget = 384 * 1024;

/// Output rows whose accumulators stay in registers: up to 8 vectors of 8
/// (8 of the 16 AVX2 registers; one more for the broadcast weight), fewer
/// (down to 2 vectors) when K x rows would not fit the L2 budget.
int64_t rowTile(int64_t rows, int64_t k) {
  int64_t fit = kL2Budget / (4 * std::max<int64_t>(k, 1)) / 8 * 8;
  return std::min<int64_t>(rows, std::clamp<int64_t>(fit, 16, 64));
}

RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

Value reshape(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> shape) {
  auto type = tensorType(v);
  if (type.getShape() == shape)
    return v;
  return ReshapeOp::create(b, loc, type.clone(shape), v);
}

/// A constant weight in compressed sparse columns.
struct SparseColumns {
  SmallVector<int32_t> offsets, indices;
  SmallVector<float> values;
};

/// `w` is [K, N] row-major, or [N, K] when `transposed`.
SparseColumns compress(ArrayRef<float> w, int64_t k, int64_t n, bool transposed) {
  SparseColumns s;
  s.offsets.push_back(0);
  for (int64_t j = 0; j < n; ++j) {
    for (int64_t r = 0; r < k; ++r) {
      float v = transposed ? w[j * k + r] : w[r * n + j];
      if (v != 0.0f) {
        s.indices.push_back(static_cast<int32_t>(r));
        s.values.push_back(v);
      }
    }
    s.offsets.push_back(static_cast<int32_t>(s.indices.size()));
  }
  return s;
}

/// The product to rewrite: activation [M, K] (any leading dims folded into
/// M), weight values, and what the epilogue absorbs.
struct SparseProduct {
  Value x;                 // [.., M, K]
  SmallVector<float> w;    // [K, N], or [N, K] when transposed
  bool transposed = false;
  int64_t m = 0, k = 0, n = 0;
  Value bias;              // [N]-shaped
  bool relu = false;
  bool transposedResult = false; // write [N, M] (a 1x1 convolution's NCHW)
  bool xIsTransposed = false;    // `x` already is xt [K, M]
  Operation *last = nullptr; // the op whose result the kernel replaces
};

/// Whether the policy picks the sparse kernel for `p`'s weight.
LogicalResult checkPolicy(PatternRewriter &rewriter, Operation *op, const SparsePolicy &policy,
                          const SparseProduct &p) {
  // A one-step reduction has nothing to skip, and its transposed activation
  // would be a strided view (the transpose of [M, 1] folds into a reshape).
  if (p.k < 2)
    return rewriter.notifyMatchFailure(op, "the reduction has a single step");
  double zeros = double(llvm::count(p.w, 0.0f)) / double(std::max<size_t>(p.w.size(), 1));
  double needed = p.m < policy.minRows ? policy.minZeroFractionFewRows : policy.minZeroFraction;
  // Half a percent of slack: -prune=unstructured:0.9 zeroes floor(0.9 * size).
  if (zeros < needed - 0.005)
    return rewriter.notifyMatchFailure(op, "weight is not sparse enough for its rows");
  int64_t permille = static_cast<int64_t>(1000.0 * zeros + 0.5);
  size_t nonZeros = p.w.size() - llvm::count(p.w, 0.0f);
  if (nonZeros >= size_t(INT32_MAX))
    return rewriter.notifyMatchFailure(op, "too many non-zeros for i32 offsets");
  if (policy.report)
    op->emitRemark() << "sparse kernel: " << permille / 10 << "." << permille % 10
                     << "% of " << p.w.size() << " weights are zero (" << nonZeros
                     << " non-zeros), " << p.m << " rows";
  return success();
}

/// A following ReLU joins the epilogue.
void matchRelu(SparseProduct &p) {
  Value v = p.last->getResult(0);
  if (v.hasOneUse())
    if (auto relu = dyn_cast<ReluOp>(*v.getUsers().begin())) {
      p.relu = true;
      p.last = relu;
    }
}

/// When the activation is the [M, K] result of another sparse kernel used
/// only here (a sparse feed-forward block), that kernel is rebuilt to write
/// its result transposed, which is the `xt` this one needs: no transpose in
/// between (on BERT-base's 3072-wide hidden layer it took 18% of the block).
Value transposedProducer(PatternRewriter &rewriter, const SparseProduct &p) {
  auto producer = p.x.getDefiningOp<SparseMatmulOp>();
  if (!producer || producer.getTransposedResult() || !p.x.hasOneUse() ||
      tensorType(p.x).getShape() != ArrayRef<int64_t>{p.m, p.k})
    return Value();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(producer);
  Location loc = producer.getLoc();
  auto type = RankedTensorType::get({p.k, p.m}, rewriter.getF32Type());
  Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(), rewriter.getF32Type());
  auto transposed = SparseMatmulOp::create(
      rewriter, loc, TypeRange{type}, producer.getXt(), producer.getOffsets(),
      producer.getIndices(), producer.getValues(), producer.getBias(), init,
      producer.getRowTileAttr(), rewriter.getUnitAttr(), producer.getActivationAttr(),
      producer.getClipMinAttr(), producer.getClipMaxAttr());
  return transposed.getResult()[0];
}

void emitSparseKernel(PatternRewriter &rewriter, const SparseProduct &p) {
  Location loc = p.last->getLoc();
  rewriter.setInsertionPoint(p.last);
  SparseColumns s = compress(p.w, p.k, p.n, p.transposed);
  Value xt = p.xIsTransposed ? reshape(rewriter, loc, p.x, {p.k, p.m})
                             : transposedProducer(rewriter, p);
  if (!xt) {
    Value x = reshape(rewriter, loc, p.x, {p.m, p.k});
    auto xtType = RankedTensorType::get({p.k, p.m}, rewriter.getF32Type());
    xt = TransposeOp::create(rewriter, loc, xtType, x, rewriter.getDenseI64ArrayAttr({1, 0}));
  }
  Value offsets = createI32Constant(rewriter, loc, s.offsets, "aicc_sparse_offsets");
  Value indices = createI32Constant(rewriter, loc, s.indices, "aicc_sparse_indices");
  auto valuesType = RankedTensorType::get({(int64_t)s.values.size()}, rewriter.getF32Type());
  Value values = createF32Constant(rewriter, loc, valuesType, s.values, "aicc_sparse_values",
                                   s.values.size() * sizeof(float) > kInlineConstantBytes);
  Value bias = p.bias ? reshape(rewriter, loc, p.bias, {p.n}) : Value();
  SmallVector<int64_t, 2> shape = {p.m, p.n};
  if (p.transposedResult)
    shape = {p.n, p.m};
  auto resultType = RankedTensorType::get(shape, rewriter.getF32Type());
  Value init = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                       rewriter.getF32Type());
  auto kernel = SparseMatmulOp::create(
      rewriter, loc, TypeRange{resultType}, xt, offsets, indices, values, bias, init,
      rewriter.getI64IntegerAttr(rowTile(p.m, p.k)),
      p.transposedResult ? rewriter.getUnitAttr() : UnitAttr(),
      rewriter.getStringAttr(p.relu ? "relu" : "none"), rewriter.getF32FloatAttr(0),
      rewriter.getF32FloatAttr(0));
  Value out = reshape(rewriter, loc, kernel.getResult()[0],
                      tensorType(p.last->getResult(0)).getShape());
  rewriter.replaceOp(p.last, out);
}

bool staticF32(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && t.hasStaticShape() && t.getElementType().isF32();
}

/// x [.., M, K] * w [K, N] with w constant, optionally + bias [N], ReLU.
struct SparseMatMul : OpRewritePattern<MatMulOp> {
  SparseMatMul(MLIRContext *ctx, SparsePolicy p) : OpRewritePattern(ctx), policy(p) {}
  SparsePolicy policy;

  LogicalResult matchAndRewrite(MatMulOp op, PatternRewriter &rewriter) const override {
    if (!staticF32(op.getLhs()) || !staticF32(op.getRhs()) ||
        tensorType(op.getRhs()).getRank() != 2 || tensorType(op.getLhs()).getRank() < 2)
      return rewriter.notifyMatchFailure(op, "not a static f32 product with a 2-d weight");
    std::optional<SmallVector<float>> w = constantF32Values(op.getRhs());
    if (!w)
      return rewriter.notifyMatchFailure(op, "weight is not a constant");
    SparseProduct p;
    p.x = op.getLhs();
    p.w = std::move(*w);
    ArrayRef<int64_t> ws = tensorType(op.getRhs()).getShape();
    p.k = ws[0];
    p.n = ws[1];
    p.m = tensorType(op.getLhs()).getNumElements() / std::max<int64_t>(p.k, 1);
    p.last = op;
    if (failed(checkPolicy(rewriter, op, policy, p)))
      return failure();
    matchBias(op, p);
    matchRelu(p);
    emitSparseKernel(rewriter, p);
    return success();
  }

  /// A following add of an [N]-shaped tensor is the bias.
  static void matchBias(MatMulOp op, SparseProduct &p) {
    Value v = op.getResult();
    if (!v.hasOneUse())
      return;
    auto add = dyn_cast<AddOp>(*v.getUsers().begin());
    if (!add || add.getType() != op.getType())
      return;
    Value other = add.getLhs() == v ? add.getRhs() : add.getLhs();
    auto ot = tensorType(other);
    if (other == v || !ot.hasStaticShape() || ot.getNumElements() != p.n ||
        ot.getShape().back() != p.n)
      return;
    p.bias = other;
    p.last = add;
  }
};

/// Gemm with alpha = 1, A not transposed, B constant, C absent or an
/// [N]-shaped bias with beta = 1.
struct SparseGemm : OpRewritePattern<GemmOp> {
  SparseGemm(MLIRContext *ctx, SparsePolicy p) : OpRewritePattern(ctx), policy(p) {}
  SparsePolicy policy;

  LogicalResult matchAndRewrite(GemmOp op, PatternRewriter &rewriter) const override {
    if (!staticF32(op.getA()) || !staticF32(op.getB()) || op.getTransA() ||
        op.getAlpha().convertToDouble() != 1.0)
      return rewriter.notifyMatchFailure(op, "not a plain static f32 gemm");
    std::optional<SmallVector<float>> w = constantF32Values(op.getB());
    if (!w)
      return rewriter.notifyMatchFailure(op, "B is not a constant");
    SparseProduct p;
    ArrayRef<int64_t> as = tensorType(op.getA()).getShape();
    p.x = op.getA();
    p.m = as[0];
    p.k = as[1];
    p.n = op.getType().getDimSize(1);
    p.w = std::move(*w);
    p.transposed = op.getTransB();
    p.last = op;
    if (Value c = op.getC()) {
      auto ct = tensorType(c);
      if (op.getBeta().convertToDouble() != 1.0 || !ct.hasStaticShape() ||
          ct.getNumElements() != p.n || ct.getShape().back() != p.n)
        return rewriter.notifyMatchFailure(op, "C is not a bias along N");
      p.bias = c;
    }
    if (failed(checkPolicy(rewriter, op, policy, p)))
      return failure();
    matchRelu(p);
    emitSparseKernel(rewriter, p);
    return success();
  }
};

/// A 1x1 convolution (stride 1, no padding, group 1, batch 1) is the
/// product W [M, C] x X [C, H*W]: with the pixels as the kernel's rows, the
/// NCHW input already is xt [C, H*W], and the transposed result [M, H*W] is
/// the NCHW output. No transposes at all.
struct SparseConv1x1 : OpRewritePattern<ConvOp> {
  SparseConv1x1(MLIRContext *ctx, SparsePolicy p) : OpRewritePattern(ctx), policy(p) {}
  SparsePolicy policy;

  LogicalResult matchAndRewrite(ConvOp op, PatternRewriter &rewriter) const override {
    if (!staticF32(op.getInput()) || !staticF32(op.getWeight()) || !staticF32(op.getResult()))
      return rewriter.notifyMatchFailure(op, "not a static f32 convolution");
    ArrayRef<int64_t> in = tensorType(op.getInput()).getShape(),
                      ws = tensorType(op.getWeight()).getShape();
    auto ones = [](ArrayRef<int64_t> v) { return llvm::all_of(v, [](int64_t x) { return x == 1; }); };
    if (in.size() != 4 || in[0] != 1 || op.getGroup() != 1 || ws[2] != 1 || ws[3] != 1 ||
        !ones(op.getStrides()) || !ones(op.getDilations()) ||
        llvm::any_of(op.getPads(), [](int64_t x) { return x != 0; }))
      return rewriter.notifyMatchFailure(op, "not a 1x1, stride 1, unpadded, batch 1 conv");
    std::optional<SmallVector<float>> w = constantF32Values(op.getWeight());
    if (!w)
      return rewriter.notifyMatchFailure(op, "weight is not a constant");
    SparseProduct p;
    p.x = op.getInput();
    p.xIsTransposed = true;
    p.transposedResult = true;
    p.w = std::move(*w);
    p.transposed = true; // [M, C] is [N, K]
    p.n = ws[0];
    p.k = ws[1];
    p.m = in[2] * in[3];
    p.bias = op.getBias();
    p.last = op;
    if (failed(checkPolicy(rewriter, op, policy, p)))
      return failure();
    matchRelu(p);
    emitSparseKernel(rewriter, p);
    return success();
  }
};

struct FormSparseKernelsPass
    : mlir::aicc::impl::FormSparseKernelsBase<FormSparseKernelsPass> {
  using Base::Base;
  void runOnOperation() override {
    SparsePolicy policy{minZeroFraction, minRows, minZeroFractionFewRows, report};
    RewritePatternSet patterns(&getContext());
    patterns.add<SparseMatMul, SparseGemm, SparseConv1x1>(&getContext(), policy);
    // Producers first, so that a consumer finds them formed.
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace
