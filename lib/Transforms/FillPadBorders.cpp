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
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
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

/// The first op after `fill` that is not a subview.
Operation *interiorCopy(Operation *fill) {
  Operation *next = fill->getNextNode();
  while (next && isa<memref::SubViewOp>(next))
    next = next->getNextNode();
  return next;
}

/// The target of the copy that follows `fill` (only subviews in between),
/// when it is a unit-stride, static subview of `buffer`.
memref::SubViewOp matchInteriorCopy(Operation *fill, Value buffer) {
  Operation *next = interiorCopy(fill);
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

/// Fills of the border regions of dimensions [0, dims): for dimension d,
/// the part below and the part above the interior, with earlier dimensions
/// over the interior only and later ones whole, so the regions are disjoint.
void fillOuterBorders(OpBuilder &b, Location loc, Value value, Value buffer,
                      memref::SubViewOp view, int64_t dims) {
  ArrayRef<int64_t> shape = cast<MemRefType>(buffer.getType()).getShape();
  ArrayRef<int64_t> off = view.getStaticOffsets(), size = view.getStaticSizes();
  int64_t rank = shape.size();
  SmallVector<int64_t> ones(rank, 1);
  for (int64_t d = 0; d < dims; ++d) {
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
      if (llvm::is_contained(sizes, 0))
        continue;
      Value side = memref::SubViewOp::create(b, loc, buffer, offsets, sizes, ones);
      linalg::FillOp::create(b, loc, value, side);
    }
  }
}

/// The copy into the interior, row by row with the last dimension's pads:
/// a parallel loop over the interior's outer positions writes the left pad,
/// the copied row and the right pad of each row, so every row's cache lines
/// are written in one pass (separate column fills cost as much as the whole
/// fill: two scattered stores per row).
void copyRowsWithPads(OpBuilder &b, Location loc, Value value, Value buffer,
                      memref::SubViewOp view, Value source) {
  ArrayRef<int64_t> shape = cast<MemRefType>(buffer.getType()).getShape();
  ArrayRef<int64_t> off = view.getStaticOffsets(), size = view.getStaticSizes();
  int64_t rank = shape.size(), last = rank - 1;
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t d = 0; d < last; ++d) {
    lbs.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    ubs.push_back(arith::ConstantIndexOp::create(b, loc, size[d]));
    steps.push_back(arith::ConstantIndexOp::create(b, loc, 1));
  }
  auto rows = scf::ParallelOp::create(b, loc, lbs, ubs, steps);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rows.getBody());
  SmallVector<OpFoldResult> at, srcAt, ones(rank, b.getIndexAttr(1));
  for (int64_t d = 0; d < last; ++d) {
    Value i = rows.getInductionVars()[d];
    srcAt.push_back(i);
    at.push_back(off[d] ? arith::AddIOp::create(
                              b, loc, i, arith::ConstantIndexOp::create(b, loc, off[d]))
                              .getResult()
                        : i);
  }
  auto row = [&](int64_t first, int64_t width) {
    SmallVector<OpFoldResult> o = at, sz(last, b.getIndexAttr(1));
    o.push_back(b.getIndexAttr(first));
    sz.push_back(b.getIndexAttr(width));
    return memref::SubViewOp::create(b, loc, buffer, o, sz, ones).getResult();
  };
  int64_t lo = off[last], hi = shape[last] - off[last] - size[last];
  if (lo)
    linalg::FillOp::create(b, loc, value, row(0, lo));
  SmallVector<OpFoldResult> srcOff = srcAt, srcSize(last, b.getIndexAttr(1));
  srcOff.push_back(b.getIndexAttr(0));
  srcSize.push_back(b.getIndexAttr(size[last]));
  Value src = memref::SubViewOp::create(b, loc, source, srcOff, srcSize, ones);
  linalg::CopyOp::create(b, loc, src, row(lo, size[last]));
  if (hi)
    linalg::FillOp::create(b, loc, value, row(lo + size[last], hi));
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
      Operation *copy = interiorCopy(op);
      Value source = isa<linalg::CopyOp>(copy) ? cast<linalg::CopyOp>(copy).getInputs()[0]
                                               : cast<memref::CopyOp>(copy).getSource();
      OpBuilder b(copy);
      Location loc = op->getLoc();
      int64_t rank = view.getType().getRank();
      ArrayRef<int64_t> shape = cast<MemRefType>(buffer.getType()).getShape();
      bool padsLast = view.getStaticSizes().back() != shape.back();
      if (!padsLast || rank < 2) {
        fillOuterBorders(b, loc, value, buffer, view, rank);
      } else {
        fillOuterBorders(b, loc, value, buffer, view, rank - 1);
        copyRowsWithPads(b, loc, value, buffer, view, source);
        copy->erase();
      }
      op->erase();
    }
  }
};

} // namespace
