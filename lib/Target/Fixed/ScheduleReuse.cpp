//===- ScheduleReuse.cpp - the aicc-schedule-reuse pass ---------------------===//
//
// Records on every integer layer over how many cycles the Verilog emitter
// spreads its outputs (hls4ml's reuse factor, capped at the layer's output
// count).
//
//===----------------------------------------------------------------------===//
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Target/Fixed/Passes.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_SCHEDULEREUSE
#include "aicc/Target/Fixed/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

struct ScheduleReusePass : aicc::impl::ScheduleReuseBase<ScheduleReusePass> {
  using ScheduleReuseBase::ScheduleReuseBase;

  void runOnOperation() override {
    if (reuse < 1) {
      getOperation().emitError() << "the reuse factor must be at least 1, got " << static_cast<int64_t>(reuse);
      return signalPassFailure();
    }
    Builder b(&getContext());
    getOperation()->setAttr(kFixedReuseAttr, b.getI64IntegerAttr(static_cast<int64_t>(reuse)));
    getOperation().walk([&](Operation *op) {
      if (!isa<MatMulIntegerOp, ConvIntegerOp>(op))
        return;
      auto type = cast<RankedTensorType>(op->getResult(0).getType());
      if (!type.hasStaticShape())
        return; // aicc-check-fixed-function reports it
      int64_t cycles = std::min<int64_t>(reuse, std::max<int64_t>(type.getNumElements(), 1));
      op->setAttr(kFixedCyclesAttr, b.getI64IntegerAttr(cycles));
    });
  }
};

} // namespace
