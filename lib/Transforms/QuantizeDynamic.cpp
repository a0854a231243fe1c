//===- QuantizeDynamic.cpp - the aicc-quantize-dynamic pass -----------------===//
//
// Dynamic int8 quantization of matmul/gemm with constant weights: the
// activation's uint8 scale and zero point are computed per call (ONNX
// DynamicQuantizeLinear), the weights are int8 per output column, the
// product runs on aicc.matmul_integer (the packed integer kernel) and is
// rescaled in f32.
//
//===----------------------------------------------------------------------===//
#include "ConstantWeights.h"
#include "WeightQuantization.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Transforms/Passes.h"
#include "aicc/Transforms/Quantization.h"

#include <cfloat>
#include <numeric>

namespace mlir::aicc {
#define GEN_PASS_DEF_QUANTIZEDYNAMIC
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

static RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

std::string mlir::aicc::dynamicQuantizationBlocker(Operation *op) {
  if (isa<ConvOp>(op))
    return "convolutions are quantized statically only (-quantize=int8)";
  Value x = op->getOperand(0), w = op->getOperand(1);
  if (!tensorType(x).getElementType().isF32())
    return "input is not f32";
  if (!w.getDefiningOp<arith::ConstantOp>() || !tensorType(w).getElementType().isF32() ||
      !tensorType(w).hasStaticShape())
    return "weight is not an f32 constant";
  if (tensorType(x).getRank() < 2 || tensorType(w).getRank() != 2)
    return "needs a 2-d weight and an input of rank >= 2";
  if (auto g = dyn_cast<GemmOp>(op)) {
    if (g.getTransA())
      return "gemm with transA";
    if (g.getAlpha().convertToDouble() != 1.0 || (g.getC() && g.getBeta().convertToDouble() != 1.0))
      return "gemm with alpha or beta other than 1";
  }
  return "";
}

namespace {

Value scalarF32(OpBuilder &b, Location loc, float v) {
  auto type = RankedTensorType::get({}, b.getF32Type());
  return arith::ConstantOp::create(b, loc, type, DenseElementsAttr::get(type, v));
}

/// The weight as int8 [K, N] (transposed from Gemm's [N, K] when transB),
/// with one scale per column n.
ChannelQuantizedWeight quantizedKN(Value w, bool transB) {
  RankedTensorType t = tensorType(w);
  ChannelQuantizedWeight q =
      quantizePerChannel(*constantF32Values(w), t.getShape(), transB ? 0 : 1);
  if (!transB)
    return q;
  int64_t n = t.getDimSize(0), k = t.getDimSize(1);
  SmallVector<int8_t> kn(q.values.size());
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < k; ++j)
      kn[j * n + i] = q.values[i * k + j];
  q.values = std::move(kn);
  return q;
}

/// `x` quantized to uint8 with run-time scale and zero point (returned as
/// f32 0-d tensors; the zero point holds an integer).
std::tuple<Value, Value, Value> quantizeActivation(OpBuilder &b, Location loc, Value x) {
  RankedTensorType xt = tensorType(x);
  auto scalar = RankedTensorType::get({}, b.getF32Type());
  auto axes = b.getDenseI64ArrayAttr(llvm::to_vector(llvm::seq<int64_t>(0, xt.getRank())));
  Value zero = scalarF32(b, loc, 0.0f);
  Value lo = ReduceMinOp::create(b, loc, scalar, x, axes, b.getBoolAttr(false));
  Value hi = ReduceMaxOp::create(b, loc, scalar, x, axes, b.getBoolAttr(false));
  lo = MinOp::create(b, loc, lo, zero);
  hi = MaxOp::create(b, loc, hi, zero);
  Value scale = DivOp::create(b, loc, SubOp::create(b, loc, hi, lo), scalarF32(b, loc, 255.0f));
  scale = MaxOp::create(b, loc, scale, scalarF32(b, loc, FLT_MIN));
  Value zp = SubOp::create(b, loc, zero, DivOp::create(b, loc, lo, scale));
  zp = ClipOp::create(b, loc, zp, b.getF64FloatAttr(0.0), b.getF64FloatAttr(255.0));
  zp = RoundOp::create(b, loc, zp);
  Type u8 = IntegerType::get(b.getContext(), 8, IntegerType::Unsigned);
  Value zpU8 = CastOp::create(b, loc, scalar.clone(u8), zp);
  Value xq = QuantizeLinearOp::create(b, loc, xt.clone(u8), x, scale, zpU8, b.getI64IntegerAttr(0));
  return {xq, scale, zp};
}

void quantize(Operation *op) {
  OpBuilder b(op);
  Location loc = op->getLoc();
  auto g = dyn_cast<GemmOp>(op);
  Value x = op->getOperand(0), w = op->getOperand(1);
  bool transB = g && g.getTransB();
  ChannelQuantizedWeight qw = quantizedKN(w, transB);
  RankedTensorType wt = tensorType(w);
  int64_t n = wt.getDimSize(transB ? 0 : 1), k = wt.getDimSize(transB ? 1 : 0);
  Type i8 = b.getIntegerType(8), i32 = b.getIntegerType(32), f32 = b.getF32Type();
  SmallVector<int32_t> colsum(n, 0);
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < n; ++j)
      colsum[j] += qw.values[i * n + j];

  auto [xq, scale, zp] = quantizeActivation(b, loc, x);
  Value wq = int8Constant(b, loc, RankedTensorType::get({k, n}, i8), qw.values, "dynamic_weight");
  Value acc = MatMulIntegerOp::create(b, loc, xq, wq, b.getI64IntegerAttr(0), b.getI64IntegerAttr(0));
  // sum_k (x - zp) w = sum_k x w - zp * colsum(w), exact in i32.
  Value zpI32 = CastOp::create(b, loc, RankedTensorType::get({}, i32), zp);
  Value sums = int32Constant(b, loc, RankedTensorType::get({n}, i32), colsum);
  acc = SubOp::create(b, loc, acc, MulOp::create(b, loc, zpI32, sums));
  Value y = CastOp::create(b, loc, tensorType(acc).clone(f32), acc);
  auto chan = RankedTensorType::get({n}, f32);
  Value ws = arith::ConstantOp::create(b, loc, chan,
                                       DenseElementsAttr::get(chan, ArrayRef<float>(qw.scales)));
  y = MulOp::create(b, loc, y, MulOp::create(b, loc, scale, ws));
  if (g && g.getC())
    y = AddOp::create(b, loc, y, g.getC());
  op->getResult(0).replaceAllUsesWith(y);
  op->erase();
}

struct QuantizeDynamic : public aicc::impl::QuantizeDynamicBase<QuantizeDynamic> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isQuantizationCandidate(op) && dynamicQuantizationBlocker(op).empty())
        ops.push_back(op);
    });
    for (Operation *op : ops)
      quantize(op);
  }
};

} // namespace
