//===- MapLoopsToGPU.cpp - the aicc-map-loops-to-gpu pass --------------------===//
//
// Every top-level loop nest of a bufferized host function becomes a
// gpu.launch: outermost scf.parallel loops with one thread per iteration,
// anything else that touches memory in a single thread. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "aicc/Target/CUDA/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_MAPLOOPSTOGPU
#include "aicc/Target/CUDA/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;

namespace {

/// Ops that stay on the host: they compute addresses or scalars and never
/// read or write device memory.
bool staysOnHost(Operation *op) {
  if (isa<func::ReturnOp, memref::ViewOp, memref::GetGlobalOp>(op))
    return true;
  if (isa<ViewLikeOpInterface>(op) && isMemoryEffectFree(op))
    return true;
  return op->getNumRegions() == 0 && isMemoryEffectFree(op);
}

/// A weight, or a view of one: cloned into kernels so that outlining copies
/// the global into the GPU module instead of passing a host address.
bool isGlobalView(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return false;
  if (isa<memref::GetGlobalOp>(def))
    return true;
  if (auto view = dyn_cast<ViewLikeOpInterface>(def))
    return isMemoryEffectFree(def) && isGlobalView(view.getViewSource());
  return false;
}

/// Clones into `launch` the global views its body uses from above.
void sinkGlobals(gpu::LaunchOp launch) {
  Region &body = launch.getBody();
  OpBuilder builder(launch.getContext());
  builder.setInsertionPointToStart(&body.front());
  IRMapping mapping;
  std::function<Value(Value)> sink = [&](Value v) -> Value {
    if (Value mapped = mapping.lookupOrNull(v))
      return mapped;
    Operation *def = v.getDefiningOp();
    for (Value operand : def->getOperands())
      if (isGlobalView(operand))
        sink(operand);
    Operation *clone = builder.clone(*def, mapping);
    return clone->getResult(cast<OpResult>(v).getResultNumber());
  };
  SmallVector<OpOperand *> uses;
  body.walk([&](Operation *op) {
    for (OpOperand &use : op->getOpOperands())
      if (!body.isAncestor(use.get().getParentRegion()) && isGlobalView(use.get()))
        uses.push_back(&use);
  });
  for (OpOperand *use : uses)
    use->set(sink(use->get()));
}

/// Kernels take plain device pointers (bare-pointer convention): every
/// buffer they read from the host needs a static shape, strides and offset.
LogicalResult checkCaptures(gpu::LaunchOp launch) {
  Region &body = launch.getBody();
  WalkResult result = body.walk([&](Operation *op) {
    for (Value v : op->getOperands()) {
      auto type = dyn_cast<MemRefType>(v.getType());
      if (!type || body.isAncestor(v.getParentRegion()))
        continue;
      if (!type.hasStaticShape()) {
        auto diag = op->emitError("a tensor whose shape is known only at run time ");
        if (auto arg = dyn_cast<BlockArgument>(v))
          if (auto fn = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp()))
            if (auto name = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "aicc.name"))
              diag << "(graph tensor '" << name.getValue() << "') ";
        diag << "is not supported by -target=cuda yet";
        return WalkResult::interrupt();
      }
      SmallVector<int64_t> strides;
      int64_t offset;
      if (failed(type.getStridesAndOffset(strides, offset)) ||
          ShapedType::isDynamic(offset) || llvm::any_of(strides, ShapedType::isDynamic)) {
        op->emitError("a view with run-time strides or offset as a kernel "
                      "operand is not supported by -target=cuda yet");
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

struct MapLoopsToGPU : public aicc::impl::MapLoopsToGPUBase<MapLoopsToGPU> {
  using Base::Base;

  void runOnOperation() override {
    if (blockSize < 1 || blockSize > 1024) {
      getOperation().emitError("aicc-map-loops-to-gpu: block-size must be 1 to 1024");
      return signalPassFailure();
    }
    for (Block &block : getOperation().getBody())
      if (failed(mapBlock(block)))
        return signalPassFailure();
  }

  /// Scalar code between the loop nests (0-d ops: load, compute, store)
  /// touches device memory too: each run of consecutive such ops, with the
  /// pure ops computing on what they loaded, becomes one single-thread kernel.
  LogicalResult mapBlock(Block &block) {
    SmallVector<Operation *> ops = llvm::map_to_vector(block, [](Operation &op) { return &op; });
    DenseSet<Value> onDevice; // results of ops moved into kernels
    SmallVector<Operation *> run;
    auto flush = [&]() {
      LogicalResult result = run.empty() ? success() : runInOneThread(run);
      run.clear();
      return result;
    };
    for (Operation *op : ops) {
      bool readsDevice = llvm::any_of(op->getOperands(),
                                      [&](Value v) { return onDevice.contains(v); });
      if (!readsDevice && (staysOnHost(op) || isa<memref::AllocOp, func::CallOp,
                                                  func::CallIndirectOp, scf::ParallelOp,
                                                  gpu::LaunchOp>(op))) {
        if (failed(flush()) || failed(mapOp(op)))
          return failure();
        continue;
      }
      if (op->hasTrait<OpTrait::IsTerminator>() || isa<func::CallOp, func::CallIndirectOp>(op)) {
        if (failed(flush()))
          return failure();
        Value escaped = *llvm::find_if(op->getOperands(),
                                       [&](Value v) { return onDevice.contains(v); });
        return escaped.getDefiningOp()->emitError(kHostReads);
      }
      run.push_back(op);
      onDevice.insert(op->result_begin(), op->result_end());
    }
    return flush();
  }

  static constexpr StringLiteral kHostReads =
      "this computation produces a value that the host reads, which "
      "-target=cuda does not support yet";

  LogicalResult mapOp(Operation *op) {
    if (isa<memref::AllocOp>(op))
      return op->emitError("a buffer whose size is known only at run time "
                           "is not supported by -target=cuda yet");
    if (isa<func::CallOp, func::CallIndirectOp>(op))
      return op->emitError("calls are not supported by -target=cuda");
    if (staysOnHost(op))
      return success();
    // Built by aicc-map-reductions-to-blocks: its weights and flags only.
    if (auto launch = dyn_cast<gpu::LaunchOp>(op)) {
      sinkGlobals(launch);
      if (contract)
        allowContraction(launch);
      return checkCaptures(launch);
    }
    return mapParallel(cast<scf::ParallelOp>(op));
  }

  /// One 1 x 1 launch around the consecutive ops `run`, whose results must
  /// not be used after it.
  LogicalResult runInOneThread(ArrayRef<Operation *> run) {
    for (Operation *op : run)
      for (Operation *user : op->getUsers())
        if (!llvm::is_contained(run, user) &&
            !llvm::any_of(run, [&](Operation *r) { return r->isAncestor(user); }))
          return op->emitError(kHostReads);
    OpBuilder b(run.front());
    Location loc = run.front()->getLoc();
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    auto launch = gpu::LaunchOp::create(b, loc, one, one, one, one, one, one);
    b.setInsertionPointToEnd(&launch.getBody().front());
    auto term = gpu::TerminatorOp::create(b, loc);
    for (Operation *op : run)
      op->moveBefore(term);
    sinkGlobals(launch);
    if (contract)
      allowContraction(launch);
    return checkCaptures(launch);
  }

  LogicalResult mapParallel(scf::ParallelOp par) {
    if (!par.getInitVals().empty())
      return par.emitError("a parallel loop with a reduction result is not "
                           "supported by -target=cuda yet");
    OpBuilder b(par);
    Location loc = par.getLoc();
    // Trip counts and the linear iteration count, on the host.
    SmallVector<Value> counts;
    Value total = arith::ConstantIndexOp::create(b, loc, 1);
    for (auto [lb, ub, step] :
         llvm::zip(par.getLowerBound(), par.getUpperBound(), par.getStep())) {
      Value span = b.createOrFold<arith::SubIOp>(loc, ub, lb);
      Value count = b.createOrFold<arith::CeilDivUIOp>(loc, span, step);
      counts.push_back(count);
      total = b.createOrFold<arith::MulIOp>(loc, total, count);
    }
    std::optional<int64_t> staticTotal = getConstantIntValue(total);
    int64_t threads = blockSize;
    if (staticTotal) {
      if (*staticTotal == 0) {
        par.erase();
        return success();
      }
      threads = std::min<int64_t>(threads, *staticTotal);
    }
    Value block = arith::ConstantIndexOp::create(b, loc, threads);
    Value grid = b.createOrFold<arith::CeilDivUIOp>(loc, total, block);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    auto launch = gpu::LaunchOp::create(b, loc, grid, one, one, block, one, one);

    b.setInsertionPointToEnd(&launch.getBody().front());
    auto term = gpu::TerminatorOp::create(b, loc);
    b.setInsertionPoint(term);
    Value id = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, launch.getBlockIds().x, block),
        launch.getThreadIds().x);
    bool exact = staticTotal && *staticTotal % threads == 0;
    if (!exact) {
      Value inRange =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, id, total);
      auto guard = scf::IfOp::create(b, loc, inRange, /*withElseRegion=*/false);
      b.setInsertionPoint(guard.thenBlock()->getTerminator());
    }
    // Innermost dimension fastest: neighbouring threads touch neighbouring
    // elements of row-major buffers (coalesced accesses).
    IRMapping mapping;
    Value rest = id;
    for (int64_t d = counts.size() - 1; d >= 0; --d) {
      Value index = d ? arith::RemUIOp::create(b, loc, rest, counts[d]).getResult()
                      : rest;
      if (d)
        rest = arith::DivUIOp::create(b, loc, rest, counts[d]);
      Value scaled = arith::MulIOp::create(b, loc, index, par.getStep()[d]);
      mapping.map(par.getInductionVars()[d],
                  arith::AddIOp::create(b, loc, par.getLowerBound()[d], scaled));
    }
    for (Operation &inner : par.getBody()->without_terminator())
      b.clone(inner, mapping);
    par.erase();
    sinkGlobals(launch);
    if (contract)
      allowContraction(launch);
    return checkCaptures(launch);
  }

  /// a * b + c may become one fma.rn.f32, as the CPU target contracts too
  /// (AllowFPOpFusion::Fast): NVPTX fuses only ops marked `contract`.
  /// Conversions stay unmarked: arith folds extf(truncf(x)) marked
  /// `contract` to x, which would drop -precision's rounding of activations.
  static void allowContraction(gpu::LaunchOp launch) {
    launch.getBody().walk([](arith::ArithFastMathInterface op) {
      if (isa<arith::TruncFOp, arith::ExtFOp>(op))
        return;
      auto flags = op.getFastMathFlagsAttr();
      auto value = (flags ? flags.getValue() : arith::FastMathFlags::none) |
                   arith::FastMathFlags::contract;
      op->setAttr(op.getFastMathAttrName(),
                  arith::FastMathFlagsAttr::get(op->getContext(), value));
    });
  }
};

} // namespace
