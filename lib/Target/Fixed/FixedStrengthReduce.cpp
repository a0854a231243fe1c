//===- FixedStrengthReduce.cpp - the aicc-fixed-strength-reduce pass --------===//
//
// `arith.muli x, C` with a constant C becomes the shifts and adds of C's
// canonical signed digits when there are at most max-digits of them (0, +-1,
// +-2^k and 7x = (x << 3) - x are the small cases). Integer arithmetic wraps
// modulo 2^n, so C is taken modulo 2^n and digits at or above bit n vanish:
// -1 is one digit (0 - x), INT_MIN one shift by n-1. Works on any arith IR
// (the specialised software form and, later, the RTL path).
//
//===----------------------------------------------------------------------===//
#include "ConstantProducts.h"
#include "aicc/Target/Fixed/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_FIXEDSTRENGTHREDUCE
#include "aicc/Target/Fixed/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::fixed;

namespace {

struct FixedStrengthReducePass
    : aicc::impl::FixedStrengthReduceBase<FixedStrengthReducePass> {
  using FixedStrengthReduceBase::FixedStrengthReduceBase;

  void runOnOperation() override {
    SmallVector<arith::MulIOp> muls;
    getOperation()->walk([&](arith::MulIOp op) { muls.push_back(op); });
    for (arith::MulIOp op : muls)
      reduce(op);
    numReduced = reduced;
    numKept = kept;
    numShifts = shifts;
    numAdds = adds;
    // LLVM's statistics are no-ops in release builds of LLVM: the counts
    // also go on the op.
    Builder b(&getContext());
    auto i = [&](int64_t v) { return b.getI64IntegerAttr(v); };
    getOperation()->setAttr("aicc.fixed.strength_reduce",
                            b.getDictionaryAttr({b.getNamedAttr("reduced", i(reduced)),
                                                 b.getNamedAttr("kept", i(kept)),
                                                 b.getNamedAttr("shifts", i(shifts)),
                                                 b.getNamedAttr("adds", i(adds))}));
  }
  int64_t reduced = 0, kept = 0, shifts = 0, adds = 0;

  void reduce(arith::MulIOp op) {
    auto type = dyn_cast<IntegerType>(op.getType());
    if (!type || type.getWidth() < 2 || type.getWidth() > 64)
      return;
    APInt c;
    Value x = op.getLhs();
    if (!matchPattern(op.getRhs(), m_ConstantInt(&c))) {
      if (!matchPattern(op.getLhs(), m_ConstantInt(&c)))
        return;
      x = op.getRhs();
    }
    unsigned n = type.getWidth();
    SmallVector<std::pair<unsigned, int>> digits = csdDigitsModulo(c.getZExtValue(), n);
    if (digits.size() > static_cast<size_t>(maxDigits)) {
      ++kept;
      return;
    }
    OpBuilder b(op);
    Location loc = op.getLoc();
    auto constant = [&](int64_t v) -> Value {
      return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, v));
    };
    auto shl = [&](unsigned s) -> Value {
      if (!s)
        return x;
      ++shifts;
      return arith::ShLIOp::create(b, loc, x, constant(s));
    };
    Value r;
    if (digits.empty()) {
      r = constant(0);
    } else {
      // Start from the most significant positive digit (0 - ... if none),
      // then add or subtract the others from the top down.
      auto first = llvm::find_if(llvm::reverse(digits), [](auto d) { return d.second > 0; });
      if (first != digits.rend()) {
        r = shl(first->first);
      } else {
        r = arith::SubIOp::create(b, loc, constant(0), shl(digits.back().first));
        ++adds;
      }
      for (auto [shift, d] : llvm::reverse(digits)) {
        if (first != digits.rend() ? shift == first->first : shift == digits.back().first)
          continue;
        Value term = shl(shift);
        r = d < 0 ? arith::SubIOp::create(b, loc, r, term).getResult()
                  : arith::AddIOp::create(b, loc, r, term).getResult();
        ++adds;
      }
    }
    ++reduced;
    op.replaceAllUsesWith(r);
    op.erase();
  }
};

} // namespace
