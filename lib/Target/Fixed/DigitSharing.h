//===- DigitSharing.h - shared digit pairs across a layer's sums -*- C++ -*-===//
//
// The Verilog emitter's form of Hartley's common-subexpression elimination
// for constant matrix products (what da4ml does, and what the
// aicc-fixed-share-products pass does on arith): every dot product of a
// layer is a list of signed digits sign * (leaf << shift), a leaf being a
// centred input (or, under -reuse, a phase-selected one). The pair of digits
// that occurs most often across all the layer's sums, up to a common shift
// and sign (`x_a + r (x_b << d)`, a == b allowed), becomes a new leaf,
// computed once; each non-overlapping occurrence
// `s ((x_a << k) + r (x_b << (k + d)))` becomes `s (t << k)`. Repeated while
// some pair occurs at least twice: a pair found c times saves c - 1 adders.
// Within one sum this also factors same magnitudes (3a - 3b is the pair
// a - b at shifts 0 and 2).
//
// Pure integer bookkeeping, no widths: the emitter gives each new leaf an
// adder wire exactly as wide as its range (AdderTree.h), so the sums stay
// bit-exact. Deterministic: ties go to the smaller relative shift (a
// narrower adder), then to the smaller leaves.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_FIXED_DIGITSHARING_H
#define AICC_TARGET_FIXED_DIGITSHARING_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <vector>

namespace mlir::aicc::fixed {

/// sign * (leaf << shift).
struct SignedDigit {
  uint32_t leaf = 0, shift = 0;
  int sign = 1;
};

/// A shared leaf: a + r * (b << d), over leaves created before it.
struct DigitPair {
  uint32_t a = 0, b = 0, d = 0;
  int r = 1;
  int64_t uses = 0; ///< occurrences it replaced
};

/// One sum's leaves and their integer coefficients as canonical signed
/// digits (coefficients of one leaf are added first; a zero one vanishes).
llvm::SmallVector<SignedDigit>
digitsOf(llvm::ArrayRef<std::pair<uint32_t, int64_t>> coefficients);

/// Extracts pairs from `forms` (digits over leaves 0 .. numLeaves-1) in
/// place, greedily, while one occurs at least minUses (>= 2) times without
/// overlap; pair i becomes leaf numLeaves + i. Counting pairs is quadratic
/// in a sum's digits, so consecutive sums holding more than maxPairs digit
/// pairs in all are shared in chunks of at most that many (at least one sum
/// each), each chunk on its own.
std::vector<DigitPair> shareDigitPairs(uint32_t numLeaves,
                                       std::vector<llvm::SmallVector<SignedDigit>> &forms,
                                       int64_t minUses = 2, int64_t maxPairs = 4'000'000);

} // namespace mlir::aicc::fixed

#endif
