//===- RequantizeMath.cpp - exact integer form of aicc.requantize -----------===//
#include "RequantizeMath.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlir::aicc::fixed {

int64_t requantizeReference(int32_t acc, float scale) {
  // volatile keeps the product in f32 (no contraction, no wider temporary),
  // as arith.mulf on f32 does.
  volatile float product = static_cast<float>(acc) * scale;
  return static_cast<int64_t>(std::nearbyint(product));
}

namespace {

constexpr int64_t kMin = std::numeric_limits<int32_t>::min();
constexpr int64_t kMax = std::numeric_limits<int32_t>::max();

int64_t floorShift(__int128 p, int64_t s) { return static_cast<int64_t>(p >> s); }

/// The smallest acc in i32 with q(acc) >= v; kMax + 1 if there is none.
int64_t thresholdQ(float scale, int64_t v) {
  if (requantizeReference(kMin, scale) >= v)
    return kMin;
  if (requantizeReference(kMax, scale) < v)
    return kMax + 1;
  int64_t lo = kMin, hi = kMax; // q(lo) < v <= q(hi)
  while (hi - lo > 1) {
    int64_t mid = lo + (hi - lo) / 2;
    (requantizeReference(static_cast<int32_t>(mid), scale) >= v ? hi : lo) = mid;
  }
  return hi;
}

/// The smallest acc in i32 with g(acc) >= v, i.e. acc*M + C >= v*2^S;
/// kMax + 1 if there is none.
int64_t thresholdG(int64_t m, int64_t c, int64_t s, int64_t v) {
  __int128 need = (static_cast<__int128>(v) << s) - c; // acc * m >= need
  __int128 t = need >= 0 ? (need + m - 1) / m : -((-need) / m);
  return static_cast<int64_t>(std::clamp<__int128>(t, kMin, kMax + 1));
}

struct Candidate {
  int64_t m, s, c;
  int misses;
};

/// The C in the most intervals [lo_v, hi_v]: C gives step v exactly where
/// (t - 1) * M + C < v * 2^S <= t * M + C. Ties go to the C nearest 2^(S-1).
Candidate bestOffset(const std::vector<std::pair<int64_t, int64_t>> &steps, int64_t m,
                     int64_t s) {
  std::vector<std::pair<__int128, int>> events; // (position, +1 open / -1 after close)
  for (auto [v, t] : steps) {
    __int128 target = static_cast<__int128>(v) << s;
    __int128 lo = t <= kMax ? target - static_cast<__int128>(t) * m : -(__int128(1) << 100);
    __int128 hi = t > kMin ? target - static_cast<__int128>(t - 1) * m - 1 : (__int128(1) << 100);
    events.push_back({lo, +1});
    events.push_back({hi + 1, -1});
  }
  std::sort(events.begin(), events.end());
  __int128 half = static_cast<__int128>(1) << (s - 1);
  int depth = 0, best = -1;
  __int128 bestC = half;
  for (size_t i = 0; i < events.size(); ++i) {
    depth += events[i].second;
    if (i + 1 < events.size() && events[i + 1].first == events[i].first)
      continue;
    __int128 from = events[i].first, to = i + 1 < events.size() ? events[i + 1].first - 1 : from;
    if (from > to)
      continue;
    __int128 c = std::clamp(half, from, to);
    auto dist = [&](__int128 x) { return x > half ? x - half : half - x; };
    if (depth > best || (depth == best && dist(c) < dist(bestC))) {
      best = depth;
      bestC = c;
    }
  }
  int64_t limit = std::numeric_limits<int64_t>::max() / 4;
  return {m, s, static_cast<int64_t>(std::clamp<__int128>(bestC, -limit, limit)),
          static_cast<int>(steps.size()) - best};
}

} // namespace

int64_t applyFixedPoint(const FixedPointScale &f, int64_t acc, int64_t qLo, int64_t qHi) {
  int64_t g = floorShift(static_cast<__int128>(acc) * f.multiplier + f.offset, f.shift);
  int64_t y = std::clamp(g, qLo, qHi);
  for (const Correction &c : f.corrections)
    if (acc >= c.from && acc <= c.to)
      y += c.delta;
  return y;
}

std::optional<FixedPointScale> findFixedPoint(float scale, int64_t qLo, int64_t qHi) {
  if (!(scale > 0) || !std::isfinite(scale) || qLo >= qHi)
    return std::nullopt;
  std::vector<std::pair<int64_t, int64_t>> steps; // (v, tq(v))
  for (int64_t v = qLo + 1; v <= qHi; ++v)
    steps.push_back({v, thresholdQ(scale, v)});
  std::optional<Candidate> best;
  for (int64_t s = 1; s <= 62 && !(best && best->misses == 0); ++s) {
    double ideal = std::ldexp(static_cast<double>(scale), static_cast<int>(s));
    if (ideal >= static_cast<double>(int64_t(1) << 31))
      break;
    if (ideal < 64) // too coarse to follow the steps
      continue;
    for (int64_t d : {0, -1, 1, -2, 2}) {
      int64_t m = static_cast<int64_t>(std::llround(ideal)) + d;
      if (m <= 0)
        continue;
      Candidate c = bestOffset(steps, m, s);
      if (!best || c.misses < best->misses)
        best = c;
      if (best->misses == 0)
        break;
    }
  }
  if (!best)
    return std::nullopt;
  FixedPointScale f{best->m, best->c, best->s, {}};
  for (auto [v, tq] : steps) {
    int64_t tg = thresholdG(f.multiplier, f.offset, f.shift, v);
    if (tq < tg)
      f.corrections.push_back({tq, tg - 1, +1});
    else if (tg < tq)
      f.corrections.push_back({tg, tq - 1, -1});
  }
  return f;
}

} // namespace mlir::aicc::fixed
