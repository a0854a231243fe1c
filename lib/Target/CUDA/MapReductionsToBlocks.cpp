//===- MapReductionsToBlocks.cpp - the aicc-map-reductions-to-blocks pass ----===//
//
// Long row reductions become one block per output: strided partials in
// registers, a shared-memory tree with barriers down to 32 partials, warp
// shuffles for those, thread 0 folds into the output. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "aicc/Target/CUDA/Passes.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/bit.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_MAPREDUCTIONSTOBLOCKS
#include "aicc/Target/CUDA/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;

namespace {

constexpr int64_t kWarp = 32;

/// out[idx] = combine(out[idx], v(k)) in the body of `loop`.
struct Reduction {
  scf::ForOp loop;
  memref::LoadOp accLoad;
  Operation *combine;
  Value value; ///< v(k): the combine operand that is not the accumulator
  memref::StoreOp store;
  int64_t length;
};

bool definedIn(Value v, Operation *scope) {
  return scope->isAncestor(v.getParentRegion()->getParentOp());
}

/// Whether `loop` folds one input into one output element.
std::optional<Reduction> matchReduction(scf::ForOp loop) {
  if (loop.getNumRegionIterArgs() != 0)
    return std::nullopt;
  auto lb = getConstantIntValue(loop.getLowerBound());
  auto ub = getConstantIntValue(loop.getUpperBound());
  auto step = getConstantIntValue(loop.getStep());
  if (!lb || !ub || !step || *step <= 0 || *ub <= *lb)
    return std::nullopt;
  Block *body = loop.getBody();
  if (body->getOperations().size() < 4)
    return std::nullopt;
  auto store = dyn_cast<memref::StoreOp>(*std::prev(body->without_terminator().end()));
  if (!store)
    return std::nullopt;
  Operation *combine = store.getValueToStore().getDefiningOp();
  if (!combine || combine->getBlock() != body || combine->getNumOperands() != 2 ||
      combine->getNumResults() != 1 || combine->getNumRegions() != 0 ||
      !combine->hasTrait<OpTrait::IsCommutative>() || !combine->hasOneUse())
    return std::nullopt;
  Reduction r{loop, nullptr, combine, nullptr, store,
              (*ub - *lb + *step - 1) / *step};
  for (Value operand : combine->getOperands()) {
    auto load = operand.getDefiningOp<memref::LoadOp>();
    if (!r.accLoad && load && load->getBlock() == body &&
        load.getMemRef() == store.getMemRef() &&
        load.getIndices() == store.getIndices() && load->hasOneUse())
      r.accLoad = load;
    else
      r.value = operand;
  }
  if (!r.accLoad || !r.value || definedIn(store.getMemRef(), loop) ||
      llvm::any_of(store.getIndices(), [&](Value v) { return definedIn(v, loop); }))
    return std::nullopt;
  // One input read per k: a contraction (two, e.g. a matmul) stays per thread.
  int inputs = 0;
  for (Operation &op : body->without_terminator())
    if (auto load = dyn_cast<memref::LoadOp>(op); load && load != r.accLoad &&
        llvm::any_of(load.getIndices(), [&](Value v) { return definedIn(v, loop); }))
      ++inputs;
    else if (op.getNumRegions() || (isa<memref::StoreOp>(op) && &op != store))
      return std::nullopt;
  if (inputs != 1)
    return std::nullopt;
  return r;
}

/// shm[t] holds thread t's partial (T = `threads` of them): halving steps
/// between barriers down to 32 partials, then xor shuffles in warp 0 (for
/// 32-bit values; else the steps go down to one partial); thread 0 folds
/// the total into out[indices].
void foldPartials(OpBuilder &b, Location loc, Value shm, Value t, int64_t threads,
                  Type elementType, function_ref<Value(OpBuilder &, Value, Value)> combine,
                  Value out, ArrayRef<Value> indices) {
  gpu::BarrierOp::create(b, loc);
  // The last 32 partials by warp shuffles (32-bit values: what shfl.sync
  // moves) instead of five more halving steps and barriers.
  bool warpTail = threads >= kWarp && elementType.isIntOrFloat() &&
                  elementType.getIntOrFloatBitWidth() == 32;
  for (int64_t s = threads / 2; s >= (warpTail ? kWarp : 1); s /= 2) {
    Value stride = arith::ConstantIndexOp::create(b, loc, s);
    Value active = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, t, stride);
    auto step = scf::IfOp::create(b, loc, active, /*withElseRegion=*/false);
    OpBuilder sb = step.getThenBodyBuilder();
    Value mine = memref::LoadOp::create(sb, loc, shm, t);
    Value other = memref::LoadOp::create(
        sb, loc, shm, ValueRange{arith::AddIOp::create(sb, loc, t, stride)});
    memref::StoreOp::create(sb, loc, combine(sb, mine, other), shm, t);
    gpu::BarrierOp::create(b, loc);
  }
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value isFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, t, zero);
  OpBuilder::InsertionGuard guard(b);
  Value all;
  if (warpTail) {
    // Warp 0, all 32 lanes (shfl.sync's full mask): xor shuffles 16 ... 1.
    Value warpSize = arith::ConstantIndexOp::create(b, loc, kWarp);
    Value inWarp0 = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, t, warpSize);
    auto warp0 = scf::IfOp::create(b, loc, inWarp0, /*withElseRegion=*/false);
    b.setInsertionPoint(warp0.thenBlock()->getTerminator());
    all = memref::LoadOp::create(b, loc, shm, t);
    for (int32_t offset = kWarp / 2; offset >= 1; offset /= 2) {
      auto shuffle = gpu::ShuffleOp::create(b, loc, all, offset, kWarp, gpu::ShuffleMode::XOR);
      all = combine(b, all, shuffle.getShuffleResult());
    }
  }
  auto last = scf::IfOp::create(b, loc, isFirst, /*withElseRegion=*/false);
  OpBuilder fb = last.getThenBodyBuilder();
  if (!warpTail)
    all = memref::LoadOp::create(fb, loc, shm, ValueRange{zero});
  Value acc = memref::LoadOp::create(fb, loc, out, indices);
  memref::StoreOp::create(fb, loc, combine(fb, acc, all), out, indices);
}

struct MapReductionsToBlocks
    : public aicc::impl::MapReductionsToBlocksBase<MapReductionsToBlocks> {
  using Base::Base;

  void runOnOperation() override {
    if (blockSize < 1 || blockSize > 1024 || !llvm::isPowerOf2_64(blockSize)) {
      getOperation().emitError(
          "aicc-map-reductions-to-blocks: block-size must be a power of two up to 1024");
      return signalPassFailure();
    }
    SmallVector<std::pair<scf::ParallelOp, Reduction>> work;
    for (Block &block : getOperation().getBody())
      for (auto par : block.getOps<scf::ParallelOp>()) {
        auto ops = par.getBody()->without_terminator();
        if (!par.getInitVals().empty() || !llvm::hasSingleElement(ops))
          continue;
        auto loop = dyn_cast<scf::ForOp>(*ops.begin());
        if (!loop)
          continue;
        if (auto r = matchReduction(loop); r && r->length >= minLength)
          work.push_back({par, *r});
      }
    for (auto &[par, r] : work)
      rewrite(par, r);
  }

  void rewrite(scf::ParallelOp par, Reduction r) {
    OpBuilder b(par);
    Location loc = r.loop.getLoc();
    SmallVector<Value> counts;
    Value total = arith::ConstantIndexOp::create(b, loc, 1);
    for (auto [lb, ub, step] :
         llvm::zip(par.getLowerBound(), par.getUpperBound(), par.getStep())) {
      Value span = b.createOrFold<arith::SubIOp>(loc, ub, lb);
      Value count = b.createOrFold<arith::CeilDivUIOp>(loc, span, step);
      counts.push_back(count);
      total = b.createOrFold<arith::MulIOp>(loc, total, count);
    }
    int64_t threads = (int64_t)llvm::bit_floor((uint64_t)std::min<int64_t>(blockSize, r.length));
    Type elementType = r.store.getValueToStore().getType();
    auto shared = MemRefType::get(
        {threads}, elementType, MemRefLayoutAttrInterface(),
        gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup));
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value block = arith::ConstantIndexOp::create(b, loc, threads);
    auto launch = gpu::LaunchOp::create(b, loc, total, one, one, block, one, one,
                                        nullptr, nullptr, {}, TypeRange{shared});
    b.setInsertionPointToEnd(&launch.getBody().front());
    auto term = gpu::TerminatorOp::create(b, loc);
    b.setInsertionPoint(term);
    Value shm = launch.getWorkgroupAttributions().front();
    Value t = launch.getThreadIds().x;

    // The output's indices from the block id.
    IRMapping outer;
    Value rest = launch.getBlockIds().x;
    for (int64_t d = counts.size() - 1; d >= 0; --d) {
      Value index = d ? arith::RemUIOp::create(b, loc, rest, counts[d]).getResult() : rest;
      if (d)
        rest = arith::DivUIOp::create(b, loc, rest, counts[d]);
      Value scaled = arith::MulIOp::create(b, loc, index, par.getStep()[d]);
      outer.map(par.getInductionVars()[d],
                arith::AddIOp::create(b, loc, par.getLowerBound()[d], scaled));
    }
    // v(k) for the kk-th iteration of the original loop.
    auto valueAt = [&](OpBuilder &vb, Value kk) {
      IRMapping m = outer;
      Value k = arith::AddIOp::create(
          vb, loc, r.loop.getLowerBound(),
          arith::MulIOp::create(vb, loc, kk, r.loop.getStep()));
      m.map(r.loop.getInductionVar(), k);
      for (Operation &op : r.loop.getBody()->without_terminator())
        if (&op != r.accLoad && &op != r.combine && &op != r.store)
          vb.clone(op, m);
      return m.lookup(r.value);
    };
    auto combine = [&](OpBuilder &cb, Value acc, Value v) {
      IRMapping m;
      m.map(r.accLoad.getResult(), acc);
      m.map(r.value, v);
      return cb.clone(*r.combine, m)->getResult(0);
    };
    // Strided partial: thread t folds k = t, t + T, ... (T <= length, so
    // every thread has a first element).
    Value first = valueAt(b, t);
    Value length = arith::ConstantIndexOp::create(b, loc, r.length);
    Value start = arith::AddIOp::create(b, loc, t, block);
    auto strided = scf::ForOp::create(
        b, loc, start, length, block, ValueRange{first},
        [&](OpBuilder &lb, Location, Value kk, ValueRange acc) {
          scf::YieldOp::create(lb, loc, combine(lb, acc[0], valueAt(lb, kk)));
        });
    SmallVector<Value> indices = llvm::map_to_vector(
        r.store.getIndices(), [&](Value v) { return outer.lookupOrDefault(v); });
    Value out = outer.lookupOrDefault(r.store.getMemRef());
    memref::StoreOp::create(b, loc, strided.getResult(0), shm, t);
    foldPartials(b, loc, shm, t, threads, elementType, combine, out, indices);
    par.erase();
  }
};

} // namespace
