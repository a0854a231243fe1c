//===- FoldQDQ.cpp - the aicc-fold-qdq pass ---------------------------------===//
//
// DequantizeLinear -> MatMul/Gemm/Conv (+ bias, ReLU) -> QuantizeLinear
// becomes an integer contraction on the quantized tensors (i32 accumulator),
// the int32 bias added to the accumulator, and aicc.requantize with the f32
// multiplier x_scale * w_scale / y_scale, as onnxruntime's fused QDQ kernels
// compute it (MlasRequantizeOutput). Only constant scales and zero points
// are folded; every other graph is left as it is.
//
//===----------------------------------------------------------------------===//
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Transforms/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cmath>

namespace mlir::aicc {
#define GEN_PASS_DEF_FOLDQDQ
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

/// The elements of a constant tensor as T (f32 or an integer type of T's
/// width), or nothing.
template <typename T> std::optional<SmallVector<T>> constantValues(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  if (!cst)
    return std::nullopt;
  Type et = tensorType(v).getElementType();
  if (et.getIntOrFloatBitWidth() != sizeof(T) * 8 || isa<FloatType>(et) != std::is_floating_point_v<T>)
    return std::nullopt;
  if (auto dense = dyn_cast<DenseElementsAttr>(cst.getValue())) {
    if constexpr (std::is_floating_point_v<T>)
      return llvm::to_vector(dense.getValues<T>());
    SmallVector<T> r;
    for (const APInt &i : dense.getValues<APInt>())
      r.push_back((T)i.getZExtValue());
    return r;
  }
  if (auto res = dyn_cast<DenseResourceElementsAttr>(cst.getValue())) {
    AsmResourceBlob *blob = res.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<T> data = blob->getDataAs<T>();
    if ((int64_t)data.size() != tensorType(v).getNumElements())
      return std::nullopt;
    return SmallVector<T>(data.begin(), data.end());
  }
  return std::nullopt;
}

/// A dequantize_linear's constant parameters: scales (1, or one per index of
/// `axis`) and a single zero point (all per-axis zero points equal).
struct QuantParams {
  Value input;
  SmallVector<float> scales;
  int64_t zeroPoint = 0;
  int64_t axis = 0;
};

std::optional<QuantParams> dequantParams(Value v) {
  auto dq = v.getDefiningOp<DequantizeLinearOp>();
  if (!dq)
    return std::nullopt;
  auto scales = constantValues<float>(dq.getScale());
  if (!scales)
    return std::nullopt;
  QuantParams p{dq.getInput(), *scales, 0, dq.getAxis()};
  Type et = tensorType(dq.getZeroPoint()).getElementType();
  SmallVector<int64_t> zps;
  if (et.getIntOrFloatBitWidth() == 8) {
    auto z = constantValues<uint8_t>(dq.getZeroPoint());
    if (!z)
      return std::nullopt;
    for (uint8_t b : *z)
      zps.push_back(et.isUnsignedInteger() ? (int64_t)b : (int64_t)(int8_t)b);
  } else {
    auto z = constantValues<int32_t>(dq.getZeroPoint());
    if (!z)
      return std::nullopt;
    zps.append(z->begin(), z->end());
  }
  if (zps.empty() || llvm::any_of(zps, [&](int64_t z) { return z != zps[0]; }))
    return std::nullopt;
  p.zeroPoint = zps[0];
  return p;
}

bool isByte(Value v) { return tensorType(v).getElementType().getIntOrFloatBitWidth() == 8; }

/// `v` (2-d, (u)int8) transposed: on the host when it is a constant.
Value transposed(OpBuilder &b, Location loc, Value v) {
  RankedTensorType t = tensorType(v);
  int64_t r = t.getDimSize(0), c = t.getDimSize(1);
  auto type = RankedTensorType::get({c, r}, t.getElementType());
  if (auto data = constantValues<uint8_t>(v)) {
    SmallVector<uint8_t> out(data->size());
    for (int64_t i = 0; i < r; ++i)
      for (int64_t j = 0; j < c; ++j)
        out[j * r + i] = (*data)[i * c + j];
    auto attr = DenseResourceElementsAttr::get(
        type, "qdq_transposed", HeapAsmResourceBlob::allocateAndCopyInferAlign<uint8_t>(out));
    return arith::ConstantOp::create(b, loc, type, attr);
  }
  return TransposeOp::create(b, loc, type, v, b.getDenseI64ArrayAttr({1, 0}));
}

/// Rewrites `q` when it quantizes a foldable contraction.
LogicalResult foldQuantize(QuantizeLinearOp q) {
  auto ys = constantValues<float>(q.getScale());
  if (!ys || ys->size() != 1 || tensorType(q.getScale()).getRank() != 0)
    return failure();
  auto yzpValues = constantValues<uint8_t>(q.getZeroPoint());
  if (!yzpValues)
    return failure();
  Type outElem = q.getType().getElementType();
  int64_t yzp = outElem.isUnsignedInteger() ? (int64_t)(*yzpValues)[0]
                                            : (int64_t)(int8_t)(*yzpValues)[0];
  Value v = q.getInput();
  bool relu = false;
  if (auto r = v.getDefiningOp<ReluOp>(); r && r->hasOneUse()) {
    relu = true;
    v = r.getInput();
  }
  Operation *c = v.getDefiningOp();
  if (!c || !c->hasOneUse() || !isa<MatMulOp, GemmOp, ConvOp>(c))
    return failure();
  Value x = c->getOperand(0), w = c->getOperand(1), bias;
  int64_t wAxis; // the weight's output-channel axis
  bool transB = false;
  if (auto g = dyn_cast<GemmOp>(c)) {
    if (g.getTransA() || g.getAlpha().convertToDouble() != 1.0 ||
        (g.getC() && g.getBeta().convertToDouble() != 1.0))
      return failure();
    transB = g.getTransB();
    wAxis = transB ? 0 : 1;
    bias = g.getC();
  } else if (auto m = dyn_cast<MatMulOp>(c)) {
    if (tensorType(x).getRank() < 2 || tensorType(w).getRank() != 2)
      return failure();
    wAxis = 1;
  } else {
    wAxis = 0;
    bias = cast<ConvOp>(c).getBias();
  }
  auto xp = dequantParams(x), wp = dequantParams(w);
  if (!xp || !wp || !isByte(xp->input) || !isByte(wp->input) || xp->scales.size() != 1 ||
      (wp->scales.size() != 1 && wp->axis != wAxis))
    return failure();
  int64_t channels = tensorType(wp->input).getDimSize(wAxis);
  // multiplier = x_scale * w_scale / y_scale in f32, onnxruntime's order.
  SmallVector<float> multiplier, biasScale;
  for (float sw : wp->scales) {
    float s = xp->scales[0] * sw;
    biasScale.push_back(s);
    multiplier.push_back(s / (*ys)[0]);
  }
  std::optional<QuantParams> bp;
  if (bias) {
    bp = dequantParams(bias);
    if (!bp || tensorType(bp->input).getElementType().getIntOrFloatBitWidth() != 32 ||
        bp->zeroPoint != 0 || tensorType(bias).getNumElements() != channels)
      return failure();
    for (int64_t i = 0; i < channels; ++i) {
      float expect = biasScale[biasScale.size() == 1 ? 0 : i];
      float got = bp->scales[bp->scales.size() == 1 ? 0 : i];
      if (std::fabs(got - expect) > 1e-6f * std::fabs(expect))
        return failure();
    }
  }

  OpBuilder b(q);
  Location loc = c->getLoc();
  Value acc;
  if (auto conv = dyn_cast<ConvOp>(c)) {
    acc = ConvIntegerOp::create(b, loc, xp->input, wp->input, conv.getStridesAttr(),
                                conv.getDilationsAttr(), conv.getPadsAttr(),
                                conv.getGroupAttr(), b.getI64IntegerAttr(xp->zeroPoint),
                                b.getI64IntegerAttr(wp->zeroPoint));
  } else {
    Value wq = transB ? transposed(b, loc, wp->input) : wp->input;
    acc = MatMulIntegerOp::create(b, loc, xp->input, wq, b.getI64IntegerAttr(xp->zeroPoint),
                                  b.getI64IntegerAttr(wp->zeroPoint));
  }
  RankedTensorType accType = tensorType(acc);
  int64_t outAxis = isa<ConvOp>(c) ? 1 : accType.getRank() - 1;
  if (bp) {
    SmallVector<int64_t> shape(accType.getRank() - outAxis, 1);
    shape[0] = channels;
    Value bv = bp->input;
    if (tensorType(bv).getShape() != ArrayRef<int64_t>(shape))
      bv = ReshapeOp::create(b, loc, tensorType(bv).clone(shape), bv);
    acc = AddOp::create(b, loc, accType, acc, bv);
  }
  Value r = RequantizeOp::create(b, q.getLoc(), q.getType(), acc,
                                 b.getDenseF32ArrayAttr(multiplier),
                                 b.getI64IntegerAttr(multiplier.size() == 1 ? 0 : outAxis),
                                 b.getI64IntegerAttr(yzp), relu ? b.getUnitAttr() : nullptr);
  q.replaceAllUsesWith(r);
  q.erase();
  if (relu)
    v.getUsers().begin()->erase(); // the relu: v's only user
  c->erase();
  return success();
}

struct FoldQDQ : public aicc::impl::FoldQDQBase<FoldQDQ> {
  void runOnOperation() override {
    SmallVector<QuantizeLinearOp> qs;
    getOperation().walk([&](QuantizeLinearOp q) { qs.push_back(q); });
    for (QuantizeLinearOp q : qs)
      (void)foldQuantize(q);
  }
};

} // namespace
