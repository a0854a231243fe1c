// findFixedPoint against the f32 requantize it replaces: around every step,
// at every correction's edges and at random accumulators, for scales from
// 1e-9 to 10 and three output ranges.
#include "RequantizeMath.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

using namespace mlir::aicc::fixed;

namespace {

constexpr int64_t kMin = std::numeric_limits<int32_t>::min();
constexpr int64_t kMax = std::numeric_limits<int32_t>::max();

/// The number of accumulators where the fixed-point form differs.
int mismatches(float scale, int64_t qLo, int64_t qHi, std::mt19937 &rng) {
  std::optional<FixedPointScale> f = findFixedPoint(scale, qLo, qHi);
  if (!f)
    return -1;
  std::vector<int64_t> accs = {kMin, kMin + 1, -1, 0, 1, kMax - 1, kMax};
  for (int64_t v = qLo; v <= qHi + 1; ++v) {
    double t = (static_cast<double>(v) - 0.5) / scale;
    if (std::fabs(t) < 2.2e9)
      for (int64_t d = -3; d <= 3; ++d)
        accs.push_back(static_cast<int64_t>(t) + d);
  }
  for (const Correction &c : f->corrections)
    for (int64_t a : {c.from - 1, c.from, c.to, c.to + 1})
      accs.push_back(a);
  for (int i = 0; i < 2000; ++i)
    accs.push_back(static_cast<int32_t>(rng()));
  int bad = 0;
  for (int64_t a : accs) {
    if (a < kMin || a > kMax)
      continue;
    int64_t want = std::clamp(requantizeReference(static_cast<int32_t>(a), scale), qLo, qHi);
    bad += applyFixedPoint(*f, a, qLo, qHi) != want;
  }
  return bad;
}

TEST(RequantizeMath, ExactOverScalesAndRanges) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> exponent(-9, 1);
  std::vector<float> scales = {0.5f, 0.25f, 1.0f, 3.0f, 0.1f, 0.3f, 0.00249156496f, 1e-6f};
  for (int i = 0; i < 120; ++i)
    scales.push_back(std::pow(10.0f, exponent(rng)));
  for (float s : scales)
    for (auto [lo, hi] : {std::pair<int64_t, int64_t>{-123, 132}, {0, 255}, {-40, 215}})
      EXPECT_EQ(mismatches(s, lo, hi, rng), 0) << "scale " << s << " range " << lo << ".." << hi;
}

TEST(RequantizeMath, TypicalScaleNeedsNoCorrection) {
  // A per-channel scale from a quantize_static model, ReLU with zero point
  // -3 (the same case as aicc-fixed-point-requantize.mlir).
  std::optional<FixedPointScale> f = findFixedPoint(0.00317971315f, 0, 130);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->corrections.empty());
  EXPECT_EQ(f->multiplier, 213387);
  EXPECT_EQ(f->shift, 26);
}

TEST(RequantizeMath, ExactTiesBecomeCorrections) {
  // acc * 0.5 is a tie at every odd acc; round half to even alternates.
  std::optional<FixedPointScale> f = findFixedPoint(0.5f, -128, 127);
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->corrections.empty());
  for (int64_t acc = -300; acc <= 300; ++acc)
    EXPECT_EQ(applyFixedPoint(*f, acc, -128, 127),
              std::clamp<int64_t>(std::nearbyint(acc * 0.5), -128, 127));
}

TEST(RequantizeMath, RejectsNonPositiveScales) {
  EXPECT_FALSE(findFixedPoint(0.0f, -128, 127));
  EXPECT_FALSE(findFixedPoint(-0.5f, -128, 127));
  EXPECT_FALSE(findFixedPoint(std::numeric_limits<float>::infinity(), -128, 127));
  EXPECT_FALSE(findFixedPoint(std::numeric_limits<float>::quiet_NaN(), -128, 127));
  EXPECT_FALSE(findFixedPoint(0.5f, 5, 5));
}

} // namespace
