//===- ReductionOps.cpp - ReduceSum/Mean/Max/Min ---------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// `axesInputOpset` is the opset from which `axes` is an input (13 for
/// ReduceSum, 18 for the others); `noop_with_empty_axes` exists from then on.
template <typename OpTy, int64_t axesInputOpset>
static LogicalResult importReduce(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  int64_t rank = shapeOf(*x).size();
  auto axes = ic.getAxes(axesInputOpset, 1);
  if (failed(axes))
    return failure();
  SmallVector<int64_t> resolved;
  if (!*axes || (*axes)->empty()) {
    if (ic.getOpset() >= axesInputOpset &&
        ic.getInt("noop_with_empty_axes", 0) != 0) {
      ic.setResult(0, *x);
      return success();
    }
    resolved = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  } else {
    for (int64_t a : **axes) {
      FailureOr<int64_t> n = ic.normaliseAxis(a, rank, "axes");
      if (failed(n))
        return failure();
      resolved.push_back(*n);
    }
    llvm::sort(resolved);
    if (std::adjacent_find(resolved.begin(), resolved.end()) != resolved.end())
      return ic.emitError() << "'axes' has repeated values";
  }
  FailureOr<Value> r = ic.create<OpTy>(*x, ArrayRef<int64_t>(resolved),
                                       ic.getInt("keepdims", 1) != 0);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

void onnx_import::registerReductionOps(OpRegistry &r) {
  r["ReduceSum"] = importReduce<ReduceSumOp, 13>;
  r["ReduceMean"] = importReduce<ReduceMeanOp, 18>;
  r["ReduceMax"] = importReduce<ReduceMaxOp, 18>;
  r["ReduceMin"] = importReduce<ReduceMinOp, 18>;
}
