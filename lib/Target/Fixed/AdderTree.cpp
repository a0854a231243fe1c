//===- AdderTree.cpp - sums of shifted wires as two-input adders ----------===//
#include "AdderTree.h"
#include "VerilogLayers.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>

using namespace mlir::aicc::fixed;

namespace {
int64_t shl(int64_t v, unsigned s) { return v * (int64_t(1) << s); }
} // namespace


std::string AdderTreeWriter::fit(const Term &t, int64_t width, unsigned drop) {
  int64_t lsb = t.padded ? 1 : 0;
  auto bits = [&](int64_t hi) {
    return t.wire + "[" + std::to_string(hi + lsb) + ":" + std::to_string(lsb) + "]";
  };
  std::string v = t.padded ? bits(t.width - 1) : t.wire;
  if (t.width < width)
    v = "$signed({{" + std::to_string(width - t.width) + "{" + t.wire + "[" +
        std::to_string(t.width - 1 + lsb) + "]}}, " + v + "})";
  else if (t.width > width)
    v = "$signed(" + bits(width - 1) + ")";
  else if (t.padded)
    v = "$signed(" + v + ")";
  unsigned s = t.shift - drop;
  return s ? "(" + v + " <<< " + std::to_string(s) + ")" : v;
}

Term AdderTreeWriter::add(const Term &a0, const Term &b0) {
  // A positive term first: a + b, a - b, or -(a + b) when both are negative.
  bool swap = a0.negative && !b0.negative;
  const Term &a = swap ? b0 : a0, &b = swap ? a0 : b0;
  unsigned shift = std::min(a.shift, b.shift);
  Term t;
  t.shift = shift;
  t.negative = a.negative; // both negative: the wire holds -(value)
  bool sub = a.negative != b.negative;
  // The wire's range: (a + b) or (a - b) with the common shift removed.
  int64_t alo = shl(a.lo, a.shift - shift), ahi = shl(a.hi, a.shift - shift);
  int64_t blo = shl(b.lo, b.shift - shift), bhi = shl(b.hi, b.shift - shift);
  t.lo = sub ? alo - bhi : alo + blo;
  t.hi = sub ? ahi - blo : ahi + bhi;
  t.width = signedBits(t.lo, t.hi);
  t.padded = true;
  std::string rhs = "{" + fit(a, t.width, shift) + ", 1'b0}" + (sub ? " - " : " + ") + "{" +
                    fit(b, t.width, shift) + ", 1'b0}";
  auto [it, added] = written.try_emplace(rhs, t);
  if (!added) {
    ++reused;
    Term w = it->second;
    w.shift = t.shift, w.negative = t.negative;
    return w;
  }
  t.wire = it->second.wire = prefix + std::to_string(adders++);
  os << "  wire signed [" << t.width << ":0] " << t.wire << " = " << rhs << ";\n";
  return t;
}

Term AdderTreeWriter::sum(llvm::ArrayRef<Term> terms) {
  llvm::SmallVector<Term> level(terms.begin(), terms.end());
  while (level.size() > 1) {
    // Similar widths meet (the width a term occupies once shifted).
    llvm::stable_sort(level, [](const Term &x, const Term &y) {
      return x.width + x.shift < y.width + y.shift;
    });
    llvm::SmallVector<Term> next;
    for (size_t i = 0; i + 1 < level.size(); i += 2)
      next.push_back(add(level[i], level[i + 1]));
    if (level.size() % 2)
      next.push_back(level.back());
    level = std::move(next);
  }
  return level.front();
}
