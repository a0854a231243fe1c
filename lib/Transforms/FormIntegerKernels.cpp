//===- FormIntegerKernels.cpp - the aicc-form-integer-kernels pass -----------===//
//
// Rewrites aicc.conv_integer (2-d, group 1) and aicc.matmul_integer with
// constant 8-bit weights into aicc.packed_matmul_integer: the weights are
// centred on their zero point and packed at compile time in pairs of input
// channels (16-bit halves of i32 words, the operand layout of pmaddwd), the
// activation zero point's correction (-za * sum of centred weights) and a
// following constant i32 bias add become the kernel's bias, and a following
// aicc.requantize runs in the kernel's epilogue.
//
// With the u8s8 option, a convolution whose centred weights all lie in
// [-64, 64] is packed in quads of input channels (four signed bytes per i32
// word, the operand layout of pmaddubsw) instead: its activations are
// multiplied as unsigned bytes (int8 ones shifted by 128, corrected in the
// bias), and a u8 x s8 pair sum cannot saturate int16 (2 * 255 * 64).
//
//===----------------------------------------------------------------------===//
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Transforms/Passes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_FORMINTEGERKERNELS
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

Value reshape(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> shape) {
  auto type = tensorType(v);
  if (type.getShape() == shape)
    return v;
  return ReshapeOp::create(b, loc, type.clone(shape), v);
}

/// The values of a constant 8-bit or i32 tensor (unsigned types
/// zero-extended), possibly reshaped, or nothing.
std::optional<SmallVector<int64_t>> integerValues(Value v) {
  // A reshaped constant (biases reshaped to [M, 1, 1]) has the same values.
  if (auto r = v.getDefiningOp<ReshapeOp>())
    return integerValues(r.getInput());
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  if (!cst)
    return std::nullopt;
  RankedTensorType type = tensorType(v);
  Type et = type.getElementType();
  if (!et.isInteger(8) && !et.isInteger(32))
    return std::nullopt;
  bool uns = et.isUnsignedInteger();
  SmallVector<int64_t> out;
  if (auto dense = dyn_cast<DenseIntElementsAttr>(cst.getValue())) {
    for (const APInt &x : dense.getValues<APInt>())
      out.push_back(uns ? (int64_t)x.getZExtValue() : x.getSExtValue());
    return out;
  }
  auto res = dyn_cast<DenseResourceElementsAttr>(cst.getValue());
  AsmResourceBlob *blob = res ? res.getRawHandle().getBlob() : nullptr;
  if (!blob)
    return std::nullopt;
  ArrayRef<char> raw = blob->getData();
  int64_t n = type.getNumElements(), width = et.getIntOrFloatBitWidth() / 8;
  if ((int64_t)raw.size() != n * width)
    return std::nullopt;
  for (int64_t i = 0; i < n; ++i) {
    if (width == 4) {
      int32_t x;
      std::memcpy(&x, raw.data() + 4 * i, 4);
      out.push_back(x);
    } else {
      out.push_back(uns ? (int64_t)(uint8_t)raw[i] : (int64_t)(int8_t)raw[i]);
    }
  }
  return out;
}

Value i32Constant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  ArrayRef<int32_t> data, StringRef key) {
  auto type = RankedTensorType::get(shape, b.getI32Type());
  auto attr = DenseResourceElementsAttr::get(
      type, key, HeapAsmResourceBlob::allocateAndCopyInferAlign<int32_t>(data));
  return arith::ConstantOp::create(b, loc, type, attr);
}

/// Two 16-bit values in one i32 word, `lo` in the low half (the order in
/// which pmaddwd pairs them on a little-endian target).
int32_t pairWord(int64_t lo, int64_t hi) {
  return (int32_t)(((uint32_t)(uint16_t)(int16_t)hi << 16) | (uint16_t)(int16_t)lo);
}

struct Tile {
  int64_t mr, nr;
};

/// MR x (NV vectors of i32 lanes) for an M x W product. Per reduction step
/// a tile issues MR x NV multiply-adds (pmaddwd + add each), prepares NV
/// vectors of the 8-bit side (loads, interleave, widen: ~4 ops each, or one
/// load when that side is packed) and MR broadcasts of the other (one op
/// when packed, ~4 when it is the 8-bit side). Counts the steps the whole
/// product needs, including the wasted lanes of partial tiles.
Tile chooseTile(int64_t lanes, int64_t registers, int64_t m, int64_t w, bool packedA,
                int64_t reserved = 3) {
  Tile best{1, lanes};
  double bestCost = -1;
  for (int64_t nv = 1; nv <= 4; ++nv) {
    // Accumulators, NV x vectors, the broadcast and pmaddwd's product (which
    // does not accumulate) and one spare: more measured spills. (The u8s8
    // variant also keeps a vector of ones and the 128 shift: reserved 5.)
    int64_t mr = std::min<int64_t>({(registers - reserved - nv) / nv, 8, m});
    if (mr < 1)
      continue;
    int64_t nr = nv * lanes;
    double tiles = double((m + mr - 1) / mr) * double((w + nr - 1) / nr);
    int64_t prep = packedA ? 4 * nv + mr : nv + 4 * mr;
    double cost = tiles * double(2 * mr * nv + prep);
    if (bestCost < 0 || cost < bestCost) {
      bestCost = cost;
      best = {mr, nr};
    }
  }
  return best;
}

/// The ops after an integer contraction that the kernel absorbs: a constant
/// i32 bias add along `dim` of the result, then a requantize with one scale
/// or one per index of `dim`.
struct Epilogue {
  SmallVector<int64_t> bias; // added to the zero-point correction, or empty
  RequantizeOp requantize;
  Operation *last;
};

Operation *singleUser(Value v) { return v.hasOneUse() ? *v.getUsers().begin() : nullptr; }

/// `values` (of a constant shaped `shape`) as one value per index of `dim`
/// of a result of rank `rank`, when it broadcasts along that dim only.
std::optional<SmallVector<int64_t>> alongDim(ArrayRef<int64_t> values,
                                             ArrayRef<int64_t> shape, int64_t rank,
                                             int64_t dim, int64_t len) {
  if ((int64_t)shape.size() > rank)
    return std::nullopt;
  int64_t offset = rank - shape.size();
  for (int64_t d = 0; d < (int64_t)shape.size(); ++d)
    if (shape[d] != 1 && (d + offset != dim || shape[d] != len))
      return std::nullopt;
  if (values.size() == 1)
    return SmallVector<int64_t>(len, values[0]);
  if ((int64_t)values.size() != len)
    return std::nullopt;
  return SmallVector<int64_t>(values);
}

Epilogue matchEpilogue(Operation *op, int64_t dim, int64_t len) {
  Epilogue e{{}, nullptr, op};
  Value v = op->getResult(0);
  int64_t rank = tensorType(v).getRank();
  if (auto add = dyn_cast_or_null<AddOp>(singleUser(v)); add && add.getType() == v.getType()) {
    Value other = add.getLhs() == v ? add.getRhs() : add.getLhs();
    std::optional<SmallVector<int64_t>> values = integerValues(other);
    if (other != v && values)
      if (auto b = alongDim(*values, tensorType(other).getShape(), rank, dim, len)) {
        e.bias = std::move(*b);
        e.last = add;
        v = add.getResult();
      }
  }
  if (auto rq = dyn_cast_or_null<RequantizeOp>(singleUser(v))) {
    if (rq.getScale().size() == 1 || (rq.getAxis() == dim && (int64_t)rq.getScale().size() == len)) {
      e.requantize = rq;
      e.last = rq;
    }
  }
  return e;
}

struct KernelArgs {
  Value a, x;
  SmallVector<int32_t> bias;
  bool packedA = false;
  int64_t biasDim = 0;
  Tile tile{1, 1};
  SmallVector<int64_t, 2> window{1, 1}, strides{1, 1}, dilations{1, 1};
  SmallVector<int64_t, 4> resultShape; // [B, M, OH, OW]
};

/// `pads` (begin values, then end values, of x's 4 dims; x's row width
/// after them is `width`) plus extra columns on the right so that every
/// column tile of `k`, the last partial one too, loads whole vectors: AVX2
/// has no masked byte loads, and LLVM expands them lane by lane. The extra
/// outputs are not stored.
SmallVector<int64_t> kernelPads(SmallVector<int64_t> pads, int64_t width,
                                const KernelArgs &k) {
  int64_t tiles = (k.resultShape[3] + k.tile.nr - 1) / k.tile.nr;
  int64_t needed = tiles * k.tile.nr * k.strides[1] + (k.window[1] - 1) * k.dilations[1];
  pads[7] += std::max<int64_t>(0, needed - width);
  return pads;
}

bool anyPad(ArrayRef<int64_t> pads) {
  return llvm::any_of(pads, [](int64_t p) { return p != 0; });
}

/// `x` padded with the zero point `za`: padding contributes nothing once the
/// correction is applied, as in conv_integer.
Value padInput(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> pads, int64_t za) {
  if (!anyPad(pads))
    return x;
  return PadOp::create(b, loc, x, b.getDenseI64ArrayAttr(pads), b.getStringAttr("constant"),
                       b.getF64FloatAttr(za));
}

/// aicc.pad cannot lower a uint8 padding value (no ui8 arith.constant), and
/// the kernel loads whole vectors: uint8 inputs that need padding are left to
/// the generic lowering.
constexpr StringLiteral kUnsignedPadding = "uint8 input that needs padding";

/// Creates the kernel replacing `e.last` (reshaped to its type) and erases
/// the chain it absorbed.
void emitKernel(PatternRewriter &rewriter, Operation *anchor, const KernelArgs &k,
                const Epilogue &e) {
  Location loc = anchor->getLoc();
  rewriter.setInsertionPoint(e.last);
  Type elem = tensorType(e.last->getResult(0)).getElementType();
  auto resultType = RankedTensorType::get(k.resultShape, elem);
  Value init = tensor::EmptyOp::create(rewriter, loc, k.resultShape, elem);
  Value bias = i32Constant(rewriter, loc, {(int64_t)k.bias.size()}, k.bias, "aicc_int_bias");
  Value scale;
  int64_t zp = 0;
  bool relu = false;
  if (RequantizeOp rq = e.requantize) {
    ArrayRef<float> s = rq.getScale();
    auto type = RankedTensorType::get({(int64_t)s.size()}, rewriter.getF32Type());
    scale = arith::ConstantOp::create(rewriter, loc, type, DenseElementsAttr::get(type, s));
    zp = rq.getZeroPoint();
    relu = rq.getRelu();
  }
  auto kernel = PackedMatmulIntegerOp::create(
      rewriter, loc, TypeRange{resultType}, k.a, k.x, bias, scale, init,
      rewriter.getDenseI64ArrayAttr({k.tile.mr, k.tile.nr}),
      rewriter.getDenseI64ArrayAttr(k.window), rewriter.getDenseI64ArrayAttr(k.strides),
      rewriter.getDenseI64ArrayAttr(k.dilations),
      k.packedA ? rewriter.getUnitAttr() : UnitAttr(),
      k.packedA ? UnitAttr() : rewriter.getUnitAttr(),
      rewriter.getI64IntegerAttr(k.biasDim), rewriter.getI64IntegerAttr(zp),
      relu ? rewriter.getUnitAttr() : UnitAttr());
  Value out = reshape(rewriter, loc, kernel.getResult()[0],
                      tensorType(e.last->getResult(0)).getShape());
  Operation *last = e.last;
  rewriter.replaceOp(last, out);
  SmallVector<Operation *> dead;
  for (Operation *u = anchor; u && u != last; u = singleUser(u->getResult(0)))
    dead.push_back(u);
  for (Operation *d : llvm::reverse(dead))
    if (d->use_empty())
      rewriter.eraseOp(d);
}

/// -za * (sum of each group of `k` centred weights) plus `extra`.
SmallVector<int32_t> zeroPointBias(ArrayRef<int64_t> sums, int64_t za,
                                   ArrayRef<int64_t> extra) {
  SmallVector<int32_t> bias;
  for (size_t i = 0; i < sums.size(); ++i)
    bias.push_back((int32_t)(uint32_t)((uint64_t)(-za * sums[i]) +
                                       (uint64_t)(extra.empty() ? 0 : extra[i])));
  return bias;
}

/// Whether every centred weight fits pmaddubsw's signed operand without a
/// pair of products against unsigned bytes saturating int16: [-64, 64]
/// (2 * 255 * 64 = 32640; onnxruntime's reduce_range int8 weights reach 64).
bool fitsU8S8(ArrayRef<int64_t> w, int64_t zw) {
  return llvm::all_of(w, [&](int64_t v) { return v - zw >= -64 && v - zw <= 64; });
}

struct ConvIntegerToKernel : OpRewritePattern<ConvIntegerOp> {
  ConvIntegerToKernel(MLIRContext *ctx, int64_t lanes, int64_t regs, bool u8s8)
      : OpRewritePattern(ctx), lanes(lanes), registers(regs), u8s8(u8s8) {}
  int64_t lanes, registers;
  bool u8s8;

  LogicalResult matchAndRewrite(ConvIntegerOp op, PatternRewriter &rewriter) const override {
    auto in = tensorType(op.getInput()), out = op.getType();
    if (in.getRank() != 4 || op.getGroup() != 1 || !in.hasStaticShape() ||
        !out.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "not a static 2-d conv_integer with group 1");
    std::optional<SmallVector<int64_t>> w = integerValues(op.getWeight());
    if (!w)
      return rewriter.notifyMatchFailure(op, "weight is not a constant");
    auto ws = tensorType(op.getWeight()).getShape();
    int64_t m = ws[0], c = ws[1], taps = ws[2] * ws[3];
    int64_t za = op.getInputZeroPoint(), zw = op.getWeightZeroPoint();
    Epilogue e = matchEpilogue(op, 1, m);
    ArrayRef<int64_t> os = out.getShape();
    Location loc = op.getLoc();
    KernelArgs k;
    k.packedA = true;
    k.window = {ws[2], ws[3]};
    k.strides = llvm::to_vector(op.getStrides());
    k.dilations = llvm::to_vector(op.getDilations());
    k.resultShape = {os[0], os[1], os[2], os[3]};
    ArrayRef<int64_t> pads = op.getPads();
    SmallVector<int64_t> xPads = {0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3]};
    int64_t width = in.getDimSize(3) + pads[1] + pads[3];
    // A 1x1 convolution is a plain product over the flattened image.
    bool flat = taps == 1 && !anyPad(xPads) && k.strides == SmallVector<int64_t, 2>{1, 1};
    if (flat) {
      k.resultShape = {os[0], m, 1, os[2] * os[3]};
      width = os[2] * os[3];
    }
    bool quad = u8s8 && fitsU8S8(*w, zw);
    k.tile = chooseTile(lanes, registers, m, k.resultShape[3], true, quad ? 5 : 3);
    xPads = kernelPads(xPads, width, k);
    if (anyPad(xPads) && in.getElementType().isUnsignedInteger())
      return rewriter.notifyMatchFailure(op, kUnsignedPadding);
    Value x = op.getInput();
    if (flat)
      x = reshape(rewriter, loc, x, {in.getDimSize(0), c, 1, os[2] * os[3]});
    x = padInput(rewriter, loc, x, xPads, za);
    k.x = x;
    if (quad) {
      packQuads(rewriter, loc, k, *w, m, c, taps, zw,
                za + (in.getElementType().isUnsignedInteger() ? 0 : 128), e);
      emitKernel(rewriter, op, k, e);
      return success();
    }
    int64_t mr = k.tile.mr, panels = (m + mr - 1) / mr, pairs = (c + 1) / 2;
    SmallVector<int32_t> packed(panels * pairs * taps * mr, 0);
    SmallVector<int64_t> sums(m, 0);
    auto weight = [&](int64_t r, int64_t ci, int64_t t) -> int64_t {
      return ci < c ? (*w)[(r * c + ci) * taps + t] - zw : 0;
    };
    for (int64_t r = 0; r < m; ++r)
      for (int64_t p = 0; p < pairs; ++p)
        for (int64_t t = 0; t < taps; ++t) {
          int64_t lo = weight(r, 2 * p, t), hi = weight(r, 2 * p + 1, t);
          sums[r] += lo + hi;
          packed[((r / mr) * pairs * taps + p * taps + t) * mr + r % mr] = pairWord(lo, hi);
        }
    k.a = i32Constant(rewriter, loc, {panels, pairs * taps, mr}, packed,
                      "aicc_packed_int_weight");
    k.bias = zeroPointBias(sums, za, e.bias);
    emitKernel(rewriter, op, k, e);
    return success();
  }

  /// The u8s8 packing: i8 a [ceil(M/MR), ceil(C/4)*taps, 4*MR], byte
  /// [m/MR, (c/4)*taps + t, 4*(m%MR) + c%4] = w[m, c, t] - zw (zero past C
  /// and M). The kernel multiplies x + shift (shift 128 for int8 inputs, 0
  /// for uint8), so the correction is -(za + shift) * sum(w - zw).
  static void packQuads(PatternRewriter &rewriter, Location loc, KernelArgs &k,
                        ArrayRef<int64_t> w, int64_t m, int64_t c, int64_t taps, int64_t zw,
                        int64_t shiftedZa, const Epilogue &e) {
    int64_t mr = k.tile.mr, panels = (m + mr - 1) / mr, quads = (c + 3) / 4;
    SmallVector<int8_t> packed(panels * quads * taps * mr * 4, 0);
    SmallVector<int64_t> sums(m, 0);
    for (int64_t r = 0; r < m; ++r)
      for (int64_t ci = 0; ci < c; ++ci)
        for (int64_t t = 0; t < taps; ++t) {
          int64_t v = w[(r * c + ci) * taps + t] - zw;
          sums[r] += v;
          packed[(((r / mr) * quads + ci / 4) * taps + t) * mr * 4 + (r % mr) * 4 + ci % 4] =
              (int8_t)v;
        }
    auto type = RankedTensorType::get({panels, quads * taps, 4 * mr}, rewriter.getI8Type());
    auto attr = DenseResourceElementsAttr::get(
        type, "aicc_packed_u8s8_weight",
        HeapAsmResourceBlob::allocateAndCopyInferAlign<int8_t>(packed));
    k.a = arith::ConstantOp::create(rewriter, loc, type, attr);
    k.bias = zeroPointBias(sums, shiftedZa, e.bias);
  }
};

/// A depthwise convolution (group = channels = outputs) is one single-row
/// product per (image, channel): x [N, C, H, W] becomes [N*C, 1, H, W], the
/// weights a [C, 1, KH*KW, 1] (each tap's word pairs the weight with a
/// zero), used by batch b as a[b % C]; bias and scale along the batch.
struct DepthwiseIntegerToKernel : OpRewritePattern<ConvIntegerOp> {
  DepthwiseIntegerToKernel(MLIRContext *ctx, int64_t lanes, int64_t regs)
      : OpRewritePattern(ctx), lanes(lanes), registers(regs) {}
  int64_t lanes, registers;

  LogicalResult matchAndRewrite(ConvIntegerOp op, PatternRewriter &rewriter) const override {
    auto in = tensorType(op.getInput()), out = op.getType();
    int64_t c = in.getRank() == 4 ? in.getDimSize(1) : 0;
    if (in.getRank() != 4 || !in.hasStaticShape() || !out.hasStaticShape() ||
        op.getGroup() != c || out.getDimSize(1) != c || c < 2)
      return rewriter.notifyMatchFailure(op, "not a static 2-d depthwise conv_integer");
    std::optional<SmallVector<int64_t>> w = integerValues(op.getWeight());
    if (!w)
      return rewriter.notifyMatchFailure(op, "weight is not a constant");
    auto ws = tensorType(op.getWeight()).getShape();
    int64_t taps = ws[2] * ws[3], n = in.getDimSize(0);
    int64_t za = op.getInputZeroPoint(), zw = op.getWeightZeroPoint();
    Epilogue e = matchEpilogue(op, 1, c);
    ArrayRef<int64_t> os = out.getShape();
    ArrayRef<int64_t> pads = op.getPads();
    Location loc = op.getLoc();
    KernelArgs k;
    k.packedA = true;
    k.biasDim = 2;
    k.window = {ws[2], ws[3]};
    k.strides = llvm::to_vector(op.getStrides());
    k.dilations = llvm::to_vector(op.getDilations());
    k.resultShape = {n * c, 1, os[2], os[3]};
    k.tile = chooseTile(lanes, registers, 1, os[3], true);
    SmallVector<int64_t> xPads = kernelPads({0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3]},
                                            in.getDimSize(3) + pads[1] + pads[3], k);
    if (anyPad(xPads) && in.getElementType().isUnsignedInteger())
      return rewriter.notifyMatchFailure(op, kUnsignedPadding);
    Value x = padInput(rewriter, loc, op.getInput(), xPads, za);
    ArrayRef<int64_t> xs = tensorType(x).getShape();
    k.x = reshape(rewriter, loc, x, {n * c, 1, xs[2], xs[3]});
    SmallVector<int32_t> packed(c * taps);
    SmallVector<int64_t> sums(c, 0);
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t t = 0; t < taps; ++t) {
        int64_t v = (*w)[ch * taps + t] - zw;
        sums[ch] += v;
        packed[ch * taps + t] = pairWord(v, 0);
      }
    k.a = i32Constant(rewriter, loc, {c, 1, taps, 1}, packed, "aicc_packed_int_weight");
    k.bias = zeroPointBias(sums, za, e.bias);
    emitKernel(rewriter, op, k, e);
    return success();
  }
};

/// x [.., M, K] * w [K, N] (w constant): the batch rows join M.
struct MatMulIntegerToKernel : OpRewritePattern<MatMulIntegerOp> {
  MatMulIntegerToKernel(MLIRContext *ctx, int64_t lanes, int64_t regs)
      : OpRewritePattern(ctx), lanes(lanes), registers(regs) {}
  int64_t lanes, registers;

  LogicalResult matchAndRewrite(MatMulIntegerOp op, PatternRewriter &rewriter) const override {
    auto lt = tensorType(op.getLhs()), rt = tensorType(op.getRhs());
    if (!lt.hasStaticShape() || rt.getRank() != 2 || !rt.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "not a static matmul_integer");
    std::optional<SmallVector<int64_t>> w = integerValues(op.getRhs());
    if (!w)
      return rewriter.notifyMatchFailure(op, "right operand is not a constant");
    int64_t kk = rt.getDimSize(0), n = rt.getDimSize(1);
    int64_t rows = lt.getNumElements() / kk;
    int64_t za = op.getLhsZeroPoint(), zw = op.getRhsZeroPoint();
    Epilogue e = matchEpilogue(op, lt.getRank() - 1, n);
    Location loc = op.getLoc();
    KernelArgs k;
    k.biasDim = 1;
    k.a = reshape(rewriter, loc, op.getLhs(), {1, rows, kk});
    k.resultShape = {1, rows, 1, n};
    k.tile = chooseTile(lanes, registers, rows, n, false);
    int64_t nr = k.tile.nr, blocks = (n + nr - 1) / nr, pairs = (kk + 1) / 2;
    SmallVector<int32_t> packed(blocks * pairs * nr, 0);
    SmallVector<int64_t> sums(n, 0);
    auto weight = [&](int64_t r, int64_t j) -> int64_t {
      return r < kk ? (*w)[r * n + j] - zw : 0;
    };
    for (int64_t j = 0; j < n; ++j)
      for (int64_t p = 0; p < pairs; ++p) {
        int64_t lo = weight(2 * p, j), hi = weight(2 * p + 1, j);
        sums[j] += lo + hi;
        packed[((j / nr) * pairs + p) * nr + j % nr] = pairWord(lo, hi);
      }
    k.x = i32Constant(rewriter, loc, {blocks, pairs, nr}, packed, "aicc_packed_int_weight");
    k.bias = zeroPointBias(sums, za, e.bias);
    emitKernel(rewriter, op, k, e);
    return success();
  }
};

struct FormIntegerKernelsPass
    : mlir::aicc::impl::FormIntegerKernelsBase<FormIntegerKernelsPass> {
  using Base::Base;
  void runOnOperation() override {
    int64_t lanes = vectorBits / 32, registers = vectorBits >= 512 ? 32 : 16;
    if (lanes < 1) {
      getOperation().emitError("vector-bits must be at least 32");
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<ConvIntegerToKernel>(&getContext(), lanes, registers, u8s8);
    patterns.add<DepthwiseIntegerToKernel, MatMulIntegerToKernel>(&getContext(), lanes,
                                                                   registers);
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace
