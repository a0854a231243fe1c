//===- InsertQDQ.cpp - the aicc-insert-qdq pass -----------------------------===//
//
// Static post-training quantization of an f32 graph: every Conv/MatMul/Gemm
// with constant weights and calibrated ranges (aicc.input_range,
// aicc.output_range, set by the driver's -quantize=int8 step) gets
// QuantizeLinear/DequantizeLinear pairs on its input and output, int8
// per-channel symmetric weights (or ternary ones: {-1, 0, 1} times a scale,
// for -quantize=ternary) and an int32 bias, in exactly the form that
// aicc-fold-qdq turns into integer contractions with requantization.
//
//===----------------------------------------------------------------------===//
#include "ConstantWeights.h"
#include "WeightQuantization.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Transforms/Passes.h"
#include "aicc/Transforms/Quantization.h"

#include <algorithm>
#include <cmath>

namespace mlir::aicc {
#define GEN_PASS_DEF_INSERTQDQ
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

static RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

static bool isF32Constant(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  return cst && tensorType(v).getElementType().isF32() && tensorType(v).hasStaticShape();
}

bool mlir::aicc::isQuantizationCandidate(Operation *op) {
  return isa<ConvOp, MatMulOp, GemmOp>(op);
}

/// The weight's output-channel axis.
static int64_t weightAxis(Operation *op) {
  if (auto g = dyn_cast<GemmOp>(op))
    return g.getTransB() ? 0 : 1;
  return isa<ConvOp>(op) ? 0 : 1;
}

/// The float bias the contraction adds (Conv's B, Gemm's C), if any.
static Value biasOf(Operation *op) {
  if (auto c = dyn_cast<ConvOp>(op))
    return c.getBias();
  if (auto g = dyn_cast<GemmOp>(op))
    return g.getC();
  return Value();
}

std::string mlir::aicc::staticQuantizationBlocker(Operation *op) {
  Value x = op->getOperand(0), w = op->getOperand(1);
  if (!tensorType(x).getElementType().isF32())
    return "input is not f32";
  if (!isF32Constant(w))
    return "weight is not an f32 constant";
  if (auto m = dyn_cast<MatMulOp>(op)) {
    if (tensorType(x).getRank() < 2 || tensorType(w).getRank() != 2)
      return "matmul needs a 2-d weight and an input of rank >= 2";
  }
  if (auto g = dyn_cast<GemmOp>(op)) {
    if (g.getTransA())
      return "gemm with transA";
    if (g.getAlpha().convertToDouble() != 1.0 || (g.getC() && g.getBeta().convertToDouble() != 1.0))
      return "gemm with alpha or beta other than 1";
  }
  if (Value bias = biasOf(op)) {
    if (!isF32Constant(bias))
      return "bias is not an f32 constant";
    if (tensorType(bias).getNumElements() != tensorType(w).getDimSize(weightAxis(op)))
      return "bias is not one value per output channel";
  }
  return "";
}

namespace {

/// Per-tensor asymmetric int8 parameters covering [lo, hi] (widened to 0).
struct ActivationParams {
  float scale;
  int8_t zeroPoint;
};

ActivationParams activationParams(float lo, float hi) {
  double l = std::min(lo, 0.0f), h = std::max(hi, 0.0f);
  float scale = (float)((h - l) / 255.0);
  if (!(scale > 0.0f) || !std::isfinite(scale))
    scale = 1.0f; // a tensor that is 0 everywhere
  double zp = std::nearbyint(-128.0 - l / scale);
  return {scale, (int8_t)std::clamp(zp, -128.0, 127.0)};
}

std::optional<std::pair<float, float>> readRange(Operation *op, StringRef name) {
  auto attr = op->getAttrOfType<DenseF32ArrayAttr>(name);
  if (!attr || attr.size() != 2 || !(attr[0] <= attr[1]))
    return std::nullopt;
  return std::make_pair(attr[0], attr[1]);
}

Value scalarConstant(OpBuilder &b, Location loc, Type et, Attribute value) {
  auto type = RankedTensorType::get({}, et);
  return arith::ConstantOp::create(b, loc, type, DenseElementsAttr::get(type, value));
}

struct InsertQDQ : public aicc::impl::InsertQDQBase<InsertQDQ> {
  using InsertQDQBase::InsertQDQBase;

  /// Dequantized values this pass created, with their parameters.
  DenseMap<Value, ActivationParams> dequantParams;
  /// Float values already given a Q/DQ pair, to their dequantized value.
  DenseMap<Value, Value> dequantized;

  /// `x` through a new quantize_linear/dequantize_linear pair right after
  /// its definition; every other user of `x` is left alone.
  Value quantizeDequantize(Value x, ActivationParams p, Location loc) {
    OpBuilder b(x.getContext());
    b.setInsertionPointAfterValue(x);
    Type i8 = b.getIntegerType(8);
    Value s = scalarConstant(b, loc, b.getF32Type(), b.getF32FloatAttr(p.scale));
    Value z = scalarConstant(b, loc, i8, b.getIntegerAttr(i8, p.zeroPoint));
    Value q = QuantizeLinearOp::create(b, loc, tensorType(x).clone(i8), x, s, z,
                                       b.getI64IntegerAttr(0));
    Value dq = DequantizeLinearOp::create(b, loc, tensorType(x), q, s, z, b.getI64IntegerAttr(0));
    dequantParams[dq] = p;
    return dq;
  }

  /// When `x` only moves a dequantized value of this pass (through
  /// max_pool, reshape, transpose, which commute with quantization), gives
  /// every move a Q/DQ pair with that value's parameters, as onnxruntime's
  /// quantizer does (Q(maxpool(DQ(q))) is then maxpool(q) exactly, and the
  /// fixed-function target folds each such move); returns the new
  /// dequantized `x`, or nothing.
  Value quantizeMoves(Value x, Location loc) {
    SmallVector<Operation *> moves;
    Value v = x;
    while (!dequantParams.count(v)) {
      Operation *d = v.getDefiningOp();
      if (!d || !isa<MaxPoolOp, ReshapeOp, TransposeOp>(d))
        return Value();
      moves.push_back(d);
      v = d->getOperand(0);
    }
    ActivationParams p = dequantParams[v];
    Value dq;
    for (Operation *move : llvm::reverse(moves)) {
      Value r = move->getResult(0);
      dq = quantizeDequantize(r, p, loc);
      r.replaceAllUsesExcept(dq, dq.getDefiningOp()->getOperand(0).getDefiningOp());
      dequantized[r] = dq;
    }
    return dq;
  }

  void quantize(Operation *c, std::pair<float, float> in, std::pair<float, float> out);

  void runOnOperation() override {
    if (ternary && ternaryScale != "absmean" && ternaryScale != "mse") {
      getOperation().emitError() << "aicc-insert-qdq: ternary-scale must be absmean or mse, not '"
                                 << ternaryScale << "'";
      return signalPassFailure();
    }
    SmallVector<Operation *> candidates;
    getOperation().walk([&](Operation *op) {
      if (isQuantizationCandidate(op))
        candidates.push_back(op);
    });
    for (Operation *c : candidates) {
      auto in = readRange(c, kInputRangeAttrName), out = readRange(c, kOutputRangeAttrName);
      if (in && out && staticQuantizationBlocker(c).empty())
        quantize(c, *in, *out);
      c->removeAttr(kInputRangeAttrName);
      c->removeAttr(kOutputRangeAttrName);
    }
  }
};

void InsertQDQ::quantize(Operation *c, std::pair<float, float> in, std::pair<float, float> out) {
  Location loc = c->getLoc();
  OpBuilder b(c);
  // Input: reuse the dequantized output of an earlier layer.
  Value x = c->getOperand(0);
  if (auto it = dequantized.find(x); it != dequantized.end())
    x = it->second;
  if (!dequantParams.count(x)) {
    Value dq = quantizeMoves(x, loc);
    if (!dq) {
      dq = quantizeDequantize(x, activationParams(in.first, in.second), loc);
      dequantized[x] = dq;
    }
    x = dq;
  }
  c->setOperand(0, x);
  float xScale = dequantParams[x].scale;

  // Weight: int8 (or ternary), symmetric, one scale per output channel.
  Value w = c->getOperand(1);
  RankedTensorType wType = tensorType(w);
  int64_t axis = weightAxis(c), channels = wType.getDimSize(axis);
  SmallVector<float> wValues = *constantF32Values(w);
  ChannelQuantizedWeight qw =
      !ternary ? quantizePerChannel(wValues, wType.getShape(), axis)
               : quantizeTernaryPerChannel(wValues, wType.getShape(), axis,
                                           ternaryScale == "mse" ? TernaryScale::MinSquaredError
                                                                 : TernaryScale::AbsMean);
  Type i8 = b.getIntegerType(8), i32 = b.getIntegerType(32), f32 = b.getF32Type();
  auto chanF32 = RankedTensorType::get({channels}, f32);
  Value wq = int8Constant(b, loc, wType.clone(i8), qw.values, "quantized_weight");
  Value ws = arith::ConstantOp::create(b, loc, chanF32,
                                       DenseElementsAttr::get(chanF32, ArrayRef<float>(qw.scales)));
  auto chanI8 = RankedTensorType::get({channels}, i8);
  Value wz = arith::ConstantOp::create(b, loc, chanI8,
                                       DenseElementsAttr::get(chanI8, b.getIntegerAttr(i8, 0)));
  c->setOperand(1, DequantizeLinearOp::create(b, loc, wType, wq, ws, wz,
                                              b.getI64IntegerAttr(axis)));

  // Bias: int32 with scale x_scale * w_scale[c] (f32, aicc-fold-qdq's order).
  if (Value bias = biasOf(c)) {
    SmallVector<float> values = *constantF32Values(bias), scales;
    SmallVector<int32_t> q;
    for (int64_t i = 0; i < channels; ++i) {
      float s = xScale * qw.scales[i];
      scales.push_back(s);
      double r = std::nearbyint((double)values[i] / s);
      q.push_back((int32_t)std::clamp(r, -2147483648.0, 2147483647.0));
    }
    RankedTensorType bType = tensorType(bias);
    auto chanI32 = RankedTensorType::get({channels}, i32);
    Value bq = int32Constant(b, loc, bType.clone(i32), q);
    Value bs = arith::ConstantOp::create(b, loc, chanF32,
                                         DenseElementsAttr::get(chanF32, ArrayRef<float>(scales)));
    Value bz = arith::ConstantOp::create(
        b, loc, chanI32, DenseElementsAttr::get(chanI32, b.getIntegerAttr(i32, 0)));
    c->setOperand(2, DequantizeLinearOp::create(b, loc, bType, bq, bs, bz,
                                                b.getI64IntegerAttr(bType.getRank() - 1)));
  }

  // Output, after a ReLU that is its only user (aicc-fold-qdq fuses it).
  Value y = c->getResult(0);
  if (y.hasOneUse() && isa<ReluOp>(*y.getUsers().begin())) {
    y = y.getUsers().begin()->getResult(0);
    out = {std::max(out.first, 0.0f), std::max(out.second, 0.0f)};
  }
  Value dq = quantizeDequantize(y, activationParams(out.first, out.second), loc);
  Operation *q = dq.getDefiningOp()->getOperand(0).getDefiningOp();
  y.replaceAllUsesExcept(dq, q);
  dequantized[y] = dq;
}

} // namespace
