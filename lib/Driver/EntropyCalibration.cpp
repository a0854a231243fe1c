//===- EntropyCalibration.cpp - KL-divergence activation ranges -------------===//
#include "EntropyCalibration.h"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace mlir;

namespace {
constexpr int kBins = 2048, kLevels = 128;

/// KL(p || q) where q is p[0, n) merged into kLevels chunks, each chunk's
/// mass spread evenly over its non-empty bins; p's tail is folded into bin
/// n - 1 first.
double divergence(const std::vector<double> &hist, int n) {
  std::vector<double> p(hist.begin(), hist.begin() + n);
  for (int i = n; i < kBins; ++i)
    p[n - 1] += hist[i];
  std::vector<double> q(n, 0.0);
  for (int c = 0; c < kLevels; ++c) {
    int begin = (int)((int64_t)c * n / kLevels), end = (int)((int64_t)(c + 1) * n / kLevels);
    double mass = 0;
    int nonEmpty = 0;
    for (int i = begin; i < end; ++i) {
      mass += hist[i];
      nonEmpty += hist[i] > 0;
    }
    for (int i = begin; i < end; ++i)
      if (hist[i] > 0)
        q[i] = mass / nonEmpty;
  }
  double sp = 0, sq = 0;
  for (int i = 0; i < n; ++i) {
    sp += p[i];
    sq += q[i];
  }
  double kl = 0;
  for (int i = 0; i < n; ++i) {
    if (p[i] <= 0)
      continue;
    // The folded tail bin can be non-empty where q is empty: smooth it.
    double qi = std::max(q[i] / sq, 1e-12);
    kl += p[i] / sp * std::log((p[i] / sp) / qi);
  }
  return kl;
}
} // namespace

std::pair<float, float> mlir::aicc::entropyRange(ArrayRef<float> values, float lo, float hi) {
  float amax = std::max(std::fabs(lo), std::fabs(hi));
  if (!(amax > 0.0f) || !std::isfinite(amax) || values.empty())
    return {lo, hi};
  std::vector<double> hist(kBins, 0.0);
  for (float v : values)
    hist[std::min(kBins - 1, (int)(std::fabs(v) / amax * kBins))] += 1;
  int best = kBins;
  double bestKL = INFINITY;
  for (int n = kLevels; n <= kBins; ++n) {
    double kl = divergence(hist, n);
    if (kl < bestKL) {
      bestKL = kl;
      best = n;
    }
  }
  float t = amax * (float)best / kBins;
  return {std::max(lo, -t), std::min(hi, t)};
}
