//===- LoopLowering.cpp - aicc.loop to scf.while on tensors ----------------===//
//
//   %n, %r = aicc.loop trips %m while %c iter_args(%x) ... { body }
//
// becomes a `scf.while` over (carried..., i: i64, cond: i1): the before
// region continues while `i < m` (when a trip count is given) and `cond`;
// the after region is the body, inlined, with the iteration number as
// `tensor<i64>`. Each yielded carried value is materialised into the
// buffer of its body argument, so one-shot bufferization sees yields
// equivalent to the iteration arguments and keeps one buffer per carried
// value (allocations inside the body are then local to an iteration, which
// aicc-plan-memory relies on).
//
//===----------------------------------------------------------------------===//
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// True when `v` is the result of an inner aicc.loop that carries `arg`
/// (directly or through further inner loops) as its initial value.
bool carriesThrough(Value v, Value arg) {
  while (auto inner = v.getDefiningOp<LoopOp>()) {
    unsigned k = cast<OpResult>(v).getResultNumber();
    if (k == 0) // the iteration count
      return false;
    v = inner.getInits()[k - 1];
    if (v == arg)
      return true;
  }
  return false;
}

struct LoopLowering : OpConversionPattern<LoopOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(LoopOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type i64 = rewriter.getI64Type();
    Value trips;
    if (adaptor.getTrips())
      trips = tensor::ExtractOp::create(rewriter, loc, adaptor.getTrips(), ValueRange{});
    Value cond = tensor::ExtractOp::create(rewriter, loc, adaptor.getCond(), ValueRange{});
    Value zero = arith::ConstantIntOp::create(rewriter, loc, i64, 0);
    // The carried values come first: the canonicalizer drops `cond` from
    // the values the before region forwards (the after region does not
    // read it), and bufferization matches forwarded values to the before
    // region's arguments by position.
    SmallVector<Value> inits(adaptor.getInits());
    size_t n = inits.size();
    inits.push_back(zero);
    inits.push_back(cond);
    SmallVector<Type> types = llvm::to_vector(ValueRange(inits).getTypes());
    SmallVector<Location> locs(types.size(), loc);
    auto loop = scf::WhileOp::create(rewriter, loc, types, inits);

    // Before: continue while i < trips and the condition holds.
    Block *before = rewriter.createBlock(&loop.getBefore(), {}, types, locs);
    Value go = before->getArgument(n + 1);
    if (trips) {
      Value below = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::slt,
                                          before->getArgument(n), trips);
      go = arith::AndIOp::create(rewriter, loc, below, go);
    }
    scf::ConditionOp::create(rewriter, loc, go, before->getArguments());

    // After: the body, with the iteration number as a 0-d tensor.
    Block *after = rewriter.createBlock(&loop.getAfter(), {}, types, locs);
    Value iter = after->getArgument(n);
    Value iterTensor = tensor::FromElementsOp::create(
        rewriter, loc, RankedTensorType::get({}, i64), ValueRange{iter});
    SmallVector<Value> bodyArgs{iterTensor};
    llvm::append_range(bodyArgs, after->getArguments().take_front(n));
    Block &body = op.getBody().front();
    auto yield = cast<YieldOp>(body.getTerminator());
    // The conversion rewriter replaces the body's arguments lazily: the
    // yield still names them after the inlining.
    SmallVector<Value> bodyArgsBefore(body.getArguments().drop_front());
    rewriter.inlineBlockBefore(&body, after, after->end(), bodyArgs);

    rewriter.setInsertionPoint(yield);
    SmallVector<Value> next;
    for (auto [k, v] : llvm::enumerate(yield.getValues().drop_front())) {
      Value arg = after->getArgument(k);
      if (v == bodyArgsBefore[k]) {
        next.push_back(arg);
        continue;
      }
      if (carriesThrough(v, bodyArgsBefore[k])) {
        // An inner loop updates the buffer in place already; materialising
        // its result in the same buffer would be a read-after-write
        // conflict bufferization cannot avoid.
        next.push_back(v);
        continue;
      }
      // The next value goes into this value's buffer: the reads of `arg`
      // in the body all come before the yield.
      next.push_back(bufferization::MaterializeInDestinationOp::create(rewriter, loc, v, arg)
                         .getResult());
    }
    next.push_back(arith::AddIOp::create(rewriter, loc, iter,
                                         arith::ConstantIntOp::create(rewriter, loc, i64, 1)));
    next.push_back(
        tensor::ExtractOp::create(rewriter, loc, yield.getValues()[0], ValueRange{}));
    scf::YieldOp::create(rewriter, loc, next);
    rewriter.eraseOp(yield);

    rewriter.setInsertionPointAfter(loop);
    SmallVector<Value> results{tensor::FromElementsOp::create(
        rewriter, loc, RankedTensorType::get({}, i64), ValueRange{loop.getResult(n)})};
    llvm::append_range(results, loop.getResults().take_front(n));
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void mlir::aicc::populateLoopToSCFPatterns(RewritePatternSet &patterns) {
  patterns.add<LoopLowering>(patterns.getContext());
}
