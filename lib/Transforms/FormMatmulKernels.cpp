//===- FormMatmulKernels.cpp - the aicc-form-matmul-kernels pass -------------===//
//
// Rewrites f32 2-d convolutions, matrix products and Gemm into
// aicc.packed_matmul: picks the register tile for the target's vector width,
// packs constant convolution weights into MR-row panels at compile time, and
// folds the bias, a following residual add and a ReLU/Clip into the kernel's
// epilogue.
//
//===----------------------------------------------------------------------===//
#include "ConstantWeights.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_FORMMATMULKERNELS
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// The target's vector registers, as the tile choice sees them.
struct VectorTarget {
  int64_t lanes;     // f32 lanes per register
  int64_t registers; // architectural vector registers
};

struct Tile {
  int64_t mr, nr;
};

/// Bytes of x that a panels-outermost schedule may assume stay in L2 next
/// to one panel of weights (Zen 3 has 512 KiB per core; 448 KiB measured
/// better than 256 KiB on ResNet-50's 1x1 2048->512 layer, 1.65 vs 2.3 ms).
constexpr int64_t kL2Budget = 448 * 1024;

/// Picks MR x (NV vectors) for an M x W product (W: the contiguous output
/// extent one tile row walks). Cost model: count the reduction steps the
/// whole product needs (partial tiles as full ones, so wasted lanes count)
/// times the cost of one step, in units of one FMA issue (two per cycle):
/// MR*NV FMAs against MR weight broadcasts (2 units each) and NV vector
/// loads of x (4 units: unaligned and from rows a plane apart). The load
/// weights are fitted to single-layer timings on Zen 3 (bench/conv_layers.py):
/// counting a load like an FMA had picked 2 x 32 tiles (8 FMAs per step
/// against 6 loads), which ran 1.2-1.4x slower than 6 x 16 on ResNet-50's
/// 56x56 layers (1x1 64->256: 1.75 vs 1.36 ms; 3x3 64: 3.07 vs 2.62 ms).
/// `columnTiles(nr)`: how many column tiles of width NR the product needs
/// (per output row, or in all: only the comparison matters).
Tile chooseTile(VectorTarget t, int64_t m, llvm::function_ref<int64_t(int64_t)> columnTiles,
                bool panelsOuter = false) {
  Tile best{1, t.lanes};
  double bestCost = -1;
  for (int64_t nv = 1; nv <= 4; ++nv) {
    int64_t mr = std::min<int64_t>({(t.registers - 1 - nv) / nv, 12, m});
    if (mr < 1)
      continue;
    int64_t nr = nv * t.lanes;
    double tiles = double((m + mr - 1) / mr) * double(columnTiles(nr));
    // With panels outermost, x's NV loads come from L2 (measured on
    // ResNet-50's 7x7 layers: 2 x 32 tiles ran at half the speed of 6 x 16).
    int64_t loads = 2 * mr + 4 * nv, l2Loads = panelsOuter ? 6 * nv : 0;
    double cost = tiles * double(std::max({mr * nv, loads, l2Loads}));
    if (bestCost < 0 || cost < bestCost) {
      bestCost = cost;
      best = {mr, nr};
    }
  }
  return best;
}

/// Rows of W contiguous outputs.
Tile chooseTile(VectorTarget t, int64_t m, int64_t w, bool panelsOuter = false) {
  return chooseTile(t, m, [&](int64_t nr) { return (w + nr - 1) / nr; }, panelsOuter);
}

/// A stride-1 window over a padded image of width IW: OH rows of OW outputs.
/// convert-packed-matmul-to-vector walks such an image as one flat row of
/// (OH-1)*IW + OW positions when that needs fewer column tiles (the IW - OW
/// positions past each row end are computed and dropped), so the tile is
/// chosen for the smaller count: a 7x7 image (IW 9) then takes 6 x 16 tiles
/// across rows instead of broadcast-bound 12 x 8 ones. Reductions shorter
/// than 64 steps (K) keep rows (the split stores would not pay).
Tile chooseWindowTile(VectorTarget t, int64_t m, int64_t k, int64_t oh, int64_t ow,
                      int64_t iw, bool panelsOuter) {
  return chooseTile(
      t, m,
      [&](int64_t nr) {
        int64_t rows = oh * ((ow + nr - 1) / nr);
        if (oh < 2 || k < 64)
          return rows;
        return std::min(rows, ((oh - 1) * iw + ow + nr - 1) / nr);
      },
      panelsOuter);
}

RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

Value reshape(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> shape) {
  auto type = tensorType(v);
  if (type.getShape() == shape)
    return v;
  return ReshapeOp::create(b, loc, type.clone(shape), v);
}

/// A constant weight's values; `bf16` is set when it is stored in bf16 and
/// widened by an aicc.cast (aicc-reduce-precision), whose values the
/// kernel then reads as bf16.
struct WeightValues {
  SmallVector<float> values;
  bool bf16 = false;
};

std::optional<WeightValues> weightValues(Value v) {
  if (std::optional<SmallVector<float>> w = constantF32Values(v))
    return WeightValues{std::move(*w), false};
  auto cast = v.getDefiningOp<CastOp>();
  if (!cast || !cast.getType().getElementType().isF32() ||
      !cast.getInput().getType().getElementType().isBF16())
    return std::nullopt;
  if (std::optional<SmallVector<float>> w = constantHalfValues(cast.getInput()))
    return WeightValues{std::move(*w), true};
  return std::nullopt;
}

/// A packed weight of `shape`: always a resource blob (packing pads it);
/// bf16 elements when `bf16` (the values are bf16 already: exact).
Value makeConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                   ArrayRef<float> data, StringRef key, bool bf16 = false) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  if (bf16)
    return createHalfConstant(b, loc, type, b.getBF16Type(), data, key, /*asResource=*/true);
  return createF32Constant(b, loc, type, data, key, /*asResource=*/true);
}

/// [K, N] row-major -> [ceil(N/NR), K, 1, NR] panels, zero columns past N.
SmallVector<float> packColumns(ArrayRef<float> w, int64_t k, int64_t n, int64_t nr) {
  int64_t nb = (n + nr - 1) / nr;
  SmallVector<float> p(nb * k * nr, 0.0f);
  for (int64_t r = 0; r < k; ++r)
    for (int64_t j = 0; j < n; ++j)
      p[((j / nr) * k + r) * nr + j % nr] = w[r * n + j];
  return p;
}

/// The right operand of a product with a constant [K, N] matrix `w`: packed
/// into NR-column panels (sets `packedX`).
Value packedRightOperand(OpBuilder &b, Location loc, ArrayRef<float> w, int64_t k,
                         int64_t n, int64_t nr, bool bf16) {
  return makeConstant(b, loc, {(n + nr - 1) / nr, k, 1, nr}, packColumns(w, k, n, nr),
                      "aicc_packed_weight", bf16);
}

/// [M, K] row-major -> [ceil(M/MR), K, MR] panels, zero rows past M.
SmallVector<float> packRows(ArrayRef<float> w, int64_t m, int64_t k, int64_t mr) {
  int64_t mb = (m + mr - 1) / mr;
  SmallVector<float> p(mb * k * mr, 0.0f);
  for (int64_t r = 0; r < m; ++r)
    for (int64_t j = 0; j < k; ++j)
      p[((r / mr) * k + j) * mr + r % mr] = w[r * k + j];
  return p;
}

/// What follows a contraction and can run in its epilogue.
struct Epilogue {
  Value residual;
  StringRef activation = "none";
  float clipMin = 0, clipMax = 0;
  Operation *last = nullptr; // the op whose result the kernel replaces
};

/// The residual must be computed before the kernel that reads it.
bool dominatesKernel(Value residual, Operation *anchor) {
  if (!residual)
    return true;
  Operation *def = residual.getDefiningOp();
  return !def || def->getBlock() != anchor->getBlock() || def->isBeforeInBlock(anchor);
}

/// Absorbs `add(result, same-shaped other)` then `relu`/`clip` after `op`.
/// A residual that is computed after the add's position is not absorbed.
Epilogue matchEpilogue(Operation *op, bool allowResidual) {
  Epilogue e;
  e.last = op;
  Value v = op->getResult(0);
  auto single = [](Value v) -> Operation * {
    return v.hasOneUse() ? *v.getUsers().begin() : nullptr;
  };
  if (auto add = dyn_cast_or_null<AddOp>(single(v)); add && allowResidual) {
    Value other = add.getLhs() == v ? add.getRhs() : add.getLhs();
    if (other != v && other.getType() == v.getType() &&
        add.getType() == v.getType()) {
      e.residual = other;
      e.last = add;
      v = add.getResult();
    }
  }
  Operation *user = single(v);
  if (auto relu = dyn_cast_or_null<ReluOp>(user)) {
    e.activation = "relu";
    e.last = relu;
  } else if (auto clip = dyn_cast_or_null<ClipOp>(user)) {
    if (!clip.getMinValue() && !clip.getMaxValue() && clip.getMin() && clip.getMax()) {
      e.activation = "clip";
      e.clipMin = clip.getMin()->convertToDouble();
      e.clipMax = clip.getMax()->convertToDouble();
      e.last = clip;
    }
  }
  if (!dominatesKernel(e.residual, e.last))
    return matchEpilogue(op, false);
  return e;
}


struct KernelArgs {
  Value a, x, bias;
  bool packedA = false, packedX = false, panelsOuter = false;
  int64_t biasDim = 0, columnPhases = 1;
  Tile tile{1, 1};
  SmallVector<int64_t, 2> window{1, 1}, strides{1, 1}, dilations{1, 1};
  SmallVector<int64_t, 4> resultShape; // [B, M, OH, OW]
};

/// Creates the kernel replacing `e.last` (reshaped to its type).
void emitKernel(PatternRewriter &rewriter, Operation *anchor, const KernelArgs &k,
                const Epilogue &e) {
  Location loc = anchor->getLoc();
  rewriter.setInsertionPoint(e.last);
  auto resultType = RankedTensorType::get(k.resultShape, rewriter.getF32Type());
  Value init = tensor::EmptyOp::create(rewriter, loc, k.resultShape, rewriter.getF32Type());
  Value residual = e.residual ? reshape(rewriter, loc, e.residual, k.resultShape) : Value();
  auto kernel = PackedMatmulOp::create(
      rewriter, loc, TypeRange{resultType}, k.a, k.x, k.bias, residual, init,
      rewriter.getDenseI64ArrayAttr({k.tile.mr, k.tile.nr}),
      rewriter.getDenseI64ArrayAttr(k.window), rewriter.getDenseI64ArrayAttr(k.strides),
      rewriter.getDenseI64ArrayAttr(k.dilations),
      k.packedA ? rewriter.getUnitAttr() : UnitAttr(),
      k.packedX ? rewriter.getUnitAttr() : UnitAttr(),
      k.panelsOuter ? rewriter.getUnitAttr() : UnitAttr(),
      rewriter.getI64IntegerAttr(k.columnPhases), rewriter.getI64IntegerAttr(k.biasDim), rewriter.getStringAttr(e.activation),
      rewriter.getF32FloatAttr(e.clipMin), rewriter.getF32FloatAttr(e.clipMax));
  Value out = reshape(rewriter, loc, kernel.getResult()[0],
                      tensorType(e.last->getResult(0)).getShape());
  Operation *last = e.last;
  rewriter.replaceOp(last, out);
  if (last != anchor) {
    // The chain between the anchor and `last` is dead now.
    SmallVector<Operation *> dead;
    for (Operation *u = anchor; u && u != last;) {
      dead.push_back(u);
      u = u->getResult(0).hasOneUse() ? *u->getResult(0).getUsers().begin() : nullptr;
    }
    for (Operation *d : llvm::reverse(dead))
      if (d->use_empty())
        rewriter.eraseOp(d);
  }
}

/// The conv's window, strides and dilations on `k`.
void setWindow(KernelArgs &k, ConvOp op) {
  auto ws = tensorType(op.getWeight()).getShape();
  k.window = {ws[2], ws[3]};
  k.strides = llvm::to_vector(op.getStrides());
  k.dilations = llvm::to_vector(op.getDilations());
}

/// The conv's input, zero-padded once when it has pads; `extraRight` more
/// zero columns on the right.
Value paddedInput(PatternRewriter &rewriter, ConvOp op, int64_t extraRight = 0) {
  ArrayRef<int64_t> pads = op.getPads();
  if (extraRight == 0 && llvm::all_of(pads, [](int64_t p) { return p == 0; }))
    return op.getInput();
  return PadOp::create(rewriter, op.getLoc(), op.getInput(),
                       rewriter.getDenseI64ArrayAttr(
                           {0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3] + extraRight}),
                       rewriter.getStringAttr("constant"), rewriter.getF64FloatAttr(0.0));
}

/// The padded input of a convolution with column stride P > 1, each row's
/// columns split by phase ([B, C, H, Q*P] -> runs of the P phases, Q each;
/// see `column_phases`), so that the kernel's taps read consecutive
/// outputs from consecutive elements instead of gathering every P-th.
Value phaseSplitInput(PatternRewriter &rewriter, ConvOp op, int64_t phases) {
  auto in = tensorType(op.getInput()).getShape();
  ArrayRef<int64_t> pads = op.getPads();
  int64_t w = in[3] + pads[1] + pads[3];
  int64_t q = (w + phases - 1) / phases;
  Value x = paddedInput(rewriter, op, q * phases - w);
  int64_t b = in[0], c = in[1], h = in[2] + pads[0] + pads[2];
  Location loc = op.getLoc();
  x = reshape(rewriter, loc, x, {b, c, h, q, phases});
  x = TransposeOp::create(rewriter, loc, x, rewriter.getDenseI64ArrayAttr({0, 1, 2, 4, 3}));
  return reshape(rewriter, loc, x, {b, c, h, phases * q});
}

struct ConvToKernel : OpRewritePattern<ConvOp> {
  ConvToKernel(MLIRContext *ctx, VectorTarget t) : OpRewritePattern(ctx), target(t) {}
  VectorTarget target;

  LogicalResult matchAndRewrite(ConvOp op, PatternRewriter &rewriter) const override {
    auto in = tensorType(op.getInput()), out = op.getType();
    if (in.getRank() != 4 || op.getGroup() != 1 || !in.getElementType().isF32() ||
        !in.hasStaticShape() || !out.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "not a static f32 2-d conv with group 1");
    std::optional<WeightValues> w = weightValues(op.getWeight());
    if (!w)
      return rewriter.notifyMatchFailure(op, "weight is not a constant");
    Epilogue e = matchEpilogue(op, true);

    auto ws = tensorType(op.getWeight()).getShape();
    int64_t m = ws[0], kTotal = ws[1] * ws[2] * ws[3];
    ArrayRef<int64_t> os = out.getShape();
    KernelArgs k;
    setWindow(k, op);
    k.resultShape = {os[0], os[1], os[2], os[3]};
    Location loc = op.getLoc();
    Value x = op.getInput();
    ArrayRef<int64_t> pads = op.getPads();
    bool pointwise = ws[2] == 1 && ws[3] == 1 && k.strides == SmallVector<int64_t, 2>{1, 1} &&
                     llvm::all_of(pads, [](int64_t p) { return p == 0; });
    bool strided1x1 = ws[2] == 1 && ws[3] == 1 && !pointwise &&
                      llvm::all_of(pads, [](int64_t p) { return p == 0; });
    if (strided1x1) {
      // A strided 1x1 convolution (a ResNet downsample) reads every s-th
      // pixel: take them once, then it is a pointwise one.
      x = SliceOp::create(rewriter, loc, x, rewriter.getDenseI64ArrayAttr({0, 0, 0, 0}),
                          rewriter.getDenseI64ArrayAttr(in.getShape()),
                          rewriter.getDenseI64ArrayAttr({1, 1, k.strides[0], k.strides[1]}));
      k.strides = {1, 1};
      pointwise = true;
    }
    if (pointwise) {
      // A 1x1 convolution is a plain product over the flattened image.
      int64_t hw = os[2] * os[3];
      x = reshape(rewriter, loc, x, {in.getDimSize(0), in.getDimSize(1), 1, hw});
      k.resultShape = {os[0], os[1], 1, hw};
    } else if (k.strides[1] > 1) {
      k.columnPhases = k.strides[1];
      x = phaseSplitInput(rewriter, op, k.columnPhases);
    } else {
      x = paddedInput(rewriter, op);
    }
    k.x = x;
    // Small images with large weights (ResNet-50's 7x7 layers: x 100-170
    // KB, weights 4-9 MB): with columns outermost the weights would stream
    // from memory once per column tile; with panels outermost each panel is
    // read once and reused for every column while x stays in L2.
    auto xShape = tensorType(x).getShape();
    int64_t xBytes = xShape[0] * xShape[1] * xShape[2] * xShape[3] * 4;
    k.panelsOuter = m * kTotal * 4 > 2 * xBytes && xBytes <= kL2Budget;
    bool stride1Window = !pointwise && k.strides == SmallVector<int64_t, 2>{1, 1};
    k.tile = stride1Window ? chooseWindowTile(target, m, kTotal, os[2], os[3], xShape[3],
                                              k.panelsOuter)
                           : chooseTile(target, m, k.resultShape[3], k.panelsOuter);
    k.packedA = true;
    k.a = makeConstant(rewriter, loc,
                       {(m + k.tile.mr - 1) / k.tile.mr, kTotal, k.tile.mr},
                       packRows(w->values, m, kTotal, k.tile.mr), "aicc_packed_weight",
                       w->bf16);
    k.bias = op.getBias();
    emitKernel(rewriter, op, k, e);
    return success();
  }
};

/// A depthwise convolution (group = channels = outputs, batch 1) is one
/// single-row product per channel: the channels become the kernel's batch,
/// each with its own KH*KW weights (plain a [C, 1, KH*KW]) and bias.
struct DepthwiseToKernel : OpRewritePattern<ConvOp> {
  DepthwiseToKernel(MLIRContext *ctx, VectorTarget t) : OpRewritePattern(ctx), target(t) {}
  VectorTarget target;

  LogicalResult matchAndRewrite(ConvOp op, PatternRewriter &rewriter) const override {
    auto in = tensorType(op.getInput()), out = op.getType();
    int64_t c = in.getRank() == 4 ? in.getDimSize(1) : 0;
    if (in.getRank() != 4 || !in.getElementType().isF32() || !in.hasStaticShape() ||
        !out.hasStaticShape() || in.getDimSize(0) != 1 || op.getGroup() != c ||
        out.getDimSize(1) != c || c < 2)
      return rewriter.notifyMatchFailure(op, "not a static f32 depthwise conv, batch 1");
    // bf16 weights are widened here: KH*KW per channel, too few to matter.
    std::optional<WeightValues> w = weightValues(op.getWeight());
    if (!w)
      return rewriter.notifyMatchFailure(op, "weight is not a constant");
    Epilogue e = matchEpilogue(op, true);

    auto ws = tensorType(op.getWeight()).getShape();
    ArrayRef<int64_t> os = out.getShape();
    Location loc = op.getLoc();
    KernelArgs k;
    setWindow(k, op);
    k.resultShape = {c, 1, os[2], os[3]};
    // No phase split for strided depthwise convolutions: they are memory
    // bound, and the extra copy of the input cost more than the gathers
    // (MobileNetV2's 3x3/2 on 112x112x96: 0.56 -> 0.64 ms).
    Value x = paddedInput(rewriter, op);
    ArrayRef<int64_t> xs = tensorType(x).getShape();
    k.x = reshape(rewriter, loc, x, {c, 1, xs[2], xs[3]});
    k.tile = chooseTile(target, 1, os[3]);
    k.a = makeConstant(rewriter, loc, {c, 1, ws[2] * ws[3]}, w->values,
                       "aicc_depthwise_weight");
    if (Value bias = op.getBias()) {
      k.bias = bias;
      k.biasDim = 2;
    }
    emitKernel(rewriter, op, k, e);
    return success();
  }
};

/// x [.., M, K] * y [K, N] (y shared) or [B, M, K] * [B, K, N].
struct MatMulToKernel : OpRewritePattern<MatMulOp> {
  MatMulToKernel(MLIRContext *ctx, VectorTarget t) : OpRewritePattern(ctx), target(t) {}
  VectorTarget target;

  LogicalResult matchAndRewrite(MatMulOp op, PatternRewriter &rewriter) const override {
    auto lt = tensorType(op.getLhs()), rt = tensorType(op.getRhs());
    if (!lt.getElementType().isF32() || !lt.hasStaticShape() || !rt.hasStaticShape() ||
        lt.getRank() < 2 || rt.getRank() < 2)
      return rewriter.notifyMatchFailure(op, "not a static f32 matmul of matrices");
    ArrayRef<int64_t> ls = lt.getShape(), rs = rt.getShape();
    int64_t m = ls[ls.size() - 2], kk = ls.back(), n = rs.back();
    int64_t lb = lt.getNumElements() / (m * kk), rb = rt.getNumElements() / (kk * n);
    KernelArgs k;
    Location loc = op.getLoc();
    if (rt.getRank() == 2) {
      // Shared right operand: every batch row joins M.
      k.a = reshape(rewriter, loc, op.getLhs(), {1, lb * m, kk});
      k.resultShape = {1, lb * m, 1, n};
    } else if (lt.getShape().drop_back(2) == rt.getShape().drop_back(2)) {
      k.a = reshape(rewriter, loc, op.getLhs(), {lb, m, kk});
      k.resultShape = {rb, m, 1, n};
    } else {
      return rewriter.notifyMatchFailure(op, "broadcast batch dims");
    }
    k.tile = chooseTile(target, k.resultShape[1], n);
    std::optional<WeightValues> w;
    if (rt.getRank() == 2 && (w = weightValues(op.getRhs()))) {
      k.x = packedRightOperand(rewriter, loc, w->values, kk, n, k.tile.nr, w->bf16);
      k.packedX = true;
    } else {
      k.x = reshape(rewriter, loc, op.getRhs(), {rb, kk, 1, n});
    }
    Epilogue e = matchBias(op, k, n);
    emitKernel(rewriter, op, k, e);
    return success();
  }

  /// A following add of a [N]-broadcast constant is the bias along N.
  static Epilogue matchBias(MatMulOp op, KernelArgs &k, int64_t n) {
    Value v = op.getResult();
    if (v.hasOneUse())
      if (auto add = dyn_cast<AddOp>(*v.getUsers().begin())) {
        Value other = add.getLhs() == v ? add.getRhs() : add.getLhs();
        auto ot = tensorType(other);
        if (other != v && ot.hasStaticShape() && ot.getNumElements() == n &&
            ot.getShape().back() == n && add.getType() == op.getType()) {
          // The bias may be computed after the product: reshape it at the add.
          OpBuilder b(add);
          k.bias = reshape(b, op.getLoc(), other, {n});
          k.biasDim = 1;
          return matchEpilogue(add, false);
        }
      }
    return matchEpilogue(op, true);
  }
};

/// Gemm with alpha = 1: A [M, K] (not transposed), B constant or [K, N].
struct GemmToKernel : OpRewritePattern<GemmOp> {
  GemmToKernel(MLIRContext *ctx, VectorTarget t) : OpRewritePattern(ctx), target(t) {}
  VectorTarget target;

  LogicalResult matchAndRewrite(GemmOp op, PatternRewriter &rewriter) const override {
    auto at = tensorType(op.getA()), bt = tensorType(op.getB());
    if (!at.getElementType().isF32() || !at.hasStaticShape() || !bt.hasStaticShape() ||
        op.getTransA() || op.getAlpha().convertToDouble() != 1.0)
      return rewriter.notifyMatchFailure(op, "not a plain static f32 gemm");
    int64_t m = at.getDimSize(0), kk = at.getDimSize(1);
    int64_t n = op.getType().getDimSize(1);
    Location loc = op.getLoc();
    // Decide everything before creating ops: a failed match leaves no trace.
    std::optional<WeightValues> w;
    if (op.getTransB() && !(w = weightValues(op.getB())))
      return rewriter.notifyMatchFailure(op, "transposed B is not a constant");
    Value c = op.getC();
    bool cIsBias = false;
    if (c) {
      auto ct = tensorType(c);
      if (op.getBeta().convertToDouble() != 1.0 || !ct.hasStaticShape())
        return rewriter.notifyMatchFailure(op, "scaled or dynamic C");
      cIsBias = ct.getNumElements() == n && ct.getShape().back() == n;
      if (!cIsBias && ct.getShape() != op.getType().getShape())
        return rewriter.notifyMatchFailure(op, "C broadcasts along N");
    }
    KernelArgs k;
    Value residual;
    if (c && cIsBias) {
      k.bias = reshape(rewriter, loc, c, {n});
      k.biasDim = 1;
    } else if (c) {
      residual = c;
    }
    k.a = reshape(rewriter, loc, op.getA(), {1, m, kk});
    k.resultShape = {1, m, 1, n};
    k.tile = chooseTile(target, m, n);
    if (!w)
      w = weightValues(op.getB());
    if (w) {
      // A constant B (transposed or not) is packed at compile time.
      SmallVector<float> t = w->values;
      if (op.getTransB())
        for (int64_t i = 0; i < n; ++i)
          for (int64_t j = 0; j < kk; ++j)
            t[j * n + i] = w->values[i * kk + j];
      k.x = packedRightOperand(rewriter, loc, t, kk, n, k.tile.nr, w->bf16);
      k.packedX = true;
    } else {
      k.x = reshape(rewriter, loc, op.getB(), {1, kk, 1, n});
    }
    Epilogue e = matchEpilogue(op, !residual);
    if (residual)
      e.residual = residual;
    emitKernel(rewriter, op, k, e);
    return success();
  }
};

struct FormMatmulKernelsPass
    : mlir::aicc::impl::FormMatmulKernelsBase<FormMatmulKernelsPass> {
  using Base::Base;
  void runOnOperation() override {
    VectorTarget t{vectorBits / 32, vectorBits >= 512 ? 32 : 16};
    if (t.lanes < 1) {
      getOperation().emitError("vector-bits must be at least 32");
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<ConvToKernel, DepthwiseToKernel, MatMulToKernel, GemmToKernel>(
        &getContext(), t);
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace
