//===- FixedShareProducts.cpp - the aicc-fixed-share-products pass ----------===//
//
// Shared subexpressions across the sums of a block (a layer's dot products),
// greedily as in Hartley's common-subexpression elimination for constant
// matrix products (what da4ml does at the digit level):
//
//  1. every root of an addi/subi tree becomes a linear form: a constant plus
//     coefficient * leaf, looking through `muli leaf, C` and constants;
//  2. each coefficient with at most max-digits canonical signed digits is
//     split into its digits +-(leaf << s); a longer one stays one term of the
//     product leaf `leaf * |C|`, built once per block for every sum that
//     needs it (the same x_i * C in several neurons);
//  3. the pair of digits that occurs most often across the forms, up to a
//     common shift and sign (`x_a + r * (x_b << d)`, a == b allowed), becomes
//     a new leaf t, computed once, and every non-overlapping occurrence
//     `s * ((x_a << k) + r * (x_b << (k + d)))` becomes `s * (t << k)`;
//     repeated while some pair occurs at least twice (each extraction of a
//     pair that occurs c times saves c - 1 adders);
//  4. the forms that changed (or hold a constant product) are rebuilt as
//     plain arith: per leaf one `muli leaf, |C|` (left to
//     aicc-fixed-strength-reduce) added or subtracted.
//
// Same-magnitude factoring within one dot product falls out of step 3:
// 3a - 3b has the pair (a, -b) at shifts 0 and 2, so t = a - b and 3t. All
// of this is exact: integer arithmetic modulo 2^n is a commutative ring.
//
//===----------------------------------------------------------------------===//
#include "ConstantProducts.h"
#include "aicc/Target/Fixed/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include <queue>

namespace mlir::aicc {
#define GEN_PASS_DEF_FIXEDSHAREPRODUCTS
#include "aicc/Target/Fixed/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::fixed;

namespace {

/// sign * (leaf << shift), one term of a form.
struct Digit {
  uint32_t leaf, shift;
  int sign;
  bool alive = true;
};

/// One sum of the block.
struct Form {
  Operation *root;
  llvm::SetVector<Operation *> tree; ///< the ops flattened into it, root first
  SmallVector<Digit> digits;
  uint64_t constant = 0;
  bool hasProduct = false, touched = false;
};

/// A value and whether it is the negation of what it stands for.
struct Signed {
  Value value;
  bool negated = false;
};

/// An existing value, `x * mag` (a product leaf) or `a + r * (b << d)` (an
/// extracted pair). `built` is the value once built; a pair whose sums
/// mostly subtract it is built negated (`(b << d) - a` for `a - (b << d)`).
struct Leaf {
  enum Kind { Existing, Product, Pair } kind = Existing;
  Signed built;
  uint32_t a = 0, b = 0, d = 0;
  int r = 1;
  uint64_t mag = 0;
  int64_t uses = 0; ///< sums adding it minus sums subtracting it
};

constexpr unsigned kLeafBits = 28;

/// Pairs of digits as a key: the digit with the smaller shift (then leaf)
/// first, their shift difference and whether the signs differ.
uint64_t pairKey(const Digit &p0, const Digit &q0) {
  const Digit *p = &p0, *q = &q0;
  if (q->shift < p->shift || (q->shift == p->shift && q->leaf < p->leaf))
    std::swap(p, q);
  return (uint64_t)p->leaf << 35 | (uint64_t)q->leaf << 7 | (uint64_t)(q->shift - p->shift) << 1 |
         (p->sign != q->sign);
}

/// What the pass did, summed over the blocks (see Passes.td).
struct ShareCounts {
  int64_t addersBefore = 0, addersAfter = 0, productsBefore = 0, productsAfter = 0, pairs = 0;
};

/// The sums of one integer type in one block.
class BlockSharer {
public:
  BlockSharer(ShareCounts &counts, IntegerType type, int64_t maxDigits, int64_t minUses)
      : counts(counts), type(type), n(type.getWidth()),
        mask(n == 64 ? ~uint64_t(0) : (uint64_t(1) << n) - 1),
        maxDigits(std::max<int64_t>(1, maxDigits)), minUses(std::max<int64_t>(2, minUses)) {}

  void run(ArrayRef<Operation *> roots);

private:
  uint32_t leafOf(Value v) {
    auto [it, inserted] = existing.try_emplace(v, leaves.size());
    if (inserted) {
      leaves.push_back({});
      leaves.back().built.value = v;
    }
    return it->second;
  }
  void flatten(Form &f);
  void addPairs(Form &f, size_t i, int delta);
  void bump(uint64_t key, int delta);
  bool extract(uint64_t key);
  Signed build(uint32_t leaf, OpBuilder &b, Location loc);
  Signed multiply(uint32_t leaf, uint64_t mag, OpBuilder &b, Location loc);
  Value constant(OpBuilder &b, Location loc, uint64_t v) {
    return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, v));
  }
  void rebuild(Form &f);

  ShareCounts &counts;
  IntegerType type;
  unsigned n;
  uint64_t mask;
  int64_t maxDigits, minUses;
  std::vector<Leaf> leaves;
  DenseMap<Value, uint32_t> existing;
  DenseMap<std::pair<uint32_t, uint64_t>, uint32_t> products;
  DenseMap<std::pair<uint32_t, uint64_t>, Signed> built; ///< leaf * mag, built
  std::vector<Form> forms;
  std::vector<SmallVector<uint32_t>> formsOfLeaf;
  DenseMap<uint64_t, int64_t> count, rejected;
  std::priority_queue<std::pair<int64_t, uint64_t>> heap;
};

struct FixedSharePass : aicc::impl::FixedShareProductsBase<FixedSharePass> {
  using FixedShareProductsBase::FixedShareProductsBase;
  static bool isSum(Operation *op) {
    auto type = op->getNumResults() == 1 ? dyn_cast<IntegerType>(op->getResult(0).getType())
                                         : IntegerType();
    return isa<arith::AddIOp, arith::SubIOp>(op) && type && type.getWidth() >= 2 &&
           type.getWidth() <= 64;
  }
  /// An add or subtract whose only use is another of its block's sums.
  static bool isInterior(Operation *op) {
    if (!isSum(op) || !op->hasOneUse())
      return false;
    Operation *user = *op->getUsers().begin();
    return user->getBlock() == op->getBlock() && isSum(user) &&
           user->getResult(0).getType() == op->getResult(0).getType();
  }

  void runOnOperation() override {
    SmallVector<Block *> blocks;
    getOperation()->walk([&](Block *b) { blocks.push_back(b); });
    for (Block *block : blocks) {
      llvm::MapVector<Type, SmallVector<Operation *>> roots;
      for (Operation &op : *block)
        if (isSum(&op) && !isInterior(&op))
          roots[op.getResult(0).getType()].push_back(&op);
      for (auto &[type, ops] : roots)
        BlockSharer(counts, cast<IntegerType>(type), maxDigits, minUses).run(ops);
    }
    numAddersBefore = counts.addersBefore;
    numAddersAfter = counts.addersAfter;
    numProductsBefore = counts.productsBefore;
    numProductsAfter = counts.productsAfter;
    numPairs = counts.pairs;
    // LLVM's statistics are no-ops in release builds of LLVM: the counts
    // also go on the op.
    Builder b(&getContext());
    getOperation()->setAttr(
        "aicc.fixed.share_products",
        b.getDictionaryAttr({b.getNamedAttr("adders_before", b.getI64IntegerAttr(counts.addersBefore)),
                             b.getNamedAttr("adders_after", b.getI64IntegerAttr(counts.addersAfter)),
                             b.getNamedAttr("multiplies_before", b.getI64IntegerAttr(counts.productsBefore)),
                             b.getNamedAttr("multiplies_after", b.getI64IntegerAttr(counts.productsAfter)),
                             b.getNamedAttr("pairs", b.getI64IntegerAttr(counts.pairs))}));
  }
  ShareCounts counts;
};

void BlockSharer::flatten(Form &f) {
  llvm::MapVector<Value, uint64_t> terms;
  SmallVector<std::pair<Value, uint64_t>> work{{f.root->getResult(0), 1}};
  while (!work.empty()) {
    auto [v, coef] = work.pop_back_val();
    Operation *d = v.getDefiningOp();
    APInt c;
    if (matchPattern(v, m_ConstantInt(&c))) {
      f.constant = (f.constant + coef * c.getZExtValue()) & mask;
      continue;
    }
    if (d && d->getBlock() == f.root->getBlock() &&
        (d == f.root || FixedSharePass::isInterior(d))) {
      f.tree.insert(d);
      work.push_back({d->getOperand(1), isa<arith::SubIOp>(d) ? (0 - coef) & mask : coef});
      work.push_back({d->getOperand(0), coef});
      continue;
    }
    auto mul = dyn_cast_or_null<arith::MulIOp>(d);
    if (mul && mul->getBlock() == f.root->getBlock()) {
      Value x = mul.getLhs();
      if (!matchPattern(mul.getRhs(), m_ConstantInt(&c))) {
        x = mul.getRhs();
        if (!matchPattern(mul.getLhs(), m_ConstantInt(&c)))
          x = Value();
      }
      if (x) {
        f.tree.insert(mul);
        terms[x] = (terms[x] + coef * c.getZExtValue()) & mask;
        continue;
      }
    }
    terms[v] = (terms[v] + coef) & mask;
  }
  for (auto [v, coef] : terms) {
    if (!coef)
      continue;
    f.hasProduct |= coef != 1 && coef != mask;
    uint32_t leaf = leafOf(v);
    SmallVector<std::pair<unsigned, int>> digits = csdDigitsModulo(coef, n);
    if ((int64_t)digits.size() <= maxDigits) {
      for (auto [s, sign] : digits)
        f.digits.push_back({leaf, s, sign});
      continue;
    }
    // A constant product too long for shift-adds: one leaf leaf * |C|.
    int64_t sc = llvm::SignExtend64(coef, n);
    bool negative = sc < 0 && coef != (uint64_t(1) << (n - 1));
    uint64_t mag = negative ? (0 - coef) & mask : coef;
    auto [it, inserted] = products.try_emplace({leaf, mag}, leaves.size());
    if (inserted) {
      leaves.push_back({Leaf::Product, {}, leaf, 0, 0, 1, mag});
      ++counts.productsAfter;
    }
    ++counts.productsBefore;
    f.digits.push_back({it->second, 0, negative ? -1 : 1});
  }
}

void BlockSharer::bump(uint64_t key, int delta) {
  int64_t &c = count[key];
  c += delta;
  if (delta > 0 && c >= minUses)
    heap.push({c, key});
}

/// Adds delta to the count of every pair of digit i with the other alive
/// digits of f.
void BlockSharer::addPairs(Form &f, size_t i, int delta) {
  for (size_t j = 0; j < f.digits.size(); ++j)
    if (j != i && f.digits[j].alive)
      bump(pairKey(f.digits[i], f.digits[j]), delta);
}

/// Extracts the pair `key` if it has at least minUses non-overlapping
/// occurrences.
bool BlockSharer::extract(uint64_t key) {
  uint32_t a = key >> 35, b = (key >> 7) & ((1u << kLeafBits) - 1);
  unsigned d = (key >> 1) & 63;
  int r = key & 1 ? -1 : 1;
  // (form, first digit, second digit), non-overlapping.
  SmallVector<std::tuple<uint32_t, size_t, size_t>> found;
  SmallVector<uint32_t> fs(formsOfLeaf[a]);
  llvm::sort(fs);
  fs.erase(std::unique(fs.begin(), fs.end()), fs.end());
  for (uint32_t fi : fs) {
    Form &f = forms[fi];
    SmallVector<bool> used(f.digits.size());
    for (size_t i = 0; i < f.digits.size(); ++i) {
      const Digit &p = f.digits[i];
      if (!p.alive || used[i] || p.leaf != a)
        continue;
      for (size_t j = 0; j < f.digits.size(); ++j) {
        const Digit &q = f.digits[j];
        if (j == i || !q.alive || used[j] || q.leaf != b || q.shift != p.shift + d ||
            q.sign != p.sign * r)
          continue;
        found.push_back({fi, i, j});
        used[i] = used[j] = true;
        break;
      }
    }
  }
  if ((int64_t)found.size() < minUses)
    return false;
  uint32_t t = leaves.size();
  leaves.push_back({Leaf::Pair, {}, a, b, d, r, 0});
  formsOfLeaf.emplace_back();
  for (auto [fi, i, j] : found) {
    Form &f = forms[fi];
    f.touched = true;
    Digit p = f.digits[i];
    f.digits[i].alive = f.digits[j].alive = false;
    bump(pairKey(f.digits[i], f.digits[j]), -1);
    addPairs(f, i, -1);
    addPairs(f, j, -1);
    f.digits.push_back({t, p.shift, p.sign});
    addPairs(f, f.digits.size() - 1, +1);
    formsOfLeaf[t].push_back(fi);
  }
  ++counts.pairs;
  counts.addersAfter += 1 - (int64_t)found.size();
  return true;
}

void BlockSharer::run(ArrayRef<Operation *> roots) {
  for (Operation *root : roots) {
    forms.push_back({});
    forms.back().root = root;
    flatten(forms.back());
  }
  if (leaves.size() >= (1u << kLeafBits) / 2)
    return; // far beyond any layer; the key would not hold the leaf ids
  formsOfLeaf.resize(leaves.size());
  for (auto [fi, f] : llvm::enumerate(forms)) {
    int64_t adders = std::max<int64_t>(0, (int64_t)f.digits.size() - 1);
    counts.addersBefore += adders;
    counts.addersAfter += adders;
    for (size_t i = 0; i < f.digits.size(); ++i) {
      formsOfLeaf[f.digits[i].leaf].push_back(fi);
      for (size_t j = i + 1; j < f.digits.size(); ++j)
        ++count[pairKey(f.digits[i], f.digits[j])];
    }
  }
  for (auto [key, c] : count)
    if (c >= minUses)
      heap.push({c, key});
  while (!heap.empty()) {
    auto [c, key] = heap.top();
    heap.pop();
    int64_t now = count.lookup(key);
    if (now != c) { // stale; a larger count has its own entry
      if (now >= minUses && now < c)
        heap.push({now, key});
      continue;
    }
    auto it = rejected.find(key);
    if (it != rejected.end() && it->second == now)
      continue;
    if (!extract(key))
      rejected[key] = now;
    else if (int64_t left = count.lookup(key); left >= minUses)
      heap.push({left, key}); // occurrences that overlapped the extracted ones
  }
  // Which way round to build each pair: the sign most sums use it with.
  for (Form &f : forms) {
    llvm::MapVector<uint32_t, uint64_t> coef;
    for (const Digit &dg : f.digits)
      if (dg.alive && leaves[dg.leaf].kind == Leaf::Pair) {
        uint64_t v = uint64_t(1) << dg.shift;
        coef[dg.leaf] = (coef[dg.leaf] + (dg.sign < 0 ? 0 - v : v)) & mask;
      }
    for (auto [leaf, c] : coef)
      if (c)
        leaves[leaf].uses += llvm::SignExtend64(c, n) < 0 ? -1 : 1;
  }
  for (Form &f : forms)
    if (f.touched || f.hasProduct)
      rebuild(f);
}

Signed BlockSharer::multiply(uint32_t leaf, uint64_t mag, OpBuilder &b, Location loc) {
  if (mag == 1)
    return build(leaf, b, loc);
  if (auto it = built.find({leaf, mag}); it != built.end())
    return it->second;
  Signed x = build(leaf, b, loc);
  Signed v{arith::MulIOp::create(b, loc, x.value, constant(b, loc, mag)), x.negated};
  built[{leaf, mag}] = v;
  return v;
}

/// The leaf's value, built before the current insertion point the first
/// time (forms are rebuilt in block order, so it dominates the later ones).
Signed BlockSharer::build(uint32_t leaf, OpBuilder &b, Location loc) {
  if (leaves[leaf].built.value)
    return leaves[leaf].built;
  Leaf l = leaves[leaf];
  Signed v;
  if (l.kind == Leaf::Product) {
    v = multiply(l.a, l.mag, b, loc);
  } else {
    // want * t = ca * x + cb * y, want = -1 if the sums mostly subtract t.
    Signed x = build(l.a, b, loc), y = multiply(l.b, uint64_t(1) << l.d, b, loc);
    int want = l.uses < 0 ? -1 : 1;
    int ca = want * (x.negated ? -1 : 1), cb = want * l.r * (y.negated ? -1 : 1);
    if (ca > 0 && cb > 0)
      v = {arith::AddIOp::create(b, loc, x.value, y.value), want < 0};
    else if (ca > 0)
      v = {arith::SubIOp::create(b, loc, x.value, y.value), want < 0};
    else if (cb > 0)
      v = {arith::SubIOp::create(b, loc, y.value, x.value), want < 0};
    else // -(x + y)
      v = {arith::AddIOp::create(b, loc, x.value, y.value), want > 0};
  }
  leaves[leaf].built = v;
  return v;
}

void BlockSharer::rebuild(Form &f) {
  OpBuilder b(f.root);
  Location loc = f.root->getLoc();
  llvm::MapVector<uint32_t, uint64_t> coef;
  for (const Digit &dg : f.digits)
    if (dg.alive) {
      uint64_t v = uint64_t(1) << dg.shift;
      coef[dg.leaf] = (coef[dg.leaf] + (dg.sign < 0 ? 0 - v : v)) & mask;
    }
  SmallVector<std::pair<Value, bool>> terms; // (value, subtracted)
  for (auto [leaf, c] : coef) {
    if (!c)
      continue;
    bool negative = llvm::SignExtend64(c, n) < 0 && c != (uint64_t(1) << (n - 1));
    Signed v = multiply(leaf, negative ? (0 - c) & mask : c, b, loc);
    terms.push_back({v.value, negative != v.negated});
  }
  Value sum;
  if (f.constant) {
    sum = constant(b, loc, f.constant);
  } else {
    auto pos = llvm::find_if(terms, [](auto t) { return !t.second; });
    if (pos != terms.end()) {
      sum = pos->first;
      terms.erase(pos);
    } else {
      sum = constant(b, loc, 0);
    }
  }
  for (auto [v, negative] : terms)
    sum = negative ? arith::SubIOp::create(b, loc, sum, v).getResult()
                   : arith::AddIOp::create(b, loc, sum, v).getResult();
  Value old = f.root->getResult(0);
  old.replaceAllUsesWith(sum);
  if (auto it = existing.find(old); it != existing.end())
    leaves[it->second].built.value = sum;
  for (Operation *op : f.tree)
    if (op->use_empty())
      op->erase();
}

} // namespace
