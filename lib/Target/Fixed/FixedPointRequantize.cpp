//===- FixedPointRequantize.cpp - the aicc-fixed-point-requantize pass ------===//
//
// Annotates every aicc.requantize with a per-channel integer multiplier,
// offset and shift that RequantizeMath proved equal to the f32 definition.
//
//===----------------------------------------------------------------------===//
#include "RequantizeMath.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "aicc/Target/Fixed/Passes.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_FIXEDPOINTREQUANTIZE
#include "aicc/Target/Fixed/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// The saturation bounds of `op`'s result, relative to its zero point.
std::pair<int64_t, int64_t> resultBounds(RequantizeOp op) {
  bool uns = op.getType().getElementType().isUnsignedInteger();
  int64_t zp = op.getZeroPoint();
  int64_t lo = op.getRelu() ? zp : (uns ? 0 : -128), hi = uns ? 255 : 127;
  return {lo - zp, hi - zp};
}

struct FixedPointRequantizePass
    : aicc::impl::FixedPointRequantizeBase<FixedPointRequantizePass> {
  void runOnOperation() override {
    WalkResult r = getOperation().walk([&](RequantizeOp op) {
      auto [qLo, qHi] = resultBounds(op);
      SmallVector<int64_t> mult, offset, shift, corrections;
      for (auto [channel, scale] : llvm::enumerate(op.getScale())) {
        std::optional<fixed::FixedPointScale> f = fixed::findFixedPoint(scale, qLo, qHi);
        if (!f) {
          op.emitError() << "requantize scale " << scale
                         << " has no integer multiply-and-shift form (it must "
                            "be positive and finite, and the result must not "
                            "be a constant)";
          return WalkResult::interrupt();
        }
        mult.push_back(f->multiplier);
        offset.push_back(f->offset);
        shift.push_back(f->shift);
        for (const fixed::Correction &c : f->corrections)
          corrections.append({(int64_t)channel, c.from, c.to, c.delta});
      }
      Builder b(op);
      op->setAttr(kFixedMultiplierAttr, b.getDenseI64ArrayAttr(mult));
      op->setAttr(kFixedOffsetAttr, b.getDenseI64ArrayAttr(offset));
      op->setAttr(kFixedShiftAttr, b.getDenseI64ArrayAttr(shift));
      op->setAttr(kFixedCorrectionsAttr, b.getDenseI64ArrayAttr(corrections));
      return WalkResult::advance();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
