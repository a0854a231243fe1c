//===- OutlineParallelLoops.cpp - the aicc-outline-parallel-loops pass -------===//
//
// Moves the bodies of large scf.parallel loops into task functions that the
// runtime's parallel_for (aicc/abi.h, aicc_abi_exec_t) runs on its threads.
// The captured values travel in a stack struct of their LLVM types; the
// unrealized casts in and out of that struct vanish in the LLVM conversion.
//
//===----------------------------------------------------------------------===//
#include "ExecABI.h"
#include "aicc/Transforms/Passes.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_OUTLINEPARALLELLOOPS
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

constexpr StringLiteral kDispatch = "__aicc_parallel_for";

/// Rough count of the operations a region executes: nested loops with
/// constant bounds multiply, unknown trip counts count once.
int64_t estimateWork(Region &region);

int64_t tripCount(Value lb, Value ub, Value step) {
  APInt l, u, s;
  if (!matchPattern(lb, m_ConstantInt(&l)) || !matchPattern(ub, m_ConstantInt(&u)) ||
      !matchPattern(step, m_ConstantInt(&s)) || s.getSExtValue() <= 0)
    return -1;
  int64_t n = u.getSExtValue() - l.getSExtValue();
  return n <= 0 ? 0 : (n + s.getSExtValue() - 1) / s.getSExtValue();
}

int64_t saturatingMul(int64_t a, int64_t b) {
  int64_t r;
  return __builtin_mul_overflow(a, b, &r) ? INT64_MAX : r;
}

int64_t estimateWork(Operation *op) {
  int64_t trips = 1;
  if (auto loop = dyn_cast<scf::ForOp>(op)) {
    trips = tripCount(loop.getLowerBound(), loop.getUpperBound(), loop.getStep());
  } else if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
    for (auto [lb, ub, st] :
         llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
      int64_t t = tripCount(lb, ub, st);
      trips = t < 0 ? trips : saturatingMul(trips, t);
    }
  }
  if (trips < 0)
    trips = 1;
  int64_t inner = 0;
  for (Region &r : op->getRegions())
    inner += estimateWork(r);
  return saturatingMul(trips, std::max<int64_t>(inner, 1));
}

int64_t estimateWork(Region &region) {
  int64_t total = 0;
  for (Block &block : region)
    for (Operation &op : block) {
      int64_t w = estimateWork(&op);
      total = total > INT64_MAX - w ? INT64_MAX : total + w;
    }
  return total;
}

class Outliner {
public:
  Outliner(ModuleOp module, int64_t minWork, int64_t minItems)
      : module(module), ctx(module.getContext()), converter(ctx), minWork(minWork),
        minItems(minItems), ptrType(LLVM::LLVMPointerType::get(ctx)),
        i64(IntegerType::get(ctx, 64)) {}

  LogicalResult run() {
    SmallVector<func::FuncOp> entries;
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        entries.push_back(func);
    for (func::FuncOp func : entries) {
      // aicc-bind-dynamic-shapes may have added the exec already.
      unsigned index = func.getNumArguments();
      for (unsigned i = 0; i < func.getNumArguments(); ++i)
        if (func.getArgAttr(i, "aicc.exec"))
          index = i;
      if (index == func.getNumArguments() &&
          failed(func.insertArgument(index, ptrType,
                                     DictionaryAttr::get(ctx, {NamedAttribute(
                                         StringAttr::get(ctx, "aicc.exec"),
                                         UnitAttr::get(ctx))}),
                                     func.getLoc())))
        return func.emitError("aicc-outline-parallel-loops: cannot add the exec argument");
      Value exec = func.getArgument(index);
      SmallVector<scf::ParallelOp> loops;
      func.walk<WalkOrder::PreOrder>([&](scf::ParallelOp loop) {
        loops.push_back(loop);
        return WalkResult::skip(); // nested loops run inside one item
      });
      unsigned taskIndex = 0;
      for (scf::ParallelOp loop : loops)
        if (loop.getNumResults() == 0 && estimateWork(loop) >= minWork)
          outline(func, loop, exec, taskIndex++);
    }
    return success();
  }

private:
  /// Values the loop uses from outside, its bounds included; constants are
  /// cloned into the task rather than captured.
  void collectCaptures(scf::ParallelOp loop, SetVector<Value> &captures,
                       SmallVectorImpl<Operation *> &cloned) {
    SetVector<Value> used;
    getUsedValuesDefinedAbove(loop.getRegion(), used);
    used.insert(loop.getOperands().begin(), loop.getOperands().end());
    for (Value v : used) {
      Operation *def = v.getDefiningOp();
      // Constants, constant masks, addresses of globals: cheaper to rebuild.
      if (def && def->getNumOperands() == 0 && def->getNumRegions() == 0 &&
          def->getNumResults() == 1 && isPure(def))
        cloned.push_back(def);
      else
        captures.insert(v);
    }
  }

  /// `i64 -> ...` dispatch helper in the LLVM dialect, created once.
  void ensureDispatch(Location loc) {
    if (module.lookupSymbol(kDispatch))
      return;
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    auto fnType = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                              {ptrType, i64, ptrType, ptrType});
    auto fn = LLVM::LLVMFuncOp::create(b, loc, kDispatch, fnType,
                                       LLVM::Linkage::Internal);
    // Inlined, its serial branch would let LLVM inline every task into the
    // model function as well: twice the code for no gain.
    fn.setNoInline(true);
    Block *entry = fn.addEntryBlock(b);
    Block *check = fn.addBlock(), *parallel = fn.addBlock(), *serial = fn.addBlock();
    Value exec = entry->getArgument(0), n = entry->getArgument(1),
          task = entry->getArgument(2), taskCtx = entry->getArgument(3);
    b.setInsertionPointToEnd(entry);
    Value null = LLVM::ZeroOp::create(b, loc, ptrType);
    Value noExec = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, exec, null);
    LLVM::CondBrOp::create(b, loc, noExec, serial, check);

    b.setInsertionPointToEnd(check);
    Value parallelFor = exec_abi::loadField(b, loc, exec, exec_abi::kParallelFor);
    Value noFor = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, parallelFor, null);
    LLVM::CondBrOp::create(b, loc, noFor, serial, parallel);

    b.setInsertionPointToEnd(parallel);
    Value pool = exec_abi::loadField(b, loc, exec, exec_abi::kPool);
    auto forType = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                               {ptrType, i64, ptrType, ptrType});
    LLVM::CallOp::create(b, loc, forType, ValueRange{parallelFor, pool, n, task, taskCtx});
    LLVM::ReturnOp::create(b, loc, ValueRange{});

    b.setInsertionPointToEnd(serial);
    auto taskType =
        LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {ptrType, i64, i64});
    Value zero = LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(0));
    LLVM::CallOp::create(b, loc, taskType, ValueRange{task, taskCtx, zero, n});
    LLVM::ReturnOp::create(b, loc, ValueRange{});
  }

  /// "_<node>" from the ONNX node name in the loop's location, so that
  /// profiles name the layer a task belongs to; "" without one.
  static std::string nodeSuffix(Location loc) {
    std::string name;
    loc->walk([&](Location l) {
      if (auto named = dyn_cast<NameLoc>(l)) {
        name = named.getName().str();
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (name.empty())
      return name;
    for (char &c : name)
      if (!llvm::isAlnum(c))
        c = '_';
    return "_" + name.substr(0, 48);
  }

  /// ceil((ub - lb) / step) as an index value.
  static Value count(OpBuilder &b, Location loc, Value lb, Value ub, Value step) {
    Value span = arith::SubIOp::create(b, loc, ub, lb);
    return arith::CeilDivSIOp::create(b, loc, span, step);
  }

  void outline(func::FuncOp func, scf::ParallelOp loop, Value exec, unsigned taskIndex) {
    Location loc = loop.getLoc();
    SetVector<Value> captures;
    SmallVector<Operation *> constants;
    collectCaptures(loop, captures, constants);

    // Outer dimensions to linearise: enough items, or all of them.
    unsigned dims = loop.getNumLoops(), outer = 0;
    int64_t items = 1;
    while (outer < dims && items >= 0 && items < minItems) {
      int64_t t = tripCount(loop.getLowerBound()[outer], loop.getUpperBound()[outer],
                            loop.getStep()[outer]);
      items = t < 0 ? -1 : saturatingMul(items, t);
      ++outer;
    }

    SmallVector<Type> fieldTypes;
    for (Value v : captures)
      fieldTypes.push_back(converter.convertType(v.getType()));
    auto ctxType = LLVM::LLVMStructType::getLiteral(ctx, fieldTypes);

    // The task function.
    OpBuilder b(func);
    // Tasks follow their function in loop order.
    Operation *&last = lastTask[func];
    b.setInsertionPointAfter(last ? last : func.getOperation());
    std::string name = (func.getSymName() + "_task" + Twine(taskIndex) + nodeSuffix(loc)).str();
    auto taskType = FunctionType::get(ctx, {ptrType, i64, i64}, {});
    auto task = func::FuncOp::create(b, loc, name, taskType);
    task.setPrivate();
    last = task;
    Block *entry = task.addEntryBlock();
    b.setInsertionPointToStart(entry);
    IRMapping map;
    for (Operation *c : constants)
      b.clone(*c, map);
    if (!captures.empty()) {
      Value packed = LLVM::LoadOp::create(b, loc, ctxType, entry->getArgument(0));
      for (auto [i, v] : llvm::enumerate(captures)) {
        Value field = LLVM::ExtractValueOp::create(b, loc, packed, i);
        map.map(v, field.getType() == v.getType()
                       ? field
                       : UnrealizedConversionCastOp::create(b, loc, v.getType(), field)
                             .getResult(0));
      }
    }
    auto toIndex = [&](Value v) {
      return arith::IndexCastOp::create(b, loc, b.getIndexType(), v).getResult();
    };
    Value begin = toIndex(entry->getArgument(1)), end = toIndex(entry->getArgument(2));
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    SmallVector<Value> lbs, ubs, steps, counts;
    for (unsigned d = 0; d < dims; ++d) {
      lbs.push_back(map.lookupOrDefault(loop.getLowerBound()[d]));
      ubs.push_back(map.lookupOrDefault(loop.getUpperBound()[d]));
      steps.push_back(map.lookupOrDefault(loop.getStep()[d]));
      if (d < outer)
        counts.push_back(count(b, loc, lbs[d], ubs[d], steps[d]));
    }
    auto items_ = scf::ForOp::create(b, loc, begin, end, one);
    b.setInsertionPointToStart(items_.getBody());
    // Delinearise the item into the outer induction variables.
    SmallVector<Value> ivs(dims);
    Value rest = items_.getInductionVar();
    for (int d = outer - 1; d >= 0; --d) {
      Value idx = d == 0 ? rest : arith::RemSIOp::create(b, loc, rest, counts[d]).getResult();
      if (d > 0)
        rest = arith::DivSIOp::create(b, loc, rest, counts[d]);
      ivs[d] = arith::AddIOp::create(b, loc, lbs[d],
                                     arith::MulIOp::create(b, loc, idx, steps[d]));
    }
    Block *body = loop.getBody();
    auto cloneBody = [&](OpBuilder &bb) {
      for (unsigned d = 0; d < dims; ++d)
        map.map(body->getArgument(d), ivs[d]);
      for (Operation &op : body->without_terminator())
        bb.clone(op, map);
    };
    if (outer < dims) {
      SmallVector<Value> innerLbs(lbs.begin() + outer, lbs.end()),
          innerUbs(ubs.begin() + outer, ubs.end()), innerSteps(steps.begin() + outer, steps.end());
      scf::ParallelOp::create(b, loc, innerLbs, innerUbs, innerSteps,
                              [&](OpBuilder &nb, Location, ValueRange inner) {
                                for (unsigned d = outer; d < dims; ++d)
                                  ivs[d] = inner[d - outer];
                                cloneBody(nb);
                              });
    } else {
      cloneBody(b);
    }
    b.setInsertionPointToEnd(entry);
    func::ReturnOp::create(b, loc);

    // The call site.
    ensureDispatch(loc);
    b.setInsertionPoint(loop);
    Value n = count(b, loc, loop.getLowerBound()[0], loop.getUpperBound()[0],
                    loop.getStep()[0]);
    for (unsigned d = 1; d < outer; ++d)
      n = arith::MulIOp::create(b, loc, n,
                                count(b, loc, loop.getLowerBound()[d],
                                      loop.getUpperBound()[d], loop.getStep()[d]));
    Value n64 = arith::IndexCastOp::create(b, loc, i64, n);
    Value taskCtx;
    if (captures.empty()) {
      taskCtx = LLVM::ZeroOp::create(b, loc, ptrType);
    } else {
      {
        // In the entry block: an alloca inside a loop would grow the stack.
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(&func.getBody().front());
        Value c1 = LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(1));
        taskCtx = LLVM::AllocaOp::create(b, loc, ptrType, ctxType, c1);
      }
      Value packed = LLVM::UndefOp::create(b, loc, ctxType);
      for (auto [i, v] : llvm::enumerate(captures)) {
        Value field =
            v.getType() == fieldTypes[i]
                ? v
                : UnrealizedConversionCastOp::create(b, loc, fieldTypes[i], v).getResult(0);
        packed = LLVM::InsertValueOp::create(b, loc, packed, field, i);
      }
      LLVM::StoreOp::create(b, loc, packed, taskCtx);
    }
    Value fn = func::ConstantOp::create(b, loc, taskType, SymbolRefAttr::get(task));
    Value fnPtr = UnrealizedConversionCastOp::create(b, loc, ptrType, fn).getResult(0);
    LLVM::CallOp::create(b, loc, TypeRange{}, kDispatch, ValueRange{exec, n64, fnPtr, taskCtx});
    loop.erase();
  }

  ModuleOp module;
  DenseMap<Operation *, Operation *> lastTask;
  MLIRContext *ctx;
  LLVMTypeConverter converter;
  int64_t minWork, minItems;
  Type ptrType;
  IntegerType i64;
};

struct OutlineParallelLoops
    : public aicc::impl::OutlineParallelLoopsBase<OutlineParallelLoops> {
  using Base::Base;
  void runOnOperation() override {
    if (failed(Outliner(getOperation(), minWork, minItems).run()))
      signalPassFailure();
  }
};

} // namespace
