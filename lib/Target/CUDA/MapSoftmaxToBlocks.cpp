//===- MapSoftmaxToBlocks.cpp - the aicc-map-softmax-to-blocks pass ----------===//
//
// Each linalg.softmax on memrefs becomes one gpu.launch with one block per
// row: the row max and the row sum are block reductions (warp shuffles, then
// one shared-memory slot per warp), exp and divide in the same kernel. See
// Passes.td.
//
//===----------------------------------------------------------------------===//
#include "aicc/Target/CUDA/Passes.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_MAPSOFTMAXTOBLOCKS
#include "aicc/Target/CUDA/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;

namespace {

constexpr int64_t kWarp = 32;

using Combine = function_ref<Value(OpBuilder &, Value, Value)>;

/// The row's kernel: where its elements are and which thread this is.
struct Row {
  Value in, out;
  SmallVector<Value> indices; ///< of the row's first element; the axis slot varies
  unsigned axis;
  Value length, threads, thread;
  Location loc;

  SmallVector<Value> at(Value k) const {
    SmallVector<Value> i = indices;
    i[axis] = k;
    return i;
  }
};

/// acc = body(acc, k) for k = thread, thread + T, ... below the row length.
Value stridedFold(OpBuilder &b, const Row &r, Value init,
                  function_ref<Value(OpBuilder &, Value k, Value acc)> body) {
  auto loop = scf::ForOp::create(
      b, r.loc, r.thread, r.length, r.threads, ValueRange{init},
      [&](OpBuilder &lb, Location l, Value k, ValueRange acc) {
        scf::YieldOp::create(lb, l, body(lb, k, acc[0]));
      });
  return loop.getResult(0);
}

/// The fold of `v` over all threads of the block, in every thread: xor
/// shuffles within each warp, then (several warps) lane 0 of each warp
/// writes its warp's value to `shared`, and after a barrier every thread
/// folds the slots in the same order (so all get the same bits).
Value blockFold(OpBuilder &b, const Row &r, Value v, Value shared, int64_t warps,
                Combine combine) {
  for (int32_t offset = kWarp / 2; offset >= 1; offset /= 2) {
    auto shuffle = gpu::ShuffleOp::create(b, r.loc, v, offset, kWarp, gpu::ShuffleMode::XOR);
    v = combine(b, v, shuffle.getShuffleResult());
  }
  if (warps == 1)
    return v;
  Value warpSize = arith::ConstantIndexOp::create(b, r.loc, kWarp);
  Value zero = arith::ConstantIndexOp::create(b, r.loc, 0);
  Value lane = arith::RemUIOp::create(b, r.loc, r.thread, warpSize);
  Value warp = arith::DivUIOp::create(b, r.loc, r.thread, warpSize);
  Value first = arith::CmpIOp::create(b, r.loc, arith::CmpIPredicate::eq, lane, zero);
  auto write = scf::IfOp::create(b, r.loc, first, /*withElseRegion=*/false);
  OpBuilder wb = write.getThenBodyBuilder();
  memref::StoreOp::create(wb, r.loc, v, shared, warp);
  gpu::BarrierOp::create(b, r.loc);
  Value acc = memref::LoadOp::create(b, r.loc, shared, zero);
  for (int64_t w = 1; w < warps; ++w) {
    Value slot = arith::ConstantIndexOp::create(b, r.loc, w);
    acc = combine(b, acc, memref::LoadOp::create(b, r.loc, shared, slot));
  }
  return acc;
}

Value floatConstant(OpBuilder &b, Location loc, FloatType type, APFloat value) {
  return arith::ConstantFloatOp::create(b, loc, type, value);
}

/// max, then sum of exp(x - max) (each exp stored to out), then out /= sum,
/// each thread on its own strided elements in all three passes (so that an
/// in-place softmax, in == out, is safe).
void buildRowBody(OpBuilder &b, const Row &r, Value sharedMax, Value sharedSum,
                  int64_t warps) {
  auto type = cast<FloatType>(cast<MemRefType>(r.out.getType()).getElementType());
  auto max = [&](OpBuilder &cb, Value x, Value y) -> Value {
    return arith::MaximumFOp::create(cb, r.loc, x, y);
  };
  auto add = [&](OpBuilder &cb, Value x, Value y) -> Value {
    return arith::AddFOp::create(cb, r.loc, x, y);
  };
  Value lowest = floatConstant(b, r.loc, type, APFloat::getInf(type.getFloatSemantics(), true));
  Value partialMax = stridedFold(b, r, lowest, [&](OpBuilder &lb, Value k, Value acc) {
    return max(lb, acc, memref::LoadOp::create(lb, r.loc, r.in, r.at(k)));
  });
  Value rowMax = blockFold(b, r, partialMax, sharedMax, warps, max);
  Value zero = floatConstant(b, r.loc, type, APFloat::getZero(type.getFloatSemantics()));
  Value partialSum = stridedFold(b, r, zero, [&](OpBuilder &lb, Value k, Value acc) {
    Value x = memref::LoadOp::create(lb, r.loc, r.in, r.at(k));
    Value e = math::ExpOp::create(lb, r.loc, arith::SubFOp::create(lb, r.loc, x, rowMax));
    memref::StoreOp::create(lb, r.loc, e, r.out, r.at(k));
    return add(lb, acc, e);
  });
  Value rowSum = blockFold(b, r, partialSum, sharedSum, warps, add);
  scf::ForOp::create(b, r.loc, r.thread, r.length, r.threads, ValueRange{},
                     [&](OpBuilder &lb, Location l, Value k, ValueRange) {
                       Value e = memref::LoadOp::create(lb, l, r.out, r.at(k));
                       Value y = arith::DivFOp::create(lb, l, e, rowSum);
                       memref::StoreOp::create(lb, l, y, r.out, r.at(k));
                       scf::YieldOp::create(lb, l);
                     });
}

struct MapSoftmaxToBlocks
    : public aicc::impl::MapSoftmaxToBlocksBase<MapSoftmaxToBlocks> {
  using Base::Base;

  void runOnOperation() override {
    if (blockSize < kWarp || blockSize > 1024 || !llvm::isPowerOf2_64(blockSize)) {
      getOperation().emitError("aicc-map-softmax-to-blocks: block-size must be a power "
                               "of two from 32 to 1024");
      return signalPassFailure();
    }
    SmallVector<linalg::SoftmaxOp> ops;
    getOperation().walk([&](linalg::SoftmaxOp op) { ops.push_back(op); });
    for (linalg::SoftmaxOp op : ops)
      if (failed(rewrite(op)))
        return signalPassFailure();
  }

  LogicalResult rewrite(linalg::SoftmaxOp op) {
    auto inType = dyn_cast<MemRefType>(op.getInput().getType());
    auto outType = dyn_cast<MemRefType>(op.getOutput().getType());
    if (!inType || !outType || !op->getResults().empty())
      return op.emitError("aicc-map-softmax-to-blocks: expects a bufferized softmax "
                          "(memref operands, no results)");
    if (!outType.hasStaticShape() || outType.getRank() == 0 ||
        outType.getNumElements() == 0 || !isa<FloatType>(outType.getElementType()))
      return op.emitError("aicc-map-softmax-to-blocks: expects a static, non-empty "
                          "float softmax");
    if (!outType.getElementType().isF32())
      return op.emitError("aicc-map-softmax-to-blocks: only f32 softmax is supported "
                          "(the warp shuffles move 32-bit values)");
    unsigned axis = op.getDimension();
    ArrayRef<int64_t> shape = outType.getShape();
    int64_t length = shape[axis], rows = outType.getNumElements() / length;
    int64_t threads = std::clamp<int64_t>(
        (int64_t)llvm::bit_ceil((uint64_t)length), kWarp, blockSize);
    int64_t warps = threads / kWarp;
    buildLaunch(op, axis, rows, length, threads, warps);
    op.erase();
    return success();
  }

  void buildLaunch(linalg::SoftmaxOp op, unsigned axis, int64_t rows, int64_t length,
                   int64_t threads, int64_t warps) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    auto outType = cast<MemRefType>(op.getOutput().getType());
    SmallVector<Type> attributions;
    if (warps > 1)
      attributions.assign(
          2, MemRefType::get({warps}, outType.getElementType(), MemRefLayoutAttrInterface(),
                             gpu::AddressSpaceAttr::get(b.getContext(),
                                                        gpu::AddressSpace::Workgroup)));
    // Rows of at most 32: one warp each, several rows per block.
    int64_t perBlock = warps == 1 ? std::min<int64_t>(blockSize / kWarp, rows) : 1;
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value grid = arith::ConstantIndexOp::create(b, loc, llvm::divideCeil(rows, perBlock));
    Value block = arith::ConstantIndexOp::create(b, loc, threads * perBlock);
    auto launch = gpu::LaunchOp::create(b, loc, grid, one, one, block, one, one, nullptr,
                                        nullptr, {}, attributions);
    b.setInsertionPointToEnd(&launch.getBody().front());
    auto term = gpu::TerminatorOp::create(b, loc);
    b.setInsertionPoint(term);
    Value row = launch.getBlockIds().x, lane = launch.getThreadIds().x;
    if (perBlock > 1) {
      Value warpSize = arith::ConstantIndexOp::create(b, loc, kWarp);
      Value first = arith::MulIOp::create(
          b, loc, row, arith::ConstantIndexOp::create(b, loc, perBlock));
      row = arith::AddIOp::create(b, loc, first,
                                  arith::DivUIOp::create(b, loc, lane, warpSize));
      lane = arith::RemUIOp::create(b, loc, lane, warpSize);
    }
    if (rows % perBlock) {
      // Whole warps past the last row skip it: the others' shuffles still
      // see full warps.
      Value valid = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, row,
                                          arith::ConstantIndexOp::create(b, loc, rows));
      auto guard = scf::IfOp::create(b, loc, valid, /*withElseRegion=*/false);
      b.setInsertionPoint(guard.thenBlock()->getTerminator());
    }
    Row r{op.getInput(), op.getOutput(), {}, axis,
          arith::ConstantIndexOp::create(b, loc, length),
          arith::ConstantIndexOp::create(b, loc, threads), lane, loc};
    // The row's indices, innermost dimension fastest.
    ArrayRef<int64_t> shape = outType.getShape();
    r.indices.assign(shape.size(), Value());
    Value rest = row;
    for (int64_t d = shape.size() - 1; d >= 0; --d) {
      if ((unsigned)d == axis)
        continue;
      Value size = arith::ConstantIndexOp::create(b, loc, shape[d]);
      r.indices[d] = arith::RemUIOp::create(b, loc, rest, size);
      rest = arith::DivUIOp::create(b, loc, rest, size);
    }
    ValueRange shared = launch.getWorkgroupAttributions();
    buildRowBody(b, r, warps > 1 ? shared[0] : Value(), warps > 1 ? shared[1] : Value(),
                 warps);
  }
};

} // namespace
