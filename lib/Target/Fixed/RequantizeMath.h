//===- RequantizeMath.h - exact integer form of aicc.requantize ---*- C++ -*-===//
//
// aicc.requantize computes, per channel, q(acc) = round_half_even(f32(f32(acc)
// * scale)), then adds the zero point and saturates (docs/quantization.md).
// Hardware wants g(acc) = floor((acc * M + C) / 2^S) instead. The two are
// monotone step functions of acc, so clamp(q) = qLo + sum_v [acc >= tq(v)]
// over v in (qLo, qHi], likewise for g; they differ exactly on the
// accumulators between tq(v) and tg(v) for the steps where those differ.
// findFixedPoint picks M, S, C with as few such steps as possible (usually
// none: only f32 products that round onto an exact .5 break the linear
// form), and lists the rest as corrections, so that
//   clamp(q(acc), qLo, qHi) == clamp(g(acc), qLo, qHi) + corrections(acc)
// for every i32 acc. Both are proved by construction, not by sampling.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_FIXED_REQUANTIZEMATH_H
#define AICC_TARGET_FIXED_REQUANTIZEMATH_H

#include <cstdint>
#include <optional>
#include <vector>

namespace mlir::aicc::fixed {

/// +delta on accumulators in [from, to].
struct Correction {
  int64_t from, to, delta;
};

struct FixedPointScale {
  int64_t multiplier; ///< M > 0
  int64_t offset;     ///< C
  int64_t shift;      ///< S
  std::vector<Correction> corrections;
};

/// q(acc) exactly as the CPU path computes it (f32 convert, f32 multiply,
/// round half to even).
int64_t requantizeReference(int32_t acc, float scale);

/// M < 2^31, S <= 62 and C with the fewest corrections (see above); nothing
/// if `scale` is not positive and finite or qLo >= qHi.
std::optional<FixedPointScale> findFixedPoint(float scale, int64_t qLo, int64_t qHi);

/// clamp(g(acc), qLo, qHi) + corrections(acc): what the hardware computes.
int64_t applyFixedPoint(const FixedPointScale &f, int64_t acc, int64_t qLo, int64_t qHi);

} // namespace mlir::aicc::fixed

#endif
