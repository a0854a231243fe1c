//===- ControlFlowOps.cpp - verifier of aicc.loop ---------------------------===//
#include "aicc/Dialect/Aicc/AiccOps.h"

using namespace mlir;
using namespace mlir::aicc;

static bool isScalarOf(Type t, unsigned bits) {
  auto rt = dyn_cast<RankedTensorType>(t);
  return rt && rt.getRank() == 0 && rt.getElementType().isSignlessInteger(bits);
}

LogicalResult LoopOp::verifyRegions() {
  Block &body = getBody().front();
  size_t numCarried = getInits().size();
  if (getResults().size() != numCarried)
    return emitOpError("expects one result per carried value after the iteration count, got ")
           << getResults().size() << " for " << numCarried;
  if (body.getNumArguments() != numCarried + 1)
    return emitOpError("expects the body to take the iteration number and ")
           << numCarried << " carried values, not " << body.getNumArguments()
           << " arguments";
  if (!isScalarOf(body.getArgument(0).getType(), 64))
    return emitOpError("expects the body's first argument (the iteration number) to be "
                       "tensor<i64>, not ")
           << body.getArgument(0).getType();
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield)
    return emitOpError("expects the body to end with aicc.yield");
  if (yield.getValues().size() != numCarried + 1)
    return yield.emitOpError("expects the next condition and ")
           << numCarried << " carried values, got " << yield.getValues().size() << " values";
  if (!isScalarOf(yield.getValues()[0].getType(), 1))
    return yield.emitOpError("expects the next condition as tensor<i1>, not ")
           << yield.getValues()[0].getType();
  for (size_t k = 0; k < numCarried; ++k) {
    Type init = getInits()[k].getType();
    Type arg = body.getArgument(k + 1).getType();
    Type next = yield.getValues()[k + 1].getType();
    Type result = getResults()[k].getType();
    if (arg != init || next != init || result != init)
      return emitOpError("expects carried value ")
             << k << " to keep its type " << init << " (body argument " << arg
             << ", yielded " << next << ", result " << result << ")";
  }
  return success();
}
