//===- PlanMemory.cpp - the aicc-plan-memory pass ----------------------------===//
#include "aicc/Transforms/Passes.h"
#include "aicc/Transforms/MemoryPlan.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_PLANMEMORY
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;
  unsigned begin = 0, end = 0; // live range in entry-block op order
  int64_t offset = 0;
};

int64_t alignTo(int64_t v, int64_t a) { return (v + a - 1) / a * a; }

/// Index of the entry-block ancestor of `op`.
unsigned position(Operation *op, Block &entry,
                  const DenseMap<Operation *, unsigned> &order) {
  while (op->getBlock() != &entry)
    op = op->getParentOp();
  return order.lookup(op);
}

/// Calls `visit` on every user of `root` and of the memrefs derived from it
/// (views, casts, reshapes alias the buffer) until it returns false; returns
/// false when it did.
bool visitBufferUsers(Value root, function_ref<bool(Operation *)> visit) {
  SmallVector<Value> work = {root};
  DenseSet<Value> seen;
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (!seen.insert(v).second)
      continue;
    for (Operation *user : v.getUsers()) {
      if (!visit(user))
        return false;
      for (Value r : user->getResults())
        if (isa<BaseMemRefType>(r.getType()))
          work.push_back(r);
    }
  }
  return true;
}

/// Last entry-block position that touches `root` or any memref derived from it.
unsigned lastUse(Value root, Block &entry,
                 const DenseMap<Operation *, unsigned> &order) {
  unsigned last = 0;
  visitBufferUsers(root, [&](Operation *user) {
    last = std::max(last, position(user, entry, order));
    return true;
  });
  return last;
}

/// True for an allocation inside a loop (aicc.loop, lowered to scf.while)
/// whose buffer does not outlive one iteration: no view of it reaches a
/// terminator. Each iteration then reuses the same bytes.
bool isIterationLocal(memref::AllocOp alloc) {
  for (Operation *p = alloc->getParentOp(); !isa<func::FuncOp>(p); p = p->getParentOp())
    if (!isa<scf::WhileOp, scf::ForOp>(p))
      return false;
  return visitBufferUsers(alloc.getResult(), [](Operation *user) {
    return !user->hasTrait<OpTrait::IsTerminator>();
  });
}

struct PlanMemoryPass : mlir::aicc::impl::PlanMemoryBase<PlanMemoryPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    if (alignment <= 0 || (alignment & (alignment - 1))) {
      func.emitError("aicc-plan-memory: alignment must be a power of two");
      return signalPassFailure();
    }
    Block &entry = func.getBody().front();
    DenseMap<Operation *, unsigned> order;
    for (auto [i, op] : llvm::enumerate(entry))
      order[&op] = i;

    SmallVector<Buffer> buffers;
    SmallVector<memref::AllocOp> allocs;
    func.walk([&](memref::AllocOp alloc) {
      if (alloc->getBlock() == &entry || isIterationLocal(alloc))
        allocs.push_back(alloc);
    });
    for (memref::AllocOp alloc : allocs) {
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity())
        continue;
      Buffer b;
      b.alloc = alloc;
      int64_t bits = type.getElementTypeBitWidth();
      b.bytes = alignTo(type.getNumElements() * ((bits + 7) / 8), alignment);
      // A buffer inside a loop is live for the whole loop (its entry-block
      // ancestor), so it shares bytes with nothing live across the loop.
      b.begin = position(alloc, entry, order);
      b.end = lastUse(alloc.getResult(), entry, order);
      buffers.push_back(b);
    }
    int64_t total = place(buffers);
    if (record || print)
      report(func, buffers, total, entry.getOperations().size());

    // The arena argument goes last; views replace the allocations.
    MLIRContext *ctx = &getContext();
    auto arenaType = MemRefType::get({total}, IntegerType::get(ctx, 8));
    unsigned argIndex = func.getNumArguments();
    if (failed(func.insertArgument(argIndex, arenaType, DictionaryAttr(),
                                   func.getLoc()))) {
      func.emitError("aicc-plan-memory: cannot add the arena argument");
      return signalPassFailure();
    }
    Value arena = func.getArgument(argIndex);
    OpBuilder builder(ctx);
    for (Buffer &b : buffers) {
      builder.setInsertionPoint(b.alloc);
      Location loc = b.alloc.getLoc();
      Value off = arith::ConstantIndexOp::create(builder, loc, b.offset);
      Value view = memref::ViewOp::create(builder, loc, b.alloc.getType(), arena,
                                          off, ValueRange{});
      for (Operation *user : llvm::make_early_inc_range(b.alloc->getUsers()))
        if (isa<memref::DeallocOp>(user))
          user->erase();
      b.alloc.replaceAllUsesWith(view);
      b.alloc.erase();
    }
    func->setAttr("aicc.arena_bytes",
                  IntegerAttr::get(IntegerType::get(ctx, 64), total));
  }

  /// The plan as `aicc.memory_plan` on the function and/or a table on stderr.
  void report(func::FuncOp func, ArrayRef<Buffer> buffers, int64_t arenaBytes,
              size_t positions) {
    MemoryPlan plan;
    plan.function = func.getSymName().str();
    plan.alignment = alignment;
    plan.reuse = reuse;
    plan.arenaBytes = arenaBytes;
    plan.positions = positions;
    for (const Buffer &b : buffers) {
      PlannedBuffer p;
      memref::AllocOp alloc = b.alloc;
      std::tie(p.node, p.op) = nodeAndOpType(alloc.getLoc());
      p.offset = b.offset;
      p.bytes = b.bytes;
      p.first = b.begin;
      p.last = std::max(b.begin, b.end); // an unused buffer: its allocation only
      plan.totalBytes += b.bytes;
      plan.buffers.push_back(std::move(p));
    }
    if (record)
      func->setAttr(kMemoryPlanAttrName, memoryPlanToAttr(&getContext(), plan));
    if (print) {
      // One write, so that functions planned in parallel do not interleave.
      std::string table;
      llvm::raw_string_ostream os(table);
      printMemoryPlan(os, plan);
      llvm::errs() << table;
    }
  }

  /// Greedy best-fit: largest buffers first, each at the lowest offset that
  /// does not overlap a placed buffer whose live range intersects its own.
  int64_t place(SmallVectorImpl<Buffer> &buffers) {
    SmallVector<Buffer *> bySize;
    for (Buffer &b : buffers)
      bySize.push_back(&b);
    llvm::stable_sort(bySize, [](Buffer *a, Buffer *b) { return a->bytes > b->bytes; });
    SmallVector<Buffer *> placed;
    int64_t total = 0;
    for (Buffer *b : bySize) {
      SmallVector<std::pair<int64_t, int64_t>> busy;
      for (Buffer *p : placed)
        if (!reuse || (p->begin <= b->end && b->begin <= p->end))
          busy.push_back({p->offset, p->offset + p->bytes});
      llvm::sort(busy);
      int64_t offset = 0;
      for (auto [lo, hi] : busy) {
        if (offset + b->bytes <= lo)
          break;
        offset = std::max(offset, hi);
      }
      b->offset = offset;
      total = std::max(total, offset + b->bytes);
      placed.push_back(b);
    }
    return total;
  }
};

} // namespace
