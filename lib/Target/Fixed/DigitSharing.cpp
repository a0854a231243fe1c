//===- DigitSharing.cpp - shared digit pairs across a layer's sums ----------===//
#include "DigitSharing.h"
#include "ConstantProducts.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"

#include <queue>
#include <tuple>

using namespace mlir::aicc;
using namespace mlir::aicc::fixed;

namespace {

constexpr unsigned kLeafBits = 28;

/// A pair as a key: the digit with the smaller shift (then leaf) first, the
/// shift difference and whether the signs differ.
uint64_t pairKey(const SignedDigit &p0, const SignedDigit &q0) {
  const SignedDigit *p = &p0, *q = &q0;
  if (q->shift < p->shift || (q->shift == p->shift && q->leaf < p->leaf))
    std::swap(p, q);
  return (uint64_t)p->leaf << 35 | (uint64_t)q->leaf << 7 |
         (uint64_t)(q->shift - p->shift) << 1 | (p->sign != q->sign);
}
uint32_t keyA(uint64_t key) { return key >> 35; }
uint32_t keyB(uint64_t key) { return (key >> 7) & ((1u << kLeafBits) - 1); }
uint32_t keyD(uint64_t key) { return (key >> 1) & 63; }

class Sharer {
public:
  Sharer(uint32_t numLeaves, std::vector<llvm::SmallVector<SignedDigit>> &forms,
         int64_t minUses)
      : numLeaves(numLeaves), forms(forms), minUses(minUses), alive(forms.size()),
        formsOfLeaf(numLeaves) {}

  std::vector<DigitPair> run();

private:
  /// Most uses first; then the smaller relative shift (a narrower adder);
  /// then the smaller key: the order does not depend on hashing.
  using Entry = std::tuple<int64_t, int64_t, uint64_t>;
  static Entry entry(int64_t c, uint64_t key) { return {c, -(int64_t)keyD(key), ~key}; }

  void bump(uint64_t key, int delta) {
    int64_t &c = count[key];
    c += delta;
    if (delta > 0 && c >= minUses)
      heap.push(entry(c, key));
  }
  /// Adds delta to the count of every pair of digit i of form f with its
  /// other alive digits.
  void addPairs(uint32_t f, size_t i, int delta) {
    for (size_t j = 0; j < forms[f].size(); ++j)
      if (j != i && alive[f][j])
        bump(pairKey(forms[f][i], forms[f][j]), delta);
  }
  bool extract(uint64_t key);

  uint32_t numLeaves;
  std::vector<llvm::SmallVector<SignedDigit>> &forms;
  int64_t minUses;
  std::vector<llvm::SmallVector<bool>> alive;
  std::vector<llvm::SmallVector<uint32_t>> formsOfLeaf;
  std::vector<DigitPair> pairs;
  llvm::DenseMap<uint64_t, int64_t> count, rejected;
  std::priority_queue<Entry> heap;
};

/// Extracts the pair `key` if it has at least minUses non-overlapping
/// occurrences.
bool Sharer::extract(uint64_t key) {
  uint32_t a = keyA(key), b = keyB(key), d = keyD(key);
  int r = key & 1 ? -1 : 1;
  llvm::SmallVector<std::tuple<uint32_t, size_t, size_t>> found; // (form, p, q)
  llvm::SmallVector<uint32_t> fs(formsOfLeaf[a]);
  llvm::sort(fs);
  fs.erase(std::unique(fs.begin(), fs.end()), fs.end());
  for (uint32_t f : fs) {
    auto &digits = forms[f];
    llvm::SmallVector<bool> used(digits.size());
    for (size_t i = 0; i < digits.size(); ++i) {
      const SignedDigit &p = digits[i];
      if (!alive[f][i] || used[i] || p.leaf != a)
        continue;
      for (size_t j = 0; j < digits.size(); ++j) {
        const SignedDigit &q = digits[j];
        if (j == i || !alive[f][j] || used[j] || q.leaf != b || q.shift != p.shift + d ||
            q.sign != p.sign * r)
          continue;
        found.push_back({f, i, j});
        used[i] = used[j] = true;
        break;
      }
    }
  }
  if ((int64_t)found.size() < minUses)
    return false;
  uint32_t t = numLeaves + pairs.size();
  pairs.push_back({a, b, d, r, (int64_t)found.size()});
  formsOfLeaf.emplace_back();
  for (auto [f, i, j] : found) {
    SignedDigit p = forms[f][i];
    alive[f][i] = alive[f][j] = false;
    bump(pairKey(forms[f][i], forms[f][j]), -1);
    addPairs(f, i, -1);
    addPairs(f, j, -1);
    forms[f].push_back({t, p.shift, p.sign});
    alive[f].push_back(true);
    addPairs(f, forms[f].size() - 1, +1);
    formsOfLeaf[t].push_back(f);
  }
  return true;
}

std::vector<DigitPair> Sharer::run() {
  for (auto [f, digits] : llvm::enumerate(forms)) {
    alive[f].assign(digits.size(), true);
    for (size_t i = 0; i < digits.size(); ++i) {
      formsOfLeaf[digits[i].leaf].push_back(f);
      for (size_t j = i + 1; j < digits.size(); ++j)
        ++count[pairKey(digits[i], digits[j])];
    }
  }
  for (auto [key, c] : count)
    if (c >= minUses)
      heap.push(entry(c, key));
  while (!heap.empty()) {
    auto [c, negD, notKey] = heap.top();
    heap.pop();
    uint64_t key = ~notKey;
    int64_t now = count.lookup(key);
    if (now != c) { // stale; a larger count has its own entry
      if (now >= minUses && now < c)
        heap.push(entry(now, key));
      continue;
    }
    if (auto it = rejected.find(key); it != rejected.end() && it->second == now)
      continue;
    if (!extract(key))
      rejected[key] = now;
    else if (int64_t left = count.lookup(key); left >= minUses)
      heap.push(entry(left, key)); // occurrences that overlapped the extracted ones
  }
  for (auto [f, digits] : llvm::enumerate(forms)) {
    llvm::SmallVector<SignedDigit> kept;
    for (auto [i, dg] : llvm::enumerate(digits))
      if (alive[f][i])
        kept.push_back(dg);
    digits = std::move(kept);
  }
  return std::move(pairs);
}

} // namespace

llvm::SmallVector<SignedDigit>
fixed::digitsOf(llvm::ArrayRef<std::pair<uint32_t, int64_t>> coefficients) {
  llvm::MapVector<uint32_t, int64_t> sum;
  for (auto [leaf, c] : coefficients)
    sum[leaf] += c;
  llvm::SmallVector<SignedDigit> digits;
  for (auto [leaf, c] : sum) {
    if (!c)
      continue;
    for (auto [shift, d] : csdDigits(c < 0 ? -(uint64_t)c : (uint64_t)c))
      digits.push_back({leaf, shift, c < 0 ? -d : d});
  }
  return digits;
}

std::vector<DigitPair> fixed::shareDigitPairs(uint32_t numLeaves,
                                              std::vector<llvm::SmallVector<SignedDigit>> &forms,
                                              int64_t minUses, int64_t maxPairs) {
  if (numLeaves >= (1u << kLeafBits) / 4)
    return {}; // far beyond any layer; the key would not hold the leaf ids
  for (const auto &digits : forms)
    for (const SignedDigit &dg : digits)
      if (dg.shift >= 32)
        return {}; // the key holds relative shifts below 64
  // Consecutive sums in chunks of at most maxPairs digit pairs (at least one
  // sum each), shared chunk by chunk: the pair table grows with the square
  // of a sum's digits (a 256 x 128 layer at once: 600 MB).
  std::vector<DigitPair> pairs;
  for (size_t begin = 0; begin < forms.size();) {
    size_t end = begin;
    int64_t total = 0;
    while (end < forms.size()) {
      int64_t n = forms[end].size(), p = n * (n - 1) / 2;
      if (end > begin && total + p > maxPairs)
        break;
      total += p, ++end;
    }
    std::vector<llvm::SmallVector<SignedDigit>> chunk(
        std::make_move_iterator(forms.begin() + begin), std::make_move_iterator(forms.begin() + end));
    uint32_t leaves = numLeaves + pairs.size();
    std::vector<DigitPair> found = Sharer(leaves, chunk, std::max<int64_t>(2, minUses)).run();
    pairs.insert(pairs.end(), found.begin(), found.end());
    std::move(chunk.begin(), chunk.end(), forms.begin() + begin);
    begin = end;
  }
  return pairs;
}
