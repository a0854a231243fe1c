//===- FillPadBorders.cpp - the aicc-fill-pad-borders pass -------------------===//
//
// A bufferized pad fills its whole buffer with the pad value and then copies
// the input into the interior, so every element of the interior is written
// twice (MobileNetV2: the memset was 3-4% of a run, on padded copies of up to
// 4.8 MB). This pass narrows such a fill to the border around the copied
// region: one fill per side of each padded dimension.
//
//===----------------------------------------------------------------------===//
#include "aicc/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_FILLPADBORDERS
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;

namespace {

/// The value a whole-buffer fill writes and the buffer: `linalg.fill`, or a
/// `linalg.map` without inputs that yields a value from outside its body.
std::optional<std::pair<Value, Value>> matchFill(Operation *op) {
  if (auto fill = dyn_cast<linalg::FillOp>(op)) {
    if (fill.getOutputs().size() == 1 && isa<MemRefType>(fill.getOutputs()[0].getType()))
      return std::make_pair(fill.getInputs()[0], fill.getOutputs()[0]);
    return std::nullopt;
  }
  auto map = dyn_cast<linalg::MapOp>(op);
  if (!map || !map.getInputs().empty() || !isa<MemRefType>(map.getInit().getType()))
    return std::nullopt;
  Block &body = map.getMapper().front();
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!yield || yield.getNumOperands() != 1 || &body.front() != yield.getOperation())
    return std::nullopt;
  Value v = yield.getOperand(0);
  if (map.getMapper().isAncestor(v.getParentRegion()))
    return std::nullopt;
  return std::make_pair(v, map.getInit());
}

/// The target of the copy that follows `fill` (only subviews in between),
/// when it is a unit-stride, static subview of `buffer`.
memref::SubViewOp matchInteriorCopy(Operation *fill, Value buffer) {
  Operation *next = fill->getNextNode();
  while (next && isa<memref::SubViewOp>(next))
    next = next->getNextNode();
  if (!next)
    return {};
  Value target;
  if (auto copy = dyn_cast<linalg::CopyOp>(next))
    target = copy.getOutputs()[0];
  else if (auto copy = dyn_cast<memref::CopyOp>(next))
    target = copy.getTarget();
  else
    return {};
  auto view = target.getDefiningOp<memref::SubViewOp>();
  if (!view || view.getSource() != buffer || !view.hasUnitStride() ||
      !view.getOffsets().empty() || !view.getSizes().empty() ||
      view.getType().getRank() != cast<MemRefType>(buffer.getType()).getRank())
    return {};
  return view;
}

struct FillPadBordersPass : mlir::aicc::impl::FillPadBordersBase<FillPadBordersPass> {
  void runOnOperation() override {
    SmallVector<std::tuple<Operation *, Value, Value, memref::SubViewOp>> fills;
    getOperation().walk([&](Operation *op) {
      auto fill = matchFill(op);
      if (!fill)
        return;
      auto type = cast<MemRefType>(fill->second.getType());
      if (!type.hasStaticShape() || !type.getLayout().isIdentity())
        return;
      if (memref::SubViewOp view = matchInteriorCopy(op, fill->second))
        fills.push_back({op, fill->first, fill->second, view});
    });
    for (auto [op, value, buffer, view] : fills) {
      OpBuilder b(op);
      Location loc = op->getLoc();
      ArrayRef<int64_t> shape = cast<MemRefType>(buffer.getType()).getShape();
      ArrayRef<int64_t> off = view.getStaticOffsets(), size = view.getStaticSizes();
      int64_t rank = shape.size();
      SmallVector<int64_t> ones(rank, 1);
      // Side `hi` of dimension d: earlier dimensions over the interior only,
      // later ones whole, so the regions are disjoint and cover the border.
      for (int64_t d = 0; d < rank; ++d) {
        for (bool hi : {false, true}) {
          SmallVector<int64_t> offsets, sizes;
          for (int64_t e = 0; e < rank; ++e) {
            if (e < d) {
              offsets.push_back(off[e]);
              sizes.push_back(size[e]);
            } else if (e > d) {
              offsets.push_back(0);
              sizes.push_back(shape[e]);
            } else {
              offsets.push_back(hi ? off[e] + size[e] : 0);
              sizes.push_back(hi ? shape[e] - off[e] - size[e] : off[e]);
            }
          }
          if (sizes[d] == 0 || llvm::is_contained(sizes, 0))
            continue;
          Value side = memref::SubViewOp::create(b, loc, buffer, offsets, sizes, ones);
          linalg::FillOp::create(b, loc, value, side);
        }
      }
      op->erase();
    }
  }
};

} // namespace
