//===- ConstantProducts.h - how a product by a weight is built ----*- C++ -*-===//
//
// Both forms of -target=fixed (Verilog and specialised software) build a
// product x * m by a constant magnitude m > 0 the same way: m = 1 is x
// itself, m = 2^k a shift, m with at most kMaxCSDDigits canonical signed
// digits shifts and adds (7x = (x << 3) - x), anything else a multiply by
// the constant. Inputs whose weights have the same magnitude are summed
// before the product (groupByMagnitude), so a dot product costs one product
// per distinct magnitude.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_FIXED_CONSTANTPRODUCTS_H
#define AICC_TARGET_FIXED_CONSTANTPRODUCTS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <map>
#include <utility>

namespace mlir::aicc::fixed {

/// Weights with at most this many canonical signed digits become shift-adds;
/// the rest stay constant multiplies.
constexpr size_t kMaxCSDDigits = 3;

/// The canonical signed digit (non-adjacent) form of m > 0: (shift, +-1)
/// pairs, least significant first, with no two adjacent non-zero digits,
/// so the fewest add/subtract terms. The most significant digit is +1.
inline llvm::SmallVector<std::pair<unsigned, int>> csdDigits(uint64_t m) {
  llvm::SmallVector<std::pair<unsigned, int>> digits;
  for (unsigned shift = 0; m; ++shift, m >>= 1) {
    if (!(m & 1))
      continue;
    int d = (m & 3) == 3 ? -1 : 1; // ...11 -> -1 and carry
    digits.push_back({shift, d});
    m = d < 0 ? m + 1 : m - 1;
  }
  return digits;
}

/// The canonical signed digits of the n-bit pattern c, as integer
/// arithmetic modulo 2^n sees it: a digit at bit n or above vanishes, so
/// -1 is the single digit -1 at bit 0, -3 is 1 - 4 and INT_MIN one digit at
/// bit n-1. Empty for c = 0 (mod 2^n).
inline llvm::SmallVector<std::pair<unsigned, int>> csdDigitsModulo(uint64_t c, unsigned n) {
  if (n < 64)
    c &= (uint64_t(1) << n) - 1;
  llvm::SmallVector<std::pair<unsigned, int>> digits = csdDigits(c); // the carry wraps at 64
  while (!digits.empty() && digits.back().first >= n)
    digits.pop_back();
  return digits;
}

/// Non-zero (input, weight) terms of one dot product grouped by |weight|:
/// magnitude -> (input, weight is negative), in increasing magnitude.
inline std::map<uint64_t, llvm::SmallVector<std::pair<int64_t, bool>>>
groupByMagnitude(llvm::ArrayRef<std::pair<int64_t, int64_t>> terms) {
  std::map<uint64_t, llvm::SmallVector<std::pair<int64_t, bool>>> groups;
  for (auto [k, w] : terms)
    if (w)
      groups[w < 0 ? -(uint64_t)w : (uint64_t)w].push_back({k, w < 0});
  return groups;
}

} // namespace mlir::aicc::fixed

#endif
