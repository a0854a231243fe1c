//===- AdderTree.h - sums of shifted wires as two-input adders ---*- C++ -*-===//
//
// The Verilog emitter writes every dot product as a tree of two-input
// adders, one `wire` per adder, each exactly as wide as the range of values
// it can hold. One long expression (`acc = a + (b <<< 2) - c * 85 ...`) is
// what yosys' alumacc merges into a single $macc cell at the accumulator's
// full width, which it then maps to a carry-save tree of full adders in LUTs
// (about four times the LUTs of separate carry-chain adders on iCE40: the
// MLP's fc3, 7635 against 1815 for da4ml). A separate adder whose operands
// are sign-extended or shifted wires of other widths is not merged: each
// stays an $alu, i.e. one carry chain. Separate wires alone are not
// enough: alumacc merges an adder whose whole result is an operand of one
// other adder, whatever the wires. So every adder computes {a, 0} +- {b, 0}
// and its users take bits [W:1], never its whole result: no adder feeds
// another whole, and yosys keeps one $alu per adder (the constant 0 bit
// costs no LUT).
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_FIXED_ADDERTREE_H
#define AICC_TARGET_FIXED_ADDERTREE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <map>
#include <string>

namespace mlir::aicc::fixed {

/// The signed value +-(wire << shift), where the wire is `width` bits wide
/// and holds values in [lo, hi]. An adder's wire has one more bit, a 0
/// below the value (padded): see AdderTreeWriter.
struct Term {
  std::string wire;
  int64_t lo = 0, hi = 0, width = 0;
  unsigned shift = 0;
  bool negative = false;
  bool padded = false;
};

/// Writes sums of terms as balanced trees of two-input adders into a module
/// body. Wires are named <prefix><n>; an adder whose operands, shifts and
/// signs equal an earlier one's is that wire again.
class AdderTreeWriter {
public:
  AdderTreeWriter(llvm::raw_ostream &os, std::string prefix)
      : os(os), prefix(std::move(prefix)) {}

  /// The sum of `terms` (at least one) as one term: at each level the terms
  /// are sorted by width and neighbours are added (similar widths meet), the
  /// smaller shift factored out (a + (b << 3) is (a' + (b' << 2)) << 1 when
  /// both are shifted), so every adder is as narrow as its values allow.
  Term sum(llvm::ArrayRef<Term> terms);

  /// `t`'s wire (without its sign) as a `width`-bit expression shifted by
  /// t.shift - drop: sign-extended when narrower, its low bits when wider
  /// (exact modulo 2^width).
  static std::string fit(const Term &t, int64_t width, unsigned drop = 0);

  /// a + b as one adder wire (or the earlier wire with the same operands,
  /// shifts and signs): a term with the smaller shift of the two, negative
  /// only when both are.
  Term add(const Term &a, const Term &b);

  int64_t adders = 0; ///< two-input adders written
  int64_t reused = 0; ///< adders found already written (same operands, shifts, signs)

private:
  llvm::raw_ostream &os;
  std::string prefix;
  /// Written adders by their right-hand side: one writer serves a whole
  /// layer, so a pair that two dot products (or two digits of a requantizer
  /// multiplier) add the same way is one adder.
  std::map<std::string, Term> written;
};

} // namespace mlir::aicc::fixed

#endif
