//===- ReducePrecision.cpp - the aicc-reduce-precision pass ------------------===//
//
// `aicc -precision=bf16|fp16`: f32 MatMul / Gemm / Conv with constant weights
// read their weights and activations in a 16-bit float type and accumulate in
// f32. The weights are stored in the reduced type (half the bytes); the ops
// stay f32, with aicc.cast ops widening their operands, so every back end
// computes the same values and may fold the widening into its kernels.
//
//===----------------------------------------------------------------------===//
#include "ConstantWeights.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Transforms/Passes.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_REDUCEPRECISION
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// The activation and weight operands of a product; the weight is the one
/// stored in the reduced type.
struct Operands {
  OpOperand *activation = nullptr, *weight = nullptr;
};

std::optional<Operands> productOperands(Operation *op) {
  auto isF32 = [](Value v) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    return t && t.getElementType().isF32();
  };
  Operands o;
  if (auto mm = dyn_cast<MatMulOp>(op))
    o = {&mm.getLhsMutable(), &mm.getRhsMutable()};
  else if (auto gemm = dyn_cast<GemmOp>(op))
    o = {&gemm.getAMutable(), &gemm.getBMutable()};
  else if (auto conv = dyn_cast<ConvOp>(op))
    o = {&conv.getInputMutable(), &conv.getWeightMutable()};
  else
    return std::nullopt;
  if (!isF32(o.activation->get()) || !isF32(o.weight->get()) || !isF32(op->getResult(0)))
    return std::nullopt;
  return o;
}

struct ReducePrecisionPass : mlir::aicc::impl::ReducePrecisionBase<ReducePrecisionPass> {
  using Base::Base;

  void runOnOperation() override {
    Type half;
    if (type == "bf16")
      half = BFloat16Type::get(&getContext());
    else if (type == "fp16" || type == "f16")
      half = Float16Type::get(&getContext());
    else {
      getOperation().emitError() << "aicc-reduce-precision: type must be bf16 or fp16, got '"
                                 << type << "'";
      return signalPassFailure();
    }
    // One conversion per weight and per activation, shared by all products
    // that read it.
    DenseMap<Value, Value> weights, activations;
    getOperation().walk([&](Operation *op) {
      std::optional<Operands> o = productOperands(op);
      if (!o)
        return;
      Value w = o->weight->get();
      std::optional<SmallVector<float>> values = constantF32Values(w);
      if (!values)
        return;
      Value &reducedW = weights[w];
      if (!reducedW) {
        OpBuilder b(w.getDefiningOp());
        b.setInsertionPointAfter(w.getDefiningOp());
        auto wt = cast<RankedTensorType>(w.getType());
        Value h = createHalfConstant(b, w.getLoc(), wt, half, *values,
                                     "aicc_reduced_weight", isResourceConstant(w));
        reducedW = CastOp::create(b, w.getLoc(), wt, h);
      }
      o->weight->set(reducedW);

      Value x = o->activation->get();
      Value &reducedX = activations[x];
      if (!reducedX) {
        OpBuilder b(&getContext());
        if (Operation *def = x.getDefiningOp())
          b.setInsertionPointAfter(def);
        else
          b.setInsertionPointToStart(cast<BlockArgument>(x).getOwner());
        auto xt = cast<RankedTensorType>(x.getType());
        Value h = CastOp::create(b, x.getLoc(), xt.clone(half), x);
        reducedX = CastOp::create(b, x.getLoc(), xt, h);
      }
      o->activation->set(reducedX);
    });
    // The f32 weights that only products read are gone.
    for (auto &[w, reduced] : weights)
      if (w.use_empty())
        w.getDefiningOp()->erase();
  }
};

} // namespace
