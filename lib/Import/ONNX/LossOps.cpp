//===- LossOps.cpp - NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss ---===//
//
// The losses have no aicc op of their own: they decompose into
// gather_elements (the target class of every sample), where (ignore_index),
// gather (per-class weights) and reductions, following the ONNX reference.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// Sum over every axis down to a 0-d tensor.
static FailureOr<Value> sumAll(ImportContext &ic, Value v) {
  auto axes = llvm::to_vector(llvm::seq<int64_t>(0, shapeOf(v).size()));
  return ic.create<ReduceSumOp>(v, ArrayRef<int64_t>(axes), false);
}

/// NegativeLogLikelihoodLoss of `input` [N, C, d...] (log-probabilities),
/// `target` [N, d...] and the optional per-class `weight` [C]:
///   loss[n, d] = -input[n, target[n, d], d] * weight[target[n, d]],
/// 0 where target equals ignore_index; then reduced by `reduction` ("mean"
/// divides by the sum of the weights that applied).
static FailureOr<Value> buildNLLLoss(ImportContext &ic, Value input,
                                     Value target, Value weight) {
  ArrayRef<int64_t> in = shapeOf(input), tgt = shapeOf(target);
  if (in.size() < 2)
    return ic.emitError() << "expects an input of rank >= 2 (N, C, d...)";
  SmallVector<int64_t> expected{in[0]};
  expected.append(in.begin() + 2, in.end());
  if (tgt != ArrayRef<int64_t>(expected))
    return ic.emitError() << "expects a target of the input's shape without dim 1";
  if (!isa<IntegerType>(elementTypeOf(target)))
    return ic.emitError() << "expects an integer target";
  if (weight && (shapeOf(weight).size() != 1 || shapeOf(weight)[0] != in[1]))
    return ic.emitError() << "expects a weight of shape [" << in[1] << "]";
  std::string reduction = ic.getString("reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return ic.emitError() << "attribute 'reduction' value '" << reduction
                          << "' is not supported";
  Type ft = elementTypeOf(input), it = elementTypeOf(target);
  Value zero = ic.scalar(ft, 0.0);

  // Ignored samples read class 0 (ignore_index may be out of range) and
  // their loss and weight become 0.
  Value ignored, safeTarget = target;
  if (ic.hasAttr("ignore_index")) {
    Value ii = ic.scalar(it, (double)ic.getInt("ignore_index", 0));
    FailureOr<Value> mask = ic.create<EqualOp>(target, ii), safe;
    if (failed(mask) ||
        failed(safe = ic.create<WhereOp>(*mask, ic.scalar(it, 0), target)))
      return failure();
    ignored = *mask;
    safeTarget = *safe;
  }
  SmallVector<int64_t> unsqueezed(tgt);
  unsqueezed.insert(unsqueezed.begin() + 1, 1);
  FailureOr<Value> idx = ic.reshape(safeTarget, unsqueezed);
  if (failed(idx))
    return failure();
  FailureOr<Value> picked = ic.create<GatherElementsOp>(input, *idx, 1), loss;
  if (failed(picked) || failed(picked = ic.reshape(*picked, tgt)) ||
      failed(loss = ic.create<NegOp>(*picked)))
    return failure();
  if (ignored && failed(loss = ic.create<WhereOp>(ignored, zero, *loss)))
    return failure();

  // The weight each sample's loss carries: weight[target], or 1; 0 if ignored.
  Value w;
  if (weight) {
    FailureOr<Value> g = ic.create<GatherOp>(weight, safeTarget, 0);
    if (failed(g) || (ignored && failed(g = ic.create<WhereOp>(ignored, zero, *g))) ||
        failed(loss = ic.create<MulOp>(*loss, *g)))
      return failure();
    w = *g;
  } else if (ignored) {
    FailureOr<Value> g = ic.create<WhereOp>(ignored, zero, ic.scalar(ft, 1.0));
    if (failed(g))
      return failure();
    w = *g;
  }
  if (reduction == "none")
    return *loss;
  FailureOr<Value> sum = sumAll(ic, *loss);
  if (failed(sum) || reduction == "sum")
    return sum;
  if (!w) {
    auto axes = llvm::to_vector(llvm::seq<int64_t>(0, tgt.size()));
    return ic.create<ReduceMeanOp>(*loss, ArrayRef<int64_t>(axes), false);
  }
  FailureOr<Value> total = sumAll(ic, w);
  if (failed(total))
    return failure();
  return ic.create<DivOp>(*sum, *total);
}

static LogicalResult importNLLLoss(ImportContext &ic) {
  FailureOr<Value> input = ic.input(0), target = ic.input(1);
  if (failed(input) || failed(target))
    return failure();
  FailureOr<Value> loss = buildNLLLoss(ic, *input, *target, ic.optionalInput(2));
  if (failed(loss))
    return failure();
  ic.setResult(0, *loss);
  return success();
}

/// SoftmaxCrossEntropyLoss = NegativeLogLikelihoodLoss(LogSoftmax(scores,
/// axis 1)); the optional second output is that log-probability.
static LogicalResult importSoftmaxCrossEntropyLoss(ImportContext &ic) {
  FailureOr<Value> scores = ic.input(0), labels = ic.input(1);
  if (failed(scores) || failed(labels))
    return failure();
  if (shapeOf(*scores).size() < 2)
    return ic.emitError() << "expects scores of rank >= 2 (N, C, d...)";
  Builder b(ic.getContext());
  FailureOr<Value> logProb = ic.create<LogSoftmaxOp>(*scores, b.getI64IntegerAttr(1));
  if (failed(logProb))
    return failure();
  FailureOr<Value> loss = buildNLLLoss(ic, *logProb, *labels, ic.optionalInput(2));
  if (failed(loss))
    return failure();
  ic.setResult(0, *loss);
  ic.setResult(1, *logProb);
  return success();
}

void onnx_import::registerLossOps(OpRegistry &r) {
  r["NegativeLogLikelihoodLoss"] = importNLLLoss;
  r["SoftmaxCrossEntropyLoss"] = importSoftmaxCrossEntropyLoss;
}
